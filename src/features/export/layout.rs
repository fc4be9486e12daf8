//! Layout: where each node's box and each edge's path go. Consortium pictures are layered
//! (chain → direction → capabilities → organisations), with the order within each column chosen by
//! layout-rs (Sugiyama layering, crossing minimisation, Brandes–Köpf placement); networks are
//! force-directed with our own small seeded ForceAtlas2-style layout, then boxes are pushed apart
//! until no two labels overlap. Pure and deterministic: the same subgraph gives the same drawing.
//!
//! Why not the `forceatlas2` crate: it is AGPL-3.0-only (innomap is MIT OR Apache-2.0) and seeds its
//! start positions from the thread RNG; the force model is a few dozen lines.

use super::{Node, Relation, Subgraph};
use crate::base::Lang;
use crate::base::kind::Kind;
use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;
use std::collections::{BTreeMap, HashMap};
use unicode_width::UnicodeWidthChar;

/// Label font size, in px.
pub const FONT_SIZE: f64 = 13.0;
/// Distance between label lines, in px.
pub const LINE_HEIGHT: f64 = 16.0;
const PAD_X: f64 = 10.0;
const PAD_Y: f64 = 6.0;
/// The widest a label line may be before it wraps, in px.
const MAX_LINE: f64 = 9.5 * FONT_SIZE;
/// The smallest space between two boxes, in px.
pub const BOX_GAP: f64 = 8.0;

/// A node's box: centre, size and the label lines drawn in it.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub lines: Vec<String>,
}

impl NodeBox {
    pub fn left(&self) -> f64 {
        self.x - self.width / 2.0
    }
    pub fn right(&self) -> f64 {
        self.x + self.width / 2.0
    }
    pub fn top(&self) -> f64 {
        self.y - self.height / 2.0
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.height / 2.0
    }

    /// Whether the two boxes overlap, counting `gap` as part of each.
    pub fn overlaps(&self, other: &NodeBox, gap: f64) -> bool {
        self.left() < other.right() + gap
            && other.left() < self.right() + gap
            && self.top() < other.bottom() + gap
            && other.top() < self.bottom() + gap
    }
}

/// An edge's path: a straight line or a cubic Bézier curve.
#[derive(Debug, Clone, PartialEq)]
pub enum EdgePath {
    Line {
        from: (f64, f64),
        to: (f64, f64),
    },
    Curve {
        from: (f64, f64),
        c1: (f64, f64),
        c2: (f64, f64),
        to: (f64, f64),
    },
    /// Not drawn (e.g. chain membership in layered pictures, where the column says it).
    Hidden,
}

/// A finished layout: boxes parallel to `subgraph.nodes`, paths parallel to `subgraph.edges`,
/// coordinates from (0, 0) to (`width`, `height`).
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgePath>,
    /// Whether the layout is layered (consortium) rather than force-directed.
    pub layered: bool,
    /// Relations whose edges the picture leaves out (for the legend's note).
    pub hidden: Vec<Relation>,
    /// The bands of a chain map (上游/中游/下游 lanes, directions, resources), in drawing
    /// coordinates; empty for other pictures.
    pub lanes: Vec<Lane>,
}

/// One band of a chain map: a titled rectangle the nodes of one segment or group sit in.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub title: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// The width of `text` at `size` px, estimated per character: CJK and other wide characters 1 em,
/// Latin letters and digits about 0.55–0.7 em. It errs wide so that boxes hold their labels.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(|c| char_em(c) * size).sum()
}

fn char_em(c: char) -> f64 {
    if c.width() == Some(2) {
        return 1.0;
    }
    match c {
        ' ' => 0.3,
        'm' | 'w' | 'M' | 'W' | '@' => 0.9,
        'i' | 'l' | 'j' | '.' | ',' | '\'' | '|' | '!' | ':' | ';' => 0.3,
        'A'..='Z' => 0.7,
        'a'..='z' => 0.56,
        '0'..='9' => 0.58,
        '(' | ')' | '[' | ']' | '-' | '/' | '&' => 0.4,
        _ => 0.65,
    }
}

const COMPANY_SUFFIXES: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    " Co., Ltd.",
    " Co., Ltd",
    " Co.,Ltd.",
    " Ltd.",
    " Inc.",
];

/// A node's label as pictures show it: a firm's legal-form suffix dropped (the full name stays in
/// tooltips and data formats), wrapped into at most two balanced lines, with `…` when still too long.
pub fn label_lines(node: &Node, lang: Lang) -> Vec<String> {
    let mut label = node.label(lang);
    if node.kind.is_organisation() {
        for suffix in COMPANY_SUFFIXES {
            if let Some(stripped) = label.strip_suffix(suffix) {
                if !stripped.trim().is_empty() {
                    label = stripped.trim_end_matches([',', ' ']).to_owned();
                    break;
                }
            }
        }
    }
    wrap(&label)
}

/// Words that end a good first line of a Chinese organisation name.
const WORD_ENDS: &[&str] = &[
    "大学",
    "学院",
    "科学院",
    "张家港",
    "苏州",
    "江苏",
    "研究院",
    "集团",
    "中心",
    "股份",
    "分公司",
];

/// Words that start a good second line.
const WORD_STARTS: &[&str] = &[
    "国家重点实验室",
    "重点实验室",
    "实验室",
    "研究院",
    "研究所",
    "研究中心",
    "创新中心",
    "工程技术",
    "工业技术",
    "技术研究",
    "公共服务平台",
    "服务平台",
    "平台",
    "基地",
    "中试",
    "产业",
    "新材料",
    "科技",
    "智能",
    "有限",
];

fn wrap(label: &str) -> Vec<String> {
    let width = text_width(label, FONT_SIZE);
    if width <= MAX_LINE {
        return vec![label.to_owned()];
    }
    let lines = if width <= 2.2 * MAX_LINE {
        split_balanced(label, 2)
    } else {
        split_balanced(label, 3)
    };
    let limit = MAX_LINE * 1.3;
    lines.iter().map(|l| ellipsis(l, limit)).collect()
}

