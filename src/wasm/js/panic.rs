//! A panic must not leave a promise hanging: every call in flight is tracked, and the panic hook
//! rejects them all with `INTERNAL_SDK_ERROR` before the instance traps. The package's entry is
//! told too, so it moves to a fresh instance; clients of the dead one reject at once after that.

use super::error::to_js_error;
use crate::core::Error;
use crate::wasm::{halt, Failure};
use js_sys::Function;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

#[derive(Default)]
struct Pending {
    rejects: Vec<Option<Function>>,
    free: Vec<usize>,
}

thread_local! {
    static PENDING: RefCell<Pending> = RefCell::default();
}

/// Track a call's `reject` until it settles; its ticket.
pub fn track(reject: Function) -> usize {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        match p.free.pop() {
            Some(i) => {
                p.rejects[i] = Some(reject);
                i
            }
            None => {
                p.rejects.push(Some(reject));
                p.rejects.len() - 1
            }
        }
    })
}

/// The call with `ticket` settled.
pub fn untrack(ticket: usize) {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if let Some(slot) = p.rejects.get_mut(ticket) {
            *slot = None;
            p.free.push(ticket);
        }
    });
}

/// An `INTERNAL_SDK_ERROR` for JS.
fn internal(message: String) -> JsValue {
    to_js_error(&Failure::from(Error::Internal { message }), None)
}

/// What a client of a panicked instance answers at once, to every call.
pub fn retired() -> JsValue {
    internal(
        "this client's WebAssembly instance panicked earlier and was retired; create a new TmrClient (it runs on a fresh instance)".into(),
    )
}

/// Install the hook: on a panic, halt every driver, reject every pending call, tell `on_panic`.
pub fn install(on_panic: Function) {
    std::panic::set_hook(Box::new(move |info| {
        halt();
        let message = info.to_string();
        let error = internal(format!("the WebAssembly instance panicked ({message}); create a new TmrClient: it runs on a fresh instance"));
        let pending = PENDING.with(|p| p.try_borrow_mut().map(|mut p| std::mem::take(&mut *p)).unwrap_or_default());
        for reject in pending.rejects.into_iter().flatten() {
            let _ = reject.call1(&JsValue::UNDEFINED, &error);
        }
        let _ = on_panic.call1(&JsValue::UNDEFINED, &JsValue::from_str(&message));
    }));
}
