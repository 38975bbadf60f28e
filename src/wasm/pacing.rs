//! One `Pacer` per API key (and base URL and limits) in this JS realm, shared by every client
//! using that key; waiting for a slot is cancellable and bounded.

use super::error::Failure;
use super::hooks::Hooks;
use super::timer::sleep;
use crate::core::endpoint::Bucket;
use crate::core::ratelimit::{Limits, Pacer};
use crate::core::Error;
use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use web_sys::AbortSignal;

/// Pacing settings of a client.
#[derive(Debug, Clone)]
pub struct Pacing {
    pub pacer: Rc<RefCell<Pacer>>,
    /// Longest a call waits in the queue before failing with `RATE_LIMITED`.
    pub max_wait_ms: u64,
}

thread_local! {
    // Keyed by a hash, so the registry holds no copy of any key.
    static PACERS: RefCell<HashMap<u64, Rc<RefCell<Pacer>>>> = RefCell::new(HashMap::new());
}

/// The shared pacer of `(base_url, api_key, limits)`.
pub fn shared(base_url: &str, api_key: &str, limits: Limits) -> Rc<RefCell<Pacer>> {
    let mut h = DefaultHasher::new();
    (base_url, api_key, format!("{limits:?}")).hash(&mut h);
    let id = h.finish();
    PACERS.with(|m| m.borrow_mut().entry(id).or_insert_with(|| Rc::new(RefCell::new(Pacer::new(limits)))).clone())
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// Wait for a slot in `bucket`: at once when free, else sleep (cancellable) and try again.
///
/// # Errors
/// `ABORTED` when the signal fires while waiting; `RATE_LIMITED` when the wait would pass `max_wait_ms`.
pub async fn slot(pacing: &Pacing, bucket: Bucket, endpoint: &str, signal: Option<&AbortSignal>, hooks: &Hooks) -> Result<(), Failure> {
    let started = now();
    loop {
        let wait = match pacing.pacer.borrow_mut().acquire(bucket, now()) {
            Ok(()) => return Ok(()),
            Err(wait) => wait,
        };
        let waited = now().saturating_sub(started);
        if waited + wait > pacing.max_wait_ms {
            return Err(Error::RateLimited { retry_after_ms: wait }.into());
        }
        hooks.rate_limit(endpoint, wait, false);
        if !sleep(wait, signal).await {
            return Err(Error::Aborted.into());
        }
    }
}
