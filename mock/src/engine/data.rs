//! Connector fields (K4) and run-query (D1): rows that are a deterministic function of the query.

use super::checks::Ctx;
use super::extract::{body, team};
use super::http::{err, ApiError, Outcome, Request, Response};
use super::rows::{Query, Rows};
use super::time::{civil, days, parse_ymd};
use super::world::World;
use super::Handled;
use serde_json::{json, Map, Value};
use tmr_client::core::query::{DATE_PRESETS, FILTER_OPERATORS};
use tmr_client::core::ErrorCode;

/// Most rows one query may return, unless set otherwise (`Mock::set_max_query_rows`).
pub const DEFAULT_MAX_QUERY_ROWS: usize = 200_000;

/// The row caps `Mock::set_max_query_rows` accepts (`--max-query-rows`, `maxQueryRows`).
pub const MAX_QUERY_ROWS_RANGE: std::ops::RangeInclusive<usize> = 1..=100_000_000;

fn bad(msg: impl Into<String>) -> ApiError {
    err(ErrorCode::BadRequest, msg)
}

/// Split `<connectorId>_<id>` using the known connector list (longest prefix wins).
fn split_account<'a>(world: &World, id: &'a str) -> Option<(String, &'a str)> {
    let mut known: Vec<&String> = world.connectors.keys().collect();
    known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    known
        .into_iter()
        .find_map(|k| id.strip_prefix(k.as_str()).and_then(|r| r.strip_prefix('_')).filter(|r| !r.is_empty()).map(|r| (k.clone(), r)))
}

pub fn fields(world: &World, ctx: &Ctx, req: &Request) -> Handled {
    let connector = &ctx.params[1];
    type Named<'a> = (&'a str, &'a str);
    let (dims, time_field, metrics): (Vec<Named>, Named, Vec<Named>) = if connector == "gadw" {
        (
            vec![("campaign.name", "Campaign"), ("ad_group.name", "Ad group")],
            ("segments.date", "Date"),
            vec![("metrics.impressions", "Impressions"), ("metrics.clicks", "Clicks"), ("metrics.cost_micros", "Cost (micros)")],
        )
    } else {
        (
            vec![("campaign_name", "Campaign")],
            ("date", "Date"),
            vec![("impressions", "Impressions"), ("clicks", "Clicks"), ("cost", "Cost")],
        )
    };
    let group = |id: &str, name: &str, fields: &[(&str, &str)]| json!({"groupId": id, "groupName": name, "fields": fields.iter().map(|(i, n)| json!({"id": i, "name": n, "description": format!("{n} ({connector})")})).collect::<Vec<_>>()});
    let mut metric_groups = vec![group("performance", "Performance", &metrics)];
    let custom: Vec<String> = req.query.iter().filter(|(k, _)| k == "accountIds").map(|(_, v)| v.clone()).collect();
    let mut custom_fields = Vec::new();
    for id in &custom {
        match split_account(world, id) {
            Some((c, rest)) if &c == connector => {
                custom_fields.push((format!("custom.conversions_{rest}"), format!("Custom conversions ({rest})")))
            }
            _ => return Err(bad(format!("Invalid account ID: \"{id}\""))),
        }
    }
    if !custom_fields.is_empty() {
        let refs: Vec<(&str, &str)> = custom_fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        metric_groups.push(group("custom", "Custom conversions", &refs));
    }
    Ok((json!({"dimensions": [group("general", "General", &dims), group("time", "Time", &[time_field])], "metrics": metric_groups}), 200))
}

fn strings(b: &Map<String, Value>, key: &str, min: usize, max: usize) -> Result<Vec<String>, ApiError> {
    let list = match b.get(key) {
        None | Some(Value::Null) if min == 0 => return Ok(vec![]),
        None | Some(Value::Null) => return Err(bad(format!("{key}: Required"))),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(bad(format!("{key}: Expected array"))),
    };
    if list.len() < min {
        return Err(bad(format!("{key}: Array must contain at least {min} element(s)")));
    }
    if list.len() > max {
        return Err(bad(format!("{key}: Array must contain at most {max} element(s)")));
    }
    list.iter()
        .map(|v| v.as_str().filter(|s| !s.is_empty()).map(str::to_owned).ok_or_else(|| bad(format!("{key}: Expected string"))))
        .collect()
}