/// Opening brackets never end a line; closing ones and enumeration commas never start one.
fn breakable(before: char, after: char) -> bool {
    if "（([《「『“".contains(before) || "）)]》」』”、，。：；".contains(after) {
        return false;
    }
    after == ' ' || before == ' ' || after.width() == Some(2) || before.width() == Some(2)
}

/// Splits `label` into `lines` lines at allowed break points, as evenly as possible, preferring
/// breaks between the words of an organisation's name (大学 | 研究院).
fn split_balanced(label: &str, lines: usize) -> Vec<String> {
    let chars: Vec<char> = label.chars().collect();
    let width = text_width(label, FONT_SIZE);
    if lines <= 1 || chars.len() < 2 {
        return vec![label.trim().to_owned()];
    }
    let mut best: Option<(f64, usize)> = None;
    let mut before = 0.0;
    for i in 1..chars.len() {
        before += char_em(chars[i - 1]) * FONT_SIZE;
        if !breakable(chars[i - 1], chars[i]) {
            continue;
        }
        let head: String = chars[..i].iter().collect();
        let tail: String = chars[i..].iter().collect();
        let bonus = if WORD_ENDS.iter().any(|w| head.ends_with(w))
            || WORD_STARTS.iter().any(|w| tail.starts_with(w))
            || chars[i] == '（'
            || chars[i - 1] == '）'
        {
            2.5 * FONT_SIZE
        } else {
            0.0
        };
        let rest = (width - before) / (lines - 1) as f64;
        let cost = before.max(rest) - bonus;
        if best.is_none_or(|(c, _)| cost < c) {
            best = Some((cost, i));
        }
    }
    let Some((_, at)) = best else {
        return vec![label.trim().to_owned()];
    };
    let head: String = chars[..at].iter().collect();
    let tail: String = chars[at..].iter().collect();
    let mut out = vec![head.trim().to_owned()];
    let tail = tail.trim();
    if text_width(tail, FONT_SIZE) <= MAX_LINE * 1.15 {
        out.push(tail.to_owned());
    } else {
        out.extend(split_balanced(tail, lines - 1));
    }
    out
}

fn ellipsis(text: &str, limit: f64) -> String {
    if text_width(text, FONT_SIZE) <= limit {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut width = text_width("…", FONT_SIZE);
    for c in text.chars() {
        width += char_em(c) * FONT_SIZE;
        if width > limit {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn sized_box(node: &Node, lang: Lang) -> NodeBox {
    let lines = label_lines(node, lang);
    let text = lines
        .iter()
        .map(|l| text_width(l, FONT_SIZE))
        .fold(0.0, f64::max);
    let height = lines.len() as f64 * LINE_HEIGHT + 2.0 * PAD_Y;
    // Hexagons, pills and ellipses lose width at their ends.
    let extra = match super::style::shape(node.kind) {
        super::style::Shape::Hexagon | super::style::Shape::Pill => height * 0.5,
        super::style::Shape::Ellipse => height * 0.6,
        _ => 0.0,
    };
    NodeBox {
        x: 0.0,
        y: 0.0,
        width: (text + 2.0 * PAD_X + extra).ceil(),
        height,
        lines,
    }
}

/// Lays out `subgraph` with labels in `lang`: layered for a consortium, force-directed otherwise.
pub fn draw(subgraph: &Subgraph, lang: Lang) -> Drawing {
    let boxes: Vec<NodeBox> = subgraph.nodes.iter().map(|n| sized_box(n, lang)).collect();
    if subgraph.is_consortium() && !subgraph.nodes.is_empty() {
        layered(subgraph, boxes)
    } else if matches!(subgraph.subject, super::Subject::Chain { .. }) && !subgraph.nodes.is_empty()
    {
        chain_lanes(subgraph, boxes, lang)
    } else {
        network(subgraph, boxes)
    }
}

/// The column of a node in a layered picture.
fn column(kind: Kind) -> usize {
    match kind {
        Kind::Chain => 0,
        Kind::Direction => 1,
        Kind::Capability => 2,
        _ => 3,
    }
}

/// Records where layout-rs put each box (by the index stored in the element's properties).
struct Capture {
    centres: HashMap<usize, (f64, f64)>,
}

impl RenderBackend for Capture {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        if let Some(index) = properties.and_then(|p| p.parse::<usize>().ok()) {
            self.centres
                .insert(index, (xy.x + size.x / 2.0, xy.y + size.y / 2.0));
        }
    }
    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}
    fn draw_arrow(
        &mut self,
        _: &[(Point, Point)],
        _: bool,
        _: (bool, bool),
        _: &StyleAttr,
        _: Option<String>,
        _: &str,
    ) {
    }
    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}

/// The vertical order layout-rs chooses (by centre y), or `None` if it failed.
fn layout_rs_order(subgraph: &Subgraph, boxes: &[NodeBox]) -> Option<HashMap<usize, f64>> {
    let index: HashMap<&str, usize> = subgraph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let columns: Vec<usize> = subgraph.nodes.iter().map(|n| column(n.kind)).collect();
    // Layering edges only: chain → direction → capability → organisation.
    let mut layering: Vec<(usize, usize)> = Vec::new();
    for edge in &subgraph.edges {
        let (s, t) = (index[edge.source.as_str()], index[edge.target.as_str()]);
        let pair = match edge.relation {
            Relation::InChain if columns[s] == 1 && columns[t] == 0 => Some((t, s)),
            Relation::Requires => Some((s, t)),
            Relation::Holds | Relation::Covers if columns[s] == 3 && columns[t] == 2 => {
                Some((t, s))
            }
            _ => None,
        };
        layering.extend(pair);
    }
    // Anything left unattached hangs (invisibly) from the column before it, so it keeps its column.
    let first_in_column = |c: usize| columns.iter().position(|&k| k == c);
    for (i, &c) in columns.iter().enumerate() {
        if c > 0 && !layering.iter().any(|&(_, t)| t == i) {
            if let Some(parent) = (0..c).rev().find_map(first_in_column) {
                layering.push((parent, i));
            }
        }
    }
    layering.sort();
    layering.dedup();
    let run = || {
        let mut graph = VisualGraph::new(Orientation::LeftToRight);
        let handles: Vec<_> = boxes
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let element = Element::create_with_properties(
                    ShapeKind::Box(String::new()),
                    StyleAttr::simple(),
                    Orientation::LeftToRight,
                    Point::new(b.width, b.height),
                    i.to_string(),
                );
                graph.add_node(element)
            })
            .collect();
        for &(s, t) in &layering {
            graph.add_edge(Arrow::invisible(), handles[s], handles[t]);
        }
        let mut capture = Capture {
            centres: HashMap::new(),
        };
        graph.do_it(false, false, false, &mut capture);
        capture.centres
    };
    // layout-rs asserts its invariants; should one fail, fall back to the declared order rather
    // than abort the export.
    let centres = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).ok()?;
    (centres.len() == boxes.len()).then(|| centres.into_iter().map(|(i, (_, y))| (i, y)).collect())
}

