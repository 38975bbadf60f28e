//! Client-side pacing with virtual time: no window of the server's length ever holds more than
//! the limit, per bucket; a 429 drains; waits are exact.
#![cfg(not(target_arch = "wasm32"))]

use tmr_client::core::endpoint::Bucket;
use tmr_client::core::ratelimit::{Limit, Limits, Pacer};

/// Send `n` requests to `bucket` as fast as the pacer allows; return the send times.
fn burst(p: &mut Pacer, bucket: Bucket, n: usize, mut now: u64) -> Vec<u64> {
    let mut sent = Vec::new();
    while sent.len() < n {
        match p.acquire(bucket, now) {
            Ok(()) => sent.push(now),
            Err(wait) => {
                assert!(wait > 0);
                now += wait;
            }
        }
    }
    sent
}

/// The most sends any window of `window_ms` (aligned anywhere) contains.
fn max_in_window(sent: &[u64], window_ms: u64) -> usize {
    sent.iter().map(|start| sent.iter().filter(|t| **t >= *start && **t < start + window_ms).count()).max().unwrap_or(0)
}

#[test]
fn a_burst_of_500_never_exceeds_120_per_minute() {
    let mut p = Pacer::new(Limits::default());
    let sent = burst(&mut p, Bucket::Default, 500, 1_000);
    assert_eq!(max_in_window(&sent, 60_000), 120);
    assert_eq!(sent[119], 1_000, "the first 120 go at once");
    assert_eq!(sent[120], 1_000 + 61_000, "then a window (plus the margin) later");
    assert!(sent[499] < 1_000 + 5 * 61_000);
}

#[test]
fn own_buckets_count_in_the_default_too() {
    let invites = burst(&mut Pacer::new(Limits::default()), Bucket::Invite, 16, 0);
    assert_eq!(max_in_window(&invites, 300_000), 15);
    assert_eq!(invites[15], 301_000);
    // 15 invites also use 15 of the 120 default slots.
    let mut p = Pacer::new(Limits::default());
    burst(&mut p, Bucket::Invite, 15, 0);
    assert_eq!(burst(&mut p, Bucket::Default, 105, 0).last(), Some(&0));
    assert_eq!(p.acquire(Bucket::Default, 0), Err(61_000));
    let queries = burst(&mut Pacer::new(Limits::default()), Bucket::RunQuery, 31, 0);
    assert_eq!(queries[30], 61_000);
    assert_eq!(max_in_window(&burst(&mut Pacer::new(Limits::default()), Bucket::Avatar, 25, 0), 300_000), 10);
}

#[test]
fn a_429_drains_the_bucket() {
    let mut p = Pacer::new(Limits::default());
    assert_eq!(p.acquire(Bucket::Default, 0), Ok(()));
    assert_eq!(p.drain(Bucket::Default, 10, Some(5_000)), 5_000);
    assert_eq!(p.acquire(Bucket::Default, 10), Err(5_000));
    assert_eq!(p.acquire(Bucket::Default, 5_010), Ok(()));
    assert_eq!(p.drain(Bucket::RunQuery, 6_000, None), 61_000, "no Retry-After: the run-query window");
    assert_eq!(p.acquire(Bucket::RunQuery, 6_000), Err(61_000));
    assert_eq!(p.acquire(Bucket::Default, 6_000), Ok(()), "the default bucket had room: the 429 was run-query's own");
}

#[test]
fn a_429_is_charged_to_the_bucket_it_most_likely_came_from() {
    // An invite's 429 without Retry-After while the default bucket has room: only invites wait
    // (for the invite window); every other endpoint of the key goes on.
    let mut p = Pacer::new(Limits::default());
    assert_eq!(p.acquire(Bucket::Invite, 0), Ok(()));
    assert_eq!(p.culprit(Bucket::Invite, 10), Bucket::Invite);
    assert_eq!(p.drain(Bucket::Invite, 10, None), 301_000);
    assert_eq!(p.acquire(Bucket::Default, 10), Ok(()));
    assert_eq!(p.acquire(Bucket::RunQuery, 10), Ok(()));
    assert_eq!(p.acquire(Bucket::Invite, 10), Err(301_000));
    // The default bucket full in this client's own log: the 429 is the default bucket's, and it
    // holds every endpoint for the default window.
    let mut p = Pacer::new(Limits::default());
    burst(&mut p, Bucket::Default, 119, 0);
    assert_eq!(p.acquire(Bucket::Invite, 0), Ok(()));
    assert_eq!(p.culprit(Bucket::Invite, 10), Bucket::Default);
    assert_eq!(p.drain(Bucket::Invite, 10, None), 61_000);
    assert_eq!(p.acquire(Bucket::RunQuery, 10), Err(61_000));
    assert_eq!(p.drain(Bucket::Default, 10, Some(2_000)), 2_000, "a default-bucket 429 is always the default's");
}

#[test]
fn custom_limits() {
    let limits = Limits { default: Limit { requests: 5, window_ms: 1_000 }, margin_ms: 0, ..Limits::default() };
    let mut p = Pacer::new(limits);
    let sent = burst(&mut p, Bucket::Default, 12, 0);
    assert_eq!(sent, [0, 0, 0, 0, 0, 1_000, 1_000, 1_000, 1_000, 1_000, 2_000, 2_000]);
}
