//! The analysts' workbench of `innomap serve` (issue 15): its JSON page API and downloads over real
//! HTTP, the same answers on the in-memory and the on-disk store, pages refreshed after a write, and
//! every page kind opened in headless Chromium (tests/workbench_page_check.py).

use crate::common::*;
use crate::serve::{Server, encode};

fn page(server: &Server, path: &str) -> serde_json::Value {
    let reply = server.get(path, Some("application/json"));
    assert_eq!(reply.status, 200, "{path}: {}", reply.text());
    reply.json()
}

/// The tables of a page, by name: headings and rows.
fn tables(page: &serde_json::Value) -> Vec<(String, Vec<String>, Vec<serde_json::Value>)> {
    let mut found = Vec::new();
    for section in page["sections"].as_array().unwrap() {
        for block in section["blocks"].as_array().unwrap() {
            if block["type"] == "table" {
                found.push((
                    block["name"].as_str().unwrap().to_owned(),
                    block["columns"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c["label"].as_str().unwrap().to_owned())
                        .collect(),
                    block["rows"].as_array().unwrap().clone(),
                ));
            }
        }
    }
    found
}

fn fact<'a>(page: &'a serde_json::Value, label: &str) -> Option<&'a str> {
    page["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["label"] == label)
        .and_then(|f| f["value"].as_str())
}

#[test]
fn every_page_kind_answers_with_labels_and_links() {
    let server = Server::start(&[]);
    for path in [
        "/",
        "/chain/new-energy",
        "/direction/T19",
        "/firm/shagang",
        "/resource/sjtu",
        "/entity/strip-casting",
        "/pools",
        "/analysis",
        "/search?q=沙钢",
    ] {
        let html = server.get(path, None);
        assert_eq!(html.status, 200, "{path}");
        assert!(html.text().contains("/assets/workbench.js"), "{path}");
        assert!(html.header("content-security-policy").is_some());
    }
    let overview = page(&server, "/api/page/overview");
    assert_eq!(fact(&overview, "攻关方向"), Some("31"));
    let names: Vec<String> = tables(&overview).into_iter().map(|t| t.0).collect();
    assert_eq!(
        names,
        ["chain-matrix", "firm-ladder", "coverage", "consortia"]
    );
    // The coverage table: one row per direction, linked to its page, with the proposed leader.
    let (_, headings, rows) = tables(&overview)
        .into_iter()
        .find(|t| t.0 == "coverage")
        .unwrap();
    assert_eq!(headings[1], "攻关方向");
    assert_eq!(rows.len(), 31);
    assert!(rows.iter().any(|r| r[1]["href"] == "/direction/T19"));

    let firm = page(&server, "/api/page/firm?id=江苏沙钢集团有限公司");
    assert_eq!(firm["id"], "shagang");
    assert_eq!(fact(&firm, "梯队"), Some("高新技术企业"));
    assert!(fact(&firm, "格次").is_some(), "{firm}");
    let partners = tables(&firm)
        .into_iter()
        .find(|t| t.0 == "partners")
        .unwrap();
    assert_eq!(partners.2.len(), 10);
    // Kinds are labels; every partner links to its own page.
    assert!(
        partners
            .2
            .iter()
            .all(|r| r[1]["href"].as_str().is_some_and(|h| h.starts_with('/')))
    );
    assert!(
        partners
            .2
            .iter()
            .all(|r| !r[2].as_str().unwrap().contains('_'))
    );
    // Money figures stay off the page unless the server is told to show them.
    let text = firm.to_string();
    assert!(text.contains("（未公开）"), "{text}");
    let shown = Server::start(&["--include-financials"]);
    assert!(
        !page(&shown, "/api/page/firm?id=shagang")
            .to_string()
            .contains("（未公开）")
    );

    let direction = page(&server, "/api/page/direction?id=T19");
    let consortia = tables(&direction)
        .into_iter()
        .find(|t| t.0 == "consortia")
        .unwrap();
    assert!(consortia.2.iter().any(|r| r[2] == "牵头单位"));
    let network = direction["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["blocks"].as_array().unwrap())
        .find(|b| b["type"] == "network")
        .expect("the direction page has a network");
    assert!(network["elements"]["nodes"].as_array().unwrap().len() > 5);

    // 分析研判: whom to recruit, single points, chain bridges, each row linked to its page.
    let analysis = page(&server, "/api/page/analysis");
    let names: Vec<String> = tables(&analysis).into_iter().map(|t| t.0).collect();
    assert_eq!(
        names,
        ["recruit", "single-points", "exposure", "chain-bridges"]
    );
    for (_, _, rows) in tables(&analysis) {
        assert!(!rows.is_empty());
        assert!(
            rows.iter()
                .all(|r| r.as_array().unwrap().iter().any(|c| c["href"].is_string()))
        );
    }

    let english = page(&server, "/api/page/chain?id=new-energy&lang=en");
    assert_eq!(english["lang"], "en");
    assert!(english.to_string().contains("Firms by tier and segment"));
}

#[test]
fn unknown_names_get_an_error_in_the_page_language_with_what_was_meant() {
    let server = Server::start(&[]);
    let reply = server.get("/api/page/direction?id=t19", None);
    assert_eq!(reply.status, 404);
    let body = reply.json();
    let message = body["error"].as_str().unwrap();
    assert!(
        message.starts_with("找不到“t19”对应的攻关方向"),
        "{message}"
    );
    assert!(message.contains("T19"), "{message}");
    assert_eq!(body["links"][0]["href"], "/direction/T19");
    let english = server
        .get("/api/page/direction?id=t19&lang=en", None)
        .json();
    assert!(
        english["error"]
            .as_str()
            .unwrap()
            .starts_with("No direction is called “t19”")
    );
    // An entity of another kind is sent to its own page.
    let moved = page(&server, "/api/page/firm?id=sjtu");
    assert_eq!(moved["redirect"], "/resource/sjtu");
    assert_eq!(server.get("/api/page/nowhere", None).status, 404);
    let wrong_lang = server.get("/api/page/overview?lang=fr", None);
    assert_eq!(wrong_lang.status, 400);
    assert!(
        wrong_lang.json()["error"]
            .as_str()
            .unwrap()
            .contains("lang=en")
    );
    assert_eq!(server.get("/api/page/firm", None).status, 400);
    let old = server.get("/consortium?direction=T19&lang=en", None);
    assert_eq!(old.status, 302);
    assert_eq!(old.header("location"), Some("/direction/T19?lang=en"));
}

#[test]
fn tables_download_as_workbooks_and_csv_with_chinese_headings() {
    let server = Server::start(&[]);
    let xlsx = server.get(
        "/api/table?page=direction&id=T19&table=consortia&format=xlsx",
        None,
    );
    assert_eq!(xlsx.status, 200, "{}", xlsx.text());
    assert!(
        xlsx.header("content-type")
            .unwrap()
            .contains("spreadsheetml")
    );
    let disposition = xlsx.header("content-disposition").unwrap();
    assert!(
        disposition.contains("filename=\"direction-T19-consortia.xlsx\""),
        "{disposition}"
    );
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    let dir = TempDir::new("workbench-xlsx");
    let file = dir.0.join("t19.xlsx");
    std::fs::write(&file, &xlsx.body).unwrap();
    let spec = dir.write(
        "spec.json",
        r#"[{"name": "建议创新联合体", "header": ["方案", "匹配度", "角色", "单位", "类型"], "rows": null,
            "numeric": ["匹配度"], "contains": {"角色": "牵头单位", "类型": "企业"}, "no_codes": true}]"#,
    );
    run_checker("xlsx_check.py", &[&file.display().to_string(), &spec]);
    let csv = server.get(
        &format!(
            "/api/table?page=search&q={}&table=results&format=csv",
            encode("大学")
        ),
        None,
    );
    assert_eq!(csv.status, 200);
    let text = csv.text();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.lines().next().unwrap().contains("名称,类型"), "{text}");
    assert!(text.contains("上海交通大学"));
    let missing = server.get("/api/table?page=direction&id=T19&table=nope", None);
    assert_eq!(missing.status, 404);
    assert!(
        missing.json()["error"]
            .as_str()
            .unwrap()
            .contains("consortia")
    );
    assert_eq!(
        server
            .get("/api/table?page=pools&table=pool-no-rd&format=pdf", None)
            .status,
        400
    );
}

