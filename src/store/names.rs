//! Reading the entity index that name resolution runs on (`crate::base::names`) from the store:
//! every entity whose type is a kind class, with its preferred labels and aliases.

use super::Store;
use crate::base::error::Error;
use crate::base::kind::Kind;
use crate::base::kind::KindFilter;
use crate::base::names::{Entity, EntityIndex, Resolve};
use crate::base::vocab;
use oxigraph::model::Term;
use std::collections::BTreeMap;

/// The name under which the index is cached beside an on-disk store.
const CACHE_NAME: &str = "names";

impl EntityIndex {
    /// Every entity whose type is a kind class, with its labels and aliases: from the cache beside an
    /// on-disk store when it was saved under the store's generation (`super::cache`), else read from
    /// the store (and saved).
    pub fn load(store: &Store) -> Result<Self, Error> {
        if let Some(index) = super::cache::load(store, CACHE_NAME, &[]) {
            return Ok(index);
        }
        let index = Self::load_fresh(store)?;
        super::cache::save(store, CACHE_NAME, &[], &index);
        Ok(index)
    }

    /// Reads every entity whose type is a kind class, with its labels and aliases, from the store.
    pub fn load_fresh(store: &Store) -> Result<Self, Error> {
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

/// Name resolution against the store itself, without reading every name (DESIGN.md, "Name
/// resolution"; the same order and rules as [`EntityIndex::resolve`]):
///
/// 1. a full IRI: one lookup of its kind classes;
/// 2. an id: the instance IRIs it can be (`<id namespace><region>/<segment>/<id>` for every region
///    and segment that typed entities use — a list saved beside an on-disk store per generation),
///    looked up together;
/// 3. an exact label (as typed, `@zh`, `@en` or plain): one lookup of the literal.
///
/// One entity found so is the answer. Anything else — no match, several, or a label that matches
/// only after NFKC and whitespace normalisation — goes to the whole index ([`EntityIndex::load`]),
/// which resolves by normalised labels, lists ambiguous candidates and makes the suggestions.
pub struct Names<'a> {
    store: &'a Store,
    prefixes: std::cell::OnceCell<Vec<String>>,
    full: std::cell::OnceCell<EntityIndex>,
}

/// The name under which the id prefixes are cached.
const PREFIXES_CACHE: &str = "id-prefixes";

impl<'a> Names<'a> {
    pub fn new(store: &'a Store) -> Self {
        Names {
            store,
            prefixes: std::cell::OnceCell::new(),
            full: std::cell::OnceCell::new(),
        }
    }

    /// The whole index, read once when first needed.
    pub fn full(&self) -> Result<&EntityIndex, Error> {
        if let Some(index) = self.full.get() {
            return Ok(index);
        }
        let index = EntityIndex::load(self.store)?;
        Ok(self.full.get_or_init(|| index))
    }

    /// The entity `candidates` (IRIs) name that passes `filter`, when exactly one does; `None` when
    /// none or several do (the whole index decides those).
    fn single(
        &self,
        candidates: &[String],
        filter: Option<KindFilter>,
    ) -> Result<Option<Entity>, Error> {
        if candidates.is_empty() {
            return Ok(None);
        }
        let mut found: BTreeMap<String, Kind> = BTreeMap::new();
        for iri in candidates {
            if let Some(kind) = self.kind_of(iri)? {
                found.insert(iri.clone(), kind);
            }
        }
        found.retain(|_, kind| filter.is_none_or(|f| f.matches(*kind)));
        let mut found = found.into_iter();
        match (found.next(), found.next()) {
            (Some((iri, kind)), None) => Ok(Some(self.entity(iri, kind)?)),
            _ => Ok(None),
        }
    }

    /// One entity with its labels, as the whole index holds it.
    fn entity(&self, iri: String, kind: Kind) -> Result<Entity, Error> {
        let rows = self
            .store
            .select(&format!(
                "SELECT ?p ?label WHERE {{ <{iri}> ?p ?label \
                 VALUES ?p {{ rdfs:label skos:prefLabel skos:altLabel }} }}"
            ))?
            .rows;
        let mut entity = Entity {
            id: vocab::id_of(&iri).unwrap_or(&iri).to_owned(),
            iri,
            kind,
            label_zh: None,
            label_en: None,
            names: Vec::new(),
        };
        for row in &rows {
            let (Some(Term::NamedNode(p)), Some(Term::Literal(label))) = (&row[0], &row[1]) else {
                continue;
            };
            let text = label.value().to_owned();
            if !entity.names.contains(&text) {
                entity.names.push(text);
            }
            if p.as_str() == vocab::SKOS_ALT_LABEL {
                continue;
            }
            let lang = label.language().unwrap_or_default();
            let slot = if lang.starts_with("zh") {
                &mut entity.label_zh
            } else if lang.starts_with("en") {
                &mut entity.label_en
            } else {
                continue;
            };
            if slot
                .as_deref()
                .is_none_or(|current| label.value() < current)
            {
                *slot = Some(label.value().to_owned());
            }
        }
        entity.names.sort();
        Ok(entity)
    }

