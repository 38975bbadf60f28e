//! Argument checks that run before any request (WORKING-RULES.md, Identifiers and Requests).
//! Each error names the parameter and quotes the value.

use super::error::{Error, Result};

/// The value as JSON text, cut to 80 characters, for error messages.
pub fn quote(value: &str) -> String {
    let shown: String = value.chars().take(80).collect();
    let mut q = serde_json::to_string(&shown).unwrap_or_default();
    if shown.len() < value.len() {
        q.push('…');
    }
    q
}

/// A canonical 8-4-4-4-12 hex UUID (any version, either case).
pub fn uuid(param: &str, value: &str) -> Result<()> {
    let b = value.as_bytes();
    let ok = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        });
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!("{param} must be a UUID (8-4-4-4-12 hex digits); got {}", quote(value))))
    }
}

/// A connector id's form `^[a-z][a-z0-9_]{0,31}$`; never a fixed list, so new connectors need no release.
pub fn connector_id(param: &str, value: &str) -> Result<()> {
    let b = value.as_bytes();
    let ok = !b.is_empty()
        && b.len() <= 32
        && b[0].is_ascii_lowercase()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "{param} must be a connector id: a lowercase letter, then up to 31 lowercase letters, digits or \"_\" (e.g. \"gadw\"); got {}",
            quote(value)
        )))
    }
}

/// A provider account id for a path segment: any text, but not empty, not `.`/`..` (which URL
/// parsers resolve even when percent-encoded) and at most 256 characters.
pub fn account_id(param: &str, value: &str) -> Result<()> {
    if value.is_empty() || value.chars().count() > 256 {
        return Err(Error::invalid(format!("{param} must be 1 to 256 characters; got {}", quote(value))));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid(format!("{param} cannot be \".\" or \"..\"; got {}", quote(value))));
    }
    Ok(())
}

/// The `<connectorId>_<accountId>` form used by run-query and the fields endpoint.
pub fn prefixed_account_id(param: &str, value: &str) -> Result<()> {
    let ok = value
        .split_once('_')
        .is_some_and(|(prefix, rest)| !rest.is_empty() && connector_id(param, prefix).is_ok() && value.chars().count() <= 290);
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "{param} must be \"<connectorId>_<accountId>\" (e.g. \"gadw_1234567890\"; see queryAccountId()); got {}",
            quote(value)
        )))
    }
}

/// A display name: 1–100 characters after trimming. Returns the trimmed name.
pub fn name<'a>(param: &str, value: &'a str) -> Result<&'a str> {
    let trimmed = value.trim();
    let n = trimmed.chars().count();
    if (1..=100).contains(&n) {
        Ok(trimmed)
    } else {
        Err(Error::invalid(format!("{param} must be 1 to 100 characters after trimming; got {}", quote(value))))
    }
}

/// An e-mail address of the usual `local@domain.tld` shape, at most 254 characters.
pub fn email(param: &str, value: &str) -> Result<()> {
    let ok = value.len() <= 254
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        });
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!("{param} must be an e-mail address; got {}", quote(value))))
    }
}

/// A calendar date `YYYY-MM-DD`. Returns days since 0000-03-01 for ordering.
pub fn date(param: &str, value: &str) -> Result<i64> {
    let bad = || Error::invalid(format!("{param} must be a date \"YYYY-MM-DD\"; got {}", quote(value)));
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let num = |s: &str| s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse::<i64>().ok()).flatten();
    let (y, m, d) = match (num(&value[0..4]), num(&value[5..7]), num(&value[8..10])) {
        (Some(y), Some(m), Some(d)) => (y, m, d),
        _ => return Err(bad()),
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if d < 1 || d > days_in_month {
        return Err(bad());
    }
    // Days from civil (Howard Hinnant's algorithm), enough to compare and count days.
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    Ok(365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d - 1)
}

/// Percent-encode one path segment: everything but RFC 3986 unreserved characters, so `/`, `?`,
/// `#`, `%` and unicode can never change the URL's structure.
pub fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
    out
}
