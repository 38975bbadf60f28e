//! Run-query (D1) input: checks the documented limits before a possibly minutes-long request.

use super::error::{Error, Result};
use super::input::{describe, object, string};
use super::validate::{self, quote};
use serde_json::Value;

/// Date presets the API accepts for `dateRange`.
pub const DATE_PRESETS: [&str; 10] = [
    "today",
    "yesterday",
    "last_7_days",
    "last_30_days",
    "this_month",
    "last_month",
    "last_3_months",
    "last_6_months",
    "last_year",
    "this_year",
];

/// Filter operators the API accepts.
pub const FILTER_OPERATORS: [&str; 6] = ["equals", "notEquals", "contains", "notContains", "greaterThan", "lesserThan"];

/// Validate a run-query body and return it unchanged.
///
/// # Errors
/// `INVALID_ARGUMENT` naming the first offending field.
pub fn query_body(v: &Value) -> Result<Value> {
    let keys = ["accounts", "dimensions", "metrics", "dateRange", "sort", "filters"];
    let map = object("query", v, &keys, false)?.cloned().unwrap_or_default();

    let accounts = string_list("query.accounts", map.get("accounts"), 1, 100)?;
    for (i, a) in accounts.iter().enumerate() {
        validate::prefixed_account_id(&format!("query.accounts[{i}]"), a)?;
    }
    string_list("query.dimensions", map.get("dimensions"), 0, 50)?;
    string_list("query.metrics", map.get("metrics"), 0, 50)?;
    if let Some(range) = map.get("dateRange") {
        date_range(range)?;
    }
    if let Some(sort) = map.get("sort") {
        for (i, s) in array("query.sort", sort)?.iter().enumerate() {
            let p = format!("query.sort[{i}]");
            let s = object(&p, s, &["fieldId", "direction"], false)?.cloned().unwrap_or_default();
            non_empty(&format!("{p}.fieldId"), s.get("fieldId"))?;
            let dir = string(&format!("{p}.direction"), s.get("direction").unwrap_or(&Value::Null))?;
            one_of(&format!("{p}.direction"), dir, &["asc", "desc"])?;
        }
    }
    if let Some(filters) = map.get("filters") {
        for (i, f) in array("query.filters", filters)?.iter().enumerate() {
            let p = format!("query.filters[{i}]");
            let f = object(&p, f, &["fieldId", "operator", "value"], false)?.cloned().unwrap_or_default();
            non_empty(&format!("{p}.fieldId"), f.get("fieldId"))?;
            let op = string(&format!("{p}.operator"), f.get("operator").unwrap_or(&Value::Null))?;
            one_of(&format!("{p}.operator"), op, &FILTER_OPERATORS)?;
            // The API takes every filter value as a string, numbers included.
            string(&format!("{p}.value"), f.get("value").unwrap_or(&Value::Null))?;
        }
    }
    Ok(Value::Object(map))
}

fn array<'a>(param: &str, v: &'a Value) -> Result<&'a Vec<Value>> {
    v.as_array().ok_or_else(|| Error::invalid(format!("{param} must be an array; got {}", describe(v))))
}

fn string_list<'a>(param: &str, v: Option<&'a Value>, min: usize, max: usize) -> Result<Vec<&'a str>> {
    let items = match v {
        None if min == 0 => return Ok(vec![]),
        None => return Err(Error::invalid(format!("{param} is required: {min} to {max} strings"))),
        Some(v) => array(param, v)?,
    };
    if items.len() < min || items.len() > max {
        return Err(Error::invalid(format!("{param} must have {min} to {max} entries; got {}", items.len())));
    }
    items.iter().enumerate().map(|(i, s)| non_empty(&format!("{param}[{i}]"), Some(s))).collect()
}

fn non_empty<'a>(param: &str, v: Option<&'a Value>) -> Result<&'a str> {
    let s = string(param, v.unwrap_or(&Value::Null))?;
    if s.is_empty() {
        Err(Error::invalid(format!("{param} cannot be empty")))
    } else {
        Ok(s)
    }
}

fn one_of(param: &str, value: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        let list: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
        Err(Error::invalid(format!("{param} must be one of {}; got {}", list.join(", "), quote(value))))
    }
}

fn date_range(v: &Value) -> Result<()> {
    match v {
        Value::String(s) => one_of("query.dateRange", s, &DATE_PRESETS),
        Value::Object(_) => {
            let m = object("query.dateRange", v, &["startDate", "endDate"], false)?.cloned().unwrap_or_default();
            let start_s = string("query.dateRange.startDate", m.get("startDate").unwrap_or(&Value::Null))?;
            let end_s = string("query.dateRange.endDate", m.get("endDate").unwrap_or(&Value::Null))?;
            let start = validate::date("query.dateRange.startDate", start_s)?;
            let end = validate::date("query.dateRange.endDate", end_s)?;
            if start > end {
                return Err(Error::invalid(format!(
                    "query.dateRange.startDate ({}) must not be after endDate ({})",
                    quote(start_s),
                    quote(end_s)
                )));
            }
            Ok(())
        }
        other => Err(Error::invalid(format!(
            "query.dateRange must be a preset such as \"last_7_days\" or {{ startDate, endDate }}; got {}",
            describe(other)
        ))),
    }
}
