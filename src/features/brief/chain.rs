//! The sections about a chain: a chain brief's resources and its directions' consortia, and the key
//! figures of a chain that every brief carries for its chains.

use super::BriefOptions;
use super::shared::{gap_blocks, match_error, tier_label, who_covers};
use super::summary::{Block, join, t};
use crate::base::Lang;
use crate::base::error::Error;
use crate::base::kind::Kind;
use crate::features::export::StoreFacts;
use crate::graph::Tier;
use crate::graph::{ChainIndex, KnowledgeGraph, OrgIndex};
use crate::matching::{ConsortiumOptions, Gap, form_consortium};
use std::collections::BTreeMap;

pub(super) fn chain_blocks(
    graph: &KnowledgeGraph,
    chain: ChainIndex,
    lang: Lang,
) -> Result<Vec<Block>, Error> {
    let mut blocks = vec![Block::Heading(
        2,
        t(
            lang,
            "8×10 支撑创新资源",
            "Innovation resources on the 8×10 list",
        )
        .to_owned(),
    )];
    let mut rows = Vec::new();
    for org in graph.organisations() {
        if org.supported_chains.binary_search(&chain).is_ok() {
            rows.push(vec![
                org.labels.get(lang).to_owned(),
                org.kind.label(lang).to_owned(),
                org.level
                    .map(|l| l.label(lang))
                    .unwrap_or_default()
                    .to_owned(),
                if org.is_local() && org.locality == crate::graph::Locality::InCity {
                    t(lang, "本市", "in the city")
                } else {
                    t(lang, "市外", "outside the city")
                }
                .to_owned(),
            ]);
        }
    }
    blocks.push(Block::Table(
        match lang {
            Lang::Zh => ["单位", "类型", "级别", "所在"],
            Lang::En => ["organisation", "kind", "level", "located"],
        }
        .map(str::to_owned)
        .to_vec(),
        rows,
    ));
    blocks.push(Block::Heading(
        2,
        t(
            lang,
            "攻关方向与推荐联合体：谁承担什么",
            "Directions and proposed consortia: who covers what",
        )
        .to_owned(),
    ));
    let mut rows = Vec::new();
    let mut gaps: Vec<Gap> = Vec::new();
    for direction in graph.directions().iter().filter(|d| d.chain == chain) {
        let report = form_consortium(graph, &direction.id, &ConsortiumOptions::default())
            .map_err(match_error)?;
        let (leader, members, uncovered) = match report.consortia.first() {
            Some(c) => (
                who_covers(&c.leader.label, &c.leader.covers, lang),
                c.members
                    .iter()
                    .map(|m| who_covers(&m.label, &m.covers, lang))
                    .collect::<Vec<_>>()
                    .join("；"),
                c.uncovered
                    .iter()
                    .map(|u| u.label(lang).to_owned())
                    .collect::<Vec<_>>()
                    .join(join(lang)),
            ),
            None => (
                t(lang, "（无合格牵头单位）", "(no eligible leader)").to_owned(),
                String::new(),
                String::new(),
            ),
        };
        rows.push(vec![
            format!("{} {}", direction.notation, direction.labels.get(lang)),
            leader,
            members,
            uncovered,
        ]);
        gaps.extend(report.gaps);
    }
    blocks.push(Block::Table(
        match lang {
            Lang::Zh => [
                "攻关方向",
                "牵头单位（承担能力）",
                "成员（承担能力）",
                "缺口",
            ],
            Lang::En => ["direction", "leader (covers)", "members (cover)", "gaps"],
        }
        .map(str::to_owned)
        .to_vec(),
        rows,
    ));
    blocks.push(Block::Heading(
        2,
        t(lang, "缺口与可引进单位", "Gaps and whom to recruit").to_owned(),
    ));
    gaps.sort_by(|a, b| a.capability.id.cmp(&b.capability.id));
    gaps.dedup_by(|a, b| a.capability.id == b.capability.id);
    blocks.extend(gap_blocks(&gaps, lang));
    Ok(blocks)
}

