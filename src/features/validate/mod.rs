//! `innomap validate`: SHACL Core validation of the store against the shapes it holds, each constraint
//! compiled into one SPARQL query that returns the violating focus nodes.
//!
//! The shapes are read from the store itself (every graph, so the bundled `data/shapes.ttl` and any
//! shapes file added with `--data` both count). Each pair of shape and constraint becomes one SELECT over
//! the union graph that returns every violating focus node (and value) at once, so the cost grows with
//! the data, not with the number of focus nodes times queries. Logical constraints (`sh:not`, `sh:and`,
//! `sh:or`, `sh:xone`, `sh:node`, `sh:qualifiedValueShape`) compile to boolean SPARQL expressions with
//! `EXISTS`. A constraint component that is not compiled here is an error naming the shape and the
//! component, never silently skipped.

use crate::base::Lang;
use crate::base::error::Error;
use crate::base::vocab;
use crate::store::{Solutions, Store};
use oxigraph::model::{Literal, NamedNode, Term};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// The SHACL namespace.
const SH: &str = "http://www.w3.org/ns/shacl#";
const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";

/// How many focus nodes one label query asks about.
const LABEL_BATCH: usize = 500;

/// The constraint parameters this validator compiles, for the "unsupported" message.
const SUPPORTED: &str = "sh:class, sh:datatype, sh:nodeKind, sh:minCount, sh:maxCount, sh:minInclusive, \
     sh:maxInclusive, sh:minExclusive, sh:maxExclusive, sh:minLength, sh:maxLength, sh:pattern, \
     sh:languageIn, sh:uniqueLang, sh:in, sh:hasValue, sh:not, sh:and, sh:or, sh:xone, sh:node, \
     sh:property, sh:qualifiedValueShape";

// ---------------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------------

/// How serious a violation is (`sh:severity`); every result, whatever its severity, makes the report
/// non-conforming, as in SHACL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Violation,
    Warning,
    Info,
}

impl Severity {
    fn from_iri(iri: &str) -> Option<Self> {
        match iri.strip_prefix(SH)? {
            "Violation" => Some(Severity::Violation),
            "Warning" => Some(Severity::Warning),
            "Info" => Some(Severity::Info),
            _ => None,
        }
    }

    /// The word for this severity in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Violation, Lang::Zh) => "违规",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Info, Lang::Zh) => "提示",
            (Severity::Violation, Lang::En) => "violation",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Info, Lang::En) => "info",
        }
    }
}

/// The labels of a focus node, when it has any.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct EntityLabels {
    pub zh: Option<String>,
    pub en: Option<String>,
}

/// A text in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub zh: String,
    pub en: String,
}

impl Message {
    fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// One validation result: a focus node that breaks one constraint of a shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The focus node: an IRI, `_:…` for a blank node, or a literal in N-Triples syntax.
    pub focus: String,
    /// The focus node's id, when it is an innomap instance IRI.
    pub id: Option<String>,
    pub label: EntityLabels,
    /// The shape whose targets selected the focus node (its IRI, or `_:…`).
    pub shape: String,
    /// The property path of the property shape that failed, in SPARQL syntax with short names.
    pub path: Option<String>,
    /// The SHACL constraint component, e.g. `sh:MinCountConstraintComponent`.
    pub component: String,
    /// The offending value in N-Triples syntax, when the constraint is about one value.
    pub value: Option<String>,
    pub severity: Severity,
    pub message: Message,
}

/// What `validate` found.
#[derive(Debug, Clone, Default)]
pub struct ValidationReport {
    /// Number of shapes with targets that were checked.
    pub shapes: usize,
    /// Every result, sorted by focus node, shape, path, component and value.
    pub violations: Vec<Violation>,
}

impl ValidationReport {
    /// Whether the data conforms: no result of any severity.
    pub fn conforms(&self) -> bool {
        self.violations.is_empty()
    }

    /// Number of results of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.violations
            .iter()
            .filter(|v| v.severity == severity)
            .count()
    }
}

impl Serialize for ValidationReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut report = serializer.serialize_struct("ValidationReport", 3)?;
        report.serialize_field("conforms", &self.conforms())?;
        report.serialize_field("shapes", &self.shapes)?;
        report.serialize_field("violations", &self.violations)?;
        report.end()
    }
}

// ---------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------

/// Checks the store against every SHACL shape it holds.
///
/// Errors: `Error::Input` when the store holds no shape with a target, or when a shape uses a
/// constraint this validator does not support (naming the shape and the component); query failures
/// as `Error::Query`.
pub fn validate(store: &Store) -> Result<ValidationReport, Error> {
    let graph = ShapesGraph::load(store)?;
    let roots = graph.roots();
    if roots.is_empty() {
        return Err(Error::Input {
            message: if graph.is_empty() {
                "no shapes loaded: the store holds no SHACL shape; add data/shapes.ttl with --data, or drop --no-default-data".to_owned()
            } else {
                "no shapes loaded: the store holds SHACL shapes but none has a target (sh:targetClass, sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf)".to_owned()
            },
        });
    }
    let mut parser = ShapeParser {
        graph: &graph,
        stack: Vec::new(),
    };
    let shapes = roots
        .iter()
        .map(|root| parser.parse(root))
        .collect::<Result<Vec<_>, _>>()?;
    let closures = class_closures(store, &shapes)?;
    let mut compiler = Compiler {
        closures: &closures,
        next_var: 0,
    };
    let mut checks = Vec::new();
    for shape in shapes.iter().filter(|s| !s.deactivated) {
        let focus = compiler.focus_pattern(shape)?;
        compiler.compile_shape(shape, &shape.name, &focus, &mut checks)?;
    }

    let mut found: Vec<(Term, Option<Term>, usize)> = Vec::new();
    for (index, check) in checks.iter().enumerate() {
        let solutions = store.select(&check.query).map_err(|e| Error::Query {
            origin: format!("validation of shape {} ({})", check.shape, check.component),
            message: e.to_string(),
        })?;
        collect_results(&solutions, check, index, &mut found);
    }
    let labels = focus_labels(store, found.iter().map(|(focus, _, _)| focus))?;
    let mut violations: Vec<Violation> = found
        .into_iter()
        .map(|(focus, value, index)| {
            let check = &checks[index];
            let focus_text = term_text(&focus);
            Violation {
                id: match &focus {
                    Term::NamedNode(n) => vocab::id_of(n.as_str()).map(str::to_owned),
                    _ => None,
                },
                label: labels.get(&focus_text).cloned().unwrap_or_default(),
                focus: focus_text,
                shape: check.shape.clone(),
                path: check.path.clone(),
                component: check.component.to_owned(),
                value: value.map(|v| v.to_string()),
                severity: check.severity,
                message: check.message.clone(),
            }
        })
        .collect();
    violations.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    violations.dedup();
    Ok(ValidationReport {
        shapes: shapes.iter().filter(|s| !s.deactivated).count(),
        violations,
    })
}

/// The order of the report: by focus node, shape, path, component, value, then message.
fn sort_key(v: &Violation) -> impl Ord + '_ {
    (
        &v.focus,
        &v.shape,
        &v.path,
        v.component.as_str(),
        &v.value,
        v.message.en.as_str(),
    )
}

/// Reads the rows of one check's query into (focus, value, check) results.
fn collect_results(
    solutions: &Solutions,
    check: &Check,
    index: usize,
    found: &mut Vec<(Term, Option<Term>, usize)>,
) {
    let focus_column = solutions.column("focus");
    let value_column = match check.value {
        ValueColumn::Value => solutions.column("value"),
        ValueColumn::Lang => solutions.column("lang"),
        ValueColumn::Focus | ValueColumn::None => None,
    };
    for row in &solutions.rows {
        let Some(Some(focus)) = focus_column.map(|c| &row[c]) else {
            continue;
        };
        let value = match check.value {
            ValueColumn::Focus => Some(focus.clone()),
            ValueColumn::None => None,
            ValueColumn::Value | ValueColumn::Lang => value_column.and_then(|c| row[c].clone()),
        };
        found.push((focus.clone(), value, index));
    }
}

