//! Member of a team (§6.3).

use crate::core::shape::{Shape, NULL_STR, STR};
use serde::{Deserialize, Serialize};

/// A team member; `id` is the `userId` for role changes and removal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub id: String,
    pub name: Option<String>,
    pub email: String,
    /// `viewer`, `editor` or `owner`.
    pub role: String,
    pub joined_at: String,
}

/// [`Member`] as a [`Shape`].
pub const MEMBER: Shape = Shape::Object(&[("id", STR), ("name", NULL_STR), ("email", STR), ("role", STR), ("joinedAt", STR)]);
