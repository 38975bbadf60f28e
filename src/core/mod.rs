//! The sans-IO core: plain Rust that decides what to send, how to read the answer, whether to
//! retry and whether a role may act. No wasm, JS or web types here (a CI grep enforces it).

pub mod answer;
pub mod avatar;
pub mod cache;
pub mod call;
pub mod config;
pub mod endpoint;
pub mod error;
pub mod headroom;
pub mod http;
pub mod input;
pub mod model;
pub mod outlign;
pub mod policy;
pub mod proxy;
pub mod query;
pub mod ratelimit;
pub mod redact;
pub mod request;
pub mod response;
pub mod retry;
pub mod router;
pub mod rows;
pub mod scan;
pub mod shape;
pub mod validate;

pub use config::Config;
pub use endpoint::{Endpoint, ENDPOINTS};
pub use error::{Error, ErrorCode, Result};
pub use http::{HttpRequest, HttpResponse};

/// The `<connectorId>_<accountId>` form run-query and the fields endpoint take, from an
/// account's unprefixed `id`; an id that already carries the prefix is left alone (CONTRACT C1).
pub fn query_account_id(connector_id: &str, account_id: &str) -> String {
    let prefix = format!("{connector_id}_");
    if account_id.starts_with(&prefix) {
        account_id.to_owned()
    } else {
        prefix + account_id
    }
}
