//! Timers and abort wiring for waits between attempts (the attempt's own deadline is in
//! transport.js), on the global `setTimeout`, so the same code runs in Node and browsers.
//! Every guard cleans up on drop: a settled call leaves no timer or listener behind.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(cb: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// A pending `setTimeout`, cleared when dropped.
pub struct Timer {
    id: JsValue,
    _cb: Closure<dyn FnMut()>,
}

impl Timer {
    /// Run `f` once after `ms` milliseconds unless dropped first.
    pub fn new(ms: u64, f: impl FnMut() + 'static) -> Timer {
        let cb = Closure::<dyn FnMut()>::new(f);
        let id = set_timeout(cb.as_ref().unchecked_ref(), ms as f64);
        Timer { id, _cb: cb }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// An `abort` listener on a signal, removed when dropped.
pub struct AbortListener {
    signal: AbortSignal,
    cb: Closure<dyn FnMut()>,
}

impl AbortListener {
    /// Call `f` when `signal` aborts.
    pub fn new(signal: &AbortSignal, f: impl FnMut() + 'static) -> AbortListener {
        let cb = Closure::<dyn FnMut()>::new(f);
        // addEventListener on a genuine AbortSignal does not throw.
        let _ = signal.add_event_listener_with_callback("abort", cb.as_ref().unchecked_ref());
        AbortListener { signal: signal.clone(), cb }
    }
}

impl Drop for AbortListener {
    fn drop(&mut self) {
        let _ = self.signal.remove_event_listener_with_callback("abort", self.cb.as_ref().unchecked_ref());
    }
}

/// Wait `ms` milliseconds. Returns `false` if `signal` aborted first.
pub async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> bool {
    if signal.is_some_and(AbortSignal::aborted) {
        return false;
    }
    let mut resolve: Option<Function> = None;
    // The executor runs synchronously inside `new Promise`, so `resolve` is set on return.
    let promise = Promise::new(&mut |res, _| resolve = Some(res));
    let Some(resolve) = resolve else { return false };
    let on_time = resolve.clone();
    let _timer = Timer::new(ms, move || {
        let _ = on_time.call1(&JsValue::UNDEFINED, &JsValue::TRUE);
    });
    let _listener = signal.map(|s| {
        AbortListener::new(s, move || {
            let _ = resolve.call1(&JsValue::UNDEFINED, &JsValue::FALSE);
        })
    });
    matches!(JsFuture::from(promise).await, Ok(v) if v.is_truthy())
}
