//! The whole map as one readable picture: above [`AGGREGATE_ABOVE`] nodes a network drawing of
//! every organisation is a tangle, so the SVG and PNG exports of the whole map draw a matrix
//! instead — one row per chain, one column per kind of organisation, each cell the number of
//! organisations of that kind in the chain (firms) or backing it (innovation resources), shaded by
//! size, with totals — and say so. The data formats (GraphML, GEXF, JSON, HTML, DOT, RDF) keep
//! every node. With `--max-nodes` the network picture is drawn as before.

use super::layout::text_width;
use super::{Relation, Subgraph, Subject, fmt_coord, style};
use crate::base::Lang;
use crate::base::kind::Kind;
use quick_xml::escape::escape;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Whole-map pictures with more nodes than this are aggregated.
pub const AGGREGATE_ABOVE: usize = 150;

/// Whether `subgraph` is drawn as the aggregated matrix.
pub fn is_aggregated(subgraph: &Subgraph) -> bool {
    matches!(subgraph.subject, Subject::Whole)
        && subgraph.dropped.max_nodes.is_none()
        && subgraph.nodes.len() > AGGREGATE_ABOVE
}

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The columns of the matrix: kinds of organisation, firms first, in the order of [`Kind::ALL`].
fn columns(subgraph: &Subgraph) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = subgraph
        .kinds()
        .into_iter()
        .filter(|k| k.is_organisation())
        .collect();
    kinds.sort_by_key(|k| (*k != Kind::Firm, Kind::ALL.iter().position(|x| x == k)));
    kinds
}

/// The rows (chain positions in the subgraph), the columns (kinds) and the count of each cell.
pub type Matrix = (Vec<usize>, Vec<Kind>, BTreeMap<(usize, Kind), usize>);

/// The counts: for each chain (largest first) and kind, the distinct organisations of
/// that kind linked to the chain by membership or support.
pub fn counts(subgraph: &Subgraph) -> Matrix {
    let chains: Vec<usize> = subgraph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == Kind::Chain)
        .map(|(i, _)| i)
        .collect();
    let kinds = columns(subgraph);
    let mut seen: BTreeMap<(usize, Kind), std::collections::BTreeSet<usize>> = BTreeMap::new();
    for edge in &subgraph.edges {
        if !matches!(edge.relation, Relation::InChain | Relation::Supports) {
            continue;
        }
        let (Some(s), Some(t)) = (
            subgraph.node_position(&edge.source),
            subgraph.node_position(&edge.target),
        ) else {
            continue;
        };
        let (org, chain) = if subgraph.nodes[t].kind == Kind::Chain {
            (s, t)
        } else if subgraph.nodes[s].kind == Kind::Chain {
            (t, s)
        } else {
            continue;
        };
        let kind = subgraph.nodes[org].kind;
        if kind.is_organisation() {
            seen.entry((chain, kind)).or_default().insert(org);
        }
    }
    let counts: BTreeMap<(usize, Kind), usize> =
        seen.into_iter().map(|(k, v)| (k, v.len())).collect();
    // The largest chains first; chains without organisations (future industries) last.
    let total = |c: usize| -> usize { kinds.iter().filter_map(|k| counts.get(&(c, *k))).sum() };
    let mut chains = chains;
    chains.sort_by_cached_key(|&c| (std::cmp::Reverse(total(c)), subgraph.nodes[c].id.clone()));
    (chains, kinds, counts)
}

