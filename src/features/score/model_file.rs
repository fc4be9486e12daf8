//! Reading a scoring model from its Turtle file (`data/scoring/*.ttl`, or `--model FILE`) into the
//! scoring core's [`ScoringModel`]: categories, indicators with their measures, bands. A model that
//! cannot score is refused naming the file and the indicator.

use super::measures;
use crate::base::error::Error;
use crate::scoring::{Band, Better, Category, Indicator, Missing, Normalisation, ScoringModel};
use crate::store::{Solutions, Store, StoreConfig};
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use std::collections::BTreeMap;

/// The default models, by the kind they score: (path in the repository, contents).
pub const DEFAULT_MODELS: &[(&str, &str, &str)] = &[
    (
        "firm",
        "data/scoring/firm.ttl",
        include_str!("../../../data/scoring/firm.ttl"),
    ),
    (
        "resource",
        "data/scoring/resource.ttl",
        include_str!("../../../data/scoring/resource.ttl"),
    ),
    (
        "town",
        "data/scoring/town.ttl",
        include_str!("../../../data/scoring/town.ttl"),
    ),
];

/// Where an indicator's raw values come from: a measure (`queries/scoring/<measure>.rq`) and the
/// column of its answer (`value`, unless the model names another with `im:column`: a group measure
/// answers several indicators at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureRef {
    pub measure: String,
    pub column: String,
}

/// A model read from its file, with what the scorer needs beside the core model.
#[derive(Debug, Clone)]
pub struct LoadedModel {
    pub model: ScoringModel,
    pub iri: String,
    /// The kind it scores (`firm`, `resource`, `town`).
    pub kind: String,
    /// The measure that lists the population (entity, chain).
    pub population: String,
    pub label_zh: String,
    pub label_en: String,
    /// Each indicator's measure and the column of its answer that holds the value, by indicator id.
    pub measures: BTreeMap<String, MeasureRef>,
    /// Each indicator's IRI in the model file, by indicator id.
    pub indicator_iris: BTreeMap<String, String>,
    /// The file it came from, for messages.
    pub source: String,
}

/// The default model's kind (`firm`, `resource`, `town`) that grades an entity of `kind`: firms,
/// innovation resources (every non-firm organisation) and places (towns and zones).
pub fn model_kind_for(kind: crate::base::kind::Kind) -> Option<&'static str> {
    use crate::base::kind::Kind;
    match kind {
        Kind::Firm => Some("firm"),
        Kind::Place => Some("town"),
        kind if kind.is_resource() => Some("resource"),
        _ => None,
    }
}

/// The default model for `kind`, read.
pub fn default_model(kind: &str) -> Option<Result<LoadedModel, Error>> {
    DEFAULT_MODELS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map(|(_, path, text)| read_model(text, path))
}

const MODEL_GRAPH: &str = "https://w3id.org/innomap/graph/scoring-model";

fn text(term: &Option<Term>) -> Option<String> {
    match term {
        Some(Term::Literal(literal)) => Some(literal.value().to_owned()),
        Some(Term::NamedNode(node)) => Some(node.as_str().to_owned()),
        _ => None,
    }
}

fn number(term: &Option<Term>) -> Option<f64> {
    match term {
        Some(Term::Literal(literal)) => literal.value().parse().ok(),
        _ => None,
    }
}

fn local(iri: &str) -> &str {
    iri.rsplit(['/', '#']).next().unwrap_or(iri)
}

