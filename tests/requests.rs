//! Every endpoint's request: method, exact URL, headers and body (CONTRACT.md §2).
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use serde_json::{json, Value};
use tmr_client::core::ENDPOINTS;

const B: &str = "https://api.twominutereports.com/v1";

/// (endpoint, args, method, url after the base, JSON body or null)
fn cases() -> Vec<(&'static str, Value, &'static str, String, Value)> {
    let t = TEAM;
    vec![
        ("users.me", json!([]), "GET", "/users/me".into(), Value::Null),
        ("users.updateName", json!(["  Ada Lovelace "]), "PUT", "/users/me/name".into(), json!({"name": "Ada Lovelace"})),
        ("users.deleteAvatar", json!([]), "DELETE", "/users/me/avatar".into(), Value::Null),
        ("users.preferences", json!([]), "GET", "/users/me/preferences".into(), Value::Null),
        (
            "users.updatePreferences",
            json!([{"appearance": "dark", "notifications": {"email": {"promotional": false}}}]),
            "PATCH",
            "/users/me/preferences".into(),
            json!({"appearance": "dark", "notifications": {"email": {"promotional": false}}}),
        ),
        ("teams.list", json!([]), "GET", "/teams".into(), Value::Null),
        ("teams.get", json!([t]), "GET", format!("/teams/{t}"), Value::Null),
        ("teams.rename", json!([t, "Acme Marketing"]), "PUT", format!("/teams/{t}/name"), json!({"name": "Acme Marketing"})),
        ("members.list", json!([t]), "GET", format!("/teams/{t}/members"), Value::Null),
        ("members.updateRole", json!([t, USER, "editor"]), "PUT", format!("/teams/{t}/members/{USER}/role"), json!({"role": "editor"})),
        ("members.remove", json!([t, USER]), "DELETE", format!("/teams/{t}/members/{USER}"), Value::Null),
        ("invites.list", json!([t]), "GET", format!("/teams/{t}/invites"), Value::Null),
        (
            "invites.create",
            json!([t, {"email": "new.person@example.com", "role": "viewer"}]),
            "POST",
            format!("/teams/{t}/members/invite"),
            json!({"email": "new.person@example.com", "role": "viewer"}),
        ),
        ("connections.list", json!([t]), "GET", format!("/teams/{t}/connections"), Value::Null),
        ("connections.get", json!([t, CONN]), "GET", format!("/teams/{t}/connections/{CONN}"), Value::Null),
        ("connections.accounts", json!([t, CONN]), "GET", format!("/teams/{t}/connections/{CONN}/accounts"), Value::Null),
        ("connections.delete", json!([t, CONN]), "DELETE", format!("/teams/{t}/connections/{CONN}"), Value::Null),
        ("clients.list", json!([t]), "GET", format!("/teams/{t}/clients"), Value::Null),
        ("clients.get", json!([t, CLIENT]), "GET", format!("/teams/{t}/clients/{CLIENT}"), Value::Null),
        ("clients.accounts", json!([t, CLIENT]), "GET", format!("/teams/{t}/clients/{CLIENT}/accounts"), Value::Null),
        ("clients.accountsByConnector", json!([t, CLIENT, "fb"]), "GET", format!("/teams/{t}/clients/{CLIENT}/accounts/fb"), Value::Null),
        (
            "clients.linkAccount",
            json!([t, CLIENT, "gadw", "1234567890"]),
            "POST",
            format!("/teams/{t}/clients/{CLIENT}/accounts/gadw/1234567890"),
            Value::Null,
        ),
        (
            "clients.unlinkAccount",
            json!([t, CLIENT, "fb", "act_9876543210"]),
            "DELETE",
            format!("/teams/{t}/clients/{CLIENT}/accounts/fb/act_9876543210"),
            Value::Null,
        ),
        ("connectors.list", json!([t]), "GET", format!("/teams/{t}/connectors"), Value::Null),
        (
            "connectors.allAccounts",
            json!([t, {"status": "enabled"}]),
            "GET",
            format!("/teams/{t}/connectors/accounts?status=enabled"),
            Value::Null,
        ),
        ("connectors.accounts", json!([t, "gadw"]), "GET", format!("/teams/{t}/connectors/gadw/accounts"), Value::Null),
        (
            "connectors.fields",
            json!([t, "gadw", {"accountIds": ["gadw_123", "gadw_456"]}]),
            "GET",
            format!("/teams/{t}/connectors/gadw/fields?accountIds=gadw_123&accountIds=gadw_456"),
            Value::Null,
        ),
        (
            "connectors.enableAccount",
            json!([t, "gadw", "1234567890"]),
            "POST",
            format!("/teams/{t}/connectors/gadw/accounts/1234567890/enable"),
            Value::Null,
        ),
        (
            "connectors.disableAccount",
            json!([t, "gadw", "1234567890"]),
            "POST",
            format!("/teams/{t}/connectors/gadw/accounts/1234567890/disable"),
            Value::Null,
        ),
        (
            "data.runQuery",
            json!([t, {"accounts": ["gadw_1234567890", "fads_act_9876543210"], "dimensions": ["campaign_name"],
            "metrics": ["cost", "clicks"], "dateRange": "last_30_days"}]),
            "POST",
            format!("/teams/{t}/data/run-query"),
            json!({"accounts": ["gadw_1234567890", "fads_act_9876543210"], "dimensions": ["campaign_name"], "metrics": ["cost", "clicks"], "dateRange": "last_30_days"}),
        ),
        ("platform.plans", json!([]), "GET", "/tmr/plans".into(), Value::Null),
    ]
}

