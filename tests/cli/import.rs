//! `innomap import` tests (issue 6): templates, every kind from Chinese and English headers, UTF-8
//! and GB18030 files, XLSX beside CSV, a sheet with many problems, dry runs, and (with the on-disk
//! store) re-imports that replace and change nothing the second time.

use crate::common::*;
use std::path::{Path, PathBuf};

const KINDS: [&str; 6] = [
    "firms",
    "resources",
    "directions",
    "collaborations",
    "talents",
    "investments",
];

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/import").join(name)
}

/// Copies a fixture into `dir` under `name` (so that sheets from different fixtures share a name).
fn copy(dir: &TempDir, fixture_name: &str, name: &str) -> String {
    let path = dir.0.join(name);
    std::fs::copy(fixture(fixture_name), &path).expect("fixture is copied");
    path.display().to_string()
}

/// Imports `file` as `kind` and returns the N-Triples it writes, sorted.
fn triples(file: &str, kind: &str, extra: &[&str]) -> Vec<String> {
    // A directory of its own per call: tests run side by side in one process, and two calls with
    // the same kind must not share (and remove) each other's output.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = TempDir::new(&format!("nt-{kind}-{call}"));
    let out = dir.0.join("out.nt").display().to_string();
    let mut args = vec!["import", file, "--kind", kind, "-o", &out];
    args.extend_from_slice(extra);
    innomap(&args).ok();
    let mut lines: Vec<String> = std::fs::read_to_string(&out)
        .expect("the RDF is written")
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

#[test]
fn templates_print_the_header_row_with_a_bom_in_chinese_or_english() {
    let run = innomap(&["import", "--template", "firms"]).ok();
    assert!(
        run.stdout
            .starts_with("\u{feff}标识,统一社会信用代码,企业名称,"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), 1);
    let run = innomap(&[
        "--lang",
        "en",
        "import",
        "--template",
        "investments",
        "--no-bom",
    ])
    .ok();
    assert_eq!(
        run.stdout,
        "id,fund,investee,year,amount_10k_cny,provenance,source\r\n"
    );
    for kind in KINDS {
        innomap(&["import", "--template", kind]).ok();
    }
    let run = innomap(&["import", "--template", "patents"]).expect_code(2);
    assert!(
        run.one_line_error()
            .contains("unknown sheet kind 'patents'")
    );
    let dir = TempDir::new("template-file");
    let path = dir.0.join("talents.csv").display().to_string();
    innomap(&["import", "--template", "talents", "-o", &path]).ok();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.starts_with("\u{feff}标识,姓名,"), "{written}");
    let xlsx = dir.0.join("talents.xlsx").display().to_string();
    let run = innomap(&["import", "--template", "talents", "-o", &xlsx]).expect_code(2);
    assert!(run.one_line_error().contains("templates are CSV"));
}

#[test]
fn a_filled_in_template_imports() {
    for kind in KINDS {
        let template = innomap(&["import", "--template", kind]).ok().stdout;
        let dir = TempDir::new(&format!("template-{kind}"));
        let sheet = dir.write(&format!("{kind}.csv"), &template);
        // A header and no rows: nothing to add, and no problem.
        let run = innomap(&["import", &sheet, "--kind", kind, "--dry-run"]).ok();
        assert!(run.stdout.contains("0 行"), "{}", run.stdout);
    }
}

#[test]
fn every_kind_imports_from_chinese_and_english_headers_alike_and_validates() {
    let mut data = Vec::new();
    let dir = TempDir::new("kinds");
    for kind in KINDS {
        // The same file name in two directories: the same graph and the same triples.
        std::fs::create_dir_all(dir.0.join(kind).join("zh")).unwrap();
        std::fs::create_dir_all(dir.0.join(kind).join("en")).unwrap();
        let zh = copy(
            &dir,
            &format!("{kind}_zh.csv"),
            &format!("{kind}/zh/{kind}.csv"),
        );
        let en = copy(
            &dir,
            &format!("{kind}_en.csv"),
            &format!("{kind}/en/{kind}.csv"),
        );
        let from_zh = triples(&zh, kind, &[]);
        let from_en = triples(&en, kind, &[]);
        assert!(!from_zh.is_empty());
        assert_eq!(
            from_zh, from_en,
            "{kind}: Chinese and English headers differ"
        );
        let graph = format!("<https://w3id.org/innomap/graph/import/{kind}/{kind}>");
        assert!(
            from_zh.iter().any(|t| t.starts_with(&graph)),
            "{kind}: the sheet node names the graph"
        );
        let ttl = dir.0.join(format!("{kind}.ttl")).display().to_string();
        innomap(&["import", &zh, "--kind", kind, "-o", &ttl]).ok();
        data.push(ttl);
    }
    // Every sheet together still conforms to the shapes.
    let mut args: Vec<&str> = Vec::new();
    for file in &data {
        args.extend(["--data", file]);
    }
    args.push("validate");
    innomap(&args).ok();
}

