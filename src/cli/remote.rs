//! `--endpoint` (reading commands against an external SPARQL 1.1 engine) and `innomap push`
//! (uploading named graphs to it by the Graph Store Protocol, or by SPARQL Update).

use clap::Args;
use innomap::store::remote::{self, Auth, RemoteConfig};
use innomap::{Error, Lang, Store, StoreConfig};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// The token and the password come from the environment, never from the command line (which
/// other users of the machine can read).
const TOKEN_VARIABLE: &str = "INNOMAP_ENDPOINT_TOKEN";
const PASSWORD_VARIABLE: &str = "INNOMAP_ENDPOINT_PASSWORD";

#[derive(Debug, Args)]
pub struct RemoteArgs {
    /// Read from this SPARQL 1.1 Protocol endpoint instead of the embedded store (query, queries,
    /// stats, validate, match, export, brief, score, analyze).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,
    /// The engine's Graph Store Protocol address, where `push` writes (Virtuoso:
    /// …/sparql-graph-crud, Fuseki: …/DATASET/data, innomap serve: …/store).
    #[arg(long, global = true, value_name = "URL")]
    pub graph_store: Option<String>,
    /// The engine's SPARQL Update address: `push` writes by SPARQL Update when no --graph-store is given.
    #[arg(long, global = true, value_name = "URL")]
    pub update_endpoint: Option<String>,
    /// Send a bearer token, read from the environment variable INNOMAP_ENDPOINT_TOKEN.
    #[arg(long, global = true)]
    pub endpoint_token: bool,
    /// Send HTTP basic authentication as USER, with the password from INNOMAP_ENDPOINT_PASSWORD.
    #[arg(
        long,
        global = true,
        value_name = "USER",
        conflicts_with = "endpoint_token"
    )]
    pub endpoint_user: Option<String>,
    /// Read every SELECT in pages of N rows (for engines that cut long answers without saying so;
    /// an announced cut, as Virtuoso's X-SPARQL-MaxRows, is paged without it).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub page_size: Option<u64>,
    /// Give up on a request to the endpoint after this many seconds.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 300.0)]
    pub endpoint_timeout: f64,
}

impl RemoteArgs {
    fn auth(&self) -> anyhow::Result<Option<Auth>> {
        let variable = |name: &str, what: &str| {
            std::env::var(name).map_err(|_| {
                Error::Usage(format!(
                    "{what} needs the environment variable {name}: export {name}=… and run again"
                ))
            })
        };
        Ok(if self.endpoint_token {
            Some(Auth::Bearer(variable(TOKEN_VARIABLE, "--endpoint-token")?))
        } else if let Some(user) = &self.endpoint_user {
            Some(Auth::Basic {
                user: user.clone(),
                password: variable(PASSWORD_VARIABLE, "--endpoint-user")?,
            })
        } else {
            None
        })
    }

    fn config(&self, query_url: &str) -> anyhow::Result<RemoteConfig> {
        if !(self.endpoint_timeout > 0.0 && self.endpoint_timeout.is_finite()) {
            return Err(Error::Usage(format!(
                "--endpoint-timeout {}: give a positive number of seconds",
                self.endpoint_timeout
            ))
            .into());
        }
        Ok(RemoteConfig {
            query_url: query_url.to_owned(),
            graph_store_url: self.graph_store.clone(),
            update_url: self.update_endpoint.clone(),
            auth: self.auth()?,
            page_size: self.page_size.map(|n| n as usize),
            timeout: Some(Duration::from_secs_f64(self.endpoint_timeout)),
        })
    }

    /// What reading commands use: `None` without `--endpoint`.
    pub fn reading(&self) -> anyhow::Result<Option<RemoteConfig>> {
        match &self.endpoint {
            None => {
                if self.graph_store.is_some()
                    || self.update_endpoint.is_some()
                    || self.endpoint_token
                    || self.endpoint_user.is_some()
                    || self.page_size.is_some()
                {
                    return Err(Error::Usage(
                        "--graph-store, --update-endpoint, --endpoint-token, --endpoint-user and --page-size go with --endpoint URL".into(),
                    )
                    .into());
                }
                Ok(None)
            }
            Some(url) => Ok(Some(self.config(url)?)),
        }
    }
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// RDF files to upload, each into its own graph (as `load` names them); without files, every
    /// named graph of the store (the bundled map, or --store DIR's).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Upload nothing but the derived facts (pool rosters, three-year sums…), computed from what the
    /// engine already holds: for an engine loaded by other means
    #[arg(long, conflicts_with = "files")]
    derived_only: bool,
}

