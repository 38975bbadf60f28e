//! A failure as the driver reports it: the core's error plus the JS value that caused it.

use crate::core::Error;
use wasm_bindgen::JsValue;

/// A core error plus the JS value that caused it (a fetch `TypeError`, say), kept as `cause`.
#[derive(Debug, Clone)]
pub struct Failure {
    pub error: Error,
    pub cause: Option<JsValue>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure { error, cause: None }
    }
}
