//! One handler per endpoint, dispatched by the endpoint table's name. Team endpoints and their
//! business rules; users, resources and data live in their own files.

use super::checks::Ctx;
use super::http::{err, Request};
use super::world::World;
use super::{data, resources, time, users, views, Handled};
use serde_json::{json, Map, Value};
use tmr_client::core::policy::{would_leave_no_owner, MemberRole, Role};
use tmr_client::core::{validate, ErrorCode};

/// Run the handler of `ctx.endpoint`.
pub fn dispatch(world: &mut World, ctx: &Ctx, req: &Request) -> Handled {
    match ctx.endpoint.name {
        "users.me"
        | "users.updateName"
        | "users.uploadAvatar"
        | "users.deleteAvatar"
        | "users.preferences"
        | "users.updatePreferences"
        | "platform.plans" => users::handle(world, ctx, req),
        "teams.list" => teams_list(world, ctx),
        "teams.get" => Ok((views::team(&world.teams[team(ctx)]), 200)),
        "teams.rename" => rename(world, ctx, req),
        "members.list" => Ok((json!(views::members(world, &world.teams[team(ctx)])), 200)),
        "members.updateRole" => update_role(world, ctx, req),
        "members.remove" => remove_member(world, ctx),
        "invites.list" => invites_list(world, ctx),
        "invites.create" => invite(world, ctx, req),
        "data.runQuery" => data::run_query(world, ctx, req),
        _ => resources::handle(world, ctx, req),
    }
}

/// The team index of a team-scoped endpoint (set by the checks).
pub fn team(ctx: &Ctx) -> usize {
    ctx.team.unwrap_or_default()
}

/// The JSON body, which must be an object.
pub fn body(req: &Request) -> Result<Map<String, Value>, super::http::ApiError> {
    match serde_json::from_slice::<Value>(&req.body) {
        Ok(Value::Object(m)) => Ok(m),
        _ if req.body.is_empty() => Err(err(ErrorCode::BadRequest, "Expected object, received undefined")),
        _ => Err(err(ErrorCode::BadRequest, "Invalid JSON body")),
    }
}

/// Zod-style `name` check: 1–100 characters after trimming.
pub fn name_field(body: &Map<String, Value>) -> Result<String, super::http::ApiError> {
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

fn role_field(v: Option<&Value>) -> Result<Role, super::http::ApiError> {
    v.and_then(Value::as_str)
        .and_then(|s| Role::parse("role", s).ok())
        .ok_or_else(|| err(ErrorCode::BadRequest, "role: Invalid enum value"))
}

fn teams_list(world: &World, ctx: &Ctx) -> Handled {
    let mut list: Vec<&super::world::TeamState> = world.teams.iter().filter(|t| t.role_of(&ctx.user_id).is_some()).collect();
    list.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    Ok((json!(list.iter().map(|t| json!({"id": t.id, "name": t.name, "createdAt": t.created_at})).collect::<Vec<_>>()), 200))
}

fn rename(world: &mut World, ctx: &Ctx, req: &Request) -> Handled {
    let name = name_field(&body(req)?)?;
    let t = &mut world.teams[team(ctx)];
    t.name = Some(name.clone());
    t.updated_at = Some(time::iso(ctx.now_ms));
    Ok((json!({"name": name}), 200))
}

fn member_roles(world: &World, idx: usize) -> Vec<MemberRole> {
    world.teams[idx].members.iter().map(|m| MemberRole { id: m.user_id.clone(), role: m.role }).collect()
}

fn update_role(world: &mut World, ctx: &Ctx, req: &Request) -> Handled {
    let role = role_field(body(req)?.get("role"))?;
    let (idx, user) = (team(ctx), ctx.params[1].to_ascii_lowercase());
    if world.teams[idx].role_of(&user).is_none() {
        return Err(err(ErrorCode::NotFound, "Member not found in team"));
    }
    if would_leave_no_owner(&member_roles(world, idx), &user, Some(role)) {
        return Err(err(ErrorCode::BadRequest, "Cannot demote the last owner. Assign another owner first."));
    }
    if let Some(m) = world.teams[idx].members.iter_mut().find(|m| m.user_id == user) {
        m.role = role;
    }
    Ok((json!({"updated": true}), 200))
}

fn remove_member(world: &mut World, ctx: &Ctx) -> Handled {
    let (idx, user) = (team(ctx), ctx.params[1].to_ascii_lowercase());
    if world.teams[idx].role_of(&user).is_none() {
        return Err(err(ErrorCode::NotFound, "Member not found in team"));
    }
    // Last owner first: the sole owner removing themselves gets the documented message.
    if would_leave_no_owner(&member_roles(world, idx), &user, None) {
        return Err(err(ErrorCode::BadRequest, "Cannot remove the last owner. Assign another owner first."));
    }
    if user == ctx.user_id {
        return Err(err(ErrorCode::BadRequest, "You cannot remove yourself from the team"));
    }
    world.teams[idx].members.retain(|m| m.user_id != user);
    Ok((json!({"removed": true}), 200))
}

fn invites_list(world: &World, ctx: &Ctx) -> Handled {
    let mut list = world.teams[team(ctx)].invites.clone();
    list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    Ok((json!(list), 200))
}

fn invite(world: &mut World, ctx: &Ctx, req: &Request) -> Handled {
    let b = body(req)?;
    let email = b.get("email").and_then(Value::as_str).filter(|e| validate::email("email", e).is_ok());
    let email = email.ok_or_else(|| err(ErrorCode::BadRequest, "email: Invalid email"))?.to_owned();
    let role = match b.get("role") {
        None | Some(Value::Null) => Role::Viewer,
        r => role_field(r)?,
    };
    let idx = team(ctx);
    let already = |e: &str| e.eq_ignore_ascii_case(&email);
    let t = &world.teams[idx];
    if t.invites.iter().any(|i| i.status == "pending" && already(&i.email)) {
        return Err(err(ErrorCode::Conflict, "Invite already pending for this email"));
    }
    if t.members.iter().any(|m| world.user(&m.user_id).is_some_and(|u| already(&u.email))) {
        return Err(err(ErrorCode::Conflict, "This user is already a member of the team"));
    }
    if let Some(limit) = t.plan.as_ref().map(|p| p.limits.users.total) {
        let pending = t.invites.iter().filter(|i| i.status == "pending").count();
        if (t.members.len() + pending) as u64 >= limit {
            return Err(err(
                ErrorCode::Forbidden,
                format!("You've reached your plan's user limit of {limit}. Remove a member or upgrade your plan."),
            ));
        }
    }
    let id = world.next_invite_id;
    world.next_invite_id += 1;
    let invite = json!({"id": id, "email": email, "role": role.as_str(), "status": "pending", "createdAt": time::iso(ctx.now_ms)});
    world.teams[idx].invites.push(serde_json::from_value(invite).map_err(|e| err(ErrorCode::InternalServerError, e.to_string()))?);
    Ok((json!({"invited": true}), 201))
}
