//! `innomap export` (a subgraph in any format) and `innomap brief` (a briefing folder): clap types,
//! converted into the library's selection and render options.

use clap::{ArgGroup, Args, ValueEnum};
use innomap::features::brief::{BriefOptions, BriefSubject};
use innomap::features::export::{
    self, Cluster, ConsortiumPlan, DataVersion, Format, RenderOptions, SelectOptions, Selection,
};
use innomap::{
    ConsortiumOptions, EntityIndex, Error, Kind, KindFilter, Lang, MatchError, Store, StoreConfig,
    WeightPolicy,
};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("selection").args(["focus", "direction", "chain", "consortium"])))]
pub struct ExportArgs {
    /// The ego network of this entity (id, IRI or label); see --depth.
    #[arg(long, value_name = "ENTITY")]
    focus: Option<String>,
    /// How many hops from --focus.
    #[arg(long, default_value_t = 1, value_name = "N", requires = "focus")]
    depth: usize,
    /// A direction with its chain, required capabilities, their local holders and the top consortium.
    #[arg(long, value_name = "DIRECTION")]
    direction: Option<String>,
    /// A chain with the resources that back it, its directions and its firms.
    #[arg(long, value_name = "CHAIN")]
    chain: Option<String>,
    /// A consortium from `innomap match consortium --format json` output.
    #[arg(long, value_name = "FILE")]
    consortium: Option<PathBuf>,
    /// Only nodes of these kinds or group words (comma-separated: firm,lab,university…).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    kinds: Vec<String>,
    /// Keep at most this many nodes (the subject and consortium first, then the most connected).
    #[arg(long, value_name = "N")]
    max_nodes: Option<usize>,
    /// dot, svg, png, graphml, gexf, json, html, ttl, nt (default: from the output file's extension).
    #[arg(long)]
    format: Option<String>,
    /// The file to write (default: standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Include firms' revenue, R&D spend and staff figures (left out by default).
    #[arg(long)]
    include_financials: bool,
    /// The year recency is measured from (default: the newest collaboration year in the data).
    #[arg(long, value_name = "YEAR")]
    as_of: Option<i32>,
    /// DOT clusters: by kind, by chain, or none.
    #[arg(long, value_enum, default_value = "kind")]
    cluster: ClusterArg,
    /// A font file for PNG text (default: a CJK font found on the system).
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ClusterArg {
    Kind,
    Chain,
    None,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("subject").required(true).args(["direction", "chain", "firm"])))]
pub struct BriefArgs {
    /// A briefing on a direction: its consortium, gaps and whom to recruit.
    #[arg(long, value_name = "DIRECTION")]
    direction: Option<String>,
    /// A briefing on a chain: its resources, directions and their consortia.
    #[arg(long, value_name = "CHAIN")]
    chain: Option<String>,
    /// A briefing on a firm: its network, partners and the consortia it belongs to.
    #[arg(long, value_name = "FIRM")]
    firm: Option<String>,
    /// The folder to write (created when missing).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: PathBuf,
    /// The year recency is measured from (default: the newest collaboration year in the data).
    #[arg(long, value_name = "YEAR")]
    as_of: Option<i32>,
    /// The date printed on the brief (default: none; the brief names the data's year instead).
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Include firms' revenue, R&D spend and staff figures (left out by default).
    #[arg(long)]
    include_financials: bool,
    /// Keep at most this many nodes in the picture and page.
    #[arg(long, value_name = "N")]
    max_nodes: Option<usize>,
}

fn match_error(error: MatchError) -> Error {
    match error {
        MatchError::Unknown { what, id } => Error::UnknownEntity {
            what: what.to_owned(),
            name: id,
            suggestions: Vec::new(),
        },
        other => Error::Usage(other.to_string()),
    }
}

fn check_max_nodes(max_nodes: Option<usize>) -> Result<(), Error> {
    if max_nodes == Some(0) {
        return Err(Error::Usage("--max-nodes must be at least 1".into()));
    }
    Ok(())
}

