//! `match partners`: ranked cooperation partners for one firm, each scored as a sum of named,
//! weighted signals and carrying its evidence (capabilities it brings, the tie, the path).
//!
//! # Signals
//!
//! Twelve signals, each on a 0–1 scale ([`SIGNALS`]; [`partner_signals`] defines each), weighed by
//! [`PartnerWeights`]. The shipped weights are not set by hand: `innomap evaluate --fit` learns them
//! from a map's own history (a temporal split, coordinate ascent on MRR; docs/EVALUATION.md gives the
//! command and the data) and `data/matching/partner-weights.json` holds the result; `match partners
//! --weights FILE` uses another fit.
//!
//! The score (匹配度) is 0–100: each weighted signal is scaled by 100 / (the sum of the weights), and
//! the result lists the scaled signals (so they add up to it), their names for people and a
//! one-line reason.
//!
//! # Ranking
//!
//! By score, ties broken by id — except that with a direction (and without `broad`), partners
//! that bring at least one of the direction's required capabilities the firm lacks rank before all
//! that bring none: the direction leads, the score orders within each group. `new_only` leaves out
//! the organisations the firm already has a tie with.
//! Candidates: every organisation except the firm, its host and the organisations it hosts,
//! passing the kind filter, that brings a capability the firm lacks or is connected to it.
//! Ties in score are broken by id. Complexity: one PageRank (O(iterations · (n + m))), O(n · caps)
//! to score, one shortest-path search stopped once the top K are settled.

use crate::base::kind::KindFilter;
use crate::graph::{KnowledgeGraph, OrgIndex};
use crate::matching::dijkstra::ShortestPaths;
use crate::matching::error::MatchError;
use crate::matching::pagerank::{PageRankOptions, personalized_pagerank};
use crate::matching::report::{Partner, PartnerEvidence, PartnersReport, ScoreParts, TieEvidence};
use crate::matching::signals::{LocalityScores, standing};

/// The partner signals, in the order of [`PartnerWeights::weights`] and of every table.
pub const SIGNALS: [&str; 13] = [
    "complementarity",
    "technical_fit",
    "direction_relevance",
    "proximity",
    "common_partners",
    "activity",
    "prior_ties",
    "same_chain",
    "same_place",
    "kind_affinity",
    "level",
    "locality",
    "recency",
];

/// The number of partner signals.
pub const SIGNAL_COUNT: usize = SIGNALS.len();

/// The shipped weights: fitted by `innomap evaluate --fit` (see docs/EVALUATION.md for the command
/// and the data), not set by hand.
const SHIPPED_WEIGHTS: &str = include_str!("../../data/matching/partner-weights.json");

/// The weights of the partner signals, one per entry of [`SIGNALS`], their shape, and the locality
/// scale.
///
/// **Shape.** Each signal x (0–1) enters the score as `φ(x) = ln(1 + x/ε) / ln(1 + 1/ε)`, still 0–1
/// and 0 at 0, 1 at 1. With ε = `None` φ is x itself (a weighted sum); with a small ε the weighted sum
/// of φ is the logarithm of a weighted product of (1 + x/ε) factors, so signals reinforce each other
/// the way a multiplicative model's factors do, while the parts still add up to the score. The fit
/// chooses ε with the weights.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerWeights {
    pub weights: [f64; SIGNAL_COUNT],
    pub epsilon: Option<f64>,
    pub locality_scores: LocalityScores,
}

impl Default for PartnerWeights {
    /// The shipped, fitted weights (`data/matching/partner-weights.json`).
    fn default() -> Self {
        PartnerWeights::from_json(SHIPPED_WEIGHTS).expect("the shipped partner weights parse")
    }
}

impl PartnerWeights {
    /// The weight of `signal`, 0 for an unknown name.
    pub fn get(&self, signal: &str) -> f64 {
        SIGNALS
            .iter()
            .position(|s| *s == signal)
            .map_or(0.0, |i| self.weights[i])
    }