/// The Chinese and English labels (`rdfs:label`, else `skos:prefLabel`) of the focus nodes, by IRI.
fn focus_labels<'a>(
    store: &Store,
    focuses: impl Iterator<Item = &'a Term>,
) -> Result<HashMap<String, EntityLabels>, Error> {
    let iris: BTreeSet<&NamedNode> = focuses
        .filter_map(|t| match t {
            Term::NamedNode(n) => Some(n),
            _ => None,
        })
        .collect();
    let iris: Vec<&NamedNode> = iris.into_iter().collect();
    let mut labels: HashMap<String, EntityLabels> = HashMap::new();
    for batch in iris.chunks(LABEL_BATCH) {
        let values = batch
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let solutions = store.select(&format!(
            "SELECT ?focus ?label ?rank WHERE {{ VALUES ?focus {{ {values} }} \
             {{ ?focus rdfs:label ?label BIND(0 AS ?rank) }} UNION {{ ?focus skos:prefLabel ?label BIND(1 AS ?rank) }} \
             FILTER(isLiteral(?label)) }}"
        ))?;
        // Keep, per language, the rdfs:label before the skos:prefLabel and then the smallest text,
        // so that the choice is the same on every run.
        let mut best: HashMap<(String, &'static str), (i64, String)> = HashMap::new();
        for row in &solutions.rows {
            let (
                Some(Term::NamedNode(focus)),
                Some(Term::Literal(label)),
                Some(Term::Literal(rank)),
            ) = (&row[0], &row[1], &row[2])
            else {
                continue;
            };
            let lang = match label.language() {
                Some(tag) if tag == "zh" || tag.starts_with("zh-") => "zh",
                Some(tag) if tag == "en" || tag.starts_with("en-") => "en",
                _ => continue,
            };
            let candidate = (rank.value().parse().unwrap_or(1), label.value().to_owned());
            let slot = best
                .entry((focus.as_str().to_owned(), lang))
                .or_insert_with(|| candidate.clone());
            if candidate < *slot {
                *slot = candidate;
            }
        }
        for ((focus, lang), (_, text)) in best {
            let entry = labels.entry(focus).or_default();
            match lang {
                "zh" => entry.zh = Some(text),
                _ => entry.en = Some(text),
            }
        }
    }
    Ok(labels)
}

// ---------------------------------------------------------------------------------------------------
// Table output
// ---------------------------------------------------------------------------------------------------

/// Writes the report as one line per violation (severity, entity, shape/path, what is wrong) and a
/// summary line, in `lang`.
pub fn write_validation_report(
    report: &ValidationReport,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let rows: Vec<[String; 4]> = report
        .violations
        .iter()
        .map(|v| {
            let entity = entity_text(v, lang);
            let place = match &v.path {
                Some(path) => format!("{}/{path}", local_name(&v.shape)),
                None => local_name(&v.shape).to_owned(),
            };
            let mut what = v.message.get(lang).to_owned();
            // A node shape's value is the focus node itself, already named in the entity column.
            if let Some(value) = v.value.as_deref().filter(|_| v.path.is_some()) {
                let value = value_text(value);
                match lang {
                    Lang::Zh => what.push_str(&format!("（值：{value}）")),
                    Lang::En => what.push_str(&format!(" (value: {value})")),
                }
            }
            [v.severity.label(lang).to_owned(), entity, place, what]
        })
        .collect();
    let mut widths = [0usize; 3];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row.iter()) {
            *width = (*width).max(cell.width());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (width, cell) in widths.iter().zip(row.iter()) {
            line.push_str(cell);
            line.push_str(&" ".repeat(width - cell.width() + 2));
        }
        line.push_str(&row[3]);
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{}", summary(report, lang))
}

fn summary(report: &ValidationReport, lang: Lang) -> String {
    let shapes = report.shapes;
    if report.conforms() {
        return match lang {
            Lang::Zh => format!("符合：已按 {shapes} 个形状检查，未发现问题"),
            Lang::En => format!("conforms: checked against {shapes} shapes, no problems found"),
        };
    }
    let total = report.violations.len();
    let entities = report
        .violations
        .iter()
        .map(|v| v.focus.as_str())
        .collect::<HashSet<_>>()
        .len();
    let (violations, warnings, infos) = (
        report.count(Severity::Violation),
        report.count(Severity::Warning),
        report.count(Severity::Info),
    );
    match lang {
        Lang::Zh => format!(
            "不符合：{total} 个问题（{violations} 个违规，{warnings} 个警告，{infos} 个提示），涉及 {entities} 个实体；已检查 {shapes} 个形状"
        ),
        Lang::En => format!(
            "does not conform: {total} problems ({violations} violations, {warnings} warnings, {infos} info) on {entities} entities; {shapes} shapes checked"
        ),
    }
}

/// `id (label)`, the id falling back to the short form of the focus node, the label to the other
/// language.
fn entity_text(v: &Violation, lang: Lang) -> String {
    let id = v.id.clone().unwrap_or_else(|| vocab::short_form(&v.focus));
    let label = match lang {
        Lang::Zh => v.label.zh.as_ref().or(v.label.en.as_ref()),
        Lang::En => v.label.en.as_ref().or(v.label.zh.as_ref()),
    };
    match label {
        Some(label) => format!("{id} ({label})"),
        None => id,
    }
}

/// A value in N-Triples syntax, shortened for people: ids and prefixed names for IRIs, the text (with
/// its language tag) for literals.
fn value_text(value: &str) -> String {
    match value.parse::<Term>() {
        Ok(Term::NamedNode(n)) => vocab::short_form(n.as_str()),
        Ok(Term::Literal(l)) => match l.language() {
            Some(tag) => format!("\"{}\"@{tag}", l.value()),
            None => l.value().to_owned(),
        },
        _ => value.to_owned(),
    }
}

/// The last segment of a shape's IRI (after `#` or `/`), or the blank node as it is.
fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(iri)
}

/// A term as the report prints it: bare IRI, `_:id`, or a literal in N-Triples syntax.
fn term_text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------------
// Reading shapes from the store
// ---------------------------------------------------------------------------------------------------

/// The triples of the shapes: every node reachable from a shape through SHACL's own structure
/// (property shapes, logical operands, paths and lists).
struct ShapesGraph {
    triples: HashMap<Term, Vec<(NamedNode, Term)>>,
}

impl ShapesGraph {
    fn load(store: &Store) -> Result<Self, Error> {
        // One query, so that blank nodes keep their identity across the whole shapes graph.
        let solutions = store.select(
            "SELECT DISTINCT ?s ?p ?o WHERE { \
               { ?root a sh:NodeShape } UNION { ?root a sh:PropertyShape } \
               UNION { ?root sh:targetClass|sh:targetNode|sh:targetSubjectsOf|sh:targetObjectsOf ?target } \
               ?root (sh:property|sh:node|sh:not|sh:and|sh:or|sh:xone|sh:qualifiedValueShape|sh:path|sh:in\
                     |sh:languageIn|sh:ignoredProperties|sh:inversePath|sh:alternativePath|sh:zeroOrMorePath\
                     |sh:oneOrMorePath|sh:zeroOrOnePath|rdf:first|rdf:rest)* ?s . \
               ?s ?p ?o }",
        )?;
        let mut triples: HashMap<Term, Vec<(NamedNode, Term)>> = HashMap::new();
        for row in solutions.rows {
            let mut cells = row.into_iter();
            let (Some(Some(s)), Some(Some(Term::NamedNode(p))), Some(Some(o))) =
                (cells.next(), cells.next(), cells.next())
            else {
                continue;
            };
            triples.entry(s).or_default().push((p, o));
        }
        for values in triples.values_mut() {
            values.sort_by_key(|(p, o)| (p.as_str().to_owned(), o.to_string()));
        }
        Ok(Self { triples })
    }

    fn is_empty(&self) -> bool {
        self.triples.is_empty()
    }

    /// The shapes with a target, sorted for a deterministic order.
    fn roots(&self) -> Vec<Term> {
        let targets = [
            sh_iri("targetClass"),
            sh_iri("targetNode"),
            sh_iri("targetSubjectsOf"),
            sh_iri("targetObjectsOf"),
        ];
        let mut roots: Vec<Term> = self
            .triples
            .iter()
            .filter(|(_, values)| {
                values
                    .iter()
                    .any(|(p, _)| targets.iter().any(|t| t == p.as_str()))
            })
            .map(|(s, _)| s.clone())
            .collect();
        roots.sort_by_key(Term::to_string);
        roots
    }

    fn values(&self, node: &Term) -> &[(NamedNode, Term)] {
        self.triples.get(node).map_or(&[], Vec::as_slice)
    }

    fn object(&self, node: &Term, predicate: &str) -> Option<&Term> {
        self.values(node)
            .iter()
            .find(|(p, _)| p.as_str() == predicate)
            .map(|(_, o)| o)
    }

    /// The members of the RDF list starting at `head`, in order.
    fn list(&self, head: &Term, shape: &str) -> Result<Vec<Term>, Error> {
        let mut items = Vec::new();
        let mut seen = HashSet::new();
        let mut node = head.clone();
        loop {
            if matches!(&node, Term::NamedNode(n) if n.as_str() == RDF_NIL) {
                return Ok(items);
            }
            let (Some(first), Some(rest)) =
                (self.object(&node, RDF_FIRST), self.object(&node, RDF_REST))
            else {
                return Err(invalid(shape, "a SHACL list is not a well-formed RDF list"));
            };
            if !seen.insert(node.clone()) {
                return Err(invalid(shape, "a SHACL list is cyclic"));
            }
            items.push(first.clone());
            node = rest.clone();
        }
    }
}

fn sh_iri(local: &str) -> String {
    format!("{SH}{local}")
}

fn invalid(shape: &str, what: &str) -> Error {
    Error::Input {
        message: format!("shape {shape}: {what}; fix the shapes file"),
    }
}

// ---------------------------------------------------------------------------------------------------
// The shapes model
// ---------------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Shape {
    /// The shape's IRI or `_:id`, as reports print it.
    name: String,
    path: Option<PathExpr>,
    targets: Vec<Target>,
    constraints: Vec<Constraint>,
    properties: Vec<Shape>,
    severity: Severity,
    message: Option<Message>,
    deactivated: bool,
}

#[derive(Debug, Clone)]
enum Target {
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

#[derive(Debug, Clone)]
enum PathExpr {
    Predicate(NamedNode),
    Inverse(Box<PathExpr>),
    Sequence(Vec<PathExpr>),
    Alternative(Vec<PathExpr>),
    ZeroOrMore(Box<PathExpr>),
    OneOrMore(Box<PathExpr>),
    ZeroOrOne(Box<PathExpr>),
}

impl PathExpr {
    /// The path in SPARQL syntax, with full IRIs.
    fn sparql(&self) -> String {
        self.render(&|n: &NamedNode| n.to_string())
    }

    /// The path in SPARQL syntax with prefixed names where a prefix is known, for reports.
    fn display(&self) -> String {
        self.render(&|n: &NamedNode| {
            let short = vocab::short_form(n.as_str());
            if short == n.as_str() {
                n.to_string()
            } else {
                short
            }
        })
    }

