//! One pass over an answer's bytes: strict JSON syntax (RFC 8259), the envelope, and `data`
//! against its [`Shape`], building nothing. The caller's objects are built by the JS engine's
//! own parser from the same text, so checking must not allocate per value.

mod envelope;
mod frame;
mod rows;
mod value;

use super::shape::Shape;
pub use envelope::Envelope;
pub use rows::{Found, Next, RowScan, Verdict};
use std::ops::Range;
pub use value::parse;

/// Deeper nesting is refused, as serde_json does; it also bounds the recursion here.
const MAX_DEPTH: u32 = 128;

/// Why a text was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fail {
    /// Not JSON at all.
    Syntax(String),
    /// JSON, but not the documented shape; `path` is where (`[3].plan.limits`).
    Shape { path: String, message: String },
}

impl Fail {
    fn at(mut self, segment: &str) -> Fail {
        if let Fail::Shape { path, .. } = &mut self {
            path.insert_str(0, segment);
        }
        self
    }
}

pub struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    depth: u32,
    /// Where `b` starts in the whole answer (a stream's buffer holds only its unread end), for
    /// the byte offsets of error messages.
    base: usize,
    /// Set when a `Nullable` field was missing (the text needs `null` filled in).
    pub absent: bool,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Scanner<'a> {
        Scanner { b: text.as_bytes(), i: 0, depth: 0, base: 0, absent: false }
    }

    /// A scanner over part of an answer: `b` starts at byte `base` of the whole, the scan at
    /// `b[at]`, `depth` levels deep. The caller keeps `b` whole UTF-8 where it reads strings.
    fn within(b: &'a [u8], at: usize, base: usize, depth: u32) -> Scanner<'a> {
        Scanner { b, i: at, depth, base, absent: false }
    }

    fn syntax<T>(&self, what: &str) -> Result<T, Fail> {
        Err(Fail::Syntax(format!("{what} at byte {}", self.base + self.i)))
    }

    fn shape<T>(&self, expected: &Shape) -> Result<T, Fail> {
        let got = match self.b.get(self.i) {
            Some(b'"') => "a string",
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            Some(b'-' | b'0'..=b'9') => "a number",
            _ => return self.syntax("expected a value"),
        };
        Err(Fail::Shape { path: String::new(), message: format!("expected {}, got {got}", expected.describe()) })
    }

    // The hot path of every scan: inlined even at opt-level "z" (measured: ~2x faster checks).
    #[inline(always)]
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    #[inline(always)]
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn need(&mut self, c: u8) -> Result<(), Fail> {
        if self.eat(c) {
            Ok(())
        } else {
            self.syntax(&format!("expected `{}`", c as char))
        }
    }

    fn enter(&mut self) -> Result<(), Fail> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.syntax("nested too deeply");
        }
        Ok(())
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Fail> {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(())
        } else {
            self.syntax("invalid literal")
        }
    }

    /// A string at `self.i` (its opening quote); returns the range inside the quotes and whether
    /// it holds escapes.
    fn string(&mut self) -> Result<(Range<usize>, bool), Fail> {
        self.i += 1;
        let start = self.i;
        let mut escaped = false;
        loop {
            // Runs of plain characters in one tight loop: most of any answer is string bodies.
            let plain = self.b[self.i..].iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20);
            let Some(n) = plain else {
                self.i = self.b.len();
                return self.syntax("unterminated string");
            };
            self.i += n;
            match self.b[self.i] {
                b'"' => {
                    self.i += 1;
                    return Ok((start..self.i - 1, escaped));
                }
                b'\\' => {
                    escaped = true;
                    match self.b.get(self.i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 2,
                        Some(b'u') if self.b.get(self.i + 2..self.i + 6).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) => {
                            self.i += 6;
                        }
                        _ => return self.syntax("invalid escape"),
                    }
                }
                _ => return self.syntax("control character in a string"),
            }
        }
    }

    /// A number at `self.i`; `Some(n)` when it is a plain non-negative integer that fits `u64`.
    fn number(&mut self) -> Result<Option<u64>, Fail> {
        let negative = self.b.get(self.i) == Some(&b'-');
        if negative {
            self.i += 1;
        }
        let digits = |s: &mut Self| {
            let from = s.i;
            while s.b.get(s.i).is_some_and(u8::is_ascii_digit) {
                s.i += 1;
            }
            s.i - from
        };
        let int_start = self.i;
        match digits(self) {
            0 => return self.syntax("invalid number"),
            n if n > 1 && self.b[int_start] == b'0' => return self.syntax("leading zero in a number"),
            _ => {}
        }
        let int_end = self.i;
        let mut integer = !negative;
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            integer = false;
            if digits(self) == 0 {
                return self.syntax("invalid number");
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return self.syntax("invalid number");
            }
        }
        if !integer {
            return Ok(None);
        }
        Ok(self.b[int_start..int_end].iter().try_fold(0u64, |n, d| n.checked_mul(10)?.checked_add(u64::from(d - b'0'))))
    }

    /// An object at `self.i` (its `{`): `member` reads each value, given its key's range and
    /// whether the key holds escapes.
    fn members(&mut self, mut member: impl FnMut(&mut Self, Range<usize>, bool) -> Result<(), Fail>) -> Result<(), Fail> {
        self.i += 1;
        self.enter()?;
        if !self.eat(b'}') {
            loop {
                if self.peek() != Some(b'"') {
                    return self.syntax("expected a key");
                }
                let (key, escaped) = self.string()?;
                self.need(b':')?;
                member(self, key, escaped)?;
                if !self.eat(b',') {
                    break;
                }
            }
            self.need(b'}')?;
        }
        self.depth -= 1;
        Ok(())
    }

    /// An array at `self.i` (its `[`): `element` reads each element, given its index.
    fn elements(&mut self, mut element: impl FnMut(&mut Self, usize) -> Result<(), Fail>) -> Result<(), Fail> {
        self.i += 1;
        self.enter()?;
        if !self.eat(b']') {
            let mut n = 0;
            loop {
                element(self, n)?;
                n += 1;
                if !self.eat(b',') {
                    break;
                }
            }
            self.need(b']')?;
        }
        self.depth -= 1;
        Ok(())
    }

    /// Any value, checked for syntax only.
    fn skip(&mut self) -> Result<(), Fail> {
        match self.peek() {
            Some(b'{') => self.members(|s, _, _| s.skip()),
            Some(b'[') => self.elements(|s, _| s.skip()),
            Some(b'"') => self.string().map(drop),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            _ => self.syntax("expected a value"),
        }
    }

    /// A value of `shape`.
    pub fn value(&mut self, shape: &Shape) -> Result<(), Fail> {
        let c = self.peek();
        match (shape, c) {
            (Shape::Any, _) => self.skip(),
            (Shape::Nullable(_), Some(b'n')) => self.literal(b"null"),
            (Shape::Nullable(inner) | Shape::Optional(inner), _) => self.value(inner),
            (Shape::Str, Some(b'"')) => self.string().map(drop),
            (Shape::Bool, Some(b't' | b'f')) => self.skip(),
            (Shape::U64, Some(b'-' | b'0'..=b'9')) => {
                let at = self.i;
                match self.number()? {
                    Some(_) => Ok(()),
                    None => {
                        self.i = at;
                        Err(Fail::Shape { path: String::new(), message: "expected a non-negative integer, got a number".into() })
                    }
                }
            }
            (Shape::AnyObject, Some(b'{')) => self.skip(),
            (Shape::List(item), Some(b'[')) => self.elements(|s, n| s.value(item).map_err(|f| f.at(&format!("[{n}]")))),
            (Shape::Map(_) | Shape::Object(_), Some(b'{')) => self.object(shape),
            _ => self.shape(shape),
        }
    }

    fn object(&mut self, shape: &Shape) -> Result<(), Fail> {
        let fields: &[(&str, Shape)] = match shape {
            Shape::Object(fields) => fields,
            _ => &[],
        };
        let mut seen = 0u64;
        self.members(|s, key, escaped| {
            let name = s.key(key, escaped)?;
            let known = fields.iter().position(|(f, _)| f.as_bytes() == name.as_ref());
            match (shape, known) {
                (Shape::Map(inner), _) => s.value(inner).map_err(|f| f.at(&format!("[{}]", String::from_utf8_lossy(&name)))),
                (_, Some(k)) => {
                    let (field, field_shape) = &fields[k];
                    if seen & (1 << k) != 0 {
                        return Err(Fail::Shape { path: String::new(), message: format!("duplicate field `{field}`") });
                    }
                    seen |= 1 << k;
                    s.value(field_shape).map_err(|f| f.at(&format!(".{field}")))
                }
                (_, None) => s.skip(),
            }
        })?;
        for (k, (field, field_shape)) in fields.iter().enumerate() {
            if seen & (1 << k) == 0 && !matches!(field_shape, Shape::Optional(_)) {
                if !matches!(field_shape, Shape::Nullable(_)) {
                    return Err(Fail::Shape { path: String::new(), message: format!("missing field `{field}`") });
                }
                self.absent = true;
            }
        }
        Ok(())
    }

    /// A key's bytes, unescaped when it holds escapes (`"na\u006de"` is `name`).
    fn key(&self, range: Range<usize>, escaped: bool) -> Result<std::borrow::Cow<'a, [u8]>, Fail> {
        let b: &'a [u8] = self.b;
        if !escaped {
            return Ok(std::borrow::Cow::Borrowed(&b[range]));
        }
        // Escapes are rare in keys: decode this one.
        std::str::from_utf8(&b[range])
            .ok()
            .and_then(value::unescape)
            .map(|s| std::borrow::Cow::Owned(s.into_bytes()))
            .map_or_else(|| self.syntax("lone surrogate in a key"), Ok)
    }

    /// The whole text is one value of `shape` (and nothing after it but whitespace).
    pub fn document(&mut self, shape: &Shape) -> Result<(), Fail> {
        self.value(shape)?;
        self.end()
    }

    fn end(&mut self) -> Result<(), Fail> {
        if self.peek().is_some() {
            return self.syntax("trailing characters");
        }
        Ok(())
    }
}
