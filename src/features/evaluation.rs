//! Evaluation of partner matching against held-out collaborations: hide a random share of the
//! collaborations, build the graph from the rest, and ask each ranker for the partners of every firm
//! that took part in a hidden collaboration. Reports recall@K and MRR for the matcher and for three
//! baselines run on the same split: random order, capability overlap only, and popularity (degree).
//!
//! IO-free: it takes the projection's specs and returns numbers.

use crate::base::error::Error;
use crate::base::kind::Kind;
use crate::features::generate::SplitMix64;
use crate::graph::{CollaborationSpec, KnowledgeGraph, WeightPolicy};
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
    /// Evaluate at most this many firms, a uniform sample drawn with `seed` (from a stream of its
    /// own, so the split and the random baseline draw the same numbers with or without it);
    /// `None`: all. Large generated datasets use it to finish in minutes.
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
    /// Firms with at least one hidden partner they had no tie with in training.
    pub eligible_firms: usize,
    /// Firms asked: every eligible firm, or the sample `max_firms` allows.
    pub firms: usize,
    /// Hidden (firm, partner) pairs to find.
    pub targets: usize,
    pub k: usize,
    pub scores: Vec<RankerScore>,
}

/// Mixed into the seed for the sample of firms, so that it is drawn apart from the split.
const FIRM_SAMPLE_STREAM: u64 = 0x5EED_F1A5_0000_0001;

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
    let mut rng = SplitMix64::new(options.seed);
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
    let eligible_firms = targets.len();
    if let Some(max) = options.max_firms {
        if targets.len() > max {
            let mut firms: Vec<&str> = targets.keys().copied().collect();
            SplitMix64::new(options.seed ^ FIRM_SAMPLE_STREAM).shuffle(&mut firms);
            let sampled: BTreeSet<&str> = firms.into_iter().take(max).collect();
            targets.retain(|firm, _| sampled.contains(firm));
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
        eligible_firms,
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
        assert!(first.firms > 2);
        for score in &first.scores {
            assert!((0.0..=1.0).contains(&score.recall_at_k) && (0.0..=1.0).contains(&score.mrr));
        }

        // A bounded sample of firms: the same split, at most that many firms, the same each time.
        let sampled = EvaluationOptions {
            max_firms: Some(2),
            ..options
        };
        let a = evaluate_partners(&input, &WeightPolicy::default(), &sampled).unwrap();
        assert_eq!((a.hidden, a.firms), (first.hidden, 2));
        assert_eq!(
            (a.eligible_firms, first.eligible_firms),
            (first.firms, first.firms)
        );
        assert!(a.targets <= first.targets);
        assert_eq!(
            a,
            evaluate_partners(&input, &WeightPolicy::default(), &sampled).unwrap()
        );
    }

    /// The shared SplitMix64 draws what the evaluation's own copy drew before it was shared (the
    /// reference values of Vigna's splitmix64.c for seed 0), so published splits stay the same.
    #[test]
    fn splitmix64_matches_the_reference_stream() {
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
