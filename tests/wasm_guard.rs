//! The browser-key guard and keyless clients, in Node and in headless Chromium (`wasm-pack test`):
//! in a browser realm a key is refused unless the caller opts in or talks to a loopback server;
//! Node is unaffected; a client without a key (behind `tmr-client/proxy`) sends no
//! `Authorization`, and a relative base URL resolves against the page.
#![cfg(target_arch = "wasm32")]

mod wasm_support;
use wasm_support::{assert_tmr_error, get, obj, stub, Client};

use js_sys::{Array, Function};
use tmr_client::wasm::realm::is_browser;
use tmr_client::{Error, Options, TmrClient};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const OK_TEAMS: &str = r#"return new Response(JSON.stringify({success: true, data: []}), {status: 200});"#;

fn js_client(pairs: &[(&str, JsValue)]) -> Result<Client, JsValue> {
    Client::new(obj(pairs))
}

#[wasm_bindgen_test]
fn the_realm_is_told_apart() {
    let has_document = !get(&js_sys::global(), "document").is_undefined();
    assert_eq!(is_browser(), has_document, "Chromium runs these tests in a page, Node has no document");
}

#[wasm_bindgen_test]
fn a_key_in_a_page_is_refused_unless_allowed_or_loopback() {
    let key = ("apiKey", JsValue::from_str("tmrc_live_secret_value"));
    let remote = ("baseUrl", JsValue::from_str("https://api.twominutereports.com/v1"));
    match js_client(&[key.clone(), remote.clone()]) {
        Ok(_) => assert!(!is_browser(), "a key in a page must be refused"),
        Err(e) => {
            assert!(is_browser(), "Node must not refuse a key: {e:?}");
            assert_tmr_error(&e, "INVALID_ARGUMENT", None, None);
            let message = get(&e, "message").as_string().unwrap_or_default();
            assert!(message.contains("createTmrProxy") && message.contains("tmr-client/proxy"), "{message}");
            assert!(message.contains("dangerouslyAllowBrowser"), "{message}");
            assert!(!message.contains("secret_value"), "the key is never shown: {message}");
        }
    }
    js_client(&[key.clone(), remote, ("dangerouslyAllowBrowser", JsValue::TRUE)]).expect("opted in by name");
    for loopback in ["http://127.0.0.1:4010", "http://localhost:1/v1", "https://[::1]:8443"] {
        js_client(&[key.clone(), ("baseUrl", loopback.into())]).unwrap_or_else(|e| panic!("{loopback}: {e:?}"));
    }
    let e = js_client(&[key, ("dangerouslyAllowBrowser", "yes".into())]).err().expect("not a boolean");
    assert_tmr_error(&e, "INVALID_ARGUMENT", None, None);
    assert!(get(&e, "message").as_string().unwrap_or_default().contains("dangerouslyAllowBrowser must be a boolean"));
}

#[wasm_bindgen_test]
async fn a_keyless_client_sends_no_authorization() {
    let (f, calls) = stub(OK_TEAMS);
    let c = js_client(&[("baseUrl", "https://dashboard.example/api/tmr".into()), ("fetch", f.into())]).expect("no key needed for a proxy");
    c.call("teams.list", &[], JsValue::UNDEFINED).await.expect("read through the proxy");
    let sent = Array::from(&calls.get(0));
    assert_eq!(sent.get(0).as_string().as_deref(), Some("https://dashboard.example/api/tmr/teams"));
    let headers = get(&sent.get(1), "headers");
    assert!(get(&headers, "Authorization").is_undefined(), "no Authorization header");
    // Keyless over http:// to any host: nothing secret travels.
    js_client(&[("baseUrl", "http://dashboard.internal:8080/api/tmr".into())]).expect("keyless http");
    // The official API always needs a key.
    for options in [obj(&[]), obj(&[("baseUrl", "https://api.twominutereports.com/v1".into())])] {
        let e = Client::new(options).err().expect("a key is required for the official API");
        assert!(get(&e, "message").as_string().unwrap_or_default().contains("apiKey is required"));
    }
}

#[wasm_bindgen_test]
fn a_relative_base_url_resolves_against_the_page() {
    let result = js_client(&[("baseUrl", "/api/tmr".into())]);
    if is_browser() {
        let c = result.expect("relative in a page");
        let origin = get(&get(&js_sys::global(), "location"), "origin").as_string().unwrap_or_default();
        let base = get(c.js(), "baseUrl").as_string().unwrap_or_default();
        assert_eq!(base, format!("{origin}/api/tmr"));
    } else {
        let e = result.err().expect("Node has no page to resolve against");
        assert!(get(&e, "message").as_string().unwrap_or_default().contains("absolute"), "{e:?}");
    }
}

#[wasm_bindgen_test]
fn the_rust_api_follows_the_same_rule() {
    let remote = || Options::new("tmrc_live_secret_value").base_url("https://api.twominutereports.com/v1");
    match TmrClient::new(remote()) {
        Ok(_) => assert!(!is_browser()),
        Err(e) => {
            assert!(is_browser(), "{e}");
            assert!(matches!(&e, Error::InvalidArgument { message } if message.contains("createTmrProxy") && !message.contains("secret")));
        }
    }
    TmrClient::new(remote().dangerously_allow_browser(true)).expect("opted in");
    TmrClient::new(Options::new("tmrc_live_secret_value").base_url("http://127.0.0.1:4010")).expect("loopback");
    let fetch: Function = stub(OK_TEAMS).0;
    TmrClient::new(Options::new("").base_url("https://dashboard.example/api/tmr").fetch(fetch)).expect("keyless behind a proxy");
    assert!(TmrClient::new(Options::new("")).is_err(), "the official API needs a key");
}

#[wasm_bindgen_test]
fn server_runtimes_with_browser_globals_are_not_browsers() {
    use tmr_client::wasm::realm::is_browser_global;
    let global =
        |source: &str| -> JsValue { Function::new_no_args(&format!("return {source};")).call0(&JsValue::NULL).unwrap_or(JsValue::NULL) };
    let cases = [
        ("({ document: {} })", true),
        ("({ WorkerGlobalScope: function () {}, importScripts: function () {}, location: {} })", true),
        // Node with jsdom (vitest, jest): a document, and process.versions.node.
        ("({ document: {}, process: { versions: { node: '20.0.0' } } })", false),
        // Cloudflare's workerd: a WorkerGlobalScope, no importScripts.
        ("({ WorkerGlobalScope: function () {}, navigator: { userAgent: 'Cloudflare-Workers' } })", false),
        ("({ WorkerGlobalScope: function () {} })", false),
        ("({ Deno: {}, document: {} })", false),
        ("({ Bun: {}, document: {} })", false),
        ("({})", false),
    ];
    for (source, browser) in cases {
        assert_eq!(is_browser_global(&global(source)), browser, "{source}");
    }
}
