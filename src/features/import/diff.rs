//! What an import would change, entity by entity: the entities the sheet's graph would add, change
//! (which properties, old and new values) and remove, compared with what the graph holds now. Moving a
//! row (its number changes, so does its provenance link) is not a change.

use super::ImportError;
use super::context::Context;
use super::entity::MatchedBy;
use super::iri;
use super::plan::ImportPlan;
use super::values;
use crate::base::Lang;
use crate::base::kind::Kind;
use crate::base::names::EntityIndex;
use crate::base::vocab;
use crate::store::Store;
use oxigraph::model::Term;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

/// One property whose values change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PropertyChange {
    /// The property in short form (`im:tier`).
    pub property: String,
    pub removed: Vec<String>,
    pub added: Vec<String>,
}

/// One entity the import adds, changes or removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityChange {
    pub id: String,
    pub iri: String,
    pub kind: String,
    pub name: String,
    /// The row of the sheet (none for removed entities).
    pub row: Option<usize>,
    /// How the row's entity was found (none for removed entities).
    pub matched: Option<MatchedBy>,
    /// For changed entities.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<PropertyChange>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportDiff {
    pub file: String,
    pub kind: String,
    pub graph: String,
    pub rows: usize,
    pub added: Vec<EntityChange>,
    pub changed: Vec<EntityChange>,
    pub removed: Vec<EntityChange>,
    pub unchanged: usize,
    /// Quads the graph holds now and would hold.
    pub quads_before: usize,
    pub quads_after: usize,
}

impl ImportDiff {
    /// Whether the import changes nothing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

fn show(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => vocab::short_form(n.as_str()),
        Term::Literal(l) => match l.language() {
            Some(lang) => format!("{}@{lang}", l.value()),
            // The store keeps decimals as numbers and gives them back in XSD 1.1 canonical form
            // (`410`), while the plan writes `410.0`: compare values, not spellings.
            None if l.datatype().as_str() == iri::XSD_DECIMAL => {
                values::decimal_value_key(l.value()).unwrap_or_else(|| l.value().to_owned())
            }
            None => l.value().to_owned(),
        },
        other => other.to_string(),
    }
}

type Properties = BTreeMap<String, BTreeSet<String>>;

/// Entity subjects (instance IRIs) and their properties, without provenance links to rows.
fn by_subject(statements: &[(String, String, Term)]) -> BTreeMap<String, Properties> {
    let mut out: BTreeMap<String, Properties> = BTreeMap::new();
    for (s, p, o) in statements {
        if vocab::id_of(s).is_none() {
            continue;
        }
        let entry = out.entry(s.clone()).or_default();
        if p == iri::PROV_WAS_DERIVED_FROM
            || (p == iri::DCTERMS_SOURCE && o.to_string().contains("#row-"))
        {
            continue;
        }
        entry
            .entry(vocab::short_form(p))
            .or_default()
            .insert(show(o));
    }
    out
}

fn kind_of(iri: &str, properties: Option<&Properties>, index: &EntityIndex) -> String {
    if let Some(entity) = index.get(iri) {
        return entity.kind.as_str().to_owned();
    }
    if let Some(types) = properties.and_then(|p| p.get("rdf:type")) {
        for t in types {
            if let Some(local) = t.strip_prefix("im:") {
                if let Some(kind) = Kind::from_class_iri(&vocab::def(local)) {
                    return kind.as_str().to_owned();
                }
                return match local {
                    "ChainSupport" => "support",
                    "AnnualFigures" => "figures",
                    "Collaboration" => "collaboration",
                    "Investment" => "investment",
                    other => other,
                }
                .to_owned();
            }
        }
    }
    iri.strip_prefix(vocab::ID)
        .and_then(|rest| rest.split('/').nth(1))
        .unwrap_or("")
        .to_owned()
}

fn name_of(iri: &str, properties: Option<&Properties>, index: &EntityIndex, lang: Lang) -> String {
    if let Some(labels) = properties.and_then(|p| p.get("rdfs:label")) {
        let suffix = format!("@{}", lang.tag());
        if let Some(label) = labels
            .iter()
            .find(|l| l.ends_with(&suffix))
            .or(labels.iter().next())
        {
            return label
                .rsplit_once('@')
                .map_or(label.as_str(), |(v, _)| v)
                .to_owned();
        }
    }
    index
        .get(iri)
        .map(|e| e.label(lang).to_owned())
        .unwrap_or_default()
}

