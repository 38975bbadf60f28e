//! Outlign's bearer check, OAuth token and authorise endpoints, token lifetimes, reset, stats,
//! faults and the personas list, in the mock engine.

mod outlign_support;

use outlign_support::{form, message, Body, ALICE, BOB, CLIENT_ID, CODE, EXPIRED, NOW, O, REDIRECT, SECRET};
use serde_json::{json, Value};
use tmr_client::core::outlign::OUTLIGN_ENDPOINTS;
use tmr_mock::engine::http::Request;
use tmr_mock::engine::OutlignObjects;

const UNAUTHENTICATED: &str = "Unauthenticated.";

fn code_grant<'a>(code: &'a str, redirect: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("grant_type", "authorization_code"),
        ("client_id", CLIENT_ID),
        ("client_secret", SECRET),
        ("code", code),
        ("redirect_uri", redirect),
    ]
}

fn refresh_grant(token: &str) -> Vec<(&str, &str)> {
    vec![("grant_type", "refresh_token"), ("client_id", CLIENT_ID), ("client_secret", SECRET), ("refresh_token", token)]
}

fn oauth_error(status: u16, error: &str, description: &str) -> (u16, Value) {
    (status, json!({"error": error, "error_description": description, "message": description}))
}

fn invalid_request(param: &str) -> (u16, Value) {
    oauth_error(
        400,
        "invalid_request",
        &format!("The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed. Check the `{param}` parameter"),
    )
}

const INVALID_GRANT: &str = "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";

#[test]
fn every_api_endpoint_needs_a_live_bearer_token() {
    let mut t = O::new();
    for e in OUTLIGN_ENDPOINTS.iter().filter(|e| e.path.starts_with("/api/v1/")) {
        let path = e.path.replace("{id}", "123");
        let body = || Body::Json(json!({"title": "x", "company_id": 456}));
        for auth in [None, Some("outlign-nobody"), Some(EXPIRED), Some("")] {
            assert_eq!(t.call(auth, e.method.as_str(), &path, body()), (401, message(UNAUTHENTICATED)), "{} {auth:?}", e.name);
        }
        let r = t.send(None, e.method.as_str(), &path, body(), None);
        assert_eq!(r.headers, vec![("content-type", "application/json".to_owned())]);
    }
    let mut req = Request { method: "GET".into(), path: "/api/v1/companies".into(), ..Request::default() };
    for (header, status) in
        [("Basic b3V0bGlnbi1hbGljZQ==", 401), ("outlign-alice", 401), ("bearer outlign-alice", 200), ("Bearer  outlign-alice ", 200)]
    {
        req.authorization = Some(header.into());
        assert_eq!(t.mock.handle(&req, NOW).status, status, "{header}");
    }
    assert_eq!(t.ids(ALICE, "/api/v1/clients?per_page=1"), [123]);
}

#[test]
fn code_exchange_and_the_issued_token() {
    let mut t = O::new();
    let (status, v) = t.token(&code_grant(CODE, REDIRECT));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v, json!({"access_token": "olt-1-alice", "refresh_token": "olr-1-alice", "token_type": "Bearer", "expires_in": 3600}));
    assert_eq!(t.ids("olt-1-alice", "/api/v1/clients"), [123, 124, 125, 126], "the token is alice's");
    let (status, v) = t.token(&code_grant(CODE, "http://localhost:8080/cb?x=1"));
    assert_eq!((status, &v["access_token"]), (200, &json!("olt-2-alice")), "the fixed code is reusable, with any loopback URI");
    for redirect in ["http://localhost", "http://127.0.0.1/", "http://127.0.0.1:1/a/b"] {
        assert_eq!(t.token(&code_grant(CODE, redirect)).0, 200, "{redirect}");
    }
    for redirect in [
        "https://127.0.0.1:5173/cb",
        "http://example.com/cb",
        "http://127.0.0.1.example.com/cb",
        "http://localhost:5173/cb#frag",
        "http://localhost:/cb",
    ] {
        assert_eq!(t.token(&code_grant(CODE, redirect)), oauth_error(400, "invalid_grant", INVALID_GRANT), "{redirect}");
    }
    assert_eq!(t.token(&code_grant("outlign-code-bob", REDIRECT)), oauth_error(400, "invalid_grant", INVALID_GRANT));
    let r = t.send(None, "POST", "/oauth/token", Body::Form(form(&code_grant(CODE, REDIRECT))), None);
    assert!(r.headers.contains(&("cache-control", "no-store".into())), "{:?}", r.headers);
    // Percent-decoding of the form: an encoded redirect URI is the same URI.
    let raw = format!("grant_type=authorization_code&client_id={CLIENT_ID}&client_secret={SECRET}&code={CODE}&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb");
    assert_eq!(t.call(None, "POST", "/oauth/token", Body::Form(raw)).0, 200);
}