/// Key figures of a chain from the graph: its 8×10 resources by kind, firms by tier, leading firms,
/// directions and their local coverage; firms' summed figures only with financials.
pub(super) fn chain_figures(
    graph: &KnowledgeGraph,
    facts: &StoreFacts,
    chain: ChainIndex,
    options: &BriefOptions,
) -> Vec<Block> {
    let lang = options.lang;
    let mut resources: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut tiers: BTreeMap<Option<Tier>, usize> = BTreeMap::new();
    let (mut firms, mut leading) = (0, 0);
    let mut firm_ids: Vec<&str> = Vec::new();
    for org in graph.organisations() {
        if org.supported_chains.binary_search(&chain).is_ok() {
            *resources.entry(org.kind).or_default() += 1;
        }
        if org.kind == Kind::Firm && org.chains.binary_search(&chain).is_ok() {
            firms += 1;
            leading += usize::from(org.leading_firm);
            *tiers.entry(org.tier).or_default() += 1;
            firm_ids.push(&org.id);
        }
    }
    let directions: Vec<_> = graph
        .directions()
        .iter()
        .filter(|d| d.chain == chain)
        .collect();
    let mut required: Vec<_> = directions
        .iter()
        .flat_map(|d| d.required.iter().copied())
        .collect();
    required.sort();
    required.dedup();
    let covered = required
        .iter()
        .filter(|&&c| {
            graph
                .holders(c)
                .iter()
                .any(|&h: &OrgIndex| graph.organisation(h).is_local())
        })
        .count();
    let total_resources: usize = resources.values().sum();
    let by_kind = resources
        .iter()
        .map(|(k, n)| format!("{} {n}", k.label(lang)))
        .collect::<Vec<_>>()
        .join(join(lang));
    let by_tier = tiers
        .iter()
        .map(|(tier, n)| {
            let name = tier.map_or(t(lang, "未评级", "no tier"), |x| tier_label(x, lang));
            format!("{name} {n}")
        })
        .collect::<Vec<_>>()
        .join(join(lang));
    let label = graph.chain(chain).labels.get(lang);
    let mut items = vec![
        match lang {
            Lang::Zh => format!("{label}：8×10 支撑创新资源 {total_resources} 家（{by_kind}）"),
            Lang::En => format!(
                "{label}: {total_resources} innovation resources on the 8×10 list ({by_kind})"
            ),
        },
        match lang {
            Lang::Zh => format!("链上企业 {firms} 家，其中龙头企业 {leading} 家；梯队：{by_tier}"),
            Lang::En => format!(
                "{firms} firms in the chain, {leading} of them leading firms; tiers: {by_tier}"
            ),
        },
        match lang {
            Lang::Zh => format!(
                "攻关方向 {} 个，所需能力 {} 项，本地单位可覆盖 {} 项",
                directions.len(),
                required.len(),
                covered
            ),
            Lang::En => format!(
                "{} key-technology directions needing {} capabilities, {} of them held by local actors",
                directions.len(),
                required.len(),
                covered
            ),
        },
    ];
    if options.include_financials {
        let (mut revenue, mut rd, mut counted) = (0.0, 0.0, 0);
        for id in &firm_ids {
            if let Some(f) = facts.figures(id, graph.as_of()) {
                revenue += f.revenue.unwrap_or(0.0);
                rd += f.rd_spend.unwrap_or(0.0);
                counted += 1;
            }
        }
        items.push(match lang {
            Lang::Zh => format!(
                "{counted} 家企业年度指标合计（截至 {} 年）：营业收入 {:.1} 万元，研发投入 {:.1} 万元，研发强度 {:.2}%",
                graph.as_of(),
                revenue,
                rd,
                if revenue > 0.0 { rd / revenue * 100.0 } else { 0.0 }
            ),
            Lang::En => format!(
                "Figures of {counted} firms (up to {}): revenue {:.1}, R&D spend {:.1} (10k CNY), R&D intensity {:.2}%",
                graph.as_of(),
                revenue,
                rd,
                if revenue > 0.0 { rd / revenue * 100.0 } else { 0.0 }
            ),
        });
    }
    vec![Block::List(items)]
}
