//! `innomap stats`: counts of entities by kind, chain and tier, triples per graph, and the coverage
//! of the 8×10 map — computed by canned queries, so analysts can run the same ones themselves.

use crate::base::Lang;
use crate::base::error::Error;
use crate::base::kind::Kind;
use crate::base::queries;
use crate::base::vocab;
use crate::features::table::{self as people, Fit};
use crate::store::{QueryAnswer, QueryOptions, Solutions, Store};
use oxigraph::model::Term;
use serde::Serialize;
use std::io::Write;

/// What `stats` reports.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Stats {
    pub triples: usize,
    pub graphs: Vec<GraphSize>,
    pub kinds: Vec<KindCount>,
    pub chains: Vec<ChainRow>,
    pub tiers: Vec<TierCount>,
    pub coverage: Coverage,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct GraphSize {
    pub graph: String,
    pub triples: usize,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct KindCount {
    pub kind: Kind,
    pub count: u64,
}

/// One chain's row of the 8×10 map.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ChainRow {
    pub id: String,
    pub label_zh: String,
    pub label_en: String,
    pub group: String,
    pub resources: u64,
    pub firms: u64,
    pub directions: u64,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct TierCount {
    pub tier: String,
    pub label_zh: String,
    pub label_en: String,
    pub firms: u64,
}

/// How full the 8×10 map is: the leading and emerging chains, each meant to have ten resources.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
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
    // An on-disk store's statistics are saved per generation (they are a function of its content):
    // on a national store, counting every kind of entity takes half a minute.
    if let Some(saved) = crate::store::cache::load::<Stats>(store, "stats", &[]) {
        return Ok(saved);
    }
    let stats = count_stats(store)?;
    crate::store::cache::save(store, "stats", &[], &stats);
    Ok(stats)
}

