//! gloo-net's sharp edges cannot panic: whatever a fetch does — reject with something that is not
//! an `Error`, answer with something that is not a `Response`, fail its body with a string, be
//! replaced globally by a stub, or be aborted with a string reason while the body is read — the
//! call rejects with a `TmrError` (NETWORK_ERROR, ABORTED, TIMEOUT), in Node and in Chromium. A
//! trap would crash the suite (`RuntimeError: unreachable`); a hang fails `within`'s deadline.
#![cfg(target_arch = "wasm32")]

mod wasm_support;
use wasm_support::{assert_tmr_error, get, global_client, global_fetch_once, message, obj, once, sleep, stub, stub_of, within, Client};

use js_sys::Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// `teams.list` on `c` must reject, within 5 s, with a `TmrError` of `code`; the error.
async fn rejects(c: &Client, code: &str, case: &str) -> JsValue {
    let e = within(5000, case, c.start("teams.list", &[], JsValue::UNDEFINED)).await.expect_err(case);
    assert_tmr_error(&e, code, None, Some("teams.list"));
    e
}

#[wasm_bindgen_test]
async fn a_fetch_rejecting_with_no_error_is_a_network_error() {
    for (prefix, body, says) in [
        ("async", "throw 'boom';", "boom"),
        ("async", "throw undefined;", "fetch failed"),
        ("async", "throw null;", "fetch failed"),
        ("async", "throw 42;", "fetch failed"),
        ("async", "throw {code: 'ECONNRESET'};", "fetch failed"),
        ("async", "throw Symbol('s');", "fetch failed"),
        ("async", "throw 10n;", "fetch failed"),
        ("", "return Promise.reject('boom');", "boom"),
        ("", "throw 'thrown, not returned';", "thrown, not returned"),
        ("", "return {then(_, reject) { reject(undefined); }};", "fetch failed"),
        ("", "return {then() { throw 'then threw'; }};", "then threw"),
    ] {
        let (f, _) = stub_of(prefix, body);
        let e = rejects(&once(&f), "NETWORK_ERROR", body).await;
        assert!(message(&e).contains(says), "{body}: {}", message(&e));
    }
    let (f, _) = stub("throw 'boom';");
    let e = rejects(&once(&f), "NETWORK_ERROR", "cause").await;
    assert_eq!(get(&e, "cause").as_string().as_deref(), Some("boom"), "the thrown value is the cause");
}

#[wasm_bindgen_test]
async fn a_fetch_returning_no_response_is_a_network_error() {
    for (body, says) in [
        ("return 'a string';", "no usable HTTP status (0)"),
        ("return null;", "no usable HTTP status (0)"),
        ("return undefined;", "no usable HTTP status (0)"),
        ("return {};", "no usable HTTP status (0)"),
        ("return Symbol('s');", "no usable HTTP status (0)"),
        ("return {ok: true, json: async () => ({})};", "no usable HTTP status (0)"),
        ("return {status: '200', text: async () => ''};", "no usable HTTP status (0)"),
        ("return {status: 200.5, text: async () => ''};", "no usable HTTP status"),
        ("return {get status() { throw 'getter'; }};", "no usable HTTP status (0)"),
        ("return Response.error();", "no usable HTTP status (0)"),
        ("return new Response(null, {status: 302, headers: {location: 'https://evil.example/'}});", "redirect (HTTP 302)"),
        ("return {status: 0, type: 'opaqueredirect'};", "redirect"),
        ("return {status: 200};", "without arrayBuffer() or text()"),
        ("return {status: 200, arrayBuffer: () => 'nope'};", "no ArrayBuffer"),
        ("return {status: 200, arrayBuffer() { throw 'sync'; }};", "sync"),
        ("return {status: 200, arrayBuffer: async () => { throw undefined; }};", "fetch failed"),
        ("return {status: 200, text: () => Promise.reject(null)};", "fetch failed"),
        ("const r = new Response('{}'); await r.text(); return r;", ""),
    ] {
        let (f, _) = stub(body);
        let e = rejects(&once(&f), "NETWORK_ERROR", body).await;
        assert!(message(&e).contains(says), "{body}: {}", message(&e));
    }
    // Response-like objects with odd headers still answer.
    for body in [
        r#"return {status: 200, headers: 5, text: async () => '{"success":true,"data":[]}'};"#,
        r#"return {status: 200, headers: {get() { throw 'x'; }}, text: async () => '{"success":true,"data":[]}'};"#,
        r#"return {status: 200, headers: {[Symbol.iterator]() { throw 'x'; }}, arrayBuffer: async () => new TextEncoder().encode('{"success":true,"data":[]}')};"#,
    ] {
        let (f, _) = stub(body);
        let r = within(5000, body, once(&f).start("withResponse.teams.list", &[], JsValue::UNDEFINED)).await;
        let r = r.unwrap_or_else(|e| panic!("{body}: {}", message(&e)));
        assert_eq!(get(&r, "status").as_f64(), Some(200.0), "{body}");
    }
}

#[wasm_bindgen_test]
async fn a_body_failing_with_no_error_is_a_network_error() {
    // Node's body read rejects with the stream's own value ('boom', undefined, …), Chromium's with
    // its TypeError "Failed to fetch": a NETWORK_ERROR either way.
    for error in ["'boom'", "", "null", "{}", "Symbol('s')"] {
        let body = format!("return new Response(new ReadableStream({{ pull(c) {{ c.error({error}); }} }}));");
        let (f, _) = stub(&body);
        rejects(&once(&f), "NETWORK_ERROR", &body).await;
    }
    // A chunk that is not bytes fails the read with the engine's own TypeError.
    let (f, _) = stub("return new Response(new ReadableStream({ start(c) { c.enqueue('text'); c.close(); } }));");
    rejects(&once(&f), "NETWORK_ERROR", "string chunk").await;
}

