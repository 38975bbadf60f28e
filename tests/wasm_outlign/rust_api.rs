//! The Rust API (`tmr_client::outlign`) on a stubbed fetch: typed calls on both versions of the
//! client object, one refresh for concurrent 401s, and `OutlignOAuth` (the authorise URL, the
//! form-encoded token requests, a secret echoed by the server redacted); then the JS OAuth
//! helpers (`tmr_client::wasm::js::oauth`, exported as `outlignAuthorizeUrl`, …).

use super::refresh::NEW_ONLY;
use super::{assert_error, ctl, fake, lines, obj, parse, text, within, A, BASE, B_LIST, B_ONE, COMPANIES, H, HB};
use crate::wasm_support::{message, sleep};
use js_sys::{Array, Function, Promise, Reflect};
use serde_json::json;
use std::cell::Cell;
use std::rc::Rc;
use tmr_client::outlign::{ClientQuery, ClientUpdate, OutlignClient, OutlignClientRecord, OutlignOAuth, OutlignOptions, OutlignToken};
use tmr_client::wasm::js::oauth;
use tmr_client::{Error, ErrorCode};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use wasm_bindgen_test::wasm_bindgen_test;

fn options(fetch: &Function) -> OutlignOptions {
    OutlignOptions::new("tok_old").base_url(BASE).fetch(fetch.clone())
}

fn json_of(record: &impl serde::Serialize) -> String {
    serde_json::to_string(record).unwrap()
}

