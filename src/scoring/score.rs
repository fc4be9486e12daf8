//! Scoring a population with a model: every entity's indicators normalised within the population,
//! weighted into points that add up to its 0–100 score, its grade, the indicators that contribute
//! most, the ones missing, and what alone would lift it to the next grade.
//!
//! Complexity: O(i · n log n) for i indicators and n entities (one sorted scale per indicator),
//! plus O(i · n) per entity for percent-rank advice.

use super::model::{Band, Better, Indicator, Missing, ScoringModel};
use super::normalise::Scale;
use crate::base::Lang;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// One entity's raw values, by indicator id; an indicator without a value is missing.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub entity: String,
    pub values: BTreeMap<String, f64>,
}

/// One indicator's part in an entity's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub indicator: String,
    pub raw: Option<f64>,
    /// 0–1 within the population; `None` when the value is missing and left out.
    pub normalised: Option<f64>,
    /// The points (of 100) this indicator carries for this entity: its weight's share.
    pub share: f64,
    /// The points it earned: `share × normalised`, rounded to 2 decimals. The parts' points add up
    /// to the score.
    pub points: f64,
}

/// Raising (or, where lower is better, lowering) one indicator's raw value to `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lift {
    pub indicator: String,
    pub from: f64,
    pub to: f64,
}

/// An entity's score.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityScore {
    pub entity: String,
    /// 0–100, the sum of the parts' points.
    pub score: f64,
    pub grade: String,
    pub parts: Vec<Part>,
    /// Indicators without a value, in the model's order.
    pub missing: Vec<String>,
    /// The (at most three) indicators that earned the most points, most first.
    pub top: Vec<String>,
    /// The next grade up, if any, and single changes that would reach it, least effort first.
    pub next_grade: Option<String>,
    pub lifts: Vec<Lift>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Scores every observation against the others with `model` (which [`ScoringModel::check`] has
/// accepted). The answer is in the order of `observations`.
pub fn score_population(model: &ScoringModel, observations: &[Observation]) -> Vec<EntityScore> {
    let indicators: Vec<&Indicator> = model.indicators().collect();
    let scales: Vec<Scale> = indicators
        .iter()
        .map(|indicator| {
            Scale::new(
                indicator,
                observations
                    .iter()
                    .filter_map(|o| o.values.get(&indicator.id).copied()),
            )
        })
        .collect();
    // Each entity's score reads only the shared scales: the entities are scored side by side.
    observations
        .par_iter()
        .map(|observation| score_one(model, &indicators, &scales, observation))
        .collect()
}

fn score_one(
    model: &ScoringModel,
    indicators: &[&Indicator],
    scales: &[Scale],
    observation: &Observation,
) -> EntityScore {
    let raw: Vec<Option<f64>> = indicators
        .iter()
        .map(|i| {
            observation
                .values
                .get(&i.id)
                .copied()
                .filter(|v| v.is_finite())
        })
        .collect();
    // Weights that count: a missing value left out gives its weight to the others.
    let counted: f64 = indicators
        .iter()
        .zip(&raw)
        .filter(|(i, r)| r.is_some() || i.missing == Missing::Worst)
        .map(|(i, _)| i.weight)
        .sum();
    let mut parts = Vec::with_capacity(indicators.len());
    let mut missing = Vec::new();
    for ((indicator, scale), value) in indicators.iter().zip(scales).zip(&raw) {
        let normalised = match (value, indicator.missing) {
            (Some(x), _) => Some(scale.normalise(*x, Some(*x))),
            (None, Missing::Worst) => Some(0.0),
            (None, Missing::Exclude) => None,
        };
        if value.is_none() {
            missing.push(indicator.id.clone());
        }
        let share = match normalised {
            Some(_) if counted > 0.0 => 100.0 * indicator.weight / counted,
            _ => 0.0,
        };
        parts.push(Part {
            indicator: indicator.id.clone(),
            raw: *value,
            normalised,
            share,
            points: round2(share * normalised.unwrap_or(0.0)),
        });
    }
    let score = round2(parts.iter().map(|p| p.points).sum::<f64>()).clamp(0.0, 100.0);
    let mut ranked: Vec<&Part> = parts.iter().filter(|p| p.points > 0.0).collect();
    ranked.sort_by(|a, b| b.points.total_cmp(&a.points));
    let top = ranked.iter().take(3).map(|p| p.indicator.clone()).collect();
    let next = model.next_band(score);
    let lifts = next.map_or_else(Vec::new, |band| {
        lifts_to(band, score, indicators, scales, &parts)
    });
    EntityScore {
        entity: observation.entity.clone(),
        score,
        grade: model.grade(score).to_owned(),
        parts,
        missing,
        top,
        next_grade: next.map(|b| b.grade.clone()),
        lifts,
    }
}

/// The single changes of one present indicator, everything else as it is, that raise the score
/// to `band`; least effort (the change as a share of the population's spread) first.
fn lifts_to(
    band: &Band,
    score: f64,
    indicators: &[&Indicator],
    scales: &[Scale],
    parts: &[Part],
) -> Vec<Lift> {
    // A little over the gap, so that the rounded points reach the band too.
    let gap = band.min_score - score + 0.006;
    let mut lifts: Vec<(f64, Lift)> = Vec::new();
    for ((indicator, scale), part) in indicators.iter().zip(scales).zip(parts) {
        let (Some(from), Some(normalised)) = (part.raw, part.normalised) else {
            continue;
        };
        if part.share <= 0.0 {
            continue;
        }
        let target = normalised + gap / part.share;
        if target > 1.0 + 1e-9 {
            continue;
        }
        let Some(to) = scale.raw_for(from, target) else {
            continue;
        };
        let improves = match indicator.better {
            Better::Higher => to > from,
            Better::Lower => to < from,
        };
        if !improves {
            continue;
        }
        lifts.push((
            (to - from).abs() / scale.spread(),
            Lift {
                indicator: indicator.id.clone(),
                from,
                to,
            },
        ));
    }
    lifts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.indicator.cmp(&b.1.indicator)));
    lifts.into_iter().map(|(_, lift)| lift).collect()
}

