//! `innomap export` and `innomap brief` on the bundled data: selections match what the canned queries
//! and matching say; every format is read back by an independent reader (networkx for GraphML and
//! GEXF, Graphviz for DOT, the store for Turtle, headless Chromium for the page); outputs are
//! byte-for-byte stable; firm figures stay out unless asked for; bad input exits 2.
//!
//! Tests that need an outside tool skip with a note when it is missing — unless tools are required
//! (`CI=true` or `INNOMAP_REQUIRE_TOOLS=1`, as `scripts/test` sets), when they fail.

use crate::common::*;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Whether a font with Chinese glyphs is installed (for PNG); panics when tools are required and
/// none is.
fn cjk_font_installed() -> bool {
    let listed = Command::new("fc-list")
        .arg(":lang=zh")
        .output()
        .is_ok_and(|o| o.status.success() && !o.stdout.is_empty());
    let ok =
        listed || Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").is_file();
    if !ok {
        assert!(
            !tools_required(),
            "a CJK font is required for PNG (scripts/test installs fonts-noto-cjk)"
        );
        eprintln!("skipped PNG: no CJK font is installed (scripts/test installs fonts-noto-cjk)");
    }
    ok
}

/// Runs `innomap export ARGS… -o DIR/NAME` and returns the file's bytes.
fn export_file(dir: &TempDir, name: &str, args: &[&str]) -> Vec<u8> {
    let path = dir.0.join(name);
    let mut all = vec!["export"];
    all.extend(args);
    let output = path.display().to_string();
    all.extend(["-o", &output]);
    innomap(&all).ok();
    std::fs::read(&path).expect("the export is written")
}

fn export_json(dir: &TempDir, args: &[&str]) -> serde_json::Value {
    let bytes = export_file(dir, "selection.json", args);
    serde_json::from_slice(&bytes).expect("the export is JSON")
}

fn node_ids(json: &serde_json::Value) -> BTreeSet<String> {
    json["elements"]["nodes"]
        .as_array()
        .expect("elements.nodes")
        .iter()
        .map(|n| n["data"]["id"].as_str().unwrap().to_owned())
        .collect()
}

fn node<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["elements"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["data"]["id"] == id)
        .map(|n| &n["data"])
        .unwrap_or_else(|| panic!("node {id} is exported"))
}

fn edge_count(json: &serde_json::Value) -> usize {
    json["elements"]["edges"].as_array().unwrap().len()
}

#[test]
fn a_chain_holds_its_resources_directions_and_firms_as_the_canned_queries_list_them() {
    let dir = TempDir::new("export-chain");
    let json = export_json(&dir, &["--chain", "冶金新材料"]);
    let ids = node_ids(&json);
    let param = ["--param", "chain=metallurgy", "--format", "json"];
    let resources = innomap(&[&["query", "chain-resources"][..], &param].concat()).ok();
    let directions = innomap(&[&["query", "chain-directions"][..], &param].concat()).ok();
    let mut expected: BTreeSet<String> = json_rows(&resources)
        .iter()
        .map(|r| id(&r["resource"]).to_owned())
        .collect();
    expected.extend(
        json_rows(&directions)
            .iter()
            .map(|r| id(&r["direction"]).to_owned()),
    );
    let firms = innomap(&[
        "query",
        "-e",
        "SELECT ?f WHERE { ?f a im:Firm ; im:inChain <https://w3id.org/innomap/id/zjg/chain/metallurgy> }",
        "--format",
        "json",
    ])
    .ok();
    expected.extend(json_rows(&firms).iter().map(|r| id(&r["f"]).to_owned()));
    expected.insert("metallurgy".to_owned());
    assert_eq!(ids, expected);
    let chain = node(&json, "metallurgy");
    assert_eq!(chain["kind"], "chain");
    assert_eq!(chain["role"], "subject");
    let shagang = node(&json, "shagang");
    assert_eq!(shagang["label_zh"], "江苏沙钢集团有限公司");
    assert_eq!(shagang["tier"], "high_tech_enterprise");
    assert_eq!(shagang["chain"], "metallurgy");
    assert_eq!(shagang["provenance"], "verified");
}

