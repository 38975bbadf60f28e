//! An answer whose `data` is a list of objects (run-query rows), read as it arrives: fed chunks
//! of any size, down to a byte, it hands out each row as soon as it is whole and reaches the same
//! verdict as [`Scanner::envelope`] on the whole text. It keeps the bytes of one unfinished value
//! (a row, a key, a literal) and nothing of the rows it handed out.
//!
//! Each step mirrors what the one-pass scanner does at the same place, and each value is checked
//! by that scanner once [`Frame`] says it is whole, so a fault is named with the same words and
//! byte offset. Only the order differs where an answer has two faults: the whole-text check
//! reports invalid UTF-8 first, a stream the fault it meets first.

use super::frame::Frame;
use super::{Fail, Scanner};
use crate::core::shape::Shape;
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
    Colon,
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
    /// The member whose key was just read.
    pending: Member,
    /// How far the value at the scan has been framed.
    frame: Frame,
    seen: [bool; 3],
    verdict: Verdict,
    /// The index of the next element of `data`.
    element: usize,
    /// Rows met before `success` (an envelope in another order than the API's): handed out once
    /// it is `true`.
    held: Vec<String>,
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
            pending: Member::Other,
            frame: Frame::default(),
            seen: [false; 3],
            verdict: Verdict::default(),
            element: 0,
            held: Vec::new(),
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
        // Rare (an envelope in another order than the API's): a list beats a deque in code.
        if self.verdict.success == Some(true) && !self.held.is_empty() {
            self.out = self.held.remove(0);
            return Ok(Found(Item::Held));
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
                        self.held.push(text);
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

    /// Past whitespace: the next byte, `Ok(None)` at the end of a closed answer, or `Err` when
    /// it has not arrived yet.
    fn peek(&mut self) -> Result<Option<u8>, Step> {
        let end = self.end();
        while self.at < end && matches!(self.buf[self.at], b' ' | b'\n' | b'\r' | b'\t') {
            self.at += 1;
        }
        match self.buf[..end].get(self.at) {
            Some(&c) => Ok(Some(c)),
            None if self.closed => {
                if self.unchecked > 0 {
                    // The answer ends inside a UTF-8 sequence: the whole-text check says so first.
                    return Ok(Some(0));
                }
                Ok(None)
            }
            None => Err(Step::More),
        }
    }

    /// Whether the value at the scan is whole (or the answer closed): else wait for more.
    fn whole(&mut self) -> bool {
        let end = self.end();
        self.frame.end(&self.buf[self.at..end]).is_some() || self.closed
    }

    fn step(&mut self) -> Result<Step, Fail> {
        if self.closed && self.unchecked > 0 {
            let at = self.base + self.end();
            return Err(Fail::Syntax(format!("incomplete utf-8 byte sequence from index {at}")));
        }
        if let At::Member(member) = self.state {
            return self.member(member);
        }
        let c = match self.peek() {
            Ok(c) => c,
            Err(wait) => return Ok(wait),
        };
        let (next, taken) = match (self.state, c) {
            (At::Open, Some(b'{')) => (At::FirstKey, 1),
            (At::Open, _) => return self.scanner(0).syntax("expected an object"),
            (At::FirstKey, Some(b'}')) => (At::Closed, 1),
            (At::FirstKey, _) => (At::Key, 0),
            (At::Key, Some(b'"')) => {
                if !self.whole() {
                    return Ok(Step::More);
                }
                let mut s = self.scanner(1);
                let (range, escaped) = s.string()?;
                let member = match s.key(range, escaped)?.as_ref() {
                    b"success" => Member::Success,
                    b"data" => Member::Data,
                    b"error" => Member::Error,
                    _ => Member::Other,
                };
                self.at = s.i;
                self.pending = member;
                self.frame = Frame::default();
                self.state = At::Colon;
                return Ok(Step::Go);
            }
            (At::Key, _) => return self.scanner(1).syntax("expected a key"),
            (At::Colon, Some(b':')) => (At::Member(self.pending), 1),
            (At::Colon, _) => return self.scanner(1).syntax("expected `:`"),
            (At::AfterMember, Some(b',')) => (At::Key, 1),
            (At::AfterMember, Some(b'}')) => (At::Closed, 1),
            (At::AfterMember, _) => return self.scanner(1).syntax("expected `}`"),
            (At::Closed, Some(_)) => return self.scanner(0).syntax("trailing characters"),
            (At::Closed, None) => (At::Ended, 0),
            (At::ListStart, Some(b']')) => (At::AfterMember, 1),
            (At::ListStart, _) => (At::Element, 0),
            (At::Element, _) => return self.element(c),
            (At::AfterElement, Some(b',')) => (At::Element, 1),
            (At::AfterElement, Some(b']')) => (At::AfterMember, 1),
            (At::AfterElement, _) => return self.scanner(2).syntax("expected `]`"),
            (At::Member(_) | At::Ended, _) => return Ok(Step::Go),
        };
        self.at += taken;
        self.state = next;
        Ok(Step::Go)
    }

    /// A member's value, from right after its colon.
    fn member(&mut self, member: Member) -> Result<Step, Fail> {
        let slot = match member {
            Member::Success => Some(0),
            Member::Data => Some(1),
            Member::Error => Some(2),
            Member::Other => None,
        };
        if let Some(k) = slot {
            if self.seen[k] {
                let name = ["success", "data", "error"][k];
                return self.scanner(1).syntax(&format!("duplicate field `{name}`"));
            }
        }
        let c = match self.peek() {
            Ok(c) => c,
            Err(wait) => return Ok(wait),
        };
        if member == Member::Data && c == Some(b'[') {
            self.seen[1] = true;
            self.verdict.data = true;
            self.at += 1;
            self.state = At::ListStart;
            return Ok(Step::Go);
        }
        if !self.whole() {
            return Ok(Step::More);
        }
        let mut s = scanner(&self.buf, self.unchecked, self.at, self.base, 1);
        match member {
            Member::Success => {
                self.verdict.success = Some(match c {
                    Some(b't') => s.literal(b"true").map(|()| true)?,
                    Some(b'f') => s.literal(b"false").map(|()| false)?,
                    _ => return s.syntax("\"success\" must be a boolean"),
                });
                if self.verdict.success == Some(false) {
                    self.held.clear();
                }
            }
            Member::Data if c == Some(b'n') => s.literal(b"null")?,
            Member::Data => {
                // Not a list: a shape fault (or no value at all), the rest still checked as JSON.
                if let Err(fail) = s.shape::<()>(&ROWS) {
                    if matches!(fail, Fail::Syntax(_)) {
                        return Err(fail);
                    }
                    self.verdict.data_fail.get_or_insert(fail);
                }
                s.skip()?;
                self.verdict.data = true;
            }
            Member::Error => self.verdict.error = s.api_error()?,
            Member::Other => s.skip()?,
        }
        self.at = s.i;
        if let Some(k) = slot {
            self.seen[k] = true;
        }
        self.frame = Frame::default();
        self.state = At::AfterMember;
        Ok(Step::Go)
    }

    /// An element of `data`: a row when it is an object.
    fn element(&mut self, c: Option<u8>) -> Result<Step, Fail> {
        if c != Some(b'{') {
            // Not an object: a shape fault (or no value at all), the rest still checked as JSON.
            if let Err(fail) = self.scanner(2).shape::<()>(&Shape::AnyObject) {
                if matches!(fail, Fail::Syntax(_)) {
                    return Err(fail);
                }
                self.verdict.data_fail.get_or_insert(fail.at(&format!("[{}]", self.element)));
                self.held.clear();
            }
        }
        if !self.whole() {
            return Ok(Step::More);
        }
        let mut s = self.scanner(2);
        s.skip()?;
        let row = self.at..s.i;
        self.at = s.i;
        self.element += 1;
        self.frame = Frame::default();
        self.state = At::AfterElement;
        Ok(if c == Some(b'{') && self.verdict.data_fail.is_none() { Step::Row(row) } else { Step::Go })
    }
}

/// A scanner over the bytes of `buf` known to be whole UTF-8 (all but the last `unchecked`).
fn scanner(buf: &[u8], unchecked: usize, at: usize, base: usize, depth: u32) -> Scanner<'_> {
    Scanner::within(&buf[..buf.len() - unchecked], at, base, depth)
}
