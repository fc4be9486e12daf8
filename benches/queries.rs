//! Latency of the canned queries (queries/*.rq) at county and province scale.
//!
//! `cargo bench --bench queries -- [--scale county,province] [--runs N] [--budget SECONDS]
//! [--timeout SECONDS] [--only NAME,…] [--skip NAME,…] [--dump DIR] [--store DIR]`
//!
//! For each scale: synthetic data (`innomap::generate`, seed 7, as the matching bench) loaded into an
//! in-memory store on top of the bundled data — what `innomap --data FILE query …` sees — then every
//! canned query run `--runs` times (default 20; fewer when one query's runs pass `--budget`
//! seconds, default 20, but at least 3), printing p50 and p95 per query against the goals (p95 ≤
//! 100 ms at county scale, ≤ 300 ms at province scale). Nothing fails: queries over the goal are
//! marked. Queries run with their parameters omitted (every chain, direction…: the largest answer)
//! and, when they declare parameters, once more bound to a sample value taken from the generated
//! data (for `firm-collaborators`, whose firm is required, only bound: the generated firm with the
//! most collaborations). Each query has a timeout (`--timeout SECONDS`, default 120); a query that
//! ignores the cancellation and runs past twice the timeout stops the bench (rerun with `--skip`).
//!
//! `--dump DIR` writes every answer, rows sorted, to `DIR/<scale>/<query>[@params].tsv`, so that a
//! rewritten query can be checked to answer exactly as before (`diff -r`).
//!
//! `--store DIR` measures an existing store instead (on disk with the `rocksdb` feature; it should
//! already hold the data), opened as the CLI opens it.

use innomap::base::queries::{LIBRARY, ParamType, parse_header};
use innomap::features::generate::Scale;
use innomap::{QueryAnswer, QueryOptions, Store, StoreConfig};
use oxigraph::model::{Literal, Term};
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod support;

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
}

/// One place the queries run against, with its goal.
struct Target {
    name: String,
    store: Store,
    goal: Duration,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = arg(&args, "--runs").unwrap_or(20);
    let timeout = Duration::from_secs_f64(arg(&args, "--timeout").unwrap_or(120.0));
    let budget = Duration::from_secs_f64(arg(&args, "--budget").unwrap_or(20.0));
    let only: Option<Vec<String>> = arg::<String>(&args, "--only")
        .map(|list| list.split(',').map(|s| s.trim().to_owned()).collect());
    let skip: Vec<String> = arg::<String>(&args, "--skip")
        .map(|list| list.split(',').map(|s| s.trim().to_owned()).collect())
        .unwrap_or_default();
    let dump: Option<PathBuf> = arg(&args, "--dump");
    let scales: Vec<String> = arg::<String>(&args, "--scale")
        .unwrap_or_else(|| "county,province".into())
        .split(',')
        .map(|s| s.trim().to_owned())
        .collect();

    let targets: Box<dyn Iterator<Item = Target>> = match arg::<PathBuf>(&args, "--store") {
        Some(dir) => {
            let goal_ms: u64 = arg(&args, "--goal-ms").unwrap_or(300);
            let store = Store::open(&StoreConfig {
                location: Some(dir.clone()),
                ..StoreConfig::default()
            })
            .expect("the store opens");
            Box::new(std::iter::once(Target {
                name: format!("store {}", dir.display()),
                store,
                goal: Duration::from_millis(goal_ms),
            }))
        }
        None => Box::new(scales.into_iter().map(|scale| generated(&scale))),
    };
    let selection = Selection {
        only: only.as_deref(),
        skip: &skip,
    };
    for target in targets {
        measure(&target, runs, budget, timeout, &selection, dump.as_deref());
    }
}

