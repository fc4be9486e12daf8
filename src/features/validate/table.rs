//! The validation report as a table for people: one line per violation and a summary line.

use super::report::{Severity, ValidationReport, Violation, local_name};
use crate::base::Lang;
use crate::base::vocab;
use oxigraph::model::Term;
use std::collections::HashSet;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Writes the report as one line per violation (severity, entity, shape/path, what is wrong) and a
/// summary line, in `lang`.
pub fn write_validation_report(
    report: &ValidationReport,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let rows: Vec<[String; 4]> = report
        .violations
        .iter()
        .map(|v| {
            let entity = entity_text(v, lang);
            let place = match &v.path {
                Some(path) => format!("{}/{path}", local_name(&v.shape)),
                None => local_name(&v.shape).to_owned(),
            };
            let mut what = v.message.get(lang).to_owned();
            // A node shape's value is the focus node itself, already named in the entity column.
            if let Some(value) = v.value.as_deref().filter(|_| v.path.is_some()) {
                let value = value_text(value);
                match lang {
                    Lang::Zh => what.push_str(&format!("（值：{value}）")),
                    Lang::En => what.push_str(&format!(" (value: {value})")),
                }
            }
            [v.severity.label(lang).to_owned(), entity, place, what]
        })
        .collect();
    let mut widths = [0usize; 3];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row.iter()) {
            *width = (*width).max(cell.width());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (width, cell) in widths.iter().zip(row.iter()) {
            line.push_str(cell);
            line.push_str(&" ".repeat(width - cell.width() + 2));
        }
        line.push_str(&row[3]);
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{}", summary(report, lang))
}

fn summary(report: &ValidationReport, lang: Lang) -> String {
    let shapes = report.shapes;
    if report.conforms() {
        return match lang {
            Lang::Zh => format!("符合：已按 {shapes} 个形状检查，未发现问题"),
            Lang::En => format!("conforms: checked against {shapes} shapes, no problems found"),
        };
    }
    let total = report.violations.len();
    let entities = report
        .violations
        .iter()
        .map(|v| v.focus.as_str())
        .collect::<HashSet<_>>()
        .len();
    let (violations, warnings, infos) = (
        report.count(Severity::Violation),
        report.count(Severity::Warning),
        report.count(Severity::Info),
    );
    match lang {
        Lang::Zh => format!(
            "不符合：{total} 个问题（{violations} 个违规，{warnings} 个警告，{infos} 个提示），涉及 {entities} 个实体；已检查 {shapes} 个形状"
        ),
        Lang::En => format!(
            "does not conform: {total} problems ({violations} violations, {warnings} warnings, {infos} info) on {entities} entities; {shapes} shapes checked"
        ),
    }
}

/// `id (label)`, the id falling back to the short form of the focus node, the label to the other
/// language.
fn entity_text(v: &Violation, lang: Lang) -> String {
    let id = v.id.clone().unwrap_or_else(|| vocab::short_form(&v.focus));
    let label = match lang {
        Lang::Zh => v.label.zh.as_ref().or(v.label.en.as_ref()),
        Lang::En => v.label.en.as_ref().or(v.label.zh.as_ref()),
    };
    match label {
        Some(label) => format!("{id} ({label})"),
        None => id,
    }
}

/// A value in N-Triples syntax, shortened for people: ids and prefixed names for IRIs, the text (with
/// its language tag) for literals.
fn value_text(value: &str) -> String {
    match value.parse::<Term>() {
        Ok(Term::NamedNode(n)) => vocab::short_form(n.as_str()),
        Ok(Term::Literal(l)) => match l.language() {
            Some(tag) => format!("\"{}\"@{tag}", l.value()),
            None => l.value().to_owned(),
        },
        _ => value.to_owned(),
    }
}
