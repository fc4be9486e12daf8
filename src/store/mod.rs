//! The RDF store: the only module that touches oxigraph's `Store`. Opening (in memory or on disk),
//! atomic loading of files into per-source named graphs, and SPARQL evaluation over the union graph.

pub mod cache;
mod derived;
pub use derived::{DerivedReport, is_derived_graph, plain_queries as derived_plain_queries};
#[cfg(feature = "rocksdb")]
mod disk;
mod names;
pub use names::Names;
mod footprint;
mod protocol;
pub mod query_text;
pub mod remote;
pub mod request;
mod sizes;

#[cfg(feature = "rocksdb")]
pub use disk::BULK_THRESHOLD_BYTES;
#[cfg(feature = "rocksdb")]
use disk::Disk;
/// Without the `rocksdb` feature there is no on-disk state.
#[cfg(not(feature = "rocksdb"))]
struct Disk;
/// Files at least this large are bulk-loaded into an on-disk store.
#[cfg(not(feature = "rocksdb"))]
pub const BULK_THRESHOLD_BYTES: u64 = 16 * 1024 * 1024;

use crate::base::bundled;
use crate::base::error::Error;
use crate::base::vocab;
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad, Term, Triple};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator, Variable};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Where the store lives and what it starts with.
#[derive(Debug, Clone, Default)]
pub struct StoreConfig {
    /// `None`: in memory. `Some(dir)`: the persistent on-disk store in `dir`.
    pub location: Option<PathBuf>,
    /// Skip loading the bundled dataset into a new store.
    pub no_default_data: bool,
    /// Files added for this run only (never written to an on-disk store).
    pub extra_data: Vec<PathBuf>,
    /// Read from this external SPARQL engine instead (`--endpoint`); the other fields must be empty.
    pub remote: Option<remote::RemoteConfig>,
}

/// What one load added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// The named graph the file's triples went to (quads keep their own graphs).
    pub graph: String,
    /// Quads parsed from the file.
    pub quads: usize,
    /// Quads the graph held before and that the load replaced.
    pub replaced: usize,
}

/// The answer to a SPARQL query, fully materialised.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryAnswer {
    /// SELECT: the projected variables and one row per solution (unbound cells are `None`).
    Solutions(Solutions),
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT or DESCRIBE.
    Graph(Vec<Triple>),
}

/// The rows of a SELECT query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Solutions {
    pub variables: Vec<String>,
    pub rows: Vec<Vec<Option<Term>>>,
}

impl Solutions {
    /// The index of a variable, by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.variables.iter().position(|v| v == name)
    }
}

/// How a query runs.
#[derive(Debug, Clone, Default)]
pub struct QueryOptions {
    /// Cancel the query after this long.
    pub timeout: Option<Duration>,
    /// Variables bound to terms before evaluation (never spliced into the text).
    pub bindings: Vec<(String, Term)>,
}

/// An RDF store holding the map.
pub struct Store {
    inner: oxigraph::store::Store,
    /// Whether the derived graph is current (`derived`).
    freshness: derived::Freshness,
    location: Option<PathBuf>,
    /// The on-disk store's directory and database, when there is one.
    #[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
    disk: Option<Disk>,
    /// The external engine every read goes to, when there is one (`inner` is then empty and unused).
    remote: Option<remote::Remote>,
    /// What is known of the named graphs' sizes without counting them (`sizes`).
    sizes: sizes::Ledger,
}

impl Store {
    /// An empty in-memory store.
    pub fn in_memory() -> Result<Self, Error> {
        Ok(Self {
            inner: oxigraph::store::Store::new().map_err(Error::storage)?,
            freshness: derived::Freshness::stale(),
            location: None,
            disk: None,
            remote: None,
            sizes: sizes::Ledger::default(),
        })
    }

    /// A store that reads from an external SPARQL engine: connects and reads its catalogue.
    pub fn remote(config: remote::RemoteConfig) -> Result<Self, Error> {
        let mut store = Self::in_memory()?;
        store.remote = Some(remote::Remote::connect(config)?);
        Ok(store)
    }

