//! Graph export: the subgraph selection that every format shares ([`Subgraph`], built by
//! [`select`]) and one writer per format.
//!
//! - [`select`](mod@select): ego network, direction, chain, consortium or whole map → [`Subgraph`],
//!   with `--kinds` and `--max-nodes`;
//! - [`facts`]: what the store says beyond the projected graph (IRIs, provenance, sources, figures,
//!   data version) — the only part of selection that reads the store;
//! - [`layout`]: node boxes and edge paths, layered (layout-rs) for consortia and force-directed
//!   for networks; [`style`]: colours and shapes by kind;
//! - writers: [`dot`], [`svg`], [`png`], [`graphml`], [`gexf`], [`cytoscape`] (JSON),
//!   [`html`], [`rdf`] (Turtle and N-Triples).
//!
//! A [`Subgraph`] is plain data: nodes and edges sorted by id, typed attributes, floats rounded, so
//! that the same input gives the same bytes in every format.

pub mod aggregate;
pub mod cytoscape;
pub mod dot;
pub mod facts;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod layout;
pub mod png;
pub mod rdf;
pub mod select;
pub mod style;
pub mod svg;

pub use facts::{DataVersion, EntityFacts, StoreFacts, read_facts};
pub use layout::Drawing;
pub use select::{ConsortiumPlan, PlanMember, SelectOptions, Selection, select};

use crate::base::Lang;
use crate::base::error::Error;
use crate::base::kind::Kind;
use crate::graph::{CollaborationKind, Labels, Level, Locality, Tier};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// An output format of `innomap export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Dot,
    Svg,
    Png,
    Graphml,
    Gexf,
    Json,
    Html,
    Ttl,
    Nt,
}

impl Format {
    /// Every format, in the order of `--help`.
    pub const ALL: [Format; 9] = [
        Format::Dot,
        Format::Svg,
        Format::Png,
        Format::Graphml,
        Format::Gexf,
        Format::Json,
        Format::Html,
        Format::Ttl,
        Format::Nt,
    ];

    /// The name `--format` takes, which is also the file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Json => "json",
            Format::Html => "html",
            Format::Ttl => "ttl",
            Format::Nt => "nt",
        }
    }

    /// Parses a `--format` value (a few common synonyms too).
    pub fn parse(name: &str) -> Result<Format, Error> {
        let lower = name.trim().to_ascii_lowercase();
        let format = match lower.as_str() {
            "gv" => Some(Format::Dot),
            "htm" => Some(Format::Html),
            "cyjs" => Some(Format::Json),
            "turtle" => Some(Format::Ttl),
            "ntriples" | "n-triples" => Some(Format::Nt),
            other => Format::ALL.into_iter().find(|f| f.as_str() == other),
        };
        format.ok_or_else(|| {
            Error::Usage(format!(
                "unknown export format '{name}': use one of {}",
                Format::names()
            ))
        })
    }

    /// The format a file's extension names.
    pub fn from_path(path: &Path) -> Result<Format, Error> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        Format::parse(extension).map_err(|_| {
            Error::Usage(format!(
                "cannot tell the export format of {} from its extension: name the file .{} or give --format",
                path.display(),
                Format::ALL.map(Format::as_str).join(", .")
            ))
        })
    }

    /// The allowed names, comma-separated (for messages).
    pub fn names() -> String {
        Format::ALL.map(Format::as_str).join(", ")
    }

    /// Whether the format needs node positions (a layout).
    pub fn needs_layout(self) -> bool {
        matches!(
            self,
            Format::Svg
                | Format::Png
                | Format::Html
                | Format::Graphml
                | Format::Gexf
                | Format::Json
        )
    }

    /// Whether the format is the RDF subgraph itself rather than a drawing of it.
    pub fn is_rdf(self) -> bool {
        matches!(self, Format::Ttl | Format::Nt)
    }
}

/// Where an entity's facts come from (`im:provenance`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provenance {
    Verified,
    PlanText,
    Illustrative,
}

