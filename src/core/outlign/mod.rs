//! The Outlign Clients API (CONTRACT.md §8): its own table, request building, answer checking and
//! OAuth helpers. Everything that makes it differ from TMR lives here: bare JSON instead of an
//! envelope, integer ids, snake_case fields, errors known only by their HTTP status, OAuth
//! bearer tokens. The call machinery (`call`, `retry`, the driver) is the one TMR uses.

pub mod endpoint;
pub mod model;
pub mod oauth;
pub mod request;
pub mod response;

pub use endpoint::OUTLIGN_ENDPOINTS;

/// The documented production origin; API paths are `/api/v1/…` under it.
pub const DEFAULT_BASE_URL: &str = "https://go.outlign.co";
/// Largest `per_page` the API documents.
pub const PER_PAGE_MAX: u64 = 1000;
/// Longest client title, in characters after trimming (WORKING-RULES.md, Outlign).
pub const TITLE_MAX_CHARS: usize = 255;
/// The one OAuth scope the API documents.
pub const SCOPE: &str = "outlign:all";
