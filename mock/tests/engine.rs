//! The mock engine without HTTP: order of checks, business rules, state across calls, rate
//! buckets, faults and the control surface.

use serde_json::{json, Value};
use tmr_mock::engine::builtin::{token, uuid};
use tmr_mock::engine::http::{Request, Response};
use tmr_mock::engine::{builtin, Mock};

const NOW: u64 = 1_795_000_000_000; // 2026-11-18
const ACME: u32 = 1;
const GLOBEX: u32 = 5;
const FULL: u32 = 6;
const LIMIT: u32 = 7;

fn team(n: u32) -> String {
    uuid(2, n)
}

fn user(n: u32) -> String {
    uuid(1, n)
}

struct T {
    mock: Mock,
    now: u64,
}

impl T {
    fn new() -> T {
        T { mock: Mock::new(builtin::world()), now: NOW }
    }

    fn raw(&mut self, persona: &str, method: &str, path: &str, body: Option<Value>, fault: Option<&str>) -> Response {
        let (path, query) = path.split_once('?').map_or((path, ""), |(p, q)| (p, q));
        let req = Request {
            method: method.into(),
            path: path.into(),
            query: query
                .split('&')
                .filter(|q| !q.is_empty())
                .map(|q| {
                    let (k, v) = q.split_once('=').unwrap_or((q, ""));
                    (k.to_owned(), v.to_owned())
                })
                .collect(),
            authorization: (!persona.is_empty()).then(|| format!("Bearer {}", token(persona))),
            content_type: body.as_ref().map(|_| "application/json".into()),
            fault: fault.map(str::to_owned),
            body: body.map(|b| b.to_string().into_bytes()).unwrap_or_default(),
        };
        self.now += 1;
        self.mock.handle(&req, self.now)
    }

    fn call(&mut self, persona: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let r = self.raw(persona, method, path, body, None);
        (r.status, serde_json::from_slice(&r.into_body()).unwrap_or(Value::Null))
    }

    fn ok(&mut self, persona: &str, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, v) = self.call(persona, method, path, body);
        assert!((200..300).contains(&status), "{method} {path} as {persona}: {status} {v}");
        v["data"].clone()
    }

    #[allow(clippy::too_many_arguments)] // one assertion per line reads best with everything inline
    fn fails(&mut self, persona: &str, method: &str, path: &str, body: Option<Value>, status: u16, code: &str, message: &str) {
        let (s, v) = self.call(persona, method, path, body);
        assert_eq!((s, v["error"]["code"].as_str().unwrap_or_default()), (status, code), "{method} {path} as {persona}: {v}");
        assert!(v["error"]["message"].as_str().unwrap_or_default().starts_with(message), "{v}");
        assert_eq!(v["success"], false);
    }
}

const DENIED: &str = "You do not have permission to perform this action";

