//! One request for identical concurrent reads: the first caller runs it and publishes the outcome;
//! the others wait for it. Each caller still builds its own objects from the shared JSON text.

use super::driver::Answer;
use super::error::Failure;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

pub type Outcome = Result<Rc<Answer>, Failure>;

#[derive(Default)]
struct Slot {
    outcome: Option<Outcome>,
    wakers: Vec<Waker>,
}

/// The outcome of a request in flight, shared by every caller that asked for it.
#[derive(Clone, Default)]
pub struct Shared(Rc<RefCell<Slot>>);

impl Shared {
    /// Hand the outcome to every waiter.
    pub fn publish(&self, outcome: Outcome) {
        let wakers = {
            let mut slot = self.0.borrow_mut();
            slot.outcome = Some(outcome);
            std::mem::take(&mut slot.wakers)
        };
        wakers.into_iter().for_each(Waker::wake);
    }

    /// Whether the outcome is known.
    pub fn is_published(&self) -> bool {
        self.0.borrow().outcome.is_some()
    }

    /// Wait for the outcome.
    pub fn wait(&self) -> Wait {
        Wait(self.clone())
    }

    /// Whether `self` and `other` are the same request.
    pub fn same(&self, other: &Shared) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The future of [`Shared::wait`].
pub struct Wait(Shared);

impl Future for Wait {
    type Output = Outcome;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        let mut slot = self.0 .0.borrow_mut();
        match &slot.outcome {
            Some(outcome) => Poll::Ready(outcome.clone()),
            None => {
                slot.wakers.push(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
