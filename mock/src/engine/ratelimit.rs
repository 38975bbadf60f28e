//! Fixed-window rate buckets per token (CONTRACT.md §1.8), time injected.

use std::collections::{BTreeMap, HashMap};
use tmr_client::core::endpoint::Bucket;

#[derive(Debug, Clone, Default)]
struct Window {
    start_ms: u64,
    count: u32,
}

/// All buckets of all tokens, and the most any window admitted.
#[derive(Debug, Clone)]
pub struct RateLimits {
    windows: HashMap<(String, &'static str), Window>,
    /// Sorted by bucket: `/__mock/stats` answers alike on every transport (a HashMap's order
    /// differs between processes).
    pub max_admitted: BTreeMap<&'static str, u32>,
    /// Off (`--rate-limits off`): requests are counted but never refused, for contract fuzzing.
    pub enabled: bool,
    /// Window length factor (`--rate-window-scale`): 0.02 makes a minute 1.2 s, so tests of
    /// pacing over many windows run in seconds.
    pub scale: f64,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits { windows: HashMap::new(), max_admitted: BTreeMap::new(), enabled: true, scale: 1.0 }
    }
}

fn key(b: Bucket) -> &'static str {
    match b {
        Bucket::Default => "default",
        Bucket::RunQuery => "run-query",
        Bucket::Invite => "invite",
        Bucket::Avatar => "avatar",
    }
}

impl RateLimits {
    /// Count a request in its bucket and the default one; `Err(seconds to wait)` when over.
    pub fn admit(&mut self, token: &str, bucket: Bucket, now_ms: u64) -> Result<(), u64> {
        let buckets: &[Bucket] = if bucket == Bucket::Default { &[Bucket::Default] } else { &[bucket, Bucket::Default] };
        // Check all first so a refused request is counted nowhere.
        for b in buckets {
            let (limit, window_s) = b.limit();
            let window_ms = ((f64::from(window_s) * 1000.0 * self.scale) as u64).max(1);
            let w = self.windows.entry((token.to_owned(), key(*b))).or_default();
            if now_ms >= w.start_ms + window_ms {
                *w = Window { start_ms: now_ms, count: 0 };
            }
            if w.count >= limit && self.enabled {
                let wait_ms = w.start_ms + window_ms - now_ms;
                return Err(wait_ms.div_ceil(1000).max(1));
            }
        }
        for b in buckets {
            if let Some(w) = self.windows.get_mut(&(token.to_owned(), key(*b))) {
                w.count += 1;
                let m = self.max_admitted.entry(key(*b)).or_default();
                *m = (*m).max(w.count);
            }
        }
        Ok(())
    }
}
