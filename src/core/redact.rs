//! Secrets out of error text: a server or a `fetch` that echoes the request (its headers, its
//! form body) must not carry a key, a token or a client secret into an error, a page or a log.

use super::error::Error;
use super::validate::encode_segment;

/// Replace every occurrence of `secret` in an error's text, as typed or form-encoded as it was
/// sent (a server echoing the request).
pub fn redact(error: Error, secret: &str) -> Error {
    if secret.is_empty() {
        return error;
    }
    let clean = |m: String| redact_text(m, secret);
    match error {
        Error::Api { code, api_code, status, message, retry_after_ms } => {
            Error::Api { code, api_code: clean(api_code), status, message: clean(message), retry_after_ms }
        }
        Error::InvalidResponse { status, message } => Error::InvalidResponse { status, message: clean(message) },
        Error::Network { message } => Error::Network { message: clean(message) },
        Error::BodyLost { status, received, message } => Error::BodyLost { status, received, message: clean(message) },
        Error::AmbiguousWrite { endpoint, cause } => Error::AmbiguousWrite { endpoint, cause: clean(cause) },
        Error::InvalidArgument { message } => Error::InvalidArgument { message: clean(message) },
        Error::Internal { message } => Error::Internal { message: clean(message) },
        // No text to clean; a new variant must be listed here or above (the match is exhaustive).
        other @ (Error::Timeout { .. } | Error::Aborted | Error::NotReady | Error::RateLimited { .. }) => other,
    }
}

/// `text` with every occurrence of `secret` (as typed or percent-encoded) replaced.
pub fn redact_text(text: String, secret: &str) -> String {
    if secret.is_empty() {
        return text;
    }
    let encoded = encode_segment(secret);
    cut_tail(text.replace(secret, "[redacted]").replace(&encoded, "[redacted]"), &[secret, &encoded])
}

/// A message cut short (ending in `…`) may end with the first part of a secret: redact that too.
fn cut_tail(message: String, forms: &[&str]) -> String {
    let Some(body) = message.strip_suffix('…') else { return message };
    for form in forms {
        let longest = (1..form.len()).rev().find(|&k| form.is_char_boundary(k) && body.ends_with(&form[..k]));
        if let Some(k) = longest {
            return format!("{}[redacted]…", &body[..body.len() - k]);
        }
    }
    message
}

/// A body passed on in chunks with every occurrence of a secret blanked out (`*` for each byte),
/// also where one spans two chunks: a chunk's end that could begin the secret waits for the next
/// chunk (nothing else is held back).
#[derive(Debug)]
pub struct Blank {
    secret: Vec<u8>,
    held: Vec<u8>,
}

impl Blank {
    pub fn new(secret: &str) -> Blank {
        Blank { secret: secret.as_bytes().to_vec(), held: Vec::new() }
    }

    /// The bytes that can go on now.
    pub fn chunk(&mut self, bytes: &[u8]) -> Vec<u8> {
        let n = self.secret.len();
        if n == 0 {
            return bytes.to_vec();
        }
        let mut out = std::mem::take(&mut self.held);
        out.extend_from_slice(bytes);
        let mut i = 0;
        while i + n <= out.len() {
            if out[i..i + n] == self.secret[..] {
                out[i..i + n].fill(b'*');
                i += n;
            } else {
                i += 1;
            }
        }
        // The longest end of `out` that is the start of the secret.
        let keep = (1..n.min(out.len() + 1)).rev().find(|&k| out.ends_with(&self.secret[..k])).unwrap_or(0);
        self.held = out.split_off(out.len() - keep);
        out
    }

    /// The bytes still held, at the body's end.
    pub fn end(self) -> Vec<u8> {
        self.held
    }
}

#[cfg(test)]
mod tests {
    use super::Blank;

    #[test]
    fn a_secret_is_blanked_however_the_body_is_cut() {
        let body = b"a tmrc_live_k3y b tmrc_live_k3ytmrc_live_k3y c tmrc_live_k3";
        let want = String::from_utf8_lossy(body).replace("tmrc_live_k3y", "*************").into_bytes();
        for size in 1..=body.len() {
            let mut blank = Blank::new("tmrc_live_k3y");
            let mut out: Vec<u8> = body.chunks(size).flat_map(|c| blank.chunk(c)).collect();
            out.extend(blank.end());
            assert_eq!(out, want, "chunks of {size}");
        }
    }

    #[test]
    fn only_what_could_begin_the_secret_waits() {
        let mut blank = Blank::new("tmrc_live_k3y");
        assert_eq!(blank.chunk(b"{\"a\":1}"), b"{\"a\":1}".to_vec());
        assert_eq!(blank.chunk(b"x tmrc_li"), b"x ".to_vec());
        assert_eq!(blank.chunk(b"nt"), b"tmrc_lin".to_vec(), "a final `t` could begin it");
        assert_eq!(blank.end(), b"t".to_vec());
    }
}
