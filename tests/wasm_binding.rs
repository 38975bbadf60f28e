//! The binding in a JS engine (Node via `wasm-pack test --node`, Chromium via
//! `--headless --chrome`): the exported `TmrClient` with a stubbed fetch; success, each error
//! class, abort, timeout, bad options, `withResponse`, both forms of a caller's fetch and the
//! global fetch (gloo-net's sharp edges: wasm_panic.rs).
#![cfg(target_arch = "wasm32")]

mod wasm_support;
use wasm_support::{assert_tmr_error, client, get, global_client, global_fetch_once, message, obj, once, sleep, stub, within, Client};

use js_sys::{Array, Function, JSON};
use tmr_client::wasm::js::policy;
use tmr_client::wasm::js::TmrClient;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const TEAM: &str = "0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f";
const USER: &str = "0190f8a1-2b3c-7d4e-8f90-1a2b3c4d5e6f";

async fn call(c: &Client, name: &str, args: &[JsValue], opts: JsValue) -> Result<JsValue, JsValue> {
    c.call(name, args, opts).await
}

const OK_TEAMS: &str = r#"return new Response(JSON.stringify({success: true, data: [{id: "0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f", name: null, createdAt: "2026-01-12T08:15:00.000Z", extra: {a: 1}}]}), {status: 200});"#;

#[wasm_bindgen_test]
async fn success_resolves_with_data_and_sends_the_request() {
    let (f, calls) = stub(OK_TEAMS);
    let c = client(&f, &[("baseUrl", "http://127.0.0.1:4010".into())]);
    let data = call(&c, "teams.list", &[], JsValue::UNDEFINED).await.unwrap();
    let text = JSON::stringify(&data).unwrap().as_string().unwrap();
    assert_eq!(
        text,
        r#"[{"id":"0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f","name":null,"createdAt":"2026-01-12T08:15:00.000Z","extra":{"a":1}}]"#
    );
    assert_eq!(calls.length(), 1);
    let first = calls.get(0);
    assert_eq!(Array::from(&first).get(0).as_string().as_deref(), Some("http://127.0.0.1:4010/teams"));
    let init = Array::from(&first).get(1);
    assert_eq!(get(&init, "method").as_string().as_deref(), Some("GET"));
    let headers = get(&init, "headers");
    assert_eq!(get(&headers, "Authorization").as_string().as_deref(), Some("Bearer tmrc_live_test"));
    assert!(get(&init, "body").is_undefined());
    assert!(get(&init, "signal").is_instance_of::<web_sys::AbortSignal>());
    assert_eq!(get(&init, "redirect").as_string().as_deref(), Some("manual"), "redirects are never followed");
}

