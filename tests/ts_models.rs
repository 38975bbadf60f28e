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
use tmr_client::core::response::shape_of;
use tmr_client::core::shape::Shape;
use tmr_client::core::ENDPOINTS;

// ---------------------------------------------------------------- the table

/// Where the d.ts describes a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// `export interface <name> { … }`.
    Interface(&'static str),
    /// The inline object type of a field of an interface: `Plan.limits`.
    Field(&'static str, &'static str),
    /// What a method of an interface resolves with: `TeamsApi.rename(): Promise<{ name: string }>`.
    Returns(&'static str, &'static str),
}

struct Row {
    /// The constant's name in `src/core/model/mod.rs`.
    name: &'static str,
    shape: &'static Shape,
    target: Target,
}

const fn row(name: &'static str, shape: &'static Shape, target: Target) -> Row {
    Row { name, shape, target }
}

use Target::{Field, Interface, Returns};

/// Every model shape `src/core/model/mod.rs` re-exports, and where the d.ts has it. Shapes nested
/// inline in a shape (`PREFERENCES.notifications`, `TEAM_PLAN.limits`, `USAGE.schedules`, …) are
/// checked inside their parent, against whatever the d.ts has there (a named interface such as
/// `EmailNotifications`, or an inline `{ … }`).
static ROWS: [Row; 21] = [
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
];

/// Interfaces of the d.ts's models section that describe no answer (so no shape).
const NOT_ANSWERS: &[&str] = &["PreferencesPatch"];

/// Differences the d.ts has today, each `(path, words of the problem)` with a comment saying why it
/// stays for now, e.g. `("Team.updatedAt", "has no `| null`")`. Empty: the d.ts agrees with the
/// shapes. A difference that has gone must be removed from here (the test says so).
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Str(String),
    Num,
    Template,
    Punct(&'static str),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    span: Range<usize>,
    line: usize,
    /// A line break (possibly inside a comment) separates it from the previous token.
    nl_before: bool,
}

/// Longest first.
const PUNCTS: &[&str] = &[
    "...", "=>", "{", "}", "[", "]", "(", ")", "<", ">", ":", ";", ",", "?", "|", "&", "=", ".", "*", "+", "-", "!", "@", "#", "%", "^",
    "~", "/",
];

fn lex(src: &str) -> Result<Vec<Token>, String> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut line, mut nl) = (0, 1, false);
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            nl = true;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if src[i..].starts_with("//") {
            i = src[i..].find('\n').map_or(b.len(), |n| i + n);
            continue;
        }
        if src[i..].starts_with("/*") {
            let n = src[i + 2..].find("*/").ok_or_else(|| format!("line {line}: a `/*` comment never ends"))?;
            let breaks = src[i..i + 2 + n].matches('\n').count();
            line += breaks;
            nl |= breaks > 0;
            i += n + 4;
            continue;
        }
        let (start, at_line) = (i, line);
        let tok = if c == b'"' || c == b'\'' || c == b'`' {
            let mut value = String::new();
            i += 1;
            loop {
                let ch = src[i..].chars().next().ok_or_else(|| format!("line {at_line}: a string never ends"))?;
                i += ch.len_utf8();
                match ch {
                    _ if u32::from(ch) == u32::from(c) => break,
                    '\\' => {
                        let esc = src[i..].chars().next().ok_or_else(|| format!("line {at_line}: a string never ends"))?;
                        i += esc.len_utf8();
                        value.push(esc);
                    }
                    '\n' if c != b'`' => return Err(format!("line {at_line}: a line break inside a string")),
                    _ => {
                        line += usize::from(ch == '\n');
                        value.push(ch);
                    }
                }
            }
            if c == b'`' {
                Tok::Template
            } else {
                Tok::Str(value)
            }
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' {
            i += b[i..].iter().take_while(|x| x.is_ascii_alphanumeric() || **x == b'_' || **x == b'$').count();
            Tok::Ident(src[start..i].to_owned())
        } else if c.is_ascii_digit() {
            i += b[i..].iter().take_while(|x| x.is_ascii_alphanumeric() || **x == b'_' || **x == b'.').count();
            Tok::Num
        } else if let Some(p) = PUNCTS.iter().find(|p| src[i..].starts_with(**p)) {
            i += p.len();
            Tok::Punct(p)
        } else {
            return Err(format!("line {line}: unexpected character {:?}", src[i..].chars().next().unwrap_or(' ')));
        };
        out.push(Token { tok, span: start..i, line: at_line, nl_before: nl });
        nl = false;
    }
    Ok(out)
}

// ---------------------------------------------------------------- items and members

