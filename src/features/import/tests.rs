//! Import tests on in-memory stores: every kind, matching by credit code, id, label and alias,
//! replacement and idempotence of re-imports, conflicts with other sources, every problem reported at
//! once with nothing stored, and random rows that must never make the importer panic.

use super::*;
use crate::store::{Store, StoreConfig};
use proptest::prelude::*;
use std::sync::OnceLock;

/// A store with the bundled data (ontology, shapes and the Zhangjiagang dataset).
fn bundled() -> Store {
    Store::open(&StoreConfig::default()).expect("the bundled store opens")
}

/// One shared read-only bundled store, for tests that only plan.
fn shared() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(bundled)
}

fn table(file: &str, rows: &[&[&str]]) -> Table {
    Table::from_rows(
        file,
        rows.iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect(),
    )
}

fn import(store: &Store, kind: SheetKind, table: &Table) -> ImportPlan {
    let plan = plan_import(store, table, &ImportOptions::new(kind))
        .unwrap_or_else(|e| panic!("{}", describe(&e)));
    apply_plan(store, &plan).expect("the plan is stored");
    plan
}

fn describe(error: &ImportError) -> String {
    match error {
        ImportError::Problems { file, problems } => problems
            .iter()
            .map(|p| p.describe(file))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

fn problems(store: &Store, kind: SheetKind, table: &Table) -> Vec<Problem> {
    match plan_import(store, table, &ImportOptions::new(kind)) {
        Err(ImportError::Problems { problems, .. }) => problems,
        Err(other) => panic!("expected problems, got {other}"),
        Ok(_) => panic!("expected problems, the sheet was accepted"),
    }
}

fn ask(store: &Store, query: &str) -> Vec<Vec<String>> {
    store
        .select(query)
        .expect("the query runs")
        .rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|t| match t {
                    Some(oxigraph::model::Term::Literal(l)) => l.value().to_owned(),
                    Some(oxigraph::model::Term::NamedNode(n)) => {
                        crate::base::vocab::short_form(n.as_str())
                    }
                    Some(other) => other.to_string(),
                    None => String::new(),
                })
                .collect()
        })
        .collect()
}

fn assert_conforms(store: &Store) {
    let report = crate::features::validate::validate(store).expect("validation runs");
    assert!(
        report.conforms(),
        "violations: {:#?}",
        report.violations.iter().take(5).collect::<Vec<_>>()
    );
}

const CODE_A: &str = "91350100M000100Y43";
const CODE_B: &str = "911100001000079554";

fn firms_v1() -> Table {
    table(
        "roster.csv",
        &[
            &[
                "企业名称",
                "统一社会信用代码",
                "英文名称",
                "产业链",
                "所在地",
                "企业梯队",
                "成立年份",
                "技术能力",
                "指标年份",
                "营业收入(万元)",
                "职工总数",
            ],
            &[
                "江苏甲新材料有限公司",
                CODE_A,
                "Jiangsu Jia New Materials Co., Ltd.",
                "新能源；冶金新材料",
                "杨舍",
                "科小",
                "2016",
                "燃料电池电堆",
                "2024",
                "1,250.5",
                "85",
            ],
            &[
                "张家港乙智能科技有限公司",
                "",
                "",
                "digital",
                "jingang",
                "高新技术企业",
                "",
                "",
                "",
                "",
                "",
            ],
            &["沙钢", "", "", "新能源", "", "", "", "", "", "", ""],
        ],
    )
}

