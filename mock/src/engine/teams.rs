//! Team endpoints and their business rules: the team itself, its members and its invites.

use super::checks::Ctx;
use super::extract::{body, name_field, team};
use super::http::{err, ApiError, Request};
use super::world::{TeamState, World};
use super::{time, views, Handled};
use serde_json::{json, Value};
use tmr_client::core::policy::{would_leave_no_owner, MemberRole, Role};
use tmr_client::core::{validate, ErrorCode};

/// The `role` of a member update or an invite: one of the policy's role names.
fn role_field(v: Option<&Value>) -> Result<Role, ApiError> {
    v.and_then(Value::as_str)
        .and_then(|s| Role::parse("role", s).ok())
        .ok_or_else(|| err(ErrorCode::BadRequest, "role: Invalid enum value"))
}

pub fn list(world: &World, ctx: &Ctx) -> Handled {
    let mut list: Vec<&TeamState> = world.teams.iter().filter(|t| t.role_of(&ctx.user_id).is_some()).collect();
    list.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    Ok((json!(list.iter().map(|t| json!({"id": t.id, "name": t.name, "createdAt": t.created_at})).collect::<Vec<_>>()), 200))
}

pub fn get(world: &World, ctx: &Ctx) -> Handled {
    Ok((views::team(&world.teams[team(ctx)]), 200))
}

pub fn members(world: &World, ctx: &Ctx) -> Handled {
    Ok((json!(views::members(world, &world.teams[team(ctx)])), 200))
}

pub fn rename(world: &mut World, ctx: &Ctx, req: &Request) -> Handled {
    let name = name_field(&body(req)?)?;
    let t = &mut world.teams[team(ctx)];
    t.name = Some(name.clone());
    t.updated_at = Some(time::iso(ctx.now_ms));
    Ok((json!({"name": name}), 200))
}

fn member_roles(world: &World, idx: usize) -> Vec<MemberRole> {
    world.teams[idx].members.iter().map(|m| MemberRole { id: m.user_id.clone(), role: m.role }).collect()
}

pub fn update_role(world: &mut World, ctx: &Ctx, req: &Request) -> Handled {
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

pub fn remove_member(world: &mut World, ctx: &Ctx) -> Handled {
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

pub fn invites(world: &World, ctx: &Ctx) -> Handled {
    let mut list = world.teams[team(ctx)].invites.clone();
    list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    Ok((json!(list), 200))
}

pub fn invite(world: &mut World, ctx: &Ctx, req: &Request) -> Handled {
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
