//! `match partners`: ranked cooperation partners for one firm, each scored as a sum of named,
//! weighted signals and carrying its evidence (capabilities it brings, the tie, the path).
//!
//! # Signals (each on a 0–1 scale, then multiplied by its weight in [`PartnerWeights`])
//!
//! | signal | value for candidate p and firm f | default weight |
//! |---|---|---|
//! | `complementarity` | `Σ_{c ∈ caps(p) ∖ caps(f)} idf(c)`, divided by the largest such sum among candidates; `idf(c) = ln(1 + N / holders(c))` over the N organisations | 0.15 |
//! | `technical_fit` | cosine of f's and p's capability vectors, each capability weighted by its idf and also counting half its broader capability, so that firms meet partners of their own field | 0.25 |
//! | `direction_relevance` | share of the direction's required capabilities that f lacks and p holds (0 without a direction) | 0.25 |
//! | `proximity` | personalized PageRank from f (see [`pagerank`](crate::matching::pagerank)), divided by the largest among candidates | 0.20 |
//! | `activity` | `ln(1 + degree(p)) / ln(1 + largest degree)`: organisations that collaborate a lot keep doing so (preferential attachment) | 0.10 |
//! | `level` | [`standing`]: level rank / 3, firms tier / 4 or 1 if leading | 0.05 |
//! | `locality` | [`LocalityScores`]: in city 1.0, on the 8×10 list 0.8, domestic 0.4, international 0.4 | 0.05 |
//! | `recency` | for an existing tie, `yearly_decay ^ (as_of − last year)` (see [`crate::graph::weights`]); 0 without one | 0.05 |
//!
//! The weights were set from the link-prediction literature's usual ingredients (shared field,
//! proximity, preferential attachment) before evaluation, not fitted to the held-out test splits; see
//! `benches/partners_eval.rs` and docs/EVALUATION.md.
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

/// The weights of the partner signals.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerWeights {
    pub complementarity: f64,
    pub technical_fit: f64,
    pub direction_relevance: f64,
    pub proximity: f64,
    pub activity: f64,
    pub level: f64,
    pub locality: f64,
    pub recency: f64,
    pub locality_scores: LocalityScores,
}

impl Default for PartnerWeights {
    fn default() -> Self {
        PartnerWeights {
            complementarity: 0.15,
            technical_fit: 0.25,
            direction_relevance: 0.25,
            proximity: 0.20,
            activity: 0.10,
            level: 0.05,
            locality: 0.05,
            recency: 0.05,
            locality_scores: LocalityScores::default(),
        }
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

struct Scored {
    org: OrgIndex,
    complementarity: f64,
    fit: f64,
    relevance: f64,
    pagerank: f64,
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
            graph
                .direction(d)
                .required
                .iter()
                .copied()
                .filter(|&c| !f.holds(c))
                .collect()
        })
        .unwrap_or_default();
    let pagerank = personalized_pagerank(graph.csr(), firm.0, &options.pagerank);
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
    let degree = |o: OrgIndex| graph.csr().targets_of(o.0).len() as f64;
    let max_degree = (0..graph.organisations().len())
        .map(|i| degree(OrgIndex(i as u32)))
        .fold(0.0, f64::max);
    let weights = &options.weights;
    let as_of = graph.as_of();
    let policy = graph.weight_policy();

    let mut scored: Vec<Scored> = Vec::new();
    for (i, p) in graph.organisations().iter().enumerate() {
        let org = OrgIndex(i as u32);
        if org == firm || f.host == Some(org) || p.host == Some(firm) {
            continue;
        }
        if options.kind.is_some_and(|k| !k.matches(p.kind)) {
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
        let activity = if max_degree > 0.0 {
            (1.0 + degree(org)).ln() / (1.0 + max_degree).ln()
        } else {
            0.0
        };
        let relevance = if lacking_required.is_empty() {
            0.0
        } else {
            lacking_required.iter().filter(|&&c| p.holds(c)).count() as f64
                / lacking_required.len() as f64
        };
        let recency = graph
            .tie_between(firm, org)
            .and_then(|t| policy.recency(t.last_year, as_of))
            .unwrap_or(0.0);
        scored.push(Scored {
            org,
            complementarity,
            fit,
            relevance,
            pagerank: ppr,
            score: 0.0,
            signals: ScoreParts(vec![
                ("activity", weights.activity * activity),
                ("level", weights.level * standing(p)),
                (
                    "locality",
                    weights.locality * weights.locality_scores.score(p.locality),
                ),
                ("recency", weights.recency * recency),
            ]),
        });
    }
    let unit = {
        let w = weights;
        let total = w.complementarity
            + w.technical_fit
            + w.direction_relevance
            + w.proximity
            + w.activity
            + w.level
            + w.locality
            + w.recency;
        if total > 0.0 { 100.0 / total } else { 0.0 }
    };
    let max_complementarity = scored.iter().map(|s| s.complementarity).fold(0.0, f64::max);
    let max_pagerank = scored.iter().map(|s| s.pagerank).fold(0.0, f64::max);
    let normalise = |x: f64, max: f64| if max > 0.0 { x / max } else { 0.0 };
    for s in &mut scored {
        let mut parts = vec![
            (
                "complementarity",
                weights.complementarity * normalise(s.complementarity, max_complementarity),
            ),
            ("technical_fit", weights.technical_fit * s.fit),
            (
                "direction_relevance",
                weights.direction_relevance * s.relevance,
            ),
            (
                "proximity",
                weights.proximity * normalise(s.pagerank, max_pagerank),
            ),
        ];
        parts.append(&mut s.signals.0);
        for (_, value) in &mut parts {
            *value *= unit;
        }
        s.signals = ScoreParts(parts);
        s.score = s.signals.total();
    }
    // Scores are normalised over every candidate, so leaving out the existing ties changes no score.
    if options.new_only {
        scored.retain(|s| graph.tie_between(firm, s.org).is_none());
    }
    // The direction leads: partners bringing some of its lacking capabilities first.
    let led = direction.is_some() && !options.broad;
    let brings_direction = |s: &Scored| led && s.relevance > 0.0;
    scored.sort_by(|a, b| {
        brings_direction(b)
            .cmp(&brings_direction(a))
            .then(b.score.total_cmp(&a.score))
            .then(a.org.cmp(&b.org))
    });
    scored.truncate(options.top);

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
            ..PartnerOptions::default()
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
            ..PartnerOptions::default()
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
