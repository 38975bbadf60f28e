//! Connection: an authorised link between a team and a data source (§6.6).

use super::Extra;
use crate::core::shape::{Shape, NULL_STR, OBJ, STR, U64};
use serde::{Deserialize, Serialize};

/// A connection of the team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub id: String,
    pub connector_id: Option<String>,
    pub name: Option<String>,
    /// `active` or `revoked`.
    pub status: String,
    pub account_count: u64,
    pub config: Extra,
    pub created_at: String,
    pub updated_at: Option<String>,
    pub created_by: Option<String>,
}

/// [`Connection`] as a [`Shape`].
pub const CONNECTION: Shape = Shape::Object(&[
    ("id", STR),
    ("connectorId", NULL_STR),
    ("name", NULL_STR),
    ("status", STR),
    ("accountCount", U64),
    ("config", OBJ),
    ("createdAt", STR),
    ("updatedAt", NULL_STR),
    ("createdBy", NULL_STR),
]);
