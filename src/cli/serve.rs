//! `innomap serve`: clap arguments and dispatch (issue 5, in progress).

use clap::Args;
use innomap::{Error, Lang, StoreConfig};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: String,
}

pub fn run(_config: &StoreConfig, _args: &ServeArgs, _lang: Lang) -> anyhow::Result<ExitCode> {
    Err(Error::Usage("serve is not built yet".into()).into())
}
