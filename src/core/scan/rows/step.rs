//! The steps of [`RowScan`]: each mirrors what the one-pass scanner does at the same place of the
//! envelope `{ success, data: [rows], error }`, and reads a value only once [`Frame`] says it is
//! whole (or the answer closed), so that running out of bytes is never taken for a fault.

use super::{At, Member, RowScan, Step, ROWS};
use crate::core::scan::frame::Frame;
use crate::core::scan::Fail;
use crate::core::shape::Shape;

impl RowScan {
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

    pub(super) fn step(&mut self) -> Result<Step, Fail> {
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
                // The key, then its colon, then (as the one-pass scanner does) the key decoded.
                let mut s = self.scanner(1);
                let (range, escaped) = s.string()?;
                while let Some(b' ' | b'\n' | b'\r' | b'\t') = s.b.get(s.i) {
                    s.i += 1;
                }
                if s.i == s.b.len() && !self.closed {
                    return Ok(Step::More);
                }
                s.need(b':')?;
                let member = match s.key(range, escaped)?.as_ref() {
                    b"success" => Member::Success,
                    b"data" => Member::Data,
                    b"error" => Member::Error,
                    _ => Member::Other,
                };
                self.at = s.i;
                self.frame = Frame::default();
                self.state = At::Member(member);
                return Ok(Step::Go);
            }
            (At::Key, _) => return self.scanner(1).syntax("expected a key"),
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
        let mut s = super::scanner(&self.buf, self.unchecked, self.at, self.base, 1);
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
