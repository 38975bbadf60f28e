//! Run-query's answer as the mock built it before it streamed (a `Vec` of row maps, serialised
//! whole by `Response::ok`), kept here as it was, to hold the streamed bytes to it. Only the row
//! construction is kept: validation and the cap did not change. The query's parts come in already
//! validated; `start` and `end` are day numbers.

use serde_json::{json, Map, Value};

/// The body `Response::ok(json!(rows), 200)` sent.
pub fn buffered_body(
    accounts: &[&str],
    dims: &[&str],
    metrics: &[&str],
    (start, end): (i64, i64),
    filters: &[Value],
    sort: &[Value],
) -> Vec<u8> {
    let is_date = |d: &str| d == "date" || d.ends_with(".date") || d == "day";
    let mut rows: Vec<Map<String, Value>> = vec![Map::new()];
    for d in dims {
        let values: Vec<String> = if is_date(d) {
            (start..=end).map(ymd).collect()
        } else {
            (1..=3).map(|i| format!("{} {i}", d.rsplit(['.', '_']).next().unwrap_or(d))).collect()
        };
        rows = rows
            .iter()
            .flat_map(|r| {
                values.iter().map(move |v| {
                    let mut r = r.clone();
                    r.insert((*d).to_owned(), json!(v));
                    r
                })
            })
            .collect();
    }
    let key = accounts.join(",");
    for row in &mut rows {
        let dims_key: Vec<String> = dims.iter().map(|d| row[*d].to_string()).collect();
        for m in metrics {
            let v = metric_value(m, hash(&[&key, &dims_key.join("|"), m, &start.to_string(), &end.to_string()]));
            row.insert((*m).to_owned(), v);
        }
    }
    rows.retain(|r| filters.iter().all(|f| keep(r, f)));
    for s in sort.iter().rev() {
        let (field, desc) = (s["fieldId"].as_str().unwrap_or_default(), s["direction"] == "desc");
        rows.sort_by(|a, b| {
            let o = compare(a.get(field), b.get(field));
            if desc {
                o.reverse()
            } else {
                o
            }
        });
    }
    json!({"success": true, "data": json!(rows)}).to_string().into_bytes()
}

fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn metric_value(name: &str, seed: u64) -> Value {
    let n = seed % 10_000;
    if name.contains("cost") {
        json!((n as f64 * 1.37).round() / 100.0)
    } else if name.contains("impressions") {
        json!(n * 37 + 100)
    } else {
        json!(n % 500)
    }
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    match (a.and_then(Value::as_f64), b.and_then(Value::as_f64)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => a.map(Value::to_string).cmp(&b.map(Value::to_string)),
    }
}

fn keep(row: &Map<String, Value>, f: &Value) -> bool {
    let (field, op, want) =
        (f["fieldId"].as_str().unwrap_or_default(), f["operator"].as_str().unwrap_or_default(), f["value"].as_str().unwrap_or_default());
    let Some(v) = row.get(field) else { return true };
    let text = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    let (num, want_num) = (v.as_f64(), want.parse::<f64>().ok());
    match op {
        "equals" => text == want,
        "notEquals" => text != want,
        "contains" => text.contains(want),
        "notContains" => !text.contains(want),
        "greaterThan" => matches!((num, want_num), (Some(a), Some(b)) if a > b),
        "lesserThan" => matches!((num, want_num), (Some(a), Some(b)) if a < b),
        _ => true,
    }
}

/// Days since 1970-01-01 → `YYYY-MM-DD`.
pub fn ymd(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    format!("{:04}-{m:02}-{d:02}", yoe + era * 400 + i64::from(m <= 2))
}

/// `YYYY-MM-DD` → days since 1970-01-01.
pub fn days(text: &str) -> i64 {
    let mut it = text.split('-').map(|p| p.parse::<i64>().unwrap());
    let (y, m, d) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}
