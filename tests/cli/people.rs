//! Output for people: tables that fit the terminal, labels instead of codes, spreadsheets with
//! Chinese headings, labels and number formats (read back by openpyxl), and snapshots of the
//! people's formats.

use crate::common::*;
use unicode_width::UnicodeWidthStr;

/// The main tables people read at a terminal.
const TABLES: &[&[&str]] = &[
    &["match", "consortium", "--direction", "T19"],
    &["match", "partners", "--firm", "沙钢"],
    &[
        "match",
        "partners",
        "--firm",
        "shagang",
        "--direction",
        "T03",
    ],
    &["match", "all"],
    &["query", "hte-candidates"],
    &["query", "chain-matrix"],
    &["query", "chain-resources"],
    &["query", "international-partners"],
    &["queries"],
    &["stats"],
    &["validate"],
    &["analyze", "recruit"],
    &["analyze", "fragility"],
    &["analyze", "brokers"],
    &["analyze", "trend"],
    &["score", "--top", "20"],
    &["score", "--explain", "zhuoyi-resin"],
    &["--lang", "en", "match", "consortium", "--direction", "T19"],
    &["--lang", "en", "query", "hte-candidates"],
];

#[test]
fn every_main_table_fits_80_and_120_columns() {
    for width in [80, 120] {
        for args in TABLES {
            let run = innomap_columns(args, width);
            assert!(
                run.code == 0 || (args[0] == "validate" && run.code == 1),
                "{args:?}: {}",
                run.stderr
            );
            for line in run.stdout.lines() {
                assert!(
                    line.width() <= width,
                    "`innomap {}` at COLUMNS={width}: a line of {} columns:\n{line}",
                    args.join(" "),
                    line.width()
                );
                assert!(!line.contains("https://"), "{args:?}: an IRI: {line}");
            }
        }
    }
}

#[test]
fn wide_and_pipes_get_the_full_table_with_ids() {
    let args = ["match", "consortium", "--direction", "T19", "--top", "1"];
    let fitted = innomap_columns(&args, 80).ok().stdout;
    assert!(!fitted.contains("(junyi-storage)"), "no ids at a terminal");
    let mut wide_args = args.to_vec();
    wide_args.push("--wide");
    let wide = innomap_columns(&wide_args, 80).ok().stdout;
    assert!(
        wide.contains("江苏骏益储能科技股份有限公司 (junyi-storage)"),
        "{wide}"
    );
    assert!(
        wide.lines().any(|l| l.width() > 80),
        "--wide does not fit the terminal"
    );
    // A pipe without COLUMNS is the same as --wide.
    assert_eq!(innomap(&args).ok().stdout, wide);
}

#[test]
fn codes_show_as_labels_in_tables() {
    let stats = innomap_columns(&["stats"], 100).ok().stdout;
    assert!(stats.contains("内置数据（张家港）"), "{stats}");
    assert!(
        !stats.contains("new_rd_institution") && !stats.contains("│ firm"),
        "{stats}"
    );
    let gaps = innomap_columns(&["match", "consortium", "--direction", "T19"], 100)
        .ok()
        .stdout;
    assert!(gaps.contains("韩国") && !gaps.contains(" KR "), "{gaps}");
    let hte = innomap_columns(&["query", "hte-candidates"], 120)
        .ok()
        .stdout;
    assert!(hte.contains("研发强度") && hte.contains("5.11%"), "{hte}");
    assert!(hte.contains("是") && !hte.contains("true"), "{hte}");
    assert!(!hte.contains("0.051137"), "ratios are rounded: {hte}");
    let ask = innomap(&["query", "-e", "ASK { ?f a im:Firm }"])
        .ok()
        .stdout;
    assert_eq!(ask.trim(), "是");
    let ask = innomap(&["--lang", "en", "query", "-e", "ASK { ?f a im:Nothing }"])
        .ok()
        .stdout;
    assert_eq!(ask.trim(), "no");
    // Machine formats keep their codes.
    let json = innomap(&["query", "-e", "ASK { ?f a im:Firm }", "--format", "json"])
        .ok()
        .stdout;
    assert!(json.contains("true"), "{json}");
}