#[test]
fn pages_are_the_same_on_the_on_disk_store_and_follow_writes() {
    if !cfg!(feature = "rocksdb") {
        return;
    }
    let dir = TempDir::new("workbench-disk");
    let store = dir.0.join("store");
    let store = store.to_str().unwrap();
    let memory = Server::start(&[]);
    let disk = Server::start_with_env(
        &["--store", store, "--writable"],
        &[("INNOMAP_TOKEN", "wb")],
    );
    for path in [
        "/api/page/overview",
        "/api/page/firm?id=shagang",
        "/api/page/chain?id=new-energy",
        "/api/page/direction?id=T19",
    ] {
        assert_eq!(page(&memory, path), page(&disk, path), "{path}");
    }
    // A write is seen by the next page: the pages' caches (facts, match all) are dropped.
    let before = page(&disk, "/api/page/overview");
    let update = "INSERT DATA { GRAPH <urn:x:wb> { <https://w3id.org/innomap/id/zjg/firm/wb-test> a im:Firm ; rdfs:label \"工作台测试企业\"@zh } }";
    let reply = disk.post(
        "/update",
        "application/sparql-update",
        update,
        &[("Authorization", "Bearer wb")],
    );
    assert_eq!(reply.status, 204, "{}", reply.text());
    let found = page(
        &disk,
        &format!("/api/page/search?q={}", encode("工作台测试")),
    );
    assert_eq!(fact(&found, "结果"), Some("1"), "{found}");
    let after = page(&disk, "/api/page/overview");
    assert_ne!(before["data_version"], after["data_version"]);
}

#[test]
fn every_page_kind_works_in_headless_chromium() {
    if !tool_runs("chromium", &["--version"], "chromium") {
        return;
    }
    let server = Server::start(&[]);
    let dir = TempDir::new("workbench-chromium");
    run_checker(
        "workbench_page_check.py",
        &[&server.url(), &dir.0.display().to_string()],
    );
}
