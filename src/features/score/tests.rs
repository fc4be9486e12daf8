//! The default firm model read from its file, measured on the bundled data and checked against the
//! data's own figures, and bad model files refused with the file and the indicator named.

use super::*;
use crate::scoring::score_population;
use crate::store::{Store, StoreConfig};

const FIRM_MODEL: &str = include_str!("../../../data/scoring/firm.ttl");

fn bundled() -> Store {
    Store::open(&StoreConfig::default()).expect("the bundled store opens")
}

#[test]
fn the_default_firm_model_reads_whole() {
    let model = default_model("firm")
        .expect("a firm model")
        .expect("it reads");
    assert_eq!(model.kind, "firm");
    assert_eq!(model.model.indicators().count(), 13);
    assert_eq!(model.model.total_weight(), 100.0);
    let grades: Vec<&str> = model.model.bands.iter().map(|b| b.grade.as_str()).collect();
    assert_eq!(grades, ["A", "B", "C", "D"]);
    let categories: Vec<&str> = model
        .model
        .categories
        .iter()
        .map(|c| c.label_zh.as_str())
        .collect();
    assert_eq!(categories, ["技术创新指标", "成长经营指标", "辅助指标"]);
}

#[test]
fn measures_agree_with_the_figures_in_the_data() {
    let store = bundled();
    let model = default_model("firm").unwrap().unwrap();
    let measured = measure(&store, &model, 2025).expect("the measures run");
    // The population is the local firms: those in a city whose chains the map holds.
    let firms = store
        .select(
            "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a im:Firm ; im:locatedIn ?place . \
             ?place schema:containedInPlace* ?city . ?chain im:city ?city }",
        )
        .unwrap();
    let Some(oxigraph::model::Term::Literal(count)) = &firms.rows[0][0] else {
        panic!("a count")
    };
    assert_eq!(measured.observations.len().to_string(), count.value());
    let aidier = measured
        .observations
        .iter()
        .find(|o| o.entity.ends_with("/firm/aidier"))
        .expect("aidier is scored");
    // data/zjg/firms.ttl: 2025 revenue 24992.6, R&D 997.4, staff 70 of whom 9 S&T, high-tech
    // revenue 20806.9; 2024 revenue 17783.0.
    let close = |id: &str, expected: f64| {
        let value = aidier.values[id];
        assert!(
            (value - expected).abs() < 1e-6,
            "{id}: {value} ≠ {expected}"
        );
    };
    close("rd-intensity", 997.4 / 24992.6 * 100.0);
    close("rd-spend", 997.4);
    close("st-share", 9.0 / 70.0 * 100.0);
    close("high-tech-share", 20806.9 / 24992.6 * 100.0);
    close("revenue-growth", (24992.6 / 17783.0 - 1.0) * 100.0);
    // Counts are present for every firm, 0 included.
    for observation in &measured.observations {
        for id in [
            "invention-patents",
            "consortia",
            "talents",
            "research-cooperation",
        ] {
            assert!(
                observation.values.contains_key(id),
                "{id} for {}",
                observation.entity
            );
        }
    }
}

#[test]
fn every_firm_gets_a_score_whose_parts_add_up() {
    let store = bundled();
    let model = default_model("firm").unwrap().unwrap();
    let measured = measure(&store, &model, 2025).unwrap();
    let scores = score_population(&model.model, &measured.observations);
    assert!(scores.len() > 50);
    let mut grades = std::collections::BTreeSet::new();
    for score in &scores {
        assert!((0.0..=100.0).contains(&score.score), "{}", score.score);
        let sum: f64 = score.parts.iter().map(|p| p.points).sum();
        assert!(
            (sum - score.score).abs() < 0.011,
            "{}: {sum} vs {}",
            score.entity,
            score.score
        );
        grades.insert(score.grade.clone());
    }
    assert!(
        grades.len() >= 3,
        "the bands separate the firms: {grades:?}"
    );
}