#[test]
fn refresh_tokens() {
    let mut t = O::new();
    let (status, v) = t.token(&refresh_grant("outlign-refresh-bob"));
    assert_eq!((status, &v["access_token"], &v["refresh_token"]), (200, &json!("olt-1-bob"), &json!("olr-1-bob")));
    assert_eq!(t.ids("olt-1-bob", "/api/v1/clients"), [125, 126, 127]);
    assert_eq!(t.token(&refresh_grant("outlign-refresh-bob")).1["access_token"], "olt-2-bob", "reusable");
    assert_eq!(t.token(&refresh_grant("olr-1-bob")).1["access_token"], "olt-3-bob", "an issued refresh token works too");
    assert_eq!(t.token(&refresh_grant("outlign-refresh-alice")).1["access_token"], "olt-4-alice");
    assert_eq!(t.ids("olt-1-bob", "/api/v1/clients?per_page=1"), [125], "earlier access tokens stay valid");
    assert_eq!(t.token(&refresh_grant("outlign-refresh-carol")), oauth_error(400, "invalid_grant", INVALID_GRANT));
    assert_eq!(
        t.token(&refresh_grant("outlign-alice")),
        oauth_error(400, "invalid_grant", INVALID_GRANT),
        "an access token is not a refresh token"
    );
}

