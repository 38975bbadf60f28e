//! Waiting without a wasm closure: the JS promise's own `resolve` is the timer's handler and the
//! abort listener, so a sleep costs one promise and no allocation that outlives it.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    pub(super) fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub(super) fn clear_timeout(id: &JsValue);
}

/// Milliseconds since the Unix epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Wait `ms`; `false` when `signal` aborted first (or already had).
pub async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> bool {
    if signal.is_some_and(AbortSignal::aborted) {
        return false;
    }
    let mut resolve = None;
    let promise = Promise::new(&mut |res, _| resolve = Some(res));
    let Some(resolve) = resolve else { return true };
    let timer = set_timeout(&resolve, ms as f64);
    if let Some(s) = signal {
        let _ = s.add_event_listener_with_callback("abort", &resolve);
    }
    // The promise only ever resolves.
    let _ = JsFuture::from(promise).await;
    clear_timeout(&timer);
    if let Some(s) = signal {
        let _ = s.remove_event_listener_with_callback("abort", &resolve);
    }
    !signal.is_some_and(AbortSignal::aborted)
}