fn layered(subgraph: &Subgraph, mut boxes: Vec<NodeBox>) -> Drawing {
    const COLUMN_GAP: f64 = 90.0;
    let columns: Vec<usize> = subgraph.nodes.iter().map(|n| column(n.kind)).collect();
    let order = layout_rs_order(subgraph, &boxes).unwrap_or_else(|| {
        (0..boxes.len())
            .map(|i| (i, i as f64 * 50.0))
            .collect::<HashMap<_, _>>()
    });
    // Each column in layout-rs's order; spacing scaled so the tightest pair is just apart, which
    // keeps layout-rs's alignment of capabilities with their holders.
    let mut by_column: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &c) in columns.iter().enumerate() {
        by_column.entry(c).or_default().push(i);
    }
    let mut scale: f64 = 0.05;
    for members in by_column.values_mut() {
        members.sort_by(|&a, &b| order[&a].total_cmp(&order[&b]).then(a.cmp(&b)));
        for pair in members.windows(2) {
            let needed = (boxes[pair[0]].height + boxes[pair[1]].height) / 2.0 + BOX_GAP + 4.0;
            let actual = order[&pair[1]] - order[&pair[0]];
            if actual >= 1.0 {
                scale = scale.max(needed / actual);
            }
        }
    }
    // Packing below keeps boxes apart whatever the scale; the cap keeps a stray close pair from
    // stretching the whole picture.
    let scale = scale.min(4.0);
    for members in by_column.values() {
        let mut previous_bottom = f64::NEG_INFINITY;
        for &i in members {
            let wanted = order[&i] * scale;
            let top = (wanted - boxes[i].height / 2.0).max(previous_bottom + BOX_GAP + 4.0);
            boxes[i].y = top + boxes[i].height / 2.0;
            previous_bottom = boxes[i].bottom();
        }
    }
    // Columns left to right, each as wide as its widest box.
    let mut left = 0.0;
    let mut column_right: BTreeMap<usize, f64> = BTreeMap::new();
    for (c, members) in &by_column {
        let width = members.iter().map(|&i| boxes[i].width).fold(0.0, f64::max);
        for &i in members {
            boxes[i].x = left + width / 2.0;
        }
        column_right.insert(*c, left + width);
        left += width + COLUMN_GAP;
    }
    let index: HashMap<&str, usize> = subgraph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut hidden = Vec::new();
    let mut arc_extent: f64 = 0.0;
    let edges = subgraph
        .edges
        .iter()
        .map(|edge| {
            let (s, t) = (index[edge.source.as_str()], index[edge.target.as_str()]);
            let (a, b) = (&boxes[s], &boxes[t]);
            // Membership in the chain is what the first column says; lines from every organisation
            // to it would cross the whole picture.
            if matches!(edge.relation, Relation::InChain | Relation::Supports)
                && columns[s] == 3
                && columns[t] == 0
            {
                if !hidden.contains(&edge.relation) {
                    hidden.push(edge.relation);
                }
                return EdgePath::Hidden;
            }
            if columns[s] == columns[t] {
                // An arc to the right of the column.
                let right = column_right[&columns[s]];
                let bulge = 18.0 + (a.y - b.y).abs() * 0.22;
                let bulge = bulge.min(160.0);
                arc_extent = arc_extent.max(right + bulge);
                EdgePath::Curve {
                    from: (a.right(), a.y),
                    c1: (right + bulge, a.y),
                    c2: (right + bulge, b.y),
                    to: (b.right(), b.y),
                }
            } else {
                let (l, r) = if a.x < b.x { (a, b) } else { (b, a) };
                let from = (l.right(), l.y);
                let to = (r.left(), r.y);
                let dx = (to.0 - from.0) / 2.0;
                let curve = EdgePath::Curve {
                    from,
                    c1: (from.0 + dx, from.1),
                    c2: (to.0 - dx, to.1),
                    to,
                };
                if a.x < b.x { curve } else { reverse(curve) }
            }
        })
        .collect();
    finish(boxes, edges, true, hidden, arc_extent)
}

/// The band a node of a chain map sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Band {
    /// The chain and its directions, across the top.
    Directions,
    /// Firms of a segment (0 上游, 1 中游, 2 下游, 3 not stated), side by side.
    Firms(u8),
    /// Innovation resources and everything else, across the bottom.
    Resources,
}

fn band(node: &Node) -> Band {
    match node.kind {
        Kind::Chain | Kind::Direction => Band::Directions,
        Kind::Firm => Band::Firms(match node.segment {
            Some(crate::graph::Segment::Upstream) => 0,
            Some(crate::graph::Segment::Midstream) => 1,
            Some(crate::graph::Segment::Downstream) => 2,
            None => 3,
        }),
        _ => Band::Resources,
    }
}