impl Lift {
    /// The change in words: "研发投入强度再提高 0.8 个百分点", "新增发明专利 2 件".
    pub fn describe(&self, indicator: &Indicator, lang: Lang) -> String {
        let delta = (self.to - self.from).abs();
        let amount = if indicator.whole {
            format!("{delta:.0}")
        } else {
            let text = format!("{delta:.2}");
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        };
        let up = indicator.better == Better::Higher;
        match lang {
            Lang::Zh => {
                let verb = if up { "再提高" } else { "再降低" };
                match indicator.unit.as_str() {
                    "%" => format!("{}{verb} {amount} 个百分点", indicator.label_zh),
                    unit if indicator.whole && up => {
                        format!("{}新增 {amount} {unit}", indicator.label_zh)
                    }
                    unit => format!("{}{verb} {amount} {unit}", indicator.label_zh)
                        .trim_end()
                        .to_owned(),
                }
            }
            Lang::En => {
                let verb = if up { "raise" } else { "lower" };
                let unit = match indicator.unit.as_str() {
                    "%" if amount == "1" => " percentage point".to_owned(),
                    "%" => " percentage points".to_owned(),
                    "" => String::new(),
                    unit => format!(" {unit}"),
                };
                format!("{verb} {} by {amount}{unit}", indicator.label_en)
            }
        }
    }
}

/// The advice for an entity as one sentence: "研发投入强度再提高 0.8 个百分点，或新增发明专利 2 件，
/// 可进入 B 档"; `None` at the top grade or when no single change reaches the next one. At most
/// `alternatives` changes are named.
pub fn advice(
    model: &ScoringModel,
    score: &EntityScore,
    alternatives: usize,
    lang: Lang,
) -> Option<String> {
    let grade = score.next_grade.as_ref()?;
    let described: Vec<String> = score
        .lifts
        .iter()
        .take(alternatives)
        .filter_map(|lift| {
            let indicator = model.indicators().find(|i| i.id == lift.indicator)?;
            Some(lift.describe(indicator, lang))
        })
        .collect();
    if described.is_empty() {
        return None;
    }
    Some(match lang {
        Lang::Zh => format!("{}，可进入 {grade} 档", described.join("，或")),
        Lang::En => format!("{} to reach grade {grade}", described.join(", or ")),
    })
}
