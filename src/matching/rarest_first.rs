//! Lappas, Liu & Terzi (KDD 2009), RarestFirst: the leaderless variant of consortium formation.
//!
//! # Algorithm
//!
//! Among the required capabilities that some local actor holds, take the rarest (fewest local,
//! non-excluded holders; ties by capability id). Every holder of it is a seed. For each other
//! capability c, the seed's team takes the holder of c nearest to the seed — read from the same
//! per-capability multi-source searches as the leader-distance algorithm. A team's cost is the
//! largest seed–member distance (its radius, which bounds the diameter Lappas et al. minimise:
//! diameter ≤ 2 · radius). Teams rank by `(capabilities covered ↓, cost ↑, seed id ↑)`; the seed is
//! reported as the consortium's `leader`, though no gate applies to it.
//!
//! # Complexity
//!
//! Like leader distance: `|R|` searches (each stopped once all seeds are settled) plus
//! O(|S| · |R|) for |S| seeds.

use crate::graph::OrgIndex;

/// The position (in the required list) of the rarest capability among those with at least one
/// holder in `holders`, the first one on ties; `None` when no capability has a holder.
pub(crate) fn rarest_capability(holders: &[Vec<u32>]) -> Option<usize> {
    holders
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty())
        .min_by_key(|(i, h)| (h.len(), *i))
        .map(|(i, _)| i)
}

/// The seeds: every holder of the rarest capability, or the forced one.
pub(crate) fn seeds(holders: &[Vec<u32>], forced: Option<OrgIndex>) -> Vec<OrgIndex> {
    match forced {
        Some(seed) => vec![seed],
        None => rarest_capability(holders)
            .map(|i| holders[i].iter().copied().map(OrgIndex).collect())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rarest_capability_has_the_fewest_holders() {
        // (holders per capability, rarest)
        let cases: &[(&[&[u32]], Option<usize>)] = &[
            (&[&[1, 2, 3], &[4], &[5, 6]], Some(1)),
            (&[&[], &[4, 5], &[1, 2]], Some(1)),
            (&[&[], &[]], None),
        ];
        for &(holders, expected) in cases {
            let holders: Vec<Vec<u32>> = holders.iter().map(|h| h.to_vec()).collect();
            assert_eq!(rarest_capability(&holders), expected);
        }
    }
}
