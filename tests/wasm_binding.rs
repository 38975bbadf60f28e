//! The binding in a JS engine (Node via `wasm-pack test --node`, Chromium via
//! `--headless --chrome`): stubbed fetch, success, each error class, abort, timeout, bad options.
#![cfg(target_arch = "wasm32")]

mod wasm_support;
use wasm_support::Client;

use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use tmr_client::wasm::policy;
use tmr_client::wasm::Core;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const TEAM: &str = "0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f";

/// A fetch stub built from JS source; it records `[url, init]` into the returned array.
fn stub(body: &str) -> (Function, Array) {
    let calls = Array::new();
    let make =
        Function::new_with_args("calls", &format!("let n = 0; return async (url, init) => {{ calls.push([url, init]); n++; {body} }}"));
    let f = make.call1(&JsValue::NULL, &calls).unwrap().unchecked_into();
    (f, calls)
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

fn core(fetch: &Function, extra: &[(&str, JsValue)]) -> Client {
    let mut pairs = vec![("apiKey", JsValue::from_str("tmrc_live_test")), ("fetch", fetch.into())];
    pairs.extend_from_slice(extra);
    Client::new(obj(&pairs)).unwrap_or_else(|e| panic!("core: {:?}", e))
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}

async fn call(c: &Client, name: &str, args: &[JsValue], opts: JsValue) -> Result<JsValue, JsValue> {
    c.call(name, args, opts).await
}

fn assert_tmr_error(e: &JsValue, code: &str, status: Option<f64>, endpoint: Option<&str>) {
    assert!(e.is_instance_of::<js_sys::Error>(), "a real Error");
    assert_eq!(get(e, "name").as_string().as_deref(), Some("TmrError"));
    assert_eq!(get(e, "code").as_string().as_deref(), Some(code), "{:?}", get(e, "message"));
    assert_eq!(get(e, "status").as_f64(), status);
    assert_eq!(get(e, "endpoint").as_string().as_deref(), endpoint);
}

const OK_TEAMS: &str = r#"return new Response(JSON.stringify({success: true, data: [{id: "0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f", name: null, createdAt: "2026-01-12T08:15:00.000Z", extra: {a: 1}}]}), {status: 200});"#;

#[wasm_bindgen_test]
async fn success_resolves_with_data_and_sends_the_request() {
    let (f, calls) = stub(OK_TEAMS);
    let c = core(&f, &[("baseUrl", "http://127.0.0.1:4010".into())]);
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
}

#[wasm_bindgen_test]
async fn json_bodies_are_sent_as_bytes_with_a_content_type() {
    let (f, calls) = stub(r#"return new Response('{"success":true,"data":{"updated":true}}', {status: 200});"#);
    let c = core(&f, &[]);
    let user = "0190f8a1-2b3c-7d4e-8f90-1a2b3c4d5e6f";
    let data = call(&c, "members.updateRole", &[TEAM.into(), user.into(), "editor".into()], JsValue::UNDEFINED).await.unwrap();
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
    let c = core(&f, &[]);
    let user = "0190f8a1-2b3c-7d4e-8f90-1a2b3c4d5e6f";
    let e = call(&c, "members.remove", &[TEAM.into(), user.into()], JsValue::UNDEFINED).await.unwrap_err();
    assert_tmr_error(&e, "NOT_FOUND", Some(404.0), Some("members.remove"));
    assert_eq!(get(&e, "message").as_string().as_deref(), Some("Member not found in team"));
}

#[wasm_bindgen_test]
async fn invalid_arguments_send_nothing() {
    let (f, calls) = stub(OK_TEAMS);
    let c = core(&f, &[]);
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
    let c = core(&f, &[("maxRetries", 0.into())]);
    let e = call(&c, "teams.list", &[], JsValue::UNDEFINED).await.unwrap_err();
    assert_tmr_error(&e, "INVALID_RESPONSE", Some(502.0), Some("teams.list"));
}

#[wasm_bindgen_test]
async fn network_failures_keep_the_cause() {
    let (f, calls) = stub(r#"throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });"#);
    let c = core(&f, &[("maxRetries", 1.into())]);
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
    let c = core(&f, &[]);
    assert!(call(&c, "teams.list", &[], JsValue::UNDEFINED).await.is_ok());
    assert_eq!(calls.length(), 2);
}

#[wasm_bindgen_test]
async fn invites_are_not_repeated_after_a_server_error() {
    let (f, calls) =
        stub(r#"return new Response('{"success":false,"error":{"code":"INTERNAL_SERVER_ERROR","message":"x"}}', {status: 500});"#);
    let c = core(&f, &[]);
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
    let c = core(&f, &[("timeoutMs", 30.into())]);
    let e = call(&c, "teams.list", &[], JsValue::UNDEFINED).await.unwrap_err();
    assert_tmr_error(&e, "TIMEOUT", None, Some("teams.list"));
    let e = call(&c, "teams.list", &[], obj(&[("timeoutMs", 10.into())])).await.unwrap_err();
    assert!(get(&e, "message").as_string().unwrap().contains("10 ms"));
}

#[wasm_bindgen_test]
async fn abort_signals_cancel_before_and_during_a_call() {
    let (f, calls) = stub(HANGS);
    let c = core(&f, &[]);
    let ctrl = web_sys::AbortController::new().unwrap();
    ctrl.abort();
    let e = call(&c, "teams.list", &[], obj(&[("signal", ctrl.signal().into())])).await.unwrap_err();
    assert_tmr_error(&e, "ABORTED", None, Some("teams.list"));
    assert_eq!(calls.length(), 0, "an aborted signal sends nothing");

    let ctrl = web_sys::AbortController::new().unwrap();
    let pending = c.start("teams.list", &[], obj(&[("signal", ctrl.signal().into())]));
    let later = Promise::new(&mut |res, _| {
        let set_timeout: Function = get(&js_sys::global(), "setTimeout").unchecked_into();
        set_timeout.call2(&JsValue::NULL, &res, &5.into()).unwrap();
    });
    JsFuture::from(later).await.unwrap();
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
        let e = Core::new(opts).err().expect("rejected");
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
