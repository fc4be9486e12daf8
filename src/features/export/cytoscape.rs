//! JSON: Cytoscape.js elements (`{"elements": {"nodes": [{"data": …, "position": …}], "edges": …}}`),
//! which Cytoscape desktop also imports (as `.cyjs`); the HTML page embeds the same JSON.

use super::layout::Drawing;
use super::{Edge, Node, RenderOptions, Subgraph, round};
use crate::base::Lang;
use serde_json::{Map, Value, json};

/// The id every format gives the edge at `index` of `subgraph.edges`.
pub fn edge_id(index: usize) -> String {
    format!("e{index}")
}

/// A node's attributes, as every format names them. Financial figures appear only when the node
/// carries them (they are only read with `--include-financials`).
pub fn node_data(node: &Node, lang: Lang) -> Map<String, Value> {
    let mut data = Map::new();
    let text = |s: &str| Value::String(s.to_owned());
    data.insert("id".into(), text(&node.id));
    data.insert("label".into(), text(&node.label(lang)));
    data.insert("label_zh".into(), text(&node.labels.zh));
    data.insert("label_en".into(), text(&node.labels.en));
    data.insert("kind".into(), text(node.kind.as_str()));
    data.insert("kind_label".into(), text(node.kind.label(lang)));
    data.insert(
        "tier".into(),
        text(node.tier.map(|t| t.as_str()).unwrap_or_default()),
    );
    data.insert(
        "level".into(),
        text(node.level.map(|l| l.as_str()).unwrap_or_default()),
    );
    data.insert("leading_firm".into(), Value::Bool(node.leading_firm));
    data.insert(
        "chain".into(),
        text(node.chain.as_deref().unwrap_or_default()),
    );
    data.insert("chains".into(), text(&node.chains.join(" ")));
    data.insert(
        "locality".into(),
        text(
            node.locality
                .map(|l| match l {
                    crate::graph::Locality::InCity => "in_city",
                    crate::graph::Locality::OnCityList => "on_city_list",
                    crate::graph::Locality::Domestic => "domestic",
                    crate::graph::Locality::International => "international",
                })
                .unwrap_or_default(),
        ),
    );
    data.insert(
        "country".into(),
        text(node.country.as_deref().unwrap_or_default()),
    );
    data.insert(
        "notation".into(),
        text(node.notation.as_deref().unwrap_or_default()),
    );
    data.insert(
        "role".into(),
        text(node.role.map(|r| r.as_str()).unwrap_or_default()),
    );
    data.insert(
        "provenance".into(),
        text(node.provenance.map(|p| p.as_str()).unwrap_or_default()),
    );
    data.insert(
        "source".into(),
        text(node.source.as_deref().unwrap_or_default()),
    );
    data.insert("description_zh".into(), text(&node.description.zh));
    data.insert("description_en".into(), text(&node.description.en));
    data.insert("iri".into(), text(node.iri.as_deref().unwrap_or_default()));
    data.insert("degree".into(), json!(node.degree));
    if let Some(g) = &node.grade {
        data.insert("grade".into(), text(&g.grade));
        data.insert("score".into(), json!(round(g.score, 2)));
        data.insert("grade_year".into(), json!(g.year));
    }
    if let Some(f) = &node.financials {
        data.insert("figures_year".into(), json!(f.year));
        for (key, value) in [
            ("revenue", f.revenue),
            ("rd_spend", f.rd_spend),
            ("high_tech_revenue", f.high_tech_revenue),
        ] {
            if let Some(v) = value {
                data.insert(key.into(), json!(round(v, 2)));
            }
        }
        for (key, value) in [("employees", f.employees), ("st_staff", f.st_staff)] {
            if let Some(v) = value {
                data.insert(key.into(), json!(v));
            }
        }
    }
    data
}

/// An edge's attributes.
pub fn edge_data(edge: &Edge, index: usize, lang: Lang) -> Map<String, Value> {
    let mut data = Map::new();
    data.insert("id".into(), Value::String(edge_id(index)));
    data.insert("source".into(), Value::String(edge.source.clone()));
    data.insert("target".into(), Value::String(edge.target.clone()));
    data.insert(
        "relation".into(),
        Value::String(edge.relation.as_str().into()),
    );
    data.insert(
        "relation_label".into(),
        Value::String(edge.relation.label(lang).into()),
    );
    data.insert("kind".into(), Value::String(edge.kind_names()));
    data.insert("weight".into(), json!(edge.weight));
    if let Some(year) = edge.year {
        data.insert("year".into(), json!(year));
    }
    if let Some(first) = edge.first_year {
        data.insert("first_year".into(), json!(first));
    }
    data.insert("count".into(), json!(edge.count));
    data.insert("directed".into(), Value::Bool(edge.relation.is_directed()));
    data
}

/// The whole export as Cytoscape.js JSON; positions come from `drawing` when given.
pub fn to_json(subgraph: &Subgraph, drawing: Option<&Drawing>, options: &RenderOptions) -> Value {
    let lang = options.lang;
    let nodes: Vec<Value> = subgraph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let mut element = Map::new();
            element.insert("data".into(), Value::Object(node_data(node, lang)));
            if let Some(b) = drawing.and_then(|d| d.nodes.get(i)) {
                element.insert(
                    "position".into(),
                    json!({"x": round(b.x, 2), "y": round(b.y, 2)}),
                );
            }
            Value::Object(element)
        })
        .collect();
    let edges: Vec<Value> = subgraph
        .edges
        .iter()
        .enumerate()
        .map(|(i, edge)| json!({"data": Value::Object(edge_data(edge, i, lang))}))
        .collect();
    let mut data = Map::new();
    data.insert("name".into(), json!(subgraph.title(lang)));
    data.insert("title_zh".into(), json!(subgraph.title.zh));
    data.insert("title_en".into(), json!(subgraph.title.en));
    data.insert("as_of".into(), json!(subgraph.as_of));
    data.insert(
        "include_financials".into(),
        json!(subgraph.include_financials),
    );
    if let Some(note) = subgraph.dropped.describe(lang) {
        data.insert("left_out".into(), json!(note));
    }
    if let Some(version) = &options.data_version {
        data.insert("data_version".into(), json!(version));
    }
    json!({
        "format_version": "1.0",
        "generated_by": format!("innomap {}", env!("CARGO_PKG_VERSION")),
        "target_cytoscapejs_version": "~3.35",
        "data": Value::Object(data),
        "elements": {"nodes": nodes, "edges": edges},
    })
}
