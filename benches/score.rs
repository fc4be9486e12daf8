//! Speed of `innomap score --kind firm` at county and province scale, beside its SPARQL measures.
//!
//! `cargo bench --bench score -- [--scale county,province] [--runs N]`
//!
//! For each scale: synthetic data (`innomap::generate`, seed 7, as the other benches) loaded into an
//! in-memory store with the bundled data, then `--runs` times (default 5) the default firm model:
//! (1) the baseline, its SPARQL measures alone for the scored year and the year before (what scoring
//! cannot do without), and (2) the whole report as the command builds it (measures, normalisation,
//! weighting, advice, labels, ranking). Prints the medians, the ratio and the goal (county ≤ 1 s,
//! province ≤ 10 s). Nothing fails: a time over the goal is marked.

use innomap::features::generate::Scale;
use innomap::features::score::report::newest_year;
use innomap::features::score::{ScoreOptions, build_report, default_model, measure};
use innomap::{EntityIndex, Lang};
use std::time::{Duration, Instant};

mod support;

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = arg(&args, "--runs").unwrap_or(5).max(1);
    let scales: Vec<String> = arg::<String>(&args, "--scale")
        .unwrap_or_else(|| "county,province".into())
        .split(',')
        .map(|s| s.trim().to_owned())
        .collect();
    let model = default_model("firm")
        .expect("a firm model")
        .expect("it reads");
    for scale_name in scales {
        let scale: Scale = scale_name
            .parse()
            .expect("a scale: county, province or a number");
        let goal = match scale {
            Scale::County => Duration::from_secs(1),
            _ => Duration::from_secs(10),
        };
        let started = Instant::now();
        let (store, generated) = support::bundled_with_generated(scale);
        let index = EntityIndex::load(&store).expect("the entity index");
        let year = newest_year(&store)
            .expect("a year")
            .expect("annual figures");
        println!(
            "\nscale {scale_name}: {} organisations, {} triples, loaded in {:.1} s; year {year}",
            generated.organisations,
            generated.triples,
            started.elapsed().as_secs_f64()
        );
        // Each measure once, slowest first: where the time goes.
        let mut each: Vec<(Duration, &str)> = innomap::features::score::MEASURES
            .iter()
            .map(|m| {
                let options = innomap::QueryOptions {
                    timeout: Some(Duration::from_secs(30)),
                    bindings: vec![(
                        "year".to_owned(),
                        oxigraph::model::Term::Literal(oxigraph::model::Literal::from(year)),
                    )],
                };
                let started = Instant::now();
                if let Err(error) = store.query(m.text, m.name, &options) {
                    println!("  {} did not finish: {error}", m.name);
                }
                (started.elapsed(), m.name)
            })
            .collect();
        each.sort_by(|a, b| b.cmp(a));
        for (time, name) in each.iter().take(8) {
            println!("  {name:<28} {:>8.1} ms", time.as_secs_f64() * 1e3);
        }
        // One untimed report first, so that both timings start warm.
        build_report(
            &store,
            &index,
            &model,
            &ScoreOptions {
                chain: None,
                year: Some(year),
                lang: Lang::Zh,
            },
        )
        .expect("the report builds");
        let mut measures = Vec::new();
        let mut whole = Vec::new();
        let mut scored = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let now = measure(&store, &model, year).expect("the measures run");
            let before = measure(&store, &model, year - 1).expect("the measures run");
            measures.push(started.elapsed());
            assert!(now.observations.len() >= before.observations.len() / 2);
            let started = Instant::now();
            let report = build_report(
                &store,
                &index,
                &model,
                &ScoreOptions {
                    chain: None,
                    year: Some(year),
                    lang: Lang::Zh,
                },
            )
            .expect("the report builds");
            whole.push(started.elapsed());
            scored = report.lines.len();
        }
        let (measures, whole) = (median(measures), median(whole));
        println!(
            "  measures alone (baseline): {:>8.1} ms\n  score, whole report:       {:>8.1} ms  ({scored} firms; {:.2}× the measures; goal ≤ {} s{})",
            measures.as_secs_f64() * 1e3,
            whole.as_secs_f64() * 1e3,
            whole.as_secs_f64() / measures.as_secs_f64(),
            goal.as_secs(),
            if whole <= goal { "" } else { " — OVER" }
        );
    }
}
