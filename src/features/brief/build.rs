//! Assembling a pack ([`build_brief`]): the subject's sections by kind, each chain's key figures, the
//! picture and file list, provenance notes, the header with date and data version, then the
//! drawings and the two summaries. IO-free.

use super::chain::{chain_blocks, chain_figures};
use super::direction::direction_blocks;
use super::firm::firm_blocks;
use super::grades::{chain_grade_blocks, firm_grade_blocks};
use super::shared::match_error;
use super::summary::{Block, join, t, to_docx, to_html, to_markdown};
use super::{
    BriefOptions, BriefPack, BriefSubject, GRAPHML, PAGE, PICTURE, SUMMARY_DOCX, SUMMARY_HTML,
    SUMMARY_MD,
};
use crate::base::Lang;
use crate::base::error::Error;
use crate::base::kind::Kind;
use crate::features::export::{
    self, ConsortiumPlan, DataVersion, Format, Provenance, RenderOptions, SelectOptions, Selection,
    StoreFacts, Subgraph,
};
use crate::graph::{ChainIndex, KnowledgeGraph};
use crate::matching::{
    ConsortiumOptions, MatchError, PartnerOptions, find_partners, form_consortium,
};
use std::collections::BTreeMap;

/// Builds the pack for `subject`. IO-free.
pub fn build_brief(
    graph: &KnowledgeGraph,
    facts: &StoreFacts,
    version: &DataVersion,
    subject: &BriefSubject,
    options: &BriefOptions,
) -> Result<BriefPack, Error> {
    let lang = options.lang;
    let select_options = SelectOptions {
        kinds: Vec::new(),
        max_nodes: options.max_nodes,
        include_financials: options.include_financials,
    };
    let mut blocks: Vec<Block> = Vec::new();
    let (selection, title, chain) = match subject {
        BriefSubject::Direction(id) => {
            let report =
                form_consortium(graph, id, &ConsortiumOptions::default()).map_err(match_error)?;
            let direction = graph
                .find_direction(id)
                .map(|d| graph.direction(d))
                .ok_or_else(|| {
                    match_error(MatchError::Unknown {
                        what: "direction",
                        id: id.clone(),
                    })
                })?;
            blocks.extend(direction_blocks(&report, lang));
            (
                Selection::Direction {
                    direction: id.clone(),
                    consortium: Some(ConsortiumPlan::from_report(&report)),
                },
                match lang {
                    Lang::Zh => format!(
                        "攻关方向 {} {}：创新联合体简报",
                        report.direction.notation,
                        report.direction.label.get(lang)
                    ),
                    Lang::En => format!(
                        "Direction {} {}: consortium brief",
                        report.direction.notation,
                        report.direction.label.get(lang)
                    ),
                },
                vec![direction.chain],
            )
        }
        BriefSubject::Chain(id) => {
            let chain = graph
                .chains()
                .iter()
                .position(|c| &c.id == id)
                .map(|i| ChainIndex(i as u32))
                .ok_or_else(|| {
                    match_error(MatchError::Unknown {
                        what: "chain",
                        id: id.clone(),
                    })
                })?;
            blocks.extend(chain_blocks(graph, chain, lang)?);
            blocks.extend(chain_grade_blocks(graph, chain, &facts.grades, lang));
            (
                Selection::Chain { chain: id.clone() },
                match lang {
                    Lang::Zh => format!(
                        "产业链 {}：创新资源简报",
                        graph.chain(chain).labels.get(lang)
                    ),
                    Lang::En => format!(
                        "Chain {}: innovation resources brief",
                        graph.chain(chain).labels.get(lang)
                    ),
                },
                vec![chain],
            )
        }
        BriefSubject::Firm(id) => {
            let org = graph
                .find_organisation(id)
                .filter(|&o| graph.organisation(o).kind == Kind::Firm)
                .ok_or_else(|| {
                    match_error(MatchError::Unknown {
                        what: "firm",
                        id: id.clone(),
                    })
                })?;
            let report =
                find_partners(graph, id, &PartnerOptions::default()).map_err(match_error)?;
            let mut sections = firm_blocks(graph, org, &report, lang)?;
            // The grade right after the firm's own paragraph.
            let at = sections.len().min(1);
            sections.splice(
                at..at,
                firm_grade_blocks(&facts.grades, id, options.include_financials, lang),
            );
            blocks.extend(sections);
            let firm = graph.organisation(org);
            (
                Selection::Focus {
                    entity: id.clone(),
                    depth: 1,
                },
                match lang {
                    Lang::Zh => format!("{}：合作网络与伙伴推荐简报", firm.labels.get(lang)),
                    Lang::En => format!("{}: network and partners brief", firm.labels.get(lang)),
                },
                firm.chains.clone(),
            )
        }
    };
    let subgraph = export::select(graph, facts, &selection, &select_options)?;
    for &c in &chain {
        blocks.push(Block::Heading(
            2,
            format!(
                "{}{}",
                t(lang, "产业链关键数据：", "Key figures of the chain: "),
                graph.chain(c).labels.get(lang)
            ),
        ));
        blocks.extend(chain_figures(graph, facts, c, options));
    }
    blocks.push(Block::Heading(2, t(lang, "图", "Picture").to_owned()));
    blocks.push(Block::Picture);
    if let Some(dropped) = subgraph.dropped.describe_for_people(lang) {
        blocks.push(Block::Paragraph(dropped));
    }
    blocks.push(Block::Footnote(provenance_footnote(&subgraph, lang)));
    // The appendix: what an analyst checks, kept out of the leader's pages.
    blocks.push(Block::Appendix(t(lang, "附录", "Appendix").to_owned()));
    blocks.push(Block::Heading(
        3,
        t(lang, "数据说明", "About the data").to_owned(),
    ));
    let mut notes = vec![
        format!(
            "{}{}",
            t(lang, "数据版本：", "Data version: "),
            version.describe_plain(lang)
        ),
        year_note(graph, options),
    ];
    if !options.include_financials {
        notes.push(
            t(
                lang,
                "企业营业收入、研发投入和人员数据未列入本简报。",
                "Firms' revenue, R&D spend and staff figures are not in this brief.",
            )
            .to_owned(),
        );
    }
    blocks.push(Block::List(notes));
    blocks.extend(provenance_blocks(&subgraph, lang));
    blocks.push(Block::Heading(
        3,
        t(lang, "随附文件", "Files in this folder").to_owned(),
    ));
    blocks.push(files_block(lang));
    blocks.push(Block::Heading(
        3,
        t(lang, "单位与编号对照", "Names and ids").to_owned(),
    ));
    blocks.push(id_table(&subgraph, lang));
    let header = vec![
        Block::Heading(1, title.clone()),
        Block::Paragraph(date_line(graph, options)),
    ];
    let blocks: Vec<Block> = header.into_iter().chain(blocks).collect();

    let render = RenderOptions {
        lang,
        data_version: Some(version.describe(lang)),
        ..RenderOptions::default()
    };
    let drawing = export::layout::draw(&subgraph, lang);
    let mut files = Vec::new();
    for (name, format) in [
        (PICTURE, Format::Svg),
        (PAGE, Format::Html),
        (GRAPHML, Format::Graphml),
    ] {
        let mut bytes = Vec::new();
        export::write_graph(&subgraph, Some(&drawing), format, &render, &mut bytes)?;
        files.push((name.to_owned(), bytes));
    }
    // The picture in the summaries carries no data digest: the appendix says which data it is.
    let plain = RenderOptions {
        lang,
        ..RenderOptions::default()
    };
    let mut svg = Vec::new();
    export::write_graph(&subgraph, Some(&drawing), Format::Svg, &plain, &mut svg)?;
    let mut png = Vec::new();
    export::write_graph(&subgraph, Some(&drawing), Format::Png, &plain, &mut png)?;
    let svg_text = String::from_utf8_lossy(&svg).into_owned();
    files.push((SUMMARY_MD.to_owned(), to_markdown(&blocks).into_bytes()));
    files.push((
        SUMMARY_HTML.to_owned(),
        to_html(&blocks, &title, &svg_text, lang).into_bytes(),
    ));
    files.push((
        SUMMARY_DOCX.to_owned(),
        to_docx(&blocks, &title, &png, graph.as_of(), lang)?,
    ));
    Ok(BriefPack { files })
}