#[test]
fn token_errors_never_echo_the_secret() {
    let mut t = O::new();
    let unsupported =
        oauth_error(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
    let mut password = refresh_grant("outlign-refresh-alice");
    password[0] = ("grant_type", "password");
    assert_eq!(t.token(&password), unsupported);
    assert_eq!(t.token(&[("grant_type", "client_credentials")]), unsupported);
    assert_eq!(t.token(&[]), invalid_request("grant_type"));
    assert_eq!(
        t.call(None, "POST", "/oauth/token", Body::Raw(b"{\"grant_type\":\"refresh_token\"}")),
        invalid_request("grant_type"),
        "JSON is not a form"
    );
    let full = code_grant(CODE, REDIRECT);
    for missing in ["client_id", "client_secret", "code", "redirect_uri"] {
        let fields: Vec<_> = full.iter().copied().filter(|(k, _)| *k != missing).collect();
        assert_eq!(t.token(&fields), invalid_request(missing), "without {missing}");
        let empty: Vec<_> = full.iter().map(|(k, v)| (*k, if *k == missing { "" } else { *v })).collect();
        assert_eq!(t.token(&empty), invalid_request(missing), "{missing} empty");
    }
    let fields: Vec<_> = refresh_grant("x").into_iter().filter(|(k, _)| *k != "refresh_token").collect();
    assert_eq!(t.token(&fields), invalid_request("refresh_token"));
    let invalid_client = oauth_error(401, "invalid_client", "Client authentication failed");
    let wrong_secret = "s3cr3t+wrong value";
    for (k, v) in [("client_id", "someone-else"), ("client_secret", wrong_secret), ("client_secret", "outlign-demo-secret ")] {
        let fields: Vec<_> = full.iter().map(|(fk, fv)| (*fk, if *fk == k { v } else { *fv })).collect();
        let r = t.send(None, "POST", "/oauth/token", Body::Form(form(&fields)), None);
        assert_eq!((r.status, serde_json::from_slice::<Value>(&r.body).unwrap()), invalid_client.clone(), "{k}={v}");
        let text = String::from_utf8_lossy(&r.body).into_owned();
        assert!(!text.contains("s3cr3t") && !text.contains(SECRET) && !text.contains(CODE), "{text}");
    }
    // The client is checked before the code: a wrong secret with a bad code is still 401.
    let fields = [
        ("grant_type", "authorization_code"),
        ("client_id", CLIENT_ID),
        ("client_secret", "nope"),
        ("code", "bad"),
        ("redirect_uri", REDIRECT),
    ];
    assert_eq!(t.token(&fields), invalid_client);
    let stats = t.control("GET", "/__mock/stats");
    assert!(!stats.to_string().contains(SECRET), "{stats}");
}

#[test]
fn access_tokens_expire_after_the_ttl() {
    let mut t = O::new();
    let start = t.now;
    assert_eq!(t.token(&code_grant(CODE, REDIRECT)).1["expires_in"], 3600);
    t.now = start + 3_599_999;
    assert_eq!(t.get("olt-1-alice", "/api/v1/companies").0, 200);
    t.now = start + 3_600_000;
    assert_eq!(t.get("olt-1-alice", "/api/v1/companies"), (401, message(UNAUTHENTICATED)));
    assert_eq!(t.get(ALICE, "/api/v1/companies").0, 200, "the fixed tokens never expire");
    assert_eq!(t.get(EXPIRED, "/api/v1/companies").0, 401);
    let (_, v) = t.token(&refresh_grant("olr-1-alice"));
    assert_eq!(t.get(v["access_token"].as_str().unwrap(), "/api/v1/companies").0, 200, "refreshing after a 401 works");

    t.mock.set_outlign_token_ttl(2);
    let start = t.now;
    let (_, v) = t.token(&refresh_grant("outlign-refresh-bob"));
    assert_eq!(v["expires_in"], 2);
    let bob = v["access_token"].as_str().unwrap().to_owned();
    t.now = start + 1_999;
    assert_eq!(t.get(&bob, "/api/v1/clients").0, 200);
    t.now = start + 2_000;
    assert_eq!(t.get(&bob, "/api/v1/clients").0, 401);
}

fn authorize(t: &mut O, query: &str) -> (u16, Option<String>, Value) {
    let r = t.send(None, "GET", &format!("/oauth/authorize?{query}"), Body::None, None);
    let location = r.headers.iter().find(|(k, _)| *k == "location").map(|(_, v)| v.clone());
    (r.status, location, serde_json::from_slice(&r.body).unwrap_or(Value::Null))
}

#[test]
fn authorize_redirects_with_a_single_use_code() {
    let mut t = O::new();
    // The URL the SDK builds for the flow, served by the mock.
    let url =
        tmr_client::core::outlign::oauth::authorize_url("http://127.0.0.1:4010", &json!(CLIENT_ID), &json!(REDIRECT), &json!("a b&c"))
            .unwrap();
    let (status, location, _) = authorize(&mut t, url.split_once('?').unwrap().1);
    assert_eq!((status, location.as_deref()), (302, Some("http://127.0.0.1:5173/callback?code=olc-1-alice&state=a%20b%26c")));
    assert_eq!(
        t.token(&code_grant("olc-1-alice", "http://localhost:5173/callback")),
        oauth_error(400, "invalid_grant", INVALID_GRANT),
        "another redirect URI"
    );
    let (status, v) = t.token(&code_grant("olc-1-alice", REDIRECT));
    assert_eq!((status, &v["access_token"]), (200, &json!("olt-2-alice")));
    assert_eq!(t.token(&code_grant("olc-1-alice", REDIRECT)), oauth_error(400, "invalid_grant", INVALID_GRANT), "single use");
    let (status, location, _) =
        authorize(&mut t, "client_id=outlign-demo&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb%3Fx%3D1&response_type=code");
    assert_eq!((status, location.as_deref()), (302, Some("http://localhost:3000/cb?x=1&code=olc-3-alice")), "no state: none sent back");

    let bad_client = oauth_error(400, "invalid_client", "Client authentication failed");
    let cases = [
        ("redirect_uri=http://localhost/cb&response_type=code", invalid_request("client_id")),
        ("client_id=other&redirect_uri=http://localhost/cb&response_type=code", bad_client),
        ("client_id=outlign-demo&response_type=code", invalid_request("redirect_uri")),
        ("client_id=outlign-demo&redirect_uri=https://evil.example/cb&response_type=code", invalid_request("redirect_uri")),
        ("client_id=outlign-demo&redirect_uri=http://localhost/cb", invalid_request("response_type")),
        (
            "client_id=outlign-demo&redirect_uri=http://localhost/cb&response_type=token",
            oauth_error(
                400,
                "unsupported_response_type",
                "The authorization server does not support obtaining an authorization code using this method.",
            ),
        ),
    ];
    for (query, expected) in cases {
        let (status, location, v) = authorize(&mut t, query);
        assert_eq!(((status, v), location), (expected, None), "{query}");
    }
}

#[test]
fn reset_restores_outlign_but_keeps_its_settings() {
    let mut t = O::new();
    t.mock.set_outlign_objects(OutlignObjects::B);
    t.mock.set_outlign_token_ttl(60);
    assert_eq!(t.call(Some(ALICE), "POST", "/api/v1/clients", Body::Json(json!({"title": "New", "company_id": 456}))).1["id"], 128);
    assert_eq!(t.call(Some(BOB), "DELETE", "/api/v1/clients/127", Body::None).0, 204);
    let (_, v) = t.token(&code_grant(CODE, REDIRECT));
    let issued = v["access_token"].as_str().unwrap().to_owned();
    assert_eq!(t.control("POST", "/__mock/reset"), json!({"reset": true}));
    assert_eq!(t.ids(ALICE, "/api/v1/clients"), [123, 124, 125, 126]);
    assert_eq!(t.ids(BOB, "/api/v1/clients"), [125, 126, 127]);
    assert_eq!(t.get(&issued, "/api/v1/clients").0, 401, "issued tokens are forgotten");
    assert_eq!(t.token(&refresh_grant("olr-1-alice")).0, 400, "issued refresh tokens too");
    let (_, v) = t.token(&code_grant(CODE, REDIRECT));
    assert_eq!((&v["access_token"], &v["expires_in"]), (&json!("olt-1-alice"), &json!(60)), "serials restart; the TTL is kept");
    let (_, v) = t.call(Some(ALICE), "POST", "/api/v1/clients", Body::Json(json!({"title": "Again", "company_id": 456})));
    assert_eq!(v["id"], 128);
    assert!(v.get("company_id").is_none(), "still version B: {v}");
}

#[test]
fn stats_count_outlign_by_endpoint_and_user() {
    let mut t = O::new();
    t.get(ALICE, "/api/v1/clients");
    t.get(ALICE, "/api/v1/clients");
    t.get(BOB, "/api/v1/companies");
    t.call(None, "GET", "/api/v1/clients", Body::None);
    t.call(Some(ALICE), "POST", "/api/v1/clients", Body::Json(json!({"title": "x", "company_id": 456})));
    t.call(Some(ALICE), "POST", "/api/v1/clients", Body::Json(json!({"title": ""})));
    t.token(&code_grant(CODE, REDIRECT));
    let stats = t.control("GET", "/__mock/stats");
    assert_eq!(stats["requests"]["outlign.clients.list"], json!({"alice": 2}), "a refused token is not counted");
    assert_eq!(stats["requests"]["outlign.companies.list"], json!({"bob": 1}));
    assert_eq!(stats["requests"]["outlign.clients.create"], json!({"alice": 2}));
    assert_eq!(stats["writes"]["outlign.clients.create"], json!({"alice": 1}), "only the applied write");
    assert_eq!(stats["writes"]["outlign.oauth.token"], json!({"oauth": 1}));
}

#[test]
fn faults_apply_to_outlign() {
    let mut t = O::new();
    let call = |t: &mut O, fault: &str| t.send(Some(ALICE), "GET", "/api/v1/clients", Body::None, Some(fault));
    let r = call(&mut t, "status=503");
    assert_eq!((r.status, serde_json::from_slice::<Value>(&r.body).unwrap()), (503, message("Service Unavailable.")));
    let r = call(&mut t, "status=429; retry-after=7; latency=20");
    assert_eq!((r.status, r.delay_ms), (429, 20));
    assert!(r.headers.contains(&("retry-after", "7".into())));
    assert!(call(&mut t, "drop").drop);
    assert!(serde_json::from_slice::<Value>(&call(&mut t, "malformed").body).is_err());
    let whole = call(&mut t, "latency=5").body.len();
    assert_eq!(call(&mut t, "truncate").body.len(), whole / 2);
    let r = call(&mut t, "explode");
    assert_eq!((r.status, serde_json::from_slice::<Value>(&r.body).unwrap()), (400, message("x-mock-fault: unknown directive `explode`")));
    let r = t.send(None, "GET", "/api/v1/clients", Body::None, Some("status=503"));
    assert_eq!(r.status, 401, "auth is checked before a fault replaces the answer");
    let create = |t: &mut O, title: &str, fault: &str| {
        t.send(Some(ALICE), "POST", "/api/v1/clients", Body::Json(json!({"title": title, "company_id": 456})), Some(fault)).status
    };
    assert_eq!(create(&mut t, "Not applied", "status=500"), 500);
    assert_eq!(create(&mut t, "Applied", "status=500; after-write"), 500);
    assert_eq!(t.get(ALICE, "/api/v1/clients?title=applied").1.as_array().unwrap().len(), 1, "only the after-write create happened");
    assert_eq!(t.get(ALICE, "/api/v1/clients/128").1["title"], "Applied");
    let r = t.send(None, "POST", "/oauth/token", Body::Form(form(&code_grant(CODE, REDIRECT))), Some("status=502"));
    assert_eq!(r.status, 502);
}

#[test]
fn personas_list_outlign_beside_the_unchanged_tmr_list() {
    let mut t = O::new();
    let tmr = t.control("GET", "/__mock/personas");
    assert_eq!(tmr[0]["persona"], "owner", "still the array the demo reads");
    let p = t.control("GET", "/__mock/personas/outlign");
    assert_eq!(p, t.mock.outlign_personas());
    assert_eq!(
        p["tokens"],
        json!([
            {"persona": "alice", "token": ALICE, "userId": 1, "name": "Alice Agency", "expires": "never"},
            {"persona": "bob", "token": BOB, "userId": 2, "name": "Bob Baker", "expires": "never"},
            {"persona": "expired", "token": EXPIRED, "userId": 1, "name": "Alice Agency", "expires": "always"},
        ])
    );
    assert_eq!(
        p["refreshTokens"],
        json!([{"persona": "alice", "refreshToken": "outlign-refresh-alice", "userId": 1}, {"persona": "bob", "refreshToken": "outlign-refresh-bob", "userId": 2}])
    );
    assert_eq!(
        (&p["oauth"]["clientId"], &p["oauth"]["clientSecret"], &p["oauth"]["code"]),
        (&json!(CLIENT_ID), &json!(SECRET), &json!(CODE))
    );
    assert_eq!((&p["oauth"]["scope"], &p["tokenTtl"], &p["objects"]), (&json!("outlign:all"), &json!(3600), &json!("a")));
    t.token(&code_grant(CODE, REDIRECT));
    assert_eq!(t.control("GET", "/__mock/personas/outlign")["tokens"].as_array().unwrap().len(), 3, "issued tokens are not personas");
}
