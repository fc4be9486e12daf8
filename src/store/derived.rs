//! The derived graphs (`vocab::GRAPH_DERIVED` + set name): facts computed from the rest of the store
//! whenever it changes, which the canned queries read where their plain form is too slow on a
//! province store — the cultivation pools' rosters, the high-tech candidates of every three-year
//! window, counts (per chain, tier, year, resource, capability and city) and the city each located
//! entity lies in. Each set is the answer of one plain query of `queries/derived/`, turned into
//! triples here, and lives in a named graph of its own.
//!
//! When they are refreshed:
//!
//! * **Writes from the command line** (`load`, `import`, `score --save`, a new store, `--data` files)
//!   mark the derived graphs stale; the command refreshes them once at its end, and every read
//!   refreshes stale ones before it reads (the command line has the store to itself, so nothing reads
//!   in between). On disk the manifest records the generation they were computed for
//!   (`derived = …`): a process killed between a write and the refresh leaves the two apart, and the
//!   next open marks them stale.
//! * **Writes through `serve --writable`** (SPARQL Update, the Graph Store Protocol) recompute them
//!   in the write's own transaction, so that concurrent readers see the old facts with the old data
//!   or the new with the new, never a mix.
//!
//! A refresh recomputes only the sets that read something the writes since the last refresh
//! touched (`footprint`: the predicates, and for `rdf:type` the classes, of the triples a write added
//! or removed, against those each set's query can match); on disk the manifest also records each
//! set's version, so a binary that changed one set's definition recomputes that set only. A set is
//! computed whole (there is no incremental maintenance within a set), but only what changed is
//! written: the new triples are compared with the set's graph, and only the difference is removed
//! and added. Nodes are named after their content, so an unchanged row keeps its node; a roster's
//! order is applied here (sorting by IRI strings costs oxigraph a lookup per comparison), so a firm
//! entering a pool changes the positions after it and nothing else. On RocksDB that keeps a small
//! write from leaving a million deletions behind, which slow every later read until a compaction.
//! The queries are written as joins of whole-predicate subqueries, which oxigraph evaluates as hash
//! joins of range scans (three times faster on disk than a lookup per row); they read only base
//! facts, never a derived predicate, so old derived facts cannot feed new ones.

use super::Store;
use super::cache::{FNV_OFFSET, fnv1a};
use super::footprint::Footprint;
use crate::base::error::Error;
use crate::base::vocab;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use oxigraph::sparql::{
    BoundPreparedSparqlQuery, CancellationToken, PreparedSparqlQuery, QueryEvaluationError,
    QueryResults,
};
use oxigraph::store::Transaction;
use sha2::{Digest, Sha256};
use std::cmp::Ordering as Order;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Instant;

/// How the rows become triples (node names, positions, literal forms) — bump it when that code
/// changes; what each set holds is hashed from its definition below.
const WRITING_VERSION: u64 = 1;

/// The version of the derived sets: a hash of how rows are written and of every set's name, query
/// and form. A store whose derived graphs another version computed refreshes them when it opens
/// (`disk`), only the sets whose own hash ([`set_version`]) differs; a binary whose sets are the
/// same leaves them as they are.
#[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
pub(super) const VERSION: u64 = {
    let mut hash = fnv1a(FNV_OFFSET, &WRITING_VERSION.to_le_bytes());
    let mut i = 0;
    while i < SETS.len() {
        hash = fnv1a(hash, &set_version(&SETS[i]).to_le_bytes());
        i += 1;
    }
    hash
};

/// The version of one derived set: a hash of how rows are written, its name, query and form.
#[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
const fn set_version(set: &DerivedSet) -> u64 {
    let mut hash = fnv1a(FNV_OFFSET, &WRITING_VERSION.to_le_bytes());
    hash = fnv1a(hash, set.name.as_bytes());
    hash = fnv1a(hash, set.query.as_bytes());
    match &set.form {
        Form::Facts(columns) => fnv1a_pairs(fnv1a(hash, b"facts"), columns),
        Form::Nodes {
            class,
            position,
            pool,
            columns,
        } => {
            let mut h = fnv1a(fnv1a(hash, b"nodes"), class.as_bytes());
            if let Some((predicate, keys)) = position {
                h = fnv1a(h, predicate.as_bytes());
                let mut k = 0;
                while k < keys.len() {
                    h = fnv1a(h, keys[k].as_bytes());
                    k += 1;
                }
            }
            if let Some(pool) = pool {
                h = fnv1a(h, pool.as_bytes());
            }
            fnv1a_pairs(h, columns)
        }
    }
}

