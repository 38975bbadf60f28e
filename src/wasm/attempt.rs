//! The core's side of a call, as synchronous steps the package's `call.js` drives: check the call
//! and build its request, say whether to wait for a rate-limit slot, judge each answer or
//! transport failure (data, retry after a delay, or the final error), keep the cache. Every
//! decision is the core's; JS only moves bytes and waits. Measured: driving the call from Rust
//! cost two promise↔future bridges (each with wasm closures) per call and ~50 KB of async state
//! machine code (bench/REPORT.md).

use super::client::Core;
use super::convert::{to_value, type_of};
use super::error::{to_js_error, Failure};
use super::options::call_options;
use crate::core::endpoint::{InputKind, Method, RetryClass};
use crate::core::response::{self, Decoded};
use crate::core::retry::{decide, Budget, Decision, Failure as Attempt};
use crate::core::{request, Endpoint, Error, ENDPOINTS};
use js_sys::{Array, Uint8Array};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn now() -> f64 {
    js_sys::Date::now()
}

fn endpoint(index: u32) -> Result<&'static Endpoint, JsValue> {
    ENDPOINTS.get(index as usize).ok_or_else(|| to_js_error(&Error::invalid(format!("unknown endpoint #{index}")).into(), None))
}

/// What `judge` and `failure` answer, as `[kind, …]` (no exceptions on the hot path).
const DATA_AS_SENT: u32 = 0;
const DATA_NORMALISED: u32 = 1;
const RETRY: u32 = 2;
const STOP: u32 = 3;

#[wasm_bindgen]
impl Core {
    /// Check a call of endpoint `name` and build its request: `[endpoint, method, url,
    /// headerLines, body, timeoutMs, maxRetries, isGet]` (`headerLines` is `name\nvalue\n…`;
    /// `body` a `Uint8Array` or `undefined`). Throws a `TmrError` (`INVALID_ARGUMENT`).
    pub fn prepare(&self, name: &str, args: Array, options: JsValue) -> Result<Array, JsValue> {
        let index = ENDPOINTS
            .iter()
            .position(|e| e.name == name)
            .ok_or_else(|| to_js_error(&Error::invalid(format!("unknown endpoint {}", crate::core::validate::quote(name))).into(), None))?;
        let endpoint = &ENDPOINTS[index];
        let fail = |e: Failure| to_js_error(&e, Some(endpoint.name));
        let opts = call_options(&options).map_err(|e| fail(e.into()))?;
        let (values, file) = read_args(endpoint, &args).map_err(fail)?;
        let req = request::build(&self.inner.config, endpoint, &values, file.as_deref()).map_err(|e| fail(e.into()))?;
        let mut lines = String::with_capacity(128);
        for (name, value) in &req.headers {
            lines.push_str(name);
            lines.push('\n');
            lines.push_str(value);
            lines.push('\n');
        }
        let timeout_ms = opts.timeout_ms.or(self.inner.config.timeout_ms).unwrap_or(endpoint.timeout.default_ms());
        let max_retries = opts.max_retries.unwrap_or(self.inner.config.max_retries);
        let out = Array::new_with_length(8);
        out.set(0, JsValue::from(index as u32));
        out.set(1, self.intern(req.method.as_str()));
        out.set(2, JsValue::from_str(&req.url));
        out.set(3, self.intern(&lines));
        out.set(4, req.body.as_deref().map_or(JsValue::UNDEFINED, |b| Uint8Array::from(b).into()));
        out.set(5, JsValue::from_f64(timeout_ms as f64));
        out.set(6, JsValue::from(max_retries));
        out.set(7, JsValue::from_bool(endpoint.method == Method::Get));
        Ok(out)
    }

    /// Before sending on endpoint `index`: 0 to go now, or how long to wait (ms) before asking
    /// again. `waitedMs` is the time already spent waiting. Throws `RATE_LIMITED` when the wait
    /// would pass `rateLimit.maxWaitMs`.
    pub fn slot(&self, index: u32, waited_ms: f64) -> Result<f64, JsValue> {
        let endpoint = endpoint(index)?;
        let Some(pacing) = &self.inner.pacing else { return Ok(0.0) };
        let wait = match pacing.pacer.borrow_mut().acquire(endpoint.bucket, now() as u64) {
            Ok(()) => return Ok(0.0),
            Err(wait) => wait,
        };
        if waited_ms as u64 + wait > pacing.max_wait_ms {
            return Err(to_js_error(&Error::RateLimited { retry_after_ms: wait }.into(), Some(endpoint.name)));
        }
        Ok(wait as f64)
    }

