//! `innomap score`: a model measured and scored for one year (and the year before, for the
//! change), as a ranking or as one entity's explanation, written as a table that fits the terminal
//! or as JSON. Labels follow `--lang`; ids, never IRIs, identify entities in JSON.

use super::measures::{Measured, measure_years};
use super::model_file::LoadedModel;
use crate::base::Lang;
use crate::base::error::Error;
use crate::base::names::EntityIndex;
use crate::base::vocab;
use crate::features::spreadsheet::{Cell, Sheet, write_csv, write_xlsx};
use crate::features::table::{self as people, Fit};
use crate::scoring::{EntityScore, Indicator, advice, score_population};
use crate::store::Store;
use comfy_table::{CellAlignment, Table};
use oxigraph::model::Term;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// What to score.
#[derive(Debug, Clone)]
pub struct ScoreOptions {
    /// Score within this chain only (its IRI): normalised among its entities.
    pub chain: Option<String>,
    /// The year; `None`: the newest year of the data's annual figures.
    pub year: Option<i64>,
    pub lang: Lang,
}

/// One indicator's part, as people and scripts read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartLine {
    pub indicator: String,
    pub label: String,
    pub category: String,
    pub unit: String,
    pub raw: Option<f64>,
    pub normalised: Option<f64>,
    pub weight: f64,
    /// Points this indicator can give this entity (its weight's share of 100).
    pub share: f64,
    pub points: f64,
    pub missing: bool,
    /// Raw values are whole numbers (counts).
    #[serde(skip)]
    pub whole: bool,
}

/// One entity's line in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreLine {
    pub rank: usize,
    pub id: String,
    /// The entity's IRI, for writing the scores into the store.
    #[serde(skip)]
    pub iri: String,
    pub label: String,
    pub score: f64,
    pub grade: String,
    /// Score change against the year before, when that year has data.
    pub change: Option<f64>,
    /// Labels of the (at most three) indicators that contribute most.
    pub top: Vec<String>,
    /// Labels of the indicators without a value.
    pub missing: Vec<String>,
    pub next_grade: Option<String>,
    /// What alone would lift the entity to the next grade, in words.
    pub advice: Option<String>,
    pub parts: Vec<PartLine>,
}

/// A scored population.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreReport {
    pub model: String,
    pub model_label: String,
    pub kind: String,
    pub year: i64,
    pub chain: Option<String>,
    /// The grades and the lowest score of each, from the best.
    pub bands: Vec<BandLine>,
    pub lines: Vec<ScoreLine>,
}

impl ScoreReport {
    /// The line of the entity `iri`; an entity outside the population is an input error that says
    /// whom the model scores.
    pub fn line_of(&self, iri: &str, index: &EntityIndex) -> Result<&ScoreLine, Error> {
        self.lines.iter().find(|l| l.iri == iri).ok_or_else(|| {
            let id = vocab::id_of(iri).unwrap_or(iri);
            let named = match index.get(iri) {
                Some(entity) => format!("{} ({id})", entity.label(Lang::Zh)),
                None => id.to_owned(),
            };
            let whom = match self.kind.as_str() {
                "firm" => "the city's own firms",
                "resource" => "the city's own universities, labs, institutes and platforms",
                "town" => "the city's towns and zones",
                _ => "its population",
            };
            Error::Input {
                message: format!(
                    "{named} is not among the entities the {} model scores{}: it scores {whom}",
                    self.kind,
                    self.chain
                        .as_ref()
                        .map_or(String::new(), |c| format!(" in chain {c}"))
                ),
            }
        })
    }

    /// One entity's explanation as JSON: its line with the model, the year and the grade bands.
    pub fn explanation_json(&self, line: &ScoreLine) -> serde_json::Value {
        let mut value = serde_json::to_value(line).unwrap_or_default();
        value["model"] = self.model.clone().into();
        value["model_label"] = self.model_label.clone().into();
        value["year"] = self.year.into();
        value["bands"] = serde_json::to_value(&self.bands).unwrap_or_default();
        value
    }
}

/// A grade and the lowest score (0–100) that reaches it.
#[derive(Debug, Clone, Serialize)]
pub struct BandLine {
    pub grade: String,
    pub min_score: f64,
}

