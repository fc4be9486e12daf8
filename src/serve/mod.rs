//! `innomap serve`: the SPARQL 1.1 Protocol endpoint, the Graph Store Protocol, canned queries and
//! matching as JSON, and the browser pages, over a small HTTP/1.1 server.
//!
//! Layout: `http.rs` (connections, limits, logging, shutdown), `negotiation.rs` (Accept with
//! q-values), `routes.rs` (the SPARQL and Graph Store protocols), `api.rs` (canned queries, labels, matching), `scores.rs` (the grading-and-scoring system),
//! `description.rs` (the SPARQL service description), `pages.rs` (the embedded pages and assets).
//! Parsing a request's query or update (SERVICE/LOAD refusal, dataset, limits, errors) is in
//! `src/store/request.rs`, and everything that touches oxigraph's store in `src/store/protocol.rs`.
//!
//! Concurrency: one thread per connection (at most `max_connections`), and at most `threads`
//! evaluations at once (a pool of permits), so readers run in parallel while a flood of requests
//! queues instead of starving the machine. Writes are serialised and invalidate the entity index and
//! the projected graph, which are built again, once, when next needed.

mod analytics;
mod api;
mod description;
pub mod http;
pub mod negotiation;
mod pages;
mod protocols;
mod respond;
mod routes;
mod scores;
mod workbench;

use crate::base::error::Error;
use crate::base::names::EntityIndex;
use crate::graph::KnowledgeGraph;
use crate::store::Store;
use std::net::SocketAddr;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

pub use http::ShutdownHandle;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// `HOST:PORT` to listen on; port 0 picks a free port.
    pub bind: String,
    /// Every query and update is cancelled after this long.
    pub timeout: Duration,
    /// The most rows or triples one answer may have.
    pub max_results: usize,
    /// The largest request body, in bytes.
    pub max_body: usize,
    /// Allow SPARQL Update and Graph Store writes (with the bearer token).
    pub writable: bool,
    /// The bearer token writes must carry; required when `writable`.
    pub token: Option<String>,
    /// Send CORS headers allowing this origin (`*` for any); none when unset.
    pub cors_origin: Option<String>,
    /// Evaluations that run at once.
    pub threads: usize,
    /// Connections open at once.
    pub max_connections: usize,
    /// Show firms' revenue and R&D spend on the workbench's pages (left out by default, as in
    /// exports and briefs).
    pub include_financials: bool,
}

/// The default worker count: the machine's cores, at least 2.
pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(2)
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:7878".into(),
            timeout: Duration::from_secs(30),
            max_results: 100_000,
            max_body: 16 * 1024 * 1024,
            writable: false,
            token: None,
            cors_origin: None,
            threads: default_threads(),
            max_connections: 256,
            include_financials: false,
        }
    }
}

/// A bound server, ready to run.
pub struct Server {
    http: http::HttpServer,
    app: Arc<App>,
}

impl Server {
    /// Checks the options and binds the address; the store is served as it is.
    pub fn bind(store: Store, options: ServeOptions) -> Result<Self, Error> {
        if options.writable && options.token.as_deref().is_none_or(str::is_empty) {
            return Err(Error::Usage(
                "--writable needs a bearer token: give --token-file FILE or set INNOMAP_TOKEN"
                    .into(),
            ));
        }
        if options.threads == 0 || options.max_results == 0 || options.max_connections == 0 {
            return Err(Error::Usage(
                "--threads, --max-results and --max-connections must be at least 1".into(),
            ));
        }
        if options.timeout.is_zero() {
            return Err(Error::Usage("--timeout must be longer than 0 s".into()));
        }
        let http = http::HttpServer::bind(&options.bind).map_err(|e| {
            Error::Usage(format!(
                "cannot listen on {}: {e}; choose another --bind address or port",
                options.bind
            ))
        })?;
        let app = Arc::new(App {
            store,
            permits: Permits::new(options.threads),
            index: Cache::default(),
            graph: Cache::default(),
            history: Cache::default(),
            facts: Cache::default(),
            all: Cache::default(),
            version: Cache::default(),
            write_lock: Mutex::new(()),
            local_addr: http.local_addr(),
            options,
        });
        Ok(Self { http, app })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.http.local_addr()
    }

    /// A handle that stops the server from another thread (e.g. on SIGTERM).
    pub fn shutdown_handle(&self) -> ShutdownHandle {
        self.http.shutdown_handle()
    }

    /// Serves until a shutdown is asked for; in-flight requests then get up to the query timeout
    /// plus five seconds to finish. Returns whether they all did.
    pub fn run(self) -> bool {
        let app = Arc::clone(&self.app);
        let handler: Arc<http::Handler> = Arc::new(move |request| routes::handle(&app, request));
        let limits = http::HttpLimits {
            max_body: self.app.options.max_body,
            max_connections: self.app.options.max_connections,
            keep_alive: Duration::from_secs(30),
            io_timeout: Duration::from_secs(30),
            drain: self.app.options.timeout + Duration::from_secs(5),
        };
        self.http.run(handler, limits)
    }
}

