//! The Outlign Clients API (CONTRACT.md §8; WORKING-RULES.md, Outlign): the endpoint table, every
//! row's request (method, exact URL, headers, body bytes), validation before sending, answer
//! decoding, errors by status, the OAuth helpers and the shared retry machinery.
#![cfg(not(target_arch = "wasm32"))]

#[path = "outlign/decode.rs"]
mod decode;
#[path = "outlign/oauth.rs"]
mod oauth;

use serde_json::{json, Value};
use tmr_client::core::endpoint::{Api, Method, RetryClass};
use tmr_client::core::outlign::OUTLIGN_ENDPOINTS;
use tmr_client::core::{request, Config, Endpoint, ErrorCode, HttpRequest, Result, ENDPOINTS};

pub const BASE: &str = "https://go.outlign.co";
pub const TOKEN: &str = "outlign-alice";
const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

pub fn config() -> Config {
    Config::new(TOKEN, Some(BASE), None, None).expect("valid Outlign config")
}

/// The Outlign row named `name`.
pub fn ep(name: &str) -> &'static Endpoint {
    OUTLIGN_ENDPOINTS.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no Outlign endpoint {name}"))
}

/// Build `name`'s request from JSON positional args (the `{id}`, then the input).
pub fn build(name: &str, args: Value) -> Result<HttpRequest> {
    let args = args.as_array().cloned().unwrap_or_default();
    request::build(&config(), ep(name), &args, None)
}

/// The message of an expected `INVALID_ARGUMENT`.
pub fn invalid(name: &str, args: Value) -> String {
    let e = build(name, args.clone()).expect_err(&format!("{name} {args} must be rejected"));
    assert_eq!(e.code(), ErrorCode::InvalidArgument, "{name} {args}: {e}");
    e.to_string()
}

/// A valid authorisation-code grant as the core's JSON input.
pub fn code_grant() -> Value {
    json!({
        "grantType": "authorization_code", "clientId": "app-1", "clientSecret": "s3cr+t/x",
        "code": "def502 abc", "redirectUri": "https://app.example.com/oauth/cb?x=1",
    })
}

// ---------------------------------------------------------------------------------------------
// 6. The table

#[test]
fn the_table_has_seven_outlign_rows_with_unique_prefixed_names() {
    let names: Vec<&str> = OUTLIGN_ENDPOINTS.iter().map(|e| e.name).collect();
    assert_eq!(
        names,
        [
            "outlign.clients.list",
            "outlign.clients.get",
            "outlign.clients.create",
            "outlign.clients.update",
            "outlign.clients.delete",
            "outlign.companies.list",
            "outlign.oauth.token",
        ]
    );
    for (i, e) in OUTLIGN_ENDPOINTS.iter().enumerate() {
        assert_eq!(e.api, Api::Outlign, "{}", e.name);
        assert!(e.name.starts_with("outlign."), "{}", e.name);
        assert!(OUTLIGN_ENDPOINTS[i + 1..].iter().all(|o| o.name != e.name && o.id != e.id), "{} is not unique", e.name);
        assert!(ENDPOINTS.iter().all(|t| t.name != e.name), "{} clashes with a TMR row", e.name);
        assert!(e.role.is_none() && e.scope.is_none(), "{}: Outlign has no roles or scopes", e.name);
    }
    assert!(ENDPOINTS.iter().all(|t| t.api == Api::Tmr), "the TMR table holds TMR rows only");
    assert_eq!(tmr_client::outlign_endpoint!("outlign.clients.update"), ep("outlign.clients.update"));
}

#[test]
fn retry_classes_and_arities() {
    // (name, retry class, arity: the {id} then the input)
    let rows = [
        ("outlign.clients.list", RetryClass::Idempotent, 1),
        ("outlign.clients.get", RetryClass::Idempotent, 1),
        ("outlign.clients.create", RetryClass::OnlyIfRefused, 1),
        ("outlign.clients.update", RetryClass::Idempotent, 2),
        ("outlign.clients.delete", RetryClass::Idempotent, 1),
        ("outlign.companies.list", RetryClass::Idempotent, 0),
        ("outlign.oauth.token", RetryClass::OnlyIfRefused, 1),
    ];
    assert_eq!(rows.len(), OUTLIGN_ENDPOINTS.len());
    for (name, retry, arity) in rows {
        let e = ep(name);
        assert_eq!(e.retry, retry, "{name}");
        assert_eq!(e.arity(), arity, "{name}");
    }
    assert_eq!(ep("outlign.clients.update").group_and_method(), ("outlign.clients", "update"));
}

