//! A failure as the driver reports it: the core's error plus the JS value that caused it.

use super::received::Answer;
use crate::core::Error;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// A core error plus the JS value that caused it (a fetch `TypeError`, say), kept as `cause`.
#[derive(Debug, Clone)]
pub struct Failure {
    pub error: Error,
    pub cause: Option<JsValue>,
    /// The API's answer the error was read from, whole (the proxy forwards it as sent).
    pub upstream: Option<Rc<Answer>>,
}

impl Failure {
    /// `error`, caused by the JS value `cause`.
    pub fn caused(error: Error, cause: Option<JsValue>) -> Failure {
        Failure { error, cause, upstream: None }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure { error, cause: None, upstream: None }
    }
}