/// The state every request shares.
struct App {
    store: Store,
    options: ServeOptions,
    permits: Permits,
    /// Names → entities, for parameters and matching; built when first needed.
    index: Cache<EntityIndex>,
    /// The projected knowledge graph for matching; built when first needed.
    graph: Cache<KnowledgeGraph>,
    /// The collaborations with their years and participants, for `/analyze/trend`; read when first
    /// needed.
    history: Cache<History>,
    /// The entities' facts (IRIs, provenance) for the workbench's network pictures.
    facts: Cache<crate::features::export::facts::StoreFacts>,
    /// `match all` on the default options, for the workbench's coverage tables.
    all: Cache<crate::matching::MatchAllReport>,
    /// The data's version (a count of triples: a scan), for the workbench's footers.
    version: Cache<crate::features::export::DataVersion>,
    /// Writes run one at a time.
    write_lock: Mutex<()>,
    local_addr: SocketAddr,
}

impl App {
    fn index(&self) -> Result<Arc<EntityIndex>, Error> {
        self.index.get_or_build(|| EntityIndex::load(&self.store))
    }

    fn graph(&self) -> Result<Arc<KnowledgeGraph>, Error> {
        self.graph.get_or_build(|| {
            crate::projection::project(&self.store, &crate::graph::WeightPolicy::default())
                .map(|(graph, _summary)| graph)
        })
    }

    fn history(&self) -> Result<Arc<History>, Error> {
        self.history.get_or_build(|| {
            let collaborations = crate::projection::read_projection(&self.store)?.collaborations;
            let tiers = crate::projection::read_tier_years(&self.store)?
                .into_iter()
                .map(|t| crate::analytics::trend::TierReached {
                    firm: t.firm,
                    tier: t.tier,
                    year: t.year,
                })
                .collect();
            Ok(History {
                collaborations,
                tiers,
            })
        })
    }

    fn facts(&self) -> Result<Arc<crate::features::export::facts::StoreFacts>, Error> {
        self.facts
            .get_or_build(|| crate::features::export::facts::read_facts(&self.store, false))
    }

    fn match_all(&self) -> Result<Arc<crate::matching::MatchAllReport>, Error> {
        let graph = self.graph()?;
        self.all.get_or_build(|| {
            Ok(crate::matching::match_all(
                &graph,
                &crate::matching::MatchAllOptions::default(),
            ))
        })
    }

    fn version(&self) -> Result<Arc<crate::features::export::DataVersion>, Error> {
        self.version
            .get_or_build(|| crate::features::export::DataVersion::read(&self.store))
    }

    /// Forgets what was derived from the store, after a write.
    fn invalidate(&self) {
        self.index.clear();
        self.graph.clear();
        self.history.clear();
        self.facts.clear();
        self.all.clear();
        self.version.clear();
    }
}

/// The history `/analyze/trend` counts: collaborations and the years firms reached their tiers.
struct History {
    collaborations: Vec<crate::graph::CollaborationSpec>,
    tiers: Vec<crate::analytics::trend::TierReached>,
}

/// A value derived from the store, built once when first asked for and again after a write.
struct Cache<T> {
    slot: Mutex<Option<Arc<T>>>,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Self {
            slot: Mutex::new(None),
        }
    }
}

impl<T> Cache<T> {
    /// The value, built by `build` unless present. Builders queue on the lock, so it is built once;
    /// `clear` also takes the lock, so a value built before a write never outlives it.
    fn get_or_build(&self, build: impl FnOnce() -> Result<T, Error>) -> Result<Arc<T>, Error> {
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(value) = slot.as_ref() {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(build()?);
        *slot = Some(Arc::clone(&value));
        Ok(value)
    }

    fn clear(&self) {
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// The worker pool: at most `n` evaluations at once.
struct Permits {
    available: Mutex<usize>,
    freed: Condvar,
}

/// One evaluation slot, given back when dropped.
pub(super) struct Permit<'a>(&'a Permits);

impl Permits {
    fn new(n: usize) -> Self {
        Self {
            available: Mutex::new(n),
            freed: Condvar::new(),
        }
    }

    /// Waits at most `wait` for a free slot.
    fn acquire(&self, wait: Duration) -> Option<Permit<'_>> {
        let deadline = Instant::now() + wait;
        let mut available = self.available.lock().unwrap_or_else(|e| e.into_inner());
        while *available == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            available = self
                .freed
                .wait_timeout(available, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        *available -= 1;
        Some(Permit(self))
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.available.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.freed.notify_one();
    }
}

/// Compares two secrets in time that depends only on their lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut difference = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        difference |= usize::from(x ^ y);
    }
    difference == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_equal_only_when_equal() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
        assert!(!constant_time_eq(b"", b"x"));
    }

    #[test]
    fn permits_bound_the_evaluations_at_once() {
        let permits = Permits::new(2);
        let a = permits.acquire(Duration::ZERO);
        let b = permits.acquire(Duration::ZERO);
        assert!(a.is_some() && b.is_some());
        assert!(permits.acquire(Duration::from_millis(10)).is_none());
        drop(a);
        assert!(permits.acquire(Duration::ZERO).is_some());
    }
}
