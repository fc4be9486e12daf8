//! SVG: a finished picture made by innomap itself — title, the laid-out graph, a legend of the
//! kinds, roles and relations shown, and a footer with the data's year, provenance and what was
//! left out. Text uses a font stack that covers Chinese.

use super::layout::{Drawing, EdgePath, FONT_SIZE, LINE_HEIGHT, NodeBox, text_width};
use super::style::{self, Shape};
use super::{Node, Provenance, Relation, RenderOptions, Role, Subgraph, fmt_coord};
use crate::base::Lang;
use crate::base::kind::Kind;
use quick_xml::escape::escape;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const TITLE_SIZE: f64 = 20.0;
const HEADER: f64 = 64.0;
const LEGEND_GAP: f64 = 28.0;
const LEGEND_ROW: f64 = 22.0;
const SMALL: f64 = 12.0;

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The lines under the title: what the picture holds and when the data is from.
pub fn subtitle(subgraph: &Subgraph, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{} 个节点 · {} 条关系 · 数据截至 {} 年",
            subgraph.nodes.len(),
            subgraph.edges.len(),
            subgraph.as_of
        ),
        Lang::En => format!(
            "{} nodes · {} edges · data as of {}",
            subgraph.nodes.len(),
            subgraph.edges.len(),
            subgraph.as_of
        ),
    }
}

/// Counts of nodes by provenance, as one line (e.g. `来源：已核实 12 · 示意数据 80`).
pub fn provenance_line(subgraph: &Subgraph, lang: Lang) -> Option<String> {
    let mut counts: BTreeMap<Provenance, usize> = BTreeMap::new();
    for node in &subgraph.nodes {
        if let Some(p) = node.provenance {
            *counts.entry(p).or_default() += 1;
        }
    }
    if counts.is_empty() {
        return None;
    }
    let parts = counts
        .iter()
        .map(|(p, n)| format!("{} {n}", p.label(lang)))
        .collect::<Vec<_>>()
        .join(" · ");
    let note = if counts.contains_key(&Provenance::Illustrative) {
        t(
            lang,
            "；示意数据用于演示，不代表真实情况",
            "; illustrative entries are not claims about the real world",
        )
    } else {
        ""
    };
    Some(match lang {
        Lang::Zh => format!("节点来源：{parts}{note}"),
        Lang::En => format!("Provenance of nodes: {parts}{note}"),
    })
}

/// The outline path of a node's shape (for `<path d=…>`), or `None` for plain rectangles.
fn shape_element(shape: Shape, b: &NodeBox) -> String {
    let (l, r, top, bottom) = (b.left(), b.right(), b.top(), b.bottom());
    let (w, h) = (b.width, b.height);
    match shape {
        Shape::RoundRect | Shape::Rect | Shape::Pill => {
            let rx = match shape {
                Shape::RoundRect => 6.0,
                Shape::Pill => h / 2.0,
                _ => 0.0,
            };
            format!(
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}""#,
                fmt_coord(l),
                fmt_coord(top),
                fmt_coord(w),
                fmt_coord(h),
                fmt_coord(rx)
            )
        }
        Shape::Ellipse => format!(
            r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}""#,
            fmt_coord(b.x),
            fmt_coord(b.y),
            fmt_coord(w / 2.0),
            fmt_coord(h / 2.0)
        ),
        Shape::Hexagon => {
            let d = h / 2.0;
            let points = [
                (l, b.y),
                (l + d, top),
                (r - d, top),
                (r, b.y),
                (r - d, bottom),
                (l + d, bottom),
            ];
            format!(r#"<polygon points="{}""#, points_attr(&points))
        }
        Shape::Octagon => {
            let d = h / 3.0;
            let points = [
                (l + d, top),
                (r - d, top),
                (r, top + d),
                (r, bottom - d),
                (r - d, bottom),
                (l + d, bottom),
                (l, bottom - d),
                (l, top + d),
            ];
            format!(r#"<polygon points="{}""#, points_attr(&points))
        }
    }
}

