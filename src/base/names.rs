//! Name resolution: turning what a user typed (full IRI, id, or zh/en label) into one entity, with
//! "did you mean" suggestions for unknown names and the candidate list for ambiguous ones
//! (DESIGN.md, "Name resolution").

use crate::base::Lang;
use crate::base::error::Error;
use crate::base::kind::{Kind, KindFilter};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// One entity of a kind, with its labels.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    pub iri: String,
    pub id: String,
    pub kind: Kind,
    pub label_zh: Option<String>,
    pub label_en: Option<String>,
    /// Every label and alias, as written.
    pub names: Vec<String>,
}

impl Entity {
    /// The label in `lang`, falling back to the other language, then the id.
    pub fn label(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Zh => (&self.label_zh, &self.label_en),
            Lang::En => (&self.label_en, &self.label_zh),
        };
        first.as_deref().or(second.as_deref()).unwrap_or(&self.id)
    }
}

/// Every entity of a kind in the store, indexed by IRI, id and normalised label.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct EntityIndex {
    entities: Vec<Entity>,
    by_iri: HashMap<String, usize>,
    by_id: HashMap<String, Vec<usize>>,
    by_label: HashMap<String, Vec<usize>>,
}

impl EntityIndex {
    /// Indexes entities by IRI, id and every normalised name; `entities` are sorted by IRI, each with
    /// its names, and an IRI appears once.
    pub fn from_entities(entities: impl IntoIterator<Item = Entity>) -> Self {
        let mut index = EntityIndex::default();
        for mut entity in entities {
            entity.names.sort();
            let position = index.entities.len();
            index.by_iri.insert(entity.iri.clone(), position);
            index
                .by_id
                .entry(entity.id.clone())
                .or_default()
                .push(position);
            for name in &entity.names {
                let key = normalise(name);
                let slots = index.by_label.entry(key).or_default();
                if !slots.contains(&position) {
                    slots.push(position);
                }
            }
            index.entities.push(entity);
        }
        index
    }

    /// All entities, sorted by IRI.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with this IRI.
    pub fn get(&self, iri: &str) -> Option<&Entity> {
        self.by_iri.get(iri).map(|&i| &self.entities[i])
    }

    /// Resolves `name` as a full IRI, then an id, then a label (NFKC, whitespace- and
    /// case-normalised), among entities that pass `filter`. `what` names the expected thing in errors
    /// (e.g. "firm", "parameter chain").
    pub fn resolve(
        &self,
        name: &str,
        filter: Option<KindFilter>,
        what: &str,
    ) -> Result<&Entity, Error> {
        let passes = |&i: &usize| filter.is_none_or(|f| f.matches(self.entities[i].kind));
        let trimmed = name.trim().trim_start_matches('<').trim_end_matches('>');
        if let Some(&i) = self.by_iri.get(trimmed) {
            if passes(&i) {
                return Ok(&self.entities[i]);
            }
        }
        let by_id: Vec<usize> = self
            .by_id
            .get(name.trim())
            .map(|v| v.iter().copied().filter(passes).collect())
            .unwrap_or_default();
        let candidates = if by_id.is_empty() {
            self.by_label
                .get(&normalise(name))
                .map(|v| v.iter().copied().filter(passes).collect())
                .unwrap_or_default()
        } else {
            by_id
        };
        match candidates.as_slice() {
            [single] => Ok(&self.entities[*single]),
            [] => Err(Error::UnknownEntity {
                what: what.to_owned(),
                name: name.to_owned(),
                suggestions: self.suggest(name, filter),
            }),
            many => {
                let mut listed: Vec<(String, String)> = many
                    .iter()
                    .map(|&i| {
                        let e = &self.entities[i];
                        (e.id.clone(), e.label(Lang::Zh).to_owned())
                    })
                    .collect();
                listed.sort();
                Err(Error::AmbiguousEntity {
                    what: what.to_owned(),
                    name: name.to_owned(),
                    candidates: listed,
                })
            }
        }
    }

    /// Up to three entities whose id or a label is close to `name`: equal once company suffixes are
    /// stripped, containing one another, or similar by Jaro–Winkler. Suggestions only — never used to
    /// resolve.
    fn suggest(&self, name: &str, filter: Option<KindFilter>) -> Vec<(String, String)> {
        let wanted = strip_suffixes(&normalise(name));
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(f64, &Entity)> = Vec::new();
        for entity in &self.entities {
            if filter.is_some_and(|f| !f.matches(entity.kind)) {
                continue;
            }
            let best = std::iter::once(entity.id.as_str())
                .chain(entity.names.iter().map(String::as_str))
                .map(|candidate| similarity(&wanted, &strip_suffixes(&normalise(candidate))))
                .fold(0.0_f64, f64::max);
            if best >= 0.8 {
                scored.push((best, entity));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        scored
            .into_iter()
            .take(3)
            .map(|(_, e)| (e.id.clone(), e.label(Lang::Zh).to_owned()))
            .collect()
    }
}

/// Anything that resolves what a user typed to one entity (the whole index, or the store's targeted
/// lookups in `crate::store::Names`), with the same rules and errors.
pub trait Resolve {
    /// As [`EntityIndex::resolve`], returning the entity itself.
    fn resolve_entity(
        &self,
        name: &str,
        filter: Option<KindFilter>,
        what: &str,
    ) -> Result<Entity, Error>;
}

impl Resolve for EntityIndex {
    fn resolve_entity(
        &self,
        name: &str,
        filter: Option<KindFilter>,
        what: &str,
    ) -> Result<Entity, Error> {
        self.resolve(name, filter, what).cloned()
    }
}

/// NFKC, collapsed whitespace, lowercase.
pub fn normalise(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    nfkc.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

const SUFFIXES: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "集团",
    "公司",
    " co., ltd.",
    " co., ltd",
    " co.,ltd.",
    " co. ltd.",
    " ltd.",
    " ltd",
    " inc.",
    " inc",
    " group",
    " corporation",
    " corp.",
];

fn strip_suffixes(text: &str) -> String {
    let mut text = text.trim().to_owned();
    loop {
        let before = text.len();
        for suffix in SUFFIXES {
            if let Some(stripped) = text.strip_suffix(suffix) {
                text = stripped.trim_end().to_owned();
            }
        }
        if text.len() == before {
            return text;
        }
    }
}

fn similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    if a.chars().count() >= 2 && b.chars().count() >= 2 && (a.contains(b) || b.contains(a)) {
        return 0.9;
    }
    strsim::jaro_winkler(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_folds_width_space_and_case() {
        assert_eq!(normalise("  Shagang\u{3000}Group "), "shagang group");
        assert_eq!(normalise("ＡＢＣ"), "abc");
    }

    #[test]
    fn company_suffixes_are_stripped_for_suggestions() {
        assert_eq!(strip_suffixes("江苏沙钢集团有限公司"), "江苏沙钢");
        assert_eq!(strip_suffixes("epoint co., ltd."), "epoint");
    }
}
