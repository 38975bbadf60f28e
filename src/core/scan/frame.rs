//! Where one JSON value ends, found without checking it, resumably: a stream's scanner asks
//! whether the value at the front of its buffer is whole yet before the strict scanner reads it,
//! so that running out of bytes is never mistaken for an error (or an error for running out).

/// Deeper than this, a value is certainly refused (the scanner's own limit is lower).
const MAX_DEPTH: u32 = 128;

/// How far the value at the front of a buffer has been framed. Reset for each new value.
#[derive(Debug, Default, Clone)]
pub struct Frame {
    /// Bytes of the value looked at so far.
    len: usize,
    depth: u32,
    /// Bit `d` set: the bracket open at depth `d` is `[` (clear: `{`).
    brackets: u128,
    in_string: bool,
}

/// A byte that can continue a literal or a number (anything else ends one).
fn scalar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'+' | b'-')
}

impl Frame {
    /// The length of the value that starts at `b[0]` when it is whole in `b`, or certainly
    /// broken within it (a bracket that closes the wrong kind, nesting past any limit): the strict
    /// scanner then finds the fault in those bytes. `None`: more bytes are needed to tell.
    /// `b` must start where the last call's did, with the same bytes and perhaps more after them.
    pub fn end(&mut self, b: &[u8]) -> Option<usize> {
        let first = *b.first()?;
        match first {
            b'{' | b'[' => self.nested(b),
            b'"' => {
                if self.len == 0 {
                    self.len = 1;
                    self.in_string = true;
                }
                self.string(b).then_some(self.len)
            }
            c if scalar(c) => {
                let rest = b[self.len..].iter().position(|&c| !scalar(c));
                match rest {
                    Some(n) => Some(self.len + n),
                    None => {
                        self.len = b.len();
                        None
                    }
                }
            }
            // Not the start of any value: the scanner refuses it at once.
            _ => Some(0),
        }
    }

    /// Go on through a string (after its opening quote): whether its closing quote was reached.
    fn string(&mut self, b: &[u8]) -> bool {
        while self.in_string {
            let Some(n) = b[self.len..].iter().position(|&c| c == b'"' || c == b'\\') else {
                self.len = b.len();
                return false;
            };
            let at = self.len + n;
            if b[at] == b'"' {
                self.len = at + 1;
                self.in_string = false;
            } else if at + 1 < b.len() {
                self.len = at + 2;
            } else {
                // A backslash last: what it escapes is still to come.
                self.len = at;
                return false;
            }
        }
        true
    }

    fn nested(&mut self, b: &[u8]) -> Option<usize> {
        loop {
            if self.in_string && !self.string(b) {
                return None;
            }
            let c = *b.get(self.len)?;
            self.len += 1;
            match c {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    if self.depth >= MAX_DEPTH {
                        return Some(self.len);
                    }
                    let bit = 1u128 << self.depth;
                    self.brackets = if c == b'[' { self.brackets | bit } else { self.brackets & !bit };
                    self.depth += 1;
                }
                b'}' | b']' => {
                    let Some(depth) = self.depth.checked_sub(1) else { return Some(self.len) };
                    let open_is_list = self.brackets & (1u128 << depth) != 0;
                    if open_is_list != (c == b']') {
                        return Some(self.len);
                    }
                    self.depth = depth;
                    if depth == 0 {
                        return Some(self.len);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Frame;

    /// Fed `text` a byte more at a time, the end found (or `None` when never whole).
    fn framed(text: &str) -> Option<usize> {
        let mut f = Frame::default();
        (1..=text.len()).find_map(|n| f.end(&text.as_bytes()[..n]))
    }

    #[test]
    fn ends_of_values() {
        assert_eq!(framed(r#"{"a":[1,{"b":"}]"}],"c":"\"{"} ,"#), Some(30));
        assert_eq!(framed(r#""a\"b" x"#), Some(6));
        assert_eq!(framed("true,"), Some(4));
        assert_eq!(framed("-1.5e+3]"), Some(7));
        assert_eq!(framed("12"), None, "a number may go on");
        assert_eq!(framed(r#"{"a":"\"#), None);
        assert_eq!(framed("{]"), Some(2), "a wrong closing bracket ends the frame: the scanner refuses it");
        assert_eq!(framed("],"), Some(0));
        let deep = "[".repeat(200);
        assert_eq!(framed(&deep), Some(129));
    }
}
