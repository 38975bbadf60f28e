//! Outlign answers: bare JSON in both documented client-object versions, kept as sent; invalid
//! answers; errors by HTTP status with the body's message (CONTRACT.md §8.1, §8.2).

use super::ep;
use serde_json::{json, Value};
use tmr_client::core::response::{decode, decode_lazy, Decoded};
use tmr_client::core::{Error, ErrorCode, HttpResponse};

fn answer(status: u16, body: &str) -> HttpResponse {
    HttpResponse { status, retry_after: None, body: body.as_bytes().to_vec(), received_ms: 0 }
}

/// The decoded text of a valid answer, checked to be the API's own bytes (no rewriting).
fn as_sent(name: &str, status: u16, body: &str) -> String {
    let res = answer(status, body);
    let decoded = decode_lazy(ep(name), &res).unwrap_or_else(|e| panic!("{name} {body}: {e}"));
    assert!(matches!(decoded, Decoded::AsSent { .. }), "{name}: rewritten as {decoded:?}");
    let text = decoded.text(&res.body);
    assert_eq!(text, body.trim(), "{name}: the API's own text");
    assert_eq!(decode(ep(name), &res).unwrap(), text, "decode and decode_lazy agree");
    text
}

fn failure(name: &str, res: &HttpResponse) -> Error {
    decode_lazy(ep(name), res).expect_err(&format!("{name}: {} must fail", String::from_utf8_lossy(&res.body)))
}

// The seed page's exact examples (version A).
const SEED_LIST: &str = r#"[
{
"id": 123,
"title": "Acme Corporation",
"company_id": 456,
"created_at": "2023-01-01T12:00:00Z",
"updated_at": "2023-01-01T12:00:00Z"
},
{
"id": 124,
"title": "Beta Industries",
"company_id": 456,
"created_at": "2023-01-02T10:30:00Z",
"updated_at": "2023-01-02T10:30:00Z"
}
]"#;
const SEED_GET: &str = r#"{
"id": 123,
"title": "Acme Corporation",
"company_id": 456,
"created_at": "2023-01-01T12:00:00Z",
"updated_at": "2023-01-01T12:00:00Z"
}"#;
const SEED_CREATE: &str = r#"{
"id": 125,
"title": "New Client Corp",
"company_id": 456,
"created_at": "2023-01-03T14:20:00Z",
"updated_at": "2023-01-03T14:20:00Z"
}"#;
const SEED_UPDATE: &str = r#"{
"id": 123,
"title": "Acme Corporation Ltd",
"company_id": 456,
"created_at": "2023-01-01T12:00:00Z",
"updated_at": "2023-01-03T15:45:00Z"
}"#;

// Version B: list items carry `company {id, title}` and no `company_id`; single answers carry
// neither; timestamps have microseconds.
const B_LIST: &str = r#"[{"id":123,"title":"Acme Corporation","company":{"id":456,"title":"Outlign Agency"},"created_at":"2023-01-01T12:00:00.000000Z","updated_at":"2023-01-01T12:00:00.000000Z"},{"id":124,"title":"Beta Industries","company":{"id":457,"title":"Second Co"},"created_at":"2023-01-02T10:30:00.123456Z","updated_at":"2023-01-02T10:30:00.123456Z"}]"#;
const B_ONE: &str =
    r#"{"id":123,"title":"Acme Corporation","created_at":"2023-01-01T12:00:00.000000Z","updated_at":"2023-01-01T12:00:00.000000Z"}"#;

#[test]
fn the_seed_pages_examples_decode_as_sent() {
    as_sent("outlign.clients.list", 200, SEED_LIST);
    as_sent("outlign.clients.get", 200, SEED_GET);
    as_sent("outlign.clients.create", 200, SEED_CREATE);
    as_sent("outlign.clients.create", 201, SEED_CREATE);
    as_sent("outlign.clients.update", 200, SEED_UPDATE);
    let list: Value = serde_json::from_str(&as_sent("outlign.clients.list", 200, SEED_LIST)).unwrap();
    assert_eq!(list[1]["company_id"], 456);
    assert_eq!(list[1]["created_at"], "2023-01-02T10:30:00Z");
}

