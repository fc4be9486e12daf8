//! GraphML for yEd, Gephi and Cytoscape: every attribute declared as a typed `<key>`, plus yEd's
//! node and edge graphics (position, size, colour, shape, label) so yEd shows the same picture.

use super::cytoscape::{edge_data, edge_id, node_data};
use super::layout::Drawing;
use super::style;
use super::{RenderOptions, Subgraph, fmt_coord};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use serde_json::Value;
use std::io::{self, Write};

/// Node attributes and their GraphML types, in the order they are declared.
pub const NODE_KEYS: &[(&str, &str)] = &[
    ("label", "string"),
    ("label_zh", "string"),
    ("label_en", "string"),
    ("kind", "string"),
    ("kind_label", "string"),
    ("tier", "string"),
    ("level", "string"),
    ("leading_firm", "boolean"),
    ("chain", "string"),
    ("chains", "string"),
    ("locality", "string"),
    ("country", "string"),
    ("notation", "string"),
    ("role", "string"),
    ("provenance", "string"),
    ("source", "string"),
    ("description_zh", "string"),
    ("description_en", "string"),
    ("iri", "string"),
    ("degree", "int"),
    ("grade", "string"),
    ("score", "double"),
    ("grade_year", "int"),
];

/// Firm figures, declared only with `--include-financials`.
pub const FINANCIAL_KEYS: &[(&str, &str)] = &[
    ("figures_year", "int"),
    ("revenue", "double"),
    ("rd_spend", "double"),
    ("high_tech_revenue", "double"),
    ("employees", "long"),
    ("st_staff", "long"),
];

/// Edge attributes and their GraphML types.
pub const EDGE_KEYS: &[(&str, &str)] = &[
    ("relation", "string"),
    ("relation_label", "string"),
    ("kind", "string"),
    ("weight", "double"),
    ("year", "int"),
    ("first_year", "int"),
    ("count", "int"),
    ("directed", "boolean"),
];

/// Drops characters XML 1.0 cannot hold.
pub fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| c == '\t' || c == '\n' || c == '\r' || c >= ' ')
        .collect()
}

