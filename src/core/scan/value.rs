//! JSON text → `serde_json::Value` with the same scanner, for the few places that need a value
//! (call arguments, an answer to normalise, an API error). serde_json still writes JSON, but its
//! reader is not in the `.wasm`: it brought ~25 KB of code, float formatting for its error
//! messages included.

use super::{Fail, Scanner};
use serde_json::{Map, Number, Value};

/// Parse one JSON document (object keys keep their order; a repeated key keeps its first place
/// and its last value, as serde_json does).
///
/// # Errors
/// `Fail::Syntax` for anything that is not JSON, a lone surrogate or a number beyond `f64`.
pub fn parse(text: &str) -> Result<Value, Fail> {
    let mut s = Scanner::new(text);
    let v = s.build()?;
    s.end()?;
    Ok(v)
}

impl Scanner<'_> {
    fn build(&mut self) -> Result<Value, Fail> {
        match self.peek() {
            Some(b'{') => {
                let mut map = Map::new();
                self.members(|s, key, escaped| {
                    let key = s.owned(key, escaped)?;
                    let value = s.build()?;
                    map.insert(key, value);
                    Ok(())
                })?;
                Ok(Value::Object(map))
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.elements(|s, _| {
                    items.push(s.build()?);
                    Ok(())
                })?;
                Ok(Value::Array(items))
            }
            Some(b'"') => self.text().map(Value::String),
            Some(b't') => self.literal(b"true").map(|()| Value::Bool(true)),
            Some(b'f') => self.literal(b"false").map(|()| Value::Bool(false)),
            Some(b'n') => self.literal(b"null").map(|()| Value::Null),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.i;
                self.number()?;
                let raw = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("");
                let n = if let Ok(u) = raw.parse::<u64>() {
                    Some(Number::from(u))
                } else if let Some(i) = raw.parse::<i64>().ok().filter(|i| *i != 0) {
                    // `-0` is a float, as serde_json reads it.
                    Some(Number::from(i))
                } else {
                    raw.parse::<f64>().ok().and_then(Number::from_f64)
                };
                match n {
                    Some(n) => Ok(Value::Number(n)),
                    None => {
                        self.i = start;
                        self.syntax("number out of range")
                    }
                }
            }
            _ => self.syntax("expected a value"),
        }
    }

    /// The string at `self.i`, unescaped.
    fn text(&mut self) -> Result<String, Fail> {
        let (range, escaped) = self.string()?;
        self.owned(range, escaped)
    }

    /// The string body at `range` (already scanned), unescaped.
    fn owned(&self, range: std::ops::Range<usize>, escaped: bool) -> Result<String, Fail> {
        let raw = std::str::from_utf8(&self.b[range]).unwrap_or("");
        if !escaped {
            return Ok(raw.to_owned());
        }
        unescape(raw).map_or_else(|| self.syntax("lone surrogate in a string"), Ok)
    }
}

/// The characters of a JSON string's body whose escapes the scanner has checked; `None` for a
/// lone surrogate (`"\ud800"`), which no Rust string can hold.
pub(super) fn unescape(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let esc = rest.as_bytes().get(at + 1).copied()?;
        rest = &rest[at + 2..];
        let c = match esc {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            _ => {
                let hex = |s: &str| u32::from_str_radix(s.get(..4)?, 16).ok();
                let unit = hex(rest)?;
                rest = &rest[4..];
                if (0xD800..0xDC00).contains(&unit) {
                    let low = rest.strip_prefix("\\u").and_then(hex).filter(|l| (0xDC00..0xE000).contains(l))?;
                    rest = &rest[6..];
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                } else {
                    char::from_u32(unit)?
                }
            }
        };
        out.push(c);
    }
    out.push_str(rest);
    Some(out)
}
