//! The router: one handler function per endpoint, chosen by the endpoint table's name.
//! It is the only module that imports the handler modules; they never import it back.

use super::checks::Ctx;
use super::http::{Outcome, Request, Response};
use super::world::World;
use super::{data, resources, teams, users};

/// Run the handler of `ctx.endpoint` (the checks have already admitted the request). Its data
/// goes into the success envelope, except run-query's, whose rows are made while they are sent.
pub fn dispatch(world: &mut World, ctx: &Ctx, req: &Request, max_query_rows: usize) -> Outcome<Response> {
    let handled = match ctx.endpoint.name {
        "users.me"
        | "users.updateName"
        | "users.uploadAvatar"
        | "users.deleteAvatar"
        | "users.preferences"
        | "users.updatePreferences"
        | "platform.plans" => users::handle(world, ctx, req),
        "teams.list" => teams::list(world, ctx),
        "teams.get" => teams::get(world, ctx),
        "teams.rename" => teams::rename(world, ctx, req),
        "members.list" => teams::members(world, ctx),
        "members.updateRole" => teams::update_role(world, ctx, req),
        "members.remove" => teams::remove_member(world, ctx),
        "invites.list" => teams::invites(world, ctx),
        "invites.create" => teams::invite(world, ctx, req),
        "data.runQuery" => return data::run_query(world, ctx, req, max_query_rows),
        // Routed here rather than through resources so no handler module calls another.
        "connectors.fields" => data::fields(world, ctx, req),
        _ => resources::handle(world, ctx, req),
    };
    handled.map(|(data, status)| Response::ok(data, status))
}
