//! The canned queries on the bundled data: each runs, and its answer is checked against the data by
//! a second, independent route (raw facts fetched with ad-hoc SPARQL and recomputed here).

use crate::common::*;
use std::collections::{BTreeMap, BTreeSet};

type Row = BTreeMap<String, String>;

fn rows(args: &[&str]) -> Vec<Row> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    json_rows(&innomap(&all).ok())
}

fn number(row: &Row, column: &str) -> f64 {
    row.get(column)
        .unwrap_or_else(|| panic!("column {column} in {row:?}"))
        .parse()
        .unwrap_or_else(|_| panic!("{column} is a number in {row:?}"))
}

#[test]
fn a_canned_query_prints_a_chinese_table_by_default_and_english_on_request() {
    let zh = innomap(&["query", "chain-matrix"]).ok();
    assert!(zh.stdout.contains("冶金新材料"), "{}", zh.stdout);
    assert!(zh.stdout.contains("共 8 行"), "{}", zh.stdout);
    assert!(
        !zh.stdout.contains("https://"),
        "labels, not IRIs: {}",
        zh.stdout
    );
    let en = innomap(&["--lang", "en", "query", "chain-matrix"]).ok();
    assert!(en.stdout.contains("8 rows"), "{}", en.stdout);
    assert!(!en.stdout.contains("冶金"), "{}", en.stdout);
}

#[test]
fn every_canned_query_is_registered_and_has_a_full_header() {
    let listed = innomap(&["queries", "--format", "json"]).ok();
    let listed: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    let names: BTreeSet<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap().to_owned())
        .collect();
    let files: BTreeSet<String> = std::fs::read_dir(repo().join("queries"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|f| f.strip_suffix(".rq").map(str::to_owned))
        .collect();
    assert_eq!(
        names, files,
        "every queries/*.rq file is in queries::LIBRARY and no other"
    );
    assert!(names.len() >= 12);
    for query in listed.as_array().unwrap() {
        for field in [
            &query["title"]["zh"],
            &query["title"]["en"],
            &query["purpose"],
        ] {
            assert!(
                !field.as_str().unwrap().is_empty(),
                "header of {}",
                query["name"]
            );
        }
        assert!(
            !query["columns"].as_array().unwrap().is_empty(),
            "columns of {}",
            query["name"]
        );
        let text = std::fs::read_to_string(
            repo().join(format!("queries/{}.rq", query["name"].as_str().unwrap())),
        )
        .unwrap();
        assert!(text.contains("ORDER BY"), "{} is ordered", query["name"]);
    }
}

#[test]
fn the_matrix_covers_eight_chains_and_counts_gaps_consistently() {
    let matrix = rows(&["query", "chain-matrix"]);
    assert_eq!(matrix.len(), 8);
    let mut total = 0.0;
    for row in &matrix {
        let parts: f64 = ["universities", "labs", "institutes", "platforms", "others"]
            .iter()
            .map(|c| number(row, c))
            .sum();
        assert_eq!(parts, number(row, "total"), "{row:?}");
        assert_eq!(
            number(row, "short_of_ten"),
            (10.0 - number(row, "total")).max(0.0)
        );
        total += number(row, "total");
    }
    assert!(
        total >= 80.0,
        "at least 80 resource–chain rows, got {total}"
    );
    // The same count, by another route.
    let direct = rows(&[
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a im:ChainSupport ; im:chain/im:chainGroup ?g FILTER(?g != im:FutureIndustry) }",
    ]);
    assert_eq!(number(&direct[0], "n"), total);
}

#[test]
fn chain_resources_accepts_the_chain_by_id_label_or_iri() {
    let by_id = rows(&["query", "chain-resources", "--param", "chain=metallurgy"]);
    let by_label = rows(&["query", "chain-resources", "--param", "chain=冶金新材料"]);
    let by_iri = rows(&[
        "query",
        "chain-resources",
        "--param",
        "chain=https://w3id.org/innomap/id/zjg/chain/metallurgy",
    ]);
    assert!(by_id.len() >= 8, "{by_id:?}");
    assert_eq!(by_id, by_label);
    assert_eq!(by_id, by_iri);
    assert!(by_id.iter().all(|r| id(&r["chain"]) == "metallurgy"));
    let everything = rows(&["query", "chain-resources"]);
    assert!(everything.len() > by_id.len());
}

#[test]
fn there_are_31_directions_each_requiring_three_to_six_capabilities() {
    let directions = rows(&["query", "chain-directions"]);
    let mut per_direction: BTreeMap<String, usize> = BTreeMap::new();
    for row in &directions {
        *per_direction.entry(row["notation"].clone()).or_default() += 1;
    }
    assert_eq!(per_direction.len(), 31);
    assert!(
        per_direction.values().all(|n| (3..=6).contains(n)),
        "{per_direction:?}"
    );
    let expected: BTreeSet<String> = (1..=31).map(|i| format!("T{i:02}")).collect();
    assert_eq!(
        per_direction.keys().cloned().collect::<BTreeSet<_>>(),
        expected
    );
}