/// The order people read a band in: the chain first, directions by notation; firms leading
/// first, then by tier (highest first), then name; resources by kind, then name.
fn band_order(node: &Node, lang: Lang) -> (u8, u8, String) {
    let kind = match node.kind {
        Kind::Chain => 0,
        Kind::Direction => 1,
        Kind::University => 2,
        Kind::NationalKeyLab | Kind::ProvincialKeyLab => 3,
        Kind::ResearchInstitute | Kind::NewRdInstitution | Kind::EnterpriseRdInstitute => 4,
        Kind::Platform | Kind::PilotBase => 5,
        _ => 6,
    };
    let standing = if node.leading_firm {
        0
    } else {
        4 - node.tier.map_or(0, |t| t.rank())
    };
    let key = node.notation.clone().unwrap_or_else(|| node.label(lang));
    (kind, standing, key)
}

/// A chain map (产业链图谱): the chain and its directions across the top; three lanes for the
/// upstream, midstream and downstream firms (a fourth for firms whose segment is not stated);
/// the innovation resources backing the chain across the bottom, grouped by kind. Within a band,
/// boxes fill rows left to right in reading order. Links to the chain itself are left out (the
/// band says it); collaborations and hosting are drawn as curves.
fn chain_lanes(subgraph: &Subgraph, mut boxes: Vec<NodeBox>, lang: Lang) -> Drawing {
    const MARGIN: f64 = 20.0;
    const LANE_PAD: f64 = 14.0;
    const TITLE_H: f64 = 26.0;
    const GAP_X: f64 = 14.0;
    const GAP_Y: f64 = 12.0;
    const BAND_GAP: f64 = 18.0;
    let n = boxes.len();
    let bands: Vec<Band> = subgraph.nodes.iter().map(band).collect();
    let mut members: BTreeMap<Band, Vec<usize>> = BTreeMap::new();
    for (i, b) in bands.iter().enumerate() {
        members.entry(*b).or_default().push(i);
    }
    for list in members.values_mut() {
        list.sort_by_cached_key(|&i| band_order(&subgraph.nodes[i], lang));
    }
    let cell_w = boxes.iter().map(|b| b.width).fold(60.0, f64::max) + GAP_X;
    let cell_h = boxes.iter().map(|b| b.height).fold(20.0, f64::max) + GAP_Y;
    // Firm lanes: as many columns each as keeps them about as tall as they are wide.
    let firm_lanes: Vec<(u8, &Vec<usize>)> = members
        .iter()
        .filter_map(|(b, list)| match b {
            Band::Firms(s) => Some((*s, list)),
            _ => None,
        })
        .collect();
    let lane_columns = |count: usize| -> usize {
        let mut c = 1;
        while c < 4 && count.div_ceil(c) as f64 * cell_h > (c as f64 * cell_w) * 1.6 {
            c += 1;
        }
        c.min(count.max(1))
    };
    let firm_width: f64 = firm_lanes
        .iter()
        .map(|(_, list)| lane_columns(list.len()) as f64 * cell_w + 2.0 * LANE_PAD)
        .sum::<f64>()
        + GAP_X * firm_lanes.len().saturating_sub(1) as f64;
    let total_width = firm_width.max(3.0 * cell_w + 2.0 * LANE_PAD);
    let mut lanes = Vec::new();
    let mut y = MARGIN;
    // Lays `list` out in rows of `columns` from (x, y); returns the height used.
    let place = |list: &[usize], x: f64, top: f64, columns: usize, boxes: &mut [NodeBox]| {
        for (k, &i) in list.iter().enumerate() {
            let (row, col) = (k / columns, k % columns);
            boxes[i].x = super::round(x + col as f64 * cell_w + cell_w / 2.0, 2);
            boxes[i].y = super::round(top + row as f64 * cell_h + cell_h / 2.0, 2);
        }
        list.len().div_ceil(columns.max(1)) as f64 * cell_h
    };
    let full_columns = (((total_width - 2.0 * LANE_PAD) / cell_w).floor() as usize).max(1);
    // A band across the whole picture; returns its height.
    let across =
        |list: &[usize], title: String, y: f64, boxes: &mut [NodeBox], lanes: &mut Vec<Lane>| {
            let used = place(list, MARGIN + LANE_PAD, y + TITLE_H, full_columns, boxes);
            let height = TITLE_H + used + LANE_PAD;
            lanes.push(Lane {
                title,
                x: MARGIN,
                y,
                width: total_width,
                height,
            });
            height
        };
    if let Some(list) = members.get(&Band::Directions) {
        let title = t_lane(lang, "产业链与攻关方向", "The chain and its directions");
        y += across(list, title, y, &mut boxes, &mut lanes) + BAND_GAP;
    }
    if !firm_lanes.is_empty() {
        let mut x = MARGIN;
        let tallest = firm_lanes
            .iter()
            .map(|(_, list)| list.len().div_ceil(lane_columns(list.len())) as f64 * cell_h)
            .fold(0.0, f64::max);
        // Spread spare width over the lanes so they span the picture.
        let spare = (total_width - firm_width) / firm_lanes.len() as f64;
        for (segment, list) in &firm_lanes {
            let columns = lane_columns(list.len());
            let width = columns as f64 * cell_w + 2.0 * LANE_PAD + spare;
            place(
                list,
                x + LANE_PAD + spare / 2.0,
                y + TITLE_H,
                columns,
                &mut boxes,
            );
            let title = match segment {
                0 => t_lane(lang, "上游企业", "Upstream firms"),
                1 => t_lane(lang, "中游企业", "Midstream firms"),
                2 => t_lane(lang, "下游企业", "Downstream firms"),
                _ => t_lane(lang, "环节未标注的企业", "Firms, segment not stated"),
            };
            lanes.push(Lane {
                title: counted(&title, list.len(), lang),
                x,
                y,
                width,
                height: TITLE_H + tallest + LANE_PAD,
            });
            x += width + GAP_X;
        }
        y += TITLE_H + tallest + LANE_PAD + BAND_GAP;
    }
    if let Some(list) = members.get(&Band::Resources) {
        let title = counted(
            &t_lane(lang, "创新资源", "Innovation resources"),
            list.len(),
            lang,
        );
        y += across(list, title, y, &mut boxes, &mut lanes);
    }
    let mut hidden = Vec::new();
    let edges = subgraph
        .edges
        .iter()
        .map(|edge| {
            let position = |id: &str| subgraph.node_position(id).expect("edges join nodes");
            let (s, t) = (position(&edge.source), position(&edge.target));
            let touches_chain =
                subgraph.nodes[s].kind == Kind::Chain || subgraph.nodes[t].kind == Kind::Chain;
            if touches_chain || matches!(edge.relation, Relation::InChain | Relation::Supports) {
                if !hidden.contains(&edge.relation) {
                    hidden.push(edge.relation);
                }
                return EdgePath::Hidden;
            }
            let (a, b) = (&boxes[s], &boxes[t]);
            let from = border_point(a, (b.x, b.y));
            let to = border_point(b, (a.x, a.y));
            // Bend away from the straight line so that edges along a row do not run over boxes.
            let bend = 0.18;
            let (dx, dy) = (to.0 - from.0, to.1 - from.1);
            let (nx, ny) = (-dy * bend, dx * bend);
            EdgePath::Curve {
                from: (super::round(from.0, 2), super::round(from.1, 2)),
                c1: (
                    super::round(from.0 + dx / 3.0 + nx, 2),
                    super::round(from.1 + dy / 3.0 + ny, 2),
                ),
                c2: (
                    super::round(from.0 + 2.0 * dx / 3.0 + nx, 2),
                    super::round(from.1 + 2.0 * dy / 3.0 + ny, 2),
                ),
                to: (super::round(to.0, 2), super::round(to.1, 2)),
            }
        })
        .collect();
    debug_assert_eq!(boxes.len(), n);
    Drawing {
        width: (MARGIN * 2.0 + total_width).ceil(),
        height: (y + MARGIN).ceil(),
        nodes: boxes,
        edges,
        layered: false,
        hidden,
        lanes,
    }
}

