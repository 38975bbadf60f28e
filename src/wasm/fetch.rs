//! The transport's Rust side: one `HttpRequest` handed to `transport.js` (fetch with a deadline
//! and the caller's `AbortSignal`, all JS calls in one place), its answer turned into an
//! `HttpResponse` for the core.

use super::error::Failure;
use crate::core::{Error, HttpRequest, HttpResponse};
use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/src/wasm/transport.js")]
extern "C" {
    /// See transport.js: resolves `[status, text, retryAfter, headers]`, rejects `{kind, message, cause}`.
    #[wasm_bindgen(js_name = send)]
    #[allow(clippy::too_many_arguments)]
    fn send_js(
        fetch: &Function,
        url: &str,
        method: &str,
        header_lines: &str,
        body: &JsValue,
        signal: Option<AbortSignal>,
        timeout_ms: f64,
        want_headers: bool,
    ) -> Promise;
}

/// Why an attempt got no usable HTTP answer.
pub enum SendError {
    /// Network failure; the JS error is kept as `cause`.
    Network(Failure),
    Timeout,
    Aborted,
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
    let mut lines = String::with_capacity(128);
    for (name, value) in &req.headers {
        lines.push_str(name);
        lines.push('\n');
        lines.push_str(value);
        lines.push('\n');
    }
    let body = req.body.as_deref().map_or(JsValue::UNDEFINED, |b| Uint8Array::from(b).into());
    let pending = send_js(fetch, &req.url, req.method.as_str(), &lines, &body, caller.cloned(), timeout_ms as f64, want_headers);
    match JsFuture::from(pending).await {
        Ok(answer) => {
            let answer: Array = answer.unchecked_into();
            let text = answer.get(1);
            let body = text.as_string().map(String::into_bytes).unwrap_or_default();
            let headers = answer.get(3);
            Ok(Answer {
                response: HttpResponse {
                    status: answer.get(0).as_f64().unwrap_or(0.0) as u16,
                    retry_after: answer.get(2).as_string(),
                    body,
                    received_ms: js_sys::Date::now() as u64,
                },
                headers: (!headers.is_undefined()).then_some(headers),
                text,
            })
        }
        Err(failure) => {
            let get = |key: &str| Reflect::get(&failure, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
            match get("kind").as_string().as_deref() {
                Some("aborted") => Err(SendError::Aborted),
                Some("timeout") => Err(SendError::Timeout),
                Some("network") => {
                    let cause = get("cause");
                    let message = get("message").as_string().unwrap_or_else(|| "fetch failed".to_owned());
                    Err(SendError::Network(Failure { error: Error::Network { message }, cause: (!cause.is_undefined()).then_some(cause) }))
                }
                // Not from transport.js (a bug there): report it, keep the value as the cause.
                _ => Err(SendError::Network(Failure {
                    error: Error::Network { message: "the transport failed unexpectedly".into() },
                    cause: Some(failure),
                })),
            }
        }
    }
}