#[test]
fn direction_gaps_are_capabilities_only_external_organisations_hold() {
    let gaps = rows(&["query", "direction-gaps"]);
    let directions: BTreeSet<&str> = gaps.iter().map(|r| r["notation"].as_str()).collect();
    assert!(
        directions.len() >= 5,
        "several directions have gaps: {directions:?}"
    );
    for gap in &gaps {
        assert!(
            number(gap, "external_holders") >= 1.0,
            "someone outside holds it: {gap:?}"
        );
        // Check the example holder by another route: it is not located in Zhangjiagang and not on the list.
        let holder = &gap["example_holder"];
        let ask = innomap(&["query", "-e", &format!(
            "ASK {{ {{ <{holder}> im:locatedIn/schema:containedInPlace* <https://w3id.org/innomap/id/cn/place/zhangjiagang> }} UNION {{ ?s im:resource <{holder}> }} }}"
        )]).ok();
        assert_eq!(ask.stdout.trim(), "否", "{holder} is external");
    }
}

fn ask(query: &str) -> bool {
    match innomap(&["query", "-e", query]).ok().stdout.trim() {
        "是" => true,
        "否" => false,
        other => panic!("ASK printed {other}"),
    }
}

#[test]
fn the_three_cultivation_pools_hold_only_firms_that_belong_there() {
    let no_patents = rows(&["query", "pool-no-patents"]);
    assert!(no_patents.len() >= 5, "{no_patents:?}");
    for row in no_patents.iter().take(10) {
        assert!(!ask(&format!(
            "ASK {{ ?p a im:Patent ; dcterms:rightsHolder <{}> }}",
            row["firm"]
        )));
    }
    let no_rd = rows(&["query", "pool-no-rd"]);
    assert!(no_rd.len() >= 5, "{no_rd:?}");
    for row in no_rd.iter().take(10) {
        assert!(!ask(&format!(
            "ASK {{ <{}> im:hasRDInstitution ?i }}",
            row["firm"]
        )));
        assert!(
            row.get("rd_spend")
                .is_none_or(|v| v.parse::<f64>().unwrap() <= 0.0)
        );
    }
    let no_cooperation = rows(&["query", "pool-no-cooperation"]);
    assert!(no_cooperation.len() >= 5, "{no_cooperation:?}");
    assert!(
        no_cooperation
            .iter()
            .any(|r| number(r, "collaborations") == 0.0),
        "some firms have no ties at all"
    );
    for row in no_cooperation.iter().take(10) {
        assert!(!ask(&format!(
            "ASK {{ ?c im:participant <{}> , ?p . ?p a ?k FILTER(?k IN (im:University, im:NationalKeyLab, im:ProvincialKeyLab)) }}",
            row["firm"]
        )));
    }
}

#[test]
fn high_tech_candidates_are_recomputed_from_the_raw_figures() {
    let candidates = rows(&["query", "hte-candidates"]);
    assert!(candidates.len() >= 5, "{candidates:?}");
    let newest = rows(&[
        "query",
        "-e",
        "SELECT (MAX(?y) AS ?y) WHERE { ?f a im:AnnualFigures ; im:year ?y }",
    ]);
    let newest = number(&newest[0], "y");
    let mut previous = f64::MIN;
    for row in &candidates {
        let figures = rows(&[
            "query",
            "-e",
            &format!(
                "SELECT ?y ?revenue ?rd ?employees ?st WHERE {{ <{}> im:annualFigures ?f . ?f im:year ?y ; im:revenue ?revenue ; im:rdSpend ?rd ; im:employees ?employees ; im:stStaff ?st }} ORDER BY ?y",
                row["firm"]
            ),
        ]);
        let window: Vec<&Row> = figures
            .iter()
            .filter(|f| number(f, "y") > newest - 3.0 && number(f, "y") <= newest)
            .collect();
        assert_eq!(window.len(), 3);
        let revenue: f64 = window.iter().map(|f| number(f, "revenue")).sum();
        let rd: f64 = window.iter().map(|f| number(f, "rd")).sum();
        let last = window[2];
        let threshold = match number(last, "revenue") {
            r if r <= 5000.0 => 0.05,
            r if r <= 20000.0 => 0.04,
            _ => 0.03,
        };
        let share = number(last, "st") / number(last, "employees");
        let shortfall = (threshold - rd / revenue).max(0.0) + (0.10 - share).max(0.0);
        assert!(
            (number(row, "rd_intensity") - rd / revenue).abs() < 1e-9,
            "{row:?}"
        );
        assert!(
            (number(row, "rd_threshold") - threshold).abs() < 1e-12,
            "{row:?}"
        );
        assert!(
            (number(row, "shortfall") - shortfall).abs() < 1e-9,
            "{row:?}"
        );
        assert!(number(row, "shortfall") >= previous, "sorted by shortfall");
        previous = number(row, "shortfall");
    }
    assert!(
        candidates.iter().any(|r| r["meets_both"] == "true"),
        "some just above"
    );
    assert!(
        candidates.iter().any(|r| r["meets_both"] == "false"),
        "some just below"
    );
}

