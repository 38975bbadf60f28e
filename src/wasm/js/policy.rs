//! The policy as synchronous module functions, for dashboards deciding what to enable.

use super::convert::{to_js, to_value, type_of};
use super::error::js_err;
use crate::core::headroom::plan_headroom;
use crate::core::input::{describe, string};
use crate::core::policy::{self, MemberRole, Role, Scope};
use crate::core::{query_account_id, validate, Endpoint, Error, ErrorCode, ENDPOINTS};
use serde_json::Value;
use wasm_bindgen::prelude::*;

type JsResult<T> = Result<T, JsValue>;

fn opt_role(param: &str, v: &JsValue) -> Result<Option<Role>, Error> {
    match to_value(param, v)? {
        Value::Null => Ok(None),
        other => Role::parse(param, string(param, &other)?).map(Some),
    }
}

/// `null`/`undefined` → unrestricted key; otherwise an array of scope patterns.
fn granted_scopes(v: &JsValue) -> Result<Option<Vec<String>>, Error> {
    match to_value("grantedScopes", v)? {
        Value::Null => Ok(None),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let param = format!("grantedScopes[{i}]");
                let s = string(&param, p)?;
                policy::validate_scope_pattern(&param, s)?;
                Ok(s.to_owned())
            })
            .collect::<Result<Vec<_>, Error>>()
            .map(Some),
        other => Err(Error::invalid(format!(
            "grantedScopes must be an array of scopes, or null for an unrestricted key; got {}",
            describe(&other)
        ))),
    }
}

/// Minimum team role of an endpoint (`"members.updateRole"` → `"owner"`), `null` if none.
#[wasm_bindgen(js_name = requiredRole)]
pub fn required_role(endpoint: &str) -> JsResult<Option<String>> {
    let e = Endpoint::named("endpoint", endpoint).map_err(js_err)?;
    Ok(e.role.map(|r| r.as_str().to_owned()))
}

/// API-key scope an endpoint needs, e.g. `"clients:delete"`.
#[wasm_bindgen(js_name = requiredScope)]
pub fn required_scope(endpoint: &str) -> JsResult<String> {
    Ok(Endpoint::named("endpoint", endpoint).map_err(js_err)?.scope_form())
}

/// Whether `role` meets the minimum `required`.
#[wasm_bindgen(js_name = roleSatisfies)]
pub fn role_satisfies(role: &str, required: &str) -> JsResult<bool> {
    let role = Role::parse("role", role).map_err(js_err)?;
    let required = Role::parse("required", required).map_err(js_err)?;
    Ok(role.satisfies(required))
}

/// Whether granted scope patterns (wildcards allowed; `null` = unrestricted) allow `scope`.
#[wasm_bindgen(js_name = scopeAllows)]
pub fn scope_allows(granted: JsValue, scope: &str) -> JsResult<bool> {
    let granted = granted_scopes(&granted).map_err(js_err)?;
    let scope = Scope::parse("scope", scope).map_err(js_err)?;
    Ok(policy::scope_allows(granted.as_deref(), scope))
}

/// Whether a caller with `role` (`null` = not a member) and `granted` scopes may call `endpoint`.
#[wasm_bindgen(js_name = canCall)]
pub fn can_call(role: JsValue, granted: JsValue, endpoint: &str) -> JsResult<bool> {
    let role = opt_role("role", &role).map_err(js_err)?;
    let granted = granted_scopes(&granted).map_err(js_err)?;
    let e = Endpoint::named("endpoint", endpoint).map_err(js_err)?;
    Ok(e.can_call(role, granted.as_deref()))
}

/// Whether setting `userId`'s role to `newRole` (`null` = removing them) leaves no owner.
#[wasm_bindgen(js_name = wouldLeaveNoOwner)]
pub fn would_leave_no_owner(members: JsValue, user_id: &str, new_role: JsValue) -> JsResult<bool> {
    let parse = || -> Result<bool, Error> {
        let list = match to_value("members", &members)? {
            Value::Array(list) => list,
            other => return Err(Error::invalid(format!("members must be an array; got {}", describe(&other)))),
        };
        let members = list
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let id = string(&format!("members[{i}].id"), m.get("id").unwrap_or(&Value::Null))?;
                let role_param = format!("members[{i}].role");
                let role = Role::parse(&role_param, string(&role_param, m.get("role").unwrap_or(&Value::Null))?)?;
                Ok(MemberRole { id: id.to_owned(), role })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        validate::uuid("userId", user_id)?;
        let new_role = opt_role("newRole", &new_role)?;
        Ok(policy::would_leave_no_owner(&members, user_id, new_role))
    };
    parse().map_err(js_err)
}

/// Count, limit, remaining and status of members, accounts per connector and schedules.
#[wasm_bindgen(js_name = planHeadroom, unchecked_return_type = "PlanHeadroom")]
pub fn plan_headroom_js(team: JsValue) -> JsResult<JsValue> {
    let compute = || -> Result<JsValue, Error> { to_js(&plan_headroom(&to_value("team", &team)?)?) };
    compute().map_err(js_err)
}

/// `"<connectorId>_<id>"` for run-query `accounts` and fields `accountIds`, from an Account.
#[wasm_bindgen(js_name = queryAccountId)]
pub fn query_account_id_js(account: JsValue) -> JsResult<String> {
    let compute = || -> Result<String, Error> {
        if !account.is_object() {
            return Err(Error::invalid(format!("account must be an Account object; got {}", type_of(&account))));
        }
        let v = to_value("account", &account)?;
        let id = string("account.id", v.get("id").unwrap_or(&Value::Null))?;
        let connector = string("account.connectorId", v.get("connectorId").unwrap_or(&Value::Null))?;
        validate::connector_id("account.connectorId", connector)?;
        validate::account_id("account.id", id)?;
        Ok(query_account_id(connector, id))
    };
    compute().map_err(js_err)
}

/// Every error code the SDK can raise (the TS union is tested against this list).
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL.iter().map(|c| c.as_str().to_owned()).collect()
}

/// The endpoint table: `{ id, name, method, path, role, scope, arity }` per endpoint, where
/// `arity` counts the positional arguments before the per-call options.
#[wasm_bindgen(unchecked_return_type = "EndpointInfo[]")]
pub fn endpoints() -> JsResult<JsValue> {
    let rows: Vec<Value> = ENDPOINTS
        .iter()
        .map(|e| {
            serde_json::json!({
                "id": e.id, "name": e.name, "method": e.method.as_str(), "path": e.path,
                "role": e.role.map(Role::as_str), "scope": e.scope_form(), "arity": e.arity(),
                "streamedAs": e.streamed_as,
            })
        })
        .collect();
    to_js(&rows).map_err(js_err)
}
