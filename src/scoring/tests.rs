//! A four-firm population scored by hand, the model's checks, and a weight that changes the ranking.

use super::*;
use crate::base::Lang;
use std::collections::BTreeMap;

fn indicator(
    id: &str,
    label_zh: &str,
    unit: &str,
    weight: f64,
    better: Better,
    normalisation: Normalisation,
    missing: Missing,
) -> Indicator {
    Indicator {
        id: id.into(),
        label_zh: label_zh.into(),
        label_en: id.replace('_', " "),
        unit: unit.into(),
        whole: unit == "件",
        weight,
        better,
        normalisation,
        missing,
    }
}

fn model(rd_weight: f64, patent_weight: f64) -> ScoringModel {
    ScoringModel {
        id: "test".into(),
        categories: vec![
            Category {
                id: "innovation".into(),
                label_zh: "技术创新".into(),
                label_en: "innovation".into(),
                indicators: vec![
                    indicator(
                        "rd_intensity",
                        "研发投入强度",
                        "%",
                        rd_weight,
                        Better::Higher,
                        Normalisation::MinMax,
                        Missing::Exclude,
                    ),
                    indicator(
                        "patents",
                        "发明专利",
                        "件",
                        patent_weight,
                        Better::Higher,
                        Normalisation::Thresholds(vec![(1.0, 0.5), (3.0, 0.8), (5.0, 1.0)]),
                        Missing::Worst,
                    ),
                ],
            },
            Category {
                id: "quality".into(),
                label_zh: "质量".into(),
                label_en: "quality".into(),
                indicators: vec![indicator(
                    "defects",
                    "质量问题",
                    "起",
                    20.0,
                    Better::Lower,
                    Normalisation::MinMax,
                    Missing::Exclude,
                )],
            },
        ],
        bands: ["A", "B", "C", "D"]
            .iter()
            .zip([80.0, 60.0, 40.0, 0.0])
            .map(|(grade, min_score)| Band {
                grade: (*grade).into(),
                min_score,
            })
            .collect(),
    }
}

fn observation(entity: &str, values: &[(&str, f64)]) -> Observation {
    Observation {
        entity: entity.into(),
        values: values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), *v))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn population() -> Vec<Observation> {
    vec![
        observation(
            "f1",
            &[("rd_intensity", 5.0), ("patents", 5.0), ("defects", 1.0)],
        ),
        observation(
            "f2",
            &[("rd_intensity", 3.0), ("patents", 2.0), ("defects", 3.0)],
        ),
        observation("f3", &[("rd_intensity", 1.0), ("defects", 5.0)]),
        observation("f4", &[("patents", 3.0)]),
    ]
}

#[test]
fn a_population_scores_as_computed_by_hand() {
    let model = model(40.0, 40.0);
    model.check().expect("the model is coherent");
    let scores = score_population(&model, &population());
    let summary: Vec<(&str, f64, &str)> = scores
        .iter()
        .map(|s| (s.entity.as_str(), s.score, s.grade.as_str()))
        .collect();
    // f1 is best everywhere; f2 is half-way on each scale (50); f3 is worst and its missing
    // patents count as the worst value; f4 has only patents (3 → 0.8), whose weight fills 100.
    assert_eq!(
        summary,
        [
            ("f1", 100.0, "A"),
            ("f2", 50.0, "C"),
            ("f3", 0.0, "D"),
            ("f4", 80.0, "A")
        ]
    );
    for score in &scores {
        let sum: f64 = score.parts.iter().map(|p| p.points).sum();
        assert!(
            (sum - score.score).abs() < 1e-9,
            "parts add up for {}",
            score.entity
        );
    }
    let f2 = &scores[1];
    let points: Vec<f64> = f2.parts.iter().map(|p| p.points).collect();
    assert_eq!(points, [20.0, 20.0, 10.0]);
    assert_eq!(f2.top, ["rd_intensity", "patents", "defects"]);
    assert_eq!(scores[2].missing, ["patents"]);
    assert_eq!(scores[3].missing, ["rd_intensity", "defects"]);
    assert_eq!(scores[3].parts[1].share, 100.0);
    assert_eq!(scores[3].parts[0].normalised, None);
}

