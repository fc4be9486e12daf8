//! `innomap match` on the bundled data: every direction gets a consortium covering what local actors
//! can cover, gaps name external candidates, bad input exits 2, and output is the same at any
//! thread count.

use crate::common::*;
use std::collections::BTreeSet;

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&innomap(&all).ok().stdout).expect("match prints JSON")
}

fn ids(list: &serde_json::Value) -> BTreeSet<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_direction_gets_a_consortium_covering_all_that_local_actors_hold() {
    // The capabilities no local actor holds, by the canned query — an independent route.
    let gaps_run = innomap(&["query", "direction-gaps", "--format", "json"]).ok();
    let gap_rows = json_rows(&gaps_run);
    for n in 1..=31 {
        let direction = format!("T{n:02}");
        let report = json(&["match", "consortium", "--direction", &direction]);
        assert_eq!(report["direction"]["id"], direction.as_str());
        let required = ids(&report["required_capabilities"]);
        let local_gaps: BTreeSet<String> = gap_rows
            .iter()
            .filter(|r| r["notation"] == direction)
            .map(|r| id(&r["capability"]).to_owned())
            .collect();
        let best = &report["consortia"][0];
        assert!(best.is_object(), "{direction} has a consortium");
        let covered = ids(&best["covered"]);
        let uncovered = ids(&best["uncovered"]);
        assert_eq!(
            covered,
            required.difference(&local_gaps).cloned().collect(),
            "{direction}"
        );
        assert_eq!(uncovered, local_gaps, "{direction}");
        // Who covers what adds up to the covered set, and every member has a path to the leader.
        let mut by_members: BTreeSet<String> = best["leader"]["covers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect();
        for member in best["members"].as_array().unwrap() {
            by_members.extend(
                member["covers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_str().unwrap().to_owned()),
            );
            let path = member["evidence"]["path"].as_array().unwrap();
            assert_eq!(path.first().unwrap()["id"], member["id"]);
            assert_eq!(path.last().unwrap()["id"], best["leader"]["id"]);
        }
        assert_eq!(by_members, covered, "{direction}");
        let gap_ids: BTreeSet<String> = report["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["capability"]["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(gap_ids, uncovered, "{direction}");
        for gap in report["gaps"].as_array().unwrap() {
            let candidates = gap["external_candidates"].as_array().unwrap();
            assert!(
                !candidates.is_empty(),
                "{direction}: someone outside holds {}",
                gap["capability"]["id"]
            );
            assert!(
                candidates
                    .iter()
                    .all(|c| c["locality"] == "domestic" || c["locality"] == "international")
            );
        }
    }
}

#[test]
fn the_leader_passes_the_gates_and_a_forced_one_that_fails_is_refused() {
    let report = json(&["match", "consortium", "--direction", "T01"]);
    for consortium in report["consortia"].as_array().unwrap() {
        let leader = consortium["leader"]["id"].as_str().unwrap();
        let tier = innomap(&["query", "-e", &format!(
            "ASK {{ ?f im:inChain <https://w3id.org/innomap/id/zjg/chain/metallurgy> . \
             {{ ?f im:leadingFirm true }} UNION {{ ?f im:tier ?t . ?t im:rank ?r FILTER(?r >= 2) }} \
             FILTER(?f = <https://w3id.org/innomap/id/zjg/firm/{leader}>) }}"
        )]).ok();
        assert_eq!(
            tier.stdout.trim(),
            "是",
            "{leader} is a leading firm or high-tech enterprise of the chain"
        );
    }
    // A university cannot lead a firm consortium unless the gates are overridden.
    let run = innomap(&[
        "match",
        "consortium",
        "--direction",
        "T01",
        "--leader",
        "ustb",
    ])
    .expect_code(2);
    assert!(
        run.one_line_error().contains("cannot lead"),
        "{}",
        run.stderr
    );
    let forced = json(&[
        "match",
        "consortium",
        "--direction",
        "T01",
        "--leader",
        "ustb",
        "--override-gates",
    ]);
    assert_eq!(forced["consortia"][0]["leader"]["id"], "ustb");
}

#[test]
fn size_caps_say_when_they_bind_and_an_impossible_size_is_refused() {
    let free = json(&["match", "consortium", "--direction", "T27", "--top", "1"]);
    let members = free["consortia"][0]["members"].as_array().unwrap().len();
    assert!(members >= 3, "T27 needs several members: {members}");
    let capped = json(&[
        "match",
        "consortium",
        "--direction",
        "T27",
        "--top",
        "1",
        "--size",
        "1",
    ]);
    let consortium = &capped["consortia"][0];
    assert_eq!(consortium["members"].as_array().unwrap().len(), 1);
    assert_eq!(consortium["exact"], false);
    assert_eq!(consortium["core_exact"], false);
    // The cap leaves no room for the rules, and the report says so rather than failing.
    let rules = consortium["rules"].as_array().unwrap();
    let min_size = rules.iter().find(|r| r["name"] == "min_size").unwrap();
    assert_eq!(min_size["satisfied"], false);
    assert!(
        min_size["why"]["zh"].as_str().unwrap().contains("--size"),
        "{min_size}"
    );
    let run = innomap(&["match", "consortium", "--direction", "T27", "--size", "0"]).expect_code(2);
    assert!(
        run.one_line_error().contains("raise the size"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_names_exit_2_with_a_clear_message() {
    let run = innomap(&["match", "consortium", "--direction", "T99"]).expect_code(2);
    assert!(
        run.one_line_error().contains("unknown direction 'T99'"),
        "{}",
        run.stderr
    );
    let run = innomap(&["match", "partners", "--firm", "shagan"]).expect_code(2);
    assert!(
        run.one_line_error().contains("did you mean shagang"),
        "{}",
        run.stderr
    );
    let run = innomap(&["match", "partners", "--firm", "shagang", "--kind", "labs"]).expect_code(2);
    assert!(
        run.one_line_error().contains("unknown kind 'labs'"),
        "{}",
        run.stderr
    );
}

#[test]
fn partners_carry_signals_that_sum_to_the_score_and_evidence() {
    let report = json(&["match", "partners", "--firm", "guofu", "--top", "20"]);
    assert_eq!(report["firm"]["id"], "guofu");
    let partners = report["partners"].as_array().unwrap();
    assert_eq!(partners.len(), 20);
    let mut previous = f64::MAX;
    for (i, p) in partners.iter().enumerate() {
        assert_eq!(p["rank"], i + 1);
        let score = p["score"].as_f64().unwrap();
        let sum: f64 = p["signals"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_f64().unwrap())
            .sum();
        assert!((score - sum).abs() < 1e-3, "{p}");
        assert!(score <= previous + 1e-9);
        previous = score;
        assert!(p["label"].is_string(), "labels follow --lang");
        assert_eq!(p["existing_tie"], p["evidence"]["tie"].is_object());
    }
    assert!(partners.iter().any(|p| p["existing_tie"] == true));
    assert!(partners.iter().any(|p| p["existing_tie"] == false));
    let labs = json(&["match", "partners", "--firm", "guofu", "--kind", "lab"]);
    assert!(
        labs["partners"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["kind"] == "national_key_lab" || p["kind"] == "provincial_key_lab")
    );
}

#[test]
fn match_all_respects_capacity_and_is_the_same_at_any_thread_count() {
    let one = innomap(&[
        "match",
        "all",
        "--format",
        "json",
        "--threads",
        "1",
        "--capacity",
        "2",
    ])
    .ok();
    let two = innomap(&[
        "match",
        "all",
        "--format",
        "json",
        "--threads",
        "2",
        "--capacity",
        "2",
    ])
    .ok();
    assert_eq!(one.stdout, two.stdout, "byte-identical output");
    let report: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(report["directions"].as_array().unwrap().len(), 31);
    for load in report["load"].as_array().unwrap() {
        assert!(load["load"].as_u64().unwrap() <= 2, "{load}");
    }
    // Count placements from the consortia themselves.
    let mut placements = std::collections::BTreeMap::<String, u64>::new();
    for direction in report["directions"].as_array().unwrap() {
        for consortium in direction["consortia"].as_array().unwrap() {
            let mut team = vec![consortium["leader"].clone()];
            team.extend(consortium["members"].as_array().unwrap().iter().cloned());
            for org in team {
                let kind = org["kind"].as_str().unwrap();
                if ["university", "national_key_lab", "provincial_key_lab"].contains(&kind) {
                    *placements
                        .entry(org["id"].as_str().unwrap().to_owned())
                        .or_default() += 1;
                }
            }
        }
    }
    assert!(placements.values().all(|&n| n <= 2), "{placements:?}");
    let table = innomap(&["match", "all"]).ok();
    assert!(table.stdout.contains("31 个方向"), "{}", table.stdout);
}

#[test]
fn english_tables_and_labels_on_request() {
    let table = innomap(&["--lang", "en", "match", "consortium", "--direction", "T19"]).ok();
    assert!(table.stdout.contains("Direction T19"), "{}", table.stdout);
    assert!(table.stdout.contains("whom to recruit"), "{}", table.stdout);
    let report = json(&["--lang", "en", "match", "consortium", "--direction", "T19"]);
    assert_eq!(
        report["direction"]["label"],
        "Battery electrolytes and new-type storage"
    );
}

#[test]
fn with_a_direction_partners_that_bring_its_capabilities_come_first() {
    // 沙钢 and 低碳冶金 (T03): 江苏大学 holds the direction's waste-heat recovery, which 沙钢 lacks;
    // 东华大学 and 苏州大学 (textiles, orthopaedics) bring none of it and must rank below.
    let args = [
        "match",
        "partners",
        "--firm",
        "shagang",
        "--kind",
        "university",
        "--direction",
        "T03",
        "--top",
        "30",
    ];
    let report = json(&args);
    assert_eq!(report["direction_first"], true);
    let partners = report["partners"].as_array().unwrap();
    let brings = |p: &serde_json::Value| {
        !p["evidence"]["direction_brings"]
            .as_array()
            .unwrap()
            .is_empty()
    };
    let first_without = partners.iter().position(|p| !brings(p)).unwrap();
    assert!(
        first_without >= 1,
        "some university brings a T03 capability"
    );
    assert!(partners[first_without..].iter().all(|p| !brings(p)));
    let rank = |id: &str| {
        partners
            .iter()
            .position(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("{id} is ranked"))
    };
    assert!(rank("ujs") < rank("donghua") && rank("ujs") < rank("soochow-university"));
    // The table says why a lower score ranks first.
    let table = innomap(&args[..args.len() - 2]).ok().stdout;
    assert!(
        table.contains("方向所需：") && table.contains("排在其余伙伴之前"),
        "{table}"
    );

    // --broad: by score alone.
    let mut broad = args.to_vec();
    broad.push("--broad");
    let report = json(&broad);
    assert_eq!(report["direction_first"], false);
    let scores: Vec<f64> = report["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    // --new-only: no existing tie, and the same scores as in the full ranking.
    let mut fresh = args.to_vec();
    fresh.push("--new-only");
    let report = json(&fresh);
    let mut everyone = args.to_vec();
    *everyone.last_mut().unwrap() = "500";
    let all = json(&everyone);
    for p in report["partners"].as_array().unwrap() {
        assert_eq!(p["existing_tie"], false, "{}", p["id"]);
        let same = all["partners"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == p["id"])
            .unwrap();
        assert_eq!(p["score"], same["score"], "{}", p["id"]);
    }
    assert!(
        !ids(&report["partners"]).contains("neu"),
        "东北大学 already works with 沙钢"
    );
}

/// The composition rules on the bundled data: every consortium of `match all` has a research
/// member and at least 3 units, or its rules report says why not; no score is negative; the
/// medical-device firm does not lead synthetic biology.
#[test]
fn every_consortium_follows_the_composition_rules_or_says_why() {
    let report = json(&["match", "all"]);
    let research = [
        "university",
        "national_key_lab",
        "provincial_key_lab",
        "research_institute",
        "new_rd_institution",
    ];
    let mut with_consortium = 0;
    for d in report["directions"].as_array().unwrap() {
        let Some(c) = d["consortia"].as_array().and_then(|c| c.first()) else {
            continue;
        };
        with_consortium += 1;
        let notation = d["direction"]["notation"].as_str().unwrap();
        assert!(c["score"].as_f64().unwrap() >= 0.0, "{notation}");
        let rule = |name: &str| {
            c["rules"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == name)
                .unwrap_or_else(|| panic!("{notation} reports {name}"))
                .clone()
        };
        let kinds: Vec<&str> = std::iter::once(&c["leader"])
            .chain(c["members"].as_array().unwrap())
            .map(|m| m["kind"].as_str().unwrap())
            .collect();
        let has_research = kinds.iter().any(|k| research.contains(k));
        assert_eq!(
            rule("research_member")["satisfied"],
            has_research,
            "{notation}"
        );
        assert!(has_research, "{notation} has a research member");
        assert!(kinds.len() >= 3, "{notation} has {} units", kinds.len());
        for name in ["leader_relevance", "other_segment", "min_size"] {
            let r = rule(name);
            assert!(
                !r["why"]["zh"].as_str().unwrap().is_empty(),
                "{notation} {name}"
            );
        }
        for m in c["members"].as_array().unwrap() {
            if let Some(by) = m["added_by"].as_str() {
                assert_eq!(c["exact"], false, "{notation}: {by} added a member");
            }
        }
        if notation == "T27" {
            assert_ne!(c["leader"]["id"], "desheng-meddev");
        }
    }
    assert_eq!(with_consortium, 31);
    let bare = json(&[
        "match",
        "consortium",
        "--direction",
        "T01",
        "--bare",
        "--top",
        "1",
    ]);
    assert!(
        bare["consortia"][0]["members"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m.get("added_by").is_none())
    );
    let run = innomap(&["match", "all", "--min-focus", "2"]).expect_code(2);
    assert!(
        run.one_line_error().contains("--min-focus"),
        "{}",
        run.stderr
    );
}

/// A chain's leading firm leads although most of its business lies elsewhere (the focus test
/// exempts it), and the leader rule says why: 永钢 leads T03 with 1 of its 4 capabilities related.
#[test]
fn a_leading_firm_passes_the_focus_test_and_the_rule_says_so() {
    let run = innomap(&[
        "match",
        "consortium",
        "--direction",
        "T03",
        "--top",
        "1",
        "--format",
        "json",
    ])
    .ok();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let consortium = &report["consortia"][0];
    assert_eq!(consortium["leader"]["id"], "yonggang");
    let rule = &consortium["rules"][0];
    assert_eq!(rule["name"], "leader_relevance");
    assert_eq!(rule["satisfied"], true);
    assert!(
        rule["why"]["zh"].as_str().unwrap().contains("的龙头企业"),
        "{rule}"
    );
    assert!(
        rule["why"]["en"]
            .as_str()
            .unwrap()
            .contains("as a leading firm"),
        "{rule}"
    );
}
