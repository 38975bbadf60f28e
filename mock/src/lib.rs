//! tmr-mock: the Two Minute Reports API v1 on loopback. `engine` is IO-free (state +
//! `handle(request, now)`); `shell` serves it over HTTP with axum.

pub mod engine;
pub mod openapi;
pub mod shell;
