//! The npm package's hand-written TypeScript model interfaces (`pkg-template/index.d.ts`) against
//! the shapes the decoder checks every answer with (`src/core/model/*.rs`): one fact, one place.
//! For every model shape the crate exports, the interface (or inline object type) the d.ts gives it
//! must have the same field names; a field the shape allows to be `null` must be typed `… | null`
//! and no other; no field may be optional (`?`), because a checked answer always has every field (a
//! missing nullable one is filled with `null`, any other missing one is refused); and each field's
//! type must be of the shape's kind (string, number, boolean, array, map, free-form or documented
//! object), nested objects included. The methods' return types are checked against the shapes of
//! their endpoints' answers the same way. A string field the TS narrows to literals (`role: Role`)
//! is allowed (the shape says only "a string"); the test prints where it does.
//!
//! The d.ts is read by a small reader written here (tokens, then `interface` and `type` items, then
//! members and types on demand), so no TypeScript toolchain is needed. A difference the d.ts has
//! today and will fix later goes in [`KNOWN_DIFFERENCES`]; the test fails on any other, and on a
//! known one that has gone.
//!
//! `TS_MODELS_DTS=<path>` points the main test at another d.ts (to see it fail on a broken copy).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use tmr_client::core::endpoint::OutputKind;
use tmr_client::core::model;
use tmr_client::core::outlign::{model as outlign, OUTLIGN_ENDPOINTS};
use tmr_client::core::response::shape_of;
use tmr_client::core::shape::Shape;
use tmr_client::core::ENDPOINTS;

#[path = "ts_models/check.rs"]
mod check;
#[path = "ts_models/dts.rs"]
mod dts;
#[path = "ts_models/lex.rs"]
mod lex;
use check::*;
use dts::*;
use lex::*;

// ---------------------------------------------------------------- the table

/// Where the d.ts describes a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// `export interface <name> { … }`.
    Interface(&'static str),
    /// The inline object type of a field of an interface: `Plan.limits`.
    Field(&'static str, &'static str),
    /// What a method of an interface resolves with: `TeamsApi.rename(): Promise<{ name: string }>`.
    Returns(&'static str, &'static str),
}

pub(crate) struct Row {
    /// The constant's name in `src/core/model/mod.rs`.
    pub(crate) name: &'static str,
    pub(crate) shape: &'static Shape,
    pub(crate) target: Target,
}

pub(crate) const fn row(name: &'static str, shape: &'static Shape, target: Target) -> Row {
    Row { name, shape, target }
}

use Target::{Field, Interface, Returns};

/// Every model shape `src/core/model/mod.rs` re-exports, and where the d.ts has it. Shapes nested
/// inline in a shape (`PREFERENCES.notifications`, `TEAM_PLAN.limits`, `USAGE.schedules`, …) are
/// checked inside their parent, against whatever the d.ts has there (a named interface such as
/// `EmailNotifications`, or an inline `{ … }`).
pub(crate) static ROWS: [Row; 25] = [
    row("USER", &model::USER, Interface("User")),
    row("PREFERENCES", &model::PREFERENCES, Interface("Preferences")),
    row("TEAM_SUMMARY", &model::TEAM_SUMMARY, Interface("TeamSummary")),
    row("TEAM", &model::TEAM, Interface("Team")),
    row("TEAM_PLAN", &model::TEAM_PLAN, Interface("TeamPlan")),
    row("LIMIT", &model::LIMIT, Interface("Limit")),
    row("USAGE", &model::USAGE, Interface("Usage")),
    row("USAGE_COUNT", &model::USAGE_COUNT, Interface("UsageCount")),
    row("RENAMED", &model::RENAMED, Returns("TeamsApi", "rename")),
    row("MEMBER", &model::MEMBER, Interface("Member")),
    row("INVITE", &model::INVITE, Interface("Invite")),
    row("CONNECTION", &model::CONNECTION, Interface("Connection")),
    row("ACCOUNT", &model::ACCOUNT, Interface("Account")),
    row("CLIENT", &model::CLIENT, Interface("Client")),
    row("CONNECTOR", &model::CONNECTOR, Interface("Connector")),
    row("FIELD", &model::FIELD, Interface("Field")),
    row("FIELD_GROUP", &model::FIELD_GROUP, Interface("FieldGroup")),
    row("FIELDS", &model::FIELDS, Interface("Fields")),
    row("PLAN", &model::PLAN, Interface("Plan")),
    row("PLAN_LIMITS", &model::PLAN_LIMITS, Field("Plan", "limits")),
    row("PRICE", &model::PRICE, Interface("Price")),
    row("OUTLIGN_CLIENT", &outlign::OUTLIGN_CLIENT, Interface("OutlignClientRecord")),
    row("COMPANY_REF", &outlign::COMPANY_REF, Interface("OutlignCompanyRef")),
    row("OUTLIGN_COMPANY", &outlign::OUTLIGN_COMPANY, Interface("OutlignCompany")),
    row("OUTLIGN_TOKEN", &outlign::OUTLIGN_TOKEN, Interface("OutlignToken")),
];

