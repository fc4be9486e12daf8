//! `innomap import`: clap arguments and dispatch to the library's importer (`innomap::import`).

use super::ListFormat;
use clap::Args;
use innomap::features::import::{
    ImportError, ImportOptions, ReadOptions, SheetKind, TextEncoding, diff_plan, plan_import,
    read_table_file, write_diff_json, write_diff_summary, write_diff_table, write_plan_rdf,
    write_template,
};
use innomap::{Error, Lang, RdfFormat, Store, StoreConfig};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The sheet to import: CSV (UTF-8 or GB18030/GBK), TSV, XLSX, XLS or ODS.
    #[arg(
        value_name = "FILE",
        required_unless_present = "template",
        conflicts_with = "template"
    )]
    pub file: Option<PathBuf>,
    /// What the rows are: firms, resources, directions, collaborations, talents or investments.
    #[arg(long, value_name = "KIND", required_unless_present = "template")]
    pub kind: Option<String>,
    /// Print an empty sheet (the CSV header row, Chinese unless --lang en) for KIND and stop.
    #[arg(long, value_name = "KIND", conflicts_with_all = ["kind", "dry_run", "sheet", "encoding", "source"])]
    pub template: Option<String>,
    /// Write the template without the UTF-8 byte order mark (which Excel needs to show Chinese).
    #[arg(long, requires = "template")]
    pub no_bom: bool,
    /// The worksheet of a workbook, by name (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The encoding of a CSV file: utf-8, gb18030 (also GBK), utf-16le, utf-16be (default: detected).
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<String>,
    /// The source name in the sheet's graph IRI (default: the file name without its extension).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// The region new entities are minted in (the `zjg` of …/id/zjg/firm/…).
    #[arg(long, value_name = "REGION", default_value = "zjg")]
    pub region: String,
    /// Report what would be added, changed and removed, entity by entity; store nothing.
    #[arg(long, conflicts_with = "output")]
    pub dry_run: bool,
    /// The --dry-run report as a table or JSON.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Write the sheet's RDF to FILE (.ttl, .nt, .trig, .nq; `-` for Turtle on standard output)
    /// instead of storing it; with --template, write the template to FILE.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn usage(message: impl Into<String>) -> anyhow::Error {
    Error::Usage(message.into()).into()
}

fn rdf_format_of(path: &Path) -> anyhow::Result<RdfFormat> {
    if path.as_os_str() == "-" {
        return Ok(RdfFormat::Turtle);
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "ttl" | "turtle" => Ok(RdfFormat::Turtle),
        "nt" => Ok(RdfFormat::NTriples),
        "trig" => Ok(RdfFormat::TriG),
        "nq" => Ok(RdfFormat::NQuads),
        _ => Err(usage(format!(
            "cannot tell the RDF syntax of {} from its extension: use .ttl, .nt, .trig or .nq",
            path.display()
        ))),
    }
}

fn template(args: &ImportArgs, kind: &str, lang: Lang, out: &mut dyn Write) -> anyhow::Result<()> {
    let kind: SheetKind = kind.parse().map_err(Error::from)?;
    match &args.output {
        Some(path) if path.as_os_str() != "-" => {
            let is_csv = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            if !is_csv {
                return Err(usage(format!(
                    "templates are CSV: name the file {}.csv (Excel opens it and saves it as .xlsx)",
                    path.with_extension("").display()
                )));
            }
            let mut file = std::fs::File::create(path).map_err(|e| Error::Input {
                message: format!("cannot write {}: {e}", path.display()),
            })?;
            write_template(kind, lang, !args.no_bom, &mut file)?;
            eprintln!(
                "innomap: wrote the {} template to {}",
                kind.as_str(),
                path.display()
            );
        }
        _ => write_template(kind, lang, !args.no_bom, out)?,
    }
    Ok(())
}

pub fn run(
    config: &StoreConfig,
    args: &ImportArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    if let Some(kind) = &args.template {
        template(args, kind, lang, out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(file), Some(kind)) = (&args.file, &args.kind) else {
        return Err(usage(
            "give a sheet and its kind: innomap import FILE --kind firms (or --template KIND)",
        ));
    };
    let kind: SheetKind = kind.parse().map_err(Error::from)?;
    let encoding: Option<TextEncoding> = args
        .encoding
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(Error::from)?;
    let stores = !args.dry_run && args.output.is_none();
    if stores && config.location.is_none() {
        return Err(usage(
            "import writes to a store, and the in-memory store is gone after this run: give --store DIR \
             (the on-disk store, built with the `rocksdb` feature), --output FILE.ttl to write the RDF, \
             or --dry-run to see what would change",
        ));
    }
    if stores && !config.extra_data.is_empty() {
        return Err(usage(
            "--data adds files for one run and is never written to the store: load them first, or import without --data",
        ));
    }
    let output_format = args.output.as_deref().map(rdf_format_of).transpose()?;
    let table = read_table_file(
        file,
        &ReadOptions {
            sheet: args.sheet.clone(),
            encoding,
        },
    )
    .map_err(Error::from)?;
    let store = Store::open(config)?;
    let options = ImportOptions {
        kind,
        source: args.source.clone(),
        region: args.region.clone(),
    };
    let plan = match plan_import(&store, &table, &options) {
        Ok(plan) => plan,
        Err(ImportError::Problems { problems, .. }) => {
            let shown = file.display().to_string();
            for problem in &problems {
                eprintln!("innomap: {}", problem.describe(&shown));
            }
            return Err(Error::Input {
                message: format!(
                    "{shown}: {} problem{} found; nothing was imported — fix the sheet and import it again",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                ),
            }
            .into());
        }
        Err(other) => return Err(Error::from(other).into()),
    };
    if args.dry_run {
        let diff = diff_plan(&store, &plan, lang).map_err(Error::from)?;
        match args.format {
            ListFormat::Table => write_diff_table(&diff, lang, out)?,
            ListFormat::Json => write_diff_json(&diff, out)?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let (Some(path), Some(format)) = (&args.output, output_format) {
        if path.as_os_str() == "-" {
            write_plan_rdf(&plan, format, out).map_err(Error::from)?;
        } else {
            let mut writer =
                std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| Error::Input {
                    message: format!("cannot write {}: {e}", path.display()),
                })?);
            write_plan_rdf(&plan, format, &mut writer).map_err(Error::from)?;
            writer.flush()?;
        }
        eprintln!(
            "innomap: wrote {} rows of {} as {} quads of <{}> to {}",
            plan.rows,
            table.file_name,
            plan.quads.len(),
            plan.graph,
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let diff = diff_plan(&store, &plan, lang).map_err(Error::from)?;
    innomap::features::import::apply_plan(&store, &plan).map_err(Error::from)?;
    super::refresh_derived(&store)?;
    write_diff_summary(&diff, lang, out)?;
    Ok(ExitCode::SUCCESS)
}
