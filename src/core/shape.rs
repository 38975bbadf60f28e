//! The documented shape of every answer as data (CONTRACT.md §6): one small checker
//! (`scan.rs`) validates any answer against it. Per-model serde deserializers did the same job
//! and were most of the `.wasm` (twiggy: ~125 KB of 460 KB of code before wasm-opt); the serde
//! models stay for the mock and for native tests, which check that both descriptions agree
//! (`tests/shape_parity.rs` and the `decode` fuzz target).

use serde_json::Value;

/// What one JSON value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Str,
    /// A non-negative integer that fits `u64` (no fraction, no exponent).
    U64,
    Bool,
    /// Any JSON value.
    Any,
    /// Any object (free-form: `metadata`, `config`, `addons`, run-query rows).
    AnyObject,
    /// `null` or the inner shape; a missing field of this shape is filled with `null`.
    Nullable(&'static Shape),
    /// A field that may be absent (and stays absent); when present, the inner shape. For APIs
    /// whose objects come in versions with different fields (Outlign's `company_id`/`company`).
    Optional(&'static Shape),
    List(&'static Shape),
    /// An object whose keys are data (connector id → usage); every value has the inner shape.
    Map(&'static Shape),
    /// A documented object: every field is required unless `Nullable`; unknown fields are kept.
    Object(&'static [(&'static str, Shape)]),
}

/// Shorthands for the model tables.
pub const STR: Shape = Shape::Str;
pub const U64: Shape = Shape::U64;
pub const BOOL: Shape = Shape::Bool;
pub const OBJ: Shape = Shape::AnyObject;
pub const NULL_STR: Shape = Shape::Nullable(&Shape::Str);

impl Shape {
    /// What a value of this shape is called in error messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Shape::Str => "a string",
            Shape::U64 => "a non-negative integer",
            Shape::Bool => "a boolean",
            Shape::Any => "a value",
            Shape::AnyObject | Shape::Map(_) | Shape::Object(_) => "an object",
            Shape::Nullable(inner) | Shape::Optional(inner) => inner.describe(),
            Shape::List(_) => "an array",
        }
    }
}

/// Add `null` for every missing `Nullable` field of `value` (already checked against `shape`),
/// recursively. Missing fields go after the API's own keys, which keep their order.
pub fn fill_nulls(shape: &Shape, value: &mut Value) {
    match (shape, value) {
        (Shape::Nullable(inner) | Shape::Optional(inner), v) => fill_nulls(inner, v),
        (Shape::List(item), Value::Array(items)) => items.iter_mut().for_each(|v| fill_nulls(item, v)),
        (Shape::Map(inner), Value::Object(map)) => map.values_mut().for_each(|v| fill_nulls(inner, v)),
        (Shape::Object(fields), Value::Object(map)) => {
            for (name, field) in *fields {
                match map.get_mut(*name) {
                    Some(v) => fill_nulls(field, v),
                    None if matches!(field, Shape::Nullable(_)) => {
                        map.insert((*name).to_owned(), Value::Null);
                    }
                    None => {}
                }
            }
        }
        _ => {}
    }
}
