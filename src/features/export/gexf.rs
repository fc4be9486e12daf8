//! GEXF 1.3 for Gephi: typed node and edge attributes, colours, sizes, shapes and positions, and
//! collaboration edges spanning their years (`start`/`end`, integer time), so Gephi's timeline plays
//! how ties formed.

use super::cytoscape::{edge_data, edge_id, node_data};
use super::graphml::{EDGE_KEYS, FINANCIAL_KEYS, NODE_KEYS, value_text, xml_text};
use super::layout::Drawing;
use super::style;
use super::{RenderOptions, Subgraph, fmt_coord};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::io::{self, Write};

/// GEXF's name for a GraphML type.
fn gexf_type(graphml: &str) -> &str {
    match graphml {
        "int" => "integer",
        other => other,
    }
}

/// Writes the GEXF document.
pub fn write_gexf(
    subgraph: &Subgraph,
    drawing: &Drawing,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let lang = options.lang;
    // `label` is GEXF's own node attribute; `weight` its own edge attribute.
    let node_keys: Vec<(&str, &str)> = NODE_KEYS
        .iter()
        .chain(if subgraph.include_financials {
            FINANCIAL_KEYS
        } else {
            &[]
        })
        .filter(|(name, _)| *name != "label")
        .copied()
        .collect();
    let edge_keys: Vec<(&str, &str)> = EDGE_KEYS
        .iter()
        .filter(|(name, _)| *name != "weight")
        .copied()
        .collect();
    let mut writer = Writer::new_with_indent(out, b' ', 1);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("gexf")
        .with_attributes([
            ("xmlns", "http://gexf.net/1.3"),
            ("xmlns:viz", "http://gexf.net/1.3/viz"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            ),
            ("version", "1.3"),
        ])
        .write_inner_content(|w| {
            w.create_element("meta").write_inner_content(|w| {
                w.create_element("creator")
                    .write_text_content(BytesText::new(&format!(
                        "innomap {}",
                        env!("CARGO_PKG_VERSION")
                    )))?;
                w.create_element("description")
                    .write_text_content(BytesText::new(&xml_text(subgraph.title(lang))))?;
                Ok(())
            })?;
            w.create_element("graph")
                .with_attributes([
                    ("defaultedgetype", "directed"),
                    ("mode", "dynamic"),
                    ("timeformat", "integer"),
                    ("timerepresentation", "interval"),
                ])
                .write_inner_content(|w| {
                    for (class, keys) in [("node", &node_keys), ("edge", &edge_keys)] {
                        w.create_element("attributes")
                            .with_attributes([("class", class), ("mode", "static")])
                            .write_inner_content(|w| {
                                for (name, ty) in keys.iter() {
                                    w.create_element("attribute")
                                        .with_attributes([
                                            ("id", *name),
                                            ("title", *name),
                                            ("type", gexf_type(ty)),
                                        ])
                                        .write_empty()?;
                                }
                                Ok(())
                            })?;
                    }
                    w.create_element("nodes").write_inner_content(|w| {
                        for (node, b) in subgraph.nodes.iter().zip(&drawing.nodes) {
                            let data = node_data(node, lang);
                            let label = xml_text(&node.label(lang));
                            w.create_element("node")
                                .with_attributes([("id", node.id.as_str()), ("label", &label)])
                                .write_inner_content(|w| {
                                    w.create_element("attvalues").write_inner_content(|w| {
                                        for (name, _) in &node_keys {
                                            if let Some(text) = data.get(*name).and_then(value_text)
                                            {
                                                w.create_element("attvalue")
                                                    .with_attributes([
                                                        ("for", *name),
                                                        ("value", text.as_str()),
                                                    ])
                                                    .write_empty()?;
                                            }
                                        }
                                        Ok(())
                                    })?;
                                    let (r, g, bl) = style::rgb(style::fill(node.kind));
                                    w.create_element("viz:color")
                                        .with_attributes([
                                            ("r", r.to_string().as_str()),
                                            ("g", g.to_string().as_str()),
                                            ("b", bl.to_string().as_str()),
                                        ])
                                        .write_empty()?;
                                    // Gephi's y axis points up.
                                    w.create_element("viz:position")
                                        .with_attributes([
                                            ("x", fmt_coord(b.x).as_str()),
                                            ("y", fmt_coord(-b.y).as_str()),
                                            ("z", "0"),
                                        ])
                                        .write_empty()?;
                                    w.create_element("viz:size")
                                        .with_attribute((
                                            "value",
                                            fmt_coord(4.0 + (node.degree as f64).sqrt() * 3.0)
                                                .as_str(),
                                        ))
                                        .write_empty()?;
                                    w.create_element("viz:shape")
                                        .with_attribute((
                                            "value",
                                            style::gexf_shape(style::shape(node.kind)),
                                        ))
                                        .write_empty()?;
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                    w.create_element("edges").write_inner_content(|w| {
                        for (i, edge) in subgraph.edges.iter().enumerate() {
                            let data = edge_data(edge, i, lang);
                            let id = edge_id(i);
                            let weight = edge.weight.to_string();
                            // Every edge is written directed (collaborations from the smaller id), since
                            // mixed graphs are not read everywhere; the `directed` attribute tells.
                            let mut attributes = vec![
                                ("id", id.as_str()),
                                ("source", edge.source.as_str()),
                                ("target", edge.target.as_str()),
                                ("weight", weight.as_str()),
                                ("label", edge.relation.label(lang)),
                            ];
                            let start = edge.first_year.map(|y| y.to_string());
                            let end = edge.year.map(|y| y.to_string());
                            if let (Some(start), Some(end)) = (&start, &end) {
                                attributes.push(("start", start));
                                attributes.push(("end", end));
                            }
                            w.create_element("edge")
                                .with_attributes(attributes)
                                .write_inner_content(|w| {
                                    w.create_element("attvalues").write_inner_content(|w| {
                                        for (name, _) in &edge_keys {
                                            if let Some(text) = data.get(*name).and_then(value_text)
                                            {
                                                w.create_element("attvalue")
                                                    .with_attributes([
                                                        ("for", *name),
                                                        ("value", text.as_str()),
                                                    ])
                                                    .write_empty()?;
                                            }
                                        }
                                        Ok(())
                                    })?;
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
            Ok(())
        })?;
    writer.get_mut().write_all(b"\n")
}
