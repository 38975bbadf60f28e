//! The envelope `{ success, data, error }` around every answer, read by the same scanner.

use super::{Fail, Scanner};
use crate::core::shape::Shape;
use std::ops::Range;

/// The envelope `{ success, data, error }` of an answer.
#[derive(Debug, Default)]
pub struct Envelope {
    pub success: bool,
    /// Where `data` is in the text; `None` when missing or `null`.
    pub data: Option<Range<usize>>,
    /// `error.code` and `error.message` (JSON-unescaped), when `error` is an object.
    pub error: Option<(String, String)>,
}

impl Scanner<'_> {
    /// The envelope. `data` is checked against `shape` when `success` came before it (as the API
    /// sends it); otherwise it is skipped and `checked` is `false`. Returns the envelope, whether
    /// `data` was checked, and the shape failure found in it, if any.
    pub fn envelope(&mut self, shape: &Shape) -> Result<(Envelope, bool, Option<Fail>), Fail> {
        let mut env = Envelope::default();
        let (mut success, mut data_seen, mut error_seen) = (None, false, false);
        let (mut checked, mut data_fail) = (false, None);
        if self.peek() != Some(b'{') {
            return self.syntax("expected an object");
        }
        self.members(|s, key, escaped| {
            let name = s.key(key, escaped)?;
            let duplicate = |s: &Self| s.syntax(&format!("duplicate field `{}`", String::from_utf8_lossy(&name)));
            match name.as_ref() {
                b"success" => {
                    if success.is_some() {
                        return duplicate(s);
                    }
                    success = Some(match s.peek() {
                        Some(b't') => s.literal(b"true").map(|()| true)?,
                        Some(b'f') => s.literal(b"false").map(|()| false)?,
                        _ => return s.syntax("\"success\" must be a boolean"),
                    });
                }
                b"data" => {
                    if std::mem::replace(&mut data_seen, true) {
                        return duplicate(s);
                    }
                    if s.peek() == Some(b'n') {
                        return s.literal(b"null");
                    }
                    let start = s.i;
                    if success == Some(true) {
                        checked = true;
                        match s.value(shape) {
                            Ok(()) => {}
                            // Keep the shape failure; the rest must still be JSON.
                            Err(f @ Fail::Shape { .. }) => {
                                data_fail = Some(f);
                                s.i = start;
                                s.depth = 1;
                                s.skip()?;
                            }
                            Err(syntax) => return Err(syntax),
                        }
                    } else {
                        s.skip()?;
                    }
                    env.data = Some(start..s.i);
                }
                b"error" => {
                    if std::mem::replace(&mut error_seen, true) {
                        return duplicate(s);
                    }
                    env.error = s.api_error()?;
                }
                _ => s.skip()?,
            }
            Ok(())
        })?;
        self.end()?;
        env.success = match success {
            Some(s) => s,
            None => return self.syntax("missing field `success`"),
        };
        Ok((env, checked, data_fail))
    }

    /// `error`: `null` or `{ code: string, message: string }`.
    pub(super) fn api_error(&mut self) -> Result<Option<(String, String)>, Fail> {
        const BODY: Shape = Shape::Object(&[("code", Shape::Str), ("message", Shape::Str)]);
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            return Ok(None);
        }
        let start = self.i;
        if self.value(&BODY).is_err() {
            self.i = start;
            return self.syntax("\"error\" must be an object with a string \"code\" and \"message\"");
        }
        // Rare (error answers only): let serde_json read the two strings.
        let text = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("{}");
        let v = super::parse(text).unwrap_or_default();
        let s = |k: &str| v.get(k).and_then(serde_json::Value::as_str).unwrap_or_default().to_owned();
        Ok(Some((s("code"), s("message"))))
    }
}
