//! The lists of endpoints outside the Rust code are generated from the endpoint table (DESIGN.md:
//! the table is the spine): the method groups and the `EndpointName` union of
//! `pkg-template/index.d.ts` and `outlign.d.ts`, and the endpoint tables of the package README
//! (`pkg-template/README.md`). Each sits between a
//! `BEGIN GENERATED <name>` and an `END GENERATED <name>` marker line; this test renders it from
//! `ENDPOINTS` and fails on any difference. A new endpoint is one table row, then
//!
//! ```text
//! UPDATE_GENERATED=1 cargo test --test generated
//! ```
//!
//! rewrites the text between the markers. How an input or output reads in TypeScript is a fact of
//! the JS face, not of the endpoint, so those mappings live here and the core stays free of TS.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use tmr_client::core::endpoint::{Api, InputKind, OutputKind};
use tmr_client::core::outlign::OUTLIGN_ENDPOINTS;
use tmr_client::core::{Endpoint, ENDPOINTS};

/// One positional argument of a JS method (before the per-call options).
struct Param {
    /// Name in the `.d.ts`.
    name: &'static str,
    /// TypeScript type.
    ts: &'static str,
    optional: bool,
    /// How the README's endpoint table writes it.
    readme: &'static str,
}

const fn param(name: &'static str, ts: &'static str, optional: bool, readme: &'static str) -> Param {
    Param { name, ts, optional, readme }
}

/// The arguments an input takes after the path parameters. No wildcard arm: a new `InputKind`
/// does not compile until it says how it reads in JS.
fn input_params(input: InputKind) -> Vec<Param> {
    match input {
        InputKind::None => vec![],
        InputKind::Name => vec![param("name", "string", false, "name")],
        InputKind::Role => vec![param("role", "Role", false, "role")],
        InputKind::Invite => vec![param("invite", "InviteInput", false, "{ email, role? }")],
        InputKind::Preferences => vec![param("patch", "PreferencesPatch", false, "patch")],
        InputKind::Avatar => vec![
            param("file", "Blob | Uint8Array | ArrayBuffer", false, "file"),
            param("avatar", "AvatarOptions", true, "{ contentType? }"),
        ],
        InputKind::StatusFilter => vec![param("filter", "{ status?: AccountStatusFilter }", true, "{ status? }")],
        InputKind::AccountIds => vec![param("filter", "{ accountIds?: string[] }", true, "{ accountIds? }")],
        InputKind::Query => vec![param("query", "Query", false, "query")],
        InputKind::OutlignListQuery => vec![param("query", "OutlignClientQuery", true, "{ companyId?, title?, perPage? }")],
        InputKind::OutlignCreate => vec![param("input", "OutlignClientInput", false, "{ title, companyId }")],
        InputKind::OutlignUpdate => vec![param("input", "OutlignClientUpdate", false, "{ title? }")],
        InputKind::TokenGrant => vec![param("grant", "never", false, "grant")],
    }
}

/// The TypeScript type a call resolves with.
fn output_ts(output: OutputKind) -> String {
    let ts = match output {
        OutputKind::User => "User",
        OutputKind::Preferences => "Preferences",
        OutputKind::TeamSummaries => "TeamSummary[]",
        OutputKind::Team => "Team",
        OutputKind::Renamed => "{ name: string }",
        OutputKind::Members => "Member[]",
        OutputKind::Invites => "Invite[]",
        OutputKind::Connections => "Connection[]",
        OutputKind::Connection => "Connection",
        OutputKind::Accounts => "Account[]",
        OutputKind::Clients => "Client[]",
        OutputKind::Client => "Client",
        OutputKind::Connectors => "Connector[]",
        OutputKind::Fields => "Fields",
        OutputKind::Rows => "Row[]",
        OutputKind::Plans => "Plan[]",
        OutputKind::Flag(key) => return format!("Ack<\"{key}\">"),
        OutputKind::OutlignClients => "OutlignClientRecord[]",
        OutputKind::OutlignClient => "OutlignClientRecord",
        OutputKind::OutlignCompanies => "OutlignCompany[]",
        OutputKind::OutlignToken => "OutlignToken",
        OutputKind::Nothing => "void",
    };
    ts.to_owned()
}

/// Every positional argument of the endpoint's JS method: path parameters (TMR's ids are strings,
/// Outlign's integers), then the input's.
fn params(e: &Endpoint) -> Vec<Param> {
    let id = if e.api == Api::Outlign { "number" } else { "string" };
    let path = e.path_params().map(|p| param(p, id, false, p));
    path.chain(input_params(e.input)).collect()
}

