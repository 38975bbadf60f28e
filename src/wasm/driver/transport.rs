//! One attempt of one request: sent through gloo-net on the global `fetch` (or given to the
//! caller's `fetch` as `(url, init)`, the global fetch's own signature), bounded by the attempt's
//! deadline and the caller's `AbortSignal`, the answer read as bytes. Every JS value that comes
//! back is checked before use: gloo-net panics on a `fetch` that returns no `Response` and on a
//! body that fails with something other than an `Error`, so both are read here, guarded.

use super::timer::{clear_timeout, set_timeout};
use crate::core::call::TransportError;
use crate::core::config::js_number;
use crate::core::endpoint::Method;
use crate::core::HttpRequest;
use gloo_net::http::{RequestBuilder, Response};
use js_sys::{ArrayBuffer, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestRedirect, ResponseType};

#[wasm_bindgen]
extern "C" {
    // gloo-net's own binding of the global fetch, with `catch`: a runtime without `fetch` throws
    // here instead of trapping, and the value it returns is checked below (gloo-net's `send`
    // would panic on anything but a `Response`).
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> Result<JsValue, JsValue>;
}

/// An HTTP answer as received.
pub struct Reply {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
    /// All headers (names lower-case), only when asked for.
    pub headers: Option<Vec<(String, String)>>,
}

/// What one attempt needs.
pub struct Attempt<'a> {
    pub request: &'a HttpRequest,
    /// The caller's fetch; `None` for the global one.
    pub fetch: Option<&'a Function>,
    pub caller: Option<&'a AbortSignal>,
    pub timeout_ms: u64,
    pub want_headers: bool,
}

/// Why an exchange failed, before it is classified.
enum Raw {
    /// A throw or rejection: an abort, the deadline, or a network failure, as the signals say.
    Js(JsValue),
    /// The answer itself is unusable.
    Bad(String),
}

thread_local! {
    // Abort reasons are always `Error`s: a body read rejects with the reason, and gloo-net's
    // error conversion panics on anything else.
    static DEADLINE: JsValue = js_sys::Error::new("tmr-client: the call's deadline passed").into();
    static CANCELLED: JsValue = js_sys::Error::new("tmr-client: aborted by the caller's signal").into();
}

/// Send one attempt; its answer, or why there was none (with the JS value that caused it).
pub async fn send(a: Attempt<'_>) -> Result<Reply, (TransportError, Option<JsValue>)> {
    if a.caller.is_some_and(AbortSignal::aborted) {
        return Err((TransportError::Aborted, None));
    }
    let network = |message: &str, cause: JsValue| (TransportError::Network { message: message.to_owned() }, Some(cause));
    let controller = AbortController::new().map_err(|e| network("AbortController is unavailable", e))?;
    let abort: Function = Reflect::get(&controller, &"abort".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| network("AbortController has no abort()", JsValue::UNDEFINED))?;
    let signal = controller.signal();
    // Native bound functions: no wasm closure per attempt.
    let on_deadline: Function = DEADLINE.with(|reason| abort.bind1(&controller, reason).unchecked_into());
    let timer = set_timeout(&on_deadline, a.timeout_ms as f64);
    let on_abort = a.caller.map(|caller| {
        let f: Function = CANCELLED.with(|reason| abort.bind1(&controller, reason).unchecked_into());
        let _ = caller.add_event_listener_with_callback("abort", &f);
        (caller, f)
    });
    let result = exchange(&a, &signal).await;
    clear_timeout(&timer);
    if let Some((caller, f)) = &on_abort {
        let _ = caller.remove_event_listener_with_callback("abort", f);
    }
    result.map_err(|raw| match raw {
        Raw::Bad(message) => (TransportError::Network { message }, None),
        Raw::Js(_) if a.caller.is_some_and(AbortSignal::aborted) => (TransportError::Aborted, None),
        Raw::Js(_) if signal.aborted() => (TransportError::Timeout, None),
        Raw::Js(e) => (TransportError::Network { message: describe(&e) }, Some(e)),
    })
}

async fn exchange(a: &Attempt<'_>, signal: &AbortSignal) -> Result<Reply, Raw> {
    let returned = match a.fetch {
        Some(fetch) => {
            let init: JsValue = init(a.request, signal).into();
            fetch.call2(&js_sys::global(), &JsValue::from_str(&a.request.url), &init).map_err(Raw::Js)?
        }
        None => {
            let request = build(a.request, signal).map_err(|e| Raw::Bad(format!("the request could not be built: {e}")))?;
            global_fetch(&request).map_err(|e| {
                let missing = !Reflect::get(&js_sys::global(), &"fetch".into()).is_ok_and(|f| f.is_function());
                if missing {
                    Raw::Bad("no global fetch in this runtime: pass options.fetch".to_owned())
                } else {
                    Raw::Js(e)
                }
            })?
        }
    };
    let answer = JsFuture::from(Promise::resolve(&returned)).await.map_err(Raw::Js)?;
    read(answer, a.want_headers).await
}

/// The request for the global fetch, built by gloo-net. Redirects are never followed: a redirect
/// to another origin must not carry the `Authorization` header.
fn build(req: &HttpRequest, signal: &AbortSignal) -> Result<web_sys::Request, gloo_net::Error> {
    let mut builder = RequestBuilder::new(&req.url)
        .method(method(req.method))
        .redirect(RequestRedirect::Manual)
        .abort_signal(Some(signal));
    for (name, value) in &req.headers {
        builder = builder.header(name, value);
    }
    let request = match &req.body {
        Some(bytes) => builder.body(Uint8Array::from(bytes.as_slice()))?,
        None => builder.build()?,
    };
    Ok(request.into())
}

