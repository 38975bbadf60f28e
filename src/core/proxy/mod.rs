//! The proxy's policy (`tmr-client/proxy`), sans IO: which page requests a server holding the key
//! forwards, and what exactly goes upstream. A page request is routed by the endpoint table (the
//! mock's router), checked against the allow list, then re-built by the client's own validators,
//! so the request forwarded is one `TmrClient` could have sent, never the page's bytes.

mod allow;
mod path;
mod rebuild;
mod refusal;

pub use allow::AllowList;
pub use path::{route, Routed};
pub use rebuild::rebuild;
pub use refusal::{envelope, Refusal};

/// Largest request body the proxy reads by default (the API's own limit for JSON bodies is not
/// documented; the mock's is the same 1 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// Default longest wait for a rate-limit slot: a page should hear 429 with `Retry-After` rather
/// than hold its request open for minutes (a client's default is 300 s).
pub const DEFAULT_MAX_WAIT_MS: u64 = 10_000;