impl Provenance {
    /// `verified`, `plan_text` or `illustrative`.
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Verified => "verified",
            Provenance::PlanText => "plan_text",
            Provenance::Illustrative => "illustrative",
        }
    }

    /// The provenance whose concept has this local name (`Verified`, `PlanText`, `Illustrative`).
    pub fn from_concept_local_name(name: &str) -> Option<Provenance> {
        match name {
            "Verified" => Some(Provenance::Verified),
            "PlanText" => Some(Provenance::PlanText),
            "Illustrative" => Some(Provenance::Illustrative),
            _ => None,
        }
    }

    /// Display name.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Provenance::Verified, Lang::Zh) => "已核实",
            (Provenance::PlanText, Lang::Zh) => "工作方案所列",
            (Provenance::Illustrative, Lang::Zh) => "示意数据",
            (Provenance::Verified, Lang::En) => "verified",
            (Provenance::PlanText, Lang::En) => "named in the work plan",
            (Provenance::Illustrative, Lang::En) => "illustrative",
        }
    }
}

/// What a node is in the selection, beyond its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The direction, chain or entity the selection is about.
    Subject,
    /// The consortium's leader.
    Leader,
    /// A consortium member.
    Member,
    /// A required capability that no local actor holds.
    Gap,
    /// An external organisation that holds a gap capability: whom to recruit.
    Candidate,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Subject => "subject",
            Role::Leader => "leader",
            Role::Member => "member",
            Role::Gap => "gap",
            Role::Candidate => "candidate",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Subject, Lang::Zh) => "主题",
            (Role::Leader, Lang::Zh) => "牵头单位",
            (Role::Member, Lang::Zh) => "成员单位",
            (Role::Gap, Lang::Zh) => "缺口能力",
            (Role::Candidate, Lang::Zh) => "可引进单位",
            (Role::Subject, Lang::En) => "subject",
            (Role::Leader, Lang::En) => "leader",
            (Role::Member, Lang::En) => "member",
            (Role::Gap, Lang::En) => "gap capability",
            (Role::Candidate, Lang::En) => "candidate to recruit",
        }
    }
}

/// The relation an edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// Past collaborations between two organisations (undirected; source < target).
    Collaboration,
    /// An organisation and its host (`org:subOrganizationOf`): sub → host.
    HostedBy,
    /// A person and an organisation (`schema:affiliation`).
    AffiliatedWith,
    /// An organisation or person holds a capability (`schema:knowsAbout`).
    Holds,
    /// A consortium member or leader covers a required capability.
    Covers,
    /// A direction requires a capability.
    Requires,
    /// An organisation or direction is in a chain.
    InChain,
    /// A resource backs a chain on the 8×10 list.
    Supports,
    /// A capability and its broader capability.
    Broader,
    /// The consortium's leader leads the direction.
    Leads,
    /// A consortium member and its leader.
    MemberOf,
}

impl Relation {
    pub const ALL: [Relation; 11] = [
        Relation::Collaboration,
        Relation::HostedBy,
        Relation::AffiliatedWith,
        Relation::Holds,
        Relation::Covers,
        Relation::Requires,
        Relation::InChain,
        Relation::Supports,
        Relation::Broader,
        Relation::Leads,
        Relation::MemberOf,
    ];

    /// The name in every format's `relation` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Collaboration => "collaboration",
            Relation::HostedBy => "hosted_by",
            Relation::AffiliatedWith => "affiliated_with",
            Relation::Holds => "holds",
            Relation::Covers => "covers",
            Relation::Requires => "requires",
            Relation::InChain => "in_chain",
            Relation::Supports => "supports",
            Relation::Broader => "broader",
            Relation::Leads => "leads",
            Relation::MemberOf => "member_of",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Relation::Collaboration => ("合作", "collaboration"),
            Relation::HostedBy => ("依托", "hosted by"),
            Relation::AffiliatedWith => ("任职", "affiliated with"),
            Relation::Holds => ("掌握能力", "holds"),
            Relation::Covers => ("承担能力", "covers"),
            Relation::Requires => ("所需能力", "requires"),
            Relation::InChain => ("所属产业链", "in chain"),
            Relation::Supports => ("支撑产业链", "supports chain"),
            Relation::Broader => ("上位能力", "broader"),
            Relation::Leads => ("牵头", "leads"),
            Relation::MemberOf => ("联合体成员", "member of"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Whether the edge has a direction (everything but collaboration).
    pub fn is_directed(self) -> bool {
        self != Relation::Collaboration
    }
}

/// A firm's annual figures (万元 and head counts): only ever present with `--include-financials`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Financials {
    pub year: i32,
    pub revenue: Option<f64>,
    pub rd_spend: Option<f64>,
    pub high_tech_revenue: Option<f64>,
    pub employees: Option<i64>,
    pub st_staff: Option<i64>,
}