/// Each set's name and version, as the manifest records them (`disk`).
#[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
pub(super) fn set_versions() -> impl Iterator<Item = (&'static str, u64)> {
    SETS.iter().map(|set| (set.name, set_version(set)))
}

/// What each set's query reads (`footprint`), in the order of [`SETS`]; computed once.
fn set_reads() -> &'static [Footprint] {
    static READS: OnceLock<Vec<Footprint>> = OnceLock::new();
    READS.get_or_init(|| {
        SETS.iter()
            .map(|set| match super::request::parse_query(set.query, None) {
                Ok(parsed) => Footprint::read_by(&parsed.query),
                // Cannot happen with the bundled queries (tests parse them); then recompute always.
                Err(_) => Footprint::everything(),
            })
            .collect()
    })
}

/// FNV-1a over `(column, predicate)` pairs, usable in constants.
#[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
const fn fnv1a_pairs(mut hash: u64, pairs: &[(&str, &str)]) -> u64 {
    let mut i = 0;
    while i < pairs.len() {
        hash = fnv1a(hash, pairs[i].0.as_bytes());
        hash = fnv1a(hash, pairs[i].1.as_bytes());
        i += 1;
    }
    hash
}

/// What one derived set's rows become.
enum Form {
    /// Each bound cell is a fact about the entity in the row's first column: `(column, predicate)`.
    Facts(&'static [(&'static str, &'static str)]),
    /// One node per row, `DERIVED/<set>/<digest of the row>`, of type `class`, with the pool it
    /// lists (`im:inPool`, when given), each bound cell as a fact, and — for a roster — its
    /// `position` from 1 in the order of the `position` key columns (by their IRIs' text).
    Nodes {
        class: &'static str,
        position: Option<(&'static str, &'static [&'static str])>,
        pool: Option<&'static str>,
        columns: &'static [(&'static str, &'static str)],
    },
}

/// One set of derived facts: its name (the query file's stem and its graph's last segment), the
/// plain query, and its form.
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
    roster(
        "pool-no-patents",
        derived_query!("pool-no-patents"),
        "PoolNoPatents",
    ),
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
            // The canned query's order, so that it need not sort: by window, shortfall, firm.
            position: Some(("candidacyPosition", &["window_end", "shortfall", "firm"])),
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
                ("rd_intensity", "rdIntensity"),
                ("rd_threshold", "rdIntensityThreshold"),
                ("st_share", "stStaffShare"),
                ("shortfall", "thresholdShortfall"),
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
        name: "international-partners",
        query: derived_query!("international-partners"),
        form: Form::Nodes {
            class: "InternationalPartner",
            position: None,
            pool: None,
            columns: &[
                ("country", "partnerCountryCode"),
                ("partner", "foreignPartner"),
                ("collaborations", "collaborationCount"),
                ("local_partners", "localPartnerCount"),
            ],
        },
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
        name: "kind-counts",
        query: derived_query!("kind-counts"),
        form: Form::Facts(&[("entities", "instanceCount")]),
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
            position: Some(("entryPosition", &["chain", "firm"])),
            pool: Some(pool),
            columns: ROSTER_COLUMNS,
        },
    }
}

/// The plain queries of the derived sets, by name (for tests and for running them elsewhere).
pub fn plain_queries() -> impl Iterator<Item = (&'static str, &'static str)> {
    SETS.iter().map(|set| (set.name, set.query))
}

/// The named graph that holds a derived set.
pub fn graph_of(set: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}/{set}", vocab::GRAPH_DERIVED))
}

/// Whether a graph IRI is (or was, in an older layout) a derived graph.
pub fn is_derived_graph(iri: &str) -> bool {
    iri.strip_prefix(vocab::GRAPH_DERIVED)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// What a refresh wrote.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DerivedReport {
    /// Triples in the derived graphs of the sets recomputed.
    pub triples: usize,
    /// Triples removed and added to bring them up to date.
    pub changed: usize,
    /// Seconds the refresh took.
    pub seconds: f64,
    /// Each recomputed set's name, triples and seconds (its query and its triples), in order.
    pub sets: Vec<(String, usize, f64)>,
    /// The sets left as they were: they read nothing the writes since the last refresh touched.
    pub skipped: Vec<String>,
}

impl DerivedReport {
    /// The set that took longest, if any.
    pub fn slowest(&self) -> Option<&(String, usize, f64)> {
        self.sets.iter().max_by(|a, b| a.2.total_cmp(&b.2))
    }
}