    /// Every `<id namespace><region>/<segment>/` that a typed entity's IRI starts with: from the
    /// cache beside an on-disk store, else by one pass over the typed entities (then saved).
    fn prefixes(&self) -> Result<&[String], Error> {
        if let Some(prefixes) = self.prefixes.get() {
            return Ok(prefixes);
        }
        let prefixes = match super::cache::load::<Vec<String>>(self.store, PREFIXES_CACHE, &[]) {
            Some(prefixes) => prefixes,
            None => {
                let mut found = std::collections::BTreeSet::new();
                self.store.select_each(
                    &format!(
                        "SELECT ?e WHERE {{ VALUES ?class {{ {} }} ?e a ?class }}",
                        class_values()
                    ),
                    "the id prefixes",
                    |row| {
                        if let Some(Term::NamedNode(e)) = &row[0] {
                            if let Some(id) = vocab::id_of(e.as_str()) {
                                found.insert(e.as_str()[..e.as_str().len() - id.len()].to_owned());
                            }
                        }
                        Ok(())
                    },
                )?;
                let prefixes: Vec<String> = found.into_iter().collect();
                super::cache::save(self.store, PREFIXES_CACHE, &[], &prefixes);
                prefixes
            }
        };
        Ok(self.prefixes.get_or_init(|| prefixes))
    }

    /// The targeted lookups (see the type's documentation).
    fn targeted(&self, name: &str, filter: Option<KindFilter>) -> Result<Option<Entity>, Error> {
        let trimmed = name.trim().trim_start_matches('<').trim_end_matches('>');
        let usable = |text: &str| {
            !text.is_empty()
                && !text
                    .chars()
                    .any(|c| c.is_control() || "<>\"{}|\\^`".contains(c))
        };
        if trimmed.contains(':') && usable(trimmed) {
            if let Some(entity) = self.single(&[trimmed.to_owned()], filter)? {
                return Ok(Some(entity));
            }
        }
        let id = name.trim();
        if usable(id) && !id.contains(['/', '#', ' ', '?']) {
            let candidates: Vec<String> = self
                .prefixes()?
                .iter()
                .map(|prefix| format!("{prefix}{id}"))
                .collect();
            let found = self.single(&candidates, filter)?;
            if found.is_some() {
                return Ok(found);
            }
            // An id that names several entities, or one of another kind: the whole index decides.
            if self.any_typed(&candidates)? {
                return Ok(None);
            }
        }
        let literal = oxigraph::model::Literal::new_simple_literal(name.trim()).to_string();
        let rows = self
            .store
            .select(&format!(
                "SELECT DISTINCT ?e WHERE {{ VALUES ?label {{ {literal} {literal}@zh {literal}@en }} \
                 ?e rdfs:label|skos:prefLabel|skos:altLabel ?label }}"
            ))?
            .rows;
        let candidates: Vec<String> = rows
            .iter()
            .filter_map(|row| match &row[0] {
                Some(Term::NamedNode(e)) => Some(e.as_str().to_owned()),
                _ => None,
            })
            .collect();
        self.single(&candidates, filter)
    }

    /// The kind of an IRI (the first in the kinds' order when it has several kind classes), by one
    /// lookup with the subject bound (a `VALUES` list of subjects would be joined with every typed
    /// entity).
    fn kind_of(&self, iri: &str) -> Result<Option<Kind>, Error> {
        let rows = self
            .store
            .select(&format!("SELECT ?class WHERE {{ <{iri}> a ?class }}"))?
            .rows;
        Ok(rows
            .iter()
            .filter_map(|row| match &row[0] {
                Some(Term::NamedNode(class)) => Kind::from_class_iri(class.as_str()),
                _ => None,
            })
            .min())
    }

    /// Whether any of these IRIs has a kind class.
    fn any_typed(&self, candidates: &[String]) -> Result<bool, Error> {
        for iri in candidates {
            if self.kind_of(iri)?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl Resolve for Names<'_> {
    fn resolve_entity(
        &self,
        name: &str,
        filter: Option<KindFilter>,
        what: &str,
    ) -> Result<Entity, Error> {
        if let Some(entity) = self.targeted(name, filter)? {
            return Ok(entity);
        }
        self.full()?.resolve_entity(name, filter, what)
    }
}

/// The kind classes, as SPARQL `VALUES` terms.
fn class_values() -> String {
    Kind::ALL
        .iter()
        .map(|k| format!("<{}>", k.class_iri()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The targeted lookups answer exactly as the whole index does, for every entity of the bundled
    /// map by its id, IRI and every name, with and without a kind filter, and for names that are
    /// unknown, ambiguous or only equal after normalisation.
    #[test]
    fn targeted_resolution_agrees_with_the_whole_index() {
        let store = Store::in_memory().unwrap();
        store.load_bundled().unwrap();
        let index = EntityIndex::load_fresh(&store).unwrap();
        let names = Names::new(&store);
        let mut typed: Vec<(String, Option<KindFilter>)> = Vec::new();
        for entity in index.entities() {
            for name in [&entity.id, &entity.iri].into_iter().chain(&entity.names) {
                typed.push((name.clone(), None));
                typed.push((name.clone(), Some(KindFilter::Kind(entity.kind))));
                typed.push((name.clone(), Some(KindFilter::Kind(Kind::Place))));
            }
        }
        for name in [
            "沙钢",
            "江苏 沙钢集团有限公司",
            "SHAGANG",
            "no-such-thing",
            "T07",
            " t07 ",
        ] {
            typed.push((name.to_owned(), None));
        }
        assert!(typed.len() > 3000, "{}", typed.len());
        for (name, filter) in &typed {
            let whole = index.resolve_entity(name, *filter, "entity");
            let targeted = names.resolve_entity(name, *filter, "entity");
            match (&whole, &targeted) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{name} {filter:?}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
                _ => panic!("{name} {filter:?}: {whole:?} vs {targeted:?}"),
            }
        }
    }
}