#[test]
fn every_kind_imports_and_the_store_still_conforms_to_the_shapes() {
    let store = bundled();
    import(&store, SheetKind::Firms, &firms_v1());
    import(
        &store,
        SheetKind::Resources,
        &table(
            "resources.csv",
            &[
                &[
                    "名称",
                    "英文名称",
                    "类型",
                    "所在地",
                    "依托单位",
                    "级别",
                    "支撑产业链",
                    "支撑作用",
                    "技术能力",
                ],
                &[
                    "张家港先进材料测试中心",
                    "Zhangjiagang Advanced Materials Testing Centre",
                    "创新平台",
                    "杨舍",
                    "",
                    "市级",
                    "冶金新材料、化工新材料",
                    "检测服务",
                    "",
                ],
                &[
                    "江苏甲新材料研究院",
                    "",
                    "企业研发机构",
                    "杨舍",
                    "江苏甲新材料有限公司",
                    "省级",
                    "新能源",
                    "企业研究院",
                    "燃料电池电堆",
                ],
                &["苏州大学", "", "", "", "", "", "高端纺织", "", ""],
            ],
        ),
    );
    import(
        &store,
        SheetKind::Directions,
        &table(
            "directions.csv",
            &[
                &["方向编号", "方向名称", "英文名称", "产业链", "所需能力"],
                &[
                    "T32",
                    "固态电池电解质",
                    "Solid-state battery electrolytes",
                    "新能源",
                    "燃料电池电堆；膜电极；金属双极板",
                ],
            ],
        ),
    );
    import(
        &store,
        SheetKind::Collaborations,
        &table(
            "collaborations.csv",
            &[
                &[
                    "项目名称",
                    "合作类型",
                    "年份",
                    "牵头单位",
                    "参与单位",
                    "涉及能力",
                    "产业链",
                ],
                &[
                    "固态电池联合攻关",
                    "联合项目",
                    "2024",
                    "江苏甲新材料有限公司",
                    "苏州大学；沙钢",
                    "燃料电池电堆",
                    "新能源",
                ],
            ],
        ),
    );
    import(
        &store,
        SheetKind::Talents,
        &table(
            "talents.csv",
            &[
                &[
                    "姓名",
                    "英文姓名",
                    "人才类别",
                    "工作单位",
                    "产业链",
                    "技术专长",
                ],
                &[
                    "李测试",
                    "Li Ceshi",
                    "青年科技人才",
                    "江苏甲新材料有限公司",
                    "新能源",
                    "燃料电池电堆",
                ],
            ],
        ),
    );
    import(
        &store,
        SheetKind::Investments,
        &table(
            "investments.csv",
            &[
                &["投资基金", "被投企业", "投资年份", "投资金额(万元)"],
                &["人才一号母基金", CODE_A, "2024", "800"],
            ],
        ),
    );
    assert_conforms(&store);
    let rows = ask(
        &store,
        "SELECT ?f ?t WHERE { ?f im:creditCode \"91350100M000100Y43\" ; im:tier ?t }",
    );
    assert_eq!(rows, [["jiangsu-jia-new-materials", "im:TechSME"]]);
    // The alias 沙钢 matched Shagang, which now also sits on the new-energy chain.
    assert!(!ask(&store, "SELECT ?c WHERE { <https://w3id.org/innomap/id/zjg/firm/shagang> im:inChain ?c FILTER(?c = <https://w3id.org/innomap/id/zjg/chain/new-energy>) }").is_empty());
    let support = ask(
        &store,
        "SELECT ?s WHERE { ?s im:chain <https://w3id.org/innomap/id/zjg/chain/textiles> ; im:resource <https://w3id.org/innomap/id/cn/university/soochow-university> }",
    );
    assert_eq!(
        support.len(),
        1,
        "the existing 8×10 row is reused: {support:?}"
    );
    let institute = ask(
        &store,
        "SELECT ?i WHERE { <https://w3id.org/innomap/id/zjg/firm/jiangsu-jia-new-materials> im:hasRDInstitution ?i }",
    );
    assert_eq!(institute.len(), 1);
}

#[test]
fn importing_the_same_sheet_twice_changes_nothing() {
    let store = bundled();
    let first = import(&store, SheetKind::Firms, &firms_v1());
    let after_first = store.dump_sorted_nquads().unwrap();
    let second = plan_import(&store, &firms_v1(), &ImportOptions::new(SheetKind::Firms)).unwrap();
    let diff = diff_plan(&store, &second, crate::base::Lang::Zh).unwrap();
    assert!(diff.is_empty(), "{diff:#?}");
    assert_eq!(diff.unchanged, diff.quads_after.min(diff.unchanged));
    apply_plan(&store, &second).unwrap();
    assert_eq!(store.dump_sorted_nquads().unwrap(), after_first);
    assert_eq!(first.quads, second.quads);
}

