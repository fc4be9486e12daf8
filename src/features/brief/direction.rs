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
                        "方案 {}（匹配度 {:.1}）：牵头 {}；成员 {}",
                        c.rank,
                        c.score,
                        c.leader.label.get(lang),
                        members
                    ),
                    Lang::En => format!(
                        "Option {} (match {:.1}): led by {}; members {}",
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
        c.leader.label.get(lang).to_owned(),
        c.leader.kind.label(lang).to_owned(),
        names(&c.leader.covers),
        String::new(),
    ]];
    for m in &c.members {
        // The organisations in between, as people read a path.
        let steps = &m.evidence.path;
        let via: Vec<&str> = if steps.len() > 2 {
            steps[1..steps.len() - 1]
                .iter()
                .map(|n| n.label.get(lang))
                .collect()
        } else {
            Vec::new()
        };
        rows.push(vec![
            t(lang, "成员", "member").to_owned(),
            m.label.get(lang).to_owned(),
            m.kind.label(lang).to_owned(),
            match m.added_by {
                Some(rule) => format!(
                    "{}{}",
                    t(lang, "规则补充：", "added by rule: "),
                    crate::matching::composition::rule_label(rule).get(lang)
                ),
                None => names(&m.covers),
            },
            match (m.evidence.path.len(), lang) {
                (0 | 1, _) => String::new(),
                (2, _) => t(lang, "直接相连", "direct link").to_owned(),
                (_, Lang::Zh) => format!("经{}", via.join(" → ")),
                (_, Lang::En) => format!("via {}", via.join(" → ")),
            },
        ]);
    }
    let mut blocks = vec![
        Block::Paragraph(match lang {
            Lang::Zh => format!(
                "方案 {}：匹配度 {:.1}（满分 100），覆盖所需能力 {}/{}{}。",
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
                "Option {}: match {:.1} of 100, covers {}/{} required capabilities{}.",
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
                Lang::Zh => ["角色", "单位", "类型", "承担能力", "与牵头单位的联系"],
                Lang::En => [
                    "role",
                    "organisation",
                    "kind",
                    "covers",
                    "link to the leader",
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
