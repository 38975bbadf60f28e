//! What a client can hear about its calls: hooks and logging, as one trait the driver calls.

use crate::core::proxy::Refusal;
use crate::core::{Endpoint, Error};

/// What a client wants to hear about its calls (hooks and logging). Every method has a default
/// that does nothing.
pub trait Observer {
    /// Before each attempt is sent.
    fn request(&self, _endpoint: &Endpoint, _url: &str, _attempt: u32) {}
    /// When an attempt ends (`status` `None` when no HTTP answer came).
    fn response(&self, _endpoint: &Endpoint, _status: Option<u16>, _duration_ms: f64, _attempt: u32) {}
    /// Before sleeping for a retry.
    fn retry(&self, _endpoint: &Endpoint, _attempt: u32, _delay_ms: u64, _error: &Error) {}
    /// When a call waits for a rate-limit slot (`after_429`: a 429 drained the bucket).
    fn rate_limit(&self, _endpoint: &Endpoint, _wait_ms: u64, _after_429: bool) {}
    /// When a call fails for good.
    fn failed(&self, _endpoint: &Endpoint, _error: &Error) {}
    /// When a read is served from the cache.
    fn cache_hit(&self, _endpoint: &Endpoint, _url: &str) {}
    /// When the proxy answers a page request itself (`path` as the page sent it).
    fn proxy_refused(&self, _method: &str, _path: &str, _refusal: &Refusal) {}
    /// When the proxy's `authorize` failed (threw or rejected) for a request to `endpoint`.
    fn proxy_authorize_failed(&self, _endpoint: &Endpoint, _why: &str) {}
}
