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
mod rows;

pub use client::TmrClient;
pub use outlign::OutlignClient;

use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;

/// Called once per instance by the package's entry: errors get `prototype` (the package's
/// `TmrError.prototype`), and a panic calls `on_panic(message)` after rejecting every pending
/// call, so the entry can move to a fresh instance. In Node, `context` (`{ capture, run, fetch, method }`,
/// see `crate::wasm::context`) keeps each call's JS work in the caller's async context. Not part
/// of the public API.
#[wasm_bindgen(js_name = __init, skip_typescript)]
pub fn init(prototype: Object, on_panic: Function, context: JsValue) {
    error::set_prototype(prototype);
    panic::install(on_panic);
    let hook = |name: &str| crate::wasm::prop::get(&context, name).dyn_into::<Function>().ok();
    if let (Some(capture), Some(run), Some(fetch), Some(method)) = (hook("capture"), hook("run"), hook("fetch"), hook("method")) {
        crate::wasm::context::install(capture, run, fetch, method);
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
