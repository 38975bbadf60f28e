//! The transport: one `HttpRequest` through `fetch` (the global one or the caller's), with a
//! deadline and the caller's `AbortSignal`. Reads the answer through `Reflect`, so any fetch
//! returning a Response-like object (undici, node-fetch, a test stub) works.

use super::error::Failure;
use super::timer::{AbortListener, Deadline, TIMEOUT_REASON};
use crate::core::{Error, HttpRequest, HttpResponse};
use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

/// Why an attempt got no usable HTTP answer.
pub enum SendError {
    /// Network failure; the JS error is kept as `cause`.
    Network(Failure),
    Timeout,
    Aborted,
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The message of a rejected fetch, with its `cause` (undici puts ECONNREFUSED there).
fn describe_rejection(e: &JsValue) -> String {
    let text = |v: &JsValue| get(v, "message").as_string().or_else(|| v.as_string());
    let mut msg = text(e).unwrap_or_else(|| "fetch failed".to_owned());
    let cause = get(e, "cause");
    if let Some(c) = text(&cause).or_else(|| get(&cause, "code").as_string()) {
        msg = format!("{msg} ({c})");
    }
    msg
}

fn network(message: String, cause: Option<JsValue>) -> SendError {
    SendError::Network(Failure { error: Error::Network { message }, cause })
}

fn init_object(req: &HttpRequest, signal: &AbortSignal) -> Object {
    let init = Object::new();
    let headers = Object::new();
    for (k, v) in &req.headers {
        let _ = Reflect::set(&headers, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    let _ = Reflect::set(&init, &"method".into(), &req.method.as_str().into());
    let _ = Reflect::set(&init, &"headers".into(), &headers);
    if let Some(body) = &req.body {
        let _ = Reflect::set(&init, &"body".into(), &Uint8Array::from(body.as_slice()));
    }
    let _ = Reflect::set(&init, &"signal".into(), signal);
    // Never follow redirects: a redirect to another origin must not carry the Authorization header.
    let _ = Reflect::set(&init, &"redirect".into(), &"manual".into());
    init
}

/// Await a JS value that may be a Promise.
async fn settle(v: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(Promise::resolve(&v)).await
}

/// An answer, with its headers as a plain object when they were asked for.
pub struct Answer {
    pub response: HttpResponse,
    pub headers: Option<JsValue>,
    /// The body as the JS string `text()` gave.
    pub text: JsValue,
}

/// Send one request. `fetch` is the function to call; the deadline is `timeout_ms` from now.
pub async fn send(
    req: &HttpRequest,
    fetch: &Function,
    caller: Option<&AbortSignal>,
    timeout_ms: u64,
    want_headers: bool,
) -> Result<Answer, SendError> {
    if caller.is_some_and(AbortSignal::aborted) {
        return Err(SendError::Aborted);
    }
    let controller = AbortController::new().map_err(|e| network("AbortController is unavailable".into(), Some(e)))?;
    let _deadline = Deadline::new(timeout_ms, &controller);
    let _listener = caller.map(|s| {
        let ctrl = controller.clone();
        AbortListener::new(s, move || ctrl.abort())
    });
    let timed_out =
        || Reflect::get(&controller.signal(), &"reason".into()).ok().and_then(|r| r.as_string()).as_deref() == Some(TIMEOUT_REASON);
    let classify = |e: JsValue| {
        if caller.is_some_and(AbortSignal::aborted) {
            SendError::Aborted
        } else if timed_out() {
            SendError::Timeout
        } else {
            network(describe_rejection(&e), Some(e))
        }
    };

    let init = init_object(req, &controller.signal());
    let pending = fetch.call2(&js_sys::global(), &JsValue::from_str(&req.url), &init).map_err(classify)?;
    let response = settle(pending).await.map_err(classify)?;
    let status = get(&response, "status").as_f64().unwrap_or(0.0);
    if get(&response, "type").as_string().as_deref() == Some("opaqueredirect") || (300.0..400.0).contains(&status) {
        return Err(network(
            format!(
                "the server answered with a redirect (HTTP {status}); redirects are not followed, so the key never goes to another origin"
            ),
            None,
        ));
    }
    if !(100.0..=599.0).contains(&status) {
        return Err(network(format!("fetch returned no usable HTTP status ({status})"), None));
    }
    let retry_after = header(&response, "retry-after");
    // The body as text: the JS engine decodes it once, the core validates a UTF-8 copy, and on
    // the fast path the engine's own JSON parser builds the caller's objects from this string.
    let text = match get(&response, "text").dyn_into::<Function>() {
        Ok(read) => settle(read.call0(&response).map_err(classify)?).await.map_err(classify)?,
        Err(_) => return Err(network("fetch returned an object without text()".into(), None)),
    };
    let body = text.as_string().map(String::into_bytes).unwrap_or_default();
    let headers = want_headers.then(|| header_object(&response));
    Ok(Answer {
        response: HttpResponse { status: status as u16, retry_after, body, received_ms: js_sys::Date::now() as u64 },
        headers,
        text,
    })
}

/// All response headers as `{ name: value }` (names lower-case, as fetch gives them).
fn header_object(response: &JsValue) -> JsValue {
    let out = Object::new();
    for pair in js_sys::Array::from(&get(response, "headers")).iter() {
        let pair = js_sys::Array::from(&pair);
        let _ = Reflect::set(&out, &pair.get(0), &pair.get(1));
    }
    out.into()
}

fn header(response: &JsValue, name: &str) -> Option<String> {
    let headers = get(response, "headers");
    let getter = get(&headers, "get").dyn_into::<Function>().ok()?;
    getter.call1(&headers, &JsValue::from_str(name)).ok()?.as_string()
}