fn method(m: Method) -> gloo_net::http::Method {
    use gloo_net::http::Method as M;
    match m {
        Method::Get => M::GET,
        Method::Post => M::POST,
        Method::Put => M::PUT,
        Method::Patch => M::PATCH,
        Method::Delete => M::DELETE,
    }
}

/// `init` for a caller's `fetch(url, init)`: plain objects (headers too), so wrappers that spread
/// `init.headers` keep working.
fn init(req: &HttpRequest, signal: &AbortSignal) -> Object {
    let init = Object::new();
    let headers = Object::new();
    for (name, value) in &req.headers {
        set(&headers, name, &JsValue::from_str(value));
    }
    set(&init, "method", &JsValue::from_str(req.method.as_str()));
    set(&init, "headers", &headers);
    if let Some(bytes) = &req.body {
        set(&init, "body", &Uint8Array::from(bytes.as_slice()));
    }
    set(&init, "signal", signal);
    set(&init, "redirect", &JsValue::from_str("manual"));
    init
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Read an answer: a `Response` through gloo-net, or a Response-like object (node-fetch, stubs).
async fn read(answer: JsValue, want_headers: bool) -> Result<Reply, Raw> {
    let real = answer.clone().dyn_into::<web_sys::Response>().ok().map(Response::from);
    let (status, redirect_type) = match &real {
        Some(res) => (f64::from(res.status()), res.type_() == ResponseType::Opaqueredirect),
        None => {
            let status = get(&answer, "status").as_f64().unwrap_or(0.0);
            (status, get(&answer, "type").as_string().as_deref() == Some("opaqueredirect"))
        }
    };
    if redirect_type || (300.0..400.0).contains(&status) {
        return Err(Raw::Bad(format!(
            "the server answered with a redirect (HTTP {}); redirects are not followed, so the key never goes to another origin",
            js_number(status)
        )));
    }
    if !(100.0..=599.0).contains(&status) || status.fract() != 0.0 {
        return Err(Raw::Bad(format!("fetch returned no usable HTTP status ({})", js_number(status))));
    }
    let (retry_after, headers) = match &real {
        Some(res) => {
            let headers = res.headers();
            (headers.get("retry-after"), want_headers.then(|| headers.entries().collect()))
        }
        None => {
            let headers = get(&answer, "headers");
            let retry_after = get(&headers, "get")
                .dyn_into::<Function>()
                .ok()
                .and_then(|f| f.call1(&headers, &"retry-after".into()).ok())
                .and_then(|v| v.as_string());
            (retry_after, want_headers.then(|| entries(&headers)))
        }
    };
    let body = body(&answer).await?;
    Ok(Reply { status: status as u16, retry_after, body, headers })
}

/// The body's bytes, from `arrayBuffer()` (or `text()` on a Response-like without it). Read here
/// rather than with gloo-net's `binary()`, whose error conversion panics on a non-`Error`.
async fn body(answer: &JsValue) -> Result<Vec<u8>, Raw> {
    let call = |name: &str| -> Option<Result<JsValue, JsValue>> {
        let f = get(answer, name).dyn_into::<Function>().ok()?;
        Some(f.call0(answer))
    };
    if let Some(returned) = call("arrayBuffer") {
        let value = JsFuture::from(Promise::resolve(&returned.map_err(Raw::Js)?)).await.map_err(Raw::Js)?;
        return match value.dyn_into::<ArrayBuffer>() {
            Ok(buffer) => Ok(Uint8Array::new(&buffer).to_vec()),
            Err(other) => match other.dyn_into::<Uint8Array>() {
                Ok(bytes) => Ok(bytes.to_vec()),
                Err(_) => Err(Raw::Bad("arrayBuffer() gave no ArrayBuffer".to_owned())),
            },
        };
    }
    if let Some(returned) = call("text") {
        let value = JsFuture::from(Promise::resolve(&returned.map_err(Raw::Js)?)).await.map_err(Raw::Js)?;
        return Ok(value.as_string().unwrap_or_default().into_bytes());
    }
    Err(Raw::Bad("fetch returned an object without arrayBuffer() or text()".to_owned()))
}

/// Headers of a Response-like object, if iterable as `[name, value]` pairs.
fn entries(headers: &JsValue) -> Vec<(String, String)> {
    let Ok(Some(iter)) = js_sys::try_iter(headers) else { return Vec::new() };
    iter.flatten()
        .filter_map(|pair| {
            let pair = pair.dyn_into::<js_sys::Array>().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// The message of a rejected fetch, with its `cause` (undici puts ECONNREFUSED there).
fn describe(e: &JsValue) -> String {
    let text = |v: &JsValue| get(v, "message").as_string().or_else(|| v.as_string());
    let mut message = text(e).unwrap_or_else(|| "fetch failed".to_owned());
    let cause = if e.is_object() { get(e, "cause") } else { JsValue::UNDEFINED };
    let detail = if cause.is_undefined() || cause.is_null() { None } else { text(&cause).or_else(|| get(&cause, "code").as_string()) };
    if let Some(detail) = detail {
        message = format!("{message} ({detail})");
    }
    message
}
