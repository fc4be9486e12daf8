//! The workbench's pages, built from the canned queries (their Chinese headings and units), the
//! projected graph and matching, so that a page shows what the command line shows.

use super::model::{Block, Chart, Fact, Page, Section, Table};
use crate::base::Lang;
use crate::base::error::Error;
use crate::base::kind::{Kind, KindFilter};
use crate::base::names::{Entity, EntityIndex};
use crate::base::queries;
use crate::features::analyze_output::place_label;
use crate::features::export::{self, SelectOptions, Selection};
use crate::features::query_output::{RenderOptions, people_sheet};
use crate::features::spreadsheet::Cell;
use crate::graph::{KnowledgeGraph, OrgIndex, Segment, Tier};
use crate::matching::{
    ConsortiumOptions, ConsortiumReport, MatchAllReport, PartnerOptions, find_partners,
    form_consortium,
};
use crate::store::{QueryAnswer, QueryOptions, Solutions, Store};
use oxigraph::model::{NamedNode, Term};
use std::sync::Arc;
use std::time::Duration;

/// What a page is built from.
pub struct Context<'a> {
    pub store: &'a Store,
    pub index: Arc<EntityIndex>,
    pub graph: Arc<KnowledgeGraph>,
    pub facts: Arc<export::facts::StoreFacts>,
    pub all: Arc<MatchAllReport>,
    pub lang: Lang,
    pub timeout: Duration,
    /// Show firms' revenue and R&D spend (`serve --include-financials`).
    pub financials: bool,
    /// The data's version line, for the footer.
    pub data_version: String,
}

/// Leaves the columns `names` out of an answer and its header.
fn drop_columns(solutions: &mut Solutions, header: &mut queries::QueryHeader, names: &[&str]) {
    for name in names {
        if let Some(c) = solutions.column(name) {
            solutions.variables.remove(c);
            for row in &mut solutions.rows {
                row.remove(c);
            }
            for list in [&mut header.columns_zh, &mut header.columns] {
                if list.len() > c {
                    list.remove(c);
                }
            }
        }
    }
}

/// The columns of firms' money figures, left out of pages unless `financials`.
const MONEY_COLUMNS: [&str; 2] = ["revenue_3y", "rd_3y"];

pub fn t(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// The page path of an entity of this kind.
pub fn page_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Firm => "firm",
        Kind::Chain => "chain",
        Kind::Direction => "direction",
        kind if kind.is_resource() && kind != Kind::Fund => "resource",
        _ => "entity",
    }
}

pub fn href(kind: Kind, id: &str) -> String {
    format!("/{}/{}", page_of(kind), encode(id))
}