/// One node of a subgraph, with every attribute the formats write.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    /// The full IRI, when the store names the entity.
    pub iri: Option<String>,
    pub kind: Kind,
    pub labels: Labels,
    pub tier: Option<Tier>,
    pub level: Option<Level>,
    /// The leading-firm flag (`im:leadingFirm`).
    pub leading_firm: bool,
    /// A firm's segment of its chain (上游/中游/下游), when stated.
    pub segment: Option<crate::graph::Segment>,
    /// The main chain (the first of `chains`; a direction's chain; a chain itself), by id.
    pub chain: Option<String>,
    /// Every chain the entity is in or backs, by id, sorted.
    pub chains: Vec<String>,
    pub locality: Option<Locality>,
    pub country: Option<String>,
    /// `skos:notation` of a direction (e.g. `T07`).
    pub notation: Option<String>,
    pub role: Option<Role>,
    pub provenance: Option<Provenance>,
    /// `dcterms:source`, when stated.
    pub source: Option<String>,
    pub description: Labels,
    /// Edges incident to the node in the selection (the centrality `--max-nodes` ranks by).
    pub degree: usize,
    pub financials: Option<Financials>,
    /// The grade under the default scoring model of its kind (格次), when graded.
    pub grade: Option<GradeMark>,
}

/// A node's grade: the grade, the score (0–100) and the year scored.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeMark {
    pub grade: String,
    pub score: f64,
    pub year: i64,
}

impl Node {
    /// A node with only an id, a kind and labels.
    pub fn new(id: &str, kind: Kind, labels: Labels) -> Node {
        Node {
            id: id.to_owned(),
            iri: None,
            kind,
            labels,
            tier: None,
            level: None,
            leading_firm: false,
            segment: None,
            chain: None,
            chains: Vec::new(),
            locality: None,
            country: None,
            notation: None,
            role: None,
            provenance: None,
            source: None,
            description: Labels::default(),
            degree: 0,
            financials: None,
            grade: None,
        }
    }

    /// The label in `lang`, prefixed with the notation for directions (`T07 …`).
    pub fn label(&self, lang: Lang) -> String {
        let label = self.labels.get(lang);
        let label = if label.is_empty() { &self.id } else { label };
        match &self.notation {
            Some(notation) if !label.starts_with(notation.as_str()) => {
                format!("{notation} {label}")
            }
            _ => label.to_owned(),
        }
    }

    /// `tier` for firms, `level` for resources, as one string (empty when neither).
    pub fn rank_name(&self) -> &'static str {
        match (self.tier, self.level) {
            (Some(tier), _) => tier.as_str(),
            (None, Some(level)) => level.as_str(),
            _ => "",
        }
    }
}

/// One edge of a subgraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub relation: Relation,
    /// Collaboration kinds behind a collaboration edge, in vocabulary order.
    pub kinds: Vec<CollaborationKind>,
    /// Strength (collaborations: Σ event weights; hosting and affiliation: their fixed strength;
    /// otherwise 1), rounded to 4 decimals.
    pub weight: f64,
    /// The latest year (collaborations: the last one up to `as_of`).
    pub year: Option<i32>,
    /// The first year of a collaboration tie.
    pub first_year: Option<i32>,
    /// How many collaborations a tie sums (0 for other relations).
    pub count: u32,
}

impl Edge {
    /// A plain edge of weight 1.
    pub fn new(source: &str, target: &str, relation: Relation) -> Edge {
        Edge {
            source: source.to_owned(),
            target: target.to_owned(),
            relation,
            kinds: Vec::new(),
            weight: 1.0,
            year: None,
            first_year: None,
            count: 0,
        }
    }

    /// Collaboration kinds joined with `;` (empty for other relations).
    pub fn kind_names(&self) -> String {
        self.kinds
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(";")
    }
}

/// What the selection is about (it decides the title and the layout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Whole,
    Focus { id: String, depth: usize },
    Direction { id: String },
    Chain { id: String },
    Consortium { direction: String },
}

