//! The derived graph ([`vocab::GRAPH_DERIVED`]): facts computed from the rest of the store whenever
//! it changes, which the canned queries read where their plain form is too slow on a province store —
//! the three cultivation pools' rosters, firms' three-year sums of figures, the load of universities
//! and labs, and the city each located entity lies in. Each set of facts is the answer of one plain
//! query of `queries/derived/`, turned into triples here.
//!
//! When it is refreshed:
//!
//! * **Writes from the command line** (`load`, `import`, `score --save`, a new store, `--data` files)
//!   mark the derived graph stale; the command refreshes it once at its end, and every read refreshes
//!   a stale graph before it reads (the command line has the store to itself, so nothing reads in
//!   between). On disk the manifest records the generation the derived graph was computed for
//!   (`derived = …`): a process killed between a write and the refresh leaves the two apart, and the
//!   next open marks the graph stale.
//! * **Writes through `serve --writable`** (SPARQL Update, the Graph Store Protocol) recompute it in
//!   the write's own transaction, so that concurrent readers see the old facts with the old data or
//!   the new with the new, never a mix.
//!
//! The derived graph is replaced as a whole every time (there is no incremental maintenance): its cost
//! is a few queries over the store, measured in docs/BENCHMARKS.md. Its queries read only base facts,
//! never a derived predicate, so the old derived facts cannot feed the new ones.

use super::Store;
use crate::base::error::Error;
use crate::base::vocab;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{
    BoundPreparedSparqlQuery, CancellationToken, PreparedSparqlQuery, QueryEvaluationError,
    QueryResults,
};
use oxigraph::store::Transaction;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