/// An `interface` (body: the tokens between its braces) or a `type` alias (body: the type).
#[derive(Debug, Clone)]
struct Decl {
    /// The name's token.
    at: usize,
    generic: bool,
    body: Range<usize>,
}

#[derive(Debug, Clone)]
enum Kind {
    /// `name: type` (the type's tokens).
    Prop(Range<usize>),
    /// `name(…): type` (the return type's tokens, if written).
    Method(Option<Range<usize>>),
    /// `[key: K]: V`.
    Index { key: Range<usize>, value: Range<usize> },
    /// `[K in …]: V`.
    Mapped,
}

#[derive(Debug, Clone)]
struct Member {
    name: String,
    /// The name's token.
    at: usize,
    optional: bool,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Ty {
    /// `string`, `number`, `boolean`, `null`, `undefined`, `unknown`, `any`, `object`, …
    Kw(String),
    StrLit(String),
    NumLit,
    BoolLit,
    Template,
    Ref(String, Vec<Ty>),
    /// An inline object type: the tokens between its braces.
    Obj(Range<usize>),
    Array(Box<Ty>),
    Tuple(Vec<Ty>),
    Union(Vec<Ty>),
    Inter(Vec<Ty>),
    Func,
    /// `keyof T`, `typeof x`, …
    Op(String, Box<Ty>),
}

const KEYWORDS: &[&str] =
    &["string", "number", "boolean", "null", "undefined", "unknown", "any", "never", "object", "void", "bigint", "symbol"];

/// Tokens after which a line break continues the member or type rather than ending it.
fn continues(t: &Tok) -> bool {
    match t {
        Tok::Punct(p) => ["|", "&", ":", "=>", ",", "<", "=", "?", "(", "{", "[", "."].contains(p),
        Tok::Ident(w) => ["keyof", "typeof", "extends", "readonly", "infer", "is", "new", "unique"].contains(&w.as_str()),
        _ => false,
    }
}

struct Dts<'s> {
    src: &'s str,
    toks: Vec<Token>,
    interfaces: BTreeMap<String, Decl>,
    aliases: BTreeMap<String, Decl>,
}

impl<'s> Dts<'s> {
    fn parse(src: &'s str) -> Result<Self, String> {
        let mut d = Dts { src, toks: lex(src)?, interfaces: BTreeMap::new(), aliases: BTreeMap::new() };
        let mut i = 0;
        while i < d.toks.len() {
            if d.opens(i) {
                // Bodies of classes, functions and namespaces hold no items of ours.
                i = d.close(i)? + 1;
                continue;
            }
            if let Tok::Punct(p @ ("}" | ")" | "]" | ">")) = &d.toks[i].tok {
                return Err(format!("line {}: `{p}` closes nothing", d.toks[i].line));
            }
            let kw = d.ident(i).unwrap_or_default();
            let Some(name) = d.ident(i + 1).filter(|_| kw == "interface" || kw == "type").map(str::to_owned) else {
                i += 1;
                continue;
            };
            let mut j = i + 2;
            let generic = d.is(j, "<");
            if generic {
                j = d.close(j)? + 1;
            }
            let (map, body, next) = if kw == "interface" {
                while j < d.toks.len() && !d.is(j, "{") {
                    j = if d.opens(j) { d.close(j)? + 1 } else { j + 1 }; // `extends A<B>, C`
                }
                let close = d.close(j)?;
                (&mut d.interfaces, j + 1..close, close + 1)
            } else if d.is(j, "=") {
                let end = d.alias_end(j + 1)?;
                (&mut d.aliases, j + 1..end, end)
            } else {
                i += 1; // `type` used as a word
                continue;
            };
            if map.insert(name.clone(), Decl { at: i + 1, generic, body }).is_some() {
                return Err(format!("line {}: `{name}` declared twice (this reader does not merge declarations)", d.toks[i].line));
            }
            i = next;
        }
        Ok(d)
    }

    fn is(&self, i: usize, p: &str) -> bool {
        matches!(self.toks.get(i), Some(Token { tok: Tok::Punct(q), .. }) if *q == p)
    }

    fn ident(&self, i: usize) -> Option<&str> {
        match self.toks.get(i) {
            Some(Token { tok: Tok::Ident(w), .. }) => Some(w),
            _ => None,
        }
    }

    fn opens(&self, i: usize) -> bool {
        ["{", "(", "[", "<"].iter().any(|p| self.is(i, p))
    }

    fn line(&self, i: usize) -> usize {
        self.toks.get(i).or(self.toks.last()).map_or(0, |t| t.line)
    }