#[test]
fn bad_model_files_are_refused_naming_file_and_indicator() {
    let error = |text: &str| read_model(text, "bad.ttl").unwrap_err().to_string();
    let unknown = FIRM_MODEL.replace("\"firm-talents\"", "\"firm-talents-typo\"");
    let message = error(&unknown);
    assert!(
        message.starts_with("bad.ttl:")
            && message.contains("indicator talents")
            && message.contains("firm-talents-typo"),
        "{message}"
    );
    // A group measure's column that it does not answer is named with the columns it does.
    let column = FIRM_MODEL.replace("im:column \"st_share\"", "im:column \"staff_share\"");
    let model = read_model(&column, "bad.ttl").expect("the file reads");
    let message = measure(&bundled(), &model, 2025).unwrap_err().to_string();
    assert!(
        message.starts_with("bad.ttl:")
            && message.contains("indicator st-share")
            && message.contains("'staff_share'")
            && message.contains("rd_intensity"),
        "{message}"
    );
    let heavier = FIRM_MODEL.replace(
        "im:column \"rd_spend\" ; im:unit \"万元\" ; im:weight 5",
        "im:column \"rd_spend\" ; im:unit \"万元\" ; im:weight 10",
    );
    let message = error(&heavier);
    assert!(message.contains("add up to 105, not the 100"), "{message}");
    let wrong = FIRM_MODEL.replace(
        "im:measure \"firm-talents\"",
        "im:measure \"population-firm\" ; im:column \"chain\"",
    );
    let model = read_model(&wrong, "bad.ttl").expect("the file reads");
    let message = measure(&bundled(), &model, 2025).unwrap_err().to_string();
    assert!(
        message.contains("bad.ttl")
            && message.contains("talents")
            && message.contains("not a number"),
        "{message}"
    );
    let broken = error("@prefix im: <https://w3id.org/innomap/def#> .\nim:x a im:ScoringModel ;");
    assert!(broken.starts_with("bad.ttl:"), "{broken}");
}

#[test]
fn a_weight_in_the_model_file_moves_the_ranking() {
    let store = bundled();
    let rank_of = |text: &str, entity: &str| {
        let model = read_model(text, "m.ttl").unwrap();
        let measured = measure(&store, &model, 2025).unwrap();
        let mut scores = score_population(&model.model, &measured.observations);
        scores.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entity.cmp(&b.entity)));
        scores
            .iter()
            .position(|s| s.entity.ends_with(entity))
            .unwrap()
    };
    // Shagang has the largest R&D spend: weighting R&D spend up must not move it down, and moves
    // it up unless it is first already.
    let before = rank_of(FIRM_MODEL, "/firm/shagang");
    let heavier = FIRM_MODEL
        .replace(
            "im:unit \"万元\" ; im:weight 5",
            "im:unit \"万元\" ; im:weight 60",
        )
        .replace("im:totalWeight 100", "im:totalWeight 155");
    let after = rank_of(&heavier, "/firm/shagang");
    assert!(after <= before, "{before} → {after}");
    assert!(after < before || before == 0, "{before} → {after}");
}

#[test]
fn year_windows_follow_the_year_bound() {
    let store = bundled();
    let model = default_model("firm").unwrap().unwrap();
    let early = measure(&store, &model, 2019).unwrap();
    let late = measure(&store, &model, 2025).unwrap();
    let mut grew = false;
    for (a, b) in early.observations.iter().zip(&late.observations) {
        assert_eq!(a.entity, b.entity);
        let (before, after) = (a.values["invention-patents"], b.values["invention-patents"]);
        assert!(
            before <= after,
            "{}: {before} patents in 2019, {after} in 2025",
            a.entity
        );
        grew |= before < after;
    }
    assert!(grew, "some firm was granted patents after 2019");
}

#[test]
fn every_scoring_measure_file_is_registered() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/scoring");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .into_string()
                .ok()?
                .strip_suffix(".rq")
                .map(str::to_owned)
        })
        .collect();
    files.sort();
    let mut registered: Vec<String> = MEASURES.iter().map(|m| m.name.to_owned()).collect();
    registered.sort();
    assert_eq!(files, registered);
}

#[test]
fn yearless_measures_answer_the_same_in_every_year_and_the_others_use_the_year() {
    let store = bundled();
    for measure in MEASURES {
        let answer = |year: i64| {
            store
                .query(
                    measure.text,
                    measure.name,
                    &crate::store::QueryOptions {
                        timeout: None,
                        bindings: vec![(
                            "year".into(),
                            oxigraph::model::Term::Literal(oxigraph::model::Literal::from(year)),
                        )],
                    },
                )
                .unwrap()
        };
        // The WHERE clause mentions ?year unless the measure is marked yearless.
        let body = measure.text.split_once("WHERE").map_or("", |(_, b)| b);
        let body = &body[..body.rfind('}').unwrap_or(body.len())];
        assert_eq!(
            measure.yearless(),
            !body.contains("?year"),
            "{}: a measure is marked `# yearless:` exactly when its pattern ignores ?year",
            measure.name
        );
        if measure.yearless() {
            let strip = |answer: crate::store::QueryAnswer| match answer {
                crate::store::QueryAnswer::Solutions(s) => {
                    let year = s.column("year");
                    let mut rows: Vec<String> = s
                        .rows
                        .into_iter()
                        .map(|mut row| {
                            if let Some(y) = year {
                                row[y] = None;
                            }
                            format!("{row:?}")
                        })
                        .collect();
                    rows.sort();
                    rows
                }
                _ => panic!("{} is a SELECT", measure.name),
            };
            assert_eq!(strip(answer(2018)), strip(answer(2025)), "{}", measure.name);
        }
    }
}
