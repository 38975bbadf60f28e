//! Observability without leaks: `onRequest`, `onResponse`, `onRetry`, `onRateLimit` hooks and a
//! levelled `logger`. Events carry the endpoint, method, URL (which never holds the key), status,
//! timings and attempt numbers; never headers or bodies. A hook that throws is ignored.

use super::convert::type_of;
use crate::core::Error;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

const LEVELS: [&str; 5] = ["silent", "error", "warn", "info", "debug"];

/// The hooks and logger of one client.
#[derive(Default)]
pub struct Hooks {
    on_request: Option<Function>,
    on_response: Option<Function>,
    on_retry: Option<Function>,
    on_rate_limit: Option<Function>,
    logger: Option<JsValue>,
    level: usize,
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn function(options: &JsValue, key: &str) -> Result<Option<Function>, Error> {
    match get(options, key) {
        v if v.is_undefined() => Ok(None),
        v => v.dyn_into::<Function>().map(Some).map_err(|v| Error::invalid(format!("{key} must be a function; got a {}", type_of(&v)))),
    }
}

/// An event object `{ key: value, … }`.
pub fn event(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

impl Hooks {
    /// Read the hook and logging options of `new TmrClient(options)`.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for a hook that is not a function, an unknown level or a logger without methods.
    pub fn from_options(options: &JsValue) -> Result<Hooks, Error> {
        let level = match get(options, "logLevel") {
            v if v.is_undefined() => 0,
            v => {
                let s = v.as_string().unwrap_or_default();
                LEVELS.iter().position(|l| *l == s).ok_or_else(|| {
                    Error::invalid(format!("logLevel must be one of {}; got {}", LEVELS.join(", "), crate::core::validate::quote(&s)))
                })?
            }
        };
        let logger = match get(options, "logger") {
            v if v.is_undefined() => (level > 0).then(|| get(&js_sys::global(), "console")),
            v if v.is_object() => Some(v),
            v => return Err(Error::invalid(format!("logger must be an object with debug/info/warn/error methods; got a {}", type_of(&v)))),
        };
        // A logger without a level logs at info.
        let level = if level == 0 && !get(options, "logger").is_undefined() && get(options, "logLevel").is_undefined() { 3 } else { level };
        Ok(Hooks {
            on_request: function(options, "onRequest")?,
            on_response: function(options, "onResponse")?,
            on_retry: function(options, "onRetry")?,
            on_rate_limit: function(options, "onRateLimit")?,
            logger,
            level,
        })
    }

    fn call(hook: &Option<Function>, event: &JsValue) {
        if let Some(f) = hook {
            let _ = f.call1(&JsValue::UNDEFINED, event);
        }
    }

    /// Whether a line at `level` would be written (checked before any formatting).
    pub fn logs(&self, level: usize) -> bool {
        self.logger.is_some() && level <= self.level
    }

    /// Log `message` at `level` (1 error … 4 debug) if the logger wants it.
    pub fn log(&self, level: usize, message: &str) {
        let Some(logger) = self.logger.as_ref().filter(|_| level <= self.level) else { return };
        let method = get(logger, LEVELS[level]).dyn_into::<Function>().or_else(|_| get(logger, "log").dyn_into::<Function>());
        if let Ok(m) = method {
            let _ = m.call1(logger, &JsValue::from_str(&format!("tmr-client: {message}")));
        }
    }

    pub fn request(&self, endpoint: &str, method: &str, url: &str, attempt: u32) {
        if self.logs(4) {
            self.log(4, &format!("→ {method} {url} ({endpoint}, attempt {attempt})"));
        }
        let ev = || event(&[("endpoint", endpoint.into()), ("method", method.into()), ("url", url.into()), ("attempt", attempt.into())]);
        if self.on_request.is_some() {
            Hooks::call(&self.on_request, &ev());
        }
    }

    pub fn response(&self, endpoint: &str, status: Option<u16>, duration_ms: f64, attempt: u32) {
        if self.logs(4) {
            let shown = status.map_or_else(|| "no answer".to_owned(), |s| s.to_string());
            self.log(4, &format!("← {shown} in {} ms ({endpoint}, attempt {attempt})", duration_ms.round() as u64));
        }
        if self.on_response.is_some() {
            let status = status.map_or(JsValue::UNDEFINED, JsValue::from);
            let ev = event(&[
                ("endpoint", endpoint.into()),
                ("status", status),
                ("durationMs", duration_ms.into()),
                ("attempt", attempt.into()),
            ]);
            Hooks::call(&self.on_response, &ev);
        }
    }

    pub fn retry(&self, endpoint: &str, attempt: u32, delay_ms: u64, error: &Error) {
        self.log(2, &format!("retrying {endpoint} in {delay_ms} ms after {} (attempt {attempt} failed)", error.code()));
        if self.on_retry.is_some() {
            let status = error.status().map_or(JsValue::UNDEFINED, JsValue::from);
            let ev = event(&[
                ("endpoint", endpoint.into()),
                ("attempt", attempt.into()),
                ("delayMs", (delay_ms as f64).into()),
                ("code", error.code().as_str().into()),
                ("status", status),
            ]);
            Hooks::call(&self.on_retry, &ev);
        }
    }

    pub fn rate_limit(&self, endpoint: &str, wait_ms: u64, after_429: bool) {
        self.log(3, &format!("{endpoint} waits {wait_ms} ms for a rate-limit slot{}", if after_429 { " after a 429" } else { "" }));
        if self.on_rate_limit.is_some() {
            let ev = event(&[("endpoint", endpoint.into()), ("waitMs", (wait_ms as f64).into()), ("after429", after_429.into())]);
            Hooks::call(&self.on_rate_limit, &ev);
        }
    }

    pub fn failed(&self, endpoint: &str, error: &Error) {
        self.log(1, &format!("{endpoint} failed: {} {}", error.code(), error.status().map(|s| s.to_string()).unwrap_or_default()));
    }
}
