//! The proxy's answers as standard `Response`s: an upstream answer's status, `Content-Type` and
//! bytes as sent, or the proxy's own refusal in the API's envelope. Only `Content-Type`,
//! `Retry-After` and (for 405) `Allow` are set.

use crate::core::proxy::Refusal;
use crate::core::redact::Blank;
use crate::core::Error;
use crate::wasm::received::Answer;
use js_sys::Uint8Array;
use std::borrow::Cow;
use wasm_bindgen::JsValue;
use web_sys::{Headers, Response, ResponseInit};

/// An upstream answer, forwarded as sent, except that the key, should a server ever echo it, is
/// blanked out.
///
/// # Errors
/// A 502 refusal when the platform cannot make a `Response` of it (a status it refuses).
pub fn forwarded(answer: &Answer, retry_after_ms: Option<u64>, key: &str) -> Result<Response, Refusal> {
    let status = answer.status;
    let body = scrub(answer.envelope(), key);
    let content_type = answer.content_type.as_deref().unwrap_or("application/json");
    make(status, &body, content_type, retry_after_ms.map(|ms| ms.div_ceil(1000)), None)
        .map_err(|_| Refusal::from_error(&Error::Network { message: format!("the API's answer (HTTP {status}) cannot be forwarded") }))
}

/// The proxy's own answer.
///
/// # Errors
/// The platform's error if it cannot make the `Response` (no `Response` in this runtime).
pub fn refusal(refusal: &Refusal) -> Result<Response, JsValue> {
    make(refusal.status, refusal.body().as_bytes(), "application/json", refusal.retry_after_s, refusal.allow.as_deref())
}

/// `body` with every occurrence of `key` replaced by `*`s of the same length.
fn scrub<'a>(body: Cow<'a, [u8]>, key: &str) -> Cow<'a, [u8]> {
    if key.is_empty() || !body.windows(key.len()).any(|w| w == key.as_bytes()) {
        return body;
    }
    let mut blank = Blank::new(key);
    let mut clean = blank.chunk(&body);
    clean.extend(blank.end());
    Cow::Owned(clean)
}

const HARDENING: [(&str, &str); 3] =
    [("x-content-type-options", "nosniff"), ("cache-control", "no-store"), ("content-security-policy", "default-src 'none'; sandbox")];

fn make(status: u16, body: &[u8], content_type: &str, retry_after_s: Option<u64>, allow: Option<&str>) -> Result<Response, JsValue> {
    let init = head(status, content_type, retry_after_s, allow)?;
    // A null-body status (204, 205, 304) takes no body. The bytes are copied into a JS-owned
    // array: a view of wasm memory would be overwritten once freed, and a `Response` (Hono's
    // node-server's, for one) may read its body later.
    let body = (!null_body(status)).then(|| Uint8Array::from(body));
    Response::new_with_opt_js_u8_array_and_init(body.as_ref(), &init)
}

/// A streamed answer's `Response`: its status and `Content-Type`, its body passed on as it arrives.
///
/// # Errors
/// The platform's error if it cannot make the `Response`.
pub fn streamed(status: u16, content_type: &str, body: Option<&web_sys::ReadableStream>) -> Result<Response, JsValue> {
    let init = head(status, content_type, None, None)?;
    Response::new_with_opt_readable_stream_and_init(body, &init)
}

/// Whether an answer of `status` takes no body (204, 205, 304).
pub fn null_body(status: u16) -> bool {
    matches!(status, 204 | 205 | 304)
}

/// The status and the headers every answer of the proxy carries.
fn head(status: u16, content_type: &str, retry_after_s: Option<u64>, allow: Option<&str>) -> Result<ResponseInit, JsValue> {
    let headers = Headers::new()?;
    headers.set("content-type", content_type)?;
    // The proxy answers a page's fetch, never a navigation: nothing it forwards (an upstream error
    // page in HTML, say) may run as a document of the dashboard's origin, or be kept by a shared
    // cache for another visitor.
    for (name, value) in HARDENING {
        headers.set(name, value)?;
    }
    if let Some(s) = retry_after_s {
        headers.set("retry-after", &s.to_string())?;
    }
    if let Some(methods) = allow {
        headers.set("allow", methods)?;
    }
    let init = ResponseInit::new();
    init.set_status(status);
    init.set_headers(&headers);
    Ok(init)
}