/// The newest year of the data's annual figures.
pub fn newest_year(store: &Store) -> Result<Option<i64>, Error> {
    let rows = store
        .select(
            "SELECT (MAX(?year) AS ?newest) WHERE { ?figures a im:AnnualFigures ; im:year ?year }",
        )?
        .rows;
    Ok(match rows.first().and_then(|r| r.first()) {
        Some(Some(Term::Literal(literal))) => literal.value().parse().ok(),
        _ => None,
    })
}

fn in_chain(measured: Measured, chain: Option<&str>) -> Measured {
    let Some(chain) = chain else {
        return measured;
    };
    let observations = measured
        .observations
        .into_iter()
        .filter(|o| {
            measured
                .chains
                .get(&o.entity)
                .is_some_and(|chains| chains.iter().any(|c| c == chain))
        })
        .collect();
    Measured {
        observations,
        chains: measured.chains,
    }
}

fn indicator_labels(model: &LoadedModel, lang: Lang) -> BTreeMap<String, (String, String)> {
    model
        .model
        .categories
        .iter()
        .flat_map(|category| {
            category.indicators.iter().map(move |indicator| {
                let (label, category) = match lang {
                    Lang::Zh => (&indicator.label_zh, &category.label_zh),
                    Lang::En => (&indicator.label_en, &category.label_en),
                };
                (indicator.id.clone(), (label.clone(), category.clone()))
            })
        })
        .collect()
}

/// Scores `model` over its population in `store`.
pub fn build_report(
    store: &Store,
    index: &EntityIndex,
    model: &LoadedModel,
    options: &ScoreOptions,
) -> Result<ScoreReport, Error> {
    let year = match options.year {
        Some(year) => year,
        None => newest_year(store)?.ok_or_else(|| Error::Input {
            message: "the data has no annual figures to score: give --year".into(),
        })?,
    };
    let chain = options.chain.as_deref();
    let mut measured = measure_years(store, model, &[year, year - 1])?.into_iter();
    let (Some(current), Some(previous)) = (measured.next(), measured.next()) else {
        unreachable!("two years measured")
    };
    if chain.is_some() && current.chains.values().all(Vec::is_empty) {
        return Err(Error::Usage(format!(
            "--chain does not apply to the {} model: its population ({}) belongs to no chain; leave --chain out",
            model.kind, model.population
        )));
    }
    let (current, previous) = (in_chain(current, chain), in_chain(previous, chain));
    let (scores, scores_before) = rayon::join(
        || score_population(&model.model, &current.observations),
        || score_population(&model.model, &previous.observations),
    );
    // The year before counts only where it has figures: an entity without any value then has no change.
    let before: BTreeMap<String, f64> = scores_before
        .into_iter()
        .zip(&previous.observations)
        .filter(|(_, o)| has_figures(model, o))
        .map(|(s, _)| (s.entity, s.score))
        .collect();
    let labels = indicator_labels(model, options.lang);
    let indicators: BTreeMap<&str, &Indicator> = model
        .model
        .indicators()
        .map(|i| (i.id.as_str(), i))
        .collect();
    let mut lines: Vec<ScoreLine> = scores
        .par_iter()
        .map(|score| {
            line(
                model,
                score,
                &labels,
                &indicators,
                &before,
                index,
                options.lang,
            )
        })
        .collect();
    lines.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    for (position, line) in lines.iter_mut().enumerate() {
        line.rank = position + 1;
    }
    Ok(ScoreReport {
        model: vocab::id_of(&model.iri).unwrap_or(&model.iri).to_owned(),
        model_label: match options.lang {
            Lang::Zh => model.label_zh.clone(),
            Lang::En => model.label_en.clone(),
        },
        kind: model.kind.clone(),
        year,
        chain: chain.map(|c| vocab::id_of(c).unwrap_or(c).to_owned()),
        bands: model
            .model
            .bands
            .iter()
            .map(|b| BandLine {
                grade: b.grade.clone(),
                min_score: b.min_score,
            })
            .collect(),
        lines,
    })
}

/// Whether an observation holds the year's figures: any value that is not a plain count, for a
/// model that has such indicators (a count is 0 in a year without data; a figure is missing).
fn has_figures(model: &LoadedModel, observation: &crate::scoring::Observation) -> bool {
    let mut figures = model.model.indicators().filter(|i| !i.whole).peekable();
    figures.peek().is_none() || figures.any(|i| observation.values.contains_key(&i.id))
}

