//! Routing and the order of checks (WORKING-RULES.md): auth (401) → rate (429) → path (400) →
//! membership (403) → role (403) → scope (403 INSUFFICIENT_PERMISSIONS) → cancelled plan (402).
//! Body validation, lookups and business rules follow in the handlers.

use super::http::{err, ApiError, Request, CANCELLED, FORBIDDEN, NOT_FOUND, TOO_MANY};
use super::ratelimit::RateLimits;
use super::world::World;
use tmr_client::core::avatar::MAX_AVATAR_BYTES;
use tmr_client::core::policy::{scope_allows, Role};
pub use tmr_client::core::router::{percent_decode, query_decode, route, Route};
use tmr_client::core::{validate, Endpoint, ErrorCode};

/// Largest JSON body accepted (the docs give only the avatar's limit; 1 MB is ours).
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

/// Everything a handler needs to know about the caller and the route.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub endpoint: &'static Endpoint,
    pub token_label: String,
    pub user_id: String,
    /// Path parameters, percent-decoded, in template order.
    pub params: Vec<String>,
    /// Index of the team in the world, for team-scoped endpoints.
    pub team: Option<usize>,
    pub role: Option<Role>,
    pub now_ms: u64,
}

/// Run every check up to (not including) body validation.
pub fn authorize(world: &World, limits: &mut RateLimits, req: &Request, now_ms: u64) -> Result<Ctx, ApiError> {
    let (endpoint, params) = match route(&req.method, &req.path) {
        Route::Found(e, p) => (e, p),
        Route::WrongMethod(allowed) => {
            return Err(ApiError { allow: Some(allowed.join(", ")), ..err(ErrorCode::UnknownApiError, "Method not allowed") })
        }
        Route::NotFound => return Err(err(ErrorCode::NotFound, NOT_FOUND)),
    };
    let token = req
        .authorization
        .as_deref()
        .and_then(|h| h.strip_prefix("Bearer "))
        .and_then(|t| world.token(t.trim()))
        .ok_or_else(|| err(ErrorCode::Unauthorized, "Authentication required"))?;
    let max = if endpoint.name == "users.uploadAvatar" { MAX_AVATAR_BYTES + 64 * 1024 } else { MAX_JSON_BYTES };
    if req.body.len() > max {
        return Err(err(ErrorCode::PayloadTooLarge, "Request body is too large"));
    }
    if let Err(wait_s) = limits.admit(&token.token, endpoint.bucket, now_ms) {
        return Err(super::http::ApiError { retry_after_s: Some(wait_s), ..err(ErrorCode::TooManyRequests, TOO_MANY) });
    }
    for (name, value) in endpoint.path_params().zip(&params) {
        match name {
            "connectorId" if !world.connectors.contains_key(value) => {
                return Err(err(ErrorCode::BadRequest, format!("Invalid connector ID: \"{value}\"")));
            }
            "connectorId" | "accountId" => {}
            _ if validate::uuid(name, value).is_err() => {
                return Err(err(ErrorCode::BadRequest, format!("Invalid UUID: \"{value}\"")));
            }
            _ => {}
        }
    }
    let mut ctx = Ctx {
        endpoint,
        token_label: token.persona.clone().unwrap_or_else(|| format!("{}…", token.token.chars().take(14).collect::<String>())),
        user_id: token.user_id.clone(),
        params,
        team: None,
        role: None,
        now_ms,
    };
    let scopes = token.scopes.as_deref();
    if endpoint.role.is_some() {
        // A team that does not exist is also 403, so team ids cannot be probed.
        let idx = world.team_index(&ctx.params[0]).ok_or_else(|| err(ErrorCode::Forbidden, FORBIDDEN))?;
        let role = world.teams[idx].role_of(&ctx.user_id);
        if !endpoint.can_call(role, None) {
            return Err(err(ErrorCode::Forbidden, FORBIDDEN));
        }
        ctx.team = Some(idx);
        ctx.role = role;
    }
    if !endpoint.scope.is_none_or(|s| scope_allows(scopes, s)) {
        let scope = endpoint.scope_form();
        return Err(err(
            ErrorCode::InsufficientPermissions,
            format!("This API key is missing the `{scope}` permission required for this action"),
        ));
    }
    if endpoint.is_team_write() && ctx.team.is_some_and(|i| world.teams[i].plan_cancelled()) {
        return Err(err(ErrorCode::PaymentRequired, CANCELLED));
    }
    Ok(ctx)
}
