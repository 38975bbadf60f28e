//! `Failure` → a real JS `Error` named `TmrError` with `code`, `status`, `endpoint` (and
//! `retryAfterMs`, `apiCode`, `cause` where they apply), given the package's `TmrError`
//! prototype so `instanceof TmrError` holds across the package's ESM and CJS copies.

use crate::core::Error;
use crate::wasm::error::Failure;
use crate::wasm::prop::set;
use js_sys::Object;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    // Set once by the package's entry (`__init`); absent in wasm-bindgen tests (errors are then
    // plain `Error`s named TmrError with the same fields).
    static PROTOTYPE: RefCell<Option<Object>> = const { RefCell::new(None) };
}

/// Make errors built from now on inherit from `prototype` (the package's `TmrError.prototype`).
pub fn set_prototype(prototype: Object) {
    PROTOTYPE.with(|p| *p.borrow_mut() = Some(prototype));
}

/// Build the JS error for `failure` raised by `endpoint` (`None` for helpers and the constructor).
pub fn to_js_error(failure: &Failure, endpoint: Option<&str>) -> JsValue {
    let e = &failure.error;
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("TmrError");
    PROTOTYPE.with(|p| {
        if let Some(proto) = p.try_borrow().ok().as_ref().and_then(|p| p.as_ref()) {
            Object::set_prototype_of(&err, proto);
        }
    });
    let v: JsValue = err.unchecked_into();
    set(&v, "code", &JsValue::from_str(e.code().as_str()));
    set(&v, "status", &e.status().map_or(JsValue::UNDEFINED, JsValue::from));
    set(&v, "endpoint", &endpoint.map_or(JsValue::UNDEFINED, JsValue::from_str));
    if let Some(ms) = e.retry_after_ms() {
        set(&v, "retryAfterMs", &JsValue::from_f64(ms as f64));
    }
    if let Error::Api { api_code, code, .. } = e {
        if api_code != code.as_str() {
            set(&v, "apiCode", &JsValue::from_str(api_code));
        }
    }
    if let Some(cause) = &failure.cause {
        set(&v, "cause", cause);
    }
    v
}

/// Shorthand for synchronous helpers: a core error straight to a throwable JS value.
pub fn js_err(e: Error) -> JsValue {
    to_js_error(&Failure::from(e), None)
}
