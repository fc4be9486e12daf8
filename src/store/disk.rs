//! The persistent on-disk store (oxigraph's RocksDB backend, cargo feature `rocksdb`).
//!
//! A store directory holds a manifest and one or more RocksDB databases:
//!
//! ```text
//! DIR/innomap-store      manifest: "innomap-store 1", "current = db-000002", "generation = …"
//! DIR/db-000002/         the live database
//! DIR/run-<pid>-<n>/     a private copy for one run that adds --data files (removed at exit)
//! DIR/cache/             derived data keyed by the generation (src/store/cache.rs)
//! ```
//!
//! The **generation** names the store's content: a fresh, unique token written to the manifest
//! before every write through innomap (load, import, SPARQL update, Graph Store Protocol, `score
//! --save`) and by every bulk load with its switch. Derived data saved under one generation (the
//! projected graph, the name index) is used only while the manifest names the same generation, so a
//! write always invalidates it — and a write that fails after the bump costs one rebuild, never a
//! stale answer. Writes made by other programs straight into the database are not seen.
//!
//! Small loads (and imports, and SPARQL updates) are RocksDB transactions on the live database.
//! A bulk load works on a new database instead: a RocksDB checkpoint of the live one (hard links,
//! so it costs next to nothing), where the file's graph is cleared, the file is bulk-loaded and
//! the result compacted. Only then does the manifest switch to it, by an atomic rename. A process
//! killed at any point before the rename leaves the manifest naming the old, untouched database;
//! the next open removes every database the manifest does not name — once it holds the live
//! database's lock, so that a process refused because the store is in use never removes another
//! process's load in progress.

use super::derived::Freshness;
use super::{LoadReport, Store, file_graph_iri, named_node, parse_error, rdf_parser};
use crate::base::error::Error;
use oxigraph::io::RdfFormat;
use oxigraph::model::GraphNameRef;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

const MANIFEST: &str = "innomap-store";
const MANIFEST_HEADER: &str = "innomap-store 1";
/// The directory of derived data inside a store directory.
const CACHE: &str = "cache";

/// Files at least this large are bulk-loaded (a transaction holds the whole file in memory).
pub const BULK_THRESHOLD_BYTES: u64 = 16 * 1024 * 1024;

/// What the on-disk store keeps beside the oxigraph handle.
pub(super) struct Disk {
    /// The store directory.
    dir: PathBuf,
    /// The database the manifest names (a directory name inside `dir`).
    current: String,
    /// A private copy opened for this run only, removed on drop.
    run_copy: Option<PathBuf>,
    /// The generation the manifest names (see the module documentation).
    generation: Mutex<String>,
}

impl Drop for Disk {
    fn drop(&mut self) {
        if let Some(copy) = self.run_copy.take() {
            let _ = fs::remove_dir_all(copy);
        }
    }
}

impl Store {
    /// Opens (or initialises) the store in `dir`.
    pub(super) fn open_on_disk(dir: &Path, no_default_data: bool) -> Result<Self, Error> {
        fs::create_dir_all(dir).map_err(|e| Error::Storage {
            message: format!("cannot create the store directory {}: {e}", dir.display()),
        })?;
        let Manifest {
            current,
            generation,
            derived,
        } = match read_manifest(dir)? {
            Some(manifest) => manifest,
            None => initialise(dir, no_default_data)?,
        };
        let inner = open_database(dir, &dir.join(&current))?;
        // Only with the live database's lock held: while another process holds it, a database that
        // is not current may be that process's bulk load in progress.
        remove_stale(dir, &current);
        // Derived graphs computed for another generation than the content's (a process stopped
        // between a write and its refresh, or a store older than the derived graphs) are stale;
        // those computed by a binary whose definition of a set differs, that set only.
        let freshness = match derived.as_deref() {
            Some(stamp) if stamp == derived_stamp(&generation) => Freshness::default(),
            Some(stamp) => match stamp_set_versions(stamp, &generation) {
                Some(known) => Freshness::stale_sets(&known),
                None => Freshness::stale(),
            },
            None => Freshness::stale(),
        };
        Ok(Self {
            inner,
            freshness,
            location: Some(dir.to_owned()),
            disk: Some(Disk {
                dir: dir.to_owned(),
                current,
                run_copy: None,
                generation: Mutex::new(generation),
            }),
            remote: None,
            sizes: Default::default(),
        })
    }

