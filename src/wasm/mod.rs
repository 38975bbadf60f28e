//! The JS binding: moves values between JS and the core, sends requests with `fetch`, and turns
//! every failure into a real JS `Error`. All wasm/JS names of the crate live under this module.

mod call;
pub mod client;
mod convert;
mod error;
mod fetch;
mod hooks;
mod options;
mod pacing;
pub mod policy;
mod timer;

pub use client::Core;