/// What one derived set's rows become.
enum Form {
    /// Each bound cell is a fact about the entity in the row's first column: `(column, predicate)`.
    Facts(&'static [(&'static str, &'static str)]),
    /// One node per row, `DERIVED/<set>/<n>` numbered from 1 in the query's order, of type `class`,
    /// with its `position` (when given), the pool it lists (`im:inPool`, when given), and each bound
    /// cell as a fact.
    Nodes {
        class: &'static str,
        position: Option<&'static str>,
        pool: Option<&'static str>,
        columns: &'static [(&'static str, &'static str)],
    },
}

/// One set of derived facts: its name (the query file's stem), the plain query, and its form.
struct DerivedSet {
    name: &'static str,
    query: &'static str,
    form: Form,
}

macro_rules! derived_query {
    ($name:literal) => {
        include_str!(concat!("../../queries/derived/", $name, ".rq"))
    };
}

/// The columns of a pool's roster, as the entry's facts.
const ROSTER_COLUMNS: &[(&str, &str)] = &[
    ("firm", "entryFirm"),
    ("chain", "entryChain"),
    ("tier", "entryTier"),
    ("town", "entryTown"),
    ("year", "entryYear"),
    ("rd_spend", "entryRdSpend"),
    ("collaborations", "entryCollaborations"),
];

/// Every derived set, in the order they are computed.
const SETS: &[DerivedSet] = &[
    DerivedSet {
        name: "in-city",
        query: derived_query!("in-city"),
        form: Form::Facts(&[("city", "inCity")]),
    },
    DerivedSet {
        name: "newest-figures-year",
        query: derived_query!("newest-figures-year"),
        form: Form::Facts(&[("year", "newestYear")]),
    },
    roster("pool-no-patents", derived_query!("pool-no-patents"), "PoolNoPatents"),
    roster("pool-no-rd", derived_query!("pool-no-rd"), "PoolNoRD"),
    roster(
        "pool-no-cooperation",
        derived_query!("pool-no-cooperation"),
        "PoolNoCooperation",
    ),
    DerivedSet {
        name: "hte-candidates",
        query: derived_query!("hte-candidates"),
        form: Form::Nodes {
            class: "HighTechCandidacy",
            position: None,
            pool: None,
            columns: &[
                ("firm", "candidacyFirm"),
                ("chain", "candidacyChain"),
                ("window_end", "windowEnd"),
                ("revenue_3y", "revenueThreeYears"),
                ("rd_3y", "rdSpendThreeYears"),
                ("end_revenue", "endYearRevenue"),
                ("end_employees", "endYearEmployees"),
                ("end_st_staff", "endYearStStaff"),
            ],
        },
    },
    DerivedSet {
        name: "resource-load",
        query: derived_query!("resource-load"),
        form: Form::Facts(&[
            ("collaborations", "collaborationCount"),
            ("partners", "partnerCount"),
            ("consortia", "consortiumCount"),
        ]),
    },
    DerivedSet {
        name: "local-coverage",
        query: derived_query!("local-coverage"),
        form: Form::Nodes {
            class: "LocalCoverage",
            position: None,
            pool: None,
            columns: &[
                ("city", "coverageCity"),
                ("capability", "coverageCapability"),
                ("holders", "localHolderCount"),
                ("first_holder", "firstLocalHolder"),
            ],
        },
    },
    DerivedSet {
        name: "capability-holders",
        query: derived_query!("capability-holders"),
        form: Form::Facts(&[("holders", "holderCount"), ("first_holder", "firstHolder")]),
    },
    DerivedSet {
        name: "collaboration-trend",
        query: derived_query!("collaboration-trend"),
        form: Form::Nodes {
            class: "CollaborationYearSummary",
            position: None,
            pool: None,
            columns: &[
                ("year", "year"),
                ("collaborations", "collaborationCount"),
                ("university_firm", "universityFirmCount"),
            ],
        },
    },
    DerivedSet {
        name: "chain-counts",
        query: derived_query!("chain-counts"),
        form: Form::Facts(&[
            ("resources", "resourceCount"),
            ("firms", "firmCount"),
            ("directions", "directionCount"),
        ]),
    },
    DerivedSet {
        name: "tier-counts",
        query: derived_query!("tier-counts"),
        form: Form::Facts(&[("firms", "firmCount")]),
    },
    DerivedSet {
        name: "ladder-counts",
        query: derived_query!("ladder-counts"),
        form: Form::Nodes {
            class: "LadderCount",
            position: None,
            pool: None,
            columns: &[
                ("chain", "ladderChain"),
                ("tier", "ladderTier"),
                ("firms", "firmCount"),
                ("leading_firms", "leadingFirmCount"),
            ],
        },
    },
];

/// A cultivation pool's roster: one numbered im:PoolEntry per row of the pool's rule.
const fn roster(name: &'static str, query: &'static str, pool: &'static str) -> DerivedSet {
    DerivedSet {
        name,
        query,
        form: Form::Nodes {
            class: "PoolEntry",
            position: Some("entryPosition"),
            pool: Some(pool),
            columns: ROSTER_COLUMNS,
        },
    }
}

/// The plain queries of the derived sets, by name (for tests and for running them elsewhere).
pub fn plain_queries() -> impl Iterator<Item = (&'static str, &'static str)> {
    SETS.iter().map(|set| (set.name, set.query))
}

/// What a refresh wrote.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DerivedReport {
    /// Triples in the derived graph.
    pub triples: usize,
    /// Seconds the refresh took.
    pub seconds: f64,
}

/// Rows of one query, handed one by one to a callback with the query's variables, in their order.
pub(super) type Rows<'a> = dyn FnMut(&[String], &[Option<Term>]) -> Result<(), Error> + 'a;

