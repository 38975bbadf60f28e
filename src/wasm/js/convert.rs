//! JS values ↔ JSON values for the core. Arguments cross as JSON text (`JSON.stringify` applies
//! `toJSON`, drops `undefined` and functions exactly as a body would); Rust values go out through
//! serde-wasm-bindgen.

use crate::core::Error;
use js_sys::{Uint8Array, JSON};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// Convert a JS argument to a JSON value. `undefined` and `null` become `Null`.
///
/// # Errors
/// `INVALID_ARGUMENT` for values JSON cannot hold (functions, symbols, BigInt, cycles).
pub fn to_value(param: &str, v: &JsValue) -> Result<Value, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(Value::Null);
    }
    if let Some(s) = v.as_string() {
        return Ok(Value::String(s));
    }
    // JSON would turn these into `null`, and the message into "got nothing".
    if let Some(x) = v.as_f64().filter(|x| !x.is_finite()) {
        return Err(Error::invalid(format!("{param} must be a finite number; got {}", crate::core::config::js_number(x))));
    }
    let not_json = || Error::invalid(format!("{param} must be plain data (JSON-serialisable); got {}", type_of(v)));
    if v.is_function() || v.is_symbol() || v.is_bigint() || v.is_instance_of::<Uint8Array>() {
        return Err(not_json());
    }
    let text = JSON::stringify(v).map_err(|_| not_json())?;
    let text = text.as_string().ok_or_else(not_json)?;
    crate::core::scan::parse(&text).map_err(|_| not_json())
}

/// JSON text → JS value (the engine's own parser builds the objects).
pub fn from_json(text: &str) -> Result<JsValue, Error> {
    JSON::parse(text).map_err(|_| Error::Internal { message: "the engine could not parse JSON the core checked".to_owned() })
}

/// A Rust value → plain JS objects and arrays (never `Map`s), through serde-wasm-bindgen.
pub fn to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, Error> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::Internal { message: format!("a value could not be handed to JS: {e}") })
}

/// What `v` is, for error messages: `a number`, `an object`, `null`, `undefined`, `an array`.
pub fn type_of(v: &JsValue) -> String {
    if v.is_null() {
        return "null".to_owned();
    }
    if js_sys::Array::is_array(v) {
        return "an array".to_owned();
    }
    match v.js_typeof().as_string().as_deref() {
        Some("undefined") | None => "undefined".to_owned(),
        Some(t @ "object") => format!("an {t}"),
        Some(t) => format!("a {t}"),
    }
}

/// `{ baseUrl }`: what `JSON.stringify(client)` shows for either client (never its credential).
pub fn base_url_json(base_url: &str) -> JsValue {
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"baseUrl".into(), &JsValue::from_str(base_url));
    out.into()
}
