//! `innomap stats`: counts of entities by kind, chain and tier, triples per graph, and the coverage
//! of the 8×10 map — computed by canned queries, so analysts can run the same ones themselves.

use crate::base::Lang;
use crate::base::error::Error;
use crate::base::kind::Kind;
use crate::base::queries;
use crate::base::vocab;
use crate::store::{QueryAnswer, QueryOptions, Solutions, Store};
use comfy_table::{Table, presets};
use oxigraph::model::Term;
use serde::Serialize;
use std::io::Write;

/// What `stats` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub triples: usize,
    pub graphs: Vec<GraphSize>,
    pub kinds: Vec<KindCount>,
    pub chains: Vec<ChainRow>,
    pub tiers: Vec<TierCount>,
    pub coverage: Coverage,
}

#[derive(Debug, Clone, Serialize)]
pub struct GraphSize {
    pub graph: String,
    pub triples: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindCount {
    pub kind: Kind,
    pub count: u64,
}

/// One chain's row of the 8×10 map.
#[derive(Debug, Clone, Serialize)]
pub struct ChainRow {
    pub id: String,
    pub label_zh: String,
    pub label_en: String,
    pub group: String,
    pub resources: u64,
    pub firms: u64,
    pub directions: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierCount {
    pub tier: String,
    pub label_zh: String,
    pub label_en: String,
    pub firms: u64,
}

/// How full the 8×10 map is: the leading and emerging chains, each meant to have ten resources.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub chains: u64,
    pub resource_rows: u64,
    pub target_rows: u64,
    pub chains_with_ten_or_more: u64,
}

fn run(store: &Store, name: &str) -> Result<Solutions, Error> {
    let canned = queries::find(name).ok_or_else(|| Error::UnknownQuery {
        name: name.to_owned(),
        suggestions: Vec::new(),
    })?;
    match store.query(
        canned.text,
        &format!("query {name}"),
        &QueryOptions::default(),
    )? {
        QueryAnswer::Solutions(solutions) => Ok(solutions),
        _ => Err(Error::Query {
            origin: format!("query {name}"),
            message: "expected a SELECT query".into(),
        }),
    }
}

fn text(row: &[Option<Term>], i: usize) -> String {
    match row.get(i).and_then(Option::as_ref) {
        Some(Term::NamedNode(n)) => vocab::short_form(n.as_str()),
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn number(row: &[Option<Term>], i: usize) -> u64 {
    text(row, i).parse().unwrap_or(0)
}

/// Gathers every count.
pub fn collect_stats(store: &Store) -> Result<Stats, Error> {
    let graphs: Vec<GraphSize> = store
        .graphs()?
        .into_iter()
        .map(|(graph, triples)| GraphSize { graph, triples })
        .collect();
    let kinds_answer = run(store, "kind-counts")?;
    let mut kinds = Vec::new();
    for row in &kinds_answer.rows {
        if let Some(Term::NamedNode(class)) = &row[0] {
            if let Some(kind) = Kind::from_class_iri(class.as_str()) {
                kinds.push(KindCount {
                    kind,
                    count: number(row, 2),
                });
            }
        }
    }
    kinds.sort_by_key(|k| Kind::ALL.iter().position(|x| *x == k.kind));
    let chain_answer = run(store, "chain-overview")?;
    let chains: Vec<ChainRow> = chain_answer
        .rows
        .iter()
        .map(|row| ChainRow {
            id: text(row, 0),
            label_zh: text(row, 1),
            label_en: text(row, 2),
            group: text(row, 3),
            resources: number(row, 4),
            firms: number(row, 5),
            directions: number(row, 6),
        })
        .collect();
    let tiers = run(store, "tier-counts")?
        .rows
        .iter()
        .map(|row| TierCount {
            tier: text(row, 0),
            label_zh: text(row, 1),
            label_en: text(row, 2),
            firms: number(row, 3),
        })
        .collect();
    let eight_by_ten: Vec<&ChainRow> = chains
        .iter()
        .filter(|c| c.group == "im:LeadingChain" || c.group == "im:EmergingChain")
        .collect();
    let coverage = Coverage {
        chains: eight_by_ten.len() as u64,
        resource_rows: eight_by_ten.iter().map(|c| c.resources).sum(),
        target_rows: 10 * eight_by_ten.len() as u64,
        chains_with_ten_or_more: eight_by_ten.iter().filter(|c| c.resources >= 10).count() as u64,
    };
    // Every quad is in the default graph or in one named graph: summing them spares a second pass
    // over the whole store (on disk, tens of seconds at province scale).
    let triples = store.default_graph_len()? + graphs.iter().map(|g| g.triples).sum::<usize>();
    Ok(Stats {
        triples,
        graphs,
        kinds,
        chains,
        tiers,
        coverage,
    })
}

/// Writes the stats as aligned tables in `lang`.
pub fn write_stats_table(stats: &Stats, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let zh = lang == Lang::Zh;
    let new_table = |header: Vec<&str>| {
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_header(header);
        table
    };
    writeln!(
        out,
        "{} {}",
        if zh { "三元组总数" } else { "triples" },
        stats.triples
    )?;
    let mut graphs = new_table(if zh {
        vec!["命名图", "三元组"]
    } else {
        vec!["graph", "triples"]
    });
    for g in &stats.graphs {
        graphs.add_row([g.graph.clone(), g.triples.to_string()]);
    }
    writeln!(out, "{graphs}")?;
    let mut kinds = new_table(if zh {
        vec!["类型", "名称", "数量"]
    } else {
        vec!["kind", "name", "count"]
    });
    for k in &stats.kinds {
        kinds.add_row([
            k.kind.as_str().to_owned(),
            k.kind.label(lang).to_owned(),
            k.count.to_string(),
        ]);
    }
    writeln!(out, "{kinds}")?;
    let mut chains = new_table(if zh {
        vec!["产业链", "分组", "支撑资源", "企业", "攻关方向"]
    } else {
        vec!["chain", "group", "resources", "firms", "directions"]
    });
    for c in &stats.chains {
        let label = if zh { &c.label_zh } else { &c.label_en };
        let group = match (c.group.as_str(), zh) {
            ("im:LeadingChain", true) => "主导产业",
            ("im:EmergingChain", true) => "新兴产业",
            ("im:FutureIndustry", true) => "未来产业",
            ("im:LeadingChain", false) => "leading",
            ("im:EmergingChain", false) => "emerging",
            ("im:FutureIndustry", false) => "future",
            (other, _) => other,
        };
        chains.add_row([
            format!("{label} ({})", c.id),
            group.to_owned(),
            c.resources.to_string(),
            c.firms.to_string(),
            c.directions.to_string(),
        ]);
    }
    writeln!(out, "{chains}")?;
    let mut tiers = new_table(if zh {
        vec!["企业梯队", "企业数"]
    } else {
        vec!["tier", "firms"]
    });
    for t in &stats.tiers {
        tiers.add_row([
            if zh {
                t.label_zh.clone()
            } else {
                t.label_en.clone()
            },
            t.firms.to_string(),
        ]);
    }
    writeln!(out, "{tiers}")?;
    let c = &stats.coverage;
    if zh {
        writeln!(
            out,
            "8×10 覆盖：{} 条产业链，{} / {} 个资源支撑关系，{} 条链达到 10 个",
            c.chains, c.resource_rows, c.target_rows, c.chains_with_ten_or_more
        )
    } else {
        writeln!(
            out,
            "8×10 coverage: {} chains, {} of {} resource rows, {} chains with ten or more",
            c.chains, c.resource_rows, c.target_rows, c.chains_with_ten_or_more
        )
    }
}
