//! Command-line parsing (clap) and dispatch: clap types stay here and are converted into the
//! library's option structs.

mod analyze;
mod evaluate;
mod export;
mod import;
mod matching;
mod remote;
mod score;
mod serve;

use anyhow::Context as _;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use innomap::base::queries;
use innomap::{
    Error, Lang, OutputFormat, QueryAnswer, QueryOptions, RenderOptions, Store, StoreConfig,
};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// 产业科技创新资源图谱 — the industry–technology innovation resource map of a city, in RDF, with the
/// tools its analysts use on it.
#[derive(Debug, Parser)]
#[command(name = "innomap", version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct GlobalArgs {
    /// Persistent on-disk store directory (needs the `rocksdb` build feature); in memory without it.
    #[arg(long, global = true, value_name = "DIR")]
    store: Option<PathBuf>,
    /// An extra RDF file to add for this run only (repeat for several).
    #[arg(long, global = true, value_name = "FILE")]
    data: Vec<PathBuf>,
    /// Start from an empty store instead of the bundled Zhangjiagang dataset.
    #[arg(long, global = true)]
    no_default_data: bool,
    /// Language of labels and tables.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    lang: LangArg,
    /// Tables at full width with ids (default: fitted to the terminal or COLUMNS; pipes and files
    /// get the full table).
    #[arg(long, global = true)]
    wide: bool,
    #[command(flatten)]
    remote: remote::RemoteArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Add RDF files (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD) to the store.
    Load(LoadArgs),
    /// Run SPARQL: text (-e), a file, standard input, or a canned query by name.
    Query(QueryArgs),
    /// List the canned queries with their titles and parameters.
    Queries(QueriesArgs),
    /// Counts of entities by kind, chain and tier, triples, and the 8×10 coverage.
    Stats(StatsArgs),
    /// Check the data against the SHACL shapes; every violation is reported with its entity.
    Validate(ValidateArgs),
    /// Partner matching and consortium formation.
    Match(matching::MatchArgs),
    /// Score partner matching on the map's own history (temporal split) beside baselines; --fit
    /// learns the weights.
    Evaluate(evaluate::EvaluateArgs),
    /// Network analytics: whom to recruit (科技招商, with --what-if), what hangs on one actor, who
    /// brokers between chains, how the network changed.
    Analyze(analyze::AnalyzeArgs),
    /// Write a subgraph as dot, svg, png, graphml, gexf, json (Cytoscape), html, ttl or nt.
    Export(export::ExportArgs),
    /// Write a briefing folder (picture, page, GraphML, summary) for a direction, chain or firm.
    Brief(export::BriefArgs),
    /// Write a synthetic dataset (N-Triples) at a given scale, for tests and benchmarks.
    Generate(GenerateArgs),
    /// Compact an on-disk store (after large loads), which speeds up reads.
    Optimize,
    /// Write a consistent snapshot of an on-disk store to a new directory (itself a store).
    Backup(BackupArgs),
    /// Import a spreadsheet (CSV or XLSX) of firms, resources, directions, collaborations, talents or investments.
    Import(import::ImportArgs),
    /// Serve the map over HTTP: a SPARQL 1.1 endpoint, canned queries, matching, and a browser page.
    Serve(serve::ServeArgs),
    /// The grading-and-scoring system (格次赋分): scores 0–100, grades, reasons and advice.
    Score(score::ScoreArgs),
    /// Upload the map to an external SPARQL engine (--endpoint, with --graph-store or
    /// --update-endpoint), one named graph per source, and its catalogue.
    Push(remote::PushArgs),
}

#[derive(Debug, Args)]
struct GenerateArgs {
    /// county (~5 k organisations), province (~100 k), national (~1 M), or a number of organisations.
    #[arg(long, default_value = "county")]
    scale: String,
    /// The seed: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The N-Triples file to write (`-` for standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
    /// Only the sparse data a new map starts from: organisations with kinds, chains, places and
    /// capabilities, directions, and collaborations with participants, kind and year.
    #[arg(long)]
    sparse: bool,
}

