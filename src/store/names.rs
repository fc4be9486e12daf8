//! Reading the entity index that name resolution runs on (`crate::base::names`) from the store:
//! every entity whose type is a kind class, with its preferred labels and aliases.

use super::Store;
use crate::base::error::Error;
use crate::base::kind::Kind;
use crate::base::names::{Entity, EntityIndex};
use crate::base::vocab;
use oxigraph::model::Term;
use std::collections::BTreeMap;

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
        Ok(EntityIndex::from_entities(grouped.into_values()))
    }
}