    /// The source text of tokens `r`.
    fn text(&self, r: Range<usize>) -> &'s str {
        match (self.toks.get(r.start), r.end.checked_sub(1).and_then(|e| self.toks.get(e))) {
            (Some(a), Some(b)) if r.start < r.end => &self.src[a.span.start..b.span.end],
            _ => "",
        }
    }

    /// The index of the bracket closing the one at `open`.
    fn close(&self, open: usize) -> Result<usize, String> {
        let mut stack = Vec::new();
        for i in open..self.toks.len() {
            let want = match &self.toks[i].tok {
                Tok::Punct("{") => Some("}"),
                Tok::Punct("(") => Some(")"),
                Tok::Punct("[") => Some("]"),
                Tok::Punct("<") => Some(">"),
                _ => None,
            };
            if let Some(w) = want {
                stack.push(w);
                continue;
            }
            if let Tok::Punct(p @ ("}" | ")" | "]" | ">")) = &self.toks[i].tok {
                if stack.pop() != Some(*p) {
                    return Err(format!("line {}: `{p}` closes nothing opened at line {}", self.line(i), self.line(open)));
                }
                if stack.is_empty() {
                    return Ok(i);
                }
            }
        }
        Err(format!("line {}: a bracket is never closed", self.line(open)))
    }

    /// Where the type alias whose type starts at `start` ends: its `;`, or the next item when the
    /// `;` is left out.
    fn alias_end(&self, start: usize) -> Result<usize, String> {
        let mut k = start;
        while k < self.toks.len() {
            if self.is(k, ";") {
                return Ok(k);
            }
            let item = ["export", "declare", "interface", "type"].contains(&self.ident(k).unwrap_or_default());
            if k > start && self.toks[k].nl_before && item && !continues(&self.toks[k - 1].tok) {
                return Ok(k);
            }
            k = if self.opens(k) { self.close(k)? + 1 } else { k + 1 };
        }
        Ok(k)
    }

    /// Whether a member can start at `k` (for members separated by line breaks only).
    fn member_starts(&self, k: usize) -> bool {
        let named = matches!(self.toks.get(k).map(|t| &t.tok), Some(Tok::Ident(_) | Tok::Str(_) | Tok::Num));
        let after = |n: usize, p: &str| self.is(k + n, p);
        named && (after(1, ":") || after(1, "(") || after(1, "<") || (after(1, "?") && (after(2, ":") || after(2, "("))))
            || (self.ident(k) == Some("readonly") && self.toks.get(k + 1).is_some_and(|t| !matches!(t.tok, Tok::Punct(":" | "?" | "("))))
            || self.is(k, "[")
    }

    /// The members of an object body (the tokens between its braces).
    fn members(&self, body: Range<usize>) -> Result<Vec<Member>, String> {
        let mut out = Vec::new();
        let mut i = body.start;
        while i < body.end {
            if self.is(i, ";") || self.is(i, ",") {
                i += 1;
                continue;
            }
            let mut end = i;
            while end < body.end && !self.is(end, ";") && !self.is(end, ",") {
                if end > i && self.toks[end].nl_before && self.member_starts(end) && !continues(&self.toks[end - 1].tok) {
                    break;
                }
                end = if self.opens(end) { self.close(end)? + 1 } else { end + 1 };
            }
            if end > body.end {
                return Err(format!("line {}: a bracket runs past the end of its object", self.line(i)));
            }
            out.push(self.member(i..end)?);
            i = end;
        }
        Ok(out)
    }

    fn member(&self, r: Range<usize>) -> Result<Member, String> {
        let bad = |what: &str| format!("line {}: {what} in member `{}`", self.line(r.start), self.text(r.clone()));
        let mut i = r.start;
        if self.ident(i) == Some("readonly") && !self.is(i + 1, ":") && !self.is(i + 1, "?") && !self.is(i + 1, "(") && i + 1 < r.end {
            i += 1;
        }
        if self.is(i, "[") {
            let close = self.close(i)?;
            let index = self.ident(i + 1).is_some() && self.is(i + 2, ":");
            if !index && self.ident(i + 2) != Some("in") {
                return Err(bad("an unreadable `[ … ]`"));
            }
            let mut j = close + 1;
            if self.is(j, "-") || self.is(j, "+") {
                j += 1;
            }
            let optional = self.is(j, "?");
            j += usize::from(optional);
            if !self.is(j, ":") || j + 1 >= r.end {
                return Err(bad("no `: type`"));
            }
            let kind = if index { Kind::Index { key: i + 3..close, value: j + 1..r.end } } else { Kind::Mapped };
            return Ok(Member { name: "[index]".to_owned(), at: i, optional, kind });
        }
        let name = match self.toks.get(i).map(|t| &t.tok) {
            Some(Tok::Ident(w)) => w.clone(),
            Some(Tok::Str(s)) => s.clone(),
            Some(Tok::Num) => self.text(i..i + 1).to_owned(),
            _ => return Err(bad("no name")),
        };
        let at = i;
        i += 1;
        let optional = self.is(i, "?");
        i += usize::from(optional);
        let kind = if self.is(i, ":") && i + 1 < r.end {
            Kind::Prop(i + 1..r.end)
        } else if self.is(i, "(") || self.is(i, "<") {
            if self.is(i, "<") {
                i = self.close(i)? + 1;
            }
            if !self.is(i, "(") {
                return Err(bad("no `(`"));
            }
            i = self.close(i)? + 1;
            match i {
                _ if i == r.end => Kind::Method(None),
                _ if self.is(i, ":") && i + 1 < r.end => Kind::Method(Some(i + 1..r.end)),
                _ => return Err(bad("an unreadable return type")),
            }
        } else {
            return Err(bad("no `: type`"));
        };
        Ok(Member { name, at, optional, kind })
    }

    /// The type written in tokens `r`.
    fn ty(&self, r: Range<usize>) -> Result<Ty, String> {
        let mut p = TyReader { d: self, i: r.start, end: r.end };
        let t = p.union()?;
        if p.i != r.end {
            return Err(format!("line {}: unexpected `{}` in type `{}`", self.line(p.i), self.text(p.i..p.i + 1), self.text(r)));
        }
        Ok(t)
    }

    /// The members of interface `name`.
    fn interface(&self, name: &str) -> Result<Vec<Member>, String> {
        let decl = self.interfaces.get(name).ok_or_else(|| format!("no `interface {name}` in the d.ts"))?;
        self.members(decl.body.clone())
    }

    fn show(&self, t: &Ty) -> String {
        let list = |v: &[Ty], sep: &str| v.iter().map(|t| self.show(t)).collect::<Vec<_>>().join(sep);
        match t {
            Ty::Kw(k) => k.clone(),
            Ty::StrLit(s) => format!("{s:?}"),
            Ty::NumLit => "<number literal>".to_owned(),
            Ty::BoolLit => "<boolean literal>".to_owned(),
            Ty::Template => "<template literal>".to_owned(),
            Ty::Ref(n, a) if a.is_empty() => n.clone(),
            Ty::Ref(n, a) => format!("{n}<{}>", list(a, ", ")),
            Ty::Obj(r) => self.text(r.start.saturating_sub(1)..r.end + 1).split_whitespace().collect::<Vec<_>>().join(" "),
            Ty::Array(t) => format!("{}[]", self.show(t)),
            Ty::Tuple(v) => format!("[{}]", list(v, ", ")),
            Ty::Union(v) => list(v, " | "),
            Ty::Inter(v) => list(v, " & "),
            Ty::Func => "(…) => …".to_owned(),
            Ty::Op(op, t) => format!("{op} {}", self.show(t)),
        }
    }
}

