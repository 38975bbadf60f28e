//! Waiting without a wasm closure: the JS promise's own `resolve` is the timer's handler and the
//! abort listener, so a sleep costs one promise and no allocation that outlives it. `within`
//! bounds any other wait (a token refresh) by the call's deadline and signal.

use js_sys::{Function, Promise};
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    pub(crate) fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub(crate) fn clear_timeout(id: &JsValue);
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
    let _armed = Armed { timer: set_timeout(&resolve, ms as f64), resolve, signal };
    if let Some(s) = signal {
        let _ = s.add_event_listener_with_callback("abort", &_armed.resolve);
    }
    // The promise only ever resolves.
    let _ = JsFuture::from(promise).await;
    !signal.is_some_and(AbortSignal::aborted)
}

/// A sleep's timer and abort listener, removed when the sleep ends or is dropped unfinished (a
/// pending timer would keep a Node process alive until it fired).
struct Armed<'a> {
    timer: JsValue,
    resolve: Function,
    signal: Option<&'a AbortSignal>,
}

impl Drop for Armed<'_> {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some(s) = self.signal {
            let _ = s.remove_event_listener_with_callback("abort", &self.resolve);
        }
    }
}

/// How a bounded wait ended.
pub enum Bounded<T> {
    Done(T),
    TimedOut,
    Aborted,
}

/// Wait for `work`, at most `ms`, or until `signal` aborts.
pub async fn within<F: Future>(work: F, ms: u64, signal: Option<&AbortSignal>) -> Bounded<F::Output> {
    let mut work = pin!(work);
    let mut timer = pin!(sleep(ms, signal));
    poll_fn(|cx| {
        if let Poll::Ready(value) = work.as_mut().poll(cx) {
            return Poll::Ready(Bounded::Done(value));
        }
        match timer.as_mut().poll(cx) {
            Poll::Ready(true) => Poll::Ready(Bounded::TimedOut),
            Poll::Ready(false) => Poll::Ready(Bounded::Aborted),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}