// ---------------------------------------------------------------------------------------------
// 1. Requests

/// (endpoint, args, method, URL after the base, body bytes or None)
fn request_cases() -> Vec<(&'static str, Value, Method, &'static str, Option<&'static str>)> {
    use Method::{Delete, Get, Post, Put};
    vec![
        ("outlign.clients.list", json!([]), Get, "/api/v1/clients", None),
        ("outlign.clients.list", json!([null]), Get, "/api/v1/clients", None),
        ("outlign.clients.list", json!([{}]), Get, "/api/v1/clients", None),
        // The seed page's own example.
        ("outlign.clients.list", json!([{"companyId": 456, "perPage": 25}]), Get, "/api/v1/clients?company_id=456&per_page=25", None),
        // Always company_id, title, per_page, whatever the input's key order.
        (
            "outlign.clients.list",
            json!([{"perPage": 1000, "title": "Acme & Co/ü+?", "companyId": 9_007_199_254_740_991u64}]),
            Get,
            "/api/v1/clients?company_id=9007199254740991&title=Acme%20%26%20Co%2F%C3%BC%2B%3F&per_page=1000",
            None,
        ),
        ("outlign.clients.list", json!([{"title": "  Acme  ", "perPage": 1}]), Get, "/api/v1/clients?title=Acme&per_page=1", None),
        ("outlign.clients.list", json!([{"companyId": null, "title": null, "perPage": null}]), Get, "/api/v1/clients", None),
        // A blank search (a cleared search box) filters nothing.
        ("outlign.clients.list", json!([{"title": "  ", "perPage": 5}]), Get, "/api/v1/clients?per_page=5", None),
        ("outlign.clients.get", json!([123]), Get, "/api/v1/clients/123", None),
        ("outlign.clients.get", json!([9_007_199_254_740_991u64]), Get, "/api/v1/clients/9007199254740991", None),
        (
            "outlign.clients.create",
            json!([{"title": "New Client Corp", "companyId": 456}]),
            Post,
            "/api/v1/clients",
            Some(r#"{"title":"New Client Corp","company_id":456}"#),
        ),
        // Key order of the input does not matter; the title is trimmed.
        (
            "outlign.clients.create",
            json!([{"companyId": 456, "title": "  x  "}]),
            Post,
            "/api/v1/clients",
            Some(r#"{"title":"x","company_id":456}"#),
        ),
        (
            "outlign.clients.create",
            json!([{"title": "Ünïcødé \"quoted\"", "companyId": 1}]),
            Post,
            "/api/v1/clients",
            Some(r#"{"title":"Ünïcødé \"quoted\"","company_id":1}"#),
        ),
        (
            "outlign.clients.update",
            json!([123, {"title": "Acme Corporation Ltd"}]),
            Put,
            "/api/v1/clients/123",
            Some(r#"{"title":"Acme Corporation Ltd"}"#),
        ),
        ("outlign.clients.update", json!([123, {"title": " Acme\t"}]), Put, "/api/v1/clients/123", Some(r#"{"title":"Acme"}"#)),
        ("outlign.clients.update", json!([123, {}]), Put, "/api/v1/clients/123", Some("{}")),
        ("outlign.clients.update", json!([123, {"title": null}]), Put, "/api/v1/clients/123", Some("{}")),
        ("outlign.clients.delete", json!([123]), Delete, "/api/v1/clients/123", None),
        ("outlign.companies.list", json!([]), Get, "/api/v1/companies", None),
        (
            "outlign.oauth.token",
            json!([code_grant()]),
            Post,
            "/oauth/token",
            Some(
                "grant_type=authorization_code&client_id=app-1&client_secret=s3cr%2Bt%2Fx&code=def502%20abc\
                 &redirect_uri=https%3A%2F%2Fapp.example.com%2Foauth%2Fcb%3Fx%3D1",
            ),
        ),
        (
            "outlign.oauth.token",
            json!([{"grantType": "refresh_token", "clientId": "app-1", "clientSecret": "shh", "refreshToken": "def50200=="}]),
            Post,
            "/oauth/token",
            Some("grant_type=refresh_token&client_id=app-1&client_secret=shh&refresh_token=def50200%3D%3D"),
        ),
    ]
}

#[test]
fn every_endpoint_builds_its_exact_request() {
    let mut covered: Vec<&str> = vec![];
    for (name, args, method, path, body) in request_cases() {
        let req = build(name, args.clone()).unwrap_or_else(|e| panic!("{name} {args}: {e}"));
        assert_eq!(req.method, method, "{name} {args}");
        assert_eq!(req.url, format!("{BASE}{path}"), "{name} {args}");
        assert_eq!(req.body.as_deref(), body.map(str::as_bytes), "{name} {args}: {:?}", req.body.as_deref().map(String::from_utf8_lossy));
        let bearer = ("Authorization", format!("Bearer {TOKEN}"));
        let accept = ("Accept", JSON.to_owned());
        let expected = match (name, body) {
            ("outlign.oauth.token", _) => vec![accept, ("Content-Type", FORM.to_owned())],
            (_, Some(_)) => vec![bearer, accept, ("Content-Type", JSON.to_owned())],
            (_, None) => vec![bearer, accept],
        };
        assert_eq!(req.headers, expected, "{name} {args}");
        covered.push(name);
    }
    for e in &OUTLIGN_ENDPOINTS {
        assert!(covered.contains(&e.name), "{} has no request case", e.name);
    }
}

#[test]
fn the_token_request_never_carries_a_bearer_and_never_shows_the_secret() {
    let req = build("outlign.oauth.token", json!([code_grant()])).unwrap();
    assert_eq!(req.header("authorization"), None);
    assert!(!req.url.contains("s3cr"), "the secret goes in the body only");
    let printed = format!("{req:?}");
    assert!(!printed.contains("s3cr") && !printed.contains(TOKEN), "{printed}");
    // A bearer request prints redacted too.
    let printed = format!("{:?}", build("outlign.clients.get", json!([1])).unwrap());
    assert!(!printed.contains(TOKEN) && printed.contains("Bearer [redacted]"), "{printed}");
}

#[test]
fn the_base_url_is_the_origin_and_a_trailing_slash_is_dropped() {
    let cfg = Config::new(TOKEN, Some("https://GO.outlign.co/"), None, None).unwrap();
    let req = request::build(&cfg, ep("outlign.clients.get"), &[json!(7)], None).unwrap();
    assert_eq!(req.url, "https://go.outlign.co/api/v1/clients/7");
    let cfg = Config::new(TOKEN, Some("http://127.0.0.1:8787"), None, None).unwrap();
    let req = request::build(&cfg, ep("outlign.oauth.token"), &[code_grant()], None).unwrap();
    assert_eq!(req.url, "http://127.0.0.1:8787/oauth/token");
}

// ---------------------------------------------------------------------------------------------
// 2. Validation before sending

#[test]
fn ids_must_be_positive_safe_integers() {
    let bad = [
        (json!(1.5), "got 1.5"),
        (json!(-1), "got -1"),
        (json!(0), "got 0"),
        (json!("7"), "got \"7\""),
        (Value::Null, "got nothing"),
        (json!(9_007_199_254_740_992u64), "got 9007199254740992"),
        (json!(u64::MAX), "got 18446744073709551615"),
        (json!(true), "got true"),
        (json!([7]), "got [7]"),
    ];
    for name in ["outlign.clients.get", "outlign.clients.update", "outlign.clients.delete"] {
        for (id, shown) in &bad {
            let msg = invalid(name, json!([id, {"title": "ok"}]));
            assert!(msg.starts_with("id must be a positive integer"), "{name} {id}: {msg}");
            assert!(msg.contains(shown), "{name} {id}: {msg}");
        }
        // Absent altogether.
        let msg = invalid(name, json!([]));
        assert!(msg.starts_with("id must be") && msg.contains("got nothing"), "{name}: {msg}");
    }
}

#[test]
fn list_query_values_are_checked() {
    let bad = [
        (json!({"perPage": 0}), "query.perPage", "got 0"),
        (json!({"perPage": 1001}), "query.perPage", "got 1001"),
        (json!({"perPage": 2.5}), "query.perPage", "got 2.5"),
        (json!({"perPage": "10"}), "query.perPage", "got \"10\""),
        (json!({"perPage": -5}), "query.perPage", "got -5"),
        (json!({"companyId": "456"}), "query.companyId", "got \"456\""),
        (json!({"companyId": 0}), "query.companyId", "got 0"),
        (json!({"companyId": 4.5}), "query.companyId", "got 4.5"),
        (json!({"title": 5}), "query.title", "got 5"),
        (json!({"title": "x".repeat(256)}), "query.title", "got \"xxxx"),
        (json!({"page": 2}), "query has an unknown key \"page\"", "allowed: companyId, title, perPage"),
        (json!({"company_id": 456}), "unknown key \"company_id\"", "companyId"),
        (json!({"per_page": 25}), "unknown key \"per_page\"", "perPage"),
        (json!("company_id=456"), "query must be an object", "got \"company_id=456\""),
        (json!([456]), "query must be an object", "got [456]"),
    ];
    for (query, param, shown) in bad {
        let msg = invalid("outlign.clients.list", json!([query]));
        assert!(msg.contains(param) && msg.contains(shown), "{query}: {msg}");
    }
    // The bounds themselves are fine.
    for ok in [json!({"perPage": 1}), json!({"perPage": 1000}), json!({"title": "é".repeat(255)})] {
        build("outlign.clients.list", json!([ok])).unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
}

#[test]
fn create_needs_a_title_and_a_company() {
    let long = "x".repeat(256);
    let bad = [
        (json!({"companyId": 456}), "input.title is required"),
        (json!({"title": null, "companyId": 456}), "input.title is required"),
        (json!({"title": "", "companyId": 456}), "input.title must be 1 to 255 characters after trimming; got \"\""),
        (json!({"title": "  \t\n ", "companyId": 456}), "input.title must be 1 to 255 characters after trimming; got \"  \\t\\n \""),
        (json!({"title": long, "companyId": 456}), "input.title must be 1 to 255 characters after trimming; got \"xxxxxxxx"),
        (json!({"title": format!(" {} ", "é".repeat(256)), "companyId": 456}), "input.title must be 1 to 255"),
        (json!({"title": 42, "companyId": 456}), "input.title must be a string; got 42"),
        (json!({"title": "Acme"}), "input.companyId is required"),
        (json!({"title": "Acme", "companyId": null}), "input.companyId is required"),
        (json!({"title": "Acme", "companyId": "456"}), "input.companyId must be a positive integer (an Outlign id); got \"456\""),
        (json!({"title": "Acme", "companyId": 0}), "input.companyId must be a positive integer (an Outlign id); got 0"),
        (json!({"title": "Acme", "companyId": -456}), "input.companyId must be a positive integer (an Outlign id); got -456"),
        (json!({"title": "Acme", "company_id": 456}), "input has an unknown key \"company_id\"; allowed: title, companyId"),
        (json!({"title": "Acme", "companyId": 456, "notes": "x"}), "input has an unknown key \"notes\""),
        (Value::Null, "input must be an object; got nothing"),
        (json!("Acme"), "input must be an object; got \"Acme\""),
    ];
    for (input, expected) in bad {
        let msg = invalid("outlign.clients.create", json!([input]));
        assert!(msg.starts_with(expected), "{input}: {msg}");
    }
    // 255 characters after trimming are fine, counted in characters, not bytes.
    for title in ["x".repeat(255), format!("  {}  ", "x".repeat(255)), "é".repeat(255), "👍".repeat(255)] {
        let req = build("outlign.clients.create", json!([{"title": title, "companyId": 456}])).unwrap_or_else(|e| panic!("{e}"));
        let body: Value = serde_json::from_slice(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(body, json!({"title": title.trim(), "company_id": 456}));
    }
}

#[test]
fn update_checks_its_optional_title() {
    let bad = [
        (json!({"title": ""}), "input.title must be 1 to 255 characters after trimming; got \"\""),
        (json!({"title": "   "}), "input.title must be 1 to 255 characters after trimming; got \"   \""),
        (json!({"title": "y".repeat(256)}), "input.title must be 1 to 255 characters after trimming; got \"yyyy"),
        (json!({"title": false}), "input.title must be a string; got false"),
        (json!({"name": "Acme"}), "input has an unknown key \"name\"; allowed: title"),
        (json!({"title": "Acme", "companyId": 456}), "input has an unknown key \"companyId\""),
    ];
    for (input, expected) in bad {
        let msg = invalid("outlign.clients.update", json!([123, input]));
        assert!(msg.starts_with(expected), "{input}: {msg}");
    }
    let req = build("outlign.clients.update", json!([123, {"title": "z".repeat(255)}])).unwrap();
    assert_eq!(req.body.unwrap(), format!(r#"{{"title":"{}"}}"#, "z".repeat(255)).into_bytes());
}

#[test]
fn token_grants_are_checked_without_showing_secrets() {
    let with = |patch: Value| {
        let mut g = code_grant();
        for (k, v) in patch.as_object().unwrap() {
            if v.is_null() {
                g.as_object_mut().unwrap().remove(k);
            } else {
                g[k] = v.clone();
            }
        }
        g
    };
    let bad = [
        (with(json!({"clientSecret": null})), "clientSecret is required"),
        (with(json!({"clientSecret": ""})), "clientSecret must be a non-empty string"),
        (with(json!({"clientId": null})), "clientId is required"),
        (with(json!({"clientId": "  "})), "clientId must be a non-empty string without control characters; got \"  \""),
        (with(json!({"code": null})), "code is required"),
        (with(json!({"grantType": null})), "grantType must be a string; got nothing"),
        (with(json!({"grantType": "password"})), "grantType must be \"authorization_code\" or \"refresh_token\"; got \"password\""),
        (with(json!({"grantType": "client_credentials"})), "grantType must be \"authorization_code\" or \"refresh_token\"; got \"client_"),
        (with(json!({"redirectUri": null})), "redirectUri is required"),
        (with(json!({"redirectUri": "/oauth/cb"})), "redirectUri must be an absolute URL without spaces or a #fragment; got \"/oauth/cb\""),
        (with(json!({"redirectUri": "app.example.com/cb"})), "redirectUri must be an absolute URL"),
        (
            with(json!({"redirectUri": "https://app.example.com/cb#done"})),
            "redirectUri must be an absolute URL without spaces or a #fragment; got \"https://app.example.com/cb#done\"",
        ),
        (with(json!({"redirectUri": "https://app.example.com/a b"})), "redirectUri must be an absolute URL"),
        (with(json!({"scope": "outlign:all"})), "grant has an unknown key \"scope\""),
        (json!({"grantType": "refresh_token", "clientId": "app-1", "clientSecret": "shh"}), "refreshToken is required"),
        (Value::Null, "grant must be an object; got nothing"),
    ];
    for (grant, expected) in bad {
        let msg = invalid("outlign.oauth.token", json!([grant]));
        assert!(msg.starts_with(expected), "{grant}: {msg}");
        assert!(!msg.contains("s3cr"), "{msg}");
    }
    // A secret that cannot be sent is refused without being quoted, whatever its type.
    for secret in [json!("top\nsecret-value"), json!("top\u{0}secret-value"), json!(987_654_321), json!({"v": "top-secret-value"})] {
        let msg = invalid("outlign.oauth.token", json!([with(json!({"clientSecret": secret}))]));
        assert!(msg.starts_with("clientSecret must be"), "{msg}");
        assert!(msg.contains("value not shown"), "{msg}");
        assert!(!msg.contains("secret-value") && !msg.contains("987654321"), "{msg}");
    }
    // Codes and refresh tokens are credentials too.
    let refresh = json!({"grantType": "refresh_token", "clientId": "app-1", "clientSecret": "shh", "refreshToken": "ok"});
    for (mut g, key, value) in [(code_grant(), "code", "a\nb-code-value"), (refresh, "refreshToken", "r\rtoken-value")] {
        g[key] = json!(value);
        let msg = invalid("outlign.oauth.token", json!([g]));
        assert!(msg.starts_with(&format!("{key} must be")) && !msg.contains("-value"), "{msg}");
    }
}

#[test]
fn a_list_title_is_counted_after_trimming_like_a_client_title() {
    let padded = format!("  {}  ", "x".repeat(255));
    let req = build("outlign.clients.list", json!([{"title": padded}])).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(req.url, format!("{BASE}/api/v1/clients?title={}", "x".repeat(255)));
}

#[test]
fn an_outlign_config_defaults_to_go_outlign_and_names_its_token() {
    let cfg = Config::outlign("eyJ", None, None, None).unwrap();
    assert_eq!(cfg.base_url(), "https://go.outlign.co");
    let req = request::build(&cfg, ep("outlign.companies.list"), &[], None).unwrap();
    assert_eq!(req.url, "https://go.outlign.co/api/v1/companies");
    assert_eq!(req.header("authorization"), Some("Bearer eyJ"));
    let refused = |token: &str| Config::outlign(token, None, None, None).unwrap_err().to_string();
    assert!(refused("").starts_with("accessToken is required"), "{}", refused(""));
    assert!(refused("has space").starts_with("accessToken must be exactly as issued"), "{}", refused("has space"));
    assert!(!refused("has space").contains("has space"));
    let http = Config::outlign("t", Some("http://example.com"), None, None).unwrap_err().to_string();
    assert!(http.contains("must use https://"), "{http}");
    assert_eq!(Config::outlign("t", Some("http://127.0.0.1:4010/"), None, None).unwrap().base_url(), "http://127.0.0.1:4010");
    assert_eq!(Config::outlign_without_token(None, None, None).unwrap().api_key(), "");
}
