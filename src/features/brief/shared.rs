//! What the sections of several subject kinds share: matching errors as the crate's errors, tier
//! names, the gaps table (whom to recruit) and the "who covers what" cell.

use super::summary::{Block, join, t};
use crate::base::Lang;
use crate::base::error::Error;
use crate::graph::Tier;
use crate::matching::{Gap, MatchError};

pub(super) fn match_error(error: MatchError) -> Error {
    match error {
        MatchError::Unknown { what, id } => Error::UnknownEntity {
            what: what.to_owned(),
            name: id,
            suggestions: Vec::new(),
        },
        other => Error::Usage(other.to_string()),
    }
}

pub(super) fn tier_label(tier: Tier, lang: Lang) -> &'static str {
    tier.label(lang)
}

pub(super) fn gap_blocks(gaps: &[Gap], lang: Lang) -> Vec<Block> {
    if gaps.is_empty() {
        return vec![Block::Paragraph(
            t(
                lang,
                "所需能力均有本地单位掌握，无缺口。",
                "Local actors hold every required capability: no gaps.",
            )
            .to_owned(),
        )];
    }
    let mut rows = Vec::new();
    for gap in gaps {
        if gap.external_candidates.is_empty() {
            rows.push(vec![
                gap.capability.label(lang).to_owned(),
                t(lang, "（图谱中无掌握者）", "(no holder in the map)").to_owned(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for (i, c) in gap.external_candidates.iter().enumerate() {
            rows.push(vec![
                if i == 0 {
                    gap.capability.label(lang).to_owned()
                } else {
                    String::new()
                },
                c.label.get(lang).to_owned(),
                c.kind.label(lang).to_owned(),
                c.country
                    .as_deref()
                    .map(|code| crate::analytics::country_label(code, lang))
                    .unwrap_or_default(),
                format!("{:.1}", c.score),
            ]);
        }
    }
    vec![Block::Table(
        match lang {
            Lang::Zh => ["缺口能力", "可引进单位", "类型", "国家/地区", "招引适配度"],
            Lang::En => [
                "gap capability",
                "whom to recruit",
                "kind",
                "country",
                "fit (0–100)",
            ],
        }
        .map(str::to_owned)
        .to_vec(),
        rows,
    )]
}

pub(super) fn who_covers(
    label: &crate::graph::Labels,
    covers: &[crate::matching::EntityRef],
    lang: Lang,
) -> String {
    if covers.is_empty() {
        return label.get(lang).to_owned();
    }
    format!(
        "{}（{}）",
        label.get(lang),
        covers
            .iter()
            .map(|c| c.label(lang).to_owned())
            .collect::<Vec<_>>()
            .join(join(lang))
    )
}