    fn render(&self, name: &dyn Fn(&NamedNode) -> String) -> String {
        let group = |path: &PathExpr| match path {
            PathExpr::Predicate(n) => name(n),
            other => format!("({})", other.render(name)),
        };
        match self {
            PathExpr::Predicate(n) => name(n),
            PathExpr::Inverse(inner) => format!("^{}", group(inner)),
            PathExpr::Sequence(items) => items.iter().map(group).collect::<Vec<_>>().join("/"),
            PathExpr::Alternative(items) => items.iter().map(group).collect::<Vec<_>>().join("|"),
            PathExpr::ZeroOrMore(inner) => format!("{}*", group(inner)),
            PathExpr::OneOrMore(inner) => format!("{}+", group(inner)),
            PathExpr::ZeroOrOne(inner) => format!("{}?", group(inner)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Iri,
    BlankNode,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    MinInclusive,
    MaxInclusive,
    MinExclusive,
    MaxExclusive,
}

#[derive(Debug, Clone)]
enum Constraint {
    Class(NamedNode),
    Datatype(NamedNode),
    NodeKind(NodeKind),
    MinCount(u64),
    MaxCount(u64),
    Range(Bound, Literal),
    MinLength(u64),
    MaxLength(u64),
    Pattern { regex: String, flags: String },
    LanguageIn(Vec<String>),
    UniqueLang,
    In(Vec<Term>),
    HasValue(Term),
    Not(Box<Shape>),
    And(Vec<Shape>),
    Or(Vec<Shape>),
    Xone(Vec<Shape>),
    Node(Box<Shape>),
    QualifiedMinCount(Box<Shape>, u64),
    QualifiedMaxCount(Box<Shape>, u64),
}

impl Constraint {
    fn component(&self) -> &'static str {
        match self {
            Constraint::Class(_) => "sh:ClassConstraintComponent",
            Constraint::Datatype(_) => "sh:DatatypeConstraintComponent",
            Constraint::NodeKind(_) => "sh:NodeKindConstraintComponent",
            Constraint::MinCount(_) => "sh:MinCountConstraintComponent",
            Constraint::MaxCount(_) => "sh:MaxCountConstraintComponent",
            Constraint::Range(Bound::MinInclusive, _) => "sh:MinInclusiveConstraintComponent",
            Constraint::Range(Bound::MaxInclusive, _) => "sh:MaxInclusiveConstraintComponent",
            Constraint::Range(Bound::MinExclusive, _) => "sh:MinExclusiveConstraintComponent",
            Constraint::Range(Bound::MaxExclusive, _) => "sh:MaxExclusiveConstraintComponent",
            Constraint::MinLength(_) => "sh:MinLengthConstraintComponent",
            Constraint::MaxLength(_) => "sh:MaxLengthConstraintComponent",
            Constraint::Pattern { .. } => "sh:PatternConstraintComponent",
            Constraint::LanguageIn(_) => "sh:LanguageInConstraintComponent",
            Constraint::UniqueLang => "sh:UniqueLangConstraintComponent",
            Constraint::In(_) => "sh:InConstraintComponent",
            Constraint::HasValue(_) => "sh:HasValueConstraintComponent",
            Constraint::Not(_) => "sh:NotConstraintComponent",
            Constraint::And(_) => "sh:AndConstraintComponent",
            Constraint::Or(_) => "sh:OrConstraintComponent",
            Constraint::Xone(_) => "sh:XoneConstraintComponent",
            Constraint::Node(_) => "sh:NodeConstraintComponent",
            Constraint::QualifiedMinCount(..) => "sh:QualifiedMinCountConstraintComponent",
            Constraint::QualifiedMaxCount(..) => "sh:QualifiedMaxCountConstraintComponent",
        }
    }

    /// Whether the constraint counts the values of a path, so that it needs a property shape.
    fn needs_path(&self) -> bool {
        matches!(
            self,
            Constraint::MinCount(_)
                | Constraint::MaxCount(_)
                | Constraint::UniqueLang
                | Constraint::QualifiedMinCount(..)
                | Constraint::QualifiedMaxCount(..)
        )
    }

    /// The message used when the shape gives none.
    fn default_message(&self) -> Message {
        let iri = |n: &NamedNode| vocab::short_form(n.as_str());
        let term = |t: &Term| match t {
            Term::NamedNode(n) => vocab::short_form(n.as_str()),
            other => other.to_string(),
        };
        match self {
            Constraint::Class(c) => Message::new(
                format!("值须为 {} 的实例", iri(c)),
                format!("value must be an instance of {}", iri(c)),
            ),
            Constraint::Datatype(d) => Message::new(
                format!("值须为数据类型 {} 的合法文字", iri(d)),
                format!("value must be a well-formed literal of datatype {}", iri(d)),
            ),
            Constraint::NodeKind(kind) => {
                let (zh, en) = match kind {
                    NodeKind::Iri => ("IRI", "an IRI"),
                    NodeKind::BlankNode => ("空白节点", "a blank node"),
                    NodeKind::Literal => ("文字", "a literal"),
                    NodeKind::BlankNodeOrIri => ("IRI 或空白节点", "an IRI or a blank node"),
                    NodeKind::BlankNodeOrLiteral => ("空白节点或文字", "a blank node or a literal"),
                    NodeKind::IriOrLiteral => ("IRI 或文字", "an IRI or a literal"),
                };
                Message::new(format!("值须为{zh}"), format!("value must be {en}"))
            }
            Constraint::MinCount(n) => Message::new(
                format!("至少需要 {n} 个值"),
                format!("needs at least {n} value(s)"),
            ),
            Constraint::MaxCount(n) => Message::new(
                format!("至多只能有 {n} 个值"),
                format!("allows at most {n} value(s)"),
            ),
            Constraint::Range(bound, limit) => {
                let (zh, en) = match bound {
                    Bound::MinInclusive => ("不小于", "at least"),
                    Bound::MaxInclusive => ("不大于", "at most"),
                    Bound::MinExclusive => ("大于", "greater than"),
                    Bound::MaxExclusive => ("小于", "less than"),
                };
                Message::new(
                    format!("值须{zh} {}", limit.value()),
                    format!("value must be {en} {}", limit.value()),
                )
            }
            Constraint::MinLength(n) => Message::new(
                format!("值的长度至少为 {n}"),
                format!("value must have at least {n} characters"),
            ),
            Constraint::MaxLength(n) => Message::new(
                format!("值的长度至多为 {n}"),
                format!("value must have at most {n} characters"),
            ),
            Constraint::Pattern { regex, .. } => Message::new(
                format!("值须符合模式 {regex}"),
                format!("value must match {regex}"),
            ),
            Constraint::LanguageIn(tags) => Message::new(
                format!("值的语言须为 {} 之一", tags.join("、")),
                format!("value must be in one of the languages {}", tags.join(", ")),
            ),
            Constraint::UniqueLang => {
                Message::new("同一语言只能有一个值", "at most one value per language")
            }
            Constraint::In(items) => {
                let list = items.iter().map(term).collect::<Vec<_>>();
                Message::new(
                    format!("值须为 {} 之一", list.join("、")),
                    format!("value must be one of {}", list.join(", ")),
                )
            }
            Constraint::HasValue(t) => Message::new(
                format!("须有值 {}", term(t)),
                format!("must have the value {}", term(t)),
            ),
            Constraint::Not(s) => Message::new(
                format!("不得符合形状 {}", local_name(&s.name)),
                format!("must not conform to shape {}", local_name(&s.name)),
            ),
            Constraint::And(_) => Message::new(
                "须符合所有给定的形状",
                "must conform to all of the given shapes",
            ),
            Constraint::Or(_) => Message::new(
                "须至少符合给定形状之一",
                "must conform to at least one of the given shapes",
            ),
            Constraint::Xone(_) => Message::new(
                "须恰好符合给定形状之一",
                "must conform to exactly one of the given shapes",
            ),
            Constraint::Node(s) => Message::new(
                format!("值须符合形状 {}", local_name(&s.name)),
                format!("value must conform to shape {}", local_name(&s.name)),
            ),
            Constraint::QualifiedMinCount(_, n) => Message::new(
                format!("至少需要 {n} 个符合限定形状的值"),
                format!("needs at least {n} value(s) conforming to the qualified shape"),
            ),
            Constraint::QualifiedMaxCount(_, n) => Message::new(
                format!("至多只能有 {n} 个符合限定形状的值"),
                format!("allows at most {n} value(s) conforming to the qualified shape"),
            ),
        }
    }
}

/// Turns the shapes graph into [`Shape`]s, refusing what it cannot check.
struct ShapeParser<'a> {
    graph: &'a ShapesGraph,
    /// The shapes being parsed, with their names, to refuse recursive shapes and to name nested ones.
    stack: Vec<(Term, String)>,
}

impl ShapeParser<'_> {
    fn parse(&mut self, node: &Term) -> Result<Shape, Error> {
        let name = self.name_of(node);
        if self.stack.iter().any(|(parent, _)| parent == node) {
            return Err(invalid(
                &name,
                "the shape refers to itself (recursive shapes are not supported)",
            ));
        }
        self.stack.push((node.clone(), name.clone()));
        let shape = self.parse_fields(node, name);
        self.stack.pop();
        shape
    }

    /// How messages name a shape: its IRI; a blank node inside another shape by that shape and its
    /// path, since blank node labels mean nothing to the person who wrote the file.
    fn name_of(&self, node: &Term) -> String {
        let Some((_, parent)) = self
            .stack
            .last()
            .filter(|_| !matches!(node, Term::NamedNode(_)))
        else {
            return term_text(node);
        };
        match self.graph.object(node, &sh_iri("path")) {
            Some(Term::NamedNode(path)) => format!(
                "{parent} → [sh:path {}]",
                PathExpr::Predicate(path.clone()).display()
            ),
            Some(_) => format!("{parent} → [property shape]"),
            None => format!("{parent} → [nested shape]"),
        }
    }

    fn parse_fields(&mut self, node: &Term, name: String) -> Result<Shape, Error> {
        let mut shape = Shape {
            name,
            path: None,
            targets: Vec::new(),
            constraints: Vec::new(),
            properties: Vec::new(),
            severity: Severity::Violation,
            message: None,
            deactivated: false,
        };
        let mut messages: Vec<&Literal> = Vec::new();
        let graph = self.graph;
        for (predicate, object) in graph.values(node) {
            let Some(local) = predicate.as_str().strip_prefix(SH) else {
                continue;
            };
            let name = shape.name.as_str();
            match local {
                "targetClass" => shape
                    .targets
                    .push(Target::Class(expect_iri(name, local, object)?)),
                "targetNode" => {
                    if let Term::BlankNode(_) = object {
                        return Err(unsupported(
                            name,
                            "targetNode",
                            "a blank node as sh:targetNode",
                        ));
                    }
                    shape.targets.push(Target::Node(object.clone()));
                }
                "targetSubjectsOf" => {
                    shape
                        .targets
                        .push(Target::SubjectsOf(expect_iri(name, local, object)?));
                }
                "targetObjectsOf" => {
                    shape
                        .targets
                        .push(Target::ObjectsOf(expect_iri(name, local, object)?));
                }
                "path" => shape.path = Some(self.parse_path(object, name, 0)?),
                "property" => {
                    let child = self.parse(object)?;
                    if child.path.is_none() {
                        return Err(invalid(name, "a value of sh:property has no sh:path"));
                    }
                    shape.properties.push(child);
                }
                "message" => {
                    if let Term::Literal(literal) = object {
                        messages.push(literal);
                    }
                }
                "severity" => {
                    shape.severity = match object {
                        Term::NamedNode(n) => Severity::from_iri(n.as_str()),
                        _ => None,
                    }
                    .ok_or_else(|| {
                        unsupported(
                            name,
                            "severity",
                            "severities other than sh:Violation, sh:Warning and sh:Info",
                        )
                    })?;
                }
                "deactivated" => shape.deactivated = is_true(object),
                "name" | "description" | "order" | "group" | "defaultValue" | "flags"
                | "qualifiedMinCount" | "qualifiedMaxCount" | "ignoredProperties" => {}
                "qualifiedValueShapesDisjoint" => {
                    if is_true(object) {
                        return Err(unsupported(name, local, "sh:QualifiedValueShapesDisjoint"));
                    }
                }
                "closed" => {
                    if is_true(object) {
                        return Err(unsupported(name, local, "sh:ClosedConstraintComponent"));
                    }
                }
                _ => {
                    let constraint = self.parse_constraint(node, name, local, object)?;
                    shape.constraints.extend(constraint);
                }
            }
        }
        if let (None, Some(c)) = (
            &shape.path,
            shape.constraints.iter().find(|c| c.needs_path()),
        ) {
            return Err(invalid(
                &shape.name,
                &format!(
                    "{} needs a property shape (sh:path), but this is a node shape",
                    c.component()
                ),
            ));
        }
        shape.message = message_of(&messages);
        Ok(shape)
    }