    /// The external engine's URL, when this store reads from one.
    pub fn endpoint(&self) -> Option<&str> {
        self.remote.as_ref().map(remote::Remote::url)
    }

    /// The catalogue of the external engine (the graphs `push` uploaded, with their sizes).
    pub fn remote_catalogue(&self) -> Result<Vec<(String, usize)>, Error> {
        match &self.remote {
            Some(remote) => remote.catalogue(),
            None => Err(Error::Usage("no --endpoint given".into())),
        }
    }

    /// Replaces graph `graph` of the external engine with `triples` (`push`).
    pub fn push_graph(&self, graph: &str, triples: &[Triple]) -> Result<(), Error> {
        match &self.remote {
            Some(remote) => remote.put_graph(graph, triples),
            None => Err(Error::Usage("no --endpoint given".into())),
        }
    }

    /// Refuses a write to an external engine (writes go through `innomap push`).
    fn refuse_remote_write(&self) -> Result<(), Error> {
        match &self.remote {
            Some(remote) => Err(Error::Usage(format!(
                "--endpoint {} is read-only here: write to the embedded store (drop --endpoint), then upload it with `innomap push --endpoint URL --graph-store URL`",
                remote.url()
            ))),
            None => Ok(()),
        }
    }

    /// Opens the store `config` describes: a new in-memory store with the bundled data (unless
    /// `no_default_data`), or an on-disk store that is initialised with it when the directory is new.
    /// Extra data files are then added for this run.
    pub fn open(config: &StoreConfig) -> Result<Self, Error> {
        if let Some(remote) = &config.remote {
            if config.location.is_some() || !config.extra_data.is_empty() {
                return Err(Error::Usage(
                    "--endpoint reads the external engine only: drop --store and --data (upload files with `innomap push`)".into(),
                ));
            }
            return Self::remote(remote.clone());
        }
        #[cfg_attr(not(feature = "rocksdb"), allow(unused_mut))]
        let mut store = match &config.location {
            None => {
                let store = Self::in_memory()?;
                if !config.no_default_data {
                    store.load_bundled()?;
                }
                store
            }
            Some(dir) => Self::open_on_disk(dir, config.no_default_data)?,
        };
        if !config.extra_data.is_empty() {
            // On disk, the files go to a private copy of the store that is removed after the run.
            #[cfg(feature = "rocksdb")]
            store.use_private_copy()?;
            for file in &config.extra_data {
                store.load_file(file, None)?;
            }
        }
        Ok(store)
    }

    #[cfg(not(feature = "rocksdb"))]
    fn open_on_disk(dir: &Path, _no_default_data: bool) -> Result<Self, Error> {
        Err(Error::Usage(format!(
            "--store {} needs the on-disk backend: rebuild with `cargo build --release --features rocksdb`",
            dir.display()
        )))
    }

    /// Without the on-disk backend, a bulk load is an ordinary load.
    #[cfg(not(feature = "rocksdb"))]
    pub fn bulk_load_file(
        &mut self,
        path: &Path,
        format: Option<RdfFormat>,
        _progress: bool,
    ) -> Result<LoadReport, Error> {
        self.load_file(path, format)
    }

    /// Compaction needs the on-disk backend.
    #[cfg(not(feature = "rocksdb"))]
    pub fn optimize(&self) -> Result<(), Error> {
        Err(Error::Usage(
            "optimize works on an on-disk store: give --store DIR".into(),
        ))
    }

    /// Snapshots need the on-disk backend.
    #[cfg(not(feature = "rocksdb"))]
    pub fn backup(&self, _target: &Path) -> Result<(), Error> {
        Err(Error::Usage(
            "backup works on an on-disk store: give --store DIR".into(),
        ))
    }

    /// Without the on-disk backend there is no generation (see `disk`): nothing is cached.
    #[cfg(not(feature = "rocksdb"))]
    pub fn generation(&self) -> Option<String> {
        None
    }

