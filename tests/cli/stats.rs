//! `innomap stats` on the bundled data.

use crate::common::*;

#[test]
fn stats_count_kinds_chains_tiers_and_the_8x10_coverage() {
    let run = innomap(&["stats", "--format", "json"]).ok();
    let stats: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let count = |kind: &str| {
        stats["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kind"] == kind)
            .map_or(0, |k| k["count"].as_u64().unwrap())
    };
    assert!(count("firm") >= 150);
    assert_eq!(count("direction"), 31);
    assert!(count("capability") >= 60);
    assert_eq!(stats["coverage"]["chains"], 8);
    assert!(stats["coverage"]["resource_rows"].as_u64().unwrap() >= 80);
    // The total is every quad of the store, counted independently by SPARQL over the named graphs
    // (the bundled data has nothing in the default graph itself), and the graphs add up to it.
    let total = stats["triples"].as_u64().unwrap();
    assert!(total > 5_000);
    let counted = innomap(&[
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "--format",
        "tsv",
    ])
    .ok();
    assert_eq!(counted.stdout.lines().nth(1).unwrap(), format!("{total}"));
    let graphs: u64 = stats["graphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["triples"].as_u64().unwrap())
        .sum();
    assert_eq!(graphs, total);
    let table = innomap(&["stats"]).ok();
    assert!(table.stdout.contains("8×10 覆盖"), "{}", table.stdout);
    let english = innomap(&["--lang", "en", "stats"]).ok();
    assert!(
        english.stdout.contains("8×10 coverage"),
        "{}",
        english.stdout
    );
}
