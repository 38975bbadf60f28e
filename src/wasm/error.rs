//! `core::Error` → a real JS `Error` named `TmrError` with `code`, `status`, `endpoint`.
//! The package's JS entry gives it the `TmrError` prototype; the fields are set here.

use crate::core::Error;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

/// A core error plus the JS value that caused it (a fetch `TypeError`, say), kept as `cause`.
#[derive(Debug)]
pub struct Failure {
    pub error: Error,
    pub cause: Option<JsValue>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure { error, cause: None }
    }
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh Error object cannot fail; ignore the impossible case.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Build the JS error for `failure` raised by `endpoint` (`None` for helpers and the constructor).
pub fn to_js_error(failure: &Failure, endpoint: Option<&str>) -> JsValue {
    let e = &failure.error;
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("TmrError");
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
