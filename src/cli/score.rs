//! `innomap score`: the grading-and-scoring system (格次赋分) — a ranking, or one entity explained.

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use innomap::features::score::{
    ScoreOptions, build_report, default_model, model_kind_for, read_model, save_scores,
    score_quads, write_explanation_csv, write_explanation_table, write_explanation_xlsx,
    write_ranking_csv, write_ranking_table, write_ranking_xlsx,
};
use innomap::{EntityIndex, Error, Kind, KindFilter, Lang, Store, StoreConfig};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// What to score: firm, resource (universities, labs, institutes, platforms) or town (towns and
    /// zones). Default: firm, or the kind of the entity that --explain names.
    #[arg(long)]
    kind: Option<String>,
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
    /// table, json, csv (for spreadsheets: a byte-order mark, one column per indicator), xlsx (a
    /// workbook: the ranking and the model; write it with -o FILE or a redirect), or nq (the score
    /// graph as N-Quads, as --save writes it).
    #[arg(long, value_enum, default_value = "table")]
    format: ScoreFormat,
    /// Write the scores into the store (--store DIR), in their own named graph
    /// …/graph/scores/<model>/<year>, replacing an earlier save of the same model and year.
    #[arg(long)]
    save: bool,
    /// Write the output to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScoreFormat {
    Table,
    Json,
    Csv,
    Xlsx,
    Nq,
}

pub fn run(
    config: &StoreConfig,
    args: &ScoreArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal as _;
    let to_file = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    if args.format == ScoreFormat::Xlsx && to_file.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            "an XLSX workbook is binary: write it to a file with -o scores.xlsx, or redirect it"
                .into(),
        )
        .into());
    }
    let mut code = ExitCode::SUCCESS;
    super::write_output(
        args.output.as_deref(),
        &mut |written| {
            code = score(config, args, lang, written)?;
            Ok(())
        },
        out,
    )?;
    Ok(code)
}

fn score(
    config: &StoreConfig,
    args: &ScoreArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    if args.save && config.location.is_none() {
        return Err(Error::Usage(
            "--save writes the scores into the store, and the in-memory store is not kept: give --store DIR (or --format nq to write the score graph to a file)".into(),
        )
        .into());
    }
    if args.save && !config.extra_data.is_empty() {
        return Err(Error::Usage(
            "--save keeps what the store itself holds, and --data files are added for this run only: load them first (innomap load), then score --save without --data".into(),
        )
        .into());
    }
    if args.format == ScoreFormat::Nq && args.explain.is_some() {
        return Err(Error::Usage(
            "--format nq writes the whole score graph, not one entity's explanation: leave --explain out, or use --format json".into(),
        )
        .into());
    }
    // A bad model file is reported before the store opens.
    let custom = match &args.model {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the model {}", path.display()))?;
            Some(read_model(&text, &path.display().to_string())?)
        }
        None => None,
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
        Some(name) => Some(index.resolve(name, None, "entity")?),
        None => None,
    };
    let model = match custom {
        Some(model) => model,
        None => {
            let kind = match (&args.kind, explained) {
                (Some(kind), _) => kind.clone(),
                (None, Some(entity)) => model_kind_for(entity.kind)
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "{} is a {}, which no scoring model grades: explain a firm, an innovation resource or a town",
                            entity.id,
                            entity.kind
                        ))
                    })?
                    .to_owned(),
                (None, None) => "firm".to_owned(),
            };
            default_model(&kind).ok_or_else(|| {
                Error::Usage(format!(
                    "there is no default scoring model for --kind {kind}: the default models score firm, resource and town; give one of them or --model FILE"
                ))
            })??
        }
    };
    let explained = explained.map(|entity| entity.iri.clone());
    let options = ScoreOptions {
        chain,
        year: args.year,
        lang,
    };
    let report = build_report(&store, &index, &model, &options)?;
    if args.save {
        let saved = save_scores(&store, &report, &model, options.chain.as_deref())?;
        eprintln!(
            "innomap: saved {} scores ({} quads) into <{}>{}",
            report.lines.len(),
            saved.quads,
            saved.graph,
            if saved.replaced > 0 {
                format!(", replacing {} quads of an earlier save", saved.replaced)
            } else {
                String::new()
            }
        );
        if store.is_persistent() {
            super::refresh_derived(&store)?;
        }
    }
    match explained {
        Some(iri) => {
            let line = report.line_of(&iri, &index)?;
            match args.format {
                ScoreFormat::Table => write_explanation_table(line, &report, lang, out)?,
                ScoreFormat::Csv => write_explanation_csv(line, lang, out)?,
                ScoreFormat::Xlsx => write_explanation_xlsx(line, &report, lang, out)?,
                ScoreFormat::Nq => unreachable!("refused with --explain before scoring"),
                ScoreFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, &report.explanation_json(line))?;
                    writeln!(out)?;
                }
            }
        }
        None => match args.format {
            ScoreFormat::Table => write_ranking_table(&report, args.top, lang, out)?,
            ScoreFormat::Csv => write_ranking_csv(&report, args.top, lang, out)?,
            ScoreFormat::Xlsx => write_ranking_xlsx(&report, args.top, lang, out)?,
            ScoreFormat::Nq => {
                // The whole graph, as --save writes it: --top does not cut it.
                let quads = score_quads(&report, &model, options.chain.as_deref())?;
                write_nquads(&quads, out)?;
            }
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

fn write_nquads(quads: &[oxigraph::model::Quad], out: &mut dyn Write) -> anyhow::Result<()> {
    for quad in quads {
        writeln!(out, "{quad} .")?;
    }
    Ok(())
}