    /// Without the on-disk backend there is no cache directory.
    #[cfg(not(feature = "rocksdb"))]
    pub fn cache_dir(&self) -> Option<PathBuf> {
        None
    }

    #[cfg(not(feature = "rocksdb"))]
    fn begin_write(&self, _graph: Option<&str>) -> Result<(), Error> {
        Ok(())
    }

    /// Without the on-disk backend there is no manifest to record the derived graph in.
    #[cfg(not(feature = "rocksdb"))]
    fn record_derived_current(&self) -> Result<(), Error> {
        Ok(())
    }

    /// The named graphs with their triples, for `push` (the default graph's triples are left out).
    pub fn named_graph_triples(&self) -> Result<Vec<(String, Vec<Triple>)>, Error> {
        self.ensure_derived()?;
        self.refuse_remote_write()?;
        let mut out = Vec::new();
        for (graph, _) in self.graphs()? {
            let node = named_node(&graph)?;
            let mut triples = Vec::new();
            for quad in self
                .inner
                .quads_for_pattern(None, None, None, Some(node.as_ref().into()))
            {
                triples.push(Triple::from(quad.map_err(Error::storage)?));
            }
            out.push((graph, triples));
        }
        Ok(out)
    }

    /// Whether this store lives on disk.
    pub fn is_persistent(&self) -> bool {
        self.location.is_some()
    }

    /// Loads the ontology, the shapes and the bundled dataset, each into its named graph.
    pub fn load_bundled(&self) -> Result<(), Error> {
        let mut by_graph: Vec<(&str, Vec<Quad>)> = Vec::new();
        for file in bundled::FILES {
            let quads = parse_rdf(
                file.contents.as_bytes(),
                RdfFormat::Turtle,
                file.graph,
                file.path,
            )?;
            match by_graph.iter_mut().find(|(graph, _)| *graph == file.graph) {
                Some((_, all)) => all.extend(quads),
                None => by_graph.push((file.graph, quads)),
            }
        }
        for (graph, quads) in by_graph {
            self.replace_graph(graph, &quads)?;
        }
        Ok(())
    }

    /// Loads an RDF file, by its extension unless `format` is given, into the graph named after the
    /// file (`file:///absolute/path`), replacing what that graph held. Atomic: the whole file is parsed
    /// before anything is written, and a file that fails to parse changes nothing.
    pub fn load_file(&self, path: &Path, format: Option<RdfFormat>) -> Result<LoadReport, Error> {
        let format = match format {
            Some(format) => format,
            None => format_from_extension(path)?,
        };
        let bytes = read_input_file(path).map_err(|message| Error::Input { message })?;
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let graph = file_graph_iri(&absolute);
        self.load_bytes(&bytes, format, &graph, &path.display().to_string())
    }

    /// Parses `bytes` whole, then atomically replaces graph `graph` with the triples (quads keep their
    /// own graph). `source` names the input in error messages.
    pub fn load_bytes(
        &self,
        bytes: &[u8],
        format: RdfFormat,
        graph: &str,
        source: &str,
    ) -> Result<LoadReport, Error> {
        let quads = parse_rdf(bytes, format, graph, source)?;
        self.replace_graph(graph, &quads)
    }