/// Writes `bytes` to `path`, or standard output when there is no path (or it is `-`).
pub fn run_export(
    config: &StoreConfig,
    args: &ExportArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    // Settle the options before the store is read, so that usage errors come at once.
    let to_stdout = args.output.as_ref().is_none_or(|p| p.as_os_str() == "-");
    let format = match (&args.format, &args.output) {
        (Some(name), _) => Format::parse(name)?,
        (None, Some(path)) if !to_stdout => Format::from_path(path)?,
        _ => {
            return Err(Error::Usage(format!(
                "give --format ({}) or an output file whose extension names it (-o map.svg)",
                Format::names()
            ))
            .into());
        }
    };
    if format == Format::Png && to_stdout && std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            "a PNG is binary: write it to a file with -o map.png, or pipe it".into(),
        )
        .into());
    }
    let kinds = args
        .kinds
        .iter()
        .filter(|k| !k.trim().is_empty())
        .map(|k| {
            k.trim()
                .parse::<KindFilter>()
                .map_err(|e| Error::Usage(format!("--kinds: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    check_max_nodes(args.max_nodes)?;
    let consortium_json = args
        .consortium
        .as_ref()
        .map(|path| -> Result<(String, serde_json::Value), Error> {
            let text = std::fs::read_to_string(path).map_err(|e| Error::Input {
                message: format!("cannot read {}: {e}", path.display()),
            })?;
            let json = serde_json::from_str(&text).map_err(|e| Error::Input {
                message: format!("{}: not JSON: {e}", path.display()),
            })?;
            Ok((path.display().to_string(), json))
        })
        .transpose()?;

    let store = Store::open(config)?;
    let index = EntityIndex::load(&store)?;
    let policy = WeightPolicy {
        as_of: args.as_of,
        ..WeightPolicy::default()
    };
    let (graph, _summary) = innomap::project(&store, &policy)?;
    let selection = if let Some(focus) = &args.focus {
        Selection::Focus {
            entity: index.resolve(focus, None, "focus")?.id.clone(),
            depth: args.depth,
        }
    } else if let Some(direction) = &args.direction {
        let id = index
            .resolve(
                direction,
                Some(KindFilter::Kind(Kind::Direction)),
                "direction",
            )?
            .id
            .clone();
        let report = innomap::form_consortium(&graph, &id, &ConsortiumOptions::default())
            .map_err(match_error)?;
        Selection::Direction {
            direction: id,
            consortium: Some(ConsortiumPlan::from_report(&report)),
        }
    } else if let Some(chain) = &args.chain {
        Selection::Chain {
            chain: index
                .resolve(chain, Some(KindFilter::Kind(Kind::Chain)), "chain")?
                .id
                .clone(),
        }
    } else if let Some((source, json)) = &consortium_json {
        let plan = ConsortiumPlan::from_json(json, source)?;
        for id in plan.ids() {
            index.resolve(id, None, &format!("entity in {source}"))?;
        }
        Selection::Consortium(plan)
    } else {
        Selection::Whole
    };
    let mut facts = export::read_facts(&store, args.include_financials)?;
    // Towns are not nodes of an export: firms and innovation resources are graded.
    facts.grades =
        innomap::features::score::grade_book(&store, &index, lang, &["firm", "resource"])?;
    let subgraph = export::select(
        &graph,
        &facts,
        &selection,
        &SelectOptions {
            kinds,
            max_nodes: args.max_nodes,
            include_financials: args.include_financials,
        },
    )?;
    let mut bytes = Vec::new();
    if format.is_rdf() {
        let triples = export::rdf::rdf_subgraph(&store, &subgraph)?;
        export::rdf::write_rdf(&triples, format, &mut bytes)?;
    } else {
        let options = RenderOptions {
            lang,
            cluster: match args.cluster {
                ClusterArg::Kind => Cluster::Kind,
                ClusterArg::Chain => Cluster::Chain,
                ClusterArg::None => Cluster::None,
            },
            font: args.font.clone(),
            data_version: None,
        };
        export::write_graph(&subgraph, None, format, &options, &mut bytes)?;
    }
    super::write_output(
        args.output.as_deref(),
        &mut |o| Ok(o.write_all(&bytes)?),
        out,
    )?;
    let place = if to_stdout {
        String::new()
    } else {
        args.output
            .as_ref()
            .map(|p| format!(" to {}", p.display()))
            .unwrap_or_default()
    };
    eprintln!(
        "innomap: wrote {} nodes and {} edges as {}{place}",
        subgraph.nodes.len(),
        subgraph.edges.len(),
        format.as_str()
    );
    if let Some(note) = subgraph.dropped.describe(Lang::En) {
        eprintln!("innomap: note: {note}");
    }
    if matches!(format, Format::Svg | Format::Png)
        && innomap::features::export::aggregate::is_aggregated(&subgraph)
    {
        eprintln!(
            "innomap: note: the whole map has {} nodes (more than {}), so the picture is a summary by chain and kind of organisation; give --max-nodes N, or export one chain, for a network picture",
            subgraph.nodes.len(),
            innomap::features::export::aggregate::AGGREGATE_ABOVE
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_brief(
    config: &StoreConfig,
    args: &BriefArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    check_max_nodes(args.max_nodes)?;
    if args.output.is_file() {
        return Err(Error::Input {
            message: format!(
                "{} is a file: give a folder for the briefing pack",
                args.output.display()
            ),
        }
        .into());
    }
    let store = Store::open(config)?;
    let index = EntityIndex::load(&store)?;
    let subject = if let Some(direction) = &args.direction {
        BriefSubject::Direction(
            index
                .resolve(
                    direction,
                    Some(KindFilter::Kind(Kind::Direction)),
                    "direction",
                )?
                .id
                .clone(),
        )
    } else if let Some(chain) = &args.chain {
        BriefSubject::Chain(
            index
                .resolve(chain, Some(KindFilter::Kind(Kind::Chain)), "chain")?
                .id
                .clone(),
        )
    } else if let Some(firm) = &args.firm {
        BriefSubject::Firm(
            index
                .resolve(firm, Some(KindFilter::Kind(Kind::Firm)), "firm")?
                .id
                .clone(),
        )
    } else {
        return Err(Error::Usage("give --direction, --chain or --firm".into()).into());
    };
    let policy = WeightPolicy {
        as_of: args.as_of,
        ..WeightPolicy::default()
    };
    let (graph, _summary) = innomap::project(&store, &policy)?;
    let mut facts = export::read_facts(&store, args.include_financials)?;
    // Towns are not nodes of an export: firms and innovation resources are graded.
    facts.grades =
        innomap::features::score::grade_book(&store, &index, lang, &["firm", "resource"])?;
    let version = DataVersion::read(&store)?;
    let options = BriefOptions {
        lang,
        date: args.date.clone(),
        as_of_given: args.as_of.is_some(),
        include_financials: args.include_financials,
        max_nodes: args.max_nodes,
    };
    let pack = innomap::features::brief::build_brief(&graph, &facts, &version, &subject, &options)?;
    for path in innomap::features::brief::write_pack(&pack, &args.output)? {
        writeln!(out, "{}", path.display())?;
    }
    Ok(ExitCode::SUCCESS)
}
