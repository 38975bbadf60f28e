//! The settings of one client, whichever face built them (the Rust builder or the JS options).

use super::auth::Auth;
use super::observer::Observer;
use super::pacing::Pacing;
use crate::core::cache::Cache;
use crate::core::Config;
use js_sys::Function;
use std::cell::RefCell;
use std::rc::Rc;

/// Everything a client decides once: where and how to send, pacing, retries, cache, hooks.
pub struct Settings {
    pub config: Config,
    /// Client-side pacing (`None`: off).
    pub pacing: Option<Pacing>,
    /// Longest wait between attempts, `Retry-After` included.
    pub max_retry_delay_ms: u64,
    /// Opt-in read cache.
    pub cache: Option<RefCell<Cache>>,
    /// The caller's `fetch` (`None`: the global one, looked up at each call).
    pub fetch: Option<Function>,
    /// Hooks and logging.
    pub observer: Option<Rc<dyn Observer>>,
    /// A bearer token that can change (Outlign's OAuth token; `None`: the config's key, fixed).
    pub auth: Option<Rc<Auth>>,
}
