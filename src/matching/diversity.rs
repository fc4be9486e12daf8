//! Top-K diverse alternatives: two proposed consortia must differ in the leader or in at least half
//! of their members.
//!
//! "At least half" means they share at most half of the larger member set: `2·|A ∩ B| ≤ max(|A|, |B|)`.
//! Leader-distance teams compare leaders first (one team per leader, so alternatives always have
//! different leaders). RarestFirst teams have no leader — the seed is just where the search
//! started — so they compare member sets that include the seed.

use crate::graph::OrgIndex;

/// Whether two member sets (sorted) share at most half of the larger one.
pub fn members_differ_enough(a: &[OrgIndex], b: &[OrgIndex]) -> bool {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2 * shared <= a.len().max(b.len())
}

/// Whether a candidate team may be listed next to an already chosen one.
///
/// `leaderless`: compare `hub ∪ members` only (RarestFirst). Otherwise a different leader suffices.
/// Member lists must be sorted.
pub fn is_diverse(
    (hub_a, members_a): (OrgIndex, &[OrgIndex]),
    (hub_b, members_b): (OrgIndex, &[OrgIndex]),
    leaderless: bool,
) -> bool {
    if leaderless {
        let with_hub = |hub: OrgIndex, members: &[OrgIndex]| {
            let mut all = members.to_vec();
            all.push(hub);
            all.sort_unstable();
            all.dedup();
            all
        };
        members_differ_enough(&with_hub(hub_a, members_a), &with_hub(hub_b, members_b))
    } else {
        hub_a != hub_b || members_differ_enough(members_a, members_b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orgs(ids: &[u32]) -> Vec<OrgIndex> {
        ids.iter().copied().map(OrgIndex).collect()
    }

    #[test]
    fn alternatives_must_differ_in_leader_or_half_the_members() {
        // (hub a, members a, hub b, members b, leaderless, diverse?)
        type Case<'a> = (u32, &'a [u32], u32, &'a [u32], bool, bool);
        let cases: &[Case] = &[
            (0, &[1, 2], 9, &[1, 2], false, true),  // different leaders
            (0, &[1, 2], 0, &[1, 2], false, false), // same leader, same members
            (0, &[1, 2, 3, 4], 0, &[1, 2, 5, 6], false, true), // share 2 of 4: half
            (0, &[1, 2, 3, 4], 0, &[1, 2, 3, 6], false, false), // share 3 of 4
            (0, &[1, 2], 9, &[1, 2], true, false),  // {0,1,2} vs {9,1,2}: share 2 of 3
            (0, &[1], 9, &[1], true, true),         // {0,1} vs {1,9}: share 1 of 2
            (0, &[], 9, &[], true, true),           // single-seed teams
        ];
        for &(ha, ma, hb, mb, leaderless, expected) in cases {
            let (ma, mb) = (orgs(ma), orgs(mb));
            assert_eq!(
                is_diverse((OrgIndex(ha), &ma), (OrgIndex(hb), &mb), leaderless),
                expected,
                "{ha}{ma:?} vs {hb}{mb:?} leaderless={leaderless}"
            );
        }
    }
}