/// Computes every derived set. `evaluate(source, query, each)` runs a plain query over the store and
/// hands each row to `each`; `emit` receives the derived quads (all in the derived graph) as they
/// are made.
pub(super) fn compute(
    evaluate: &mut dyn FnMut(&str, &str, &mut Rows<'_>) -> Result<(), Error>,
    emit: &mut dyn FnMut(Quad) -> Result<(), Error>,
) -> Result<(), Error> {
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(vocab::GRAPH_DERIVED));
    let def = |local: &str| NamedNode::new_unchecked(vocab::def(local));
    let rdf_type = NamedNode::new_unchecked(vocab::RDF_TYPE);
    for set in SETS {
        let source = format!("derived facts {}", set.name);
        let facts = match &set.form {
            Form::Facts(facts) => *facts,
            Form::Nodes { columns, .. } => *columns,
        };
        // The column of each fact, found from the first row's variables.
        let mut layout: Option<Vec<(usize, NamedNode)>> = None;
        let mut number = 0usize;
        let mut each = |variables: &[String], row: &[Option<Term>]| -> Result<(), Error> {
            let columns = layout.get_or_insert_with(|| {
                facts
                    .iter()
                    .filter_map(|(column, predicate)| {
                        Some((variables.iter().position(|v| v == column)?, def(predicate)))
                    })
                    .collect()
            });
            number += 1;
            let cell = |index: usize| row.get(index).cloned().flatten();
            let mut fact = |subject: &NamedOrBlankNode, predicate: &NamedNode, object: Term| {
                emit(Quad::new(
                    subject.clone(),
                    predicate.clone(),
                    object,
                    graph.clone(),
                ))
            };
            let subject = match &set.form {
                Form::Facts(_) => match row.first().cloned().flatten().and_then(subject_of) {
                    Some(subject) => subject,
                    None => return Ok(()),
                },
                Form::Nodes {
                    class,
                    position,
                    pool,
                    ..
                } => {
                    let node: NamedOrBlankNode = NamedNode::new_unchecked(format!(
                        "{}{}/{number}",
                        vocab::DERIVED,
                        set.name
                    ))
                    .into();
                    fact(&node, &rdf_type, def(class).into())?;
                    if let Some(position) = position {
                        fact(&node, &def(position), Literal::from(number as i64).into())?;
                    }
                    if let Some(pool) = pool {
                        fact(&node, &def("inPool"), def(pool).into())?;
                    }
                    node
                }
            };
            for (index, predicate) in columns.iter() {
                if let Some(object) = cell(*index) {
                    fact(&subject, predicate, object)?;
                }
            }
            Ok(())
        };
        evaluate(&source, set.query, &mut each)?;
    }
    Ok(())
}

/// A term that can be a subject: an IRI or a blank node.
fn subject_of(term: Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(node) => Some(node.into()),
        Term::BlankNode(node) => Some(node.into()),
        Term::Literal(_) => None,
    }
}

/// Quads written to the store at a time while the derived graph is refilled (each batch is one
/// transaction; a national store derives millions).
const BATCH: usize = 100_000;

/// Whether the derived graph is current, and the lock that refreshes take.
#[derive(Default)]
pub(super) struct Freshness {
    stale: AtomicBool,
    refreshing: Mutex<()>,
}

impl Freshness {
    /// A store whose derived graph is stale from the start (a new in-memory store, or a manifest
    /// that names another generation than the derived graph's).
    pub(super) fn stale() -> Self {
        Self {
            stale: AtomicBool::new(true),
            refreshing: Mutex::new(()),
        }
    }
}

impl Store {
    /// Marks the derived graph stale after a write from the command line: it is refreshed at the end
    /// of the command ([`Store::refresh_derived`]) or before the next read, whichever comes first.
    pub(super) fn mark_derived_stale(&self) {
        self.freshness.stale.store(true, Ordering::SeqCst);
    }

    /// Refreshes the derived graph when a write left it stale. Every read calls this first, so that
    /// nothing ever reads derived facts of other data than it sees.
    pub(super) fn ensure_derived(&self) -> Result<(), Error> {
        if self.remote.is_some() || !self.freshness.stale.load(Ordering::SeqCst) {
            return Ok(());
        }
        let _guard = self
            .freshness
            .refreshing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if self.freshness.stale.load(Ordering::SeqCst) {
            self.refill_derived()?;
        }
        Ok(())
    }

    /// Recomputes the derived graph now (the command line calls this at the end of every write) and
    /// says how large it is and how long it took.
    pub fn refresh_derived(&self) -> Result<DerivedReport, Error> {
        if self.remote.is_some() {
            return Err(Error::Usage(
                "the derived facts of an --endpoint come with `innomap push`: refresh them in the embedded store and push again".into(),
            ));
        }
        let _guard = self
            .freshness
            .refreshing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        self.refill_derived()
    }

