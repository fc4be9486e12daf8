//! `innomap score`: the firm model on the bundled data — a ranking that fits the terminal, scores
//! whose parts add up, one firm explained with advice, a model file's weight moving the ranking,
//! and bad model files refused naming the file and the indicator.

use crate::common::*;
use unicode_width::UnicodeWidthStr;

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["score"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    serde_json::from_str(&innomap(&all).ok().stdout).expect("score prints JSON")
}

#[test]
fn the_firm_ranking_is_in_chinese_and_fits_100_columns() {
    let run = innomap_columns(&["score", "--top", "20"], 100).ok();
    assert!(
        run.stdout.starts_with("企业创新积分模型 · "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("格次") && run.stdout.contains("主要贡献指标"));
    for line in run.stdout.lines() {
        assert!(line.width() <= 100, "{} columns: {line}", line.width());
        assert!(!line.contains("https://"), "an IRI in the table: {line}");
    }
}

#[test]
fn scores_are_ranked_and_their_parts_add_up() {
    let report = json(&[]);
    let lines = report["lines"].as_array().unwrap();
    assert!(lines.len() > 100);
    let mut previous = f64::INFINITY;
    for (position, line) in lines.iter().enumerate() {
        assert_eq!(line["rank"].as_u64().unwrap() as usize, position + 1);
        let score = line["score"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&score) && score <= previous);
        previous = score;
        let sum: f64 = line["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["points"].as_f64().unwrap())
            .sum();
        assert!(
            (sum - score).abs() < 0.011,
            "{}: parts {sum}, score {score}",
            line["id"]
        );
        let grade = line["grade"].as_str().unwrap();
        let band = match score {
            s if s >= 80.0 => "A",
            s if s >= 60.0 => "B",
            s if s >= 40.0 => "C",
            _ => "D",
        };
        assert_eq!(grade, band, "{}", line["id"]);
    }
}

#[test]
fn a_firm_is_explained_indicator_by_indicator_with_advice() {
    let run = innomap(&["score", "--explain", "沙钢"]).ok();
    assert!(
        run.stdout
            .starts_with("江苏沙钢集团有限公司（企业创新积分模型）"),
        "{}",
        run.stdout
    );
    for label in ["研发投入强度", "发明专利", "产学研合作", "获得创投"] {
        assert!(run.stdout.contains(label), "{label}");
    }
    // Some firm below the top grade gets computed advice naming the next grade.
    let report = json(&[]);
    let advised = report["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|l| l["advice"].as_str())
        .expect("some firm has advice");
    assert!(
        advised.contains("可进入") && advised.ends_with('档'),
        "{advised}"
    );
}

#[test]
fn a_weight_in_a_model_file_moves_the_ranking() {
    let dir = TempDir::new("score-model");
    let text = std::fs::read_to_string(repo().join("data/scoring/firm.ttl")).unwrap();
    let talents_first = text
        .replace(
            "im:unit \"人\" ; im:wholeNumber true ; im:weight 5",
            "im:unit \"人\" ; im:wholeNumber true ; im:weight 400",
        )
        .replace("im:totalWeight 100", "im:totalWeight 495");
    let model = dir.write("talents.ttl", &talents_first);
    let default_top = json(&[])["lines"][0]["id"].as_str().unwrap().to_owned();
    let report = json(&["--model", &model]);
    let top = &report["lines"][0];
    let talents = top["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["indicator"] == "talents")
        .unwrap();
    assert!(
        talents["raw"].as_f64().unwrap() >= 1.0,
        "the new leader has talents: {top}"
    );
    assert_ne!(top["id"].as_str().unwrap(), default_top);
}

#[test]
fn bad_model_files_and_kinds_are_refused_with_their_place() {
    let dir = TempDir::new("score-bad-model");
    let text = std::fs::read_to_string(repo().join("data/scoring/firm.ttl")).unwrap();
    let unknown = dir.write(
        "unknown.ttl",
        &text.replace("\"firm-consortia\"", "\"firm-consortium-typo\""),
    );
    let run = innomap(&["score", "--model", &unknown]).expect_code(2);
    let line = run.one_line_error();
    assert!(
        line.contains("unknown.ttl")
            && line.contains("consortia")
            && line.contains("firm-consortium-typo"),
        "{line}"
    );
    let heavy = dir.write(
        "heavy.ttl",
        &text.replace("im:totalWeight 100", "im:totalWeight 90"),
    );
    let run = innomap(&["score", "--model", &heavy]).expect_code(2);
    assert!(
        run.one_line_error().contains("add up to 100, not the 90"),
        "{}",
        run.stderr
    );
    let run = innomap(&["score", "--kind", "village"]).expect_code(2);
    assert!(run.one_line_error().contains("--kind village"));
    // Towns belong to no chain: scoring them within one is a usage error, not an empty table.
    let run = innomap(&["score", "--kind", "town", "--chain", "chemicals"]).expect_code(2);
    assert!(run.one_line_error().contains("--chain"), "{}", run.stderr);
    let run = innomap(&["score", "--explain", "no-such-firm"]).expect_code(2);
    assert!(run.one_line_error().contains("no-such-firm"));
}

#[test]
fn readme_score_examples_are_what_the_binary_prints() {
    // The README's score output went stale once already (values changed after a fix to the
    // measures); every `$ innomap score …` example must be the binary's output, line for line.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    let mut checked = 0;
    for (at, line) in lines.iter().enumerate() {
        let Some(command) = line.strip_prefix("$ innomap score") else {
            continue;
        };
        let mut args = vec!["score"];
        args.extend(command.split_whitespace());
        // As a 100-column terminal shows it.
        let printed = innomap_columns(&args, 100).ok().stdout;
        let shown: Vec<&str> = lines[at + 1..]
            .iter()
            .take_while(|l| !l.starts_with("$ ") && !l.starts_with("```"))
            .copied()
            .collect();
        assert_eq!(
            printed.trim_end().lines().collect::<Vec<_>>(),
            shown,
            "README's `{line}` differs from the binary"
        );
        checked += 1;
    }
    assert!(checked >= 2, "the README shows score examples");
}

#[test]
fn the_csv_ranking_opens_in_a_spreadsheet_and_its_points_add_up() {
    let printed = innomap(&["score", "--kind", "resource", "--format", "csv"])
        .ok()
        .stdout;
    let body = printed
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(&header[..4], ["排名", "编号", "名称", "得分"]);
    let points: Vec<usize> = (0..header.len())
        .filter(|&i| header[i].ends_with("得分") && i > 3)
        .collect();
    assert_eq!(
        points.len(),
        6,
        "one points column per indicator: {header:?}"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let json = innomap(&["score", "--kind", "resource", "--format", "json"])
        .ok()
        .stdout;
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.len(), report["lines"].as_array().unwrap().len());
    for row in &rows {
        let score: f64 = row[3].parse().unwrap();
        let sum: f64 = points.iter().map(|&i| row[i].parse::<f64>().unwrap()).sum();
        assert!((sum - score).abs() < 0.02, "{}: {sum} vs {score}", &row[2]);
        assert!(!row[2].starts_with('='), "labels are text");
    }
}

/// The grade's place from the best (A = 0).
fn grade_order(grade: &str) -> usize {
    ["A", "B", "C", "D"]
        .iter()
        .position(|g| *g == grade)
        .unwrap_or_else(|| panic!("an unknown grade {grade}"))
}

/// Firm id → (score, grade) of a year's ranking.
fn grades(year: &str) -> std::collections::BTreeMap<String, (f64, String)> {
    json(&["--year", year])["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_owned(),
                (
                    l["score"].as_f64().unwrap(),
                    l["grade"].as_str().unwrap().to_owned(),
                ),
            )
        })
        .collect()
}

#[test]
fn the_score_graph_holds_every_score_and_the_canned_queries_read_it() {
    let dir = TempDir::new("score-graph");
    let mut files = Vec::new();
    for year in ["2024", "2025"] {
        let nq = innomap(&["score", "--year", year, "--format", "nq"])
            .ok()
            .stdout;
        let graph =
            format!("<https://w3id.org/innomap/graph/scores/firm-innovation-points/{year}>");
        assert!(
            nq.lines().all(|l| l.ends_with(&format!("{graph} ."))),
            "every quad in {graph}"
        );
        files.push(dir.write(&format!("scores-{year}.nq"), &nq));
    }
    let query = |name: &str| {
        let mut args = vec![];
        for file in &files {
            args.extend(["--data", file.as_str()]);
        }
        args.extend(["query", name, "--format", "json"]);
        if name.starts_with("score-") {
            args.extend(["--param", "year=2025"]);
        }
        json_rows(&innomap(&args).ok())
    };
    let now = grades("2025");
    let before = grades("2024");

    // Every scored firm has its record, with the ranking's score and grade.
    let records = query_rows(
        &files,
        "SELECT ?firm ?score ?grade WHERE { ?r a im:ScoreRecord ; im:scoreSet ?set ; im:scored ?firm ; \
         im:score ?score ; im:grade ?grade . ?set im:year 2025 }",
    );
    assert_eq!(records.len(), now.len());
    for row in &records {
        let (score, grade) = &now[id(&row["firm"])];
        assert!((row["score"].parse::<f64>().unwrap() - score).abs() < 0.006);
        assert_eq!(&row["grade"], grade);
    }

    // Grades by chain: the grades of a chain add up to its scored firms, the shares to 100 %.
    let by_chain = query("score-grades-by-chain");
    let mut chains: std::collections::BTreeMap<String, (usize, usize, f64)> = Default::default();
    for row in &by_chain {
        let entry = chains.entry(row["chain"].clone()).or_default();
        entry.0 += row["firms"].parse::<usize>().unwrap();
        entry.1 = row["chain_firms"].parse().unwrap();
        entry.2 += row["share"].parse::<f64>().unwrap();
    }
    assert!(chains.len() >= 8, "{chains:?}");
    for (chain, (sum, total, share)) in &chains {
        assert_eq!(sum, total, "{chain}");
        assert!((share - 100.0).abs() < 0.3, "{chain}: {share}");
    }

    // Pools × grade: each pool's grades count the firms of the pool's own canned query.
    let pools = query("score-pools-grade");
    for (pool, canned) in [
        ("PoolNoPatents", "pool-no-patents"),
        ("PoolNoRD", "pool-no-rd"),
        ("PoolNoCooperation", "pool-no-cooperation"),
    ] {
        let graded: usize = pools
            .iter()
            .filter(|r| r["pool"].ends_with(pool))
            .map(|r| r["firms"].parse::<usize>().unwrap())
            .sum();
        let members: std::collections::BTreeSet<String> =
            query(canned).iter().map(|r| r["firm"].clone()).collect();
        assert!(!members.is_empty(), "{canned}");
        assert_eq!(graded, members.len(), "{pool} against {canned}");
    }

    // Grade dropped: exactly the firms whose 2025 grade is below their 2024 grade.
    let dropped: std::collections::BTreeSet<String> = query("score-grade-dropped")
        .iter()
        .map(|r| id(&r["firm"]).to_owned())
        .collect();
    let expected: std::collections::BTreeSet<String> = now
        .iter()
        .filter(|(firm, (_, grade))| {
            before
                .get(*firm)
                .is_some_and(|(_, was)| grade_order(grade) > grade_order(was))
        })
        .map(|(firm, _)| firm.clone())
        .collect();
    assert!(
        !expected.is_empty(),
        "the bundled data has firms whose grade dropped"
    );
    assert_eq!(dropped, expected);
}

/// Runs an ad-hoc SELECT over the bundled data and `files`.
fn query_rows(files: &[String], sparql: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let dir = TempDir::new("score-adhoc");
    let path = dir.write("adhoc.rq", sparql);
    let mut args = vec![];
    for file in files {
        args.extend(["--data", file.as_str()]);
    }
    args.extend(["query", path.as_str(), "--format", "json"]);
    json_rows(&innomap(&args).ok())
}

#[test]
fn saving_needs_a_store_of_its_own_and_explain_finds_the_kind() {
    let run = innomap(&["score", "--save"]).expect_code(2);
    assert!(
        run.one_line_error().contains("--store DIR"),
        "{}",
        run.stderr
    );
    let run = innomap(&["score", "--explain", "沙钢", "--format", "nq"]).expect_code(2);
    assert!(run.one_line_error().contains("--explain"), "{}", run.stderr);
    // Without --kind, the entity's own kind picks the model: a town is explained by the town model.
    let town = json(&["--kind", "town"])["lines"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let explained = json(&["--explain", &town]);
    assert_eq!(explained["model"], "town-innovation");
    assert_eq!(explained["id"], town.as_str());
    let run = innomap(&["score", "--explain", "T07"]).expect_code(2);
    assert!(
        run.one_line_error().contains("no scoring model"),
        "{}",
        run.stderr
    );
}

#[cfg(feature = "rocksdb")]
#[test]
fn score_save_writes_its_own_graph_and_replaces_it_whole() {
    let dir = TempDir::new("score-save");
    let store = dir.0.join("store");
    let store = store.to_str().unwrap();
    let graph = "https://w3id.org/innomap/graph/scores/firm-innovation-points/2025";
    let count = |store: &str| {
        let path = dir.write(
            "count.rq",
            &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"),
        );
        json_rows(&innomap(&["--store", store, "query", &path, "--format", "json"]).ok())[0]["n"]
            .parse::<usize>()
            .unwrap()
    };
    innomap(&["--store", store, "stats"]).ok();
    assert_eq!(count(store), 0);
    let first = innomap(&["--store", store, "score", "--save", "--top", "3"]).ok();
    assert!(first.stderr.contains(graph), "{}", first.stderr);
    let saved = count(store);
    let expected = innomap(&["score", "--format", "nq"])
        .ok()
        .stdout
        .lines()
        .count();
    assert_eq!(
        saved, expected,
        "the saved graph is what --format nq writes"
    );
    // Saving again replaces the graph: the same size, and it says what it replaced.
    let again = innomap(&["--store", store, "score", "--save"]).ok();
    assert!(again.stderr.contains("replacing"), "{}", again.stderr);
    assert_eq!(count(store), saved);
    let rows = json_rows(
        &innomap(&[
            "--store",
            store,
            "query",
            "score-grades-by-chain",
            "--param",
            "year=2025",
            "--format",
            "json",
        ])
        .ok(),
    );
    assert!(!rows.is_empty());
    // --data files are not the store's own: saving scores computed with them is refused.
    let extra = dir.write("extra.ttl", "");
    let run = innomap(&["--store", store, "--data", &extra, "score", "--save"]).expect_code(2);
    assert!(run.one_line_error().contains("--data"), "{}", run.stderr);
    assert_eq!(count(store), saved);
}

#[test]
fn the_xlsx_workbook_opens_in_an_independent_reader() {
    if !python_has(&["openpyxl"]) {
        return;
    }
    let dir = TempDir::new("score-xlsx");
    let workbook = dir.0.join("scores.xlsx");
    let workbook = workbook.to_str().unwrap();
    innomap(&["score", "--format", "xlsx", "-o", workbook]).ok();
    let firms = json(&[])["lines"].as_array().unwrap().len();
    let spec = serde_json::json!([
        {"name": "评分排名", "header": ["排名", "编号", "名称", "得分", "格次", "较上年", "研发投入强度（%）"],
         "rows": firms, "numeric": ["排名", "得分", "研发投入强度（%）", "研发投入强度得分", "发明专利（件）"]},
        {"name": "指标", "header": ["类别", "指标", "单位", "权重", "分值上限"], "rows": 13, "numeric": ["权重"]},
        {"name": "格次", "header": ["格次", "最低得分"], "rows": 4, "numeric": ["最低得分"]},
    ]);
    let spec_path = dir.write("spec.json", &spec.to_string());
    run_checker("xlsx_check.py", &[workbook, &spec_path]);
    // The same data writes the same bytes.
    let again = dir.0.join("again.xlsx");
    innomap(&["score", "--format", "xlsx", "-o", again.to_str().unwrap()]).ok();
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(workbook).unwrap()
    );
    // One firm explained: a sheet named after it, one row per indicator.
    let explained = dir.0.join("shagang.xlsx");
    let explained = explained.to_str().unwrap();
    innomap(&[
        "score",
        "--explain",
        "沙钢",
        "--format",
        "xlsx",
        "-o",
        explained,
    ])
    .ok();
    let spec = serde_json::json!([
        {"name": "江苏沙钢集团有限公司", "header": ["类别", "指标", "原始值", "单位", "标准化", "分值上限", "得分"],
         "rows": 13, "numeric": ["得分", "分值上限"]},
        {"name": "格次", "header": ["格次", "最低得分"], "rows": 4},
    ]);
    let spec_path = dir.write("spec-explained.json", &spec.to_string());
    run_checker("xlsx_check.py", &[explained, &spec_path]);
}

/// The nodes of a Cytoscape JSON export, by id.
fn exported_nodes(args: &[&str]) -> std::collections::BTreeMap<String, serde_json::Value> {
    let mut all = args.to_vec();
    all.extend(["export", "--chain", "新能源", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&innomap(&all).ok().stdout).unwrap();
    json["elements"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["data"]["id"].as_str().unwrap().to_owned(),
                n["data"].clone(),
            )
        })
        .collect()
}

