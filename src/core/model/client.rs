//! Client: a customer or brand that groups connector accounts (§6.5).

use super::Extra;
use crate::core::shape::{Shape, NULL_STR, OBJ, STR};
use serde::{Deserialize, Serialize};

/// A client of the team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Client {
    pub id: String,
    pub name: String,
    pub domain: Option<String>,
    pub status: String,
    /// Free-form; usually `logoUrl` and `brandColor`.
    pub metadata: Extra,
    pub link: String,
    pub created_at: String,
    pub updated_at: Option<String>,
    pub created_by: Option<String>,
}

/// [`Client`] as a [`Shape`].
pub const CLIENT: Shape = Shape::Object(&[
    ("id", STR),
    ("name", STR),
    ("domain", NULL_STR),
    ("status", STR),
    ("metadata", OBJ),
    ("link", STR),
    ("createdAt", STR),
    ("updatedAt", NULL_STR),
    ("createdBy", NULL_STR),
]);
