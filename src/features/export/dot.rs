//! DOT for Graphviz: nodes in clusters by kind or by chain, filled and shaped by kind, labels in the
//! chosen language, every attribute of the selection as a DOT attribute. Consortia are laid left to
//! right (`rankdir=LR`); `fdp` or `sfdp` read the same file for networks.

use super::cytoscape::{edge_data, node_data};
use super::graphml::value_text;
use super::style;
use super::{Cluster, Node, RenderOptions, Subgraph};
use crate::base::Lang;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// A DOT double-quoted string.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c < ' ' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn attributes(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", quote(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn node_line(node: &Node, lang: Lang) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    pairs.push(("label".into(), node.label(lang)));
    for (key, value) in node_data(node, lang) {
        if key == "label" || key == "id" {
            continue;
        }
        if let Some(text) = value_text(&value) {
            if !text.is_empty() {
                pairs.push((key, text));
            }
        }
    }
    let shape = style::shape(node.kind);
    pairs.push(("shape".into(), style::dot_shape(shape).into()));
    let rounded = matches!(shape, style::Shape::RoundRect | style::Shape::Pill);
    let mut styles = vec!["filled"];
    if rounded {
        styles.push("rounded");
    }
    let (mut colour, mut width) = (style::stroke(node.kind), 1.0);
    if let Some((c, w, dashed)) = style::role_outline(node.role) {
        (colour, width) = (c, w);
        if dashed {
            styles.push("dashed");
        }
    }
    pairs.push(("style".into(), styles.join(",")));
    pairs.push(("fillcolor".into(), style::fill(node.kind).into()));
    pairs.push(("color".into(), colour.into()));
    pairs.push(("fontcolor".into(), style::text(node.kind).into()));
    pairs.push(("penwidth".into(), width.to_string()));
    pairs.push(("tooltip".into(), node.label(lang)));
    format!("{} [{}];", quote(&node.id), attributes(&pairs))
}

/// Writes the DOT document.
pub fn write_dot(
    subgraph: &Subgraph,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let lang = options.lang;
    let font = style::FONT_FAMILY;
    writeln!(out, "digraph innomap {{")?;
    let mut graph = vec![
        ("label".to_owned(), subgraph.title(lang).to_owned()),
        ("labelloc".into(), "t".into()),
        ("fontname".into(), font.into()),
        ("fontsize".into(), "20".into()),
        ("charset".into(), "UTF-8".into()),
        ("outputorder".into(), "edgesfirst".into()),
        ("as_of".into(), subgraph.as_of.to_string()),
    ];
    if subgraph.is_consortium() {
        graph.push(("rankdir".into(), "LR".into()));
    }
    if let Some(note) = subgraph.dropped.describe(lang) {
        graph.push(("left_out".into(), note));
    }
    writeln!(out, "  graph [{}];", attributes(&graph))?;
    writeln!(
        out,
        "  node [fontname={}, fontsize=\"12\", style=\"filled\", shape=\"box\"];",
        quote(font)
    )?;
    writeln!(out, "  edge [fontname={}, fontsize=\"10\"];", quote(font))?;

    // Clusters: (sort key, label) → nodes.
    let mut clusters: BTreeMap<(usize, String), Vec<&Node>> = BTreeMap::new();
    let mut loose: Vec<&Node> = Vec::new();
    let chain_label = |id: &str| {
        subgraph
            .node(id)
            .map(|n| n.label(lang))
            .unwrap_or_else(|| id.to_owned())
    };
    for node in &subgraph.nodes {
        match options.cluster {
            Cluster::None => loose.push(node),
            Cluster::Kind => {
                let rank = crate::base::kind::Kind::ALL
                    .iter()
                    .position(|k| *k == node.kind)
                    .unwrap_or(0);
                clusters
                    .entry((rank, node.kind.as_str().to_owned()))
                    .or_default()
                    .push(node);
            }
            Cluster::Chain => match &node.chain {
                Some(chain) => clusters.entry((0, chain.clone())).or_default().push(node),
                None => loose.push(node),
            },
        }
    }
    for ((_, key), nodes) in &clusters {
        let label = match options.cluster {
            Cluster::Kind => nodes
                .first()
                .map(|n| n.kind.label(lang).to_owned())
                .unwrap_or_default(),
            _ => chain_label(key),
        };
        let colour = nodes
            .first()
            .map(|n| style::stroke(n.kind))
            .unwrap_or("#888888");
        writeln!(out, "  subgraph {} {{", quote(&format!("cluster_{key}")))?;
        writeln!(
            out,
            "    graph [label={}, style=\"rounded,dashed\", color={}, fontsize=\"14\"];",
            quote(&label),
            quote(if options.cluster == Cluster::Kind {
                colour
            } else {
                "#5d7fa3"
            })
        )?;
        for node in nodes {
            writeln!(out, "    {}", node_line(node, lang))?;
        }
        writeln!(out, "  }}")?;
    }
    for node in loose {
        writeln!(out, "  {}", node_line(node, lang))?;
    }
    for (i, edge) in subgraph.edges.iter().enumerate() {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (key, value) in edge_data(edge, i, lang) {
            if matches!(key.as_str(), "source" | "target") {
                continue;
            }
            if let Some(text) = value_text(&value) {
                if !text.is_empty() {
                    pairs.push((key, text));
                }
            }
        }
        let (colour, width, dash) = style::edge_stroke(edge.relation);
        pairs.push(("color".into(), colour.into()));
        pairs.push(("penwidth".into(), width.to_string()));
        if !dash.is_empty() {
            pairs.push(("style".into(), "dashed".into()));
        }
        if !edge.relation.is_directed() {
            pairs.push(("dir".into(), "none".into()));
        }
        pairs.push(("tooltip".into(), edge.relation.label(lang).into()));
        writeln!(
            out,
            "  {} -> {} [{}];",
            quote(&edge.source),
            quote(&edge.target),
            attributes(&pairs)
        )?;
    }
    writeln!(out, "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_quoted_for_dot() {
        assert_eq!(quote(r#"a "b" \ c"#), r#""a \"b\" \\ c""#);
        assert_eq!(quote("沙钢\n集团"), "\"沙钢\\n集团\"");
    }
}