#[test]
fn near_miss_advice_is_computed_from_the_scales() {
    let model = model(40.0, 40.0);
    let scores = score_population(&model, &population());
    let f2 = &scores[1];
    assert_eq!(f2.next_grade.as_deref(), Some("B"));
    // B needs 10 more points: rd intensity from 3 to 4 (0.5 → 0.75 on 1…5), or patents from 2 to 3
    // (the 0.8 step); quality has only 10 of its 20 points left to give, just short of the gap.
    let lifts: Vec<(&str, f64)> = f2
        .lifts
        .iter()
        .map(|l| (l.indicator.as_str(), (l.to * 100.0).round() / 100.0))
        .collect();
    assert_eq!(lifts, [("rd_intensity", 4.0), ("patents", 3.0)]);
    assert_eq!(
        advice(&model, f2, 2, Lang::Zh).as_deref(),
        Some("研发投入强度再提高 1 个百分点，或发明专利新增 1 件，可进入 B 档")
    );
    assert_eq!(
        advice(&model, f2, 1, Lang::En).as_deref(),
        Some("raise rd intensity by 1 percentage point to reach grade B")
    );
    // Applying the first lift does reach B.
    let mut lifted = population();
    lifted[1]
        .values
        .insert("rd_intensity".into(), f2.lifts[0].to);
    let rescored = score_population(&model, &lifted);
    assert_eq!(rescored[1].grade, "B", "{}", rescored[1].score);
    // The top grade has no advice; no single change lifts f3 (every scale is at its worst).
    assert_eq!(advice(&model, &scores[0], 2, Lang::Zh), None);
    assert!(scores[2].lifts.is_empty());
}

#[test]
fn changing_a_weight_changes_the_ranking() {
    let firms = vec![
        observation(
            "research-heavy",
            &[("rd_intensity", 9.0), ("patents", 1.0), ("defects", 2.0)],
        ),
        observation(
            "patent-heavy",
            &[("rd_intensity", 2.0), ("patents", 5.0), ("defects", 2.0)],
        ),
    ];
    let order = |model: &ScoringModel| {
        let mut scores = score_population(model, &firms);
        scores.sort_by(|a, b| b.score.total_cmp(&a.score));
        scores.into_iter().map(|s| s.entity).collect::<Vec<_>>()
    };
    assert_eq!(
        order(&model(60.0, 20.0)),
        ["research-heavy", "patent-heavy"]
    );
    assert_eq!(
        order(&model(20.0, 60.0)),
        ["patent-heavy", "research-heavy"]
    );
}

#[test]
fn incoherent_models_are_refused_naming_the_indicator() {
    let mut duplicate = model(40.0, 40.0);
    duplicate.categories[1].indicators[0].id = "patents".into();
    assert_eq!(
        duplicate.check().unwrap_err().to_string(),
        "indicator patents is declared twice"
    );
    let mut weightless = model(40.0, 40.0);
    weightless.categories[0].indicators[0].weight = 0.0;
    assert!(
        weightless
            .check()
            .unwrap_err()
            .to_string()
            .contains("rd_intensity")
    );
    let mut steps = model(40.0, 40.0);
    steps.categories[0].indicators[1].normalisation =
        Normalisation::Thresholds(vec![(3.0, 0.8), (1.0, 0.5)]);
    assert!(
        steps
            .check()
            .unwrap_err()
            .to_string()
            .starts_with("indicator patents:")
    );
    let mut bands = model(40.0, 40.0);
    bands.bands.pop();
    assert!(
        bands
            .check()
            .unwrap_err()
            .to_string()
            .contains("starts at 0")
    );
}