#[test]
fn a_reimport_drops_missing_rows_and_updates_a_changed_tier() {
    let store = bundled();
    let before = store.dump_sorted_nquads().unwrap();
    import(&store, SheetKind::Firms, &firms_v1());
    let v2 = table(
        "roster.csv",
        &[
            &[
                "企业名称",
                "统一社会信用代码",
                "英文名称",
                "产业链",
                "所在地",
                "企业梯队",
            ],
            &[
                "江苏甲新材料有限公司",
                CODE_A,
                "Jiangsu Jia New Materials Co., Ltd.",
                "新能源",
                "杨舍",
                "瞪羚企业",
            ],
        ],
    );
    let plan = plan_import(&store, &v2, &ImportOptions::new(SheetKind::Firms)).unwrap();
    let diff = diff_plan(&store, &plan, crate::base::Lang::En).unwrap();
    let removed: Vec<&str> = diff.removed.iter().map(|e| e.kind.as_str()).collect();
    assert!(
        removed.contains(&"firm") && removed.contains(&"figures"),
        "{removed:?}"
    );
    let changed = diff
        .changed
        .iter()
        .find(|e| e.id == "jiangsu-jia-new-materials")
        .expect("the firm changed");
    let tier = changed
        .properties
        .iter()
        .find(|p| p.property == "im:tier")
        .expect("its tier changed");
    assert_eq!(
        (tier.removed.as_slice(), tier.added.as_slice()),
        (
            &["im:TechSME".to_owned()][..],
            &["im:Gazelle".to_owned()][..]
        )
    );
    apply_plan(&store, &plan).unwrap();
    assert_eq!(
        ask(
            &store,
            "SELECT ?t WHERE { <https://w3id.org/innomap/id/zjg/firm/jiangsu-jia-new-materials> im:tier ?t }"
        ),
        [["im:Gazelle"]]
    );
    // The dropped firm is gone, and Shagang lost what the sheet said (its new-energy chain).
    assert!(
        ask(
            &store,
            "SELECT ?f WHERE { ?f rdfs:label \"张家港乙智能科技有限公司\"@zh }"
        )
        .is_empty()
    );
    assert!(ask(&store, "SELECT ?c WHERE { <https://w3id.org/innomap/id/zjg/firm/shagang> im:inChain <https://w3id.org/innomap/id/zjg/chain/new-energy> }").is_empty());
    assert_conforms(&store);
    // An empty roster (the header only) removes everything the sheet stated: the store is as before,
    // but for the sheet's own description.
    let empty = table("roster.csv", &[&["企业名称"]]);
    import(&store, SheetKind::Firms, &empty);
    let after: Vec<String> = store
        .dump_sorted_nquads()
        .unwrap()
        .into_iter()
        .filter(|q| !q.contains("graph/import/"))
        .collect();
    assert_eq!(after, before);
}

#[test]
fn a_credit_code_matches_a_renamed_firm_and_the_new_name_becomes_an_alias() {
    let store = bundled();
    import(&store, SheetKind::Firms, &firms_v1());
    let renamed = table(
        "licences.csv",
        &[
            &["企业名称", "统一社会信用代码", "上市"],
            &["江苏甲科技集团有限公司", CODE_A, "是"],
        ],
    );
    let plan = import(&store, SheetKind::Firms, &renamed);
    assert_eq!(plan.entities[0].matched, MatchedBy::CreditCode);
    assert_eq!(plan.entities[0].id, "jiangsu-jia-new-materials");
    let aliases = ask(
        &store,
        "SELECT ?a WHERE { <https://w3id.org/innomap/id/zjg/firm/jiangsu-jia-new-materials> skos:altLabel ?a }",
    );
    assert!(
        aliases.contains(&vec!["江苏甲科技集团有限公司".to_owned()]),
        "{aliases:?}"
    );
    // The former name still matches.
    let again = table(
        "later.csv",
        &[&["企业名称", "龙头企业"], &["江苏甲科技集团有限公司", "否"]],
    );
    let plan = plan_import(&store, &again, &ImportOptions::new(SheetKind::Firms)).unwrap();
    assert_eq!(
        (plan.entities[0].matched, plan.entities[0].id.as_str()),
        (MatchedBy::Label, "jiangsu-jia-new-materials")
    );
    assert_conforms(&store);
}

