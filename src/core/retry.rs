//! The retry decision as a pure function of the failure, the endpoint and time left
//! (WORKING-RULES.md, Retries). The binding sleeps; this only decides.

use super::endpoint::{Endpoint, RetryClass};

/// What went wrong with one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No HTTP answer (refused, reset, DNS).
    Network,
    /// An HTTP answer with this status.
    Status(u16),
}

/// Whether and when to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Retry { delay_ms: u64 },
    Stop,
}

/// First backoff step; doubled per retry.
pub const BASE_DELAY_MS: u64 = 250;
/// First backoff step after a 429 without `Retry-After`: rate windows are seconds long.
pub const RATE_LIMITED_BASE_DELAY_MS: u64 = 1_000;
/// Cap of one backoff step.
pub const MAX_BACKOFF_MS: u64 = 8_000;
/// Default longest `Retry-After` the SDK will sleep on (`maxRetryDelayMs`); longer asks fail at once.
pub const MAX_RETRY_AFTER_MS: u64 = 60_000;

/// What the retry decision needs to know besides the failure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    pub retries_done: u32,
    pub max_retries: u32,
    /// Longest wait the caller accepts between attempts.
    pub max_delay_ms: u64,
    /// Time left before the call's deadline.
    pub remaining_ms: u64,
}

/// Whether this endpoint may repeat after this failure.
pub fn retryable(class: RetryClass, failure: Failure) -> bool {
    match (class, failure) {
        (_, Failure::Status(429)) => true,
        (RetryClass::OnlyIfRefused, _) => false,
        (_, Failure::Network) => true,
        (RetryClass::Idempotent, Failure::Status(s)) => matches!(s, 500 | 502 | 503 | 504),
        // A slow query is not re-run after a 500 (it may still be running or have timed out).
        (RetryClass::SlowRead, Failure::Status(s)) => (502..=504).contains(&s),
    }
}

/// Decide after attempt number `budget.retries_done + 1` failed. `jitter` is a uniform sample in
/// `[0, 1)`, injected so tests need no randomness.
pub fn decide(endpoint: &Endpoint, failure: Failure, budget: Budget, retry_after_ms: Option<u64>, jitter: f64) -> Decision {
    if budget.retries_done >= budget.max_retries || !retryable(endpoint.retry, failure) {
        return Decision::Stop;
    }
    let delay_ms = match retry_after_ms {
        // Peers that slept on an unbounded Retry-After hung their users for days: fail at once.
        Some(ms) if ms > budget.max_delay_ms => return Decision::Stop,
        Some(ms) => ms,
        None => {
            let base = if failure == Failure::Status(429) { RATE_LIMITED_BASE_DELAY_MS } else { BASE_DELAY_MS };
            let step = base.saturating_mul(1u64 << budget.retries_done.min(16)).min(MAX_BACKOFF_MS).min(budget.max_delay_ms);
            // Full jitter: spreads the retries of many clients over the whole step.
            (step as f64 * jitter.clamp(0.0, 1.0)) as u64
        }
    };
    if delay_ms >= budget.remaining_ms {
        Decision::Stop
    } else {
        Decision::Retry { delay_ms }
    }
}
