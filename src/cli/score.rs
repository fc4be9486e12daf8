//! `innomap score`: the grading-and-scoring system (格次赋分) — a ranking, or one entity explained.

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use innomap::features::score::{
    ScoreOptions, build_report, default_model, read_model, write_explanation_csv,
    write_explanation_table, write_ranking_csv, write_ranking_table,
};
use innomap::{EntityIndex, Error, Kind, KindFilter, Lang, Store, StoreConfig};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// What to score: firm, resource (universities, labs, institutes, platforms) or town (towns and zones).
    #[arg(long, default_value = "firm")]
    kind: String,
    /// Score within one chain (id, IRI or label): normalised among its entities only.
    #[arg(long)]
    chain: Option<String>,
    /// The year (default: the newest year of the data's annual figures).
    #[arg(long, value_name = "YEAR")]
    year: Option<i64>,
    /// How many lines of the ranking (default: all).
    #[arg(long)]
    top: Option<usize>,
    /// Explain one entity (id, IRI or label): every indicator and what would lift it a grade.
    #[arg(long, value_name = "ENTITY")]
    explain: Option<String>,
    /// A scoring model file (Turtle) instead of the default model of the kind.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// table, json, or csv (for spreadsheets: a byte-order mark, one column per indicator).
    #[arg(long, value_enum, default_value = "table")]
    format: ScoreFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScoreFormat {
    Table,
    Json,
    Csv,
}

pub fn run(
    config: &StoreConfig,
    args: &ScoreArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    // The model first, so that a bad model file is reported before the store opens.
    let model = match &args.model {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the model {}", path.display()))?;
            read_model(&text, &path.display().to_string())?
        }
        None => default_model(&args.kind).ok_or_else(|| {
            Error::Usage(format!(
                "there is no default scoring model for --kind {}: the default models score firm, resource and town; give one of them or --model FILE",
                args.kind
            ))
        })??,
    };
    let store = Store::open(config)?;
    let index = EntityIndex::load(&store)?;
    let chain = match &args.chain {
        Some(name) => Some(
            index
                .resolve(name, Some(KindFilter::Kind(Kind::Chain)), "chain")?
                .iri
                .clone(),
        ),
        None => None,
    };
    let explained = match &args.explain {
        Some(name) => Some(index.resolve(name, None, "entity")?.iri.clone()),
        None => None,
    };
    let options = ScoreOptions {
        chain,
        year: args.year,
        lang,
    };
    let report = build_report(&store, &index, &model, &options)?;
    match explained {
        Some(iri) => {
            let id = innomap::base::vocab::id_of(&iri).unwrap_or(&iri);
            let line = report
                .lines
                .iter()
                .find(|l| l.id == id)
                .ok_or_else(|| Error::Input {
                    message: format!(
                        "{id} is not among the entities the {} model scores{}",
                        report.kind,
                        report
                            .chain
                            .as_ref()
                            .map_or(String::new(), |c| format!(" in chain {c}"))
                    ),
                })?;
            match args.format {
                ScoreFormat::Table => write_explanation_table(line, &report, lang, out)?,
                ScoreFormat::Csv => write_explanation_csv(line, lang, out)?,
                ScoreFormat::Json => {
                    let mut value = serde_json::to_value(line)?;
                    value["model"] = report.model.clone().into();
                    value["year"] = report.year.into();
                    serde_json::to_writer_pretty(&mut *out, &value)?;
                    writeln!(out)?;
                }
            }
        }
        None => match args.format {
            ScoreFormat::Table => write_ranking_table(&report, args.top, lang, out)?,
            ScoreFormat::Csv => write_ranking_csv(&report, args.top, lang, out)?,
            ScoreFormat::Json => {
                let mut report = report;
                if let Some(top) = args.top {
                    report.lines.truncate(top);
                }
                serde_json::to_writer_pretty(&mut *out, &report)?;
                writeln!(out)?;
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}
