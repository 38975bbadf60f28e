//! The d.ts reader, part two: `interface` and `type` items, their members and types.

use super::*;

/// An `interface` (body: the tokens between its braces) or a `type` alias (body: the type).
#[derive(Debug, Clone)]
pub(crate) struct Decl {
    /// The name's token.
    pub(crate) at: usize,
    pub(crate) generic: bool,
    pub(crate) body: Range<usize>,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
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
pub(crate) struct Member {
    pub(crate) name: String,
    /// The name's token.
    pub(crate) at: usize,
    pub(crate) optional: bool,
    pub(crate) kind: Kind,
}

#[derive(Debug, Clone)]
pub(crate) enum Ty {
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

pub(crate) const KEYWORDS: &[&str] =
    &["string", "number", "boolean", "null", "undefined", "unknown", "any", "never", "object", "void", "bigint", "symbol"];

/// Tokens after which a line break continues the member or type rather than ending it.
pub(crate) fn continues(t: &Tok) -> bool {
    match t {
        Tok::Punct(p) => ["|", "&", ":", "=>", ",", "<", "=", "?", "(", "{", "[", "."].contains(p),
        Tok::Ident(w) => ["keyof", "typeof", "extends", "readonly", "infer", "is", "new", "unique"].contains(&w.as_str()),
        _ => false,
    }
}

pub(crate) struct Dts<'s> {
    pub(crate) src: &'s str,
    pub(crate) toks: Vec<Token>,
    pub(crate) interfaces: BTreeMap<String, Decl>,
    pub(crate) aliases: BTreeMap<String, Decl>,
}

impl<'s> Dts<'s> {
    pub(crate) fn parse(src: &'s str) -> Result<Self, String> {
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

    pub(crate) fn is(&self, i: usize, p: &str) -> bool {
        matches!(self.toks.get(i), Some(Token { tok: Tok::Punct(q), .. }) if *q == p)
    }

    pub(crate) fn ident(&self, i: usize) -> Option<&str> {
        match self.toks.get(i) {
            Some(Token { tok: Tok::Ident(w), .. }) => Some(w),
            _ => None,
        }
    }

    pub(crate) fn opens(&self, i: usize) -> bool {
        ["{", "(", "[", "<"].iter().any(|p| self.is(i, p))
    }

    pub(crate) fn line(&self, i: usize) -> usize {
        self.toks.get(i).or(self.toks.last()).map_or(0, |t| t.line)
    }

    /// The source text of tokens `r`.
    pub(crate) fn text(&self, r: Range<usize>) -> &'s str {
        match (self.toks.get(r.start), r.end.checked_sub(1).and_then(|e| self.toks.get(e))) {
            (Some(a), Some(b)) if r.start < r.end => &self.src[a.span.start..b.span.end],
            _ => "",
        }
    }

    /// The index of the bracket closing the one at `open`.
    pub(crate) fn close(&self, open: usize) -> Result<usize, String> {
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
    pub(crate) fn alias_end(&self, start: usize) -> Result<usize, String> {
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
    pub(crate) fn member_starts(&self, k: usize) -> bool {
        let named = matches!(self.toks.get(k).map(|t| &t.tok), Some(Tok::Ident(_) | Tok::Str(_) | Tok::Num));
        let after = |n: usize, p: &str| self.is(k + n, p);
        named && (after(1, ":") || after(1, "(") || after(1, "<") || (after(1, "?") && (after(2, ":") || after(2, "("))))
            || (self.ident(k) == Some("readonly") && self.toks.get(k + 1).is_some_and(|t| !matches!(t.tok, Tok::Punct(":" | "?" | "("))))
            || self.is(k, "[")
    }

    /// The members of an object body (the tokens between its braces).
    pub(crate) fn members(&self, body: Range<usize>) -> Result<Vec<Member>, String> {
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

    pub(crate) fn member(&self, r: Range<usize>) -> Result<Member, String> {
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
    pub(crate) fn ty(&self, r: Range<usize>) -> Result<Ty, String> {
        let mut p = TyReader { d: self, i: r.start, end: r.end };
        let t = p.union()?;
        if p.i != r.end {
            return Err(format!("line {}: unexpected `{}` in type `{}`", self.line(p.i), self.text(p.i..p.i + 1), self.text(r)));
        }
        Ok(t)
    }

    /// The members of interface `name`.
    pub(crate) fn interface(&self, name: &str) -> Result<Vec<Member>, String> {
        let decl = self.interfaces.get(name).ok_or_else(|| format!("no `interface {name}` in the d.ts"))?;
        self.members(decl.body.clone())
    }

    pub(crate) fn show(&self, t: &Ty) -> String {
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

pub(crate) struct TyReader<'a, 's> {
    pub(crate) d: &'a Dts<'s>,
    pub(crate) i: usize,
    pub(crate) end: usize,
}

impl TyReader<'_, '_> {
    pub(crate) fn at(&self, p: &str) -> bool {
        self.i < self.end && self.d.is(self.i, p)
    }

    pub(crate) fn fail<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("line {}: {what} at `{}`", self.d.line(self.i), self.d.text(self.i..self.end)))
    }

    pub(crate) fn union(&mut self) -> Result<Ty, String> {
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

    pub(crate) fn inter(&mut self) -> Result<Ty, String> {
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

    pub(crate) fn postfix(&mut self) -> Result<Ty, String> {
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

    pub(crate) fn primary(&mut self) -> Result<Ty, String> {
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