#[test]
fn exports_carry_the_grade_and_prefer_the_saved_scores() {
    let now = grades("2025");
    let nodes = exported_nodes(&[]);
    let mut graded = 0;
    for (id, data) in &nodes {
        match now.get(id) {
            Some((score, grade)) => {
                assert_eq!(data["grade"], grade.as_str(), "{id}");
                assert!(
                    (data["score"].as_f64().unwrap() - score).abs() < 0.006,
                    "{id}"
                );
                assert_eq!(data["grade_year"], 2025, "{id}");
                graded += 1;
            }
            None if data["kind"] == "firm" || data["kind"] == "chain" => {
                assert!(data.get("grade").is_none(), "{id} is not graded: {data}");
            }
            None => {}
        }
    }
    assert!(graded >= 10, "{graded} graded nodes");
    // Saved scores are the ones shown, even of an older year.
    let dir = TempDir::new("score-export-saved");
    let saved = innomap(&["score", "--year", "2024", "--format", "nq"])
        .ok()
        .stdout;
    let saved = dir.write("firm-2024.nq", &saved);
    let before = grades("2024");
    let nodes = exported_nodes(&["--data", &saved]);
    for (id, data) in nodes.iter().filter(|(_, d)| d["kind"] == "firm") {
        if let Some((_, grade)) = before.get(id) {
            assert_eq!(data["grade"], grade.as_str(), "{id}");
            assert_eq!(data["grade_year"], 2024, "{id}");
        }
    }
}

