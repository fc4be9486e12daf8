//! `innomap evaluate` on the bundled data and on a sparse generated network: the temporal split,
//! every ranker in one table, the fit and its weights file, and bad input.

use crate::common::*;

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&innomap(&all).ok().stdout).expect("evaluate prints JSON")
}

const RANKERS: [&str; 6] = [
    "innomap",
    "random",
    "popularity",
    "need × rarity",
    "Adamic–Adar",
    "informed (multiplicative)",
];

#[test]
fn the_bundled_history_is_split_in_time_and_every_ranker_is_scored() {
    let report = json(&["evaluate", "--consortia"]);
    // 2025 holds about a fifth of the bundled collaborations.
    assert_eq!(report["split_year"], 2024);
    let later = report["later_collaborations"].as_u64().unwrap() as f64;
    let all = report["collaborations"].as_u64().unwrap() as f64;
    assert!((0.1..0.35).contains(&(later / all)), "{later} of {all}");
    let names: Vec<&str> = report["rankers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ranker"].as_str().unwrap())
        .collect();
    assert_eq!(names, RANKERS);
    let metric = |ranker: usize, part: &str, name: &str| {
        report["rankers"][ranker][part][name].as_f64().unwrap()
    };
    for r in 0..RANKERS.len() {
        for part in ["all_partners", "new_ties"] {
            for name in ["recall_at_k", "mrr", "ndcg_at_k"] {
                assert!((0.0..=1.0).contains(&metric(r, part, name)));
            }
        }
    }
    // The matcher beats a random order by far.
    assert!(metric(0, "all_partners", "mrr") > 4.0 * metric(1, "all_partners", "mrr"));
    let consortia = &report["consortia"];
    assert!(consortia["cases"].as_u64().unwrap() >= 1, "{consortia}");

    let table = innomap(&["evaluate"]).ok().stdout;
    assert!(table.contains("时间切分") && table.contains("召回率@10") && table.contains("随机"));
    let english = innomap(&["--lang", "en", "evaluate"]).ok().stdout;
    assert!(english.contains("Temporal split") && english.contains("Adamic–Adar"));
}

#[test]
fn a_fit_writes_weights_that_match_partners_reads() {
    let dir = TempDir::new("evaluate-fit");
    let weights = dir.0.join("weights.json");
    let weights = weights.to_str().unwrap();
    let report = json(&["evaluate", "--fit", "-o", weights]);
    let fit = &report["fit"];
    assert!(fit["objective_after"].as_f64() >= fit["objective_before"].as_f64());
    assert_eq!(report["rankers"][1]["ranker"], "innomap (fitted)");
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(weights).unwrap()).unwrap();
    let sum: f64 = file["weights"]
        .as_object()
        .unwrap()
        .values()
        .map(|w| w.as_f64().unwrap())
        .sum();
    assert!((sum - 1.0).abs() < 1e-3, "{file}");
    let partners = innomap(&[
        "match",
        "partners",
        "--firm",
        "shagang",
        "--weights",
        weights,
        "--format",
        "json",
    ])
    .ok();
    let partners: serde_json::Value = serde_json::from_str(&partners.stdout).unwrap();
    assert!(!partners["partners"].as_array().unwrap().is_empty());

    let bad = dir.write("bad.json", r#"{"weights": {"charm": 1}}"#);
    let run =
        innomap(&["match", "partners", "--firm", "shagang", "--weights", &bad]).expect_code(2);
    assert!(
        run.one_line_error().contains("unknown signal"),
        "{}",
        run.stderr
    );
    let missing = dir.0.join("missing.json");
    let run = innomap(&["evaluate", "--weights", missing.to_str().unwrap()]).expect_code(2);
    assert!(
        run.one_line_error().contains("cannot read"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_options_are_refused_before_any_work() {
    let run = innomap(&["evaluate", "--split-year", "2030"]).expect_code(2);
    assert!(
        run.one_line_error().contains("--split-year 2030"),
        "{}",
        run.stderr
    );
    let run = innomap(&["evaluate", "--k", "0"]).expect_code(2);
    assert!(run.one_line_error().contains("--k"), "{}", run.stderr);
    innomap(&["evaluate", "-o", "x.json"]).expect_code(2);
}

/// The sparse data the issue names: kinds, chains, places, capabilities, directions,
/// collaborations with participants, kind and year — no lead, so every firm participant asks.
#[test]
fn the_evaluation_runs_on_sparse_data() {
    let dir = TempDir::new("evaluate-sparse");
    let net = dir.0.join("net.nt");
    let net = net.to_str().unwrap();
    innomap(&[
        "generate", "--scale", "400", "--seed", "5", "--sparse", "-o", net,
    ])
    .ok();
    let text = std::fs::read_to_string(net).unwrap();
    assert!(!text.contains("def#lead>") && !text.contains("def#tier>"));
    let ontology = repo().join("data/ontology.ttl");
    let ontology = ontology.to_str().unwrap();
    let base = ["--no-default-data", "--data", ontology, "--data", net];
    let mut args = base.to_vec();
    args.extend(["evaluate", "--format", "json"]);
    let report: serde_json::Value =
        serde_json::from_str(&innomap(&args).ok().stdout).expect("JSON");
    assert!(report["queries"].as_u64().unwrap() > 10, "{report}");
    let innomap_mrr = report["rankers"][0]["all_partners"]["mrr"]
        .as_f64()
        .unwrap();
    let random_mrr = report["rankers"][1]["all_partners"]["mrr"]
        .as_f64()
        .unwrap();
    assert!(innomap_mrr > random_mrr, "{report}");
}
