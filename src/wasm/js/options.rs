//! Constructor options and per-call options, read from plain JS objects with messages that name
//! the option and the value.

use super::convert::type_of;
use super::hooks::observer;
use crate::core::cache::Cache;
use crate::core::ratelimit::{Limit, Limits};
use crate::core::rows::DEFAULT_BATCH_SIZE;
use crate::core::{config, validate::quote, Config, Error};
use crate::wasm::client::DEFAULT_MAX_WAIT_MS;
use crate::wasm::driver::CallOptions;
use crate::wasm::pacing::{shared, Pacing};
use crate::wasm::prop::get;
use crate::wasm::realm;
use crate::wasm::settings::Settings;
use js_sys::{Function, Object};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// The options `TmrClient` and the proxy share.
const SHARED_KEYS: [&str; 14] = [
    "apiKey",
    "cache",
    "baseUrl",
    "timeoutMs",
    "maxRetries",
    "maxRetryDelayMs",
    "rateLimit",
    "fetch",
    "onRequest",
    "onResponse",
    "onRetry",
    "onRateLimit",
    "logger",
    "logLevel",
];
/// `TmrClient`'s own.
const CLIENT_ONLY_KEYS: [&str; 1] = ["dangerouslyAllowBrowser"];
/// The proxy's own.
const PROXY_ONLY_KEYS: [&str; 5] = ["basePath", "allow", "allowedOrigins", "authorize", "maxBodyBytes"];
const RATE_KEYS: [&str; 5] = ["maxWaitMs", "default", "runQuery", "invite", "avatar"];
/// The keys `new TmrClient(options)` takes.
pub(super) fn client_keys() -> Vec<&'static str> {
    [SHARED_KEYS.as_slice(), &CLIENT_ONLY_KEYS].concat()
}

/// The keys `createTmrProxy(options)` takes: `TmrClient`'s upstream options and its own.
pub(super) fn proxy_keys() -> Vec<&'static str> {
    [SHARED_KEYS.as_slice(), &PROXY_ONLY_KEYS].concat()
}
const CALL_KEYS: [&str; 3] = ["signal", "timeoutMs", "maxRetries"];
/// Check `obj` is a plain object (or absent when `optional`) whose keys are all in `known`.
pub(super) fn check_object(param: &str, obj: &JsValue, known: &[&str], optional: bool) -> Result<bool, Error> {
    if optional && (obj.is_undefined() || obj.is_null()) {
        return Ok(false);
    }
    if !obj.is_object() || obj.is_function() || js_sys::Array::is_array(obj) {
        return Err(Error::invalid(format!("{param} must be an object; got {}", type_of(obj))));
    }
    for key in Object::keys(obj.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) && !get(obj, &key).is_undefined() {
            return Err(Error::invalid(format!("{param} has an unknown option {}; allowed: {}", quote(&key), known.join(", "))));
        }
    }
    Ok(true)
}

pub(super) fn opt_string(param: &str, v: JsValue) -> Result<Option<String>, Error> {
    if v.is_undefined() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| Error::invalid(format!("{param} must be a string; got {}", type_of(&v))))
}

pub(super) fn opt_number(param: &str, v: JsValue) -> Result<Option<f64>, Error> {
    if v.is_undefined() {
        return Ok(None);
    }
    v.as_f64().map(Some).ok_or_else(|| Error::invalid(format!("{param} must be a number; got {}", type_of(&v))))
}

/// Parse `new TmrClient(options)`.
///
/// # Errors
/// `INVALID_ARGUMENT` naming the option.
pub fn client_options(v: &JsValue) -> Result<Settings, Error> {
    if v.is_undefined() || v.is_null() {
        return Err(Error::invalid(
            "options are required: new TmrClient({ apiKey }), or new TmrClient({ baseUrl: '/api/tmr' }) behind tmr-client/proxy",
        ));
    }
    check_object("options", v, &client_keys(), false)?;
    let allow = get(v, "dangerouslyAllowBrowser");
    if !allow.is_undefined() && allow.as_bool().is_none() {
        return Err(Error::invalid(format!("dangerouslyAllowBrowser must be a boolean; got {}", type_of(&allow))));
    }
    let settings = settings(v, DEFAULT_MAX_WAIT_MS)?;
    if realm::is_browser() && !settings.fetch.as_ref().is_some_and(is_mock_fetch) {
        config::browser_guard(&settings.config, allow.as_bool() == Some(true))?;
    }
    Ok(settings)
}

/// Whether `fetch` is `tmr-client/mock`'s `createMockFetch()`: the keys it takes are the mock's
/// own tokens, not secrets, so the browser-key guard lets a test page use them.
fn is_mock_fetch(fetch: &Function) -> bool {
    js_sys::Reflect::get(fetch, &js_sys::Symbol::for_("tmr-client.mockFetch")).is_ok_and(|v| v.as_bool() == Some(true))
}