    /// Atomically replaces the named graph `graph` with `quads`.
    pub fn replace_graph(&self, graph: &str, quads: &[Quad]) -> Result<LoadReport, Error> {
        let graph_node = named_node(graph)?;
        self.refuse_remote_write()?;
        self.begin_write(Some(graph))?;
        let mut transaction = self.inner.start_transaction().map_err(Error::storage)?;
        // What the write touches, for the derived sets: the triples replaced and the new ones.
        let mut touched = footprint::Footprint::default();
        let mut replaced = 0;
        for quad in
            transaction.quads_for_pattern(None, None, None, Some(graph_node.as_ref().into()))
        {
            let quad = quad.map_err(Error::storage)?;
            touched.add_triple(quad.predicate.as_ref(), quad.object.as_ref());
            replaced += 1;
        }
        touched.add_quads(quads);
        transaction
            .clear_graph(graph_node.as_ref())
            .map_err(Error::storage)?;
        transaction.extend(quads.iter());
        transaction.commit().map_err(Error::storage)?;
        self.mark_derived_stale(&touched);
        Ok(LoadReport {
            graph: graph.to_owned(),
            quads: quads.len(),
            replaced,
        })
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize, Error> {
        self.ensure_derived()?;
        if let Some(remote) = &self.remote {
            return Ok(remote.graphs()?.iter().map(|(_, n)| n).sum());
        }
        self.inner.len().map_err(Error::storage)
    }

    /// Quads in the default graph itself (not the union the queries see).
    pub fn default_graph_len(&self) -> Result<usize, Error> {
        self.ensure_derived()?;
        if self.remote.is_some() {
            // On an engine, innomap's data lives in named graphs (the default graph is theirs).
            return Ok(0);
        }
        let mut count = 0;
        for quad in self
            .inner
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
        {
            quad.map_err(Error::storage)?;
            count += 1;
        }
        Ok(count)
    }

    /// Whether the store holds no quad.
    pub fn is_empty(&self) -> Result<bool, Error> {
        self.ensure_derived()?;
        if self.remote.is_some() {
            return Ok(self.len()? == 0);
        }
        self.inner.is_empty().map_err(Error::storage)
    }

    /// The named graphs with their sizes, sorted by IRI.
    pub fn graphs(&self) -> Result<Vec<(String, usize)>, Error> {
        self.ensure_derived()?;
        if let Some(remote) = &self.remote {
            return remote.graphs();
        }
        if self.cache_dir().is_some() {
            return self.graph_sizes_on_disk();
        }
        let mut graphs = Vec::new();
        for graph in self.inner.named_graphs() {
            let graph = graph.map_err(Error::storage)?;
            let size = match &graph {
                oxigraph::model::NamedOrBlankNode::NamedNode(node) => self.count_graph(node)?,
                oxigraph::model::NamedOrBlankNode::BlankNode(_) => self
                    .inner
                    .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                    .count(),
            };
            graphs.push((graph.to_string().trim_matches(['<', '>']).to_owned(), size));
        }
        graphs.sort();
        Ok(graphs)
    }

    /// Parses a SPARQL query, with the project's prefixes predeclared, reporting syntax errors with
    /// their position; `source` names the query in messages.
    pub fn check_query(&self, query: &str, source: &str) -> Result<(), Error> {
        parse_query(query, source, &CancellationToken::new()).map(|_| ())
    }

    /// Runs a SELECT query with no bindings (the common case inside the library).
    pub fn select(&self, query: &str) -> Result<Solutions, Error> {
        match self.query(query, "internal query", &QueryOptions::default())? {
            QueryAnswer::Solutions(solutions) => Ok(solutions),
            _ => Err(Error::Input {
                message: "internal query is not a SELECT query".into(),
            }),
        }
    }

    /// Runs a SELECT query with no bindings and hands each row to `each`, in the order of the
    /// query's variables, without holding the whole answer in memory (the projection reads
    /// millions of rows at national scale this way). `source` names the query in messages.
    pub fn select_each(
        &self,
        query: &str,
        source: &str,
        mut each: impl FnMut(&[Option<Term>]) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.ensure_derived()?;
        if let Some(remote) = &self.remote {
            return remote.select_each(query, source, &mut each);
        }
        let token = CancellationToken::new();
        let mut prepared = parse_query(query, source, &token)?;
        prepared.dataset_mut().set_default_graph_as_union();
        let evaluation = |e: oxigraph::sparql::QueryEvaluationError| Error::Query {
            origin: source.to_owned(),
            message: e.to_string(),
        };
        let QueryResults::Solutions(solutions) = prepared
            .on_store(&self.inner)
            .execute()
            .map_err(evaluation)?
        else {
            return Err(Error::Input {
                message: format!("{source} is not a SELECT query"),
            });
        };
        let mut variables: Vec<Variable> = solutions.variables().to_vec();
        if let Some(order) = query_text::select_star_order(query) {
            query_text::reorder(&mut variables, &order, Variable::as_str);
        }
        let mut row: Vec<Option<Term>> = Vec::with_capacity(variables.len());
        for solution in solutions {
            let solution = solution.map_err(evaluation)?;
            row.clear();
            row.extend(variables.iter().map(|v| solution.get(v).cloned()));
            each(&row)?;
        }
        Ok(())
    }

    /// Runs a SPARQL query over the union of all graphs.
    pub fn query(
        &self,
        query: &str,
        source: &str,
        options: &QueryOptions,
    ) -> Result<QueryAnswer, Error> {
        self.ensure_derived()?;
        let token = CancellationToken::new();
        if let Some(remote) = &self.remote {
            // The same syntax check and messages as the embedded store's, before anything is sent.
            let _ = parse_query(query, source, &token)?;
            return remote.query(query, source, &options.bindings);
        }
        let mut prepared = parse_query(query, source, &token)?;
        prepared.dataset_mut().set_default_graph_as_union();
        for (name, term) in &options.bindings {
            let variable = Variable::new(name.as_str())
                .map_err(|e| Error::Usage(format!("invalid parameter name '{name}': {e}")))?;
            prepared = prepared.substitute_variable(variable, term.clone());
        }
        let _watchdog = options
            .timeout
            .map(|timeout| Watchdog::start(timeout, token.clone()));
        let result = prepared.on_store(&self.inner).execute();
        let timed_out = || Error::Timeout {
            origin: source.to_owned(),
            seconds: options.timeout.map_or(0.0, |t| t.as_secs_f64()),
        };
        let evaluation = |e: oxigraph::sparql::QueryEvaluationError| {
            if token.is_cancelled() {
                timed_out()
            } else {
                Error::Query {
                    origin: source.to_owned(),
                    message: e.to_string(),
                }
            }
        };
        match result.map_err(evaluation)? {
            QueryResults::Solutions(solutions) => {
                let mut variables = solutions
                    .variables()
                    .iter()
                    .map(|v| v.as_str().to_owned())
                    .collect::<Vec<_>>();
                if let Some(order) = query_text::select_star_order(query) {
                    query_text::reorder(&mut variables, &order, String::as_str);
                }
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(evaluation)?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| solution.get(v.as_str()).cloned())
                            .collect(),
                    );
                }
                Ok(QueryAnswer::Solutions(Solutions { variables, rows }))
            }
            QueryResults::Boolean(value) => Ok(QueryAnswer::Boolean(value)),
            QueryResults::Graph(triples) => {
                let mut out = Vec::new();
                for triple in triples {
                    out.push(triple.map_err(evaluation)?);
                }
                Ok(QueryAnswer::Graph(out))
            }
        }
    }

    /// Writes every quad of the store (for tests and backups): sorted N-Quads lines.
    pub fn dump_sorted_nquads(&self) -> Result<Vec<String>, Error> {
        self.sorted_nquad_lines(false)
    }

    /// As [`Store::dump_sorted_nquads`], with every blank node written `[]`: what a digest of the
    /// data hashes, since a blank node's label is drawn anew on every load (two loads of the same
    /// files differ only in them).
    pub fn dump_sorted_nquads_without_blank_labels(&self) -> Result<Vec<String>, Error> {
        self.sorted_nquad_lines(true)
    }

    fn sorted_nquad_lines(&self, anonymous: bool) -> Result<Vec<String>, Error> {
        self.ensure_derived()?;
        if let Some(remote) = &self.remote {
            let mut lines = remote.quad_lines(anonymous)?;
            lines.sort();
            return Ok(lines);
        }
        let mut lines = Vec::new();
        for quad in self.inner.iter() {
            let mut quad = quad.map_err(Error::storage)?;
            if anonymous {
                let blank = oxigraph::model::BlankNode::new_unchecked("b");
                if let oxigraph::model::NamedOrBlankNode::BlankNode(_) = quad.subject {
                    quad.subject = blank.clone().into();
                }
                if let Term::BlankNode(_) = quad.object {
                    quad.object = blank.into();
                }
            }
            let line = if quad.graph_name == GraphName::DefaultGraph {
                format!("{} {} {} .", quad.subject, quad.predicate, quad.object)
            } else {
                format!(
                    "{} {} {} {} .",
                    quad.subject, quad.predicate, quad.object, quad.graph_name
                )
            };
            lines.push(line);
        }
        lines.sort();
        Ok(lines)
    }
}

