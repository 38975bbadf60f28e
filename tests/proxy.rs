//! The proxy's policy (`core::proxy`), on the host: the path checks, routing under the base path,
//! the allow list, and the upstream request re-built by the client's own validators (equal to the
//! request `TmrClient` sends for the same call). Also keyless configs and the browser-key guard.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use serde_json::{json, Value};
use tmr_client::core::config::browser_guard;
use tmr_client::core::proxy::{envelope, rebuild, route, AllowList, Refusal};
use tmr_client::core::{request, Config};

const BASE: &str = "/api/tmr";

fn all() -> AllowList {
    let groups = ["users.*", "teams.*", "members.*", "invites.*", "connections.*", "clients.*", "connectors.*", "data.*", "platform.*"];
    AllowList::parse(&groups).expect("every group")
}

fn refused(method: &str, path: &str) -> Refusal {
    route(BASE, &all(), method, path).expect_err(path)
}

#[test]
fn malformed_paths_are_refused_before_routing() {
    let t = TEAM;
    for path in [
        format!("/api/tmr/teams/{t}%2Fmembers"),
        format!("/api/tmr/teams/{t}%2fmembers"),
        "/api/tmr/teams/%2e%2e/users/me".to_owned(),
        "/api/tmr/teams/%2E".to_owned(),
        format!("/api/tmr/teams/{t}%5Cmembers"),
        format!("/api/tmr/teams/{t}%00"),
        format!("/api/tmr/teams/{t}%0A"),
        format!("/api/tmr/teams/{t}%252F"),
        "/api/tmr//teams".to_owned(),
        "/api/tmr/teams/".to_owned(),
        "/api/tmr/./teams".to_owned(),
        "/api/tmr/x/../teams".to_owned(),
        "/api/tmr/teams\\x".to_owned(),
        "/api/tmr/teams/%zz".to_owned(),
        "/api/tmr/teams/%4".to_owned(),
        "api/tmr/teams".to_owned(),
    ] {
        let r = refused("GET", &path);
        assert_eq!((r.status, r.code), (400, "BAD_REQUEST"), "{path}: {r:?}");
    }
}

#[test]
fn routes_under_the_base_path_only() {
    for path in ["/teams", "/api/tmrx/teams", "/api/teams", "/api/tmr", "/api/tmr/nope", "/api/tmr/teams/x/y/z/w"] {
        let r = refused("GET", path);
        assert_eq!((r.status, r.code), (404, "NOT_FOUND"), "{path}");
    }
    let r = refused("DELETE", "/api/tmr/teams");
    assert_eq!((r.status, r.code, r.allow.as_deref()), (405, "METHOD_NOT_ALLOWED", Some("GET")));
    let ok = route(BASE, &all(), "GET", &format!("/api/tmr/teams/{TEAM}/members")).expect("routed");
    assert_eq!((ok.endpoint.name, ok.team_id()), ("members.list", Some(TEAM)));
    let at_root = route("", &all(), "GET", "/users/me").expect("no base path");
    assert_eq!((at_root.endpoint.name, at_root.team_id()), ("users.me", None));
    // Literal segments beat parameters, as in the mock.
    let r = route(BASE, &all(), "GET", &format!("/api/tmr/teams/{TEAM}/connectors/accounts")).expect("K2");
    assert_eq!(r.endpoint.name, "connectors.allAccounts");
}

#[test]
fn the_allow_list_denies_by_default() {
    let none = AllowList::default();
    let r = route(BASE, &none, "GET", "/api/tmr/teams").expect_err("deny by default");
    assert_eq!((r.status, r.code), (403, "FORBIDDEN"));
    assert_eq!(r.message, "teams.list is not allowed through this proxy");
    let some = AllowList::parse(&["teams.get", "members.*"]).expect("valid");
    assert_eq!(some.names().collect::<Vec<_>>(), ["teams.get", "members.list", "members.updateRole", "members.remove"]);
    assert!(route(BASE, &some, "GET", "/api/tmr/teams").is_err());
    assert!(route(BASE, &some, "GET", &format!("/api/tmr/teams/{TEAM}")).is_ok());
    // An avatar's multipart body is not checked: never proxied, left out of users.*.
    let users = AllowList::parse(&["users.*"]).expect("valid");
    assert!(!users.names().any(|n| n == "users.uploadAvatar"));
    for (entries, needle) in [
        (vec!["member.list"], "allow[0] must be an endpoint name"),
        (vec!["teams.get", "nope.*"], "allow[1] names no group"),
        (vec!["users.uploadAvatar"], "cannot go through the proxy"),
        (vec!["outlign.clients.list"], "allow[0] must be an endpoint name"),
        (vec!["*"], "allow[0] must be an endpoint name"),
    ] {
        let e = AllowList::parse(&entries).expect_err(needle);
        assert!(e.to_string().contains(needle), "{e}");
    }
}

