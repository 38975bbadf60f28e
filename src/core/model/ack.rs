//! Small acknowledgements in `data` that are not one-key booleans.

use crate::core::shape::{Shape, STR};
use serde::{Deserialize, Serialize};

/// `{ "name": … }` returned by rename team (T3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Renamed {
    pub name: String,
}

/// [`Renamed`] as a [`Shape`].
pub const RENAMED: Shape = Shape::Object(&[("name", STR)]);
