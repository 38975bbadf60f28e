//! `data.queryRows` in a JS engine (Node and headless Chromium), both faces: the JS async iterator
//! (through the real group method, as a JS caller calls it) and the Rust `RowStream`. The answers
//! come from a fetch stub whose body is a `ReadableStream` cut into chunks of any size, ending
//! well, failing, or stalling; it records whether the body was cancelled.
#![cfg(target_arch = "wasm32")]

mod wasm_support;
use wasm_support::{assert_tmr_error, client, get, message, obj};

use futures_core::Stream;
use js_sys::{Array, Function, Object, Promise, Reflect};
use serde_json::{json, Value};
use std::pin::Pin;
use tmr_client::{ErrorCode, Options, RateLimit, RowStream, TmrClient};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const TEAM: &str = "0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f";

fn query() -> Value {
    json!({ "accounts": ["gadw_1000000000"], "metrics": ["clicks"], "dimensions": ["date"] })
}

/// A run-query answer of `n` rows.
fn answer(n: usize) -> String {
    let rows: Vec<Value> =
        (0..n).map(|i| json!({ "date": format!("2026-01-{:02}", i % 28 + 1), "clicks": i, "note": "é ☃ \"}]" })).collect();
    json!({ "success": true, "data": rows }).to_string()
}

/// A fetch whose answers are `answers[k]` for the k-th call: `[status, chunks, end]`, `end` one of
/// `close`, `error` (the connection drops: `TypeError('terminated')`) or `stall` (no more bytes
/// until the request is aborted). `log.calls` counts calls, `log.cancelled` is set when the body
/// is cancelled, `log.aborted` when the request's signal fired.
fn fetch(answers: &[(u16, Vec<String>, &str)]) -> (Function, Object) {
    let plan = Array::new();
    for (status, chunks, end) in answers {
        let chunks: Array = chunks.iter().map(|c| JsValue::from_str(c)).collect();
        plan.push(&Array::of3(&JsValue::from(*status), &chunks, &JsValue::from_str(end)));
    }
    let log = Object::new();
    let make = Function::new_with_args(
        "plan, log",
        "log.calls = 0; log.cancelled = false; log.aborted = false;
         const bytes = new TextEncoder();
         return async (url, init) => {
           const [status, chunks, end] = plan[Math.min(log.calls, plan.length - 1)];
           log.calls++;
           init.signal.addEventListener('abort', () => { log.aborted = true; });
           let i = 0;
           const body = new ReadableStream({
             pull(c) {
               if (i < chunks.length) return c.enqueue(bytes.encode(chunks[i++]));
               if (end === 'close') return c.close();
               if (end === 'error') return c.error(new TypeError('terminated'));
               return new Promise((resolve) => {
                 const stop = () => { c.error(init.signal.reason); resolve(); };
                 if (init.signal.aborted) stop(); else init.signal.addEventListener('abort', stop);
               });
             },
             cancel() { log.cancelled = true; },
           });
           return new Response(body, { status, headers: { 'content-type': 'application/json' } });
         };",
    );
    (make.call2(&JsValue::NULL, &plan, &log).unwrap().unchecked_into(), log)
}

/// `text` in chunks of `size` bytes (a UTF-8 sequence may be cut: the chunks are re-joined as
/// bytes by the stub's encoder only when whole, so cut at char boundaries here).
fn chunks(text: &str, size: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut at = size.min(rest.len());
        while !rest.is_char_boundary(at) {
            at += 1;
        }
        out.push(rest[..at].to_owned());
        rest = &rest[at..];
    }
    out
}

fn flag(log: &Object, key: &str) -> bool {
    get(log, key).as_bool() == Some(true)
}

/// `client.data.queryRows(TEAM, query, options)`: the JS iterator.
fn js_rows(fetch: &Function, options: JsValue) -> JsValue {
    let c = client(fetch, &[("maxRetries", 1.into()), ("rateLimit", JsValue::FALSE)]);
    let data = get(c.js(), "data");
    let f: Function = get(&data, "queryRows").dyn_into().unwrap();
    let q = js_sys::JSON::parse(&query().to_string()).unwrap();
    f.call3(&data, &JsValue::from_str(TEAM), &q, &options).unwrap()
}

async fn js_next(it: &JsValue) -> Result<JsValue, JsValue> {
    let next: Function = get(it, "next").dyn_into().unwrap();
    JsFuture::from(next.call0(it).unwrap().unchecked_into::<Promise>()).await
}