/// Compares a plan with what the sheet's graph holds in `store` now.
pub fn diff_plan(store: &Store, plan: &ImportPlan, lang: Lang) -> Result<ImportDiff, ImportError> {
    let context = Context::load(store, &plan.graph)?;
    let before_statements = context.own_statements()?;
    let after_statements: Vec<(String, String, Term)> = plan
        .quads
        .iter()
        .map(|q| {
            (
                q.subject.to_string().trim_matches(['<', '>']).to_owned(),
                q.predicate.as_str().to_owned(),
                q.object.clone(),
            )
        })
        .collect();
    let before = by_subject(&before_statements);
    let after = by_subject(&after_statements);
    let index = EntityIndex::load(store)?;
    let rows: BTreeMap<&str, (usize, MatchedBy, &str)> = plan
        .entities
        .iter()
        .map(|e| (e.iri.as_str(), (e.row, e.matched, e.name.as_str())))
        .collect();
    let mut diff = ImportDiff {
        file: plan.file_name.clone(),
        kind: plan.kind.as_str().to_owned(),
        graph: plan.graph.clone(),
        rows: plan.rows,
        added: Vec::new(),
        changed: Vec::new(),
        removed: Vec::new(),
        unchanged: 0,
        quads_before: before_statements.len(),
        quads_after: plan.quads.len(),
    };
    // Nodes that are not a row's own entity (annual figures, 8×10 rows) take the row they derive from.
    let derived_row: BTreeMap<&str, usize> = after_statements
        .iter()
        .filter(|(_, p, _)| p == iri::PROV_WAS_DERIVED_FROM)
        .filter_map(|(s, _, o)| {
            let Term::NamedNode(row) = o else { return None };
            let number = row.as_str().rsplit_once("#row-")?.1.parse().ok()?;
            Some((s.as_str(), number))
        })
        .collect();
    let subjects: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for subject in subjects {
        let old = before.get(subject);
        let new = after.get(subject);
        let planned = rows.get(subject.as_str());
        let mut name = name_of(subject, new.or(old), &index, lang);
        if name.is_empty() {
            name = planned.map(|p| p.2.to_owned()).unwrap_or_default();
        }
        let change = |properties| EntityChange {
            id: vocab::id_of(subject).unwrap_or(subject).to_owned(),
            iri: subject.clone(),
            kind: kind_of(subject, new.or(old), &index),
            name: name.clone(),
            row: planned
                .map(|p| p.0)
                .or_else(|| derived_row.get(subject.as_str()).copied()),
            matched: planned.map(|p| p.1),
            properties,
        };
        match (old, new) {
            (None, Some(_)) => diff.added.push(change(Vec::new())),
            (Some(_), None) => diff.removed.push(change(Vec::new())),
            (Some(old), Some(new)) if old != new => {
                let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
                let empty = BTreeSet::new();
                let properties = keys
                    .into_iter()
                    .filter_map(|key| {
                        let (o, n) = (
                            old.get(key).unwrap_or(&empty),
                            new.get(key).unwrap_or(&empty),
                        );
                        (o != n).then(|| PropertyChange {
                            property: key.clone(),
                            removed: o.difference(n).cloned().collect(),
                            added: n.difference(o).cloned().collect(),
                        })
                    })
                    .collect();
                diff.changed.push(change(properties));
            }
            _ => diff.unchanged += 1,
        }
    }
    Ok(diff)
}

/// The comparison as a table, labels in `lang`.
pub fn write_diff_table(diff: &ImportDiff, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let zh = lang == Lang::Zh;
    let mut fit = crate::features::table::Fit::new(out);
    let out: &mut dyn Write = &mut fit;
    let mut table = crate::features::table::new(if zh {
        vec!["变更", "类型", "标识", "名称", "行", "说明"]
    } else {
        vec!["change", "kind", "id", "name", "row", "details"]
    });
    let groups = [
        (&diff.added, if zh { "新增" } else { "added" }),
        (&diff.changed, if zh { "修改" } else { "changed" }),
        (&diff.removed, if zh { "删除" } else { "removed" }),
    ];
    for (entities, change) in groups {
        for entity in entities {
            let details = if entity.properties.is_empty() {
                match (entity.matched, change) {
                    (Some(MatchedBy::New), _) | (None, _) => String::new(),
                    (Some(by), _) => by.label(lang).to_owned(),
                }
            } else {
                entity
                    .properties
                    .iter()
                    .map(|p| {
                        format!(
                            "{}: {} → {}",
                            p.property,
                            if p.removed.is_empty() {
                                "—".to_owned()
                            } else {
                                p.removed.join(", ")
                            },
                            if p.added.is_empty() {
                                "—".to_owned()
                            } else {
                                p.added.join(", ")
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            table.add_row([
                change.to_owned(),
                entity.kind.clone(),
                entity.id.clone(),
                entity.name.clone(),
                entity.row.map(|r| r.to_string()).unwrap_or_default(),
                details,
            ]);
        }
    }
    if !diff.is_empty() {
        crate::features::table::write(out, table)?;
    }
    write_diff_summary(diff, lang, out)
}

/// One line: rows read and how many entities are added, changed, removed and unchanged.
pub fn write_diff_summary(
    diff: &ImportDiff,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let zh = lang == Lang::Zh;
    if zh {
        writeln!(
            out,
            "{}：{} 行，新增 {}，修改 {}，删除 {}，未变 {}（图 <{}>：{} → {} 条四元组）",
            diff.file,
            diff.rows,
            diff.added.len(),
            diff.changed.len(),
            diff.removed.len(),
            diff.unchanged,
            diff.graph,
            diff.quads_before,
            diff.quads_after
        )
    } else {
        writeln!(
            out,
            "{}: {} rows; {} added, {} changed, {} removed, {} unchanged (graph <{}>: {} → {} quads)",
            diff.file,
            diff.rows,
            diff.added.len(),
            diff.changed.len(),
            diff.removed.len(),
            diff.unchanged,
            diff.graph,
            diff.quads_before,
            diff.quads_after
        )
    }
}

/// The comparison as JSON.
pub fn write_diff_json(diff: &ImportDiff, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(diff).map_err(std::io::Error::other)?
    )
}