    /// The generation of the on-disk store's content, or `None` in memory and for a run with a
    /// private copy (`--data`), whose content is this run's own.
    pub fn generation(&self) -> Option<String> {
        let disk = self.disk.as_ref().filter(|d| d.run_copy.is_none())?;
        Some(
            disk.generation
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
        )
    }

    /// The directory derived data of this generation is kept in, when there is one.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        let disk = self.disk.as_ref().filter(|d| d.run_copy.is_none())?;
        Some(disk.dir.join(CACHE))
    }

    /// Records in the manifest that the derived graph is current for the present generation (after
    /// a refresh). A private copy for one run (`--data`) has no manifest of its own: nothing to do.
    pub(super) fn record_derived_current(&self) -> Result<(), Error> {
        let Some(disk) = self.disk.as_ref().filter(|d| d.run_copy.is_none()) else {
            return Ok(());
        };
        let generation = disk
            .generation
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let stamp = derived_stamp(&generation);
        write_manifest(&disk.dir, &disk.current, &generation, Some(&stamp)).map_err(|e| {
            Error::Storage {
                message: format!(
                    "cannot write the store manifest in {}: {e}",
                    disk.dir.display()
                ),
            }
        })
    }

    /// Called before every write: gives the store a new generation, so that nothing derived from the
    /// old content is used again (see the module documentation).
    pub(super) fn begin_write(&self, graph: Option<&str>) -> Result<(), Error> {
        let Some(disk) = self.disk.as_ref().filter(|d| d.run_copy.is_none()) else {
            return Ok(());
        };
        self.note_write(graph);
        let mut generation = disk
            .generation
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let fresh = fresh_generation();
        write_manifest(&disk.dir, &disk.current, &fresh, None).map_err(|e| Error::Storage {
            message: format!(
                "cannot write the store manifest in {}: {e}; nothing was changed",
                disk.dir.display()
            ),
        })?;
        *generation = fresh;
        Ok(())
    }

    /// Switches this handle to a private copy of the on-disk store, so that files added for this run
    /// (`--data`) are never written to the store itself. The copy is removed when the store is dropped.
    pub(super) fn use_private_copy(&mut self) -> Result<(), Error> {
        let Some(disk) = self.disk.as_mut() else {
            return Ok(());
        };
        let copy = disk
            .dir
            .join(format!("run-{}-{}", std::process::id(), unique_suffix()));
        self.inner.backup(&copy).map_err(|e| Error::Storage {
            message: format!("cannot copy the store in {}: {e}", disk.dir.display()),
        })?;
        disk.run_copy = Some(copy.clone());
        self.inner = open_database(&disk.dir, &copy)?;
        Ok(())
    }

    /// Loads an RDF file with oxigraph's bulk loader into the graph named after the file, replacing
    /// what that graph held, atomically (see the module documentation). In memory, or for a run with
    /// a private copy, this is [`Store::load_file`].
    pub fn bulk_load_file(
        &mut self,
        path: &Path,
        format: Option<RdfFormat>,
        progress: bool,
    ) -> Result<LoadReport, Error> {
        let usable = self.disk.as_ref().is_some_and(|d| d.run_copy.is_none());
        if !usable {
            return self.load_file(path, format);
        }
        let format = match format {
            Some(format) => format,
            None => super::format_from_extension(path)?,
        };
        super::refuse_device(path).map_err(|message| Error::Input { message })?;
        let open = || {
            File::open(path).map_err(|e| Error::Input {
                message: format!("cannot read {}: {e}", path.display()),
            })
        };
        if format == RdfFormat::RdfXml {
            // As in memory (`parse_rdf`): a cut-off RDF/XML file is refused before anything is
            // written. The line of a break is found by reading the file again up to it.
            let locate = |offset: u64| {
                let mut head = Vec::new();
                if let Ok(file) = File::open(path) {
                    let _ = file.take(offset).read_to_end(&mut head);
                }
                super::line_and_column(&head, offset)
            };
            super::check_xml_complete(
                io::BufReader::new(open()?),
                &path.display().to_string(),
                &locate,
            )?;
        }
        let file = open()?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let graph = file_graph_iri(&absolute);
        let graph_node = named_node(&graph)?;
        let source = path.display().to_string();

        self.note_write(Some(&graph));
        let disk = self.disk.as_ref().expect("checked above");
        let dir = disk.dir.clone();
        let next = next_database_name(&disk.current);
        let next_path = dir.join(&next);
        let _ = fs::remove_dir_all(&next_path);
        self.inner.backup(&next_path).map_err(|e| Error::Storage {
            message: format!("cannot copy the store in {}: {e}", dir.display()),
        })?;
        // From here on, any failure removes the new database and leaves the store as it was.
        let discard = |error: Error| {
            let _ = fs::remove_dir_all(&next_path);
            error
        };
        let staged = open_database(&dir, &next_path).map_err(discard)?;
        let replaced = staged
            .quads_for_pattern(None, None, None, Some(graph_node.as_ref().into()))
            .count();
        let loaded = (|| {
            staged
                .clear_graph(GraphNameRef::NamedNode(graph_node.as_ref()))
                .map_err(Error::storage)?;
            let (quads, bar) = bulk_load(&staged, file, size, format, &graph, &source, progress)?;
            if let Some(bar) = &bar {
                bar.compacting(size, quads);
            }
            staged.optimize().map_err(Error::storage)?;
            if let Some(bar) = bar {
                bar.finish();
            }
            Ok(quads)
        })();
        let quads = match loaded {
            Ok(quads) => quads,
            Err(error) => {
                drop(staged);
                return Err(discard(error));
            }
        };
        let generation = fresh_generation();
        write_manifest(&dir, &next, &generation, None).map_err(|e| {
            discard(Error::Storage {
                message: format!("cannot write the store manifest in {}: {e}", dir.display()),
            })
        })?;
        // The manifest names the new database: switch to it and remove the old one.
        let old = std::mem::replace(&mut self.inner, staged);
        drop(old);
        let disk = self.disk.as_mut().expect("checked above");
        let _ = fs::remove_dir_all(dir.join(&disk.current));
        disk.current = next;
        *disk
            .generation
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = generation;
        // The file's triples were not read here (the bulk loader streams them): every set may change.
        self.mark_derived_stale(&super::footprint::Footprint::everything());
        Ok(LoadReport {
            graph,
            quads,
            replaced,
        })
    }

    /// Compacts the on-disk store (RocksDB full compaction), which speeds up reads after large loads.
    pub fn optimize(&self) -> Result<(), Error> {
        self.require_disk("optimize")?;
        self.inner.optimize().map_err(Error::storage)
    }

    /// Writes a consistent snapshot of the on-disk store to `target`, a new or empty directory,
    /// which is then itself a store (`--store TARGET`). On the same file system the snapshot
    /// shares the immutable database files through hard links.
    pub fn backup(&self, target: &Path) -> Result<(), Error> {
        self.require_disk("backup")?;
        if target.exists() {
            let empty = target
                .read_dir()
                .map(|mut entries| entries.next().is_none())
                .unwrap_or(false);
            if !empty {
                return Err(Error::Usage(format!(
                    "the backup directory {} exists and is not empty: give a new or empty directory",
                    target.display()
                )));
            }
        }
        fs::create_dir_all(target).map_err(|e| Error::Storage {
            message: format!("cannot create {}: {e}", target.display()),
        })?;
        let database = first_database_name();
        self.inner
            .backup(target.join(&database))
            .map_err(|e| Error::Storage {
                message: format!("cannot write the backup to {}: {e}", target.display()),
            })?;
        write_manifest(target, &database, &fresh_generation(), None).map_err(|e| Error::Storage {
            message: format!(
                "cannot write the store manifest in {}: {e}",
                target.display()
            ),
        })
    }

    fn require_disk(&self, what: &str) -> Result<(), Error> {
        if self.disk.is_some() {
            Ok(())
        } else {
            Err(Error::Usage(format!(
                "{what} works on an on-disk store: give --store DIR"
            )))
        }
    }
}