/// The bundled data plus generated data of `scale` (seed 7) in an in-memory store.
fn generated(scale_name: &str) -> Target {
    let scale: Scale = scale_name
        .parse()
        .expect("a scale: county, province or a number");
    let goal = match scale {
        Scale::County => Duration::from_millis(100),
        _ => Duration::from_millis(300),
    };
    let started = Instant::now();
    let (store, generated) = support::bundled_with_generated(scale);
    let loaded = started.elapsed().as_secs_f64();
    // Once more, timed alone: what a write that touches every set (a bulk load) pays for its
    // derived facts at this size.
    let derived = store.refresh_all_derived().expect("the derived facts");
    println!(
        "\nscale {scale_name}: {} organisations, {} triples generated (seed 7) and loaded with the bundled data in {loaded:.1} s; derived facts: {} triples in {:.2} s",
        generated.organisations, generated.triples, derived.triples, derived.seconds
    );
    for (set, triples, seconds) in &derived.sets {
        println!("  derived set {set}: {triples} triples in {seconds:.2} s");
    }
    Target {
        name: scale_name.to_owned(),
        store,
        goal,
    }
}

/// Which canned queries to run.
struct Selection<'a> {
    only: Option<&'a [String]>,
    skip: &'a [String],
}

impl Selection<'_> {
    fn includes(&self, name: &str) -> bool {
        self.only
            .is_none_or(|names| names.iter().any(|n| n == name))
            && !self.skip.iter().any(|n| n == name)
    }
}

/// Exits the process when a query runs far past its timeout: oxigraph checks the cancellation token
/// only between solutions, so a query stuck in one long join (e.g. a property path with both ends
/// open inside FILTER NOT EXISTS) ignores it and would hold the bench, and a CPU, forever.
struct Watchdog {
    sender: std::sync::mpsc::Sender<()>,
}

impl Watchdog {
    fn start(name: String, limit: Duration) -> Watchdog {
        let (sender, receiver) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = receiver.recv_timeout(limit) {
                println!(
                    "| {name} | | did not finish within {:.0} s and ignored cancellation: stopping; rerun with --skip {name} |",
                    limit.as_secs_f64()
                );
                std::process::exit(1);
            }
        });
        Watchdog { sender }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let _ = self.sender.send(());
    }
}

/// Sample parameter values from the data: generated entities where there are any.
struct Samples {
    chain: Option<Term>,
    direction: Option<Term>,
    firm: Option<Term>,
    year: Option<Term>,
}

fn first_term(store: &Store, query: &str) -> Option<Term> {
    let solutions = store.select(query).expect("a sample query");
    solutions.rows.first().and_then(|row| row[0].clone())
}

impl Samples {
    fn find(store: &Store) -> Samples {
        // The largest of each: at county scale and above these are generated entities, and the
        // queries' answers for them are the largest a user would ask for.
        Samples {
            chain: first_term(
                store,
                "SELECT ?chain (COUNT(?firm) AS ?n) WHERE { ?chain a im:Chain . \
                 OPTIONAL { ?firm im:inChain ?chain } } GROUP BY ?chain ORDER BY DESC(?n) ?chain LIMIT 1",
            ),
            direction: first_term(
                store,
                "SELECT ?direction (COUNT(?c) AS ?n) WHERE { ?direction a im:Direction ; \
                 im:requiresCapability ?c } GROUP BY ?direction ORDER BY DESC(?n) ?direction LIMIT 1",
            ),
            firm: first_term(
                store,
                "SELECT ?firm (COUNT(?c) AS ?n) WHERE { ?firm a im:Firm . ?c im:participant ?firm } \
                 GROUP BY ?firm ORDER BY DESC(?n) ?firm LIMIT 1",
            ),
            year: first_term(
                store,
                "SELECT (MAX(?y) AS ?year) WHERE { ?figures a im:AnnualFigures ; im:year ?y }",
            ),
        }
    }

    /// A value for a declared parameter, or `None` when there is no sensible one.
    fn value(&self, name: &str, ty: ParamType) -> Option<Term> {
        match (name, ty) {
            ("chain", _) => self.chain.clone(),
            ("direction", _) => self.direction.clone(),
            ("firm", _) => self.firm.clone(),
            (_, ParamType::Country) => Some(Term::from(Literal::new_simple_literal("US"))),
            (_, ParamType::Integer) => self.year.clone(),
            _ => None,
        }
    }
}

