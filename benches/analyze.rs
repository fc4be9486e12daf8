//! `innomap analyze` speed at county and province scale, beside networkx's betweenness on the same
//! graph in the same run.
//!
//! `cargo bench --bench analyze -- [--scale county|province|N] [--runs R]`
//!
//! Generates synthetic data (seed 7), loads it into the in-memory store and projects it (timed
//! apart: the goals are "once projected"), then times each analysis R times (default 3) and prints
//! the median: recruit, recruit --what-if with the top candidate, fragility, brokers (betweenness —
//! exact up to 20 000 organisations, else 2 000 sampled sources — and Louvain) and trend. The
//! baseline: the collaboration graph written as an edge list and read by networkx
//! (`betweenness_centrality`, exact, or with `k = 2 000` sampled sources when innomap samples),
//! timed inside Python without the reading. Goals: each analysis ≤ 2 s at county scale and ≤ 60 s
//! at province scale.

use innomap::analytics::{
    BrokersOptions, CollaborationGraph, RecruitOptions, TrendOptions, brokers, fragility, recruit,
    trend, what_if,
};
use innomap::features::generate::Scale;
use innomap::{MatchAllOptions, WeightPolicy, read_projection};
use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

mod support;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn median_of(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

const NETWORKX: &str = r#"
import sys, time
import networkx as nx
path, k = sys.argv[1], int(sys.argv[2])
g = nx.Graph()
with open(path) as f:
    n = int(f.readline())
    g.add_nodes_from(range(n))
    for line in f:
        a, b = line.split()
        g.add_edge(int(a), int(b))
started = time.perf_counter()
if k >= n:
    nx.betweenness_centrality(g, normalized=True)
else:
    nx.betweenness_centrality(g, k=k, normalized=True, seed=1)
print(time.perf_counter() - started)
"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let scale_name = arg(&args, "--scale").unwrap_or_else(|| "county".into());
    let scale: Scale = scale_name.parse().expect("--scale county|province|N");
    let runs: usize = arg(&args, "--runs").map_or(3, |r| r.parse().expect("--runs R"));

    let (store, generated) = support::generated(scale);
    let started = Instant::now();
    let input = read_projection(&store).expect("projection");
    let history = input.collaborations.clone();
    let graph = input.build(&WeightPolicy::default()).expect("the graph");
    println!(
        "scale {scale_name}: {} organisations, {} collaborations, {} triples; projected in {:.2} s; median of {runs} runs",
        generated.organisations,
        generated.collaborations,
        generated.triples,
        started.elapsed().as_secs_f64()
    );
    let goal = if graph.organisations().len() <= 20_000 {
        2.0
    } else {
        60.0
    };

    let mut rows: Vec<(&str, Duration)> = Vec::new();
    let report = recruit(&graph, &RecruitOptions::default());
    rows.push((
        "recruit",
        median_of(runs, || {
            recruit(&graph, &RecruitOptions::default());
        }),
    ));
    if let Some(top) = report.candidates.first() {
        let org = graph.find_organisation(&top.id).expect("the candidate");
        rows.push((
            "recruit --what-if (top candidate)",
            median_of(runs, || {
                what_if(&graph, &[org], &MatchAllOptions::default());
            }),
        ));
    }
    rows.push((
        "fragility",
        median_of(runs, || {
            fragility(&graph, 15);
        }),
    ));
    let options = BrokersOptions::default();
    let mut sampled = false;
    rows.push((
        "brokers (betweenness + Louvain)",
        median_of(runs, || {
            sampled = !brokers(&graph, &options).exact;
        }),
    ));
    let network = CollaborationGraph::new(&graph);
    let k = if sampled {
        options.samples
    } else {
        network.node_count()
    };
    rows.push((
        "betweenness alone",
        median_of(runs, || {
            innomap::analytics::betweenness(
                &network,
                &innomap::analytics::BetweennessOptions {
                    samples: sampled.then_some(options.samples),
                    seed: 1,
                },
            );
        }),
    ));
    rows.push((
        "trend",
        median_of(runs, || {
            trend(&graph, &history, &[], &TrendOptions::default());
        }),
    ));

    for (name, d) in &rows {
        let s = d.as_secs_f64();
        println!(
            "  {name:<36} {:>10.1} ms   goal ≤ {goal:.0} s {}",
            s * 1000.0,
            if s <= goal { "met" } else { "MISSED" }
        );
    }

    // The baseline: networkx on the same graph.
    let path = std::env::temp_dir().join(format!("innomap-bench-edges-{}.txt", std::process::id()));
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("edge list"));
        writeln!(file, "{}", network.node_count()).unwrap();
        for v in 0..network.node_count() as u32 {
            for &u in network.neighbours(v) {
                if v < u {
                    writeln!(file, "{v} {u}").unwrap();
                }
            }
        }
    }
    let ours = rows
        .iter()
        .find(|(n, _)| *n == "betweenness alone")
        .map(|(_, d)| d.as_secs_f64())
        .unwrap();
    // networkx's sampled betweenness is linear in k; at province scale it runs 200 sources and the
    // time is scaled to k (said in the output).
    let nx_k = if sampled { k.min(200) } else { k };
    match Command::new("python3")
        .args(["-c", NETWORKX, path.to_str().unwrap(), &nx_k.to_string()])
        .output()
    {
        Ok(out) if out.status.success() => {
            let measured: f64 = String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .unwrap_or(f64::NAN);
            let theirs = measured * k as f64 / nx_k as f64;
            println!(
                "  networkx betweenness ({}, {} nodes, {} edges): {:.1} ms; innomap {:.1} ms: {:.1}× faster",
                if !sampled {
                    "exact".to_owned()
                } else if nx_k < k {
                    format!("k = {k} sampled sources, timed with {nx_k} and scaled by {k}/{nx_k}")
                } else {
                    format!("k = {k} sampled sources")
                },
                network.node_count(),
                network.edge_count(),
                theirs * 1000.0,
                ours * 1000.0,
                theirs / ours
            );
        }
        Ok(out) => println!(
            "  networkx baseline failed: {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ),
        Err(e) => println!("  networkx baseline not run: {e}"),
    }
    let _ = std::fs::remove_file(&path);
}
