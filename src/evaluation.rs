//! Evaluation of partner matching against held-out collaborations: hide a random share of the
//! collaborations, build the graph from the rest, and ask each ranker for the partners of every firm
//! that took part in a hidden collaboration. Reports recall@K and MRR for the matcher and for three
//! baselines run on the same split: random order, capability overlap only, and popularity (degree).
//!
//! IO-free: it takes the projection's specs and returns numbers.

use crate::error::Error;
use crate::graph::{CollaborationSpec, KnowledgeGraph, WeightPolicy};
use crate::kind::Kind;
use crate::matching::{PartnerOptions, find_partners};
use crate::projection::ProjectionInput;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How the evaluation runs.
#[derive(Debug, Clone)]
pub struct EvaluationOptions {
    /// Share of collaborations hidden, in (0, 1). Default 0.2.
    pub holdout: f64,
    /// Seed of the split and of the random baseline.
    pub seed: u64,
    /// K of recall@K. Default 10.
    pub k: usize,
    /// Evaluate at most this many firms (the first ones by id); `None`: all.
    pub max_firms: Option<usize>,
}

impl Default for EvaluationOptions {
    fn default() -> Self {
        EvaluationOptions {
            holdout: 0.2,
            seed: 42,
            k: 10,
            max_firms: None,
        }
    }
}

/// The scores of one ranker.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RankerScore {
    pub ranker: &'static str,
    /// Mean over firms of the share of their hidden partners ranked in the top K.
    pub recall_at_k: f64,
    /// Mean over firms of 1 / the rank of their best-ranked hidden partner (0 when none is ranked).
    pub mrr: f64,
}

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EvaluationReport {
    pub collaborations: usize,
    pub hidden: usize,
    /// Firms asked (each with at least one hidden partner it had no tie with in training).
    pub firms: usize,
    /// Hidden (firm, partner) pairs to find.
    pub targets: usize,
    pub k: usize,
    pub scores: Vec<RankerScore>,
}

/// SplitMix64: a tiny, fixed PRNG so that a seed gives the same split in every version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher–Yates shuffle.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Distinct tie partners of each organisation in `collaborations`.
fn ties(collaborations: &[CollaborationSpec]) -> HashMap<&str, BTreeSet<&str>> {
    let mut ties: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for c in collaborations {
        for a in &c.participants {
            for b in &c.participants {
                if a != b {
                    ties.entry(a).or_default().insert(b);
                }
            }
        }
    }
    ties
}

/// Hides `options.holdout` of the collaborations, then scores the matcher and the baselines.
pub fn evaluate_partners(
    input: &ProjectionInput,
    policy: &WeightPolicy,
    options: &EvaluationOptions,
) -> Result<EvaluationReport, Error> {
    if !(options.holdout > 0.0 && options.holdout < 1.0) || options.k == 0 {
        return Err(Error::Usage(
            "the hold-out share must be between 0 and 1, and K at least 1".into(),
        ));
    }
    let mut rng = SplitMix64(options.seed);
    let mut collaborations = input.collaborations.clone();
    collaborations.sort_by(|a, b| a.id.cmp(&b.id));
    rng.shuffle(&mut collaborations);
    let hidden_count = ((collaborations.len() as f64) * options.holdout).round() as usize;
    let (hidden, train) = collaborations.split_at(hidden_count);

    let mut training = input.clone();
    training.collaborations = train.to_vec();
    let graph = training.build(policy)?;
    let train_ties = ties(train);

    let firms: BTreeSet<&str> = input
        .organisations
        .iter()
        .filter(|o| o.kind == Kind::Firm)
        .map(|o| o.id.as_str())
        .collect();
    // Targets: hidden pairs (firm, partner) that training does not already tie.
    let mut targets: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in hidden {
        for firm in c.participants.iter().filter(|p| firms.contains(p.as_str())) {
            for partner in c.participants.iter().filter(|p| *p != firm) {
                let known = train_ties
                    .get(firm.as_str())
                    .is_some_and(|t| t.contains(partner.as_str()));
                if !known {
                    targets.entry(firm).or_default().insert(partner);
                }
            }
        }
    }
    if let Some(max) = options.max_firms {
        while targets.len() > max {
            targets.pop_last();
        }
    }

    let degree: HashMap<&str, usize> = train_ties.iter().map(|(k, v)| (*k, v.len())).collect();
    let all: Vec<&str> = input.organisations.iter().map(|o| o.id.as_str()).collect();
    let capabilities: HashMap<&str, BTreeSet<&str>> = input
        .organisations
        .iter()
        .map(|o| {
            (
                o.id.as_str(),
                o.capabilities.iter().map(String::as_str).collect(),
            )
        })
        .collect();

    let rankers = ["innomap", "random", "capability-overlap", "popularity"];
    let mut sums = [(0.0_f64, 0.0_f64); 4];
    for (firm, wanted) in &targets {
        let known = train_ties.get(firm);
        let candidates: Vec<&str> = all
            .iter()
            .copied()
            .filter(|c| c != firm && known.is_none_or(|k| !k.contains(c)))
            .collect();
        let rankings = [
            matcher_ranking(&graph, firm, known)?,
            {
                let mut order = candidates.clone();
                rng.shuffle(&mut order);
                order.into_iter().map(str::to_owned).collect()
            },
            ranked_by(&candidates, |c| {
                let mine = &capabilities[firm];
                let theirs = &capabilities[c];
                let union = mine.union(theirs).count();
                if union == 0 {
                    0.0
                } else {
                    mine.intersection(theirs).count() as f64 / union as f64
                }
            }),
            ranked_by(&candidates, |c| degree.get(c).copied().unwrap_or(0) as f64),
        ];
        for (i, ranking) in rankings.iter().enumerate() {
            let position: HashMap<&str, usize> = ranking
                .iter()
                .enumerate()
                .map(|(rank, id)| (id.as_str(), rank + 1))
                .collect();
            let ranks: Vec<usize> = wanted
                .iter()
                .filter_map(|w| position.get(w).copied())
                .collect();
            let hits = ranks.iter().filter(|&&r| r <= options.k).count();
            sums[i].0 += hits as f64 / wanted.len() as f64;
            sums[i].1 += ranks.iter().min().map_or(0.0, |&r| 1.0 / r as f64);
        }
    }
    let n = targets.len().max(1) as f64;
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    Ok(EvaluationReport {
        collaborations: collaborations.len(),
        hidden: hidden.len(),
        firms: targets.len(),
        targets: targets.values().map(BTreeSet::len).sum(),
        k: options.k,
        scores: rankers
            .iter()
            .zip(sums)
            .map(|(ranker, (recall, rr))| RankerScore {
                ranker,
                recall_at_k: round(recall / n),
                mrr: round(rr / n),
            })
            .collect(),
    })
}