/// Every batch's length until the end, or the rejection after them.
async fn js_all(it: &JsValue) -> (Vec<u32>, Result<(), JsValue>) {
    let mut sizes = Vec::new();
    loop {
        match js_next(it).await {
            Ok(r) if get(&r, "done").as_bool() == Some(true) => return (sizes, Ok(())),
            Ok(r) => sizes.push(get(&r, "value").unchecked_into::<Array>().length()),
            Err(e) => return (sizes, Err(e)),
        }
    }
}

fn rust_client(fetch: &Function) -> TmrClient {
    let options =
        Options::new("tmrc_live_rust").fetch(fetch.clone()).max_retries(1).rate_limit(RateLimit::Off).dangerously_allow_browser(true);
    TmrClient::new(options).unwrap()
}

async fn poll_next(stream: &mut RowStream) -> Option<Result<Vec<tmr_client::core::model::Row>, tmr_client::Error>> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

#[wasm_bindgen_test]
async fn batches_are_the_same_whatever_the_chunking() {
    let body = answer(25);
    let whole: Value = serde_json::from_str(&body).unwrap();
    for size in [1, 3, 7, 64, body.len()] {
        let (f, log) = fetch(&[(200, chunks(&body, size), "close")]);
        let it = js_rows(&f, obj(&[("batchSize", 10.into())]));
        assert_eq!(get(&log, "calls").as_f64(), Some(0.0), "nothing is sent before the first next()");
        let (sizes, end) = js_all(&it).await;
        assert!(end.is_ok(), "chunks of {size}: {:?}", end.err().map(|e| message(&e)));
        assert_eq!(sizes, [10, 10, 5], "chunks of {size}");
        assert_eq!(get(&it, "rows").as_f64(), Some(25.0));
        assert_eq!(get(&it, "bytes").as_f64(), Some(body.len() as f64));

        // The Rust stream: the same rows, typed.
        let (f, _) = fetch(&[(200, chunks(&body, size), "close")]);
        let tmr = rust_client(&f);
        let mut stream = tmr.data().query_rows(TEAM, &query(), 10);
        let mut rows = Vec::new();
        while let Some(batch) = poll_next(&mut stream).await {
            rows.extend(batch.unwrap());
        }
        assert_eq!(Value::Array(rows.into_iter().map(Value::Object).collect()), whole["data"], "chunks of {size}");
    }
}

#[wasm_bindgen_test]
async fn a_late_failure_rejects_after_the_rows_read_before_it() {
    let body = answer(25);
    let cut = body.find("\"clicks\":15").unwrap();
    // The connection drops mid-answer: the rows before it, then NETWORK_ERROR.
    let (f, log) = fetch(&[(200, chunks(&body[..cut], 50), "error")]);
    let it = js_rows(&f, obj(&[("batchSize", 10.into())]));
    let (sizes, end) = js_all(&it).await;
    assert_eq!(sizes, [10, 5]);
    let e = end.unwrap_err();
    assert_tmr_error(&e, "NETWORK_ERROR", Some(200.0), Some("data.runQuery"));
    assert!(message(&e).contains("the answer's body stopped after"), "{}", message(&e));
    assert_eq!(get(&log, "calls").as_f64(), Some(1.0), "no retry once rows were read");
    assert!(js_next(&it).await.is_ok_and(|r| get(&r, "done").as_bool() == Some(true)), "over after the failure");

    // The answer ends cleanly but cut short: INVALID_RESPONSE, with the status.
    let (f, _) = fetch(&[(200, chunks(&body[..cut], 50), "close")]);
    let (sizes, end) = js_all(&js_rows(&f, obj(&[("batchSize", 10.into())]))).await;
    assert_eq!(sizes, [10, 5]);
    let e = end.unwrap_err();
    assert_tmr_error(&e, "INVALID_RESPONSE", Some(200.0), Some("data.runQuery"));

    // The Rust stream: the same order.
    let (f, _) = fetch(&[(200, chunks(&body[..cut], 50), "error")]);
    let tmr = rust_client(&f);
    let mut stream = tmr.data().query_rows(TEAM, &query(), 10);
    assert_eq!(poll_next(&mut stream).await.unwrap().unwrap().len(), 10);
    assert_eq!(poll_next(&mut stream).await.unwrap().unwrap().len(), 5);
    assert_eq!(poll_next(&mut stream).await.unwrap().unwrap_err().code(), ErrorCode::NetworkError);
    assert!(poll_next(&mut stream).await.is_none());
}