struct TyReader<'a, 's> {
    d: &'a Dts<'s>,
    i: usize,
    end: usize,
}

impl TyReader<'_, '_> {
    fn at(&self, p: &str) -> bool {
        self.i < self.end && self.d.is(self.i, p)
    }

    fn fail<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("line {}: {what} at `{}`", self.d.line(self.i), self.d.text(self.i..self.end)))
    }

    fn union(&mut self) -> Result<Ty, String> {
        if self.at("|") {
            self.i += 1;
        }
        let mut v = vec![self.inter()?];
        while self.at("|") {
            self.i += 1;
            v.push(self.inter()?);
        }
        if self.i < self.end && self.d.ident(self.i) == Some("extends") {
            return self.fail("a conditional type (not read here)");
        }
        Ok(if v.len() == 1 { v.remove(0) } else { Ty::Union(v) })
    }

    fn inter(&mut self) -> Result<Ty, String> {
        if self.at("&") {
            self.i += 1;
        }
        let mut v = vec![self.postfix()?];
        while self.at("&") {
            self.i += 1;
            v.push(self.postfix()?);
        }
        Ok(if v.len() == 1 { v.remove(0) } else { Ty::Inter(v) })
    }

    fn postfix(&mut self) -> Result<Ty, String> {
        let mut t = self.primary()?;
        while self.at("[") {
            if !self.d.is(self.i + 1, "]") {
                return self.fail("an indexed access type (not read here)");
            }
            self.i += 2;
            t = Ty::Array(Box::new(t));
        }
        Ok(t)
    }

    fn primary(&mut self) -> Result<Ty, String> {
        if self.i >= self.end {
            return self.fail("a missing type");
        }
        let tok = self.d.toks[self.i].tok.clone();
        self.i += 1;
        Ok(match tok {
            Tok::Ident(w) if w == "readonly" => self.postfix()?,
            Tok::Ident(w) if ["keyof", "typeof", "unique", "infer"].contains(&w.as_str()) => Ty::Op(w, Box::new(self.postfix()?)),
            Tok::Ident(w) if KEYWORDS.contains(&w.as_str()) => Ty::Kw(w),
            Tok::Ident(w) if w == "true" || w == "false" => Ty::BoolLit,
            Tok::Ident(mut name) => {
                while self.at(".") && self.d.ident(self.i + 1).is_some() {
                    name = format!("{name}.{}", self.d.ident(self.i + 1).unwrap_or_default());
                    self.i += 2;
                }
                let mut args = Vec::new();
                if self.at("<") {
                    let close = self.d.close(self.i)?;
                    self.i += 1;
                    while self.i < close {
                        let mut arg = TyReader { d: self.d, i: self.i, end: close };
                        let mut comma = arg.i;
                        while comma < close && !self.d.is(comma, ",") {
                            comma = if self.d.opens(comma) { self.d.close(comma)? + 1 } else { comma + 1 };
                        }
                        arg.end = comma;
                        args.push(arg.union()?);
                        if arg.i != comma {
                            return arg.fail("an unreadable type argument");
                        }
                        self.i = comma + usize::from(comma < close);
                    }
                    self.i = close + 1;
                }
                Ty::Ref(name, args)
            }
            Tok::Str(s) => Ty::StrLit(s),
            Tok::Num => Ty::NumLit,
            Tok::Punct("-") if self.i < self.end && self.d.toks[self.i].tok == Tok::Num => {
                self.i += 1;
                Ty::NumLit
            }
            Tok::Template => Ty::Template,
            Tok::Punct("{") => {
                let close = self.d.close(self.i - 1)?;
                let body = self.i..close;
                self.i = close + 1;
                Ty::Obj(body)
            }
            Tok::Punct("[") => {
                let close = self.d.close(self.i - 1)?;
                let mut items = Vec::new();
                while self.i < close {
                    let mut item = TyReader { d: self.d, i: self.i, end: close };
                    let mut comma = item.i;
                    while comma < close && !self.d.is(comma, ",") {
                        comma = if self.d.opens(comma) { self.d.close(comma)? + 1 } else { comma + 1 };
                    }
                    item.end = comma;
                    items.push(item.union()?);
                    if item.i != comma {
                        return item.fail("an unreadable tuple item");
                    }
                    self.i = comma + usize::from(comma < close);
                }
                self.i = close + 1;
                Ty::Tuple(items)
            }
            Tok::Punct("(") => {
                let close = self.d.close(self.i - 1)?;
                if self.d.is(close + 1, "=>") && close + 1 < self.end {
                    self.i = close + 2;
                    self.union()?; // the return type, read to find where it ends
                    Ty::Func
                } else {
                    let mut inner = TyReader { d: self.d, i: self.i, end: close };
                    let t = inner.union()?;
                    if inner.i != close {
                        return inner.fail("an unreadable parenthesised type");
                    }
                    self.i = close + 1;
                    t
                }
            }
            _ => {
                self.i -= 1;
                return self.fail("an unreadable type");
            }
        })
    }
}