/// Rows of one query, handed one by one to a callback with the query's variables, in their order.
pub(super) type Rows<'a> = dyn FnMut(&[String], &[Option<Term>]) -> Result<(), Error> + 'a;

/// Evaluates a plain query over the store (`source` names it in messages) and hands each row on.
pub(super) type Evaluate<'a> = dyn FnMut(&str, &str, &mut Rows<'_>) -> Result<(), Error> + 'a;

/// Computes one derived set's triples.
fn derive_set(set: &DerivedSet, evaluate: &mut Evaluate<'_>) -> Result<Vec<Triple>, Error> {
    let source = format!("derived facts {}", set.name);
    let mut variables: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<Option<Term>>> = Vec::new();
    evaluate(&source, set.query, &mut |names, row| {
        if variables.is_empty() {
            variables = names.to_vec();
        }
        rows.push(row.to_vec());
        Ok(())
    })?;
    let index = |column: &str| variables.iter().position(|v| v == column);
    let def = |local: &str| NamedNode::new_unchecked(vocab::def(local));
    let mut triples = Vec::new();
    match &set.form {
        Form::Facts(facts) => {
            let columns: Vec<(usize, NamedNode)> = facts
                .iter()
                .filter_map(|(column, predicate)| Some((index(column)?, def(predicate))))
                .collect();
            for row in rows {
                let Some(subject) = row.first().cloned().flatten().and_then(subject_of) else {
                    continue;
                };
                for (i, predicate) in &columns {
                    if let Some(object) = row.get(*i).cloned().flatten() {
                        triples.push(Triple::new(subject.clone(), predicate.clone(), object));
                    }
                }
            }
        }
        Form::Nodes {
            class,
            position,
            pool,
            columns,
        } => {
            if let Some((_, keys)) = position {
                let keys: Vec<usize> = keys.iter().filter_map(|k| index(k)).collect();
                rows.sort_by(|a, b| {
                    keys.iter()
                        .map(|&k| compare_cells(&a[k], &b[k]))
                        .chain(a.iter().zip(b).map(|(x, y)| compare_cells(x, y)))
                        .find(|o| o.is_ne())
                        .unwrap_or(Order::Equal)
                });
            }
            let columns: Vec<(usize, NamedNode)> = columns
                .iter()
                .filter_map(|(column, predicate)| Some((index(column)?, def(predicate))))
                .collect();
            let rdf_type = NamedNode::new_unchecked(vocab::RDF_TYPE);
            // Identical rows stay apart: each gets its occurrence in the digest.
            let mut seen: HashMap<[u8; 16], u32> = HashMap::new();
            for (number, row) in rows.iter().enumerate() {
                let content = row_digest(set.name, row);
                let occurrence = seen.entry(content).or_insert(0);
                let node: NamedOrBlankNode = NamedNode::new_unchecked(format!(
                    "{}{}/{}{}",
                    vocab::DERIVED,
                    set.name,
                    hex(&content),
                    if *occurrence == 0 {
                        String::new()
                    } else {
                        format!("-{occurrence}")
                    }
                ))
                .into();
                *occurrence += 1;
                triples.push(Triple::new(node.clone(), rdf_type.clone(), def(class)));
                if let Some((predicate, _)) = position {
                    triples.push(Triple::new(
                        node.clone(),
                        def(predicate),
                        Literal::from(number as i64 + 1),
                    ));
                }
                if let Some(pool) = pool {
                    triples.push(Triple::new(node.clone(), def("inPool"), def(pool)));
                }
                for (i, predicate) in &columns {
                    if let Some(object) = row.get(*i).cloned().flatten() {
                        triples.push(Triple::new(node.clone(), predicate.clone(), object));
                    }
                }
            }
        }
    }
    Ok(triples)
}

/// SPARQL's order of two cells for the keys used here (IRIs by their text; unbound first), and a
/// total order on the rest (their N-Triples text).
fn compare_cells(a: &Option<Term>, b: &Option<Term>) -> Order {
    match (a, b) {
        (None, None) => Order::Equal,
        (None, Some(_)) => Order::Less,
        (Some(_), None) => Order::Greater,
        (Some(Term::NamedNode(a)), Some(Term::NamedNode(b))) => a.as_str().cmp(b.as_str()),
        // Numbers by value, as SPARQL's ORDER BY sorts them.
        (Some(Term::Literal(a)), Some(Term::Literal(b)))
            if is_number(a.datatype().as_str()) && is_number(b.datatype().as_str()) =>
        {
            match (a.value().parse::<f64>(), b.value().parse::<f64>()) {
                (Ok(x), Ok(y)) => x.total_cmp(&y),
                _ => a.value().cmp(b.value()),
            }
        }
        (Some(a), Some(b)) => a.to_string().cmp(&b.to_string()),
    }
}