    /// Empties the derived graph and fills it again from the plain queries, in batches; then records
    /// it as current (in the manifest too, on disk).
    fn refill_derived(&self) -> Result<DerivedReport, Error> {
        let started = Instant::now();
        let graph = NamedNode::new_unchecked(vocab::GRAPH_DERIVED);
        self.inner
            .clear_graph(graph.as_ref())
            .map_err(Error::storage)?;
        let mut batch: Vec<Quad> = Vec::with_capacity(BATCH);
        let mut triples = 0usize;
        let store = &self.inner;
        let flush = |batch: &mut Vec<Quad>| -> Result<(), Error> {
            store.extend(batch.drain(..)).map_err(Error::storage)
        };
        compute(
            &mut |source, query, each| {
                let prepared = prepared_plain_query(query, source)?;
                rows_of(prepared.on_store(store), source, each)
            },
            &mut |quad| {
                batch.push(quad);
                triples += 1;
                if batch.len() >= BATCH {
                    flush(&mut batch)?;
                }
                Ok(())
            },
        )?;
        flush(&mut batch)?;
        self.freshness.stale.store(false, Ordering::SeqCst);
        self.record_derived_current()?;
        Ok(DerivedReport {
            triples,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// Recomputes the derived graph inside `transaction`, from what the transaction sees (a write
    /// through `serve`): committed together with the write, or not at all.
    pub(super) fn derive_in_transaction(
        &self,
        transaction: &mut Transaction<'_>,
    ) -> Result<(), Error> {
        let graph = NamedNode::new_unchecked(vocab::GRAPH_DERIVED);
        transaction
            .clear_graph(graph.as_ref())
            .map_err(Error::storage)?;
        let mut quads = Vec::new();
        {
            let reader: &Transaction<'_> = transaction;
            compute(
                &mut |source, query, each| {
                    let prepared = prepared_plain_query(query, source)?;
                    rows_of(prepared.on_transaction(reader), source, each)
                },
                &mut |quad| {
                    quads.push(quad);
                    Ok(())
                },
            )?;
        }
        transaction.extend(quads.iter());
        Ok(())
    }
}

impl Store {
    /// The derived facts of an external engine's data, computed there by the same plain queries
    /// (`push`: after files are added to what the engine holds, or for data it got otherwise).
    pub fn derive_on_endpoint(&self) -> Result<Vec<oxigraph::model::Triple>, Error> {
        let Some(remote) = &self.remote else {
            return Err(Error::Usage("no --endpoint given".into()));
        };
        let mut triples = Vec::new();
        compute(
            &mut |source, query, each| {
                let parsed =
                    super::request::parse_query(query, None).map_err(|e| Error::QuerySyntax {
                        origin: source.to_owned(),
                        message: e.to_string(),
                    })?;
                let variables =
                    super::remote::projection(&parsed.query).ok_or_else(|| Error::Query {
                        origin: source.to_owned(),
                        message: "a derived set's query must name its variables".into(),
                    })?;
                remote.select_each(query, source, &mut |row| each(&variables, row))
            },
            &mut |quad| {
                triples.push(quad.into());
                Ok(())
            },
        )?;
        Ok(triples)
    }
}

/// A plain query of `queries/derived/`, parsed with the project's prefixes, over the union graph.
fn prepared_plain_query(query: &str, source: &str) -> Result<PreparedSparqlQuery, Error> {
    let mut prepared = super::parse_query(query, source, &CancellationToken::new())?;
    prepared.dataset_mut().set_default_graph_as_union();
    Ok(prepared)
}

/// Evaluates a bound SELECT query and hands each row to `each`.
fn rows_of(
    bound: BoundPreparedSparqlQuery<'_>,
    source: &str,
    each: &mut Rows<'_>,
) -> Result<(), Error> {
    let failed = |e: QueryEvaluationError| Error::Query {
        origin: source.to_owned(),
        message: e.to_string(),
    };
    let QueryResults::Solutions(solutions) = bound.execute().map_err(failed)? else {
        return Err(Error::Query {
            origin: source.to_owned(),
            message: "a derived set's query must be a SELECT query".into(),
        });
    };
    let variables: Vec<String> = solutions
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    let mut row: Vec<Option<Term>> = Vec::with_capacity(variables.len());
    for solution in solutions {
        let solution = solution.map_err(failed)?;
        row.clear();
        row.extend(variables.iter().map(|v| solution.get(v.as_str()).cloned()));
        each(&variables, &row)?;
    }
    Ok(())
}