/// What `--kinds` and `--max-nodes` left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dropped {
    /// Nodes selected before any filter.
    pub selected: usize,
    /// Nodes left out by `--kinds`.
    pub by_kinds: usize,
    /// Nodes left out by `--max-nodes`, by kind.
    pub by_max_nodes: BTreeMap<Kind, usize>,
    /// Edges left out with them.
    pub edges: usize,
    pub max_nodes: Option<usize>,
}

impl Dropped {
    /// Whether anything was left out.
    pub fn is_empty(&self) -> bool {
        self.by_kinds == 0 && self.by_max_nodes.is_empty()
    }

    /// What was left out, for people (no option names): `None` when nothing was.
    pub fn describe_for_people(&self, lang: Lang) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let total = self.by_kinds + self.by_max_nodes.values().sum::<usize>();
        Some(match lang {
            Lang::Zh => format!(
                "为便于阅读，图中只保留了联系最多的单位，另有 {total} 个单位及其 {} 条关系未画出（原选中 {} 个）。",
                self.edges, self.selected
            ),
            Lang::En => format!(
                "For readability the picture keeps the best-connected organisations; {total} more and their {} links are not drawn (of {} selected).",
                self.edges, self.selected
            ),
        })
    }

    /// One sentence saying what was left out, or `None`.
    pub fn describe(&self, lang: Lang) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let mut parts = Vec::new();
        if self.by_kinds > 0 {
            parts.push(match lang {
                Lang::Zh => format!("按类型筛除 {} 个节点", self.by_kinds),
                Lang::En => format!("--kinds left out {} nodes", self.by_kinds),
            });
        }
        if !self.by_max_nodes.is_empty() {
            let total: usize = self.by_max_nodes.values().sum();
            let by_kind = self
                .by_max_nodes
                .iter()
                .map(|(kind, n)| format!("{} {n}", kind.label(lang)))
                .collect::<Vec<_>>()
                .join(match lang {
                    Lang::Zh => "、",
                    Lang::En => ", ",
                });
            parts.push(match lang {
                Lang::Zh => format!(
                    "按 --max-nodes {} 保留连接最多的节点，省略 {total} 个（{by_kind}）",
                    self.max_nodes.unwrap_or_default()
                ),
                Lang::En => format!(
                    "--max-nodes {} kept the most connected nodes and left out {total} ({by_kind})",
                    self.max_nodes.unwrap_or_default()
                ),
            });
        }
        let sentence = parts.join(match lang {
            Lang::Zh => "；",
            Lang::En => "; ",
        });
        Some(match lang {
            Lang::Zh => format!(
                "{sentence}；共省略 {} 条关系（原选中 {} 个节点）",
                self.edges, self.selected
            ),
            Lang::En => format!(
                "{sentence}; {} edges went with them (of {} nodes selected)",
                self.edges, self.selected
            ),
        })
    }
}

/// A selected subgraph: IO-free, sorted, ready for any format.
#[derive(Debug, Clone, PartialEq)]
pub struct Subgraph {
    pub title: Labels,
    pub subject: Subject,
    /// Sorted by id; ids are unique.
    pub nodes: Vec<Node>,
    /// Sorted by (source, target, relation).
    pub edges: Vec<Edge>,
    pub dropped: Dropped,
    /// The year the projection measured recency from.
    pub as_of: i32,
    /// Whether firm figures were asked for (`--include-financials`).
    pub include_financials: bool,
}

impl Subgraph {
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.node_position(id).map(|i| &self.nodes[i])
    }

    /// The position of the node with this id in `nodes`.
    pub fn node_position(&self, id: &str) -> Option<usize> {
        self.nodes.binary_search_by(|n| n.id.as_str().cmp(id)).ok()
    }

    /// The kinds present, in the order of [`Kind::ALL`].
    pub fn kinds(&self) -> Vec<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|k| self.nodes.iter().any(|n| n.kind == *k))
            .collect()
    }

    /// The relations present, in the order of [`Relation::ALL`].
    pub fn relations(&self) -> Vec<Relation> {
        Relation::ALL
            .into_iter()
            .filter(|r| self.edges.iter().any(|e| e.relation == *r))
            .collect()
    }

    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        self.title.get(lang)
    }

    /// Whether the picture is a consortium (layered) rather than a network.
    pub fn is_consortium(&self) -> bool {
        matches!(
            self.subject,
            Subject::Direction { .. } | Subject::Consortium { .. }
        )
    }
}