/// Streams `file` through the parser into oxigraph's bulk loader, with a progress bar when asked.
fn bulk_load(
    store: &oxigraph::store::Store,
    file: File,
    size: u64,
    format: RdfFormat,
    graph: &str,
    source: &str,
    progress: bool,
) -> Result<(usize, Option<Progress>), Error> {
    let read = Arc::new(AtomicU64::new(0));
    let reader = io::BufReader::with_capacity(
        1 << 20,
        CountingReader {
            inner: file,
            read: Arc::clone(&read),
        },
    );
    let bar = progress.then(|| Progress::new(size, source));
    let mut count = 0usize;
    let mut failure = None;
    let quads = rdf_parser(format, graph, source)?
        .for_reader(reader)
        .map_while(|quad| match quad {
            Ok(quad) => {
                count += 1;
                if count % 65_536 == 0
                    && let Some(bar) = &bar
                {
                    bar.update(read.load(Ordering::Relaxed), count);
                }
                Some(quad)
            }
            Err(error) => {
                failure = Some(error);
                None
            }
        });
    let mut loader = store.bulk_loader();
    loader.load_quads(quads).map_err(Error::storage)?;
    if let Some(error) = failure {
        return Err(parse_error(source, format, error));
    }
    loader.commit().map_err(Error::storage)?;
    Ok((count, bar))
}

