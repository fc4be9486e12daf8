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
    let run = innomap(&["score", "--top", "20"]).ok();
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
        let printed = innomap(&args).ok().stdout;
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
