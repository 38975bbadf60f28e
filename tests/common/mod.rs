//! Helpers shared by the native test files.
#![allow(dead_code)]

use serde_json::Value;
use tmr_client::core::{request, Config, Endpoint, HttpRequest, Result};

pub const TEAM: &str = "0190f8b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f";
pub const USER: &str = "0190f8a1-2b3c-7d4e-8f90-1a2b3c4d5e6f";
pub const CLIENT: &str = "0190f8c0-1a2b-7c3d-8e4f-5a6b7c8d9e0f";
pub const CONN: &str = "0190f8a1-2b3c-7d4e-8f90-1a2b3c4d5e6f";
pub const KEY: &str = "tmrc_live_0123456789abcdef0123456789abcdef";

pub fn config() -> Config {
    Config::new(KEY, None, None, None).expect("valid test config")
}

pub fn endpoint(name: &str) -> &'static Endpoint {
    Endpoint::by_name(name).unwrap_or_else(|| panic!("no endpoint {name}"))
}

/// Build a request for `name` from JSON args.
pub fn build(name: &str, args: Value) -> Result<HttpRequest> {
    let args = args.as_array().cloned().unwrap_or_default();
    request::build(&config(), endpoint(name), &args, None)
}

/// The code and message of an expected error.
pub fn err(r: Result<HttpRequest>) -> (String, String) {
    let e = r.expect_err("expected an error");
    (e.code().as_str().to_owned(), e.to_string())
}
