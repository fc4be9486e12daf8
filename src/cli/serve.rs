//! `innomap serve`: clap arguments, converted into [`innomap::serve::ServeOptions`]; the store is
//! opened as for every command; SIGINT and SIGTERM stop the server cleanly.

use clap::Args;
use innomap::serve::{ServeOptions, Server};
use innomap::{Error, Lang, Store, StoreConfig};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (HOST:PORT; port 0 picks a free port). Loopback unless told otherwise.
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR")]
    pub bind: String,
    /// Cancel every query and update after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// The most rows (SELECT) or triples (CONSTRUCT, DESCRIBE, graph reads) in one answer; more is
    /// an error (422), never a silent truncation.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_results: usize,
    /// The largest request body, in bytes (queries, updates, uploads); larger gets 413.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_body: usize,
    /// Accept SPARQL Update at /update and Graph Store writes at /store, with the bearer token.
    #[arg(long)]
    pub writable: bool,
    /// The bearer token writes must carry (visible in process lists: prefer --token-file or the
    /// INNOMAP_TOKEN environment variable).
    #[arg(long, value_name = "TOKEN", conflicts_with = "token_file")]
    pub token: Option<String>,
    /// A file whose first line is the bearer token.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Send CORS headers that allow this origin (`*` for any); none by default.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
    /// Queries evaluated at once (default: the number of cores, at least 2).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Connections open at once; more get 503.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_connections: usize,
    /// Show firms' revenue and R&D spend (万元) on the workbench's pages; left out by default.
    #[arg(long)]
    pub include_financials: bool,
}

fn token(args: &ServeArgs) -> anyhow::Result<Option<String>> {
    if let Some(token) = &args.token {
        return Ok(Some(token.trim().to_owned()));
    }
    if let Some(path) = &args.token_file {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Input {
            message: format!("cannot read the token file {}: {e}", path.display()),
        })?;
        let token = text.lines().next().unwrap_or("").trim().to_owned();
        if token.is_empty() {
            return Err(Error::Input {
                message: format!("the token file {} is empty", path.display()),
            }
            .into());
        }
        return Ok(Some(token));
    }
    Ok(std::env::var("INNOMAP_TOKEN")
        .ok()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty()))
}

pub fn run(config: &StoreConfig, args: &ServeArgs, _lang: Lang) -> anyhow::Result<ExitCode> {
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(Error::Usage(format!(
            "--timeout {} must be a positive number of seconds",
            args.timeout
        ))
        .into());
    }
    if args.threads == Some(0) {
        return Err(Error::Usage("--threads must be at least 1".into()).into());
    }
    let options = ServeOptions {
        bind: args.bind.clone(),
        timeout: Duration::from_secs_f64(args.timeout),
        max_results: args.max_results,
        max_body: args.max_body,
        writable: args.writable,
        token: token(args)?,
        cors_origin: args.cors.clone(),
        threads: args.threads.unwrap_or_else(innomap::serve::default_threads),
        max_connections: args.max_connections,
        include_financials: args.include_financials,
    };
    let store = Store::open(config)?;
    let server = Server::bind(store, options.clone())?;
    let address = server.local_addr();
    eprintln!(
        "innomap: serving http://{address}/ (SPARQL endpoint http://{address}/sparql; {}, timeout {} s, at most {} results, {} workers); stop with Ctrl-C",
        if options.writable {
            "writable with the bearer token"
        } else {
            "read-only"
        },
        args.timeout,
        options.max_results,
        options.threads
    );
    let handle = server.shutdown_handle();
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
    ])
    .map_err(|e| Error::Usage(format!("cannot install the signal handlers: {e}")))?;
    let signal_handle = signals.handle();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            eprintln!(
                "innomap: signal {signal} received: finishing the requests in flight, then stopping"
            );
            handle.shutdown();
        }
    });
    let drained = server.run();
    signal_handle.close();
    if drained {
        eprintln!("innomap: stopped");
    } else {
        eprintln!("innomap: stopped before every request in flight had finished");
    }
    Ok(ExitCode::SUCCESS)
}
