//! The validation report: each violation (focus node, shape, path, component, value, severity and
//! message in Chinese and English) and how the report names terms and shapes.

use crate::base::Lang;
use oxigraph::model::Term;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

/// The SHACL namespace.
pub(super) const SH: &str = "http://www.w3.org/ns/shacl#";

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
    pub(super) fn from_iri(iri: &str) -> Option<Self> {
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
    pub(super) fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
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

/// The last segment of a shape's IRI (after `#` or `/`), or the blank node as it is.
pub(super) fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(iri)
}

/// A term as the report prints it: bare IRI, `_:id`, or a literal in N-Triples syntax.
pub(super) fn term_text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    }
}
