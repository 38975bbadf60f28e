//! Avatar upload (U3): image checks and the `multipart/form-data` body with one `file` field.

use super::error::{Error, Result};
use super::validate::quote;

/// The documented upload limit: 5 MB.
pub const MAX_AVATAR_BYTES: usize = 5 * 1024 * 1024;

/// A checked avatar ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Multipart {
    pub content_type: String,
    pub body: Vec<u8>,
}

/// Recognise common image formats from their first bytes, for a `Uint8Array` without a type.
pub fn sniff_image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Check the file and build the multipart body.
///
/// # Errors
/// `INVALID_ARGUMENT` for an empty file, a file over 5 MB, or a type that is not `image/*`.
pub fn multipart(bytes: &[u8], content_type: Option<&str>) -> Result<Multipart> {
    if bytes.is_empty() {
        return Err(Error::invalid("file is empty: pass the image as a Blob or Uint8Array"));
    }
    if bytes.len() > MAX_AVATAR_BYTES {
        return Err(Error::invalid(format!("file must be at most 5 MB ({MAX_AVATAR_BYTES} bytes); got {} bytes", bytes.len())));
    }
    let ct = match content_type.filter(|c| !c.is_empty()) {
        Some(c) => c,
        None => sniff_image_type(bytes).ok_or_else(|| {
            Error::invalid("options.contentType is required: the file is not a recognisable PNG, JPEG, GIF or WebP image")
        })?,
    };
    let mime_ok = ct.len() <= 100
        && ct
            .strip_prefix("image/")
            .is_some_and(|sub| !sub.is_empty() && sub.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)));
    if !mime_ok {
        return Err(Error::invalid(format!("options.contentType must be an image type such as \"image/png\"; got {}", quote(ct))));
    }
    let boundary = boundary_for(bytes);
    let ext = ct.trim_start_matches("image/").split('+').next().unwrap_or("img");
    let mut body = Vec::with_capacity(bytes.len() + 256);
    body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
    body.extend_from_slice(format!("Content-Disposition: form-data; name=\"file\"; filename=\"avatar.{ext}\"\r\n").as_bytes());
    body.extend_from_slice(format!("Content-Type: {ct}\r\n\r\n").as_bytes());
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Ok(Multipart { content_type: format!("multipart/form-data; boundary={boundary}"), body })
}

/// A boundary that does not occur in the file (derived from its content, so builds are
/// deterministic and testable without a random source).
fn boundary_for(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    loop {
        let candidate = format!("tmr-client-{h:016x}");
        if !bytes.windows(candidate.len()).any(|w| w == candidate.as_bytes()) {
            return candidate;
        }
        h = h.wrapping_add(1);
    }
}
