//! tmr-mock: the Two Minute Reports API v1 on loopback. `engine` is IO-free (state +
//! `handle(request, now)`, and `engine::wire` for what HTTP adds); `shell` (feature `server`)
//! serves it over HTTP with axum. Without `server` the crate compiles to wasm32 (mock-wasm/).

pub mod engine;
pub mod openapi;
#[cfg(feature = "server")]
pub mod shell;