/// Interfaces of the d.ts's models section that describe no answer (so no shape).
pub(crate) const NOT_ANSWERS: &[&str] = &["PreferencesPatch"];

/// Differences the d.ts has today, each `(path, words of the problem)` with a comment saying why it
/// stays for now, e.g. `("Team.updatedAt", "has no `| null`")`. Empty: the d.ts agrees with the
/// shapes. A difference that has gone must be removed from here (the test says so).
pub(crate) const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

// ---------------------------------------------------------------- the tests

#[test]
fn ts_model_interfaces_match_the_shapes() {
    let path = std::env::var("TS_MODELS_DTS").unwrap_or_else(|_| dts_path());
    let report = run(&read(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    println!(
        "{path}: {} interfaces reached, {} object types and {} fields compared, {} method return types",
        report.interfaces.len(),
        report.objects,
        report.fields,
        report.returns
    );
    println!("string fields the TS narrows to literals: {}", report.narrowed.join("; "));
    let new: Vec<String> = report.problems.iter().filter(|p| !is_known(p)).map(ToString::to_string).collect();
    let gone: Vec<String> = KNOWN_DIFFERENCES
        .iter()
        .filter(|(path, words)| !report.problems.iter().any(|p| p.path == *path && p.what.contains(words)))
        .map(|(path, words)| format!("{path}: {words}"))
        .collect();
    assert!(new.is_empty(), "{path} differs from the shapes the decoder checks answers with:\n  {}", new.join("\n  "));
    assert!(gone.is_empty(), "known differences no longer found (remove them from KNOWN_DIFFERENCES):\n  {}", gone.join("\n  "));
    assert!(report.fields >= 80, "only {} fields compared: the reader lost some", report.fields);
}

/// The table has a row for every shape `src/core/model/mod.rs` re-exports, and no other.
#[test]
fn every_model_shape_has_a_row() {
    let mod_rs = read(concat!(env!("CARGO_MANIFEST_DIR"), "/src/core/model/mod.rs"));
    let mut exported = BTreeSet::new();
    // Outlign's shapes are the `pub const`s of its model file.
    let outlign_rs = read(concat!(env!("CARGO_MANIFEST_DIR"), "/src/core/outlign/model.rs"));
    for item in outlign_rs.split("pub const ").skip(1) {
        exported.insert(item[..item.find(':').expect("a const has a type")].to_owned());
    }
    for item in mod_rs.split("pub use ").skip(1) {
        let item = &item[..item.find(';').expect("a `pub use` ends with `;`")];
        for word in item.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if word.chars().any(|c| c.is_ascii_uppercase())
                && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            {
                exported.insert(word.to_owned());
            }
        }
    }
    let rows: BTreeSet<String> = ROWS.iter().map(|r| r.name.to_owned()).collect();
    assert_eq!(rows, exported, "ROWS against the shapes src/core/model/mod.rs exports");
}

/// The check can fail: in the real d.ts, renaming any field of a model interface, adding or
/// dropping its `| null`, or making it optional is each reported at that field.
#[test]
fn each_changed_field_is_reported() {
    let src = read(&dts_path());
    let baseline = run(&src).expect("the d.ts reads").problems;
    let d = Dts::parse(&src).expect("the d.ts reads");
    let mut mutants = 0;
    for row in &ROWS {
        let Target::Interface(iface) = row.target else { continue };
        for m in d.interface(iface).expect("interface") {
            let Kind::Prop(r) = &m.kind else { continue };
            let name = &d.toks[m.at].span;
            let ty_end = d.toks[r.end - 1].span.end;
            // `| null` written at the top of the field's type, if it is.
            let mut depth = 0i32;
            let mut or_null = None;
            for k in r.clone() {
                depth += i32::from(d.opens(k)) - i32::from(["}", ")", "]", ">"].iter().any(|p| d.is(k, p)));
                if depth == 0 && d.is(k, "|") && d.ident(k + 1) == Some("null") {
                    or_null = Some(d.toks[k].span.start..d.toks[k + 1].span.end);
                }
            }
            let edits: Vec<(&str, Range<usize>, &str)> = [
                Some(("renamed", name.end..name.end, "Renamed")),
                Some(match or_null {
                    Some(span) => ("`| null` dropped", span, ""),
                    None => ("`| null` added", ty_end..ty_end, " | null"),
                }),
                (!m.optional).then_some(("made optional", name.end..name.end, "?")),
            ]
            .into_iter()
            .flatten()
            .collect();
            for (what, span, with) in edits {
                let mutant = format!("{}{with}{}", &src[..span.start], &src[span.end..]);
                let report = run(&mutant).unwrap_or_else(|e| panic!("{iface}.{} {what}: the mutant does not read: {e}", m.name));
                let at = format!("{iface}.{}", m.name);
                assert!(
                    report.problems.iter().any(|p| p.path == at && !baseline.contains(p)),
                    "{at} {what}: not reported (got {:?})",
                    report.problems
                );
                mutants += 1;
            }
        }
    }
    assert!(mutants >= 150, "only {mutants} mutants");
}

/// The reader on the forms the d.ts may use: comments anywhere (braces and `//` inside them and
/// inside strings), members ended by `;`, `,` or a line break alone, nested inline objects,
/// `readonly`, `?`, methods, index signatures, generics, multi-line unions.
#[test]
fn the_reader_reads_the_forms_a_d_ts_uses() {
    let src = r#"
// interface Fake { x: string }
/* interface AlsoFake { } */
export declare class C { interface: string; method(a: { b: string }): void }
export type Alias = "a" | "b" /* } */;
export type NoSemicolon = string
export interface A<T = unknown> extends B<{ x: 1 }> {
  /** A doc comment with { a brace and a // slash. */
  readonly id: string;
  "quoted-name"?: number | null, // trailing comment }
  nested: { inner: { deep: string[] | null }; other: Record<string, Alias> }
  lines:
    | "x"
    | "y"
  readonly: boolean
  fn?(arg: string, cb: (x: number) => void): Promise<{ k: "a;b" }>;
  [key: string]: unknown;
  arr: Array<readonly string[]>; tuple: [string, number]
}
"#;
    let d = Dts::parse(src).expect("reads");
    assert_eq!(d.interfaces.keys().collect::<Vec<_>>(), ["A"]);
    assert_eq!(d.aliases.keys().collect::<Vec<_>>(), ["Alias", "NoSemicolon"]);
    let members = d.interface("A").expect("A");
    let names: Vec<(&str, bool)> = members.iter().map(|m| (m.name.as_str(), m.optional)).collect();
    assert_eq!(
        names,
        [
            ("id", false),
            ("quoted-name", true),
            ("nested", false),
            ("lines", false),
            ("readonly", false),
            ("fn", true),
            ("[index]", false),
            ("arr", false),
            ("tuple", false)
        ]
    );
    let ty = |name: &str| {
        let m = members.iter().find(|m| m.name == name).expect("member");
        let (Kind::Prop(r) | Kind::Method(Some(r))) = &m.kind else { panic!("{name} has no type") };
        d.show(&d.ty(r.clone()).expect("type reads"))
    };
    assert_eq!(ty("quoted-name"), "number | null");
    assert_eq!(ty("nested"), "{ inner: { deep: string[] | null }; other: Record<string, Alias> }");
    assert_eq!(ty("lines"), "\"x\" | \"y\"");
    assert_eq!(ty("fn"), "Promise<{ k: \"a;b\" }>");
    assert_eq!(ty("arr"), "Array<string[]>");
    assert_eq!(ty("tuple"), "[string, number]");
    let Kind::Prop(r) = &members[2].kind else { panic!("nested is a property") };
    let Ty::Obj(body) = d.ty(r.clone()).expect("reads") else { panic!("an inline object") };
    let inner: Vec<String> = d.members(body).expect("reads").into_iter().map(|m| m.name).collect();
    assert_eq!(inner, ["inner", "other"]);

    // Broken input is an error, never a silent pass.
    for bad in ["export interface X { a: string", "export interface X { a: }", "export interface X { a: string; } }", "/* never closed"] {
        let read = Dts::parse(bad).and_then(|d| d.interface("X").and_then(|ms| ms.iter().try_for_each(|m| d.ty(prop(m)).map(drop))));
        assert!(read.is_err(), "{bad:?} read without error");
    }
}

fn prop(m: &Member) -> Range<usize> {
    match &m.kind {
        Kind::Prop(r) => r.clone(),
        _ => 0..0,
    }
}