    /// Reads a weights file: `{"weights": {"complementarity": 0.1, …}, …}`; signals it does not
    /// name weigh 0. Errors name the offending signal or value.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let table = value
            .get("weights")
            .and_then(|w| w.as_object())
            .ok_or("no \"weights\" object")?;
        let mut weights = [0.0; SIGNAL_COUNT];
        for (name, w) in table {
            let i = SIGNALS.iter().position(|s| s == name).ok_or_else(|| {
                format!(
                    "unknown signal \"{name}\"; the signals are {}",
                    SIGNALS.join(", ")
                )
            })?;
            let w = w
                .as_f64()
                .filter(|w| w.is_finite() && *w >= 0.0)
                .ok_or_else(|| format!("the weight of \"{name}\" must be a number ≥ 0"))?;
            weights[i] = w;
        }
        if weights.iter().sum::<f64>() <= 0.0 {
            return Err("every weight is 0".into());
        }
        let epsilon = match value.get("epsilon") {
            None | Some(serde_json::Value::Null) => None,
            Some(e) => Some(
                e.as_f64()
                    .filter(|e| e.is_finite() && *e > 0.0)
                    .ok_or("\"epsilon\" must be a number > 0 or null")?,
            ),
        };
        Ok(PartnerWeights {
            weights,
            epsilon,
            locality_scores: LocalityScores::default(),
        })
    }

    /// `φ(x)` of the signal shape (see the type's docs).
    pub fn shape(&self, x: f64) -> f64 {
        match self.epsilon {
            None => x,
            Some(e) => (1.0 + x / e).ln() / (1.0 + 1.0 / e).ln(),
        }
    }

    /// The weights as a JSON object keyed by signal.
    pub fn to_json_map(&self) -> serde_json::Map<String, serde_json::Value> {
        SIGNALS
            .iter()
            .zip(self.weights)
            .map(|(s, w)| ((*s).to_owned(), serde_json::json!((w * 1e6).round() / 1e6)))
            .collect()
    }

    fn unit(&self) -> f64 {
        let total: f64 = self.weights.iter().sum();
        if total > 0.0 { 100.0 / total } else { 0.0 }
    }
}

/// Options of `match partners`.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerOptions {
    /// A direction id whose required capabilities the partner should bring.
    pub direction: Option<String>,
    /// Only partners of these kinds.
    pub kind: Option<KindFilter>,
    /// How many partners. Default 10.
    pub top: usize,
    pub weights: PartnerWeights,
    pub pagerank: PageRankOptions,
    /// With a direction, rank by score alone instead of putting partners that bring the
    /// direction's capabilities first.
    pub broad: bool,
    /// Only organisations the firm has no collaboration tie with.
    pub new_only: bool,
}

impl Default for PartnerOptions {
    fn default() -> Self {
        PartnerOptions {
            direction: None,
            kind: None,
            top: 10,
            broad: false,
            new_only: false,
            weights: PartnerWeights::default(),
            pagerank: PageRankOptions::default(),
        }
    }
}

/// Every candidate's signals for one firm (and direction), each on a 0–1 scale: what the score
/// weighs, and what `innomap evaluate --fit` fits the weights on.
#[derive(Debug, Clone)]
pub struct SignalTable {
    pub candidates: Vec<OrgIndex>,
    /// One row per candidate, in [`SIGNALS`] order.
    pub values: Vec<[f64; SIGNAL_COUNT]>,
    /// Whether the candidate brings a required capability of the direction the firm lacks.
    pub brings_direction: Vec<bool>,
    /// The direction's required capabilities the firm lacks, sorted.
    pub lacking_required: Vec<crate::graph::CapabilityIndex>,
    /// idf of every capability.
    pub idf: Vec<f64>,
}

impl SignalTable {
    /// The score of row `i` under `weights`, 0–100.
    pub fn score(&self, i: usize, weights: &PartnerWeights) -> f64 {
        let unit = weights.unit();
        self.values[i]
            .iter()
            .zip(weights.weights)
            .map(|(&v, w)| weights.shape(v) * w)
            .sum::<f64>()
            * unit
    }

