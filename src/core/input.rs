//! Typed inputs of the endpoints that take more than path parameters, checked before sending.

use super::error::{Error, Result};
use super::policy::Role;
use super::validate::{self, quote};
use serde_json::{json, Map, Value};

/// A JSON value rendered for an error message.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "nothing (undefined or null)".to_owned(),
        Value::String(s) => quote(s),
        other => {
            let text = other.to_string();
            if text.chars().count() > 80 {
                format!("{}…", text.chars().take(80).collect::<String>())
            } else {
                text
            }
        }
    }
}

/// The string in `v`, or an error naming `param`.
pub fn string<'a>(param: &str, v: &'a Value) -> Result<&'a str> {
    v.as_str().ok_or_else(|| Error::invalid(format!("{param} must be a string; got {}", describe(v))))
}

/// The object in `v` (absent → empty when `optional`), rejecting keys outside `known`.
pub fn object<'a>(param: &str, v: &'a Value, known: &[&str], optional: bool) -> Result<Option<&'a Map<String, Value>>> {
    match v {
        Value::Null if optional => Ok(None),
        Value::Object(map) => {
            if let Some(k) = map.keys().find(|k| !known.contains(&k.as_str())) {
                return Err(Error::invalid(format!("{param} has an unknown key {}; allowed: {}", quote(k), known.join(", "))));
            }
            Ok(Some(map))
        }
        other => Err(Error::invalid(format!("{param} must be an object; got {}", describe(other)))),
    }
}

/// Body of U2 and T3: `{ "name": <trimmed> }`.
pub fn name_body(v: &Value) -> Result<Value> {
    let name = validate::name("name", string("name", v)?)?;
    Ok(json!({ "name": name }))
}

/// Body of T5: `{ "role": … }`.
pub fn role_body(v: &Value) -> Result<Value> {
    let role = Role::parse("role", string("role", v)?)?;
    Ok(json!({ "role": role.as_str() }))
}

/// Body of T8: `{ "email", "role"? }`; role is left out when not given (the API defaults to viewer).
pub fn invite_body(v: &Value) -> Result<Value> {
    let map = object("invite", v, &["email", "role"], false)?.cloned().unwrap_or_default();
    let email = string("invite.email", map.get("email").unwrap_or(&Value::Null))?;
    validate::email("invite.email", email)?;
    let mut body = json!({ "email": email });
    match map.get("role") {
        None | Some(Value::Null) => {}
        Some(r) => {
            let role = Role::parse("invite.role", string("invite.role", r)?)?;
            body["role"] = json!(role.as_str());
        }
    }
    Ok(body)
}

/// Body of U6: a partial preferences object, sent as given once every key and value is known.
pub fn preferences_body(v: &Value) -> Result<Value> {
    let map = object("patch", v, &["appearance", "notifications"], false)?.cloned().unwrap_or_default();
    if let Some(a) = map.get("appearance") {
        let s = string("patch.appearance", a)?;
        if !["auto", "light", "dark"].contains(&s) {
            return Err(Error::invalid(format!("patch.appearance must be one of \"auto\", \"light\", \"dark\"; got {}", quote(s))));
        }
    }
    if let Some(n) = map.get("notifications") {
        let n = object("patch.notifications", n, &["email"], false)?.cloned().unwrap_or_default();
        if let Some(e) = n.get("email") {
            let keys = ["billing", "productUpdates", "promotional"];
            let e = object("patch.notifications.email", e, &keys, false)?.cloned().unwrap_or_default();
            for (k, val) in &e {
                if !val.is_boolean() {
                    return Err(Error::invalid(format!("patch.notifications.email.{k} must be a boolean; got {}", describe(val))));
                }
            }
        }
    }
    Ok(Value::Object(map))
}

/// Query of K2 and K3: `?status=enabled|disabled|all`, or nothing.
pub fn status_query(v: &Value) -> Result<Vec<(&'static str, String)>> {
    let Some(map) = object("options", v, &["status"], true)? else { return Ok(vec![]) };
    match map.get("status") {
        None | Some(Value::Null) => Ok(vec![]),
        Some(s) => {
            let s = string("options.status", s)?;
            if ["enabled", "disabled", "all"].contains(&s) {
                Ok(vec![("status", s.to_owned())])
            } else {
                Err(Error::invalid(format!("options.status must be one of \"enabled\", \"disabled\", \"all\"; got {}", quote(s))))
            }
        }
    }
}

/// Query of K4: `accountIds` repeated, each `<connectorId>_<id>`.
pub fn account_ids_query(v: &Value) -> Result<Vec<(&'static str, String)>> {
    let Some(map) = object("options", v, &["accountIds"], true)? else { return Ok(vec![]) };
    match map.get("accountIds") {
        None | Some(Value::Null) => Ok(vec![]),
        Some(Value::Array(ids)) => ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let param = format!("options.accountIds[{i}]");
                let s = string(&param, id)?;
                validate::prefixed_account_id(&param, s)?;
                Ok(("accountIds", s.to_owned()))
            })
            .collect(),
        Some(other) => Err(Error::invalid(format!("options.accountIds must be an array of strings; got {}", describe(other)))),
    }
}
