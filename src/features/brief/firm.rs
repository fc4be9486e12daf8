//! The sections of a firm's brief: the firm, its proposed partners, the consortia of its chains'
//! directions and its role in them, and their gaps.

use super::shared::{gap_blocks, match_error, tier_label, who_covers};
use super::summary::{Block, join, t};
use crate::base::Lang;
use crate::base::error::Error;
use crate::graph::{KnowledgeGraph, OrgIndex};
use crate::matching::{ConsortiumOptions, Gap, PartnersReport, form_consortium};

pub(super) fn firm_blocks(
    graph: &KnowledgeGraph,
    org: OrgIndex,
    partners: &PartnersReport,
    lang: Lang,
) -> Result<Vec<Block>, Error> {
    let firm = graph.organisation(org);
    let chains = firm
        .chains
        .iter()
        .map(|&c| graph.chain(c).labels.get(lang).to_owned())
        .collect::<Vec<_>>()
        .join(join(lang));
    let mut blocks = vec![Block::Paragraph(match lang {
        Lang::Zh => format!(
            "{}：{}{}；所属产业链：{}；掌握能力 {} 项。",
            firm.labels.get(lang),
            firm.tier.map_or("未评级", |x| tier_label(x, lang)),
            if firm.leading_firm {
                "，龙头企业"
            } else {
                ""
            },
            if chains.is_empty() { "无" } else { &chains },
            firm.capabilities.len()
        ),
        Lang::En => format!(
            "{}: {}{}; chains: {}; holds {} capabilities.",
            firm.labels.get(lang),
            firm.tier.map_or("no tier", |x| tier_label(x, lang)),
            if firm.leading_firm {
                ", leading firm"
            } else {
                ""
            },
            if chains.is_empty() { "none" } else { &chains },
            firm.capabilities.len()
        ),
    })];
    blocks.push(Block::Heading(
        2,
        t(lang, "推荐合作伙伴", "Proposed partners").to_owned(),
    ));
    let rows = partners
        .partners
        .iter()
        .map(|p| {
            vec![
                p.rank.to_string(),
                p.label.get(lang).to_owned(),
                p.kind.label(lang).to_owned(),
                format!("{:.1}", p.score),
                if p.existing_tie {
                    t(lang, "是", "yes")
                } else {
                    ""
                }
                .to_owned(),
                p.evidence
                    .brings
                    .iter()
                    .take(4)
                    .map(|c| c.label(lang).to_owned())
                    .collect::<Vec<_>>()
                    .join(join(lang)),
            ]
        })
        .collect();
    blocks.push(Block::Table(
        match lang {
            Lang::Zh => [
                "排名",
                "合作伙伴",
                "类型",
                "匹配度",
                "已有合作",
                "带来的能力",
            ],
            Lang::En => ["rank", "partner", "kind", "match", "existing tie", "brings"],
        }
        .map(str::to_owned)
        .to_vec(),
        rows,
    ));
    // Where the firm stands in its chains' directions: the consortia it is part of.
    blocks.push(Block::Heading(
        2,
        t(
            lang,
            "所在产业链攻关方向的推荐联合体：谁承担什么",
            "Consortia for its chains' directions: who covers what",
        )
        .to_owned(),
    ));
    let mut rows = Vec::new();
    let mut gaps: Vec<Gap> = Vec::new();
    for direction in graph
        .directions()
        .iter()
        .filter(|d| firm.chains.contains(&d.chain))
    {
        let report = form_consortium(graph, &direction.id, &ConsortiumOptions::default())
            .map_err(match_error)?;
        let Some(c) = report.consortia.first() else {
            continue;
        };
        let role = if c.leader.id == firm.id {
            t(lang, "牵头", "leader")
        } else if c.members.iter().any(|m| m.id == firm.id) {
            t(lang, "成员", "member")
        } else {
            t(lang, "未入选", "not in it")
        };
        rows.push(vec![
            format!("{} {}", direction.notation, direction.labels.get(lang)),
            role.to_owned(),
            who_covers(&c.leader.label, &c.leader.covers, lang),
            c.members
                .iter()
                .map(|m| who_covers(&m.label, &m.covers, lang))
                .collect::<Vec<_>>()
                .join("；"),
        ]);
        gaps.extend(report.gaps);
    }
    blocks.push(Block::Table(
        match lang {
            Lang::Zh => [
                "攻关方向",
                "本企业角色",
                "牵头单位（承担能力）",
                "成员（承担能力）",
            ],
            Lang::En => [
                "direction",
                "this firm",
                "leader (covers)",
                "members (cover)",
            ],
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