/// The matrix picture as SVG.
pub fn render_matrix_svg(subgraph: &Subgraph, lang: Lang, data_version: Option<&str>) -> String {
    let (chains, kinds, counts) = counts(subgraph);
    let most = counts.values().copied().max().unwrap_or(1).max(1);
    let chain_label = |i: usize| subgraph.nodes[i].label(lang);
    let label_w = chains
        .iter()
        .map(|&c| text_width(&chain_label(c), 13.0))
        .fold(text_width(t(lang, "产业链", "Chain"), 13.0), f64::max)
        + 24.0;
    let cell_w = kinds
        .iter()
        .map(|k| text_width(k.label(lang), 12.0) + 16.0)
        .fold(64.0, f64::max);
    let cell_h = 30.0;
    let top = 96.0;
    let columns = kinds.len() + 1;
    let width = (20.0 + label_w + cell_w * columns as f64 + 20.0).max(560.0);
    let rows = chains.len() + 1;
    let notes = notes(subgraph, lang, data_version);
    let height = top + cell_h * (rows + 1) as f64 + 24.0 + notes.len() as f64 * 18.0 + 20.0;
    let mut out = String::with_capacity(16 * 1024);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{}">"#,
        escape(style::FONT_STACK),
        w = fmt_coord(width.ceil()),
        h = fmt_coord(height.ceil())
    );
    let title = t(
        lang,
        "创新资源图谱全图（按产业链与单位类型汇总）",
        "The whole map, by chain and kind of organisation",
    );
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    out.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    let _ = writeln!(
        out,
        r##"<text x="20" y="32" font-size="20" font-weight="bold" fill="#1f1f1f">{}</text>"##,
        escape(title)
    );
    let subtitle = match lang {
        Lang::Zh => format!(
            "全图 {} 个节点、{} 条关系，逐一画出难以辨认，故按产业链与单位类型汇总；格中数字为该类单位数（企业为链上企业，创新资源为支撑该链的单位）",
            subgraph.nodes.len(),
            subgraph.edges.len()
        ),
        Lang::En => format!(
            "{} nodes and {} links are too many to draw one by one, so the map is summed by chain and kind: each cell counts the organisations of that kind in the chain (firms) or backing it (resources)",
            subgraph.nodes.len(),
            subgraph.edges.len()
        ),
    };
    for (k, line) in wrap(&subtitle, width - 40.0, 12.0).iter().enumerate() {
        let _ = writeln!(
            out,
            r##"<text x="20" y="{}" font-size="12" fill="#555555">{}</text>"##,
            fmt_coord(54.0 + k as f64 * 16.0),
            escape(line)
        );
    }
    let x0 = 20.0;
    let cell_x = |c: usize| x0 + label_w + c as f64 * cell_w;
    // Heading row.
    let _ = writeln!(
        out,
        r##"<text x="{}" y="{}" font-size="13" font-weight="bold" fill="#333333">{}</text>"##,
        fmt_coord(x0 + 6.0),
        fmt_coord(top + 20.0),
        t(lang, "产业链", "Chain")
    );
    for (c, kind) in kinds
        .iter()
        .map(|k| k.label(lang))
        .chain(std::iter::once(t(lang, "合计", "Total")))
        .enumerate()
    {
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-size="12" font-weight="bold" text-anchor="middle" fill="#333333">{}</text>"##,
            fmt_coord(cell_x(c) + cell_w / 2.0),
            fmt_coord(top + 20.0),
            escape(kind)
        );
    }
    let mut column_totals = vec![0usize; kinds.len()];
    for (r, &chain) in chains.iter().enumerate() {
        let y = top + cell_h * (r + 1) as f64;
        if r % 2 == 0 {
            let _ = writeln!(
                out,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#f7f9fc"/>"##,
                fmt_coord(x0),
                fmt_coord(y),
                fmt_coord(label_w + cell_w * columns as f64),
                fmt_coord(cell_h)
            );
        }
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-size="13" fill="#1f1f1f">{}</text>"##,
            fmt_coord(x0 + 6.0),
            fmt_coord(y + 20.0),
            escape(chain_label(chain))
        );
        let mut total = 0;
        for (c, kind) in kinds.iter().enumerate() {
            let n = counts.get(&(chain, *kind)).copied().unwrap_or(0);
            total += n;
            column_totals[c] += n;
            cell(&mut out, cell_x(c), y, cell_w, cell_h, n, most, *kind);
        }
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-size="13" font-weight="bold" text-anchor="middle" fill="#1f1f1f">{total}</text>"##,
            fmt_coord(cell_x(kinds.len()) + cell_w / 2.0),
            fmt_coord(y + 20.0)
        );
    }
    let y = top + cell_h * (chains.len() + 1) as f64;
    let _ = writeln!(
        out,
        r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999999"/><text x="{}" y="{}" font-size="13" font-weight="bold" fill="#1f1f1f">{}</text>"##,
        fmt_coord(x0),
        fmt_coord(y),
        fmt_coord(x0 + label_w + cell_w * columns as f64),
        fmt_coord(y),
        fmt_coord(x0 + 6.0),
        fmt_coord(y + 20.0),
        t(lang, "合计（按链计）", "Total (per chain)")
    );
    for (c, n) in column_totals.iter().enumerate() {
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-size="13" font-weight="bold" text-anchor="middle" fill="#1f1f1f">{n}</text>"##,
            fmt_coord(cell_x(c) + cell_w / 2.0),
            fmt_coord(y + 20.0)
        );
    }
    let mut y = y + cell_h + 24.0;
    for line in &notes {
        let _ = writeln!(
            out,
            r##"<text x="20" y="{}" font-size="12" fill="#666666">{}</text>"##,
            fmt_coord(y),
            escape(line)
        );
        y += 18.0;
    }
    out.push_str("</svg>\n");
    out
}