#[test]
fn briefs_show_the_grade_and_advice_only_with_financials() {
    let report = json(&[]);
    let advised = report["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["advice"].is_string())
        .expect("a firm with advice");
    let id = advised["id"].as_str().unwrap();
    let dir = TempDir::new("score-brief");
    let summary = |extra: &[&str], name: &str| {
        let out = dir.0.join(name);
        let mut args = vec!["brief", "--firm", id, "-o", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        innomap(&args).ok();
        let md = std::fs::read_dir(&out)
            .unwrap()
            .filter_map(Result::ok)
            .find(|e| e.path().extension().is_some_and(|x| x == "md"))
            .expect("a Markdown summary");
        std::fs::read_to_string(md.path()).unwrap()
    };
    let plain = summary(&[], "plain");
    let expected = format!(
        "{} 档，全市第 {} 名（共 {} 家）",
        advised["grade"].as_str().unwrap(),
        advised["rank"],
        report["lines"].as_array().unwrap().len()
    );
    assert!(
        plain.contains("## 创新格次") && plain.contains(&expected),
        "{plain}"
    );
    assert!(
        !plain.contains("提升建议"),
        "advice names figures: only with --include-financials"
    );
    let financial = summary(&["--include-financials"], "financial");
    assert!(
        financial.contains(&format!(
            "提升建议：{}",
            advised["advice"].as_str().unwrap()
        )),
        "{financial}"
    );
    // A chain's brief counts its firms by grade.
    let out = dir.0.join("chain");
    innomap(&["brief", "--chain", "新能源", "-o", out.to_str().unwrap()]).ok();
    let md = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .unwrap();
    let chain = std::fs::read_to_string(md.path()).unwrap();
    assert!(
        chain.contains("## 创新格次分布") && chain.contains("| 链上企业 |"),
        "{chain}"
    );
}
