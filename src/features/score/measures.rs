//! The SPARQL measures of the scoring models (`queries/scoring/*.rq`, embedded): each answers one
//! `?value` per `?entity` with `?year` bound as a term; the population measure lists whom a model
//! scores, with their chains. Measuring turns the answers into the core's observations.

use super::model_file::LoadedModel;
use crate::base::error::Error;
use crate::scoring::Observation;
use crate::store::{QueryAnswer, QueryOptions, Store};
use oxigraph::model::{Literal, Term};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// One embedded measure query.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub name: &'static str,
    pub text: &'static str,
}

macro_rules! measures {
    ($($name:literal),* $(,)?) => {
        &[$(Measure { name: $name, text: include_str!(concat!("../../../queries/scoring/", $name, ".rq")) }),*]
    };
}

/// Every measure, by name (the file name without `.rq`).
pub const MEASURES: &[Measure] = measures![
    "population-firm",
    "firm-rd-intensity",
    "firm-rd-spend",
    "firm-st-share",
    "firm-high-tech-share",
    "firm-revenue-growth",
    "firm-invention-patents",
    "firm-patent-growth",
    "firm-research-cooperation",
    "firm-consortia",
    "firm-rd-institutions",
    "firm-talents",
    "firm-venture-funding",
];

/// The measure called `name`.
pub fn find(name: &str) -> Option<&'static Measure> {
    MEASURES.iter().find(|m| m.name == name)
}

/// What a model measured in a store for one year.
#[derive(Debug, Clone, Default)]
pub struct Measured {
    /// One observation per entity of the population, sorted by entity IRI.
    pub observations: Vec<Observation>,
    /// The chains of each entity (IRIs), for scoring within a chain.
    pub chains: BTreeMap<String, Vec<String>>,
}

fn run(store: &Store, measure: &Measure, year: i64) -> Result<Vec<Vec<Option<Term>>>, Error> {
    let options = QueryOptions {
        timeout: None,
        bindings: vec![("year".to_owned(), Term::Literal(Literal::from(year)))],
    };
    let origin = format!("measure {}", measure.name);
    match store.query(measure.text, &origin, &options)? {
        QueryAnswer::Solutions(solutions) => Ok(solutions.rows),
        _ => Err(Error::Input {
            message: format!("{origin} is not a SELECT query"),
        }),
    }
}

fn iri(term: &Option<Term>) -> Option<String> {
    match term {
        Some(Term::NamedNode(node)) => Some(node.as_str().to_owned()),
        _ => None,
    }
}

/// Measures every indicator of `model` for `year` over its population.
pub fn measure(store: &Store, model: &LoadedModel, year: i64) -> Result<Measured, Error> {
    let population = find(&model.population).ok_or_else(|| Error::Input {
        message: format!(
            "{}: the population measure '{}' is not in queries/scoring/",
            model.source, model.population
        ),
    })?;
    let mut values: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let mut chains: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in run(store, population, year)? {
        let Some(entity) = iri(&row[0]) else { continue };
        values.entry(entity.clone()).or_default();
        let entry = chains.entry(entity).or_default();
        if let Some(chain) = row.get(1).and_then(iri) {
            entry.push(chain);
        }
    }
    // The measures are independent reads of one snapshot: run them side by side.
    let answers: Vec<(&str, &str, Vec<Vec<Option<Term>>>)> = model
        .model
        .indicators()
        .map(|indicator| {
            let name = model.measures[&indicator.id].as_str();
            (indicator.id.as_str(), name)
        })
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(indicator, name)| {
            let measure = find(name).expect("read_model checked every measure");
            run(store, measure, year).map(|rows| (indicator, name, rows))
        })
        .collect::<Result<_, Error>>()?;
    for (indicator, name, rows) in answers {
        for row in rows {
            let Some(entity) = iri(&row[0]) else { continue };
            let Some(slot) = values.get_mut(&entity) else {
                continue; // outside the population
            };
            let value = match row.get(1) {
                Some(Some(Term::Literal(literal))) => {
                    literal.value().parse::<f64>().map_err(|_| Error::Input {
                        message: format!(
                            "{}: indicator {indicator}: measure {name} gave '{}' for {entity}, not a number",
                            model.source,
                            literal.value()
                        ),
                    })?
                }
                Some(None) | None => continue,
                Some(Some(other)) => {
                    return Err(Error::Input {
                        message: format!(
                            "{}: indicator {indicator}: measure {name} gave {other} for {entity}, not a number",
                            model.source
                        ),
                    });
                }
            };
            if value.is_finite() {
                slot.insert(indicator.to_owned(), value);
            }
        }
    }
    Ok(Measured {
        observations: values
            .into_iter()
            .map(|(entity, values)| Observation { entity, values })
            .collect(),
        chains,
    })
}