/// A band's title with its count: `上游企业（10）`, `Upstream firms (10)`.
fn counted(title: &str, count: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{title}（{count}）"),
        Lang::En => format!("{title} ({count})"),
    }
}

fn t_lane(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

fn reverse(path: EdgePath) -> EdgePath {
    match path {
        EdgePath::Curve { from, c1, c2, to } => EdgePath::Curve {
            from: to,
            c1: c2,
            c2: c1,
            to: from,
        },
        EdgePath::Line { from, to } => EdgePath::Line { from: to, to: from },
        EdgePath::Hidden => EdgePath::Hidden,
    }
}

/// Moves everything so that the boxes and paths start at (`MARGIN`, `MARGIN`) and sizes the canvas.
fn finish(
    mut boxes: Vec<NodeBox>,
    mut edges: Vec<EdgePath>,
    layered: bool,
    hidden: Vec<Relation>,
    extra_right: f64,
) -> Drawing {
    const MARGIN: f64 = 20.0;
    let mut min = (f64::INFINITY, f64::INFINITY);
    let mut max = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for b in &boxes {
        min = (min.0.min(b.left()), min.1.min(b.top()));
        max = (max.0.max(b.right()), max.1.max(b.bottom()));
    }
    if boxes.is_empty() {
        min = (0.0, 0.0);
        max = (0.0, 0.0);
    }
    max.0 = max.0.max(extra_right);
    let shift = |p: &mut (f64, f64)| {
        p.0 = super::round(p.0 - min.0 + MARGIN, 2);
        p.1 = super::round(p.1 - min.1 + MARGIN, 2);
    };
    for b in &mut boxes {
        let mut centre = (b.x, b.y);
        shift(&mut centre);
        (b.x, b.y) = centre;
    }
    for edge in &mut edges {
        match edge {
            EdgePath::Line { from, to } => {
                shift(from);
                shift(to);
            }
            EdgePath::Curve { from, c1, c2, to } => {
                for p in [from, c1, c2, to] {
                    shift(p);
                }
            }
            EdgePath::Hidden => {}
        }
    }
    Drawing {
        width: (max.0 - min.0 + 2.0 * MARGIN).ceil(),
        height: (max.1 - min.1 + 2.0 * MARGIN).ceil(),
        nodes: boxes,
        edges,
        layered,
        hidden,
        lanes: Vec::new(),
    }
}

/// A small deterministic generator (SplitMix64) for start positions.
struct SplitMix(u64);

impl SplitMix {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How much bigger than its boxes a network picture is (before overlaps are removed).
const TARGET_DENSITY: f64 = 4.0;

/// The seed of every force layout: the same for every run, so pictures are reproducible.
const SEED: u64 = 0x1a2b_3c4d;

fn network(subgraph: &Subgraph, mut boxes: Vec<NodeBox>) -> Drawing {
    let n = boxes.len();
    let index: HashMap<&str, usize> = subgraph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| (node.id.as_str(), i))
        .collect();
    let mut pairs: Vec<(usize, usize)> = subgraph
        .edges
        .iter()
        .map(|e| (index[e.source.as_str()], index[e.target.as_str()]))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect();
    pairs.sort();
    pairs.dedup();
    let mut degree = vec![0usize; n];
    for &(a, b) in &pairs {
        degree[a] += 1;
        degree[b] += 1;
    }
    // Start: a focus in the middle with its rings around it; otherwise a seeded random disc.
    let start = subgraph
        .nodes
        .iter()
        .position(|node| node.role == Some(super::Role::Subject));
    let mut rng = SplitMix(SEED);
    let spread = 60.0 * (n as f64).sqrt().max(1.0);
    let mut positions: Vec<(f64, f64)> = (0..n)
        .map(|_| {
            let angle = rng.next_f64() * std::f64::consts::TAU;
            let radius = spread * rng.next_f64().sqrt();
            (radius * angle.cos(), radius * angle.sin())
        })
        .collect();
    if let Some(centre) = start {
        let rings = bfs_rings(n, &pairs, centre);
        for (i, ring) in rings.iter().enumerate() {
            if let Some(r) = ring {
                let angle = rng.next_f64() * std::f64::consts::TAU;
                let radius = *r as f64 * 140.0;
                positions[i] = (radius * angle.cos(), radius * angle.sin());
            }
        }
    }
    force_atlas(&mut positions, &pairs, &degree, &boxes);
    // The forces give the shape; the scale comes from the labels: spread the centres so that the
    // boxes would fill about 1/TARGET_DENSITY of the picture, wider than tall since labels are
    // wide, then separate what still overlaps.
    let box_area: f64 = boxes
        .iter()
        .map(|b| (b.width + BOX_GAP) * (b.height + BOX_GAP))
        .sum();
    let (mut min, mut max) = (
        (f64::INFINITY, f64::INFINITY),
        (f64::NEG_INFINITY, f64::NEG_INFINITY),
    );
    for p in &positions {
        min = (min.0.min(p.0), min.1.min(p.1));
        max = (max.0.max(p.0), max.1.max(p.1));
    }
    let spread_area = ((max.0 - min.0) * 1.35 * (max.1 - min.1)).max(1.0);
    let scale = (TARGET_DENSITY * box_area / spread_area).sqrt();
    for p in &mut positions {
        p.0 *= 1.35 * scale;
        p.1 *= scale;
    }
    for (b, p) in boxes.iter_mut().zip(&positions) {
        b.x = p.0;
        b.y = p.1;
    }
    remove_overlaps(&mut boxes);
    // Straight lines between box borders; parallel edges of one pair bend apart.
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    let mut multiplicity: HashMap<(usize, usize), usize> = HashMap::new();
    for e in &subgraph.edges {
        let (a, b) = (index[e.source.as_str()], index[e.target.as_str()]);
        *multiplicity.entry((a.min(b), a.max(b))).or_default() += 1;
    }
    let edges = subgraph
        .edges
        .iter()
        .map(|e| {
            let (s, t) = (index[e.source.as_str()], index[e.target.as_str()]);
            let key = (s.min(t), s.max(t));
            let k = multiplicity[&key];
            let nth = {
                let counter = seen.entry(key).or_default();
                *counter += 1;
                *counter - 1
            };
            let from = border_point(&boxes[s], (boxes[t].x, boxes[t].y));
            let to = border_point(&boxes[t], (boxes[s].x, boxes[s].y));
            if k == 1 || s == t {
                EdgePath::Line { from, to }
            } else {
                let offset = (nth as f64 - (k as f64 - 1.0) / 2.0) * 14.0;
                let (dx, dy) = (to.0 - from.0, to.1 - from.1);
                let length = (dx * dx + dy * dy).sqrt().max(1e-9);
                let normal = (-dy / length * offset, dx / length * offset);
                EdgePath::Curve {
                    from,
                    c1: (from.0 + dx / 3.0 + normal.0, from.1 + dy / 3.0 + normal.1),
                    c2: (
                        from.0 + 2.0 * dx / 3.0 + normal.0,
                        from.1 + 2.0 * dy / 3.0 + normal.1,
                    ),
                    to,
                }
            }
        })
        .collect();
    finish(boxes, edges, false, Vec::new(), f64::NEG_INFINITY)
}

fn bfs_rings(n: usize, pairs: &[(usize, usize)], centre: usize) -> Vec<Option<usize>> {
    let mut adjacency = vec![Vec::new(); n];
    for &(a, b) in pairs {
        adjacency[a].push(b);
        adjacency[b].push(a);
    }
    let mut ring = vec![None; n];
    ring[centre] = Some(0);
    let mut queue = std::collections::VecDeque::from([centre]);
    while let Some(v) = queue.pop_front() {
        for &w in &adjacency[v] {
            if ring[w].is_none() {
                ring[w] = ring[v].map(|r| r + 1);
                queue.push_back(w);
            }
        }
    }
    ring
}

/// ForceAtlas2-style forces (Jacomy et al. 2014): repulsion (deg+1)(deg+1)/d between every pair,
/// linear attraction along edges, gravity towards the centre scaled by degree, and a cooling step
/// limit. O(n² · iterations); n ≤ a few hundred at briefing sizes.
fn force_atlas(
    positions: &mut [(f64, f64)],
    pairs: &[(usize, usize)],
    degree: &[usize],
    boxes: &[NodeBox],
) {
    let n = positions.len();
    if n < 2 {
        if let Some(p) = positions.first_mut() {
            *p = (0.0, 0.0);
        }
        return;
    }
    let iterations = if n <= 200 { 350 } else { 200 };
    let repulsion = 900.0;
    let gravity = 0.08;
    let radius: Vec<f64> = boxes
        .iter()
        .map(|b| (b.width * b.width + b.height * b.height).sqrt() / 2.0)
        .collect();
    let mass: Vec<f64> = degree.iter().map(|&d| d as f64 + 1.0).collect();
    let mut force = vec![(0.0f64, 0.0f64); n];
    for step in 0..iterations {
        // The last third respects box sizes (FA2's "prevent overlap").
        let sizes = step * 3 >= iterations * 2;
        force.iter_mut().for_each(|f| *f = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let dx = positions[i].0 - positions[j].0;
                let dy = positions[i].1 - positions[j].1;
                let mut d = (dx * dx + dy * dy).sqrt();
                let (ux, uy) = if d > 1e-9 {
                    (dx / d, dy / d)
                } else {
                    // Coincident nodes: separate along a fixed, index-dependent direction.
                    let angle = (i * 31 + j * 17) as f64;
                    (angle.cos(), angle.sin())
                };
                if sizes {
                    d -= radius[i] + radius[j];
                }
                let magnitude = if d > 1.0 {
                    repulsion * mass[i] * mass[j] / d
                } else {
                    repulsion * mass[i] * mass[j] * 2.0
                };
                force[i].0 += ux * magnitude;
                force[i].1 += uy * magnitude;
                force[j].0 -= ux * magnitude;
                force[j].1 -= uy * magnitude;
            }
        }
        for &(a, b) in pairs {
            let dx = positions[b].0 - positions[a].0;
            let dy = positions[b].1 - positions[a].1;
            force[a].0 += dx;
            force[a].1 += dy;
            force[b].0 -= dx;
            force[b].1 -= dy;
        }
        let temperature = 60.0 * (1.0 - step as f64 / iterations as f64) + 1.0;
        for i in 0..n {
            let (px, py) = positions[i];
            let distance = (px * px + py * py).sqrt();
            if distance > 1e-9 {
                // Gravity grows with the square root of the distance: it holds loose components
                // near the rest without squeezing the core.
                let pull = gravity * mass[i] * distance.sqrt() * 4.0;
                force[i].0 -= pull * px / distance;
                force[i].1 -= pull * py / distance;
            }
            let (fx, fy) = (force[i].0 / mass[i], force[i].1 / mass[i]);
            let length = (fx * fx + fy * fy).sqrt();
            if length > 1e-12 {
                let step_length = length.min(temperature);
                positions[i].0 += fx / length * step_length;
                positions[i].1 += fy / length * step_length;
            }
        }
    }
}

