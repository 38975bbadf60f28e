//! Client-side pacing: token buckets mirroring the API's documented limits (CONTRACT.md §1.8),
//! kept as sliding logs of send times so no window of the server's length ever holds more than
//! the limit, whatever the server's window alignment. Time is injected; the binding sleeps.

use super::endpoint::Bucket;
use std::collections::VecDeque;

/// One bucket's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub requests: u32,
    pub window_ms: u64,
}

/// The four buckets' limits. Defaults are the documented ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub default: Limit,
    pub run_query: Limit,
    pub invite: Limit,
    pub avatar: Limit,
    /// Added to every window: the server's window starts when a request *arrives*, a little after
    /// the client sent it, so the client keeps a margin.
    pub margin_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        let of = |b: Bucket| {
            let (requests, secs) = b.limit();
            Limit { requests, window_ms: u64::from(secs) * 1000 }
        };
        Limits {
            default: of(Bucket::Default),
            run_query: of(Bucket::RunQuery),
            invite: of(Bucket::Invite),
            avatar: of(Bucket::Avatar),
            margin_ms: 1000,
        }
    }
}

impl Limits {
    pub fn of(&self, b: Bucket) -> Limit {
        match b {
            Bucket::Default => self.default,
            Bucket::RunQuery => self.run_query,
            Bucket::Invite => self.invite,
            Bucket::Avatar => self.avatar,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Log {
    sent: VecDeque<u64>,
    blocked_until: u64,
}

/// The pacing state of one API key (shared by every client using that key in one JS realm).
#[derive(Debug, Clone)]
pub struct Pacer {
    limits: Limits,
    logs: [Log; 4],
}

fn index(b: Bucket) -> usize {
    match b {
        Bucket::Default => 0,
        Bucket::RunQuery => 1,
        Bucket::Invite => 2,
        Bucket::Avatar => 3,
    }
}

/// The buckets a request to `b` counts in: its own and the default one.
fn buckets(b: Bucket) -> &'static [Bucket] {
    match b {
        Bucket::Default => &[Bucket::Default],
        Bucket::RunQuery => &[Bucket::RunQuery, Bucket::Default],
        Bucket::Invite => &[Bucket::Invite, Bucket::Default],
        Bucket::Avatar => &[Bucket::Avatar, Bucket::Default],
    }
}

impl Pacer {
    pub fn new(limits: Limits) -> Pacer {
        Pacer { limits, logs: Default::default() }
    }

    /// A bucket's window plus the margin (at most a twentieth of short windows).
    fn window(&self, b: Bucket) -> u64 {
        let w = self.limits.of(b).window_ms;
        w + self.limits.margin_ms.min(w / 20)
    }

    /// Drop the sends that left `bucket`'s window by `now_ms`; the window and the limit.
    fn prune(&mut self, bucket: Bucket, now_ms: u64) -> (u64, usize) {
        let window = self.window(bucket);
        let limit = self.limits.of(bucket).requests as usize;
        let log = &mut self.logs[index(bucket)];
        while log.sent.front().is_some_and(|t| t.saturating_add(window) <= now_ms) {
            log.sent.pop_front();
        }
        (window, limit)
    }

    /// Milliseconds until a request to `bucket` may be sent (0 = now).
    pub fn wait_ms(&mut self, bucket: Bucket, now_ms: u64) -> u64 {
        buckets(bucket)
            .iter()
            .map(|b| {
                let (window, limit) = self.prune(*b, now_ms);
                let log = &self.logs[index(*b)];
                let full = match log.sent.len() {
                    n if n < limit => 0,
                    _ => log.sent.front().map_or(0, |t| t.saturating_add(window).saturating_sub(now_ms)),
                };
                full.max(log.blocked_until.saturating_sub(now_ms))
            })
            .max()
            .unwrap_or(0)
    }

    /// Take a slot for `bucket` at `now_ms`, or say how long to wait first.
    ///
    /// # Errors
    /// `Err(wait_ms)` when every slot of the window is taken (or a 429 drained the bucket).
    pub fn acquire(&mut self, bucket: Bucket, now_ms: u64) -> Result<(), u64> {
        match self.wait_ms(bucket, now_ms) {
            0 => {
                for b in buckets(bucket) {
                    self.logs[index(*b)].sent.push_back(now_ms);
                }
                Ok(())
            }
            wait => Err(wait),
        }
    }

    /// Whether `bucket`'s log has a free slot at `now_ms`.
    fn has_room(&mut self, bucket: Bucket, now_ms: u64) -> bool {
        let (_, limit) = self.prune(bucket, now_ms);
        let log = &self.logs[index(bucket)];
        log.sent.len() < limit && log.blocked_until <= now_ms
    }

    /// The bucket a 429 on an endpoint of `bucket` most likely came from: the endpoint's own when
    /// this client's log shows the default bucket with room (another process spent the endpoint's
    /// bucket), the default one otherwise.
    pub fn culprit(&mut self, bucket: Bucket, now_ms: u64) -> Bucket {
        if bucket != Bucket::Default && self.has_room(Bucket::Default, now_ms) {
            bucket
        } else {
            Bucket::Default
        }
    }

    /// A 429 arrived anyway (another process shares the key, say): block the bucket it most likely
    /// came from ([`Pacer::culprit`]) for `retry_after_ms`, or that bucket's whole window when the
    /// server did not say. Blocking only that bucket matters: an invite's 429 must not stall every
    /// endpoint of the key for the invite window. Returns the wait.
    pub fn drain(&mut self, bucket: Bucket, now_ms: u64, retry_after_ms: Option<u64>) -> u64 {
        let culprit = self.culprit(bucket, now_ms);
        let wait = retry_after_ms.unwrap_or_else(|| self.window(culprit));
        let log = &mut self.logs[index(culprit)];
        log.blocked_until = log.blocked_until.max(now_ms.saturating_add(wait));
        wait
    }
}