fn points_attr(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{},{}", fmt_coord(*x), fmt_coord(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn path_d(path: &EdgePath) -> Option<String> {
    match path {
        EdgePath::Line { from, to } => Some(format!(
            "M{} {} L{} {}",
            fmt_coord(from.0),
            fmt_coord(from.1),
            fmt_coord(to.0),
            fmt_coord(to.1)
        )),
        EdgePath::Curve { from, c1, c2, to } => Some(format!(
            "M{} {} C{} {} {} {} {} {}",
            fmt_coord(from.0),
            fmt_coord(from.1),
            fmt_coord(c1.0),
            fmt_coord(c1.1),
            fmt_coord(c2.0),
            fmt_coord(c2.1),
            fmt_coord(to.0),
            fmt_coord(to.1)
        )),
        EdgePath::Hidden => None,
    }
}

/// Relations drawn with an arrowhead.
fn has_arrow(relation: Relation) -> bool {
    matches!(
        relation,
        Relation::Leads | Relation::MemberOf | Relation::Requires | Relation::HostedBy
    )
}

/// A node's tooltip: full label, kind, and what sets it apart.
pub fn tooltip(node: &Node, lang: Lang) -> String {
    let mut text = format!(
        "{} ({}, {})",
        node.label(lang),
        node.kind.label(lang),
        node.id
    );
    if let Some(role) = node.role {
        let _ = write!(text, " — {}", role.label(lang));
    }
    let rank = node.rank_name();
    if !rank.is_empty() {
        let _ = write!(text, " — {rank}");
    }
    text
}

/// A firm's badge on a chain map: 龙头, or its tier in short (独角兽, 瞪羚, 高企, 科小).
fn badge(node: &Node, lang: Lang) -> Option<&'static str> {
    use crate::graph::Tier;
    if node.kind != Kind::Firm {
        return None;
    }
    if node.leading_firm {
        return Some(t(lang, "龙头", "leader"));
    }
    Some(match node.tier? {
        Tier::Unicorn => t(lang, "独角兽", "unicorn"),
        Tier::Gazelle => t(lang, "瞪羚", "gazelle"),
        Tier::HighTechEnterprise => t(lang, "高企", "HTE"),
        Tier::TechSme => t(lang, "科小", "SME"),
    })
}

/// Whether an organisation is outside the city (drawn dashed on chain maps).
fn outside(node: &Node) -> bool {
    node.kind.is_organisation()
        && matches!(
            node.locality,
            Some(
                crate::graph::Locality::Domestic
                    | crate::graph::Locality::International
                    | crate::graph::Locality::OnCityList
            )
        )
}

/// Draws the node's shape and label lines into `out`; on a chain map (`chain_map`), outside
/// organisations dashed and firms with a tier badge.
fn write_node(out: &mut String, node: &Node, b: &NodeBox, lang: Lang, chain_map: bool) {
    let shape = style::shape(node.kind);
    let (mut stroke, mut width, mut dash) = (style::stroke(node.kind), 1.2, false);
    if let Some((s, w, d)) = style::role_outline(node.role) {
        (stroke, width, dash) = (s, w, d);
    }
    if chain_map && outside(node) {
        dash = true;
    }
    if node.kind == Kind::Chain && node.role.is_none() {
        width = 2.0;
    }
    let _ = write!(
        out,
        r#"<g class="node" data-id="{}" data-kind="{}"><title>{}</title>{} fill="{}" stroke="{}" stroke-width="{}"{}/>"#,
        escape(&node.id),
        node.kind.as_str(),
        escape(tooltip(node, lang)),
        shape_element(shape, b),
        style::fill(node.kind),
        stroke,
        fmt_coord(width),
        if dash {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        }
    );
    let count = b.lines.len() as f64;
    for (k, line) in b.lines.iter().enumerate() {
        let y = b.y - (count - 1.0) * LINE_HEIGHT / 2.0 + k as f64 * LINE_HEIGHT + FONT_SIZE * 0.36;
        let weight = if matches!(node.role, Some(Role::Leader | Role::Subject)) {
            r#" font-weight="bold""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle" font-size="{}" fill="{}"{weight}>{}</text>"#,
            fmt_coord(b.x),
            fmt_coord(y),
            fmt_coord(FONT_SIZE),
            style::text(node.kind),
            escape(line)
        );
    }
    if chain_map {
        if let Some(text) = badge(node, lang) {
            let w = text_width(text, SMALL_BADGE) + 8.0;
            let (x, y) = (b.right() - w + 4.0, b.top() - 7.0);
            let fill = if node.leading_firm {
                "#b03a2e"
            } else {
                "#2e6da4"
            };
            let _ = write!(
                out,
                r##"<rect x="{}" y="{}" width="{}" height="13" rx="6.5" fill="{fill}"/><text x="{}" y="{}" text-anchor="middle" font-size="{}" fill="#ffffff">{}</text>"##,
                fmt_coord(x),
                fmt_coord(y),
                fmt_coord(w),
                fmt_coord(x + w / 2.0),
                fmt_coord(y + 10.0),
                fmt_coord(SMALL_BADGE),
                escape(text)
            );
        }
    }
    out.push_str("</g>\n");
}