fn encode(id: &str) -> String {
    form_urlencoded::byte_serialize(id.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

fn count(n: usize) -> String {
    n.to_string()
}

impl Context<'_> {
    fn t(&self, zh: &str, en: &str) -> String {
        t(self.lang, zh, en)
    }

    /// A table's headings in the page's language, from (Chinese, English) pairs.
    fn headings(&self, pairs: &[(&str, &str)]) -> Vec<String> {
        pairs.iter().map(|(zh, en)| self.t(zh, en)).collect()
    }

    /// The entity with this IRI, when the index has it.
    fn entity(&self, iri: &str) -> Option<&Entity> {
        self.index.get(iri)
    }

    /// The label of an entity of `kind` with `id`, or the id.
    fn label_of(&self, kind: Kind, id: &str) -> String {
        self.index
            .resolve(id, Some(KindFilter::Kind(kind)), "entity")
            .map(|e| e.label(self.lang).to_owned())
            .unwrap_or_else(|_| id.to_owned())
    }

    /// Runs a canned query with entity parameters given by IRI.
    fn run(
        &self,
        name: &str,
        args: &[(&str, &str)],
    ) -> Result<(Solutions, queries::QueryHeader), Error> {
        let canned = queries::find(name).ok_or_else(|| Error::Input {
            message: format!("the canned query {name} is missing"),
        })?;
        let source = format!("query {name}");
        let header = queries::parse_header(canned.text, &source)?;
        let mut bindings = Vec::new();
        for (param, iri) in args {
            let node = NamedNode::new(*iri).map_err(|e| Error::Input {
                message: format!("invalid IRI <{iri}>: {e}"),
            })?;
            bindings.push(((*param).to_owned(), Term::NamedNode(node)));
        }
        let options = QueryOptions {
            timeout: Some(self.timeout),
            bindings,
        };
        match self.store.query(canned.text, &source, &options)? {
            QueryAnswer::Solutions(solutions) => Ok((solutions, header)),
            _ => Err(Error::Input {
                message: format!("the canned query {name} is not a SELECT query"),
            }),
        }
    }

    /// A canned query's answer as a table: its Chinese headings, units and labels, links to pages.
    fn table_of(
        &self,
        name: &str,
        solutions: &Solutions,
        header: &queries::QueryHeader,
    ) -> Result<Table, Error> {
        let title = match self.lang {
            Lang::Zh => header.title_zh.clone(),
            Lang::En => header.title_en.clone(),
        };
        let options = RenderOptions {
            lang: self.lang,
            header: header.clone(),
            title: title.clone(),
            ..RenderOptions::default()
        };
        let mut sheet = people_sheet(self.store, solutions, &options)?;
        if self.lang == Lang::En {
            // English headings are the variables' names: written as words.
            for heading in &mut sheet.header {
                *heading = heading.replace('_', " ");
            }
        }
        let mut table = Table::from_sheet(name, title, sheet);
        table.links = solutions
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|term| match term {
                        Some(Term::NamedNode(node)) => {
                            self.entity(node.as_str()).map(|e| href(e.kind, &e.id))
                        }
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        Ok(table)
    }

    fn canned(&self, name: &str, args: &[(&str, &str)]) -> Result<Table, Error> {
        let (solutions, header) = self.run(name, args)?;
        self.table_of(name, &solutions, &header)
    }

    /// A canned query's rows whose column `column` is the entity `iri`, without that column; firms'
    /// money figures left out unless the server shows them.
    fn canned_rows_of(&self, name: &str, column: &str, iri: &str) -> Result<Table, Error> {
        let (mut solutions, mut header) = self.run(name, &[])?;
        if !self.financials {
            drop_columns(&mut solutions, &mut header, &MONEY_COLUMNS);
        }
        if let Some(c) = solutions.column(column) {
            solutions.rows.retain(
                |row| matches!(&row[c], Some(Term::NamedNode(node)) if node.as_str() == iri),
            );
        }
        // The entity itself, in every row, says nothing on its own page.
        drop_columns(&mut solutions, &mut header, &[column]);
        self.table_of(name, &solutions, &header)
    }

    /// A network picture of `selection`, laid out as `export` lays it out.
    fn network(&self, selection: &Selection, max_nodes: usize) -> Result<Block, Error> {
        let options = SelectOptions {
            max_nodes: Some(max_nodes),
            ..SelectOptions::default()
        };
        let subgraph = export::select::select(&self.graph, &self.facts, selection, &options)?;
        let drawing = export::layout::draw(&subgraph, self.lang);
        let render = export::RenderOptions {
            lang: self.lang,
            ..export::RenderOptions::default()
        };
        let elements = export::html::page_graph(&subgraph, &drawing, &render);
        Ok(Block::Network {
            elements: elements["elements"].clone(),
            note: subgraph.dropped.describe_for_people(self.lang),
        })
    }

    fn chain_link(&self, chain: crate::graph::ChainIndex) -> (String, String) {
        let c = self.graph.chain(chain);
        (c.labels.get(self.lang).to_owned(), href(Kind::Chain, &c.id))
    }

    fn org_cell(&self, org: OrgIndex) -> (Cell, Option<String>) {
        let o = self.graph.organisation(org);
        (
            Cell::text(o.labels.get(self.lang)),
            Some(href(o.kind, &o.id)),
        )
    }

    /// The chains in the order of the 8×10 matrix.
    fn chain_order(&self) -> Result<Vec<crate::graph::ChainIndex>, Error> {
        let (solutions, _) = self.run("chain-matrix", &[])?;
        let mut order = Vec::new();
        for row in &solutions.rows {
            if let Some(Some(Term::NamedNode(node))) = row.first() {
                if let Some(id) = crate::base::vocab::id_of(node.as_str()) {
                    if let Some(chain) = self.graph.find_chain(id) {
                        order.push(chain);
                    }
                }
            }
        }
        for (i, _) in self.graph.chains().iter().enumerate() {
            let chain = crate::graph::ChainIndex(i as u32);
            if !order.contains(&chain) {
                order.push(chain);
            }
        }
        Ok(order)
    }

    /// The direction coverage table of `match all`, for the directions that pass `keep`.
    fn coverage_table(
        &self,
        name: &str,
        title: String,
        keep: impl Fn(&crate::matching::DirectionAssignment) -> bool,
    ) -> Table {
        let mut table = Table::new(
            name,
            title,
            self.headings(&[
                ("编号", "no."),
                ("攻关方向", "direction"),
                ("产业链", "chain"),
                ("所需能力", "required"),
                ("本地已覆盖", "covered locally"),
                ("缺口", "gaps"),
                ("建议牵头单位", "proposed leader"),
                ("匹配度", "match"),
            ]),
        );
        for assignment in self.all.directions.iter().filter(|a| keep(a)) {
            let direction = &assignment.direction;
            let chain = self
                .graph
                .find_direction(&direction.id)
                .map(|d| self.graph.direction(d).chain);
            let (chain_label, chain_href) = chain
                .map(|c| self.chain_link(c))
                .map_or((String::new(), None), |(l, h)| (l, Some(h)));
            let required = assignment.required_capabilities.len();
            let gaps = assignment.gaps.len();
            let (leader, leader_href, score) = match &assignment.consortium {
                Some(c) => (
                    Cell::text(c.leader.label.get(self.lang)),
                    Some(href(c.leader.kind, &c.leader.id)),
                    Cell::Number(c.score, 1),
                ),
                None => (
                    Cell::text(self.t("（无合适牵头单位）", "(no leader)")),
                    None,
                    Cell::Empty,
                ),
            };
            table.push(
                vec![
                    Cell::text(&direction.notation),
                    Cell::text(direction.label.get(self.lang)),
                    Cell::text(chain_label),
                    Cell::Integer(required as i64),
                    Cell::Integer(required.saturating_sub(gaps) as i64),
                    Cell::Integer(gaps as i64),
                    leader,
                    score,
                ],
                vec![
                    Some(href(Kind::Direction, &direction.id)),
                    Some(href(Kind::Direction, &direction.id)),
                    chain_href,
                    None,
                    None,
                    None,
                    leader_href,
                ],
            );
        }
        table
    }

    /// An entity's page: titled with its label (or `title`), with its id and kind.
    fn entity_page(&self, page: &'static str, entity: &Entity, title: Option<String>) -> Page {
        let mut built = self.page(
            page,
            title.unwrap_or_else(|| entity.label(self.lang).to_owned()),
        );
        built.id = Some(entity.id.clone());
        built.kind = Some(entity.kind.label(self.lang).to_owned());
        built
    }

    fn page(&self, page: &'static str, title: String) -> Page {
        Page {
            page,
            title,
            data_version: self.data_version.clone(),
            ..Page::default()
        }
    }
}

/// 总览: key counts, the 8×10 matrix, the firm ladder by chain, the pools, direction coverage and
/// the consortia on record.
pub fn overview(cx: &Context) -> Result<Page, Error> {
    let lang = cx.lang;
    let mut page = cx.page(
        "overview",
        cx.t(
            "产业科技创新资源图谱 · 总览",
            "Innovation resource map · overview",
        ),
    );
    let graph = &cx.graph;
    let local = |o: &&crate::graph::Organisation| o.locality.is_local();
    let firms = graph
        .organisations()
        .iter()
        .filter(|o| o.kind == Kind::Firm && o.locality == crate::graph::Locality::InCity)
        .count();
    let resources = graph
        .organisations()
        .iter()
        .filter(local)
        .filter(|o| o.kind.is_resource())
        .count();
    let consortia = cx.canned("consortia", &[])?;
    let summary = &cx.all.summary;
    // Chains by group (主导产业, 新兴产业 …), in the order of the chain overview.
    let chains = cx.canned("chain-overview", &[])?;
    let mut groups: Vec<(String, usize)> = Vec::new();
    for row in &chains.sheet.rows {
        let group = row.get(3).map(Cell::display).unwrap_or_default();
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, n)) => *n += 1,
            None => groups.push((group, 1)),
        }
    }
    page.facts = groups
        .into_iter()
        .map(|(group, n)| {
            Fact::new(
                cx.t(&format!("{group}链"), &format!("{group} chains")),
                count(n),
            )
        })
        .collect();
    page.facts.extend([
        Fact::new(cx.t("本地创新资源", "local resources"), count(resources)),
        Fact::new(cx.t("本市企业", "firms in the city"), count(firms)),
        Fact::new(cx.t("攻关方向", "directions"), count(summary.directions)),
        Fact::new(
            cx.t("能力全覆盖的方向", "fully covered directions"),
            count(summary.fully_covered),
        ),
        Fact::new(cx.t("本地缺口能力", "capability gaps"), count(summary.gaps)),
        Fact::new(
            cx.t("现有创新联合体", "consortia on record"),
            count(consortia.sheet.rows.len()),
        ),
    ]);

    // The 8×10 matrix.
    let matrix = cx.canned("chain-matrix", &[])?;
    let mut chart = Chart::new("chain-matrix-chart", matrix.title.clone(), "bar");
    chart.stacked = true;
    for (r, row) in matrix.sheet.rows.iter().enumerate() {
        chart.categories.push(row[0].display());
        chart.links.push(matrix.links[r].first().cloned().flatten());
    }
    for column in 1..=5.min(matrix.sheet.header.len().saturating_sub(1)) {
        let data = matrix
            .sheet
            .rows
            .iter()
            .map(|row| match row.get(column) {
                Some(Cell::Integer(n)) => *n as f64,
                Some(Cell::Number(n, _)) => *n,
                _ => 0.0,
            })
            .collect();
        chart
            .series
            .push((matrix.sheet.header[column].clone(), data));
    }
    chart.mark = Some((10.0, cx.t("每链 10 个", "10 per chain")));
    page.sections.push(
        Section::new(cx.t("8×10 创新资源矩阵", "The 8×10 resource matrix"))
            .note(cx.t(
                "每条产业链由约 10 个创新资源支撑；“距10个缺口”为尚缺的数量。",
                "Each chain is backed by about ten innovation resources; “short of ten” is how many are missing.",
            ))
            .with(Block::Chart(chart))
            .with(Block::Table(matrix)),
    );

    // The firm ladder by chain.
    let order = cx.chain_order()?;
    let mut ladder = Chart::new(
        "firm-ladder-chart",
        cx.t("各产业链企业梯队", "Firm ladder by chain"),
        "bar",
    );
    ladder.stacked = true;
    for &chain in &order {
        let (label, link) = cx.chain_link(chain);
        ladder.categories.push(label);
        ladder.links.push(Some(link));
    }
    for tier in Tier::ALL {
        let data = order
            .iter()
            .map(|&chain| {
                graph
                    .organisations()
                    .iter()
                    .filter(|o| {
                        o.kind == Kind::Firm && o.tier == Some(tier) && o.chains.contains(&chain)
                    })
                    .count() as f64
            })
            .collect();
        ladder.series.push((tier.label(lang).to_owned(), data));
    }
    page.sections.push(
        Section::new(cx.t(
            "企业梯队（科小 → 高企 → 瞪羚 → 独角兽）",
            "The firm ladder (tech SME → high-tech → gazelle → unicorn)",
        ))
        .with(Block::Chart(ladder))
        .with(Block::Table(cx.canned("firm-ladder", &[])?)),
    );

    // The three cultivation pools.
    let pools = pool_tables(cx)?;
    let mut chart = Chart::new(
        "pools-chart",
        cx.t("三类培育库规模", "The three cultivation pools"),
        "hbar",
    );
    let mut sizes = Vec::new();
    for (label, table) in &pools {
        chart.categories.push(label.clone());
        chart.links.push(Some("/pools".into()));
        sizes.push(table.sheet.rows.len() as f64);
    }
    chart.series.push((cx.t("企业数", "firms"), sizes));
    page.sections.push(
        Section::new(cx.t("培育库", "Cultivation pools"))
            .note(cx.t(
                "高企以下的企业按短板分入三类培育库；一家企业可在多个库中。点击查看名单。",
                "Firms below the high-tech tier sit in a pool by what they lack; a firm may sit in several. Click for the lists.",
            ))
            .with(Block::Chart(chart)),
    );

    // Direction coverage.
    let mut coverage = Chart::new(
        "coverage-chart",
        cx.t("攻关方向能力覆盖", "Capability coverage of the directions"),
        "bar",
    );
    coverage.stacked = true;
    let mut covered = Vec::new();
    let mut gaps = Vec::new();
    for a in &cx.all.directions {
        coverage.categories.push(a.direction.notation.clone());
        coverage
            .links
            .push(Some(href(Kind::Direction, &a.direction.id)));
        covered.push(a.required_capabilities.len().saturating_sub(a.gaps.len()) as f64);
        gaps.push(a.gaps.len() as f64);
    }
    coverage
        .series
        .push((cx.t("本地已覆盖", "covered locally"), covered));
    coverage.series.push((cx.t("缺口", "gaps"), gaps));
    page.sections.push(
        Section::new(cx.t("31 个攻关方向的覆盖与缺口", "The directions: coverage and gaps"))
            .note(cx.t(
                "每个方向一个建议联合体（同一高校或实验室至多参加 3 个方向）；缺口为本地无人掌握的所需能力。",
                "One proposed consortium per direction (a university or lab joins at most three); a gap is a required capability no local actor holds.",
            ))
            .with(Block::Chart(coverage))
            .with(Block::Table(cx.coverage_table("coverage", cx.t("攻关方向覆盖情况", "Direction coverage"), |_| true))),
    );
    page.sections.push(
        Section::new(cx.t("现有创新联合体", "Consortia on record")).with(Block::Table(consortia)),
    );
    Ok(page)
}

