//! How relations between nodes become strengths and distances: the one place that says what a
//! collaboration, a hosting link or an affiliation is worth on the path graph.
//!
//! # Formulas
//!
//! Each past collaboration of kind `k` in year `y` (only `y ≤ as_of` counts: later ones had not
//! happened yet) gives every pair of its participants the **event weight**
//!
//! ```text
//! w_event = kind_weight(k) · yearly_decay ^ (as_of − y)
//! ```
//!
//! with the defaults `kind_weight` = 1.0 for joint projects, co-patents and consortium work, 0.5 for
//! contracted R&D and shared platforms (one-way or co-located work says less about working
//! together), and `yearly_decay` = 0.8 (a tie loses a fifth of its weight a year; half-life ≈ 3.1
//! years). Repeated ties accumulate: the **strength** of a pair is the sum of its event weights plus
//! a fixed strength for each structural relation between them — `hosting_strength` = 3.0 between an
//! organisation and its host (`org:subOrganizationOf`) and `affiliation_strength` = 1.0 between a
//! person and an organisation they are affiliated with.
//!
//! The **distance** of the pair on the path graph is
//!
//! ```text
//! d = 1 / (1 + strength)
//! ```
//!
//! so one fresh joint project is 0.5, three are 0.25, a hosting link alone is 0.25 (a fixed short
//! distance), an affiliation alone 0.5, and a single contracted R&D job five years old
//! (w = 0.5 · 0.8⁵ ≈ 0.164) is ≈ 0.859. Every hop costs less than 1, and a path's length is the sum
//! of its hops. Capability and chain nodes are not on the path graph at all, so two holders of the
//! same capability are never close merely because of it.

use crate::graph::model::CollaborationKind;

/// The weights and the reference year that turn relations into strengths and distances.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WeightPolicy {
    /// The year recency is measured from. `None`: the newest collaboration year in the data
    /// (never today's date, so that results do not change with the calendar).
    pub as_of: Option<i32>,
    pub joint_project: f64,
    pub co_patent: f64,
    pub contracted_rd: f64,
    pub shared_platform: f64,
    pub consortium: f64,
    /// The factor an event weight is multiplied by for each year of age.
    pub yearly_decay: f64,
    /// The strength of an organisation–host link.
    pub hosting_strength: f64,
    /// The strength of a person–organisation affiliation.
    pub affiliation_strength: f64,
}

impl Default for WeightPolicy {
    fn default() -> Self {
        WeightPolicy {
            as_of: None,
            joint_project: 1.0,
            co_patent: 1.0,
            contracted_rd: 0.5,
            shared_platform: 0.5,
            consortium: 1.0,
            yearly_decay: 0.8,
            hosting_strength: 3.0,
            affiliation_strength: 1.0,
        }
    }
}

impl WeightPolicy {
    /// The weight of one collaboration of this kind.
    pub fn kind_weight(&self, kind: CollaborationKind) -> f64 {
        match kind {
            CollaborationKind::JointProject => self.joint_project,
            CollaborationKind::CoPatent => self.co_patent,
            CollaborationKind::ContractedRd => self.contracted_rd,
            CollaborationKind::SharedPlatform => self.shared_platform,
            CollaborationKind::Consortium => self.consortium,
        }
    }

    /// The recency factor of something that happened in `year`, seen from `as_of`:
    /// `yearly_decay ^ (as_of − year)`, or `None` when `year` is after `as_of`.
    pub fn recency(&self, year: i32, as_of: i32) -> Option<f64> {
        let age = as_of.checked_sub(year)?;
        (age >= 0).then(|| self.yearly_decay.powi(age))
    }

    /// The weight one collaboration adds to each pair of its participants, or `None` when it happened
    /// after `as_of`.
    pub fn event_weight(&self, kind: CollaborationKind, year: i32, as_of: i32) -> Option<f64> {
        self.recency(year, as_of)
            .map(|factor| self.kind_weight(kind) * factor)
    }

    /// The path distance of a pair whose relations sum to `strength`: `1 / (1 + strength)`.
    pub fn distance(strength: f64) -> f64 {
        1.0 / (1.0 + strength)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CollaborationKind::*;

    #[test]
    fn event_weights_and_distances_follow_the_documented_formula() {
        let policy = WeightPolicy::default();
        // (kind, year, as_of, expected event weight)
        let cases = [
            (JointProject, 2024, 2024, Some(1.0)),
            (CoPatent, 2023, 2024, Some(0.8)),
            (ContractedRd, 2024, 2024, Some(0.5)),
            (SharedPlatform, 2022, 2024, Some(0.5 * 0.64)),
            (Consortium, 2019, 2024, Some(0.8f64.powi(5))),
            (JointProject, 2025, 2024, None),
        ];
        for (kind, year, as_of, expected) in cases {
            let got = policy.event_weight(kind, year, as_of);
            match (got, expected) {
                (Some(g), Some(e)) => assert!((g - e).abs() < 1e-12, "{kind:?} {year}: {g} vs {e}"),
                (None, None) => {}
                _ => panic!("{kind:?} {year}: {got:?} vs {expected:?}"),
            }
        }
        // (strength, distance)
        for (strength, distance) in [(1.0, 0.5), (3.0, 0.25), (0.0, 1.0), (0.5, 1.0 / 1.5)] {
            assert!((WeightPolicy::distance(strength) - distance).abs() < 1e-12);
        }
    }
}
