//! `innomap score --save`: a scored population written into its own named graph, so that SPARQL and
//! the canned queries (`queries/score-*.rq`) can use the grades.
//!
//! The graph `…/graph/scores/<model>/<year>` (`…/<year>/<chain>` for a ranking within one chain)
//! is also the score set's IRI: an `im:ScoreSet` naming the model (`im:scoringModel`, with the
//! model's and its indicators' labels), the year and the chain. Each scored entity has a record
//! `<graph>#<entity id>`, an `im:ScoreRecord` with `im:scored`, `im:score` (0–100, two decimals),
//! `im:grade`, `im:gradeMinScore` (the lowest score of the grade, for comparing grades across years),
//! `im:scoreRank`, `im:scoreChange` when the year before has data, and one `im:missingIndicator` per
//! indicator without a value. Saving again replaces the graph whole, in one transaction.

use super::model_file::LoadedModel;
use super::report::ScoreReport;
use crate::base::error::Error;
use crate::base::vocab;
use crate::features::import::iri::encode_segment;
use crate::store::{LoadReport, Store};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};

/// The named graph that holds `report`'s scores; `chain` is the chain's IRI when the ranking is
/// within one chain.
pub fn score_graph_iri(report: &ScoreReport, chain: Option<&str>) -> String {
    let mut iri = format!("{}scores/{}/{}", vocab::GRAPH, report.model, report.year);
    if let Some(chain) = chain {
        iri.push('/');
        iri.push_str(&encode_segment(vocab::id_of(chain).unwrap_or(chain)));
    }
    iri
}

struct Writer {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Writer {
    fn node(iri: &str) -> Result<NamedNode, Error> {
        NamedNode::new(iri).map_err(|e| Error::Input {
            message: format!("cannot write the scores: <{iri}> is not an IRI ({e})"),
        })
    }

    fn add(&mut self, subject: &NamedNode, predicate: &str, object: impl Into<Term>) {
        self.quads.push(Quad::new(
            subject.clone(),
            NamedNode::new_unchecked(predicate),
            object,
            self.graph.clone(),
        ));
    }

    fn labels(&mut self, subject: &NamedNode, zh: &str, en: &str) {
        for (text, lang) in [(zh, "zh"), (en, "en")] {
            self.add(
                subject,
                vocab::RDFS_LABEL,
                Literal::new_language_tagged_literal_unchecked(text, lang),
            );
        }
    }
}

fn decimal(x: f64) -> Literal {
    // Two decimals, as the ranking prints them; -0.00 is written 0.00.
    let text = format!("{:.2}", x + 0.0);
    let text = if text == "-0.00" { "0.00".into() } else { text };
    Literal::new_typed_literal(text, xsd::DECIMAL)
}

fn integer(n: i64) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER)
}

/// The quads of `report`'s score graph (see the module's documentation).
pub fn score_quads(
    report: &ScoreReport,
    model: &LoadedModel,
    chain: Option<&str>,
) -> Result<Vec<Quad>, Error> {
    let graph_iri = score_graph_iri(report, chain);
    let set = Writer::node(&graph_iri)?;
    let mut w = Writer {
        graph: GraphName::NamedNode(set.clone()),
        quads: Vec::new(),
    };
    let def = vocab::def;
    let model_node = Writer::node(&model.iri)?;

    w.add(&set, vocab::RDF_TYPE, Writer::node(&def("ScoreSet"))?);
    w.labels(
        &set,
        &format!("{} · {} 年评分", model.label_zh, report.year),
        &format!("{} · scores {}", model.label_en, report.year),
    );
    w.add(&set, &def("scoringModel"), model_node.clone());
    w.add(&set, &def("year"), integer(report.year));
    w.add(
        &set,
        &def("scoresKind"),
        Literal::new_simple_literal(&report.kind),
    );
    if let Some(chain) = chain {
        w.add(&set, &def("withinChain"), Writer::node(chain)?);
    }
    w.add(
        &set,
        &def("entityCount"),
        integer(report.lines.len() as i64),
    );

    // The model and its indicators, named, so that a query can show labels without the model file.
    w.add(
        &model_node,
        vocab::RDF_TYPE,
        Writer::node(&def("ScoringModel"))?,
    );
    w.labels(&model_node, &model.label_zh, &model.label_en);
    for indicator in model.model.indicators() {
        let Some(iri) = model.indicator_iris.get(&indicator.id) else {
            continue;
        };
        let node = Writer::node(iri)?;
        w.add(&node, vocab::RDF_TYPE, Writer::node(&def("Indicator"))?);
        w.labels(&node, &indicator.label_zh, &indicator.label_en);
        w.add(&model_node, &def("hasIndicator"), node);
    }

    let floors: std::collections::BTreeMap<&str, f64> = model
        .model
        .bands
        .iter()
        .map(|b| (b.grade.as_str(), b.min_score))
        .collect();
    for line in &report.lines {
        let record = Writer::node(&format!("{graph_iri}#{}", encode_segment(&line.id)))?;
        w.add(&record, vocab::RDF_TYPE, Writer::node(&def("ScoreRecord"))?);
        w.add(&record, &def("scoreSet"), set.clone());
        w.add(&record, &def("scored"), Writer::node(&line.iri)?);
        w.add(&record, &def("score"), decimal(line.score));
        w.add(
            &record,
            &def("grade"),
            Literal::new_simple_literal(&line.grade),
        );
        if let Some(floor) = floors.get(line.grade.as_str()) {
            w.add(&record, &def("gradeMinScore"), decimal(*floor));
        }
        w.add(&record, &def("scoreRank"), integer(line.rank as i64));
        if let Some(change) = line.change {
            w.add(&record, &def("scoreChange"), decimal(change));
        }
        for part in line.parts.iter().filter(|p| p.missing) {
            if let Some(iri) = model.indicator_iris.get(&part.indicator) {
                w.add(&record, &def("missingIndicator"), Writer::node(iri)?);
            }
        }
    }
    Ok(w.quads)
}

/// Writes `report`'s scores into their graph, replacing what an earlier save put there.
pub fn save_scores(
    store: &Store,
    report: &ScoreReport,
    model: &LoadedModel,
    chain: Option<&str>,
) -> Result<LoadReport, Error> {
    let quads = score_quads(report, model, chain)?;
    store.replace_graph(&score_graph_iri(report, chain), &quads)
}