#[wasm_bindgen_test]
async fn a_failure_before_the_first_byte_is_retried() {
    let body = answer(3);
    let (f, log) = fetch(&[
        (200, vec![], "error"),
        (503, vec![r#"{"success":false,"error":{"code":"SERVICE_UNAVAILABLE","message":"busy"}}"#.into()], "close"),
        (200, vec![body], "close"),
    ]);
    let c = client(&f, &[("maxRetries", 2.into()), ("rateLimit", JsValue::FALSE), ("maxRetryDelayMs", 1.into())]);
    let data = get(c.js(), "data");
    let q = js_sys::JSON::parse(&query().to_string()).unwrap();
    let it = get(&data, "queryRows").unchecked_into::<Function>().call2(&data, &JsValue::from_str(TEAM), &q).unwrap();
    let (sizes, end) = js_all(&it).await;
    assert!(end.is_ok(), "{:?}", end.err().map(|e| message(&e)));
    assert_eq!(sizes, [3]);
    assert_eq!(get(&log, "calls").as_f64(), Some(3.0));
}

#[wasm_bindgen_test]
async fn leaving_early_cancels_the_body() {
    let body = answer(25);
    // JS: `break` in a for-await loop calls return().
    let (f, log) = fetch(&[(200, chunks(&body, 40), "stall")]);
    let it = js_rows(&f, obj(&[("batchSize", 5.into())]));
    assert!(js_next(&it).await.is_ok());
    let ret: Function = get(&it, "return").dyn_into().unwrap();
    let done = JsFuture::from(ret.call0(&it).unwrap().unchecked_into::<Promise>()).await.unwrap();
    assert_eq!(get(&done, "done").as_bool(), Some(true));
    assert!(flag(&log, "cancelled") || flag(&log, "aborted"), "the body was cancelled");
    assert!(flag(&log, "aborted"), "and its request aborted");
    assert!(js_next(&it).await.is_ok_and(|r| get(&r, "done").as_bool() == Some(true)));

    // Rust: dropping the stream.
    let (f, log) = fetch(&[(200, chunks(&body, 40), "stall")]);
    let tmr = rust_client(&f);
    let mut stream = tmr.data().query_rows(TEAM, &query(), 5);
    assert_eq!(poll_next(&mut stream).await.unwrap().unwrap().len(), 5);
    drop(stream);
    assert!(flag(&log, "aborted"), "dropping the stream aborts its request");
}

#[wasm_bindgen_test]
async fn an_abort_rejects_with_aborted_and_cancels_the_body() {
    let body = answer(25);
    let (f, log) = fetch(&[(200, chunks(&body, 40), "stall")]);
    let controller = web_sys::AbortController::new().unwrap();
    let it = js_rows(&f, obj(&[("batchSize", 5.into()), ("signal", controller.signal().into())]));
    assert!(js_next(&it).await.is_ok());
    controller.abort();
    let (_, end) = js_all(&it).await;
    assert_tmr_error(&end.unwrap_err(), "ABORTED", None, Some("data.runQuery"));
    assert!(flag(&log, "aborted"));
}

#[wasm_bindgen_test]
async fn the_deadline_holds_while_the_body_stalls() {
    let body = answer(25);
    let (f, _) = fetch(&[(200, chunks(&body, 200), "stall")]);
    let it = js_rows(&f, obj(&[("batchSize", 1000.into()), ("timeoutMs", 300.into())]));
    let (sizes, end) = js_all(&it).await;
    assert!(sizes.len() <= 1, "the rows read before the deadline, in one batch: {sizes:?}");
    assert_tmr_error(&end.unwrap_err(), "TIMEOUT", None, Some("data.runQuery"));
}

#[wasm_bindgen_test]
async fn a_bad_batch_size_sends_nothing() {
    for bad in [JsValue::from(0), JsValue::from(1.5), JsValue::from(100_001), JsValue::from_str("10"), JsValue::from(f64::NAN)] {
        let (f, log) = fetch(&[(200, vec![answer(1)], "close")]);
        let it = js_rows(&f, obj(&[("batchSize", bad.clone())]));
        let e = js_next(&it).await.unwrap_err();
        assert_tmr_error(&e, "INVALID_ARGUMENT", None, Some("data.runQuery"));
        assert!(message(&e).contains("options.batchSize"), "{}", message(&e));
        assert_eq!(get(&log, "calls").as_f64(), Some(0.0), "nothing sent for {bad:?}");
    }
    // An unknown option and a bad team id: refused the same way.
    let (f, log) = fetch(&[(200, vec![answer(1)], "close")]);
    let e = js_next(&js_rows(&f, obj(&[("batch", 10.into())]))).await.unwrap_err();
    assert!(message(&e).contains("unknown option \"batch\""), "{}", message(&e));
    assert_eq!(get(&log, "calls").as_f64(), Some(0.0));
    // Rust: the refusal is the stream's only item.
    let tmr = rust_client(&f);
    let mut stream = tmr.data().query_rows("not-a-team", &query(), 10);
    assert_eq!(poll_next(&mut stream).await.unwrap().unwrap_err().code(), ErrorCode::InvalidArgument);
    assert!(poll_next(&mut stream).await.is_none());
    let mut stream = tmr.data().query_rows(TEAM, &query(), 0);
    assert!(poll_next(&mut stream).await.unwrap().unwrap_err().to_string().contains("batch_size"));
    assert_eq!(get(&log, "calls").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
async fn next_calls_queue_and_the_iterator_is_its_own_async_iterator() {
    let body = answer(12);
    let (f, _) = fetch(&[(200, chunks(&body, 30), "close")]);
    let it = js_rows(&f, obj(&[("batchSize", 5.into())]));
    let iterator = Reflect::get(&it, &js_sys::Symbol::async_iterator()).unwrap().unchecked_into::<Function>();
    assert_eq!(iterator.call0(&it).unwrap(), it);
    // Three next() at once settle in order, as an async generator's do.
    let next: Function = get(&it, "next").dyn_into().unwrap();
    let all = Array::of3(&next.call0(&it).unwrap(), &next.call0(&it).unwrap(), &next.call0(&it).unwrap());
    let results = JsFuture::from(Promise::all(&all)).await.unwrap().unchecked_into::<Array>();
    let sizes: Vec<u32> = results.iter().map(|r| get(&r, "value").unchecked_into::<Array>().length()).collect();
    assert_eq!(sizes, [5, 5, 2]);
}

#[wasm_bindgen_test]
async fn return_while_a_next_waits_cancels_at_once() {
    let body = answer(25);
    let (f, log) = fetch(&[(200, chunks(&body, 40), "stall")]);
    let it = js_rows(&f, obj(&[("batchSize", 1000.into())]));
    // The first next() waits on a stalled body (a 6-minute deadline): return() must not wait for it.
    let next: Function = get(&it, "next").dyn_into().unwrap();
    let pending = next.call0(&it).unwrap().unchecked_into::<Promise>();
    wasm_support::sleep(20).await;
    let ret: Function = get(&it, "return").dyn_into().unwrap();
    let stopped = ret.call0(&it).unwrap().unchecked_into::<Promise>();
    let both = Promise::all(&Array::of2(&pending, &stopped));
    let results = wasm_support::within(2000, "return() and the waiting next()", both).await.unwrap().unchecked_into::<Array>();
    assert_eq!(get(&results.get(0), "done").as_bool(), Some(true), "the waiting next() ends");
    assert_eq!(get(&results.get(1), "done").as_bool(), Some(true));
    assert!(flag(&log, "aborted"), "its request aborted");
}

#[wasm_bindgen_test]
async fn a_response_like_body_that_misbehaves_ends_the_iteration() {
    // A Response-like answer (not a Response): its reader's read() throws, or it has no cancel().
    let make = Function::new_with_args(
        "mode",
        "return async () => {
           const bytes = new TextEncoder().encode('{\"success\":true,\"data\":[{\"a\":1},{\"a\":2},');
           let n = 0;
           const reader = {
             read() {
               n++;
               if (n === 1) return Promise.resolve({ done: false, value: bytes });
               if (mode === 'throws') throw new Error('read exploded');
               return new Promise(() => {});
             },
           };
           return { status: 200, headers: new Headers(), body: { getReader: () => reader } };
         };",
    );
    let throws: Function = make.call1(&JsValue::NULL, &"throws".into()).unwrap().unchecked_into();
    let (sizes, end) = js_all(&js_rows(&throws, obj(&[("batchSize", 1.into())]))).await;
    assert_eq!(sizes, [1, 1]);
    let e = end.unwrap_err();
    assert_tmr_error(&e, "NETWORK_ERROR", Some(200.0), Some("data.runQuery"));
    assert!(message(&e).contains("read exploded"), "{}", message(&e));

    // No cancel(): leaving the loop still ends the iteration.
    let stalls: Function = make.call1(&JsValue::NULL, &"stalls".into()).unwrap().unchecked_into();
    let it = js_rows(&stalls, obj(&[("batchSize", 1.into())]));
    assert!(js_next(&it).await.is_ok());
    let ret: Function = get(&it, "return").dyn_into().unwrap();
    let done = wasm_support::within(2000, "return()", ret.call0(&it).unwrap().unchecked_into()).await.unwrap();
    assert_eq!(get(&done, "done").as_bool(), Some(true));
    assert!(js_next(&it).await.is_ok_and(|r| get(&r, "done").as_bool() == Some(true)));
}
