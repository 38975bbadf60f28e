//! A bearer token that can change during a client's life (Outlign's OAuth tokens last an hour):
//! the token every attempt sends, and the caller's way to get a fresh one after a 401. Concurrent
//! 401s share one refresh; a call whose 401 came after another call's refresh just retries with
//! the new token. The refresh runs as its own task, so a call dropped or aborted while waiting
//! for it never leaves the others waiting.

use super::driver::timer::{within, Bounded};
use super::error::Failure;
use super::share::Shared;
use crate::core::config::check_token;
use crate::core::Error;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A refresh's outcome: the new token, or why there is none.
pub type Renewal = Pin<Box<dyn Future<Output = Result<String, Failure>>>>;

/// The caller's way to get a fresh token (`onUnauthorized`).
pub trait Refresher {
    fn refresh(&self) -> Renewal;
}

/// The token of one client.
pub struct Auth {
    token: RefCell<String>,
    /// Longest a refresh may take: one that never settles must not block every later 401.
    refresh_limit_ms: u64,
    /// Bumped by every new token, so a 401 can tell whether it was answered to an old one.
    generation: Cell<u64>,
    refresher: Option<Rc<dyn Refresher>>,
    pending: RefCell<Option<Shared<Result<(), Failure>>>>,
}

impl Auth {
    pub fn new(token: String, refresher: Option<Rc<dyn Refresher>>, refresh_limit_ms: u64) -> Rc<Auth> {
        Rc::new(Auth { token: RefCell::new(token), refresh_limit_ms, generation: Cell::new(0), refresher, pending: RefCell::default() })
    }

    /// The token to send now and its generation.
    pub fn current(&self) -> (String, u64) {
        (self.token.borrow().clone(), self.generation.get())
    }

    /// Whether a 401 can be answered with a refresh.
    pub fn can_refresh(&self) -> bool {
        self.refresher.is_some()
    }

    /// Use `token` from now on (`setAccessToken`).
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` when it cannot be a bearer token (never shown).
    pub fn set(&self, param: &str, token: String) -> Result<(), Error> {
        check_token(param, &token, "the new OAuth access token")?;
        *self.token.borrow_mut() = token;
        self.generation.set(self.generation.get() + 1);
        Ok(())
    }

    /// After a 401 to a request sent with token generation `sent`: make sure a newer token is in
    /// place, refreshing it unless another call already did (or is doing so).
    ///
    /// # Errors
    /// The refresh's failure (shared by every call that waited for it).
    pub async fn renew(self: &Rc<Self>, sent: u64) -> Result<(), Failure> {
        if self.generation.get() != sent {
            return Ok(());
        }
        let running = self.pending.borrow().clone();
        let shared = match running {
            Some(shared) => shared,
            None => {
                let Some(refresher) = self.refresher.clone() else {
                    return Err(Failure::from(Error::Internal { message: "a token refresh without onUnauthorized".into() }));
                };
                let shared = Shared::default();
                *self.pending.borrow_mut() = Some(shared.clone());
                let (auth, done) = (self.clone(), shared.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let limit = auth.refresh_limit_ms;
                    let outcome = match within(refresher.refresh(), limit, None).await {
                        Bounded::Done(Ok(token)) => auth.set("onUnauthorized's token", token).map_err(Failure::from),
                        Bounded::Done(Err(failure)) => Err(failure),
                        // Reported in the callback's own words (see the driver's `refused`).
                        Bounded::TimedOut | Bounded::Aborted => {
                            Err(Failure::from(Error::Network { message: format!("it did not settle within {limit} ms") }))
                        }
                    };
                    *auth.pending.borrow_mut() = None;
                    done.publish(outcome);
                });
                shared
            }
        };
        shared.wait().await
    }
}