/// Whether a datatype is one of XSD's numbers.
fn is_number(datatype: &str) -> bool {
    datatype
        .strip_prefix("http://www.w3.org/2001/XMLSchema#")
        .is_some_and(|local| {
            matches!(
                local,
                "integer"
                    | "decimal"
                    | "double"
                    | "float"
                    | "int"
                    | "long"
                    | "short"
                    | "nonNegativeInteger"
                    | "positiveInteger"
            )
        })
}

/// A digest of a row's cells: what names its node, so that an unchanged row keeps its node.
fn row_digest(set: &str, row: &[Option<Term>]) -> [u8; 16] {
    let mut hasher = Sha256::new();
    hasher.update(set.as_bytes());
    for cell in row {
        hasher.update([0x1f]);
        if let Some(term) = cell {
            hasher.update(term.to_string().as_bytes());
        }
    }
    let digest = hasher.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A term that can be a subject: an IRI or a blank node.
fn subject_of(term: Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(node) => Some(node.into()),
        Term::BlankNode(node) => Some(node.into()),
        Term::Literal(_) => None,
    }
}

/// The changes that bring a graph from `old` to `new`: the triples to remove and to add.
fn difference(old: Vec<Triple>, new: Vec<Triple>) -> (Vec<Triple>, Vec<Triple>) {
    let mut wanted: HashSet<Triple> = new.into_iter().collect();
    let mut remove = Vec::new();
    for triple in old {
        if !wanted.remove(&triple) {
            remove.push(triple);
        }
    }
    let mut add: Vec<Triple> = wanted.into_iter().collect();
    // The store does not care, but a deterministic order keeps runs comparable.
    add.sort_by_cached_key(ToString::to_string);
    (remove, add)
}

/// Quads written to the store at a time while a derived graph is brought up to date (each batch is
/// one transaction; a national store derives millions).
const BATCH: usize = 100_000;

/// Triples changed by a refresh of an on-disk store from which it is compacted afterwards.
#[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
const COMPACT_AFTER: usize = 1_000_000;

/// Whether the derived graphs are current, what has changed since they were, and the lock that
/// refreshes take.
#[derive(Default)]
pub(super) struct Freshness {
    stale: AtomicBool,
    pending: Mutex<Pending>,
    refreshing: Mutex<()>,
}

/// What the next refresh must recompute: the sets that read what the writes since the last refresh
/// touched, and those named (whose definitions changed since their graphs were computed).
#[derive(Default, Clone)]
struct Pending {
    touched: Footprint,
    sets: BTreeSet<&'static str>,
}

impl Pending {
    fn merge(&mut self, other: Pending) {
        self.touched.merge(&other.touched);
        self.sets.extend(other.sets);
    }

    /// Whether `set` (at `index` in [`SETS`]) must be recomputed.
    fn includes(&self, index: usize, set: &DerivedSet) -> bool {
        self.sets.contains(set.name) || self.touched.meets(&set_reads()[index])
    }
}

impl Freshness {
    /// A store whose derived graphs are stale from the start (a new in-memory store, or a manifest
    /// that names another generation than the derived graphs'): every set is recomputed.
    pub(super) fn stale() -> Self {
        Self::stale_touching(Footprint::everything())
    }

    fn stale_touching(touched: Footprint) -> Self {
        Self {
            stale: AtomicBool::new(true),
            pending: Mutex::new(Pending {
                touched,
                sets: BTreeSet::new(),
            }),
            refreshing: Mutex::new(()),
        }
    }

    /// A store whose derived graphs are current but for the sets named (a binary whose definitions
    /// of those sets differ from the ones that computed them) and any set not named in `known`.
    #[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
    pub(super) fn stale_sets(known: &HashMap<String, u64>) -> Self {
        let sets: BTreeSet<&'static str> = set_versions()
            .filter(|(name, version)| known.get(*name) != Some(version))
            .map(|(name, _)| name)
            .collect();
        Self {
            stale: AtomicBool::new(!sets.is_empty()),
            pending: Mutex::new(Pending {
                touched: Footprint::default(),
                sets,
            }),
            refreshing: Mutex::new(()),
        }
    }

