//! Outlign's OAuth helpers (authorise URL, grant form, redaction) and the retry machinery it
//! shares with TMR: reads retried on a 5xx or a lost answer, a create or a token exchange never
//! repeated once it may have been applied.

use super::{build, code_grant, ep, BASE};
use serde_json::{json, Value};
use tmr_client::core::call::{Call, Limits, Step, TransportError};
use tmr_client::core::outlign::oauth::{authorize_url, grant_form, redact, Grant};
use tmr_client::core::{Error, ErrorCode, HttpResponse};

// ---------------------------------------------------------------------------------------------
// 5. OAuth helpers

#[test]
fn the_authorize_url() {
    let url = |client: Value, redirect: Value, state: Value| authorize_url(BASE, &client, &redirect, &state);
    assert_eq!(
        url(json!("app-1"), json!("https://app.example.com/oauth/cb"), json!("xyz-123")).unwrap(),
        "https://go.outlign.co/oauth/authorize?client_id=app-1&redirect_uri=https%3A%2F%2Fapp.example.com%2Foauth%2Fcb\
         &response_type=code&scope=outlign%3Aall&state=xyz-123"
    );
    assert_eq!(
        url(json!("app 1"), json!("http://localhost:3000/cb?next=/home"), Value::Null).unwrap(),
        "https://go.outlign.co/oauth/authorize?client_id=app%201&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb%3Fnext%3D%2Fhome\
         &response_type=code&scope=outlign%3Aall",
        "no state: no state parameter"
    );
    assert!(url(json!("a"), json!("https://x.example/cb"), json!("a b&c=d")).unwrap().ends_with("&state=a%20b%26c%3Dd"));
    let bad = [
        (Value::Null, json!("https://app.example.com/cb"), Value::Null, "clientId is required"),
        (json!(""), json!("https://app.example.com/cb"), Value::Null, "clientId must be a non-empty string"),
        (json!(12), json!("https://app.example.com/cb"), Value::Null, "clientId must be a string; got 12"),
        (json!("app-1"), Value::Null, Value::Null, "redirectUri is required"),
        (
            json!("app-1"),
            json!("/oauth/cb"),
            Value::Null,
            "redirectUri must be an absolute URL without spaces or a #fragment; got \"/oauth/cb\"",
        ),
        (json!("app-1"), json!("https://app.example.com/cb#x"), Value::Null, "redirectUri must be an absolute URL"),
        (json!("app-1"), json!("://nothing"), Value::Null, "redirectUri must be an absolute URL"),
        (json!("app-1"), json!("https://app.example.com/cb"), json!(5), "state must be a string; got 5"),
    ];
    for (client, redirect, state, expected) in bad {
        let e = url(client.clone(), redirect.clone(), state.clone()).expect_err(&format!("{client} {redirect} {state}"));
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        assert!(e.to_string().starts_with(expected), "{client} {redirect} {state}: {e}");
    }
}

#[test]
fn grants_become_the_token_form() {
    let code = Grant::AuthorizationCode {
        client_id: "app-1".into(),
        client_secret: "s3cr+t/x".into(),
        code: "def502 abc".into(),
        redirect_uri: "https://app.example.com/oauth/cb?x=1".into(),
    };
    assert_eq!(code.to_input(), code_grant());
    assert_eq!(tmr_client::core::outlign::oauth::credentials(&code.to_input()), ["s3cr+t/x", "def502 abc"]);
    assert_eq!(
        grant_form(&code.to_input()).unwrap(),
        "grant_type=authorization_code&client_id=app-1&client_secret=s3cr%2Bt%2Fx&code=def502%20abc\
         &redirect_uri=https%3A%2F%2Fapp.example.com%2Foauth%2Fcb%3Fx%3D1"
    );
    let refresh = Grant::RefreshToken { client_id: "app-1".into(), client_secret: "p&ss=w".into(), refresh_token: "def50200…".into() };
    let form = grant_form(&refresh.to_input()).unwrap();
    assert_eq!(form, "grant_type=refresh_token&client_id=app-1&client_secret=p%26ss%3Dw&refresh_token=def50200%E2%80%A6");
    assert_eq!(build("outlign.oauth.token", json!([refresh.to_input()])).unwrap().body.unwrap(), form.into_bytes());
    // Debug never prints a secret, a code or a refresh token.
    for printed in [format!("{code:?}"), format!("{refresh:?}")] {
        assert!(printed.contains("app-1"), "{printed}");
        for hidden in ["s3cr", "def502", "p&ss", "def50200"] {
            assert!(!printed.contains(hidden), "{printed}");
        }
    }
}

