//! JSON views of the world, in the documented shapes and orders.

use super::world::{AccountState, TeamState, World};
use serde_json::{json, Value};
use tmr_client::core::headroom::usage_status;

/// An Account object (§6.7) with the team's status for it.
pub fn account(team: &TeamState, connector: &str, a: &AccountState) -> Value {
    json!({
        "id": a.id, "name": a.name, "displayId": a.display_id, "description": a.description,
        "accessible": a.accessible, "status": if team.is_enabled(connector, &a.id) { "enabled" } else { "disabled" },
        "connectorId": connector,
    })
}

/// Enabled first, then by name (the documented account order).
pub fn sort_accounts(list: &mut [Value]) {
    list.sort_by(|a, b| {
        let rank = |v: &Value| if v["status"] == "enabled" { 0 } else { 1 };
        rank(a).cmp(&rank(b)).then_with(|| a["name"].as_str().cmp(&b["name"].as_str()))
    });
}

/// All accounts of one connector in the team, optionally filtered by status.
pub fn connector_accounts(team: &TeamState, connector: &str, status: Option<&str>) -> Vec<Value> {
    let mut list: Vec<Value> = team
        .accounts_of(connector)
        .into_iter()
        .map(|a| account(team, connector, a))
        .filter(|v| status.is_none_or(|s| s == "all" || v["status"] == s))
        .collect();
    sort_accounts(&mut list);
    list
}

/// The full Team object with usage computed from the world.
pub fn team(t: &TeamState) -> Value {
    let limits = t.plan.as_ref().map(|p| &p.limits);
    let members = t.members.len() as u64;
    let per_connector = limits.map(|l| l.accounts_per_connector.total);
    let apc: serde_json::Map<String, Value> = t
        .connector_ids()
        .into_iter()
        .map(|c| {
            let count = t.enabled.iter().filter(|l| l.connector_id == c).count() as u64;
            (c, json!({"count": count, "status": usage_status(count, per_connector)}))
        })
        .collect();
    let mut schedules = serde_json::to_value(&t.schedules).unwrap_or(Value::Null);
    schedules["status"] = json!(usage_status(t.schedules.count, limits.and_then(|l| l.schedules.total)));
    json!({
        "id": t.id, "name": t.name, "createdAt": t.created_at, "updatedAt": t.updated_at, "plan": t.plan,
        "usage": {
            "members": {"count": members, "status": usage_status(members, limits.map(|l| l.users.total))},
            "accountsPerConnector": apc,
            "schedules": schedules,
        }
    })
}

/// Members, oldest first, with names from the user records.
pub fn members(world: &World, t: &TeamState) -> Vec<Value> {
    let mut list: Vec<&super::world::MemberState> = t.members.iter().collect();
    list.sort_by(|a, b| a.joined_at.cmp(&b.joined_at));
    list.iter()
        .map(|m| {
            let u = world.user(&m.user_id);
            json!({
                "id": m.user_id, "name": u.and_then(|u| u.name.clone()), "email": u.map(|u| u.email.clone()),
                "role": m.role.as_str(), "joinedAt": m.joined_at,
            })
        })
        .collect()
}

/// Connector summaries, sorted by name.
pub fn connectors(world: &World, t: &TeamState) -> Vec<Value> {
    let mut list: Vec<Value> = t
        .connector_ids()
        .into_iter()
        .map(|c| {
            let connections = t.connections.iter().filter(|x| x.connection.connector_id.as_deref() == Some(c.as_str())).count();
            let enabled = t.enabled.iter().filter(|l| l.connector_id == c).count();
            let name = world.connectors.get(&c).cloned().unwrap_or_else(|| c.clone());
            json!({"id": c, "name": name, "connectionCount": connections, "enabledAccountCount": enabled})
        })
        .collect();
    list.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    list
}