#[allow(clippy::too_many_arguments)]
fn cell(out: &mut String, x: f64, y: f64, w: f64, h: f64, n: usize, most: usize, kind: Kind) {
    if n > 0 {
        // Shade by share of the largest cell, in the kind's colour.
        let opacity = 0.25 + 0.75 * (n as f64 / most as f64);
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}" fill-opacity="{:.2}"/>"#,
            fmt_coord(x + 3.0),
            fmt_coord(y + 3.0),
            fmt_coord(w - 6.0),
            fmt_coord(h - 6.0),
            style::fill(kind),
            opacity
        );
    }
    let _ = writeln!(
        out,
        r##"<text x="{}" y="{}" font-size="13" text-anchor="middle" fill="{}">{}</text>"##,
        fmt_coord(x + w / 2.0),
        fmt_coord(y + 20.0),
        if n > 0 { "#1f1f1f" } else { "#bbbbbb" },
        if n > 0 {
            n.to_string()
        } else {
            "·".to_owned()
        }
    );
}

fn notes(subgraph: &Subgraph, lang: Lang, data_version: Option<&str>) -> Vec<String> {
    let mut lines = vec![
        t(
            lang,
            "如需逐个单位的网络图，请按产业链、攻关方向或企业分别导出；GraphML、GEXF 等数据文件包含全部节点。",
            "For a network picture, export one chain, direction or firm; the data formats (GraphML, GEXF, …) hold every node.",
        )
        .to_owned(),
    ];
    if let Some(line) = super::svg::provenance_line(subgraph, lang) {
        lines.push(line);
    }
    if let Some(version) = data_version {
        lines.push(version.to_owned());
    }
    lines
}

/// `text` broken into lines no wider than `width` px at `size`.
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines = vec![String::new()];
    for ch in text.chars() {
        let line = lines.last_mut().expect("a line");
        if text_width(line, size) + text_width(&ch.to_string(), size) > width && !line.is_empty() {
            lines.push(String::new());
        }
        lines.last_mut().expect("a line").push(ch);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::export::select::tests::small_graph;
    use crate::features::export::{SelectOptions, Selection, StoreFacts, select};

    #[test]
    fn the_matrix_counts_each_organisation_once_per_chain_and_kind() {
        let g = small_graph();
        let whole = select(
            &g,
            &StoreFacts::default(),
            &Selection::Whole,
            &SelectOptions::default(),
        )
        .unwrap();
        assert!(!is_aggregated(&whole), "a small map is drawn as a network");
        let (chains, kinds, counts) = counts(&whole);
        let steel = whole.node_position("steel").unwrap();
        let textiles = whole.node_position("textiles").unwrap();
        assert_eq!(chains, vec![steel, textiles], "the larger chain first");
        assert_eq!(kinds[0], Kind::Firm);
        assert_eq!(counts.get(&(steel, Kind::Firm)), Some(&1));
        assert_eq!(counts.get(&(steel, Kind::NationalKeyLab)), Some(&1));
        assert_eq!(counts.get(&(textiles, Kind::Firm)), Some(&1));
        assert_eq!(
            counts.get(&(steel, Kind::University)),
            None,
            "far-uni backs no chain"
        );
        let svg = render_matrix_svg(&whole, Lang::Zh, None);
        assert!(svg.contains("按产业链与单位类型汇总") && svg.contains(">企业</text>"));
    }
}