fn split(e: &Endpoint) -> (&'static str, &'static str) {
    let (group, method) = e.group_and_method();
    assert!(!group.is_empty(), "endpoint name {:?} is not \"group.method\"", e.name);
    (group, method)
}

/// The OAuth row is reached through the helper functions (typed by hand), not a method group.
const NOT_A_GROUP: &str = "outlign.oauth";

/// The groups of `table` in table order, each with its endpoints in table order.
fn groups(table: &'static [Endpoint]) -> Vec<(&'static str, Vec<&'static Endpoint>)> {
    let mut out: Vec<(&'static str, Vec<&'static Endpoint>)> = Vec::new();
    for e in table {
        let group = split(e).0;
        match out.iter_mut().find(|(g, _)| *g == group) {
            Some((_, list)) => list.push(e),
            None => out.push((group, vec![e])),
        }
    }
    out
}

/// `users` → `UsersApi`, `outlign.clients` → `OutlignClientsApi`.
fn interface_name(group: &str) -> String {
    let capital = |part: &str| {
        let mut chars = part.chars();
        chars.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(chars).collect::<String>()
    };
    group.split('.').map(capital).collect::<String>() + "Api"
}

fn render_groups(table: &'static [Endpoint], options: &str) -> String {
    let mut out = String::new();
    for (group, endpoints) in groups(table).into_iter().filter(|(g, _)| *g != NOT_A_GROUP) {
        out += &format!("export interface {} {{\n", interface_name(group));
        for e in endpoints {
            let mut args: Vec<String> =
                params(e).iter().map(|p| format!("{}{}: {}", p.name, if p.optional { "?" } else { "" }, p.ts)).collect();
            args.push(format!("options?: {options}"));
            out += &format!("  {}({}): Promise<{}>;\n", split(e).1, args.join(", "), output_ts(e.output));
            if let Some(streamed) = e.streamed_as {
                // The same arguments; the rows in batches as the answer arrives.
                args.pop();
                args.push("options?: QueryRowsOptions".to_owned());
                out += &format!("  {}({}): RowBatches;\n", streamed, args.join(", "));
            }
        }
        out += "}\n";
    }
    out
}

fn render_endpoint_name(table: &'static [Endpoint], type_name: &str) -> String {
    let mut out = format!("export type {type_name} =\n");
    for (_, endpoints) in groups(table) {
        let names: Vec<String> = endpoints.iter().map(|e| format!("\"{}\"", e.name)).collect();
        out += &format!("  | {}\n", names.join(" | "));
    }
    out.pop();
    out + ";\n"
}

fn render_readme_table() -> String {
    // The blank line ends the table before the end marker: a markdown table runs on over a
    // following line, so the marker gets a paragraph of its own.
    let mut out = String::from("| id | method | HTTP | min role | scope |\n|---|---|---|---|---|\n");
    for e in &ENDPOINTS {
        let args: Vec<&str> = params(e).iter().map(|p| p.readme).collect();
        let role = e.role.map_or("—", |r| r.as_str());
        out += &format!(
            "| {} | `{}({})` | `{} {}` | {} | `{}` |\n",
            e.id,
            e.name,
            args.join(", "),
            e.method.as_str(),
            e.path,
            role,
            e.scope_form()
        );
    }
    out + "\n"
}

fn render_outlign_readme_table() -> String {
    let mut out = String::from("| id | method | HTTP |\n|---|---|---|\n");
    for e in &OUTLIGN_ENDPOINTS {
        let args: Vec<&str> = params(e).iter().map(|p| p.readme).collect();
        let (group, method) = split(e);
        let call = if group == NOT_A_GROUP {
            "exchangeOutlignCode(…), refreshOutlignToken(…)".to_owned()
        } else {
            format!("{}.{method}({})", group.trim_start_matches("outlign."), args.join(", "))
        };
        out += &format!("| {} | `{call}` | `{} {}` |\n", e.id, e.method.as_str(), e.path);
    }
    out + "\n"
}

// ---------------------------------------------------------------- regions between markers

/// Replace (or check) the text between `BEGIN GENERATED <name>` and `END GENERATED <name>` lines
/// of `text`. Returns the new text and a description of each region that differed.
fn apply(file: &str, text: &str, regions: &[(&str, String)]) -> (String, Vec<String>) {
    let mut text = text.to_owned();
    let mut problems = Vec::new();
    for (name, rendered) in regions {
        let (start, end) = bounds(file, &text, name);
        if text[start..end] != *rendered {
            problems.push(format!("{file}, region `{name}` differs from the endpoint table:\n{}", diff(&text[start..end], rendered)));
            text.replace_range(start..end, rendered);
        }
    }
    (text, problems)
}