    /// Candidate rows in ranking order: with `direction_first`, those bringing the direction's
    /// capabilities first; then by score; ties by index.
    pub fn ranking(&self, weights: &PartnerWeights, direction_first: bool) -> Vec<usize> {
        let scores: Vec<f64> = (0..self.values.len())
            .map(|i| self.score(i, weights))
            .collect();
        let mut order: Vec<usize> = (0..self.values.len()).collect();
        order.sort_by(|&a, &b| {
            let led = |i: usize| direction_first && self.brings_direction[i];
            led(b)
                .cmp(&led(a))
                .then(scores[b].total_cmp(&scores[a]))
                .then(self.candidates[a].cmp(&self.candidates[b]))
        });
        order
    }
}

/// The signals of every candidate partner of `firm`. Candidates: every organisation except the
/// firm, its host and the organisations it hosts, passing `kind`, that brings a capability the firm
/// lacks, shares a field with it or is connected to it.
///
/// | signal | value |
/// |---|---|
/// | `complementarity` | `Σ idf(c)` over the candidate's capabilities the firm lacks, ÷ the largest among candidates; `idf(c) = ln(1 + N / holders(c))` |
/// | `technical_fit` | cosine of the idf-weighted capability vectors, each capability also counting half its broader field |
/// | `direction_relevance` | share of the direction's required capabilities the firm lacks that the candidate holds |
/// | `proximity` | personalized PageRank from the firm ÷ the largest among candidates |
/// | `common_partners` | Adamic–Adar: Σ over the neighbours z the two share of 1 / ln(degree z), ÷ the largest |
/// | `activity` | `ln(1 + degree) / ln(1 + largest degree)` (preferential attachment) |
/// | `prior_ties` | `ln(1 + collaborations with the firm) / ln(1 + the most with any candidate)` |
/// | `same_chain` | 1 when the candidate is in or backs one of the firm's chains or the direction's chain |
/// | `same_place` | 1 when both are located in the same place (town, zone or city) |
/// | `kind_affinity` | the share of the ties of organisations of the firm's kind that go to the candidate's kind, ÷ the largest share |
/// | `level` | [`standing`] |
/// | `locality` | [`LocalityScores`] |
/// | `recency` | for an existing tie, `yearly_decay ^ (as_of − last year)`; else 0 |
///
/// Complexity: one PageRank, O(n · caps) for the rest, O(m) for the kind shares.
pub fn partner_signals(
    graph: &KnowledgeGraph,
    firm: OrgIndex,
    direction: Option<crate::graph::DirectionIndex>,
    kind: Option<KindFilter>,
    pagerank_options: &PageRankOptions,
    locality_scores: &LocalityScores,
) -> SignalTable {
    let f = graph.organisation(firm);
    let org_count = graph.organisations().len() as f64;
    let idf: Vec<f64> = (0..graph.capabilities().len())
        .map(|c| {
            let holders = graph.holders(crate::graph::CapabilityIndex(c as u32)).len();
            if holders == 0 {
                0.0
            } else {
                (1.0 + org_count / holders as f64).ln()
            }
        })
        .collect();
    let lacking_required: Vec<crate::graph::CapabilityIndex> = direction
        .map(|d| {
            let mut lacking: Vec<_> = graph
                .direction(d)
                .required
                .iter()
                .copied()
                .filter(|&c| !f.holds(c))
                .collect();
            lacking.sort_unstable();
            lacking
        })
        .unwrap_or_default();
    let pagerank = personalized_pagerank(graph.csr(), firm.0, pagerank_options);
    let profile = |o: &crate::graph::Organisation| {
        let mut vector: std::collections::BTreeMap<u32, f64> = std::collections::BTreeMap::new();
        for &c in &o.capabilities {
            *vector.entry(c.0).or_default() += idf[c.index()];
            if let Some(parent) = graph.capability(c).broader {
                *vector.entry(parent.0).or_default() += 0.5 * idf[c.index()];
            }
        }
        vector
    };
    let firm_profile = profile(f);
    let firm_norm = firm_profile.values().map(|x| x * x).sum::<f64>().sqrt();
    let org_total = graph.organisations().len();
    let degree = |o: OrgIndex| graph.csr().targets_of(o.0).len() as f64;
    let max_degree = (0..org_total)
        .map(|i| degree(OrgIndex(i as u32)))
        .fold(0.0, f64::max);
    // The kinds organisations of the firm's kind collaborate with.
    let mut kind_ties: std::collections::HashMap<crate::base::kind::Kind, f64> =
        std::collections::HashMap::new();
    for r in graph.relations() {
        if r.tie.is_none() || (r.b as usize) >= org_total {
            continue;
        }
        let (a, b) = (
            graph.organisation(OrgIndex(r.a)),
            graph.organisation(OrgIndex(r.b)),
        );
        if a.kind == f.kind {
            *kind_ties.entry(b.kind).or_default() += 1.0;
        }
        if b.kind == f.kind {
            *kind_ties.entry(a.kind).or_default() += 1.0;
        }
    }
    let max_kind = kind_ties.values().copied().fold(0.0, f64::max);
    // Adamic–Adar over the path graph: through every neighbour z of the firm.
    let csr = graph.csr();
    let mut adamic_adar = vec![0.0_f64; org_total];
    for &z in csr.targets_of(firm.0) {
        let d = csr.targets_of(z).len() as f64;
        if d <= 1.0 {
            continue;
        }
        let share = 1.0 / d.ln();
        for &c in csr.targets_of(z) {
            if (c as usize) < org_total {
                adamic_adar[c as usize] += share;
            }
        }
    }
    let mut chains: Vec<crate::graph::ChainIndex> = f.chains.clone();
    if let Some(d) = direction {
        chains.push(graph.direction(d).chain);
    }
    let as_of = graph.as_of();
    let policy = graph.weight_policy();

    let mut table = SignalTable {
        candidates: Vec::new(),
        values: Vec::new(),
        brings_direction: Vec::new(),
        lacking_required,
        idf: Vec::new(),
    };
    let mut raw_complementarity = Vec::new();
    let mut raw_pagerank = Vec::new();
    let mut raw_ties = Vec::new();
    let mut raw_common = Vec::new();
    for (i, p) in graph.organisations().iter().enumerate() {
        let org = OrgIndex(i as u32);
        if org == firm || f.host == Some(org) || p.host == Some(firm) {
            continue;
        }
        if kind.is_some_and(|k| !k.matches(p.kind)) {
            continue;
        }
        let complementarity: f64 = p
            .capabilities
            .iter()
            .filter(|&&c| !f.holds(c))
            .map(|c| idf[c.index()])
            .sum();
        let ppr = pagerank.scores[i];
        let fit = {
            let theirs = profile(p);
            let dot: f64 = theirs
                .iter()
                .filter_map(|(c, w)| firm_profile.get(c).map(|v| v * w))
                .sum();
            let norm = theirs.values().map(|x| x * x).sum::<f64>().sqrt();
            if dot > 0.0 {
                dot / (norm * firm_norm)
            } else {
                0.0
            }
        };
        if complementarity <= 0.0 && ppr <= 0.0 && fit <= 0.0 {
            continue;
        }
        raw_common.push(adamic_adar[i]);
        let activity = if max_degree > 0.0 {
            (1.0 + degree(org)).ln() / (1.0 + max_degree).ln()
        } else {
            0.0
        };
        let lacking = &table.lacking_required;
        let brought = lacking.iter().filter(|&&c| p.holds(c)).count();
        let relevance = if lacking.is_empty() {
            0.0
        } else {
            brought as f64 / lacking.len() as f64
        };
        let tie = graph.tie_between(firm, org);
        let recency = tie
            .and_then(|t| policy.recency(t.last_year, as_of))
            .unwrap_or(0.0);
        let same_chain = chains.iter().any(|&c| p.serves_chain(c));
        let same_place = f.place.is_some() && f.place == p.place;
        let affinity = if max_kind > 0.0 {
            kind_ties.get(&p.kind).copied().unwrap_or(0.0) / max_kind
        } else {
            0.0
        };
        raw_complementarity.push(complementarity);
        raw_pagerank.push(ppr);
        raw_ties.push(tie.map_or(0.0, |t| f64::from(t.count)));
        table.candidates.push(org);
        table.brings_direction.push(brought > 0);
        table.values.push([
            0.0,
            fit,
            relevance,
            0.0,
            0.0,
            activity,
            0.0,
            f64::from(u8::from(same_chain)),
            f64::from(u8::from(same_place)),
            affinity,
            standing(p),
            locality_scores.score(p.locality),
            recency,
        ]);
    }
    let max_of = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let (max_c, max_p, max_t, max_a) = (
        max_of(&raw_complementarity),
        max_of(&raw_pagerank),
        max_of(&raw_ties),
        max_of(&raw_common),
    );
    for (i, row) in table.values.iter_mut().enumerate() {
        row[0] = if max_c > 0.0 {
            raw_complementarity[i] / max_c
        } else {
            0.0
        };
        row[3] = if max_p > 0.0 {
            raw_pagerank[i] / max_p
        } else {
            0.0
        };
        row[4] = if max_a > 0.0 {
            raw_common[i] / max_a
        } else {
            0.0
        };
        row[6] = if max_t > 0.0 {
            (1.0 + raw_ties[i]).ln() / (1.0 + max_t).ln()
        } else {
            0.0
        };
    }
    table.idf = idf;
    table
}

