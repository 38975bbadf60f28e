//! How much room a team's plan leaves: what a dashboard draws as usage bars.

use super::model::Team;
use super::policy::usage_status;
use indexmap::IndexMap;
use serde::Serialize;

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

/// Compute the headroom of `team` from its plan limits and usage.
pub fn plan_headroom(team: &Team) -> PlanHeadroom {
    let limits = team.plan.as_ref().map(|p| &p.limits);
    let Some(usage) = team.usage.as_ref() else {
        return PlanHeadroom { members: None, accounts_per_connector: IndexMap::new(), schedules: None };
    };
    let per_connector = limits.map(|l| l.accounts_per_connector.total);
    PlanHeadroom {
        members: Some(headroom(usage.members.count, limits.map(|l| l.users.total), &usage.members.status)),
        accounts_per_connector: usage
            .accounts_per_connector
            .iter()
            .map(|(k, u)| (k.clone(), headroom(u.count, per_connector, &u.status)))
            .collect(),
        schedules: Some(headroom(usage.schedules.count, limits.and_then(|l| l.schedules.total), &usage.schedules.status)),
    }
}