fn round(x: f64, places: i32) -> f64 {
    let factor = 10f64.powi(places);
    (x * factor).round() / factor
}

fn line(
    model: &LoadedModel,
    score: &EntityScore,
    labels: &BTreeMap<String, (String, String)>,
    indicators: &BTreeMap<&str, &Indicator>,
    before: &BTreeMap<String, f64>,
    index: &EntityIndex,
    lang: Lang,
) -> ScoreLine {
    let label_of = |id: &str| labels.get(id).map_or(id.to_owned(), |(l, _)| l.clone());
    let parts = score
        .parts
        .iter()
        .map(|part| {
            let indicator = indicators[part.indicator.as_str()];
            PartLine {
                indicator: part.indicator.clone(),
                label: label_of(&part.indicator),
                category: labels
                    .get(&part.indicator)
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default(),
                unit: indicator.unit.clone(),
                raw: part.raw.map(|r| round(r, 4)),
                normalised: part.normalised.map(|n| round(n, 4)),
                weight: indicator.weight,
                share: round(part.share, 2),
                points: part.points,
                missing: part.raw.is_none(),
                whole: indicator.whole,
            }
        })
        .collect();
    let entity = index.get(&score.entity);
    ScoreLine {
        rank: 0,
        id: vocab::id_of(&score.entity)
            .unwrap_or(&score.entity)
            .to_owned(),
        iri: score.entity.clone(),
        label: entity.map_or_else(|| score.entity.clone(), |e| e.label(lang).to_owned()),
        score: score.score,
        grade: score.grade.clone(),
        change: before.get(&score.entity).map(|b| round(score.score - b, 2)),
        top: score.top.iter().map(|id| label_of(id)).collect(),
        missing: score.missing.iter().map(|id| label_of(id)).collect(),
        next_grade: score.next_grade.clone(),
        advice: advice(&model.model, score, 2, lang),
        parts,
    }
}

/// The width tables are fitted to: on a terminal, `COLUMNS` when set; else 100.
fn number(x: f64) -> String {
    crate::features::spreadsheet::trimmed(x, 2)
}

/// A people's table (see `features::table`: fitted to the terminal, long cells wrapped).
fn fitted_table(header: Vec<&str>) -> Table {
    people::new(header)
}

