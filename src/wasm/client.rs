//! The Rust API for Rust wasm apps (Leptos, Yew, Dioxus, `wasm-pack test` suites): the same
//! groups and methods as the JS `TmrClient`, as async functions returning the core's typed models
//! and [`Error`](crate::core::Error).
//!
//! ```no_run
//! # async fn demo() -> Result<(), tmr_client::Error> {
//! use tmr_client::{Options, TmrClient};
//! let tmr = TmrClient::new(Options::new("tmrc_live_…").base_url("http://127.0.0.1:4010"))?;
//! for team in tmr.teams().list().await? {
//!     let members = tmr.members().list(&team.id).await?;
//!     println!("{}: {} members", team.name.as_deref().unwrap_or("(unnamed)"), members.len());
//! }
//! # Ok(()) }
//! ```

use super::driver::CallOptions;
use super::observer::Observer;
use super::pacing::{shared, Pacing};
use super::rows::QueryBatches;
use super::session::Session;
use super::settings::Settings;
use crate::core::cache::Cache;
use crate::core::ratelimit::Limits;
use crate::core::{Config, Endpoint, Error};
use js_sys::Function;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// Default longest wait for a rate-limit slot: the longest documented window.
pub const DEFAULT_MAX_WAIT_MS: u64 = 300_000;

/// How a client paces its requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimit {
    /// Token buckets per API key with these limits, shared by every client using the key in this
    /// wasm instance; a call waits at most `max_wait_ms` for a slot.
    Paced { limits: Limits, max_wait_ms: u64 },
    /// No client-side pacing.
    Off,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit::Paced { limits: Limits::default(), max_wait_ms: DEFAULT_MAX_WAIT_MS }
    }
}

/// Options of [`TmrClient::new`]: the API key, then builder methods for the rest.
pub struct Options {
    api_key: String,
    base_url: Option<String>,
    timeout_ms: Option<u64>,
    max_retries: Option<u32>,
    max_retry_delay_ms: u64,
    rate_limit: RateLimit,
    cache_ttl_ms: Option<u64>,
    fetch: Option<Function>,
    observer: Option<Rc<dyn Observer>>,
    dangerously_allow_browser: bool,
    /// Whether [`Options::rate_limit`] was called (a proxy's default wait is shorter).
    rate_limit_set: bool,
}

impl Options {
    /// Options with `api_key`. An empty key is allowed only with a [`base_url`](Self::base_url)
    /// that is not the official API: a proxy that adds the key (`tmr-client/proxy`); such a client
    /// sends no `Authorization` header.
    pub fn new(api_key: impl Into<String>) -> Options {
        Options {
            api_key: api_key.into(),
            base_url: None,
            timeout_ms: None,
            max_retries: None,
            max_retry_delay_ms: crate::core::retry::MAX_RETRY_AFTER_MS,
            rate_limit: RateLimit::default(),
            cache_ttl_ms: None,
            fetch: None,
            observer: None,
            dangerously_allow_browser: false,
            rate_limit_set: false,
        }
    }
    /// Default `https://api.twominutereports.com/v1`; `http://` only for loopback (or for a
    /// keyless client). In a browser or worker, a relative URL (`/api/tmr`) resolves against the
    /// page's location.
    pub fn base_url(mut self, url: impl Into<String>) -> Options {
        self.base_url = Some(url.into());
        self
    }
    /// Allow a key in a browser or worker realm, where every visitor of the page can read it.
    /// Without this, [`TmrClient::new`] refuses a key there unless the base URL is on a loopback
    /// host: keep the key on a server behind `tmr-client/proxy` instead.
    pub fn dangerously_allow_browser(mut self, allow: bool) -> Options {
        self.dangerously_allow_browser = allow;
        self
    }
    /// Deadline of each call over all its attempts (default 60 s, run-query 6 min).
    pub fn timeout_ms(mut self, ms: u64) -> Options {
        self.timeout_ms = Some(ms);
        self
    }
    /// Retries after a failure where repeating is safe (default 2, at most 10).
    pub fn max_retries(mut self, n: u32) -> Options {
        self.max_retries = Some(n);
        self
    }
    /// Longest wait between attempts, `Retry-After` included (default 60 s).
    pub fn max_retry_delay_ms(mut self, ms: u64) -> Options {
        self.max_retry_delay_ms = ms;
        self
    }
    pub fn rate_limit(mut self, rate_limit: RateLimit) -> Options {
        self.rate_limit = rate_limit;
        self.rate_limit_set = true;
        self
    }
    /// Keep GET answers for `ttl_ms`, dropped by the writes that change them.
    pub fn cache_ttl_ms(mut self, ttl_ms: u64) -> Options {
        self.cache_ttl_ms = Some(ttl_ms);
        self
    }
    /// A JS function with the global fetch's signature, called as `fetch(url, init)`.
    pub fn fetch(mut self, fetch: Function) -> Options {
        self.fetch = Some(fetch);
        self
    }
    /// Hooks into every call (requests, answers, retries, waits).
    pub fn observer(mut self, observer: Rc<dyn Observer>) -> Options {
        self.observer = Some(observer);
        self
    }

    /// Whether a key was given.
    pub(crate) fn has_key(&self) -> bool {
        !self.api_key.is_empty()
    }

