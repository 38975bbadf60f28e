//! tmr-client: a typed client for the Two Minute Reports REST API v1, compiled to WebAssembly.
//!
//! - [`core`]: the sans-IO core (endpoint table, requests, decoding, policy, retries), tested on the host.
//! - `wasm` (wasm32 only): the JS binding behind the npm package's `TmrClient`.

#![forbid(unsafe_code)]

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
