//! Shared extractors: the pieces every handler module reads off a request (team index, JSON
//! body, `name` field). They sit below the handlers and import no handler module, so a handler
//! file can use them without tying itself back to the router.

use super::checks::Ctx;
use super::http::{err, ApiError, Request};
use serde_json::{Map, Value};
use tmr_client::core::ErrorCode;

/// The team index of a team-scoped endpoint (set by the checks).
pub fn team(ctx: &Ctx) -> usize {
    ctx.team.unwrap_or_default()
}

/// The JSON body, which must be an object.
pub fn body(req: &Request) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(&req.body) {
        Ok(Value::Object(m)) => Ok(m),
        _ if req.body.is_empty() => Err(err(ErrorCode::BadRequest, "Expected object, received undefined")),
        _ => Err(err(ErrorCode::BadRequest, "Invalid JSON body")),
    }
}

/// Zod-style `name` check: 1–100 characters after trimming.
pub fn name_field(body: &Map<String, Value>) -> Result<String, ApiError> {
    let name = match body.get("name") {
        None | Some(Value::Null) => return Err(err(ErrorCode::BadRequest, "name: Required")),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(_) => return Err(err(ErrorCode::BadRequest, "name: Expected string")),
    };
    match name.chars().count() {
        0 => Err(err(ErrorCode::BadRequest, "name: String must contain at least 1 character(s)")),
        n if n > 100 => Err(err(ErrorCode::BadRequest, "name: String must contain at most 100 character(s)")),
        _ => Ok(name),
    }
}
