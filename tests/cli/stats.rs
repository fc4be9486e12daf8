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
    assert!(stats["triples"].as_u64().unwrap() > 5_000);
    let table = innomap(&["stats"]).ok();
    assert!(table.stdout.contains("8×10 覆盖"), "{}", table.stdout);
    let english = innomap(&["--lang", "en", "stats"]).ok();
    assert!(
        english.stdout.contains("8×10 coverage"),
        "{}",
        english.stdout
    );
}