// ---------------------------------------------------------------- the check

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Problem {
    /// Where in the d.ts: `Team.plan`, `Usage.accountsPerConnector[key].count`, `TeamsApi.rename()`.
    path: String,
    what: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.what)
    }
}

#[derive(Debug, Default)]
struct Report {
    problems: Vec<Problem>,
    /// Named interfaces reached (rows, references from fields and return types).
    interfaces: BTreeSet<String>,
    /// Object types compared field by field (named or inline; an interface checked by its own row
    /// is not compared again where it is referenced).
    objects: usize,
    /// Fields compared (present on both sides).
    fields: usize,
    /// Method return types compared.
    returns: usize,
    /// Fields the shape leaves any string and the TS type narrows to literals (allowed; listed).
    narrowed: Vec<String>,
}

/// What an object-like TS type holds.
struct ObjView {
    interface: Option<String>,
    members: Vec<Member>,
    /// `Record<K, V>`.
    record: Option<(Ty, Ty)>,
}

struct Checker<'a, 's> {
    d: &'a Dts<'s>,
    report: Report,
    /// The interface whose own row is being checked (others with a row of the same shape are
    /// checked by that row and not again).
    row_interface: Option<&'static str>,
}

impl Checker<'_, '_> {
    fn problem(&mut self, path: &str, what: String) {
        self.report.problems.push(Problem { path: path.to_owned(), what });
    }