#[test]
fn every_endpoint_builds_its_documented_request() {
    let cases = cases();
    for (name, args, method, path, body) in &cases {
        let req = build(name, args.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(req.method.as_str(), *method, "{name}");
        assert_eq!(req.url, format!("{B}{path}"), "{name}");
        assert_eq!(req.header("Authorization"), Some(format!("Bearer {KEY}").as_str()), "{name}");
        assert_eq!(req.header("Accept"), Some("application/json"), "{name}");
        match body {
            Value::Null => {
                assert!(req.body.is_none(), "{name}: bodyless requests send no body");
                assert!(req.header("Content-Type").is_none(), "{name}: and no Content-Type");
            }
            expected => {
                let sent: Value = serde_json::from_slice(req.body.as_deref().unwrap_or_default()).expect("JSON body");
                assert_eq!(&sent, expected, "{name}");
                assert_eq!(req.header("Content-Type"), Some("application/json"), "{name}");
            }
        }
    }
    // U3 (multipart) has its own test below; together they cover the whole table.
    let covered: Vec<&str> = cases.iter().map(|c| c.0).chain(["users.uploadAvatar"]).collect();
    for e in &ENDPOINTS {
        assert!(covered.contains(&e.name), "{} has no request test", e.name);
    }
    assert_eq!(ENDPOINTS.len(), 32);
}

#[test]
fn avatar_upload_is_multipart_with_one_file_field() {
    let png = b"\x89PNG\r\n\x1a\nrest-of-image";
    let req = tmr_client::core::request::build(&config(), endpoint("users.uploadAvatar"), &[Value::Null], Some(png)).unwrap();
    assert_eq!(req.method.as_str(), "PUT");
    assert_eq!(req.url, format!("{B}/users/me/avatar"));
    let ct = req.header("Content-Type").unwrap().to_owned();
    let boundary = ct.strip_prefix("multipart/form-data; boundary=").expect("multipart content type");
    let body = req.body.unwrap();
    let text = String::from_utf8_lossy(&body);
    assert!(text.starts_with(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"avatar.png\"\r\nContent-Type: image/png\r\n\r\n"
    )));
    assert!(text.ends_with(&format!("\r\n--{boundary}--\r\n")));
    assert!(body.windows(png.len()).any(|w| w == png), "the file bytes are in the body unchanged");
}

#[test]
fn invite_role_is_optional_and_names_are_trimmed() {
    let req = build("invites.create", json!([TEAM, {"email": "a@b.co"}])).unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&req.body.unwrap()).unwrap(), json!({"email": "a@b.co"}));
    let req = build("teams.rename", json!([TEAM, "\tAcme\n"])).unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&req.body.unwrap()).unwrap(), json!({"name": "Acme"}));
}

#[test]
fn optional_filters_add_no_query_when_absent() {
    for args in [json!([TEAM]), json!([TEAM, null]), json!([TEAM, {}]), json!([TEAM, {"status": null}])] {
        let req = build("connectors.allAccounts", args).unwrap();
        assert_eq!(req.url, format!("{B}/teams/{TEAM}/connectors/accounts"));
    }
    let req = build("connectors.fields", json!([TEAM, "gadw", {"accountIds": []}])).unwrap();
    assert_eq!(req.url, format!("{B}/teams/{TEAM}/connectors/gadw/fields"));
}

#[test]
fn account_ids_are_one_encoded_segment_whatever_they_contain() {
    let cases = [
        ("a/b", "a%2Fb"),
        ("a?b=c", "a%3Fb%3Dc"),
        ("a#b", "a%23b"),
        ("100%", "100%25"),
        ("%2F", "%252F"),
        ("a..b", "a..b"),
        ("...", "..."),
        ("act_9876543210", "act_9876543210"),
        ("münchen", "m%C3%BCnchen"),
        ("a b+c", "a%20b%2Bc"),
    ];
    for (id, encoded) in cases {
        let req = build("clients.linkAccount", json!([TEAM, CLIENT, "gadw", id])).unwrap();
        assert_eq!(req.url, format!("{B}/teams/{TEAM}/clients/{CLIENT}/accounts/gadw/{encoded}"), "{id:?}");
    }
}

#[test]
fn base_url_variants_are_normalised() {
    let c = |u: &str| tmr_client::core::Config::new(KEY, Some(u), None, None);
    assert_eq!(c("https://api.example.com/v1/").unwrap().base_url(), "https://api.example.com/v1");
    assert_eq!(c("HTTPS://API.Example.com").unwrap().base_url(), "https://api.example.com");
    assert_eq!(c("http://localhost:4010").unwrap().base_url(), "http://localhost:4010");
    assert_eq!(c("http://127.0.0.1:4010/v1").unwrap().base_url(), "http://127.0.0.1:4010/v1");
    assert_eq!(c("http://127.9.8.7").unwrap().base_url(), "http://127.9.8.7");
    assert_eq!(c("http://[::1]:8080").unwrap().base_url(), "http://[::1]:8080");
    let mock = tmr_client::core::Config::new(KEY, Some("http://127.0.0.1:4010"), None, None).unwrap();
    let req = tmr_client::core::request::build(&mock, endpoint("teams.list"), &[], None).unwrap();
    assert_eq!(req.url, "http://127.0.0.1:4010/teams");
}
