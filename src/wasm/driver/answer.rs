//! An answer read: a `Response` through gloo-net, or a Response-like object (node-fetch, stubs),
//! checked before use; the body as bytes, read with its own guard (gloo-net's `binary()` panics
//! when the body fails with anything but an `Error`).

use super::body::{OpenBody, Source};
use super::wait::{outcome, Guard, Raw};
use crate::core::config::js_number;
use crate::wasm::prop::get;
use gloo_net::http::Response;
use js_sys::{ArrayBuffer, Function, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::ResponseType;

/// What to keep of an answer's headers besides `Retry-After`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Want {
    /// Every header (`withResponse`).
    pub headers: bool,
    /// `Content-Type` (the proxy).
    pub content_type: bool,
    /// A 2xx body read as a stream: its first chunk now, the rest by the caller (`data.queryRows`,
    /// the proxy's run-query).
    pub stream: bool,
}

/// An HTTP answer as received.
pub struct Reply {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
    /// All headers (names lower-case), only when asked for.
    pub headers: Option<Vec<(String, String)>>,
    /// `Content-Type`, only when asked for (the proxy forwards it).
    pub content_type: Option<String>,
    /// A streamed body's unread rest (`body` holds its first chunk).
    pub open: Option<OpenBody>,
}

/// Read an answer: its status, `Retry-After`, headers when asked for, and body (or, streamed, its
/// first chunk and the source of the rest).
pub(super) async fn read(answer: JsValue, want: Want, guard: Option<&Guard>) -> Result<(Reply, Option<Source>), Raw> {
    let real = answer.clone().dyn_into::<web_sys::Response>().ok();
    let (status, headers) = match &real {
        Some(raw) => {
            // `Clone::clone`: web-sys's inherent `clone` is the JS `Response.clone()`.
            let res = Response::from(Clone::clone(raw));
            // A manual redirect gives an opaque answer with status 0: only then is its type read.
            let status = res.status();
            let redirected = status == 0 && res.type_() == ResponseType::Opaqueredirect;
            (if redirected { 302.0 } else { f64::from(status) }, res.headers().into_raw().into())
        }
        None => {
            let status = get(&answer, "status").as_f64().unwrap_or(0.0);
            let redirected = get(&answer, "type").as_string().as_deref() == Some("opaqueredirect");
            (if redirected && status == 0.0 { 302.0 } else { status }, get(&answer, "headers"))
        }
    };
    if (300.0..400.0).contains(&status) {
        return Err(Raw::Bad(format!(
            "the server answered with a redirect (HTTP {}); redirects are not followed, so the key never goes to another origin",
            js_number(status)
        )));
    }
    if !(100.0..=599.0).contains(&status) || status.fract() != 0.0 {
        return Err(Raw::Bad(format!("fetch returned no usable HTTP status ({})", js_number(status))));
    }
    let retry_after = header(&headers, "retry-after");
    let content_type = if want.content_type { header(&headers, "content-type") } else { None };
    let headers = want.headers.then(|| entries(&headers));
    if want.stream && (200.0..300.0).contains(&status) {
        // Only the first bytes are awaited here: a failure before them may still be retried.
        let mut rest = match &real {
            Some(raw) => Source::of(Response::from(Clone::clone(raw)).body().map(Into::into)),
            None => Source::of(Some(get(&answer, "body")).filter(|b| get(b, "getReader").is_function())),
        };
        let first = match &mut rest {
            Source::Done => like_body(&answer, guard).await?,
            reader => reader.chunk(guard).await?.unwrap_or_default(),
        };
        return Ok((Reply { status: status as u16, retry_after, body: first, headers, content_type, open: None }, Some(rest)));
    }
    let body = match &real {
        // The platform's own method: no lookup, and a real Response always has it.
        Some(raw) => bytes(outcome(&raw.array_buffer().map_err(Raw::Js)?.into(), guard).await?)?,
        None => like_body(&answer, guard).await?,
    };
    Ok((Reply { status: status as u16, retry_after, body, headers, content_type, open: None }, None))
}

/// `headers.get(name)` on a `Headers` or anything with a `get` method.
fn header(headers: &JsValue, name: &str) -> Option<String> {
    if let Some(h) = headers.dyn_ref::<web_sys::Headers>() {
        return h.get(name).ok().flatten();
    }
    let get_fn = get(headers, "get").dyn_into::<Function>().ok()?;
    get_fn.call1(headers, &JsValue::from_str(name)).ok()?.as_string()
}

/// The body of a Response-like object: `arrayBuffer()`, or `text()` when it has no such method.
async fn like_body(answer: &JsValue, guard: Option<&Guard>) -> Result<Vec<u8>, Raw> {
    let call = |name: &str| -> Option<Result<JsValue, JsValue>> {
        let f = get(answer, name).dyn_into::<Function>().ok()?;
        Some(f.call0(answer))
    };
    if let Some(returned) = call("arrayBuffer") {
        return bytes(outcome(&returned.map_err(Raw::Js)?, guard).await?);
    }
    if let Some(returned) = call("text") {
        let text = outcome(&returned.map_err(Raw::Js)?, guard).await?;
        return Ok(text.as_string().unwrap_or_default().into_bytes());
    }
    Err(Raw::Bad("fetch returned an object without arrayBuffer() or text()".to_owned()))
}

/// The bytes of an `ArrayBuffer` (or a `Uint8Array`), copied into wasm memory once.
fn bytes(value: JsValue) -> Result<Vec<u8>, Raw> {
    if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    value.dyn_into::<Uint8Array>().map(|b| b.to_vec()).map_err(|_| Raw::Bad("arrayBuffer() gave no ArrayBuffer".to_owned()))
}

/// All headers as `(name, value)` pairs (names lower-case, as fetch gives them), if iterable.
fn entries(headers: &JsValue) -> Vec<(String, String)> {
    let Ok(Some(iter)) = js_sys::try_iter(headers) else { return Vec::new() };
    iter.flatten()
        .filter_map(|pair| {
            let pair = pair.dyn_into::<js_sys::Array>().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}
