//! The size of every named graph of an on-disk store, without counting the whole store each time.
//!
//! Counting a graph reads every quad of it: on a national store (59 M triples) that is a minute,
//! and `stats` shows every graph's size. So the sizes are saved in the store's cache (`cache.rs`,
//! keyed by the generation, `graph-sizes.bin`) and carried across writes: before the first write
//! of a process the sizes of the content it starts from are taken from the cache; each write names
//! the graph it replaces (a load, an import, a score save) or says it may have touched any
//! (a SPARQL update through `serve`); a derived refresh knows its graphs' sizes exactly. The next
//! time the sizes are asked for, only the graphs written since are counted, and the result is saved
//! under the new generation. Without sizes to start from (no cache, a write of unknown reach), every
//! graph is counted, once, and saved. In memory, counting is fast and nothing is kept.
// Without the on-disk backend there are no writes to carry sizes across.
#![cfg_attr(not(feature = "rocksdb"), allow(dead_code))]

use super::{Store, cache};
use crate::base::error::Error;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

/// The cache entry's name.
const NAME: &str = "graph-sizes";

/// What this process knows about graph sizes since it opened the store.
#[derive(Default)]
pub(super) struct Ledger(Mutex<Known>);

#[derive(Default)]
struct Known {
    /// Whether `before` was looked up (once, before the first write).
    primed: bool,
    /// The sizes of the content before this process's first write, while every write since named
    /// its graph; `None` when there were none saved or a write may have touched any graph.
    before: Option<BTreeMap<String, usize>>,
    /// Graphs written since, to be counted again.
    touched: BTreeSet<String>,
    /// Sizes known without counting (the derived graphs, after a refresh).
    exact: BTreeMap<String, usize>,
}

impl Store {
    /// Called before a write changes the generation: `graph` is the one graph the write replaces,
    /// or `None` when it may touch any.
    pub(super) fn note_write(&self, graph: Option<&str>) {
        if self.cache_dir().is_none() {
            return;
        }
        let primed = self.sizes.lock().primed;
        // Read under the generation the content still has (the cache looks the generation up).
        let before = if primed {
            None
        } else {
            cache::load::<BTreeMap<String, usize>>(self, NAME, &[])
        };
        let mut known = self.sizes.lock();
        if !known.primed {
            known.primed = true;
            known.before = before;
        }
        match graph {
            Some(graph) => {
                known.touched.insert(graph.to_owned());
                known.exact.remove(graph);
            }
            None => {
                known.before = None;
                known.exact.clear();
            }
        }
    }

    /// Whether the graph sizes can be brought up to date by counting only the graphs written.
    pub(super) fn sizes_carried(&self) -> bool {
        self.cache_dir().is_some() && self.sizes.lock().before.is_some()
    }

    /// Records the size of a graph written just now whose size is known (a derived graph).
    pub(super) fn note_size(&self, graph: &str, size: usize) {
        self.sizes.lock().exact.insert(graph.to_owned(), size);
    }

    /// Every named graph with its number of triples, sorted by IRI, on an on-disk store: from the
    /// cache, or carried from the sizes before this process's writes, or counted.
    pub(super) fn graph_sizes_on_disk(&self) -> Result<Vec<(String, usize)>, Error> {
        if let Some(saved) = cache::load::<BTreeMap<String, usize>>(self, NAME, &[]) {
            return Ok(saved.into_iter().collect());
        }
        let (before, touched, exact) = {
            let known = self.sizes.lock();
            (
                known.before.clone(),
                known.touched.clone(),
                known.exact.clone(),
            )
        };
        let mut sizes = BTreeMap::new();
        for graph in self.inner.named_graphs() {
            let graph = graph.map_err(Error::storage)?;
            let oxigraph::model::NamedOrBlankNode::NamedNode(node) = &graph else {
                continue;
            };
            let iri = node.as_str();
            let carried = exact.get(iri).copied().or_else(|| {
                before
                    .as_ref()
                    .filter(|_| !touched.contains(iri))
                    .and_then(|before| before.get(iri).copied())
            });
            let size = match carried {
                Some(size) => size,
                None => self.count_graph(node)?,
            };
            sizes.insert(iri.to_owned(), size);
        }
        cache::save(self, NAME, &[], &sizes);
        Ok(sizes.into_iter().collect())
    }
}

impl Store {
    /// The number of triples in a named graph, counted by the SPARQL evaluator, which counts
    /// encoded quads: iterating the store's quads decodes every term of every quad (a string lookup
    /// each), 20 minutes instead of a few for a national store's 59 M triples.
    pub(super) fn count_graph(&self, graph: &oxigraph::model::NamedNode) -> Result<usize, Error> {
        let query = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}");
        let prepared = oxigraph::sparql::SparqlEvaluator::new()
            .parse_query(&query)
            .map_err(|e| Error::Input {
                message: format!("internal count query: {e}"),
            })?;
        let results = prepared
            .on_store(&self.inner)
            .execute()
            .map_err(|e| Error::Storage {
                message: format!("counting the triples of {graph}: {e}"),
            })?;
        if let oxigraph::sparql::QueryResults::Solutions(mut solutions) = results
            && let Some(row) = solutions.next()
        {
            let row = row.map_err(|e| Error::Storage {
                message: format!("counting the triples of {graph}: {e}"),
            })?;
            if let Some(oxigraph::model::Term::Literal(n)) = row.get("n") {
                return Ok(n.value().parse().unwrap_or(0));
            }
        }
        Ok(0)
    }
}

impl Ledger {
    fn lock(&self) -> std::sync::MutexGuard<'_, Known> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