    /// A proxy's default where the options leave it: `ms` as the longest wait for a rate-limit slot.
    pub(crate) fn proxy_defaults(mut self, ms: u64) -> Options {
        if !self.rate_limit_set {
            self.rate_limit = RateLimit::Paced { limits: Limits::default(), max_wait_ms: ms };
        }
        self
    }

    /// Check everything and make the client's settings.
    pub(crate) fn into_settings(self) -> Result<Settings, Error> {
        use crate::core::config::timeout;
        let base_url = self.base_url.as_deref().map(super::realm::resolve);
        let config = Config::new(&self.api_key, base_url.as_deref(), self.timeout_ms.map(|t| t as f64), self.max_retries.map(f64::from))?;
        if super::realm::is_browser() {
            crate::core::config::browser_guard(&config, self.dangerously_allow_browser)?;
        }
        if self.max_retry_delay_ms != 0 {
            timeout("maxRetryDelayMs", self.max_retry_delay_ms as f64)?;
        }
        let pacing = match self.rate_limit {
            RateLimit::Off => None,
            RateLimit::Paced { limits, max_wait_ms } => {
                for (name, limit) in
                    [("default", limits.default), ("runQuery", limits.run_query), ("invite", limits.invite), ("avatar", limits.avatar)]
                {
                    if !(1..=1_000_000).contains(&limit.requests) {
                        return Err(Error::invalid(format!(
                            "rateLimit.{name}.requests must be an integer from 1 to 1000000; got {}",
                            limit.requests
                        )));
                    }
                    timeout(&format!("rateLimit.{name}.windowMs"), limit.window_ms as f64)?;
                }
                if max_wait_ms != 0 {
                    timeout("rateLimit.maxWaitMs", max_wait_ms as f64)?;
                }
                Some(Pacing { pacer: shared(config.base_url(), config.api_key(), limits), max_wait_ms })
            }
        };
        let cache = self.cache_ttl_ms.map(|ttl| timeout("cache.ttlMs", ttl as f64).map(|t| RefCell::new(Cache::new(t)))).transpose()?;
        Ok(Settings {
            config,
            pacing,
            max_retry_delay_ms: self.max_retry_delay_ms,
            cache,
            fetch: self.fetch,
            observer: self.observer,
            auth: None,
        })
    }
}

/// A client of the TMR API v1. Cheap to clone (the clones share pacing, cache and calls in flight).
#[derive(Clone)]
pub struct TmrClient {
    session: Rc<Session>,
}

impl std::fmt::Debug for TmrClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TmrClient").field("base_url", &self.base_url()).finish_non_exhaustive()
    }
}

impl TmrClient {
    /// A client; no I/O.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` naming the option.
    pub fn new(options: Options) -> Result<TmrClient, Error> {
        Ok(TmrClient { session: Rc::new(Session::new(options.into_settings()?)) })
    }

    /// The base URL in use (never the key).
    pub fn base_url(&self) -> &str {
        self.session.settings.config.base_url()
    }

    /// The same groups with per-call options (an `AbortSignal`, a timeout, a retry budget).
    pub fn with(&self, options: CallOptions) -> Calls<'_> {
        Calls { session: &self.session, options }
    }

    fn calls(&self) -> Calls<'_> {
        self.with(CallOptions::default())
    }
}

/// The groups of a client, with the options their calls use.
#[derive(Clone)]
pub struct Calls<'a> {
    session: &'a Rc<Session>,
    options: CallOptions,
}

impl Calls<'_> {
    /// Run `endpoint` and read its `data` as `T`.
    pub(super) async fn run<T: DeserializeOwned>(
        &self,
        endpoint: &'static Endpoint,
        args: &[Value],
        file: Option<&[u8]>,
    ) -> Result<T, Error> {
        let answer = self.session.call(endpoint, args, file, self.options.clone()).await.map_err(|f| f.error)?;
        serde_json::from_str(answer.data_text()).map_err(|e| Error::InvalidResponse { status: answer.status, message: e.to_string() })
    }

    /// The batches of rows of `endpoint` (run-query) called with `args`.
    pub(super) fn batches(&self, endpoint: &'static Endpoint, args: &[Value], batch_size: usize) -> Result<QueryBatches, Error> {
        let batch_size = crate::core::rows::batch_size("batch_size", batch_size as f64)?;
        QueryBatches::new(self.session.clone(), endpoint, args, self.options.clone(), batch_size)
    }
}

macro_rules! groups {
    ($($group:ident => $name:ident),* $(,)?) => {
        $(
            #[doc = concat!("The `", stringify!($name), "` group: each method takes the group by value, so")]
            /// its future borrows only the client (store it, join it, select on it).
            #[derive(Clone)]
            pub struct $group<'a>(pub(super) Calls<'a>);
        )*
        impl TmrClient {
            $(pub fn $name(&self) -> $group<'_> { $group(self.calls()) })*
        }
        impl<'a> Calls<'a> {
            $(pub fn $name(&self) -> $group<'a> { $group(self.clone()) })*
        }
    };
}

groups! {
    Users => users, Teams => teams, Members => members, Invites => invites, Connections => connections,
    Clients => clients, Connectors => connectors, Data => data, Platform => platform,
}
