//! The driver: runs one call of the core's state machine against real IO. Pace → send (on the
//! global fetch a request built by gloo-net, or the caller's fetch) → read the bytes through
//! gloo-net's Response → judge → wait and retry, until data or the final error. Every
//! decision is the core's (`core::call`); this only sends, reads and waits.

mod answer;
pub mod body;
mod opened;

pub use answer::Want;
pub use body::Canceller;
pub use opened::{Opened, Secrets};
pub mod transport;
mod wait;
mod wiring;

use super::error::Failure;
use super::observer::Observer;
use super::received::{Answer, Replied};
use super::settings::Settings;
use crate::core::call::{Call, Limits, Step};
use crate::core::response::Decoded;
use crate::core::{Endpoint, Error, HttpRequest, HttpResponse};
use crate::wasm::auth::Sent;
use crate::wasm::timer::{now, sleep, within, Bounded};
use std::rc::Rc;
use transport::Attempt;
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
    match drive(settings, endpoint, request, opts, false).await {
        Ok(Outcome::Whole(answer)) => Ok(answer),
        Ok(Outcome::Open(_)) => Err(Failure::from(Error::Internal { message: "a streamed answer where none was asked for".to_owned() })),
        Err(failure) => Err(secrets_of(settings).scrub(failure)),
    }
}

/// Run `request` for `endpoint` until its answer's head: a 2xx answer comes back open, its body
/// read as it arrives ([`Opened`]); any other answer is judged (and retried) as [`run`] does.
///
/// # Errors
/// As [`run`], for everything up to the body's first bytes.
pub async fn open(settings: &Settings, endpoint: &'static Endpoint, request: &HttpRequest, opts: &CallOptions) -> Result<Opened, Failure> {
    let secrets = secrets_of(settings);
    match drive(settings, endpoint, request, opts, true).await {
        Ok(Outcome::Open(mut opened)) => {
            opened.secrets = secrets;
            opened.observer = settings.observer.clone();
            Ok(opened)
        }
        // Not streamable after all (never for a 2xx): the whole answer as its only chunk.
        Ok(Outcome::Whole(answer)) => Ok(Opened::whole(&answer, endpoint)),
        Err(failure) => Err(secrets.scrub(failure)),
    }
}

fn secrets_of(settings: &Settings) -> Secrets {
    let token = settings.auth.as_ref().map(|auth| auth.token());
    Secrets([Some(settings.config.api_key().to_owned()), token].into_iter().flatten().filter(|s| !s.is_empty()).collect())
}

/// How a call ended well: its whole answer, or (streamed) an answer whose body is still arriving.
enum Outcome {
    Whole(Answer),
    Open(Opened),
}

async fn drive(
    settings: &Settings,
    endpoint: &'static Endpoint,
    request: &HttpRequest,
    opts: &CallOptions,
    stream: bool,
) -> Result<Outcome, Failure> {
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
                let want = Want { headers: opts.want_headers, content_type: opts.want_content_type, stream };
                let attempt_of = Attempt { request, fetch: settings.fetch.as_ref(), caller: signal, timeout_ms, want };
                let result = transport::send(attempt_of).await;
                if super::halted() {
                    return Err(retired());
                }
                let at = now();
                let mut status = None;
                let next = match result {
                    Ok(reply) if reply.open.is_some() => {
                        if let Some(o) = observer {
                            o.response(endpoint, Some(reply.status), at - sent, attempt);
                        }
                        let head =
                            HttpResponse { status: reply.status, retry_after: reply.retry_after, body: Vec::new(), received_ms: at as u64 };
                        let received = reply.body.len() as u64;
                        return Ok(Outcome::Open(Opened {
                            head,
                            first: reply.body,
                            body: reply.open,
                            endpoint,
                            timeout_ms: limits.timeout_ms,
                            received,
                            attempts: call.attempts(),
                            content_type: reply.content_type,
                            secrets: Secrets::default(),
                            observer: None,
                        }));
                    }
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
                return Ok(Outcome::Whole(answer));
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
