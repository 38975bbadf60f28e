//! The hook and logging options of `new TmrClient(options)` as the driver's `Observer`: events
//! carry the endpoint, method, URL (which never holds the key), status, timings and attempt
//! numbers; never headers or bodies. A hook or logger that throws is ignored: observing must not
//! change the call.

use super::convert::type_of;
use crate::core::proxy::Refusal;
use crate::core::validate::quote;
use crate::core::{Endpoint, Error};
use crate::wasm::context;
use crate::wasm::observer::Observer;
use crate::wasm::prop::{get, set};
use js_sys::{Function, Object};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

const LEVELS: [&str; 5] = ["silent", "error", "warn", "info", "debug"];
const HOOKS: [&str; 4] = ["onRequest", "onResponse", "onRetry", "onRateLimit"];

/// Hooks and the logger of one client.
struct JsObserver {
    hooks: [Option<Function>; 4],
    logger: JsValue,
    /// 0 silent, 1 error, 2 warn, 3 info, 4 debug.
    level: u32,
}

/// Check the hooks, `logger` and `logLevel`; the observer, if anything is to be observed.
///
/// # Errors
/// `INVALID_ARGUMENT` for a hook that is not a function, an unknown level or a logger that is not an object.
pub fn observer(options: &JsValue) -> Result<Option<Rc<dyn Observer>>, Error> {
    let mut hooks: [Option<Function>; 4] = Default::default();
    for (slot, key) in hooks.iter_mut().zip(HOOKS) {
        let v = get(options, key);
        if !v.is_undefined() {
            *slot = Some(v.dyn_into().map_err(|v| Error::invalid(format!("{key} must be a function; got {}", type_of(&v))))?);
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
        return Err(Error::invalid(format!("logger must be an object with debug/info/warn/error methods; got {}", type_of(&logger))));
    }
    // A logger without a level logs at info; a level without a logger logs to the console.
    let level = level.unwrap_or(if logger.is_undefined() { 0 } else { 3 });
    let logger = if logger.is_undefined() && level > 0 { get(&js_sys::global(), "console") } else { logger };
    if hooks.iter().all(Option::is_none) && (level == 0 || logger.is_undefined()) {
        return Ok(None);
    }
    Ok(Some(Rc::new(JsObserver { hooks, logger, level })))
}

impl JsObserver {
    fn log(&self, at: u32, message: impl FnOnce() -> String) {
        if at > self.level || self.logger.is_undefined() {
            return;
        }
        let method = match get(&self.logger, LEVELS[at as usize]) {
            f if f.is_function() => f,
            _ => get(&self.logger, "log"),
        };
        if let Some(f) = method.dyn_ref::<Function>() {
            let _ = context::call1(f, &self.logger, &JsValue::from_str(&format!("tmr-client: {}", message())));
        }
    }

    fn hook(&self, index: usize, fields: &[(&str, JsValue)]) {
        let Some(f) = &self.hooks[index] else { return };
        let event: JsValue = Object::new().into();
        for (k, v) in fields {
            set(&event, k, v);
        }
        let _ = context::call1(f, &JsValue::UNDEFINED, &event);
    }
}

fn opt(v: Option<u16>) -> JsValue {
    v.map_or(JsValue::UNDEFINED, JsValue::from)
}

impl Observer for JsObserver {
    fn request(&self, endpoint: &Endpoint, url: &str, attempt: u32) {
        let method = endpoint.method.as_str();
        self.log(4, || format!("→ {method} {url} ({}, attempt {attempt})", endpoint.name));
        self.hook(0, &[("endpoint", endpoint.name.into()), ("method", method.into()), ("url", url.into()), ("attempt", attempt.into())]);
    }

    fn response(&self, endpoint: &Endpoint, status: Option<u16>, duration_ms: f64, attempt: u32) {
        self.log(4, || {
            let status = status.map_or_else(|| "no answer".to_owned(), |s| s.to_string());
            format!("← {status} in {} ms ({}, attempt {attempt})", duration_ms.round() as u64, endpoint.name)
        });
        let fields =
            [("endpoint", endpoint.name.into()), ("status", opt(status)), ("durationMs", duration_ms.into()), ("attempt", attempt.into())];
        self.hook(1, &fields);
    }

    fn retry(&self, endpoint: &Endpoint, attempt: u32, delay_ms: u64, error: &Error) {
        let code = error.code().as_str();
        self.log(2, || format!("retrying {} in {delay_ms} ms after {code} (attempt {attempt} failed)", endpoint.name));
        let fields = [
            ("endpoint", endpoint.name.into()),
            ("attempt", attempt.into()),
            ("delayMs", (delay_ms as f64).into()),
            ("code", code.into()),
            ("status", opt(error.status())),
        ];
        self.hook(2, &fields);
    }

    fn rate_limit(&self, endpoint: &Endpoint, wait_ms: u64, after_429: bool) {
        let after = if after_429 { " after a 429" } else { "" };
        self.log(3, || format!("{} waits {wait_ms} ms for a rate-limit slot{after}", endpoint.name));
        self.hook(3, &[("endpoint", endpoint.name.into()), ("waitMs", (wait_ms as f64).into()), ("after429", after_429.into())]);
    }

    fn failed(&self, endpoint: &Endpoint, error: &Error) {
        let status = error.status().map_or_else(String::new, |s| s.to_string());
        self.log(1, || format!("{} failed: {} {status}", endpoint.name, error.code().as_str()));
    }

    fn cache_hit(&self, endpoint: &Endpoint, url: &str) {
        self.log(4, || format!("cache hit {url} ({})", endpoint.name));
    }

    fn proxy_refused(&self, method: &str, path: &str, refusal: &Refusal) {
        self.log(3, || format!("proxy refused {method} {}: {} {} ({})", quote(path), refusal.status, refusal.code, refusal.message));
    }

    fn proxy_authorize_failed(&self, endpoint: &Endpoint, why: &str) {
        self.log(1, || format!("proxy: authorize() failed for {}: {why}", endpoint.name));
    }
}
