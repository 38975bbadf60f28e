//! The wasm-bindgen face (Cargo feature `js`, on for the npm build): `TmrClient` with its method
//! groups, the policy helpers, and JS errors. Everything here delegates to the session, the
//! driver and the core; only conversions live here.

mod call;
pub mod client;
mod convert;
mod error;
mod groups;
mod hooks;
pub mod oauth;
mod options;
pub mod outlign;
mod panic;
pub mod policy;
pub mod proxy;

pub use client::TmrClient;
pub use outlign::OutlignClient;

use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;

/// Called once per instance by the package's entry: errors get `prototype` (the package's
/// `TmrError.prototype`), and a panic calls `on_panic(message)` after rejecting every pending
/// call, so the entry can move to a fresh instance. In Node, `capture` (`() => AsyncResource`)
/// and `run` (`AsyncResource.prototype.runInAsyncScope`) keep each call's JS work in the
/// caller's async context (`crate::wasm::context`). Not part of the public API.
#[wasm_bindgen(js_name = __init, skip_typescript)]
pub fn init(prototype: Object, on_panic: Function, capture: JsValue, run: JsValue) {
    error::set_prototype(prototype);
    panic::install(on_panic);
    if let (Some(capture), Some(run)) = (capture.dyn_ref::<Function>(), run.dyn_ref::<Function>()) {
        crate::wasm::context::install(capture.clone(), run.clone());
    }
}

/// Test builds only (`--features test-hooks`): panic on purpose, at once or (`later`) inside the
/// next call's task, to prove every pending call settles and a fresh instance takes over.
#[cfg(feature = "test-hooks")]
#[wasm_bindgen(js_name = __testPanic, skip_typescript)]
pub fn test_panic(message: String, later: bool) {
    if later {
        wasm_bindgen_futures::spawn_local(async move { panic!("{message}") }); // ok: test hook
    } else {
        panic!("{message}"); // ok: deliberate, test builds only
    }
}