/// `err` redacted of "s3cr3t": the secret is gone from its Debug and Display forms.
fn redacted(err: Error) -> String {
    let clean = redact(err, "s3cr3t");
    let printed = format!("{clean:?} {clean}");
    assert!(!printed.contains("s3cr3t"), "{printed}");
    assert!(printed.contains("[redacted]"), "{printed}");
    printed
}

#[test]
fn redact_cleans_api_network_response_and_ambiguous_errors() {
    let api = Error::Api {
        code: ErrorCode::BadRequest,
        api_code: "bad_s3cr3t".into(),
        status: 400,
        message: "client_secret=s3cr3t is wrong (s3cr3t)".into(),
        retry_after_ms: Some(1_000),
    };
    let clean = redact(api, "s3cr3t");
    assert_eq!(
        clean,
        Error::Api {
            code: ErrorCode::BadRequest,
            api_code: "bad_[redacted]".into(),
            status: 400,
            message: "client_secret=[redacted] is wrong ([redacted])".into(),
            retry_after_ms: Some(1_000),
        }
    );
    redacted(Error::InvalidResponse { status: 200, message: "not JSON near s3cr3t".into() });
    redacted(Error::Network { message: "POST body client_secret=s3cr3t refused".into() });
    redacted(Error::AmbiguousWrite { endpoint: "outlign.oauth.token", cause: "reset after s3cr3t".into() });
    // Errors without text pass through; an empty secret changes nothing.
    assert_eq!(redact(Error::Timeout { timeout_ms: 5 }, "s3cr3t"), Error::Timeout { timeout_ms: 5 });
    assert_eq!(redact(Error::Aborted, "s3cr3t"), Error::Aborted);
    let net = Error::Network { message: "abc".into() };
    assert_eq!(redact(net.clone(), ""), net);
}

#[test]
fn redact_cleans_invalid_argument_and_internal_errors() {
    // A caller who pastes the secret into the wrong option (clientId, redirectUri) gets it
    // quoted back in an INVALID_ARGUMENT message.
    let e = authorize_url(BASE, &json!("s3cr3t\n"), &json!("https://app.example.com/cb"), &Value::Null).unwrap_err();
    assert!(e.to_string().contains("s3cr3t"), "precondition: {e}");
    redacted(e);
    redacted(Error::InvalidArgument { message: "redirectUri must be an absolute URL; got \"s3cr3t\"".into() });
    redacted(Error::Internal { message: "panicked while encoding s3cr3t".into() });
}

// ---------------------------------------------------------------------------------------------
// The retry machinery treats Outlign rows like TMR's

fn limits() -> Limits {
    Limits { timeout_ms: 5_000, max_retries: 2, max_retry_delay_ms: 60_000, max_wait_ms: 300_000 }
}

fn answer(status: u16, body: &str) -> HttpResponse {
    HttpResponse { status, retry_after: None, body: body.as_bytes().to_vec(), received_ms: 0 }
}

const ONE: &str =
    r#"{"id":123,"title":"Acme Corporation","company_id":456,"created_at":"2023-01-01T12:00:00Z","updated_at":"2023-01-01T12:00:00Z"}"#;