    /// Judge an HTTP answer (its body's bytes) of attempt `attempt`: `0` data is the envelope's
    /// `data` as sent (a number: nothing to allocate on the common path), `[1, json]` data is `json` (normalised), `[2, delayMs, error, drainMs]` retry after
    /// `delayMs`, `[3, error, drainMs]` stop with `error`. `drainMs` (or `undefined`) is the wait
    /// a 429 imposed on this key's pacing.
    #[allow(clippy::too_many_arguments)]
    pub fn judge(
        &self,
        index: u32,
        status: u16,
        body: Vec<u8>,
        retry_after: Option<String>,
        attempt: u32,
        remaining_ms: f64,
        max_retries: u32,
    ) -> Result<JsValue, JsValue> {
        let endpoint = endpoint(index)?;
        // The body crosses as bytes (one memcpy); as a JS string it was copied char by char.
        let res = crate::core::HttpResponse { status, retry_after, body, received_ms: now() as u64 };
        let failure = match response::decode_lazy(endpoint, &res) {
            Ok(Decoded::AsSent { .. }) => return Ok(DATA_AS_SENT.into()),
            Ok(Decoded::Normalised(json)) => return Ok(Array::of2(&DATA_NORMALISED.into(), &JsValue::from_str(&json)).into()),
            Err(e) => Failure::from(e),
        };
        Ok(self.retry_or_stop(endpoint, failure, Attempt::Status(status), attempt, remaining_ms, max_retries).into())
    }

    /// Judge an attempt without an HTTP answer. `kind`: `network` (with the fetch error's
    /// `message` and `cause`), `timeout` (the deadline fired in flight), `aborted` (the caller's
    /// signal), `expired` (the deadline passed before sending), `nofetch` (no fetch to call).
    /// Answers as [`Core::judge`] does, never with data.
    #[allow(clippy::too_many_arguments)]
    pub fn failure(
        &self,
        index: u32,
        kind: &str,
        message: Option<String>,
        cause: JsValue,
        attempt: u32,
        remaining_ms: f64,
        max_retries: u32,
        timeout_ms: f64,
    ) -> Result<Array, JsValue> {
        let endpoint = endpoint(index)?;
        let timeout_ms = timeout_ms as u64;
        let once = endpoint.retry == RetryClass::OnlyIfRefused;
        let cause = (!cause.is_undefined()).then_some(cause);
        let stop = |error: Error, cause: Option<JsValue>| {
            Array::of3(&STOP.into(), &to_js_error(&Failure { error, cause }, Some(endpoint.name)), &JsValue::UNDEFINED)
        };
        Ok(match kind {
            "aborted" => stop(Error::Aborted, None),
            "expired" => stop(Error::Timeout { timeout_ms }, None),
            "timeout" if once => {
                stop(Error::AmbiguousWrite { endpoint: endpoint.name, cause: format!("no answer within {timeout_ms} ms") }, None)
            }
            "timeout" => stop(Error::Timeout { timeout_ms }, None),
            "nofetch" => stop(Error::Network { message: "no global fetch in this runtime: pass options.fetch".into() }, None),
            _ => {
                let message = message.unwrap_or_else(|| "fetch failed".to_owned());
                if once {
                    stop(Error::AmbiguousWrite { endpoint: endpoint.name, cause: message }, cause)
                } else {
                    let failure = Failure { error: Error::Network { message }, cause };
                    self.retry_or_stop(endpoint, failure, Attempt::Network, attempt, remaining_ms, max_retries)
                }
            }
        })
    }

    /// A fresh GET answer for `url` (the JSON text of its `data`) from the cache, if on and fresh.
    pub fn cached(&self, url: &str) -> Option<String> {
        self.inner.cache.as_ref().and_then(|c| c.borrow_mut().get(url, now() as u64))
    }

    /// Whether the cache is on (then `remember` is worth calling).
    #[wasm_bindgen(getter)]
    pub fn caching(&self) -> bool {
        self.inner.cache.is_some()
    }