#[test]
fn a_sheet_cannot_contradict_another_sheet_or_the_bundled_data() {
    let store = bundled();
    import(&store, SheetKind::Firms, &firms_v1());
    let other = table(
        "other.csv",
        &[
            &["企业名称", "企业梯队"],
            &["江苏甲新材料有限公司", "独角兽企业"],
            &["江苏沙钢集团有限公司", "瞪羚"],
        ],
    );
    let found = problems(&store, SheetKind::Firms, &other);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].reason.contains("the imported sheet firms/roster"),
        "{}",
        found[0].reason
    );
    assert!(
        found[1].reason.contains("the bundled dataset"),
        "{}",
        found[1].reason
    );
    assert_eq!(
        found[1].column.as_ref().map(|c| c.letter.as_str()),
        Some("B")
    );
    // Stating the same value as another source is no conflict, and writes nothing twice.
    let same = table(
        "same.csv",
        &[&["企业名称", "企业梯队"], &["江苏甲新材料有限公司", "科小"]],
    );
    let plan = plan_import(&store, &same, &ImportOptions::new(SheetKind::Firms)).unwrap();
    assert!(
        plan.quads
            .iter()
            .all(|q| q.predicate.as_str() != crate::base::vocab::def("tier"))
    );
}

#[test]
fn every_problem_is_reported_at_once_and_nothing_is_stored() {
    let store = bundled();
    let before = store.dump_sorted_nquads().unwrap();
    let sheet = table(
        "bad.csv",
        &[
            &[
                "企业名称",
                "统一社会信用代码",
                "产业链",
                "所在地",
                "企业梯队",
                "成立年份",
                "营业收入(万元)",
                "指标年份",
                "电话",
            ],
            &[
                "江苏丙有限公司",
                "91350100M000100Y44",
                "造船",
                "杨舍",
                "超级企业",
                "二〇一五",
                "abc",
                "2024",
                "",
            ],
            &["华昌", "", "化工新材料", "", "", "", "", "", ""],
            &["江苏丁有限公司", "", "新能源", "杨舍", "", "", "", "", ""],
            &["江苏丁有限公司", "", "新能源", "杨舍", "", "", "", "", ""],
            &["", "", "新能源", "", "", "", "", "", ""],
            &["江苏戊有限公司", "", "", "", "", "", "", "", ""],
        ],
    );
    let found = problems(&store, SheetKind::Firms, &sheet);
    let described: Vec<String> = found.iter().map(|p| p.describe("bad.csv")).collect();
    let expect = [
        "bad.csv row 1, column I (电话): unknown column",
        "bad.csv row 2, column B (统一社会信用代码): the unified social credit code '91350100M000100Y44' has a bad check character",
        "bad.csv row 2, column C (产业链): unknown chain '造船'",
        "bad.csv row 2, column E (企业梯队): unknown tier '超级企业'",
        "bad.csv row 2, column F (成立年份): bad year '二〇一五'",
        "bad.csv row 2, column G (营业收入(万元)): bad number 'abc'",
        "bad.csv row 3, column A (企业名称): the name '华昌' matches 2 firms",
        "bad.csv row 5: duplicate row: row 4 already adds",
        "bad.csv row 6, column A (企业名称): the firm has no name",
        "bad.csv row 7, column C (产业链): a new firm needs 产业链 / chains",
        "bad.csv row 7, column D (所在地): a new firm needs 所在地 / place",
    ];
    for wanted in expect {
        assert!(
            described.iter().any(|d| d.starts_with(wanted)),
            "missing '{wanted}' in:\n{}",
            described.join("\n")
        );
    }
    assert_eq!(described.len(), expect.len(), "{}", described.join("\n"));
    let rows: Vec<usize> = found.iter().map(|p| p.row).collect();
    assert!(
        rows.windows(2).all(|w| w[0] <= w[1]),
        "sorted by row: {rows:?}"
    );
    assert_eq!(store.dump_sorted_nquads().unwrap(), before);
}

#[test]
fn english_headers_give_the_same_graph_as_chinese_ones() {
    let zh = table(
        "t.csv",
        &[
            &["企业名称", "产业链", "所在地", "企业梯队"],
            &["江苏己有限公司", "新能源", "杨舍", "高企"],
        ],
    );
    let en = table(
        "t.csv",
        &[
            &["name", "chains", "place", "tier"],
            &[
                "江苏己有限公司",
                "new-energy",
                "Yangshe",
                "high-tech enterprise",
            ],
        ],
    );
    let options = ImportOptions::new(SheetKind::Firms);
    let a = plan_import(shared(), &zh, &options).unwrap();
    let b = plan_import(shared(), &en, &options).unwrap();
    assert_eq!(a.quads, b.quads);
}

