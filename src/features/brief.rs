//! Briefing packs (`innomap brief`): one folder per direction, chain or firm with the picture (SVG),
//! the interactive page (HTML), the GraphML, and a summary in Markdown and HTML — title, the
//! consortium table (who covers what), gaps and whom to recruit, key figures of the chain,
//! provenance notes, date and data version. Chinese by default.
//!
//! [`build_brief`] is IO-free (graph, facts and data version in, file contents out);
//! [`write_pack`] writes the folder.

use crate::base::Lang;
use crate::base::error::Error;
use crate::base::kind::Kind;
use crate::features::export::{
    self, ConsortiumPlan, DataVersion, Format, Provenance, RenderOptions, SelectOptions, Selection,
    StoreFacts, Subgraph,
};
use crate::graph::Tier;
use crate::graph::{ChainIndex, KnowledgeGraph, OrgIndex};
use crate::matching::{
    Consortium, ConsortiumOptions, ConsortiumReport, Gap, MatchError, PartnerOptions,
    PartnersReport, find_partners, form_consortium,
};
use quick_xml::escape::escape;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a brief is about (ids of the graph).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BriefSubject {
    Direction(String),
    Chain(String),
    Firm(String),
}

/// How a brief is made.
#[derive(Debug, Clone, Default)]
pub struct BriefOptions {
    pub lang: Lang,
    /// The date printed on the brief, when the user gives one; otherwise the brief names the data's
    /// year and never today's date.
    pub date: Option<String>,
    /// Whether `--as-of` was given (the brief says where its year comes from).
    pub as_of_given: bool,
    pub include_financials: bool,
    pub max_nodes: Option<usize>,
}

/// The files of a briefing pack, by name.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefPack {
    pub files: Vec<(String, Vec<u8>)>,
}

/// The file names of every pack.
pub const PICTURE: &str = "map.svg";
pub const PAGE: &str = "map.html";
pub const GRAPHML: &str = "map.graphml";
pub const SUMMARY_MD: &str = "summary.md";
pub const SUMMARY_HTML: &str = "summary.html";

/// One block of the summary, written both as Markdown and as HTML.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Heading(u8, String),
    Paragraph(String),
    List(Vec<String>),
    Table(Vec<String>, Vec<Vec<String>>),
    Picture,
}

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn join(lang: Lang) -> &'static str {
    t(lang, "、", ", ")
}

fn match_error(error: MatchError) -> Error {
    match error {
        MatchError::Unknown { what, id } => Error::UnknownEntity {
            what: what.to_owned(),
            name: id,
            suggestions: Vec::new(),
        },
        other => Error::Usage(other.to_string()),
    }
}

fn tier_label(tier: Tier, lang: Lang) -> &'static str {
    match tier {
        Tier::TechSme => t(lang, "科技型中小企业", "tech SME"),
        Tier::HighTechEnterprise => t(lang, "高新技术企业", "high-tech enterprise"),
        Tier::Gazelle => t(lang, "瞪羚企业", "gazelle"),
        Tier::Unicorn => t(lang, "独角兽企业", "unicorn"),
    }
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
                if c.exact {
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
                if c.exact {
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

fn gap_blocks(gaps: &[Gap], lang: Lang) -> Vec<Block> {
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
                format!("{} ({})", c.label.get(lang), c.id),
                c.kind.label(lang).to_owned(),
                c.country.clone().unwrap_or_default(),
                format!("{:.3}", c.score),
            ]);
        }
    }
    vec![Block::Table(
        match lang {
            Lang::Zh => ["缺口能力", "可引进单位", "类型", "国家/地区", "得分"],
            Lang::En => [
                "gap capability",
                "whom to recruit",
                "kind",
                "country",
                "score",
            ],
        }
        .map(str::to_owned)
        .to_vec(),
        rows,
    )]
}

