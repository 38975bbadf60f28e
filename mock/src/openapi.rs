//! The OpenAPI 3.1 document of the TMR API, generated from the core's endpoint table (paths,
//! roles, scopes, inputs, outputs) plus the schemas of CONTRACT.md §6. Served at `/openapi.json`;
//! `mock/openapi.yaml` is the same document, committed for readers (a test keeps them equal).

use serde_json::{json, Map, Value};
use tmr_client::core::endpoint::{InputKind, Method, OutputKind};
use tmr_client::core::query::{DATE_PRESETS, FILTER_OPERATORS};
use tmr_client::core::ENDPOINTS;

fn nullable(t: &str) -> Value {
    json!({"type": [t, "null"]})
}

fn obj(required: &[&str], props: Value) -> Value {
    json!({"type": "object", "required": required, "properties": props})
}

fn r(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn list(name: &str) -> Value {
    json!({"type": "array", "items": r(name)})
}

fn schemas() -> Value {
    let s = json!({"type": "string"});
    let n = json!({"type": "integer", "minimum": 0});
    let b = json!({"type": "boolean"});
    let uuid = json!({"type": "string", "format": "uuid"});
    let role = json!({"type": "string", "enum": ["viewer", "editor", "owner"]});
    let status = json!({"type": "string", "enum": ["ok", "reached", "exceeded"]});
    let limit = obj(&["base", "addons", "total"], json!({"base": n, "addons": n, "total": n}));
    let usage = obj(&["count", "status"], json!({"count": n, "status": status}));
    let email = obj(&["billing", "productUpdates", "promotional"], json!({"billing": b, "productUpdates": b, "promotional": b}));
    let price = obj(&["monthly", "yearly"], json!({"monthly": n, "yearly": n}));
    json!({
        "Preferences": obj(&["appearance", "notifications"], json!({
            "appearance": {"type": "string", "enum": ["auto", "light", "dark"]},
            "notifications": obj(&["email"], json!({"email": email}))})),
        "User": obj(&["id", "name", "email", "avatarUrl", "preferences", "createdAt"], json!({
            "id": uuid, "name": nullable("string"), "email": s, "avatarUrl": nullable("string"), "preferences": r("Preferences"), "createdAt": s})),
        "TeamSummary": obj(&["id", "name", "createdAt"], json!({"id": uuid, "name": nullable("string"), "createdAt": s})),
        "TeamPlan": obj(&["name", "status", "endsOn", "currencyCode", "frequency", "destinations", "limits"], json!({
            "name": s, "status": {"type": "string", "enum": ["active", "in_trial", "non_renewing", "cancelled"]},
            "endsOn": nullable("string"), "currencyCode": s, "frequency": {"type": "string", "enum": ["month", "year"]},
            "destinations": obj(&["core", "additional"], json!({"core": s, "additional": {"type": "array", "items": s}})),
            "limits": obj(&["users", "accountsPerConnector", "schedules"], json!({"users": limit, "accountsPerConnector": limit,
                "schedules": obj(&["total", "allowedFrequencies"], json!({"total": nullable("integer"),
                    "allowedFrequencies": {"type": ["array", "null"], "items": s}}))}))})),
        "Team": obj(&["id", "name", "createdAt", "updatedAt", "plan", "usage"], json!({
            "id": uuid, "name": nullable("string"), "createdAt": s, "updatedAt": nullable("string"),
            "plan": {"oneOf": [r("TeamPlan"), {"type": "null"}]},
            "usage": {"oneOf": [obj(&["members", "accountsPerConnector", "schedules"], json!({
                "members": usage, "accountsPerConnector": {"type": "object", "additionalProperties": usage},
                "schedules": obj(&["count", "byFrequency", "status", "hasRestrictedFrequency"], json!({"count": n,
                    "byFrequency": {"type": "object", "additionalProperties": n}, "status": status, "hasRestrictedFrequency": b}))})),
                {"type": "null"}]}})),
        "Member": obj(&["id", "name", "email", "role", "joinedAt"], json!({"id": uuid, "name": nullable("string"), "email": s, "role": role, "joinedAt": s})),
        "Invite": obj(&["id", "email", "role", "status", "createdAt"], json!({"id": n, "email": s, "role": role, "status": s, "createdAt": s})),
        "Client": obj(&["id", "name", "domain", "status", "metadata", "link", "createdAt", "updatedAt", "createdBy"], json!({
            "id": uuid, "name": s, "domain": nullable("string"), "status": s, "metadata": {"type": "object"}, "link": s,
            "createdAt": s, "updatedAt": nullable("string"), "createdBy": {"type": ["string", "null"], "format": "uuid"}})),
        "Connection": obj(&["id", "connectorId", "name", "status", "accountCount", "config", "createdAt", "updatedAt", "createdBy"], json!({
            "id": uuid, "connectorId": nullable("string"), "name": nullable("string"), "status": {"type": "string", "enum": ["active", "revoked"]},
            "accountCount": n, "config": {"type": "object"}, "createdAt": s, "updatedAt": nullable("string"), "createdBy": nullable("string")})),
        "Account": obj(&["id", "name", "displayId", "description", "accessible", "status", "connectorId"], json!({
            "id": s, "name": s, "displayId": s, "description": nullable("string"), "accessible": b,
            "status": {"type": "string", "enum": ["enabled", "disabled"]}, "connectorId": s})),
        "Connector": obj(&["id", "name", "connectionCount", "enabledAccountCount"], json!({"id": s, "name": s, "connectionCount": n, "enabledAccountCount": n})),
        "FieldGroup": obj(&["groupId", "groupName", "fields"], json!({"groupId": s, "groupName": s,
            "fields": {"type": "array", "items": obj(&["id", "name"], json!({"id": s, "name": s, "description": nullable("string")}))}})),
        "Fields": obj(&["dimensions", "metrics"], json!({"dimensions": list("FieldGroup"), "metrics": list("FieldGroup")})),
        "Plan": obj(&["name", "key", "limits", "features", "pricing", "addons"], json!({"name": s, "key": s,
            "limits": obj(&["users", "accountsPerConnector"], json!({"users": n, "accountsPerConnector": n})),
            "features": {"type": "array", "items": s}, "pricing": {"type": "object", "additionalProperties": price}, "addons": {"type": "object"}})),
        "Row": {"type": "object", "description": "field id → value"},
        "Error": obj(&["success", "error"], json!({"success": {"const": false}, "error": obj(&["code", "message"], json!({"code": s, "message": s}))})),
    })
}

fn data_schema(kind: OutputKind) -> Value {
    match kind {
        OutputKind::User => r("User"),
        OutputKind::Preferences => r("Preferences"),
        OutputKind::TeamSummaries => list("TeamSummary"),
        OutputKind::Team => r("Team"),
        OutputKind::Renamed => obj(&["name"], json!({"name": {"type": "string"}})),
        OutputKind::Members => list("Member"),
        OutputKind::Invites => list("Invite"),
        OutputKind::Connections => list("Connection"),
        OutputKind::Connection => r("Connection"),
        OutputKind::Accounts => list("Account"),
        OutputKind::Clients => list("Client"),
        OutputKind::Client => r("Client"),
        OutputKind::Connectors => list("Connector"),
        OutputKind::Fields => r("Fields"),
        OutputKind::Rows => list("Row"),
        OutputKind::Plans => list("Plan"),
        OutputKind::Flag(key) => obj(&[key], json!({ key: {"type": "boolean"} })),
        // Outlign is not part of this document (the TMR API's); its rows are never passed here.
        OutputKind::OutlignClients
        | OutputKind::OutlignClient
        | OutputKind::OutlignCompanies
        | OutputKind::OutlignToken
        | OutputKind::Nothing => json!({}),
    }
}

fn body_schema(kind: InputKind) -> Option<Value> {
    let strings = |max: u32| json!({"type": "array", "maxItems": max, "items": {"type": "string", "minLength": 1}});
    Some(match kind {
        InputKind::Name => obj(&["name"], json!({"name": {"type": "string", "minLength": 1, "maxLength": 100}})),
        InputKind::Role => obj(&["role"], json!({"role": {"type": "string", "enum": ["viewer", "editor", "owner"]}})),
        InputKind::Invite => obj(
            &["email"],
            json!({"email": {"type": "string", "format": "email"}, "role": {"type": "string", "enum": ["viewer", "editor", "owner"]}}),
        ),
        InputKind::Preferences => obj(
            &[],
            json!({"appearance": {"type": "string", "enum": ["auto", "light", "dark"]},
            "notifications": obj(&[], json!({"email": obj(&[], json!({"billing": {"type": "boolean"}, "productUpdates": {"type": "boolean"}, "promotional": {"type": "boolean"}}))}))}),
        ),
        InputKind::Query => obj(
            &["accounts"],
            json!({
            "accounts": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"type": "string", "pattern": "^[a-z][a-z0-9]*_.+$"}},
            "dimensions": strings(50), "metrics": strings(50),
            "dateRange": {"oneOf": [{"type": "string", "enum": DATE_PRESETS},
                obj(&["startDate", "endDate"], json!({"startDate": {"type": "string", "format": "date"}, "endDate": {"type": "string", "format": "date"}}))]},
            "sort": {"type": "array", "items": obj(&["fieldId", "direction"], json!({"fieldId": {"type": "string"}, "direction": {"type": "string", "enum": ["asc", "desc"]}}))},
            "filters": {"type": "array", "items": obj(&["fieldId", "operator", "value"], json!({"fieldId": {"type": "string"},
                "operator": {"type": "string", "enum": FILTER_OPERATORS}, "value": {"type": "string"}}))}}),
        ),
        _ => return None,
    })
}

