//! What either API's decoder hands the call machinery: where the data lies in a valid answer,
//! and when a `Retry-After` says to come back. Neutral ground for `response` (TMR) and
//! `outlign::response`, so neither imports the other's.

/// How the caller gets `data` from a valid answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    /// The API's text is valid and complete: the caller's JSON parser can build `data` straight
    /// from the body (bytes `start..end` are the `data` value).
    AsSent { start: usize, end: usize },
    /// `data` had to be normalised (a missing nullable field became `null`): its JSON text.
    Normalised(String),
}

impl Decoded {
    /// The JSON text of `data`.
    pub fn text(&self, body: &[u8]) -> String {
        match self {
            Decoded::AsSent { start, end } => String::from_utf8_lossy(&body[*start..*end]).into_owned(),
            Decoded::Normalised(json) => json.clone(),
        }
    }
}

/// `Retry-After` in milliseconds from `now_ms`: delay-seconds, or an HTTP-date (IMF-fixdate,
/// e.g. `Sun, 06 Nov 1994 08:49:37 GMT`; a date in the past means now).
pub fn retry_after_ms(value: &str, now_ms: u64) -> Option<u64> {
    let v = value.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(s.saturating_mul(1000));
    }
    http_date_ms(v).map(|at| at.saturating_sub(now_ms))
}

/// Milliseconds since the Unix epoch of an IMF-fixdate.
fn http_date_ms(v: &str) -> Option<u64> {
    let parts: Vec<&str> = v.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let m = MONTHS.iter().position(|x| x == month)? + 1;
    let date = format!("{year:0>4}-{m:02}-{day:0>2}");
    let days = super::validate::date("Retry-After", &date).ok()? - super::validate::date("epoch", "1970-01-01").ok()?;
    let hms: Vec<u64> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [h, mi, se] = hms.as_slice() else { return None };
    let secs = u64::try_from(days).ok()? * 86_400 + h * 3600 + mi * 60 + se;
    Some(secs * 1000)
}