/// How subgraphs are written.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub lang: Lang,
    /// DOT clusters.
    pub cluster: Cluster,
    /// A font file for PNG (else a CJK font is looked for on the system).
    pub font: Option<PathBuf>,
    /// The data version line shown in pictures and pages, when known.
    pub data_version: Option<String>,
}

/// How DOT groups nodes into clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cluster {
    /// One cluster per kind.
    #[default]
    Kind,
    /// One cluster per (main) chain.
    Chain,
    /// No clusters.
    None,
}

/// Writes `subgraph` in a drawing or graph format (every format but `ttl` and `nt`, which
/// [`rdf::write_rdf`] writes from the store's triples). `drawing` is the layout, required by the
/// formats that place nodes ([`Format::needs_layout`]); [`layout::draw`] computes it.
pub fn write_graph(
    subgraph: &Subgraph,
    drawing: Option<&Drawing>,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let computed;
    let drawing = match drawing {
        Some(d) => Some(d),
        None if format.needs_layout() => {
            computed = layout::draw(subgraph, options.lang);
            Some(&computed)
        }
        None => None,
    };
    let io = |e: std::io::Error| Error::Input {
        message: format!("cannot write the {} export: {e}", format.as_str()),
    };
    if matches!(format, Format::Svg | Format::Png) && aggregate::is_aggregated(subgraph) {
        let svg =
            aggregate::render_matrix_svg(subgraph, options.lang, options.data_version.as_deref());
        return match format {
            Format::Png => {
                let bytes = png::render_png(&svg, options)?;
                out.write_all(&bytes).map_err(io)
            }
            _ => out.write_all(svg.as_bytes()).map_err(io),
        };
    }
    match (format, drawing) {
        (Format::Dot, _) => dot::write_dot(subgraph, options, out).map_err(io),
        (Format::Svg, Some(d)) => out
            .write_all(svg::render_svg(subgraph, d, options).as_bytes())
            .map_err(io),
        (Format::Png, Some(d)) => {
            let bytes = png::render_png(&svg::render_svg(subgraph, d, options), options)?;
            out.write_all(&bytes).map_err(io)
        }
        (Format::Graphml, Some(d)) => graphml::write_graphml(subgraph, d, options, out).map_err(io),
        (Format::Gexf, Some(d)) => gexf::write_gexf(subgraph, d, options, out).map_err(io),
        (Format::Json, Some(d)) => {
            let json = cytoscape::to_json(subgraph, Some(d), options);
            let text = serde_json::to_string_pretty(&json).map_err(|e| Error::Input {
                message: format!("cannot write the JSON export: {e}"),
            })?;
            out.write_all(text.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
                .map_err(io)
        }
        (Format::Html, Some(d)) => out
            .write_all(html::render_html(subgraph, d, options).as_bytes())
            .map_err(io),
        (Format::Ttl | Format::Nt, _) => Err(Error::Usage(format!(
            "{} is the RDF subgraph: write it with rdf::write_rdf",
            format.as_str()
        ))),
        (_, None) => Err(Error::Usage(format!(
            "the {} export needs a layout",
            format.as_str()
        ))),
    }
}

/// `x` rounded to `decimals` places, with `-0` written as `0`.
pub fn round(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    let r = (x * scale).round() / scale;
    if r == 0.0 { 0.0 } else { r }
}

/// A float for text formats: rounded to 2 decimals, without trailing zeros.
pub fn fmt_coord(x: f64) -> String {
    let r = round(x, 2);
    let text = format!("{r:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_from_names_and_extensions() {
        for format in Format::ALL {
            assert_eq!(Format::parse(format.as_str()).unwrap(), format);
            let path = PathBuf::from(format!("out/map.{}", format.as_str()));
            assert_eq!(Format::from_path(&path).unwrap(), format);
        }
        let error = Format::parse("pdf").unwrap_err().to_string();
        assert!(error.contains("dot, svg, png, graphml, gexf, json, html, ttl, nt"));
        assert!(matches!(
            Format::from_path(Path::new("map.txt")),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn coordinates_are_rounded_without_trailing_zeros() {
        assert_eq!(fmt_coord(1.0), "1");
        assert_eq!(fmt_coord(-0.001), "0");
        assert_eq!(fmt_coord(2.345_6), "2.35");
        assert_eq!(fmt_coord(10.5), "10.5");
    }
}
