//! Bodies made while they are sent (run-query answers can be millions of rows: DESIGN.md "Large
//! answers"), and how a body ends: whole, or cut or stalled by a fault. A [`Stream`] owns all it
//! needs, so a shell pulls it after letting go of the mock; each pull makes one chunk.

use std::fmt;

/// About how many bytes one pull makes (a chunk ends at the first item past this).
pub const CHUNK: usize = 64 * 1024;

/// How a body ends after its last byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Complete (for HTTP/1.1: the last chunk is sent).
    Whole,
    /// The connection fails (faults `cut=N`, and `truncate` on a streamed answer).
    Cut,
    /// Nothing more is sent and the answer never ends (fault `stall=N`): the client's deadline
    /// or abort must end it.
    Stall,
}

/// What one pull gives.
#[derive(Debug, PartialEq, Eq)]
pub enum Pull {
    /// The next bytes of the body, never empty (an empty chunk ends a chunked HTTP body).
    Chunk(Vec<u8>),
    /// No more bytes; how the body ends. Every later pull says the same.
    End(End),
}

/// A body made chunk by chunk, with an optional fault that ends it early. One pointer wide (its
/// state is boxed), so every `Response` stays small.
pub struct Stream(Box<State>);

struct State {
    source: Box<dyn Iterator<Item = Vec<u8>> + Send>,
    /// A chunk taken from `source` ahead of its turn (`truncate` measures the first one).
    peeked: Option<Vec<u8>>,
    /// The fault: bytes still to send before the body ends as `End`.
    limit: Option<(usize, End)>,
    ended: Option<End>,
}

impl fmt::Debug for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stream").field("limit", &self.0.limit).field("ended", &self.0.ended).finish_non_exhaustive()
    }
}

impl Stream {
    /// A body of the chunks `source` makes, in order.
    pub fn new(source: impl Iterator<Item = Vec<u8>> + Send + 'static) -> Stream {
        Stream(Box::new(State { source: Box::new(source), peeked: None, limit: None, ended: None }))
    }

    /// A body already made, as one chunk: faults `cut` and `stall` on a buffered answer.
    pub fn of_bytes(body: Vec<u8>) -> Stream {
        Stream::new(std::iter::once(body))
    }

    /// Send the first `n` bytes, then end as `end` (faults `cut=N`, `stall=N`). A body shorter
    /// than `n` is sent whole and still ends as `end`: the fault always happens.
    pub fn limit(&mut self, n: usize, end: End) {
        self.0.limit = Some((n, end));
    }

    /// Fault `truncate` on a streamed answer: its length is not known until its end, so it is
    /// cut after half of its first chunk (a buffered answer is halved instead: `Mock::handle`).
    pub fn truncate(&mut self) {
        self.0.peeked = self.0.source.next();
        let half = self.0.peeked.as_ref().map_or(0, |c| c.len() / 2);
        self.limit(half, End::Cut);
    }

    /// Make the next chunk.
    pub fn pull(&mut self) -> Pull {
        loop {
            if let Some(end) = self.0.ended {
                return Pull::End(end);
            }
            if let Some((0, end)) = self.0.limit {
                return self.end(end);
            }
            let Some(mut chunk) = self.0.peeked.take().or_else(|| self.0.source.next()) else {
                return self.end(self.0.limit.map_or(End::Whole, |(_, end)| end));
            };
            if let Some((left, _)) = &mut self.0.limit {
                chunk.truncate(*left);
                *left -= chunk.len();
            }
            // A source's empty chunk carries nothing (an empty HTTP chunk would end the body).
            if !chunk.is_empty() {
                return Pull::Chunk(chunk);
            }
        }
    }

    /// Every byte left and how the body ends (tests and in-process callers).
    pub fn drain(mut self) -> (Vec<u8>, End) {
        let mut all = Vec::new();
        loop {
            match self.pull() {
                Pull::Chunk(c) => all.extend_from_slice(&c),
                Pull::End(end) => return (all, end),
            }
        }
    }

    fn end(&mut self, end: End) -> Pull {
        // The source may hold much (materialised sorted rows): free it now, not at drop.
        self.0.source = Box::new(std::iter::empty());
        self.0.peeked = None;
        self.0.ended = Some(end);
        Pull::End(end)
    }
}

/// The items of a JSON array made one at a time, inside `prefix` … `suffix`, as chunks of
/// about [`CHUNK`] bytes. `item` writes the next item and says whether there was one.
pub struct ArrayChunks<F> {
    item: F,
    prefix: &'static [u8],
    suffix: &'static [u8],
    items: u64,
    done: bool,
}

impl<F: FnMut(&mut Vec<u8>) -> bool> ArrayChunks<F> {
    pub fn new(prefix: &'static [u8], suffix: &'static [u8], item: F) -> ArrayChunks<F> {
        ArrayChunks { item, prefix, suffix, items: 0, done: false }
    }
}

impl<F: FnMut(&mut Vec<u8>) -> bool> Iterator for ArrayChunks<F> {
    type Item = Vec<u8>;

    fn next(&mut self) -> Option<Vec<u8>> {
        if self.done {
            return None;
        }
        // Room for the item that crosses the mark, so a chunk is mostly one allocation.
        let mut out = Vec::with_capacity(CHUNK + CHUNK / 8);
        if self.items == 0 {
            out.extend_from_slice(self.prefix);
        }
        while out.len() < CHUNK {
            let mark = out.len();
            if self.items > 0 {
                out.push(b',');
            }
            if !(self.item)(&mut out) {
                out.truncate(mark);
                out.extend_from_slice(self.suffix);
                self.done = true;
                break;
            }
            self.items += 1;
        }
        Some(out)
    }
}
