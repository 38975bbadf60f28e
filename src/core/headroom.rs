//! How much room a team's plan leaves: what a dashboard draws as usage bars.

use super::error::Error;
use super::model::TEAM;
use super::scan::{Fail, Scanner};
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

/// One limited quantity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headroom {
    pub count: u64,
    /// `None`: no limit known (no plan, or unlimited).
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// `ok` below the limit, `reached` at it, `exceeded` above it.
    pub status: String,
}

/// Headroom of every limited quantity of a team.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanHeadroom {
    /// `None` when the team reports no usage.
    pub members: Option<Headroom>,
    pub accounts_per_connector: IndexMap<String, Headroom>,
    pub schedules: Option<Headroom>,
}

fn headroom(count: u64, limit: Option<u64>, reported: &str) -> Headroom {
    // With a known limit the status follows from the numbers; without one, trust the API.
    let status = if limit.is_some() { usage_status(count, limit) } else { reported };
    Headroom { count, limit, remaining: limit.map(|l| l.saturating_sub(count)), status: status.to_owned() }
}

/// Compute the headroom of `team` (a Team as `teams.get` returns it, as JSON) from its plan
/// limits and usage.
///
/// # Errors
/// `INVALID_ARGUMENT` when `team` does not have the documented Team shape.
pub fn plan_headroom(team: &Value) -> Result<PlanHeadroom, Error> {
    let text = team.to_string();
    Scanner::new(&text).document(&TEAM).map_err(|f| {
        let why = match f {
            Fail::Syntax(m) => m,
            Fail::Shape { path, message } => format!("{message} at team{path}"),
        };
        Error::invalid(format!("team must be a Team as returned by teams.get(): {why}"))
    })?;
    // The shape is checked: every lookup below finds what it expects.
    let count = |v: &Value| v["count"].as_u64().unwrap_or(0);
    let status = |v: &Value| v["status"].as_str().unwrap_or("ok").to_owned();
    let limits = team.get("plan").filter(|p| !p.is_null()).map(|p| &p["limits"]);
    let usage = &team["usage"];
    if usage.is_null() {
        return Ok(PlanHeadroom { members: None, accounts_per_connector: IndexMap::new(), schedules: None });
    }
    let total = |key: &str| limits.and_then(|l| l[key]["total"].as_u64());
    let per_connector = total("accountsPerConnector");
    let connectors = usage["accountsPerConnector"].as_object().into_iter().flatten();
    Ok(PlanHeadroom {
        members: Some(headroom(count(&usage["members"]), total("users"), &status(&usage["members"]))),
        accounts_per_connector: connectors.map(|(k, u)| (k.clone(), headroom(count(u), per_connector, &status(u)))).collect(),
        schedules: Some(headroom(count(&usage["schedules"]), total("schedules"), &status(&usage["schedules"]))),
    })
}

/// Usage status as the API reports it: below, at or above a limit.
pub fn usage_status(count: u64, limit: Option<u64>) -> &'static str {
    match limit {
        Some(l) if count > l => "exceeded",
        Some(l) if count == l => "reached",
        _ => "ok",
    }
}
