//! Run-query rows as the answer arrives: the resumable scan's rows, and at the end its verdict as
//! the same error [`decode`](super::response::decode) gives for the whole answer.

use super::error::{Error, Result};
use super::http::HttpResponse;
use super::response::{api_error, message, mismatch};
use super::scan::{Fail, RowScan};

pub use super::scan::Next;

/// One answer's rows, read as its body arrives. Made when its status and headers have come.
#[derive(Debug)]
pub struct RowReader {
    scan: RowScan,
    /// The answer's status and `Retry-After` (its body is what is pushed).
    head: HttpResponse,
    closed: bool,
}

impl RowReader {
    pub fn new(head: HttpResponse) -> RowReader {
        RowReader { scan: RowScan::new(), head: HttpResponse { body: Vec::new(), ..head }, closed: false }
    }

    /// Bytes of the body taken in so far.
    pub fn bytes(&self) -> usize {
        self.scan.bytes()
    }

    /// Bytes held for the rows still to hand out (at most a chunk and an unfinished row).
    pub fn buffered(&self) -> usize {
        self.scan.buffered()
    }

    /// The next bytes of the body.
    ///
    /// # Errors
    /// `INVALID_RESPONSE` when they are not UTF-8.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.scan.push(chunk).map_err(|f| invalid(self.head.status, &f))
    }

    /// The body is over.
    pub fn close(&mut self) {
        self.closed = true;
        self.scan.close();
    }

    /// The next row (its JSON text as sent), [`Next::More`] until the next chunk, or
    /// [`Next::End`] when the answer is over and holds the rows.
    ///
    /// # Errors
    /// What [`decode`](super::response::decode) says of the whole answer: the API's error,
    /// or `INVALID_RESPONSE`.
    pub fn next_row(&mut self) -> Result<Next<'_>> {
        let status = self.head.status;
        if self.closed && self.scan.bytes() == 0 {
            return Err(Error::InvalidResponse { status, message: "empty body".to_owned() });
        }
        let found = self.scan.advance().map_err(|f| invalid(status, &f))?;
        match self.scan.found(found) {
            Next::End => self.verdict().map(|()| Next::End),
            next => Ok(next),
        }
    }

    /// The envelope's verdict, as `decode` reaches it.
    fn verdict(&self) -> Result<()> {
        let v = self.scan.verdict();
        let invalid = |message: &str| Err(Error::InvalidResponse { status: self.head.status, message: message.to_owned() });
        let ok_status = (200..300).contains(&self.head.status);
        match (v.success, v.data, &v.error) {
            (None, ..) => invalid(&format!("not a JSON envelope: missing field `success` at byte {}", self.scan.bytes())),
            (Some(true), true, _) if ok_status => match &v.data_fail {
                Some(f) => invalid(&mismatch(f)),
                None => Ok(()),
            },
            (Some(true), true, _) => invalid("a success envelope with an error status"),
            (Some(true), false, _) => invalid("success without \"data\""),
            (Some(false), _, Some((code, message))) => Err(api_error(&self.head, code.clone(), message.clone())),
            (Some(false), _, None) => invalid("failure without \"error\""),
        }
    }
}

/// A body that is not a JSON envelope, in `decode`'s words.
fn invalid(status: u16, f: &Fail) -> Error {
    Error::InvalidResponse { status, message: format!("not a JSON envelope: {}", message(f)) }
}

/// Rows per batch unless the caller says (`options.batchSize`).
pub const DEFAULT_BATCH_SIZE: usize = 1000;
/// Most rows per batch.
pub const MAX_BATCH_SIZE: usize = 100_000;

/// A batch size (`param`: `options.batchSize` in JS): an integer from 1 to [`MAX_BATCH_SIZE`].
///
/// # Errors
/// `INVALID_ARGUMENT` naming the parameter and the value.
pub fn batch_size(param: &str, n: f64) -> Result<usize> {
    if n.fract() == 0.0 && (1.0..=MAX_BATCH_SIZE as f64).contains(&n) {
        Ok(n as usize)
    } else {
        Err(Error::invalid(format!("{param} must be an integer from 1 to {MAX_BATCH_SIZE}; got {}", super::config::js_number(n))))
    }
}

/// One batch of rows as a JSON array's text, built as rows arrive: the caller's parser (the JS
/// engine's `JSON.parse`, or serde) builds the objects from it in one pass.
#[derive(Debug, Default)]
pub struct Batch {
    text: String,
    rows: usize,
}

impl Batch {
    pub fn push(&mut self, row: &str) {
        self.text.push(if self.rows == 0 { '[' } else { ',' });
        self.text.push_str(row);
        self.rows += 1;
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The rows so far as a JSON array, and an empty batch to go on with (of the same capacity).
    pub fn take(&mut self) -> String {
        let capacity = self.text.capacity();
        let mut text = std::mem::replace(&mut self.text, String::with_capacity(capacity));
        text.push(if self.rows == 0 { '[' } else { ']' });
        if self.rows == 0 {
            text.push(']');
        }
        self.rows = 0;
        text
    }
}
