//! A bearer token that can change during a client's life (Outlign's OAuth tokens last an hour):
//! the token every attempt sends, and the caller's way to get a fresh one after a 401. Concurrent
//! 401s share one refresh, and its failure: a request sent before a refresh failed is not answered
//! with another. A call whose 401 came after the token changed (a refresh by another call, or
//! `setAccessToken`) just resends with the new one. The refresh runs as its own task, so a call
//! dropped or aborted while waiting for it never leaves the others waiting.

use super::error::Failure;
use super::share::Shared;
use super::timer::{within, Bounded};
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

/// When a request was sent: the token generation it carried, and the order of the send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    generation: u64,
    serial: u64,
}

/// The token of one client.
pub struct Auth {
    token: RefCell<String>,
    /// Bumped by every new token, so a 401 can tell whether it was answered to an old one.
    generation: Cell<u64>,
    /// Counts sends, so a 401 can tell whether its request left before a refresh failed.
    sends: Cell<u64>,
    refresher: Option<Rc<dyn Refresher>>,
    pending: RefCell<Option<Shared<Result<(), Failure>>>>,
    /// The last refresh that failed: the generation it tried to replace, the send count then, why.
    failed: RefCell<Option<(Sent, Failure)>>,
}

impl Auth {
    pub fn new(token: String, refresher: Option<Rc<dyn Refresher>>) -> Rc<Auth> {
        Rc::new(Auth {
            token: RefCell::new(token),
            generation: Cell::new(0),
            sends: Cell::new(0),
            refresher,
            pending: RefCell::default(),
            failed: RefCell::default(),
        })
    }

    /// The token now, without counting a send (to keep it out of error text).
    pub fn token(&self) -> String {
        self.token.borrow().clone()
    }

    /// The token to send now, and the stamp of this send.
    pub fn current(&self) -> (String, Sent) {
        self.sends.set(self.sends.get() + 1);
        (self.token.borrow().clone(), Sent { generation: self.generation.get(), serial: self.sends.get() })
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

    /// After a 401 to a request `sent` then: whether a newer token is in place to resend with
    /// (`Ok(true)`), refreshing it unless another call already did or is doing so; `Ok(false)`
    /// when there is no way to get one. A refresh this call starts may take `limit_ms`.
    ///
    /// # Errors
    /// The refresh's failure (shared by every call whose request left before it failed).
    pub async fn renew(self: &Rc<Self>, sent: Sent, limit_ms: u64) -> Result<bool, Failure> {
        if self.generation.get() != sent.generation {
            return Ok(true);
        }
        let Some(refresher) = self.refresher.clone() else { return Ok(false) };
        if let Some((at, failure)) = &*self.failed.borrow() {
            if at.generation == sent.generation && sent.serial <= at.serial {
                return Err(failure.clone());
            }
        }
        let running = self.pending.borrow().clone();
        let shared = match running {
            Some(shared) => shared,
            None => {
                let shared = Shared::default();
                *self.pending.borrow_mut() = Some(shared.clone());
                let (auth, done) = (self.clone(), shared.clone());
                // Its own task, in the context of the call that needed it.
                let refresh = Box::pin(async move {
                    let outcome = match within(refresher.refresh(), limit_ms, None).await {
                        Bounded::Done(Ok(token)) => auth.set("onUnauthorized's token", token).map_err(Failure::from),
                        Bounded::Done(Err(failure)) => Err(failure),
                        // Reported in the callback's own words (see the driver's `refused`).
                        Bounded::TimedOut | Bounded::Aborted => {
                            Err(Failure::from(Error::Network { message: format!("it did not settle within {limit_ms} ms") }))
                        }
                    };
                    if let Err(failure) = &outcome {
                        let at = Sent { generation: auth.generation.get(), serial: auth.sends.get() };
                        *auth.failed.borrow_mut() = Some((at, failure.clone()));
                    }
                    *auth.pending.borrow_mut() = None;
                    done.publish(outcome);
                });
                wasm_bindgen_futures::spawn_local(crate::wasm::context::within(crate::wasm::context::current(), refresh));
                shared
            }
        };
        shared.wait().await.map(|()| true)
    }
}