fn count_stats(store: &Store) -> Result<Stats, Error> {
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

/// The newest year of the data's annual figures or collaborations (what dates a workbook), if any.
pub fn newest_year(store: &Store) -> Result<Option<i64>, Error> {
    let solutions = store.select(
        "SELECT (MAX(?y) AS ?year) WHERE { { ?f a im:AnnualFigures ; im:year ?y } UNION { ?c a im:Collaboration ; im:year ?y } }",
    )?;
    Ok(solutions
        .rows
        .first()
        .and_then(|row| row.first().cloned().flatten())
        .and_then(|term| match term {
            Term::Literal(l) => l.value().parse::<i64>().ok(),
            _ => None,
        }))
}

/// A named graph as people read it: 内置数据（张家港）, 本体, 数据约束（SHACL）, 派生数据, 评分结果 …, 导入 …,
/// 载入文件 …; anything else as its IRI.
pub fn graph_label(iri: &str, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let pick = |a: &str, b: &str| if zh { a.to_owned() } else { b.to_owned() };
    if iri == vocab::GRAPH_BUNDLED {
        return pick("内置数据（张家港）", "bundled data (Zhangjiagang)");
    }
    if iri == vocab::GRAPH_ONTOLOGY {
        return pick("本体（术语与类）", "ontology");
    }
    if iri == vocab::GRAPH_SHAPES {
        return pick("数据约束（SHACL）", "shapes (SHACL)");
    }
    if let Some(set) = iri
        .strip_prefix(vocab::GRAPH_DERIVED)
        .and_then(|rest| rest.strip_prefix('/'))
    {
        return if zh {
            format!("派生数据 {set}")
        } else {
            format!("derived {set}")
        };
    }
    if iri == vocab::GRAPH_CATALOGUE {
        return pick("图目录", "graph catalogue");
    }
    if let Some(rest) = iri.strip_prefix(vocab::GRAPH) {
        if let Some(score) = rest.strip_prefix("scores/") {
            let score = score.replace('/', " · ");
            return if zh {
                format!("评分结果 {score}")
            } else {
                format!("scores {score}")
            };
        }
        if let Some(import) = rest.strip_prefix("import/") {
            return if zh {
                format!("导入 {import}")
            } else {
                format!("import {import}")
            };
        }
    }
    if let Some(path) = iri.strip_prefix("file://") {
        let name = path.rsplit('/').next().unwrap_or(path);
        let name = vocab::percent_decode(name);
        return if zh {
            format!("载入文件 {name}")
        } else {
            format!("loaded file {name}")
        };
    }
    iri.to_owned()
}

/// A chain group as people read it.
fn group_label(group: &str, lang: Lang) -> &str {
    match (group, lang) {
        ("im:LeadingChain", Lang::Zh) => "主导产业",
        ("im:EmergingChain", Lang::Zh) => "新兴产业",
        ("im:FutureIndustry", Lang::Zh) => "未来产业",
        ("im:LeadingChain", Lang::En) => "leading",
        ("im:EmergingChain", Lang::En) => "emerging",
        ("im:FutureIndustry", Lang::En) => "future",
        (other, _) => other,
    }
}

/// The stats as sheets for people: by chain (first, what CSV holds), by kind, by tier, the named
/// graphs, and the 8×10 coverage.
pub fn stats_sheets(stats: &Stats, lang: Lang) -> Vec<crate::features::spreadsheet::Sheet> {
    use crate::features::spreadsheet::{Cell, Sheet};
    let zh = lang == Lang::Zh;
    let h = |pairs: &[(&str, &str)]| -> Vec<String> {
        pairs
            .iter()
            .map(|(z, e)| if zh { (*z).to_owned() } else { (*e).to_owned() })
            .collect()
    };
    let count = |n: u64| Cell::Integer(n as i64);
    let mut chains = Sheet::new(
        if zh { "按产业链" } else { "by chain" },
        h(&[
            ("产业链", "chain"),
            ("分组", "group"),
            ("支撑资源", "resources"),
            ("企业", "firms"),
            ("攻关方向", "directions"),
            ("编号", "id"),
        ]),
    );
    for c in &stats.chains {
        chains.rows.push(vec![
            Cell::text(if zh { &c.label_zh } else { &c.label_en }.clone()),
            Cell::text(group_label(&c.group, lang)),
            count(c.resources),
            count(c.firms),
            count(c.directions),
            Cell::text(c.id.clone()),
        ]);
    }
    let mut kinds = Sheet::new(
        if zh { "按类型" } else { "by kind" },
        h(&[("类型", "kind"), ("数量", "count"), ("代码", "code")]),
    );
    for k in &stats.kinds {
        kinds.rows.push(vec![
            Cell::text(k.kind.label(lang)),
            count(k.count),
            Cell::text(k.kind.as_str()),
        ]);
    }
    let mut tiers = Sheet::new(
        if zh { "企业梯队" } else { "tiers" },
        h(&[("企业梯队", "tier"), ("企业数", "firms")]),
    );
    for t in &stats.tiers {
        tiers.rows.push(vec![
            Cell::text(if zh { &t.label_zh } else { &t.label_en }.clone()),
            count(t.firms),
        ]);
    }
    let mut graphs = Sheet::new(
        if zh { "命名图" } else { "graphs" },
        h(&[("命名图", "graph"), ("三元组", "triples"), ("IRI", "IRI")]),
    );
    for g in &stats.graphs {
        graphs.rows.push(vec![
            Cell::text(graph_label(&g.graph, lang)),
            Cell::Integer(g.triples as i64),
            Cell::text(g.graph.clone()),
        ]);
    }
    graphs.rows.push(vec![
        Cell::text(if zh { "合计" } else { "total" }),
        Cell::Integer(stats.triples as i64),
        Cell::Empty,
    ]);
    let c = &stats.coverage;
    let mut coverage = Sheet::new(
        if zh { "8×10 覆盖" } else { "8×10 coverage" },
        h(&[("指标", "measure"), ("数值", "value")]),
    );
    for (label, value) in [
        (
            if zh { "产业链" } else { "chains" },
            Cell::Integer(c.chains as i64),
        ),
        (
            if zh {
                "资源支撑关系"
            } else {
                "resource rows"
            },
            Cell::Integer(c.resource_rows as i64),
        ),
        (
            if zh {
                "目标（每链 10 个）"
            } else {
                "target (ten per chain)"
            },
            Cell::Integer(c.target_rows as i64),
        ),
        (
            if zh { "完成率" } else { "filled" },
            if c.target_rows > 0 {
                Cell::Percent(c.resource_rows as f64 / c.target_rows as f64, 0)
            } else {
                Cell::Empty
            },
        ),
        (
            if zh {
                "达到 10 个的产业链"
            } else {
                "chains with ten or more"
            },
            Cell::Integer(c.chains_with_ten_or_more as i64),
        ),
    ] {
        coverage.rows.push(vec![Cell::text(label), value]);
    }
    vec![chains, kinds, tiers, graphs, coverage]
}

/// Writes the stats as aligned tables in `lang`.
pub fn write_stats_table(stats: &Stats, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let zh = lang == Lang::Zh;
    let mut fit = Fit::new(out);
    let out: &mut dyn Write = &mut fit;
    let new_table = people::new;
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
    // The derived sets' graphs are one row, where the first of them sorts (the JSON and the
    // workbook list each).
    let derived: Vec<&GraphSize> = stats
        .graphs
        .iter()
        .filter(|g| crate::store::is_derived_graph(&g.graph))
        .collect();
    let mut derived_shown = false;
    for g in &stats.graphs {
        if crate::store::is_derived_graph(&g.graph) {
            if !derived_shown {
                derived_shown = true;
                let total: usize = derived.iter().map(|g| g.triples).sum();
                let label = if zh {
                    format!("派生数据（{} 个集合，随写入更新）", derived.len())
                } else {
                    format!(
                        "derived facts ({} sets, kept up to date on every write)",
                        derived.len()
                    )
                };
                graphs.add_row([label, total.to_string()]);
            }
            continue;
        }
        let label = graph_label(&g.graph, lang);
        let shown = if people::show_ids() && label != g.graph {
            format!("{label} ({})", g.graph)
        } else {
            label
        };
        graphs.add_row([shown, g.triples.to_string()]);
    }
    people::write(out, graphs)?;
    // The kind's code (what `--kind` takes) only in full tables; people read the name.
    let codes = people::show_ids();
    let mut kinds = new_table(match (zh, codes) {
        (true, true) => vec!["类型", "代码", "数量"],
        (true, false) => vec!["类型", "数量"],
        (false, true) => vec!["kind", "code", "count"],
        (false, false) => vec!["kind", "count"],
    });
    for k in &stats.kinds {
        let mut row = vec![k.kind.label(lang).to_owned()];
        if codes {
            row.push(k.kind.as_str().to_owned());
        }
        row.push(k.count.to_string());
        kinds.add_row(row);
    }
    people::write(out, kinds)?;
    let mut chains = new_table(if zh {
        vec!["产业链", "分组", "支撑资源", "企业", "攻关方向"]
    } else {
        vec!["chain", "group", "resources", "firms", "directions"]
    });
    for c in &stats.chains {
        let label = if zh { &c.label_zh } else { &c.label_en };
        let group = group_label(&c.group, lang);
        chains.add_row([
            crate::features::match_output::labelled(label, &c.id),
            group.to_owned(),
            c.resources.to_string(),
            c.firms.to_string(),
            c.directions.to_string(),
        ]);
    }
    people::write(out, chains)?;
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
    people::write(out, tiers)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_graphs_read_as_labels() {
        assert_eq!(
            graph_label(vocab::GRAPH_BUNDLED, Lang::Zh),
            "内置数据（张家港）"
        );
        assert_eq!(graph_label(vocab::GRAPH_SHAPES, Lang::En), "shapes (SHACL)");
        let scores = format!("{}scores/firm/2025", vocab::GRAPH);
        assert_eq!(graph_label(&scores, Lang::Zh), "评分结果 firm · 2025");
        let file = crate::store::file_graph_iri(std::path::Path::new("/data/企业 名单.ttl"));
        assert_eq!(graph_label(&file, Lang::Zh), "载入文件 企业 名单.ttl");
        assert_eq!(graph_label("urn:x:other", Lang::Zh), "urn:x:other");
    }
}
