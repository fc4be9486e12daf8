//! The SPARQL measures of the scoring models (`queries/scoring/*.rq`, embedded): each answers one
//! `?value` per `?entity` with `?year` bound as a term; the population measure lists whom a model
//! scores, with their chains. Measuring turns the answers into the core's observations.

use super::model_file::{LoadedModel, MeasureRef};
use crate::base::error::Error;
use crate::scoring::Observation;
use crate::store::{QueryAnswer, QueryOptions, Solutions, Store};
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
    "population-resource",
    "population-town",
    "firm-consortia",
    "firm-figures",
    "firm-invention-patents",
    "firm-patent-growth",
    "firm-rd-institutions",
    "firm-research-cooperation",
    "firm-revenue-growth",
    "firm-talents",
    "firm-tier",
    "firm-venture-funding",
    "resource-capabilities",
    "resource-chains-backed",
    "resource-collaborations",
    "resource-consortia",
    "resource-firms-served",
    "resource-level",
    "town-consortia",
    "town-high-tech-firms",
    "town-invention-patents",
    "town-rd-intensity",
    "town-rd-spend",
    "town-research-cooperation",
    "town-resources",
    "town-talents",
];

/// The measure called `name`.
pub fn find(name: &str) -> Option<&'static Measure> {
    MEASURES.iter().find(|m| m.name == name)
}

impl Measure {
    /// Whether the answer is the same in every year (the file says `# yearless:` in its header):
    /// such a measure runs once for all the years a report needs.
    pub fn yearless(&self) -> bool {
        self.text
            .lines()
            .take_while(|line| line.starts_with('#'))
            .any(|line| {
                line.trim_start_matches('#')
                    .trim_start()
                    .starts_with("yearless:")
            })
    }
}

/// What a model measured in a store for one year.
#[derive(Debug, Clone, Default)]
pub struct Measured {
    /// One observation per entity of the population, sorted by entity IRI.
    pub observations: Vec<Observation>,
    /// The chains of each entity (IRIs), for scoring within a chain.
    pub chains: BTreeMap<String, Vec<String>>,
}

fn run(store: &Store, measure: &Measure, year: i64) -> Result<Solutions, Error> {
    let options = QueryOptions {
        timeout: None,
        bindings: vec![("year".to_owned(), Term::Literal(Literal::from(year)))],
    };
    let origin = format!("measure {}", measure.name);
    match store.query(measure.text, &origin, &options)? {
        QueryAnswer::Solutions(solutions) => Ok(solutions),
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
    Ok(measure_years(store, model, &[year])?.remove(0))
}

/// Measures every indicator of `model` for each of `years`, in that order. Every measure runs
/// once per year (once for all years when it is yearless), all of them side by side: they are
/// independent reads of one snapshot.
pub fn measure_years(
    store: &Store,
    model: &LoadedModel,
    years: &[i64],
) -> Result<Vec<Measured>, Error> {
    let population = find(&model.population).ok_or_else(|| Error::Input {
        message: format!(
            "{}: the population measure '{}' is not in queries/scoring/",
            model.source, model.population
        ),
    })?;
    let mut names: Vec<&str> = vec![population.name];
    for reference in model.measures.values() {
        if !names.contains(&reference.measure.as_str()) {
            names.push(&reference.measure);
        }
    }
    let mut jobs: Vec<(&'static Measure, i64)> = Vec::new();
    for name in names {
        let measure = find(name).ok_or_else(|| Error::Input {
            message: format!(
                "{}: the measure '{name}' is not in queries/scoring/",
                model.source
            ),
        })?;
        if measure.yearless() {
            jobs.push((measure, years[0]));
        } else {
            jobs.extend(years.iter().map(|&year| (measure, year)));
        }
    }
    let answers: Vec<Solutions> = jobs
        .par_iter()
        .map(|&(measure, year)| run(store, measure, year))
        .collect::<Result<_, Error>>()?;
    let answer = |name: &str, year: i64| -> &Solutions {
        let position = jobs
            .iter()
            .position(|(m, y)| m.name == name && (*y == year || m.yearless()))
            .expect("every measure of the model ran");
        &answers[position]
    };
    years
        .iter()
        .map(|&year| {
            let mut values: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
            let mut chains: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for row in &answer(population.name, year).rows {
                let Some(entity) = iri(&row[0]) else { continue };
                values.entry(entity.clone()).or_default();
                let entry = chains.entry(entity).or_default();
                if let Some(chain) = row.get(1).and_then(iri) {
                    if !entry.contains(&chain) {
                        entry.push(chain);
                    }
                }
            }
            for indicator in model.model.indicators() {
                let reference = &model.measures[&indicator.id];
                let solutions = answer(&reference.measure, year);
                read_values(model, &indicator.id, reference, solutions, &mut values)?;
            }
            Ok(Measured {
                observations: values
                    .into_iter()
                    .map(|(entity, values)| Observation { entity, values })
                    .collect(),
                chains,
            })
        })
        .collect()
}

/// One indicator's values from its measure's answer, into the population's observations.
fn read_values(
    model: &LoadedModel,
    indicator: &str,
    reference: &MeasureRef,
    solutions: &Solutions,
    values: &mut BTreeMap<String, BTreeMap<String, f64>>,
) -> Result<(), Error> {
    let name = &reference.measure;
    let entity_column = solutions.column("entity").unwrap_or(0);
    let column = solutions
        .column(&reference.column)
        .ok_or_else(|| Error::Input {
            message: format!(
                "{}: indicator {indicator} takes column '{}' of measure {name}, which answers {}",
                model.source,
                reference.column,
                solutions.variables.join(", ")
            ),
        })?;
    for row in &solutions.rows {
        let Some(entity) = iri(&row[entity_column]) else {
            continue;
        };
        let Some(slot) = values.get_mut(&entity) else {
            continue; // outside the population
        };
        let value = match &row[column] {
            Some(Term::Literal(literal)) => {
                literal.value().parse::<f64>().map_err(|_| Error::Input {
                    message: format!(
                        "{}: indicator {indicator}: measure {name} gave '{}' for {entity}, not a number",
                        model.source,
                        literal.value()
                    ),
                })?
            }
            None => continue,
            Some(other) => {
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
    Ok(())
}