/// Example values from the built-in world, so tools reach real resources of the mock.
fn example(name: &str) -> Option<String> {
    let w = crate::engine::builtin::world();
    let acme = w.teams.first()?;
    Some(match name {
        "teamId" => acme.id.clone(),
        "userId" => acme.members.get(1)?.user_id.clone(),
        "clientId" => acme.clients.first()?.client.id.clone(),
        "connectionId" => acme.connections.first()?.connection.id.clone(),
        "accountId" => acme.connections.first()?.accounts.first()?.id.clone(),
        _ => return None,
    })
}

fn parameter(name: &str) -> Value {
    let schema = match name {
        "connectorId" => {
            let known: Vec<String> = crate::engine::builtin::world().connectors.keys().cloned().collect();
            json!({"type": "string", "enum": known, "description": "A connector the API knows; others give 400 `Invalid connector ID`"})
        }
        "accountId" => {
            json!({"type": "string", "minLength": 1, "description": "Provider account id, unprefixed (e.g. 1234567890, act_9876543210)"})
        }
        _ => json!({"type": "string", "format": "uuid"}),
    };
    let mut p = json!({"name": name, "in": "path", "required": true, "schema": schema});
    if let Some(e) = example(name) {
        p["example"] = json!(e);
    }
    p
}

fn error(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": r("Error")}}})
}

