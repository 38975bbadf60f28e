//! Decoding every documented example and error; malformed answers never panic.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use serde_json::{json, Value};
use tmr_client::core::{response::decode, HttpResponse, ENDPOINTS};

fn fixtures() -> serde_json::Map<String, Value> {
    let text = include_str!("fixtures/responses.json");
    serde_json::from_str(text).expect("fixtures parse")
}

fn answer(status: u16, body: &str) -> HttpResponse {
    HttpResponse { status, retry_after: None, body: body.as_bytes().to_vec(), received_ms: 0 }
}

fn ok(name: &str, data: &Value) -> Value {
    let body = json!({"success": true, "data": data}).to_string();
    let text = decode(endpoint(name), &answer(200, &body)).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).expect("normalised JSON")
}

#[test]
fn every_documented_example_decodes_unchanged() {
    let fx = fixtures();
    for e in &ENDPOINTS {
        let data = fx.get(e.name).unwrap_or_else(|| panic!("no fixture for {}", e.name));
        let decoded = ok(e.name, data);
        if e.name == "connectors.fields" {
            // The docs' examples leave `description` out; it comes back as null.
            assert_eq!(decoded["dimensions"][0]["fields"][0]["description"], Value::Null);
            assert_eq!(decoded["metrics"][0]["fields"][2]["id"], "metrics.cost_micros");
        } else {
            assert_eq!(&decoded, data, "{}", e.name);
        }
    }
}

