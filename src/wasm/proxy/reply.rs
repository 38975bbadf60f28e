//! The proxy's answers as standard `Response`s: an upstream answer's status and bytes as sent,
//! or the proxy's own refusal in the API's envelope. Only `Content-Type`, `Retry-After` and (for
//! 405) `Allow` are set.

use crate::core::proxy::Refusal;
use crate::core::Error;
use wasm_bindgen::JsValue;
use web_sys::{Headers, Response, ResponseInit};

/// An upstream answer, forwarded.
///
/// # Errors
/// A 502 refusal when the platform cannot make a `Response` of it (a status it refuses).
pub fn forwarded(status: u16, body: &[u8], retry_after_ms: Option<u64>) -> Result<Response, Refusal> {
    make(status, body, retry_after_ms.map(|ms| ms.div_ceil(1000)), None)
        .map_err(|_| Refusal::from_error(&Error::Network { message: format!("the API's answer (HTTP {status}) cannot be forwarded") }))
}

/// The proxy's own answer.
///
/// # Errors
/// The platform's error if it cannot make the `Response` (no `Response` in this runtime).
pub fn refusal(refusal: &Refusal) -> Result<Response, JsValue> {
    make(refusal.status, refusal.body().as_bytes(), refusal.retry_after_s, refusal.allow.as_deref())
}

fn make(status: u16, body: &[u8], retry_after_s: Option<u64>, allow: Option<&str>) -> Result<Response, JsValue> {
    let headers = Headers::new()?;
    headers.set("content-type", "application/json")?;
    if let Some(s) = retry_after_s {
        headers.set("retry-after", &s.to_string())?;
    }
    if let Some(methods) = allow {
        headers.set("allow", methods)?;
    }
    let init = ResponseInit::new();
    init.set_status(status);
    init.set_headers(&headers);
    // A null-body status (204, 205, 304) takes no body.
    let mut body = body.to_vec();
    let body = if matches!(status, 204 | 205 | 304) { None } else { Some(body.as_mut_slice()) };
    Response::new_with_opt_u8_array_and_init(body, &init)
}