/// The provenance as a plain footnote: how much of what is pictured is illustrative.
fn provenance_footnote(subgraph: &Subgraph, lang: Lang) -> String {
    let total = subgraph.nodes.len();
    let illustrative = subgraph
        .nodes
        .iter()
        .filter(|n| n.provenance == Some(Provenance::Illustrative))
        .count();
    match (illustrative, lang) {
        (0, Lang::Zh) => "注：图中单位的名称及其与本市、产业链的关系均有公开出处或见于本市工作方案，出处见附录。".to_owned(),
        (0, Lang::En) => "Note: every pictured organisation and its link to the city or chain has a public source or is named in the city's work plan (see the appendix).".to_owned(),
        (n, Lang::Zh) => format!(
            "注：部分数据为示意（图中 {total} 个节点中 {n} 个为示意数据，用于演示，不代表真实情况），其余出处见附录。"
        ),
        (n, Lang::En) => format!(
            "Note: some data are illustrative ({n} of the {total} pictured nodes are made up to complete the map and are not claims about the real world); sources of the rest are in the appendix."
        ),
    }
}

/// Every pictured node's name, kind and id (what to type into innomap or find in the data).
fn id_table(subgraph: &Subgraph, lang: Lang) -> Block {
    let mut rows: Vec<Vec<String>> = subgraph
        .nodes
        .iter()
        .map(|n| vec![n.label(lang), n.kind.label(lang).to_owned(), n.id.clone()])
        .collect();
    rows.sort();
    Block::Table(
        match lang {
            Lang::Zh => vec!["名称".into(), "类型".into(), "编号".into()],
            Lang::En => vec!["name".into(), "kind".into(), "id".into()],
        },
        rows,
    )
}

