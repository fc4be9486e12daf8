//! The scoring model as values: categories of indicators, each with its weight, the direction in
//! which it is better, how its raw values are normalised to 0–1, and how a missing value counts;
//! and the grade bands. The model is data (loaded from `data/scoring/*.ttl` by the feature that
//! reads it); this module only checks that a model is coherent.

use std::fmt;

/// Which way an indicator is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// How an indicator's raw values become 0–1 within the population being scored (all entities of a
/// kind, or of one chain).
#[derive(Debug, Clone, PartialEq)]
pub enum Normalisation {
    /// `(x − min) / (max − min)` over the population (reversed when lower is better); 1 for
    /// everyone when all values are equal.
    MinMax,
    /// The share of the others with a worse value, ties counted half: 0 for the worst, 1 for the
    /// best, independent of outliers.
    PercentRank,
    /// Steps: the normalised value of the highest threshold the raw value reaches (for `Lower`, the
    /// lowest threshold it stays at or under); 0 below the first. Thresholds are `(raw, value)`
    /// with values in 0–1, sorted by raw value in the direction of `Better`.
    Thresholds(Vec<(f64, f64)>),
}

/// How an entity without a value for an indicator is scored. Never silently as 0: either way the
/// indicator is reported as missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Left out: the other indicators' weights are scaled up to fill its share.
    Exclude,
    /// Scored as the worst value (normalised 0), so that not reporting never pays.
    Worst,
}

/// One indicator of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Stable id, as in the model file (`rd_intensity`).
    pub id: String,
    pub label_zh: String,
    pub label_en: String,
    /// The unit of raw values, as people read it (`%`, `件`, `万元`, `人`).
    pub unit: String,
    /// Raw values are whole numbers (counts): advice rounds up to the next whole one.
    pub whole: bool,
    pub weight: f64,
    pub better: Better,
    pub normalisation: Normalisation,
    pub missing: Missing,
}

/// A group of indicators (技术创新, 成长经营, 辅助指标 …).
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub id: String,
    pub label_zh: String,
    pub label_en: String,
    pub indicators: Vec<Indicator>,
}

/// A grade and the lowest score (0–100) that reaches it.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub grade: String,
    pub min_score: f64,
}

/// A whole model: categories and bands.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoringModel {
    pub id: String,
    pub categories: Vec<Category>,
    /// Sorted from the best grade (highest `min_score`) down; the last starts at 0.
    pub bands: Vec<Band>,
}

/// Why a model cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelError {
    NoIndicators,
    DuplicateIndicator(String),
    BadWeight { indicator: String, weight: f64 },
    BadThresholds { indicator: String, reason: String },
    BadBands(String),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::NoIndicators => write!(f, "the model has no indicator"),
            ModelError::DuplicateIndicator(id) => {
                write!(f, "indicator {id} is declared twice")
            }
            ModelError::BadWeight { indicator, weight } => write!(
                f,
                "indicator {indicator} has weight {weight}: give a positive number"
            ),
            ModelError::BadThresholds { indicator, reason } => {
                write!(f, "indicator {indicator}: {reason}")
            }
            ModelError::BadBands(reason) => write!(f, "the grade bands {reason}"),
        }
    }
}

impl std::error::Error for ModelError {}

impl ScoringModel {
    /// Every indicator, category by category, in the model's order.
    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.categories.iter().flat_map(|c| c.indicators.iter())
    }

    /// The sum of all weights.
    pub fn total_weight(&self) -> f64 {
        self.indicators().map(|i| i.weight).sum()
    }

    /// The grade of a score.
    pub fn grade(&self, score: f64) -> &str {
        self.bands
            .iter()
            .find(|band| score >= band.min_score)
            .or(self.bands.last())
            .map_or("", |band| band.grade.as_str())
    }

    /// The band just above the one `score` falls in, if any.
    pub fn next_band(&self, score: f64) -> Option<&Band> {
        self.bands.iter().rev().find(|band| band.min_score > score)
    }

    /// Checks that the model can score: indicators exist, ids are unique, weights are positive,
    /// thresholds are ordered with values in 0–1, and bands fall from a top grade to one starting at 0.
    pub fn check(&self) -> Result<(), ModelError> {
        let mut seen = std::collections::BTreeSet::new();
        for indicator in self.indicators() {
            if !seen.insert(indicator.id.as_str()) {
                return Err(ModelError::DuplicateIndicator(indicator.id.clone()));
            }
            if !(indicator.weight > 0.0 && indicator.weight.is_finite()) {
                return Err(ModelError::BadWeight {
                    indicator: indicator.id.clone(),
                    weight: indicator.weight,
                });
            }
            if let Normalisation::Thresholds(steps) = &indicator.normalisation {
                let bad = |reason: &str| ModelError::BadThresholds {
                    indicator: indicator.id.clone(),
                    reason: reason.to_owned(),
                };
                if steps.is_empty() {
                    return Err(bad("thresholds need at least one step"));
                }
                if steps.iter().any(|(_, v)| !(0.0..=1.0).contains(v)) {
                    return Err(bad("threshold values must lie in 0–1"));
                }
                let ordered = steps.windows(2).all(|w| match indicator.better {
                    Better::Higher => w[0].0 < w[1].0 && w[0].1 <= w[1].1,
                    Better::Lower => w[0].0 > w[1].0 && w[0].1 <= w[1].1,
                });
                if !ordered {
                    return Err(bad(
                        "thresholds must run from the weakest to the best step, values not falling",
                    ));
                }
            }
        }
        if seen.is_empty() {
            return Err(ModelError::NoIndicators);
        }
        if self.bands.is_empty() {
            return Err(ModelError::BadBands("are missing".into()));
        }
        if !self
            .bands
            .windows(2)
            .all(|w| w[0].min_score > w[1].min_score)
        {
            return Err(ModelError::BadBands(
                "must run from the best grade down, each starting lower".into(),
            ));
        }
        if self.bands.last().is_some_and(|b| b.min_score != 0.0) {
            return Err(ModelError::BadBands(
                "must end with a grade that starts at 0".into(),
            ));
        }
        Ok(())
    }
}
