//! Bad input is rejected before any request, naming the parameter and quoting the value.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use serde_json::json;
use tmr_client::core::Config;

fn rejects(name: &str, args: serde_json::Value, needles: &[&str]) {
    let (code, msg) = err(build(name, args.clone()));
    assert_eq!(code, "INVALID_ARGUMENT", "{name} {args}");
    for n in needles {
        assert!(msg.contains(n), "{name} {args}: {msg:?} should contain {n:?}");
    }
}

#[test]
fn uuids_are_checked_in_every_position() {
    rejects("teams.get", json!(["abc"]), &["teamId", "\"abc\""]);
    rejects("teams.get", json!([null]), &["teamId", "must be a string"]);
    rejects("teams.get", json!([42]), &["teamId", "42"]);
    rejects("teams.get", json!([format!("{TEAM}x")]), &["teamId"]);
    rejects("teams.get", json!(["0190f8b0-1a2b-7c3d-8e4f_5a6b7c8d9e0f"]), &["teamId"]);
    rejects("members.updateRole", json!([TEAM, "not-a-uuid", "editor"]), &["userId", "\"not-a-uuid\""]);
    rejects("clients.get", json!([TEAM, "../x"]), &["clientId"]);
    rejects("connections.get", json!([TEAM, ""]), &["connectionId"]);
    // Upper case and any version are accepted.
    assert!(build("teams.get", json!([TEAM.to_uppercase()])).is_ok());
    assert!(build("teams.get", json!(["123e4567-e89b-12d3-a456-426614174000"])).is_ok());
}

#[test]
fn connector_ids_are_checked_by_form_not_by_list() {
    for bad in ["Gadw", "", "1ads", "ga-4", "a/b", "abcdefghijklmnopqrstuvwxyz0123456"] {
        rejects("connectors.accounts", json!([TEAM, bad]), &["connectorId"]);
    }
    for ok in ["gadw", "fads", "ga4", "new_connector_2027", "x"] {
        assert!(build("connectors.accounts", json!([TEAM, ok])).is_ok(), "{ok}");
    }
}

#[test]
fn account_ids_cannot_be_dot_segments_or_empty() {
    rejects("clients.linkAccount", json!([TEAM, CLIENT, "gadw", ".."]), &["accountId", "\"..\""]);
    rejects("clients.linkAccount", json!([TEAM, CLIENT, "gadw", "."]), &["accountId"]);
    rejects("connectors.enableAccount", json!([TEAM, "gadw", ""]), &["accountId"]);
    rejects("connectors.enableAccount", json!([TEAM, "gadw", "x".repeat(257)]), &["accountId", "…"]);
}

#[test]
fn names_roles_and_emails() {
    rejects("teams.rename", json!([TEAM, "   "]), &["name", "1 to 100"]);
    rejects("teams.rename", json!([TEAM, "x".repeat(101)]), &["name"]);
    assert!(build("teams.rename", json!([TEAM, "é".repeat(100)])).is_ok(), "100 characters, not bytes");
    rejects("users.updateName", json!([""]), &["name"]);
    rejects("users.updateName", json!([{"name": "x"}]), &["name", "must be a string"]);
    rejects("members.updateRole", json!([TEAM, USER, "admin"]), &["role", "\"admin\"", "viewer"]);
    rejects("members.updateRole", json!([TEAM, USER, "Owner"]), &["role"]);
    for bad in ["plainaddress", "a@b", "@b.co", "a@.co", "a@b.co.", "a b@c.de", "a@b..co", "a@b@c.de"] {
        rejects("invites.create", json!([TEAM, {"email": bad}]), &["invite.email", bad]);
    }
    rejects("invites.create", json!([TEAM, {"email": "a@b.co", "role": "boss"}]), &["invite.role", "\"boss\""]);
    rejects("invites.create", json!([TEAM, {"email": "a@b.co", "roles": "viewer"}]), &["unknown key", "\"roles\""]);
    rejects("invites.create", json!([TEAM, "a@b.co"]), &["invite must be an object"]);
}

#[test]
fn preferences_patch_is_checked_key_by_key() {
    rejects("users.updatePreferences", json!([{"appearance": "blue"}]), &["patch.appearance", "\"blue\""]);
    rejects("users.updatePreferences", json!([{"theme": "dark"}]), &["unknown key", "\"theme\""]);
    rejects(
        "users.updatePreferences",
        json!([{"notifications": {"email": {"billing": "yes"}}}]),
        &["patch.notifications.email.billing", "boolean"],
    );
    rejects("users.updatePreferences", json!([{"notifications": {"sms": {}}}]), &["\"sms\""]);
    assert!(build("users.updatePreferences", json!([{}])).is_ok());
}

#[test]
fn filters_are_checked() {
    rejects("connectors.allAccounts", json!([TEAM, {"status": "on"}]), &["options.status", "\"on\""]);
    rejects("connectors.accounts", json!([TEAM, "gadw", {"statuses": "all"}]), &["\"statuses\""]);
    rejects("connectors.fields", json!([TEAM, "gadw", {"accountIds": ["123"]}]), &["options.accountIds[0]", "\"123\""]);
    rejects("connectors.fields", json!([TEAM, "gadw", {"accountIds": "gadw_1"}]), &["options.accountIds must be an array"]);
}