#[test]
fn numbers_are_right_aligned_and_never_broken() {
    let run = innomap_columns(&["query", "hte-candidates"], 80)
        .ok()
        .stdout;
    // Each data line ends with cells; a percentage is whole on one line, never "5.1" then "1%".
    for line in run.lines().filter(|l| l.starts_with('│')) {
        for cell in line.split(['┆', '│']).map(str::trim) {
            assert!(
                !(cell.ends_with('.') && cell[..cell.len() - 1].parse::<f64>().is_ok()),
                "a number broken across lines: {line}"
            );
        }
    }
    let matrix = innomap_columns(&["query", "chain-matrix"], 120).ok().stdout;
    let row = matrix
        .lines()
        .find(|l| l.contains("冶金新材料"))
        .expect("a metallurgy row");
    assert!(row.contains("┆    3 ┆"), "right-aligned: {row}");
}

/// Compares `text` with `tests/snapshots/NAME`; `UPDATE_SNAPSHOTS=1` rewrites the file.
fn snapshot(name: &str, text: &str) {
    let path = repo().join("tests/snapshots").join(name);
    if std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_SNAPSHOTS=1 writes it)", path.display()));
    assert!(
        want == text,
        "{name} differs from the snapshot (UPDATE_SNAPSHOTS=1 rewrites it after review):\n--- want\n{want}\n--- got\n{text}"
    );
}

#[test]
fn people_formats_match_their_snapshots() {
    snapshot(
        "match-consortium-T19-80.txt",
        &innomap_columns(
            &["match", "consortium", "--direction", "T19", "--top", "1"],
            80,
        )
        .ok()
        .stdout,
    );
    snapshot(
        "chain-matrix-labels.csv",
        &innomap(&["query", "chain-matrix", "--format", "csv", "--labels"])
            .ok()
            .stdout,
    );
    snapshot(
        "hte-candidates-labels.csv",
        &innomap(&["query", "hte-candidates", "--format", "csv", "--labels"])
            .ok()
            .stdout,
    );
    snapshot(
        "stats.csv",
        &innomap(&["stats", "--format", "csv"]).ok().stdout,
    );
    snapshot(
        "match-all.csv",
        &innomap(&["match", "all", "--format", "csv"]).ok().stdout,
    );
}