/// The options `TmrClient` and the proxy share (each checks its own set of keys first);
/// `max_wait_ms` is the default of `rateLimit.maxWaitMs`.
pub(super) fn settings(v: &JsValue, max_wait_ms: u64) -> Result<Settings, Error> {
    let api_key = get(v, "apiKey");
    let api_key = if api_key.is_undefined() {
        String::new()
    } else {
        api_key.as_string().ok_or_else(|| Error::invalid(format!("apiKey must be a string; got {}", type_of(&api_key))))?
    };
    let base_url = opt_string("baseUrl", get(v, "baseUrl"))?.map(|u| realm::resolve(&u));
    let timeout_ms = opt_number("timeoutMs", get(v, "timeoutMs"))?;
    let max_retries = opt_number("maxRetries", get(v, "maxRetries"))?;
    let fetch = fetch_option(v)?;
    let config = Config::new(&api_key, base_url.as_deref(), timeout_ms, max_retries)?;
    let max_retry_delay_ms = match opt_number("maxRetryDelayMs", get(v, "maxRetryDelayMs"))? {
        None => crate::core::retry::MAX_RETRY_AFTER_MS,
        Some(0.0) => 0,
        Some(ms) => config::timeout("maxRetryDelayMs", ms)?,
    };
    let pacing = pacing(&get(v, "rateLimit"), &config, max_wait_ms)?;
    let cache = match get(v, "cache") {
        c if c.is_undefined() || c.as_bool() == Some(false) => None,
        c => {
            check_object("cache", &c, &["ttlMs"], false)?;
            let ttl = opt_number("cache.ttlMs", get(&c, "ttlMs"))?
                .ok_or_else(|| Error::invalid("cache.ttlMs is required: how long (ms) a read stays fresh"))?;
            Some(RefCell::new(Cache::new(config::timeout("cache.ttlMs", ttl)?)))
        }
    };
    let observer = observer(v)?;
    Ok(Settings { config, pacing, max_retry_delay_ms, cache, fetch, observer, auth: None })
}

/// The `fetch` option: a function, or absent (the global fetch).
pub(super) fn fetch_option(options: &JsValue) -> Result<Option<Function>, Error> {
    match get(options, "fetch") {
        f if f.is_undefined() => Ok(None),
        f => f
            .dyn_into::<Function>()
            .map(Some)
            .map_err(|f| Error::invalid(format!("fetch must be a function with the signature of the global fetch; got {}", type_of(&f)))),
    }
}

/// `rateLimit`: `true`/absent (the documented limits), `false` (off), or
/// `{ maxWaitMs?, default?, runQuery?, invite?, avatar? }` with `{ requests, windowMs }` buckets.
fn pacing(v: &JsValue, config: &Config, mut max_wait_ms: u64) -> Result<Option<Pacing>, Error> {
    let mut limits = Limits::default();
    if v.as_bool() == Some(false) {
        return Ok(None);
    }
    if !v.is_undefined() && v.as_bool().is_none() {
        check_object("rateLimit", v, &RATE_KEYS, false)?;
        if let Some(ms) = opt_number("rateLimit.maxWaitMs", get(v, "maxWaitMs"))? {
            max_wait_ms = if ms == 0.0 { 0 } else { config::timeout("rateLimit.maxWaitMs", ms)? };
        }
        for (key, slot) in [
            ("default", &mut limits.default),
            ("runQuery", &mut limits.run_query),
            ("invite", &mut limits.invite),
            ("avatar", &mut limits.avatar),
        ] {
            let b = get(v, key);
            if b.is_undefined() {
                continue;
            }
            let param = format!("rateLimit.{key}");
            check_object(&param, &b, &["requests", "windowMs"], false)?;
            let requests = opt_number(&format!("{param}.requests"), get(&b, "requests"))?.unwrap_or(0.0);
            if requests.fract() != 0.0 || !(1.0..=1_000_000.0).contains(&requests) {
                return Err(Error::invalid(format!(
                    "{param}.requests must be an integer from 1 to 1000000; got {}",
                    config::js_number(requests)
                )));
            }
            let window = opt_number(&format!("{param}.windowMs"), get(&b, "windowMs"))?.unwrap_or(0.0);
            *slot = Limit { requests: requests as u32, window_ms: config::timeout(&format!("{param}.windowMs"), window)? };
        }
    }
    Ok(Some(Pacing { pacer: shared(config.base_url(), config.api_key(), limits), max_wait_ms }))
}

/// Parse the optional last argument `{ signal?, timeoutMs?, maxRetries? }` of every method.
///
/// # Errors
/// `INVALID_ARGUMENT` naming the option.
pub fn call_options(v: &JsValue, want_headers: bool) -> Result<CallOptions, Error> {
    if !check_object("options", v, &CALL_KEYS, true)? {
        return Ok(CallOptions { want_headers, ..CallOptions::default() });
    }
    read_call_options(v, want_headers)
}

/// `queryRows`'s options: a call's, and `batchSize`.
pub fn row_options(v: &JsValue) -> Result<(CallOptions, usize), Error> {
    const ROW_KEYS: [&str; 4] = ["signal", "timeoutMs", "maxRetries", "batchSize"];
    if !check_object("options", v, &ROW_KEYS, true)? {
        return Ok((CallOptions::default(), DEFAULT_BATCH_SIZE));
    }
    let batch_size = match opt_number("options.batchSize", get(v, "batchSize"))? {
        Some(n) => crate::core::rows::batch_size("options.batchSize", n)?,
        None => DEFAULT_BATCH_SIZE,
    };
    Ok((read_call_options(v, false)?, batch_size))
}

fn read_call_options(v: &JsValue, want_headers: bool) -> Result<CallOptions, Error> {
    let signal = match get(v, "signal") {
        s if s.is_undefined() || s.is_null() => None,
        s => Some(
            s.dyn_into::<AbortSignal>()
                .map_err(|s| Error::invalid(format!("options.signal must be an AbortSignal; got {}", type_of(&s))))?,
        ),
    };
    let timeout_ms = opt_number("options.timeoutMs", get(v, "timeoutMs"))?.map(|t| config::timeout("options.timeoutMs", t)).transpose()?;
    let max_retries =
        opt_number("options.maxRetries", get(v, "maxRetries"))?.map(|n| config::retries("options.maxRetries", n)).transpose()?;
    Ok(CallOptions { signal, timeout_ms, max_retries, want_headers, want_content_type: false })
}