/// Byte range of the lines strictly between the two marker lines of `name`.
fn bounds(file: &str, text: &str, name: &str) -> (usize, usize) {
    let line_with = |needle: &str| -> Vec<(usize, usize)> {
        let mut at = 0;
        let mut found = Vec::new();
        for line in text.split_inclusive('\n') {
            if marks(line, needle) {
                found.push((at, at + line.len()));
            }
            at += line.len();
        }
        found
    };
    let begin = line_with(&format!("BEGIN GENERATED {name}"));
    let end = line_with(&format!("END GENERATED {name}"));
    match (begin.as_slice(), end.as_slice()) {
        ([b], [e]) if b.1 <= e.0 => (b.1, e.0),
        _ => panic!("{file}: expected one `BEGIN GENERATED {name}` line followed by one `END GENERATED {name}` line"),
    }
}

/// Whether `line` holds `marker` as whole words (`END GENERATED x` is not in `BEGIN GENERATED x`
/// nor in `END GENERATED x-y`).
fn marks(line: &str, marker: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
    line.match_indices(marker).any(|(i, m)| !word(line[..i].chars().next_back()) && !word(line[i + m.len()..].chars().next()))
}

/// A line diff (longest common subsequence): `-` committed, `+` rendered from the table.
fn diff(committed: &str, rendered: &str) -> String {
    let a: Vec<&str> = committed.lines().collect();
    let b: Vec<&str> = rendered.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            (i, j) = (i + 1, j + 1);
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out += &format!("  - {}\n", a[i]);
            i += 1;
        } else {
            out += &format!("  + {}\n", b[j]);
            j += 1;
        }
    }
    if out.is_empty() {
        out = "  (lines equal; whitespace or final newline differs)\n".to_owned();
    }
    out
}

/// Check the regions of one file, or rewrite them with `UPDATE_GENERATED=1`.
fn check_file(relative: &str, regions: &[(&str, String)]) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let (new_text, problems) = apply(relative, &text, regions);
    if problems.is_empty() {
        return;
    }
    if std::env::var_os("UPDATE_GENERATED").is_some_and(|v| v == "1") {
        std::fs::write(&path, new_text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        eprintln!("updated {relative} from the endpoint table");
        return;
    }
    panic!(
        "{}\nThese lines are generated from src/core/endpoint.rs (ENDPOINTS). Regenerate with\n  \
         UPDATE_GENERATED=1 cargo test --test generated\n",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------- the tests

#[test]
fn dts_groups_and_endpoint_name_follow_the_table() {
    check_file(
        "pkg-template/index.d.ts",
        &[
            ("endpoint-groups", render_groups(&ENDPOINTS, "CallOptions")),
            ("endpoint-name", render_endpoint_name(&ENDPOINTS, "EndpointName")),
        ],
    );
    check_file(
        "pkg-template/outlign.d.ts",
        &[
            ("outlign-groups", render_groups(&OUTLIGN_ENDPOINTS, "OutlignCallOptions")),
            ("outlign-endpoint-name", render_endpoint_name(&OUTLIGN_ENDPOINTS, "OutlignEndpointName")),
        ],
    );
}

#[test]
fn readme_endpoint_table_follows_the_table() {
    check_file("pkg-template/README.md", &[("endpoint-table", render_readme_table()), ("outlign-table", render_outlign_readme_table())]);
}

#[test]
fn js_arity_is_the_number_of_rendered_parameters() {
    for e in ENDPOINTS.iter().chain(&OUTLIGN_ENDPOINTS) {
        let rendered: Vec<&str> = params(e).iter().map(|p| p.name).collect();
        assert_eq!(e.arity(), rendered.len(), "{}: arity() is {} but the JS method renders ({})", e.name, e.arity(), rendered.join(", "));
    }
}

#[test]
fn names_are_unique_and_group_method() {
    let all: Vec<&Endpoint> = ENDPOINTS.iter().chain(&OUTLIGN_ENDPOINTS).collect();
    let mut names: Vec<&str> = all.iter().map(|e| e.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "two endpoints share a JS name");
    for e in all {
        let (group, method) = split(e);
        assert!(!group.is_empty() && !method.is_empty() && !method.contains('.'), "{}: not \"group.method\"", e.name);
    }
}

#[test]
fn diff_names_the_changed_line() {
    let d = diff("a\nb\nc\n", "a\nB\nc\n");
    assert_eq!(d, "  - b\n  + B\n");
}