/// Reads the one model that `turtle` describes; `source` names the file in messages.
pub fn read_model(turtle: &str, source: &str) -> Result<LoadedModel, Error> {
    let store = Store::open(&StoreConfig {
        no_default_data: true,
        ..StoreConfig::default()
    })?;
    store.load_bytes(turtle.as_bytes(), RdfFormat::Turtle, MODEL_GRAPH, source)?;
    let bad = |message: String| Error::Input {
        message: format!("{source}: {message}"),
    };
    let select = |query: &str| -> Result<Solutions, Error> { store.select(query) };

    let models = select(
        "SELECT ?model ?kind ?population ?total ?zh ?en WHERE { ?model a im:ScoringModel . \
         OPTIONAL { ?model im:scoresKind ?kind } OPTIONAL { ?model im:population ?population } \
         OPTIONAL { ?model im:totalWeight ?total } \
         OPTIONAL { ?model rdfs:label ?zh FILTER(lang(?zh) = 'zh') } \
         OPTIONAL { ?model rdfs:label ?en FILTER(lang(?en) = 'en') } } ORDER BY ?model",
    )?;
    let [row] = models.rows.as_slice() else {
        return Err(bad(format!(
            "a model file describes one im:ScoringModel; this one has {}",
            models.rows.len()
        )));
    };
    let iri = text(&row[0]).unwrap_or_default();
    let kind = text(&row[1]).ok_or_else(|| bad("the model has no im:scoresKind".into()))?;
    let population = text(&row[2]).ok_or_else(|| {
        bad("the model has no im:population (the measure listing whom it scores)".into())
    })?;
    if measures::find(&population).is_none() {
        return Err(bad(format!(
            "the population measure '{population}' is not in queries/scoring/"
        )));
    }
    let total =
        number(&row[3]).ok_or_else(|| bad("the model has no numeric im:totalWeight".into()))?;
    let label_zh = text(&row[4]).unwrap_or_else(|| local(&iri).to_owned());
    let label_en = text(&row[5]).unwrap_or_else(|| label_zh.clone());

    let mut bands = Vec::new();
    for row in select(
        "SELECT ?grade ?min WHERE { ?model a im:ScoringModel ; im:band ?band . \
         ?band im:grade ?grade ; im:minScore ?min } ORDER BY DESC(?min) ?grade",
    )?
    .rows
    {
        let grade = text(&row[0]).unwrap_or_default();
        let min_score = number(&row[1])
            .ok_or_else(|| bad(format!("grade {grade} has no numeric im:minScore")))?;
        bands.push(Band { grade, min_score });
    }

    let mut steps: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for row in select(
        "SELECT ?indicator ?raw ?value WHERE { ?indicator im:step ?step . \
         ?step im:raw ?raw ; im:value ?value } ORDER BY ?indicator ?raw",
    )?
    .rows
    {
        let indicator = local(&text(&row[0]).unwrap_or_default()).to_owned();
        let (Some(raw), Some(value)) = (number(&row[1]), number(&row[2])) else {
            return Err(bad(format!(
                "indicator {indicator} has a step without numbers"
            )));
        };
        steps.entry(indicator).or_default().push((raw, value));
    }

    let mut categories: Vec<Category> = Vec::new();
    let mut measures_by_indicator = BTreeMap::new();
    let mut indicator_iris = BTreeMap::new();
    let rows = select(
        "SELECT ?category ?corder ?czh ?cen ?indicator ?iorder ?zh ?en ?measure ?unit ?weight \
         ?better ?normalisation ?missing ?whole ?column WHERE { \
         ?model a im:ScoringModel ; im:category ?category . ?category im:indicator ?indicator . \
         OPTIONAL { ?category im:order ?corder } \
         OPTIONAL { ?category rdfs:label ?czh FILTER(lang(?czh) = 'zh') } \
         OPTIONAL { ?category rdfs:label ?cen FILTER(lang(?cen) = 'en') } \
         OPTIONAL { ?indicator im:order ?iorder } \
         OPTIONAL { ?indicator rdfs:label ?zh FILTER(lang(?zh) = 'zh') } \
         OPTIONAL { ?indicator rdfs:label ?en FILTER(lang(?en) = 'en') } \
         OPTIONAL { ?indicator im:measure ?measure } OPTIONAL { ?indicator im:unit ?unit } \
         OPTIONAL { ?indicator im:weight ?weight } OPTIONAL { ?indicator im:better ?better } \
         OPTIONAL { ?indicator im:normalisation ?normalisation } \
         OPTIONAL { ?indicator im:missingValue ?missing } OPTIONAL { ?indicator im:wholeNumber ?whole } \
         OPTIONAL { ?indicator im:column ?column } \
         } ORDER BY ?corder ?category ?iorder ?indicator",
    )?;
    for row in &rows.rows {
        let category_iri = text(&row[0]).unwrap_or_default();
        let indicator_iri = text(&row[4]).unwrap_or_default();
        let id = local(&indicator_iri).to_owned();
        indicator_iris.insert(id.clone(), indicator_iri.clone());
        let named = |what: &str| bad(format!("indicator {id} has no {what}"));
        let measure = text(&row[8]).ok_or_else(|| named("im:measure"))?;
        if measures::find(&measure).is_none() {
            return Err(bad(format!(
                "indicator {id} names the measure '{measure}', which is not in queries/scoring/"
            )));
        }
        let weight = number(&row[10]).ok_or_else(|| named("numeric im:weight"))?;
        let better = match text(&row[11]).as_deref().map(local) {
            Some("HigherIsBetter") => Better::Higher,
            Some("LowerIsBetter") => Better::Lower,
            other => {
                return Err(bad(format!(
                    "indicator {id}: im:better is {}, not im:HigherIsBetter or im:LowerIsBetter",
                    other.unwrap_or("missing")
                )));
            }
        };
        let normalisation = match text(&row[12]).as_deref().map(local) {
            Some("MinMax") => Normalisation::MinMax,
            Some("PercentRank") => Normalisation::PercentRank,
            Some("Thresholds") => {
                let mut own = steps.get(&id).cloned().unwrap_or_default();
                if better == Better::Lower {
                    own.reverse();
                }
                Normalisation::Thresholds(own)
            }
            other => {
                return Err(bad(format!(
                    "indicator {id}: im:normalisation is {}, not im:MinMax, im:PercentRank or im:Thresholds",
                    other.unwrap_or("missing")
                )));
            }
        };
        let missing = match text(&row[13]).as_deref().map(local) {
            Some("ExcludeMissing") => Missing::Exclude,
            Some("WorstIfMissing") => Missing::Worst,
            other => {
                return Err(bad(format!(
                    "indicator {id}: im:missingValue is {}, not im:ExcludeMissing or im:WorstIfMissing",
                    other.unwrap_or("missing")
                )));
            }
        };
        let indicator = Indicator {
            id: id.clone(),
            label_zh: text(&row[6]).unwrap_or_else(|| id.clone()),
            label_en: text(&row[7]).unwrap_or_else(|| id.clone()),
            unit: text(&row[9]).unwrap_or_default(),
            whole: text(&row[14]).is_some_and(|w| w == "true" || w == "1"),
            weight,
            better,
            normalisation,
            missing,
        };
        let column = text(&row[15]).unwrap_or_else(|| "value".to_owned());
        if column == "entity" || column == "year" {
            return Err(bad(format!(
                "indicator {id}: im:column '{column}' names the entity or year column, not a value"
            )));
        }
        measures_by_indicator.insert(id.clone(), MeasureRef { measure, column });
        let category_id = local(&category_iri).to_owned();
        match categories.iter_mut().find(|c| c.id == category_id) {
            Some(category) => category.indicators.push(indicator),
            None => categories.push(Category {
                id: category_id.clone(),
                label_zh: text(&row[2]).unwrap_or_else(|| category_id.clone()),
                label_en: text(&row[3]).unwrap_or_else(|| category_id.clone()),
                indicators: vec![indicator],
            }),
        }
    }
    let model = ScoringModel {
        id: local(&iri).to_owned(),
        categories,
        bands,
    };
    model.check().map_err(|e| bad(e.to_string()))?;
    let sum = model.total_weight();
    if (sum - total).abs() > 1e-9 {
        return Err(bad(format!(
            "the indicators' weights add up to {sum}, not the {total} the model declares (im:totalWeight)"
        )));
    }
    Ok(LoadedModel {
        model,
        iri,
        kind,
        population,
        label_zh,
        label_en,
        measures: measures_by_indicator,
        indicator_iris,
        source: source.to_owned(),
    })
}