    /// One constraint parameter (several for the qualified counts). `None` when the parameter is a
    /// no-op (`sh:uniqueLang false`).
    fn parse_constraint(
        &mut self,
        node: &Term,
        name: &str,
        local: &str,
        object: &Term,
    ) -> Result<Vec<Constraint>, Error> {
        let graph = self.graph;
        let count = |object: &Term| -> Result<u64, Error> {
            match object {
                Term::Literal(l) => l.value().parse().ok(),
                _ => None,
            }
            .ok_or_else(|| invalid(name, &format!("sh:{local} must be a non-negative integer")))
        };
        let literal = |object: &Term| -> Result<Literal, Error> {
            match object {
                Term::Literal(l) => Ok(l.clone()),
                _ => Err(invalid(name, &format!("sh:{local} must be a literal"))),
            }
        };
        let constraint = match local {
            "class" => Constraint::Class(expect_iri(name, local, object)?),
            "datatype" => Constraint::Datatype(expect_iri(name, local, object)?),
            "nodeKind" => {
                let kind = expect_iri(name, local, object)?;
                Constraint::NodeKind(match kind.as_str().strip_prefix(SH) {
                    Some("IRI") => NodeKind::Iri,
                    Some("BlankNode") => NodeKind::BlankNode,
                    Some("Literal") => NodeKind::Literal,
                    Some("BlankNodeOrIRI") => NodeKind::BlankNodeOrIri,
                    Some("BlankNodeOrLiteral") => NodeKind::BlankNodeOrLiteral,
                    Some("IRIOrLiteral") => NodeKind::IriOrLiteral,
                    _ => return Err(invalid(name, &format!("unknown sh:nodeKind {kind}"))),
                })
            }
            "minCount" => Constraint::MinCount(count(object)?),
            "maxCount" => Constraint::MaxCount(count(object)?),
            "minInclusive" => Constraint::Range(Bound::MinInclusive, literal(object)?),
            "maxInclusive" => Constraint::Range(Bound::MaxInclusive, literal(object)?),
            "minExclusive" => Constraint::Range(Bound::MinExclusive, literal(object)?),
            "maxExclusive" => Constraint::Range(Bound::MaxExclusive, literal(object)?),
            "minLength" => Constraint::MinLength(count(object)?),
            "maxLength" => Constraint::MaxLength(count(object)?),
            "pattern" => {
                let flags = match graph.object(node, &sh_iri("flags")) {
                    Some(Term::Literal(l)) => l.value().to_owned(),
                    Some(_) => return Err(invalid(name, "sh:flags must be a literal")),
                    None => String::new(),
                };
                Constraint::Pattern {
                    regex: literal(object)?.value().to_owned(),
                    flags,
                }
            }
            "languageIn" => {
                let tags = graph
                    .list(object, name)?
                    .into_iter()
                    .map(|t| match t {
                        Term::Literal(l) => Ok(l.value().to_owned()),
                        _ => Err(invalid(name, "sh:languageIn must list literals")),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Constraint::LanguageIn(tags)
            }
            "uniqueLang" => {
                if !is_true(object) {
                    return Ok(Vec::new());
                }
                Constraint::UniqueLang
            }
            "in" => {
                let items = graph.list(object, name)?;
                if items.iter().any(|t| matches!(t, Term::BlankNode(_))) {
                    return Err(unsupported(name, local, "blank nodes in sh:in"));
                }
                Constraint::In(items)
            }
            "hasValue" => {
                if let Term::BlankNode(_) = object {
                    return Err(unsupported(name, local, "a blank node as sh:hasValue"));
                }
                Constraint::HasValue(object.clone())
            }
            "not" => Constraint::Not(Box::new(self.parse(object)?)),
            "node" => Constraint::Node(Box::new(self.parse(object)?)),
            "and" | "or" | "xone" => {
                let shapes = graph
                    .list(object, name)?
                    .iter()
                    .map(|member| self.parse(member))
                    .collect::<Result<Vec<_>, _>>()?;
                match local {
                    "and" => Constraint::And(shapes),
                    "or" => Constraint::Or(shapes),
                    _ => Constraint::Xone(shapes),
                }
            }
            "qualifiedValueShape" => {
                let qualified = self.parse(object)?;
                let mut constraints = Vec::new();
                for (predicate, value) in graph.values(node) {
                    match predicate.as_str().strip_prefix(SH) {
                        Some("qualifiedMinCount") => {
                            constraints.push(Constraint::QualifiedMinCount(
                                Box::new(qualified.clone()),
                                count(value)?,
                            ))
                        }
                        Some("qualifiedMaxCount") => {
                            constraints.push(Constraint::QualifiedMaxCount(
                                Box::new(qualified.clone()),
                                count(value)?,
                            ))
                        }
                        _ => {}
                    }
                }
                return Ok(constraints);
            }
            other => {
                let component = component_of_parameter(other);
                return Err(unsupported(name, other, &component));
            }
        };
        Ok(vec![constraint])
    }

    fn parse_path(&self, node: &Term, shape: &str, depth: usize) -> Result<PathExpr, Error> {
        if depth > 32 {
            return Err(invalid(shape, "the sh:path is nested too deeply or cyclic"));
        }
        let graph = self.graph;
        match node {
            Term::NamedNode(n) => Ok(PathExpr::Predicate(n.clone())),
            Term::Literal(_) => Err(invalid(shape, "a sh:path cannot be a literal")),
            Term::BlankNode(_) => {
                let single = |local: &str| graph.object(node, &sh_iri(local));
                let inner = |target: &Term| self.parse_path(target, shape, depth + 1).map(Box::new);
                if let Some(target) = single("inversePath") {
                    Ok(PathExpr::Inverse(inner(target)?))
                } else if let Some(target) = single("zeroOrMorePath") {
                    Ok(PathExpr::ZeroOrMore(inner(target)?))
                } else if let Some(target) = single("oneOrMorePath") {
                    Ok(PathExpr::OneOrMore(inner(target)?))
                } else if let Some(target) = single("zeroOrOnePath") {
                    Ok(PathExpr::ZeroOrOne(inner(target)?))
                } else if let Some(list) = single("alternativePath") {
                    let items = graph.list(list, shape)?;
                    let items = items
                        .iter()
                        .map(|item| self.parse_path(item, shape, depth + 1))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(PathExpr::Alternative(items))
                } else if graph.object(node, RDF_FIRST).is_some() {
                    let items = graph.list(node, shape)?;
                    if items.len() < 2 {
                        return Err(invalid(shape, "a sequence path needs at least two members"));
                    }
                    let items = items
                        .iter()
                        .map(|item| self.parse_path(item, shape, depth + 1))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(PathExpr::Sequence(items))
                } else {
                    Err(invalid(shape, "the sh:path is not a SHACL property path"))
                }
            }
        }
    }
}

fn expect_iri(shape: &str, parameter: &str, object: &Term) -> Result<NamedNode, Error> {
    match object {
        Term::NamedNode(n) => Ok(n.clone()),
        _ => Err(invalid(shape, &format!("sh:{parameter} must be an IRI"))),
    }
}

fn is_true(object: &Term) -> bool {
    matches!(object, Term::Literal(l) if l.value() == "true" || l.value() == "1")
}

fn unsupported(shape: &str, parameter: &str, what: &str) -> Error {
    Error::Input {
        message: format!(
            "shape {shape} uses sh:{parameter} ({what}), which innomap validate does not support; it supports {SUPPORTED}"
        ),
    }
}

/// The constraint component a SHACL parameter belongs to, for messages about unsupported ones.
fn component_of_parameter(parameter: &str) -> String {
    let component = match parameter {
        "equals" => "Equals",
        "disjoint" => "Disjoint",
        "lessThan" => "LessThan",
        "lessThanOrEquals" => "LessThanOrEquals",
        "sparql" => "SPARQL",
        "closed" => "Closed",
        _ => return format!("an unknown SHACL parameter sh:{parameter}"),
    };
    format!("sh:{component}ConstraintComponent")
}

/// The message of a shape: the `@zh` and `@en` texts, one standing in for the other (or an untagged
/// text for both) when only one is given.
fn message_of(messages: &[&Literal]) -> Option<Message> {
    let tagged = |prefix: &str| {
        messages
            .iter()
            .filter(|l| {
                l.language()
                    .is_some_and(|tag| tag == prefix || tag.starts_with(&format!("{prefix}-")))
            })
            .map(|l| l.value().to_owned())
            .min()
    };
    let plain = messages
        .iter()
        .filter(|l| l.language().is_none())
        .map(|l| l.value().to_owned())
        .min();
    let zh = tagged("zh");
    let en = tagged("en");
    let any = zh
        .clone()
        .or_else(|| en.clone())
        .or_else(|| plain.clone())?;
    Some(Message {
        zh: zh.or_else(|| plain.clone()).unwrap_or_else(|| any.clone()),
        en: en.or(plain).unwrap_or(any),
    })
}

/// For every class that a target or `sh:class` names, the class and all its subclasses.
fn class_closures(store: &Store, shapes: &[Shape]) -> Result<HashMap<String, Vec<String>>, Error> {
    fn walk(shape: &Shape, classes: &mut BTreeSet<String>) {
        for target in &shape.targets {
            if let Target::Class(c) = target {
                classes.insert(c.to_string());
            }
        }
        for constraint in &shape.constraints {
            match constraint {
                Constraint::Class(c) => {
                    classes.insert(c.to_string());
                }
                Constraint::Not(s) | Constraint::Node(s) => walk(s, classes),
                Constraint::QualifiedMinCount(s, _) | Constraint::QualifiedMaxCount(s, _) => {
                    walk(s, classes)
                }
                Constraint::And(list) | Constraint::Or(list) | Constraint::Xone(list) => {
                    list.iter().for_each(|s| walk(s, classes))
                }
                _ => {}
            }
        }
        for property in &shape.properties {
            walk(property, classes);
        }
    }
    let mut classes = BTreeSet::new();
    shapes.iter().for_each(|s| walk(s, &mut classes));
    let mut closures = HashMap::new();
    for class in classes {
        // One query per class with the class as a constant, so that the path is walked from it.
        let solutions = store.select(&format!(
            "SELECT DISTINCT ?sub WHERE {{ ?sub rdfs:subClassOf* {class} FILTER(isIRI(?sub)) }}"
        ))?;
        let mut members: BTreeSet<String> = solutions
            .rows
            .iter()
            .filter_map(|row| row[0].as_ref().map(Term::to_string))
            .collect();
        members.insert(class.clone());
        closures.insert(class, members.into_iter().collect());
    }
    Ok(closures)
}

// ---------------------------------------------------------------------------------------------------
// Compiling shapes into SPARQL
// ---------------------------------------------------------------------------------------------------

/// Which column of a check's results holds the offending value.
#[derive(Debug, Clone, Copy)]
enum ValueColumn {
    /// `?value`: the value node of a property shape.
    Value,
    /// The focus node itself (constraints of node shapes).
    Focus,
    /// `?lang`: the repeated language tag (`sh:uniqueLang`).
    Lang,
    /// No value (counts, `sh:hasValue` on a path).
    None,
}

/// One compiled constraint: a SELECT that returns `?focus` (and the value) of every violation.
#[derive(Debug, Clone)]
struct Check {
    shape: String,
    path: Option<String>,
    component: &'static str,
    severity: Severity,
    message: Message,
    query: String,
    value: ValueColumn,
}

struct Compiler<'a> {
    /// Class IRI (N-Triples form) → itself and its subclasses.
    closures: &'a HashMap<String, Vec<String>>,
    next_var: usize,
}

impl Compiler<'_> {
    fn fresh(&mut self, base: &str) -> String {
        self.next_var += 1;
        format!("?{base}{}", self.next_var)
    }

