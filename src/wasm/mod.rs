//! The JS binding: moves values between JS and the core, sends requests with `fetch`, and turns
//! every failure into a real JS `Error`. All wasm/JS names of the crate live under this module.

pub mod client;
mod convert;
mod error;
mod fetch;
mod options;
pub mod policy;
mod timer;

pub use client::Core;