/// `innomap push`: every graph of the local store (or the files), one request per graph (large
/// graphs in chunks), then the catalogue that reading commands take their dataset from.
pub fn push(
    store_config: &StoreConfig,
    remote_args: &RemoteArgs,
    args: &PushArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let Some(url) = &remote_args.endpoint else {
        return Err(Error::Usage(
            "push needs --endpoint URL (the engine's query address) and --graph-store URL or --update-endpoint URL".into(),
        )
        .into());
    };
    let config = remote_args.config(url)?;
    if config.graph_store_url.is_none() && config.update_url.is_none() {
        return Err(Error::Usage(
            "push needs --graph-store URL, the engine's Graph Store Protocol address (Virtuoso: http://HOST:8890/sparql-graph-crud, Fuseki: http://HOST:3030/DATASET/data, innomap serve: http://HOST:PORT/store), or --update-endpoint URL".into(),
        )
        .into());
    }
    // Everything is read and parsed before the first byte is sent. The derived facts of the whole
    // store go with it; files join what the engine holds, so their derived facts are computed there.
    let derive_there = args.derived_only || !args.files.is_empty();
    let local = if args.files.is_empty() && !args.derived_only {
        Store::open(store_config)?
    } else {
        let store = Store::in_memory()?;
        for file in &args.files {
            store.load_file(file, None)?;
        }
        store
    };
    let mut graphs = local.named_graph_triples()?;
    if derive_there {
        graphs.retain(|(graph, _)| !innomap::store::is_derived_graph(graph));
    }
    let remote = Store::remote(config.clone())?;
    let mut catalogue: Vec<(String, usize)> = remote.remote_catalogue()?;
    upload(&remote, &graphs, &mut catalogue, lang, out)?;
    if derive_there {
        // Read again, through the catalogue that now names the new graphs.
        let remote = Store::remote(config)?;
        let started = std::time::Instant::now();
        let graphs = remote.derive_on_endpoint()?;
        let seconds = started.elapsed().as_secs_f64();
        let triples: usize = graphs.iter().map(|(_, t)| t.len()).sum();
        match lang {
            Lang::Zh => writeln!(
                out,
                "已在端点上重算派生数据：{} 个图，{triples} 个三元组，用时 {seconds:.1} 秒",
                graphs.len()
            )?,
            Lang::En => writeln!(
                out,
                "derived facts recomputed from the endpoint's data: {} graphs, {triples} triples in {seconds:.1} s",
                graphs.len()
            )?,
        }
        upload(&remote, &graphs, &mut catalogue, lang, out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Uploads each graph (replacing it there), then the catalogue naming every graph the engine holds.
fn upload(
    remote: &Store,
    graphs: &[(String, Vec<innomap::Triple>)],
    catalogue: &mut Vec<(String, usize)>,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    for (graph, triples) in graphs {
        let started = std::time::Instant::now();
        remote.push_graph(graph, triples)?;
        let seconds = started.elapsed().as_secs_f64();
        match lang {
            Lang::Zh => writeln!(
                out,
                "已上传 <{graph}>：{} 个三元组，用时 {seconds:.1} 秒",
                triples.len()
            )?,
            Lang::En => writeln!(
                out,
                "pushed <{graph}>: {} triples in {seconds:.1} s",
                triples.len()
            )?,
        }
        catalogue.retain(|(g, _)| g != graph);
        catalogue.push((graph.to_owned(), triples.len()));
    }
    catalogue.sort();
    remote.push_graph(
        innomap::base::vocab::GRAPH_CATALOGUE,
        &remote::catalogue_triples(catalogue)?,
    )?;
    match lang {
        Lang::Zh => writeln!(
            out,
            "目录图 <{}> 列出 {} 个图；之后带 --endpoint 的命令读取这些图",
            innomap::base::vocab::GRAPH_CATALOGUE,
            catalogue.len()
        )?,
        Lang::En => writeln!(
            out,
            "the catalogue <{}> lists {} graphs; commands with --endpoint read these graphs",
            innomap::base::vocab::GRAPH_CATALOGUE,
            catalogue.len()
        )?,
    }
    Ok(())
}
