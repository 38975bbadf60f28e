//! Small acknowledgements in `data` that are not one-key booleans.

use serde::{Deserialize, Serialize};

/// `{ "name": … }` returned by rename team (T3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Renamed {
    pub name: String,
}