/// The three pools, each with its people's label.
fn pool_tables(cx: &Context) -> Result<Vec<(String, Table)>, Error> {
    Ok(vec![
        (
            cx.t("专利缺失", "no patents"),
            cx.canned("pool-no-patents", &[])?,
        ),
        (cx.t("研发缺位", "no R&D"), cx.canned("pool-no-rd", &[])?),
        (
            cx.t("合作缺乏", "no cooperation"),
            cx.canned("pool-no-cooperation", &[])?,
        ),
    ])
}

/// 培育库: the three pools' lists.
pub fn pools(cx: &Context) -> Result<Page, Error> {
    let mut page = cx.page("pools", cx.t("培育库", "Cultivation pools"));
    let pools = pool_tables(cx)?;
    for (label, table) in &pools {
        page.facts
            .push(Fact::new(label.clone(), count(table.sheet.rows.len())));
    }
    let notes = [
        cx.t("高企以下、未持有专利的企业。", "Firms below the high-tech tier that hold no patent."),
        cx.t("高企以下、既无研发机构也无研发投入的企业（最新年度）。", "Firms below the high-tech tier with neither an R&D institution nor R&D spend (newest year)."),
        cx.t("高企以下、从未与高校或重点实验室合作的企业。", "Firms below the high-tech tier that never collaborated with a university or key lab."),
    ];
    for ((label, table), note) in pools.into_iter().zip(notes) {
        page.sections
            .push(Section::new(label).note(note).with(Block::Table(table)));
    }
    Ok(page)
}

/// 产业链: its resources on the 8×10 list, its directions with coverage, its firms by tier and
/// segment, a network picture.
pub fn chain(cx: &Context, entity: &Entity) -> Result<Page, Error> {
    let lang = cx.lang;
    let graph = &cx.graph;
    let chain = graph
        .find_chain(&entity.id)
        .ok_or_else(|| unknown("chain", &entity.id))?;
    let mut page = cx.entity_page("chain", entity, None);
    let firms: Vec<OrgIndex> = (0..graph.organisations().len())
        .map(|i| OrgIndex(i as u32))
        .filter(|&o| {
            let org = graph.organisation(o);
            org.kind == Kind::Firm && org.chains.contains(&chain)
        })
        .collect();
    let resources = cx.canned("chain-resources", &[("chain", &entity.iri)])?;
    let directions: Vec<_> = graph
        .directions()
        .iter()
        .filter(|d| d.chain == chain)
        .collect();
    let leading = firms
        .iter()
        .filter(|&&o| graph.organisation(o).leading_firm)
        .count();
    let group = cx
        .canned_rows_of("chain-overview", "chain", &entity.iri)?
        .sheet
        .rows
        .first()
        .and_then(|row| row.get(2))
        .map(Cell::display)
        .unwrap_or_default();
    page.facts = vec![
        Fact::new(cx.t("分组", "group"), group),
        Fact::new(
            cx.t("8×10 支撑资源", "resources on the 8×10 list"),
            count(resources.sheet.rows.len()),
        ),
        Fact::new(cx.t("链上企业", "firms"), count(firms.len())),
        Fact::new(cx.t("龙头企业", "leading firms"), count(leading)),
        Fact::new(cx.t("攻关方向", "directions"), count(directions.len())),
    ];
    page.sections.push(
        Section::new(cx.t("8×10 支撑创新资源", "Resources on the 8×10 list"))
            .with(Block::Table(resources)),
    );
    let ids: Vec<&str> = directions.iter().map(|d| d.id.as_str()).collect();
    page.sections.push(
        Section::new(cx.t("攻关方向与能力覆盖", "Directions and their coverage")).with(
            Block::Table(cx.coverage_table(
                "directions",
                cx.t("本链攻关方向", "The chain's directions"),
                |a| ids.contains(&a.direction.id.as_str()),
            )),
        ),
    );

    // Firms by tier and segment.
    let mut chart = Chart::new(
        "firms-chart",
        cx.t("企业梯队与产业链环节", "Firms by tier and segment"),
        "bar",
    );
    chart.stacked = true;
    let segments: Vec<Option<Segment>> = Segment::ALL.into_iter().map(Some).chain([None]).collect();
    let segment_label = |s: Option<Segment>| {
        s.map_or(t(lang, "环节未注明", "segment not stated"), |s| {
            s.label(lang).to_owned()
        })
    };
    let tiers: Vec<Option<Tier>> = Tier::ALL.into_iter().map(Some).chain([None]).collect();
    let tier_label = |t: Option<Tier>| {
        t.map_or(self::t(lang, "未入梯队", "no tier"), |t| {
            t.label(lang).to_owned()
        })
    };
    let used: Vec<Option<Segment>> = segments
        .into_iter()
        .filter(|s| firms.iter().any(|&o| graph.organisation(o).segment == *s))
        .collect();
    chart.categories = used.iter().map(|&s| segment_label(s)).collect();
    for &tier in &tiers {
        let data: Vec<f64> = used
            .iter()
            .map(|&s| {
                firms
                    .iter()
                    .filter(|&&o| {
                        let org = graph.organisation(o);
                        org.segment == s && org.tier == tier
                    })
                    .count() as f64
            })
            .collect();
        if data.iter().any(|&v| v > 0.0) {
            chart.series.push((tier_label(tier), data));
        }
    }
    let mut table = Table::new(
        "firms",
        cx.t("链上企业", "Firms of the chain"),
        cx.headings(&[
            ("企业", "firm"),
            ("梯队", "tier"),
            ("龙头企业", "leading"),
            ("产业链环节", "segment"),
            ("所在镇区", "town"),
            ("掌握能力数", "capabilities"),
        ]),
    );
    let mut sorted = firms.clone();
    sorted.sort_by_key(|&o| {
        let org = graph.organisation(o);
        (
            std::cmp::Reverse(org.leading_firm),
            std::cmp::Reverse(org.tier.map_or(0, |t| t.rank())),
            org.id.clone(),
        )
    });
    for o in sorted {
        let org = graph.organisation(o);
        let (name, link) = cx.org_cell(o);
        table.push(
            vec![
                name,
                Cell::text(tier_label(org.tier)),
                Cell::text(if org.leading_firm {
                    crate::features::query_output::yes_no(true, lang)
                } else {
                    ""
                }),
                Cell::text(segment_label(org.segment)),
                Cell::text(
                    org.place
                        .as_deref()
                        .map(|p| cx.label_of(Kind::Place, p))
                        .unwrap_or_default(),
                ),
                Cell::Integer(org.capabilities.len() as i64),
            ],
            vec![link],
        );
    }
    page.sections.push(
        Section::new(cx.t("企业梯队与环节", "Firms by tier and segment"))
            .with(Block::Chart(chart))
            .with(Block::Table(table)),
    );
    page.sections.push(
        Section::new(cx.t("产业链网络图", "The chain's network"))
            .note(cx.t(
                "上方为攻关方向，中间按上游、中游、下游排列企业，下方为支撑资源；虚线框为市外单位。",
                "Directions on top, firms in upstream, midstream and downstream lanes, resources below; dashed boxes are outside organisations.",
            ))
            .with(cx.network(&Selection::Chain { chain: entity.id.clone() }, 120)?),
    );
    Ok(page)
}

