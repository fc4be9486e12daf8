//! The persistent on-disk store (`--store DIR`, cargo feature `rocksdb`): it starts with the bundled
//! data, reading commands answer as they do in memory, loads are atomic (a failed or killed load
//! leaves the previous state), `--data` never writes, and `optimize` and `backup` work.

use crate::common::{TempDir, innomap};

#[cfg(not(feature = "rocksdb"))]
#[test]
fn without_the_backend_store_is_a_usage_error() {
    let dir = TempDir::new("no-backend");
    let store = dir.0.join("store");
    let run = innomap(&["--store", store.to_str().unwrap(), "stats"]).expect_code(2);
    assert!(run.one_line_error().contains("--features rocksdb"));
}

#[cfg(feature = "rocksdb")]
mod on_disk {
    use super::*;
    use innomap::{Store, StoreConfig};
    use std::path::{Path, PathBuf};
    use std::time::{Duration, Instant};

    fn dump(store: &Path) -> Vec<String> {
        let config = StoreConfig {
            location: Some(store.to_owned()),
            ..StoreConfig::default()
        };
        Store::open(&config)
            .expect("the store opens")
            .dump_sorted_nquads()
            .expect("the store dumps")
    }

    fn databases(store: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(store)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().into_string().unwrap())
            .filter(|n| n.starts_with("db-") || n.starts_with("run-"))
            .collect();
        names.sort();
        names
    }

    /// A generated N-Triples file of `organisations` organisations.
    fn generated(dir: &TempDir, organisations: &str, seed: &str) -> PathBuf {
        let path = dir.0.join(format!("generated-{organisations}-{seed}.nt"));
        innomap(&[
            "generate",
            "--scale",
            organisations,
            "--seed",
            seed,
            "-o",
            path.to_str().unwrap(),
        ])
        .ok();
        path
    }

    #[test]
    fn reading_commands_answer_as_in_memory() {
        let dir = TempDir::new("store-same");
        let store = dir.0.join("store");
        let store = store.to_str().unwrap();
        let commands: &[&[&str]] = &[
            &["stats", "--format", "json"],
            &["query", "chain-matrix", "--format", "json"],
            &["query", "direction-gaps", "--format", "csv"],
            &["validate", "--format", "json"],
            &[
                "match",
                "consortium",
                "--direction",
                "T01",
                "--format",
                "json",
            ],
            &[
                "match",
                "partners",
                "--firm",
                "沙钢集团",
                "--format",
                "json",
            ],
            &["export", "--direction", "T19", "--format", "graphml"],
        ];
        for command in commands {
            let memory = innomap(command);
            let mut args = vec!["--store", store];
            args.extend_from_slice(command);
            let disk = innomap(&args);
            assert_eq!(memory.code, disk.code, "{command:?}: {}", disk.stderr);
            assert_eq!(memory.stdout, disk.stdout, "{command:?} differs on disk");
        }
    }

    #[test]
    fn small_loads_persist_replace_and_fail_atomically() {
        let dir = TempDir::new("store-small");
        let store_dir = dir.0.join("store");
        let store = store_dir.to_str().unwrap();
        let file = dir.write(
            "extra.ttl",
            "<https://example.org/a> <https://example.org/p> \"one\" .\n",
        );
        innomap(&["--store", store, "load", &file]).ok();
        let count = |run: crate::common::Run| run.ok().stdout;
        let ask = ["--store", store, "query", "-e"];
        let query = "SELECT ?o WHERE { <https://example.org/a> <https://example.org/p> ?o }";
        let first = count(innomap(
            &[&ask[..], &[query, "--format", "csv", "--no-bom"]].concat(),
        ));
        assert!(first.contains("one"), "{first}");

        dir.write(
            "extra.ttl",
            "<https://example.org/a> <https://example.org/p> \"two\" .\n",
        );
        innomap(&["--store", store, "load", &file]).ok();
        let second = count(innomap(
            &[&ask[..], &[query, "--format", "csv", "--no-bom"]].concat(),
        ));
        assert!(
            second.contains("two") && !second.contains("one"),
            "{second}"
        );

        let before = dump(&store_dir);
        dir.write(
            "extra.ttl",
            "<https://example.org/a> <https://example.org/p> \"three\" .\n<broken",
        );
        let run = innomap(&["--store", store, "load", &file]).expect_code(2);
        assert!(
            run.one_line_error().contains("extra.ttl:2:"),
            "{}",
            run.stderr
        );
        assert_eq!(dump(&store_dir), before);
    }

    #[test]
    fn bulk_loads_replace_their_graph_and_fail_atomically() {
        let dir = TempDir::new("store-bulk");
        let store_dir = dir.0.join("store");
        let store = store_dir.to_str().unwrap();
        let data = generated(&dir, "300", "3");
        let data = data.to_str().unwrap();
        let run = innomap(&["--store", store, "load", "--bulk", data]).ok();
        assert!(run.stdout.contains("bulk loader"), "{}", run.stdout);
        let loaded = dump(&store_dir);
        assert_eq!(databases(&store_dir), ["db-000002"]);

        // Loading the same file again replaces its graph: the same store.
        innomap(&["--store", store, "load", "--bulk", data]).ok();
        assert_eq!(dump(&store_dir), loaded);

        // A file that breaks near its end changes nothing and leaves no database behind.
        let mut text = std::fs::read_to_string(data).unwrap();
        text.push_str("<https://example.org/s> <https://example.org/p> \"unterminated .\n");
        std::fs::write(data, text).unwrap();
        let run = innomap(&["--store", store, "load", "--bulk", data]).expect_code(2);
        assert!(run.one_line_error().contains(data), "{}", run.stderr);
        assert_eq!(dump(&store_dir), loaded);
        assert_eq!(databases(&store_dir), ["db-000003"]);
    }

    #[test]
    fn data_files_are_added_for_one_run_only() {
        let dir = TempDir::new("store-data");
        let store_dir = dir.0.join("store");
        let store = store_dir.to_str().unwrap();
        innomap(&["--store", store, "stats"]).ok();
        let before = dump(&store_dir);
        let file = dir.write(
            "extra.ttl",
            "<https://example.org/a> <https://example.org/p> \"for this run\" .\n",
        );
        let query = "SELECT ?o WHERE { <https://example.org/a> <https://example.org/p> ?o }";
        let run = innomap(&[
            "--store", store, "--data", &file, "query", "-e", query, "--format", "tsv",
        ])
        .ok();
        assert!(run.stdout.contains("for this run"), "{}", run.stdout);
        assert_eq!(dump(&store_dir), before);
        assert_eq!(databases(&store_dir), ["db-000001"]);
    }

    #[test]
    fn optimize_and_backup() {
        let dir = TempDir::new("store-backup");
        let store_dir = dir.0.join("store");
        let store = store_dir.to_str().unwrap();
        innomap(&["--store", store, "optimize"]).ok();
        let backup_dir = dir.0.join("backup");
        let backup = backup_dir.to_str().unwrap();
        innomap(&["--store", store, "backup", backup]).ok();
        assert_eq!(dump(&backup_dir), dump(&store_dir));
        let run = innomap(&["--store", store, "backup", backup]).expect_code(2);
        assert!(run.one_line_error().contains("not empty"), "{}", run.stderr);
        let run = innomap(&["optimize"]).expect_code(2);
        assert!(run.one_line_error().contains("--store"), "{}", run.stderr);
    }

    #[test]
    fn a_directory_that_is_not_a_store_is_refused() {
        let dir = TempDir::new("store-foreign");
        dir.write("notes.txt", "mine");
        let run = innomap(&["--store", dir.0.to_str().unwrap(), "stats"]).expect_code(2);
        assert!(run.one_line_error().contains("notes.txt"), "{}", run.stderr);
        assert_eq!(std::fs::read_dir(&dir.0).unwrap().count(), 1);
    }

    #[test]
    fn a_load_killed_midway_leaves_the_previous_state() {
        let dir = TempDir::new("store-kill");
        let store_dir = dir.0.join("store");
        let store = store_dir.to_str().unwrap();
        let small = generated(&dir, "200", "1");
        innomap(&["--store", store, "load", "--bulk", small.to_str().unwrap()]).ok();
        let before = dump(&store_dir);
        let large = generated(&dir, "county", "2");

        // Kill the load at several moments: while parsing, and later, while the new database is
        // being built, compacted or switched to. Each time the store reopens as it was.
        let mut killed_midway = 0;
        for delay in [300u64, 900, 1800] {
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_innomap"))
                .args(["--store", store, "load", "--bulk", "--quiet"])
                .arg(&large)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let started = Instant::now();
            while started.elapsed() < Duration::from_millis(delay) {
                std::thread::sleep(Duration::from_millis(20));
            }
            if child.try_wait().unwrap().is_none() {
                killed_midway += 1;
            }
            child.kill().unwrap();
            let status = child.wait().unwrap();
            if status.success() {
                break;
            }
            assert_eq!(dump(&store_dir), before, "after a kill at {delay} ms");
            assert_eq!(databases(&store_dir).len(), 1, "stale databases removed");
        }
        assert!(
            killed_midway > 0,
            "the load finished before any kill; use a larger file"
        );
    }

    #[test]
    fn a_store_in_use_by_another_process_is_refused_and_left_alone() {
        let dir = TempDir::new("store-locked");
        let store_dir = dir.0.join("store");
        let store = store_dir.to_str().unwrap();
        innomap(&["--store", store, "stats"]).ok();
        let before = dump(&store_dir);
        // This test process holds the database open (RocksDB's lock file), as `innomap serve`
        // would; another process must be told so, in one line, and write nothing.
        let holder = Store::open(&StoreConfig {
            location: Some(store_dir.clone()),
            ..StoreConfig::default()
        })
        .expect("the store opens");
        // What a bulk load of the holder's would look like on disk: a database that is not (yet)
        // the current one. Another process must not take it for a leftover.
        let in_progress = store_dir.join("db-999999");
        std::fs::create_dir(&in_progress).unwrap();
        std::fs::write(in_progress.join("CURRENT"), "MANIFEST-000001\n").unwrap();
        let ttl = dir.write(
            "extra.ttl",
            "<https://w3id.org/innomap/id/zjg/org/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\"@zh .\n",
        );
        for args in [vec!["stats"], vec!["load", ttl.as_str()]] {
            let mut full = vec!["--store", store];
            full.extend(args.iter().copied());
            let run = innomap(&full).expect_code(1);
            assert!(
                run.one_line_error().contains("in use by another process"),
                "{}",
                run.stderr
            );
        }
        assert!(in_progress.exists(), "a load in progress was removed");
        drop(holder);
        assert_eq!(dump(&store_dir), before);
        // Once nobody holds the store, the next open clears what no process is using.
        assert_eq!(databases(&store_dir).len(), 1);
    }

    /// On a terminal a long bulk load draws a progress line with triples per second, then says it
    /// is compacting; with `--quiet`, or when standard error is not a terminal, nothing is drawn.
    #[test]
    fn a_bulk_load_on_a_terminal_shows_its_progress() {
        let dir = TempDir::new("store-progress");
        let store_dir = dir.0.join("store");
        let data = generated(&dir, "1000", "3");
        // A pseudo-terminal from Python's standard library: innomap's standard error is a tty.
        let script = r#"
import os, pty, subprocess, sys
master, slave = pty.openpty()
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
os.close(slave)
seen = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
sys.stdout.write(seen.decode("utf-8", "replace"))
sys.exit(child.wait())
"#;
        let run = |quiet: bool| {
            let mut command = std::process::Command::new("python3");
            command
                .args(["-c", script, env!("CARGO_BIN_EXE_innomap")])
                .args(["--no-default-data", "--store", store_dir.to_str().unwrap()])
                .args(["load", "--bulk"]);
            if quiet {
                command.arg("--quiet");
            }
            let output = command.arg(&data).output().expect("python3 runs");
            assert!(output.status.success(), "{output:?}");
            String::from_utf8_lossy(&output.stdout).into_owned()
        };
        let drawn = run(false);
        assert!(drawn.contains("triples/s"), "{drawn}");
        assert!(drawn.contains("compacting"), "{drawn}");
        let quiet = run(true);
        assert!(!quiet.contains("triples/s"), "{quiet}");
        // Not a terminal: the same load through pipes draws nothing.
        let piped = innomap(&[
            "--store",
            store_dir.to_str().unwrap(),
            "load",
            "--bulk",
            data.to_str().unwrap(),
        ])
        .ok();
        assert!(!piped.stderr.contains("triples/s"), "{}", piped.stderr);
    }

    fn cache_files(store: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(store.join("cache"))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.file_name().into_string().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// The projected graph and the name index (read only when a targeted lookup does not settle a
    /// name) are saved beside the store and used by later runs,
    /// and every write — a transaction load, a bulk load — makes the next answer the one a fresh
    /// store with the same data gives (never the saved one).
    #[test]
    fn the_saved_projection_and_names_follow_every_write() {
        let dir = TempDir::new("store-cache");
        let store = dir.0.join("store");
        let s = store.to_str().unwrap();
        let ask = [
            "match",
            "consortium",
            "--direction",
            "T01",
            "--format",
            "json",
        ];
        let on_disk = |extra: &[&str]| innomap(&[&["--store", s][..], extra].concat()).ok().stdout;
        let first = on_disk(&ask);
        let saved = cache_files(&store);
        assert!(
            saved.iter().any(|n| n.starts_with("projection-")),
            "{saved:?}"
        );
        assert_eq!(
            on_disk(&ask),
            first,
            "the saved graph gives the same answer"
        );
        assert_eq!(
            first,
            innomap(&ask).ok().stdout,
            "and the same as a store in memory"
        );

        // A new Chinese label for T01's chain: the smallest label is the one shown.
        let chain = "<https://w3id.org/innomap/id/zjg/chain/metallurgy>";
        let relabel = dir.0.join("relabel.ttl");
        std::fs::write(
            &relabel,
            format!("{chain} <http://www.w3.org/2000/01/rdf-schema#label> \"A冶金\"@zh .\n"),
        )
        .unwrap();
        innomap(&["--store", s, "load", relabel.to_str().unwrap()]).ok();
        let after = on_disk(&ask);
        assert_ne!(after, first, "the load changed the answer");
        assert!(after.contains("A冶金"), "{after}");
        assert_eq!(
            after,
            innomap(&[&["--data", relabel.to_str().unwrap()][..], &ask[..]].concat())
                .ok()
                .stdout
        );
        // The names follow too: the new label resolves as typed (a targeted lookup) and after
        // normalisation (the whole index, read again since the write).
        for name in ["chain=A冶金", "chain=ａ冶金"] {
            let run = on_disk(&[
                "query",
                "chain-directions",
                "--param",
                name,
                "--format",
                "csv",
            ]);
            assert!(run.lines().count() > 1, "{name}: {run}");
        }
        assert!(cache_files(&store).contains(&"names.bin".to_owned()));

        // A bulk load switches databases: the answer follows again.
        let bulk = dir.0.join("bulk.ttl");
        std::fs::write(
            &bulk,
            format!("{chain} <http://www.w3.org/2000/01/rdf-schema#label> \"0冶金\"@zh .\n"),
        )
        .unwrap();
        innomap(&["--store", s, "load", "--bulk", bulk.to_str().unwrap()]).ok();
        let bulked = on_disk(&ask);
        assert!(
            bulked.contains("0冶金") && !bulked.contains("A冶金"),
            "{bulked}"
        );
        assert!(
            cache_files(&store).iter().all(|n| !n.ends_with(".tmp")),
            "{:?}",
            cache_files(&store)
        );
        // `--data` runs never use or write the saved graph of the store itself.
        let extra = dir.0.join("extra.ttl");
        std::fs::write(
            &extra,
            format!("{chain} <http://www.w3.org/2000/01/rdf-schema#label> \"+冶金\"@zh .\n"),
        )
        .unwrap();
        let with_data = innomap(
            &[
                &["--store", s, "--data", extra.to_str().unwrap()][..],
                &ask[..],
            ]
            .concat(),
        )
        .ok()
        .stdout;
        assert!(with_data.contains("+冶金"), "{with_data}");
        assert_eq!(on_disk(&ask), bulked);
    }

    /// Named graphs with their numbers of triples.
    type Sizes = Vec<(String, u64)>;

    /// Every named graph's size as `stats` reports it, and as a query counts it.
    fn sizes(store: &str) -> (Sizes, Sizes) {
        let stats = innomap(&["--store", store, "stats", "--format", "json"]).ok();
        let json: serde_json::Value = serde_json::from_str(&stats.stdout).expect("stats JSON");
        let reported: Sizes = json["graphs"]
            .as_array()
            .expect("graphs")
            .iter()
            .map(|g| {
                (
                    g["graph"].as_str().unwrap().to_owned(),
                    g["triples"].as_u64().unwrap(),
                )
            })
            .collect();
        let counted = innomap(&[
            "--store",
            store,
            "query",
            "-e",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY STR(?g)",
            "--format",
            "json",
        ])
        .ok();
        let counted = crate::common::json_rows(&counted)
            .into_iter()
            .map(|row| (row["g"].clone(), row["n"].parse().unwrap()))
            .collect();
        (reported, counted)
    }

    /// Graph sizes are saved and carried across writes, counting only what a write touched: after
    /// every kind of write they are still what a count over the store finds.
    #[test]
    fn graph_sizes_follow_every_write() {
        let dir = TempDir::new("store-sizes");
        let store_dir = dir.0.join("store");
        let store = store_dir.to_str().unwrap();
        let (reported, counted) = sizes(store);
        assert_eq!(reported, counted, "a new store");
        let firm = |n: usize| {
            (0..n)
                .map(|i| {
                    format!(
                        "<https://example.org/f{i}> a <https://w3id.org/innomap/def#Firm> ; \
                         <http://www.w3.org/2000/01/rdf-schema#label> \"企业{i}\"@zh .\n"
                    )
                })
                .collect::<String>()
        };
        let file = dir.write("extra.ttl", &firm(3));
        innomap(&["--store", store, "load", &file]).ok();
        let (reported, counted) = sizes(store);
        assert_eq!(reported, counted, "after a load");
        assert!(
            reported
                .iter()
                .any(|(g, n)| g.ends_with("extra.ttl") && *n == 6),
            "{reported:?}"
        );
        // The same file again, larger: its graph is replaced, and counted again.
        let file = dir.write("extra.ttl", &firm(5));
        innomap(&["--store", store, "load", &file]).ok();
        let (reported, counted) = sizes(store);
        assert_eq!(reported, counted, "after a reload");
        assert!(
            reported
                .iter()
                .any(|(g, n)| g.ends_with("extra.ttl") && *n == 10),
            "{reported:?}"
        );
        innomap(&["--store", store, "score", "--year", "2025", "--save"]).ok();
        let (reported, counted) = sizes(store);
        assert_eq!(reported, counted, "after a score save");
        // Without the saved sizes, every graph is counted: the same answer.
        std::fs::remove_dir_all(store_dir.join("cache")).expect("the cache is removed");
        let (again, _) = sizes(store);
        assert_eq!(again, reported, "counted afresh");
    }
}
