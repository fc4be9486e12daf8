//! The grades in a brief (创新格次): a firm's grade with its rank, change and main indicators; a
//! chain's firms and innovation resources by grade, and its best-graded firms. Grades come from
//! [`StoreFacts::grades`](crate::features::export::StoreFacts): the scores the bureau saved, or
//! scored now. What would lift a firm a grade names figures (R&D spend, intensity), so it appears
//! only with `--include-financials`, like every other financial figure in a pack.

use super::summary::{Block, join, t};
use crate::base::Lang;
use crate::base::kind::Kind;
use crate::features::score::{Grade, GradeBook};
use crate::graph::{ChainIndex, KnowledgeGraph};

fn number(x: f64) -> String {
    crate::features::spreadsheet::trimmed(x, 2)
}

fn whence(grade: &Grade, lang: Lang) -> &'static str {
    if grade.saved {
        t(lang, "（已保存的评分）", " (saved scores)")
    } else {
        t(
            lang,
            "（按当前数据计算）",
            " (scored from the current data)",
        )
    }
}

/// A firm's grade, or a sentence saying it has none.
pub(super) fn firm_grade_blocks(
    grades: &GradeBook,
    id: &str,
    include_financials: bool,
    lang: Lang,
) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(
        2,
        t(lang, "创新格次", "Innovation grade").to_owned(),
    )];
    let Some(grade) = grades.get(id) else {
        blocks.push(Block::Paragraph(
            t(
                lang,
                "该企业不在评分范围内（评分对象为本市企业），或数据中没有年度指标。",
                "The firm is not graded (the scores cover the city's own firms), or the data has no annual figures.",
            )
            .to_owned(),
        ));
        return blocks;
    };
    let change = grade.change.map(|c| {
        let sign = if c > 0.0 { "+" } else { "" };
        match lang {
            Lang::Zh => format!("，较上年 {sign}{}", number(c)),
            Lang::En => format!(", {sign}{} on the year before", number(c)),
        }
    });
    blocks.push(Block::Paragraph(match lang {
        Lang::Zh => format!(
            "{} {} 年：得分 {}，{} 档，全市第 {} 名（共 {} 家）{}{}。",
            grade.model_label,
            grade.year,
            number(grade.score),
            grade.grade,
            grade.rank,
            grade.of,
            change.unwrap_or_default(),
            whence(grade, lang)
        ),
        Lang::En => format!(
            "{} {}: score {}, grade {}, ranked {} of {} in the city{}{}.",
            grade.model_label,
            grade.year,
            number(grade.score),
            grade.grade,
            grade.rank,
            grade.of,
            change.unwrap_or_default(),
            whence(grade, lang)
        ),
    }));
    if let Some(line) = &grade.line {
        let mut items = Vec::new();
        if !line.top.is_empty() {
            items.push(format!(
                "{}{}",
                t(lang, "主要贡献指标：", "contributes most: "),
                line.top.join(join(lang))
            ));
        }
        if !line.missing.is_empty() {
            items.push(format!(
                "{}{}",
                t(lang, "缺失指标：", "missing: "),
                line.missing.join(join(lang))
            ));
        }
        if include_financials && let Some(advice) = &line.advice {
            items.push(format!(
                "{}{advice}",
                t(lang, "提升建议：", "to rise a grade: ")
            ));
        }
        if !items.is_empty() {
            blocks.push(Block::List(items));
        }
    }
    blocks
}

/// A chain's firms and 8×10 resources by grade, and its five best-graded firms.
pub(super) fn chain_grade_blocks(
    graph: &KnowledgeGraph,
    chain: ChainIndex,
    grades: &GradeBook,
    lang: Lang,
) -> Vec<Block> {
    let mut firms: Vec<(&Grade, String)> = Vec::new();
    let mut resources: Vec<&Grade> = Vec::new();
    for org in graph.organisations() {
        let Some(grade) = grades.get(&org.id) else {
            continue;
        };
        if org.kind == Kind::Firm && org.chains.contains(&chain) {
            firms.push((grade, org.labels.get(lang).to_owned()));
        } else if org.kind != Kind::Firm && org.supported_chains.binary_search(&chain).is_ok() {
            resources.push(grade);
        }
    }
    if firms.is_empty() && resources.is_empty() {
        return Vec::new();
    }
    let mut blocks = vec![Block::Heading(
        2,
        t(lang, "创新格次分布", "Grades").to_owned(),
    )];
    let mut letters: Vec<String> = firms
        .iter()
        .map(|(g, _)| g.grade.clone())
        .chain(resources.iter().map(|g| g.grade.clone()))
        .collect();
    letters.sort();
    letters.dedup();
    let count = |list: &mut dyn Iterator<Item = &Grade>, letter: &str| {
        list.filter(|g| g.grade == letter).count().to_string()
    };
    let mut header = vec![t(lang, "对象", "who").to_owned()];
    header.extend(letters.iter().map(|l| match lang {
        Lang::Zh => format!("{l} 档"),
        Lang::En => format!("grade {l}"),
    }));
    let mut rows = Vec::new();
    for (who, list) in [
        (
            t(lang, "链上企业", "firms of the chain"),
            firms.iter().map(|(g, _)| *g).collect::<Vec<_>>(),
        ),
        (
            t(lang, "支撑创新资源", "backing resources"),
            resources.clone(),
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        let mut row = vec![who.to_owned()];
        row.extend(letters.iter().map(|l| count(&mut list.iter().copied(), l)));
        rows.push(row);
    }
    blocks.push(Block::Table(header, rows));
    // Which model graded whom, and from which year.
    let models: Vec<String> = firms
        .first()
        .map(|(g, _)| (t(lang, "企业", "firms"), *g))
        .into_iter()
        .chain(
            resources
                .first()
                .map(|g| (t(lang, "创新资源", "resources"), *g)),
        )
        .map(|(who, g)| match lang {
            Lang::Zh => format!(
                "{who}按{} {} 年评定{}",
                g.model_label,
                g.year,
                whence(g, lang)
            ),
            Lang::En => format!(
                "{who} by the {} {}{}",
                g.model_label,
                g.year,
                whence(g, lang)
            ),
        })
        .collect();
    blocks.push(Block::Paragraph(match lang {
        Lang::Zh => format!("{}。", models.join("；")),
        Lang::En => format!("Graded: {}.", models.join("; ")),
    }));
    firms.sort_by_key(|(g, _)| g.rank);
    let rows: Vec<Vec<String>> = firms
        .iter()
        .take(5)
        .map(|(g, label)| {
            vec![
                g.rank.to_string(),
                label.clone(),
                number(g.score),
                g.grade.clone(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        blocks.push(Block::Table(
            match lang {
                Lang::Zh => ["全市排名", "企业", "得分", "格次"],
                Lang::En => ["city rank", "firm", "score", "grade"],
            }
            .map(str::to_owned)
            .to_vec(),
            rows,
        ));
    }
    blocks
}
