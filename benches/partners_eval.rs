//! Partner-matching quality on held-out networks: `innomap evaluate`'s temporal split (the year
//! leaving about 20 % of collaborations later), the shipped weights against the baselines, on
//! networks that took no part in fitting those weights.
//!
//! `cargo bench --bench partners_eval -- [--scale 3000] [--generator-seeds 11,12] [--queries 800]
//! [--only bundled|generated] [--rich]`
//!
//! - the bundled Zhangjiagang data;
//! - networks from `innomap::generate` at `--scale` (default 3 000 organisations) with generator
//!   seeds 11 and 12 (the shipped weights were fitted on seed 1), reduced to the **sparse** data the
//!   issue describes — organisations with kinds, chains, places and capabilities; directions with
//!   their required capabilities; collaborations with participants, kind and year only (no lead, no
//!   figures, patents, hosts, tiers, levels or talents) — unless `--rich`.
//!
//! For each dataset: recall@10, MRR and NDCG@10 (all partners and new ties) of every ranker, then
//! innomap's ratio to each baseline. The goal: recall@10 and MRR at least 1.25× every simple
//! baseline (random, popularity, need × rarity, Adamic–Adar) and above the informed one.

use innomap::features::evaluation::{EvaluateOptions, EvaluateReport, evaluate};
use innomap::features::generate::{GenerateOptions, Scale, generate, sparse_ntriples};
use innomap::projection::{read_collaboration_roles, read_consortium_records};
use innomap::{RdfFormat, Store, WeightPolicy, read_projection};
use std::time::Instant;

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let only: Option<String> = arg(&args, "--only");
    let queries: usize = arg(&args, "--queries").unwrap_or(800);
    let scale: Scale = arg(&args, "--scale").unwrap_or_else(|| "3000".parse().expect("a scale"));
    let rich = args.iter().any(|a| a == "--rich");
    let generator_seeds: Vec<u64> = arg::<String>(&args, "--generator-seeds")
        .unwrap_or_else(|| "11,12".into())
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .expect("generator seeds: numbers separated by commas")
        })
        .collect();

    if only.as_deref() != Some("generated") {
        let bundled = Store::in_memory().expect("a store");
        bundled.load_bundled().expect("the bundled data loads");
        report("bundled Zhangjiagang data", &bundled, None);
    }
    if only.as_deref() != Some("bundled") {
        for seed in generator_seeds {
            let mut data = Vec::new();
            generate(&GenerateOptions { scale, seed }, &mut data).expect("generation");
            if !rich {
                data = sparse_ntriples(&data);
            }
            let store = Store::in_memory().expect("a store");
            store
                .load_bytes(
                    include_bytes!("../data/ontology.ttl"),
                    RdfFormat::Turtle,
                    "https://w3id.org/innomap/graph/ontology",
                    "data/ontology.ttl",
                )
                .expect("the ontology loads");
            store
                .load_bytes(
                    &data,
                    RdfFormat::NTriples,
                    "https://w3id.org/innomap/graph/evaluation",
                    "generated",
                )
                .expect("the generated data loads");
            let kind = if rich { "rich" } else { "sparse" };
            report(
                &format!("held-out network, {scale} scale, generator seed {seed}, {kind}"),
                &store,
                Some(queries),
            );
        }
    }
}

fn report(name: &str, store: &Store, max_queries: Option<usize>) {
    let started = Instant::now();
    let input = read_projection(store).expect("the data projects");
    let roles = read_collaboration_roles(store).expect("roles");
    let records = read_consortium_records(store).expect("consortia");
    let options = EvaluateOptions {
        max_queries,
        ..EvaluateOptions::default()
    };
    let (r, _) = evaluate(&input, &roles, &records, &WeightPolicy::default(), &options)
        .expect("evaluation runs");
    print_report(
        name,
        &r,
        input.organisations.len(),
        started.elapsed().as_secs_f64(),
    );
}

fn print_report(name: &str, r: &EvaluateReport, organisations: usize, seconds: f64) {
    println!(
        "\n{name}: {organisations} organisations, {} collaborations, split after {} ({} later), {} queries of {}, {seconds:.0} s",
        r.collaborations, r.split_year, r.later_collaborations, r.queries, r.eligible_queries
    );
    println!(
        "| ranker | recall@{k} | MRR | NDCG@{k} | new: recall@{k} | new: MRR | new: NDCG@{k} |",
        k = r.k
    );
    println!("|---|---|---|---|---|---|---|");
    for x in &r.rankers {
        println!(
            "| {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
            x.ranker,
            x.all_partners.recall_at_k,
            x.all_partners.mrr,
            x.all_partners.ndcg_at_k,
            x.new_ties.recall_at_k,
            x.new_ties.mrr,
            x.new_ties.ndcg_at_k
        );
    }
    let innomap = &r.rankers[0];
    println!(
        "innomap ÷ baseline (recall@{k}, MRR; all partners / new ties):",
        k = r.k
    );
    for b in &r.rankers[1..] {
        let ratio = |a: f64, b: f64| {
            if b > 0.0 {
                format!("{:.2}×", a / b)
            } else {
                "∞".into()
            }
        };
        println!(
            "  {}: {} {} / {} {}",
            b.ranker,
            ratio(innomap.all_partners.recall_at_k, b.all_partners.recall_at_k),
            ratio(innomap.all_partners.mrr, b.all_partners.mrr),
            ratio(innomap.new_ties.recall_at_k, b.new_ties.recall_at_k),
            ratio(innomap.new_ties.mrr, b.new_ties.mrr),
        );
    }
}