    fn take_pending(&self) -> Pending {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Puts back work taken for a refresh that failed.
    fn restore_pending(&self, pending: Pending) {
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .merge(pending);
        self.stale.store(true, Ordering::SeqCst);
    }
}

impl Store {
    /// Marks the derived graphs stale after a write from the command line that touched `touched`:
    /// they are refreshed at the end of the command ([`Store::refresh_derived`]) or before the next
    /// read, whichever comes first, recomputing only the sets that read what the writes touched.
    pub(super) fn mark_derived_stale(&self, touched: &Footprint) {
        if touched.is_empty() {
            return;
        }
        self.freshness
            .pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .touched
            .merge(touched);
        self.freshness.stale.store(true, Ordering::SeqCst);
    }

    /// Refreshes the derived graphs when a write left them stale. Every read calls this first, so
    /// that nothing ever reads derived facts of other data than it sees.
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

    /// Recomputes the derived graphs now (the command line calls this at the end of every write)
    /// and says how large they are and how long it took.
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
        let report = self.refill_derived()?;
        // The end of a write from the command line: bring the saved graph sizes up to date while
        // that means counting only the graphs written (`sizes`).
        if self.sizes_carried() {
            self.graph_sizes_on_disk()?;
        }
        Ok(report)
    }

    /// Recomputes every derived set now, whatever the writes touched (what a bulk load or a new
    /// store pays; the benches time it).
    pub fn refresh_all_derived(&self) -> Result<DerivedReport, Error> {
        self.mark_derived_stale(&Footprint::everything());
        self.refresh_derived()
    }

    /// Computes the sets the writes since the last refresh may have changed and writes what changed
    /// in their graphs, in batches; removes derived graphs of sets that no longer exist; then records
    /// them as current (in the manifest too, on disk).
    fn refill_derived(&self) -> Result<DerivedReport, Error> {
        let pending = self.freshness.take_pending();
        self.freshness.stale.store(false, Ordering::SeqCst);
        self.refill_sets(&pending).inspect_err(|_| {
            self.freshness.restore_pending(pending.clone());
        })
    }

    fn refill_sets(&self, pending: &Pending) -> Result<DerivedReport, Error> {
        let started = Instant::now();
        let store = &self.inner;
        let mut report = DerivedReport::default();
        for (index, set) in SETS.iter().enumerate() {
            if !pending.includes(index, set) {
                report.skipped.push(set.name.to_owned());
                continue;
            }
            let set_started = Instant::now();
            let triples = derive_set(set, &mut |source, query, each| {
                let prepared = prepared_plain_query(query, source)?;
                rows_of(prepared.on_store(store), source, each)
            })?;
            let graph = graph_of(set.name);
            let old = graph_triples(store.quads_for_pattern(
                None,
                None,
                None,
                Some(graph.as_ref().into()),
            ))?;
            report.triples += triples.len();
            let count = triples.len();
            let size = old.len();
            let (remove, add) = difference(old, triples);
            report.changed += remove.len() + add.len();
            self.note_size(graph.as_str(), size - remove.len() + add.len());
            for batch in remove.chunks(BATCH) {
                let mut transaction = store.start_transaction().map_err(Error::storage)?;
                for triple in batch {
                    transaction.remove(triple.as_ref().in_graph(graph.as_ref()));
                }
                transaction.commit().map_err(Error::storage)?;
            }
            for batch in add.chunks(BATCH) {
                store
                    .extend(batch.iter().map(|t| t.as_ref().in_graph(graph.as_ref())))
                    .map_err(Error::storage)?;
            }
            report.sets.push((
                set.name.to_owned(),
                count,
                set_started.elapsed().as_secs_f64(),
            ));
        }
        for graph in store.named_graphs() {
            let graph = graph.map_err(Error::storage)?;
            if let oxigraph::model::NamedOrBlankNode::NamedNode(node) = &graph
                && is_derived_graph(node.as_str())
                && !SETS.iter().any(|set| graph_of(set.name) == *node)
            {
                store.remove_named_graph(node).map_err(Error::storage)?;
            }
        }
        // Millions of triples removed and added leave RocksDB's newest level full of small files and
        // tombstones, which slow every later scan (a query took 33 s instead of 0.9 s on a province
        // store after such a refresh, until compacted): compact then, as a bulk load does.
        #[cfg(feature = "rocksdb")]
        if report.changed >= COMPACT_AFTER && self.disk.is_some() {
            store.optimize().map_err(Error::storage)?;
        }
        self.record_derived_current()?;
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }

