//! The driver: runs one call of the core's state machine against real IO. Pace → send (on the
//! global fetch a request built by gloo-net, or the caller's fetch) → read the bytes through
//! gloo-net's Response → judge → wait and retry, until data or the final error. Every
//! decision is the core's (`core::call`); this only sends, reads and waits.

mod answer;

pub use answer::Want;
pub mod transport;
mod wait;

use super::error::Failure;
use super::observer::Observer;
use super::received::{Answer, Replied};
use super::settings::Settings;
use crate::core::call::{Call, Limits, Step};
use crate::core::redact::{redact, redact_text};
use crate::core::response::Decoded;
use crate::core::{Endpoint, Error, HttpRequest, HttpResponse};
use crate::wasm::auth::Sent;
use crate::wasm::prop::get;
use crate::wasm::timer::{now, sleep, within, Bounded};
use std::rc::Rc;
use transport::Attempt;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

/// The per-call options.
#[derive(Default, Clone)]
pub struct CallOptions {
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<u64>,
    pub max_retries: Option<u32>,
    /// Keep the answer's headers (`withResponse`).
    pub want_headers: bool,
    /// Keep the answer's `Content-Type` (the proxy forwards it; reads stay shareable).
    pub want_content_type: bool,
}

/// Run `request` for `endpoint` to its end.
///
/// # Errors
/// The call's final error, with the JS value that caused it when there is one. Its text never
/// holds the key or token, even when a server or a `fetch` echoed the request.
pub async fn run(settings: &Settings, endpoint: &'static Endpoint, request: &HttpRequest, opts: &CallOptions) -> Result<Answer, Failure> {
    drive(settings, endpoint, request, opts).await.map_err(|mut failure| {
        let token = settings.auth.as_ref().map(|auth| auth.token());
        for secret in [Some(settings.config.api_key()), token.as_deref()].into_iter().flatten().filter(|s| !s.is_empty()) {
            failure.error = redact(failure.error, secret);
            if failure.cause.as_ref().is_some_and(|cause| mentions(cause, secret)) {
                // The JS error itself (kept as `cause`) would show it too: keep its words, redacted.
                let message = get(failure.cause.as_ref().unwrap_or(&JsValue::UNDEFINED), "message").as_string().unwrap_or_default();
                let clean = redact_text(message, secret);
                failure.cause = Some(js_sys::Error::new(&clean).into());
            }
        }
        failure
    })
}

/// Whether a JS error, or the error it wraps, mentions `secret` in its message or stack.
fn mentions(error: &JsValue, secret: &str) -> bool {
    let inner = get(error, "cause");
    [error, &inner].iter().any(|e| ["message", "stack"].iter().any(|key| get(e, key).as_string().is_some_and(|text| text.contains(secret))))
}

