//! One call as a state machine: pace → send → judge → retry or stop, with one deadline over every
//! attempt. Pure: the driver reports what happened (an answer, a transport failure, a wait that
//! ended) with the time, and the machine says what to do next. Time queued for a rate-limit slot
//! never counts against the deadline, for the first attempt or any retry; time in flight and in
//! backoff always does, and no step is ever given more time than the deadline has left.

use super::endpoint::{Endpoint, Method, RetryClass};
use super::error::Error;
use super::http::HttpResponse;
use super::ratelimit::Pacer;
use super::response::{decode_lazy, Decoded};
use super::retry::{decide, Budget, Decision, Failure};

/// Why an attempt got no HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The request could not be sent or its answer not read: refused, reset, DNS, CORS, a
    /// redirect refused, a `fetch` that gave no usable `Response`.
    Network { message: String },
    /// The call's deadline fired while the attempt was in flight.
    Timeout,
    /// The caller's signal fired.
    Aborted,
    /// The request could not even be sent (no `fetch` in the runtime, a request the platform
    /// refused to build): nothing reached the server, and trying again cannot help.
    NotSent { message: String },
}

/// The limits of one call, resolved from the client's and the call's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deadline over all attempts, queued time excluded.
    pub timeout_ms: u64,
    pub max_retries: u32,
    /// Longest wait between attempts, `Retry-After` included.
    pub max_retry_delay_ms: u64,
    /// Longest wait for one rate-limit slot before failing with `RATE_LIMITED`.
    pub max_wait_ms: u64,
}

/// What the driver does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Wait `wait_ms` for a rate-limit slot, then call [`Call::next`]. Not counted against the
    /// deadline.
    Queue { wait_ms: u64 },
    /// Send attempt `attempt` now; give it at most `timeout_ms`, then report a
    /// [`TransportError::Timeout`].
    Send { attempt: u32, timeout_ms: u64 },
    /// Sleep `delay_ms` (counted against the deadline), then call [`Call::next`]. `error` is why.
    Backoff { delay_ms: u64, error: Error },
    /// The token was refused (401) and the call may get a fresh one, once: get it (counted
    /// against the deadline), then call [`Call::next`]. `error` is the 401's, to fail with if
    /// no token comes.
    Refresh { error: Error },
    /// The answer holds the data.
    Done(Decoded),
    /// The call failed for good.
    Fail(Error),
}

/// The state of one call of `endpoint`.
#[derive(Debug, Clone)]
pub struct Call {
    endpoint: &'static Endpoint,
    limits: Limits,
    /// Attempts sent so far.
    attempt: u32,
    /// Deadline time used so far (in flight and in backoff).
    spent_ms: u64,
    /// Since when the running step counts against the deadline.
    counting_since: Option<u64>,
    /// Since when the call has waited for the current rate-limit slot.
    queued_since: Option<u64>,
    /// The wait a 429 on this call imposed on the key's pacing (for the driver's hooks).
    drained_ms: Option<u64>,
    /// Whether a 401 may still be answered with a token refresh ([`Call::allow_refresh`]).
    refresh_left: bool,
    /// Whether the token was refreshed: the attempt after it repeats a refused request, not a
    /// failed one, so it does not count as a retry.
    refreshed: bool,
}

impl Call {
    pub fn new(endpoint: &'static Endpoint, limits: Limits) -> Call {
        Call {
            endpoint,
            limits,
            attempt: 0,
            spent_ms: 0,
            counting_since: None,
            queued_since: None,
            drained_ms: None,
            refresh_left: false,
            refreshed: false,
        }
    }

    /// Let one 401 be answered with [`Step::Refresh`] (the client can get a fresh token).
    pub fn allow_refresh(&mut self) {
        self.refresh_left = true;
    }