/// A progress line on standard error: bytes read, triples and triples per second.
struct Progress {
    bar: indicatif::ProgressBar,
    start: Instant,
}

impl Progress {
    fn new(size: u64, source: &str) -> Self {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(size),
            indicatif::ProgressDrawTarget::stderr_with_hz(4),
        );
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{prefix} [{bar:30}] {bytes}/{total_bytes} {msg} ({eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_prefix(source.to_owned());
        Self {
            bar,
            start: Instant::now(),
        }
    }

    fn update(&self, bytes: u64, triples: usize) {
        self.bar.set_position(bytes);
        let seconds = self.start.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{triples} triples, {:.0} triples/s",
            triples as f64 / seconds
        ));
    }

    /// Parsing is over; the compaction that follows can take as long again on large files.
    fn compacting(&self, size: u64, triples: usize) {
        self.bar.set_position(size);
        let seconds = self.start.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{triples} triples, {:.0} triples/s; compacting",
            triples as f64 / seconds
        ));
        self.bar.force_draw();
    }

    fn finish(self) {
        self.bar.finish_and_clear();
    }
}

struct CountingReader {
    inner: File,
    read: Arc<AtomicU64>,
}

impl Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn open_database(dir: &Path, path: &Path) -> Result<oxigraph::store::Store, Error> {
    oxigraph::store::Store::open(path).map_err(|e| {
        let text = e.to_string();
        let message = if text.contains("lock") || text.contains("LOCK") {
            format!(
                "the store in {} is in use by another process (an `innomap serve`, or a load still running): stop it and try again",
                dir.display()
            )
        } else {
            format!("cannot open the store in {}: {text}", dir.display())
        };
        Error::Storage { message }
    })
}

