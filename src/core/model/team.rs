//! Teams: summaries, the full team with its plan, limits and usage (§6.2).

use crate::core::shape::{Shape, BOOL, NULL_STR, STR, U64};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// An item of `GET /teams`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamSummary {
    pub id: String,
    pub name: Option<String>,
    pub created_at: String,
}

/// `GET /teams/{teamId}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: String,
    pub name: Option<String>,
    pub created_at: String,
    pub updated_at: Option<String>,
    /// `null`: no subscription.
    pub plan: Option<TeamPlan>,
    /// The docs do not say whether usage can be null; `null` is accepted.
    pub usage: Option<Usage>,
}

/// The team's subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamPlan {
    pub name: String,
    /// `active`, `in_trial`, `non_renewing` or `cancelled`.
    pub status: String,
    pub ends_on: Option<String>,
    pub currency_code: String,
    /// `month` or `year`.
    pub frequency: String,
    pub destinations: Destinations,
    pub limits: PlanLimitsOfTeam,
}

/// Report destinations included in the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Destinations {
    pub core: String,
    pub additional: Vec<String>,
}

/// The plan's limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanLimitsOfTeam {
    pub users: Limit,
    pub accounts_per_connector: Limit,
    pub schedules: ScheduleLimit,
}

/// A limit made of a base and add-ons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Limit {
    pub base: u64,
    pub addons: u64,
    pub total: u64,
}

/// Schedule limits; `null` means unlimited / any frequency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleLimit {
    pub total: Option<u64>,
    pub allowed_frequencies: Option<Vec<String>>,
}

/// What the team uses against its limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub members: UsageCount,
    /// connectorId → usage, in the API's order.
    pub accounts_per_connector: IndexMap<String, UsageCount>,
    pub schedules: ScheduleUsage,
}

/// A count and its status: `ok`, `reached` or `exceeded`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageCount {
    pub count: u64,
    pub status: String,
}

/// Schedules in use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleUsage {
    pub count: u64,
    /// `Hourly`, `Daily`, `Weekly`, `Monthly` → count.
    pub by_frequency: IndexMap<String, u64>,
    pub status: String,
    pub has_restricted_frequency: bool,
}

/// [`TeamSummary`] as a [`Shape`].
pub const TEAM_SUMMARY: Shape = Shape::Object(&[("id", STR), ("name", NULL_STR), ("createdAt", STR)]);

/// [`Limit`] as a [`Shape`].
pub const LIMIT: Shape = Shape::Object(&[("base", U64), ("addons", U64), ("total", U64)]);

/// [`UsageCount`] as a [`Shape`].
pub const USAGE_COUNT: Shape = Shape::Object(&[("count", U64), ("status", STR)]);

/// [`TeamPlan`] as a [`Shape`].
pub const TEAM_PLAN: Shape = Shape::Object(&[
    ("name", STR),
    ("status", STR),
    ("endsOn", NULL_STR),
    ("currencyCode", STR),
    ("frequency", STR),
    ("destinations", Shape::Object(&[("core", STR), ("additional", Shape::List(&STR))])),
    (
        "limits",
        Shape::Object(&[
            ("users", LIMIT),
            ("accountsPerConnector", LIMIT),
            ("schedules", Shape::Object(&[("total", Shape::Nullable(&U64)), ("allowedFrequencies", Shape::Nullable(&Shape::List(&STR)))])),
        ]),
    ),
]);

/// [`Usage`] as a [`Shape`].
pub const USAGE: Shape = Shape::Object(&[
    ("members", USAGE_COUNT),
    ("accountsPerConnector", Shape::Map(&USAGE_COUNT)),
    ("schedules", Shape::Object(&[("count", U64), ("byFrequency", Shape::Map(&U64)), ("status", STR), ("hasRestrictedFrequency", BOOL)])),
]);

/// [`Team`] as a [`Shape`].
pub const TEAM: Shape = Shape::Object(&[
    ("id", STR),
    ("name", NULL_STR),
    ("createdAt", STR),
    ("updatedAt", NULL_STR),
    ("plan", Shape::Nullable(&TEAM_PLAN)),
    ("usage", Shape::Nullable(&USAGE)),
]);