#[derive(Debug, Args)]
struct LoadArgs {
    /// RDF files to add; each replaces what the same file added before.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// RDF syntax, for every file (default: from each file's extension).
    #[arg(long, value_enum)]
    format: Option<RdfFormatArg>,
    /// Use the bulk loader for every file (default: for files of 16 MiB and more; on-disk store only).
    #[arg(long, conflicts_with = "no_bulk")]
    bulk: bool,
    /// Load every file in one transaction, however large.
    #[arg(long)]
    no_bulk: bool,
    /// Never draw the progress bar (it is drawn on long loads when standard error is a terminal).
    #[arg(long)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct BackupArgs {
    /// The new (or empty) directory to write the snapshot to.
    #[arg(value_name = "DIR")]
    target: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RdfFormatArg {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
}

#[derive(Debug, Args)]
struct QueryArgs {
    /// A file of SPARQL, a canned query name, or `-` for standard input.
    #[arg(value_name = "QUERY", conflicts_with = "expression")]
    query: Option<String>,
    /// SPARQL text given on the command line.
    #[arg(short = 'e', long = "expression", value_name = "SPARQL")]
    expression: Option<String>,
    /// A parameter, bound as an RDF term: NAME=VALUE (an entity id, IRI or label, or a literal).
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    params: Vec<(String, String)>,
    /// table, json, xml, csv, tsv, xlsx (SELECT/ASK); turtle, ntriples, rdfxml, jsonld (CONSTRUCT/DESCRIBE).
    /// xlsx is a workbook for people: the query's Chinese headings, labels, units as cell formats.
    #[arg(long)]
    format: Option<String>,
    /// With --format csv: CSV for people (headings, labels instead of IRIs, codes as labels, units
    /// applied) instead of the W3C SPARQL results CSV.
    #[arg(long)]
    labels: bool,
    /// Write the output to FILE instead of standard output (needed for xlsx at a terminal).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write CSV without the UTF-8 byte order mark (W3C-strict).
    #[arg(long)]
    no_bom: bool,
    /// Cancel the query after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    timeout: f64,
}

#[derive(Debug, Args)]
struct QueriesArgs {
    /// table or json.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ListFormat {
    Table,
    Json,
}

/// Formats of a result people read and machines parse: `table` (fitted to the terminal), `json`,
/// `csv` (for spreadsheets: Chinese headings, labels, the main sheet) and `xlsx` (a workbook with
/// every sheet, numbers formatted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PeopleFormat {
    Table,
    Json,
    Csv,
    Xlsx,
}

/// Writes `sheets` as CSV (the first sheet) or as an XLSX workbook titled `title`.
pub(crate) fn write_sheets(
    sheets: &[innomap::features::spreadsheet::Sheet],
    format: PeopleFormat,
    title: &str,
    year: i64,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        PeopleFormat::Csv => {
            if let Some(first) = sheets.first() {
                innomap::features::spreadsheet::write_csv(first, out)?;
            }
        }
        PeopleFormat::Xlsx => innomap::features::spreadsheet::write_xlsx(sheets, title, year, out)?,
        PeopleFormat::Table | PeopleFormat::Json => unreachable!("sheets are csv or xlsx"),
    }
    Ok(())
}

#[derive(Debug, Args)]
struct StatsArgs {
    /// table, json, csv (the counts by chain, for spreadsheets) or xlsx (a workbook: graphs, kinds,
    /// chains, tiers, coverage).
    #[arg(long, value_enum, default_value = "table")]
    format: PeopleFormat,
    /// Write the output to FILE instead of standard output (needed for xlsx at a terminal).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct ValidateArgs {
    /// table or json.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("'{text}' is not NAME=VALUE"))?;
    let name = name.trim().trim_start_matches('?');
    if name.is_empty() {
        return Err(format!("'{text}' has no parameter name"));
    }
    Ok((name.to_owned(), value.to_owned()))
}

/// clap's usage error as one line: what is wrong, the values or tip it offers, and where the help
/// is (its usage block is left out; `--help` shows it).
fn usage_error_sentence(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let mut parts: Vec<String> = Vec::new();
    for line in rendered.lines() {
        let line = line.trim();
        if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        }
        if !line.is_empty() {
            parts.push(line.strip_prefix("error: ").unwrap_or(line).to_owned());
        }
    }
    // The subcommand whose help to read: the first word of the command line that names one.
    let words: Vec<String> = std::env::args().skip(1).collect();
    let command = Cli::command();
    let mut path = vec!["innomap".to_owned()];
    let mut current = &command;
    for word in &words {
        if let Some(sub) = current.find_subcommand(word) {
            path.push(word.clone());
            current = sub;
        }
    }
    let mut sentence = String::new();
    for part in parts {
        if !sentence.is_empty() {
            sentence.push_str(if sentence.ends_with(':') { " " } else { "; " });
        }
        sentence.push_str(&part);
    }
    format!("{sentence}; see `{} --help`", path.join(" "))
}

