//! What the importer reads from the store: every entity with its ids, labels, aliases, notations and
//! credit codes; the existing 8×10 rows and investments (matched by their parts); and, per subject,
//! what the other graphs state about it.

use super::ImportError;
use super::iri;
use crate::base::kind::Kind;
use crate::base::names::{Entity, EntityIndex, normalise};
use crate::store::{QueryAnswer, QueryOptions, Store};
use oxigraph::model::{NamedNode, Term};
use std::cell::RefCell;
use std::collections::HashMap;

/// One statement another graph makes about a subject.
#[derive(Debug, Clone)]
pub struct Elsewhere {
    pub predicate: String,
    pub object: Term,
    pub graph: String,
}

/// The store as the importer sees it.
pub struct Context<'a> {
    store: &'a Store,
    /// The sheet's own graph: statements in it are about to be replaced, so they never conflict.
    pub own_graph: String,
    index: EntityIndex,
    by_id: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    by_notation: HashMap<String, Vec<usize>>,
    by_code: HashMap<String, Vec<usize>>,
    /// (chain IRI, resource IRI) → the 8×10 row.
    pub supports: HashMap<(String, String), String>,
    /// (fund IRI, firm IRI, year) → the investment.
    pub investments: HashMap<(String, String, i64), String>,
    elsewhere: RefCell<HashMap<String, std::rc::Rc<Vec<Elsewhere>>>>,
}

/// The 8×10 rows, by chain and resource.
const SUPPORTS: &str =
    "SELECT ?s ?c ?r WHERE { ?s a im:ChainSupport ; im:chain ?c ; im:resource ?r } ORDER BY ?s";

/// The investments, by fund, firm and year.
const INVESTMENTS: &str = "SELECT ?i ?f ?e ?y WHERE { ?i a im:Investment ; im:investor ?f ; \
     im:investee ?e ; im:year ?y } ORDER BY ?i";

fn iri_of(term: &Option<Term>) -> Option<&str> {
    match term {
        Some(Term::NamedNode(n)) => Some(n.as_str()),
        _ => None,
    }
}

fn literal_of(term: &Option<Term>) -> Option<&str> {
    match term {
        Some(Term::Literal(l)) => Some(l.value()),
        _ => None,
    }
}

