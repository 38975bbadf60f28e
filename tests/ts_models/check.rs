//! The check of the d.ts against the shapes, as a list of problems.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Problem {
    /// Where in the d.ts: `Team.plan`, `Usage.accountsPerConnector[key].count`, `TeamsApi.rename()`.
    pub(crate) path: String,
    pub(crate) what: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.what)
    }
}

#[derive(Debug, Default)]
pub(crate) struct Report {
    pub(crate) problems: Vec<Problem>,
    /// Named interfaces reached (rows, references from fields and return types).
    pub(crate) interfaces: BTreeSet<String>,
    /// Object types compared field by field (named or inline; an interface checked by its own row
    /// is not compared again where it is referenced).
    pub(crate) objects: usize,
    /// Fields compared (present on both sides).
    pub(crate) fields: usize,
    /// Method return types compared.
    pub(crate) returns: usize,
    /// Fields the shape leaves any string and the TS type narrows to literals (allowed; listed).
    pub(crate) narrowed: Vec<String>,
}

/// What an object-like TS type holds.
pub(crate) struct ObjView {
    pub(crate) interface: Option<String>,
    pub(crate) members: Vec<Member>,
    /// `Record<K, V>`.
    pub(crate) record: Option<(Ty, Ty)>,
}

pub(crate) struct Checker<'a, 's> {
    pub(crate) d: &'a Dts<'s>,
    pub(crate) report: Report,
    /// The interface whose own row is being checked (others with a row of the same shape are
    /// checked by that row and not again).
    pub(crate) row_interface: Option<&'static str>,
}

impl Checker<'_, '_> {
    pub(crate) fn problem(&mut self, path: &str, what: String) {
        self.report.problems.push(Problem { path: path.to_owned(), what });
    }

    /// `ty` with unions flattened and (non-generic) aliases replaced by their types.
    pub(crate) fn alternatives(&self, ty: &Ty, depth: usize) -> Result<Vec<Ty>, String> {
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

    pub(crate) fn object_view(&self, ty: &Ty) -> Result<Option<ObjView>, String> {
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
    pub(crate) fn is_string(&self, ty: &Ty) -> Result<bool, String> {
        Ok(matches!(self.alternatives(ty, 0)?.as_slice(), [Ty::Kw(k)] if k == "string"))
    }

    /// `ty` (a field's, an item's or an answer's type) against `shape`.
    pub(crate) fn check(&mut self, shape: &Shape, ty: &Ty, path: &str) -> Result<(), String> {
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

    pub(crate) fn check_value(&mut self, shape: &Shape, alts: &[Ty], shown: &str, path: &str) -> Result<(), String> {
        let all = |f: &dyn Fn(&Ty) -> bool| alts.iter().all(f);
        let single = if alts.len() == 1 { Some(&alts[0]) } else { None };
        match shape {
            Shape::Any => {}
            Shape::Nullable(_) => return Err(format!("{path}: a Nullable inside a Nullable in the shape")),
            Shape::Optional(_) => return Err(format!("{path}: an Optional outside an object field in the shape")),
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

    pub(crate) fn check_fields(&mut self, fields: &[(&str, Shape)], members: &[Member], path: &str) -> Result<(), String> {
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
            let shape = match shape {
                Shape::Optional(inner) => {
                    if !m.optional {
                        self.problem(&at, "may be absent (Optional in the shape), but is not optional (`?`) in the TS type".to_owned());
                    }
                    *inner
                }
                shape => {
                    if m.optional {
                        self.problem(
                            &at,
                            "is optional (`?`) in the TS type, but a checked answer always has it (a missing nullable field is filled \
                             with null, any other missing field is refused)"
                                .to_owned(),
                        );
                    }
                    shape
                }
            };
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
    pub(crate) fn resolves_with(&self, iface: &str, method: &str) -> Result<Ty, String> {
        let m = self.d.interface(iface)?.into_iter().find(|m| m.name == method);
        let Some(Member { kind: Kind::Method(Some(r)), .. }) = m else {
            return Err(format!("no method `{method}(…): …` in `interface {iface}`"));
        };
        match self.d.ty(r)? {
            Ty::Ref(p, mut a) if p == "Promise" && a.len() == 1 => Ok(a.remove(0)),
            t => Err(format!("`{iface}.{method}` returns `{}`, not a Promise", self.d.show(&t))),
        }
    }

    pub(crate) fn check_row(&mut self, row: &Row) -> Result<(), String> {
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
    pub(crate) fn check_endpoints(&mut self) -> Result<(), String> {
        // The OAuth row is reached through helper functions, not a method group.
        for e in ENDPOINTS.iter().chain(&OUTLIGN_ENDPOINTS).filter(|e| e.output != OutputKind::OutlignToken) {
            let (group, method) = e.group_and_method();
            let mut iface = String::new();
            for part in group.split('.') {
                iface += &part[..1].to_uppercase();
                iface += &part[1..];
            }
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
                (OutputKind::Nothing, None) => {
                    if !matches!(&ty, Ty::Kw(k) if k == "void" || k == "undefined") {
                        self.problem(&path, format!("has no answer body, but resolves with `{}`, not `void`", self.d.show(&ty)));
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
pub(crate) fn run(src: &str) -> Result<Report, String> {
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

pub(crate) fn dts_path() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/index.d.ts").to_owned()
}

/// The d.ts at `path`, followed by every sibling it re-exports with `export * from './x.js'`
/// (the package's types span `index.d.ts` and `outlign.d.ts`).
pub(crate) fn read(path: &str) -> String {
    let mut text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    let dir = std::path::Path::new(path).parent().map(std::path::Path::to_path_buf).unwrap_or_default();
    let siblings: Vec<String> =
        text.lines().filter_map(|l| l.trim().strip_prefix("export * from './")?.strip_suffix(".js';").map(str::to_owned)).collect();
    for name in siblings {
        let sibling = dir.join(format!("{name}.d.ts"));
        text += &std::fs::read_to_string(&sibling).unwrap_or_else(|e| panic!("read {}: {e}", sibling.display()));
    }
    text
}

pub(crate) fn is_known(p: &Problem) -> bool {
    KNOWN_DIFFERENCES.iter().any(|(path, words)| p.path == *path && p.what.contains(words))
}
