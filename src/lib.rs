//! tmr-client: a typed client for the Two Minute Reports REST API v1, compiled to WebAssembly.
//!
//! - [`core`]: the sans-IO core (endpoint table, requests, decoding, policy, the call as a state
//!   machine), tested on the host.
//! - `wasm` (wasm32 only): the driver on gloo-net, the Rust API ([`TmrClient`]) for Rust wasm
//!   apps, and (feature `js`, default) the JS `TmrClient` the npm package exports.

#![forbid(unsafe_code)]

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(target_arch = "wasm32")]
pub use wasm::{outlign, Ack, CallOptions, Calls, Observer, Options, RateLimit, RowStream, TmrClient};

pub use crate::core::model;
pub use crate::core::policy::Role;
pub use crate::core::{Error, ErrorCode};