impl<'a> Context<'a> {
    /// Reads what matching needs from `store`.
    pub fn load(store: &'a Store, own_graph: &str) -> Result<Self, ImportError> {
        let index = EntityIndex::load(store)?;
        let position: HashMap<&str, usize> = index
            .entities()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.iri.as_str(), i))
            .collect();
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, entity) in index.entities().iter().enumerate() {
            by_id.entry(entity.id.clone()).or_default().push(i);
            for name in &entity.names {
                let slots = by_name.entry(normalise(name)).or_default();
                if !slots.contains(&i) {
                    slots.push(i);
                }
            }
        }
        let mut by_notation: HashMap<String, Vec<usize>> = HashMap::new();
        for row in &store
            .select("SELECT ?e ?n WHERE { ?e skos:notation ?n }")?
            .rows
        {
            if let (Some(e), Some(n)) = (iri_of(&row[0]), literal_of(&row[1])) {
                if let Some(&i) = position.get(e) {
                    let slots = by_notation.entry(normalise(n)).or_default();
                    if !slots.contains(&i) {
                        slots.push(i);
                    }
                }
            }
        }
        let mut by_code: HashMap<String, Vec<usize>> = HashMap::new();
        for row in &store
            .select("SELECT ?e ?c WHERE { ?e im:creditCode ?c }")?
            .rows
        {
            if let (Some(e), Some(c)) = (iri_of(&row[0]), literal_of(&row[1])) {
                if let Some(&i) = position.get(e) {
                    let slots = by_code
                        .entry(super::credit_code::normalise_credit_code(c))
                        .or_default();
                    if !slots.contains(&i) {
                        slots.push(i);
                    }
                }
            }
        }
        let mut supports = HashMap::new();
        for row in &store.select(SUPPORTS)?.rows {
            if let (Some(s), Some(c), Some(r)) = (iri_of(&row[0]), iri_of(&row[1]), iri_of(&row[2]))
            {
                supports
                    .entry((c.to_owned(), r.to_owned()))
                    .or_insert_with(|| s.to_owned());
            }
        }
        let mut investments = HashMap::new();
        for row in &store.select(INVESTMENTS)?.rows {
            if let (Some(i), Some(f), Some(e), Some(y)) = (
                iri_of(&row[0]),
                iri_of(&row[1]),
                iri_of(&row[2]),
                literal_of(&row[3]).and_then(|y| y.parse::<i64>().ok()),
            ) {
                investments
                    .entry((f.to_owned(), e.to_owned(), y))
                    .or_insert_with(|| i.to_owned());
            }
        }
        Ok(Context {
            store,
            own_graph: own_graph.to_owned(),
            index,
            by_id,
            by_name,
            by_notation,
            by_code,
            supports,
            investments,
            elsewhere: RefCell::new(HashMap::new()),
        })
    }

    /// The entity at a position.
    pub fn entity(&self, position: usize) -> &Entity {
        &self.index.entities()[position]
    }

    /// The entity with this IRI.
    pub fn get(&self, iri: &str) -> Option<&Entity> {
        self.index.get(iri)
    }

    /// Entities with this id, of any kind.
    pub fn with_id(&self, id: &str) -> Vec<usize> {
        self.by_id.get(id).cloned().unwrap_or_default()
    }

    /// Entities one of whose labels or aliases is `name` (normalised).
    pub fn with_name(&self, name: &str) -> Vec<usize> {
        self.by_name
            .get(&normalise(name))
            .cloned()
            .unwrap_or_default()
    }

    /// Entities with this `skos:notation` (chains `L1`, directions `T01`).
    pub fn with_notation(&self, notation: &str) -> Vec<usize> {
        self.by_notation
            .get(&normalise(notation))
            .cloned()
            .unwrap_or_default()
    }

    /// Entities with this (normalised) credit code.
    pub fn with_code(&self, code: &str) -> Vec<usize> {
        self.by_code.get(code).cloned().unwrap_or_default()
    }

    /// The "unknown …; did you mean …" text for a name the store does not know, from name resolution.
    pub fn unknown_message(&self, name: &str, kinds: &[Kind], what: &str) -> (String, String) {
        let filter = match kinds {
            [single] => Some(crate::base::kind::KindFilter::Kind(*single)),
            _ if kinds.iter().all(|k| k.is_resource()) => {
                Some(crate::base::kind::KindFilter::Resource)
            }
            _ => None,
        };
        let text = match self.index.resolve(name, filter, what) {
            Err(error) => error.to_string(),
            Ok(_) => format!("unknown {what} '{name}'"),
        };
        match text.split_once("; ") {
            Some((reason, hint)) => (reason.to_owned(), hint.to_owned()),
            None => (text, String::new()),
        }
    }

    /// What graphs other than the sheet's own state about `subject` (cached).
    pub fn elsewhere(&self, subject: &str) -> Result<std::rc::Rc<Vec<Elsewhere>>, ImportError> {
        if let Some(found) = self.elsewhere.borrow().get(subject) {
            return Ok(found.clone());
        }
        let options = QueryOptions {
            timeout: None,
            bindings: vec![
                ("s".to_owned(), Term::NamedNode(iri::node(subject))),
                (
                    "own".to_owned(),
                    Term::NamedNode(NamedNode::new(self.own_graph.as_str()).map_err(|e| {
                        ImportError::Input(format!("invalid graph IRI <{}>: {e}", self.own_graph))
                    })?),
                ),
            ],
        };
        let answer = self.store.query(
            "SELECT ?p ?o ?g ?s ?own WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != ?own) }",
            "import: statements of other sources",
            &options,
        )?;
        let mut found = Vec::new();
        if let QueryAnswer::Solutions(solutions) = answer {
            for row in solutions.rows {
                if let (Some(Term::NamedNode(p)), Some(o), Some(Term::NamedNode(g))) =
                    (&row[0], &row[1], &row[2])
                {
                    found.push(Elsewhere {
                        predicate: p.as_str().to_owned(),
                        object: o.clone(),
                        graph: g.as_str().to_owned(),
                    });
                }
            }
        }
        found.sort_by(|a, b| {
            (&a.predicate, a.object.to_string(), &a.graph).cmp(&(
                &b.predicate,
                b.object.to_string(),
                &b.graph,
            ))
        });
        let found = std::rc::Rc::new(found);
        self.elsewhere
            .borrow_mut()
            .insert(subject.to_owned(), found.clone());
        Ok(found)
    }

    /// Whether another graph gives `subject` a type: the entity exists apart from this sheet.
    pub fn described_elsewhere(&self, subject: &str) -> Result<bool, ImportError> {
        Ok(self
            .elsewhere(subject)?
            .iter()
            .any(|e| e.predicate == iri::RDF_TYPE))
    }

    /// Every quad the sheet's own graph holds now, as (subject, predicate, object).
    pub fn own_statements(&self) -> Result<Vec<(String, String, Term)>, ImportError> {
        let options = QueryOptions {
            timeout: None,
            bindings: vec![(
                "g".to_owned(),
                Term::NamedNode(NamedNode::new(self.own_graph.as_str()).map_err(|e| {
                    ImportError::Input(format!("invalid graph IRI <{}>: {e}", self.own_graph))
                })?),
            )],
        };
        let answer = self.store.query(
            "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            "import: the sheet's graph",
            &options,
        )?;
        let mut out = Vec::new();
        if let QueryAnswer::Solutions(solutions) = answer {
            for row in solutions.rows {
                if let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)) =
                    (&row[0], &row[1], &row[2])
                {
                    out.push((s.as_str().to_owned(), p.as_str().to_owned(), o.clone()));
                }
            }
        }
        Ok(out)
    }
}
