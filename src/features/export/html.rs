//! HTML: one self-contained page that works offline — the graph drawn by Cytoscape.js (embedded,
//! vendored from npm), pan and zoom, search by name, a details panel with provenance for the clicked
//! node, and a filter by kind. A Content-Security-Policy forbids every network request.
//!
//! The embedded library is `cytoscape` 3.35.0 from the npm registry (`dist/cytoscape.min.js`, MIT,
//! licence in `assets/cytoscape.LICENSE`).

use super::cytoscape::to_json;
use super::layout::Drawing;
use super::svg::{footer_lines, subtitle};
use super::{RenderOptions, Subgraph, style};
use crate::base::Lang;
use quick_xml::escape::escape;
use serde_json::{Value, json};

/// Cytoscape.js 3.35.0, minified, from the npm package `cytoscape`.
const CYTOSCAPE_JS: &str = include_str!("../../../assets/cytoscape.min.js");

const PAGE_CSS: &str = r#"
html, body { margin: 0; height: 100%; font-family: FONTS; color: #1f1f1f; }
body { display: flex; }
#side { width: 340px; min-width: 260px; padding: 14px 16px; box-sizing: border-box; overflow-y: auto;
  border-right: 1px solid #ddd; background: #fafafa; font-size: 13px; }
#side h1 { font-size: 17px; margin: 0 0 4px; }
#side .sub { color: #666; margin: 0 0 12px; }
#search { width: 100%; box-sizing: border-box; padding: 6px 8px; font-size: 14px; font-family: inherit; }
#results { list-style: none; margin: 6px 0 10px; padding: 0; max-height: 180px; overflow-y: auto; }
#results li, .neighbours li { padding: 2px 4px; cursor: pointer; border-radius: 3px; }
#results li:hover, .neighbours li:hover { background: #e8eef5; }
#results .none { color: #999; cursor: default; }
fieldset { border: 1px solid #ddd; margin: 8px 0; padding: 6px 8px; }
fieldset label { display: inline-block; margin: 2px 8px 2px 0; white-space: nowrap; }
.swatch { display: inline-block; width: 10px; height: 10px; border: 1px solid #777; margin-right: 3px; vertical-align: -1px; }
#details table { border-collapse: collapse; width: 100%; }
#details th { text-align: left; color: #666; font-weight: normal; padding: 2px 6px 2px 0; vertical-align: top; white-space: nowrap; }
#details td { padding: 2px 0; word-break: break-all; }
#details h2 { font-size: 15px; margin: 10px 0 6px; }
.neighbours { list-style: none; padding: 0; margin: 4px 0; }
.hint { color: #888; }
.foot { color: #777; font-size: 12px; margin-top: 14px; }
#cy { flex: 1; height: 100%; }
"#;

const PAGE_JS: &str = r#"
(function () {
  'use strict';
  var payload = JSON.parse(document.getElementById('graph-data').textContent);
  var T = payload.text;
  var graph = payload.graph;
  var styles = [
    { selector: 'node', style: {
      'shape': 'data(view_shape)', 'background-color': 'data(view_fill)', 'border-color': 'data(view_stroke)',
      'border-width': 'data(view_border)', 'border-style': 'data(view_border_style)',
      'label': 'data(view_text)', 'color': 'data(view_colour)', 'font-family': payload.fonts, 'font-size': 13,
      'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center',
      'width': 'data(view_width)', 'height': 'data(view_height)' } },
    { selector: 'edge', style: {
      'line-color': 'data(view_colour)', 'width': 'data(view_width)', 'line-style': 'data(view_line)',
      'curve-style': 'bezier', 'target-arrow-shape': 'data(view_arrow)', 'target-arrow-color': 'data(view_colour)',
      'arrow-scale': 0.8, 'opacity': 0.75 } },
    { selector: '.faded', style: { 'opacity': 0.12 } },
    { selector: 'node.match', style: { 'border-color': '#e6007e', 'border-width': 5, 'opacity': 1 } },
    { selector: 'node:selected', style: { 'overlay-color': '#1f6fb2', 'overlay-opacity': 0.25, 'overlay-padding': 6 } }
  ];
  var cy = cytoscape({
    container: document.getElementById('cy'),
    elements: graph.elements,
    layout: { name: 'preset', fit: true, padding: 30 },
    style: styles,
    minZoom: 0.05, maxZoom: 5, wheelSensitivity: 0.3
  });
  var byId = {};
  cy.nodes().forEach(function (n) { byId[n.id()] = n; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function nodeLabel(n) { return n.data('label') || n.id(); }

  function showDetails(n) {
    var box = document.getElementById('details');
    box.innerHTML = '';
    box.appendChild(el('h2', nodeLabel(n)));
    var table = el('table');
    var d = n.data();
    var rows = [
      [T.kind, d.kind_label], [T.name_zh, d.label_zh], [T.name_en, d.label_en], [T.id, d.id],
      [T.notation, d.notation], [T.role, T.roles[d.role] || ''], [T.tier, T.ranks[d.tier] || ''],
      [T.level, T.ranks[d.level] || ''], [T.leading, d.leading_firm ? T.yes : ''],
      [T.chains, (d.chains || '').split(' ').filter(Boolean).map(function (c) {
        return byId[c] ? nodeLabel(byId[c]) : c; }).join('、')],
      [T.locality, T.localities[d.locality] || ''], [T.country, d.country],
      [T.provenance, T.provenances[d.provenance] || ''], [T.source, d.source],
      [T.description, payload.lang === 'zh' ? (d.description_zh || d.description_en) : (d.description_en || d.description_zh)],
      [T.iri, d.iri], [T.degree, String(d.degree)]
    ];
    if (d.figures_year !== undefined) {
      rows.push([T.figures_year, String(d.figures_year)]);
      ['revenue', 'rd_spend', 'high_tech_revenue', 'employees', 'st_staff'].forEach(function (k) {
        if (d[k] !== undefined) { rows.push([T.figures[k], String(d[k])]); }
      });
    }
    rows.forEach(function (r) {
      if (r[1] === undefined || r[1] === null || r[1] === '') { return; }
      var tr = el('tr');
      tr.appendChild(el('th', r[0]));
      tr.appendChild(el('td', r[1]));
      table.appendChild(tr);
    });
    box.appendChild(table);
    var edges = n.connectedEdges();
    if (edges.length) {
      box.appendChild(el('h2', T.neighbours + ' (' + edges.length + ')'));
      var list = el('ul', null, 'neighbours');
      edges.sort(function (a, b) {
        return a.data('relation') < b.data('relation') ? -1 : a.data('relation') > b.data('relation') ? 1 : 0;
      }).forEach(function (e) {
        var other = e.source().id() === n.id() ? e.target() : e.source();
        var years = e.data('first_year') ? ' ' + e.data('first_year') + '–' + e.data('year') : '';
        var li = el('li', e.data('relation_label') + years + ' · ' + nodeLabel(other));
        li.addEventListener('click', function () { focus(other); });
        list.appendChild(li);
      });
      box.appendChild(list);
    }
  }

  function focus(n) {
    cy.elements().unselect();
    n.select();
    cy.animate({ center: { eles: n }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
    showDetails(n);
  }

  function search(query) {
    var q = (query || '').trim().toLowerCase();
    var results = document.getElementById('results');
    results.innerHTML = '';
    cy.elements().removeClass('match faded');
    if (!q) { return []; }
    var found = cy.nodes().filter(function (n) {
      var d = n.data();
      return [d.label_zh, d.label_en, d.id, d.notation].some(function (s) {
        return s && String(s).toLowerCase().indexOf(q) >= 0;
      });
    });
    if (found.length === 0) {
      results.appendChild(el('li', T.no_match, 'none'));
      return [];
    }
    cy.elements().addClass('faded');
    found.removeClass('faded').addClass('match');
    found.connectedEdges().removeClass('faded');
    found.sort(function (a, b) { return nodeLabel(a).localeCompare(nodeLabel(b)); })
      .slice(0, 30).forEach(function (n) {
        var li = el('li', nodeLabel(n) + ' · ' + n.data('kind_label'));
        li.addEventListener('click', function () { focus(n); });
        results.appendChild(li);
      });
    cy.animate({ fit: { eles: found, padding: 60 } }, { duration: 250 });
    return found.map(function (n) { return n.id(); });
  }

  document.getElementById('search').addEventListener('input', function (e) { search(e.target.value); });
  cy.on('tap', 'node', function (e) { showDetails(e.target); });
  cy.on('tap', function (e) {
    if (e.target === cy) {
      document.getElementById('details').innerHTML = '<p class="hint"></p>';
      document.querySelector('#details .hint').textContent = T.hint;
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll('#kinds input'), function (box) {
    box.addEventListener('change', function () {
      cy.nodes('[kind = "' + box.value + '"]').style('display', box.checked ? 'element' : 'none');
    });
  });
  window.innomap = { cy: cy, search: search, focus: function (id) { if (byId[id]) { focus(byId[id]); } } };
  cy.ready(function () { document.body.setAttribute('data-ready', 'true'); });
})();
"#;

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The page's interface text in `lang`.
fn interface_text(lang: Lang) -> Value {
    let ranks: serde_json::Map<String, Value> = crate::graph::Tier::ALL
        .iter()
        .map(|tier| {
            let zh = match tier {
                crate::graph::Tier::TechSme => "科技型中小企业",
                crate::graph::Tier::HighTechEnterprise => "高新技术企业",
                crate::graph::Tier::Gazelle => "瞪羚企业",
                crate::graph::Tier::Unicorn => "独角兽企业",
            };
            (tier.as_str().to_owned(), json!(t(lang, zh, tier.as_str())))
        })
        .chain(crate::graph::Level::ALL.iter().map(|level| {
            let zh = match level {
                crate::graph::Level::Municipal => "市级",
                crate::graph::Level::Provincial => "省级",
                crate::graph::Level::National => "国家级",
            };
            (
                level.as_str().to_owned(),
                json!(t(lang, zh, level.as_str())),
            )
        }))
        .collect();
    let localities = json!({
        "in_city": t(lang, "本市", "in the city"),
        "on_city_list": t(lang, "8×10 清单内（市外）", "on the city's 8×10 list"),
        "domestic": t(lang, "国内其他地区", "elsewhere in China"),
        "international": t(lang, "境外", "abroad"),
    });
    let roles: serde_json::Map<String, Value> = [
        super::Role::Subject,
        super::Role::Leader,
        super::Role::Member,
        super::Role::Gap,
        super::Role::Candidate,
    ]
    .iter()
    .map(|r| (r.as_str().to_owned(), json!(r.label(lang))))
    .collect();
    let provenances: serde_json::Map<String, Value> = [
        super::Provenance::Verified,
        super::Provenance::PlanText,
        super::Provenance::Illustrative,
    ]
    .iter()
    .map(|p| (p.as_str().to_owned(), json!(p.label(lang))))
    .collect();
    json!({
        "kind": t(lang, "类型", "kind"),
        "name_zh": t(lang, "中文名称", "Chinese name"),
        "name_en": t(lang, "英文名称", "English name"),
        "id": "id",
        "notation": t(lang, "编号", "notation"),
        "role": t(lang, "角色", "role"),
        "tier": t(lang, "梯队", "tier"),
        "level": t(lang, "级别", "level"),
        "leading": t(lang, "龙头企业", "leading firm"),
        "yes": t(lang, "是", "yes"),
        "chains": t(lang, "产业链", "chains"),
        "locality": t(lang, "区位", "locality"),
        "country": t(lang, "国家/地区", "country"),
        "provenance": t(lang, "数据来源", "provenance"),
        "source": t(lang, "出处", "source"),
        "description": t(lang, "说明", "description"),
        "iri": "IRI",
        "degree": t(lang, "连接数", "connections"),
        "figures_year": t(lang, "指标年份", "figures year"),
        "figures": {
            "revenue": t(lang, "营业收入（万元）", "revenue (10k CNY)"),
            "rd_spend": t(lang, "研发投入（万元）", "R&D spend (10k CNY)"),
            "high_tech_revenue": t(lang, "高新技术产品收入（万元）", "high-tech revenue (10k CNY)"),
            "employees": t(lang, "职工人数", "employees"),
            "st_staff": t(lang, "科技人员", "S&T staff"),
        },
        "neighbours": t(lang, "关联", "connections"),
        "no_match": t(lang, "没有匹配的名称", "no name matches"),
        "hint": t(lang, "点击节点查看详情与来源", "Click a node for its details and provenance"),
        "ranks": ranks,
        "localities": localities,
        "roles": roles,
        "provenances": provenances,
    })
}

/// The Cytoscape elements with the view fields the page's stylesheet reads.
pub fn page_graph(subgraph: &Subgraph, drawing: &Drawing, options: &RenderOptions) -> Value {
    let mut graph = to_json(subgraph, Some(drawing), options);
    if let Some(nodes) = graph["elements"]["nodes"].as_array_mut() {
        for ((element, node), b) in nodes.iter_mut().zip(&subgraph.nodes).zip(&drawing.nodes) {
            let (stroke, border, dashed) = style::role_outline(node.role)
                .map_or((style::stroke(node.kind), 1.2, false), |(s, w, d)| {
                    (s, w, d)
                });
            let data = &mut element["data"];
            data["view_text"] = json!(b.lines.join("\n"));
            data["view_width"] = json!(b.width);
            data["view_height"] = json!(b.height);
            data["view_shape"] = json!(style::cytoscape_shape(style::shape(node.kind)));
            data["view_fill"] = json!(style::fill(node.kind));
            data["view_stroke"] = json!(stroke);
            data["view_border"] = json!(border);
            data["view_border_style"] = json!(if dashed { "dashed" } else { "solid" });
            data["view_colour"] = json!(style::text(node.kind));
        }
    }
    if let Some(edges) = graph["elements"]["edges"].as_array_mut() {
        for (element, edge) in edges.iter_mut().zip(&subgraph.edges) {
            let (colour, width, dash) = style::edge_stroke(edge.relation);
            let data = &mut element["data"];
            data["view_colour"] = json!(colour);
            data["view_width"] = json!(width);
            data["view_line"] = json!(if dash.is_empty() { "solid" } else { "dashed" });
            data["view_arrow"] = json!(if matches!(
                edge.relation,
                super::Relation::Leads
                    | super::Relation::MemberOf
                    | super::Relation::Requires
                    | super::Relation::HostedBy
            ) {
                "triangle"
            } else {
                "none"
            });
        }
    }
    graph
}

/// Renders the page.
pub fn render_html(subgraph: &Subgraph, drawing: &Drawing, options: &RenderOptions) -> String {
    let lang = options.lang;
    let payload = json!({
        "lang": lang.tag(),
        "fonts": style::FONT_STACK,
        "text": interface_text(lang),
        "graph": page_graph(subgraph, drawing, options),
    });
    // `<` never appears outside strings in JSON; escaping it keeps `</script>` out of the page.
    let payload = payload.to_string().replace('<', "\\u003c");
    let title = escape(subgraph.title(lang));
    let mut kinds = String::new();
    for kind in subgraph.kinds() {
        let count = subgraph.nodes.iter().filter(|n| n.kind == kind).count();
        kinds.push_str(&format!(
            r#"<label><input type="checkbox" value="{}" checked><span class="swatch" style="background:{}"></span>{} ({count})</label>"#,
            kind.as_str(),
            style::fill(kind),
            escape(kind.label(lang))
        ));
    }
    // The page draws every edge, so it does not repeat the picture's note on left-out links.
    let mut drawn = drawing.clone();
    drawn.hidden.clear();
    let footer = footer_lines(subgraph, &drawn, options)
        .iter()
        .map(|line| format!("<p>{}</p>", escape(line)))
        .collect::<String>();
    let css = PAGE_CSS.replace("FONTS", style::FONT_STACK);
    format!(
        r#"<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; font-src 'none'">
<meta name="generator" content="innomap {version}">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<div id="side">
<h1>{title}</h1>
<p class="sub">{subtitle}</p>
<input id="search" type="search" placeholder="{placeholder}" autocomplete="off">
<ul id="results"></ul>
<fieldset id="kinds"><legend>{kinds_legend}</legend>{kinds}</fieldset>
<div id="details"><p class="hint">{hint}</p></div>
<div class="foot">{footer}</div>
</div>
<div id="cy"></div>
<script>/* cytoscape 3.35.0 from npm, MIT licence (assets/cytoscape.LICENSE) */
{cytoscape}
</script>
<script id="graph-data" type="application/json">{payload}</script>
<script>{app}</script>
</body>
</html>
"#,
        html_lang = t(lang, "zh-CN", "en"),
        version = env!("CARGO_PKG_VERSION"),
        subtitle = escape(subtitle(subgraph, lang)),
        placeholder = t(
            lang,
            "搜索名称（中文、英文或 id）",
            "Search by name (Chinese, English or id)"
        ),
        kinds_legend = t(lang, "按类型筛选", "Filter by kind"),
        hint = t(
            lang,
            "点击节点查看详情与来源",
            "Click a node for its details and provenance"
        ),
        cytoscape = CYTOSCAPE_JS,
        app = PAGE_JS,
    )
}
