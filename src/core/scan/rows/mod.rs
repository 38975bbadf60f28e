//! An answer whose `data` is a list of objects (run-query rows), read as it arrives: fed chunks
//! of any size, down to a byte, it hands out each row as soon as it is whole and reaches the same
//! verdict as [`Scanner::envelope`] on the whole text. It keeps the bytes of one unfinished value
//! (a row, a key, a literal) and nothing of the rows it handed out.
//!
//! Each step mirrors what the one-pass scanner does at the same place, and each value is checked
//! by that scanner once [`Frame`] says it is whole, so a fault is named with the same words and
//! byte offset. Only the order differs where an answer has two faults: the whole-text check
//! reports invalid UTF-8 first, a stream the fault it meets first.

mod step;

use super::frame::Frame;
use super::{Fail, Scanner};
use crate::core::shape::Shape;
use std::collections::VecDeque;
use std::ops::Range;

const ROWS: Shape = Shape::List(&Shape::AnyObject);

/// What comes next in an answer ([`RowScan::found`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Next<'a> {
    /// A whole row: its JSON text as sent.
    Row(&'a str),
    /// Nothing more until the next chunk is [pushed](RowScan::push).
    More,
    /// The answer is over: read its [`RowScan::verdict`].
    End,
}

/// Where the scan is in the envelope `{ success, data: [rows], error }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Open,
    FirstKey,
    Key,
    Member(Member),
    AfterMember,
    Closed,
    ListStart,
    Element,
    AfterElement,
    Ended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Member {
    Success,
    Data,
    Error,
    Other,
}

/// What the envelope said, once the answer is over.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub success: Option<bool>,
    /// `data` was present and not `null`.
    pub data: bool,
    /// `error.code` and `error.message`, when `error` is an object.
    pub error: Option<(String, String)>,
    /// The first place where `data` is not a list of objects.
    pub data_fail: Option<Fail>,
    /// Whether the answer had no bytes at all.
    pub empty: bool,
}

/// The scan of one answer. See the module's documentation.
#[derive(Debug)]
pub struct RowScan {
    /// The unread end of the answer (and, at its end, bytes not yet known to be whole UTF-8).
    buf: Vec<u8>,
    /// Where the scan is in `buf`.
    at: usize,
    /// Where `buf` starts in the whole answer.
    base: usize,
    /// Bytes at the end of `buf` that may begin a UTF-8 sequence the next chunk completes.
    unchecked: usize,
    closed: bool,
    state: At,
    /// How far the value at the scan has been framed.
    frame: Frame,
    seen: [bool; 3],
    verdict: Verdict,
    /// The index of the next element of `data`.
    element: usize,
    /// Rows met before `success` (an envelope in another order than the API's, where the rows
    /// cannot be handed out before the answer says it succeeded): all of them are held, then
    /// handed out once it is `true`.
    held: VecDeque<String>,
    /// The held row being handed out.
    out: String,
    failed: Option<Fail>,
}

impl Default for RowScan {
    fn default() -> Self {
        RowScan::new()
    }
}

/// What [`RowScan::advance`] found, to read with [`RowScan::found`].
#[derive(Debug)]
pub struct Found(Item);

#[derive(Debug)]
enum Item {
    Row(Range<usize>),
    Held,
    More,
    End,
}

enum Step {
    Go,
    Row(Range<usize>),
    More,
}

impl RowScan {
    pub fn new() -> RowScan {
        RowScan {
            buf: Vec::new(),
            at: 0,
            base: 0,
            unchecked: 0,
            closed: false,
            state: At::Open,
            frame: Frame::default(),
            seen: [false; 3],
            verdict: Verdict::default(),
            element: 0,
            held: VecDeque::new(),
            out: String::new(),
            failed: None,
        }
    }

    /// Bytes of the answer taken in so far.
    pub fn bytes(&self) -> usize {
        self.base + self.buf.len()
    }

    /// Bytes held: the unread end of the answer.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// The next bytes of the answer.
    ///
    /// # Errors
    /// `Fail::Syntax` when they are not UTF-8 (the scan is over).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Fail> {
        if let Some(fail) = &self.failed {
            return Err(fail.clone());
        }
        // Forget what was read: only an unfinished value stays.
        self.buf.drain(..self.at);
        self.base += self.at;
        self.at = 0;
        let from = self.buf.len() - self.unchecked;
        self.buf.extend_from_slice(chunk);
        self.unchecked = 0;
        if let Err(e) = std::str::from_utf8(&self.buf[from..]) {
            match e.error_len() {
                Some(n) => {
                    let at = self.base + from + e.valid_up_to();
                    return Err(self.fail(Fail::Syntax(format!("invalid utf-8 sequence of {n} bytes from index {at}"))));
                }
                None => self.unchecked = self.buf.len() - from - e.valid_up_to(),
            }
        }
        Ok(())
    }

    /// The answer is over: no more bytes will come.
    pub fn close(&mut self) {
        self.closed = true;
    }

    /// The next row, or what the scan waits for, in two steps (so that a caller can act on the
    /// scan between them): what comes next, owned…
    ///
    /// # Errors
    /// The fault found: the answer is not JSON (`Fail::Syntax`), or a value in the envelope is not
    /// what it must be. A fault in `data`'s shape is no error here: see [`Verdict::data_fail`].
    pub fn advance(&mut self) -> Result<Found, Fail> {
        if let Some(fail) = &self.failed {
            return Err(fail.clone());
        }
        if self.verdict.success == Some(true) {
            if let Some(row) = self.held.pop_front() {
                self.out = row;
                return Ok(Found(Item::Held));
            }
        }
        loop {
            if self.state == At::Ended {
                return Ok(Found(Item::End));
            }
            match self.step() {
                Ok(Step::Go) => {}
                Ok(Step::More) => return Ok(Found(Item::More)),
                Ok(Step::Row(range)) => match self.verdict.success {
                    Some(true) => return Ok(Found(Item::Row(range))),
                    None => {
                        let text = std::str::from_utf8(&self.buf[range]).unwrap_or_default().to_owned();
                        self.held.push_back(text);
                    }
                    Some(false) => {}
                },
                Err(fail) => return Err(self.fail(fail)),
            }
        }
    }

    /// …and what it is.
    pub fn found(&self, found: Found) -> Next<'_> {
        match found.0 {
            Item::More => Next::More,
            Item::End => Next::End,
            Item::Held => Next::Row(&self.out),
            // Checked whole UTF-8 by `push`, and a whole value by the scanner.
            Item::Row(range) => Next::Row(std::str::from_utf8(&self.buf[range]).unwrap_or_default()),
        }
    }

    /// What the envelope said; complete once [`found`](Self::found) gave [`Next::End`].
    pub fn verdict(&self) -> &Verdict {
        &self.verdict
    }

    fn fail(&mut self, fail: Fail) -> Fail {
        self.held.clear();
        self.failed = Some(fail.clone());
        fail
    }

    /// The bytes the scan may read: a UTF-8 sequence cut by the chunk's end waits for the rest.
    fn end(&self) -> usize {
        self.buf.len() - self.unchecked
    }

    fn scanner(&self, depth: u32) -> Scanner<'_> {
        scanner(&self.buf, self.unchecked, self.at, self.base, depth)
    }
}

/// A scanner over the bytes of `buf` known to be whole UTF-8 (all but the last `unchecked`).
fn scanner(buf: &[u8], unchecked: usize, at: usize, base: usize, depth: u32) -> Scanner<'_> {
    Scanner::within(&buf[..buf.len() - unchecked], at, base, depth)
}
