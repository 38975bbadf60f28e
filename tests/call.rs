//! The call state machine with virtual time: pacing, retries, the deadline over every attempt
//! (queued time never counts, in-flight and backoff time always does), ambiguous writes, 429s.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::endpoint;
use tmr_client::core::call::{reuse, Call, Limits, Reuse, Step, TransportError};
use tmr_client::core::endpoint::Bucket;
use tmr_client::core::ratelimit::{self, Pacer};
use tmr_client::core::{Error, HttpResponse};

/// The documented answer of `name` in its envelope (data from tests/fixtures/responses.json).
fn fixture(name: &str) -> String {
    let all: serde_json::Value = serde_json::from_str(include_str!("fixtures/responses.json")).expect("fixtures parse");
    format!(r#"{{"success":true,"data":{}}}"#, all[name])
}

fn limits(timeout_ms: u64, max_retries: u32) -> Limits {
    Limits { timeout_ms, max_retries, max_retry_delay_ms: 60_000, max_wait_ms: 300_000 }
}

fn status(code: u16, retry_after: Option<&str>) -> HttpResponse {
    let body = format!(r#"{{"success":false,"error":{{"code":"INTERNAL_SERVER_ERROR","message":"HTTP {code}"}}}}"#);
    HttpResponse { status: code, retry_after: retry_after.map(str::to_owned), body: body.into_bytes(), received_ms: 0 }
}

fn ok(body: &str) -> HttpResponse {
    HttpResponse { status: 200, retry_after: None, body: body.as_bytes().to_vec(), received_ms: 0 }
}

fn code(step: &Step) -> &'static str {
    match step {
        Step::Fail(e) => e.code().as_str(),
        _ => "not a failure",
    }
}

#[test]
fn a_call_sends_at_once_and_resolves() {
    let mut call = Call::new(endpoint("teams.list"), limits(1_000, 2));
    let mut pacer = Pacer::new(ratelimit::Limits::default());
    assert_eq!(call.next(Some(&mut pacer), 0), Step::Send { attempt: 1, timeout_ms: 1_000 });
    let step = call.on_answer(&ok(r#"{"success":true,"data":[]}"#), Some(&mut pacer), 40, 0.5);
    assert!(matches!(step, Step::Done(_)), "{step:?}");
    assert_eq!(call.attempts(), 1);
}

#[test]
fn queued_time_never_counts_for_a_retry_either() {
    // teams.get with 1 s: a 503, a backoff, then the key's bucket is drained by another call's
    // 429 for 1 s. The retry waits in the queue and is still sent, with the deadline's remainder.
    let mut pacer = Pacer::new(ratelimit::Limits::default());
    let mut call = Call::new(endpoint("teams.get"), limits(1_000, 2));
    assert_eq!(call.next(Some(&mut pacer), 0), Step::Send { attempt: 1, timeout_ms: 1_000 });
    let Step::Backoff { delay_ms, .. } = call.on_answer(&status(503, None), Some(&mut pacer), 100, 0.5) else { panic!() };
    assert_eq!(delay_ms, 125);
    pacer.drain(Bucket::Default, 150, Some(1_000));
    assert_eq!(call.next(Some(&mut pacer), 225), Step::Queue { wait_ms: 925 });
    assert_eq!(call.remaining_ms(1_150), 775, "the queue does not eat the deadline");
    assert_eq!(call.next(Some(&mut pacer), 1_150), Step::Send { attempt: 2, timeout_ms: 775 });
    assert!(matches!(call.on_answer(&ok(&fixture("teams.get")), Some(&mut pacer), 1_200, 0.5), Step::Done(_)));
}

#[test]
fn an_invite_429_does_not_stall_the_other_endpoints() {
    let mut pacer = Pacer::new(ratelimit::Limits::default());
    let mut invite = Call::new(endpoint("invites.create"), limits(60_000, 2));
    assert!(matches!(invite.next(Some(&mut pacer), 0), Step::Send { .. }));
    let step = invite.on_answer(&status(429, None), Some(&mut pacer), 50, 0.5);
    assert_eq!(invite.take_drained(), Some(301_000));
    assert!(matches!(step, Step::Backoff { delay_ms: 0, .. }), "{step:?}");
    let step = invite.next(Some(&mut pacer), 50);
    assert_eq!(code(&step), "RATE_LIMITED", "the invite window is longer than the longest queue wait (300 s)");
    let mut get = Call::new(endpoint("teams.get"), limits(1_000, 2));
    assert_eq!(get.next(Some(&mut pacer), 60), Step::Send { attempt: 1, timeout_ms: 1_000 });
}

#[test]
fn the_deadline_is_never_overshot() {
    // Every step's allowance (send timeouts, backoff delays) fits in what the deadline has left,
    // whatever the answers and jitter; the call ends by the deadline.
    for seed in 0..200u64 {
        let mut rng = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let mut rand = || {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (rng >> 33) as f64 / (1u64 << 31) as f64
        };
        let mut call = Call::new(endpoint("teams.get"), limits(2_000, 10));
        let mut pacer = Pacer::new(ratelimit::Limits::default());
        let (mut now, mut counted) = (0u64, 0u64);
        let mut step = call.next(Some(&mut pacer), now);
        for _ in 0..50 {
            step = match step {
                Step::Send { timeout_ms, .. } => {
                    let took = (rand() * 1_500.0) as u64;
                    if took >= timeout_ms {
                        now += timeout_ms;
                        counted += timeout_ms;
                        call.on_transport_error(TransportError::Timeout, now, rand())
                    } else {
                        now += took;
                        counted += took;
                        let res = if rand() < 0.5 { status(503, None) } else { status(500, Some("0")) };
                        call.on_answer(&res, Some(&mut pacer), now, rand())
                    }
                }
                Step::Backoff { delay_ms, .. } => {
                    assert!(delay_ms < call.remaining_ms(now), "seed {seed}: backoff past the deadline");
                    now += delay_ms;
                    counted += delay_ms;
                    call.next(Some(&mut pacer), now)
                }
                Step::Queue { wait_ms } => {
                    now += wait_ms;
                    call.next(Some(&mut pacer), now)
                }
                Step::Refresh { .. } => panic!("seed {seed}: a refresh the call was not allowed"),
                Step::Done(_) | Step::Fail(_) => break,
            };
            assert!(counted <= 2_000, "seed {seed}: {counted} ms counted");
        }
        assert!(matches!(step, Step::Fail(_)), "seed {seed}: {step:?}");
    }
}

#[test]
fn transport_failures() {
    let e = endpoint("teams.list");
    let mut call = Call::new(e, limits(5_000, 2));
    call.next(None, 0);
    let net = TransportError::Network { message: "ECONNREFUSED".into() };
    assert!(matches!(call.on_transport_error(net.clone(), 10, 0.5), Step::Backoff { delay_ms: 125, .. }));
    assert_eq!(call.next(None, 135), Step::Send { attempt: 2, timeout_ms: 4_865 });
    assert_eq!(call.on_transport_error(TransportError::Aborted, 140, 0.5), Step::Fail(Error::Aborted));

    let mut call = Call::new(e, limits(5_000, 2));
    call.next(None, 0);
    assert_eq!(call.on_transport_error(TransportError::Timeout, 5_000, 0.5), Step::Fail(Error::Timeout { timeout_ms: 5_000 }));

    // An invite whose answer was lost is never repeated.
    let mut invite = Call::new(endpoint("invites.create"), limits(5_000, 2));
    invite.next(None, 0);
    assert_eq!(code(&invite.on_transport_error(net, 10, 0.5)), "AMBIGUOUS_WRITE");
    let mut invite = Call::new(endpoint("invites.create"), limits(5_000, 2));
    invite.next(None, 0);
    let step = invite.on_transport_error(TransportError::Timeout, 5_000, 0.5);
    assert_eq!(code(&step), "AMBIGUOUS_WRITE");
    assert!(matches!(&step, Step::Fail(e) if e.to_string().contains("no answer within 5000 ms")));

    // A run-query is not re-run after a 500.
    let mut query = Call::new(endpoint("data.runQuery"), limits(5_000, 2));
    query.next(None, 0);
    assert_eq!(code(&query.on_answer(&status(500, None), None, 10, 0.5)), "INTERNAL_SERVER_ERROR");
}

#[test]
fn retries_stop_at_the_budget_and_the_queue_at_max_wait() {
    let mut call = Call::new(endpoint("teams.list"), limits(60_000, 1));
    call.next(None, 0);
    assert!(matches!(call.on_answer(&status(503, None), None, 10, 0.0), Step::Backoff { delay_ms: 0, .. }));
    call.next(None, 10);
    assert_eq!(code(&call.on_answer(&status(503, None), None, 20, 0.0)), "INTERNAL_SERVER_ERROR", "one retry allowed");

    let mut pacer = Pacer::new(ratelimit::Limits::default());
    pacer.drain(Bucket::Default, 0, Some(10_000));
    let mut call = Call::new(endpoint("teams.list"), Limits { max_wait_ms: 5_000, ..limits(60_000, 2) });
    assert_eq!(call.next(Some(&mut pacer), 0), Step::Fail(Error::RateLimited { retry_after_ms: 10_000 }));
    let mut call = Call::new(endpoint("teams.list"), Limits { max_wait_ms: 15_000, ..limits(60_000, 2) });
    assert_eq!(call.next(Some(&mut pacer), 0), Step::Queue { wait_ms: 10_000 });
    assert_eq!(call.next(Some(&mut pacer), 10_000), Step::Send { attempt: 1, timeout_ms: 60_000 });
}

#[test]
fn only_plain_reads_reuse_other_calls_work() {
    assert_eq!(reuse(endpoint("teams.get"), false, false), Reuse { cache: true, share: true });
    assert_eq!(reuse(endpoint("teams.get"), true, false), Reuse { cache: true, share: false }, "its own signal: runs alone");
    assert_eq!(reuse(endpoint("teams.get"), false, true), Reuse { cache: false, share: false }, "withResponse asks the server");
    assert_eq!(reuse(endpoint("teams.rename"), false, false), Reuse { cache: false, share: false });
}

#[test]
fn a_request_that_was_never_sent_fails_at_once_and_is_never_ambiguous() {
    for name in ["teams.list", "invites.create"] {
        let mut call = Call::new(endpoint(name), limits(5_000, 2));
        call.next(None, 0);
        let step = call.on_transport_error(TransportError::NotSent { message: "no global fetch".into() }, 1, 0.5);
        assert_eq!(code(&step), "NETWORK_ERROR", "{name}");
    }
}

#[test]
fn a_429_under_pacing_waits_in_the_queue_not_in_the_deadline() {
    // No Retry-After: the drained window (61 s) is longer than the retry-delay cap, yet the call
    // waits for it in the queue and goes on, with its whole deadline.
    let mut pacer = Pacer::new(ratelimit::Limits::default());
    let mut call = Call::new(endpoint("teams.list"), limits(10_000, 2));
    assert!(matches!(call.next(Some(&mut pacer), 0), Step::Send { .. }));
    assert_eq!(
        call.on_answer(&status(429, None), Some(&mut pacer), 100, 0.5),
        Step::Backoff {
            delay_ms: 0,
            error: match call.on_answer(&status(429, None), None, 100, 0.5) {
                Step::Backoff { error, .. } | Step::Fail(error) => error,
                other => panic!("{other:?}"),
            }
        }
    );
    assert_eq!(call.take_drained(), Some(61_000));
    assert_eq!(call.next(Some(&mut pacer), 100), Step::Queue { wait_ms: 61_000 });
    assert_eq!(call.next(Some(&mut pacer), 61_100), Step::Send { attempt: 2, timeout_ms: 9_900 });
    // A server asking for longer than the cap still fails at once, with when to come back.
    let mut call = Call::new(endpoint("teams.list"), limits(10_000, 2));
    call.next(Some(&mut pacer), 61_100);
    assert!(matches!(
        call.on_answer(&status(429, Some("120")), Some(&mut pacer), 61_200, 0.5),
        Step::Fail(Error::Api { retry_after_ms: Some(120_000), .. })
    ));
}

#[test]
fn absurd_retry_after_values_do_not_overflow() {
    let mut pacer = Pacer::new(ratelimit::Limits::default());
    let mut call = Call::new(endpoint("teams.list"), limits(10_000, 2));
    call.next(Some(&mut pacer), 0);
    let step = call.on_answer(&status(429, Some("18446744073709551")), Some(&mut pacer), 10, 0.5);
    assert!(matches!(step, Step::Fail(_)), "{step:?}");
    assert!(pacer.acquire(Bucket::Default, 20).is_err(), "the key waits (as long as the server said)");
    pacer.drain(Bucket::Default, u64::MAX - 5, Some(u64::MAX));
}

#[test]
fn a_401_gets_one_token_refresh_that_is_not_a_retry() {
    let create = tmr_client::outlign_endpoint!("outlign.clients.create");
    let refused = HttpResponse { status: 401, retry_after: None, body: br#"{"message":"Unauthenticated."}"#.to_vec(), received_ms: 0 };
    // Without a refresher, a 401 is final.
    let mut call = Call::new(create, limits(10_000, 2));
    call.next(None, 0);
    assert_eq!(code(&call.on_answer(&refused, None, 10, 0.5)), "UNAUTHORIZED");
    // With one, even a write with no retries left is sent again once, and the time spent getting
    // the token counts against the deadline.
    let mut call = Call::new(create, limits(10_000, 0));
    call.allow_refresh();
    call.next(None, 0);
    match call.on_answer(&refused, None, 100, 0.5) {
        Step::Refresh { error } => assert_eq!(error.status(), Some(401)),
        other => panic!("{other:?}"),
    }
    assert_eq!(call.next(None, 1_100), Step::Send { attempt: 2, timeout_ms: 8_900 });
    // A second 401 is final.
    assert_eq!(code(&call.on_answer(&refused, None, 1_200, 0.5)), "UNAUTHORIZED");
    // After a refresh, a 503 on a read still has its retries.
    let get = tmr_client::outlign_endpoint!("outlign.clients.get");
    let mut call = Call::new(get, limits(10_000, 1));
    call.allow_refresh();
    call.next(None, 0);
    assert!(matches!(call.on_answer(&refused, None, 10, 0.5), Step::Refresh { .. }));
    call.next(None, 20);
    let unavailable = HttpResponse { status: 503, retry_after: None, body: b"<html>down</html>".to_vec(), received_ms: 0 };
    assert!(matches!(call.on_answer(&unavailable, None, 30, 0.0), Step::Backoff { .. }));
}
