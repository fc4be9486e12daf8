//! `innomap match`: partners for a firm, a consortium for one direction, or all directions.

use super::{PeopleFormat, write_output, write_sheets};
use clap::{Args, Subcommand, ValueEnum};
use innomap::Resolve;
use innomap::features::match_output::{
    consortium_sheets, match_all_sheets, partners_sheets, write_consortium_table,
    write_match_all_table, write_partners_table,
};
use innomap::{
    Algorithm, ConsortiumOptions, Error, KindFilter, Lang, MatchAllOptions, MatchError,
    PartnerOptions, Store, StoreConfig, Tier, WeightPolicy,
};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct MatchArgs {
    #[command(subcommand)]
    command: MatchCommand,
    /// The year recency is measured from (default: the newest collaboration year in the data).
    #[arg(long, global = true, value_name = "YEAR")]
    as_of: Option<i32>,
    /// table, json, csv (the main sheet, for spreadsheets: Chinese headings, labels) or xlsx (a
    /// workbook: consortia and gaps, partners, or every direction and the lab load).
    #[arg(long, global = true, value_enum, default_value = "table")]
    format: PeopleFormat,
    /// Write the output to FILE instead of standard output (needed for xlsx at a terminal).
    #[arg(short = 'o', long = "output", global = true, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
    /// Partner signal weights from this file (written by `innomap evaluate --fit -o FILE`)
    /// instead of the shipped ones.
    #[arg(long, global = true, value_name = "FILE")]
    weights: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
enum MatchCommand {
    /// Ranked partners for a firm, with the signals behind each score and the graph paths.
    Partners(PartnersArgs),
    /// Consortia for one direction: a leader and members covering its required capabilities.
    Consortium(ConsortiumArgs),
    /// Every direction at once, sharing the capacity of universities and labs.
    All(AllArgs),
}

#[derive(Debug, Args)]
struct PartnersArgs {
    /// The firm (id, IRI or label).
    #[arg(long)]
    firm: String,
    /// Favour partners that bring this direction's required capabilities.
    #[arg(long)]
    direction: Option<String>,
    /// Only partners of this kind or group (university, lab, institute, firm, resource…).
    #[arg(long)]
    kind: Option<String>,
    /// How many partners.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// With --direction, rank by score alone: by default partners that bring some of the
    /// direction's capabilities the firm lacks come first.
    #[arg(long, requires = "direction")]
    broad: bool,
    /// Only organisations the firm has never collaborated with.
    #[arg(long)]
    new_only: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum AlgorithmArg {
    /// Kargar & An (2011): minimise the sum of distances from the leader to each capability's holder.
    LeaderDistance,
    /// Lappas, Liu & Terzi (2009): seed from the rarest capability, minimise the largest distance.
    RarestFirst,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TierArg {
    TechSme,
    HighTechEnterprise,
    Gazelle,
    Unicorn,
}

#[derive(Debug, Args)]
struct GateArgs {
    /// Team-formation objective.
    #[arg(long, value_enum, default_value = "leader-distance")]
    algorithm: AlgorithmArg,
    /// Let a major platform (platform, new R&D institution or national lab, provincial level or
    /// above, backing the chain) lead.
    #[arg(long)]
    allow_platforms: bool,
    /// The lowest tier of a firm that may lead, unless it is a leading firm.
    #[arg(long, value_enum, default_value = "high-tech-enterprise")]
    min_tier: TierArg,
    /// Let a leader come from outside the direction's chain.
    #[arg(long)]
    any_chain: bool,
    /// The focus test of the leader: the least share (0–1) of its capabilities that relate to the
    /// direction, or of the required capabilities it holds; leading firms are exempt; 0 turns it off.
    #[arg(long, default_value_t = 0.5, value_name = "SHARE")]
    min_focus: f64,
    /// Composition rule 产学研 off: do not add a university, lab or institute when none takes part.
    #[arg(long)]
    no_research_member: bool,
    /// Composition rule 上下游 off: do not add a firm of another chain segment than the leader's.
    #[arg(long)]
    no_other_segment: bool,
    /// The fewest units of a consortium, leader included (0 or 1: no minimum).
    #[arg(long, default_value_t = 3, value_name = "N")]
    min_size: usize,
    /// No composition rule at all: the bare leader-distance team (same as the three options above).
    #[arg(long)]
    bare: bool,
}

#[derive(Debug, Args)]
struct ConsortiumArgs {
    /// The direction (id such as T07, IRI or label).
    #[arg(long)]
    direction: String,
    /// Force this leader (id, IRI or label); it must pass the gates unless --override-gates.
    #[arg(long)]
    leader: Option<String>,
    /// Accept a forced leader that fails the gates.
    #[arg(long, requires = "leader")]
    override_gates: bool,
    /// At most this many members besides the leader.
    #[arg(long)]
    size: Option<usize>,
    /// How many alternative consortia.
    #[arg(long, default_value_t = 3)]
    top: usize,
    #[command(flatten)]
    gates: GateArgs,
}

#[derive(Debug, Args)]
struct AllArgs {
    /// No university or lab is placed in more than this many consortia.
    #[arg(long, default_value_t = innomap::matching::DEFAULT_CAPACITY)]
    capacity: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    #[command(flatten)]
    gates: GateArgs,
}

fn consortium_options(gates: &GateArgs) -> ConsortiumOptions {
    let mut options = ConsortiumOptions {
        algorithm: match gates.algorithm {
            AlgorithmArg::LeaderDistance => Algorithm::LeaderDistance,
            AlgorithmArg::RarestFirst => Algorithm::RarestFirst,
        },
        ..ConsortiumOptions::default()
    };
    options.gates.min_focus = gates.min_focus;
    options.rules = if gates.bare {
        innomap::CompositionRules::none()
    } else {
        innomap::CompositionRules {
            research_member: !gates.no_research_member,
            other_segment: !gates.no_other_segment,
            min_size: gates.min_size,
        }
    };
    options.gates.allow_major_platforms = gates.allow_platforms;
    options.gates.require_chain = !gates.any_chain;
    options.gates.min_tier = Some(match gates.min_tier {
        TierArg::TechSme => Tier::TechSme,
        TierArg::HighTechEnterprise => Tier::HighTechEnterprise,
        TierArg::Gazelle => Tier::Gazelle,
        TierArg::Unicorn => Tier::Unicorn,
    });
    options
}

/// Maps a matching error onto the library's error: all of them are bad input (exit 2).
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

/// A matching report as JSON for machines (labels in `lang`), or as its table.
/// Writes a matching report as a table, JSON, or sheets (CSV or XLSX).
#[allow(clippy::too_many_arguments)]
fn write_people<R: serde::Serialize>(
    report: &R,
    format: PeopleFormat,
    lang: Lang,
    title: &str,
    year: i64,
    out: &mut dyn Write,
    table: fn(&R, Lang, &mut dyn Write) -> std::io::Result<()>,
    sheets: fn(&R, Lang) -> Vec<innomap::features::spreadsheet::Sheet>,
) -> anyhow::Result<()> {
    match format {
        PeopleFormat::Table | PeopleFormat::Json => {
            write_report(report, format == PeopleFormat::Json, lang, out, table)
        }
        other => write_sheets(&sheets(report, lang), other, title, year, out),
    }
}

pub(super) fn write_report<R: serde::Serialize>(
    report: &R,
    json: bool,
    lang: Lang,
    out: &mut dyn Write,
    table: fn(&R, Lang, &mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    if json {
        writeln!(
            out,
            "{}",
            innomap::features::match_output::to_localised_json(report, lang)?
        )?;
    } else {
        // Prose lines wrap to the terminal's width like the tables do.
        let mut fit = innomap::features::table::Fit::new(out);
        table(report, lang, &mut fit)?;
        fit.finish()?;
    }
    Ok(())
}

/// One matching request, its names resolved and options checked, waiting for the projection.
enum Request {
    Partners {
        firm: String,
        options: PartnerOptions,
    },
    Consortium {
        direction: String,
        options: ConsortiumOptions,
    },
    All {
        options: MatchAllOptions,
        pool: Option<rayon::ThreadPool>,
    },
}

pub fn run(
    config: &StoreConfig,
    args: &MatchArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    // Check option values before the store is read.
    let kind = match &args.command {
        MatchCommand::Partners(p) => p
            .kind
            .as_deref()
            .map(|k| {
                k.parse::<KindFilter>()
                    .map_err(|e| Error::Usage(format!("--kind: {e}")))
            })
            .transpose()?,
        _ => None,
    };
    let gates = match &args.command {
        MatchCommand::Consortium(c) => Some(&c.gates),
        MatchCommand::All(a) => Some(&a.gates),
        MatchCommand::Partners(_) => None,
    };
    if let Some(g) = gates {
        if !(0.0..=1.0).contains(&g.min_focus) {
            return Err(Error::Usage(format!(
                "--min-focus {} is not a share: give a number from 0 to 1 (0 turns the focus test off)",
                g.min_focus
            ))
            .into());
        }
    }
    if let MatchCommand::All(all) = &args.command {
        if all.threads == Some(0) {
            return Err(Error::Usage("--threads must be at least 1".into()).into());
        }
    }
    let weights = args
        .weights
        .as_deref()
        .map(super::evaluate::read_weights)
        .transpose()?;
    let store = Store::open(config)?;
    // Names and options are checked before the projection, which takes minutes on a national
    // store: a misspelt firm must not wait for it.
    let index = innomap::store::Names::new(&store);
    let request = match &args.command {
        MatchCommand::Partners(p) => {
            let firm = index.resolve_entity(
                &p.firm,
                Some(KindFilter::Kind(innomap::Kind::Firm)),
                "firm",
            )?;
            let direction = p
                .direction
                .as_deref()
                .map(|d| {
                    index.resolve_entity(
                        d,
                        Some(KindFilter::Kind(innomap::Kind::Direction)),
                        "direction",
                    )
                })
                .transpose()?;
            if p.top == 0 {
                return Err(Error::Usage("--top must be at least 1".into()).into());
            }
            Request::Partners {
                firm: firm.id.clone(),
                options: PartnerOptions {
                    direction: direction.map(|d| d.id.clone()),
                    kind,
                    top: p.top,
                    broad: p.broad,
                    new_only: p.new_only,
                    weights: weights.clone().unwrap_or_default(),
                    ..PartnerOptions::default()
                },
            }
        }
        MatchCommand::Consortium(c) => {
            let direction = index.resolve_entity(
                &c.direction,
                Some(KindFilter::Kind(innomap::Kind::Direction)),
                "direction",
            )?;
            let leader = c
                .leader
                .as_deref()
                .map(|l| index.resolve_entity(l, None, "leader"))
                .transpose()?;
            if c.top == 0 {
                return Err(Error::Usage("--top must be at least 1".into()).into());
            }
            Request::Consortium {
                direction: direction.id.clone(),
                options: ConsortiumOptions {
                    leader: leader.map(|l| l.id.clone()),
                    override_gates: c.override_gates,
                    size: c.size,
                    top: c.top,
                    ..consortium_options(&c.gates)
                },
            }
        }
        MatchCommand::All(a) => {
            let pool = a
                .threads
                .map(|threads| {
                    rayon::ThreadPoolBuilder::new()
                        .num_threads(threads)
                        .build()
                        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))
                })
                .transpose()?;
            Request::All {
                options: MatchAllOptions {
                    capacity: a.capacity,
                    consortium: consortium_options(&a.gates),
                },
                pool,
            }
        }
    };
    drop(index);
    let policy = WeightPolicy {
        as_of: args.as_of,
        ..WeightPolicy::default()
    };
    let (graph, _summary) = innomap::project(&store, &policy)?;
    // Workbooks are dated 1 January of the year the projection measured from, never the clock.
    let year = i64::from(graph.as_of());
    let format = args.format;
    let zh = lang == Lang::Zh;
    write_output(
        args.output.as_deref(),
        &mut |out| match &request {
            Request::Partners { firm, options } => {
                let report = innomap::find_partners(&graph, firm, options).map_err(match_error)?;
                let title = if zh { "推荐合作伙伴" } else { "Partners" };
                write_people(
                    &report,
                    format,
                    lang,
                    title,
                    year,
                    out,
                    write_partners_table,
                    partners_sheets,
                )
            }
            Request::Consortium { direction, options } => {
                let report =
                    innomap::form_consortium(&graph, direction, options).map_err(match_error)?;
                let title = if zh {
                    "创新联合体方案"
                } else {
                    "Consortia"
                };
                write_people(
                    &report,
                    format,
                    lang,
                    title,
                    year,
                    out,
                    write_consortium_table,
                    consortium_sheets,
                )
            }
            Request::All { options, pool } => {
                let report = match pool {
                    Some(pool) => pool.install(|| innomap::match_all(&graph, options)),
                    None => innomap::match_all(&graph, options),
                };
                let title = if zh {
                    "各攻关方向联合体"
                } else {
                    "All directions"
                };
                write_people(
                    &report,
                    format,
                    lang,
                    title,
                    year,
                    out,
                    write_match_all_table,
                    match_all_sheets,
                )
            }
        },
        out,
    )?;
    Ok(ExitCode::SUCCESS)
}
