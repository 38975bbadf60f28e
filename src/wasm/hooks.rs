//! The hook and logging options of `new TmrClient(options)`, checked here; the package's
//! `call.js` calls the hooks and writes the log lines (events carry the endpoint, method, URL —
//! which never holds the key —, status, timings and attempt numbers; never headers or bodies).

use super::convert::type_of;
use crate::core::Error;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

const LEVELS: [&str; 5] = ["silent", "error", "warn", "info", "debug"];

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Check the hooks, `logger` and `logLevel`; the level in use (0 silent … 4 debug). A logger
/// without a level logs at info.
///
/// # Errors
/// `INVALID_ARGUMENT` for a hook that is not a function, an unknown level or a logger that is not an object.
pub fn log_level(options: &JsValue) -> Result<u32, Error> {
    for key in ["onRequest", "onResponse", "onRetry", "onRateLimit"] {
        let v = get(options, key);
        if !v.is_undefined() && !v.is_function() {
            return Err(Error::invalid(format!("{key} must be a function; got a {}", type_of(&v))));
        }
    }
    let level = match get(options, "logLevel") {
        v if v.is_undefined() => None,
        v => {
            let s = v.as_string().unwrap_or_default();
            let level = LEVELS.iter().position(|l| *l == s).ok_or_else(|| {
                Error::invalid(format!("logLevel must be one of {}; got {}", LEVELS.join(", "), crate::core::validate::quote(&s)))
            })?;
            Some(level as u32)
        }
    };
    let logger = get(options, "logger");
    if !logger.is_undefined() && !logger.is_object() {
        return Err(Error::invalid(format!("logger must be an object with debug/info/warn/error methods; got a {}", type_of(&logger))));
    }
    Ok(level.unwrap_or(if logger.is_undefined() { 0 } else { 3 }))
}
