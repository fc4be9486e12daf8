//! `innomap analyze`: network analytics on the projected graph — recruit (科技招商) with what-if,
//! fragility, brokers and communities, trend.

use super::ListFormat;
use clap::{Args, Subcommand};
use innomap::Resolve;
use innomap::analytics::{
    BrokersOptions, RecruitOptions, TrendOptions, brokers, fragility, recruit, trend, what_if,
};
use innomap::features::analyze_output::{
    write_brokers_table, write_fragility_table, write_recruit_table, write_trend_table,
    write_what_if_table,
};
use innomap::{Error, KindFilter, Lang, MatchAllOptions, Store, StoreConfig, WeightPolicy};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(subcommand)]
    command: AnalyzeCommand,
    /// table or json.
    #[arg(long, value_enum, default_value = "table", global = true)]
    format: ListFormat,
}

#[derive(Debug, Subcommand)]
enum AnalyzeCommand {
    /// Outside organisations ranked by the gaps they would close across the directions (科技招商).
    Recruit(RecruitArgs),
    /// Required capabilities held by exactly one local actor, and whose loss would open most gaps.
    Fragility(TopArgs),
    /// Betweenness on the collaboration network, bridges between chains, and communities.
    Brokers(BrokersArgs),
    /// Year by year: collaborations, new ties, active organisations, chains, 产学研 share.
    Trend(TrendArgs),
}

#[derive(Debug, Args)]
struct RecruitArgs {
    /// Only the directions of this chain (id or name).
    #[arg(long)]
    chain: Option<String>,
    /// How many candidates to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Re-run `match all` with these outside organisations treated as local and show what changes.
    #[arg(long, value_name = "ORG", num_args = 1..)]
    what_if: Vec<String>,
}

#[derive(Debug, Args)]
struct TopArgs {
    /// How many to list.
    #[arg(long, default_value_t = 15)]
    top: usize,
}

#[derive(Debug, Args)]
struct BrokersArgs {
    /// How many brokers and communities to list.
    #[arg(long, default_value_t = 15)]
    top: usize,
    /// Exact betweenness whatever the size (default: exact up to 20 000 organisations).
    #[arg(long, conflicts_with = "samples")]
    exact: bool,
    /// Estimate betweenness from this many sampled sources (default above 20 000 organisations: 2 000).
    #[arg(long, value_name = "K")]
    samples: Option<usize>,
    /// Seed of the sample.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[derive(Debug, Args)]
struct TrendArgs {
    /// First year shown.
    #[arg(long, value_name = "YEAR")]
    from: Option<i32>,
    /// Last year shown.
    #[arg(long, value_name = "YEAR")]
    to: Option<i32>,
}

fn write<R: serde::Serialize>(
    report: &R,
    format: ListFormat,
    lang: Lang,
    out: &mut dyn Write,
    table: fn(&R, Lang, &mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    super::matching::write_report(report, matches!(format, ListFormat::Json), lang, out, table)
}

pub fn run(
    config: &StoreConfig,
    args: &AnalyzeArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let top = match &args.command {
        AnalyzeCommand::Recruit(r) => r.top,
        AnalyzeCommand::Fragility(t) => t.top,
        AnalyzeCommand::Brokers(b) => b.top,
        AnalyzeCommand::Trend(_) => 1,
    };
    if top == 0 {
        return Err(Error::Usage("--top must be at least 1".into()).into());
    }
    if let AnalyzeCommand::Brokers(b) = &args.command {
        if b.samples == Some(0) {
            return Err(Error::Usage("--samples must be at least 1".into()).into());
        }
    }
    if let AnalyzeCommand::Trend(TrendArgs {
        from: Some(from),
        to: Some(to),
    }) = &args.command
    {
        if from > to {
            return Err(Error::Usage(format!(
                "--from {from} is after --to {to}: give the earlier year first"
            ))
            .into());
        }
    }
    let store = Store::open(config)?;
    // Names are resolved before the projection, so that a misspelt name does not wait for it.
    let (chain, what_if_ids) = match &args.command {
        AnalyzeCommand::Recruit(r) => {
            let index = innomap::store::Names::new(&store);
            let chain = r
                .chain
                .as_deref()
                .map(|c| {
                    index
                        .resolve_entity(c, Some(KindFilter::Kind(innomap::Kind::Chain)), "chain")
                        .map(|e| e.id.clone())
                })
                .transpose()?;
            let ids = r
                .what_if
                .iter()
                .map(|o| {
                    index
                        .resolve_entity(o, None, "organisation")
                        .map(|e| e.id.clone())
                })
                .collect::<Result<Vec<_>, _>>()?;
            (chain, ids)
        }
        _ => (None, Vec::new()),
    };
    let input = innomap::read_projection(&store)?;
    let (collaborations, tiers) = match &args.command {
        AnalyzeCommand::Trend(_) => (
            input.collaborations.clone(),
            innomap::projection::read_tier_years(&store)?
                .into_iter()
                .map(|t| innomap::analytics::trend::TierReached {
                    firm: t.firm,
                    tier: t.tier,
                    year: t.year,
                })
                .collect(),
        ),
        _ => (Vec::new(), Vec::new()),
    };
    let graph = input.build(&WeightPolicy::default())?;
    match &args.command {
        AnalyzeCommand::Recruit(r) => {
            if !what_if_ids.is_empty() {
                let mut orgs = Vec::new();
                for id in &what_if_ids {
                    let Some(o) = graph.find_organisation(id) else {
                        return Err(Error::Usage(format!(
                            "--what-if {id}: not an organisation; give an outside university, institute or firm"
                        ))
                        .into());
                    };
                    if graph.organisation(o).is_local() {
                        return Err(Error::Usage(format!(
                            "--what-if {id}: {} is already a local actor; give an organisation from outside the city",
                            graph.organisation(o).labels.get(lang)
                        ))
                        .into());
                    }
                    orgs.push(o);
                }
                let report = what_if(&graph, &orgs, &MatchAllOptions::default());
                write(&report, args.format, lang, out, write_what_if_table)?;
            } else {
                let options = RecruitOptions {
                    chain: chain.as_deref().and_then(|c| graph.find_chain(c)),
                    top: r.top,
                    ..RecruitOptions::default()
                };
                let report = recruit(&graph, &options);
                write(&report, args.format, lang, out, write_recruit_table)?;
            }
        }
        AnalyzeCommand::Fragility(t) => {
            let report = fragility(&graph, t.top);
            write(&report, args.format, lang, out, write_fragility_table)?;
        }
        AnalyzeCommand::Brokers(b) => {
            let defaults = BrokersOptions::default();
            let options = BrokersOptions {
                top: b.top,
                samples: b.samples.unwrap_or(defaults.samples),
                seed: b.seed,
                exact: if b.exact {
                    Some(true)
                } else if b.samples.is_some() {
                    Some(false)
                } else {
                    None
                },
                ..defaults
            };
            let report = brokers(&graph, &options);
            write(&report, args.format, lang, out, write_brokers_table)?;
        }
        AnalyzeCommand::Trend(t) => {
            let options = TrendOptions {
                from: t.from,
                to: t.to,
            };
            let report = trend(&graph, &collaborations, &tiers, &options);
            write(&report, args.format, lang, out, write_trend_table)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