#[test]
fn a_direction_carries_the_consortium_that_matching_proposes() {
    let dir = TempDir::new("export-direction");
    let json = export_json(&dir, &["--direction", "T19"]);
    let report: serde_json::Value = serde_json::from_str(
        &innomap(&[
            "match",
            "consortium",
            "--direction",
            "T19",
            "--format",
            "json",
        ])
        .ok()
        .stdout,
    )
    .unwrap();
    let best = &report["consortia"][0];
    let leader = best["leader"]["id"].as_str().unwrap();
    assert_eq!(node(&json, leader)["role"], "leader");
    for member in best["members"].as_array().unwrap() {
        assert_eq!(
            node(&json, member["id"].as_str().unwrap())["role"],
            "member"
        );
    }
    for gap in report["gaps"].as_array().unwrap() {
        assert_eq!(
            node(&json, gap["capability"]["id"].as_str().unwrap())["role"],
            "gap"
        );
        for candidate in gap["external_candidates"].as_array().unwrap() {
            assert_eq!(
                node(&json, candidate["id"].as_str().unwrap())["role"],
                "candidate"
            );
        }
    }
    for capability in report["required_capabilities"].as_array().unwrap() {
        node(&json, capability["id"].as_str().unwrap());
    }
    let relations: Vec<(&str, &str, &str)> = json["elements"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["data"]["source"].as_str().unwrap(),
                e["data"]["target"].as_str().unwrap(),
                e["data"]["relation"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(relations.contains(&(leader, "T19", "leads")));
    for covered in best["leader"]["covers"].as_array().unwrap() {
        let capability = covered["id"].as_str().unwrap();
        assert!(relations.contains(&(leader, capability, "covers")));
    }

    // The same consortium read back from the `match` JSON file.
    let file = dir.write("t19.json", &serde_json::to_string(&report).unwrap());
    let from_file = export_json(&dir, &["--consortium", &file]);
    let mut expected: BTreeSet<String> = BTreeSet::from(["T19".into(), "new-energy".into()]);
    expected.insert(leader.to_owned());
    for list in ["members"] {
        for m in best[list].as_array().unwrap() {
            expected.insert(m["id"].as_str().unwrap().to_owned());
        }
    }
    for c in report["required_capabilities"].as_array().unwrap() {
        expected.insert(c["id"].as_str().unwrap().to_owned());
    }
    for gap in report["gaps"].as_array().unwrap() {
        for c in gap["external_candidates"].as_array().unwrap() {
            expected.insert(c["id"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(node_ids(&from_file), expected);
}

#[test]
fn an_ego_network_holds_the_focus_and_its_neighbours() {
    let dir = TempDir::new("export-focus");
    let json = export_json(&dir, &["--focus", "沙钢", "--depth", "1"]);
    let ids = node_ids(&json);
    assert_eq!(node(&json, "shagang")["role"], "subject");
    let collaborators = innomap(&[
        "query",
        "firm-collaborators",
        "--param",
        "firm=shagang",
        "--format",
        "json",
    ])
    .ok();
    for row in json_rows(&collaborators) {
        assert!(ids.contains(id(&row["partner"])), "{}", row["partner"]);
    }
    assert!(ids.contains("metallurgy") && ids.contains("strip-casting"));
    let deeper = export_json(&dir, &["--focus", "shagang", "--depth", "2"]);
    assert!(node_ids(&deeper).is_superset(&ids));
    let alone = export_json(&dir, &["--focus", "shagang", "--depth", "0"]);
    assert_eq!(node_ids(&alone), BTreeSet::from(["shagang".to_owned()]));
}

#[test]
fn kinds_filter_and_max_nodes_keep_the_most_connected_and_say_what_they_dropped() {
    let dir = TempDir::new("export-filters");
    let json = export_json(&dir, &["--kinds", "firm,lab"]);
    for kind in json["elements"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["data"]["kind"].as_str().unwrap())
    {
        assert!(
            ["firm", "national_key_lab", "provincial_key_lab"].contains(&kind),
            "{kind}"
        );
    }
    let path = dir.0.join("top.json").display().to_string();
    let run = innomap(&["export", "--max-nodes", "150", "-o", &path]).ok();
    assert!(run.stderr.contains("wrote 150 nodes"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--max-nodes 150 kept the most connected nodes and left out"),
        "{}",
        run.stderr
    );
    let top: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(node_ids(&top).len(), 150);
    assert!(top["data"]["left_out"].as_str().unwrap().contains("省略"));
    // The kept nodes are at least as connected as any left out: degrees in the whole map.
    let whole = export_json(&dir, &[]);
    let degree_of = |id: &str| node(&whole, id)["degree"].as_u64().unwrap();
    let kept = node_ids(&top);
    let min_kept = kept.iter().map(|id| degree_of(id)).min().unwrap();
    let max_dropped = node_ids(&whole)
        .difference(&kept)
        .map(|id| degree_of(id))
        .max()
        .unwrap();
    assert!(min_kept >= max_dropped, "{min_kept} < {max_dropped}");
}

#[test]
fn every_format_is_read_back_by_an_independent_reader() {
    if !(tool_runs(
        "python3",
        &["-c", "import networkx"],
        "python3 with networkx",
    ) && tool_runs("dot", &["-V"], "Graphviz (dot)"))
    {
        return;
    }
    let dir = TempDir::new("export-readers");
    for (stem, args) in [
        ("chain", vec!["--chain", "metallurgy"]),
        ("direction", vec!["--direction", "T19"]),
        (
            "focus",
            vec!["--focus", "shagang", "--kinds", "firm,resource"],
        ),
    ] {
        for format in ["json", "graphml", "gexf", "dot"] {
            let mut all = args.clone();
            let name = format!("{stem}.{format}");
            all.extend(["--cluster", if stem == "focus" { "chain" } else { "kind" }]);
            export_file(&dir, &name, &all);
        }
        run_checker("export_check.py", &[&dir.0.display().to_string(), stem]);
    }
}

#[test]
fn turtle_and_n_triples_reload_into_the_store() {
    let dir = TempDir::new("export-rdf");
    let json = export_json(&dir, &["--chain", "metallurgy"]);
    export_file(&dir, "chain.ttl", &["--chain", "metallurgy"]);
    export_file(&dir, "chain.nt", &["--chain", "metallurgy"]);
    let count_query = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { VALUES ?c { im:Firm im:University \
        im:NationalKeyLab im:ProvincialKeyLab im:ResearchInstitute im:NewRDInstitution \
        im:EnterpriseRDInstitute im:Platform im:PilotBase im:Fund im:Person im:Capability \
        im:Direction im:Chain } ?e a ?c }";
    let mut counts = Vec::new();
    for file in ["chain.ttl", "chain.nt"] {
        let path = dir.0.join(file).display().to_string();
        let run = innomap(&[
            "--no-default-data",
            "--data",
            &path,
            "query",
            "-e",
            count_query,
            "--format",
            "json",
        ])
        .ok();
        let n: usize = json_rows(&run)[0]["n"].parse().unwrap();
        assert_eq!(n, node_ids(&json).len(), "{file}: every node, typed");
        let triples = innomap(&[
            "--no-default-data",
            "--data",
            &path,
            "query",
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "--format",
            "json",
        ])
        .ok();
        counts.push(json_rows(&triples)[0]["n"].clone());
        // Labels round-trip, and collaborations between selected firms come along.
        let labels = innomap(&[
            "--no-default-data",
            "--data",
            &path,
            "query",
            "-e",
            "SELECT ?label WHERE { <https://w3id.org/innomap/id/zjg/firm/shagang> rdfs:label ?label FILTER(lang(?label) = 'zh') }",
            "--format",
            "json",
        ])
        .ok();
        assert_eq!(json_rows(&labels)[0]["label"], "江苏沙钢集团有限公司");
        let collaborations = innomap(&[
            "--no-default-data",
            "--data",
            &path,
            "query",
            "-e",
            "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a im:Collaboration ; im:participant ?a , ?b FILTER(?a != ?b) }",
            "--format",
            "json",
        ])
        .ok();
        assert!(json_rows(&collaborations)[0]["n"].parse::<usize>().unwrap() > 10);
    }
    assert_eq!(
        counts[0], counts[1],
        "Turtle and N-Triples hold the same triples"
    );
}

#[test]
fn firm_figures_stay_out_of_every_format_unless_asked_for() {
    let dir = TempDir::new("export-financials");
    // Shagang's 2025 revenue, R&D spend (万元) and staff in data/zjg/firms.ttl.
    let revenue = "20761170.4";
    let figures = [revenue, "799992.6", "43854"];
    for format in ["json", "graphml", "gexf", "dot", "svg", "html", "ttl", "nt"] {
        let name = format!("shagang.{format}");
        let bytes = export_file(&dir, &name, &["--focus", "shagang"]);
        let text = String::from_utf8(bytes).unwrap();
        for figure in figures {
            assert!(!text.contains(figure), "{format} leaks {figure}");
        }
        assert!(
            !text.contains("rdSpend") && !text.contains("annualFigures"),
            "{format}"
        );
        // The page's interface names the figures (for when they are asked for); data never does.
        if format != "html" {
            assert!(!text.contains("rd_spend"), "{format}");
        }
    }
    let with = export_json(&dir, &["--focus", "shagang", "--include-financials"]);
    let shagang = node(&with, "shagang");
    assert_eq!(shagang["figures_year"], 2025);
    assert_eq!(shagang["revenue"].as_f64(), Some(20761170.4));
    let ttl = export_file(
        &dir,
        "with.ttl",
        &["--focus", "shagang", "--include-financials"],
    );
    assert!(String::from_utf8(ttl).unwrap().contains("im:revenue"));

    let pack = dir.0.join("brief");
    innomap(&[
        "brief",
        "--firm",
        "shagang",
        "-o",
        &pack.display().to_string(),
    ])
    .ok();
    for entry in std::fs::read_dir(&pack).unwrap() {
        let path = entry.unwrap().path();
        // The Word document is compressed; it is written from the same blocks as summary.md.
        if path.extension().is_some_and(|e| e == "docx") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(revenue), "{}", path.display());
    }
}

#[test]
fn the_same_input_gives_the_same_bytes_in_every_format() {
    let dir = TempDir::new("export-determinism");
    let mut formats = vec!["json", "graphml", "gexf", "dot", "svg", "html", "ttl", "nt"];
    if cjk_font_installed() {
        formats.push("png");
    }
    for format in formats {
        let name = format!("a.{format}");
        let first = export_file(&dir, &name, &["--direction", "T07"]);
        let second = export_file(&dir, &name, &["--direction", "T07"]);
        assert!(first == second, "{format} differs between runs");
        let first = export_file(&dir, &name, &["--max-nodes", "60"]);
        let second = export_file(&dir, &name, &["--max-nodes", "60"]);
        assert!(
            first == second,
            "{format} of a network differs between runs"
        );
    }
}

#[test]
fn pictures_have_a_title_a_legend_chinese_labels_and_no_overlaps() {
    let dir = TempDir::new("export-svg");
    for args in [
        vec!["--direction", "T19"],
        vec!["--chain", "metallurgy"],
        vec!["--max-nodes", "150"],
    ] {
        let svg = String::from_utf8(export_file(&dir, "p.svg", &args)).unwrap();
        assert!(svg.contains("Noto Sans CJK SC") && svg.contains("sans-serif"));
        assert!(svg.contains(">图例</text>"));
        let json = export_json(&dir, &args);
        assert_eq!(
            svg.matches("<g class=\"node\"").count(),
            node_ids(&json).len()
        );
        assert!(svg.contains("<title>江苏") || svg.contains("<title>张家港"));
        // Node boxes (their rect, ellipse or polygon bounds) do not overlap.
        let boxes = node_boxes(&svg);
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart = a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
        let english = String::from_utf8(export_file(
            &dir,
            "en.svg",
            &[&["--lang", "en"][..], &args].concat(),
        ))
        .unwrap();
        assert!(english.contains(">Legend</text>"));
    }
    if !cjk_font_installed() {
        return;
    }
    let png = export_file(&dir, "p.png", &["--direction", "T19"]);
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert!(width > 800, "{width}");
}

/// (left, top, right, bottom) of every node's shape in an SVG written by innomap.
fn node_boxes(svg: &str) -> Vec<(f64, f64, f64, f64)> {
    let number = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    svg.split("<g class=\"node\"")
        .skip(1)
        .map(|part| {
            let shape = &part[part.find("</title>").unwrap() + 8..];
            let tag = &shape[..shape.find('>').unwrap()];
            if tag.starts_with("<rect") {
                let (x, y) = (number(tag, "x"), number(tag, "y"));
                (x, y, x + number(tag, "width"), y + number(tag, "height"))
            } else if tag.starts_with("<ellipse") {
                let (cx, cy) = (number(tag, "cx"), number(tag, "cy"));
                let (rx, ry) = (number(tag, "rx"), number(tag, "ry"));
                (cx - rx, cy - ry, cx + rx, cy + ry)
            } else {
                let start = tag.find("points=\"").unwrap() + 8;
                let points = &tag[start..start + tag[start..].find('"').unwrap()];
                let xy: Vec<(f64, f64)> = points
                    .split(' ')
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect();
                let fold = |f: fn(f64, f64) -> f64, init: f64, pick: fn(&(f64, f64)) -> f64| {
                    xy.iter().map(pick).fold(init, f)
                };
                (
                    fold(f64::min, f64::INFINITY, |p| p.0),
                    fold(f64::min, f64::INFINITY, |p| p.1),
                    fold(f64::max, f64::NEG_INFINITY, |p| p.0),
                    fold(f64::max, f64::NEG_INFINITY, |p| p.1),
                )
            }
        })
        .collect()
}

#[test]
fn the_page_renders_offline_in_headless_chromium() {
    if !tool_runs("chromium", &["--version"], "chromium") {
        return;
    }
    let dir = TempDir::new("export-page");
    let json = export_json(&dir, &["--chain", "metallurgy"]);
    export_file(&dir, "chain.html", &["--chain", "metallurgy"]);
    let page = dir.0.join("chain.html").display().to_string();
    run_checker(
        "export_page_check.py",
        &[
            &page,
            &node_ids(&json).len().to_string(),
            &edge_count(&json).to_string(),
            "沙钢",
        ],
    );
}

#[test]
fn a_brief_writes_its_folder_in_chinese_and_names_the_data_year() {
    let dir = TempDir::new("brief");
    let out = dir.0.join("t19");
    let run = innomap(&[
        "brief",
        "--direction",
        "T19",
        "-o",
        &out.display().to_string(),
    ])
    .ok();
    let files: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(files.len(), 6, "{}", run.stdout);
    for name in [
        "map.svg",
        "map.html",
        "map.graphml",
        "summary.md",
        "summary.html",
        "summary.docx",
    ] {
        assert!(out.join(name).is_file(), "{name}");
    }
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    let report: serde_json::Value = serde_json::from_str(
        &innomap(&[
            "match",
            "consortium",
            "--direction",
            "T19",
            "--format",
            "json",
        ])
        .ok()
        .stdout,
    )
    .unwrap();
    assert!(summary.starts_with("# 攻关方向 T19"));
    assert!(summary.contains("| 角色 | 单位 | 类型 | 承担能力 |"));
    let leader = report["consortia"][0]["leader"]["id"].as_str().unwrap();
    let leader_label = report["consortia"][0]["leader"]["label"].as_str().unwrap();
    assert!(
        summary.contains(&format!("| 牵头 | {leader_label} |")),
        "{summary}"
    );
    // Ids only in the appendix.
    let appendix = summary.find("## 附录").expect("an appendix");
    assert!(
        !summary[..appendix].contains(&format!("({leader})")),
        "{summary}"
    );
    assert!(summary[appendix..].contains(&format!("| {leader_label} | 企业 | {leader} |")));
    assert!(
        !summary
            .match_indices("--")
            .any(|(i, _)| summary[i + 2..].starts_with(|c: char| c.is_ascii_lowercase())),
        "no command-line text: {summary}"
    );
    for gap in report["gaps"].as_array().unwrap() {
        assert!(summary.contains(gap["capability"]["label"].as_str().unwrap()));
    }
    assert!(summary.contains("## 缺口与可引进单位"));
    assert!(summary.contains("## 产业链关键数据：新能源"));
    assert!(summary.contains("数据截至 2025 年") && summary.contains("不使用当天日期"));
    assert!(summary.contains("数据版本：innomap"));
    assert!(
        summary.contains("注：部分数据为示意"),
        "a plain provenance footnote"
    );
    let html = std::fs::read_to_string(out.join("summary.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("<table>"));
    assert!(html.contains("@page{size:A4") && html.contains("class=\"appendix\""));

    let dated = dir.0.join("dated");
    innomap(&[
        "--lang",
        "en",
        "brief",
        "--chain",
        "metallurgy",
        "--date",
        "2026-01-15",
        "-o",
        &dated.display().to_string(),
    ])
    .ok();
    let summary = std::fs::read_to_string(dated.join("summary.md")).unwrap();
    assert!(summary.contains("Date: 2026-01-15 · data as of"));
    assert!(summary.contains("## Directions and proposed consortia: who covers what"));

    let firm = dir.0.join("firm");
    innomap(&["brief", "--firm", "沙钢", "-o", &firm.display().to_string()]).ok();
    let summary = std::fs::read_to_string(firm.join("summary.md")).unwrap();
    assert!(summary.contains("## 推荐合作伙伴"));
}

#[test]
fn bad_options_and_unknown_names_exit_2_naming_the_problem() {
    let dir = TempDir::new("export-errors");
    let out = |name: &str| dir.0.join(name).display().to_string();
    // (arguments, what the one-line error says)
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["export".into(), "--format".into(), "pdf".into()],
            "use one of dot, svg, png, graphml, gexf, json, html, ttl, nt",
        ),
        (
            vec!["export".into(), "-o".into(), out("map.txt")],
            "cannot tell the export format",
        ),
        (
            vec![
                "export".into(),
                "--direction".into(),
                "T99".into(),
                "-o".into(),
                out("a.svg"),
            ],
            "unknown direction 'T99'",
        ),
        (
            vec![
                "export".into(),
                "--chain".into(),
                "metalurgy".into(),
                "-o".into(),
                out("a.svg"),
            ],
            "did you mean metallurgy",
        ),
        (
            vec![
                "export".into(),
                "--kinds".into(),
                "labs".into(),
                "--format".into(),
                "json".into(),
            ],
            "unknown kind 'labs'",
        ),
        (
            vec![
                "export".into(),
                "--max-nodes".into(),
                "0".into(),
                "--format".into(),
                "json".into(),
            ],
            "--max-nodes must be at least 1",
        ),
        (
            vec![
                "export".into(),
                "--chain".into(),
                "metallurgy".into(),
                "-o".into(),
                "/nonexistent/dir/map.svg".into(),
            ],
            "cannot write /nonexistent/dir/map.svg",
        ),
        (
            vec![
                "export".into(),
                "--consortium".into(),
                out("missing.json"),
                "--format".into(),
                "json".into(),
            ],
            "cannot read",
        ),
        (
            vec![
                "export".into(),
                "--direction".into(),
                "T01".into(),
                "--font".into(),
                out("none.ttf"),
                "-o".into(),
                out("a.png"),
            ],
            "none.ttf",
        ),
        (
            vec![
                "brief".into(),
                "--firm".into(),
                "北京科技大学".into(),
                "-o".into(),
                out("b"),
            ],
            "unknown firm",
        ),
    ];
    for (args, message) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = innomap(&args).expect_code(2);
        assert!(
            run.one_line_error().contains(message),
            "{args:?}: {}",
            run.stderr
        );
    }
    let all = dir.write(
        "all.json",
        &innomap(&["match", "all", "--format", "json"]).ok().stdout,
    );
    let run = innomap(&["export", "--consortium", &all, "--format", "json"]).expect_code(2);
    assert!(
        run.one_line_error().contains("`match all` report"),
        "{}",
        run.stderr
    );
    assert!(!Path::new("/nonexistent/dir/map.svg").exists());
}

#[test]
fn a_brief_is_byte_identical_across_runs_though_blank_node_labels_change() {
    // The data digest in every brief hashed blank-node labels, which oxigraph draws anew on each
    // load of the bundled shapes: two runs on the same data wrote different packs.
    let dir = TempDir::new("brief-determinism");
    let write = |name: &str| {
        let out = dir.0.join(name);
        innomap(&[
            "brief",
            "--direction",
            "T07",
            "-o",
            &out.display().to_string(),
        ])
        .ok();
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                (
                    entry.file_name().into_string().unwrap(),
                    std::fs::read(entry.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let first = write("a");
    let second = write("b");
    for ((name, a), (_, b)) in first.iter().zip(&second) {
        assert!(a == b, "{name} differs between two runs on the same data");
    }
    assert_eq!(first.len(), second.len());
}