/// The graph IRI for a loaded file.
pub fn file_graph_iri(absolute: &Path) -> String {
    let mut iri = String::from("file://");
    for byte in absolute.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            iri.push(byte as char);
        } else {
            iri.push_str(&format!("%{byte:02X}"));
        }
    }
    iri
}

/// The RDF syntax of a file, from its extension.
pub fn format_from_extension(path: &Path) -> Result<RdfFormat, Error> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let format = match extension.as_str() {
        "ttl" | "turtle" => Some(RdfFormat::Turtle),
        "nt" => Some(RdfFormat::NTriples),
        "nq" => Some(RdfFormat::NQuads),
        "trig" => Some(RdfFormat::TriG),
        "rdf" | "owl" | "xml" => Some(RdfFormat::RdfXml),
        "jsonld" | "json" => Some(RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        }),
        _ => None,
    };
    format.ok_or_else(|| Error::Input {
        message: format!(
            "cannot tell the RDF syntax of {} from its extension: use .ttl, .nt, .nq, .trig, .rdf or .jsonld, or give --format",
            path.display()
        ),
    })
}

fn named_node(iri: &str) -> Result<NamedNode, Error> {
    NamedNode::new(iri).map_err(|e| Error::Input {
        message: format!("invalid IRI <{iri}>: {e}"),
    })
}