/// The font size of a tier badge, in px.
const SMALL_BADGE: f64 = 9.5;

/// One entry of the legend: a sample drawing and its text.
enum LegendItem {
    Kind(Kind),
    Role(Role),
    Relation(Relation),
    /// Chain maps: dashed outlines are outside organisations.
    Outside,
    /// Chain maps: the tier badges.
    Badges,
}

fn legend_items(subgraph: &Subgraph, drawing: &Drawing) -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = subgraph.kinds().into_iter().map(LegendItem::Kind).collect();
    let mut roles: Vec<Role> = subgraph.nodes.iter().filter_map(|n| n.role).collect();
    roles.sort();
    roles.dedup();
    items.extend(roles.into_iter().map(LegendItem::Role));
    items.extend(
        subgraph
            .relations()
            .into_iter()
            .filter(|r| {
                subgraph
                    .edges
                    .iter()
                    .zip(&drawing.edges)
                    .any(|(e, p)| e.relation == *r && *p != EdgePath::Hidden)
            })
            .map(LegendItem::Relation),
    );
    if !drawing.lanes.is_empty() {
        if subgraph.nodes.iter().any(outside) {
            items.push(LegendItem::Outside);
        }
        if subgraph.nodes.iter().any(|n| n.kind == Kind::Firm) {
            items.push(LegendItem::Badges);
        }
    }
    items
}

fn legend_text(item: &LegendItem, lang: Lang) -> String {
    match item {
        LegendItem::Kind(kind) => kind.label(lang).to_owned(),
        LegendItem::Role(role) => role.label(lang).to_owned(),
        LegendItem::Relation(relation) => relation.label(lang).to_owned(),
        LegendItem::Outside => t(lang, "虚线框：市外单位", "dashed: outside the city").to_owned(),
        LegendItem::Badges => t(
            lang,
            "标签：龙头、独角兽、瞪羚、高企、科小",
            "badges: leader, unicorn, gazelle, HTE, tech SME",
        )
        .to_owned(),
    }
}

fn legend_width(items: &[LegendItem], lang: Lang) -> f64 {
    let widest = items
        .iter()
        .map(|i| text_width(&legend_text(i, lang), SMALL))
        .fold(text_width(t(lang, "图例", "Legend"), 14.0), f64::max);
    (widest + 60.0).ceil()
}