/// What the manifest says.
struct Manifest {
    /// The live database's directory name.
    current: String,
    /// The content's generation.
    generation: String,
    /// The generation the derived graph was computed for (`super::derived`), if any.
    derived: Option<String>,
}

/// The database the manifest names, or `None` for a directory that is not yet a store.
fn read_manifest(dir: &Path) -> Result<Option<Manifest>, Error> {
    let path = dir.join(MANIFEST);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            check_can_initialise(dir)?;
            return Ok(None);
        }
        Err(e) => {
            return Err(Error::Storage {
                message: format!("cannot read {}: {e}", path.display()),
            });
        }
    };
    let mut lines = text.lines();
    let current = (lines.next() == Some(MANIFEST_HEADER))
        .then(|| lines.next())
        .flatten()
        .and_then(|line| line.strip_prefix("current = "))
        .filter(|name| is_database_name(name) && dir.join(name).is_dir());
    // A manifest written before generations existed names none: its content gets the generation
    // "0-<database>", which no cache was ever saved under.
    let generation = lines
        .next()
        .and_then(|line| line.strip_prefix("generation = "))
        .filter(|g| is_generation(g));
    // A manifest written before the derived graph existed names none: it is computed at first read.
    let derived = lines
        .next()
        .and_then(|line| line.strip_prefix("derived = "))
        .map(str::to_owned);
    match current {
        Some(current) => Ok(Some(Manifest {
            current: current.to_owned(),
            generation: generation.map_or_else(|| format!("0-{current}"), str::to_owned),
            derived,
        })),
        None => Err(Error::Storage {
            message: format!(
                "{} is damaged or names a missing database: restore the store from a backup (`innomap backup`)",
                path.display()
            ),
        }),
    }
}