/// Provenance notes: counts among the pictured nodes and the public sources they cite.
fn provenance_blocks(subgraph: &Subgraph, lang: Lang) -> Vec<Block> {
    let mut counts: BTreeMap<Provenance, usize> = BTreeMap::new();
    let mut sources: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for node in &subgraph.nodes {
        if let Some(p) = node.provenance {
            *counts.entry(p).or_default() += 1;
        }
        if node.provenance == Some(Provenance::Verified) {
            if let Some(source) = &node.source {
                sources
                    .entry(source.clone())
                    .or_default()
                    .push(node.label(lang));
            }
        }
    }
    let mut blocks = vec![Block::Paragraph(match lang {
        Lang::Zh => format!(
            "图中节点的数据来源：{}。“已核实”仅指单位的存在、名称及其与本市或产业链的关系有公开出处；\
                 “工作方案所列”指仅见于本市年度工作方案；“示意数据”用于演示，不代表真实情况。",
            counts
                .iter()
                .map(|(p, n)| format!("{} {n} 个", p.label(lang)))
                .collect::<Vec<_>>()
                .join("、")
        ),
        Lang::En => format!(
            "Provenance of the pictured nodes: {}. \"Verified\" means only that the organisation's \
                 existence, name and link to the city or chain have a public source; \"named in the work \
                 plan\" means only the city's annual work plan names it; \"illustrative\" entries are \
                 made up to complete the map and are not claims about the real world.",
            counts
                .iter()
                .map(|(p, n)| format!("{} {n}", p.label(lang)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })];
    if !sources.is_empty() {
        let items = sources
            .into_iter()
            .map(|(source, mut names)| {
                names.sort();
                format!("{}：{source}", names.join(join(lang)))
            })
            .collect();
        blocks.push(Block::Heading(
            3,
            t(lang, "公开出处", "Public sources").to_owned(),
        ));
        blocks.push(Block::List(items));
    }
    blocks
}

fn date_line(graph: &KnowledgeGraph, options: &BriefOptions) -> String {
    let year = graph.as_of();
    match (&options.date, options.lang) {
        (Some(date), Lang::Zh) => format!("日期：{date}　数据截至 {year} 年"),
        (Some(date), Lang::En) => format!("Date: {date} · data as of {year}"),
        (None, Lang::Zh) => format!("数据截至 {year} 年"),
        (None, Lang::En) => format!("Data as of {year}"),
    }
}

/// Where the brief's year comes from.
fn year_note(graph: &KnowledgeGraph, options: &BriefOptions) -> String {
    let year = graph.as_of();
    match (options.as_of_given, options.lang) {
        (true, Lang::Zh) => format!("基准年 {year} 年为指定年份。"),
        (true, Lang::En) => format!("The base year {year} was given."),
        (false, Lang::Zh) => {
            format!("基准年 {year} 年为数据中最新的合作年份；简报不使用当天日期。")
        }
        (false, Lang::En) => format!(
            "The base year {year} is the newest collaboration year in the data; the brief never uses today's date."
        ),
    }
}

fn files_block(lang: Lang) -> Block {
    Block::List(vec![
        format!(
            "{}：{PICTURE}",
            t(lang, "图（SVG，可直接插入文稿）", "Picture (SVG)")
        ),
        format!(
            "{}：{PAGE}",
            t(
                lang,
                "交互页面（离线可用：缩放、按名称搜索、点击查看详情与来源、按类型筛选）",
                "Interactive page (offline: zoom, search by name, details and provenance, filter by kind)"
            )
        ),
        format!(
            "{}：{GRAPHML}",
            t(
                lang,
                "GraphML（yEd、Gephi、Cytoscape 可打开）",
                "GraphML (opens in yEd, Gephi, Cytoscape)"
            )
        ),
    ])
}