#[test]
fn people_csv_has_chinese_headings_and_labels() {
    let csv = innomap(&["query", "chain-matrix", "--format", "csv", "--labels"])
        .ok()
        .stdout;
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}产业链,高校,重点实验室,研发机构,平台,其他,合计,距10个缺口"
    );
    assert!(lines.next().unwrap().starts_with("冶金新材料,"));
    assert!(!csv.contains("https://"));
    // Without --labels: the W3C format, IRIs and variable names.
    let w3c = innomap(&["query", "chain-matrix", "--format", "csv"])
        .ok()
        .stdout;
    assert!(w3c.starts_with("\u{feff}chain,universities") && w3c.contains("https://"));
    let run = innomap(&["query", "chain-matrix", "--labels"]).expect_code(2);
    assert!(
        run.one_line_error().contains("--format csv"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_units_line_is_one_clear_error() {
    let dir = TempDir::new("units");
    let query = dir.write(
        "q.rq",
        "# columns: a, b\n# units: c=percent\nSELECT ?a ?b WHERE { BIND(1 AS ?a) BIND(2 AS ?b) }\n",
    );
    let run = innomap(&["query", &query]);
    assert_ne!(run.code, 0);
    let line = run.one_line_error();
    assert!(line.contains("'c'") && line.contains("q.rq"), "{line}");
    let query = dir.write(
        "p.rq",
        "# columns: a\n# units: a=percent:9\nSELECT ?a WHERE { BIND(1 AS ?a) }\n",
    );
    let run = innomap(&["query", &query]);
    assert_ne!(run.code, 0);
    assert!(run.one_line_error().contains("p.rq:2"), "{}", run.stderr);
}

#[test]
fn workbooks_open_in_openpyxl_with_headings_labels_and_formats() {
    if !python_has(&["openpyxl"]) {
        return;
    }
    let dir = TempDir::new("people-xlsx");
    let path = |name: &str| dir.0.join(name).to_str().unwrap().to_owned();
    let hte = path("hte.xlsx");
    innomap(&["query", "hte-candidates", "--format", "xlsx", "-o", &hte]).ok();
    let spec = serde_json::json!([{
        "name": "最接近高企门槛的科技型中小企业",
        "header": ["企业", "产业链", "指定年份", "窗口末年", "三年营收（万元）", "三年研发投入（万元）", "研发强度（%）"],
        "rows": null,
        "numeric": ["三年营收（万元）", "研发强度（%）", "科技人员占比（%）"],
        "formats": {"研发强度（%）": "0.00%", "科技人员占比（%）": "0.0%", "三年营收（万元）": "0.0"},
        "contains": {"两项均达标": "是", "产业链": "化工新材料"},
        "no_codes": true
    }]);
    run_checker(
        "xlsx_check.py",
        &[&hte, &dir.write("hte.json", &spec.to_string())],
    );

    let t19 = path("t19.xlsx");
    innomap(&[
        "match",
        "consortium",
        "--direction",
        "T19",
        "--format",
        "xlsx",
        "-o",
        &t19,
    ])
    .ok();
    let spec = serde_json::json!([
        {"name": "联合体方案", "header": ["攻关方向", "方案", "匹配度", "角色", "单位", "类型"],
         "rows": null, "numeric": ["方案", "匹配度"],
         "contains": {"单位": "江苏骏益储能科技股份有限公司", "类型": "新型研发机构", "角色": "牵头"}},
        {"name": "缺口与招引", "header": ["缺失能力", "外部候选", "类型", "国家/地区", "招引适配度"],
         "rows": null, "numeric": ["招引适配度"],
         "contains": {"缺失能力": "固态电解质", "国家/地区": "韩国"}, "no_codes": true}
    ]);
    run_checker(
        "xlsx_check.py",
        &[&t19, &dir.write("t19.json", &spec.to_string())],
    );

    let stats = path("stats.xlsx");
    innomap(&["stats", "--format", "xlsx", "-o", &stats]).ok();
    let spec = serde_json::json!([
        {"name": "按产业链", "header": ["产业链", "分组", "支撑资源", "企业", "攻关方向"], "rows": 13,
         "numeric": ["支撑资源", "企业"], "contains": {"分组": "主导产业"}},
        {"name": "按类型", "header": ["类型", "数量", "代码"], "rows": null, "numeric": ["数量"],
         "contains": {"类型": "新型研发机构"}}
    ]);
    run_checker(
        "xlsx_check.py",
        &[&stats, &dir.write("stats.json", &spec.to_string())],
    );

    let all = path("all.xlsx");
    innomap(&["match", "all", "--format", "xlsx", "-o", &all]).ok();
    let spec = serde_json::json!([
        {"name": "各方向联合体", "header": ["编号", "攻关方向", "牵头单位", "成员数"], "rows": 31,
         "numeric": ["成员数", "匹配度", "覆盖率"], "formats": {"覆盖率": "0%"}}
    ]);
    run_checker(
        "xlsx_check.py",
        &[&all, &dir.write("all.json", &spec.to_string())],
    );
}

#[test]
fn the_brief_docx_opens_in_python_docx_with_the_consortium_table() {
    if !python_has(&["docx"]) {
        return;
    }
    let dir = TempDir::new("brief-docx");
    let out = dir.0.join("t19");
    innomap(&["brief", "--direction", "T19", "-o", out.to_str().unwrap()]).ok();
    let leader = innomap(&[
        "match",
        "consortium",
        "--direction",
        "T19",
        "--format",
        "json",
    ])
    .ok();
    let report: serde_json::Value = serde_json::from_str(&leader.stdout).unwrap();
    let leader = report["consortia"][0]["leader"]["label"]
        .as_str()
        .unwrap()
        .to_owned();
    let docx = out.join("summary.docx");
    run_checker(
        "docx_check.py",
        &[
            docx.to_str().unwrap(),
            "攻关方向 T19",
            "角色,单位,类型,承担能力",
            &leader,
        ],
    );
    // The same data gives the same document.
    let again = dir.0.join("again");
    innomap(&["brief", "--direction", "T19", "-o", again.to_str().unwrap()]).ok();
    assert_eq!(
        std::fs::read(&docx).unwrap(),
        std::fs::read(again.join("summary.docx")).unwrap()
    );
}

#[test]
fn the_whole_map_picture_is_a_summary_and_says_so() {
    let run = innomap(&["export", "--format", "svg"]).ok();
    assert!(
        run.stdout.contains("按产业链与单位类型汇总"),
        "an aggregated picture"
    );
    assert!(
        run.stderr.contains("summary by chain and kind"),
        "{}",
        run.stderr
    );
    // The data formats keep every node; --max-nodes draws the network.
    let network = innomap(&["export", "--format", "svg", "--max-nodes", "60"]).ok();
    assert!(!network.stdout.contains("按产业链与单位类型汇总"));
    assert!(network.stdout.contains("class=\"node\""));
    let chain = innomap(&["export", "--chain", "新能源", "--format", "svg"]).ok();
    for lane in ["上游企业", "中游企业", "创新资源", ">龙头</text>"] {
        assert!(chain.stdout.contains(lane), "the chain map shows {lane}");
    }
}
