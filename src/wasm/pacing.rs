//! One `Pacer` per API key (and base URL and limits) in this wasm instance, shared by every client
//! using that key (the driver asks it before each attempt and waits as it says).

use crate::core::ratelimit::{Limits, Pacer};
use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

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