#[test]
fn a_firms_collaborators_are_counted_and_ordered() {
    let partners = rows(&["query", "firm-collaborators", "--param", "firm=shagang"]);
    assert!(partners.len() >= 5, "Shagang is a hub: {partners:?}");
    assert!(
        partners
            .iter()
            .all(|r| id(&r["firm"]) == "shagang" && id(&r["partner"]) != "shagang")
    );
    let counts: Vec<f64> = partners
        .iter()
        .map(|r| number(r, "collaborations"))
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let total: f64 = counts.iter().sum();
    let direct = rows(&[
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a im:Collaboration ; im:participant <https://w3id.org/innomap/id/zjg/firm/shagang> , ?p FILTER(?p != <https://w3id.org/innomap/id/zjg/firm/shagang>) }",
    ]);
    assert_eq!(total, number(&direct[0], "n"));
}

#[test]
fn the_remaining_library_queries_answer_on_the_bundled_data() {
    for (name, columns) in [
        ("firm-ladder", &["chain", "tier", "firms"][..]),
        ("resource-load", &["resource", "kind", "collaborations"][..]),
        ("talents-by-category", &["category", "people"][..]),
        ("fund-investments", &["fund", "chain", "investments"][..]),
        (
            "international-partners",
            &["country", "partner", "collaborations"][..],
        ),
        (
            "consortia",
            &["direction", "consortium", "leader", "members"][..],
        ),
        ("kind-counts", &["kind", "entities"][..]),
        ("chain-overview", &["chain", "group", "resources"][..]),
        ("tier-counts", &["tier", "firms"][..]),
    ] {
        let answer = rows(&["query", name]);
        assert!(!answer.is_empty(), "{name} answers");
        for column in columns {
            assert!(
                answer.iter().all(|r| r.contains_key(*column)),
                "{name} fills {column}"
            );
        }
    }
    let countries: BTreeSet<String> = rows(&["query", "international-partners"])
        .into_iter()
        .map(|r| r["country"].clone())
        .collect();
    for country in ["US", "JP", "KR"] {
        assert!(countries.contains(country), "{countries:?}");
    }
    let load = rows(&["query", "resource-load"]);
    let counts: Vec<f64> = load.iter().map(|r| number(r, "collaborations")).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
    assert!(
        load.iter().any(|r| number(r, "consortia") >= 4.0),
        "an over-committed lab exists"
    );
}