/// Numbers read best right-aligned.
fn align_right(table: &mut Table, columns: &[usize]) {
    for &column in columns {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// Missing indicators in a table cell: all when one or two, else the first two and how many.
fn missing_summary(missing: &[String], zh: bool) -> String {
    match missing {
        [] => String::new(),
        [one] => one.clone(),
        [one, two] => format!("{one}{}{two}", if zh { "、" } else { ", " }),
        [one, two, ..] => {
            if zh {
                format!("{one}、{two}等 {} 项", missing.len())
            } else {
                format!("{one}, {two} and {} more", missing.len() - 2)
            }
        }
    }
}

/// The ranking as a table, the first `top` lines (all when `None`).
pub fn write_ranking_table(
    report: &ScoreReport,
    top: Option<usize>,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut fit = Fit::new(out);
    let out: &mut dyn Write = &mut fit;
    let zh = lang == Lang::Zh;
    writeln!(
        out,
        "{}",
        if zh {
            format!(
                "{} · {} 年 · 共 {} {}",
                report.model_label,
                report.year,
                report.lines.len(),
                // Firms and institutions are counted in 家, towns and zones in 个.
                if report.kind == "town" { "个" } else { "家" }
            )
        } else {
            format!(
                "{} · {} · {} scored",
                report.model_label,
                report.year,
                report.lines.len()
            )
        }
    )?;
    let mut table = fitted_table(if zh {
        vec![
            "排名",
            "名称",
            "得分",
            "格次",
            "较上年",
            "主要贡献指标",
            "缺失指标",
        ]
    } else {
        vec![
            "rank",
            "name",
            "score",
            "grade",
            "change",
            "top indicators",
            "missing",
        ]
    });
    for line in report.lines.iter().take(top.unwrap_or(usize::MAX)) {
        let change = line.change.map_or_else(
            || "—".to_owned(),
            |c| {
                if c > 0.0 {
                    format!("+{}", number(c))
                } else {
                    number(c)
                }
            },
        );
        table.add_row(vec![
            line.rank.to_string(),
            line.label.clone(),
            number(line.score),
            line.grade.clone(),
            change,
            line.top.join(if zh { "、" } else { ", " }),
            missing_summary(&line.missing, zh),
        ]);
    }
    align_right(&mut table, &[0, 2, 4]);
    people::write(out, table)
}

/// One entity's explanation: every indicator, then the advice.
pub fn write_explanation_table(
    line: &ScoreLine,
    report: &ScoreReport,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut fit = Fit::new(out);
    let out: &mut dyn Write = &mut fit;
    let zh = lang == Lang::Zh;
    let change = line.change.map_or_else(String::new, |c| {
        let signed = if c > 0.0 {
            format!("+{}", number(c))
        } else {
            number(c)
        };
        if zh {
            format!("，较上年 {signed}")
        } else {
            format!(", {signed} on the year before")
        }
    });
    if zh {
        writeln!(
            out,
            "{}（{}）· {} 年 · 得分 {} · {} 档 · 第 {} / {} 名{change}",
            line.label,
            report.model_label,
            report.year,
            number(line.score),
            line.grade,
            line.rank,
            report.lines.len()
        )?;
    } else {
        writeln!(
            out,
            "{} ({}) · {} · score {} · grade {} · rank {} of {}{change}",
            line.label,
            report.model_label,
            report.year,
            number(line.score),
            line.grade,
            line.rank,
            report.lines.len()
        )?;
    }
    let mut table = fitted_table(explanation_header(lang).to_vec());
    for part in &line.parts {
        let missing = if zh { "缺失" } else { "missing" };
        table.add_row(vec![
            part.category.clone(),
            part.label.clone(),
            part.raw.map_or_else(|| missing.to_owned(), number),
            part.unit.clone(),
            part.normalised.map_or_else(|| "—".to_owned(), number),
            number(part.share),
            number(part.points),
        ]);
    }
    align_right(&mut table, &[2, 4, 5, 6]);
    people::write(out, table)?;
    match (&line.advice, &line.next_grade) {
        (Some(advice), _) => writeln!(
            out,
            "{}{advice}",
            if zh {
                "提升建议："
            } else {
                "To improve: "
            }
        ),
        (None, None) => writeln!(
            out,
            "{}",
            if zh {
                "已在最高档。"
            } else {
                "Already in the top grade."
            }
        ),
        (None, Some(grade)) => writeln!(
            out,
            "{}",
            if zh {
                format!("单项指标的改进不足以进入 {grade} 档，需多项同时提升。")
            } else {
                format!(
                    "No single indicator can lift it to grade {grade}; several must improve together."
                )
            }
        ),
    }
}

/// The ranking as a sheet, the first `top` lines (all when `None`): one row per entity with its rank,
/// id, label, score, grade and change, then each indicator's raw value and points (headers carry
/// the unit), the missing indicators and the advice.
pub fn ranking_sheet(report: &ScoreReport, top: Option<usize>, lang: Lang) -> Sheet {
    let zh = lang == Lang::Zh;
    let mut header: Vec<String> = if zh {
        ["排名", "编号", "名称", "得分", "格次", "较上年"]
    } else {
        ["rank", "id", "name", "score", "grade", "change"]
    }
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let parts = report.lines.first().map_or(&[][..], |l| &l.parts[..]);
    for part in parts {
        let unit = if part.unit.is_empty() {
            String::new()
        } else if zh {
            format!("（{}）", part.unit)
        } else {
            format!(" ({})", part.unit)
        };
        header.push(format!("{}{unit}", part.label));
        header.push(if zh {
            format!("{}得分", part.label)
        } else {
            format!("{} points", part.label)
        });
    }
    header.extend(
        (if zh {
            ["缺失指标", "提升建议"]
        } else {
            ["missing", "advice"]
        })
        .iter()
        .map(|s| (*s).to_owned()),
    );
    let mut sheet = Sheet::new(if zh { "评分排名" } else { "ranking" }, header);
    let separator = if zh { "、" } else { ", " };
    for line in report.lines.iter().take(top.unwrap_or(usize::MAX)) {
        let mut row = vec![
            Cell::Integer(line.rank as i64),
            Cell::text(&line.id),
            Cell::text(&line.label),
            Cell::Number(line.score, 2),
            Cell::text(&line.grade),
            Cell::number(line.change, 2),
        ];
        for part in &line.parts {
            row.push(Cell::number(part.raw, if part.whole { 0 } else { 2 }));
            row.push(Cell::Number(part.points, 2));
        }
        row.push(Cell::text(line.missing.join(separator)));
        row.push(Cell::text(line.advice.as_deref().unwrap_or("")));
        sheet.rows.push(row);
    }
    sheet
}

/// The model's indicators as a sheet: each one's category, unit, weight and the points it can give.
pub fn model_sheet(report: &ScoreReport, lang: Lang) -> Sheet {
    let zh = lang == Lang::Zh;
    let header = if zh {
        ["类别", "指标", "单位", "权重", "分值上限"]
    } else {
        ["category", "indicator", "unit", "weight", "points at most"]
    };
    let mut sheet = Sheet::new(
        if zh { "指标" } else { "indicators" },
        header.iter().map(|s| (*s).to_owned()).collect(),
    );
    if let Some(line) = report.lines.first() {
        for part in &line.parts {
            sheet.rows.push(vec![
                Cell::text(&part.category),
                Cell::text(&part.label),
                Cell::text(&part.unit),
                Cell::Number(part.weight, 2),
                Cell::Number(part.share, 2),
            ]);
        }
    }
    sheet
}

/// The grade bands as a sheet: each grade and the lowest score that reaches it.
pub fn bands_sheet(report: &ScoreReport, lang: Lang) -> Sheet {
    let zh = lang == Lang::Zh;
    let header = if zh {
        ["格次", "最低得分"]
    } else {
        ["grade", "lowest score"]
    };
    let mut sheet = Sheet::new(
        if zh { "格次" } else { "grades" },
        header.iter().map(|s| (*s).to_owned()).collect(),
    );
    for band in &report.bands {
        sheet.rows.push(vec![
            Cell::text(&band.grade),
            Cell::Number(band.min_score, 2),
        ]);
    }
    sheet
}

/// The columns of an explanation, in the table and in the sheet.
fn explanation_header(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Zh => [
            "类别",
            "指标",
            "原始值",
            "单位",
            "标准化",
            "分值上限",
            "得分",
        ],
        Lang::En => [
            "category",
            "indicator",
            "value",
            "unit",
            "normalised",
            "of",
            "points",
        ],
    }
}

/// One entity's explanation as a sheet: one row per indicator with its category, label, raw value,
/// unit, normalised value, the points it can give and the points given.
pub fn explanation_sheet(line: &ScoreLine, lang: Lang) -> Sheet {
    let header = explanation_header(lang);
    let name: String = line.label.chars().take(31).collect();
    let mut sheet = Sheet::new(name, header.iter().map(|s| (*s).to_owned()).collect());
    for part in &line.parts {
        sheet.rows.push(vec![
            Cell::text(&part.category),
            Cell::text(&part.label),
            Cell::number(part.raw, if part.whole { 0 } else { 2 }),
            Cell::text(&part.unit),
            Cell::number(part.normalised, 2),
            Cell::Number(part.share, 2),
            Cell::Number(part.points, 2),
        ]);
    }
    sheet
}

/// The ranking as CSV for spreadsheets (see [`ranking_sheet`]): a UTF-8 byte-order mark so that
/// Excel reads the Chinese; text that a spreadsheet would read as a formula is neutralised.
pub fn write_ranking_csv(
    report: &ScoreReport,
    top: Option<usize>,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_csv(&ranking_sheet(report, top, lang), out)
}

/// One entity's explanation as CSV (see [`explanation_sheet`]).
pub fn write_explanation_csv(
    line: &ScoreLine,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_csv(&explanation_sheet(line, lang), out)
}

/// The ranking as an XLSX workbook: the ranking, the model's indicators, the grade bands.
pub fn write_ranking_xlsx(
    report: &ScoreReport,
    top: Option<usize>,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let title = format!("{} · {}", report.model_label, report.year);
    write_xlsx(
        &[
            ranking_sheet(report, top, lang),
            model_sheet(report, lang),
            bands_sheet(report, lang),
        ],
        &title,
        report.year,
        out,
    )
}

/// One entity's explanation as an XLSX workbook: its indicators, then the grade bands.
pub fn write_explanation_xlsx(
    line: &ScoreLine,
    report: &ScoreReport,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let title = format!("{} · {} · {}", line.label, report.model_label, report.year);
    write_xlsx(
        &[explanation_sheet(line, lang), bands_sheet(report, lang)],
        &title,
        report.year,
        out,
    )
}
