//! `data.queryRows`: a run-query answer handed out in batches of rows while its body arrives, for
//! both faces (the Rust `Stream`, the JS async iterator). The request is built and checked when
//! the batches are made (nothing is sent for bad arguments), sent at the first batch asked for,
//! paced, timed and retried as `runQuery` is until the answer's first bytes; after that a failure
//! ends the batches (the caller may already hold rows). Memory holds one batch and one chunk.

use super::driver::{CallOptions, Canceller, Opened};
use super::error::Failure;
use super::session::Session;
use crate::core::rows::{Batch, Next, RowReader};
use crate::core::{request, Endpoint, Error, HttpRequest};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Stops a call's batches from elsewhere, even while a batch is being read (a JS `return()`
/// while a `next()` waits): the rest of the answer is cancelled and no batch follows.
#[derive(Default)]
pub struct Stop {
    stopped: Cell<bool>,
    canceller: RefCell<Option<Canceller>>,
}

impl Stop {
    pub fn stop(&self) {
        self.stopped.set(true);
        if let Some(canceller) = self.canceller.borrow_mut().take() {
            canceller.cancel();
        }
    }

    fn stopped(&self) -> bool {
        self.stopped.get()
    }
}

/// The batches of one run-query call.
pub struct QueryBatches {
    session: Rc<Session>,
    endpoint: &'static Endpoint,
    opts: CallOptions,
    batch_size: usize,
    state: State,
    batch: Batch,
    rows: u64,
    bytes: u64,
    stopper: Rc<Stop>,
}

enum State {
    /// Nothing sent yet.
    Ready(HttpRequest),
    Open(Box<(Opened, RowReader)>),
    /// A failure to report once the rows before it were handed out.
    Failed(Failure),
    Over,
}

impl QueryBatches {
    /// Batches of `batch_size` rows of `endpoint` (run-query) called with `args`.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` for arguments the request cannot be built from: nothing is sent.
    pub fn new(
        session: Rc<Session>,
        endpoint: &'static Endpoint,
        args: &[Value],
        opts: CallOptions,
        batch_size: usize,
    ) -> Result<QueryBatches, Error> {
        let request = request::build(&session.settings.config, endpoint, args, None)?;
        let state = State::Ready(request);
        Ok(QueryBatches { session, endpoint, opts, batch_size, state, batch: Batch::default(), rows: 0, bytes: 0, stopper: Rc::default() })
    }

    /// The answer's status (200 until it came).
    pub fn status(&self) -> u16 {
        match &self.state {
            State::Open(open) => open.0.head.status,
            _ => 200,
        }
    }

    /// Rows handed out so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Bytes of the answer received so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// What stops these batches from elsewhere.
    pub fn stopper(&self) -> Rc<Stop> {
        self.stopper.clone()
    }

    /// The next batch as a JSON array's text; `None` after the last (or once stopped).
    pub async fn next_batch(&mut self) -> Option<Result<String, Failure>> {
        let next = self.read_batch().await;
        if self.stopper.stopped() {
            self.stop();
            return None;
        }
        if !matches!(self.state, State::Open(_)) {
            // The body ended (or failed): nothing left to cancel.
            self.stopper.canceller.borrow_mut().take();
        }
        next
    }

    async fn read_batch(&mut self) -> Option<Result<String, Failure>> {
        loop {
            if self.stopper.stopped() {
                return None;
            }
            match std::mem::replace(&mut self.state, State::Over) {
                State::Over => return None,
                State::Failed(failure) => return Some(Err(failure)),
                State::Ready(request) => match self.session.open(self.endpoint, &request, &self.opts).await {
                    Ok(mut opened) => {
                        *self.stopper.canceller.borrow_mut() = opened.canceller();
                        let mut reader = RowReader::new(opened.head.clone());
                        let first = opened.take_first();
                        self.bytes += first.len() as u64;
                        match reader.push(&first) {
                            Ok(()) => self.state = State::Open(Box::new((opened, reader))),
                            Err(error) => return Some(Err(opened.fail(error.into()))),
                        }
                    }
                    Err(failure) => return Some(Err(failure)),
                },
                State::Open(mut open) => {
                    let outcome = self.fill(&mut open).await;
                    return match outcome {
                        Ok(more) => {
                            if more {
                                self.state = State::Open(open);
                            }
                            if self.batch.is_empty() {
                                return None;
                            }
                            Some(Ok(self.hand_out()))
                        }
                        // An abort is the caller's: it ends the batches at once.
                        Err(failure) if self.batch.is_empty() || failure.error == Error::Aborted => {
                            self.batch.take();
                            Some(Err(failure))
                        }
                        // The rows read before the failure first (a short batch), then the failure.
                        Err(failure) => {
                            self.state = State::Failed(failure);
                            Some(Ok(self.hand_out()))
                        }
                    };
                }
            }
        }
    }

    /// Read rows into the batch until it is full (`Ok(true)`) or the answer is over (`Ok(false)`).
    async fn fill(&mut self, open: &mut (Opened, RowReader)) -> Result<bool, Failure> {
        let (opened, reader) = open;
        loop {
            match reader.next_row() {
                Ok(Next::Row(row)) => {
                    self.batch.push(row);
                    if self.batch.len() >= self.batch_size {
                        return Ok(true);
                    }
                }
                Ok(Next::More) => match opened.chunk().await? {
                    Some(bytes) => {
                        self.bytes += bytes.len() as u64;
                        reader.push(&bytes).map_err(|e| opened.fail(e.into()))?;
                    }
                    None => reader.close(),
                },
                Ok(Next::End) => return Ok(false),
                Err(error) => return Err(opened.fail(error.into())),
            }
        }
    }

    fn hand_out(&mut self) -> String {
        self.rows += self.batch.len() as u64;
        self.batch.take()
    }

    /// Stop: the rest of the body is cancelled and its request aborted; no more batches.
    pub fn stop(&mut self) {
        if let State::Open(open) = &mut self.state {
            open.0.stop();
        }
        self.state = State::Over;
    }
}
