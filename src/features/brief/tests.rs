//! End-to-end tests of a pack: every file, the year or given date, determinism.

use super::{
    BriefOptions, BriefSubject, GRAPHML, PAGE, PICTURE, SUMMARY_DOCX, SUMMARY_HTML, SUMMARY_MD,
    build_brief,
};
use crate::base::Lang;
use crate::features::export::select::tests::small_graph;
use crate::features::export::{DataVersion, StoreFacts};

fn version() -> DataVersion {
    DataVersion {
        triples: 10,
        digest: "0123456789abcdef".into(),
        graphs: Vec::new(),
    }
}

#[test]
fn a_direction_brief_has_every_file_and_names_its_year_not_today() {
    let g = small_graph();
    let options = BriefOptions::default();
    let pack = build_brief(
        &g,
        &StoreFacts::default(),
        &version(),
        &BriefSubject::Direction("T01".into()),
        &options,
    )
    .unwrap();
    let names: Vec<&str> = pack.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            PICTURE,
            PAGE,
            GRAPHML,
            SUMMARY_MD,
            SUMMARY_HTML,
            SUMMARY_DOCX
        ]
    );
    let summary = String::from_utf8(pack.files[3].1.clone()).unwrap();
    assert!(summary.starts_with("# 攻关方向 T01 direction中文：创新联合体简报"));
    assert!(summary.contains("数据截至 2024 年"), "{summary}");
    assert!(summary.contains("| 角色 | 单位 |"), "{summary}");
    // People's pages carry no digest and no command-line text; ids only in the appendix.
    assert!(!summary.contains("0123456789abcdef"), "{summary}");
    assert!(
        !summary
            .match_indices("--")
            .any(|(i, _)| summary[i + 2..].starts_with(|c: char| c.is_ascii_lowercase())),
        "no option names: {summary}"
    );
    let appendix = summary.find("## 附录").expect("an appendix");
    assert!(
        summary[appendix..].contains("| 名称 | 类型 | 编号 |"),
        "{summary}"
    );
    let docx = &pack.files[5].1;
    assert!(docx.starts_with(b"PK"), "a zip container");
    let html = String::from_utf8(pack.files[4].1.clone()).unwrap();
    assert!(html.contains("<svg"));
    let again = build_brief(
        &g,
        &StoreFacts::default(),
        &version(),
        &BriefSubject::Direction("T01".into()),
        &options,
    )
    .unwrap();
    assert_eq!(pack, again);
}

#[test]
fn a_given_date_is_printed_and_said_to_be_given() {
    let g = small_graph();
    let options = BriefOptions {
        lang: Lang::En,
        date: Some("2026-03-01".into()),
        ..BriefOptions::default()
    };
    let pack = build_brief(
        &g,
        &StoreFacts::default(),
        &version(),
        &BriefSubject::Chain("steel".into()),
        &options,
    )
    .unwrap();
    let summary = String::from_utf8(pack.files[3].1.clone()).unwrap();
    assert!(
        summary.contains("Date: 2026-03-01 · data as of 2024"),
        "{summary}"
    );
    assert!(summary.contains("## Key figures of the chain"));
}