#[test]
fn csv_starts_with_a_bom_unless_strict_output_is_asked_for() {
    let csv = innomap(&["query", "tier-counts", "--format", "csv"]).ok();
    assert!(csv.stdout.starts_with('\u{feff}'), "BOM for Excel");
    assert!(csv.stdout.contains("tier,label_zh,label_en,firms"));
    assert!(csv.stdout.contains("科技型中小企业"));
    let strict = innomap(&["query", "tier-counts", "--format", "csv", "--no-bom"]).ok();
    assert!(strict.stdout.starts_with("tier,"));
    let tsv = innomap(&["query", "tier-counts", "--format", "tsv"]).ok();
    assert!(tsv.stdout.starts_with("?tier\t?label_zh"));
    let xml = innomap(&["query", "tier-counts", "--format", "xml"]).ok();
    assert!(
        xml.stdout
            .contains("<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">")
    );
}

#[test]
fn construct_answers_are_rdf_that_loads_again() {
    let query = "CONSTRUCT { ?f a im:Firm ; rdfs:label ?l } WHERE { ?f a im:Firm ; rdfs:label ?l ; im:leadingFirm true }";
    let turtle = innomap(&["query", "-e", query]).ok();
    assert!(turtle.stdout.contains("@prefix im:"));
    let dir = TempDir::new("construct");
    let file = dir.write("leading.ttl", &turtle.stdout);
    let count = rows(&[
        "--no-default-data",
        "--data",
        &file,
        "query",
        "-e",
        "SELECT (COUNT(?f) AS ?n) WHERE { ?f a im:Firm }",
    ]);
    let direct = rows(&[
        "query",
        "-e",
        "SELECT (COUNT(?f) AS ?n) WHERE { ?f a im:Firm ; im:leadingFirm true }",
    ]);
    assert_eq!(number(&count[0], "n"), number(&direct[0], "n"));
    for format in ["ntriples", "rdfxml", "jsonld"] {
        innomap(&["query", "-e", query, "--format", format]).ok();
    }
}

#[test]
fn a_query_can_come_from_a_file_or_standard_input() {
    let dir = TempDir::new("query-file");
    let file = dir.write(
        "q.rq",
        "SELECT (COUNT(*) AS ?n) WHERE { ?d a im:Direction }",
    );
    let from_file = rows(&["query", &file]);
    assert_eq!(number(&from_file[0], "n"), 31.0);
    let from_stdin = innomap_with_stdin(
        &["query", "--format", "tsv"],
        "SELECT (COUNT(*) AS ?n) WHERE { ?d a im:Direction }",
    )
    .ok();
    assert_eq!(from_stdin.stdout.lines().nth(1), Some("31"));
}

#[test]
fn direction_gaps_example_holder_is_the_external_holder_first_in_string_order() {
    // MIN over IRIs is ordered differently by oxigraph and rdflib, so the example holder was not a
    // fact every engine agrees on; it is now the holder whose IRI sorts first as a string.
    for gap in rows(&["query", "direction-gaps"]) {
        let capability = &gap["capability"];
        let holders = json_rows(
            &innomap(&[
                "query",
                "-e",
                &format!(
                    "SELECT DISTINCT ?holder WHERE {{ ?holder schema:knowsAbout <{capability}> FILTER NOT EXISTS {{ ?holder a im:Person }} }}"
                ),
                "--format",
                "json",
            ])
            .ok(),
        );
        let first = holders
            .iter()
            .map(|r| r["holder"].as_str())
            .min()
            .expect("a gap has an external holder");
        assert_eq!(gap["example_holder"], first, "{gap:?}");
    }
}

#[test]
fn select_star_keeps_the_order_of_the_query_in_every_format() {
    // `SELECT *` printed its columns in oxigraph's alphabetical order (o, p, s).
    let query = "SELECT * WHERE { ?s ?p ?o . ?s skos:notation ?n } ORDER BY ?n ?p LIMIT 2";
    let table = innomap(&["query", "-e", query, "--format", "table"]).ok();
    let header = table.stdout.lines().nth(1).expect("a header row");
    let cells: Vec<&str> = header
        .split(['│', '┆'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells, ["s", "p", "o", "n"], "{}", table.stdout);
    let json: serde_json::Value = serde_json::from_str(
        &innomap(&["query", "-e", query, "--format", "json"])
            .ok()
            .stdout,
    )
    .unwrap();
    assert_eq!(
        json["head"]["vars"],
        serde_json::json!(["s", "p", "o", "n"])
    );
    for format in ["csv", "tsv"] {
        let run = innomap(&["query", "-e", query, "--format", format, "--no-bom"]).ok();
        let first = run.stdout.lines().next().unwrap_or_default().to_owned();
        let expected = if format == "csv" {
            "s,p,o,n"
        } else {
            "?s\t?p\t?o\t?n"
        };
        assert_eq!(first, expected, "{format}");
    }
    let xml = innomap(&["query", "-e", query, "--format", "xml"])
        .ok()
        .stdout;
    let positions: Vec<usize> = ["s", "p", "o", "n"]
        .iter()
        .map(|v| {
            xml.find(&format!("<variable name=\"{v}\"/>"))
                .expect("each variable")
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{xml}");
}

/// README's example output of `queries`, `stats` and `match consortium` is what the binary prints:
/// line for line, or, where the README elides with `…`, its lines in the binary's order.
#[test]
fn readme_examples_of_queries_stats_and_match_are_what_the_binary_prints() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    let mut checked = Vec::new();
    for example in [
        "$ innomap queries",
        "$ innomap stats",
        "$ innomap match consortium --direction T19 --top 1",
    ] {
        let at = lines
            .iter()
            .position(|l| l.trim_end() == example)
            .unwrap_or_else(|| panic!("README shows `{example}`"));
        let args: Vec<&str> = example["$ innomap ".len()..].split_whitespace().collect();
        // As a 100-column terminal shows it.
        let printed = innomap_columns(&args, 100).ok().stdout;
        let printed: Vec<&str> = printed.trim_end().lines().collect();
        let shown: Vec<&str> = lines[at + 1..]
            .iter()
            .take_while(|l| !l.starts_with("$ ") && !l.starts_with("```"))
            .copied()
            .collect();
        if shown.contains(&"…") {
            let mut rest = printed.iter();
            for line in shown.iter().filter(|l| **l != "…") {
                assert!(
                    rest.any(|p| p == line),
                    "README's `{example}` shows a line the binary does not print (in this order): {line}"
                );
            }
        } else {
            assert_eq!(
                printed, shown,
                "README's `{example}` differs from the binary"
            );
        }
        checked.push(example);
    }
    assert_eq!(checked.len(), 3);
}
