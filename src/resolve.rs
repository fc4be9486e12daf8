//! Name resolution: turning what a user typed (full IRI, id, or zh/en label) into one entity, with
//! "did you mean" suggestions for unknown names and the candidate list for ambiguous ones
//! (DESIGN.md, "Name resolution").

use crate::error::Error;
use crate::kind::{Kind, KindFilter};
use crate::store::Store;
use crate::{Lang, vocab};
use oxigraph::model::Term;
use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;

/// One entity of a kind, with its labels.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Default)]
pub struct EntityIndex {
    entities: Vec<Entity>,
    by_iri: HashMap<String, usize>,
    by_id: HashMap<String, Vec<usize>>,
    by_label: HashMap<String, Vec<usize>>,
}

impl EntityIndex {
    /// Reads every entity whose type is a kind class, with its labels and aliases.
    pub fn load(store: &Store) -> Result<Self, Error> {
        let classes = Kind::ALL
            .iter()
            .map(|k| format!("<{}>", k.class_iri()))
            .collect::<Vec<_>>()
            .join(" ");
        let query = format!(
            "SELECT ?e ?class ?label WHERE {{ VALUES ?class {{ {classes} }} ?e a ?class . \
             OPTIONAL {{ ?e rdfs:label|skos:prefLabel|skos:altLabel ?label }} }}"
        );
        let solutions = store.select(&query)?;
        let mut grouped: BTreeMap<String, Entity> = BTreeMap::new();
        for row in &solutions.rows {
            let (Some(Term::NamedNode(e)), Some(Term::NamedNode(class))) = (&row[0], &row[1])
            else {
                continue;
            };
            let Some(kind) = Kind::from_class_iri(class.as_str()) else {
                continue;
            };
            let iri = e.as_str();
            let entity = grouped.entry(iri.to_owned()).or_insert_with(|| Entity {
                iri: iri.to_owned(),
                id: vocab::id_of(iri).unwrap_or(iri).to_owned(),
                kind,
                label_zh: None,
                label_en: None,
                names: Vec::new(),
            });
            if let Some(Term::Literal(label)) = &row[2] {
                let text = label.value().to_owned();
                if !entity.names.contains(&text) {
                    entity.names.push(text);
                }
            }
        }
        // Preferred labels come from rdfs:label / skos:prefLabel; read them apart so that an alias
        // never becomes the display label.
        let preferred = store.select(
            "SELECT ?e ?label WHERE { ?e rdfs:label|skos:prefLabel ?label \
             FILTER(langMatches(lang(?label), 'zh') || langMatches(lang(?label), 'en')) }",
        )?;
        for row in &preferred.rows {
            let (Some(Term::NamedNode(e)), Some(Term::Literal(label))) = (&row[0], &row[1]) else {
                continue;
            };
            if let Some(entity) = grouped.get_mut(e.as_str()) {
                let lang = label.language().unwrap_or_default();
                let slot = if lang.starts_with("zh") {
                    &mut entity.label_zh
                } else {
                    &mut entity.label_en
                };
                // Keep the smallest label, so that duplicates resolve the same way on every run.
                if slot
                    .as_deref()
                    .is_none_or(|current| label.value() < current)
                {
                    *slot = Some(label.value().to_owned());
                }
            }
        }
        let mut index = EntityIndex::default();
        for (_, mut entity) in grouped {
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
        Ok(index)
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