#[wasm_bindgen_test]
async fn json_bodies_are_sent_as_bytes_with_a_content_type() {
    let (f, calls) = stub(r#"return new Response('{"success":true,"data":{"updated":true}}', {status: 200});"#);
    let c = client(&f, &[]);
    let data = call(&c, "members.updateRole", &[TEAM.into(), USER.into(), "editor".into()], JsValue::UNDEFINED).await.unwrap();
    assert_eq!(get(&data, "updated"), JsValue::TRUE);
    let init = Array::from(&calls.get(0)).get(1);
    let body: js_sys::Uint8Array = get(&init, "body").unchecked_into();
    assert_eq!(String::from_utf8(body.to_vec()).unwrap(), r#"{"role":"editor"}"#);
    assert_eq!(get(&get(&init, "headers"), "Content-Type").as_string().as_deref(), Some("application/json"));
}

#[wasm_bindgen_test]
async fn api_errors_keep_code_status_message_and_endpoint() {
    let (f, _) = stub(
        r#"return new Response('{"success":false,"error":{"code":"NOT_FOUND","message":"Member not found in team"}}', {status: 404});"#,
    );
    let c = client(&f, &[]);
    let e = call(&c, "members.remove", &[TEAM.into(), USER.into()], JsValue::UNDEFINED).await.unwrap_err();
    assert_tmr_error(&e, "NOT_FOUND", Some(404.0), Some("members.remove"));
    assert_eq!(get(&e, "message").as_string().as_deref(), Some("Member not found in team"));
}

#[wasm_bindgen_test]
async fn invalid_arguments_send_nothing() {
    let (f, calls) = stub(OK_TEAMS);
    let c = client(&f, &[]);
    let e = call(&c, "teams.get", &["abc".into()], JsValue::UNDEFINED).await.unwrap_err();
    assert_tmr_error(&e, "INVALID_ARGUMENT", None, Some("teams.get"));
    assert!(get(&e, "message").as_string().unwrap().contains("teamId"));
    let e = call(&c, "teams.list", &[], obj(&[("timeout", 5.into())])).await.unwrap_err();
    assert!(get(&e, "message").as_string().unwrap().contains("\"timeout\""));
    let e = call(&c, "teams.list", &[], obj(&[("signal", "nope".into())])).await.unwrap_err();
    assert!(get(&e, "message").as_string().unwrap().contains("options.signal must be an AbortSignal"));
    let e = call(&c, "data.runQuery", &[TEAM.into(), Function::new_no_args("").into()], JsValue::UNDEFINED).await.unwrap_err();
    assert!(get(&e, "message").as_string().unwrap().contains("plain data"));
    assert_eq!(calls.length(), 0, "no request was sent");
}

#[wasm_bindgen_test]
async fn malformed_answers_are_invalid_response() {
    let (f, _) = stub(r#"return new Response('<html>Bad gateway</html>', {status: 502});"#);
    let c = client(&f, &[("maxRetries", 0.into())]);
    let e = call(&c, "teams.list", &[], JsValue::UNDEFINED).await.unwrap_err();
    assert_tmr_error(&e, "INVALID_RESPONSE", Some(502.0), Some("teams.list"));
}

#[wasm_bindgen_test]
async fn network_failures_keep_the_cause() {
    let (f, calls) = stub(r#"throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });"#);
    let c = client(&f, &[("maxRetries", 1.into())]);
    let e = call(&c, "teams.list", &[], JsValue::UNDEFINED).await.unwrap_err();
    assert_tmr_error(&e, "NETWORK_ERROR", None, Some("teams.list"));
    assert!(get(&e, "message").as_string().unwrap().contains("ECONNREFUSED"));
    assert!(get(&e, "cause").is_instance_of::<js_sys::TypeError>());
    assert_eq!(calls.length(), 2, "one retry of an idempotent GET");
}

#[wasm_bindgen_test]
async fn server_errors_retry_then_succeed() {
    let (f, calls) = stub(&format!(
        r#"if (n === 1) return new Response('{{"success":false,"error":{{"code":"INTERNAL_SERVER_ERROR","message":"x"}}}}', {{status: 500}}); {OK_TEAMS}"#
    ));
    let c = client(&f, &[]);
    assert!(call(&c, "teams.list", &[], JsValue::UNDEFINED).await.is_ok());
    assert_eq!(calls.length(), 2);
}

#[wasm_bindgen_test]
async fn invites_are_not_repeated_after_a_server_error() {
    let (f, calls) =
        stub(r#"return new Response('{"success":false,"error":{"code":"INTERNAL_SERVER_ERROR","message":"x"}}', {status: 500});"#);
    let c = client(&f, &[]);
    let invite = obj(&[("email", "a@b.co".into())]);
    let e = call(&c, "invites.create", &[TEAM.into(), invite], JsValue::UNDEFINED).await.unwrap_err();
    assert_tmr_error(&e, "INTERNAL_SERVER_ERROR", Some(500.0), Some("invites.create"));
    assert_eq!(calls.length(), 1);
}

/// A fetch that never answers but honours its signal, like the real one.
const HANGS: &str =
    r#"return new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));"#;

#[wasm_bindgen_test]
async fn timeouts_reject_with_timeout() {
    let (f, _) = stub(HANGS);
    let c = client(&f, &[("timeoutMs", 30.into())]);
    let e = call(&c, "teams.list", &[], JsValue::UNDEFINED).await.unwrap_err();
    assert_tmr_error(&e, "TIMEOUT", None, Some("teams.list"));
    let e = call(&c, "teams.list", &[], obj(&[("timeoutMs", 10.into())])).await.unwrap_err();
    assert!(get(&e, "message").as_string().unwrap().contains("10 ms"));
}

#[wasm_bindgen_test]
async fn abort_signals_cancel_before_and_during_a_call() {
    let (f, calls) = stub(HANGS);
    let c = client(&f, &[]);
    let ctrl = web_sys::AbortController::new().unwrap();
    ctrl.abort();
    let e = call(&c, "teams.list", &[], obj(&[("signal", ctrl.signal().into())])).await.unwrap_err();
    assert_tmr_error(&e, "ABORTED", None, Some("teams.list"));
    assert_eq!(calls.length(), 0, "an aborted signal sends nothing");

    let ctrl = web_sys::AbortController::new().unwrap();
    let pending = c.start("teams.list", &[], obj(&[("signal", ctrl.signal().into())]));
    sleep(5).await;
    ctrl.abort();
    let e = JsFuture::from(pending).await.unwrap_err();
    assert_tmr_error(&e, "ABORTED", None, Some("teams.list"));
}

#[wasm_bindgen_test]
fn bad_options_throw_invalid_argument() {
    for (opts, needle) in [
        (JsValue::UNDEFINED, "options are required"),
        (obj(&[]), "apiKey is required"),
        (obj(&[("apiKey", 5.into())]), "apiKey must be a string"),
        (obj(&[("apiKey", "k".into()), ("baseURL", "x".into())]), "\"baseURL\""),
        (obj(&[("apiKey", "k".into()), ("baseUrl", "http://example.com".into())]), "https://"),
        (obj(&[("apiKey", "k".into()), ("fetch", "no".into())]), "fetch must be a function"),
        (obj(&[("apiKey", "k".into()), ("timeoutMs", (-1).into())]), "timeoutMs"),
    ] {
        let e = TmrClient::new(opts).err().expect("rejected");
        assert_tmr_error(&e, "INVALID_ARGUMENT", None, None);
        let msg = get(&e, "message").as_string().unwrap();
        assert!(msg.contains(needle), "{msg}");
    }
}

#[wasm_bindgen_test]
fn policy_helpers() {
    assert_eq!(policy::required_role("members.updateRole").unwrap().as_deref(), Some("owner"));
    assert_eq!(policy::required_scope("clients.unlinkAccount").unwrap(), "clients:delete");
    let e = policy::required_role("nope").unwrap_err();
    assert_tmr_error(&e, "INVALID_ARGUMENT", None, None);
    let scopes: JsValue = Array::of1(&"*:read".into()).into();
    assert!(policy::can_call("viewer".into(), scopes.clone(), "teams.get").unwrap());
    assert!(!policy::can_call("owner".into(), scopes, "teams.rename").unwrap());
    assert!(!policy::can_call(JsValue::NULL, JsValue::NULL, "teams.get").unwrap());
    assert_eq!(policy::error_codes().len(), tmr_client::core::ErrorCode::ALL.len());
}

#[wasm_bindgen_test]
async fn with_response_resolves_data_status_headers_attempts_and_duration() {
    let (f, _) = stub(
        r#"if (n === 1) return new Response('{"success":false,"error":{"code":"INTERNAL_SERVER_ERROR","message":"x"}}', {status: 500});
           return new Response(JSON.stringify({success: true, data: []}), {status: 200, headers: {"x-request-id": "r-1"}});"#,
    );
    let c = client(&f, &[("maxRetryDelayMs", 0.into())]);
    let r = call(&c, "withResponse.teams.list", &[], JsValue::UNDEFINED).await.unwrap();
    assert_eq!(Array::from(&get(&r, "data")).length(), 0);
    assert_eq!(get(&r, "status").as_f64(), Some(200.0));
    assert_eq!(get(&get(&r, "headers"), "x-request-id").as_string().as_deref(), Some("r-1"));
    assert_eq!(get(&r, "attempts").as_f64(), Some(2.0));
    assert!(get(&r, "durationMs").as_f64().is_some_and(|ms| ms >= 0.0));
    let groups = get(c.js(), "withResponse");
    assert!(js_sys::Object::is_frozen(groups.unchecked_ref::<js_sys::Object>()), "withResponse is frozen");
    assert_eq!(get(c.js(), "teams"), get(c.js(), "teams"), "groups are made once");
}

// ---- The two forms of a caller's fetch, and the global fetch --------------------------------

#[wasm_bindgen_test]
async fn a_url_init_fetch_gets_a_string_url_and_a_plain_init() {
    let (f, calls) = stub(
        r#"if (typeof url !== "string") throw new Error("url is a " + typeof url);
           if (Object.getPrototypeOf(init.headers) !== Object.prototype) throw new Error("headers are no plain object");
           if (!(init.body instanceof Uint8Array)) throw new Error("body is no Uint8Array");
           return new Response('{"success":true,"data":{"updated":true}}');"#,
    );
    call(&once(&f), "members.updateRole", &[TEAM.into(), USER.into(), "viewer".into()], JsValue::UNDEFINED)
        .await
        .unwrap_or_else(|e| panic!("{}", message(&e)));
    let first = Array::from(&calls.get(0));
    assert_eq!(first.get(0).as_string().unwrap(), role_url());
    let init = first.get(1);
    assert_eq!(get(&init, "method").as_string().as_deref(), Some("PUT"));
    assert_eq!(get(&get(&init, "headers"), "Authorization").as_string().as_deref(), Some("Bearer tmrc_live_test"));
    assert_eq!(get(&get(&init, "headers"), "Accept").as_string().as_deref(), Some("application/json"));
}

fn role_url() -> String {
    format!("https://api.twominutereports.com/v1/teams/{TEAM}/members/{USER}/role")
}

/// A fetch written for Requests: it builds `new Request(input, init)`, reads only that, and
/// records what it saw last in `calls`.
const REQUEST_FETCH: &str = r#"const r = new Request(url, init);
    const body = r.method === "GET" ? null : await r.text();
    calls.push({method: r.method, url: r.url, auth: r.headers.get("authorization"), type: r.headers.get("content-type"),
                redirect: r.redirect, signal: r.signal instanceof AbortSignal, body});
    return new Response('{"success":true,"data":{"updated":true}}');"#;

#[wasm_bindgen_test]
async fn a_fetch_written_for_requests_gets_the_same_request() {
    let (f, calls) = stub(REQUEST_FETCH);
    let c = once(&f);
    call(&c, "members.updateRole", &[TEAM.into(), USER.into(), "editor".into()], JsValue::UNDEFINED)
        .await
        .unwrap_or_else(|e| panic!("{}", message(&e)));
    let seen = calls.get(calls.length() - 1);
    assert_role_request(&seen, "editor");
    // The Request carries the attempt's signal: the deadline still ends a hanging request.
    let (f, _) = stub(
        r#"const r = new Request(url, init);
           return new Promise((_, reject) => r.signal.addEventListener("abort", () => reject(r.signal.reason)));"#,
    );
    let e = within(5000, "deadline", once(&f).start("teams.list", &[], obj(&[("timeoutMs", 20.into())]))).await.unwrap_err();
    assert_tmr_error(&e, "TIMEOUT", None, Some("teams.list"));
}

/// What a stub recorded of a `members.updateRole` request: method, URL, headers, signal, body.
fn assert_role_request(seen: &JsValue, role: &str) {
    assert_eq!(s(seen, "method"), "PUT");
    assert_eq!(s(seen, "url"), role_url());
    assert_eq!(s(seen, "auth"), "Bearer tmrc_live_test");
    assert_eq!(s(seen, "type"), "application/json");
    assert_eq!(s(seen, "redirect"), "manual");
    assert_eq!(get(seen, "signal"), JsValue::TRUE);
    assert_eq!(s(seen, "body"), format!(r#"{{"role":"{role}"}}"#));
}

fn s(v: &JsValue, k: &str) -> String {
    get(v, k).as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_global_fetch_gets_one_request_built_by_gloo_net() {
    // Not `(url, init)` any more: the global fetch gets one `Request` (built by gloo-net's
    // RequestBuilder) carrying method, headers, body, the attempt's signal and redirect "manual".
    let (calls, restore) = global_fetch_once(&REQUEST_FETCH.replace("new Request(url, init)", "input"));
    let outcome = call(&global_client(), "members.updateRole", &[TEAM.into(), USER.into(), "owner".into()], JsValue::UNDEFINED).await;
    restore.call0(&JsValue::NULL).unwrap();
    outcome.unwrap_or_else(|e| panic!("{}", message(&e)));
    let first = Array::from(&calls.get(0));
    assert!(first.get(0).is_instance_of::<web_sys::Request>(), "a Request: {:?}", first.get(0));
    assert!(first.get(1).is_undefined(), "no init");
    assert_eq!(first.get(2).as_f64(), Some(1.0), "one argument");
    let seen = calls.get(1);
    assert_role_request(&seen, "owner");
}

#[wasm_bindgen_test]
async fn the_global_fetch_and_a_callers_fetch_get_the_same_url() {
    // gloo-net's RequestBuilder re-parses the URL: it must come out as the core built it.
    const NOT_FOUND: &str = r#"return new Response('{"success":false,"error":{"code":"NOT_FOUND","message":"x"}}', {status: 404});"#;
    let odd = "a b/c?d#e'%\u{e9}..;=&+";
    let ids: JsValue = Array::of2(&format!("google_ads_{odd}").into(), &"google_ads_2".into()).into();
    for (name, args) in [
        ("connectors.fields", vec![TEAM.into(), "google_ads".into(), obj(&[("accountIds", ids)])]),
        ("clients.linkAccount", vec![TEAM.into(), USER.into(), "google_ads".into(), odd.into()]),
        ("connectors.allAccounts", vec![TEAM.into(), obj(&[("status", "all".into())])]),
    ] {
        let (f, calls) = stub(NOT_FOUND);
        call(&once(&f), name, &args, JsValue::UNDEFINED).await.unwrap_err();
        let by_caller = Array::from(&calls.get(0)).get(0).as_string().unwrap();
        let (calls, restore) = global_fetch_once(NOT_FOUND);
        let e = call(&global_client(), name, &args, JsValue::UNDEFINED).await;
        restore.call0(&JsValue::NULL).unwrap();
        assert_tmr_error(&e.unwrap_err(), "NOT_FOUND", Some(404.0), Some(name));
        let request = Array::from(&calls.get(0)).get(0);
        assert_eq!(get(&request, "url").as_string().unwrap(), by_caller, "{name}");
    }
}