fn unknown(what: &str, id: &str) -> Error {
    Error::UnknownEntity {
        what: what.to_owned(),
        name: id.to_owned(),
        suggestions: Vec::new(),
    }
}

fn matching(error: crate::matching::MatchError) -> Error {
    match error {
        crate::matching::MatchError::Unknown { what, id } => unknown(what, &id),
        other => Error::Usage(other.to_string()),
    }
}

/// 攻关方向: required capabilities, the proposed consortia (table and picture), gaps and whom to
/// recruit, the consortia on record.
pub fn direction(cx: &Context, entity: &Entity) -> Result<Page, Error> {
    let lang = cx.lang;
    let graph = &cx.graph;
    let d = graph
        .find_direction(&entity.id)
        .ok_or_else(|| unknown("direction", &entity.id))?;
    let direction = graph.direction(d);
    let report: ConsortiumReport =
        form_consortium(graph, &entity.id, &ConsortiumOptions::default()).map_err(matching)?;
    let mut page = cx.entity_page(
        "direction",
        entity,
        Some(format!("{} {}", direction.notation, entity.label(lang))),
    );
    let (chain_label, chain_href) = cx.chain_link(direction.chain);
    let mut existing = cx.canned("consortia", &[("direction", &entity.iri)])?;
    existing.name = "existing-consortia".into();
    page.facts = vec![
        Fact::link(cx.t("产业链", "chain"), chain_label, chain_href),
        Fact::new(
            cx.t("所需能力", "required capabilities"),
            count(direction.required.len()),
        ),
        Fact::new(cx.t("本地缺口", "local gaps"), count(report.gaps.len())),
        Fact::new(
            cx.t("建议方案", "proposed consortia"),
            count(report.consortia.len()),
        ),
        Fact::new(
            cx.t("现有联合体", "consortia on record"),
            count(existing.sheet.rows.len()),
        ),
    ];

    let mut capabilities = Table::new(
        "capabilities",
        cx.t(
            "所需能力及本地掌握者",
            "Required capabilities and their local holders",
        ),
        cx.headings(&[
            ("能力", "capability"),
            ("本地掌握者数", "local holders"),
            ("本地掌握者", "local holders"),
            ("状态", "status"),
        ]),
    );
    for &capability in &direction.required {
        let holders: Vec<OrgIndex> = graph
            .holders(capability)
            .iter()
            .copied()
            .filter(|&o| graph.organisation(o).locality.is_local())
            .collect();
        let names: Vec<String> = holders
            .iter()
            .take(6)
            .map(|&o| graph.organisation(o).labels.get(lang).to_owned())
            .collect();
        let mut listed = names.join(if lang == Lang::Zh { "、" } else { ", " });
        if holders.len() > 6 {
            listed.push_str(&cx.t(" 等", " …"));
        }
        let status = match holders.len() {
            0 => cx.t("缺口", "gap"),
            1 => cx.t("仅一家（单点风险）", "one holder (single point)"),
            _ => cx.t("已覆盖", "covered"),
        };
        capabilities.push(
            vec![
                Cell::text(graph.capability(capability).labels.get(lang)),
                Cell::Integer(holders.len() as i64),
                Cell::text(listed),
                Cell::text(status),
            ],
            Vec::new(),
        );
    }
    page.sections.push(
        Section::new(cx.t("所需能力", "Required capabilities")).with(Block::Table(capabilities)),
    );

    let mut members = Table::new(
        "consortia",
        cx.t("建议创新联合体", "Proposed consortia"),
        cx.headings(&[
            ("方案", "option"),
            ("匹配度", "match"),
            ("角色", "role"),
            ("单位", "organisation"),
            ("类型", "kind"),
            ("覆盖能力", "covers"),
            ("与牵头单位的联系", "link to the leader"),
        ]),
    );
    let join = |refs: &[crate::matching::EntityRef]| {
        refs.iter()
            .map(|r| r.label(lang).to_owned())
            .collect::<Vec<_>>()
            .join(if lang == Lang::Zh { "、" } else { ", " })
    };
    for c in &report.consortia {
        let option = cx.t(&format!("方案 {}", c.rank), &format!("option {}", c.rank));
        members.push(
            vec![
                Cell::text(option.clone()),
                Cell::Number(c.score, 1),
                Cell::text(cx.t("牵头单位", "leader")),
                Cell::text(c.leader.label.get(lang)),
                Cell::text(c.leader.kind.label(lang)),
                Cell::text(join(&c.leader.covers)),
                Cell::Empty,
            ],
            vec![None, None, None, Some(href(c.leader.kind, &c.leader.id))],
        );
        for m in &c.members {
            let path = match m.evidence.path.len() {
                0 => cx.t("未相连", "not connected"),
                1 | 2 => cx.t("直接相连", "direct tie"),
                _ => {
                    let via: Vec<&str> = m.evidence.path[1..m.evidence.path.len() - 1]
                        .iter()
                        .map(|n| n.label.get(lang))
                        .collect();
                    format!("{} {}", cx.t("经", "via"), via.join(" → "))
                }
            };
            let role = match m.added_by {
                Some(_) => cx.t("成员（组成规则补充）", "member (added by a rule)"),
                None => cx.t("成员", "member"),
            };
            members.push(
                vec![
                    Cell::text(option.clone()),
                    Cell::Number(c.score, 1),
                    Cell::text(role),
                    Cell::text(m.label.get(lang)),
                    Cell::text(m.kind.label(lang)),
                    Cell::text(join(&m.covers)),
                    Cell::text(path),
                ],
                vec![None, None, None, Some(href(m.kind, &m.id))],
            );
        }
    }
    let mut section = Section::new(cx.t("建议创新联合体", "Proposed consortia"));
    if let Some(top) = report.consortia.first() {
        section = section.note(top.reason.get(lang).to_owned());
    } else {
        section = section.note(cx.t(
            "本地没有符合条件的牵头单位，未能组成联合体；见下方缺口与招引建议。",
            "No local organisation qualifies to lead: no consortium; see the gaps and whom to recruit below.",
        ));
    }
    section = section.with(Block::Table(members));
    let plan = export::ConsortiumPlan::from_report(&report);
    section = section.with(cx.network(
        &Selection::Direction {
            direction: entity.id.clone(),
            consortium: Some(plan),
        },
        80,
    )?);
    page.sections.push(section);

    let mut recruit = Table::new(
        "gaps",
        cx.t("缺口与招引建议", "Gaps and whom to recruit"),
        cx.headings(&[
            ("缺失能力", "missing capability"),
            ("建议招引单位", "organisation to recruit"),
            ("类型", "kind"),
            ("所在地", "where"),
            ("招引适配度", "fit"),
        ]),
    );
    for gap in &report.gaps {
        if gap.external_candidates.is_empty() {
            recruit.push(
                vec![
                    Cell::text(gap.capability.label(lang)),
                    Cell::text(cx.t("（图谱中无外部掌握者）", "(no outside holder in the map)")),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ],
                Vec::new(),
            );
        }
        for candidate in &gap.external_candidates {
            let place = place_label(candidate.country.as_deref(), candidate.locality, lang);
            recruit.push(
                vec![
                    Cell::text(gap.capability.label(lang)),
                    Cell::text(candidate.label.get(lang)),
                    Cell::text(candidate.kind.label(lang)),
                    Cell::text(place),
                    Cell::Number(candidate.score, 1),
                ],
                vec![None, Some(href(candidate.kind, &candidate.id))],
            );
        }
    }
    let gaps_section = if report.gaps.is_empty() {
        Section::new(cx.t("缺口与招引建议", "Gaps and whom to recruit")).with(Block::Text(cx.t(
            "所需能力均有本地单位掌握，无缺口。",
            "Local actors hold every required capability: no gaps.",
        )))
    } else {
        Section::new(cx.t("缺口与招引建议", "Gaps and whom to recruit"))
            .note(cx.t(
                "缺口为本地（本市及 8×10 名单）无人掌握的所需能力；招引适配度 0–100。",
                "A gap is a required capability no local actor (the city and its 8×10 list) holds; fit is 0–100.",
            ))
            .with(Block::Table(recruit))
    };
    page.sections.push(gaps_section);
    page.sections.push(
        Section::new(cx.t("现有创新联合体", "Consortia on record")).with(Block::Table(existing)),
    );
    Ok(page)
}

