//! Everything that needs a JS host (wasm32 only), the one boundary module: the driver that runs
//! the core's call on gloo-net, the session (cache, shared reads), the Rust API for Rust wasm
//! apps, and (feature `js`) the wasm-bindgen face the npm package exports.

mod api;
pub mod auth;
pub mod client;
pub mod context;
pub mod driver;
mod error;
pub mod observer;
pub mod outlign;
mod pacing;
mod prop;
pub mod proxy;
pub mod realm;
pub mod received;
pub mod row_stream;
pub mod rows;
pub mod session;
pub mod settings;
mod share;
pub mod timer;

#[cfg(feature = "js")]
pub mod js;

pub use api::Ack;
pub use client::{Calls, Options, RateLimit, TmrClient};
pub use driver::CallOptions;
pub use error::Failure;
pub use observer::Observer;
pub use row_stream::RowStream;

use std::sync::atomic::{AtomicBool, Ordering};

// Set by the panic hook: this instance is about to trap, so no driver may take another step and
// no call may start (the JS face's clients answer at once that a new client is needed).
static HALTED: AtomicBool = AtomicBool::new(false);

/// Whether this instance panicked.
pub fn halted() -> bool {
    HALTED.load(Ordering::Relaxed)
}

#[cfg(feature = "js")]
pub(crate) fn halt() {
    HALTED.store(true, Ordering::Relaxed);
}