/// A short name for a bound value: the IRI's last segment or the literal's value.
fn short(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().rsplit('/').next().unwrap_or("").to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

fn measure(
    target: &Target,
    runs: usize,
    budget: Duration,
    timeout: Duration,
    selection: &Selection<'_>,
    dump: Option<&std::path::Path>,
) {
    let samples = Samples::find(&target.store);
    let goal_ms = target.goal.as_secs_f64() * 1000.0;
    println!(
        "\n| query ({}) | parameters | rows | runs | p50 | p95 | p95 ≤ {goal_ms:.0} ms |",
        target.name
    );
    println!("|---|---|---|---|---|---|---|");
    let mut over = Vec::new();
    for query in LIBRARY {
        if !selection.includes(query.name) {
            continue;
        }
        let header = parse_header(query.text, query.name).expect("a valid header");
        let required = header.params.iter().any(|p| !p.optional);
        let bound: Vec<(String, Term)> = header
            .params
            .iter()
            .filter_map(|p| samples.value(&p.name, p.ty).map(|v| (p.name.clone(), v)))
            .collect();
        let mut variants: Vec<Vec<(String, Term)>> = Vec::new();
        if !required {
            variants.push(Vec::new());
        }
        if !bound.is_empty() {
            variants.push(bound);
        }
        for bindings in variants {
            let label = bindings
                .iter()
                .map(|(name, value)| format!("{name}={}", short(value)))
                .collect::<Vec<_>>()
                .join(" ");
            let options = QueryOptions {
                timeout: Some(timeout),
                bindings,
            };
            let mut times = Vec::new();
            let mut answer = None;
            let started = Instant::now();
            while times.len() < runs && (times.len() < 3 || started.elapsed() < budget) {
                let start = Instant::now();
                let _watchdog = Watchdog::start(query.name.to_owned(), timeout * 2);
                match target.store.query(query.text, query.name, &options) {
                    Ok(result) => {
                        times.push(start.elapsed());
                        answer.get_or_insert(result);
                    }
                    Err(error) => {
                        println!("| {} | {label} | {error} | | | | over |", query.name);
                        break;
                    }
                }
            }
            let Some(answer) = answer else { continue };
            times.sort();
            let pick = |q: f64| {
                let i = ((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1;
                times[i].as_secs_f64() * 1000.0
            };
            let (p50, p95) = (pick(0.5), pick(0.95));
            let rows = sorted_rows(&answer);
            let met = p95 <= goal_ms;
            if !met {
                over.push(format!("{} {label}", query.name).trim().to_owned());
            }
            println!(
                "| {} | {} | {} | {} | {p50:.1} ms | {p95:.1} ms | {} |",
                query.name,
                if label.is_empty() { "—" } else { &label },
                rows.len(),
                times.len(),
                if met { "yes" } else { "**over**" }
            );
            if let Some(dir) = dump {
                let dir = dir.join(target.name.replace(['/', ' '], "_"));
                std::fs::create_dir_all(&dir).expect("the dump directory");
                let file = if label.is_empty() {
                    format!("{}.tsv", query.name)
                } else {
                    format!("{}@{}.tsv", query.name, label.replace([' ', '='], "_"))
                };
                std::fs::write(dir.join(file), rows.join("\n") + "\n").expect("the dump file");
            }
        }
    }
    if over.is_empty() {
        println!("\nevery query meets the goal at {}", target.name);
    } else {
        println!("\nover the goal at {}: {}", target.name, over.join(", "));
    }
}

/// The answer as sorted lines of tab-separated N-Triples terms (empty cells for unbound values).
fn sorted_rows(answer: &QueryAnswer) -> Vec<String> {
    let mut rows: Vec<String> = match answer {
        QueryAnswer::Solutions(solutions) => solutions
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| cell.as_ref().map(Term::to_string).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("\t")
            })
            .collect(),
        QueryAnswer::Boolean(value) => vec![value.to_string()],
        QueryAnswer::Graph(triples) => triples.iter().map(ToString::to_string).collect(),
    };
    rows.sort();
    rows
}
