//! Normalising one indicator's raw values to 0–1 within a population, and the inverse that advice
//! needs: the raw value an entity must reach for a given normalised value, everyone else unchanged.
//!
//! Complexity: building a [`Scale`] sorts the population, O(n log n); `normalise` is O(log n);
//! `raw_for` is O(log² n) for percent ranks (a binary search over ranks) and O(1) or O(steps)
//! otherwise. Nothing is copied per entity: an entity is left out of its own ranking by counting.

use super::model::{Better, Indicator, Normalisation};

/// One indicator's scale over a population.
#[derive(Debug, Clone)]
pub struct Scale<'m> {
    indicator: &'m Indicator,
    /// The population's present values, ascending.
    sorted: Vec<f64>,
    /// The same values without repeats.
    distinct: Vec<f64>,
}

impl<'m> Scale<'m> {
    /// The scale of `indicator` over the present `values` of a population.
    pub fn new(indicator: &'m Indicator, values: impl IntoIterator<Item = f64>) -> Self {
        let mut sorted: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let mut distinct = sorted.clone();
        distinct.dedup();
        Scale {
            indicator,
            sorted,
            distinct,
        }
    }

    /// The population's spread (largest minus smallest value), 1 when it has none: the yardstick
    /// that makes changes of different indicators comparable.
    pub fn spread(&self) -> f64 {
        match self.range() {
            Some((min, max)) if max > min => max - min,
            _ => 1.0,
        }
    }

    fn range(&self) -> Option<(f64, f64)> {
        Some((*self.sorted.first()?, *self.sorted.last()?))
    }

    /// The normalised value of raw `x` for an entity of the population whose own value is `own`
    /// (left out when ranking it among the others), in 0–1.
    pub fn normalise(&self, x: f64, own: Option<f64>) -> f64 {
        let better = self.indicator.better;
        match &self.indicator.normalisation {
            Normalisation::MinMax => {
                let Some((min, max)) = self.range() else {
                    return 1.0;
                };
                if max <= min {
                    return 1.0;
                }
                let value = match better {
                    Better::Higher => (x - min) / (max - min),
                    Better::Lower => (max - x) / (max - min),
                };
                value.clamp(0.0, 1.0)
            }
            Normalisation::PercentRank => self.rank(x, own).unwrap_or(1.0),
            Normalisation::Thresholds(steps) => steps
                .iter()
                .rev()
                .find(|(raw, _)| match better {
                    Better::Higher => x >= *raw,
                    Better::Lower => x <= *raw,
                })
                .map_or(0.0, |(_, value)| *value),
        }
    }

    /// The percent rank of raw `x` among the population without one instance of `own`: the share
    /// of the others worse than `x`, ties counted half; `None` when there are no others.
    fn rank(&self, x: f64, own: Option<f64>) -> Option<f64> {
        let better = self.indicator.better;
        let (mut worse, mut equal) = worse_and_equal(&self.sorted, x, better);
        let mut others = self.sorted.len();
        if let Some(own) = own.filter(|o| self.contains(*o)) {
            others -= 1;
            let own_is_worse = match better {
                Better::Higher => own < x,
                Better::Lower => own > x,
            };
            if own == x {
                equal -= 1;
            } else if own_is_worse {
                worse -= 1;
            }
        }
        (others > 0).then(|| (worse as f64 + 0.5 * equal as f64) / others as f64)
    }

    fn contains(&self, value: f64) -> bool {
        self.sorted
            .binary_search_by(|v| v.total_cmp(&value))
            .is_ok()
    }

    /// How many times `value` occurs in the population.
    fn occurrences(&self, value: f64) -> usize {
        self.sorted.partition_point(|v| *v <= value) - self.sorted.partition_point(|v| *v < value)
    }

