//! `innomap analyze` on the bundled data and a generated network: recruitment names a candidate for
//! every direction with gaps and the what-if closes it; fragility's counts add up; brokers agree
//! with networkx (an independent implementation, on the graph rdflib reads from the RDF); communities
//! are the same at any thread count; the trend adds up to the history; bad input.

use crate::common::*;
use std::process::Command;

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["analyze"];
    all.extend(args);
    all.extend(["--format", "json"]);
    serde_json::from_str(&innomap(&all).ok().stdout).expect("analyze prints JSON")
}

#[test]
fn every_direction_with_gaps_has_a_candidate_and_the_what_if_closes_the_gap() {
    let report = json(&["recruit"]);
    let directions = report["directions_with_gaps"].as_array().unwrap();
    assert_eq!(
        directions.len(),
        9,
        "the bundled map has 9 directions with gaps"
    );
    for d in directions {
        assert!(
            !d["candidates"].as_array().unwrap().is_empty(),
            "no candidate for {}",
            d["direction"]["notation"]
        );
    }
    let candidates = report["candidates"].as_array().unwrap();
    for c in candidates {
        let parts: f64 = c["score_parts"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_f64().unwrap())
            .sum();
        assert!((parts - c["score"].as_f64().unwrap()).abs() < 1e-3, "{c}");
        assert!(c["gaps_closed"].as_u64().unwrap() >= 1);
        assert!(!c["reason"].as_str().unwrap().is_empty());
    }
    // Scores descend.
    let scores: Vec<f64> = candidates
        .iter()
        .map(|c| c["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    // What if the top candidate joined: the gap it closes is closed in `match all`.
    let top = &candidates[0];
    let direction = top["closes"][0]["direction"]["id"].as_str().unwrap();
    let capability = top["closes"][0]["capabilities"][0]["id"].as_str().unwrap();
    let what_if = json(&["recruit", "--what-if", top["id"].as_str().unwrap()]);
    assert!(what_if["gaps_after"].as_u64() < what_if["gaps_before"].as_u64());
    let row = what_if["directions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["direction"]["id"] == direction)
        .expect("the direction is listed");
    assert!(row["changed"].as_bool().unwrap());
    assert!(
        row["closed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == capability),
        "{row}"
    );
    assert!(
        row["gaps_after"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"] != capability),
        "{row}"
    );

    // A chain narrows the directions.
    let chain = json(&["recruit", "--chain", "新能源"]);
    assert!(chain["directions"].as_u64().unwrap() < report["directions"].as_u64().unwrap());
    assert!(
        chain["directions_with_gaps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["chain"]["label"] == "新能源")
    );
}

#[test]
fn the_recruitment_table_is_in_chinese_and_marks_the_plans_target_countries() {
    let out = innomap(&["analyze", "recruit"]).ok().stdout;
    assert!(out.contains("科技招商研判"), "{out}");
    assert!(out.contains("日本 ★"), "{out}");
    assert!(
        !out.contains("International") && !out.contains("| JP"),
        "{out}"
    );
    let en = innomap(&["--lang", "en", "analyze", "recruit"]).ok().stdout;
    assert!(en.contains("Recruitment") && en.contains("Japan ★"), "{en}");
}

#[test]
fn fragility_counts_add_up() {
    let report = json(&["fragility", "--top", "1000"]);
    let single = report["single_pairs"].as_u64().unwrap();
    let opened: u64 = report["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["gaps_opened"].as_u64().unwrap())
        .sum();
    assert_eq!(
        opened, single,
        "each single-held pair hangs on exactly one actor"
    );
    let per_direction: usize = report["directions_at_risk"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["single"].as_array().unwrap().len())
        .sum();
    assert_eq!(per_direction as u64, single);
    assert_eq!(report["gap_pairs"], 9);
    assert_eq!(report["required_pairs"], 129);
}

fn brokers_json(data: &[&str], threads: &str) -> String {
    let mut args: Vec<&str> = Vec::new();
    if !data.is_empty() {
        args.push("--no-default-data");
        for d in data {
            args.extend(["--data", d]);
        }
    }
    args.extend(["analyze", "brokers", "--top", "100000", "--format", "json"]);
    let output = Command::new(env!("CARGO_BIN_EXE_innomap"))
        .args(&args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("innomap runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn brokers_agree_with_networkx_and_do_not_depend_on_threads() {
    let dir = TempDir::new("analyze-brokers");
    let bundled = brokers_json(&[], "1");
    assert_eq!(
        bundled,
        brokers_json(&[], "2"),
        "the same at 1 and 2 threads"
    );
    let net = dir.0.join("net.nt").display().to_string();
    innomap(&["generate", "--scale", "600", "--seed", "5", "-o", &net]).ok();
    let ontology = repo().join("data/ontology.ttl").display().to_string();
    let generated = brokers_json(&[&ontology, &net], "1");
    assert_eq!(generated, brokers_json(&[&ontology, &net], "2"));
    if !python_has(&["networkx", "rdflib"]) {
        return;
    }
    let bundled_file = dir.write("bundled.json", &bundled);
    let mut args = vec![bundled_file.clone()];
    for entry in std::fs::read_dir(repo().join("data/zjg")).unwrap() {
        args.push(entry.unwrap().path().display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_checker("analytics_check.py", &args);
    let generated_file = dir.write("generated.json", &generated);
    run_checker("analytics_check.py", &[&generated_file, &net]);
}

#[test]
fn sampled_betweenness_states_its_error_and_stays_within_it() {
    let exact = json(&["brokers", "--top", "100000"]);
    let sampled = json(&["brokers", "--top", "100000", "--samples", "150"]);
    assert_eq!(exact["exact"], true);
    assert_eq!(sampled["exact"], false);
    let bound = sampled["error_bound"].as_f64().unwrap();
    assert!(bound > 0.0);
    let value = |report: &serde_json::Value, id: &str| {
        report["brokers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == id)
            .map_or(0.0, |b| b["betweenness"].as_f64().unwrap())
    };
    for b in exact["brokers"].as_array().unwrap() {
        let id = b["id"].as_str().unwrap();
        assert!(
            (value(&exact, id) - value(&sampled, id)).abs() <= bound,
            "{id}"
        );
    }
    let table = innomap(&["analyze", "brokers", "--samples", "150"])
        .ok()
        .stdout;
    assert!(table.contains("抽样 150 个起点估计"), "{table}");
}

#[test]
fn the_trend_adds_up_to_the_history() {
    let report = json(&["trend"]);
    let years = report["years"].as_array().unwrap();
    let total: u64 = years
        .iter()
        .map(|y| y["collaborations"].as_u64().unwrap())
        .sum();
    let counted = innomap(&[
        "query",
        "-e",
        "PREFIX im: <https://w3id.org/innomap/def#> SELECT (COUNT(?c) AS ?n) WHERE { ?c a im:Collaboration }",
        "--format",
        "csv",
    ])
    .ok()
    .stdout;
    let n: u64 = counted.lines().nth(1).unwrap().trim().parse().unwrap();
    assert_eq!(total, n);
    // The ladder: every firm that records the year it reached its tier is counted once.
    let recorded = innomap(&[
        "query",
        "-e",
        "PREFIX im: <https://w3id.org/innomap/def#> SELECT (COUNT(?f) AS ?n) WHERE { ?f a im:Firm ; im:tier ?t ; im:tierYear ?y }",
        "--format",
        "csv",
    ])
    .ok()
    .stdout;
    let recorded: u64 = recorded.lines().nth(1).unwrap().trim().parse().unwrap();
    assert!(recorded > 0);
    assert_eq!(report["tier_years_recorded"], recorded);
    let ladder: u64 = years
        .iter()
        .map(|y| y["new_tech_smes"].as_u64().unwrap() + y["climbed"].as_u64().unwrap())
        .sum();
    assert_eq!(ladder, recorded);
    let table = innomap(&["analyze", "trend"]).ok().stdout;
    assert!(table.contains("晋级企业"), "{table}");
    let list: Vec<i64> = years.iter().map(|y| y["year"].as_i64().unwrap()).collect();
    assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
    let later = json(&["trend", "--from", "2022", "--to", "2024"]);
    let span: Vec<i64> = later["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(span, [2022, 2023, 2024]);
    // New ties in the window are fewer than or equal to all of its pairs: earlier ties are known.
    for y in later["years"].as_array().unwrap() {
        let same = years.iter().find(|x| x["year"] == y["year"]).unwrap();
        assert_eq!(y["new_ties"], same["new_ties"]);
    }
}

#[test]
fn bad_analyze_input_gets_one_line_and_code_2() {
    for (args, needle) in [
        (vec!["analyze", "recruit", "--chain", "没有这条链"], "chain"),
        (
            vec!["analyze", "recruit", "--what-if", "shagang"],
            "already a local actor",
        ),
        (
            vec!["analyze", "recruit", "--what-if", "no-such-org"],
            "no-such-org",
        ),
        (vec!["analyze", "fragility", "--top", "0"], "--top"),
        (vec!["analyze", "brokers", "--samples", "0"], "--samples"),
        (
            vec!["analyze", "trend", "--from", "2024", "--to", "2020"],
            "--from 2024",
        ),
    ] {
        let run = innomap(&args).expect_code(2);
        let line = run.one_line_error();
        assert!(line.contains(needle), "{args:?}: {line}");
    }
}

/// The canned queries that say in SPARQL what `analyze` computes on the graph give the same
/// answers: the single points of failure, and the collaborations per year with their
/// university–firm share.
#[test]
fn the_canned_queries_agree_with_analyze() {
    let dir = TempDir::new("analyze-queries");
    let net = dir.0.join("net.nt").display().to_string();
    innomap(&["generate", "--scale", "600", "--seed", "5", "-o", &net]).ok();
    let ontology = repo().join("data/ontology.ttl").display().to_string();
    let bundled: Vec<&str> = Vec::new();
    let generated = vec!["--no-default-data", "--data", &ontology, "--data", &net];
    for data in [bundled, generated] {
        fn with<'a>(data: &[&'a str], args: &[&'a str]) -> Vec<&'a str> {
            let mut all = data.to_vec();
            all.extend(args);
            all
        }
        let fragility: serde_json::Value = serde_json::from_str(
            &innomap(&with(
                &data,
                &[
                    "analyze",
                    "fragility",
                    "--top",
                    "100000",
                    "--format",
                    "json",
                ],
            ))
            .ok()
            .stdout,
        )
        .unwrap();
        let mut from_graph: Vec<(String, String, String)> = fragility["directions_at_risk"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| {
                d["single"].as_array().unwrap().iter().map(move |pair| {
                    (
                        d["direction"]["id"].as_str().unwrap().to_owned(),
                        pair[0]["id"].as_str().unwrap().to_owned(),
                        pair[1]["id"].as_str().unwrap().to_owned(),
                    )
                })
            })
            .collect();
        from_graph.sort();
        let rows = json_rows(&innomap(&with(
            &data,
            &["query", "single-holder-capabilities", "--format", "json"],
        )));
        let mut from_sparql: Vec<(String, String, String)> = rows
            .iter()
            .map(|r| {
                (
                    id(&r["direction"]).to_owned(),
                    id(&r["capability"]).to_owned(),
                    id(&r["holder"]).to_owned(),
                )
            })
            .collect();
        from_sparql.sort();
        assert_eq!(from_graph, from_sparql);

        let trend: serde_json::Value = serde_json::from_str(
            &innomap(&with(&data, &["analyze", "trend", "--format", "json"]))
                .ok()
                .stdout,
        )
        .unwrap();
        let from_graph: Vec<(String, String, String)> = trend["years"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|y| y["collaborations"].as_u64() > Some(0))
            .map(|y| {
                (
                    y["year"].to_string(),
                    y["collaborations"].to_string(),
                    y["university_firm"].to_string(),
                )
            })
            .collect();
        let rows = json_rows(&innomap(&with(
            &data,
            &["query", "collaboration-trend", "--format", "json"],
        )));
        let from_sparql: Vec<(String, String, String)> = rows
            .iter()
            .map(|r| {
                (
                    r["year"].clone(),
                    r["collaborations"].clone(),
                    r["university_firm"].clone(),
                )
            })
            .collect();
        assert_eq!(from_graph, from_sparql);
    }
}
