//! Constructor options and per-call options, read from plain JS objects.

use super::convert::type_of;
use crate::core::{config, validate::quote, Config, Error};
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

const CLIENT_KEYS: [&str; 5] = ["apiKey", "baseUrl", "timeoutMs", "maxRetries", "fetch"];
const CALL_KEYS: [&str; 3] = ["signal", "timeoutMs", "maxRetries"];

/// Settings of one `TmrClient`.
pub struct ClientOptions {
    pub config: Config,
    /// A caller-supplied `fetch`; `None` means the global one, looked up at each call.
    pub fetch: Option<Function>,
}

/// Settings of one call.
#[derive(Default)]
pub struct CallOptions {
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<u64>,
    pub max_retries: Option<u32>,
}

/// Read `obj[key]` when `obj` is an object.
fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Check `obj` is a plain object (or absent when `optional`) whose keys are all in `known`.
fn check_object(param: &str, obj: &JsValue, known: &[&str], optional: bool) -> Result<bool, Error> {
    if optional && (obj.is_undefined() || obj.is_null()) {
        return Ok(false);
    }
    if !obj.is_object() || obj.is_function() || js_sys::Array::is_array(obj) {
        return Err(Error::invalid(format!("{param} must be an object; got a {}", type_of(obj))));
    }
    for key in Object::keys(obj.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) && !get(obj, &key).is_undefined() {
            return Err(Error::invalid(format!("{param} has an unknown option {}; allowed: {}", quote(&key), known.join(", "))));
        }
    }
    Ok(true)
}

fn opt_string(param: &str, v: JsValue) -> Result<Option<String>, Error> {
    if v.is_undefined() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| Error::invalid(format!("{param} must be a string; got a {}", type_of(&v))))
}

fn opt_number(param: &str, v: JsValue) -> Result<Option<f64>, Error> {
    if v.is_undefined() {
        return Ok(None);
    }
    v.as_f64().map(Some).ok_or_else(|| Error::invalid(format!("{param} must be a number; got a {}", type_of(&v))))
}

/// Parse `new TmrClient(options)`.
///
/// # Errors
/// `INVALID_ARGUMENT` naming the option.
pub fn client_options(v: &JsValue) -> Result<ClientOptions, Error> {
    if v.is_undefined() || v.is_null() {
        return Err(Error::invalid("options are required: new TmrClient({ apiKey })"));
    }
    check_object("options", v, &CLIENT_KEYS, false)?;
    let api_key = get(v, "apiKey");
    let api_key = if api_key.is_undefined() {
        String::new()
    } else {
        api_key.as_string().ok_or_else(|| Error::invalid(format!("apiKey must be a string; got a {}", type_of(&api_key))))?
    };
    let base_url = opt_string("baseUrl", get(v, "baseUrl"))?;
    let timeout_ms = opt_number("timeoutMs", get(v, "timeoutMs"))?;
    let max_retries = opt_number("maxRetries", get(v, "maxRetries"))?;
    let fetch = match get(v, "fetch") {
        f if f.is_undefined() => None,
        f => Some(f.dyn_into::<Function>().map_err(|f| {
            Error::invalid(format!("fetch must be a function with the signature of the global fetch; got a {}", type_of(&f)))
        })?),
    };
    let config = Config::new(&api_key, base_url.as_deref(), timeout_ms, max_retries)?;
    Ok(ClientOptions { config, fetch })
}

/// Parse the optional last argument `{ signal?, timeoutMs?, maxRetries? }` of every method.
///
/// # Errors
/// `INVALID_ARGUMENT` naming the option.
pub fn call_options(v: &JsValue) -> Result<CallOptions, Error> {
    if !check_object("options", v, &CALL_KEYS, true)? {
        return Ok(CallOptions::default());
    }
    let signal = match get(v, "signal") {
        s if s.is_undefined() || s.is_null() => None,
        s => Some(
            s.dyn_into::<AbortSignal>()
                .map_err(|s| Error::invalid(format!("options.signal must be an AbortSignal; got a {}", type_of(&s))))?,
        ),
    };
    let timeout_ms = opt_number("options.timeoutMs", get(v, "timeoutMs"))?.map(|t| config::timeout("options.timeoutMs", t)).transpose()?;
    let max_retries =
        opt_number("options.maxRetries", get(v, "maxRetries"))?.map(|n| config::retries("options.maxRetries", n)).transpose()?;
    Ok(CallOptions { signal, timeout_ms, max_retries })
}