    pub fn endpoint(&self) -> &'static Endpoint {
        self.endpoint
    }

    /// Attempts sent so far.
    pub fn attempts(&self) -> u32 {
        self.attempt
    }

    /// Deadline time left (what a step may still use).
    pub fn remaining_ms(&self, now_ms: u64) -> u64 {
        let running = self.counting_since.map_or(0, |t| now_ms.saturating_sub(t));
        self.limits.timeout_ms.saturating_sub(self.spent_ms.saturating_add(running))
    }

    /// The wait the last 429 imposed on the key's pacing, once (for `onRateLimit`).
    pub fn take_drained(&mut self) -> Option<u64> {
        self.drained_ms.take()
    }

    /// Stop counting the running step against the deadline.
    fn pause(&mut self, now_ms: u64) {
        if let Some(since) = self.counting_since.take() {
            self.spent_ms = self.spent_ms.saturating_add(now_ms.saturating_sub(since));
        }
    }

    /// Start the call, or go on after a [`Step::Queue`] or [`Step::Backoff`] wait: queue for a
    /// slot or send the next attempt.
    pub fn next(&mut self, pacer: Option<&mut Pacer>, now_ms: u64) -> Step {
        self.pause(now_ms);
        if self.remaining_ms(now_ms) == 0 {
            return Step::Fail(Error::Timeout { timeout_ms: self.limits.timeout_ms });
        }
        if let Some(pacer) = pacer {
            if let Err(wait_ms) = pacer.acquire(self.endpoint.bucket, now_ms) {
                let since = *self.queued_since.get_or_insert(now_ms);
                if now_ms.saturating_sub(since).saturating_add(wait_ms) > self.limits.max_wait_ms {
                    return Step::Fail(Error::RateLimited { retry_after_ms: wait_ms });
                }
                return Step::Queue { wait_ms };
            }
        }
        self.queued_since = None;
        self.attempt += 1;
        let timeout_ms = self.remaining_ms(now_ms);
        self.counting_since = Some(now_ms);
        Step::Send { attempt: self.attempt, timeout_ms }
    }

    /// Judge an HTTP answer of the attempt in flight.
    pub fn on_answer(&mut self, res: &HttpResponse, pacer: Option<&mut Pacer>, now_ms: u64, jitter: f64) -> Step {
        self.pause(now_ms);
        match decode_lazy(self.endpoint, res) {
            Ok(decoded) => Step::Done(decoded),
            Err(error) if res.status == 401 && self.refresh_left => {
                // The server refused the token before acting: repeating with a new one is safe
                // for every endpoint, writes included.
                self.refresh_left = false;
                self.refreshed = true;
                self.counting_since = Some(now_ms);
                Step::Refresh { error }
            }
            Err(error) => self.retry_or_stop(error, Failure::Status(res.status), pacer, now_ms, jitter),
        }
    }

    /// Judge an attempt that got no HTTP answer.
    pub fn on_transport_error(&mut self, error: TransportError, now_ms: u64, jitter: f64) -> Step {
        self.pause(now_ms);
        let once = self.endpoint.retry == RetryClass::OnlyIfRefused;
        let ambiguous = |cause: String| Step::Fail(Error::AmbiguousWrite { endpoint: self.endpoint.name, cause });
        match error {
            TransportError::Aborted => Step::Fail(Error::Aborted),
            TransportError::NotSent { message } => Step::Fail(Error::Network { message }),
            TransportError::Timeout if once => ambiguous(format!("no answer within {} ms", self.limits.timeout_ms)),
            TransportError::Timeout => Step::Fail(Error::Timeout { timeout_ms: self.limits.timeout_ms }),
            TransportError::Network { message } if once => ambiguous(message),
            TransportError::Network { message } => self.retry_or_stop(Error::Network { message }, Failure::Network, None, now_ms, jitter),
        }
    }

    fn retry_or_stop(&mut self, error: Error, failure: Failure, pacer: Option<&mut Pacer>, now_ms: u64, jitter: f64) -> Step {
        let mut retry_after = error.retry_after_ms();
        if let (Failure::Status(429), Some(pacer)) = (failure, pacer) {
            // A 429 despite pacing (another process shares the key): drain the bucket it most
            // likely came from. The wait then happens in the queue, bounded by `max_wait_ms` and
            // not counted against the deadline; only a server's own Retry-After longer than the
            // retry-delay cap still fails at once.
            self.drained_ms = Some(pacer.drain(self.endpoint.bucket, now_ms, retry_after));
            if retry_after.is_none_or(|ms| ms <= self.limits.max_retry_delay_ms) {
                retry_after = Some(0);
            }
        }
        let budget = Budget {
            retries_done: self.attempt.saturating_sub(1 + u32::from(self.refreshed)),
            max_retries: self.limits.max_retries,
            max_delay_ms: self.limits.max_retry_delay_ms,
            remaining_ms: self.remaining_ms(now_ms),
        };
        match decide(self.endpoint, failure, budget, retry_after, jitter) {
            Decision::Stop => Step::Fail(error),
            Decision::Retry { delay_ms } => {
                self.counting_since = Some(now_ms);
                Step::Backoff { delay_ms, error }
            }
        }
    }
}

/// How a call may reuse other calls' work: `cache` (serve and keep a fresh read) and `share`
/// (identical calls in flight run one request). Only plain reads qualify: a GET, not asking for
/// the answer's headers (`withResponse` always asks the server); a call with its own signal
/// runs alone (it may be cancelled without cancelling the others). The key is the request URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reuse {
    pub cache: bool,
    pub share: bool,
}

pub fn reuse(endpoint: &Endpoint, has_signal: bool, wants_headers: bool) -> Reuse {
    let cache = endpoint.method == Method::Get && !wants_headers;
    Reuse { cache, share: cache && !has_signal }
}