#[wasm_bindgen_test]
async fn a_global_fetch_answering_with_no_response_is_a_network_error() {
    for (body, says) in [
        ("return 'not a Response';", "no usable HTTP status (0)"),
        ("return null;", "no usable HTTP status (0)"),
        ("return {status: 200};", "without arrayBuffer() or text()"),
        ("throw 'boom';", "boom"),
        ("throw undefined;", "fetch failed"),
        ("return new Response(new ReadableStream({ pull(c) { c.error('bad body'); } }));", ""),
    ] {
        let (calls, restore) = global_fetch_once(body);
        let e = within(5000, body, global_client().start("teams.list", &[], JsValue::UNDEFINED)).await;
        restore.call0(&JsValue::NULL).unwrap();
        let e = e.expect_err(body);
        assert_tmr_error(&e, "NETWORK_ERROR", None, Some("teams.list"));
        assert!(message(&e).contains(says), "{body}: {}", message(&e));
        assert_eq!(calls.length(), 1, "{body}: the stub was the fetch");
    }
    // No global fetch at all (a runtime without one): a clear NETWORK_ERROR, no ReferenceError.
    let global = js_sys::global();
    let original = get(&global, "fetch");
    js_sys::Reflect::set(&global, &"fetch".into(), &JsValue::UNDEFINED).unwrap();
    let e = within(5000, "no fetch", global_client().start("teams.list", &[], JsValue::UNDEFINED)).await;
    // Nothing was sent: an invite is not "ambiguous", and nothing is retried.
    let invite = obj(&[("email", "a@b.co".into())]);
    let i = within(
        5000,
        "no fetch",
        global_client().start("invites.create", &["0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f".into(), invite], JsValue::UNDEFINED),
    )
    .await;
    js_sys::Reflect::set(&global, &"fetch".into(), &original).unwrap();
    let e = e.unwrap_err();
    assert_tmr_error(&e, "NETWORK_ERROR", None, Some("teams.list"));
    assert!(message(&e).contains("pass options.fetch"), "{}", message(&e));
    assert_tmr_error(&i.unwrap_err(), "NETWORK_ERROR", None, Some("invites.create"));
}

/// Wait until the stub has recorded "reading" (its body is being read).
async fn until_reading(calls: &Array) {
    for _ in 0..500 {
        if calls.includes(&"reading".into(), 0) {
            return;
        }
        sleep(2).await;
    }
    panic!("the body was never read");
}

/// An answer whose body sends one byte, then waits; `on_abort` runs (with the stream's controller
/// `c` and the request's signal `signal`) when the request's signal fires.
fn slow_body(signal: &str, on_abort: &str) -> String {
    format!(
        r#"const signal = {signal};
           return new Response(new ReadableStream({{
             start(c) {{ c.enqueue(new Uint8Array([123])); signal.addEventListener("abort", () => {{ {on_abort} }}); }},
             pull() {{ calls.push("reading"); return new Promise(() => {{}}); }},
           }}, {{highWaterMark: 0}}));"#
    )
}

#[wasm_bindgen_test]
async fn an_abort_with_a_string_reason_while_the_body_is_read_is_aborted() {
    // The body fails with the signal's reason (what fetch does), or with a plain string.
    for on_abort in ["c.error(signal.reason);", "c.error('why');", "c.error();"] {
        for global in [false, true] {
            let body = slow_body(if global { "input.signal" } else { "init.signal" }, on_abort);
            let ctrl = web_sys::AbortController::new().unwrap();
            let opts = obj(&[("signal", ctrl.signal().into())]);
            let (c, calls, restore) = if global {
                let (calls, restore) = global_fetch_once(&body);
                (global_client(), calls, Some(restore))
            } else {
                let (f, calls) = stub(&body);
                (once(&f), calls, None)
            };
            let pending = c.start("teams.list", &[], opts);
            until_reading(&calls).await;
            ctrl.abort_with_reason(&"why".into());
            let e = within(5000, on_abort, pending).await;
            if let Some(restore) = restore {
                restore.call0(&JsValue::NULL).unwrap();
            }
            let e = e.expect_err(on_abort);
            assert_tmr_error(&e, "ABORTED", None, Some("teams.list"));
            assert!(get(&e, "cause").is_undefined(), "an abort has no cause");
        }
    }
    // The deadline passing while the body is read is a TIMEOUT, whatever the body fails with.
    for on_abort in ["c.error(signal.reason);", "c.error('late');"] {
        let (f, _) = stub(&slow_body("init.signal", on_abort));
        let e = within(5000, on_abort, once(&f).start("teams.list", &[], obj(&[("timeoutMs", 30.into())]))).await.unwrap_err();
        assert_tmr_error(&e, "TIMEOUT", None, Some("teams.list"));
    }
}

#[wasm_bindgen_test]
async fn a_fetch_that_ignores_its_signal_still_ends_at_the_deadline_and_on_abort() {
    for body in ["return new Promise(() => {});", "return new Response(new ReadableStream({ pull() { return new Promise(() => {}); } }));"]
    {
        let (f, _) = stub(body);
        let e = within(2000, body, once(&f).start("teams.list", &[], obj(&[("timeoutMs", 30.into())]))).await.unwrap_err();
        assert_tmr_error(&e, "TIMEOUT", None, Some("teams.list"));
        let ctrl = web_sys::AbortController::new().unwrap();
        let pending = once(&f).start("teams.list", &[], obj(&[("signal", ctrl.signal().into())]));
        sleep(20).await;
        ctrl.abort_with_reason(&"why".into());
        assert_tmr_error(&within(2000, body, pending).await.unwrap_err(), "ABORTED", None, Some("teams.list"));
    }
}
