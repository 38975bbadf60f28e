//! One attempt of one request: sent through gloo-net on the global `fetch` (or given to the
//! caller's `fetch` as `(url, init)`, the global fetch's own signature), bounded by the attempt's
//! deadline and the caller's `AbortSignal`, the answer read as bytes. Every JS value that comes
//! back is checked before use: gloo-net panics on a `fetch` that returns no `Response` and on a
//! body that fails with something other than an `Error`, so both are read here, guarded.

use super::answer::{read, Reply, Want};
use super::body::{OpenBody, Source};
use super::wait::{outcome, Guard, Raw};
use super::wiring::{classify, Wiring};
use crate::core::call::TransportError;
use crate::core::endpoint::Method;
use crate::core::HttpRequest;
use crate::wasm::context;
use crate::wasm::prop::set;
use gloo_net::http::RequestBuilder;
use js_sys::{Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, RequestRedirect};

#[wasm_bindgen]
extern "C" {
    // gloo-net's own binding of the global fetch, with `catch`: a runtime without `fetch` throws
    // here instead of trapping, and the value it returns is checked below (gloo-net's `send`
    // would panic on anything but a `Response`).
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> Result<JsValue, JsValue>;
}

/// What one attempt needs.
pub struct Attempt<'a> {
    pub request: &'a HttpRequest,
    /// The caller's fetch; `None` for the global one.
    pub fetch: Option<&'a Function>,
    pub caller: Option<&'a AbortSignal>,
    pub timeout_ms: u64,
    pub want: Want,
}

/// Send one attempt; its answer, or why there was none (with the JS value that caused it).
pub async fn send(a: Attempt<'_>) -> Result<Reply, (TransportError, Option<JsValue>)> {
    if a.caller.is_some_and(AbortSignal::aborted) {
        return Err((TransportError::Aborted, None));
    }
    let (wiring, signal) = Wiring::arm(a.caller, a.timeout_ms)?;
    match exchange(&a, &signal).await {
        // A streamed body: the deadline and the abort stay armed while the rest is read.
        Ok((mut reply, Some(rest), guard)) => {
            // The body's reads end with the attempt's signal, whoever's fetch it is (see OpenBody);
            // a reader without cancel() races each read with a guard.
            let guard = guard.unwrap_or_else(|| Guard::new(&signal));
            reply.open = Some(OpenBody::new(rest, Some(guard), signal, a.caller.cloned(), wiring));
            Ok(reply)
        }
        Ok((reply, None, _)) => {
            wiring.finish();
            Ok(reply)
        }
        Err(raw) => {
            wiring.finish();
            Err(classify(raw, a.caller, &signal))
        }
    }
}

/// The answer, and for a streamed body the source of its rest and the guard its reads race with.
async fn exchange(a: &Attempt<'_>, signal: &AbortSignal) -> Result<(Reply, Option<Source>, Option<Guard>), Raw> {
    let (returned, guard) = match a.fetch {
        Some(fetch) => {
            let init: JsValue = init(a.request, signal).into();
            let returned = context::call2(fetch, &js_sys::global(), &JsValue::from_str(&a.request.url), &init).map_err(Raw::Js)?;
            // A caller's fetch may ignore the signal (and hand back a body that never ends): every
            // wait on it is raced with the signal, so the deadline and the caller's abort hold.
            (returned, Some(Guard::new(signal)))
        }
        None => {
            let request = build(a.request, signal).map_err(|e| Raw::NotSent(format!("the request could not be built: {e}")))?;
            let returned = send_global(&request).map_err(|e| {
                let missing = !Reflect::get(&js_sys::global(), &"fetch".into()).is_ok_and(|f| f.is_function());
                if missing {
                    Raw::NotSent("no global fetch in this runtime: pass options.fetch".to_owned())
                } else {
                    Raw::Js(e)
                }
            })?;
            (returned, None)
        }
    };
    let answer = outcome(&returned, guard.as_ref()).await?;
    let (reply, rest) = read(answer, a.want, guard.as_ref()).await?;
    Ok((reply, rest, guard))
}

/// `fetch(request)` on the global fetch, in the caller's async context when one is tracked.
fn send_global(request: &web_sys::Request) -> Result<JsValue, JsValue> {
    context::global_fetch(request).unwrap_or_else(|| global_fetch(request))
}

/// The request for the global fetch, built by gloo-net. Redirects are never followed: a redirect
/// to another origin must not carry the `Authorization` header.
fn build(req: &HttpRequest, signal: &AbortSignal) -> Result<web_sys::Request, gloo_net::Error> {
    let mut builder = RequestBuilder::new(&req.url).method(method(req.method)).redirect(RequestRedirect::Manual).abort_signal(Some(signal));
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