/// Pushes boxes apart along the axis of least overlap until none overlap (with [`BOX_GAP`]);
/// should that not settle, spreads all positions by 10 % and tries again, which always ends.
pub fn remove_overlaps(boxes: &mut [NodeBox]) {
    let n = boxes.len();
    for _round in 0..60 {
        let mut settled = false;
        for _pass in 0..300 {
            let mut moved = false;
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| boxes[a].left().total_cmp(&boxes[b].left()).then(a.cmp(&b)));
            for oi in 0..n {
                let i = order[oi];
                for &j in &order[oi + 1..] {
                    if boxes[j].left() >= boxes[i].right() + BOX_GAP {
                        break;
                    }
                    if !boxes[i].overlaps(&boxes[j], BOX_GAP) {
                        continue;
                    }
                    let (a, b) = (i.min(j), i.max(j));
                    let dx = boxes[b].x - boxes[a].x;
                    let dy = boxes[b].y - boxes[a].y;
                    let overlap_x = (boxes[a].width + boxes[b].width) / 2.0 + BOX_GAP - dx.abs();
                    let overlap_y = (boxes[a].height + boxes[b].height) / 2.0 + BOX_GAP - dy.abs();
                    if overlap_x <= 0.0 || overlap_y <= 0.0 {
                        continue;
                    }
                    // Move along the cheaper axis, half each, a little more than needed.
                    if overlap_y * 1.5 <= overlap_x {
                        let push = overlap_y / 2.0 + 0.5;
                        let sign = if dy > 0.0 || (dy == 0.0 && a < b) {
                            1.0
                        } else {
                            -1.0
                        };
                        boxes[a].y -= sign * push;
                        boxes[b].y += sign * push;
                    } else {
                        let push = overlap_x / 2.0 + 0.5;
                        let sign = if dx > 0.0 || (dx == 0.0 && a < b) {
                            1.0
                        } else {
                            -1.0
                        };
                        boxes[a].x -= sign * push;
                        boxes[b].x += sign * push;
                    }
                    moved = true;
                }
            }
            if !moved {
                settled = true;
                break;
            }
        }
        if settled && !any_overlap(boxes) {
            return;
        }
        for b in boxes.iter_mut() {
            b.x *= 1.1;
            b.y *= 1.1;
        }
    }
}