/// The matcher's ranking of new partners (existing ties left out, as for every ranker).
fn matcher_ranking(
    graph: &KnowledgeGraph,
    firm: &str,
    known: Option<&BTreeSet<&str>>,
) -> Result<Vec<String>, Error> {
    let options = PartnerOptions {
        top: usize::MAX,
        ..PartnerOptions::default()
    };
    let report = find_partners(graph, firm, &options).map_err(|e| Error::Input {
        message: e.to_string(),
    })?;
    Ok(report
        .partners
        .into_iter()
        .map(|p| p.id)
        .filter(|id| known.is_none_or(|k| !k.contains(id.as_str())))
        .collect())
}

/// Candidates by descending score, ties by id.
fn ranked_by(candidates: &[&str], score: impl Fn(&str) -> f64) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = candidates.iter().map(|c| (score(c), *c)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().map(|(_, c)| c.to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{CollaborationKind, Labels, Locality, OrganisationSpec};

    fn org(id: &str, caps: &[&str]) -> OrganisationSpec {
        OrganisationSpec::new(id, Labels::new(id, id), Kind::Firm, Locality::InCity)
            .with_capabilities(caps)
    }

    #[test]
    fn the_split_is_deterministic_and_the_numbers_are_bounded() {
        let mut input = ProjectionInput::default();
        for cap in ["a", "b", "c"] {
            input.capabilities.push(crate::graph::CapabilitySpec {
                id: cap.into(),
                labels: Labels::new(cap, cap),
                broader: None,
            });
        }
        for i in 0..12 {
            input
                .organisations
                .push(org(&format!("f{i:02}"), &[["a", "b", "c"][i % 3]]));
        }
        for i in 0..12 {
            input.collaborations.push(CollaborationSpec {
                id: format!("c{i:02}"),
                kind: CollaborationKind::JointProject,
                year: 2020,
                participants: vec![format!("f{:02}", i), format!("f{:02}", (i + 1) % 12)],
            });
        }
        let options = EvaluationOptions {
            holdout: 0.25,
            ..EvaluationOptions::default()
        };
        let first = evaluate_partners(&input, &WeightPolicy::default(), &options).unwrap();
        let second = evaluate_partners(&input, &WeightPolicy::default(), &options).unwrap();
        assert_eq!(first, second);
        assert_eq!(first.hidden, 3);
        assert!(first.firms > 0);
        for score in &first.scores {
            assert!((0.0..=1.0).contains(&score.recall_at_k) && (0.0..=1.0).contains(&score.mrr));
        }
    }
}