/// The whole document.
pub fn document() -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for e in &ENDPOINTS {
        let mut params: Vec<Value> = e.path_params().map(parameter).collect();
        match e.input {
            InputKind::StatusFilter => params.push(json!({"name": "status", "in": "query", "schema": {"type": "string", "enum": ["enabled", "disabled", "all"], "default": "all"}})),
            InputKind::AccountIds => params.push(json!({"name": "accountIds", "in": "query", "style": "form", "explode": true,
                "schema": {"type": "array", "items": {"type": "string", "pattern": "^[a-z][a-z0-9]*_.+$"}}})),
            _ => {}
        }
        let success = if e.name == "invites.create" { "201" } else { "200" };
        let mut responses = json!({
            success: {"description": "Success", "content": {"application/json": {"schema": obj(&["success", "data"], json!({"success": {"const": true}, "data": data_schema(e.output)}))}}},
            "400": error("Invalid input (BAD_REQUEST)"), "401": error("Missing or invalid API key (UNAUTHORIZED)"),
            "403": error("Role, membership, plan limit (FORBIDDEN) or key scope (INSUFFICIENT_PERMISSIONS)"),
            "404": error("Not found (NOT_FOUND)"), "413": error("Body too large (PAYLOAD_TOO_LARGE)"),
            "429": {"description": "Rate limited (TOO_MANY_REQUESTS)", "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                "content": {"application/json": {"schema": r("Error")}}},
            "500": error("Server error (INTERNAL_SERVER_ERROR)"),
        });
        if e.is_team_write() {
            responses["402"] = error("The team's plan is cancelled (PAYMENT_REQUIRED)");
        }
        if e.name == "invites.create" {
            responses["409"] = error("Invite already pending (CONFLICT)");
        }
        let mut op = json!({
            "operationId": e.name, "summary": format!("{} ({})", e.name, e.id), "tags": [e.name.split('.').next().unwrap_or("api")],
            "description": format!("Minimum role: {}. Scope: `{}`.", e.role.map_or("none", |r| r.as_str()), e.scope_form()),
            "parameters": params, "responses": responses,
        });
        if let Some(schema) = body_schema(e.input) {
            op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": schema}}});
        }
        if e.input == InputKind::Avatar {
            op["requestBody"] = json!({"required": true, "content": {"multipart/form-data": {"schema": obj(&["file"],
                json!({"file": {"type": "string", "format": "binary", "contentMediaType": "image/*"}}))}}});
        }
        let method = match e.method {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
        };
        let entry = paths.entry(e.path.to_owned()).or_insert_with(|| json!({}));
        entry[method] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Two Minute Reports API", "version": "v1",
            "description": "Generated from tmr-client's endpoint table (CONTRACT.md, WORKING-RULES.md). Success: {success: true, data}; failure: {success: false, error: {code, message}}."},
        "servers": [{"url": "https://api.twominutereports.com/v1"}, {"url": "http://127.0.0.1:4010", "description": "tmr-mock"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": schemas()},
    })
}

/// The document as YAML (block style; strings double-quoted, which YAML reads as JSON strings).
pub fn yaml(v: &Value) -> String {
    let mut out = String::new();
    emit(v, 0, &mut out);
    out
}

fn scalar(v: &Value) -> String {
    v.to_string()
}

fn emit(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, val) in m {
                out.push_str(&format!("{pad}{}:", scalar(&Value::String(k.clone()))));
                block(val, indent, out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for val in a {
                out.push_str(&format!("{pad}-"));
                block(val, indent, out);
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

fn block(val: &Value, indent: usize, out: &mut String) {
    match val {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            emit(val, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            emit(val, indent + 2, out);
        }
        other => out.push_str(&format!(" {}\n", scalar(other))),
    }
}