    /// The raw value closest to `current`, in the better direction, at which an entity of the
    /// population (own value `current`) reaches at least `target` once normalised; `None` when no
    /// raw value does. Counts (`whole` indicators) are rounded to whole numbers.
    pub fn raw_for(&self, current: f64, target: f64) -> Option<f64> {
        let better = self.indicator.better;
        let whole = self.indicator.whole;
        let towards = |value: f64| match (better, whole) {
            (Better::Higher, true) => value.ceil(),
            (Better::Lower, true) => value.floor(),
            _ => value,
        };
        let found = match &self.indicator.normalisation {
            Normalisation::MinMax => {
                let (min, max) = self.range()?;
                if max <= min || target > 1.0 + 1e-12 {
                    return None;
                }
                let target = target.min(1.0);
                Some(towards(match better {
                    Better::Higher => min + target * (max - min),
                    Better::Lower => max - target * (max - min),
                }))
            }
            Normalisation::PercentRank => self.rank_raw_for(current, target),
            Normalisation::Thresholds(steps) => steps
                .iter()
                .find(|(_, value)| *value >= target)
                .map(|(raw, _)| *raw),
        }?;
        // A value that does not reach the target (rounding at a boundary) is no advice.
        (self.normalise(found, Some(current)) + 1e-9 >= target).then_some(found)
    }

    /// The least change from `current` that reaches rank `target`: the first of the others'
    /// distinct values, or a small step past one, in the better direction. The rank of both grows
    /// along that direction, so the first is found by binary search.
    fn rank_raw_for(&self, current: f64, target: f64) -> Option<f64> {
        let better = self.indicator.better;
        // The others are the population without one instance of `current`: its value is a
        // candidate only when someone else has it too.
        let own_alone = self.occurrences(current) == 1;
        let candidates: Vec<f64> = {
            let mut values: Vec<f64> = self
                .distinct
                .iter()
                .copied()
                .filter(|v| !(own_alone && *v == current))
                .collect();
            if better == Better::Lower {
                values.reverse();
            }
            values
        };
        let (&first, &last) = (candidates.first()?, candidates.last()?);
        let (min, max) = (first.min(last), first.max(last));
        // A small step past a value: one for counts, else a hundredth of the spread.
        let step = if self.indicator.whole {
            1.0
        } else {
            ((max - min) / 100.0).max(current.abs() / 1000.0).max(1e-6)
        };
        let beyond = |v: f64| match better {
            Better::Higher => v + step,
            Better::Lower => v - step,
        };
        let improves = |v: f64| match better {
            Better::Higher => v > current,
            Better::Lower => v < current,
        };
        let reaches = |x: f64| {
            improves(x)
                && self
                    .rank(x, Some(current))
                    .is_some_and(|r| r + 1e-12 >= target)
        };
        let first_reaching = candidates.partition_point(|&v| !(reaches(v) || reaches(beyond(v))));
        let v = *candidates.get(first_reaching)?;
        Some(if reaches(v) { v } else { beyond(v) })
    }
}

