//! Run-query's rows (D1): a deterministic function of the query, made one at a time from their
//! index in the cartesian product of the dimensions' values, so an answer of a million rows is
//! never held whole (DESIGN.md "Large answers"). Filters apply row by row; only `sort` makes the
//! rows exist together (bounded by the row cap, which `data::run_query` checks first).
//!
//! The bytes are those the mock sent when it built a `Vec` of row maps and serialised it (that
//! construction is kept in mock/tests/run_query_support, and mock/tests/run_query.rs compares):
//! the same key order, a repeated name keeping its first place and taking its last value, as a
//! JSON map does. The sort, when there is one, runs at the first pull, outside the mock's lock.

use super::time::ymd;
use serde_json::{json, Value};
use std::cmp::Ordering;

/// A query that passed validation (`data::run_query`).
pub struct Query {
    pub accounts: Vec<String>,
    pub dims: Vec<String>,
    pub metrics: Vec<String>,
    /// First and last day of the range (days since 1970-01-01), `start <= end`.
    pub start: i64,
    pub end: i64,
    /// `{fieldId, operator, value}` objects, already checked.
    pub filters: Vec<Value>,
    /// `{fieldId, direction}` objects, already checked.
    pub sort: Vec<Value>,
}

/// The values of one dimension.
enum Values {
    /// A day per date in the range (date fields).
    Days { first: i64, count: u64 },
    /// Three names made from the field's last segment (every other field).
    Names([String; 3]),
}

impl Values {
    fn count(&self) -> u64 {
        match self {
            Values::Days { count, .. } => *count,
            Values::Names(_) => 3,
        }
    }

    fn get(&self, i: u64) -> Value {
        match self {
            // `i < count`, and the range's days fit an i64 (4-digit years).
            Values::Days { first, .. } => Value::String(ymd(first + i64::try_from(i).unwrap_or_default())),
            Values::Names(names) => Value::String(names[usize::try_from(i).unwrap_or_default() % 3].clone()),
        }
    }
}

#[derive(Clone, Copy)]
enum Metric {
    Cost,
    Impressions,
    Count,
}

/// A filter on a row's field; a field the row does not have keeps every row.
struct Filter {
    slot: Option<usize>,
    op: String,
    want: String,
    want_num: Option<f64>,
}

/// The rows of one query, made on demand. Owns everything it reads.
pub struct Rows {
    /// The row's fields in order (JSON text of each name, quotes included): each name once.
    keys: Vec<String>,
    /// Per dimension, in query order: its values and its field.
    dims: Vec<(Values, usize)>,
    /// Per metric, in query order: its name, kind and field.
    metrics: Vec<(String, Metric, usize)>,
    /// The hash of the accounts, the first part of every metric's seed.
    seed: Fnv,
    /// The range's day numbers as text, the seed's last parts.
    range: (String, String),
    filters: Vec<Filter>,
    /// Sort keys (field, descending) in query order.
    sort: Vec<(Option<usize>, bool)>,
    total: u64,
    next: u64,
    /// The rows, sorted, once `sort` made them exist together.
    sorted: Option<std::vec::IntoIter<Vec<Value>>>,
}

