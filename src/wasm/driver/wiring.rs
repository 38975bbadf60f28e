//! An attempt's wiring: its own `AbortController`, fired by the deadline timer or by the caller's
//! signal (native bound functions: no wasm closure per attempt), undone when the attempt (or its
//! streamed body) ends, and what a failure was, told from the signals that fired.

use super::wait::Raw;
use crate::core::call::TransportError;
use crate::wasm::prop::get;
use crate::wasm::timer::{clear_timeout, set_timeout};
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, AbortSignal};

thread_local! {
    // Abort reasons are always `Error`s: a body read rejects with the reason, and gloo-net's
    // error conversion panics on anything else.
    static DEADLINE: JsValue = js_sys::Error::new("tmr-client: the call's deadline passed").into();
    static CANCELLED: JsValue = js_sys::Error::new("tmr-client: aborted by the caller's signal").into();
    // `AbortController.prototype.abort`, looked up once.
    static ABORT: std::cell::OnceCell<Option<Function>> = const { std::cell::OnceCell::new() };
}

impl Wiring {
    /// Arm an attempt: its controller's signal fires after `timeout_ms` or when `caller` does.
    ///
    /// # Errors
    /// `NotSent` when the platform has no usable `AbortController`.
    pub(super) fn arm(caller: Option<&AbortSignal>, timeout_ms: u64) -> Result<(Wiring, AbortSignal), (TransportError, Option<JsValue>)> {
        let not_sent = |message: &str, cause: JsValue| (TransportError::NotSent { message: message.to_owned() }, Some(cause));
        let controller = AbortController::new().map_err(|e| not_sent("AbortController is unavailable", e))?;
        let abort = ABORT
            .with(|cached| cached.get_or_init(|| Reflect::get(&controller, &"abort".into()).ok().and_then(|f| f.dyn_into().ok())).clone())
            .ok_or_else(|| not_sent("AbortController has no abort()", JsValue::UNDEFINED))?;
        let signal = controller.signal();
        let on_deadline: Function = DEADLINE.with(|reason| abort.bind1(&controller, reason).unchecked_into());
        let on_abort = caller.map(|caller| {
            let f: Function = CANCELLED.with(|reason| abort.bind1(&controller, reason).unchecked_into());
            let _ = caller.add_event_listener_with_callback("abort", &f);
            (caller.clone(), f)
        });
        Ok((Wiring { timer: set_timeout(&on_deadline, timeout_ms as f64), on_abort, controller, done: false }, signal))
    }
}

/// Why an attempt (or its streamed body) failed, from what JS said and what the signals say.
pub(super) fn classify(raw: Raw, caller: Option<&AbortSignal>, signal: &AbortSignal) -> (TransportError, Option<JsValue>) {
    match raw {
        Raw::NotSent(message) => (TransportError::NotSent { message }, None),
        Raw::Bad(message) => (TransportError::Network { message }, None),
        Raw::Js(_) if caller.is_some_and(AbortSignal::aborted) => (TransportError::Aborted, None),
        // The attempt's own signal: its deadline, or a stop from elsewhere (a proxy's page left).
        Raw::Js(_) if signal.aborted() && CANCELLED.with(|reason| signal.reason() == *reason) => (TransportError::Aborted, None),
        Raw::Js(_) if signal.aborted() => (TransportError::Timeout, None),
        Raw::Js(e) => (TransportError::Network { message: describe(&e) }, Some(e)),
    }
}

/// An attempt's deadline timer and its listener on the caller's signal. Undone when the attempt
/// ends, and also when its future is dropped unfinished (a Rust caller's `select!`, say): then the
/// request itself is aborted too, so nothing keeps running for a call nobody awaits.
pub(super) struct Wiring {
    timer: JsValue,
    on_abort: Option<(AbortSignal, Function)>,
    controller: AbortController,
    done: bool,
}

/// Abort `controller`'s request as the caller's abort does.
pub(super) fn cancel(controller: &AbortController) {
    CANCELLED.with(|reason| controller.abort_with_reason(reason));
}

impl Wiring {
    pub(super) fn controller(&self) -> AbortController {
        self.controller.clone()
    }

    pub(super) fn finish(mut self) {
        self.done = true;
    }
}

impl Drop for Wiring {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some((caller, f)) = &self.on_abort {
            let _ = caller.remove_event_listener_with_callback("abort", f);
        }
        if !self.done {
            CANCELLED.with(|reason| self.controller.abort_with_reason(reason));
        }
    }
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