fn rebuilt(method: &str, path: &str, query: &str, body: &str) -> Result<tmr_client::core::HttpRequest, Refusal> {
    let routed = route(BASE, &all(), method, path)?;
    rebuild(&config(), &routed, query, body.as_bytes())
}

#[test]
fn the_request_forwarded_is_the_one_the_client_sends() {
    let t = TEAM;
    let cases: Vec<(&str, String, &str, &str, &str, Value)> = vec![
        ("GET", format!("/api/tmr/teams/{t}"), "", "", "teams.get", json!([t])),
        (
            "GET",
            format!("/api/tmr/teams/{t}/connectors/accounts"),
            "status=disabled",
            "",
            "connectors.allAccounts",
            json!([t, {"status": "disabled"}]),
        ),
        (
            "GET",
            format!("/api/tmr/teams/{t}/connectors/gadw/fields"),
            "accountIds=gadw_1&accountIds=gadw_2",
            "",
            "connectors.fields",
            json!([t, "gadw", {"accountIds": ["gadw_1", "gadw_2"]}]),
        ),
        ("PUT", format!("/api/tmr/teams/{t}/name"), "", r#"{"name":"  Acme  "}"#, "teams.rename", json!([t, "  Acme  "])),
        (
            "PUT",
            format!("/api/tmr/teams/{t}/members/{USER}/role"),
            "",
            r#"{"role":"editor"}"#,
            "members.updateRole",
            json!([t, USER, "editor"]),
        ),
        (
            "POST",
            format!("/api/tmr/teams/{t}/members/invite"),
            "",
            r#"{"email":"a@b.co"}"#,
            "invites.create",
            json!([t, {"email": "a@b.co"}]),
        ),
        (
            "POST",
            format!("/api/tmr/teams/{t}/data/run-query"),
            "",
            r#"{"accounts":["gadw_1"],"metrics":["clicks"],"dateRange":"last_7_days"}"#,
            "data.runQuery",
            json!([t, {"accounts": ["gadw_1"], "metrics": ["clicks"], "dateRange": "last_7_days"}]),
        ),
        (
            "DELETE",
            format!("/api/tmr/teams/{t}/clients/{CLIENT}/accounts/gadw/1234%20x"),
            "",
            "",
            "clients.unlinkAccount",
            json!([t, CLIENT, "gadw", "1234 x"]),
        ),
    ];
    for (method, path, query, body, name, args) in cases {
        let forwarded = rebuilt(method, &path, query, body).unwrap_or_else(|r| panic!("{path}: {r:?}"));
        let direct = request::build(&config(), endpoint(name), args.as_array().expect("args"), None).expect("valid call");
        assert_eq!(forwarded, direct, "{name}");
    }
}

#[test]
fn what_the_client_would_refuse_is_refused_before_forwarding() {
    let t = TEAM;
    let cases: Vec<(&str, String, &str, &str, &str)> = vec![
        ("GET", "/api/tmr/teams/abc".into(), "", "", "teamId must be a UUID"),
        ("GET", "/api/tmr/teams".into(), "x=1", "", "teams.list has no query parameter \"x\"; allowed: none"),
        ("GET", "/api/tmr/teams".into(), "", "{}", "teams.list takes no request body"),
        ("GET", format!("/api/tmr/teams/{t}/connectors/accounts"), "status=on", "", "options.status must be one of"),
        ("GET", format!("/api/tmr/teams/{t}/connectors/accounts"), "status=all&status=all", "", "status may be given once"),
        ("GET", format!("/api/tmr/teams/{t}/connectors/gadw/fields"), "accountIds=1", "", "options.accountIds[0]"),
        ("PUT", format!("/api/tmr/teams/{t}/name"), "", "{", "must be JSON"),
        ("PUT", format!("/api/tmr/teams/{t}/name"), "", r#"{"name":"a","admin":true}"#, "body has an unknown key \"admin\""),
        ("PUT", format!("/api/tmr/teams/{t}/name"), "", "", "body must be an object; got nothing"),
        ("PUT", format!("/api/tmr/teams/{t}/name"), "", r#"{"name":5}"#, "name must be a string; got 5"),
        ("PUT", format!("/api/tmr/teams/{t}/members/{USER}/role"), "", r#"{"role":"root"}"#, "role must be one of"),
        ("POST", format!("/api/tmr/teams/{t}/members/invite"), "", r#"{"email":"nope"}"#, "invite.email must be an e-mail"),
        ("POST", format!("/api/tmr/teams/{t}/members/invite"), "", r#"{"email":"a@b.co","role":"god"}"#, "invite.role"),
        (
            "POST",
            format!("/api/tmr/teams/{t}/data/run-query"),
            "",
            r#"{"accounts":[],"metrics":["clicks"],"dateRange":"last_7_days"}"#,
            "query.accounts",
        ),
        ("POST", format!("/api/tmr/teams/{t}/data/run-query"), "", "\u{0}", "must be JSON"),
        ("DELETE", format!("/api/tmr/teams/{t}/members/{USER}"), "", "x", "members.remove takes no request body"),
    ];
    for (method, path, query, body, needle) in cases {
        let r = rebuilt(method, &path, query, body).expect_err(needle);
        assert_eq!((r.status, r.code), (400, "BAD_REQUEST"), "{path}");
        assert!(r.message.contains(needle), "{needle} in {:?}", r.message);
    }
}

#[test]
fn refusals_use_the_api_envelope() {
    let body = envelope("FORBIDDEN", "say \"no\"\n");
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v, json!({"success": false, "error": {"code": "FORBIDDEN", "message": "say \"no\"\n"}}));
    let limited = Refusal::from_error(&tmr_client::Error::RateLimited { retry_after_ms: 1500 });
    assert_eq!((limited.status, limited.code, limited.retry_after_s), (429, "TOO_MANY_REQUESTS", Some(2)));
    let timeout = Refusal::from_error(&tmr_client::Error::Timeout { timeout_ms: 5 });
    assert_eq!((timeout.status, timeout.code), (504, "TIMEOUT"));
    let network = Refusal::from_error(&tmr_client::Error::Network { message: "refused".into() });
    assert_eq!((network.status, network.code), (502, "NETWORK_ERROR"));
}

#[test]
fn a_keyless_client_talks_to_a_proxy_only() {
    let keyless = Config::new("", Some("https://dashboard.example/api/tmr/"), None, None).expect("keyless behind a proxy");
    assert!(!keyless.has_key());
    assert_eq!(keyless.base_url(), "https://dashboard.example/api/tmr");
    let req = request::build(&keyless, endpoint("teams.list"), &[], None).expect("request");
    assert!(req.header("authorization").is_none(), "{:?}", req.headers);
    // Nothing secret travels: plain http to any host.
    Config::new("", Some("http://dashboard.internal:8080/api/tmr"), None, None).expect("keyless http");
    let e = Config::new("k", Some("http://dashboard.internal:8080"), None, None).expect_err("a key needs https");
    assert!(e.to_string().contains("https://"), "{e}");
    for official in [None, Some("https://api.twominutereports.com/v1"), Some("HTTPS://API.TwoMinuteReports.com:443/v1")] {
        let e = Config::new("", official, None, None).expect_err("the official API needs a key");
        assert!(e.to_string().contains("apiKey is required"), "{e}");
    }
}

#[test]
fn the_browser_guard_refuses_a_key_unless_allowed_or_loopback() {
    let with_key = |url: &str| Config::new(KEY, Some(url), None, None).expect("valid");
    let e = browser_guard(&with_key("https://api.twominutereports.com/v1"), false).expect_err("a key in a page");
    let message = e.to_string();
    assert!(message.contains("createTmrProxy") && message.contains("dangerouslyAllowBrowser"), "{message}");
    assert!(!message.contains(KEY), "never the key");
    browser_guard(&with_key("https://api.twominutereports.com/v1"), true).expect("opted in");
    for loopback in ["http://127.0.0.1:4010", "http://localhost", "https://[::1]:8443/v1", "http://127.8.9.10"] {
        browser_guard(&with_key(loopback), false).unwrap_or_else(|e| panic!("{loopback}: {e}"));
    }
    let keyless = Config::new("", Some("https://dashboard.example/api/tmr"), None, None).expect("keyless");
    browser_guard(&keyless, false).expect("nothing to guard");
}

#[test]
fn writes_from_other_origins_are_refused() {
    use tmr_client::core::proxy::{check_origin, Provenance};
    let own = "https://dashboard.example";
    let p = |method, fetch_site, origin| Provenance { method, fetch_site, origin, own_origin: own };
    let allowed = vec!["https://app.example".to_owned()];
    for ok in [
        p("GET", Some("cross-site"), Some("https://evil.example")),
        p("POST", Some("same-origin"), Some(own)),
        p("POST", Some("none"), None),
        p("PUT", None, Some("HTTPS://DASHBOARD.EXAMPLE")),
        p("DELETE", None, None),
        p("POST", Some("same-site"), Some("https://app.example")),
    ] {
        check_origin(ok, &allowed).unwrap_or_else(|r| panic!("{ok:?}: {r:?}"));
    }
    for refused in [
        p("POST", Some("cross-site"), Some("https://evil.example")),
        p("POST", Some("same-site"), Some("https://other.dashboard.example")),
        p("DELETE", None, Some("https://evil.example")),
        p("POST", Some("cross-site"), None),
        p("PATCH", Some("cross-site"), Some(own)),
    ] {
        let r = check_origin(refused, &allowed).expect_err("refused");
        assert_eq!((r.status, r.code), (403, "FORBIDDEN"), "{refused:?}");
    }
}

#[test]
fn the_url_parts_come_from_before_the_query() {
    use tmr_client::core::proxy::Target;
    let t = Target::of("https://dashboard.example:8443/api/tmr/teams?status=all#frag");
    assert_eq!((t.origin, t.path, t.query), ("https://dashboard.example:8443", "/api/tmr/teams", "status=all"));
    let no_path = Target::of("foo://h?status=/api/tmr/teams");
    assert_eq!((no_path.origin, no_path.path, no_path.query), ("foo://h", "/", "status=/api/tmr/teams"));
    assert_eq!(Target::of("http://h").path, "/");
}

#[test]
fn path_ids_are_checked_and_uuids_lower_cased_before_anything_else() {
    let upper = TEAM.to_uppercase();
    let r = route(BASE, &all(), "GET", &format!("/api/tmr/teams/{upper}/members")).expect("routed");
    assert_eq!(r.team_id(), Some(TEAM));
    let r = route(BASE, &all(), "GET", "/api/tmr/teams/abc").expect_err("not a uuid");
    assert_eq!((r.status, r.code), (400, "BAD_REQUEST"));
    assert!(r.message.contains("teamId must be a UUID"), "{}", r.message);
    // A connector id keeps its case rules: the validator refuses upper case.
    let r = route(BASE, &all(), "GET", &format!("/api/tmr/teams/{TEAM}/connectors/GADW/accounts")).expect_err("connector id");
    assert!(r.message.contains("connectorId"), "{}", r.message);
    // `%+a` is not an escape (from_str_radix would read a sign).
    let r = route(BASE, &all(), "GET", &format!("/api/tmr/teams/{TEAM}/connectors/gadw/accounts%+a")).expect_err("not an escape");
    assert!(r.message.contains("malformed %-escape"), "{}", r.message);
}

#[test]
fn base_paths_and_origins_are_checked() {
    use tmr_client::core::proxy::{check_base_path, check_origins};
    for ok in ["", "/api/tmr", "/a"] {
        check_base_path(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    for bad in ["api", "/api/", "//x", "/a/../b", "/a?b", "/a%2Fb", "/tableau-de-bord-é", "/a b"] {
        assert!(check_base_path(bad).is_err(), "{bad}");
    }
    check_origins(&["https://app.example".to_owned(), "http://localhost:5173".to_owned()]).expect("origins");
    for bad in ["app.example", "https://app.example/", "https://app.example/x", "ftp://app.example", "https://u@app.example"] {
        assert!(check_origins(&[bad.to_owned()]).is_err(), "{bad}");
    }
}