async fn drive(settings: &Settings, endpoint: &'static Endpoint, request: &HttpRequest, opts: &CallOptions) -> Result<Answer, Failure> {
    let limits = Limits {
        timeout_ms: opts.timeout_ms.or(settings.config.timeout_ms).unwrap_or(endpoint.timeout.default_ms()),
        max_retries: opts.max_retries.unwrap_or(settings.config.max_retries),
        max_retry_delay_ms: settings.max_retry_delay_ms,
        max_wait_ms: settings.pacing.as_ref().map_or(0, |p| p.max_wait_ms),
    };
    let observer = settings.observer.as_deref();
    let signal = opts.signal.as_ref();
    let pacer = || settings.pacing.as_ref().map(|p| p.pacer.borrow_mut());
    let started = now();
    let mut call = Call::new(endpoint, limits);
    let auth = settings.auth.as_ref();
    if auth.is_some() {
        // A 401 may be answered with a newer token: a refresh, or one set by hand meanwhile.
        call.allow_refresh();
    }
    // With a token that can change: the request as last sent, and when it was sent.
    let mut authed: Option<(HttpRequest, Sent)> = None;
    let mut cause = None;
    // The last HTTP answer's body, status and headers, for `Step::Done`.
    let mut answered = None;
    let mut step = call.next(pacer().as_deref_mut(), now() as u64);
    loop {
        // A panic elsewhere retired this instance while the call waited: take no further step.
        if super::halted() {
            return Err(retired());
        }
        step = match step {
            Step::Queue { wait_ms } => {
                if let Some(o) = observer {
                    o.rate_limit(endpoint, wait_ms, false);
                }
                if !sleep(wait_ms, signal).await {
                    return Err(stop(observer, endpoint, Error::Aborted));
                }
                call.next(pacer().as_deref_mut(), now() as u64)
            }
            Step::Send { attempt, timeout_ms } => {
                if let Some(o) = observer {
                    o.request(endpoint, &request.url, attempt);
                }
                if let Some(auth) = auth {
                    let (token, sent) = auth.current();
                    let mut with_token = authed.take().map_or_else(|| request.clone(), |(r, _)| r);
                    with_token.set_bearer(&token);
                    authed = Some((with_token, sent));
                }
                let request = authed.as_ref().map_or(request, |(r, _)| r);
                let sent = now();
                let want = Want { headers: opts.want_headers, content_type: opts.want_content_type };
                let attempt_of = Attempt { request, fetch: settings.fetch.as_ref(), caller: signal, timeout_ms, want };
                let result = transport::send(attempt_of).await;
                if super::halted() {
                    return Err(retired());
                }
                let at = now();
                let mut status = None;
                let next = match result {
                    Ok(reply) => {
                        let res =
                            HttpResponse { status: reply.status, retry_after: reply.retry_after, body: reply.body, received_ms: at as u64 };
                        let next = call.on_answer(&res, pacer().as_deref_mut(), at as u64, js_sys::Math::random());
                        status = Some(res.status);
                        answered =
                            Some(Replied { body: res.body, status: res.status, headers: reply.headers, content_type: reply.content_type });
                        next
                    }
                    Err((error, js_cause)) => {
                        cause = js_cause;
                        call.on_transport_error(error, at as u64, js_sys::Math::random())
                    }
                };
                if let Some(o) = observer {
                    o.response(endpoint, status, at - sent, attempt);
                    if let Some(wait_ms) = call.take_drained() {
                        o.rate_limit(endpoint, wait_ms, true);
                    }
                }
                next
            }
            Step::Backoff { delay_ms, error } => {
                if let Some(o) = observer {
                    o.retry(endpoint, call.attempts(), delay_ms, &error);
                }
                if !sleep(delay_ms, signal).await {
                    return Err(stop(observer, endpoint, Error::Aborted));
                }
                call.next(pacer().as_deref_mut(), now() as u64)
            }
            Step::Refresh { error } => {
                let (Some(auth), Some((_, sent))) = (auth, &authed) else { return Err(stop(observer, endpoint, error)) };
                let remaining = call.remaining_ms(now() as u64);
                match within(auth.renew(*sent, remaining), remaining, signal).await {
                    Bounded::Done(Ok(true)) => call.next(pacer().as_deref_mut(), now() as u64),
                    Bounded::Done(Ok(false)) => return Err(stop(observer, endpoint, error)),
                    Bounded::Done(Err(failure)) => return Err(refused(observer, endpoint, error, failure)),
                    Bounded::TimedOut => return Err(stop(observer, endpoint, Error::Timeout { timeout_ms: limits.timeout_ms })),
                    Bounded::Aborted => return Err(stop(observer, endpoint, Error::Aborted)),
                }
            }
            Step::Done(decoded) => {
                let mut answer = Answer::raw(answered.take().unwrap_or_default(), call.attempts(), now() - started);
                match decoded {
                    Decoded::AsSent { start, end } => answer.data = start..end,
                    Decoded::Normalised(json) => answer.normalised = Some(json),
                }
                return Ok(answer);
            }
            Step::Fail(error) => {
                let keep_cause = matches!(error, Error::Network { .. } | Error::AmbiguousWrite { .. });
                if let Some(o) = observer {
                    o.failed(endpoint, &error);
                }
                // The failure was judged from an HTTP answer: keep it for whoever forwards it.
                let upstream = if error.status().is_some() {
                    answered.take().map(|reply| Rc::new(Answer::raw(reply, call.attempts(), now() - started)))
                } else {
                    None
                };
                return Err(Failure { error, cause: if keep_cause { cause } else { None }, upstream });
            }
        };
    }
}

/// A 401 whose refresh failed: the 401, saying why no new token came (a caller's mistake in the
/// callback stays `INVALID_ARGUMENT`), with the refresh's error as the cause.
fn refused(observer: Option<&dyn Observer>, endpoint: &Endpoint, error: Error, refresh: Failure) -> Failure {
    let error = match (error, refresh.error) {
        (_, invalid @ Error::InvalidArgument { .. }) => invalid,
        (Error::Api { code, api_code, status, message, retry_after_ms }, why) => {
            // A callback that threw reports its own words as a `Network` message.
            let why = match why {
                Error::Network { message } => message,
                other => other.to_string(),
            };
            Error::Api { code, api_code, status, message: format!("{message} (onUnauthorized gave no new token: {why})"), retry_after_ms }
        }
        (error, _) => error,
    };
    if let Some(o) = observer {
        o.failed(endpoint, &error);
    }
    Failure { error, cause: refresh.cause, upstream: None }
}

fn retired() -> Failure {
    Failure::from(Error::Internal { message: "the WebAssembly instance panicked during this call".to_owned() })
}

fn stop(observer: Option<&dyn Observer>, endpoint: &Endpoint, error: Error) -> Failure {
    if let Some(o) = observer {
        o.failed(endpoint, &error);
    }
    Failure::from(error)
}