#[test]
fn version_b_objects_decode_as_sent() {
    let list: Value = serde_json::from_str(&as_sent("outlign.clients.list", 200, B_LIST)).unwrap();
    assert_eq!(list[0]["company"], json!({"id": 456, "title": "Outlign Agency"}));
    assert_eq!(list[0].get("company_id"), None, "no company_id is invented");
    for name in ["outlign.clients.get", "outlign.clients.create", "outlign.clients.update"] {
        let one: Value = serde_json::from_str(&as_sent(name, 200, B_ONE)).unwrap();
        assert_eq!(one.get("company"), None, "{name}: no company is invented");
        assert_eq!(one.get("company_id"), None, "{name}: no company_id is invented");
        assert_eq!(one["updated_at"], "2023-01-01T12:00:00.000000Z");
    }
    // A list mixing both versions, and whitespace around the document.
    let mixed = format!("\n  [{},{}]\r\n", SEED_GET, &B_LIST[1..B_LIST.len() - 1]);
    assert_eq!(decode_lazy(ep("outlign.clients.list"), &answer(200, &mixed)).unwrap().text(mixed.as_bytes()), mixed.trim());
}

#[test]
fn unknown_fields_are_kept_as_sent_in_order() {
    let body = r#"{"zeta":[1,{"deep":true}],"id":7,"title":"T","company":{"id":1,"title":"C","logo":null},"company_id":1,"created_at":"x","updated_at":"y","archived":false}"#;
    as_sent("outlign.clients.get", 200, body);
    as_sent("outlign.clients.list", 200, &format!("[{body}]"));
    as_sent("outlign.companies.list", 200, r#"[{"id":1,"title":"C","created_at":"a","updated_at":"b","plan":"pro"}]"#);
    as_sent("outlign.oauth.token", 200, r#"{"token_type":"Bearer","expires_in":3600,"access_token":"eyJ","scope":"outlign:all"}"#);
}

#[test]
fn bare_arrays_companies_and_tokens() {
    as_sent("outlign.clients.list", 200, "[]");
    as_sent("outlign.companies.list", 200, "[]");
    let companies =
        r#"[{"id":456,"title":"Outlign Agency","created_at":"2023-01-01T12:00:00Z","updated_at":"2023-01-01T12:00:00.000000Z"}]"#;
    as_sent("outlign.companies.list", 200, companies);
    // The documented token answer, and one without a refresh token (a refresh may not rotate it).
    as_sent(
        "outlign.oauth.token",
        200,
        r#"{ "access_token": "eyJ…", "refresh_token": "def50200…", "token_type": "Bearer", "expires_in": 3600 }"#,
    );
    as_sent("outlign.oauth.token", 200, r#"{"access_token":"eyJ","token_type":"Bearer","expires_in":3600}"#);
}

#[test]
fn a_delete_answers_204_with_nothing() {
    let res = answer(204, "");
    assert_eq!(decode_lazy(ep("outlign.clients.delete"), &res).unwrap(), Decoded::AsSent { start: 0, end: 0 });
    assert_eq!(decode(ep("outlign.clients.delete"), &res).unwrap(), "");
    // Whatever a server sends with a success is not data.
    let res = answer(200, r#"{"deleted":true}"#);
    assert_eq!(decode_lazy(ep("outlign.clients.delete"), &res).unwrap(), Decoded::AsSent { start: 0, end: 0 });
}

#[test]
fn invalid_answers_are_invalid_responses() {
    let cases = [
        ("outlign.clients.get", 200, r#"{"id":"123","title":"A","company_id":456,"created_at":"a","updated_at":"b"}"#),
        ("outlign.clients.get", 200, r#"{"id":1.5,"title":"A","created_at":"a","updated_at":"b"}"#),
        ("outlign.clients.get", 200, r#"{"id":-1,"title":"A","created_at":"a","updated_at":"b"}"#),
        ("outlign.clients.get", 200, r#"{"id":123,"company_id":456,"created_at":"a","updated_at":"b"}"#),
        ("outlign.clients.get", 200, r#"{"id":123,"title":"A","company_id":"456","created_at":"a","updated_at":"b"}"#),
        ("outlign.clients.get", 200, r#"{"id":123,"title":"A","created_at":"a"}"#),
        ("outlign.clients.get", 200, r#"[{"id":123,"title":"A","created_at":"a","updated_at":"b"}]"#),
        ("outlign.clients.get", 200, ""),
        ("outlign.clients.get", 200, "  \n"),
        ("outlign.clients.get", 200, "<html>OK</html>"),
        ("outlign.clients.get", 200, &SEED_GET[..40]),
        ("outlign.clients.get", 200, &format!("{SEED_GET} {{}}")),
        ("outlign.clients.list", 200, &format!(r#"{{"success":true,"data":{SEED_LIST}}}"#)),
        ("outlign.clients.list", 200, &SEED_LIST[..SEED_LIST.len() - 3]),
        ("outlign.clients.list", 200, r#"[{"id":123,"title":"A","company":{"id":"456","title":"C"},"created_at":"a","updated_at":"b"}]"#),
        ("outlign.clients.list", 200, r#"[{"id":123,"title":"A","company":{"id":456},"created_at":"a","updated_at":"b"}]"#),
        ("outlign.clients.list", 200, "{}"),
        ("outlign.clients.list", 200, "null"),
        ("outlign.companies.list", 200, r#"[{"id":1,"created_at":"a","updated_at":"b"}]"#),
        ("outlign.clients.create", 201, ""),
        ("outlign.oauth.token", 200, r#"{"token_type":"Bearer","expires_in":3600}"#), // no access_token
        ("outlign.oauth.token", 200, r#"{"access_token":"eyJ","token_type":"Bearer","expires_in":"3600"}"#),
        ("outlign.oauth.token", 200, r#"{"access_token":"eyJ","refresh_token":5,"token_type":"Bearer","expires_in":3600}"#),
    ];
    for (name, status, body) in cases {
        let mut res = answer(status, body);
        let e = failure(name, &res);
        assert_eq!(e.code(), ErrorCode::InvalidResponse, "{name} {body}: {e}");
        assert_eq!(e.status(), Some(status), "{name} {body}");
        // Never a panic, whatever the bytes.
        res.body.push(0xff);
        let _ = decode_lazy(ep(name), &res);
    }
    let e = failure("outlign.clients.get", &answer(200, ""));
    assert!(e.to_string().contains("empty body"), "{e}");
    let e = failure("outlign.clients.get", &answer(200, r#"{"id":"123","title":"A","created_at":"a","updated_at":"b"}"#));
    assert!(e.to_string().contains("answer.id"), "the message points at the field: {e}");
    let e = failure("outlign.clients.get", &HttpResponse { status: 200, body: vec![0xff, b'{'], ..Default::default() });
    assert_eq!(e.code(), ErrorCode::InvalidResponse);
}

// ---------------------------------------------------------------------------------------------
// 4. Errors by status

#[test]
fn statuses_map_to_codes() {
    let table = [
        (400, ErrorCode::BadRequest),
        (401, ErrorCode::Unauthorized),
        (402, ErrorCode::PaymentRequired),
        (403, ErrorCode::Forbidden),
        (404, ErrorCode::NotFound),
        (409, ErrorCode::Conflict),
        (413, ErrorCode::PayloadTooLarge),
        (422, ErrorCode::ValidationError),
        (429, ErrorCode::TooManyRequests),
        (500, ErrorCode::InternalServerError),
        (418, ErrorCode::UnknownApiError),
        (503, ErrorCode::InternalServerError),
        (502, ErrorCode::InternalServerError),
        (405, ErrorCode::UnknownApiError),
        (302, ErrorCode::UnknownApiError),
    ];
    for e in &tmr_client::core::outlign::OUTLIGN_ENDPOINTS {
        for (status, code) in table {
            let err = failure(e.name, &answer(status, r#"{"message":"Nope."}"#));
            let expected = Error::Api { code, api_code: format!("HTTP_{status}"), status, message: "Nope.".into(), retry_after_ms: None };
            assert_eq!(err, expected, "{} {status}", e.name);
        }
    }
}

#[test]
fn the_message_comes_from_the_body() {
    let long = "e".repeat(400);
    let cut = format!("{}…", "e".repeat(300));
    let long_wide = "é".repeat(301);
    let cut_wide = format!("{}…", "é".repeat(300));
    let exactly = "f".repeat(300);
    let cases: [(u16, &str, &str, &str); 16] = [
        (422, r#"{"message":"The title field is required.","errors":{"title":["required"]}}"#, "HTTP_422", "The title field is required."),
        (400, r#"{"message":"M","error_description":"D","error":"E"}"#, "E", "M"),
        (
            400,
            r#"{"error":"invalid_grant","error_description":"The authorization code has expired"}"#,
            "invalid_grant",
            "The authorization code has expired",
        ),
        (
            401,
            r#"{"error":"invalid_client","error_description":"Client authentication failed","message":"Client authentication failed"}"#,
            "invalid_client",
            "Client authentication failed",
        ),
        (400, r#"{"error":"unsupported_grant_type"}"#, "unsupported_grant_type", "unsupported_grant_type"),
        (401, r#"{"error":"Unauthenticated request"}"#, "HTTP_401", "Unauthenticated request"),
        (404, r#"{"message":"","error":"not_found"}"#, "not_found", "not_found"),
        (404, r#"{"message":"   ","detail":"x"}"#, "HTTP_404", r#"{"message":"   ","detail":"x"}"#),
        (403, r#"{"message":42}"#, "HTTP_403", r#"{"message":42}"#),
        (500, "<html><body>Server Error</body></html>\n", "HTTP_500", "<html><body>Server Error</body></html>"),
        (502, &long, "HTTP_502", &cut),
        (502, &long_wide, "HTTP_502", &cut_wide),
        (502, &exactly, "HTTP_502", &exactly),
        (503, "", "HTTP_503", "HTTP 503 with an empty body"),
        (404, " \n ", "HTTP_404", "HTTP 404 with an empty body"),
        (418, r#"{"error":{"code":"teapot"}}"#, "HTTP_418", r#"{"error":{"code":"teapot"}}"#),
    ];
    for (status, body, api_code, message) in cases {
        match failure("outlign.clients.get", &answer(status, body)) {
            Error::Api { api_code: got_code, message: got, status: s, .. } => {
                assert_eq!((s, got_code.as_str(), got.as_str()), (status, api_code, message), "{body}");
            }
            other => panic!("{body}: {other:?}"),
        }
    }
    // An OAuth error on the token endpoint keeps the status's code and OAuth's own api_code.
    let e = failure("outlign.oauth.token", &answer(400, r#"{"error":"invalid_grant","error_description":"Code was revoked"}"#));
    assert_eq!(e.code(), ErrorCode::BadRequest);
    assert!(matches!(&e, Error::Api { api_code, .. } if api_code == "invalid_grant"), "{e:?}");
    assert_eq!(e.to_string(), "Code was revoked");
}

#[test]
fn retry_after_is_read_on_a_429() {
    let mut res = answer(429, r#"{"message":"Too Many Attempts."}"#);
    res.retry_after = Some("30".into());
    let e = failure("outlign.clients.list", &res);
    assert_eq!(e.code(), ErrorCode::TooManyRequests);
    assert_eq!(e.retry_after_ms(), Some(30_000));
    assert_eq!(e.to_string(), "Too Many Attempts.");
    // An HTTP-date, 5 s after the answer arrived.
    res.retry_after = Some("Sun, 06 Nov 1994 08:49:37 GMT".into());
    res.received_ms = 784_111_772_000;
    assert_eq!(failure("outlign.clients.create", &res).retry_after_ms(), Some(5_000));
    res.retry_after = Some("soon".into());
    assert_eq!(failure("outlign.clients.list", &res).retry_after_ms(), None);
    res.retry_after = None;
    assert_eq!(failure("outlign.clients.list", &res).retry_after_ms(), None);
}

#[test]
fn an_explicit_null_in_a_versioned_field_is_tolerated_and_kept() {
    for body in [
        r#"{"id":1,"title":"A","company_id":null,"created_at":"x","updated_at":"y"}"#,
        r#"{"id":1,"title":"A","company":null,"created_at":"x","updated_at":"y"}"#,
    ] {
        assert_eq!(as_sent("outlign.clients.get", 200, body), body);
    }
    let token = r#"{"access_token":"a","refresh_token":null,"token_type":"Bearer","expires_in":3600}"#;
    assert_eq!(as_sent("outlign.oauth.token", 200, token), token);
}

#[test]
fn a_token_answer_without_expires_in_is_kept() {
    // RFC 6749 §5.1 only recommends `expires_in`; the code is spent, so refusing would lose it.
    let token = r#"{"access_token":"eyJ","token_type":"Bearer"}"#;
    assert_eq!(as_sent("outlign.oauth.token", 200, token), token);
    let typed: tmr_client::core::outlign::model::OutlignToken = serde_json::from_str(token).unwrap();
    assert_eq!(typed.expires_in, None);
}
