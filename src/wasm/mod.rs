//! The JS binding: moves values between JS and the core, gives the package the core's steps of a
//! call (the package sends with `fetch` and waits), and turns every failure into a real JS `Error`. All wasm/JS names of the crate live under this module.

mod attempt;
pub mod client;
mod convert;
mod error;
mod hooks;
mod options;
mod pacing;
pub mod policy;

pub use client::Core;

use js_sys::Function;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static PANIC_HANDLER: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Give the package a function to call if this instance ever panics, before it traps: the
/// package settles every pending call with `INTERNAL_SDK_ERROR` and uses a fresh instance next.
#[wasm_bindgen(js_name = setPanicHandler)]
pub fn set_panic_handler(handler: Function) {
    PANIC_HANDLER.with(|h| *h.borrow_mut() = Some(handler));
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        PANIC_HANDLER.with(|h| {
            if let Ok(Some(f)) = h.try_borrow().map(|f| f.clone()) {
                let _ = f.call1(&JsValue::UNDEFINED, &JsValue::from_str(&message));
            }
        });
    }));
}

/// Test-only: panic on purpose, to prove the package recovers.
#[wasm_bindgen(js_name = __testPanic)]
pub fn test_panic(message: &str) {
    panic!("{message}"); // ok: deliberate, reachable only through this test hook
}