    /// `ty` with unions flattened and (non-generic) aliases replaced by their types.
    fn alternatives(&self, ty: &Ty, depth: usize) -> Result<Vec<Ty>, String> {
        if depth > 32 {
            return Err(format!("aliases nest too deep at `{}`", self.d.show(ty)));
        }
        match ty {
            Ty::Union(v) => {
                let mut out = Vec::new();
                for t in v {
                    out.extend(self.alternatives(t, depth + 1)?);
                }
                Ok(out)
            }
            Ty::Ref(name, args) if args.is_empty() && self.d.aliases.contains_key(name) => {
                let decl = &self.d.aliases[name];
                if decl.generic {
                    return Err(format!("generic alias `{name}` used without arguments"));
                }
                self.alternatives(&self.d.ty(decl.body.clone())?, depth + 1)
            }
            t => Ok(vec![t.clone()]),
        }
    }

    fn object_view(&self, ty: &Ty) -> Result<Option<ObjView>, String> {
        Ok(match ty {
            Ty::Obj(body) => Some(ObjView { interface: None, members: self.d.members(body.clone())?, record: None }),
            Ty::Ref(name, args) if args.is_empty() && self.d.interfaces.contains_key(name) => {
                Some(ObjView { interface: Some(name.clone()), members: self.d.interface(name)?, record: None })
            }
            Ty::Ref(name, args) if name == "Record" && args.len() == 2 => {
                Some(ObjView { interface: None, members: Vec::new(), record: Some((args[0].clone(), args[1].clone())) })
            }
            _ => None,
        })
    }

    /// Whether `ty` is `string` (the key type of a JSON object).
    fn is_string(&self, ty: &Ty) -> Result<bool, String> {
        Ok(matches!(self.alternatives(ty, 0)?.as_slice(), [Ty::Kw(k)] if k == "string"))
    }

    /// `ty` (a field's, an item's or an answer's type) against `shape`.
    fn check(&mut self, shape: &Shape, ty: &Ty, path: &str) -> Result<(), String> {
        let shown = self.d.show(ty);
        let alts = self.alternatives(ty, 0)?;
        let is_kw = |t: &Ty, k: &str| matches!(t, Ty::Kw(w) if w == k);
        let null = alts.iter().any(|t| is_kw(t, "null"));
        if alts.iter().any(|t| is_kw(t, "undefined")) {
            self.problem(path, format!("`{shown}` allows `undefined`, but a checked answer always has the field"));
        }
        let rest: Vec<Ty> = alts.into_iter().filter(|t| !is_kw(t, "null") && !is_kw(t, "undefined")).collect();
        let shape = match shape {
            Shape::Nullable(inner) => {
                if !null {
                    self.problem(path, format!("may be null (Nullable in the shape), but `{shown}` has no `| null`"));
                }
                *inner
            }
            s => {
                if null {
                    self.problem(path, format!("is never null in the shape, but `{shown}` has `| null`"));
                }
                s
            }
        };
        if rest.is_empty() {
            self.problem(path, format!("`{shown}` has no type besides null/undefined"));
            return Ok(());
        }
        self.check_value(shape, &rest, &shown, path)
    }