impl Rows {
    pub fn new(q: Query) -> Rows {
        let mut names: Vec<String> = Vec::new();
        let mut slot = |name: &str| match names.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                names.push(name.to_owned());
                names.len() - 1
            }
        };
        let is_date = |d: &str| d == "date" || d.ends_with(".date") || d == "day";
        let days = (q.end - q.start + 1).unsigned_abs();
        let mut dims = Vec::with_capacity(q.dims.len());
        for d in &q.dims {
            let values = if is_date(d) {
                Values::Days { first: q.start, count: days }
            } else {
                let last = d.rsplit(['.', '_']).next().unwrap_or(d);
                Values::Names([1, 2, 3].map(|i| format!("{last} {i}")))
            };
            dims.push((values, slot(d)));
        }
        let metrics: Vec<(String, Metric, usize)> = q.metrics.iter().map(|m| (m.clone(), metric_kind(m), slot(m))).collect();
        let field = |name: &str| names.iter().position(|n| n == name);
        let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
        let filters = q
            .filters
            .iter()
            .map(|f| Filter {
                slot: field(f["fieldId"].as_str().unwrap_or_default()),
                op: text(f, "operator"),
                want_num: f["value"].as_str().and_then(|w| w.parse::<f64>().ok()),
                want: text(f, "value"),
            })
            .collect();
        let sort = q.sort.iter().map(|s| (field(s["fieldId"].as_str().unwrap_or_default()), s["direction"] == "desc")).collect();
        let keys = names.into_iter().map(|n| Value::String(n).to_string()).collect();
        Rows {
            keys,
            total: dims.iter().fold(1u64, |n, (v, _)| n.saturating_mul(v.count())),
            dims,
            metrics,
            seed: Fnv::START.part(q.accounts.join(",").as_bytes()),
            range: (q.start.to_string(), q.end.to_string()),
            filters,
            sort,
            next: 0,
            sorted: None,
        }
    }

    /// Rows before the filters: the product of the dimensions' value counts (saturating).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Write the next row's JSON into `out`; false when there is none.
    pub fn write_next(&mut self, out: &mut Vec<u8>) -> bool {
        let row = if self.sort.is_empty() {
            self.next_kept()
        } else {
            if self.sorted.is_none() {
                self.sorted = Some(self.sorted_rows().into_iter());
            }
            self.sorted.as_mut().and_then(Iterator::next)
        };
        let Some(row) = row else { return false };
        out.push(b'{');
        for (i, (key, value)) in self.keys.iter().zip(&row).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(key.as_bytes());
            out.push(b':');
            // A Value into a Vec cannot fail (no I/O, no non-string keys).
            let _ = serde_json::to_writer(&mut *out, value);
        }
        out.push(b'}');
        true
    }

    fn next_kept(&mut self) -> Option<Vec<Value>> {
        while self.next < self.total {
            let row = self.row(self.next);
            self.next += 1;
            if self.filters.iter().all(|f| f.keeps(&row)) {
                return Some(row);
            }
        }
        None
    }

    fn sorted_rows(&mut self) -> Vec<Vec<Value>> {
        let mut rows = Vec::new();
        while let Some(row) = self.next_kept() {
            rows.push(row);
        }
        // One stable sort per key, the last key first: the first key decides, the next break ties.
        for &(slot, desc) in self.sort.iter().rev() {
            rows.sort_by(|a, b| {
                let o = compare(slot.map(|s| &a[s]), slot.map(|s| &b[s]));
                if desc {
                    o.reverse()
                } else {
                    o
                }
            });
        }
        rows
    }

    /// Row `index` of the product, whose last dimension varies fastest.
    fn row(&self, index: u64) -> Vec<Value> {
        let mut row = vec![Value::Null; self.keys.len()];
        let mut rest = index;
        // Last dimension first, so a repeated one keeps the value of its last place (Null: unset).
        for (values, slot) in self.dims.iter().rev() {
            let (i, n) = (rest % values.count(), values.count());
            rest /= n;
            if row[*slot].is_null() {
                row[*slot] = values.get(i);
            }
        }
        // The seed: the accounts, the dimensions' values as JSON joined by `|`, metric, range.
        let mut h = self.seed;
        for (i, (_, slot)) in self.dims.iter().enumerate() {
            if i > 0 {
                h = h.bytes(b"|");
            }
            h = h.bytes(row[*slot].to_string().as_bytes());
        }
        h = h.bytes(&[0xff]);
        for (name, kind, slot) in &self.metrics {
            let seed = h.part(name.as_bytes()).part(self.range.0.as_bytes()).part(self.range.1.as_bytes());
            row[*slot] = metric_value(*kind, seed.0);
        }
        row
    }
}

impl Filter {
    fn keeps(&self, row: &[Value]) -> bool {
        let Some(v) = self.slot.map(|s| &row[s]) else { return true };
        let text = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        let (num, want, want_num) = (v.as_f64(), self.want.as_str(), self.want_num);
        match self.op.as_str() {
            "equals" => text == want,
            "notEquals" => text != want,
            "contains" => text.contains(want),
            "notContains" => !text.contains(want),
            "greaterThan" => matches!((num, want_num), (Some(a), Some(b)) if a > b),
            "lesserThan" => matches!((num, want_num), (Some(a), Some(b)) if a < b),
            _ => true,
        }
    }
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a.and_then(Value::as_f64), b.and_then(Value::as_f64)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => a.map(Value::to_string).cmp(&b.map(Value::to_string)),
    }
}

fn metric_kind(name: &str) -> Metric {
    if name.contains("cost") {
        Metric::Cost
    } else if name.contains("impressions") {
        Metric::Impressions
    } else {
        Metric::Count
    }
}

fn metric_value(kind: Metric, seed: u64) -> Value {
    let n = seed % 10_000;
    match kind {
        Metric::Cost => json!((n as f64 * 1.37).round() / 100.0),
        Metric::Impressions => json!(n * 37 + 100),
        Metric::Count => json!(n % 500),
    }
}

/// FNV-1a over parts, each followed by 0xff: a stable pseudo-random number from text. Its state
/// is kept between parts, so the accounts' part is hashed once per query, not once per row.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    const START: Fnv = Fnv(0xcbf2_9ce4_8422_2325);

    fn bytes(mut self, bytes: &[u8]) -> Fnv {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    fn part(self, bytes: &[u8]) -> Fnv {
        self.bytes(bytes).bytes(&[0xff])
    }
}