    /// The class and its subclasses, in N-Triples syntax, joined by `separator`.
    fn closure(&self, class: &NamedNode, separator: &str) -> String {
        let key = class.to_string();
        self.closures
            .get(&key)
            .map_or(key.clone(), |members| members.join(separator))
    }

    /// A subquery that binds `?focus` to every target of `shape`, once each.
    fn focus_pattern(&mut self, shape: &Shape) -> Result<String, Error> {
        let mut branches = Vec::new();
        let nodes: Vec<String> = shape
            .targets
            .iter()
            .filter_map(|t| match t {
                Target::Node(n) => Some(n.to_string()),
                _ => None,
            })
            .collect();
        if !nodes.is_empty() {
            branches.push(format!("{{ VALUES ?focus {{ {} }} }}", nodes.join(" ")));
        }
        for target in &shape.targets {
            match target {
                Target::Class(class) => branches.push(format!(
                    "{{ VALUES ?targetClass {{ {} }} ?focus rdf:type ?targetClass }}",
                    self.closure(class, " ")
                )),
                Target::SubjectsOf(p) => branches.push(format!("{{ ?focus {p} ?targetObject }}")),
                Target::ObjectsOf(p) => branches.push(format!("{{ ?targetSubject {p} ?focus }}")),
                Target::Node(_) => {}
            }
        }
        Ok(format!(
            "{{ SELECT DISTINCT ?focus WHERE {{ {} }} }}",
            branches.join(" UNION ")
        ))
    }

    /// Adds the checks of `shape` for the focus nodes that `focus` binds.
    fn compile_shape(
        &mut self,
        shape: &Shape,
        root: &str,
        focus: &str,
        checks: &mut Vec<Check>,
    ) -> Result<(), Error> {
        if shape.deactivated {
            return Ok(());
        }
        match &shape.path {
            None => self.compile_node_shape(shape, root, focus, checks),
            Some(path) => self.compile_property_shape(shape, path, root, focus, checks),
        }
    }

    fn check(
        &self,
        shape: &Shape,
        root: &str,
        constraint: &Constraint,
        query: String,
        value: ValueColumn,
    ) -> Check {
        Check {
            shape: root.to_owned(),
            path: shape.path.as_ref().map(PathExpr::display),
            component: constraint.component(),
            severity: shape.severity,
            message: shape
                .message
                .clone()
                .unwrap_or_else(|| constraint.default_message()),
            query,
            value,
        }
    }

    fn compile_node_shape(
        &mut self,
        shape: &Shape,
        root: &str,
        focus: &str,
        checks: &mut Vec<Check>,
    ) -> Result<(), Error> {
        for constraint in &shape.constraints {
            let condition = self.node_condition(constraint, "?focus")?;
            let query = format!("SELECT ?focus WHERE {{ {focus} FILTER(!({condition})) }}");
            checks.push(self.check(shape, root, constraint, query, ValueColumn::Focus));
        }
        for property in &shape.properties {
            self.compile_shape(property, root, focus, checks)?;
        }
        Ok(())
    }

    fn compile_property_shape(
        &mut self,
        shape: &Shape,
        path: &PathExpr,
        root: &str,
        focus: &str,
        checks: &mut Vec<Check>,
    ) -> Result<(), Error> {
        let p = path.sparql();
        for constraint in &shape.constraints {
            let (query, value) = match constraint {
                Constraint::MinCount(0) | Constraint::QualifiedMinCount(_, 0) => continue,
                Constraint::MinCount(1) => (
                    format!(
                        "SELECT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {p} ?value }} }}"
                    ),
                    ValueColumn::None,
                ),
                Constraint::MinCount(n) => (
                    format!(
                        "SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {p} ?value }} }} \
                         GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) < {n})"
                    ),
                    ValueColumn::None,
                ),
                Constraint::MaxCount(n) => (
                    format!(
                        "SELECT ?focus WHERE {{ {focus} ?focus {p} ?value }} \
                         GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) > {n})"
                    ),
                    ValueColumn::None,
                ),
                Constraint::HasValue(term) => (
                    format!(
                        "SELECT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {p} {term} }} }}"
                    ),
                    ValueColumn::None,
                ),
                Constraint::UniqueLang => (
                    format!(
                        "SELECT ?focus ?lang WHERE {{ {focus} ?focus {p} ?value \
                         FILTER(isLiteral(?value) && LANG(?value) != \"\") }} \
                         GROUP BY ?focus (LCASE(LANG(?value)) AS ?lang) HAVING (COUNT(DISTINCT ?value) > 1)"
                    ),
                    ValueColumn::Lang,
                ),
                Constraint::QualifiedMinCount(qualified, 1) => {
                    let condition = self.conforms(qualified, "?value")?;
                    (
                        format!(
                            "SELECT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {p} ?value FILTER({condition}) }} }}"
                        ),
                        ValueColumn::None,
                    )
                }
                Constraint::QualifiedMinCount(qualified, n) => {
                    let condition = self.conforms(qualified, "?value")?;
                    (
                        format!(
                            "SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {p} ?value FILTER({condition}) }} }} \
                             GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) < {n})"
                        ),
                        ValueColumn::None,
                    )
                }
                Constraint::QualifiedMaxCount(qualified, n) => {
                    let condition = self.conforms(qualified, "?value")?;
                    (
                        format!(
                            "SELECT ?focus WHERE {{ {focus} ?focus {p} ?value FILTER({condition}) }} \
                             GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) > {n})"
                        ),
                        ValueColumn::None,
                    )
                }
                other => {
                    let condition = self.value_condition(other, "?value")?;
                    (
                        format!(
                            "SELECT DISTINCT ?focus ?value WHERE {{ {focus} ?focus {p} ?value FILTER(!({condition})) }}"
                        ),
                        ValueColumn::Value,
                    )
                }
            };
            checks.push(self.check(shape, root, constraint, query, value));
        }
        if !shape.properties.is_empty() {
            // Nested property shapes validate each value node as their focus node.
            let values = format!(
                "{{ SELECT DISTINCT ?focus WHERE {{ {{ SELECT (?focus AS ?parent) WHERE {{ {focus} }} }} ?parent {p} ?focus }} }}"
            );
            for property in &shape.properties {
                self.compile_shape(property, root, &values, checks)?;
            }
        }
        Ok(())
    }

    /// A condition on the node `var` that holds when it satisfies a constraint of a node shape.
    fn node_condition(&mut self, constraint: &Constraint, var: &str) -> Result<String, Error> {
        match constraint {
            Constraint::HasValue(term) => Ok(format!("sameTerm({var}, {term})")),
            other => self.value_condition(other, var),
        }
    }

    /// A condition that holds when the value node `var` satisfies a value-type or logical constraint.
    /// Never an error: comparisons that fail to evaluate count as not satisfied, as in SHACL.
    fn value_condition(&mut self, constraint: &Constraint, var: &str) -> Result<String, Error> {
        let expression = match constraint {
            Constraint::Class(class) => {
                let t = self.fresh("type");
                // Look up the value's few types and test them, rather than probing every subclass.
                format!(
                    "EXISTS {{ {var} rdf:type {t} FILTER({t} IN ({})) }}",
                    self.closure(class, ", ")
                )
            }
            Constraint::Datatype(datatype) => datatype_condition(datatype, var),
            Constraint::NodeKind(kind) => match kind {
                NodeKind::Iri => format!("isIRI({var})"),
                NodeKind::BlankNode => format!("isBlank({var})"),
                NodeKind::Literal => format!("isLiteral({var})"),
                NodeKind::BlankNodeOrIri => format!("!isLiteral({var})"),
                NodeKind::BlankNodeOrLiteral => format!("!isIRI({var})"),
                NodeKind::IriOrLiteral => format!("!isBlank({var})"),
            },
            Constraint::Range(bound, limit) => {
                let operator = match bound {
                    Bound::MinInclusive => ">=",
                    Bound::MaxInclusive => "<=",
                    Bound::MinExclusive => ">",
                    Bound::MaxExclusive => "<",
                };
                format!("(isLiteral({var}) && {var} {operator} {limit})")
            }
            Constraint::MinLength(n) => format!("(!isBlank({var}) && STRLEN(STR({var})) >= {n})"),
            Constraint::MaxLength(n) => format!("(!isBlank({var}) && STRLEN(STR({var})) <= {n})"),
            Constraint::Pattern { regex, flags } => format!(
                "(!isBlank({var}) && REGEX(STR({var}), {}, {}))",
                Literal::new_simple_literal(regex),
                Literal::new_simple_literal(flags)
            ),
            Constraint::LanguageIn(tags) => {
                let tests = tags
                    .iter()
                    .map(|tag| {
                        format!(
                            "langMatches(LANG({var}), {})",
                            Literal::new_simple_literal(tag)
                        )
                    })
                    .collect::<Vec<_>>();
                if tests.is_empty() {
                    "false".to_owned()
                } else {
                    format!("(isLiteral({var}) && ({}))", tests.join(" || "))
                }
            }
            Constraint::In(items) => {
                if items.is_empty() {
                    "false".to_owned()
                } else {
                    let tests = items
                        .iter()
                        .map(|item| format!("sameTerm({var}, {item})"))
                        .collect::<Vec<_>>();
                    format!("({})", tests.join(" || "))
                }
            }
            Constraint::Not(shape) => format!("!({})", self.conforms(shape, var)?),
            Constraint::Node(shape) => self.conforms(shape, var)?,
            Constraint::And(shapes) | Constraint::Or(shapes) | Constraint::Xone(shapes) => {
                let parts = shapes
                    .iter()
                    .map(|shape| self.conforms(shape, var))
                    .collect::<Result<Vec<_>, _>>()?;
                match (constraint, parts.is_empty()) {
                    (Constraint::And(_), true) => "true".to_owned(),
                    (_, true) => "false".to_owned(),
                    (Constraint::And(_), false) => format!("({})", parts.join(" && ")),
                    (Constraint::Or(_), false) => format!("({})", parts.join(" || ")),
                    _ => {
                        let ones = parts
                            .iter()
                            .map(|part| format!("IF({part}, 1, 0)"))
                            .collect::<Vec<_>>();
                        format!("(({}) = 1)", ones.join(" + "))
                    }
                }
            }
            Constraint::HasValue(_)
            | Constraint::MinCount(_)
            | Constraint::MaxCount(_)
            | Constraint::UniqueLang
            | Constraint::QualifiedMinCount(..)
            | Constraint::QualifiedMaxCount(..) => {
                return Err(Error::Input {
                    message: format!(
                        "internal error: {} is not a value constraint",
                        constraint.component()
                    ),
                });
            }
        };
        Ok(format!("COALESCE({expression}, false)"))
    }

