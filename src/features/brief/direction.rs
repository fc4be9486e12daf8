//! The sections of a direction's brief: its required capabilities, the proposed consortium (who
//! covers what), gaps and whom to recruit, and the alternatives.

use super::shared::gap_blocks;
use super::summary::{Block, join, t};
use crate::base::Lang;
use crate::matching::{Consortium, ConsortiumReport};

pub(super) fn direction_blocks(report: &ConsortiumReport, lang: Lang) -> Vec<Block> {
    let required = report.required_capabilities.len();
    let mut blocks = vec![
        Block::Paragraph(match lang {
            Lang::Zh => format!(
                "所属产业链：{}；所需能力 {} 项：{}。",
                report.chain.label(lang),
                required,
                report
                    .required_capabilities
                    .iter()
                    .map(|c| c.label(lang))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            Lang::En => format!(
                "Chain: {}; {} required capabilities: {}.",
                report.chain.label(lang),
                required,
                report
                    .required_capabilities
                    .iter()
                    .map(|c| c.label(lang))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
        Block::Heading(
            2,
            t(
                lang,
                "推荐创新联合体：谁承担什么",
                "Proposed consortium: who covers what",
            )
            .to_owned(),
        ),
    ];
    match report.consortia.first() {
        Some(best) => blocks.extend(consortium_blocks(best, required, lang)),
        None => blocks.push(Block::Paragraph(
            t(
                lang,
                "没有符合条件的牵头单位，未能组建联合体。",
                "No eligible leader: no consortium could be formed.",
            )
            .to_owned(),
        )),
    }
    blocks.push(Block::Heading(
        2,
        t(lang, "缺口与可引进单位", "Gaps and whom to recruit").to_owned(),
    ));
    blocks.extend(gap_blocks(&report.gaps, lang));
    if report.consortia.len() > 1 {
        blocks.push(Block::Heading(
            2,
            t(lang, "备选方案", "Alternatives").to_owned(),
        ));
        let items = report.consortia[1..]
            .iter()
            .map(|c| {
                let members = c
                    .members
                    .iter()
                    .map(|m| m.label.get(lang).to_owned())
                    .collect::<Vec<_>>()
                    .join(join(lang));
                match lang {
                    Lang::Zh => format!(
                        "方案 {}（得分 {:.3}）：牵头 {}；成员 {}",
                        c.rank,
                        c.score,
                        c.leader.label.get(lang),
                        members
                    ),
                    Lang::En => format!(
                        "Option {} (score {:.3}): led by {}; members {}",
                        c.rank,
                        c.score,
                        c.leader.label.get(lang),
                        members
                    ),
                }
            })
            .collect();
        blocks.push(Block::List(items));
    }
    blocks
}

/// The rows of the consortium table: role, organisation, kind, what it covers, link to the leader.
fn consortium_blocks(c: &Consortium, required: usize, lang: Lang) -> Vec<Block> {
    let names = |items: &[crate::matching::EntityRef]| {
        items
            .iter()
            .map(|e| e.label(lang).to_owned())
            .collect::<Vec<_>>()
            .join(join(lang))
    };
    let mut rows = vec![vec![
        t(lang, "牵头", "leader").to_owned(),
        format!("{} ({})", c.leader.label.get(lang), c.leader.id),
        c.leader.kind.label(lang).to_owned(),
        names(&c.leader.covers),
        String::new(),
    ]];
    for m in &c.members {
        let path = m
            .evidence
            .path
            .iter()
            .map(|n| n.label.get(lang).to_owned())
            .collect::<Vec<_>>()
            .join(" → ");
        rows.push(vec![
            t(lang, "成员", "member").to_owned(),
            format!("{} ({})", m.label.get(lang), m.id),
            m.kind.label(lang).to_owned(),
            names(&m.covers),
            if m.evidence.path.len() > 1 {
                format!("{path} [{:.3}]", m.evidence.distance)
            } else {
                String::new()
            },
        ]);
    }
    let mut blocks = vec![
        Block::Paragraph(match lang {
            Lang::Zh => format!(
                "方案 {}：得分 {:.3}，覆盖所需能力 {}/{}{}。",
                c.rank,
                c.score,
                c.covered.len(),
                required,
                if c.core_exact {
                    ""
                } else {
                    "（受规模上限约束，非精确最优）"
                }
            ),
            Lang::En => format!(
                "Option {}: score {:.3}, covers {}/{} required capabilities{}.",
                c.rank,
                c.score,
                c.covered.len(),
                required,
                if c.core_exact {
                    ""
                } else {
                    " (capped by size, not exact)"
                }
            ),
        }),
        Block::Table(
            match lang {
                Lang::Zh => [
                    "角色",
                    "单位",
                    "类型",
                    "承担能力",
                    "与牵头单位的联系（路径与距离）",
                ],
                Lang::En => [
                    "role",
                    "organisation",
                    "kind",
                    "covers",
                    "link to the leader (path, distance)",
                ],
            }
            .map(str::to_owned)
            .to_vec(),
            rows,
        ),
    ];
    if !c.uncovered.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "{}{}",
            t(lang, "本地无人掌握：", "No local actor holds: "),
            names(&c.uncovered)
        )));
    }
    blocks
}