#[test]
fn a_503_on_a_read_is_retried_then_resolves() {
    let mut call = Call::new(ep("outlign.clients.get"), limits());
    assert_eq!(call.next(None, 0), Step::Send { attempt: 1, timeout_ms: 5_000 });
    let step = call.on_answer(&answer(503, r#"{"message":"Service Unavailable"}"#), None, 100, 0.5);
    let Step::Backoff { delay_ms, error } = step else { panic!("{step:?}") };
    assert_eq!(delay_ms, 125);
    assert_eq!((error.code(), error.status()), (ErrorCode::InternalServerError, Some(503)));
    assert_eq!(call.next(None, 225), Step::Send { attempt: 2, timeout_ms: 4_775 });
    let res = answer(200, ONE);
    let Step::Done(decoded) = call.on_answer(&res, None, 300, 0.5) else { panic!() };
    assert_eq!(decoded.text(&res.body), ONE);
    assert_eq!(call.attempts(), 2);
    // A lost answer on a read is retried too; a 404 is not.
    let mut list = Call::new(ep("outlign.clients.list"), limits());
    list.next(None, 0);
    let step = list.on_transport_error(TransportError::Network { message: "ECONNRESET".into() }, 10, 0.5);
    assert!(matches!(step, Step::Backoff { delay_ms: 125, .. }), "{step:?}");
    let mut get = Call::new(ep("outlign.clients.get"), limits());
    get.next(None, 0);
    assert!(matches!(get.on_answer(&answer(404, "{}"), None, 10, 0.5), Step::Fail(Error::Api { code: ErrorCode::NotFound, .. })));
}

#[test]
fn a_create_or_token_exchange_whose_answer_was_lost_is_not_repeated() {
    for name in ["outlign.clients.create", "outlign.oauth.token"] {
        let mut call = Call::new(ep(name), limits());
        call.next(None, 0);
        let step = call.on_transport_error(TransportError::Network { message: "ECONNRESET".into() }, 10, 0.5);
        assert_eq!(step, Step::Fail(Error::AmbiguousWrite { endpoint: ep(name).name, cause: "ECONNRESET".into() }), "{name}");
        let mut call = Call::new(ep(name), limits());
        call.next(None, 0);
        let step = call.on_transport_error(TransportError::Timeout, 5_000, 0.5);
        assert!(matches!(&step, Step::Fail(e) if e.code() == ErrorCode::AmbiguousWrite), "{name}: {step:?}");
        // A 5xx may have been applied: not repeated either.
        let mut call = Call::new(ep(name), limits());
        call.next(None, 0);
        let step = call.on_answer(&answer(503, ""), None, 10, 0.5);
        assert!(matches!(&step, Step::Fail(e) if e.status() == Some(503)), "{name}: {step:?}");
        // A 429 was refused before anything happened: safe to send again.
        let mut call = Call::new(ep(name), limits());
        call.next(None, 0);
        let step = call.on_answer(&answer(429, r#"{"message":"Too Many Attempts."}"#), None, 10, 0.5);
        assert!(matches!(step, Step::Backoff { .. }), "{name}: {step:?}");
        assert_eq!(call.next(None, 2_000), Step::Send { attempt: 2, timeout_ms: 3_000 }, "{name}");
    }
}

#[test]
fn an_ambiguous_outlign_create_does_not_talk_about_invites() {
    let mut call = Call::new(ep("outlign.clients.create"), limits());
    call.next(None, 0);
    let Step::Fail(e) = call.on_transport_error(TransportError::Network { message: "ECONNRESET".into() }, 10, 0.5) else { panic!() };
    assert!(!e.to_string().contains("invites"), "{e}");
}

#[test]
fn redact_removes_the_form_encoded_secret_too() {
    let echoed = Error::Api {
        code: ErrorCode::BadRequest,
        api_code: "HTTP_400".into(),
        status: 400,
        message: "bad body: client_secret=s3cr3t%2Fx%2By&refresh_token=def%20502 (s3cr3t/x+y)".into(),
        retry_after_ms: None,
    };
    let clean = ["s3cr3t/x+y", "def 502"].iter().fold(echoed, |e, s| redact(e, s)).to_string();
    assert_eq!(clean, "bad body: client_secret=[redacted]&refresh_token=[redacted] ([redacted])");
}

#[test]
fn a_secret_cut_by_a_shortened_message_is_redacted_too() {
    // A non-JSON error page echoing the form is cut at 300 characters: the secret may straddle
    // the cut.
    let secret = "s3cr3t-value-0123456789";
    let page = format!("{}client_secret={secret}&more", "x".repeat(300 - "client_secret=".len() - 6));
    let res = HttpResponse { status: 400, retry_after: None, body: page.into_bytes(), received_ms: 0 };
    let e = tmr_client::core::response::decode_lazy(ep("outlign.oauth.token"), &res).unwrap_err();
    assert!(e.to_string().ends_with("client_secret=s3cr3t…"), "{e}");
    let clean = redact(e, secret).to_string();
    assert!(clean.ends_with("client_secret=[redacted]…"), "{clean}");
    assert!(!clean.contains("s3cr3t"), "{clean}");
}