#[test]
fn the_graph_is_named_after_the_file_and_worksheet_not_the_directory() {
    let mut sheet = firms_v1();
    assert_eq!(
        plan::graph_iri(SheetKind::Firms, &sheet, None),
        "https://w3id.org/innomap/graph/import/firms/roster"
    );
    sheet.file_name = "企业 名单.xlsx".into();
    sheet.sheet = Some("2025".into());
    assert_eq!(
        plan::graph_iri(SheetKind::Firms, &sheet, None),
        "https://w3id.org/innomap/graph/import/firms/%E4%BC%81%E4%B8%9A%20%E5%90%8D%E5%8D%95/2025"
    );
    assert_eq!(
        plan::graph_iri(SheetKind::Talents, &sheet, Some("talents-2025")),
        "https://w3id.org/innomap/graph/import/talents/talents-2025"
    );
}

#[test]
fn a_direction_needs_three_to_six_capabilities_with_other_sources() {
    let sheet = table(
        "d.csv",
        &[
            &["方向编号", "方向名称", "产业链", "所需能力"],
            &["T33", "新方向", "新能源", "燃料电池电堆"],
            &["T01", "超薄带铸轧", "", "燃料电池电堆；膜电极；金属双极板"],
        ],
    );
    let found = problems(shared(), SheetKind::Directions, &sheet);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].reason.contains("would require 1 capabilities"),
        "{}",
        found[0].reason
    );
    assert!(
        found[1].reason.contains("would require 7 capabilities"),
        "{}",
        found[1].reason
    );
}

#[test]
fn labels_that_name_two_entities_and_ids_of_another_kind_are_problems() {
    let sheet = table(
        "t.csv",
        &[
            &["标识", "姓名", "人才类别", "工作单位"],
            &["shagang", "王测试", "青年人才", "沙钢"],
            &["", "赵测试", "青年人才", "华昌"],
        ],
    );
    let found = problems(shared(), SheetKind::Talents, &sheet);
    assert!(
        found[0].reason.contains("already used by a firm"),
        "{found:#?}"
    );
    assert!(found[1].reason.contains("'华昌' matches"), "{found:#?}");
}

/// Cell values for random rows: valid names of things in the store, near misses, and garbage.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("新能源".to_owned()),
        Just("冶金新材料；数字经济".to_owned()),
        Just("杨舍".to_owned()),
        Just("沙钢".to_owned()),
        Just("华昌".to_owned()),
        Just("shagang".to_owned()),
        Just("高企".to_owned()),
        Just("2024".to_owned()),
        Just("1,250.5".to_owned()),
        Just("-3".to_owned()),
        Just("T01".to_owned()),
        Just("燃料电池电堆".to_owned()),
        Just("人才一号母基金".to_owned()),
        Just("联合项目".to_owned()),
        Just("高校".to_owned()),
        Just(CODE_A.to_owned()),
        Just(CODE_B.to_owned()),
        Just("https://w3id.org/innomap/id/zjg/firm/shagang".to_owned()),
        "\\PC{0,12}",
        "[a-z0-9-]{1,10}",
        "[0-9,.]{1,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random rows under a real header never make the importer panic, whatever the kind; a sheet
    /// it accepts always states something about each of its rows.
    #[test]
    fn random_rows_never_panic(
        kind in prop::sample::select(SheetKind::ALL.to_vec()),
        rows in prop::collection::vec(prop::collection::vec(cell(), 0..12), 0..6),
        english in any::<bool>(),
    ) {
        let lang = if english { crate::base::Lang::En } else { crate::base::Lang::Zh };
        let mut cells = vec![columns(kind).iter().map(|c| c.header(lang).to_owned()).collect::<Vec<_>>()];
        cells.extend(rows);
        let sheet = Table::from_rows("random.csv", cells);
        match plan_import(shared(), &sheet, &ImportOptions::new(kind)) {
            Ok(plan) => {
                prop_assert_eq!(plan.entities.len(), plan.rows);
                let diff = diff_plan(shared(), &plan, lang);
                prop_assert!(diff.is_ok());
            }
            Err(ImportError::Problems { problems, .. }) => prop_assert!(!problems.is_empty()),
            Err(other) => prop_assert!(false, "unexpected error {}", other),
        }
    }

    /// Random bytes as a CSV file are either read or refused with a message, never a panic.
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = read_table("random.csv", &bytes, SheetFormat::Delimited, &ReadOptions::default());
        let _ = read_table("random.xlsx", &bytes, SheetFormat::Workbook, &ReadOptions::default());
    }
}