/// Parses the command line and runs it.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout as clap writes them (exit 0); a usage error is one
            // sentence on stderr, like every other error (exit 2).
            if !error.use_stderr() {
                let _ = error.print();
                return Ok(ExitCode::SUCCESS);
            }
            eprintln!("innomap: {}", usage_error_sentence(&error));
            return Ok(ExitCode::from(2));
        }
    };
    innomap::features::table::set_width(innomap::features::table::width_for_run(cli.global.wide));
    let lang = match cli.global.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let config = StoreConfig {
        location: cli.global.store.clone(),
        no_default_data: cli.global.no_default_data,
        extra_data: cli.global.data.clone(),
        remote: match &cli.command {
            Command::Push(_) => None,
            _ => cli.global.remote.reading()?,
        },
    };
    if config.remote.is_some()
        && let Some(what) = match &cli.command {
            Command::Load(_) => Some("load"),
            Command::Import(_) => Some("import"),
            Command::Optimize => Some("optimize"),
            Command::Backup(_) => Some("backup"),
            Command::Serve(_) => Some("serve"),
            _ => None,
        }
    {
        return Err(Error::Usage(format!(
            "{what} works on the embedded store, not with --endpoint: drop --endpoint (upload the result with `innomap push`)"
        ))
        .into());
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Queries(args) => list_queries(&args, lang, &mut out)?,
        Command::Load(args) => load(&config, &args, &mut out)?,
        Command::Query(args) => query(&config, &args, lang, &mut out)?,
        Command::Match(args) => matching::run(&config, &args, lang, &mut out)?,
        Command::Evaluate(args) => evaluate::run(&config, &args, lang, &mut out)?,
        Command::Analyze(args) => analyze::run(&config, &args, lang, &mut out)?,
        Command::Export(args) => export::run_export(&config, &args, lang, &mut out)?,
        Command::Brief(args) => export::run_brief(&config, &args, lang, &mut out)?,
        Command::Generate(args) => generate(&args, &mut out)?,
        Command::Score(args) => score::run(&config, &args, lang, &mut out)?,
        Command::Optimize => {
            let store = open_existing_store(&config, "optimize")?;
            let started = std::time::Instant::now();
            store.optimize()?;
            writeln!(
                out,
                "compacted the store in {:.1} s",
                started.elapsed().as_secs_f64()
            )?;
            ExitCode::SUCCESS
        }
        Command::Backup(args) => {
            let store = open_existing_store(&config, "backup")?;
            store.backup(&args.target)?;
            writeln!(
                out,
                "wrote a snapshot of the store to {}",
                args.target.display()
            )?;
            ExitCode::SUCCESS
        }
        Command::Import(args) => import::run(&config, &args, lang, &mut out)?,
        Command::Serve(args) => serve::run(&config, &args, lang)?,
        Command::Push(args) => remote::push(&config, &cli.global.remote, &args, lang, &mut out)?,
        Command::Stats(args) => {
            let store = Store::open(&config)?;
            let stats = innomap::collect_stats(&store)?;
            write_output(
                args.output.as_deref(),
                &mut |out| {
                    match args.format {
                        PeopleFormat::Table => innomap::write_stats_table(&stats, lang, out)?,
                        PeopleFormat::Json => {
                            writeln!(out, "{}", serde_json::to_string_pretty(&stats)?)?
                        }
                        // Only a workbook is dated (reading every figure's year takes half a
                        // minute on a national store).
                        format => write_sheets(
                            &innomap::features::stats::stats_sheets(&stats, lang),
                            format,
                            match lang {
                                Lang::Zh => "图谱概况",
                                Lang::En => "Map statistics",
                            },
                            innomap::features::stats::newest_year(&store)?.unwrap_or(2000),
                            out,
                        )?,
                    }
                    Ok(())
                },
                &mut out,
            )?;
            ExitCode::SUCCESS
        }
        Command::Validate(args) => {
            let store = Store::open(&config)?;
            let report = innomap::validate(&store)?;
            match args.format {
                ListFormat::Table => innomap::write_validation_report(&report, lang, &mut out)?,
                ListFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
            }
            out.flush()?;
            if report.conforms() {
                ExitCode::SUCCESS
            } else {
                return Err(Error::Violations {
                    count: report.violations.len(),
                }
                .into());
            }
        }
    };
    out.flush()?;
    Ok(code)
}