    fn check_value(&mut self, shape: &Shape, alts: &[Ty], shown: &str, path: &str) -> Result<(), String> {
        let all = |f: &dyn Fn(&Ty) -> bool| alts.iter().all(f);
        let single = if alts.len() == 1 { Some(&alts[0]) } else { None };
        match shape {
            Shape::Any => {}
            Shape::Nullable(_) => return Err(format!("{path}: a Nullable inside a Nullable in the shape")),
            Shape::Str => {
                if !all(&|t| matches!(t, Ty::StrLit(_) | Ty::Template) || matches!(t, Ty::Kw(k) if k == "string")) {
                    self.problem(path, format!("is a string in the shape, but `{shown}` is not a string type"));
                } else if !alts.iter().any(|t| matches!(t, Ty::Kw(_))) {
                    self.report.narrowed.push(format!("{path}: {shown}"));
                }
            }
            Shape::U64 => {
                if !all(&|t| matches!(t, Ty::NumLit) || matches!(t, Ty::Kw(k) if k == "number")) {
                    self.problem(path, format!("is a number in the shape, but `{shown}` is not `number`"));
                }
            }
            Shape::Bool => {
                if !all(&|t| matches!(t, Ty::BoolLit) || matches!(t, Ty::Kw(k) if k == "boolean")) {
                    self.problem(path, format!("is a boolean in the shape, but `{shown}` is not `boolean`"));
                }
            }
            Shape::List(item) => match single {
                Some(Ty::Array(el)) => self.check(item, el, &format!("{path}[]"))?,
                Some(Ty::Ref(n, a)) if (n == "Array" || n == "ReadonlyArray") && a.len() == 1 => {
                    self.check(item, &a[0], &format!("{path}[]"))?
                }
                _ => self.problem(path, format!("is a list in the shape, but `{shown}` is not an array type")),
            },
            Shape::Map(value) => {
                let view = match single {
                    Some(t) => self.object_view(t)?,
                    None => None,
                };
                let index = view.and_then(|v| {
                    let props = v.members.iter().filter(|m| !matches!(m.kind, Kind::Index { .. })).count();
                    let index = v.members.iter().find_map(|m| match &m.kind {
                        Kind::Index { key, value } => Some((self.d.ty(key.clone()), self.d.ty(value.clone()))),
                        _ => None,
                    });
                    match (v.record, index) {
                        (Some(kv), None) if props == 0 => Some(Ok(kv)),
                        (None, Some((Ok(k), Ok(v)))) if props == 0 => Some(Ok((k, v))),
                        (None, Some((Err(e), _) | (_, Err(e)))) => Some(Err(e)),
                        _ => None,
                    }
                });
                match index.transpose()? {
                    Some((key, v)) if self.is_string(&key)? => self.check(value, &v, &format!("{path}[key]"))?,
                    _ => self.problem(
                        path,
                        format!(
                            "is a map (string → value) in the shape, but `{shown}` is not `Record<string, …>` or `{{ [key: string]: … }}`"
                        ),
                    ),
                }
            }
            Shape::AnyObject => {
                let view = match single {
                    Some(t) => self.object_view(t)?,
                    None => None,
                };
                let free = match (single, view) {
                    (Some(Ty::Kw(k)), _) if k == "object" => true,
                    (_, Some(v)) => {
                        let indexed = v.record.is_some() || v.members.iter().any(|m| matches!(m.kind, Kind::Index { .. }));
                        indexed && v.members.iter().all(|m| m.optional || !matches!(m.kind, Kind::Prop(_)))
                    }
                    _ => false,
                };
                if !free {
                    self.problem(
                        path,
                        format!("is a free-form object in the shape, but `{shown}` has no index signature (or requires fixed fields)"),
                    );
                }
            }
            Shape::Object(fields) => {
                let view = match single {
                    Some(t) => self.object_view(t)?.filter(|v| v.record.is_none()),
                    None => None,
                };
                let Some(view) = view else {
                    self.problem(path, format!("is an object with documented fields in the shape, but `{shown}` is not an object type"));
                    return Ok(());
                };
                if let Some(name) = &view.interface {
                    self.report.interfaces.insert(name.clone());
                    let own_row = ROWS.iter().any(|r| matches!(r.target, Target::Interface(n) if n == name) && r.shape == shape);
                    if own_row && self.row_interface != Some(name.as_str()) {
                        return Ok(()); // checked by its own row
                    }
                }
                self.check_fields(fields, &view.members, path)?;
            }
        }
        Ok(())
    }

    fn check_fields(&mut self, fields: &[(&str, Shape)], members: &[Member], path: &str) -> Result<(), String> {
        self.report.objects += 1;
        let mut props: BTreeMap<&str, &Member> = BTreeMap::new();
        for m in members {
            let at = format!("{path}.{}", m.name);
            match m.kind {
                Kind::Prop(_) => {
                    if props.insert(&m.name, m).is_some() {
                        self.problem(&at, "declared twice in the TS type".to_owned());
                    }
                }
                Kind::Method(_) => self.problem(&at, "is a method in the TS type; the shape has data fields only".to_owned()),
                Kind::Index { .. } | Kind::Mapped => {} // unknown fields are kept: allowed
            }
        }
        for (name, shape) in fields {
            let at = format!("{path}.{name}");
            let Some(m) = props.remove(name) else {
                self.problem(&at, "is in the shape but missing from the TS type".to_owned());
                continue;
            };
            self.report.fields += 1;
            if m.optional {
                self.problem(
                    &at,
                    "is optional (`?`) in the TS type, but a checked answer always has it (a missing nullable field is filled with null, \
                     any other missing field is refused)"
                        .to_owned(),
                );
            }
            let Kind::Prop(r) = &m.kind else { unreachable!("props hold properties only") };
            let ty = self.d.ty(r.clone())?;
            self.check(shape, &ty, &at)?;
        }
        for name in props.keys() {
            self.problem(&format!("{path}.{name}"), "is in the TS type but not in the shape".to_owned());
        }
        Ok(())
    }