/// The parser every load uses: triples go to `graph`, relative IRIs resolve against it, and blank
/// nodes are renamed so that two files never share one by accident.
fn rdf_parser(format: RdfFormat, graph: &str, source: &str) -> Result<RdfParser, Error> {
    Ok(RdfParser::from_format(format)
        .with_base_iri(format!("{graph}#"))
        .map_err(|e| Error::Input {
            message: format!("invalid base IRI for {source}: {e}"),
        })?
        .with_default_graph(named_node(graph)?)
        .rename_blank_nodes())
}

/// Parses a whole RDF document; triples go to `graph`.
fn parse_rdf(
    bytes: &[u8],
    format: RdfFormat,
    graph: &str,
    source: &str,
) -> Result<Vec<Quad>, Error> {
    if format == RdfFormat::RdfXml {
        check_xml_complete(bytes, source, &|offset| line_and_column(bytes, offset))?;
    }
    let mut quads = Vec::new();
    for quad in rdf_parser(format, graph, source)?.for_slice(bytes) {
        quads.push(quad.map_err(|e| parse_error(source, format, RdfParseError::Syntax(e)))?);
    }
    Ok(quads)
}

/// Refuses an RDF/XML document that is not well-formed XML to its end. oxigraph's RDF/XML parser
/// stops quietly at the end of the input, so a file cut off in transfer (elements left open, a tag
/// or text cut short) would load half its triples; this reads the XML once, with quick-xml, and
/// names the line where it breaks off.
/// `locate` turns a byte offset into a line and column.
pub(crate) fn check_xml_complete(
    input: impl std::io::BufRead,
    source: &str,
    locate: &dyn Fn(u64) -> (u64, u64),
) -> Result<(), Error> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut open: Vec<(String, u64)> = Vec::new();
    let refuse = |offset: u64, message: String| {
        let (line, column) = locate(offset);
        Error::Parse {
            file: source.to_owned(),
            format: RdfFormat::RdfXml.name().to_owned(),
            line: Some(line),
            column: Some(column),
            message,
        }
    };
    let mut buffer = Vec::new();
    loop {
        let start = reader.buffer_position();
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(element)) => {
                let name = String::from_utf8_lossy(element.name().as_ref()).into_owned();
                open.push((name, start));
            }
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => {
                let mut message = format!("the XML is not well-formed: {error}");
                if message.contains("end of input") {
                    message.push_str("; the file looks cut off, check that it was copied whole");
                }
                return Err(refuse(reader.error_position(), message));
            }
        }
        buffer.clear();
    }
    match open.last() {
        Some((name, opened)) => {
            let (line, _) = locate(*opened);
            Err(refuse(
                reader.buffer_position(),
                format!(
                    "the file ends with {} element{} still open, the innermost <{name}> from line {line}: it looks cut off, check that it was copied whole",
                    open.len(),
                    if open.len() == 1 { "" } else { "s" }
                ),
            ))
        }
        None => Ok(()),
    }
}