/// A JSON scalar as GraphML/GEXF text.
pub fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(xml_text(s)),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn data_element<W: Write>(writer: &mut Writer<W>, key: &str, text: &str) -> io::Result<()> {
    writer
        .create_element("data")
        .with_attribute(("key", key))
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// Writes the GraphML document.
pub fn write_graphml(
    subgraph: &Subgraph,
    drawing: &Drawing,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let lang = options.lang;
    let mut writer = Writer::new_with_indent(out, b' ', 1);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let node_keys: Vec<(&str, &str)> = NODE_KEYS
        .iter()
        .chain(if subgraph.include_financials {
            FINANCIAL_KEYS
        } else {
            &[]
        })
        .copied()
        .collect();
    writer
        .create_element("graphml")
        .with_attributes([
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xmlns:y", "http://www.yworks.com/xml/graphml"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd",
            ),
        ])
        .write_inner_content(|w| {
            for (name, ty) in &node_keys {
                w.create_element("key")
                    .with_attributes([
                        ("id", format!("n_{name}").as_str()),
                        ("for", "node"),
                        ("attr.name", name),
                        ("attr.type", ty),
                    ])
                    .write_empty()?;
            }
            for (name, ty) in EDGE_KEYS {
                w.create_element("key")
                    .with_attributes([
                        ("id", format!("e_{name}").as_str()),
                        ("for", "edge"),
                        ("attr.name", name),
                        ("attr.type", ty),
                    ])
                    .write_empty()?;
            }
            w.create_element("key")
                .with_attributes([("id", "ng"), ("for", "node"), ("yfiles.type", "nodegraphics")])
                .write_empty()?;
            w.create_element("key")
                .with_attributes([("id", "eg"), ("for", "edge"), ("yfiles.type", "edgegraphics")])
                .write_empty()?;
            w.create_element("graph")
                .with_attributes([("id", "innomap"), ("edgedefault", "directed")])
                .write_inner_content(|w| {
                    w.create_element("desc")
                        .write_text_content(BytesText::new(&xml_text(subgraph.title(lang))))?;
                    for (node, b) in subgraph.nodes.iter().zip(&drawing.nodes) {
                        let data = node_data(node, lang);
                        w.create_element("node")
                            .with_attribute(("id", node.id.as_str()))
                            .write_inner_content(|w| {
                                for (name, _) in &node_keys {
                                    if let Some(text) = data.get(*name).and_then(value_text) {
                                        data_element(w, &format!("n_{name}"), &text)?;
                                    }
                                }
                                let (stroke, width) = style::role_outline(node.role)
                                    .map_or((style::stroke(node.kind), 1.0), |(s, w, _)| (s, w));
                                w.create_element("data")
                                    .with_attribute(("key", "ng"))
                                    .write_inner_content(|w| {
                                        w.create_element("y:ShapeNode").write_inner_content(|w| {
                                            w.create_element("y:Geometry")
                                                .with_attributes([
                                                    ("x", fmt_coord(b.left()).as_str()),
                                                    ("y", fmt_coord(b.top()).as_str()),
                                                    ("width", fmt_coord(b.width).as_str()),
                                                    ("height", fmt_coord(b.height).as_str()),
                                                ])
                                                .write_empty()?;
                                            w.create_element("y:Fill")
                                                .with_attributes([
                                                    ("color", style::fill(node.kind)),
                                                    ("transparent", "false"),
                                                ])
                                                .write_empty()?;
                                            w.create_element("y:BorderStyle")
                                                .with_attributes([
                                                    ("color", stroke),
                                                    ("type", "line"),
                                                    ("width", fmt_coord(width).as_str()),
                                                ])
                                                .write_empty()?;
                                            w.create_element("y:NodeLabel")
                                                .with_attributes([
                                                    ("fontFamily", style::FONT_FAMILY),
                                                    ("fontSize", "13"),
                                                    ("textColor", style::text(node.kind)),
                                                ])
                                                .write_text_content(BytesText::new(&xml_text(
                                                    &node.label(lang),
                                                )))?;
                                            w.create_element("y:Shape")
                                                .with_attribute((
                                                    "type",
                                                    style::yed_shape(style::shape(node.kind)),
                                                ))
                                                .write_empty()?;
                                            Ok(())
                                        })?;
                                        Ok(())
                                    })?;
                                Ok(())
                            })?;
                    }
                    for (i, edge) in subgraph.edges.iter().enumerate() {
                        let data = edge_data(edge, i, lang);
                        let id = edge_id(i);
                        w.create_element("edge")
                            .with_attributes([
                                ("id", id.as_str()),
                                ("source", edge.source.as_str()),
                                ("target", edge.target.as_str()),
                            ])
                            .write_inner_content(|w| {
                                for (name, _) in EDGE_KEYS {
                                    if let Some(text) = data.get(*name).and_then(value_text) {
                                        data_element(w, &format!("e_{name}"), &text)?;
                                    }
                                }
                                let (colour, width, dash) = style::edge_stroke(edge.relation);
                                w.create_element("data")
                                    .with_attribute(("key", "eg"))
                                    .write_inner_content(|w| {
                                        w.create_element("y:PolyLineEdge").write_inner_content(
                                            |w| {
                                                w.create_element("y:LineStyle")
                                                    .with_attributes([
                                                        ("color", colour),
                                                        (
                                                            "type",
                                                            if dash.is_empty() {
                                                                "line"
                                                            } else {
                                                                "dashed"
                                                            },
                                                        ),
                                                        ("width", fmt_coord(width).as_str()),
                                                    ])
                                                    .write_empty()?;
                                                w.create_element("y:Arrows")
                                                    .with_attributes([
                                                        ("source", "none"),
                                                        (
                                                            "target",
                                                            if edge.relation.is_directed() {
                                                                "standard"
                                                            } else {
                                                                "none"
                                                            },
                                                        ),
                                                    ])
                                                    .write_empty()?;
                                                Ok(())
                                            },
                                        )?;
                                        Ok(())
                                    })?;
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    writer.get_mut().write_all(b"\n")
}
