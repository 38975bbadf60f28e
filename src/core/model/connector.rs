//! Connector summaries and their fields (§6.8, §6.9).

use crate::core::shape::{Shape, NULL_STR, STR, U64};
use serde::{Deserialize, Serialize};

/// One connector type the team uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connector {
    pub id: String,
    pub name: String,
    pub connection_count: u64,
    pub enabled_account_count: u64,
}

/// `data` of list connector fields (K4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fields {
    pub dimensions: Vec<FieldGroup>,
    pub metrics: Vec<FieldGroup>,
}

/// A named group of fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldGroup {
    pub group_id: String,
    pub group_name: String,
    pub fields: Vec<Field>,
}

/// One dimension or metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub id: String,
    pub name: String,
    /// Left out of the docs' examples, so optional; `null` when missing.
    pub description: Option<String>,
}

/// [`Connector`] as a [`Shape`].
pub const CONNECTOR: Shape = Shape::Object(&[("id", STR), ("name", STR), ("connectionCount", U64), ("enabledAccountCount", U64)]);

/// [`Field`] as a [`Shape`].
pub const FIELD: Shape = Shape::Object(&[("id", STR), ("name", STR), ("description", NULL_STR)]);

/// [`FieldGroup`] as a [`Shape`].
pub const FIELD_GROUP: Shape = Shape::Object(&[("groupId", STR), ("groupName", STR), ("fields", Shape::List(&FIELD))]);

/// [`Fields`] as a [`Shape`].
pub const FIELDS: Shape = Shape::Object(&[("dimensions", Shape::List(&FIELD_GROUP)), ("metrics", Shape::List(&FIELD_GROUP))]);