/// One ranked partner before its evidence is gathered.
struct Scored {
    org: OrgIndex,
    score: f64,
    signals: ScoreParts,
}

/// Ranks partners for the organisation `firm_id` (usually a firm).
///
/// Errors: unknown firm or direction id.
pub fn find_partners(
    graph: &KnowledgeGraph,
    firm_id: &str,
    options: &PartnerOptions,
) -> Result<PartnersReport, MatchError> {
    let firm = graph
        .find_organisation(firm_id)
        .ok_or_else(|| MatchError::Unknown {
            what: "organisation",
            id: firm_id.to_owned(),
        })?;
    let direction = options
        .direction
        .as_deref()
        .map(|id| {
            graph.find_direction(id).ok_or_else(|| MatchError::Unknown {
                what: "direction",
                id: id.to_owned(),
            })
        })
        .transpose()?;
    let f = graph.organisation(firm);
    let as_of = graph.as_of();
    let table = partner_signals(
        graph,
        firm,
        direction,
        options.kind,
        &options.pagerank,
        &options.weights.locality_scores,
    );
    let weights = &options.weights;
    let unit = weights.unit();
    let led = direction.is_some() && !options.broad;
    let scored: Vec<Scored> = table
        .ranking(weights, led)
        .into_iter()
        .filter(|&i| !options.new_only || graph.tie_between(firm, table.candidates[i]).is_none())
        .take(options.top)
        .map(|i| {
            let parts = ScoreParts(
                SIGNALS
                    .iter()
                    .zip(table.values[i].iter().zip(weights.weights))
                    .map(|(name, (&v, w))| (*name, weights.shape(v) * w * unit))
                    .collect(),
            );
            Scored {
                org: table.candidates[i],
                score: parts.total(),
                signals: parts,
            }
        })
        .collect();
    let lacking_required = table.lacking_required.clone();
    let idf = table.idf.clone();
    let mut search = ShortestPaths::new(graph.node_count());
    let targets: Vec<u32> = scored.iter().map(|s| s.org.0).collect();
    search.run(graph.csr(), &[firm.0], Some(&targets));
    let partners = scored
        .into_iter()
        .enumerate()
        .map(|(rank, s)| {
            let p = graph.organisation(s.org);
            let mut brings: Vec<crate::graph::CapabilityIndex> = p
                .capabilities
                .iter()
                .copied()
                .filter(|&c| !f.holds(c))
                .collect();
            brings.sort_by(|&a, &b| {
                let in_direction = |c| lacking_required.binary_search(&c).is_ok();
                in_direction(b)
                    .cmp(&in_direction(a))
                    .then(idf[b.index()].total_cmp(&idf[a.index()]))
                    .then(a.cmp(&b))
            });
            let tie = graph.tie_between(firm, s.org).map(|t| TieEvidence {
                count: t.count,
                first_year: t.first_year,
                last_year: t.last_year,
                kinds: t.kinds().collect(),
            });
            let paths = match (search.distance(s.org.0), search.path_to(s.org.0)) {
                (Some(d), Some(path)) => vec![graph.path_evidence(d, &path)],
                _ => Vec::new(),
            };
            let direction_brings: Vec<_> = brings
                .iter()
                .filter(|&&c| lacking_required.binary_search(&c).is_ok())
                .map(|&c| graph.capability_ref(c))
                .collect();
            let reason = partner_reason(&direction_brings, &brings, graph, tie.as_ref(), &paths);
            Partner {
                rank: rank + 1,
                id: p.id.clone(),
                label: p.labels.clone(),
                kind: p.kind,
                score: s.score,
                signal_labels: crate::matching::report::part_labels(&s.signals),
                reason,
                signals: s.signals,
                existing_tie: tie.is_some(),
                evidence: PartnerEvidence {
                    direction_brings,
                    brings: brings
                        .into_iter()
                        .map(|c| graph.capability_ref(c))
                        .collect(),
                    tie,
                    paths,
                },
            }
        })
        .collect();
    Ok(PartnersReport {
        firm: graph.node_ref(firm.0),
        direction: direction.map(|d| graph.direction_ref(d)),
        as_of,
        direction_first: led,
        partners,
    })
}