/// A scored entity's grade: facts for the cards, the table of its indicators, and a note.
struct Graded {
    facts: Vec<Fact>,
    table: Table,
    note: String,
}

/// A scored entity's grade, as facts and a table of its indicators.
fn grade(cx: &Context, entity: &Entity, model_kind: &str) -> Result<Option<Graded>, Error> {
    let Some(Ok(model)) = crate::features::score::default_model(model_kind) else {
        return Ok(None);
    };
    let options = crate::features::score::ScoreOptions {
        chain: None,
        year: None,
        lang: cx.lang,
    };
    let report = match crate::features::score::build_report(cx.store, &cx.index, &model, &options) {
        Ok(report) => report,
        Err(Error::Input { .. }) => return Ok(None),
        Err(other) => return Err(other),
    };
    let Some(line) = report.lines.iter().find(|l| l.iri == entity.iri) else {
        return Ok(None);
    };
    let facts = vec![
        Fact::new(cx.t("格次", "grade"), line.grade.clone()),
        Fact::new(
            cx.t(
                &format!("{} 年得分", report.year),
                &format!("score {}", report.year),
            ),
            format!("{:.1}", line.score),
        ),
        Fact::new(
            cx.t("排名", "rank"),
            format!("{} / {}", line.rank, report.lines.len()),
        ),
    ];
    let mut table = Table::new(
        "score",
        format!(
            "{} · {}",
            report.model_label,
            cx.t("指标得分", "points by indicator")
        ),
        cx.headings(&[
            ("类别", "category"),
            ("指标", "indicator"),
            ("原始值", "value"),
            ("单位", "unit"),
            ("满分", "full points"),
            ("得分", "points"),
        ]),
    );
    for part in &line.parts {
        table.push(
            vec![
                Cell::text(&part.category),
                Cell::text(&part.label),
                match part.raw {
                    None => Cell::text(cx.t("无数据", "no data")),
                    Some(_) if !cx.financials && part.unit.contains("万元") => {
                        Cell::text(cx.t("（未公开）", "(not shown)"))
                    }
                    Some(v) if part.whole => Cell::text(format!("{}", v.round() as i64)),
                    Some(v) => Cell::text(crate::features::spreadsheet::trimmed(v, 2)),
                },
                Cell::text(&part.unit),
                Cell::Number(part.share, 1),
                Cell::Number(part.points, 1),
            ],
            Vec::new(),
        );
    }
    let mut note = format!(
        "{}{}",
        cx.t(
            "得分为各指标得分之和（0–100）。",
            "The score is the sum of the indicators' points (0–100). "
        ),
        line.advice.clone().unwrap_or_default()
    );
    if !line.missing.is_empty() {
        note.push_str(&cx.t(
            &format!("缺少数据的指标：{}。", line.missing.join("、")),
            &format!(" No data for: {}.", line.missing.join(", ")),
        ));
    }
    Ok(Some(Graded { facts, table, note }))
}