    /// A condition that holds when the node `var` conforms to `shape` (its targets ignored).
    fn conforms(&mut self, shape: &Shape, var: &str) -> Result<String, Error> {
        if shape.deactivated {
            return Ok("true".to_owned());
        }
        let mut parts = Vec::new();
        match &shape.path {
            None => {
                for constraint in &shape.constraints {
                    parts.push(self.node_condition(constraint, var)?);
                }
                for property in &shape.properties {
                    parts.push(self.conforms(property, var)?);
                }
            }
            Some(path) => {
                let p = path.sparql();
                for constraint in &shape.constraints {
                    let part = match constraint {
                        Constraint::MinCount(n) => self.count_at_least(var, &p, *n, None)?,
                        Constraint::MaxCount(n) => {
                            format!("!({})", self.count_at_least(var, &p, n + 1, None)?)
                        }
                        Constraint::QualifiedMinCount(qualified, n) => {
                            self.count_at_least(var, &p, *n, Some(qualified))?
                        }
                        Constraint::QualifiedMaxCount(qualified, n) => {
                            format!(
                                "!({})",
                                self.count_at_least(var, &p, n + 1, Some(qualified))?
                            )
                        }
                        Constraint::HasValue(term) => format!("EXISTS {{ {var} {p} {term} }}"),
                        Constraint::UniqueLang => {
                            let (a, b) = (self.fresh("a"), self.fresh("b"));
                            format!(
                                "NOT EXISTS {{ {var} {p} {a} . {var} {p} {b} FILTER(!sameTerm({a}, {b}) \
                                 && isLiteral({a}) && isLiteral({b}) && LANG({a}) != \"\" \
                                 && LCASE(LANG({a})) = LCASE(LANG({b}))) }}"
                            )
                        }
                        other => {
                            let x = self.fresh("v");
                            let condition = self.value_condition(other, &x)?;
                            format!("NOT EXISTS {{ {var} {p} {x} FILTER(!({condition})) }}")
                        }
                    };
                    parts.push(part);
                }
                for property in &shape.properties {
                    let x = self.fresh("v");
                    let condition = self.conforms(property, &x)?;
                    parts.push(format!(
                        "NOT EXISTS {{ {var} {p} {x} FILTER(!({condition})) }}"
                    ));
                }
            }
        }
        Ok(if parts.is_empty() {
            "true".to_owned()
        } else {
            format!("({})", parts.join(" && "))
        })
    }

    /// A condition that holds when `var` has at least `n` distinct values through path `p` (that
    /// conform to `qualified`, when given).
    fn count_at_least(
        &mut self,
        var: &str,
        p: &str,
        n: u64,
        qualified: Option<&Shape>,
    ) -> Result<String, Error> {
        if n == 0 {
            return Ok("true".to_owned());
        }
        if n <= 4 {
            let vars: Vec<String> = (0..n).map(|_| self.fresh("c")).collect();
            let mut pattern = String::new();
            let mut filters = Vec::new();
            for (i, x) in vars.iter().enumerate() {
                pattern.push_str(&format!("{var} {p} {x} . "));
                if let Some(shape) = qualified {
                    filters.push(self.conforms(shape, x)?);
                }
                for y in &vars[..i] {
                    filters.push(format!("!sameTerm({x}, {y})"));
                }
            }
            let filter = if filters.is_empty() {
                String::new()
            } else {
                format!("FILTER({})", filters.join(" && "))
            };
            return Ok(format!("EXISTS {{ {pattern}{filter} }}"));
        }
        // Larger counts: a grouped subquery, joined on `var`.
        let x = self.fresh("c");
        let total = self.fresh("n");
        let filter = match qualified {
            Some(shape) => format!("FILTER({})", self.conforms(shape, &x)?),
            None => String::new(),
        };
        Ok(format!(
            "EXISTS {{ {{ SELECT {var} (COUNT(DISTINCT {x}) AS {total}) WHERE {{ {var} {p} {x} {filter} }} GROUP BY {var} }} FILTER({total} >= {n}) }}"
        ))
    }
}

/// A condition that holds when `var` is a literal of `datatype`; for the XSD types SPARQL can cast
/// to, the lexical form must also be valid (`"20x5"^^xsd:integer` is not an integer).
fn datatype_condition(datatype: &NamedNode, var: &str) -> String {
    const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
    if datatype.as_str() == RDF_LANG_STRING {
        return format!("(isLiteral({var}) && LANG({var}) != \"\")");
    }
    let castable = [
        "boolean", "integer", "decimal", "float", "double", "dateTime", "date", "string",
    ]
    .iter()
    .any(|local| datatype.as_str().strip_prefix(vocab::XSD) == Some(local));
    let base = format!("(isLiteral({var}) && sameTerm(DATATYPE({var}), {datatype}))");
    if castable {
        format!("({base} && isLiteral({datatype}(STR({var}))))")
    } else {
        base
    }
}

// ---------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;

    const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n\
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
        @prefix ex: <https://example.org/> .\n";

    const DATA_GRAPH: &str = "https://example.org/graph/data";

    fn store(shapes: &str, data: &str) -> Store {
        let store = Store::in_memory().expect("in-memory store");
        store
            .load_bytes(
                format!("{PREFIXES}{shapes}").as_bytes(),
                RdfFormat::Turtle,
                vocab::GRAPH_SHAPES,
                "shapes fixture",
            )
            .expect("shapes parse");
        store
            .load_bytes(
                format!("{PREFIXES}{data}").as_bytes(),
                RdfFormat::Turtle,
                DATA_GRAPH,
                "data fixture",
            )
            .expect("data parse");
        store
    }

    /// (focus local name, path, component without `sh:` and `ConstraintComponent`), sorted.
    fn results(shapes: &str, data: &str) -> Vec<(String, String, String)> {
        let report = validate(&store(shapes, data)).expect("validation runs");
        let mut found: Vec<_> = report
            .violations
            .iter()
            .map(|v| {
                (
                    v.focus
                        .trim_start_matches("https://example.org/")
                        .to_owned(),
                    // `ex:` is no built-in prefix, so paths print it in full: shorten for the tests.
                    v.path
                        .clone()
                        .unwrap_or_default()
                        .replace("<https://example.org/", "ex:")
                        .replace('>', ""),
                    v.component
                        .trim_start_matches("sh:")
                        .trim_end_matches("ConstraintComponent")
                        .to_owned(),
                )
            })
            .collect();
        found.sort();
        found
    }

    /// Checks that `data` breaks `shapes` exactly as `expected` says: (focus, path, component).
    fn check(shapes: &str, data: &str, expected: &[(&str, &str, &str)]) {
        let mut expected: Vec<(String, String, String)> = expected
            .iter()
            .map(|(f, p, c)| ((*f).to_owned(), (*p).to_owned(), (*c).to_owned()))
            .collect();
        expected.sort();
        assert_eq!(results(shapes, data), expected);
    }