/// Key figures of a chain from the graph: its 8×10 resources by kind, firms by tier, leading firms,
/// directions and their local coverage; firms' summed figures only with financials.
fn chain_figures(
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
    let lang = options.lang;
    let year = graph.as_of();
    match (&options.date, lang) {
        (Some(date), Lang::Zh) => format!("日期：{date}（由 --date 指定）；数据截至 {year} 年"),
        (Some(date), Lang::En) => format!("Date: {date} (given with --date); data as of {year}"),
        (None, Lang::Zh) => format!(
            "数据截至 {year} 年（{}；简报不使用当天日期，可用 --date 指定）",
            if options.as_of_given {
                "由 --as-of 指定"
            } else {
                "数据中最新的合作年份"
            }
        ),
        (None, Lang::En) => format!(
            "Data as of {year} ({}; the brief never uses today's date — give --date to print one)",
            if options.as_of_given {
                "given with --as-of"
            } else {
                "the newest collaboration year in the data"
            }
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
            blocks.extend(firm_blocks(graph, org, &report, lang)?);
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
    blocks.push(files_block(lang));
    blocks.push(Block::Heading(
        2,
        t(lang, "数据来源说明", "Provenance").to_owned(),
    ));
    blocks.extend(provenance_blocks(&subgraph, lang));
    if let Some(dropped) = subgraph.dropped.describe(lang) {
        blocks.push(Block::Paragraph(dropped));
    }
    if !options.include_financials {
        blocks.push(Block::Paragraph(
            t(
                lang,
                "企业营业收入、研发投入和人员数据未列入本简报（需要时加 --include-financials）。",
                "Firms' revenue, R&D spend and staff figures are left out of this brief (add --include-financials when they are needed).",
            )
            .to_owned(),
        ));
    }
    let header = vec![
        Block::Heading(1, title.clone()),
        Block::Paragraph(date_line(graph, options)),
        Block::Paragraph(format!(
            "{}{}",
            t(lang, "数据版本：", "Data version: "),
            version.describe(lang)
        )),
    ];
    let blocks: Vec<Block> = header.into_iter().chain(blocks).collect();

    let render = RenderOptions {
        lang,
        data_version: Some(version.describe(lang)),
        ..RenderOptions::default()
    };
    let drawing = export::layout::draw(&subgraph, lang);
    let mut files = Vec::new();
    let mut svg = Vec::new();
    for (name, format) in [
        (PICTURE, Format::Svg),
        (PAGE, Format::Html),
        (GRAPHML, Format::Graphml),
    ] {
        let mut bytes = Vec::new();
        export::write_graph(&subgraph, Some(&drawing), format, &render, &mut bytes)?;
        if format == Format::Svg {
            svg = bytes.clone();
        }
        files.push((name.to_owned(), bytes));
    }
    let svg_text = String::from_utf8_lossy(&svg).into_owned();
    files.push((SUMMARY_MD.to_owned(), to_markdown(&blocks).into_bytes()));
    files.push((
        SUMMARY_HTML.to_owned(),
        to_html(&blocks, &title, &svg_text, lang).into_bytes(),
    ));
    Ok(BriefPack { files })
}

fn direction_blocks(report: &ConsortiumReport, lang: Lang) -> Vec<Block> {
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

fn chain_blocks(
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
                format!("{} ({})", org.labels.get(lang), org.id),
                org.kind.label(lang).to_owned(),
                org.level
                    .map(|l| match (l, lang) {
                        (crate::graph::Level::National, Lang::Zh) => "国家级",
                        (crate::graph::Level::Provincial, Lang::Zh) => "省级",
                        (crate::graph::Level::Municipal, Lang::Zh) => "市级",
                        (l, Lang::En) => l.as_str(),
                    })
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

fn who_covers(
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

fn firm_blocks(
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
            "{}（{}）：{}{}；所属产业链：{}；掌握能力 {} 项。",
            firm.labels.get(lang),
            firm.id,
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
            "{} ({}): {}{}; chains: {}; holds {} capabilities.",
            firm.labels.get(lang),
            firm.id,
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
                format!("{} ({})", p.label.get(lang), p.id),
                p.kind.label(lang).to_owned(),
                format!("{:.3}", p.score),
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
            Lang::Zh => ["排名", "合作伙伴", "类型", "得分", "已有合作", "带来的能力"],
            Lang::En => ["rank", "partner", "kind", "score", "existing tie", "brings"],
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

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn to_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&"#".repeat(*level as usize));
                out.push(' ');
                out.push_str(text);
                out.push_str("\n\n");
            }
            Block::Paragraph(text) => {
                out.push_str(text);
                out.push_str("\n\n");
            }
            Block::List(items) => {
                for item in items {
                    out.push_str("- ");
                    out.push_str(item);
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Table(headers, rows) => {
                out.push_str("| ");
                out.push_str(
                    &headers
                        .iter()
                        .map(|h| markdown_cell(h))
                        .collect::<Vec<_>>()
                        .join(" | "),
                );
                out.push_str(" |\n|");
                out.push_str(&" --- |".repeat(headers.len()));
                out.push('\n');
                for row in rows {
                    out.push_str("| ");
                    out.push_str(
                        &row.iter()
                            .map(|c| markdown_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | "),
                    );
                    out.push_str(" |\n");
                }
                out.push('\n');
            }
            Block::Picture => {
                out.push_str(&format!("![]({PICTURE})\n\n"));
            }
        }
    }
    out
}

const SUMMARY_CSS: &str = "body{font-family:FONTS;max-width:1100px;margin:24px auto;padding:0 20px;color:#1f1f1f;line-height:1.6}\
table{border-collapse:collapse;margin:8px 0 16px;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#f0f3f7}h1{font-size:24px}h2{font-size:19px;margin-top:28px;border-bottom:1px solid #ddd}h3{font-size:16px}\
figure{margin:12px 0;overflow-x:auto;border:1px solid #eee}figure svg{max-width:100%;height:auto}";

fn to_html(blocks: &[Block], title: &str, svg: &str, lang: Lang) -> String {
    let mut body = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                body.push_str(&format!("<h{level}>{}</h{level}>\n", escape(text)));
            }
            Block::Paragraph(text) => body.push_str(&format!("<p>{}</p>\n", escape(text))),
            Block::List(items) => {
                body.push_str("<ul>\n");
                for item in items {
                    body.push_str(&format!("<li>{}</li>\n", escape(item)));
                }
                body.push_str("</ul>\n");
            }
            Block::Table(headers, rows) => {
                body.push_str("<table>\n<tr>");
                for h in headers {
                    body.push_str(&format!("<th>{}</th>", escape(h)));
                }
                body.push_str("</tr>\n");
                for row in rows {
                    body.push_str("<tr>");
                    for cell in row {
                        body.push_str(&format!("<td>{}</td>", escape(cell)));
                    }
                    body.push_str("</tr>\n");
                }
                body.push_str("</table>\n");
            }
            Block::Picture => {
                body.push_str("<figure>\n");
                body.push_str(svg);
                body.push_str("</figure>\n");
            }
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <link rel=\"icon\" href=\"data:,\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        t(lang, "zh-CN", "en"),
        escape(title),
        SUMMARY_CSS.replace("FONTS", crate::features::export::style::FONT_STACK)
    )
}

/// Writes the pack's files into `dir` (created when missing); returns their paths.
pub fn write_pack(pack: &BriefPack, dir: &Path) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Input {
        message: format!("cannot create the folder {}: {e}", dir.display()),
    })?;
    let mut paths = Vec::new();
    for (name, bytes) in &pack.files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| Error::Input {
            message: format!("cannot write {}: {e}", path.display()),
        })?;
        paths.push(path);
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::export::select::tests::small_graph;

    fn version() -> DataVersion {
        DataVersion {
            triples: 10,
            digest: "0123456789abcdef".into(),
            graphs: Vec::new(),
        }
    }

    #[test]
    fn a_direction_brief_has_every_file_and_names_its_year_not_today() {
        let g = small_graph();
        let options = BriefOptions::default();
        let pack = build_brief(
            &g,
            &StoreFacts::default(),
            &version(),
            &BriefSubject::Direction("T01".into()),
            &options,
        )
        .unwrap();
        let names: Vec<&str> = pack.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, [PICTURE, PAGE, GRAPHML, SUMMARY_MD, SUMMARY_HTML]);
        let summary = String::from_utf8(pack.files[3].1.clone()).unwrap();
        assert!(summary.starts_with("# 攻关方向 T01 direction中文：创新联合体简报"));
        assert!(summary.contains("数据截至 2024 年"), "{summary}");
        assert!(summary.contains("| 角色 | 单位 |"), "{summary}");
        assert!(summary.contains("0123456789abcdef"));
        let html = String::from_utf8(pack.files[4].1.clone()).unwrap();
        assert!(html.contains("<svg"));
        let again = build_brief(
            &g,
            &StoreFacts::default(),
            &version(),
            &BriefSubject::Direction("T01".into()),
            &options,
        )
        .unwrap();
        assert_eq!(pack, again);
    }

    #[test]
    fn a_given_date_is_printed_and_said_to_be_given() {
        let g = small_graph();
        let options = BriefOptions {
            lang: Lang::En,
            date: Some("2026-03-01".into()),
            ..BriefOptions::default()
        };
        let pack = build_brief(
            &g,
            &StoreFacts::default(),
            &version(),
            &BriefSubject::Chain("steel".into()),
            &options,
        )
        .unwrap();
        let summary = String::from_utf8(pack.files[3].1.clone()).unwrap();
        assert!(
            summary.contains("Date: 2026-03-01 (given with --date)"),
            "{summary}"
        );
        assert!(summary.contains("## Key figures of the chain"));
    }
}