fn date_range(b: &Map<String, Value>, today: i64) -> Result<(i64, i64), ApiError> {
    let (y, m, _) = civil(today);
    let first = |y: i64, m: u32| days(y, m, 1);
    Ok(match b.get("dateRange") {
        None | Some(Value::Null) => (today - 7, today - 1),
        Some(Value::String(p)) => match p.as_str() {
            "today" => (today, today),
            "yesterday" => (today - 1, today - 1),
            "last_7_days" => (today - 7, today - 1),
            "last_30_days" => (today - 30, today - 1),
            "this_month" => (first(y, m), today),
            "last_month" => {
                let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
                (first(py, pm), first(y, m) - 1)
            }
            "last_3_months" => (today - 90, today - 1),
            "last_6_months" => (today - 182, today - 1),
            "last_year" => (days(y - 1, 1, 1), days(y, 1, 1) - 1),
            "this_year" => (days(y, 1, 1), today),
            _ => return Err(bad(format!("dateRange: Invalid enum value. Expected {}", DATE_PRESETS.join(" | ")))),
        },
        Some(Value::Object(o)) => {
            let d =
                |k: &str| o.get(k).and_then(Value::as_str).and_then(parse_ymd).ok_or_else(|| bad(format!("dateRange.{k}: Invalid date")));
            let (s, e) = (d("startDate")?, d("endDate")?);
            if s > e {
                return Err(bad("dateRange: startDate must not be after endDate"));
            }
            (s, e)
        }
        Some(_) => return Err(bad("dateRange: Invalid input")),
    })
}

/// Run-query: the query checked here, its rows made while they are sent (`rows.rs`).
pub fn run_query(world: &World, ctx: &Ctx, req: &Request, max_rows: usize) -> Outcome<Response> {
    let b = body(req)?;
    let accounts = strings(&b, "accounts", 1, 100)?;
    let dims = strings(&b, "dimensions", 0, 50)?;
    let metrics = strings(&b, "metrics", 0, 50)?;
    let (start, end) = date_range(&b, (ctx.now_ms / 86_400_000) as i64)?;
    let t = &world.teams[team(ctx)];
    for a in &accounts {
        let (connector, id) = split_account(world, a).ok_or_else(|| bad(format!("Invalid account ID: \"{a}\"")))?;
        if !t.accounts_of(&connector).iter().any(|x| x.id == id) {
            return Err(bad(format!("Account not found: \"{a}\"")));
        }
    }
    let sort = shapes(&b, "sort", &["fieldId", "direction"], |o| matches!(o["direction"].as_str(), Some("asc" | "desc")))?;
    let filters = shapes(&b, "filters", &["fieldId", "operator", "value"], |o| {
        o["operator"].as_str().is_some_and(|op| FILTER_OPERATORS.contains(&op)) && o["value"].is_string()
    })?;
    // The cap counts rows before the filters: the product of the dimensions' value counts.
    let mut rows = Rows::new(Query { accounts, dims, metrics, start, end, filters, sort });
    if rows.total() > max_rows as u64 {
        return Err(bad(format!("The query would return more than {max_rows} rows; narrow the date range or dimensions")));
    }
    Ok(Response::ok_streamed(200, move |out| rows.write_next(out)))
}

fn shapes(b: &Map<String, Value>, key: &str, fields: &[&str], ok: impl Fn(&Value) -> bool) -> Result<Vec<Value>, ApiError> {
    match b.get(key) {
        None | Some(Value::Null) => Ok(vec![]),
        Some(Value::Array(items))
            if items.iter().all(|o| o.is_object() && o["fieldId"].is_string() && fields.iter().all(|f| !o[*f].is_null()) && ok(o)) =>
        {
            Ok(items.clone())
        }
        Some(_) => Err(bad(format!("{key}: Invalid input"))),
    }
}