    /// After a success on endpoint `index`: keep a GET's `json` for `url`, or drop what a write
    /// (called with `args`) made stale.
    pub fn remember(&self, index: u32, url: &str, json: Option<String>, args: Array) -> Result<(), JsValue> {
        let endpoint = endpoint(index)?;
        let Some(cache) = &self.inner.cache else { return Ok(()) };
        let mut cache = cache.borrow_mut();
        match json {
            Some(json) if endpoint.method == Method::Get => cache.put(url, &json, now() as u64),
            _ if endpoint.method != Method::Get => {
                let params: Vec<String> = (0..endpoint.path_params().count() as u32).filter_map(|i| args.get(i).as_string()).collect();
                let params: Vec<&str> = params.iter().map(String::as_str).collect();
                cache.invalidate(self.inner.config.base_url(), endpoint, &params);
            }
            _ => {}
        }
        Ok(())
    }

    /// The logging level in use: 0 silent, 1 error, 2 warn, 3 info, 4 debug.
    #[wasm_bindgen(getter, js_name = logLevel)]
    pub fn log_level(&self) -> u32 {
        self.inner.log_level
    }
}

impl Core {
    /// `s` as a JS string, made once per core (a handful: methods and header lines).
    fn intern(&self, s: &str) -> JsValue {
        let mut interned = self.interned.borrow_mut();
        if let Some((_, v)) = interned.iter().find(|(k, _)| k == s) {
            return v.clone();
        }
        let v = JsValue::from_str(s);
        if interned.len() < 16 {
            interned.push((s.to_owned(), v.clone()));
        }
        v
    }

    /// `[2, delayMs, error, drainMs]` or `[3, error, drainMs]` for a failed attempt.
    fn retry_or_stop(
        &self,
        endpoint: &Endpoint,
        failure: Failure,
        kind: Attempt,
        attempt: u32,
        remaining_ms: f64,
        max_retries: u32,
    ) -> Array {
        let mut retry_after = failure.error.retry_after_ms();
        let mut drained = JsValue::UNDEFINED;
        if let (Attempt::Status(429), Some(p)) = (kind, &self.inner.pacing) {
            // A 429 despite pacing (another process shares the key): drain and wait it out.
            let wait = p.pacer.borrow_mut().drain(endpoint.bucket, now() as u64, retry_after);
            drained = JsValue::from_f64(wait as f64);
            retry_after = Some(wait);
        }
        let budget = Budget {
            retries_done: attempt.saturating_sub(1),
            max_retries,
            max_delay_ms: self.inner.max_retry_delay_ms,
            remaining_ms: remaining_ms.max(0.0) as u64,
        };
        let error = to_js_error(&failure, Some(endpoint.name));
        match decide(endpoint, kind, budget, retry_after, js_sys::Math::random()) {
            Decision::Stop => Array::of3(&STOP.into(), &error, &drained),
            Decision::Retry { delay_ms } => Array::of4(&RETRY.into(), &JsValue::from_f64(delay_ms as f64), &error, &drained),
        }
    }
}

/// Positional JS arguments → JSON values for the core; an avatar's bytes (the package turns a
/// `Blob` into bytes and its `type` into `contentType` before calling).
fn read_args(endpoint: &Endpoint, args: &Array) -> Result<(Vec<Value>, Option<Vec<u8>>), Failure> {
    if endpoint.input == InputKind::Avatar {
        let file = args.get(0);
        let bytes = if let Some(bytes) = file.dyn_ref::<Uint8Array>() {
            bytes.to_vec()
        } else if file.is_instance_of::<js_sys::ArrayBuffer>() {
            Uint8Array::new(&file).to_vec()
        } else {
            let kind = type_of(&file);
            return Err(Error::invalid(format!("file must be a Blob, Uint8Array or ArrayBuffer; got a {kind}")).into());
        };
        return Ok((vec![to_value("options", &args.get(1))?], Some(bytes)));
    }
    let params: Vec<&str> = endpoint.path_params().collect();
    let mut values = Vec::with_capacity(args.length() as usize);
    for (i, arg) in args.iter().enumerate() {
        let param = params.get(i).copied().unwrap_or("input");
        values.push(to_value(param, &arg)?);
    }
    Ok((values, None))
}
