//! Account: one shape across connection, connector and client-linked accounts (§6.7).

use crate::core::shape::{Shape, BOOL, NULL_STR, STR};
use serde::{Deserialize, Serialize};

/// A provider account under a connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Provider's id, unprefixed; the path `accountId` for link/enable.
    pub id: String,
    pub name: String,
    pub display_id: String,
    pub description: Option<String>,
    pub accessible: bool,
    /// `enabled` or `disabled`.
    pub status: String,
    pub connector_id: String,
}

/// [`Account`] as a [`Shape`].
pub const ACCOUNT: Shape = Shape::Object(&[
    ("id", STR),
    ("name", STR),
    ("displayId", STR),
    ("description", NULL_STR),
    ("accessible", BOOL),
    ("status", STR),
    ("connectorId", STR),
]);
