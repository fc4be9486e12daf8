//! The shapes model: shapes with their targets, property paths and constraints, each constraint
//! knowing its SHACL component and its default message.

use super::report::{Message, Severity, local_name};
use crate::base::vocab;
use oxigraph::model::{Literal, NamedNode, Term};

#[derive(Debug, Clone)]
pub(super) struct Shape {
    /// The shape's IRI or `_:id`, as reports print it.
    pub(super) name: String,
    pub(super) path: Option<PathExpr>,
    pub(super) targets: Vec<Target>,
    pub(super) constraints: Vec<Constraint>,
    pub(super) properties: Vec<Shape>,
    pub(super) severity: Severity,
    pub(super) message: Option<Message>,
    pub(super) deactivated: bool,
}

#[derive(Debug, Clone)]
pub(super) enum Target {
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

#[derive(Debug, Clone)]
pub(super) enum PathExpr {
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
    pub(super) fn sparql(&self) -> String {
        self.render(&|n: &NamedNode| n.to_string())
    }

    /// The path in SPARQL syntax with prefixed names where a prefix is known, for reports.
    pub(super) fn display(&self) -> String {
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
pub(super) enum NodeKind {
    Iri,
    BlankNode,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bound {
    MinInclusive,
    MaxInclusive,
    MinExclusive,
    MaxExclusive,
}

#[derive(Debug, Clone)]
pub(super) enum Constraint {
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
    pub(super) fn component(&self) -> &'static str {
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
    pub(super) fn needs_path(&self) -> bool {
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
    pub(super) fn default_message(&self) -> Message {
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