    /// The return type of method `method` of interface `iface`, without its `Promise<…>`.
    fn resolves_with(&self, iface: &str, method: &str) -> Result<Ty, String> {
        let m = self.d.interface(iface)?.into_iter().find(|m| m.name == method);
        let Some(Member { kind: Kind::Method(Some(r)), .. }) = m else {
            return Err(format!("no method `{method}(…): …` in `interface {iface}`"));
        };
        match self.d.ty(r)? {
            Ty::Ref(p, mut a) if p == "Promise" && a.len() == 1 => Ok(a.remove(0)),
            t => Err(format!("`{iface}.{method}` returns `{}`, not a Promise", self.d.show(&t))),
        }
    }

    fn check_row(&mut self, row: &Row) -> Result<(), String> {
        match row.target {
            Target::Interface(name) => {
                self.row_interface = Some(name);
                let r = self.check(row.shape, &Ty::Ref(name.to_owned(), Vec::new()), name);
                self.row_interface = None;
                r
            }
            Target::Field(iface, field) => {
                let m = self.d.interface(iface)?.into_iter().find(|m| m.name == field);
                let path = format!("{iface}.{field}");
                let Some(Member { kind: Kind::Prop(r), .. }) = m else {
                    self.problem(&path, format!("is in the shape ({}) but missing from the TS type", row.name));
                    return Ok(());
                };
                let ty = self.d.ty(r)?;
                self.check(row.shape, &ty, &path)
            }
            Target::Returns(iface, method) => {
                let ty = self.resolves_with(iface, method)?;
                self.check(row.shape, &ty, &format!("{iface}.{method}()"))
            }
        }
    }

    /// Every method's return type against its endpoint's answer.
    fn check_endpoints(&mut self) -> Result<(), String> {
        for e in &ENDPOINTS {
            let (group, method) = e.name.split_once('.').ok_or_else(|| format!("endpoint name {} has no dot", e.name))?;
            let mut iface: String = group[..1].to_uppercase();
            iface += &group[1..];
            iface += "Api";
            let ty = self.resolves_with(&iface, method)?;
            let path = format!("{iface}.{method}()");
            self.report.returns += 1;
            match (e.output, shape_of(e.output)) {
                (_, Some(shape)) => self.check(shape, &ty, &path)?,
                (OutputKind::Flag(key), None) => {
                    if !matches!(&ty, Ty::Ref(n, a) if n == "Ack" && matches!(a.as_slice(), [Ty::StrLit(k)] if k == key)) {
                        self.problem(
                            &path,
                            format!("acknowledges `{key}`, but resolves with `{}`, not `Ack<\"{key}\">`", self.d.show(&ty)),
                        );
                    }
                }
                (other, None) => return Err(format!("{path}: no shape for {other:?}")),
            }
        }
        Ok(())
    }
}

/// The whole check of the d.ts text `src`: the rows, the methods' return types, and that every
/// interface of its models section was reached.
fn run(src: &str) -> Result<Report, String> {
    let d = Dts::parse(src)?;
    let mut c = Checker { d: &d, report: Report::default(), row_interface: None };
    for row in &ROWS {
        c.check_row(row)?;
    }
    c.check_endpoints()?;
    let mut report = c.report;

    // The models section: from the `// ---- models …` line to the next `// ----` line.
    let mut offset = 0;
    let mut section = None::<Range<usize>>;
    for line in src.split_inclusive('\n') {
        if line.starts_with("// ----") {
            match &mut section {
                None if line.contains("models") => section = Some(offset..src.len()),
                Some(s) if s.end == src.len() => s.end = offset,
                _ => {}
            }
        }
        offset += line.len();
    }
    let section = section.ok_or("no `// ---- models` section line in the d.ts")?;
    for (name, decl) in &d.interfaces {
        let in_section = section.contains(&d.toks[decl.at].span.start);
        if in_section && !report.interfaces.contains(name) && !NOT_ANSWERS.contains(&name.as_str()) {
            report.problems.push(Problem {
                path: name.clone(),
                what: "is an interface of the models section that no shape reaches (add a row, or list it in NOT_ANSWERS)".to_owned(),
            });
        }
    }
    for name in NOT_ANSWERS {
        if !d.interfaces.contains_key(*name) {
            return Err(format!("NOT_ANSWERS names `{name}`, which the d.ts does not declare"));
        }
    }
    report.problems.sort();
    report.problems.dedup();
    Ok(report)
}

fn dts_path() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/index.d.ts").to_owned()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

fn is_known(p: &Problem) -> bool {
    KNOWN_DIFFERENCES.iter().any(|(path, words)| p.path == *path && p.what.contains(words))
}

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
