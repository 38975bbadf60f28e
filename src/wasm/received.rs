//! What a call received: the answer a caller (or the proxy) gets, body and all. Below the driver
//! and the error type, which both hold one.

use std::ops::Range;

/// A successful answer: the body as the API sent it and where `data`'s JSON text lies in it (or
/// the data as the core normalised it).
#[derive(Debug, Clone)]
pub struct Answer {
    body: Vec<u8>,
    pub(crate) data: Range<usize>,
    /// `data` with missing nullable fields filled in, when the core had to (rare).
    pub(crate) normalised: Option<String>,
    /// Whether `body` is an HTTP answer's, envelope and all (not the cache's `data` alone).
    enveloped: bool,
    pub status: u16,
    pub headers: Option<Vec<(String, String)>>,
    /// `Content-Type`, when asked for ([`CallOptions::want_content_type`]).
    pub content_type: Option<String>,
    pub attempts: u32,
    pub duration_ms: f64,
}

impl Answer {
    /// An answer whose `data` is all of `json` (the cache's, or a normalised one).
    pub fn from_json(json: String, status: u16) -> Answer {
        let data = 0..json.len();
        let content_type = Some("application/json".to_owned());
        Answer {
            body: json.into_bytes(),
            data,
            normalised: None,
            enveloped: false,
            status,
            headers: None,
            content_type,
            attempts: 0,
            duration_ms: 0.0,
        }
    }

    /// The JSON text of `data`, as the API sent it (or normalised by the core).
    pub fn data_text(&self) -> &str {
        if let Some(json) = &self.normalised {
            return json;
        }
        // The core checked the body is UTF-8 and the span is a whole JSON value.
        std::str::from_utf8(self.body.get(self.data.clone()).unwrap_or_default()).unwrap_or("null")
    }

    /// The whole body as the API sent it: envelope and all (for the proxy). A cached read kept only
    /// its `data`, which is put back into the success envelope.
    pub fn envelope(&self) -> std::borrow::Cow<'_, [u8]> {
        if self.enveloped {
            return std::borrow::Cow::Borrowed(&self.body);
        }
        std::borrow::Cow::Owned(format!(r#"{{"success":true,"data":{}}}"#, self.data_text()).into_bytes())
    }

    /// An answer the API gave, kept whole (a failure's, for the proxy to forward).
    pub(crate) fn raw(reply: Replied, attempts: u32, duration_ms: f64) -> Answer {
        let Replied { body, status, headers, content_type } = reply;
        Answer { data: 0..0, body, normalised: None, enveloped: true, status, headers, content_type, attempts, duration_ms }
    }
}

/// The last HTTP answer of a call, kept for its end.
#[derive(Default)]
pub(crate) struct Replied {
    pub body: Vec<u8>,
    pub status: u16,
    pub headers: Option<Vec<(String, String)>>,
    pub content_type: Option<String>,
}