/// 企业画像: tier, pools and why, ladder readiness, grade, collaborators, suggested partners, its
/// network.
pub fn firm(cx: &Context, entity: &Entity) -> Result<Page, Error> {
    let lang = cx.lang;
    let graph = &cx.graph;
    let o = graph
        .find_organisation(&entity.id)
        .ok_or_else(|| unknown("firm", &entity.id))?;
    let org = graph.organisation(o);
    let mut page = cx.entity_page("firm", entity, None);
    page.facts.push(Fact::new(
        cx.t("梯队", "tier"),
        org.tier.map_or(cx.t("未入梯队", "no tier"), |t| {
            t.label(lang).to_owned()
        }),
    ));
    if org.leading_firm {
        page.facts.push(Fact::new(
            cx.t("龙头企业", "leading firm"),
            crate::features::query_output::yes_no(true, lang),
        ));
    }
    for &chain in &org.chains {
        let (label, link) = cx.chain_link(chain);
        page.facts
            .push(Fact::link(cx.t("产业链", "chain"), label, link));
    }
    if let Some(segment) = org.segment {
        page.facts.push(Fact::new(
            cx.t("产业链环节", "segment"),
            segment.label(lang),
        ));
    }
    if let Some(place) = &org.place {
        page.facts.push(Fact::new(
            cx.t("所在地", "located in"),
            cx.label_of(Kind::Place, place),
        ));
    }
    page.facts.push(Fact::new(
        cx.t("掌握能力", "capabilities"),
        count(org.capabilities.len()),
    ));

    // The pools and why.
    let mut pools = Table::new(
        "pools",
        cx.t("所在培育库", "Cultivation pools"),
        cx.headings(&[
            ("培育库", "pool"),
            ("是否在库", "in the pool"),
            ("入库条件", "what puts a firm there"),
        ]),
    );
    let checks = [
        ("pool-no-patents", cx.t("专利缺失", "no patents"), cx.t("梯队低于高企，且未持有专利", "below the high-tech tier and holds no patent")),
        ("pool-no-rd", cx.t("研发缺位", "no R&D"), cx.t("梯队低于高企，最新年度既无研发机构也无研发投入", "below the high-tech tier, neither an R&D institution nor R&D spend in the newest year")),
        ("pool-no-cooperation", cx.t("合作缺乏", "no cooperation"), cx.t("梯队低于高企，从未与高校或重点实验室合作", "below the high-tech tier, never collaborated with a university or key lab")),
    ];
    let mut in_pools = Vec::new();
    for (query, label, why) in checks {
        let rows = cx.canned_rows_of(query, "firm", &entity.iri)?;
        let inside = !rows.sheet.rows.is_empty();
        if inside {
            in_pools.push(label.clone());
        }
        pools.push(
            vec![
                Cell::text(label),
                Cell::text(crate::features::query_output::yes_no(inside, lang)),
                Cell::text(why),
            ],
            vec![Some("/pools".into())],
        );
    }
    page.facts.push(Fact::new(
        cx.t("培育库", "pools"),
        if in_pools.is_empty() {
            cx.t("不在库", "none")
        } else {
            in_pools.join(if lang == Lang::Zh { "、" } else { ", " })
        },
    ));

    // Grade.
    if let Some(graded) = grade(cx, entity, "firm")? {
        page.facts.extend(graded.facts);
        page.sections.push(
            Section::new(cx.t("格次赋分", "Grade and score"))
                .note(graded.note)
                .with(Block::Table(graded.table)),
        );
    }
    page.sections
        .push(Section::new(cx.t("培育库", "Cultivation pools")).with(Block::Table(pools)));

    page.sections.push(readiness(cx, entity, org.tier)?);

    // Collaborators and partners.
    // The firm's own name in every row says nothing on its own page.
    let (mut solutions, mut header) = cx.run("firm-collaborators", &[("firm", &entity.iri)])?;
    drop_columns(&mut solutions, &mut header, &["firm"]);
    page.sections.push(
        Section::new(cx.t("合作伙伴", "Collaborators")).with(Block::Table(cx.table_of(
            "firm-collaborators",
            &solutions,
            &header,
        )?)),
    );
    let partners =
        find_partners(graph, &entity.id, &PartnerOptions::default()).map_err(matching)?;
    let mut table = Table::new(
        "partners",
        cx.t("推荐合作伙伴", "Proposed partners"),
        cx.headings(&[
            ("排名", "rank"),
            ("合作伙伴", "partner"),
            ("类型", "kind"),
            ("匹配度", "match"),
            ("已有合作", "existing tie"),
            ("理由", "reason"),
        ]),
    );
    for p in &partners.partners {
        table.push(
            vec![
                Cell::Integer(p.rank as i64),
                Cell::text(p.label.get(lang)),
                Cell::text(p.kind.label(lang)),
                Cell::Number(p.score, 1),
                Cell::text(crate::features::query_output::yes_no(p.existing_tie, lang)),
                Cell::text(p.reason.get(lang)),
            ],
            vec![None, Some(href(p.kind, &p.id))],
        );
    }
    page.sections.push(
        Section::new(cx.t("推荐合作伙伴", "Proposed partners"))
            .note(cx.t(
                "匹配度 0–100，由互补能力、协作距离、已有合作等部分相加；理由说明带来的能力与联系路径。",
                "Match is 0–100, the sum of complementary capabilities, distance, prior ties and more; the reason says what the partner brings and how it is reached.",
            ))
            .with(Block::Table(table)),
    );
    page.sections
        .push(Section::new(cx.t("关系网络", "Network")).with(cx.network(
            &Selection::Focus {
                entity: entity.id.clone(),
                depth: 1,
            },
            40,
        )?));
    Ok(page)
}

/// The firm's three-year figures against the high-tech-enterprise thresholds, with a sentence an
/// officer can read out: how far each ratio is from its threshold.
fn readiness(cx: &Context, entity: &Entity, tier: Option<Tier>) -> Result<Section, Error> {
    let lang = cx.lang;
    let section = Section::new(cx.t("高企门槛对照", "Against the high-tech thresholds"));
    let (mut solutions, mut header) = cx.run("hte-candidates", &[])?;
    if let Some(c) = solutions.column("firm") {
        solutions.rows.retain(
            |row| matches!(&row[c], Some(Term::NamedNode(node)) if node.as_str() == entity.iri),
        );
    }
    let Some(row) = solutions.rows.first().cloned() else {
        return Ok(section.with(Block::Text(match tier {
            Some(tier) if tier.rank() >= Tier::HighTechEnterprise.rank() => cx.t(
                "该企业已是高新技术企业或更高梯队。",
                "The firm is a high-tech enterprise or higher already.",
            ),
            _ => cx.t(
                "没有该企业近三年的营收与研发数据，无法对照高企门槛。",
                "The data has no three-year revenue and R&D figures for the firm to compare with the thresholds.",
            ),
        })));
    };
    let number = |name: &str| -> Option<f64> {
        match solutions.column(name).and_then(|c| row[c].as_ref()) {
            Some(Term::Literal(literal)) => literal.value().parse().ok(),
            _ => None,
        }
    };
    let mut parts = Vec::new();
    let percent = |v: f64, places: usize| format!("{:.*}%", places, v * 100.0);
    if let (Some(intensity), Some(threshold)) = (number("rd_intensity"), number("rd_threshold")) {
        parts.push(if intensity >= threshold {
            cx.t(
                &format!(
                    "研发强度 {}，达到门槛 {}",
                    percent(intensity, 2),
                    percent(threshold, 0)
                ),
                &format!(
                    "R&D intensity {} meets the {} threshold",
                    percent(intensity, 2),
                    percent(threshold, 0)
                ),
            )
        } else {
            let short = (threshold - intensity) * 100.0;
            cx.t(
                &format!(
                    "研发强度 {}，距门槛 {} 差 {:.2} 个百分点",
                    percent(intensity, 2),
                    percent(threshold, 0),
                    short
                ),
                &format!(
                    "R&D intensity {} is {:.2} points short of the {} threshold",
                    percent(intensity, 2),
                    short,
                    percent(threshold, 0)
                ),
            )
        });
    }
    if let Some(share) = number("st_share") {
        parts.push(if share >= 0.1 {
            cx.t(
                &format!("科技人员占比 {}，达到门槛 10%", percent(share, 1)),
                &format!(
                    "S&T staff share {} meets the 10% threshold",
                    percent(share, 1)
                ),
            )
        } else {
            cx.t(
                &format!(
                    "科技人员占比 {}，距门槛 10% 差 {:.1} 个百分点",
                    percent(share, 1),
                    (0.1 - share) * 100.0
                ),
                &format!(
                    "S&T staff share {} is {:.1} points short of 10%",
                    percent(share, 1),
                    (0.1 - share) * 100.0
                ),
            )
        });
    }
    drop_columns(&mut solutions, &mut header, &["firm", "as_of"]);
    if !cx.financials {
        drop_columns(&mut solutions, &mut header, &MONEY_COLUMNS);
    }
    let separator = if lang == Lang::Zh { "；" } else { "; " };
    let ending = if lang == Lang::Zh { "。" } else { "." };
    Ok(section
        .note(cx.t(
            "研发强度门槛：近三年营收 5000 万元以下 5%，2 亿元以下 4%，以上 3%；科技人员占比门槛 10%。",
            "R&D intensity thresholds: 5 % below 50 M CNY three-year revenue, 4 % below 200 M, 3 % above; S&T staff share 10 %.",
        ))
        .with(Block::Text(format!("{}{ending}", parts.join(separator))))
        .with(Block::Table(cx.table_of("hte-candidates", &solutions, &header)?)))
}