#[test]
fn order_of_checks() {
    let mut t = T::new();
    let acme = team(ACME);
    t.fails("", "GET", "/teams", None, 401, "UNAUTHORIZED", "Authentication required");
    t.fails("owner", "GET", "/teams/abc", None, 400, "BAD_REQUEST", "Invalid UUID: \"abc\"");
    t.fails("outsider", "GET", "/teams/abc", None, 400, "BAD_REQUEST", "Invalid UUID");
    t.fails("owner", "GET", &format!("/teams/{acme}/connectors/foo/accounts"), None, 400, "BAD_REQUEST", "Invalid connector ID: \"foo\"");
    t.fails("outsider", "GET", &format!("/teams/{acme}"), None, 403, "FORBIDDEN", DENIED);
    t.fails("owner", "GET", &format!("/teams/{}", uuid(2, 999)), None, 403, "FORBIDDEN", DENIED);
    t.fails("viewer", "DELETE", &format!("/teams/{acme}/connections/{}", uuid(3, 101)), None, 403, "FORBIDDEN", DENIED);
    t.fails("editor", "GET", &format!("/teams/{acme}/invites"), None, 403, "FORBIDDEN", DENIED);
    t.fails("viewer", "POST", &format!("/teams/{acme}/data/run-query"), Some(json!({})), 403, "FORBIDDEN", DENIED);
    t.fails(
        "readonly",
        "PUT",
        &format!("/teams/{acme}/name"),
        Some(json!({"name": "x"})),
        403,
        "INSUFFICIENT_PERMISSIONS",
        "This API key is missing the `teams:write` permission required for this action",
    );
    assert_eq!(t.ok("readonly", "GET", &format!("/teams/{acme}"), None)["name"], "Acme Marketing");
    let globex = team(GLOBEX);
    t.fails(
        "cancelled",
        "PUT",
        &format!("/teams/{globex}/name"),
        Some(json!({"name": "x"})),
        402,
        "PAYMENT_REQUIRED",
        "Your team's plan has been cancelled",
    );
    t.fails(
        "cancelled",
        "POST",
        &format!("/teams/{globex}/members/invite"),
        Some(json!({"email": "a@b.co"})),
        402,
        "PAYMENT_REQUIRED",
        "Your team's",
    );
    assert_eq!(t.ok("cancelled", "GET", &format!("/teams/{globex}/clients"), None).as_array().unwrap().len(), 1, "reads stay allowed");
    t.fails("owner", "GET", "/nope", None, 404, "NOT_FOUND", "The requested resource was not found");
}

#[test]
fn members_and_the_last_owner() {
    let mut t = T::new();
    let acme = team(ACME);
    let path = |u: u32| format!("/teams/{acme}/members/{}", user(u));
    t.fails(
        "owner",
        "PUT",
        &format!("{}/role", path(1)),
        Some(json!({"role": "editor"})),
        400,
        "BAD_REQUEST",
        "Cannot demote the last owner. Assign another owner first.",
    );
    t.fails("owner", "DELETE", &path(1), None, 400, "BAD_REQUEST", "Cannot remove the last owner. Assign another owner first.");
    t.fails("owner", "PUT", &format!("{}/role", path(2)), Some(json!({"role": "admin"})), 400, "BAD_REQUEST", "role: Invalid enum value");
    t.fails("owner", "PUT", &format!("{}/role", path(4)), Some(json!({"role": "editor"})), 404, "NOT_FOUND", "Member not found in team");
    assert_eq!(t.ok("owner", "PUT", &format!("{}/role", path(2)), Some(json!({"role": "owner"}))), json!({"updated": true}));
    assert_eq!(
        t.ok("owner", "PUT", &format!("{}/role", path(2)), Some(json!({"role": "owner"}))),
        json!({"updated": true}),
        "same role is fine"
    );
    let members = t.ok("owner", "GET", &format!("/teams/{acme}/members"), None);
    assert_eq!(members[1]["role"], "owner", "visible to the next read; oldest first");
    t.fails("owner", "DELETE", &path(1), None, 400, "BAD_REQUEST", "You cannot remove yourself from the team");
    assert_eq!(t.ok("owner", "DELETE", &path(3), None), json!({"removed": true}));
    assert_eq!(t.ok("owner", "GET", &format!("/teams/{acme}"), None)["usage"]["members"]["count"], 3);
}