/// A partner's case in one line, in both languages: what it brings (the direction's first), the
/// tie, and through whom it is reached.
fn partner_reason(
    direction_brings: &[crate::matching::report::EntityRef],
    brings: &[crate::graph::CapabilityIndex],
    graph: &KnowledgeGraph,
    tie: Option<&TieEvidence>,
    paths: &[crate::matching::report::PathEvidence],
) -> crate::graph::Labels {
    use crate::base::Lang;
    let list = |refs: &[crate::matching::report::EntityRef], lang: Lang, sep: &str| {
        refs.iter()
            .take(3)
            .map(|c| c.label(lang).to_owned())
            .collect::<Vec<_>>()
            .join(sep)
    };
    let all: Vec<_> = brings.iter().map(|&c| graph.capability_ref(c)).collect();
    let (mut zh, mut en) = if !direction_brings.is_empty() {
        (
            format!("带来方向所需的{}", list(direction_brings, Lang::Zh, "、")),
            format!(
                "brings {} that the direction needs",
                list(direction_brings, Lang::En, ", ")
            ),
        )
    } else if !all.is_empty() {
        (
            format!("带来{}", list(&all, Lang::Zh, "、")),
            format!("brings {}", list(&all, Lang::En, ", ")),
        )
    } else {
        (
            "技术领域相近".to_owned(),
            "works in the same field".to_owned(),
        )
    };
    match tie {
        Some(t) => {
            zh.push_str(&format!(
                "；已有 {} 次合作（{}–{}）",
                t.count, t.first_year, t.last_year
            ));
            en.push_str(&format!(
                "; {} collaborations already ({}–{})",
                t.count, t.first_year, t.last_year
            ));
        }
        None => match paths.first().filter(|p| p.path.len() > 2) {
            Some(path) => {
                let via = &path.path[1];
                zh.push_str(&format!("；尚无合作，可经{}联系", via.label.get(Lang::Zh)));
                en.push_str(&format!(
                    "; no tie yet, reachable through {}",
                    via.label.get(Lang::En)
                ));
            }
            None => {
                zh.push_str("；尚无合作");
                en.push_str("; no tie yet");
            }
        },
    }
    crate::graph::Labels::new(zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::testing::fixture_a;

    /// The hand-set weights the fixtures' answers were worked out with (linear signals), so that a
    /// new fit of the shipped weights does not move them.
    fn hand() -> PartnerOptions {
        let weights = PartnerWeights::from_json(
            r#"{"weights": {"complementarity": 0.15, "technical_fit": 0.25,
                "direction_relevance": 0.25, "proximity": 0.2, "activity": 0.1, "level": 0.05,
                "locality": 0.05, "recency": 0.05}}"#,
        )
        .expect("hand weights");
        PartnerOptions {
            weights,
            ..PartnerOptions::default()
        }
    }

    #[test]
    fn the_shipped_weights_are_a_fit_and_bad_files_are_refused() {
        let shipped = PartnerWeights::default();
        assert!((shipped.weights.iter().sum::<f64>() - 1.0).abs() < 1e-3);
        assert!(SHIPPED_WEIGHTS.contains("coordinate ascent"));
        for bad in [
            "{}",
            r#"{"weights": {"charm": 1}}"#,
            r#"{"weights": {"activity": -1}}"#,
            r#"{"weights": {"activity": 0}}"#,
            r#"{"weights": {"activity": 1}, "epsilon": 0}"#,
        ] {
            assert!(PartnerWeights::from_json(bad).is_err(), "{bad}");
        }
        let w =
            PartnerWeights::from_json(r#"{"weights": {"activity": 1}, "epsilon": 0.1}"#).unwrap();
        assert!((w.shape(1.0) - 1.0).abs() < 1e-12 && w.shape(0.0) == 0.0);
        assert!(
            w.shape(0.1) > 0.1,
            "a small ε lifts small signals, as a product's factor does"
        );
    }

    fn ids(report: &PartnersReport) -> Vec<&str> {
        report.partners.iter().map(|p| p.id.as_str()).collect()
    }

    /// Partners for `lead` in fixture A with direction T01 (lead lacks b, c, d).
    /// By hand: y scores ≈ 0.58 — the strongest tie (proximity 0.20), the most active (0.10), b
    /// (complementarity 0.15·1.30/2.91 ≈ 0.07, relevance 0.25/3), level 0.05·2/3, locality and
    /// recency 0.05 each — ahead of x ≈ 0.48 + 0.2·(its PageRank share), which brings b and c (the
    /// largest complementarity, 2/3 relevance) over a weak contracted-R&D tie. `other` holds lead's
    /// own capability a (technical fit 1) though unconnected, so it is a candidate; ext-de is
    /// reached through y.
    #[test]
    fn partners_are_ranked_by_weighted_signals_with_evidence() {
        let g = fixture_a();
        let options = PartnerOptions {
            direction: Some("T01".into()),
            ..hand()
        };
        let report = find_partners(&g, "lead", &options).unwrap();
        assert_eq!(report.firm.id, "lead");
        assert_eq!(report.as_of, 2024);
        let ranked = ids(&report);
        assert_eq!(ranked[..2], ["y", "x"]);
        assert!(ranked.contains(&"other") && !ranked.contains(&"lead"));
        for p in &report.partners {
            assert!((p.signals.total() - p.score).abs() < 1e-12);
            assert_eq!(
                p.existing_tie,
                ["x", "y", "z"].contains(&p.id.as_str()),
                "{}",
                p.id
            );
        }
        let x = &report.partners[1];
        let brings: Vec<_> = x.evidence.brings.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            brings,
            ["c", "b"],
            "direction capabilities first, the rarer (c: 2 holders) first"
        );
        // Signals on 0–100: each weighted signal times 100 / (sum of the weights, 1.1).
        let unit = 100.0 / 1.1;
        assert!((x.signals.get("complementarity").unwrap() - 0.15 * unit).abs() < 1e-9);
        assert!(
            (x.signals.get("direction_relevance").unwrap() - 0.25 * 2.0 / 3.0 * unit).abs() < 1e-9
        );
        assert!((x.signals.get("recency").unwrap() - 0.05 * unit).abs() < 1e-9);
        assert!(
            report
                .partners
                .iter()
                .all(|p| (0.0..=100.0).contains(&p.score))
        );
        let de = report.partners.iter().find(|p| p.id == "ext-de").unwrap();
        let path: Vec<_> = de.evidence.paths[0]
            .path
            .iter()
            .map(|n| n.id.as_str())
            .collect();
        assert_eq!(path, ["lead", "y", "ext-de"]);
        assert!((de.evidence.paths[0].distance - 0.75).abs() < 1e-12);
        assert!(de.evidence.tie.is_none());

        let labs = find_partners(
            &g,
            "lead",
            &PartnerOptions {
                kind: Some(KindFilter::Lab),
                ..options.clone()
            },
        )
        .unwrap();
        assert_eq!(ids(&labs), ["z"]);
        let top2 = find_partners(&g, "lead", &PartnerOptions { top: 2, ..options }).unwrap();
        assert_eq!(top2.partners.len(), 2);
        assert!(matches!(
            find_partners(&g, "nobody", &PartnerOptions::default()),
            Err(MatchError::Unknown { .. })
        ));
    }

    /// With T01 (lead lacks b, c, d) every partner that brings one of them ranks before `other` and
    /// `small`, which hold only lead's own a: by score `other` (technical fit 1, a leading firm) beats
    /// ext-bj (d alone, far away), but the direction leads. `broad` orders by score alone, and
    /// `new_only` drops x, y and z (lead's ties) without changing anyone's score.
    #[test]
    fn the_direction_leads_the_ranking_and_new_only_drops_the_ties() {
        let g = fixture_a();
        let options = PartnerOptions {
            direction: Some("T01".into()),
            top: 20,
            ..hand()
        };
        let report = find_partners(&g, "lead", &options).unwrap();
        assert!(report.direction_first);
        let brings = |p: &crate::matching::report::Partner| !p.evidence.direction_brings.is_empty();
        let first_without = report.partners.iter().position(|p| !brings(p)).unwrap();
        assert!(report.partners[first_without..].iter().all(|p| !brings(p)));
        let mut rest: Vec<&str> = ids(&report)[first_without..].to_vec();
        rest.sort_unstable();
        assert_eq!(rest, ["other", "small"]);
        let score = |report: &PartnersReport, id: &str| {
            report.partners.iter().find(|p| p.id == id).unwrap().score
        };
        assert!(score(&report, "other") > score(&report, "ext-bj"));
        let bj = report.partners.iter().find(|p| p.id == "ext-bj").unwrap();
        let direction: Vec<_> = bj
            .evidence
            .direction_brings
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(direction, ["d"]);
        assert!(
            bj.reason.zh.starts_with("带来方向所需的d·中；尚无合作"),
            "{}",
            bj.reason.zh
        );
        let y = report.partners.iter().find(|p| p.id == "y").unwrap();
        assert!(
            y.reason.zh.contains("已有 3 次合作（2024–2024）"),
            "{}",
            y.reason.zh
        );

        let broad = find_partners(
            &g,
            "lead",
            &PartnerOptions {
                broad: true,
                ..options.clone()
            },
        )
        .unwrap();
        assert!(!broad.direction_first);
        assert!(broad.partners.windows(2).all(|w| w[0].score >= w[1].score));
        let by_score = ids(&broad);
        let other = by_score.iter().position(|id| *id == "other").unwrap();
        let ext_bj = by_score.iter().position(|id| *id == "ext-bj").unwrap();
        assert!(other < ext_bj);

        let fresh = find_partners(
            &g,
            "lead",
            &PartnerOptions {
                new_only: true,
                ..options.clone()
            },
        )
        .unwrap();
        assert!(fresh.partners.iter().all(|p| !p.existing_tie));
        for id in ["x", "y", "z"] {
            assert!(!ids(&fresh).contains(&id), "{id} is a tie of lead");
        }
        for p in &fresh.partners {
            assert!((p.score - score(&report, &p.id)).abs() < 1e-12, "{}", p.id);
        }
    }

    /// Proximity follows personalized PageRank, which follows strength: y and z (strength 3 each to
    /// lead) are closer than x (strength 0.5) and than ext-de, two hops away.
    #[test]
    fn proximity_prefers_strong_ties() {
        let g = fixture_a();
        let report = find_partners(&g, "lead", &PartnerOptions::default()).unwrap();
        let proximity = |id: &str| {
            report
                .partners
                .iter()
                .find(|p| p.id == id)
                .and_then(|p| p.signals.get("proximity"))
                .unwrap()
        };
        assert!(proximity("y") > proximity("x"));
        assert!(proximity("z") > proximity("ext-de"));
    }
}