/// How many of `others` are worse than `x`, and how many equal it.
fn worse_and_equal(others: &[f64], x: f64, better: Better) -> (usize, usize) {
    let below = others.partition_point(|v| *v < x);
    let not_above = others.partition_point(|v| *v <= x);
    let equal = not_above - below;
    match better {
        Better::Higher => (below, equal),
        Better::Lower => (others.len() - not_above, equal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::model::Missing;

    fn indicator(normalisation: Normalisation, better: Better, whole: bool) -> Indicator {
        Indicator {
            id: "x".into(),
            label_zh: "指标".into(),
            label_en: "indicator".into(),
            unit: "件".into(),
            whole,
            weight: 1.0,
            better,
            normalisation,
            missing: Missing::Exclude,
        }
    }

    #[test]
    fn min_max_runs_from_the_worst_to_the_best_and_inverts() {
        let higher = indicator(Normalisation::MinMax, Better::Higher, false);
        let scale = Scale::new(&higher, [2.0, 4.0, 10.0]);
        assert_eq!(scale.normalise(2.0, Some(2.0)), 0.0);
        assert_eq!(scale.normalise(4.0, Some(4.0)), 0.25);
        assert_eq!(scale.normalise(10.0, Some(10.0)), 1.0);
        assert_eq!(scale.raw_for(4.0, 0.5), Some(6.0));
        let lower = indicator(Normalisation::MinMax, Better::Lower, true);
        let scale = Scale::new(&lower, [2.0, 4.0, 10.0]);
        assert_eq!(scale.normalise(4.0, Some(4.0)), 0.75);
        // 10 − 0.9 × 8 = 2.8, a count: 2.
        assert_eq!(scale.raw_for(4.0, 0.9), Some(2.0));
        let same = Scale::new(&higher, [5.0, 5.0]);
        assert_eq!(same.normalise(5.0, Some(5.0)), 1.0);
    }

    #[test]
    fn percent_rank_counts_ties_half_and_finds_the_rank_to_reach() {
        let higher = indicator(Normalisation::PercentRank, Better::Higher, true);
        let scale = Scale::new(&higher, [1.0, 3.0, 3.0, 8.0, 9.0]);
        // Others of the first 3: 1, 3, 8, 9 → one worse, one tie: 1.5 / 4.
        assert_eq!(scale.normalise(3.0, Some(3.0)), 0.375);
        assert_eq!(scale.normalise(9.0, Some(9.0)), 1.0);
        assert_eq!(scale.normalise(1.0, Some(1.0)), 0.0);
        // To reach 0.75 from 3: above 3 and at 8 the rank is 0.5 and 0.625; 9 gives 0.875.
        assert_eq!(scale.raw_for(3.0, 0.75), Some(9.0));
        assert_eq!(scale.raw_for(3.0, 0.6), Some(8.0));
        assert_eq!(scale.raw_for(3.0, 1.0), Some(10.0));
    }

    #[test]
    fn thresholds_step_and_invert_to_the_step() {
        let steps = vec![(1.0, 0.4), (3.0, 0.7), (5.0, 1.0)];
        let higher = indicator(Normalisation::Thresholds(steps), Better::Higher, true);
        let scale = Scale::new(&higher, [0.0, 2.0]);
        assert_eq!(scale.normalise(0.0, None), 0.0);
        assert_eq!(scale.normalise(3.5, None), 0.7);
        assert_eq!(scale.raw_for(2.0, 0.6), Some(3.0));
        assert_eq!(scale.raw_for(2.0, 1.0), Some(5.0));
    }

    /// The percent rank and its inverse as first written: the others copied, every candidate tried
    /// in turn. The fast versions must agree with it.
    fn naive_rank(sorted: &[f64], x: f64, own: f64, better: Better) -> Option<f64> {
        let mut others = sorted.to_vec();
        if let Some(position) = others.iter().position(|v| *v == own) {
            others.remove(position);
        }
        if others.is_empty() {
            return None;
        }
        let (worse, equal) = worse_and_equal(&others, x, better);
        Some((worse as f64 + 0.5 * equal as f64) / others.len() as f64)
    }

    fn naive_raw_for(sorted: &[f64], current: f64, target: f64, ind: &Indicator) -> Option<f64> {
        let better = ind.better;
        let mut others = sorted.to_vec();
        if let Some(position) = others.iter().position(|v| *v == current) {
            others.remove(position);
        }
        if others.is_empty() {
            return None;
        }
        let (min, max) = (others[0], others[others.len() - 1]);
        let step = if ind.whole {
            1.0
        } else {
            ((max - min) / 100.0).max(current.abs() / 1000.0).max(1e-6)
        };
        let mut candidates = others.clone();
        candidates.dedup();
        if better == Better::Lower {
            candidates.reverse();
        }
        for v in candidates {
            let beyond = match better {
                Better::Higher => v + step,
                Better::Lower => v - step,
            };
            for x in [v, beyond] {
                let improves = match better {
                    Better::Higher => x > current,
                    Better::Lower => x < current,
                };
                if improves && naive_rank(sorted, x, current, better)? + 1e-12 >= target {
                    return Some(x);
                }
            }
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn fast_percent_ranks_agree_with_the_naive_ones(
            values in proptest::collection::vec(0u8..12, 1..40),
            pick in 0usize..40,
            target in 0.0f64..1.0,
            lower in proptest::bool::ANY,
            whole in proptest::bool::ANY,
        ) {
            let better = if lower { Better::Lower } else { Better::Higher };
            let ind = indicator(Normalisation::PercentRank, better, whole);
            let values: Vec<f64> = values.iter().map(|v| f64::from(*v) * 1.5).collect();
            let scale = Scale::new(&ind, values.iter().copied());
            let current = values[pick % values.len()];
            for x in [current, current + 1.0, current - 2.0, 0.0, 30.0] {
                let naive = naive_rank(&scale.sorted, x, current, better).unwrap_or(1.0);
                proptest::prop_assert!((scale.normalise(x, Some(current)) - naive).abs() < 1e-12);
            }
            let fast = scale.rank_raw_for(current, target);
            let naive = naive_raw_for(&scale.sorted, current, target, &ind);
            proptest::prop_assert_eq!(fast, naive);
        }
    }
}
