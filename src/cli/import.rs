//! `innomap import`: clap arguments and dispatch (issue 6, in progress).

use clap::Args;
use innomap::{Error, Lang, StoreConfig};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV or XLSX file to import.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

pub fn run(
    _config: &StoreConfig,
    _args: &ImportArgs,
    _lang: Lang,
    _out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    Err(Error::Usage("import is not built yet".into()).into())
}
