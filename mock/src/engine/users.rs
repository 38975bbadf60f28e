//! `/users/me…` and `/tmr/plans`: the caller's own profile, preferences and avatar; platform plans.

use super::checks::Ctx;
use super::extract::{body, name_field};
use super::http::{err, ApiError, Request};
use super::world::World;
use super::Handled;
use serde_json::{json, Value};
use tmr_client::core::avatar::sniff_image_type;
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
    let email = match patch.get("notifications") {
        None => None,
        Some(Value::Object(n)) => match n.get("email") {
            None => None,
            Some(Value::Object(e)) => Some(e),
            Some(_) => return Err(err(ErrorCode::BadRequest, "notifications.email: Expected object")),
        },
        Some(_) => return Err(err(ErrorCode::BadRequest, "notifications: Expected object")),
    };
    let e = &mut user.preferences.notifications.email;
    for (k, v) in email.into_iter().flatten() {
        let slot = match k.as_str() {
            "billing" => &mut e.billing,
            "productUpdates" => &mut e.product_updates,
            "promotional" => &mut e.promotional,
            _ => continue, // Zod strips unknown keys.
        };
        *slot = v.as_bool().ok_or_else(|| err(ErrorCode::BadRequest, format!("notifications.email.{k}: Expected boolean")))?;
    }
    Ok(())
}

/// The `file` part of a multipart body must be an image; returns its extension.
fn image_part(req: &Request) -> Result<String, ApiError> {
    let not_image = || err(ErrorCode::BadRequest, "Only image files are allowed");
    let ct = req.content_type.as_deref().unwrap_or_default();
    let boundary = ct.split("boundary=").nth(1).map(|b| b.trim_matches('"')).ok_or_else(not_image)?;
    let delimiter = format!("--{boundary}").into_bytes();
    for part in split(&req.body, &delimiter) {
        let Some(at) = find(part, b"\r\n\r\n") else { continue };
        let (head, content) = (String::from_utf8_lossy(&part[..at]), &part[at + 4..]);
        if !head.contains("name=\"file\"") {
            continue;
        }
        let declared = head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case("content-type").then(|| v.trim().to_owned())
        });
        // Without a part Content-Type, recognise the image from its bytes.
        let mime = declared.or_else(|| sniff_image_type(content).map(str::to_owned)).unwrap_or_default();
        return match mime.strip_prefix("image/") {
            Some(sub) if !sub.is_empty() => Ok(sub.split('+').next().unwrap_or("img").to_owned()),
            _ => Err(not_image()),
        };
    }
    Err(not_image())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn split<'a>(body: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(i) = find(rest, delimiter) {
        parts.push(&rest[..i]);
        rest = &rest[i + delimiter.len()..];
    }
    parts.push(rest);
    parts
}
