//! `x-mock-fault` directives: `latency=MS; status=CODE; retry-after=S; drop; malformed; truncate;
//! cut=N; stall=N; after-write`. `truncate` halves a buffered body (a valid answer whose JSON is
//! cut); a streamed one (run-query) has no length until its end, so there it is `cut` at half of
//! its first chunk. `cut=N` sends the first N bytes of the body, then fails the connection;
//! `stall=N` sends them, then nothing more, never ending the answer (the server gives up when the
//! client leaves, or after 10 minutes). Both apply to whatever answer goes out (also one a
//! `status=` or `malformed` fault made), with no `content-length`; `drop` sends none.

use super::stream::End;
use tmr_client::core::ErrorCode;

/// Parsed fault directives of one request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fault {
    pub latency_ms: u64,
    pub status: Option<u16>,
    pub retry_after_s: Option<u64>,
    pub drop: bool,
    pub malformed: bool,
    pub truncate: bool,
    /// `cut=N` or `stall=N`: the body's first N bytes, then the connection fails or hangs.
    pub ends_after: Option<(usize, End)>,
    pub after_write: bool,
}

impl Fault {
    /// Parse the header; unknown directives are an error so a typo cannot silently test nothing.
    pub fn parse(header: &str) -> Result<Fault, String> {
        let mut f = Fault::default();
        let mut ends: Vec<&str> = Vec::new();
        for d in header.split(';').map(str::trim).filter(|d| !d.is_empty()) {
            let (k, v) = d.split_once('=').map_or((d, None), |(k, v)| (k.trim(), Some(v.trim())));
            let num = |v: Option<&str>| v.and_then(|v| v.parse::<u64>().ok()).ok_or(format!("x-mock-fault: `{d}` needs a number"));
            match k {
                "latency" => f.latency_ms = num(v)?.min(600_000),
                "status" => f.status = Some(u16::try_from(num(v)?).map_err(|_| format!("x-mock-fault: bad status in `{d}`"))?),
                "retry-after" => f.retry_after_s = Some(num(v)?),
                "drop" => f.drop = true,
                "malformed" => f.malformed = true,
                "truncate" => f.truncate = true,
                // A count past the address space (wasm32) is past any body too.
                "cut" => f.ends_after = Some((usize::try_from(num(v)?).unwrap_or(usize::MAX), End::Cut)),
                "stall" => f.ends_after = Some((usize::try_from(num(v)?).unwrap_or(usize::MAX), End::Stall)),
                "after-write" => f.after_write = true,
                _ => return Err(format!("x-mock-fault: unknown directive `{d}`")),
            }
            // Two ways to end one body early: which one a test meant is anyone's guess.
            if ["truncate", "cut", "stall"].contains(&k) && !ends.contains(&k) {
                ends.push(k);
            }
        }
        if ends.len() > 1 {
            return Err("x-mock-fault: `truncate`, `cut` and `stall` exclude each other".to_owned());
        }
        Ok(f)
    }

    /// Whether this fault replaces the real answer.
    pub fn replaces_answer(&self) -> bool {
        self.status.is_some() || self.drop || self.malformed
    }

    /// The API code that goes with an injected status.
    pub fn code(status: u16) -> ErrorCode {
        ErrorCode::ALL.iter().copied().find(|c| c.http_status() == Some(status)).unwrap_or(ErrorCode::InternalServerError)
    }
}
