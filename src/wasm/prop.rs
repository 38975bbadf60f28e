//! Reading and setting a property of a JS value by name, for the values the SDK is handed
//! (options, fetch answers) and the ones it makes (request inits, errors, events).

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// `target[key]`, or `undefined` when `target` is not an object or the getter throws.
pub fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[key] = value` on an object the SDK made itself, where setting cannot fail.
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}
