//! Connections, clients and connectors: reads, link/unlink, enable/disable.

use super::checks::Ctx;
use super::extract::team;
use super::http::{err, ApiError, Request, NOT_FOUND};
use super::views::{self, account, connector_accounts, sort_accounts};
use super::world::{Link, TeamState, World};
use super::Handled;
use serde_json::{json, Value};
use tmr_client::core::ErrorCode;

pub fn handle(world: &mut World, ctx: &Ctx, req: &Request) -> Handled {
    let idx = team(ctx);
    let p = &ctx.params;
    match ctx.endpoint.name {
        "connections.list" => {
            let mut list: Vec<_> = world.teams[idx].connections.iter().map(|c| c.connection.clone()).collect();
            list.sort_by(|a, b| b.created_at.cmp(&a.created_at));
            Ok((json!(list), 200))
        }
        "connections.get" => Ok((json!(connection(&world.teams[idx], &p[1])?.connection), 200)),
        "connections.accounts" => {
            let t = &world.teams[idx];
            let c = connection(t, &p[1])?;
            let connector = c.connection.connector_id.clone().unwrap_or_default();
            let mut list: Vec<Value> = c.accounts.iter().map(|a| account(t, &connector, a)).collect();
            sort_accounts(&mut list);
            Ok((json!(list), 200))
        }
        "connections.delete" => {
            connection(&world.teams[idx], &p[1])?;
            let t = &mut world.teams[idx];
            t.connections.retain(|c| !c.connection.id.eq_ignore_ascii_case(&p[1]));
            // Accounts no longer reachable through any connection stop counting as enabled.
            let reachable: Vec<Link> =
                t.enabled.iter().filter(|l| t.accounts_of(&l.connector_id).iter().any(|a| a.id == l.account_id)).cloned().collect();
            t.enabled = reachable;
            Ok((json!({"deleted": true}), 200))
        }
        "clients.list" => {
            let mut list: Vec<_> = world.teams[idx].clients.iter().map(|c| c.client.clone()).collect();
            list.sort_by(|a, b| a.name.cmp(&b.name));
            Ok((json!(list), 200))
        }
        "clients.get" => Ok((json!(client(&world.teams[idx], &p[1], "Client not found")?.client), 200)),
        "clients.accounts" | "clients.accountsByConnector" => {
            let t = &world.teams[idx];
            let c = client(t, &p[1], "Client not found")?;
            let mut list: Vec<Value> = c
                .links
                .iter()
                .filter(|l| p.get(2).is_none_or(|k| &l.connector_id == k))
                .filter_map(|l| {
                    t.accounts_of(&l.connector_id).into_iter().find(|a| a.id == l.account_id).map(|a| account(t, &l.connector_id, a))
                })
                .collect();
            sort_accounts(&mut list);
            Ok((json!(list), 200))
        }
        "clients.linkAccount" => {
            client(&world.teams[idx], &p[1], "Client not found")?;
            existing_account(&world.teams[idx], &p[2], &p[3])?;
            let link = Link { connector_id: p[2].clone(), account_id: p[3].clone() };
            let c = client_mut(&mut world.teams[idx], &p[1]);
            if let Some(c) = c.filter(|c| !c.links.contains(&link)) {
                c.links.push(link);
            }
            Ok((json!({"added": true}), 200))
        }
        "clients.unlinkAccount" => {
            let link = Link { connector_id: p[2].clone(), account_id: p[3].clone() };
            match client_mut(&mut world.teams[idx], &p[1]) {
                Some(c) if c.links.contains(&link) => c.links.retain(|l| l != &link),
                _ => return Err(err(ErrorCode::NotFound, "Client account not found")),
            }
            Ok((json!({"deleted": true}), 200))
        }
        "connectors.list" => Ok((json!(views::connectors(world, &world.teams[idx])), 200)),
        "connectors.allAccounts" => {
            let status = status_query(req)?;
            let t = &world.teams[idx];
            let mut ids = t.connector_ids();
            ids.sort();
            let list: Vec<Value> = ids.iter().flat_map(|c| connector_accounts(t, c, status.as_deref())).collect();
            Ok((json!(list), 200))
        }
        "connectors.accounts" => Ok((json!(connector_accounts(&world.teams[idx], &p[1], status_query(req)?.as_deref())), 200)),
        "connectors.enableAccount" => {
            let t = &world.teams[idx];
            existing_account(t, &p[1], &p[2]).map_err(|_| err(ErrorCode::NotFound, "Account not found for this connector"))?;
            if !t.is_enabled(&p[1], &p[2]) {
                let count = t.enabled.iter().filter(|l| l.connector_id == p[1]).count() as u64;
                if let Some(limit) = t.plan.as_ref().map(|pl| pl.limits.accounts_per_connector.total).filter(|l| count >= *l) {
                    return Err(err(
                        ErrorCode::Forbidden,
                        format!("You've reached your plan's account limit of {limit} for this connector. Disable an existing account or upgrade your plan."),
                    ));
                }
                world.teams[idx].enabled.push(Link { connector_id: p[1].clone(), account_id: p[2].clone() });
            }
            Ok((json!({"enabled": true}), 200))
        }
        "connectors.disableAccount" => {
            world.teams[idx].enabled.retain(|l| !(l.connector_id == p[1] && l.account_id == p[2]));
            Ok((json!({"disabled": true}), 200))
        }
        _ => Err(err(ErrorCode::NotFound, NOT_FOUND)),
    }
}

fn connection<'a>(t: &'a TeamState, id: &str) -> Result<&'a super::world::ConnectionState, ApiError> {
    t.connections.iter().find(|c| c.connection.id.eq_ignore_ascii_case(id)).ok_or_else(|| err(ErrorCode::NotFound, NOT_FOUND))
}

fn client<'a>(t: &'a TeamState, id: &str, missing: &str) -> Result<&'a super::world::ClientState, ApiError> {
    t.clients.iter().find(|c| c.client.id.eq_ignore_ascii_case(id)).ok_or_else(|| err(ErrorCode::NotFound, missing))
}

fn client_mut<'a>(t: &'a mut TeamState, id: &str) -> Option<&'a mut super::world::ClientState> {
    t.clients.iter_mut().find(|c| c.client.id.eq_ignore_ascii_case(id))
}

fn existing_account(t: &TeamState, connector: &str, id: &str) -> Result<(), ApiError> {
    if t.accounts_of(connector).iter().any(|a| a.id == id) {
        Ok(())
    } else {
        Err(err(ErrorCode::NotFound, "Account not found for this connector"))
    }
}

fn status_query(req: &Request) -> Result<Option<String>, ApiError> {
    match req.query.iter().find(|(k, _)| k == "status").map(|(_, v)| v.as_str()) {
        None => Ok(None),
        Some(s @ ("enabled" | "disabled" | "all")) => Ok(Some(s.to_owned())),
        Some(_) => Err(err(ErrorCode::BadRequest, "status: Invalid enum value")),
    }
}