/// 资源: the chains it backs, its collaborations, its load, its grade, its network.
pub fn resource(cx: &Context, entity: &Entity) -> Result<Page, Error> {
    let lang = cx.lang;
    let graph = &cx.graph;
    let o = graph
        .find_organisation(&entity.id)
        .ok_or_else(|| unknown("resource", &entity.id))?;
    let org = graph.organisation(o);
    let mut page = cx.entity_page("resource", entity, None);
    page.facts
        .push(Fact::new(cx.t("类型", "kind"), entity.kind.label(lang)));
    if let Some(level) = org.level {
        page.facts
            .push(Fact::new(cx.t("级别", "level"), level.label(lang)));
    }
    page.facts.push(Fact::new(
        cx.t("所在", "where"),
        place_label(org.country.as_deref(), org.locality, lang),
    ));
    if let Some(host) = org.host {
        let (name, link) = cx.org_cell(host);
        page.facts.push(Fact {
            label: cx.t("依托单位", "hosted by"),
            value: name.display(),
            href: link,
        });
    }
    let load = cx.canned_rows_of("resource-load", "resource", &entity.iri)?;
    if let Some(row) = load.sheet.rows.first() {
        for (heading, cell) in load.sheet.header.iter().zip(row).skip(1) {
            page.facts.push(Fact::new(heading.clone(), cell.display()));
        }
    }
    if let Some(l) = cx.all.lab_load.iter().find(|l| l.id == entity.id) {
        page.facts.push(Fact::new(
            cx.t(
                "建议联合体（全部方向）",
                "proposed consortia (all directions)",
            ),
            format!("{} / {}", l.load, l.capacity),
        ));
    }

    let mut chains = Table::new(
        "chains",
        cx.t("支撑的产业链（8×10 名单）", "Chains it backs (8×10 list)"),
        cx.headings(&[
            ("产业链", "chain"),
            ("链上攻关方向", "directions of the chain"),
        ]),
    );
    for &chain in &org.supported_chains {
        let (label, link) = cx.chain_link(chain);
        let directions = graph
            .directions()
            .iter()
            .filter(|d| d.chain == chain)
            .count();
        chains.push(
            vec![Cell::text(label), Cell::Integer(directions as i64)],
            vec![Some(link)],
        );
    }
    let chains_section = Section::new(cx.t("支撑的产业链", "Chains it backs"));
    page.sections.push(if chains.sheet.rows.is_empty() {
        chains_section.with(Block::Text(
            cx.t("不在任何产业链的 8×10 名单上。", "On no chain's 8×10 list."),
        ))
    } else {
        chains_section.with(Block::Table(chains))
    });

    let mut capabilities = Table::new(
        "capabilities",
        cx.t("掌握的能力", "Capabilities it holds"),
        cx.headings(&[
            ("能力", "capability"),
            ("需要该能力的攻关方向", "directions that need it"),
        ]),
    );
    for &capability in &org.capabilities {
        let needing: Vec<String> = graph
            .directions()
            .iter()
            .filter(|d| d.required.contains(&capability))
            .map(|d| format!("{} {}", d.notation, d.labels.get(lang)))
            .collect();
        capabilities.push(
            vec![
                Cell::text(graph.capability(capability).labels.get(lang)),
                Cell::text(needing.join(if lang == Lang::Zh { "、" } else { ", " })),
            ],
            Vec::new(),
        );
    }
    page.sections
        .push(Section::new(cx.t("能力", "Capabilities")).with(Block::Table(capabilities)));

    if let Some(graded) = grade(cx, entity, "resource")? {
        page.facts.extend(graded.facts);
        page.sections.push(
            Section::new(cx.t("格次赋分", "Grade and score"))
                .note(graded.note)
                .with(Block::Table(graded.table)),
        );
    }

    // The collaborations: the firm-collaborators query reads any organisation's participations.
    let (mut solutions, mut header) = cx.run("firm-collaborators", &[("firm", &entity.iri)])?;
    drop_columns(&mut solutions, &mut header, &["firm"]);
    header.title_zh = "合作情况".into();
    header.title_en = "Collaborations".into();
    page.sections.push(
        Section::new(cx.t("合作情况", "Collaborations")).with(Block::Table(cx.table_of(
            "collaborations",
            &solutions,
            &header,
        )?)),
    );
    page.sections
        .push(Section::new(cx.t("关系网络", "Network")).with(cx.network(
            &Selection::Focus {
                entity: entity.id.clone(),
                depth: 1,
            },
            40,
        )?));
    Ok(page)
}

/// Any other entity (a person, capability, place or fund): what the map says about it.
pub fn entity(cx: &Context, entity: &Entity) -> Result<Page, Error> {
    let lang = cx.lang;
    let mut page = cx.entity_page("entity", entity, None);
    page.facts
        .push(Fact::new(cx.t("类型", "kind"), entity.kind.label(lang)));
    let query = format!(
        "SELECT ?property ?value ?direction WHERE {{ \
           {{ <{iri}> ?property ?value . BIND(\"out\" AS ?direction) }} UNION \
           {{ ?value ?property <{iri}> . BIND(\"in\" AS ?direction) }} \
           FILTER(?property NOT IN (rdfs:label, skos:prefLabel, skos:altLabel, rdf:type)) \
           FILTER(!isBlank(?value)) \
         }} ORDER BY ?direction ?property ?value LIMIT 500",
        iri = entity.iri
    );
    let solutions = match cx.store.query(
        &query,
        "entity page",
        &QueryOptions {
            timeout: Some(cx.timeout),
            bindings: Vec::new(),
        },
    )? {
        QueryAnswer::Solutions(s) => s,
        _ => Solutions::default(),
    };
    let header = queries::QueryHeader {
        title_zh: "图谱中的关系".into(),
        title_en: "What the map says".into(),
        columns: vec!["property".into(), "value".into(), "direction".into()],
        columns_zh: vec!["关系".into(), "对象".into(), "方向".into()],
        ..queries::QueryHeader::default()
    };
    let mut table = cx.table_of("statements", &solutions, &header)?;
    for row in &mut table.sheet.rows {
        if let Some(cell) = row.get_mut(2) {
            *cell = Cell::text(match cell.display().as_str() {
                "out" => t(lang, "本实体 → 对象", "this → value"),
                _ => t(lang, "对象 → 本实体", "value → this"),
            });
        }
    }
    page.sections
        .push(Section::new(cx.t("图谱中的关系", "What the map says")).with(Block::Table(table)));
    Ok(page)
}

/// 搜索: entities whose id, label or alias contains the text, exact matches first.
pub fn search(cx: &Context, text: &str) -> Page {
    let lang = cx.lang;
    let mut page = cx.page("search", cx.t("搜索", "Search"));
    let wanted = crate::base::names::normalise(text);
    let mut table = Table::new(
        "results",
        cx.t(
            &format!("“{text}”的搜索结果"),
            &format!("Results for “{text}”"),
        ),
        cx.headings(&[
            ("名称", "name"),
            ("类型", "kind"),
            ("编号", "id"),
            ("其他名称", "other names"),
        ]),
    );
    if !wanted.is_empty() {
        let mut hits: Vec<(u8, &Entity)> = cx
            .index
            .entities()
            .iter()
            .filter_map(|e| {
                let id = e.id.to_lowercase();
                let names: Vec<String> = e
                    .names
                    .iter()
                    .map(|n| crate::base::names::normalise(n))
                    .collect();
                let rank = if id == wanted || names.contains(&wanted) {
                    0
                } else if names.iter().any(|n| n.starts_with(&wanted)) || id.starts_with(&wanted) {
                    1
                } else if names.iter().any(|n| n.contains(&wanted)) || id.contains(&wanted) {
                    2
                } else {
                    return None;
                };
                Some((rank, e))
            })
            .collect();
        hits.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| page_rank(a.1.kind).cmp(&page_rank(b.1.kind)))
                .then_with(|| a.1.label(lang).cmp(b.1.label(lang)))
        });
        for (_, e) in hits.into_iter().take(100) {
            let label = e.label(lang);
            let others: Vec<&str> = e
                .names
                .iter()
                .map(String::as_str)
                .filter(|n| *n != label)
                .collect();
            table.push(
                vec![
                    Cell::text(label),
                    Cell::text(e.kind.label(lang)),
                    Cell::text(&e.id),
                    Cell::text(others.join(" / ")),
                ],
                vec![Some(href(e.kind, &e.id))],
            );
        }
    }
    page.facts.push(Fact::new(
        cx.t("结果", "results"),
        count(table.sheet.rows.len()),
    ));
    page.sections
        .push(Section::new(cx.t("搜索结果", "Results")).with(Block::Table(table)));
    page
}

