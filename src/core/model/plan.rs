//! Platform plan tiers (§6.10). Prices are integers in minor units.

use super::Extra;
use crate::core::shape::{Shape, OBJ, STR, U64};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// One tier of `GET /tmr/plans`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub name: String,
    pub key: String,
    pub limits: PlanLimits,
    pub features: Vec<String>,
    /// Currency (`usd`, `inr`, `eur`) → price.
    pub pricing: IndexMap<String, Price>,
    /// Add-on prices; their definitions were cut from the docs, so kept as sent.
    pub addons: Extra,
}

/// A tier's headline limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanLimits {
    pub users: u64,
    pub accounts_per_connector: u64,
}

/// Monthly and yearly price in minor units (`1500` = 15.00).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Price {
    pub monthly: u64,
    pub yearly: u64,
}

/// [`PlanLimits`] as a [`Shape`].
pub const PLAN_LIMITS: Shape = Shape::Object(&[("users", U64), ("accountsPerConnector", U64)]);

/// [`Price`] as a [`Shape`].
pub const PRICE: Shape = Shape::Object(&[("monthly", U64), ("yearly", U64)]);

/// [`Plan`] as a [`Shape`].
pub const PLAN: Shape = Shape::Object(&[
    ("name", STR),
    ("key", STR),
    ("limits", PLAN_LIMITS),
    ("features", Shape::List(&STR)),
    ("pricing", Shape::Map(&PRICE)),
    ("addons", OBJ),
]);
