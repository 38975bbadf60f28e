//! `/users/me…` and `/tmr/plans`: the caller's own profile, preferences and avatar; platform plans.

use super::checks::Ctx;
use super::handlers::{body, name_field};
use super::http::{err, ApiError, Request};
use super::world::World;
use super::Handled;
use serde_json::{json, Value};
use tmr_client::core::model::User;
use tmr_client::core::ErrorCode;

pub fn handle(world: &mut World, ctx: &Ctx, req: &Request) -> Handled {
    if ctx.endpoint.name == "platform.plans" {
        return Ok((json!(world.plans), 200));
    }
    let user = world.user_mut(&ctx.user_id).ok_or_else(|| err(ErrorCode::Unauthorized, "Authentication required"))?;
    match ctx.endpoint.name {
        "users.updateName" => user.name = Some(name_field(&body(req)?)?),
        "users.uploadAvatar" => {
            let ext = image_part(req)?;
            let n = ctx.now_ms % 1_000_000;
            user.avatar_url = Some(format!("https://assets.gox.ai/tmr/avatars/{}-{n}.{ext}", &user.id[..8]));
        }
        "users.deleteAvatar" => user.avatar_url = None,
        "users.preferences" => return Ok((to_json(&user.preferences)?, 200)),
        "users.updatePreferences" => {
            patch_preferences(user, &body(req)?)?;
            return Ok((to_json(&user.preferences)?, 200));
        }
        _ => {}
    }
    Ok((to_json(&*user)?, 200))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<Value, ApiError> {
    serde_json::to_value(v).map_err(|e| err(ErrorCode::InternalServerError, e.to_string()))
}

fn patch_preferences(user: &mut User, patch: &serde_json::Map<String, Value>) -> Result<(), ApiError> {
    if let Some(a) = patch.get("appearance") {
        match a.as_str() {
            Some(s @ ("auto" | "light" | "dark")) => user.preferences.appearance = s.to_owned(),
            _ => return Err(err(ErrorCode::BadRequest, "appearance: Invalid enum value")),
        }
    }
    let email = patch.get("notifications").and_then(|n| n.get("email")).and_then(Value::as_object);
    for (k, v) in email.into_iter().flatten() {
        let Some(b) = v.as_bool() else {
            return Err(err(ErrorCode::BadRequest, format!("notifications.email.{k}: Expected boolean")));
        };
        let e = &mut user.preferences.notifications.email;
        match k.as_str() {
            "billing" => e.billing = b,
            "productUpdates" => e.product_updates = b,
            "promotional" => e.promotional = b,
            _ => {} // Zod strips unknown keys.
        }
    }
    Ok(())
}

/// The `file` part of a multipart body must be an image; returns its extension.
fn image_part(req: &Request) -> Result<String, ApiError> {
    let not_image = || err(ErrorCode::BadRequest, "Only image files are allowed");
    let ct = req.content_type.as_deref().unwrap_or_default();
    let boundary = ct.split("boundary=").nth(1).map(|b| b.trim_matches('"')).ok_or_else(not_image)?;
    let text = String::from_utf8_lossy(&req.body);
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, _)) = part.split_once("\r\n\r\n") else { continue };
        if !head.contains("name=\"file\"") {
            continue;
        }
        let mime = head.lines().find_map(|l| l.strip_prefix("Content-Type:").or_else(|| l.strip_prefix("content-type:")));
        return match mime.map(str::trim).and_then(|m| m.strip_prefix("image/")) {
            Some(sub) if !sub.is_empty() => Ok(sub.split('+').next().unwrap_or("img").to_owned()),
            _ => Err(not_image()),
        };
    }
    Err(not_image())
}