    const PERSON_COUNTS: &str = "ex:S a sh:NodeShape ; sh:targetClass ex:Person ;
        sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 2 ] .";

    #[test]
    fn min_and_max_count_flag_missing_and_extra_values() {
        check(
            PERSON_COUNTS,
            "ex:ok a ex:Person ; ex:name \"a\" .
             ex:none a ex:Person .
             ex:three a ex:Person ; ex:name \"a\" , \"b\" , \"c\" .",
            &[
                ("none", "ex:name", "MinCount"),
                ("three", "ex:name", "MaxCount"),
            ],
        );
    }

    #[test]
    fn min_count_above_one_counts_distinct_values() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 2 ] .",
            "ex:one a ex:C ; ex:p 1 . ex:two a ex:C ; ex:p 1 , 2 . ex:zero a ex:C .",
            &[("one", "ex:p", "MinCount"), ("zero", "ex:p", "MinCount")],
        );
    }

    #[test]
    fn target_class_includes_subclasses() {
        check(
            PERSON_COUNTS,
            "ex:Student rdfs:subClassOf ex:Person . ex:s a ex:Student .",
            &[("s", "ex:name", "MinCount")],
        );
    }

    #[test]
    fn target_node_subjects_of_and_objects_of_select_their_focus_nodes() {
        check(
            "ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:targetSubjectsOf ex:knows ;
                 sh:targetObjectsOf ex:likes ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
            "ex:a ex:knows ex:b . ex:c ex:likes ex:d . ex:e ex:name \"e\" ; ex:likes ex:n .",
            &[
                ("a", "ex:name", "MinCount"),
                ("d", "ex:name", "MinCount"),
                ("n", "ex:name", "MinCount"),
            ],
        );
    }

    #[test]
    fn class_constraint_follows_subclasses_and_rejects_literals() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:Firm ; sh:property [ sh:path ex:in ; sh:class ex:Place ] .",
            "ex:Town rdfs:subClassOf ex:Place . ex:t a ex:Town . ex:p a ex:Place .
             ex:f1 a ex:Firm ; ex:in ex:t , ex:p .
             ex:f2 a ex:Firm ; ex:in ex:nowhere , \"Suzhou\" .",
            &[("f2", "ex:in", "Class"), ("f2", "ex:in", "Class")],
        );
    }

    #[test]
    fn datatype_constraint_checks_the_type_and_the_lexical_form() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:year ; sh:datatype xsd:integer ] .",
            "ex:ok a ex:C ; ex:year 2020 .
             ex:text a ex:C ; ex:year \"2020\" .
             ex:bad a ex:C ; ex:year \"20x0\"^^xsd:integer .
             ex:dec a ex:C ; ex:year 2020.0 .",
            &[
                ("bad", "ex:year", "Datatype"),
                ("dec", "ex:year", "Datatype"),
                ("text", "ex:year", "Datatype"),
            ],
        );
    }

    #[test]
    fn node_kind_constraint_distinguishes_iris_blank_nodes_and_literals() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:source ; sh:nodeKind sh:IRIOrLiteral ] ;
                 sh:property [ sh:path ex:home ; sh:nodeKind sh:IRI ] .",
            "ex:ok a ex:C ; ex:source \"a book\" , ex:site ; ex:home ex:h .
             ex:blank a ex:C ; ex:source [ ex:title \"x\" ] ; ex:home \"h\" .",
            &[("blank", "ex:home", "NodeKind"), ("blank", "ex:source", "NodeKind")],
        );
    }

    #[test]
    fn in_and_has_value_constraints() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
                 sh:property [ sh:path ex:status ; sh:in ( ex:A ex:B ) ] ;
                 sh:property [ sh:path ex:unit ; sh:hasValue ex:Yuan ] .",
            "ex:ok a ex:C ; ex:status ex:A ; ex:unit ex:Yuan , ex:Dollar .
             ex:bad a ex:C ; ex:status ex:Z , ex:B ; ex:unit ex:Dollar .",
            &[("bad", "ex:status", "In"), ("bad", "ex:unit", "HasValue")],
        );
    }

    #[test]
    fn has_value_on_a_node_shape_compares_the_focus_node() {
        check(
            "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:hasValue ex:only .",
            "ex:only ex:p 1 . ex:other ex:p 2 .",
            &[("other", "", "HasValue")],
        );
    }

    #[test]
    fn pattern_applies_to_values_and_to_focus_iris() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:D ; sh:pattern \"^https://example\\\\.org/T[0-9]{2}$\" ;
                 sh:property [ sh:path ex:notation ; sh:pattern \"^t[0-9]{2}$\" ; sh:flags \"i\" ] .",
            "ex:T01 a ex:D ; ex:notation \"T01\" . ex:t7 a ex:D ; ex:notation \"T7\" .",
            &[("t7", "", "Pattern"), ("t7", "ex:notation", "Pattern")],
        );
    }

    #[test]
    fn range_constraints_compare_values_and_reject_incomparable_ones() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
                 sh:property [ sh:path ex:year ; sh:minInclusive 2015 ; sh:maxInclusive 2025 ] ;
                 sh:property [ sh:path ex:amount ; sh:minExclusive 0 ; sh:maxExclusive 100 ] .",
            "ex:ok a ex:C ; ex:year 2015 , 2025 ; ex:amount 0.5 .
             ex:early a ex:C ; ex:year 2014 ; ex:amount 0 .
             ex:late a ex:C ; ex:year 2026 , \"soon\" ; ex:amount 100 .",
            &[
                ("early", "ex:amount", "MinExclusive"),
                ("early", "ex:year", "MinInclusive"),
                ("late", "ex:amount", "MaxExclusive"),
                ("late", "ex:year", "MaxInclusive"),
                ("late", "ex:year", "MaxInclusive"),
                ("late", "ex:year", "MinInclusive"),
            ],
        );
    }

    #[test]
    fn length_constraints_count_characters() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
                 sh:property [ sh:path ex:code ; sh:minLength 2 ; sh:maxLength 3 ] .",
            "ex:ok a ex:C ; ex:code \"张家港\" . ex:short a ex:C ; ex:code \"a\" . ex:long a ex:C ; ex:code \"abcd\" .",
            &[
                ("long", "ex:code", "MaxLength"),
                ("short", "ex:code", "MinLength"),
            ],
        );
    }

    #[test]
    fn language_in_and_unique_lang() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
                 sh:property [ sh:path ex:role ; sh:languageIn ( \"zh\" \"en\" ) ; sh:uniqueLang true ] .",
            "ex:ok a ex:C ; ex:role \"牵头\"@zh , \"lead\"@en-GB .
             ex:fr a ex:C ; ex:role \"chef\"@fr , \"plain\" .
             ex:twice a ex:C ; ex:role \"a\"@en , \"b\"@en .",
            &[
                ("fr", "ex:role", "LanguageIn"),
                ("fr", "ex:role", "LanguageIn"),
                ("twice", "ex:role", "UniqueLang"),
            ],
        );
    }

    #[test]
    fn qualified_value_shapes_count_the_values_that_conform() {
        let shapes = "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path rdfs:label ; sh:qualifiedValueShape [ sh:languageIn ( \"zh\" ) ] ;
                          sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ] ;
            sh:property [ sh:path ex:member ; sh:qualifiedValueShape [ sh:class ex:Firm ] ; sh:qualifiedMinCount 2 ] .";
        check(
            shapes,
            "ex:f1 a ex:Firm . ex:f2 a ex:Firm .
             ex:ok a ex:C ; rdfs:label \"好\"@zh , \"ok\"@en ; ex:member ex:f1 , ex:f2 , ex:u .
             ex:en a ex:C ; rdfs:label \"only English\"@en ; ex:member ex:f1 , ex:u .
             ex:two a ex:C ; rdfs:label \"甲\"@zh , \"乙\"@zh-Hans ; ex:member ex:f1 , ex:f2 .",
            &[
                ("en", "ex:member", "QualifiedMinCount"),
                ("en", "rdfs:label", "QualifiedMinCount"),
                ("two", "rdfs:label", "QualifiedMaxCount"),
            ],
        );
    }

    #[test]
    fn or_of_not_has_value_and_min_count_expresses_an_implication() {
        check(
            "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:provenance ;
                 sh:or ( [ sh:not [ sh:path ex:provenance ; sh:hasValue ex:Verified ] ]
                         [ sh:path ex:source ; sh:minCount 1 ] ) .",
            "ex:plan ex:provenance ex:PlanText .
             ex:sourced ex:provenance ex:Verified ; ex:source \"gov site\" .
             ex:bare ex:provenance ex:Verified .",
            &[("bare", "", "Or")],
        );
    }

    #[test]
    fn and_xone_and_node_combine_nested_shapes() {
        let shapes = "ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
            ex:Coded a sh:NodeShape ; sh:property [ sh:path ex:code ; sh:minCount 1 ; sh:maxCount 1 ] .
            ex:Both a sh:NodeShape ; sh:targetClass ex:B ; sh:and ( ex:Named ex:Coded ) .
            ex:One a sh:NodeShape ; sh:targetClass ex:X ; sh:xone ( ex:Named ex:Coded ) .
            ex:Link a sh:NodeShape ; sh:targetClass ex:L ; sh:property [ sh:path ex:to ; sh:node ex:Named ] .";
        check(
            shapes,
            "ex:b1 a ex:B ; ex:name \"n\" ; ex:code \"c\" . ex:b2 a ex:B ; ex:name \"n\" ; ex:code \"c\" , \"d\" .
             ex:x1 a ex:X ; ex:name \"n\" . ex:x2 a ex:X ; ex:name \"n\" ; ex:code \"c\" . ex:x3 a ex:X .
             ex:l1 a ex:L ; ex:to ex:b1 . ex:l2 a ex:L ; ex:to ex:x3 .",
            &[
                ("b2", "", "And"),
                ("l2", "ex:to", "Node"),
                ("x2", "", "Xone"),
                ("x3", "", "Xone"),
            ],
        );
    }

    #[test]
    fn nested_counts_above_the_pairwise_limit_use_a_grouped_subquery() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
                 sh:not [ sh:path ex:p ; sh:minCount 5 ] .",
            "ex:few a ex:C ; ex:p 1 , 2 , 3 , 4 . ex:many a ex:C ; ex:p 1 , 2 , 3 , 4 , 5 .",
            &[("many", "", "Not")],
        );
    }

    #[test]
    fn inverse_paths_follow_links_backwards() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:Figures ;
                 sh:property [ sh:path [ sh:inversePath ex:figures ] ; sh:minCount 1 ; sh:maxCount 1 ; sh:class ex:Firm ] .",
            "ex:f a ex:Firm ; ex:figures ex:ok . ex:u ex:figures ex:shared . ex:f ex:figures ex:shared .
             ex:ok a ex:Figures . ex:orphan a ex:Figures . ex:shared a ex:Figures .",
            &[
                ("orphan", "^ex:figures", "MinCount"),
                ("shared", "^ex:figures", "Class"),
                ("shared", "^ex:figures", "MaxCount"),
            ],
        );
    }

    #[test]
    fn sequence_and_alternative_paths_compile_to_sparql_paths() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
                 sh:property [ sh:path ( ex:in ex:country ) ; sh:hasValue ex:CN ] ;
                 sh:property [ sh:path [ sh:alternativePath ( ex:a ex:b ) ] ; sh:minCount 1 ] .",
            "ex:t ex:country ex:CN . ex:ok a ex:C ; ex:in ex:t ; ex:b 1 . ex:bad a ex:C ; ex:in ex:x .",
            &[
                ("bad", "ex:a|ex:b", "MinCount"),
                ("bad", "ex:in/ex:country", "HasValue"),
            ],
        );
    }

    #[test]
    fn nested_property_shapes_take_each_value_as_focus() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
                 sh:property [ sh:path ex:part ; sh:property [ sh:path ex:name ; sh:minCount 1 ] ] .",
            "ex:c a ex:C ; ex:part ex:p1 , ex:p2 . ex:p1 ex:name \"n\" .",
            &[("p2", "ex:name", "MinCount")],
        );
    }

    #[test]
    fn severity_and_messages_come_from_the_shape_with_the_constraint() {
        let store = store(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
                 sh:property [ sh:path ex:year ; sh:maxInclusive 2025 ; sh:severity sh:Warning ;
                               sh:message \"年份太晚\"@zh , \"year too late\"@en ] ;
                 sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
            "ex:c a ex:C ; ex:year 2030 .",
        );
        let report = validate(&store).expect("validation runs");
        assert!(!report.conforms());
        let [name, year] = report.violations.as_slice() else {
            panic!("expected two results, got {:?}", report.violations);
        };
        assert_eq!(year.severity, Severity::Warning);
        assert_eq!(year.message, Message::new("年份太晚", "year too late"));
        assert_eq!(
            year.value.as_deref(),
            Some("\"2030\"^^<http://www.w3.org/2001/XMLSchema#integer>")
        );
        assert_eq!(name.severity, Severity::Violation);
        assert_eq!(name.message.en, "needs at least 1 value(s)");
        assert_eq!(name.shape, "https://example.org/S");
        assert_eq!(report.count(Severity::Warning), 1);
    }

    #[test]
    fn deactivated_shapes_are_skipped() {
        check(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ;
                 sh:property [ sh:path ex:name ; sh:minCount 1 ] .
             ex:T a sh:NodeShape ; sh:targetClass ex:C ;
                 sh:property [ sh:path ex:code ; sh:minCount 1 ; sh:deactivated true ] .",
            "ex:c a ex:C .",
            &[],
        );
    }

    #[test]
    fn unsupported_constraints_are_errors_naming_shape_and_component() {
        let store = store(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:a ; sh:lessThan ex:b ] .",
            "ex:c a ex:C .",
        );
        let error = validate(&store).expect_err("sh:lessThan is not supported");
        assert_eq!(error.exit_code(), 2);
        let message = error.to_string();
        assert!(
            message.contains(
                "shape https://example.org/S → [sh:path <https://example.org/a>] uses sh:lessThan"
            ),
            "{message}"
        );
        assert!(
            message.contains("sh:LessThanConstraintComponent"),
            "{message}"
        );
        let store = store_closed();
        let message = validate(&store)
            .expect_err("sh:closed is not supported")
            .to_string();
        assert!(
            message.contains("https://example.org/Closed") && message.contains("sh:closed"),
            "{message}"
        );
    }

    fn store_closed() -> Store {
        store(
            "ex:Closed a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true ; sh:ignoredProperties ( rdf:type ) .",
            "ex:c a ex:C .",
        )
    }

    #[test]
    fn counts_on_node_shapes_are_refused() {
        let store = store(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:minCount 1 .",
            "",
        );
        let message = validate(&store)
            .expect_err("minCount needs a path")
            .to_string();
        assert!(
            message.contains("sh:MinCountConstraintComponent"),
            "{message}"
        );
    }

    #[test]
    fn a_store_without_shapes_is_an_input_error() {
        let store = Store::in_memory().expect("store");
        store
            .load_bytes(
                b"<https://example.org/a> <https://example.org/p> 1 .",
                RdfFormat::Turtle,
                DATA_GRAPH,
                "data",
            )
            .expect("data parse");
        let error = validate(&store).expect_err("no shapes");
        assert_eq!(error.exit_code(), 2);
        assert!(error.to_string().starts_with("no shapes loaded"), "{error}");
    }

    #[test]
    fn results_are_sorted_and_the_table_lists_one_line_each_and_a_summary() {
        let shapes = "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message \"缺少名称\"@zh , \"no name\"@en ] ;
            sh:property [ sh:path ex:year ; sh:datatype xsd:integer ; sh:message \"年份须为整数\"@zh , \"year must be an integer\"@en ] .";
        let data = "<https://w3id.org/innomap/id/zjg/firm/b> a ex:C ; rdfs:label \"乙公司\"@zh , \"B Ltd\"@en ; ex:name \"b\" ; ex:year \"soon\" .
            <https://w3id.org/innomap/id/zjg/firm/a> a ex:C .";
        let report = validate(&store(shapes, data)).expect("validation runs");
        let ids: Vec<_> = report.violations.iter().map(|v| v.id.as_deref()).collect();
        assert_eq!(ids, [Some("a"), Some("b")]);
        assert_eq!(report.violations[1].label.zh.as_deref(), Some("乙公司"));
        let mut zh = Vec::new();
        write_validation_report(&report, Lang::Zh, &mut zh).expect("write");
        let zh = String::from_utf8(zh).expect("utf-8");
        let lines: Vec<_> = zh.lines().collect();
        assert_eq!(lines.len(), 3, "{zh}");
        assert!(
            lines[0].starts_with("违规")
                && lines[0].contains("a  ")
                && lines[0].contains("S/<https://example.org/name>")
        );
        assert!(lines[0].ends_with("缺少名称"), "{zh}");
        assert!(
            lines[1].contains("b (乙公司)") && lines[1].ends_with("年份须为整数（值：soon）"),
            "{zh}"
        );
        assert_eq!(
            lines[2],
            "不符合：2 个问题（2 个违规，0 个警告，0 个提示），涉及 2 个实体；已检查 1 个形状"
        );
        let mut en = Vec::new();
        write_validation_report(&report, Lang::En, &mut en).expect("write");
        let en = String::from_utf8(en).expect("utf-8");
        assert!(
            en.contains("b (B Ltd)") && en.contains("year must be an integer (value: soon)"),
            "{en}"
        );
        let json = serde_json::to_value(&report).expect("json");
        assert_eq!(json["conforms"], false);
        assert_eq!(
            json["violations"][0]["component"],
            "sh:MinCountConstraintComponent"
        );
        assert_eq!(json["violations"][0]["path"], "<https://example.org/name>");
    }

    #[test]
    fn a_conforming_store_gives_one_summary_line() {
        let report =
            validate(&store(PERSON_COUNTS, "ex:p a ex:Person ; ex:name \"p\" .")).expect("runs");
        assert!(report.conforms());
        let mut out = Vec::new();
        write_validation_report(&report, Lang::En, &mut out).expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "conforms: checked against 1 shapes, no problems found\n"
        );
    }

    /// The bundled shapes, with the ontology: a small map that keeps every rule, and one that breaks
    /// many, give exactly the expected results.
    fn bundled_store(data: &str) -> Store {
        let store = Store::in_memory().expect("store");
        store
            .load_bytes(
                include_str!("../../../data/ontology.ttl").as_bytes(),
                RdfFormat::Turtle,
                vocab::GRAPH_ONTOLOGY,
                "data/ontology.ttl",
            )
            .expect("ontology parses");
        store
            .load_bytes(
                include_str!("../../../data/shapes.ttl").as_bytes(),
                RdfFormat::Turtle,
                vocab::GRAPH_SHAPES,
                "data/shapes.ttl",
            )
            .expect("shapes parse");
        store
            .load_bytes(data.as_bytes(), RdfFormat::Turtle, DATA_GRAPH, "fixture")
            .expect("fixture parses");
        store
    }

    const MAP_PREFIXES: &str = "@prefix im: <https://w3id.org/innomap/def#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix schema: <https://schema.org/> .
        @prefix org: <http://www.w3.org/ns/org#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix place: <https://w3id.org/innomap/id/cn/place/> .
        @prefix chain: <https://w3id.org/innomap/id/zjg/chain/> .
        @prefix cap: <https://w3id.org/innomap/id/cn/capability/> .
        @prefix firm: <https://w3id.org/innomap/id/zjg/firm/> .
        @prefix uni: <https://w3id.org/innomap/id/cn/university/> .
        @prefix dir: <https://w3id.org/innomap/id/zjg/direction/> .
        @prefix collab: <https://w3id.org/innomap/id/zjg/collaboration/> .
        place:zhangjiagang a im:Place , schema:Place ; rdfs:label \"张家港\"@zh , \"Zhangjiagang\"@en ;
            im:placeType im:City ; im:provenance im:Verified ; dcterms:source \"gov.cn\" .
        chain:steel a im:Chain , skos:Concept ; rdfs:label \"钢铁\"@zh , \"steel\"@en ;
            skos:prefLabel \"钢铁\"@zh , \"steel\"@en ; skos:inScheme <https://w3id.org/innomap/id/zjg/scheme/chains> ;
            im:chainGroup im:LeadingChain ; im:provenance im:PlanText .
        cap:a a im:Capability , skos:Concept ; rdfs:label \"甲\"@zh , \"A\"@en ; skos:prefLabel \"甲\"@zh , \"A\"@en ;
            skos:inScheme <https://w3id.org/innomap/id/cn/scheme/capabilities> ; im:provenance im:Illustrative .
        cap:b a im:Capability , skos:Concept ; rdfs:label \"乙\"@zh , \"B\"@en ; skos:prefLabel \"乙\"@zh , \"B\"@en ;
            skos:inScheme <https://w3id.org/innomap/id/cn/scheme/capabilities> ; im:provenance im:Illustrative .
        cap:c a im:Capability , skos:Concept ; rdfs:label \"丙\"@zh , \"C\"@en ; skos:prefLabel \"丙\"@zh , \"C\"@en ;
            skos:inScheme <https://w3id.org/innomap/id/cn/scheme/capabilities> ; im:provenance im:Illustrative .
        uni:sjtu a im:University , schema:CollegeOrUniversity ; rdfs:label \"上海交通大学\"@zh , \"SJTU\"@en ;
            im:locatedIn place:zhangjiagang ; im:provenance im:Verified ; dcterms:source <https://www.sjtu.edu.cn/> .
        ";

    const GOOD_MAP: &str = "firm:shagang a im:Firm , schema:Corporation ; rdfs:label \"沙钢\"@zh , \"Shagang\"@en ;
            im:inChain chain:steel ; im:locatedIn place:zhangjiagang ; im:tier im:HighTechEnterprise ;
            im:creditCode \"91320582134789270D\" ; im:foundedYear 1975 ; im:provenance im:PlanText .
        dir:T01 a im:Direction , skos:Concept ; rdfs:label \"方向一\"@zh , \"direction one\"@en ;
            skos:prefLabel \"方向一\"@zh , \"direction one\"@en ; skos:inScheme <https://w3id.org/innomap/id/zjg/scheme/directions> ;
            skos:notation \"T01\" ; im:inChain chain:steel ; im:requiresCapability cap:a , cap:b , cap:c ;
            im:provenance im:PlanText .
        collab:c1 a im:Collaboration , schema:Project ; im:collaborationKind im:JointProject ; im:year 2021 ;
            im:participant firm:shagang , uni:sjtu ; im:lead firm:shagang ; im:provenance im:Illustrative .";

    #[test]
    fn bundled_shapes_accept_a_map_that_keeps_every_rule() {
        let report = validate(&bundled_store(&format!("{MAP_PREFIXES}{GOOD_MAP}"))).expect("runs");
        assert!(report.conforms(), "{:#?}", report.violations);
        assert!(report.shapes >= 25, "{} shapes", report.shapes);
    }

    #[test]
    fn bundled_shapes_report_each_broken_rule() {
        let broken = "firm:Bad_Firm a im:Firm , schema:Corporation ; rdfs:label \"坏\"@zh ;
                im:locatedIn place:zhangjiagang ; im:provenance im:Verified .
            dir:T02 a im:Direction , skos:Concept ; rdfs:label \"方向二\"@zh , \"direction two\"@en ;
                skos:prefLabel \"方向二\"@zh , \"direction two\"@en ; skos:inScheme <https://w3id.org/innomap/id/zjg/scheme/directions> ;
                skos:notation \"T2\" ; im:inChain chain:steel ; im:requiresCapability cap:a , cap:b ;
                im:provenance im:PlanText .
            collab:c2 a im:Collaboration , schema:Project ; im:collaborationKind im:JointProject ; im:year 2014 ;
                im:participant uni:sjtu ; im:provenance im:Illustrative .";
        let report = validate(&bundled_store(&format!("{MAP_PREFIXES}{broken}"))).expect("runs");
        let found: BTreeSet<(String, String, String)> = report
            .violations
            .iter()
            .map(|v| {
                (
                    v.id.clone().unwrap_or_default(),
                    v.path.clone().unwrap_or_default(),
                    v.component.clone(),
                )
            })
            .collect();
        let expected: BTreeSet<(String, String, String)> = [
            ("Bad_Firm", "", "sh:PatternConstraintComponent"),
            ("Bad_Firm", "", "sh:OrConstraintComponent"),
            (
                "Bad_Firm",
                "rdfs:label",
                "sh:QualifiedMinCountConstraintComponent",
            ),
            ("Bad_Firm", "im:inChain", "sh:MinCountConstraintComponent"),
            ("T02", "skos:notation", "sh:PatternConstraintComponent"),
            (
                "T02",
                "im:requiresCapability",
                "sh:MinCountConstraintComponent",
            ),
            ("c2", "im:year", "sh:MinInclusiveConstraintComponent"),
            ("c2", "im:participant", "sh:MinCountConstraintComponent"),
        ]
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect();
        assert_eq!(found, expected);
        // A node shape's value is the entity itself: the table names it once, not again as a value.
        let mut table = Vec::new();
        write_validation_report(&report, Lang::En, &mut table).expect("write");
        let table = String::from_utf8(table).expect("utf-8");
        let pattern_line = table
            .lines()
            .find(|line| line.contains("Bad_Firm") && line.contains("a firm's IRI must be"))
            .expect("a line for the id pattern");
        assert!(!pattern_line.contains("(value:"), "{pattern_line}");
        assert!(table.contains("(value: 2014)"), "{table}");
    }
}