#[test]
fn run_query_limits_and_dates() {
    let q = |extra: serde_json::Value| {
        let mut base = json!({"accounts": ["gadw_1"]});
        if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        json!([TEAM, base])
    };
    rejects("data.runQuery", json!([TEAM, {}]), &["query.accounts is required"]);
    rejects("data.runQuery", q(json!({"accounts": []})), &["query.accounts", "1 to 100"]);
    let many: Vec<String> = (0..101).map(|i| format!("gadw_{i}")).collect();
    rejects("data.runQuery", q(json!({"accounts": many})), &["query.accounts", "got 101"]);
    rejects("data.runQuery", q(json!({"accounts": ["1234567890"]})), &["query.accounts[0]", "\"1234567890\""]);
    rejects("data.runQuery", q(json!({"accounts": ["_1"]})), &["query.accounts[0]"]);
    rejects("data.runQuery", q(json!({"accounts": ["gadw_"]})), &["query.accounts[0]"]);
    let dims: Vec<String> = (0..51).map(|i| format!("d{i}")).collect();
    rejects("data.runQuery", q(json!({"dimensions": dims})), &["query.dimensions", "0 to 50"]);
    rejects("data.runQuery", q(json!({"metrics": [""]})), &["query.metrics[0] cannot be empty"]);
    rejects("data.runQuery", q(json!({"dateRange": "last_week"})), &["query.dateRange", "\"last_week\""]);
    rejects(
        "data.runQuery",
        q(json!({"dateRange": {"startDate": "2026-02-30", "endDate": "2026-03-01"}})),
        &["startDate", "\"2026-02-30\""],
    );
    rejects("data.runQuery", q(json!({"dateRange": {"startDate": "2026-03-02", "endDate": "2026-03-01"}})), &["must not be after"]);
    rejects("data.runQuery", q(json!({"dateRange": {"startDate": "2026-03-01"}})), &["endDate"]);
    rejects("data.runQuery", q(json!({"dateRange": {"startDate": "2026/03/01", "endDate": "2026-03-02"}})), &["startDate"]);
    rejects("data.runQuery", q(json!({"sort": [{"fieldId": "date", "direction": "up"}]})), &["query.sort[0].direction", "\"up\""]);
    rejects("data.runQuery", q(json!({"filters": [{"fieldId": "cost", "operator": "gt", "value": "1"}]})), &["query.filters[0].operator"]);
    rejects(
        "data.runQuery",
        q(json!({"filters": [{"fieldId": "cost", "operator": "greaterThan", "value": 1}]})),
        &["query.filters[0].value must be a string"],
    );
    rejects("data.runQuery", q(json!({"limit": 5})), &["unknown key", "\"limit\""]);
    assert!(build("data.runQuery", q(json!({"dateRange": {"startDate": "2024-02-29", "endDate": "2024-02-29"}}))).is_ok(), "leap day");
    assert!(build(
        "data.runQuery",
        q(json!({"sort": [{"fieldId": "date", "direction": "asc"}],
        "filters": [{"fieldId": "campaign_name", "operator": "contains", "value": "Brand"}]}))
    )
    .is_ok());
}

#[test]
fn avatars_must_be_small_images() {
    use tmr_client::core::request::build as b;
    let ep = endpoint("users.uploadAvatar");
    let cfg = config();
    let code = |r: tmr_client::core::Result<_>| r.map(|_| ()).map_err(|e: tmr_client::core::Error| e.to_string());
    assert!(code(b(&cfg, ep, &[json!(null)], Some(b""))).unwrap_err().contains("file is empty"));
    let big = vec![0xFFu8; 5 * 1024 * 1024 + 1];
    assert!(code(b(&cfg, ep, &[json!({"contentType": "image/jpeg"})], Some(&big))).unwrap_err().contains("at most 5 MB"));
    assert!(code(b(&cfg, ep, &[json!(null)], Some(b"just text"))).unwrap_err().contains("options.contentType is required"));
    assert!(code(b(&cfg, ep, &[json!({"contentType": "text/plain"})], Some(b"x"))).unwrap_err().contains("\"text/plain\""));
    assert!(code(b(&cfg, ep, &[json!({"contentType": "image/svg+xml"})], Some(b"<svg/>"))).is_ok());
    assert!(code(b(&cfg, ep, &[json!(null)], None)).unwrap_err().contains("file must be a Blob or Uint8Array"));
}

#[test]
fn client_options_are_checked() {
    let e = |k: &str, u: Option<&str>, t: Option<f64>, r: Option<f64>| Config::new(k, u, t, r).unwrap_err().to_string();
    assert!(e("", None, None, None).contains("apiKey is required"));
    let leak = e("tmrc_live_secret value", None, None, None);
    assert!(leak.contains("apiKey") && !leak.contains("secret"), "the key is never quoted: {leak}");
    for (url, why) in [
        ("http://api.example.com", "https://"),
        ("ftp://x.y", "https://"),
        ("api.example.com", "absolute"),
        ("https://user:pw@api.example.com", "credentials"),
        ("https://api.example.com/v1?x=1", "query"),
        ("https://", "host"),
        ("http://127.0.0.1.evil.com", "https://"),
        ("http://localhost.evil.com", "https://"),
        ("https://api.example.com:99999", "host"),
        ("https://a.com/../v1", "\"..\""),
    ] {
        let msg = e(KEY, Some(url), None, None);
        assert!(msg.contains("baseUrl") && msg.contains(why), "{url}: {msg}");
    }
    assert!(e(KEY, None, Some(0.0), None).contains("timeoutMs"));
    assert!(e(KEY, None, Some(f64::NAN), None).contains("timeoutMs"));
    assert!(e(KEY, None, Some(3e9), None).contains("timeoutMs"));
    assert!(e(KEY, None, None, Some(1.5)).contains("maxRetries"));
    assert!(e(KEY, None, None, Some(11.0)).contains("maxRetries"));
    assert!(e(KEY, None, None, Some(-1.0)).contains("maxRetries"));
    assert!(!format!("{:?}", config()).contains(KEY), "Debug never shows the key");
    let req = build("teams.list", json!([])).unwrap();
    assert!(!format!("{req:?}").contains(KEY), "nor does a request's Debug");
}