    /// Recomputes the derived graphs inside `transaction`, from what the transaction sees (a write
    /// through `serve` that touched `touched`), and commits: the write and its derived facts
    /// together, or neither. Recomputes the sets that read what the write touched, and any set an
    /// earlier change left stale.
    pub(super) fn commit_with_derived_sets(
        &self,
        mut transaction: Transaction<'_>,
        touched: &Footprint,
    ) -> Result<(), Error> {
        let _guard = self
            .freshness
            .refreshing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut pending = self.freshness.take_pending();
        let was_stale = self.freshness.stale.swap(false, Ordering::SeqCst);
        let earlier = pending.clone();
        pending.touched.merge(touched);
        let result = self
            .derive_in_transaction(&mut transaction, &pending)
            .and_then(|()| transaction.commit().map_err(Error::storage));
        if result.is_err() && was_stale {
            self.freshness.restore_pending(earlier);
        }
        result
    }

    fn derive_in_transaction(
        &self,
        transaction: &mut Transaction<'_>,
        pending: &Pending,
    ) -> Result<(), Error> {
        for (index, set) in SETS.iter().enumerate() {
            if !pending.includes(index, set) {
                continue;
            }
            let graph = graph_of(set.name);
            let (remove, add) = {
                let reader: &Transaction<'_> = transaction;
                let triples = derive_set(set, &mut |source, query, each| {
                    let prepared = prepared_plain_query(query, source)?;
                    rows_of(prepared.on_transaction(reader), source, each)
                })?;
                let old = graph_triples(reader.quads_for_pattern(
                    None,
                    None,
                    None,
                    Some(graph.as_ref().into()),
                ))?;
                difference(old, triples)
            };
            for triple in &remove {
                transaction.remove(triple.as_ref().in_graph(graph.as_ref()));
            }
            transaction.extend(add.iter().map(|t| t.as_ref().in_graph(graph.as_ref())));
        }
        Ok(())
    }

    /// The derived facts of an external engine's data, computed there by the same plain queries
    /// (`push`: after files are added to what the engine holds, or for data it got otherwise): each
    /// set's graph with its triples.
    pub fn derive_on_endpoint(&self) -> Result<Vec<(String, Vec<Triple>)>, Error> {
        let Some(remote) = &self.remote else {
            return Err(Error::Usage("no --endpoint given".into()));
        };
        let mut graphs = Vec::new();
        for set in SETS {
            let triples = derive_set(set, &mut |source, query, each| {
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
            })?;
            graphs.push((graph_of(set.name).into_string(), triples));
        }
        Ok(graphs)
    }
}

/// The triples of a graph's quads.
fn graph_triples(
    quads: impl Iterator<Item = Result<Quad, oxigraph::store::StorageError>>,
) -> Result<Vec<Triple>, Error> {
    quads
        .map(|quad| quad.map(Triple::from).map_err(Error::storage))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_reads_a_bounded_footprint_so_that_writes_elsewhere_skip_it() {
        for (set, reads) in SETS.iter().zip(set_reads()) {
            assert!(
                super::super::request::parse_query(set.query, None).is_ok(),
                "{} does not parse",
                set.name
            );
            assert!(!reads.is_empty(), "{} reads nothing", set.name);
            assert!(
                !reads.meets(&{
                    let mut comment = Footprint::default();
                    comment.add_triple(
                        oxigraph::model::vocab::rdfs::COMMENT,
                        Literal::new_simple_literal("x").as_ref().into(),
                    );
                    comment
                }),
                "{} reads every predicate",
                set.name
            );
        }
    }

    #[test]
    fn a_changed_definition_makes_that_set_alone_stale() {
        let mut known: HashMap<String, u64> = set_versions()
            .map(|(name, version)| (name.to_owned(), version))
            .collect();
        let current = Freshness::stale_sets(&known);
        assert!(!current.stale.load(Ordering::SeqCst));
        assert!(current.take_pending().sets.is_empty());
        known.insert("tier-counts".into(), 1);
        known.remove("kind-counts");
        let changed = Freshness::stale_sets(&known);
        assert!(changed.stale.load(Ordering::SeqCst));
        let pending = changed.take_pending();
        assert_eq!(
            pending.sets.into_iter().collect::<Vec<_>>(),
            ["kind-counts", "tier-counts"]
        );
        assert!(pending.touched.is_empty());
    }
}