#[test]
fn unknown_fields_are_kept_in_order_and_missing_nullables_become_null() {
    let data = json!([{"id": TEAM, "createdAt": "2026-01-12T08:15:00.000Z", "zeta": 1, "alpha": {"nested": [1, 2]}}]);
    let text = decode(endpoint("teams.list"), &answer(200, &json!({"success": true, "data": data}).to_string())).unwrap();
    assert_eq!(
        text,
        // The API's keys keep their order; a filled-in null comes after them.
        format!(r#"[{{"id":"{TEAM}","createdAt":"2026-01-12T08:15:00.000Z","zeta":1,"alpha":{{"nested":[1,2]}},"name":null}}]"#)
    );
    let mut team = fixtures()["teams.get"].clone();
    team["usage"]["accountsPerConnector"] = json!({"zz": {"count": 1, "status": "ok"}, "aa": {"count": 2, "status": "ok"}});
    team["plan"]["newField"] = json!(true);
    let out = ok("teams.get", &team);
    let keys: Vec<&String> = out["usage"]["accountsPerConnector"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["zz", "aa"], "map order is the API's");
    assert_eq!(out["plan"]["newField"], true);
}

#[test]
fn every_documented_error_keeps_code_status_and_message() {
    let cases = [
        (400, "BAD_REQUEST", "Invalid UUID: \"abc\""),
        (401, "UNAUTHORIZED", "Authentication required"),
        (403, "FORBIDDEN", "You do not have permission to perform this action"),
        (403, "FORBIDDEN", "You've reached your plan's user limit of 8. Remove a member or upgrade your plan."),
        (403, "INSUFFICIENT_PERMISSIONS", "This API key is missing the `clients:delete` permission required for this action"),
        (404, "NOT_FOUND", "Member not found in team"),
        (409, "CONFLICT", "Invite already pending for this email"),
        (413, "PAYLOAD_TOO_LARGE", "Request body is too large"),
        (422, "VALIDATION_ERROR", "name: String must contain at least 1 character(s)"),
        (429, "TOO_MANY_REQUESTS", "Too many requests — please slow down and try again later"),
        (402, "PAYMENT_REQUIRED", "Your team's plan has been cancelled. Please reactivate your subscription to continue."),
        (500, "INTERNAL_SERVER_ERROR", "Internal server error"),
    ];
    for (status, code, message) in cases {
        let body = json!({"success": false, "error": {"code": code, "message": message}}).to_string();
        let e = decode(endpoint("members.updateRole"), &answer(status, &body)).unwrap_err();
        assert_eq!(e.code().as_str(), code);
        assert_eq!(e.status(), Some(status));
        assert_eq!(e.to_string(), message, "the API's message, unchanged");
        assert_eq!(e.code().http_status(), Some(status), "{code} has the documented status");
    }
}

#[test]
fn unknown_codes_and_retry_after_are_reported() {
    let body = r#"{"success":false,"error":{"code":"SERVICE_UNAVAILABLE","message":"Down for maintenance"}}"#;
    let mut res = answer(503, body);
    res.retry_after = Some("7".into());
    let e = decode(endpoint("teams.list"), &res).unwrap_err();
    assert_eq!(e.code().as_str(), "UNKNOWN_API_ERROR");
    assert_eq!((e.status(), e.retry_after_ms()), (Some(503), Some(7000)));
    assert!(matches!(e, tmr_client::core::Error::Api { ref api_code, .. } if api_code == "SERVICE_UNAVAILABLE"));
}

#[test]
fn malformed_answers_are_invalid_response_with_their_status() {
    let cases: &[(u16, &str, &str)] = &[
        (502, "<html><body>Bad gateway</body></html>", "not a JSON envelope"),
        (200, "", "empty body"),
        (200, r#"{"success":true,"data":[{"id":"x""#, "not a JSON envelope"),
        (200, r#"{"success":true}"#, "without \"data\""),
        (200, r#"{"success":true,"data":null}"#, "without \"data\""),
        (500, r#"{"success":false}"#, "failure without"),
        (200, r#"{"success":"yes","data":[]}"#, "not a JSON envelope"),
        (200, r#"[]"#, "not a JSON envelope"),
        (200, r#"{"success":true,"data":{"id":1}}"#, "documented shape"),
        (200, r#"{"success":true,"data":[{"id":"a","name":5,"createdAt":"x"}]}"#, "documented shape"),
        (500, r#"{"success":true,"data":[]}"#, "error status"),
        (200, r#"{"success":false,"error":{"code":7,"message":"x"}}"#, "not a JSON envelope"),
    ];
    for (status, body, why) in cases {
        let e = decode(endpoint("teams.list"), &answer(*status, body)).unwrap_err();
        assert_eq!(e.code().as_str(), "INVALID_RESPONSE", "{body}");
        assert_eq!(e.status(), Some(*status));
        assert!(e.to_string().contains(why), "{body}: {e}");
    }
    let e = decode(endpoint("members.remove"), &answer(200, r#"{"success":true,"data":{"deleted":true}}"#)).unwrap_err();
    assert!(e.to_string().contains("\"removed\""), "acknowledgements must carry their own key: {e}");
}

#[test]
fn any_2xx_is_success() {
    for status in [200, 201, 204, 299] {
        assert!(decode(endpoint("clients.linkAccount"), &answer(status, r#"{"success":true,"data":{"added":true}}"#)).is_ok());
    }
}

#[test]
fn deep_and_odd_bodies_never_panic() {
    let deep = format!("{{\"success\":true,\"data\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let e = decode(endpoint("data.runQuery"), &answer(200, &deep)).unwrap_err();
    assert_eq!(e.code().as_str(), "INVALID_RESPONSE");
    for body in ["\u{feff}{}", "null", "1e999", "{\"success\":true,\"data\":\"\\ud800\"}", "\u{0}"] {
        let _ = decode(endpoint("teams.get"), &answer(200, body));
    }
    let bytes = HttpResponse { status: 200, retry_after: None, body: vec![0xff, 0xfe, 0x00], received_ms: 0 };
    assert!(decode(endpoint("teams.get"), &bytes).is_err());
}

#[test]
fn retry_after_seconds_and_http_dates() {
    use tmr_client::core::response::retry_after_ms;
    assert_eq!(retry_after_ms("120", 0), Some(120_000));
    assert_eq!(retry_after_ms(" 0 ", 0), Some(0));
    // 2026-11-23T02:00:00Z = 1795399200 s.
    let now = 1_795_399_200_000;
    assert_eq!(retry_after_ms("Mon, 23 Nov 2026 02:00:30 GMT", now), Some(30_000));
    assert_eq!(retry_after_ms("Mon, 23 Nov 2026 01:00:00 GMT", now), Some(0), "a past date means now");
    assert_eq!(retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", 0), Some(784_111_777_000));
    for bad in ["soon", "-5", "1.5", "Mon, 32 Nov 2026 02:00:30 GMT", "Mon, 23 Nov 2026 02:00:30 PST", ""] {
        assert_eq!(retry_after_ms(bad, now), None, "{bad:?}");
    }
}

#[test]
fn complete_answers_are_used_as_sent_and_incomplete_ones_normalised() {
    use tmr_client::core::response::{decode_lazy, Decoded};
    let fx = fixtures();
    let body = json!({"success": true, "data": fx["teams.get"]}).to_string();
    let res = answer(200, &body);
    match decode_lazy(endpoint("teams.get"), &res).unwrap() {
        Decoded::AsSent { start, end } => assert_eq!(serde_json::from_slice::<Value>(&res.body[start..end]).unwrap(), fx["teams.get"]),
        other => panic!("expected the text as sent, got {other:?}"),
    }
    let mut team = fx["teams.get"].clone();
    team.as_object_mut().unwrap().remove("updatedAt");
    let res = answer(200, &json!({"success": true, "data": team}).to_string());
    match decode_lazy(endpoint("teams.get"), &res).unwrap() {
        Decoded::Normalised(text) => assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["updatedAt"], Value::Null),
        other => panic!("expected normalised text, got {other:?}"),
    }
    let rows = answer(200, r#"{"success":true,"data":[{"a":1},{"b":[1,{"c":null}]}]}"#);
    assert!(matches!(decode_lazy(endpoint("data.runQuery"), &rows), Ok(Decoded::AsSent { .. })));
    let not_rows = answer(200, r#"{"success":true,"data":[{"a":1},2]}"#);
    assert_eq!(decode_lazy(endpoint("data.runQuery"), &not_rows).unwrap_err().code().as_str(), "INVALID_RESPONSE");
}

#[test]
fn fuzz_regression_numbers_beyond_f64_are_valid_json() {
    // Found by cargo fuzz: a row value 12e0111111 (JS reads it as Infinity). The answer is valid
    // JSON, so it is used as sent rather than refused.
    let body = "{\"success\":true,\"data\":[{\"s?u\":[12e0111111\n\n ]}]}\t";
    let res = answer(200, body);
    let text = decode(endpoint("data.runQuery"), &res).unwrap();
    assert_eq!(text, "[{\"s?u\":[12e0111111\n\n ]}]");
}
