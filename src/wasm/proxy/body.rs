//! A page request's body, read up to the proxy's limit: a declared `Content-Length` over it is
//! refused before reading, and a body that grows past it is cancelled, never buffered whole.

use crate::core::proxy::Refusal;
use crate::wasm::prop::get;
use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Request;

/// Refuse any body at all for `endpoint`, which takes none (read up to its first byte, no further).
pub async fn none(request: &Request, endpoint: &str) -> Result<(), Refusal> {
    read(request, 0).await.map(drop).map_err(|r| {
        if r.status == 413 {
            Refusal::bad_request(format!("{endpoint} takes no request body"))
        } else {
            r
        }
    })
}

/// The body's bytes (empty when there is none).
pub async fn read(request: &Request, limit: usize) -> Result<Vec<u8>, Refusal> {
    let declared = request.headers().get("content-length").ok().flatten().and_then(|n| n.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(Refusal::too_large(limit));
    }
    let stream = get(request, "body");
    if stream.is_null() || stream.is_undefined() {
        return Ok(Vec::new());
    }
    let unreadable = |_| Refusal::bad_request("The request body could not be read");
    let reader = call(&stream, "getReader").map_err(unreadable)?;
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(Promise::resolve(&call(&reader, "read").map_err(unreadable)?)).await.map_err(unreadable)?;
        if get(&chunk, "done").as_bool() == Some(true) {
            return Ok(bytes);
        }
        let Some(piece) = get(&chunk, "value").dyn_ref::<Uint8Array>().cloned() else {
            return Err(Refusal::bad_request("The request body could not be read"));
        };
        if bytes.len() + piece.length() as usize > limit {
            let _ = call(&reader, "cancel");
            return Err(Refusal::too_large(limit));
        }
        let start = bytes.len();
        bytes.resize(start + piece.length() as usize, 0);
        piece.copy_to(&mut bytes[start..]);
    }
}

/// `target[method]()`.
fn call(target: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    let f: Function = get(target, method).dyn_into().map_err(|_| JsValue::from_str(method))?;
    f.call0(target)
}