#[test]
fn utf8_and_gb18030_files_read_alike() {
    let dir = TempDir::new("encodings");
    std::fs::create_dir_all(dir.0.join("gb")).unwrap();
    let utf8 = copy(&dir, "firms_zh.csv", "roster.csv");
    let gb = copy(&dir, "firms_gb18030.csv", "gb/roster.csv");
    let expected = triples(&utf8, "firms", &[]);
    assert_eq!(triples(&gb, "firms", &[]), expected);
    assert_eq!(triples(&gb, "firms", &["--encoding", "gbk"]), expected);
    let run = innomap(&[
        "import",
        &gb,
        "--kind",
        "firms",
        "--encoding",
        "utf-8",
        "--dry-run",
    ])
    .expect_code(2);
    assert!(
        run.one_line_error().contains("is not valid utf-8"),
        "{}",
        run.stderr
    );
    let run = innomap(&[
        "import",
        &gb,
        "--kind",
        "firms",
        "--encoding",
        "latin9",
        "--dry-run",
    ])
    .expect_code(2);
    assert!(run.one_line_error().contains("unknown encoding 'latin9'"));
}

/// Writes a CSV fixture's rows as a worksheet: whole numbers as number cells, the rest as text,
/// after `title` rows; more sheets before it when `before` is given.
fn write_xlsx(csv_fixture: &str, path: &Path, sheet_name: &str, title: bool, before: &[&str]) {
    let table = innomap::features::import::read_table_file(
        &fixture(csv_fixture),
        &innomap::features::import::ReadOptions::default(),
    )
    .expect("the fixture reads");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for name in before {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        sheet
            .write_string(0, 0, "填表说明：见 docs/IMPORT.md")
            .unwrap();
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name).unwrap();
    let offset = u32::from(title);
    if title {
        sheet.write_string(0, 0, "2025年张家港市企业名单").unwrap();
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.cells.iter().enumerate() {
            let (r, c) = (r as u32 + offset, c as u16);
            let whole =
                !cell.is_empty() && cell.len() < 10 && cell.chars().all(|x| x.is_ascii_digit());
            if whole {
                sheet
                    .write_number(r, c, cell.parse::<f64>().unwrap())
                    .unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    workbook.save(path).expect("the workbook is written");
}

fn without_file_names(lines: Vec<String>) -> Vec<String> {
    lines
        .into_iter()
        .filter(|l| !l.contains("#sourceFile>") && !l.contains("#sheetName>"))
        .collect()
}

#[test]
fn xlsx_and_csv_give_the_same_rdf() {
    let dir = TempDir::new("xlsx");
    for kind in KINDS {
        let xlsx = dir.0.join(format!("{kind}.xlsx"));
        write_xlsx(&format!("{kind}_zh.csv"), &xlsx, "Sheet1", false, &[]);
        let csv = copy(&dir, &format!("{kind}_zh.csv"), &format!("{kind}.csv"));
        let source = ["--source", "same"];
        let from_xlsx = without_file_names(triples(&xlsx.display().to_string(), kind, &source));
        let from_csv = without_file_names(triples(&csv, kind, &source));
        assert_eq!(from_xlsx, from_csv, "{kind}: XLSX and CSV differ");
    }
}

#[test]
fn xlsx_sheets_are_chosen_by_name_and_title_rows_skipped() {
    let dir = TempDir::new("xlsx-sheets");
    let xlsx = dir.0.join("名单.xlsx");
    write_xlsx("firms_en.csv", &xlsx, "企业", true, &["说明"]);
    let xlsx = xlsx.display().to_string();
    let run = innomap(&[
        "import",
        &xlsx,
        "--kind",
        "firms",
        "--sheet",
        "企业",
        "--dry-run",
        "--format",
        "json",
    ])
    .ok();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json["graph"],
        "https://w3id.org/innomap/graph/import/firms/%E5%90%8D%E5%8D%95/%E4%BC%81%E4%B8%9A"
    );
    // The header is row 2 under the title, so the first firm is row 3.
    let rows: Vec<u64> = json["added"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "firm")
        .filter_map(|e| e["row"].as_u64())
        .collect();
    assert_eq!(rows.iter().min(), Some(&3), "{rows:?}");
    let run = innomap(&[
        "import",
        &xlsx,
        "--kind",
        "firms",
        "--sheet",
        "名录",
        "--dry-run",
    ])
    .expect_code(2);
    assert!(
        run.one_line_error()
            .contains("has no sheet '名录': its sheets are '说明', '企业'"),
        "{}",
        run.stderr
    );
    // The first sheet holds notes, not a header: the problem says so.
    let run = innomap(&["import", &xlsx, "--kind", "firms", "--dry-run"]).expect_code(2);
    assert!(
        run.stderr.contains("row 1: no header row"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_sheet_with_many_errors_reports_every_one_and_imports_nothing() {
    let dir = TempDir::new("many-errors");
    let sheet = copy(&dir, "many_errors.csv", "many_errors.csv");
    let out = dir.0.join("out.ttl");
    let out_text = out.display().to_string();
    for args in [
        vec!["import", &sheet, "--kind", "firms", "-o", &out_text],
        vec!["import", &sheet, "--kind", "firms", "--dry-run"],
    ] {
        let run = innomap(&args).expect_code(2);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        let lines: Vec<&str> = run.stderr.lines().collect();
        let expected = [
            "row 1, column I (联系电话): unknown column for a firms sheet",
            "row 2, column B (统一社会信用代码): the unified social credit code '91350100M000100Y44' has a bad check character",
            "row 2, column C (产业链): unknown chain '造船'",
            "row 2, column E (企业梯队): unknown tier '超级企业'",
            "row 2, column F (成立年份): bad year '二〇一五'",
            "row 2, column G (营业收入(万元)): bad number '很多'",
            "row 3, column A (企业名称): the name '华昌' matches 2 firms",
            "row 5: duplicate row: row 4 already adds",
            "row 6, column E (企业梯队): im:tier of shagang is im:HighTechEnterprise in the bundled dataset",
        ];
        assert_eq!(lines.len(), expected.len() + 1, "{}", run.stderr);
        for (line, wanted) in lines.iter().zip(expected) {
            assert!(
                line.starts_with(&format!("innomap: {sheet} {wanted}")),
                "wanted '{wanted}', got '{line}'"
            );
            assert!(line.contains("; "), "each problem says what to do: {line}");
        }
        assert_eq!(
            lines[expected.len()],
            format!(
                "innomap: {sheet}: 9 problems found; nothing was imported — fix the sheet and import it again"
            )
        );
        assert!(!out.exists(), "nothing is written");
    }
}

#[test]
fn a_dry_run_lists_what_would_change_entity_by_entity() {
    let dir = TempDir::new("dry-run");
    let sheet = copy(&dir, "firms_zh.csv", "roster.csv");
    let run = innomap(&["import", &sheet, "--kind", "firms", "--dry-run"]).ok();
    assert!(run.stdout.contains("变更"), "{}", run.stdout);
    assert!(run.stdout.contains("按名称匹配"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("roster.csv：4 行，新增 5，修改 0，删除 0"),
        "{}",
        run.stdout
    );
    let run = innomap(&[
        "--lang",
        "en",
        "import",
        &sheet,
        "--kind",
        "firms",
        "--dry-run",
    ])
    .ok();
    assert!(
        run.stdout.contains("4 rows; 5 added, 0 changed, 0 removed"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("matched by name"), "{}", run.stdout);
    let run = innomap(&[
        "import",
        &sheet,
        "--kind",
        "firms",
        "--dry-run",
        "--format",
        "json",
    ])
    .ok();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let added = json["added"].as_array().unwrap();
    let shagang = added
        .iter()
        .find(|e| e["id"] == "shagang")
        .expect("shagang is listed");
    assert_eq!(shagang["matched"], "label");
    assert_eq!(shagang["row"], 4);
    let new = added
        .iter()
        .find(|e| e["id"] == "jiangsu-gangcheng-hydrogen-storage")
        .expect("the new firm has an id from its English name");
    assert_eq!(new["matched"], "new");
    assert_eq!(json["removed"].as_array().unwrap().len(), 0);
}

#[test]
fn storing_needs_a_store_or_an_output_file() {
    let sheet = fixture("firms_zh.csv").display().to_string();
    let run = innomap(&["import", &sheet, "--kind", "firms"]).expect_code(2);
    let line = run.one_line_error();
    assert!(line.contains("give --store DIR"), "{line}");
    assert!(line.contains("--output FILE.ttl"), "{line}");
    let run = innomap(&["import", &sheet]).expect_code(2);
    assert!(run.stderr.contains("--kind"), "{}", run.stderr);
    let run = innomap(&["import", &sheet, "--kind", "firm", "-o", "x.xml"]).expect_code(2);
    assert!(run.one_line_error().contains("use .ttl, .nt, .trig or .nq"));
    let dir = TempDir::new("bad-ext");
    let doc = dir.write("roster.docx", "x");
    let run = innomap(&["import", &doc, "--kind", "firms", "--dry-run"]).expect_code(2);
    assert!(
        run.one_line_error().contains("use .csv, .tsv, .xlsx"),
        "{}",
        run.stderr
    );
}

#[test]
fn turtle_on_standard_output_loads_back() {
    let dir = TempDir::new("stdout");
    let sheet = copy(&dir, "directions_zh.csv", "directions.csv");
    let run = innomap(&["import", &sheet, "--kind", "directions", "-o", "-"]).ok();
    assert!(
        run.stdout.contains("im:requiresCapability"),
        "{}",
        run.stdout
    );
    let ttl = dir.write("directions.ttl", &run.stdout);
    let run = innomap(&[
        "--data",
        &ttl,
        "--lang",
        "en",
        "query",
        "-e",
        "SELECT ?n WHERE { ?d skos:notation ?n ; im:inChain ?c } ORDER BY ?n",
        "--format",
        "csv",
        "--no-bom",
    ])
    .ok();
    assert!(run.stdout.contains("T32"), "{}", run.stdout);
}

#[cfg(feature = "rocksdb")]
mod on_disk {
    use super::*;

    fn dump(store: &str) -> Vec<String> {
        let config = innomap::StoreConfig {
            location: Some(PathBuf::from(store)),
            ..innomap::StoreConfig::default()
        };
        innomap::Store::open(&config)
            .expect("the store opens")
            .dump_sorted_nquads()
            .expect("the store dumps")
    }

    #[test]
    fn importing_into_a_store_twice_changes_nothing_and_a_new_version_replaces() {
        let dir = TempDir::new("import-store");
        let store = dir.0.join("store").display().to_string();
        let sheet = copy(&dir, "firms_zh.csv", "roster.csv");
        let run = innomap(&["--store", &store, "import", &sheet, "--kind", "firms"]).ok();
        assert!(run.stdout.contains("新增 5"), "{}", run.stdout);
        let first = dump(&store);
        // The store gives decimals back in canonical form (`410`, the sheet's plan says `410.0`):
        // the report must compare values, and count nothing as changed.
        let again = innomap(&["--store", &store, "import", &sheet, "--kind", "firms"]).ok();
        assert!(
            again.stdout.contains("新增 0，修改 0，删除 0，未变 5"),
            "{}",
            again.stdout
        );
        assert_eq!(dump(&store), first);
        // A new version drops the second firm and moves the first up a tier.
        let text = std::fs::read_to_string(&sheet).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let new_version = format!(
            "{}\r\n{}\r\n",
            lines[0],
            lines[1].replace("科技型中小企业", "瞪羚企业")
        );
        std::fs::write(&sheet, new_version).unwrap();
        let run = innomap(&[
            "--store",
            &store,
            "import",
            &sheet,
            "--kind",
            "firms",
            "--dry-run",
            "--format",
            "json",
        ])
        .ok();
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert!(
            json["removed"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["kind"] == "firm")
        );
        assert!(
            json["changed"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["id"] == "jiangsu-gangcheng-hydrogen-storage")
        );
        innomap(&["--store", &store, "import", &sheet, "--kind", "firms"]).ok();
        let run = innomap(&[
            "--store",
            &store,
            "query",
            "-e",
            "SELECT ?t WHERE { <https://w3id.org/innomap/id/zjg/firm/jiangsu-gangcheng-hydrogen-storage> im:tier ?t }",
            "--format",
            "json",
        ])
        .ok();
        let rows = json_rows(&run);
        assert_eq!(rows.len(), 1);
        assert!(rows[0]["t"].ends_with("#Gazelle"), "{rows:?}");
        innomap(&["--store", &store, "validate"]).ok();
        // --data is for one run only: an import with it is refused, not silently lost.
        let run = innomap(&[
            "--store", &store, "--data", &sheet, "import", &sheet, "--kind", "firms",
        ])
        .expect_code(2);
        assert!(run.one_line_error().contains("--data"), "{}", run.stderr);
    }
}

/// 梯队认定年份 becomes `im:tierYear`, which `analyze trend` counts; a bad year names its cell.
#[test]
fn the_year_a_firm_reached_its_tier_imports_and_a_bad_one_is_named() {
    let dir = TempDir::new("import-tier-year");
    let sheet = dir.write(
        "firms.csv",
        "企业名称,产业链,所在地,企业梯队,梯队认定年份\n张家港示例新材料有限公司,冶金新材料,锦丰镇,高新技术企业,2022\n",
    );
    let lines = triples(&sheet, "firms", &[]);
    assert!(
        lines.iter().any(|l| l.contains("/def#tierYear>")
            && l.contains("\"2022\"^^<http://www.w3.org/2001/XMLSchema#integer>")),
        "{lines:#?}"
    );
    let bad = dir.write(
        "bad.csv",
        "企业名称,产业链,所在地,企业梯队,梯队认定年份\n张家港示例新材料有限公司,冶金新材料,锦丰镇,高新技术企业,去年\n",
    );
    let run = innomap(&["import", &bad, "--kind", "firms", "--dry-run"]).expect_code(2);
    assert!(run.stderr.contains("梯队认定年份"), "{}", run.stderr);
}