fn is_generation(token: &str) -> bool {
    !token.is_empty()
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A directory can become a store when it holds nothing but leftovers of an interrupted start.
fn check_can_initialise(dir: &Path) -> Result<(), Error> {
    if dir.join("CURRENT").exists() {
        return Err(Error::Usage(format!(
            "{} holds a plain oxigraph database, not an innomap store: give a new or empty directory and `innomap --store DIR load` the data",
            dir.display()
        )));
    }
    let foreign = entries(dir).into_iter().find(|name| {
        !(is_database_name(name) || name.starts_with("run-") || name == ".tmp" || name == CACHE)
    });
    match foreign {
        Some(name) => Err(Error::Usage(format!(
            "{} is not empty (it holds {name}) and is not an innomap store: give a new or empty directory",
            dir.display()
        ))),
        None => Ok(()),
    }
}

/// Creates the first database, with the bundled data unless told otherwise, then the manifest.
fn initialise(dir: &Path, no_default_data: bool) -> Result<Manifest, Error> {
    for name in entries(dir) {
        let _ = fs::remove_dir_all(dir.join(name));
    }
    let name = first_database_name();
    let store = Store {
        inner: open_database(dir, &dir.join(&name))?,
        freshness: Freshness::stale(),
        location: Some(dir.to_owned()),
        disk: None,
        remote: None,
        sizes: Default::default(),
    };
    if !no_default_data {
        store.load_bundled()?;
    }
    store.inner.flush().map_err(Error::storage)?;
    drop(store);
    let generation = fresh_generation();
    write_manifest(dir, &name, &generation, None).map_err(|e| Error::Storage {
        message: format!("cannot write the store manifest in {}: {e}", dir.display()),
    })?;
    Ok(Manifest {
        current: name,
        generation,
        derived: None,
    })
}

/// Removes databases the manifest does not name (an interrupted bulk load) and private copies of
/// runs that are no longer running.
fn remove_stale(dir: &Path, current: &str) {
    for name in entries(dir) {
        let stale = if is_database_name(&name) {
            name != current
        } else if let Some(rest) = name.strip_prefix("run-") {
            let pid = rest.split('-').next().unwrap_or("");
            !Path::new("/proc").join(pid).exists()
        } else {
            false
        };
        if stale {
            let _ = fs::remove_dir_all(dir.join(name));
        }
    }
}

/// Writes the manifest atomically: a temporary file, synced, renamed over the old one.
/// What the manifest's `derived = …` line says when the derived graphs are current: the generation
/// they were computed for, and the version of the derived sets that computed them.
/// Each set's version follows (`name=hex`), so that a binary that changed one set's definition
/// recomputes that set only.
fn derived_stamp(generation: &str) -> String {
    let mut stamp = format!("{generation} sets-{:016x}", super::derived::VERSION);
    for (name, version) in super::derived::set_versions() {
        stamp.push_str(&format!(" {name}={version:016x}"));
    }
    stamp
}

/// The versions of the sets a stamp of this generation records; `None` for a stamp of another
/// generation (then every set is stale).
fn stamp_set_versions(
    stamp: &str,
    generation: &str,
) -> Option<std::collections::HashMap<String, u64>> {
    let mut words = stamp.split(' ');
    if words.next() != Some(generation) {
        return None;
    }
    Some(
        words
            .filter_map(|word| word.split_once('='))
            .filter_map(|(name, hex)| Some((name.to_owned(), u64::from_str_radix(hex, 16).ok()?)))
            .collect(),
    )
}

/// `derived`: the generation the derived graph is current for, when it is.
fn write_manifest(
    dir: &Path,
    current: &str,
    generation: &str,
    derived: Option<&str>,
) -> io::Result<()> {
    let temporary = dir.join(format!("{MANIFEST}.tmp"));
    {
        let mut file = File::create(&temporary)?;
        writeln!(file, "{MANIFEST_HEADER}")?;
        writeln!(file, "current = {current}")?;
        writeln!(file, "generation = {generation}")?;
        if let Some(derived) = derived {
            writeln!(file, "derived = {derived}")?;
        }
        file.sync_all()?;
    }
    fs::rename(&temporary, dir.join(MANIFEST))?;
    File::open(dir)?.sync_all()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| entry.file_name().into_string().ok())
                .filter(|name| name != MANIFEST && name != &format!("{MANIFEST}.tmp"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn is_database_name(name: &str) -> bool {
    name.strip_prefix("db-")
        .is_some_and(|n| n.len() == 6 && n.bytes().all(|b| b.is_ascii_digit()))
}

fn first_database_name() -> String {
    "db-000001".to_owned()
}

fn next_database_name(current: &str) -> String {
    let n: u32 = current
        .strip_prefix("db-")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    format!("db-{:06}", (n % 999_999) + 1)
}

/// A generation no store has had: the clock in nanoseconds and this process's id.
fn fresh_generation() -> String {
    format!("{:x}-{:x}", unique_suffix(), std::process::id())
}

fn unique_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_names_count_up() {
        assert!(is_database_name("db-000001"));
        assert!(!is_database_name("db-1"));
        assert!(!is_database_name("run-1-2"));
        assert_eq!(next_database_name("db-000001"), "db-000002");
        assert_eq!(next_database_name("db-999999"), "db-000001");
    }

    #[test]
    fn the_derived_stamp_records_each_sets_version_for_its_generation() {
        let stamp = derived_stamp("g1");
        let known = stamp_set_versions(&stamp, "g1").expect("the generation matches");
        let expected: std::collections::HashMap<String, u64> =
            super::super::derived::set_versions()
                .map(|(name, version)| (name.to_owned(), version))
                .collect();
        assert_eq!(known, expected);
        assert!(stamp_set_versions(&stamp, "g2").is_none());
        // A stamp written before sets had versions of their own: every set is unknown.
        assert_eq!(
            stamp_set_versions("g1 sets-0123456789abcdef", "g1").map(|known| known.len()),
            Some(0)
        );
    }
}
