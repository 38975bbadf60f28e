//! The retry decision table (virtual time: jitter and time left are inputs).
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::endpoint;
use tmr_client::core::retry::{decide as decide_budget, Budget, Decision, Failure, MAX_BACKOFF_MS, MAX_RETRY_AFTER_MS};
use tmr_client::core::Endpoint;

/// The old positional form, with the default longest delay.
fn decide(
    e: &Endpoint,
    f: Failure,
    retries_done: u32,
    max_retries: u32,
    retry_after: Option<u64>,
    jitter: f64,
    remaining_ms: u64,
) -> Decision {
    decide_budget(e, f, Budget { retries_done, max_retries, max_delay_ms: MAX_RETRY_AFTER_MS, remaining_ms }, retry_after, jitter)
}

const LOTS: u64 = 1_000_000;

#[test]
fn which_failures_retry_for_which_endpoints() {
    let statuses = [400, 401, 402, 403, 404, 409, 413, 422, 429, 500, 502, 503, 504];
    let expect = |name: &str, f: Failure| -> bool {
        match (name, f) {
            (_, Failure::Status(429)) => true,
            ("invites.create", _) => false,
            ("data.runQuery", Failure::Status(500)) => false,
            (_, Failure::Network) => true,
            (_, Failure::Status(s)) => [500, 502, 503, 504].contains(&s),
        }
    };
    for name in ["teams.get", "members.updateRole", "clients.linkAccount", "connectors.enableAccount", "invites.create", "data.runQuery"] {
        let e = endpoint(name);
        for f in statuses.iter().map(|s| Failure::Status(*s)).chain([Failure::Network]) {
            let d = decide(e, f, 0, 2, None, 0.5, LOTS);
            assert_eq!(matches!(d, Decision::Retry { .. }), expect(name, f), "{name} {f:?}");
        }
    }
}

#[test]
fn budget_backoff_and_deadline() {
    let e = endpoint("teams.get");
    assert_eq!(decide(e, Failure::Network, 2, 2, None, 0.5, LOTS), Decision::Stop, "budget spent");
    assert_eq!(decide(e, Failure::Network, 0, 0, None, 0.5, LOTS), Decision::Stop, "maxRetries 0");
    assert_eq!(decide(e, Failure::Network, 0, 2, None, 0.999, LOTS), Decision::Retry { delay_ms: 249 });
    assert_eq!(decide(e, Failure::Network, 1, 5, None, 0.5, LOTS), Decision::Retry { delay_ms: 250 });
    assert_eq!(decide(e, Failure::Network, 0, 2, None, 0.0, LOTS), Decision::Retry { delay_ms: 0 }, "full jitter reaches 0");
    assert_eq!(decide(e, Failure::Network, 9, 10, None, 1.0, LOTS), Decision::Retry { delay_ms: MAX_BACKOFF_MS }, "capped");
    assert_eq!(decide(e, Failure::Status(429), 0, 2, None, 0.5, LOTS), Decision::Retry { delay_ms: 500 }, "429 starts at 1 s");
    assert_eq!(decide(e, Failure::Status(429), 0, 2, Some(3_000), 0.5, LOTS), Decision::Retry { delay_ms: 3_000 }, "Retry-After wins");
    assert_eq!(decide(e, Failure::Status(429), 0, 2, Some(61_000), 0.5, LOTS), Decision::Stop, "too long an ask fails at once");
    assert_eq!(decide(e, Failure::Status(503), 0, 2, Some(3_000), 0.5, 2_000), Decision::Stop, "would pass the deadline");
}

#[test]
fn max_retry_delay_bounds_retry_after_and_backoff() {
    let e = endpoint("teams.get");
    let b = |max_delay_ms| Budget { retries_done: 3, max_retries: 5, max_delay_ms, remaining_ms: LOTS };
    assert_eq!(decide_budget(e, Failure::Status(429), b(5_000), Some(5_001), 0.5), Decision::Stop);
    assert_eq!(decide_budget(e, Failure::Status(429), b(5_000), Some(5_000), 0.5), Decision::Retry { delay_ms: 5_000 });
    assert_eq!(decide_budget(e, Failure::Network, b(100), None, 1.0), Decision::Retry { delay_ms: 100 }, "backoff capped too");
}