fn write_legend(out: &mut String, items: &[LegendItem], x: f64, y: f64, lang: Lang) -> f64 {
    let _ = write!(
        out,
        r##"<g id="legend"><text x="{}" y="{}" font-size="14" font-weight="bold" fill="#333333">{}</text>"##,
        fmt_coord(x),
        fmt_coord(y + 14.0),
        t(lang, "图例", "Legend")
    );
    let mut row = y + 24.0;
    for item in items {
        let sample = NodeBox {
            x: x + 16.0,
            y: row + LEGEND_ROW / 2.0,
            width: 30.0,
            height: 14.0,
            lines: Vec::new(),
        };
        match item {
            LegendItem::Kind(kind) => {
                let _ = write!(
                    out,
                    r#"{} fill="{}" stroke="{}" stroke-width="1.2"/>"#,
                    shape_element(style::shape(*kind), &sample),
                    style::fill(*kind),
                    style::stroke(*kind)
                );
            }
            LegendItem::Role(role) => {
                let (stroke, width, dash) =
                    style::role_outline(Some(*role)).unwrap_or(("#333333", 1.0, false));
                let _ = write!(
                    out,
                    r##"{} fill="#ffffff" stroke="{stroke}" stroke-width="{}"{}/>"##,
                    shape_element(Shape::RoundRect, &sample),
                    fmt_coord(width),
                    if dash {
                        r#" stroke-dasharray="5 3""#
                    } else {
                        ""
                    }
                );
            }
            LegendItem::Outside => {
                let _ = write!(
                    out,
                    r##"{} fill="#ffffff" stroke="#555555" stroke-width="1.2" stroke-dasharray="5 3"/>"##,
                    shape_element(Shape::RoundRect, &sample)
                );
            }
            LegendItem::Badges => {
                let _ = write!(
                    out,
                    r##"<rect x="{}" y="{}" width="30" height="13" rx="6.5" fill="#2e6da4"/>"##,
                    fmt_coord(sample.left()),
                    fmt_coord(sample.y - 6.5)
                );
            }
            LegendItem::Relation(relation) => {
                let (colour, width, dash) = style::edge_stroke(*relation);
                let _ = write!(
                    out,
                    r#"<path d="M{} {} L{} {}" stroke="{colour}" stroke-width="{}" fill="none"{}{}/>"#,
                    fmt_coord(sample.left()),
                    fmt_coord(sample.y),
                    fmt_coord(sample.right()),
                    fmt_coord(sample.y),
                    fmt_coord(width),
                    if dash.is_empty() {
                        String::new()
                    } else {
                        format!(r#" stroke-dasharray="{dash}""#)
                    },
                    if has_arrow(*relation) {
                        format!(r#" marker-end="url(#arrow-{})""#, relation.as_str())
                    } else {
                        String::new()
                    }
                );
            }
        }
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" font-size="{}" fill="#333333">{}</text>"##,
            fmt_coord(x + 40.0),
            fmt_coord(row + LEGEND_ROW / 2.0 + SMALL * 0.36),
            fmt_coord(SMALL),
            escape(legend_text(item, lang))
        );
        row += LEGEND_ROW;
    }
    out.push_str("</g>\n");
    row - y
}

/// The footer lines: hidden relations, what was left out, provenance, data version.
pub fn footer_lines(
    subgraph: &Subgraph,
    drawing: &Drawing,
    options: &RenderOptions,
) -> Vec<String> {
    let lang = options.lang;
    let mut lines = Vec::new();
    if !drawing.hidden.is_empty() {
        let names = drawing
            .hidden
            .iter()
            .map(|r| r.label(lang))
            .collect::<Vec<_>>()
            .join(t(lang, "、", ", "));
        lines.push(match lang {
            Lang::Zh if !drawing.lanes.is_empty() => {
                format!("图中省略“{names}”连线：单位所在的分区即表示它与产业链的关系")
            }
            Lang::En if !drawing.lanes.is_empty() => format!(
                "Lines for \"{names}\" are left out: the band an organisation sits in says how it relates to the chain"
            ),
            Lang::Zh => format!("图中省略“{names}”连线（各单位与产业链的关系见数据文件）"),
            Lang::En => format!(
                "Lines for \"{names}\" are left out of the picture (they are in the data formats)"
            ),
        });
    }
    if let Some(dropped) = subgraph.dropped.describe(lang) {
        lines.push(dropped);
    }
    if let Some(provenance) = provenance_line(subgraph, lang) {
        lines.push(provenance);
    }
    if let Some(version) = &options.data_version {
        lines.push(version.clone());
    }
    lines
}

/// Renders the finished picture.
pub fn render_svg(subgraph: &Subgraph, drawing: &Drawing, options: &RenderOptions) -> String {
    let lang = options.lang;
    let items = legend_items(subgraph, drawing);
    let legend_w = legend_width(&items, lang);
    let legend_h = 24.0 + items.len() as f64 * LEGEND_ROW;
    let footer = footer_lines(subgraph, drawing, options);
    let title = subgraph.title(lang);
    let graph_height = drawing.height.max(legend_h + 20.0);
    let mut width = drawing.width + LEGEND_GAP + legend_w;
    width = width
        .max(text_width(title, TITLE_SIZE) + 40.0)
        .max(
            footer
                .iter()
                .map(|l| text_width(l, SMALL) + 40.0)
                .fold(0.0, f64::max),
        )
        .ceil();
    let footer_h = 14.0 + footer.len() as f64 * 18.0;
    let height = (HEADER + graph_height + footer_h).ceil();

    let mut out = String::with_capacity(64 * 1024);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{}">"#,
        escape(style::FONT_STACK),
        w = fmt_coord(width),
        h = fmt_coord(height)
    );
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(
        out,
        "<desc>{} — innomap {}</desc>",
        escape(subtitle(subgraph, lang)),
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("<defs>");
    for relation in Relation::ALL.into_iter().filter(|r| has_arrow(*r)) {
        let (colour, _, _) = style::edge_stroke(relation);
        let _ = write!(
            out,
            r#"<marker id="arrow-{}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="{colour}"/></marker>"#,
            relation.as_str()
        );
    }
    out.push_str("</defs>\n");
    out.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    let _ = writeln!(
        out,
        r##"<text x="20" y="32" font-size="{}" font-weight="bold" fill="#1f1f1f">{}</text>"##,
        fmt_coord(TITLE_SIZE),
        escape(title)
    );
    let _ = writeln!(
        out,
        r##"<text x="20" y="52" font-size="{}" fill="#666666">{}</text>"##,
        fmt_coord(SMALL),
        escape(subtitle(subgraph, lang))
    );
    let _ = writeln!(
        out,
        r#"<g id="graph" transform="translate(0 {})">"#,
        fmt_coord(HEADER)
    );
    if !drawing.lanes.is_empty() {
        out.push_str("<g id=\"lanes\">\n");
        for lane in &drawing.lanes {
            let _ = writeln!(
                out,
                r##"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="#f6f8fb" stroke="#c9d3df"/><text x="{}" y="{}" font-size="13" font-weight="bold" fill="#3a4a5c">{}</text>"##,
                fmt_coord(lane.x),
                fmt_coord(lane.y),
                fmt_coord(lane.width),
                fmt_coord(lane.height),
                fmt_coord(lane.x + 10.0),
                fmt_coord(lane.y + 18.0),
                escape(&lane.title)
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("<g id=\"edges\" fill=\"none\">\n");
    for (edge, path) in subgraph.edges.iter().zip(&drawing.edges) {
        let Some(d) = path_d(path) else { continue };
        let (colour, width, dash) = style::edge_stroke(edge.relation);
        let mut title = edge.relation.label(lang).to_owned();
        if let (Some(first), Some(last)) = (edge.first_year, edge.year) {
            let _ = write!(title, " {first}–{last} ×{}", edge.count);
        }
        let _ = writeln!(
            out,
            r#"<path d="{d}" stroke="{colour}" stroke-width="{}" stroke-opacity="0.8"{}{} data-relation="{}"><title>{}</title></path>"#,
            fmt_coord(width),
            if dash.is_empty() {
                String::new()
            } else {
                format!(r#" stroke-dasharray="{dash}""#)
            },
            if has_arrow(edge.relation) {
                format!(r#" marker-end="url(#arrow-{})""#, edge.relation.as_str())
            } else {
                String::new()
            },
            edge.relation.as_str(),
            escape(&title)
        );
    }
    out.push_str("</g>\n<g id=\"nodes\">\n");
    for (node, b) in subgraph.nodes.iter().zip(&drawing.nodes) {
        write_node(&mut out, node, b, lang, !drawing.lanes.is_empty());
    }
    out.push_str("</g>\n");
    write_legend(&mut out, &items, drawing.width + LEGEND_GAP, 8.0, lang);
    out.push_str("</g>\n");
    let mut y = HEADER + graph_height + 16.0;
    for line in &footer {
        let _ = writeln!(
            out,
            r##"<text x="20" y="{}" font-size="{}" fill="#666666">{}</text>"##,
            fmt_coord(y),
            fmt_coord(SMALL),
            escape(line)
        );
        y += 18.0;
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::export::select::tests::small_graph;
    use crate::features::export::{SelectOptions, Selection, StoreFacts, layout, select};

    #[test]
    fn the_picture_has_a_title_a_legend_and_every_node() {
        let g = small_graph();
        let subgraph = select(
            &g,
            &StoreFacts::default(),
            &Selection::Direction {
                direction: "T01".into(),
                consortium: None,
            },
            &SelectOptions::default(),
        )
        .unwrap();
        let drawing = layout::draw(&subgraph, Lang::Zh);
        let svg = render_svg(&subgraph, &drawing, &RenderOptions::default());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("Noto Sans CJK SC"));
        assert!(svg.contains("<title>攻关方向 T01 direction中文：创新联合体与能力持有者</title>"));
        assert!(svg.contains(">图例</text>"));
        assert_eq!(
            svg.matches("<g class=\"node\"").count(),
            subgraph.nodes.len()
        );
        assert_eq!(
            svg,
            render_svg(&subgraph, &drawing, &RenderOptions::default())
        );
    }
}
