//! One piece of work for many waiters: identical concurrent reads share one request (each caller
//! still builds its own objects from the shared JSON text), concurrent 401s share one token
//! refresh. The first caller runs it and publishes the outcome; the others wait for it.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

struct Slot<T> {
    outcome: Option<T>,
    wakers: Vec<Waker>,
}

/// The outcome of work in flight, shared by every caller that asked for it.
pub struct Shared<T>(Rc<RefCell<Slot<T>>>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> Default for Shared<T> {
    fn default() -> Self {
        Shared(Rc::new(RefCell::new(Slot { outcome: None, wakers: Vec::new() })))
    }
}

impl<T: Clone> Shared<T> {
    /// Hand the outcome to every waiter.
    pub fn publish(&self, outcome: T) {
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
    pub fn wait(&self) -> Wait<T> {
        Wait(self.clone())
    }

    /// Whether `self` and `other` are the same work.
    pub fn same(&self, other: &Shared<T>) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The future of [`Shared::wait`].
pub struct Wait<T>(Shared<T>);

impl<T: Clone> Future for Wait<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
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