/// Reads an input file whole, after [`refuse_device`].
pub fn read_input_file(path: &Path) -> Result<Vec<u8>, String> {
    refuse_device(path)?;
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// A device (`/dev/zero`, a terminal) is refused as an input file at once, since reading one may
/// never end; pipes and regular files are read. The error is one sentence naming the file.
pub fn refuse_device(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if let Ok(metadata) = std::fs::metadata(path) {
            let kind = metadata.file_type();
            if kind.is_char_device() || kind.is_block_device() || kind.is_socket() {
                return Err(format!(
                    "{} is a device, not a file: give the path of a data file",
                    path.display()
                ));
            }
        }
    }
    Ok(())
}

/// The 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_and_column(bytes: &[u8], offset: u64) -> (u64, u64) {
    let before = &bytes[..(offset as usize).min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u64
        + 1;
    (line, column)
}

fn parse_query(
    query: &str,
    source: &str,
    token: &CancellationToken,
) -> Result<oxigraph::sparql::PreparedSparqlQuery, Error> {
    query_text::check_query_text(query).map_err(|reason| Error::Input {
        message: format!("{source}: {reason}"),
    })?;
    let mut evaluator = SparqlEvaluator::new().with_cancellation_token(token.clone());
    for (prefix, iri) in vocab::PREFIXES {
        evaluator = evaluator
            .with_prefix(*prefix, *iri)
            .map_err(|e| Error::Input {
                message: format!("invalid built-in prefix {prefix}: {e}"),
            })?;
    }
    evaluator
        .parse_query(query)
        .map_err(|e| Error::QuerySyntax {
            origin: source.to_owned(),
            message: describe_syntax_error(&e.to_string()),
        })
}

