//! Grades wherever users look (briefs, export attributes): each graded entity's score and grade under
//! the default models. The scores the bureau saved (`score --save`, the newest saved year of each
//! default model, whole population) are the ones shown; a kind without saved scores is scored now,
//! for the newest year of the data. Saving once therefore also spares a large store the scoring on
//! every export.

use super::model_file::{DEFAULT_MODELS, default_model};
use super::report::{ScoreLine, ScoreOptions, build_report};
use crate::base::Lang;
use crate::base::error::Error;
use crate::base::names::EntityIndex;
use crate::base::vocab;
use crate::store::Store;
use oxigraph::model::Term;
use std::collections::BTreeMap;

/// One entity's grade under a default model.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    /// The model's kind: `firm`, `resource` or `town`.
    pub kind: String,
    pub model_label: String,
    pub year: i64,
    pub score: f64,
    pub grade: String,
    pub rank: usize,
    /// How many entities the model ranked.
    pub of: usize,
    pub change: Option<f64>,
    /// Read from saved scores (`score --save`) rather than scored now.
    pub saved: bool,
    /// Scored now: the whole line (indicators, advice); `None` for saved scores.
    pub line: Option<ScoreLine>,
}

/// Every graded entity's grade, by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GradeBook {
    pub grades: BTreeMap<String, Grade>,
}

impl GradeBook {
    pub fn get(&self, id: &str) -> Option<&Grade> {
        self.grades.get(id)
    }

    /// The grades of `kind`, best first.
    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = (&'a String, &'a Grade)> {
        let mut list: Vec<(&String, &Grade)> =
            self.grades.iter().filter(|(_, g)| g.kind == kind).collect();
        list.sort_by_key(|(_, g)| g.rank);
        list.into_iter()
    }
}

fn literal(term: &Option<Term>) -> Option<&str> {
    match term {
        Some(Term::Literal(literal)) => Some(literal.value()),
        _ => None,
    }
}

/// The saved scores of the model `iri`: the newest saved year's whole-population set, if any.
fn saved(store: &Store, iri: &str, kind: &str, label: &str) -> Result<Vec<(String, Grade)>, Error> {
    let rows = store
        .select(&format!(
            "SELECT ?entity ?year ?score ?grade ?rank ?change ?count WHERE {{ \
             {{ SELECT (MAX(?y) AS ?year) WHERE {{ ?s a im:ScoreSet ; im:scoringModel <{iri}> ; im:year ?y . \
             FILTER NOT EXISTS {{ ?s im:withinChain ?c }} }} }} \
             ?set a im:ScoreSet ; im:scoringModel <{iri}> ; im:year ?year ; im:entityCount ?count . \
             FILTER NOT EXISTS {{ ?set im:withinChain ?within }} \
             ?record im:scoreSet ?set ; im:scored ?entity ; im:score ?score ; im:grade ?grade ; \
             im:scoreRank ?rank . OPTIONAL {{ ?record im:scoreChange ?change }} }}"
        ))?
        .rows;
    let mut grades = Vec::new();
    for row in &rows {
        let Some(Term::NamedNode(entity)) = &row[0] else {
            continue;
        };
        let number = |i: usize| literal(&row[i]).and_then(|v| v.parse::<f64>().ok());
        let (Some(year), Some(score), Some(grade), Some(rank), Some(of)) =
            (number(1), number(2), literal(&row[3]), number(4), number(6))
        else {
            continue;
        };
        let id = vocab::id_of(entity.as_str()).unwrap_or(entity.as_str());
        grades.push((
            id.to_owned(),
            Grade {
                kind: kind.to_owned(),
                model_label: label.to_owned(),
                year: year as i64,
                score,
                grade: grade.to_owned(),
                rank: rank as usize,
                of: of as usize,
                change: number(5),
                saved: true,
                line: None,
            },
        ));
    }
    Ok(grades)
}

/// The grades of the default models of `kinds` (`firm`, `resource`, `town`) over their populations in
/// `store`, labels in `lang`. The models are scored side by side.
pub fn grade_book(
    store: &Store,
    index: &EntityIndex,
    lang: Lang,
    kinds: &[&str],
) -> Result<GradeBook, Error> {
    use rayon::prelude::*;
    let wanted: Vec<&str> = DEFAULT_MODELS
        .iter()
        .map(|(kind, _, _)| *kind)
        .filter(|kind| kinds.contains(kind))
        .collect();
    let parts = wanted
        .par_iter()
        .map(|kind| grades_of(store, index, lang, kind))
        .collect::<Result<Vec<_>, Error>>()?;
    let mut book = GradeBook::default();
    for part in parts {
        book.grades.extend(part);
    }
    Ok(book)
}

/// The grades of one default model: saved, or scored now.
fn grades_of(
    store: &Store,
    index: &EntityIndex,
    lang: Lang,
    kind: &str,
) -> Result<Vec<(String, Grade)>, Error> {
    let Some(model) = default_model(kind).transpose()? else {
        return Ok(Vec::new());
    };
    let label = match lang {
        Lang::Zh => &model.label_zh,
        Lang::En => &model.label_en,
    };
    let saved = saved(store, &model.iri, kind, label)?;
    if !saved.is_empty() {
        return Ok(saved);
    }
    let options = ScoreOptions {
        chain: None,
        year: None,
        lang,
    };
    let report = match build_report(store, index, &model, &options) {
        Ok(report) => report,
        // A store without annual figures has nothing to grade.
        Err(Error::Input { .. }) => return Ok(Vec::new()),
        Err(other) => return Err(other),
    };
    let of = report.lines.len();
    Ok(report
        .lines
        .into_iter()
        .map(|line| {
            (
                line.id.clone(),
                Grade {
                    kind: kind.to_owned(),
                    model_label: label.clone(),
                    year: report.year,
                    score: line.score,
                    grade: line.grade.clone(),
                    rank: line.rank,
                    of,
                    change: line.change,
                    saved: false,
                    line: Some(line),
                },
            )
        })
        .collect())
}