#[test]
fn invites() {
    let mut t = T::new();
    let acme = team(ACME);
    let invite = |email: &str| Some(json!({"email": email, "role": "editor"}));
    let r = t.raw("owner", "POST", &format!("/teams/{acme}/members/invite"), invite("new@acme.example"), None);
    assert_eq!((r.status, String::from_utf8_lossy(&r.body).into_owned()), (201, r#"{"success":true,"data":{"invited":true}}"#.to_owned()));
    let list = t.ok("owner", "GET", &format!("/teams/{acme}/invites"), None);
    assert_eq!(
        (list[0]["email"].as_str(), list[0]["role"].as_str(), list[0]["id"].as_u64()),
        (Some("new@acme.example"), Some("editor"), Some(4821))
    );
    t.fails(
        "owner",
        "POST",
        &format!("/teams/{acme}/members/invite"),
        invite("NEW@acme.example"),
        409,
        "CONFLICT",
        "Invite already pending for this email",
    );
    t.fails("owner", "POST", &format!("/teams/{acme}/members/invite"), invite("not-an-email"), 400, "BAD_REQUEST", "email: Invalid email");
    let full = team(FULL);
    t.fails(
        "owner",
        "POST",
        &format!("/teams/{full}/members/invite"),
        invite("x@y.co"),
        403,
        "FORBIDDEN",
        "You've reached your plan's user limit of 3. Remove a member or upgrade your plan.",
    );
}

#[test]
fn clients_links_and_connector_accounts() {
    let mut t = T::new();
    let acme = team(ACME);
    let beta = uuid(4, 102);
    let accounts = t.ok("owner", "GET", &format!("/teams/{acme}/connectors/gadw/accounts"), None);
    let names: Vec<&str> = accounts.as_array().unwrap().iter().map(|a| a["status"].as_str().unwrap()).collect();
    assert_eq!(names.iter().take_while(|s| **s == "enabled").count(), 3, "enabled first: {names:?}");
    let id = accounts[5]["id"].as_str().unwrap().to_owned();
    let link = format!("/teams/{acme}/clients/{beta}/accounts/gadw/{id}");
    assert_eq!(t.ok("editor", "POST", &link, None), json!({"added": true}));
    assert_eq!(t.ok("editor", "POST", &link, None), json!({"added": true}), "idempotent");
    assert_eq!(t.ok("viewer", "GET", &format!("/teams/{acme}/clients/{beta}/accounts"), None).as_array().unwrap().len(), 1);
    assert_eq!(t.ok("viewer", "GET", &format!("/teams/{acme}/clients/{beta}/accounts/fads"), None), json!([]));
    assert_eq!(t.ok("editor", "DELETE", &link, None), json!({"deleted": true}));
    t.fails("editor", "DELETE", &link, None, 404, "NOT_FOUND", "Client account not found");
    t.fails(
        "editor",
        "POST",
        &format!("/teams/{acme}/clients/{beta}/accounts/gadw/999"),
        None,
        404,
        "NOT_FOUND",
        "Account not found for this connector",
    );
    t.fails("viewer", "GET", &format!("/teams/{acme}/clients/{}", uuid(4, 999)), None, 404, "NOT_FOUND", "Client not found");
    let clients = t.ok("viewer", "GET", &format!("/teams/{acme}/clients"), None);
    let names: Vec<&str> = clients.as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Acme Corp", "Beta Brands", "Café Ünïcode"]);
    let all = t.ok("viewer", "GET", &format!("/teams/{acme}/connectors/accounts?status=enabled"), None);
    let conns: Vec<&str> = all.as_array().unwrap().iter().map(|a| a["connectorId"].as_str().unwrap()).collect();
    assert_eq!(conns, ["fads", "ga4", "gadw", "gadw", "gadw"], "ordered by connectorId, then enabled first, then name");
}

#[test]
fn enable_disable_and_the_account_limit() {
    let mut t = T::new();
    let lab = team(LIMIT);
    let accounts = t.ok("editor", "GET", &format!("/teams/{lab}/connectors/gadw/accounts?status=disabled"), None);
    let id = accounts[0]["id"].as_str().unwrap().to_owned();
    t.fails(
        "editor",
        "POST",
        &format!("/teams/{lab}/connectors/gadw/accounts/{id}/enable"),
        None,
        403,
        "FORBIDDEN",
        "You've reached your plan's account limit of 2 for this connector. Disable an existing account or upgrade your plan.",
    );
    let enabled = t.ok("editor", "GET", &format!("/teams/{lab}/connectors/gadw/accounts?status=enabled"), None);
    let on = enabled[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        t.ok("editor", "POST", &format!("/teams/{lab}/connectors/gadw/accounts/{on}/enable"), None),
        json!({"enabled": true}),
        "idempotent at the limit"
    );
    assert_eq!(
        t.ok("owner", "GET", &format!("/teams/{lab}"), None)["usage"]["accountsPerConnector"]["gadw"],
        json!({"count": 2, "status": "reached"})
    );
    assert_eq!(t.ok("editor", "POST", &format!("/teams/{lab}/connectors/gadw/accounts/{on}/disable"), None), json!({"disabled": true}));
    assert_eq!(
        t.ok("editor", "POST", &format!("/teams/{lab}/connectors/gadw/accounts/{on}/disable"), None),
        json!({"disabled": true}),
        "idempotent"
    );
    assert_eq!(t.ok("editor", "POST", &format!("/teams/{lab}/connectors/gadw/accounts/{id}/enable"), None), json!({"enabled": true}));
    assert_eq!(t.ok("owner", "GET", &format!("/teams/{lab}"), None)["usage"]["accountsPerConnector"]["gadw"]["count"], 2);
    t.fails(
        "editor",
        "POST",
        &format!("/teams/{lab}/connectors/gadw/accounts/nope/enable"),
        None,
        404,
        "NOT_FOUND",
        "Account not found for this connector",
    );
    t.fails(
        "editor",
        "GET",
        &format!("/teams/{lab}/connectors/gadw/accounts?status=on"),
        None,
        400,
        "BAD_REQUEST",
        "status: Invalid enum value",
    );
}

#[test]
fn connections() {
    let mut t = T::new();
    let acme = team(ACME);
    let list = t.ok("viewer", "GET", &format!("/teams/{acme}/connections"), None);
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert_eq!(list[0]["status"], "revoked", "most recently created first");
    let id = list[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(t.ok("viewer", "GET", &format!("/teams/{acme}/connections/{id}/accounts"), None).as_array().unwrap().len(), 2);
    assert_eq!(t.ok("editor", "DELETE", &format!("/teams/{acme}/connections/{id}"), None), json!({"deleted": true}));
    t.fails("viewer", "GET", &format!("/teams/{acme}/connections/{id}"), None, 404, "NOT_FOUND", "The requested resource was not found");
    assert!(t.ok("owner", "GET", &format!("/teams/{acme}"), None)["usage"]["accountsPerConnector"].get("ga4").is_none());
}

#[test]
fn users_preferences_and_avatar() {
    let mut t = T::new();
    assert_eq!(t.ok("owner", "GET", "/users/me", None)["email"], "ada@acme.example");
    assert_eq!(t.ok("owner", "PUT", "/users/me/name", Some(json!({"name": "  Ada K. "})))["name"], "Ada K.");
    t.fails(
        "owner",
        "PUT",
        "/users/me/name",
        Some(json!({"name": " "})),
        400,
        "BAD_REQUEST",
        "name: String must contain at least 1 character(s)",
    );
    let prefs = t.ok(
        "owner",
        "PATCH",
        "/users/me/preferences",
        Some(json!({"appearance": "dark", "notifications": {"email": {"promotional": true}}})),
    );
    assert_eq!(
        prefs,
        json!({"appearance": "dark", "notifications": {"email": {"billing": true, "productUpdates": true, "promotional": true}}})
    );
    t.fails(
        "owner",
        "PATCH",
        "/users/me/preferences",
        Some(json!({"appearance": "blue"})),
        400,
        "BAD_REQUEST",
        "appearance: Invalid enum value",
    );
    let multipart = |ct: &str| {
        let body =
            format!("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\nContent-Type: {ct}\r\n\r\nDATA\r\n--b--\r\n");
        Request {
            method: "PUT".into(),
            path: "/users/me/avatar".into(),
            authorization: Some(format!("Bearer {}", token("owner"))),
            content_type: Some("multipart/form-data; boundary=b".into()),
            body: body.into_bytes(),
            ..Request::default()
        }
    };
    let r = t.mock.handle(&multipart("image/png"), NOW);
    let v: Value = serde_json::from_slice(&r.body).unwrap();
    assert!(v["data"]["avatarUrl"].as_str().unwrap().ends_with(".png"), "{v}");
    let r = t.mock.handle(&multipart("text/plain"), NOW);
    assert_eq!(r.status, 400);
    let mut big = multipart("image/png");
    big.body = vec![b'x'; 6 * 1024 * 1024];
    assert_eq!(t.mock.handle(&big, NOW).status, 413);
    assert_eq!(t.ok("owner", "DELETE", "/users/me/avatar", None)["avatarUrl"], Value::Null);
    let plans = t.ok("outsider", "GET", "/tmr/plans", None);
    let keys: Vec<&str> = plans.as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["lite", "basic", "pro", "business"]);
}

#[test]
fn run_query_is_deterministic_and_shaped_by_the_query() {
    let mut t = T::new();
    let acme = team(ACME);
    let accounts = t.ok("editor", "GET", &format!("/teams/{acme}/connectors/gadw/accounts"), None);
    let acc = format!("gadw_{}", accounts[0]["id"].as_str().unwrap());
    let q = json!({"accounts": [acc], "dimensions": ["date", "campaign_name"], "metrics": ["cost", "clicks"],
        "dateRange": {"startDate": "2026-01-01", "endDate": "2026-01-10"}, "sort": [{"fieldId": "date", "direction": "desc"}]});
    let path = format!("/teams/{acme}/data/run-query");
    let rows = t.ok("editor", "POST", &path, Some(q.clone()));
    assert_eq!(rows.as_array().unwrap().len(), 30, "10 days × 3 campaigns");
    assert_eq!(rows[0]["date"], "2026-01-10");
    assert!(rows[0]["cost"].is_number() && rows[0]["clicks"].is_u64());
    assert_eq!(t.ok("editor", "POST", &path, Some(q)), rows, "same query, same rows");
    let one = t.ok("editor", "POST", &path, Some(json!({"accounts": [acc], "metrics": ["clicks"]})));
    assert_eq!(one.as_array().unwrap().len(), 1, "no dimensions: one aggregated row");
    t.fails(
        "editor",
        "POST",
        &path,
        Some(json!({"accounts": []})),
        400,
        "BAD_REQUEST",
        "accounts: Array must contain at least 1 element(s)",
    );
    t.fails("editor", "POST", &path, Some(json!({"accounts": ["xx_1"]})), 400, "BAD_REQUEST", "Invalid account ID: \"xx_1\"");
    t.fails(
        "editor",
        "POST",
        &path,
        Some(json!({"accounts": [acc], "dateRange": "last_week"})),
        400,
        "BAD_REQUEST",
        "dateRange: Invalid enum value",
    );
}

#[test]
fn rate_buckets_answer_429_with_retry_after() {
    let mut t = T::new();
    for _ in 0..120 {
        assert_eq!(t.raw("viewer", "GET", "/users/me", None, None).status, 200);
    }
    let r = t.raw("viewer", "GET", "/users/me", None, None);
    assert_eq!(r.status, 429);
    let body: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(body["error"], json!({"code": "TOO_MANY_REQUESTS", "message": "Too many requests — please slow down and try again later"}));
    let retry: u64 = r.headers.iter().find(|(k, _)| *k == "retry-after").unwrap().1.parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(t.raw("editor", "GET", "/users/me", None, None).status, 200, "buckets are per token");
    t.now += 60_000;
    assert_eq!(t.raw("viewer", "GET", "/users/me", None, None).status, 200, "a new window");
    let acme = team(ACME);
    let statuses: Vec<u16> = (0..16)
        .map(|i| {
            t.raw("owner", "POST", &format!("/teams/{acme}/members/invite"), Some(json!({"email": format!("p{i}@x.co")})), None).status
        })
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 1, "invite bucket 15 / 5 min: {statuses:?}");
    let stats = t.ok_raw_stats();
    assert_eq!(stats["maxAdmittedPerWindow"]["default"], 120);
    assert_eq!(stats["maxAdmittedPerWindow"]["invite"], 15);
}

impl T {
    fn ok_raw_stats(&mut self) -> Value {
        let r = self.mock.handle(&Request { method: "GET".into(), path: "/__mock/stats".into(), ..Request::default() }, self.now);
        serde_json::from_slice(&r.body).unwrap()
    }
}

#[test]
fn faults_and_reset() {
    let mut t = T::new();
    let acme = team(ACME);
    let r = t.raw("owner", "GET", "/teams", None, Some("status=503"));
    assert_eq!(r.status, 503);
    let r = t.raw("owner", "GET", "/teams", None, Some("status=429; retry-after=7; latency=20"));
    assert_eq!((r.status, r.delay_ms), (429, 20));
    assert!(r.headers.contains(&("retry-after", "7".into())));
    assert!(t.raw("owner", "GET", "/teams", None, Some("drop")).drop);
    assert!(serde_json::from_slice::<Value>(&t.raw("owner", "GET", "/teams", None, Some("malformed")).body).is_err());
    let whole = t.raw("owner", "GET", "/teams", None, None).body.len();
    assert_eq!(t.raw("owner", "GET", "/teams", None, Some("truncate")).body.len(), whole / 2);
    assert_eq!(t.raw("owner", "GET", "/teams", None, Some("explode")).status, 400, "unknown directives are refused");
    // after-write: the write happens, then the answer fails.
    let r = t.raw("owner", "PUT", &format!("/teams/{acme}/name"), Some(json!({"name": "Renamed"})), Some("status=500; after-write"));
    assert_eq!(r.status, 500);
    assert_eq!(t.ok("owner", "GET", &format!("/teams/{acme}"), None)["name"], "Renamed");
    let r = t.raw("owner", "PUT", &format!("/teams/{acme}/name"), Some(json!({"name": "Not applied"})), Some("status=500"));
    assert_eq!(r.status, 500);
    assert_eq!(t.ok("owner", "GET", &format!("/teams/{acme}"), None)["name"], "Renamed", "without after-write nothing is applied");
    let stats = t.ok_raw_stats();
    assert_eq!(stats["writes"]["teams.rename"]["owner"], 1);
    t.mock.handle(&Request { method: "POST".into(), path: "/__mock/reset".into(), ..Request::default() }, t.now);
    assert_eq!(t.ok("owner", "GET", &format!("/teams/{acme}"), None)["name"], "Acme Marketing");
    assert_eq!(t.ok_raw_stats()["writes"], json!({}));
    let r = t.mock.handle(&Request { method: "GET".into(), path: "/__mock/personas".into(), ..Request::default() }, t.now);
    let personas: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(personas[4], json!({"persona": "readonly", "token": token("readonly"), "scopes": ["*:read"]}));
}

#[test]
fn the_committed_openapi_yaml_is_the_generated_document() {
    let generated = tmr_mock::openapi::yaml(&tmr_mock::openapi::document());
    let committed = include_str!("../openapi.yaml");
    assert!(
        committed == generated,
        "mock/openapi.yaml is stale: regenerate with `cargo run -p tmr-mock -- --print-openapi > mock/openapi.yaml`"
    );
    let doc = tmr_mock::openapi::document();
    let ops: usize = doc["paths"].as_object().unwrap().values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(ops, 32, "every endpoint is in the document");
}

#[test]
fn the_built_in_world_round_trips_as_a_fixtures_file() {
    let world = builtin::world();
    let text = serde_json::to_string(&world).unwrap();
    let back: tmr_mock::engine::world::World = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::to_value(&world).unwrap());
    let mut t = T { mock: Mock::new(back), now: NOW };
    assert_eq!(t.ok("owner", "GET", "/teams", None).as_array().unwrap().len(), 7);
}