#[wasm_bindgen_test]
async fn typed_calls_on_both_object_versions() {
    let (f, calls) = fake(&ctl(), &super::answers());
    let o = OutlignClient::new(options(&f)).unwrap();
    assert_eq!(o.base_url(), BASE);
    let query = ClientQuery { company_id: Some(456), title: Some("acme".into()), per_page: Some(2) };
    let list = o.clients().list(&query).await.unwrap();
    // Fields and unknown fields kept, in order (a `null` company_id reads as absent).
    assert_eq!(json_of(&list), B_LIST.replace(r#""company_id":null,"#, ""));
    let owners: Vec<Option<u64>> = list.iter().map(OutlignClientRecord::owner_company_id).collect();
    assert_eq!(owners, [Some(456), None], "version B's company; a null company_id");
    assert_eq!(
        list[0].company.as_ref().map(|c| (c.id, c.title.as_str(), c.extra.get("logo"))),
        Some((456, "Acme Group", Some(&json!(null))))
    );
    let one = o.clients().get(8).await.unwrap();
    assert_eq!((json_of(&one), one.owner_company_id()), (B_ONE.to_owned(), None));
    let a = o.clients().get(7).await.unwrap();
    assert_eq!((a.owner_company_id(), a.company_id, a.extra.get("color")), (Some(456), Some(456), Some(&json!("red"))));
    assert_eq!(json_of(&a), A);
    assert_eq!(o.clients().create(" New Client Corp ", 456).await.unwrap(), a);
    assert_eq!(o.clients().update(7, &ClientUpdate { title: Some("Renamed".into()) }).await.unwrap(), a);
    assert_eq!(o.clients().update(7, &ClientUpdate::default()).await.unwrap(), a);
    assert_eq!(o.clients().delete(7).await, Ok(()));
    assert_eq!(json_of(&o.companies().list().await.unwrap()), COMPANIES);
    let api = format!("{BASE}/api/v1");
    assert_eq!(
        lines(&calls),
        [
            format!("GET {api}/clients?company_id=456&title=acme&per_page=2 {H}"),
            format!("GET {api}/clients/8 {H}"),
            format!("GET {api}/clients/7 {H}"),
            format!(r#"POST {api}/clients {HB} {{"title":"New Client Corp","company_id":456}}"#),
            format!(r#"PUT {api}/clients/7 {HB} {{"title":"Renamed"}}"#),
            format!("PUT {api}/clients/7 {HB} {{}}"),
            format!("DELETE {api}/clients/7 {H}"),
            format!("GET {api}/companies {H}"),
        ]
    );
    // Refused before sending; an API error by status.
    let e = o.clients().get(0).await.unwrap_err();
    assert_eq!((e.code(), e.to_string()), (ErrorCode::InvalidArgument, "id must be a positive integer (an Outlign id); got 0".to_owned()));
    let e = o.clients().list(&ClientQuery { per_page: Some(1001), ..ClientQuery::default() }).await.unwrap_err();
    assert_eq!(e.to_string(), "query.perPage must be an integer from 1 to 1000; got 1001");
    assert_eq!(calls.length(), 8, "nothing sent for bad input");
    let (f, _) = fake(&ctl(), r#"return json({message: "Not found."}, 404);"#);
    let e = OutlignClient::new(options(&f)).unwrap().clients().get(7).await.unwrap_err();
    assert_eq!((e.code(), e.status(), e.to_string()), (ErrorCode::NotFound, Some(404), "Not found.".to_owned()));
    let e = OutlignClient::new(OutlignOptions::new("tok old")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "accessToken must be exactly as issued: visible ASCII characters, no spaces or line breaks (value not shown)"
    );
}

#[wasm_bindgen_test]
async fn one_refresh_for_concurrent_401s_from_rust() {
    let (f, calls) = fake(&ctl(), NEW_ONLY);
    let count = Rc::new(Cell::new(0));
    let counted = count.clone();
    let o = OutlignClient::new(options(&f).on_unauthorized(move || {
        counted.set(counted.get() + 1);
        async {
            sleep(30).await;
            Ok("tok_new".to_owned())
        }
    }))
    .unwrap();
    let all: Array = (1..=4u64)
        .map(|id| {
            let o = o.clone();
            JsValue::from(future_to_promise(async move {
                let record = o.clients().get(id).await.map_err(|e| JsValue::from_str(&e.to_string()))?;
                Ok(JsValue::from(record.id as f64))
            }))
        })
        .collect();
    let ids = within(5000, "four calls", Promise::all(&all)).await.unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(Array::from(&ids).iter().map(|v| v.as_f64().unwrap()).collect::<Vec<_>>(), [1.0, 2.0, 3.0, 4.0]);
    assert_eq!(count.get(), 1, "one refresh for four 401s");
    assert_eq!(calls.length(), 8);
    // A refresh that fails: the 401, saying why.
    let (f, calls) = fake(&ctl(), NEW_ONLY);
    let o = OutlignClient::new(
        options(&f).on_unauthorized(|| async { Err(Error::Network { message: "the refresh token was revoked".into() }) }),
    )
    .unwrap();
    let e = o.clients().get(1).await.unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::Unauthorized, Some(401)));
    assert_eq!(e.to_string(), "Unauthenticated. (onUnauthorized gave no new token: the refresh token was revoked)");
    assert_eq!(calls.length(), 1);
    // By hand: the next call sends the new token.
    o.set_access_token("tok_new").unwrap();
    assert_eq!(o.clients().get(5).await.unwrap().id, 5);
    assert_eq!(o.set_access_token("a b").unwrap_err().code(), ErrorCode::InvalidArgument);
}

const TOKEN_ANSWER: &str =
    r#"{"access_token":"eyJ.new","refresh_token":"def50200","token_type":"Bearer","expires_in":3600,"scope":"outlign:all"}"#;
/// Headers of a token request: no Authorization.
const FORM: &str = r#"{"Accept":"application/json","Content-Type":"application/x-www-form-urlencoded"}"#;
const REDIRECT: &str = "https://app.example.com/cb";

#[wasm_bindgen_test]
async fn oauth_from_rust() {
    let (f, calls) = fake(&ctl(), &format!("return json({TOKEN_ANSWER});"));
    let app = OutlignOAuth::new("app-1", "s3cr3t").base_url(BASE).fetch(f);
    assert_eq!(
        app.authorize_url(REDIRECT, Some("xyz 1")).unwrap(),
        "http://127.0.0.1:4010/oauth/authorize?client_id=app-1&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb\
         &response_type=code&scope=outlign%3Aall&state=xyz%201"
    );
    assert!(!app.authorize_url(REDIRECT, None).unwrap().contains("state"));
    assert_eq!(app.authorize_url("/cb", None).unwrap_err().code(), ErrorCode::InvalidArgument);
    let token: OutlignToken = app.exchange_code("a/b+c", REDIRECT).await.unwrap();
    assert_eq!(
        (token.access_token.as_str(), token.refresh_token.as_deref(), token.token_type.as_str(), token.expires_in),
        ("eyJ.new", Some("def50200"), "Bearer", Some(3600))
    );
    assert_eq!(token.extra.get("scope"), Some(&json!("outlign:all")));
    assert!(!format!("{token:?}").contains("eyJ.new"), "Debug hides the tokens");
    app.refresh("def50200").await.unwrap();
    let post = |form: &str| format!("POST {BASE}/oauth/token {FORM} {form}");
    assert_eq!(
        lines(&calls),
        [
            post("grant_type=authorization_code&client_id=app-1&client_secret=s3cr3t&code=a%2Fb%2Bc&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb"),
            post("grant_type=refresh_token&client_id=app-1&client_secret=s3cr3t&refresh_token=def50200"),
        ]
    );
}

#[wasm_bindgen_test]
async fn oauth_errors_never_show_the_secret() {
    for (status, body, code, msg) in [
        (
            401,
            r#"{"error":"invalid_client","error_description":"Client authentication failed for s3cr3t"}"#,
            ErrorCode::Unauthorized,
            "Client authentication failed for [redacted]",
        ),
        (
            500,
            "Internal error: client_secret=s3cr3t&code=c",
            ErrorCode::InternalServerError,
            "Internal error: client_secret=[redacted]&code=c",
        ),
        (400, r#"{"error":"invalid_grant","message":"The code is invalid."}"#, ErrorCode::BadRequest, "The code is invalid."),
    ] {
        let ctl = ctl();
        Reflect::set(&ctl, &"body".into(), &body.into()).unwrap();
        let (f, calls) = fake(&ctl, &format!("return new Response(ctl.body, {{status: {status}}});"));
        let e = OutlignOAuth::new("app-1", "s3cr3t").base_url(BASE).fetch(f).refresh("def50200").await.unwrap_err();
        assert_eq!((e.code(), e.status(), e.to_string()), (code, Some(status), msg.to_owned()));
        assert!(!format!("{e:?}").contains("s3cr3t"), "{e:?}");
        assert_eq!(calls.length(), 1, "{status}: a token request is never repeated");
    }
}

#[wasm_bindgen_test]
async fn the_js_oauth_helpers() {
    let opts = |pairs: &[(&str, JsValue)]| obj(&[&[("clientId", JsValue::from("app-1")), ("baseUrl", BASE.into())], pairs].concat());
    let url = oauth::authorize_url(opts(&[("redirectUri", REDIRECT.into()), ("state", "xyz".into())])).unwrap();
    assert_eq!(
        url,
        "http://127.0.0.1:4010/oauth/authorize?client_id=app-1&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&response_type=code&scope=outlign%3Aall&state=xyz"
    );
    let e = oauth::authorize_url(opts(&[])).unwrap_err();
    assert_error(
        &e,
        "INVALID_ARGUMENT",
        None,
        None,
        "redirectUri is required: the URL Outlign sends the user back to, as registered for your app",
    );

    let ctl = ctl();
    let (f, calls) = fake(
        &ctl,
        &format!(
            r#"if (ctl.fail) return json({{error: "invalid_grant", error_description: "bad s3cr3t"}}, 400); return json({TOKEN_ANSWER});"#
        ),
    );
    let secret =
        |more: &[(&str, JsValue)]| opts(&[&[("clientSecret", JsValue::from("s3cr3t")), ("fetch", f.clone().into())], more].concat());
    let token = within(5000, "exchange", oauth::exchange_code(secret(&[("code", "abc".into()), ("redirectUri", REDIRECT.into())]))).await;
    assert_eq!(text(&token.unwrap_or_else(|e| panic!("{}", message(&e)))), TOKEN_ANSWER, "the answer as sent");
    let token = JsFuture::from(oauth::refresh_token(secret(&[("refreshToken", "def50200".into())]))).await.unwrap();
    assert_eq!(text(&token), text(&parse(TOKEN_ANSWER)));
    Reflect::set(&ctl, &"fail".into(), &JsValue::TRUE).unwrap();
    let e = JsFuture::from(oauth::refresh_token(secret(&[("refreshToken", "def50200".into())]))).await.unwrap_err();
    assert_error(&e, "BAD_REQUEST", Some(400.0), Some("outlign.oauth.token"), "bad [redacted]");
    assert_eq!(Reflect::get(&e, &"apiCode".into()).unwrap().as_string().as_deref(), Some("invalid_grant"));
    let form = |rest: &str| format!("POST {BASE}/oauth/token {FORM} grant_type={rest}");
    let refresh = form("refresh_token&client_id=app-1&client_secret=s3cr3t&refresh_token=def50200");
    assert_eq!(
        lines(&calls),
        [
            form("authorization_code&client_id=app-1&client_secret=s3cr3t&code=abc&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb"),
            refresh.clone(),
            refresh
        ]
    );
    let e = JsFuture::from(oauth::refresh_token(opts(&[("clientSecret", 5.into()), ("refreshToken", "r".into())]))).await.unwrap_err();
    assert_error(
        &e,
        "INVALID_ARGUMENT",
        None,
        Some("outlign.oauth.token"),
        "clientSecret must be a string; got a number (value not shown)",
    );
}

#[wasm_bindgen_test]
async fn a_secret_echoed_form_encoded_is_redacted() {
    // A server (or proxy) error page that echoes the request body shows the credentials as they
    // were sent: form-encoded. The secret and the refresh token are both kept out.
    let (f, _) = fake(&ctl(), "return new Response('bad request: ' + new TextDecoder().decode(init.body), {status: 400});");
    let e = OutlignOAuth::new("app-1", "s3cr3t/x+y").base_url(BASE).fetch(f).refresh("def50200").await.unwrap_err();
    assert_eq!(e.to_string(), "bad request: grant_type=refresh_token&client_id=app-1&client_secret=[redacted]&refresh_token=[redacted]");
}