/// Kinds with their own page first in search results.
fn page_rank(kind: Kind) -> u8 {
    match page_of(kind) {
        "chain" => 0,
        "direction" => 1,
        "firm" => 2,
        "resource" => 3,
        _ => 4,
    }
}

/// 分析研判: whom to recruit (科技招商), which capabilities hang on one actor, who bridges chains —
/// `innomap analyze recruit | fragility | brokers` with their default options.
pub fn analysis(cx: &Context) -> Result<Page, Error> {
    let lang = cx.lang;
    let graph = &cx.graph;
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let mut page = cx.page("analysis", cx.t("分析研判", "Analysis"));
    let recruit = crate::analytics::recruit(graph, &crate::analytics::RecruitOptions::default());
    let fragility = crate::analytics::fragility(graph, 15);
    let brokers = crate::analytics::brokers(graph, &crate::analytics::BrokersOptions::default());
    page.facts = vec![
        Fact::new(
            cx.t("缺口（方向×能力）", "gaps (direction × capability)"),
            count(recruit.gap_pairs),
        ),
        Fact::new(
            cx.t("有缺口的方向", "directions with gaps"),
            count(recruit.directions_with_gaps.len()),
        ),
        Fact::new(
            cx.t("仅一家掌握（单点风险）", "held by one actor"),
            count(fragility.single_pairs),
        ),
        Fact::new(
            cx.t("跨链枢纽", "chain bridges"),
            count(brokers.chain_bridges.len()),
        ),
    ];

    let mut table = Table::new(
        "recruit",
        cx.t("科技招商建议", "Whom to recruit"),
        cx.headings(&[
            ("排名", "rank"),
            ("单位", "organisation"),
            ("类型", "kind"),
            ("所在地", "where"),
            ("可补缺口", "gaps closed"),
            ("涉及方向", "directions"),
            ("招引价值", "value"),
            ("理由", "reason"),
        ]),
    );
    for c in &recruit.candidates {
        let directions: Vec<String> = c
            .closes
            .iter()
            .map(|d| d.direction.notation.clone())
            .collect();
        table.push(
            vec![
                Cell::Integer(c.rank as i64),
                Cell::text(c.label.get(lang)),
                Cell::text(c.kind.label(lang)),
                Cell::text(place_label(c.country.as_deref(), c.locality, lang)),
                Cell::Integer(c.gaps_closed as i64),
                Cell::text(directions.join(sep)),
                Cell::Number(c.score, 2),
                Cell::text(c.reason.get(lang)),
            ],
            vec![None, Some(href(c.kind, &c.id))],
        );
    }
    page.sections.push(
        Section::new(cx.t("科技招商：引进谁能补上缺口", "Recruitment: who would close the gaps"))
            .note(cx.t(
                "市外单位按能补上的（方向×能力）缺口排序；招引价值为缺口数与到本地牵头单位距离等部分之和，用于比较先后。",
                "Outside organisations ranked by the (direction × capability) gaps they would close; the value adds the gaps and the distance to a local leader, for comparing candidates.",
            ))
            .with(Block::Table(table)),
    );

    let mut single = Table::new(
        "single-points",
        cx.t(
            "仅一家本地单位掌握的能力",
            "Capabilities held by one local actor",
        ),
        cx.headings(&[
            ("能力", "capability"),
            ("唯一掌握者", "sole holder"),
            ("类型", "kind"),
            ("需要该能力的方向", "directions that need it"),
        ]),
    );
    for point in &fragility.single_points {
        let directions: Vec<String> = point
            .directions
            .iter()
            .map(|d| format!("{} {}", d.notation, d.label.get(lang)))
            .collect();
        single.push(
            vec![
                Cell::text(point.capability.label(lang)),
                Cell::text(point.holder.label(lang)),
                Cell::text(point.holder_kind.label(lang)),
                Cell::text(directions.join(sep)),
            ],
            vec![None, Some(href(point.holder_kind, &point.holder.id))],
        );
    }
    let mut actors = Table::new(
        "exposure",
        cx.t(
            "失去后会新增缺口的单位",
            "Actors whose loss would open gaps",
        ),
        cx.headings(&[
            ("排名", "rank"),
            ("单位", "organisation"),
            ("类型", "kind"),
            ("新增缺口", "gaps opened"),
            ("涉及方向", "directions"),
        ]),
    );
    for a in &fragility.actors {
        let directions: Vec<String> = a.directions.iter().map(|d| d.notation.clone()).collect();
        actors.push(
            vec![
                Cell::Integer(a.rank as i64),
                Cell::text(a.label.get(lang)),
                Cell::text(a.kind.label(lang)),
                Cell::Integer(a.gaps_opened as i64),
                Cell::text(directions.join(sep)),
            ],
            vec![None, Some(href(a.kind, &a.id))],
        );
    }
    page.sections.push(
        Section::new(cx.t("单点风险", "Single points of failure"))
            .note(cx.t(
                "这些能力本地只有一家单位掌握：该单位一旦退出或不参与，相关方向即出现缺口。",
                "Only one local actor holds these capabilities: if it leaves or stays out, the directions get a gap.",
            ))
            .with(Block::Table(single))
            .with(Block::Table(actors)),
    );

    let mut bridges = Table::new(
        "chain-bridges",
        cx.t("跨产业链的枢纽单位", "Organisations that bridge chains"),
        cx.headings(&[
            ("排名", "rank"),
            ("单位", "organisation"),
            ("类型", "kind"),
            ("所属产业链", "chains"),
            ("合作伙伴", "partners"),
            ("跨链伙伴", "partners in other chains"),
            ("中介中心度", "betweenness"),
        ]),
    );
    for (i, b) in brokers.chain_bridges.iter().enumerate() {
        let chains: Vec<&str> = b.chains.iter().map(|c| c.label(lang)).collect();
        bridges.push(
            vec![
                Cell::Integer(i as i64 + 1),
                Cell::text(b.label.get(lang)),
                Cell::text(b.kind.label(lang)),
                Cell::text(chains.join(sep)),
                Cell::Integer(b.partners as i64),
                Cell::Integer(b.cross_chain_partners as i64),
                Cell::Number(b.betweenness, 3),
            ],
            vec![None, Some(href(b.kind, &b.id))],
        );
    }
    page.sections.push(
        Section::new(cx.t("跨链枢纽", "Bridges between chains"))
            .note(cx.t(
                "合作伙伴分布在两条以上产业链、并处在合作网络最短路径上的单位（中介中心度 0–1）：跨链协同的抓手。",
                "Organisations whose partners span two or more chains and that lie on the network's shortest paths (betweenness 0–1): levers for cross-chain work.",
            ))
            .with(Block::Table(bridges)),
    );
    Ok(page)
}
