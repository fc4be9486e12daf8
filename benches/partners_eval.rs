//! Partner-matching quality: hide 20 % of the collaborations, ask for the partners of every firm in
//! a hidden collaboration, and report recall@10 and MRR for innomap's matcher beside three baselines
//! (random, capability overlap, popularity) on the same split.
//!
//! `cargo bench --bench partners_eval -- [--seeds N] [--first-seed S] [--only bundled|generated]
//! [--generator-seeds 1,2] [--scale county] [--firms F]`
//!
//! Two datasets, one after the other:
//! - the bundled Zhangjiagang data, every firm asked;
//! - synthetic data from `innomap::generate` (county scale, generator seeds 1 and 2 by default),
//!   loaded alone into an in-memory store; `--firms` (default 500) firms with a hidden partner are
//!   sampled per split, so that each split runs in seconds.
//!
//! Splits use seeds S..S+N (default 1–5): these are the reported test splits. The partner weights
//! were chosen on other splits (`--first-seed 101`), never on these.

use innomap::features::evaluation::{EvaluationOptions, EvaluationReport, evaluate_partners};
use innomap::features::generate::{GenerateOptions, Scale, generate};
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
    let seeds: u64 = arg(&args, "--seeds").unwrap_or(5);
    let first_seed: u64 = arg(&args, "--first-seed").unwrap_or(1);
    let only: Option<String> = arg(&args, "--only");
    let firms: usize = arg(&args, "--firms").unwrap_or(500);
    let scale: Scale = arg(&args, "--scale").unwrap_or(Scale::County);
    let generator_seeds: Vec<u64> = arg::<String>(&args, "--generator-seeds")
        .unwrap_or_else(|| "1,2".into())
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
        report(
            "bundled Zhangjiagang data",
            &bundled,
            first_seed,
            seeds,
            None,
        );
    }
    if only.as_deref() != Some("bundled") {
        for generator_seed in generator_seeds {
            let mut data = Vec::new();
            generate(
                &GenerateOptions {
                    scale,
                    seed: generator_seed,
                },
                &mut data,
            )
            .expect("generation");
            let store = Store::in_memory().expect("a store");
            store
                .load_bytes(
                    &data,
                    RdfFormat::NTriples,
                    "https://w3id.org/innomap/graph/evaluation",
                    "generated",
                )
                .expect("the generated data loads");
            report(
                &format!("generated data, {scale} scale, generator seed {generator_seed}"),
                &store,
                first_seed,
                seeds,
                Some(firms),
            );
        }
    }
}

fn report(name: &str, store: &Store, first_seed: u64, seeds: u64, max_firms: Option<usize>) {
    let started = Instant::now();
    let input = read_projection(store).expect("the data projects");
    let mut runs: Vec<EvaluationReport> = Vec::new();
    for seed in first_seed..first_seed + seeds {
        let options = EvaluationOptions {
            seed,
            max_firms,
            ..EvaluationOptions::default()
        };
        runs.push(
            evaluate_partners(&input, &WeightPolicy::default(), &options).expect("evaluation runs"),
        );
    }
    let first = &runs[0];
    let asked = match max_firms {
        Some(max) => format!("a sample of at most {max} asked"),
        None => "every one asked".into(),
    };
    println!(
        "\n{name}: {} organisations, {} collaborations, 20 % hidden ({}); {} firms with a new hidden partner on average, {asked}: {} firms, {} hidden pairs on average; mean of {seeds} splits (seeds {first_seed}–{}), {:.0} s",
        input.organisations.len(),
        first.collaborations,
        first.hidden,
        runs.iter().map(|r| r.eligible_firms).sum::<usize>() / runs.len(),
        runs.iter().map(|r| r.firms).sum::<usize>() / runs.len(),
        runs.iter().map(|r| r.targets).sum::<usize>() / runs.len(),
        first_seed + seeds - 1,
        started.elapsed().as_secs_f64(),
    );
    println!("| ranker | recall@{} | MRR |", first.k);
    println!("|---|---|---|");
    for (i, score) in first.scores.iter().enumerate() {
        let recall = runs.iter().map(|r| r.scores[i].recall_at_k).sum::<f64>() / runs.len() as f64;
        let mrr = runs.iter().map(|r| r.scores[i].mrr).sum::<f64>() / runs.len() as f64;
        println!("| {} | {recall:.3} | {mrr:.3} |", score.ranker);
    }
}