/// Opens the on-disk store for a maintenance command, which has no meaning in memory.
fn open_existing_store(config: &StoreConfig, what: &str) -> anyhow::Result<Store> {
    if config.location.is_none() {
        return Err(Error::Usage(format!(
            "{what} works on an on-disk store: give --store DIR"
        ))
        .into());
    }
    if !config.extra_data.is_empty() {
        return Err(Error::Usage(format!("{what} takes no --data files")).into());
    }
    Ok(Store::open(config)?)
}

fn load(config: &StoreConfig, args: &LoadArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    if config.location.is_some() && !config.extra_data.is_empty() {
        return Err(Error::Usage(
            "--data adds files for one run and is never written to the store: give the files to `load` instead".into(),
        )
        .into());
    }
    let mut store = Store::open(config)?;
    let progress = !args.quiet && std::io::stderr().is_terminal();
    let format = args.format.map(|f| match f {
        RdfFormatArg::Turtle => oxigraph_format::TURTLE,
        RdfFormatArg::Ntriples => oxigraph_format::NTRIPLES,
        RdfFormatArg::Nquads => oxigraph_format::NQUADS,
        RdfFormatArg::Trig => oxigraph_format::TRIG,
        RdfFormatArg::Rdfxml => oxigraph_format::RDFXML,
        RdfFormatArg::Jsonld => oxigraph_format::jsonld(),
    });
    for file in &args.files {
        let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        let bulk = store.is_persistent()
            && !args.no_bulk
            && (args.bulk || size >= innomap::store::BULK_THRESHOLD_BYTES);
        let started = std::time::Instant::now();
        let report = if bulk {
            store.bulk_load_file(file, format, progress)?
        } else {
            store.load_file(file, format)?
        };
        let seconds = started.elapsed().as_secs_f64();
        writeln!(
            out,
            "{}: {} quads into <{}> in {seconds:.1} s ({:.0} quads/s, {}){}",
            file.display(),
            report.quads,
            report.graph,
            report.quads as f64 / seconds.max(1e-6),
            if bulk { "bulk loader" } else { "transaction" },
            if report.replaced > 0 {
                format!(" (replacing {} from an earlier load)", report.replaced)
            } else {
                String::new()
            }
        )?;
    }
    if store.is_persistent() {
        refresh_derived(&store)?;
    } else {
        eprintln!(
            "innomap: note: the in-memory store is not kept after this run; give --store DIR to keep what you load"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Refreshes the derived facts once at the end of a command that wrote to an on-disk store, and says
/// on standard error what that took (the cost of a write that people see, docs/BENCHMARKS.md).
pub(crate) fn refresh_derived(store: &Store) -> anyhow::Result<()> {
    let report = store.refresh_derived()?;
    let slowest = report
        .slowest()
        .map(|(name, _, seconds)| format!(" (longest: {name}, {seconds:.1} s)"))
        .unwrap_or_default();
    if report.sets.is_empty() {
        eprintln!(
            "innomap: derived facts (pool rosters, candidates, counts, coverage) unchanged: the write touched nothing they are computed from"
        );
    } else {
        let left = if report.skipped.is_empty() {
            String::new()
        } else {
            format!(
                "; {} left as they were (the write touched nothing they read)",
                report.skipped.len()
            )
        };
        eprintln!(
            "innomap: derived facts refreshed (pool rosters, candidates, counts, coverage): {} sets recomputed, {} triples, {} changed, in {:.1} s{slowest}{left}",
            report.sets.len(),
            report.triples,
            report.changed,
            report.seconds
        );
    }
    if std::env::var_os("INNOMAP_LOG_DERIVED").is_some() {
        for (name, triples, seconds) in &report.sets {
            eprintln!("innomap:   {name}: {triples} triples in {seconds:.2} s");
        }
    }
    Ok(())
}

mod oxigraph_format {
    pub use innomap::RdfFormat;
    pub const TURTLE: RdfFormat = RdfFormat::Turtle;
    pub const NTRIPLES: RdfFormat = RdfFormat::NTriples;
    pub const NQUADS: RdfFormat = RdfFormat::NQuads;
    pub const TRIG: RdfFormat = RdfFormat::TriG;
    pub const RDFXML: RdfFormat = RdfFormat::RdfXml;
    pub fn jsonld() -> RdfFormat {
        RdfFormat::JsonLd {
            profile: innomap::JsonLdProfileSet::empty(),
        }
    }
}

fn query(
    config: &StoreConfig,
    args: &QueryArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    // Settle what to run before opening the store, so that usage errors come at once.
    let mut canned_query = false;
    let (text, source) = match (&args.expression, &args.query) {
        (Some(text), _) => (text.clone(), "query (-e)".to_owned()),
        (None, Some(name)) if name == "-" => (read_stdin()?, "standard input".to_owned()),
        (None, Some(name)) => {
            let path = PathBuf::from(name);
            if path.is_file() {
                let file = std::fs::File::open(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                let text = query_text_from(file, &path.display().to_string())?;
                (text, path.display().to_string())
            } else if let Some(canned) = queries::find(name) {
                canned_query = true;
                (canned.text.to_owned(), format!("query {}", canned.name))
            } else {
                return Err(Error::UnknownQuery {
                    name: name.clone(),
                    suggestions: queries::suggest(name),
                }
                .into());
            }
        }
        (None, None) => {
            if std::io::stdin().is_terminal() {
                return Err(Error::Usage(
                    "give a query: a canned query name, a file, -e 'SPARQL', or SPARQL on standard input; `innomap queries` lists the canned ones".into(),
                )
                .into());
            }
            (read_stdin()?, "standard input".to_owned())
        }
    };
    let format = args
        .format
        .as_deref()
        .map(OutputFormat::parse)
        .transpose()?;
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(Error::Usage(format!(
            "--timeout {} must be a positive number of seconds",
            args.timeout
        ))
        .into());
    }
    if args.labels && format != Some(OutputFormat::Csv) {
        return Err(Error::Usage(
            "--labels is for --format csv (CSV for people); tables and xlsx always show labels"
                .into(),
        )
        .into());
    }
    let header = queries::parse_header(&text, &source)?;
    let store = Store::open(config)?;
    store.check_query(&text, &source)?;
    let bindings = if args.params.is_empty() && header.params.iter().all(|p| p.optional) {
        Vec::new()
    } else {
        let names = innomap::store::Names::new(&store);
        queries::bind_params(&header, &args.params, &names, &source, canned_query)?
    };
    let options = QueryOptions {
        timeout: Some(Duration::from_secs_f64(args.timeout)),
        bindings,
    };
    let answer: QueryAnswer = store.query(&text, &source, &options)?;
    let people = matches!(format, Some(OutputFormat::Xlsx)) || args.labels;
    let title = match lang {
        Lang::Zh if !header.title_zh.is_empty() => header.title_zh.clone(),
        Lang::En if !header.title_en.is_empty() => header.title_en.clone(),
        _ => source.trim_start_matches("query ").to_owned(),
    };
    let year = if people {
        innomap::features::stats::newest_year(&store)?.unwrap_or(2000)
    } else {
        2000
    };
    let render = RenderOptions {
        format,
        lang,
        csv_bom: !args.no_bom,
        header,
        labels: args.labels,
        title,
        year,
    };
    write_output(
        args.output.as_deref(),
        &mut |out| Ok(innomap::write_answer(&store, &answer, &render, out)?),
        out,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `write` into FILE (`-o FILE`; `-` is standard output) or standard output. Nothing is
/// written when `write` fails, so a failed run never leaves half a file.
pub(crate) fn write_output(
    output: Option<&std::path::Path>,
    write: &mut dyn FnMut(&mut dyn Write) -> anyhow::Result<()>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut written = Vec::new();
    write(&mut written)?;
    match output.filter(|p| p.as_os_str() != "-") {
        Some(path) => std::fs::write(path, &written).map_err(|e| Error::Input {
            message: format!("cannot write {}: {e}", path.display()),
        })?,
        None => {
            if written.starts_with(b"PK\x03\x04") && std::io::stdout().is_terminal() {
                return Err(Error::Usage(
                    "a workbook (xlsx) is binary: write it to a file with -o FILE.xlsx, or redirect it".into(),
                )
                .into());
            }
            out.write_all(&written)?
        }
    }
    Ok(())
}

fn generate(args: &GenerateArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let options = innomap::features::generate::GenerateOptions {
        scale: args.scale.parse()?,
        seed: args.seed,
    };
    let report = if args.sparse {
        let mut data = Vec::new();
        let report = innomap::features::generate::generate(&options, &mut data)?;
        let all = report.triples;
        let data = innomap::features::generate::sparse_ntriples(&data);
        let mut report = report;
        report.triples = data
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count() as u64;
        eprintln!(
            "innomap: kept the sparse {} of {all} triples",
            report.triples
        );
        if args.output.as_os_str() == "-" {
            out.write_all(&data)?;
        } else {
            std::fs::write(&args.output, &data)
                .with_context(|| format!("cannot write {}", args.output.display()))?;
        }
        report
    } else if args.output.as_os_str() == "-" {
        innomap::features::generate::generate(&options, out)?
    } else {
        innomap::features::generate::generate_file(&options, &args.output)?
    };
    eprintln!(
        "innomap: wrote {} organisations ({} firms), {} collaborations, {} triples{}",
        report.organisations,
        report.firms,
        report.collaborations,
        report.triples,
        if args.output.as_os_str() == "-" {
            String::new()
        } else {
            format!(" to {}", args.output.display())
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn read_stdin() -> anyhow::Result<String> {
    query_text_from(std::io::stdin().lock(), "standard input")
}

/// Reads a query's text: at most the size limit (so that an endless input such as `/dev/zero`
/// stops at once), and UTF-8 only. Both problems are bad input (exit 2) naming `source`.
fn query_text_from(input: impl Read, source: &str) -> anyhow::Result<String> {
    let limit = innomap::store::query_text::MAX_QUERY_BYTES;
    let mut bytes = Vec::new();
    input
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the query from {source}"))?;
    if bytes.len() > limit {
        return Err(Error::Input {
            message: format!(
                "{source}: the query is more than the limit of {} MB; put long lists of values in a data file (--data) and join them in the query",
                limit / (1024 * 1024)
            ),
        }
        .into());
    }
    String::from_utf8(bytes).map_err(|e| {
        Error::Input {
            message: format!(
                "{source}: the query is not UTF-8 text (at byte {}); save it as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        }
        .into()
    })
}

fn list_queries(args: &QueriesArgs, lang: Lang, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut listed = Vec::new();
    for canned in queries::LIBRARY {
        let header = queries::parse_header(canned.text, canned.name)?;
        listed.push((canned.name, header));
    }
    match args.format {
        ListFormat::Json => {
            let json: Vec<_> = listed
                .iter()
                .map(|(name, h)| {
                    serde_json::json!({
                        "name": name,
                        "title": {"zh": h.title_zh, "en": h.title_en},
                        "purpose": h.purpose,
                        "params": h.params.iter().map(|p| serde_json::json!({
                            "name": p.name, "type": p.ty.describe(), "optional": p.optional,
                            "description": p.description,
                        })).collect::<Vec<_>>(),
                        "columns": h.columns,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
        }
        ListFormat::Table => {
            let mut table = innomap::features::table::new(match lang {
                Lang::Zh => vec!["名称", "标题", "参数"],
                Lang::En => vec!["name", "title", "parameters"],
            });
            for (name, h) in &listed {
                let title = match lang {
                    Lang::Zh => &h.title_zh,
                    Lang::En => &h.title_en,
                };
                let params = h
                    .params
                    .iter()
                    .map(|p| {
                        format!(
                            "{}: {}{}",
                            p.name,
                            p.ty.describe(),
                            if p.optional { " (optional)" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                table.add_row([name.to_string(), title.clone(), params]);
            }
            innomap::features::table::write(out, table)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