/// Whether any two boxes overlap (with [`BOX_GAP`]). O(n log n + overlaps).
pub fn any_overlap(boxes: &[NodeBox]) -> bool {
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&a, &b| boxes[a].left().total_cmp(&boxes[b].left()));
    for (oi, &i) in order.iter().enumerate() {
        for &j in &order[oi + 1..] {
            if boxes[j].left() >= boxes[i].right() + BOX_GAP {
                break;
            }
            // A hair less than the gap, so that rounding of coordinates does not count.
            if boxes[i].overlaps(&boxes[j], BOX_GAP - 0.1) {
                return true;
            }
        }
    }
    false
}

/// Where the line from the centre of `b` towards `towards` leaves the box.
fn border_point(b: &NodeBox, towards: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (towards.0 - b.x, towards.1 - b.y);
    if dx.abs() < 1e-9 && dy.abs() < 1e-9 {
        return (b.x, b.y);
    }
    let tx = if dx.abs() > 1e-9 {
        (b.width / 2.0) / dx.abs()
    } else {
        f64::INFINITY
    };
    let ty = if dy.abs() > 1e-9 {
        (b.height / 2.0) / dy.abs()
    } else {
        f64::INFINITY
    };
    let t = tx.min(ty).min(1.0);
    (b.x + dx * t, b.y + dy * t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::export::select::tests::small_graph;
    use crate::features::export::{SelectOptions, Selection, StoreFacts, select};

    /// The steel chain of the small graph with more firms, one per segment and one without.
    fn chain_subgraph() -> Subgraph {
        let g = small_graph();
        let mut subgraph = select(
            &g,
            &StoreFacts::default(),
            &Selection::Chain {
                chain: "steel".into(),
            },
            &SelectOptions::default(),
        )
        .unwrap();
        let template = subgraph.node("big-firm").unwrap().clone();
        for (id, segment) in [
            ("a-up", Some(crate::graph::Segment::Upstream)),
            ("b-mid", Some(crate::graph::Segment::Midstream)),
            ("c-down", Some(crate::graph::Segment::Downstream)),
            ("d-none", None),
        ] {
            let mut node = template.clone();
            node.id = id.into();
            node.labels = crate::graph::Labels::new(id, id);
            node.segment = segment;
            node.leading_firm = false;
            node.role = None;
            subgraph.nodes.push(node);
        }
        subgraph.nodes.sort_by(|a, b| a.id.cmp(&b.id));
        subgraph
    }

    #[test]
    fn a_chain_map_puts_firms_in_their_segment_lanes_and_resources_below() {
        let subgraph = chain_subgraph();
        let drawing = draw(&subgraph, Lang::Zh);
        let titles: Vec<&str> = drawing.lanes.iter().map(|l| l.title.as_str()).collect();
        assert_eq!(titles.len(), 6, "{titles:?}");
        assert!(titles[0].starts_with("产业链与攻关方向"));
        assert!(titles[1].starts_with("上游企业") && titles[2].starts_with("中游企业"));
        assert!(titles[3].starts_with("下游企业") && titles[4].starts_with("环节未标注"));
        assert!(titles[5].starts_with("创新资源"));
        let inside = |b: &NodeBox, lane: &Lane| {
            b.left() >= lane.x
                && b.right() <= lane.x + lane.width
                && b.top() >= lane.y
                && b.bottom() <= lane.y + lane.height
        };
        for (node, b) in subgraph.nodes.iter().zip(&drawing.nodes) {
            let lane = match (node.kind, node.segment) {
                (Kind::Chain | Kind::Direction, _) => 0,
                (Kind::Firm, Some(crate::graph::Segment::Upstream)) => 1,
                (Kind::Firm, Some(crate::graph::Segment::Midstream)) => 2,
                (Kind::Firm, Some(crate::graph::Segment::Downstream)) => 3,
                (Kind::Firm, None) => 4,
                _ => 5,
            };
            assert!(
                inside(b, &drawing.lanes[lane]),
                "{} in {}",
                node.id,
                titles[lane]
            );
        }
        assert!(!any_overlap(&drawing.nodes));
        for pair in drawing.lanes.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y;
            assert!(apart, "lanes {} and {} overlap", a.title, b.title);
        }
        // Membership in the chain is what the lanes say: those links are not drawn.
        for (edge, path) in subgraph.edges.iter().zip(&drawing.edges) {
            let to_chain = edge.source == "steel" || edge.target == "steel";
            assert_eq!(*path == EdgePath::Hidden, to_chain, "{edge:?}");
        }
        assert_eq!(draw(&subgraph, Lang::Zh), drawing, "deterministic");
    }

    #[test]
    fn a_chain_picture_shows_lanes_badges_and_outside_organisations() {
        let subgraph = chain_subgraph();
        let drawing = draw(&subgraph, Lang::Zh);
        let svg = super::super::svg::render_svg(
            &subgraph,
            &drawing,
            &crate::features::export::RenderOptions::default(),
        );
        assert!(
            svg.contains("<g id=\"lanes\">") && svg.contains("上游企业"),
            "{svg}"
        );
        assert!(
            svg.contains(">龙头</text>") && svg.contains(">高企</text>"),
            "tier badges"
        );
        assert!(
            svg.contains("虚线框：市外单位") || !subgraph.nodes.iter().any(|n| n.id == "far-uni")
        );
    }

    #[test]
    fn wide_characters_count_one_em_and_long_labels_wrap_in_two() {
        assert_eq!(text_width("沙钢", 10.0), 20.0);
        assert!(text_width("Shagang", 10.0) < 50.0);
        let lines = wrap("材料化学工程国家重点实验室");
        assert_eq!(lines, ["材料化学工程", "国家重点实验室"]);
        assert_eq!(
            wrap("华东理工大学合成生物学国家重点实验室"),
            ["华东理工大学合成生物学", "国家重点实验室"]
        );
        assert_eq!(wrap("短名"), ["短名"]);
        assert_eq!(
            wrap("江苏省（沙钢）钢铁研究院"),
            ["江苏省（沙钢）", "钢铁研究院"]
        );
        assert_eq!(
            wrap("T03 低碳冶金（氢冶金与CCUS）"),
            ["T03 低碳冶金", "（氢冶金与CCUS）"]
        );
        let english = wrap("State Key Laboratory of Materials-Oriented Chemical Engineering");
        assert!(english.len() <= 3);
        assert!(
            english
                .iter()
                .all(|l| text_width(l, FONT_SIZE) <= MAX_LINE * 1.3)
        );
    }

    #[test]
    fn overlapping_boxes_are_separated() {
        let mut boxes: Vec<NodeBox> = (0..40)
            .map(|i| NodeBox {
                x: (i % 3) as f64,
                y: (i % 5) as f64,
                width: 120.0,
                height: 28.0,
                lines: vec![],
            })
            .collect();
        remove_overlaps(&mut boxes);
        assert!(!any_overlap(&boxes));
    }

    #[test]
    fn drawings_are_deterministic_and_free_of_overlaps() {
        let g = small_graph();
        for selection in [
            Selection::Whole,
            Selection::Direction {
                direction: "T01".into(),
                consortium: None,
            },
        ] {
            let subgraph = select(
                &g,
                &StoreFacts::default(),
                &selection,
                &SelectOptions::default(),
            )
            .unwrap();
            let a = draw(&subgraph, Lang::Zh);
            let b = draw(&subgraph, Lang::Zh);
            assert_eq!(a, b);
            assert_eq!(a.nodes.len(), subgraph.nodes.len());
            assert_eq!(a.edges.len(), subgraph.edges.len());
            assert!(!any_overlap(&a.nodes));
            assert!(
                a.nodes
                    .iter()
                    .all(|b| b.left() >= 0.0 && b.right() <= a.width)
            );
        }
    }
}
