//! A client's state between calls and the way every call goes: the read cache, identical
//! concurrent reads sharing one request, then the driver; writes drop what they made stale.

use super::driver::{self, CallOptions};
use super::error::Failure;
use super::received::Answer;
use super::settings::Settings;
use super::share::Shared;
use super::timer::now;
use crate::core::call::reuse;
use crate::core::endpoint::Method;
use crate::core::{request, Endpoint, HttpRequest};
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// What a shared read hands every caller that asked for it.
type Outcome = Result<Rc<Answer>, Failure>;

/// One client's settings and the reads it has in flight.
pub struct Session {
    pub settings: Settings,
    /// Reads in flight by URL (a handful at most: a list beats a hash map in code and time).
    inflight: RefCell<Vec<(String, Shared<Outcome>)>>,
}

impl Session {
    pub fn new(settings: Settings) -> Session {
        Session { settings, inflight: RefCell::default() }
    }

    /// Call `endpoint` with its positional arguments (path parameters, then the input; `file`
    /// carries an avatar's bytes): check them, build the request, and run it.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` before anything is sent, or the call's final error.
    pub async fn call(
        &self,
        endpoint: &'static Endpoint,
        args: &[Value],
        file: Option<&[u8]>,
        opts: CallOptions,
    ) -> Result<Rc<Answer>, Failure> {
        let request = request::build(&self.settings.config, endpoint, args, file)?;
        let params: Vec<&str> = args.iter().take(endpoint.path_params().count()).filter_map(Value::as_str).collect();
        self.send(endpoint, &request, &params, opts).await
    }

    /// Run a request already built (and checked) for `endpoint` until its answer's head: a 2xx
    /// answer comes back open, its body to read as it arrives (never cached or shared).
    ///
    /// # Errors
    /// The call's final error, up to the body's first bytes.
    pub async fn open(&self, endpoint: &'static Endpoint, request: &HttpRequest, opts: &CallOptions) -> Result<driver::Opened, Failure> {
        driver::open(&self.settings, endpoint, request, opts).await
    }

    /// Run a request already built (and checked) for `endpoint` whose path parameters are
    /// `params`: from the cache, shared with an identical read in flight, or through the driver.
    ///
    /// # Errors
    /// The call's final error.
    pub async fn send(
        &self,
        endpoint: &'static Endpoint,
        request: &HttpRequest,
        params: &[&str],
        opts: CallOptions,
    ) -> Result<Rc<Answer>, Failure> {
        let url = request.url.as_str();
        let reuse = reuse(endpoint, opts.signal.is_some(), opts.want_headers);
        if reuse.cache {
            if let Some(json) = self.settings.cache.as_ref().and_then(|c| c.borrow_mut().get(url, now() as u64)) {
                if let Some(o) = &self.settings.observer {
                    o.cache_hit(endpoint, url);
                }
                return Ok(Rc::new(Answer::from_json(json, 200)));
            }
        }
        // Identical concurrent reads wait for the one in flight; the first of them runs it.
        let leader = if reuse.share {
            let running = self.inflight.borrow().iter().find(|(u, _)| u == url).map(|(_, s)| s.clone());
            if let Some(shared) = running {
                return shared.wait().await;
            }
            let shared = Shared::default();
            self.inflight.borrow_mut().push((url.to_owned(), shared.clone()));
            Some(Leader { session: self, shared })
        } else {
            None
        };
        let outcome = driver::run(&self.settings, endpoint, request, &opts).await.map(Rc::new);
        if let Ok(answer) = &outcome {
            self.remember(endpoint, url, params, answer);
        }
        if let Some(leader) = leader {
            leader.publish(outcome.clone());
        }
        outcome
    }

    /// After a success: keep a read, or drop what a write made stale.
    fn remember(&self, endpoint: &Endpoint, url: &str, params: &[&str], answer: &Answer) {
        let Some(cache) = &self.settings.cache else { return };
        let mut cache = cache.borrow_mut();
        if endpoint.method == Method::Get {
            cache.put(url, answer.data_text(), now() as u64);
        } else {
            cache.invalidate(self.settings.config.base_url(), endpoint, params);
        }
    }
}

/// The call that runs a shared read. It hands its outcome to the others; dropped unfinished (a
/// Rust caller's `select!`), it still releases them, with `ABORTED`, so no read waits forever.
struct Leader<'a> {
    session: &'a Session,
    shared: Shared<Outcome>,
}

impl Leader<'_> {
    fn publish(self, outcome: Outcome) {
        self.shared.publish(outcome);
    }
}

impl Drop for Leader<'_> {
    fn drop(&mut self) {
        self.session.inflight.borrow_mut().retain(|(_, s)| !s.same(&self.shared));
        if !self.shared.is_published() {
            self.shared.publish(Err(Failure::from(crate::core::Error::Aborted)));
        }
    }
}