/// The parser's message as one line with its position (`query_text::describe_syntax_error`).
fn describe_syntax_error(message: &str) -> String {
    query_text::describe_syntax_error(message)
        .unwrap_or_else(|| message.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn parse_error(source: &str, format: RdfFormat, error: RdfParseError) -> Error {
    match error {
        RdfParseError::Io(e) => Error::Input {
            message: format!("cannot read {source}: {e}"),
        },
        RdfParseError::Syntax(e) => {
            let (line, column) = e
                .location()
                .map(|l| (Some(l.start.line + 1), Some(l.start.column + 1)))
                .unwrap_or((None, None));
            let message = e.to_string();
            // The Turtle parser prefixes its message with the position; keep only the reason.
            let message = message
                .split_once(": ")
                .filter(|(head, _)| head.starts_with("Parser error"))
                .map_or(message.clone(), |(_, reason)| reason.to_owned());
            Error::Parse {
                file: source.to_owned(),
                format: format.name().to_owned(),
                line,
                column,
                message,
            }
        }
    }
}

/// Cancels a query when its time is up, unless dropped first.
struct Watchdog {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    fn start(timeout: Duration, token: CancellationToken) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(timeout) {
                token.cancel();
            }
        });
        Self {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRAPH: &str = "https://example.org/graph";

    /// Parses `text` as `format`; the error's line, or `None` when it parsed.
    fn error_line(text: &str, format: RdfFormat) -> Option<Option<u64>> {
        match parse_rdf(text.as_bytes(), format, GRAPH, "cut.file") {
            Ok(_) => None,
            Err(Error::Parse { line, .. }) => Some(line),
            Err(other) => panic!("not a parse error: {other}"),
        }
    }

    fn jsonld() -> RdfFormat {
        RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        }
    }

    #[test]
    fn truncated_files_are_refused_in_every_syntax() {
        let cases: [(&str, RdfFormat, &str); 12] = [
            (
                "turtle mid-literal",
                RdfFormat::Turtle,
                "@prefix ex: <http://e/> .\nex:a ex:p \"2",
            ),
            (
                "turtle mid-statement",
                RdfFormat::Turtle,
                "@prefix ex: <http://e/> .\nex:a ex:p ex:b .\nex:c ex:p",
            ),
            (
                "n-triples mid-literal",
                RdfFormat::NTriples,
                "<http://e/a> <http://e/p> \"1\" .\n<http://e/a> <http://e/p> \"2",
            ),
            (
                "n-triples mid-statement",
                RdfFormat::NTriples,
                "<http://e/a> <http://e/p> \"1\" .\n<http://e/a> <http://e/p>",
            ),
            (
                "n-quads mid-statement",
                RdfFormat::NQuads,
                "<http://e/a> <http://e/p> \"1\" <http://e/g> .\n<http://e/a> <http://e/p> \"2\" <http://e/g",
            ),
            (
                "trig open graph",
                RdfFormat::TriG,
                "@prefix ex: <http://e/> .\nex:g {\n  ex:a ex:p ex:b .\n",
            ),
            (
                "trig mid-statement",
                RdfFormat::TriG,
                "@prefix ex: <http://e/> .\nex:g { ex:a ex:p",
            ),
            (
                "rdf/xml open elements",
                RdfFormat::RdfXml,
                "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://e/\">\n<rdf:Description rdf:about=\"http://e/a\">\n<ex:p>2</ex:p>\n",
            ),
            (
                "rdf/xml mid-tag",
                RdfFormat::RdfXml,
                "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://e/\">\n<rdf:Description rdf:about=\"http://e/a\">\n<ex:p>2</ex:p></rdf:Descr",
            ),
            (
                "rdf/xml mid-text",
                RdfFormat::RdfXml,
                "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://e/\">\n<rdf:Description rdf:about=\"http://e/a\">\n<ex:p>2",
            ),
            (
                "json-ld open object",
                jsonld(),
                "{\n  \"@id\": \"http://e/a\",\n  \"http://e/p\": \"2\"\n",
            ),
            (
                "json-ld open array",
                jsonld(),
                "[\n {\"@id\": \"http://e/a\", \"http://e/p\": \"2\"},\n {\"@id\": \"http://e/b\", \"http://e/p\": [\"3\"",
            ),
        ];
        let mut wrong = Vec::new();
        for (name, format, text) in cases {
            match error_line(text, format) {
                None => wrong.push(format!("{name}: accepted")),
                Some(None) => wrong.push(format!("{name}: the error names no line")),
                Some(Some(_)) => {}
            }
        }
        assert!(wrong.is_empty(), "truncated files: {wrong:?}");
    }

    #[test]
    fn complete_files_still_load_in_every_syntax() {
        for (format, text) in [
            (
                RdfFormat::RdfXml,
                "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://e/\"><rdf:Description rdf:about=\"http://e/a\"><ex:p>2</ex:p></rdf:Description></rdf:RDF>\n<!-- done -->\n",
            ),
            (
                jsonld(),
                "{\"@id\": \"http://e/a\", \"http://e/p\": \"2\"}\n",
            ),
            (
                RdfFormat::TriG,
                "@prefix ex: <http://e/> .\nex:g { ex:a ex:p ex:b . }\n",
            ),
        ] {
            assert_eq!(
                error_line(text, format),
                None,
                "{format:?} refused a whole file"
            );
        }
    }
}
