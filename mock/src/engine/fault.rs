//! `x-mock-fault` directives: `latency=MS; status=CODE; retry-after=S; drop; malformed; truncate; after-write`.

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
    pub after_write: bool,
}

impl Fault {
    /// Parse the header; unknown directives are an error so a typo cannot silently test nothing.
    pub fn parse(header: &str) -> Result<Fault, String> {
        let mut f = Fault::default();
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
                "after-write" => f.after_write = true,
                _ => return Err(format!("x-mock-fault: unknown directive `{d}`")),
            }
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
