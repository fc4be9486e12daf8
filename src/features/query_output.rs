//! Writing query answers: aligned tables with labels for people, the W3C SPARQL results formats
//! (JSON, XML, CSV, TSV) for machines, and RDF syntaxes for CONSTRUCT/DESCRIBE.

use crate::base::Lang;
use crate::base::error::Error;
use crate::base::vocab;
use crate::store::{QueryAnswer, Solutions, Store};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use std::collections::HashMap;
use std::io::Write;

/// The output formats of `query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Json,
    Xml,
    Csv,
    Tsv,
    Turtle,
    NTriples,
    RdfXml,
    JsonLd,
    /// A workbook for people (headings, labels, units as cell formats).
    Xlsx,
}

impl OutputFormat {
    pub fn parse(name: &str) -> Result<Self, Error> {
        Ok(match name {
            "table" => OutputFormat::Table,
            "json" => OutputFormat::Json,
            "xml" => OutputFormat::Xml,
            "csv" => OutputFormat::Csv,
            "tsv" => OutputFormat::Tsv,
            "turtle" | "ttl" => OutputFormat::Turtle,
            "ntriples" | "nt" => OutputFormat::NTriples,
            "rdfxml" => OutputFormat::RdfXml,
            "jsonld" => OutputFormat::JsonLd,
            "xlsx" => OutputFormat::Xlsx,
            other => {
                return Err(Error::Usage(format!(
                    "unknown format '{other}': use table, json, xml, csv, tsv or xlsx for SELECT/ASK and turtle, ntriples, rdfxml or jsonld for CONSTRUCT/DESCRIBE"
                )));
            }
        })
    }

    fn is_rdf(self) -> bool {
        matches!(
            self,
            OutputFormat::Turtle
                | OutputFormat::NTriples
                | OutputFormat::RdfXml
                | OutputFormat::JsonLd
        )
    }
}

/// How answers are written.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// `None`: table for SELECT/ASK, Turtle for graphs.
    pub format: Option<OutputFormat>,
    pub lang: Lang,
    /// Start CSV with a UTF-8 byte order mark so that Excel shows Chinese correctly.
    pub csv_bom: bool,
    /// The query's header: Chinese headings (`columns-zh`, used in Chinese when there is one per
    /// column) and units, for people's formats (table, xlsx, CSV with `labels`).
    pub header: crate::base::queries::QueryHeader,
    /// CSV for people: headings and labels instead of variable names and IRIs, units applied.
    pub labels: bool,
    /// The workbook's title and creation year (people's formats).
    pub title: String,
    pub year: i64,
}

/// Writes `answer` to `out`.
pub fn write_answer(
    store: &Store,
    answer: &QueryAnswer,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Storage {
        message: format!("cannot write the output: {e}"),
    };
    match answer {
        QueryAnswer::Graph(triples) => {
            let format = match options.format.unwrap_or(OutputFormat::Turtle) {
                OutputFormat::Turtle => RdfFormat::Turtle,
                OutputFormat::NTriples => RdfFormat::NTriples,
                OutputFormat::RdfXml => RdfFormat::RdfXml,
                OutputFormat::JsonLd => RdfFormat::JsonLd {
                    profile: oxigraph::io::JsonLdProfileSet::empty(),
                },
                other => {
                    return Err(Error::Usage(format!(
                        "--format {} is for SELECT and ASK; a CONSTRUCT or DESCRIBE answer is written as turtle, ntriples, rdfxml or jsonld",
                        format_name(other)
                    )));
                }
            };
            let mut serializer = RdfSerializer::from_format(format);
            if format != RdfFormat::NTriples {
                for (prefix, iri) in vocab::PREFIXES {
                    serializer =
                        serializer
                            .with_prefix(*prefix, *iri)
                            .map_err(|e| Error::Storage {
                                message: format!("invalid prefix {prefix}: {e}"),
                            })?;
                }
            }
            let mut writer = serializer.for_writer(out);
            for triple in triples {
                writer.serialize_triple(triple).map_err(io)?;
            }
            writer.finish().map_err(io)?;
        }
        QueryAnswer::Boolean(value) => match options.format.unwrap_or(OutputFormat::Table) {
            OutputFormat::Table => writeln!(out, "{}", yes_no(*value, options.lang)).map_err(io)?,
            OutputFormat::Xlsx => {
                return Err(Error::Usage(
                    "an ASK answer is one yes or no: write it as table, json, xml, csv or tsv, not xlsx".into(),
                ));
            }
            format if format.is_rdf() => return Err(rdf_for_solutions(format)),
            format => {
                if format == OutputFormat::Csv && options.csv_bom {
                    out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
                }
                QueryResultsSerializer::from_format(results_format(format))
                    .serialize_boolean_to_writer(out, *value)
                    .map_err(io)?;
            }
        },
        QueryAnswer::Solutions(solutions) => match options.format.unwrap_or(OutputFormat::Table) {
            OutputFormat::Table => {
                let sheet = people_sheet(store, solutions, options)?;
                write_table(&sheet, options.lang, out).map_err(io)?;
            }
            OutputFormat::Xlsx => {
                let sheet = people_sheet(store, solutions, options)?;
                crate::features::spreadsheet::write_xlsx(
                    std::slice::from_ref(&sheet),
                    &options.title,
                    options.year,
                    out,
                )?;
            }
            OutputFormat::Csv if options.labels => {
                let sheet = people_sheet(store, solutions, options)?;
                crate::features::spreadsheet::write_csv(&sheet, out).map_err(io)?;
            }
            format if format.is_rdf() => return Err(rdf_for_solutions(format)),
            format => {
                if format == OutputFormat::Csv && options.csv_bom {
                    out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
                }
                let variables = solutions
                    .variables
                    .iter()
                    .map(|v| Variable::new_unchecked(v.clone()))
                    .collect::<Vec<_>>();
                // CSV with the byte order mark is for Excel: a cell that Excel would run as a
                // formula is written as text instead (see `neutralise_formula`).
                let for_excel = format == OutputFormat::Csv && options.csv_bom;
                let mut writer = QueryResultsSerializer::from_format(results_format(format))
                    .serialize_solutions_to_writer(out, variables.clone())
                    .map_err(io)?;
                for row in &solutions.rows {
                    let cells: Vec<Option<Term>> = if for_excel {
                        row.iter()
                            .map(|t| t.as_ref().map(neutralise_formula))
                            .collect()
                    } else {
                        row.clone()
                    };
                    writer
                        .serialize(
                            variables
                                .iter()
                                .zip(&cells)
                                .filter_map(|(v, t)| t.as_ref().map(|t| (v.as_ref(), t.as_ref()))),
                        )
                        .map_err(io)?;
                }
                writer.finish().map_err(io)?;
            }
        },
    }
    Ok(())
}

/// A literal that Excel would read as a formula — text beginning with `=`, `+`, `-` or `@`, or with
/// a tab or carriage return, that is not simply a number — gets a leading apostrophe, which Excel
/// shows as text and does not display (OWASP's advice on CSV injection). Numbers such as `-3.5`,
/// IRIs and blank nodes are left as they are. Only people's CSV does this; `--no-bom` writes the
/// W3C format untouched.
pub fn neutralise_formula(term: &Term) -> Term {
    let Term::Literal(literal) = term else {
        return term.clone();
    };
    let value = literal.value();
    if !starts_like_a_formula(value) {
        return term.clone();
    }
    let text = format!("'{value}");
    Term::Literal(match literal.language() {
        Some(language) => oxigraph::model::Literal::new_language_tagged_literal_unchecked(
            text,
            language.to_owned(),
        ),
        None => oxigraph::model::Literal::new_simple_literal(text),
    })
}

/// Whether a cell's text would start a formula in a spreadsheet.
pub fn starts_like_a_formula(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    match first {
        '=' | '@' | '\t' | '\r' => true,
        '+' | '-' => value.trim().parse::<f64>().is_err(),
        _ => false,
    }
}

fn rdf_for_solutions(format: OutputFormat) -> Error {
    Error::Usage(format!(
        "--format {} is for CONSTRUCT and DESCRIBE; write SELECT or ASK answers as table, json, xml, csv or tsv",
        format_name(format)
    ))
}

fn format_name(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Table => "table",
        OutputFormat::Json => "json",
        OutputFormat::Xml => "xml",
        OutputFormat::Csv => "csv",
        OutputFormat::Tsv => "tsv",
        OutputFormat::Turtle => "turtle",
        OutputFormat::NTriples => "ntriples",
        OutputFormat::RdfXml => "rdfxml",
        OutputFormat::JsonLd => "jsonld",
        OutputFormat::Xlsx => "xlsx",
    }
}

fn results_format(format: OutputFormat) -> QueryResultsFormat {
    match format {
        OutputFormat::Xml => QueryResultsFormat::Xml,
        OutputFormat::Csv => QueryResultsFormat::Csv,
        OutputFormat::Tsv => QueryResultsFormat::Tsv,
        _ => QueryResultsFormat::Json,
    }
}

/// The display label, in `lang`, of every IRI that occurs in `solutions`.
pub fn labels_for(
    store: &Store,
    solutions: &Solutions,
    lang: Lang,
) -> Result<HashMap<String, String>, Error> {
    let mut iris: Vec<&str> = solutions
        .rows
        .iter()
        .flatten()
        .filter_map(|t| match t {
            Some(Term::NamedNode(n)) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    iris.sort_unstable();
    iris.dedup();
    let mut labels = HashMap::new();
    // The IRIs come from the store's own answer; they are written as IRI terms, not user text.
    for chunk in iris.chunks(500) {
        let values = chunk
            .iter()
            .map(|i| format!("<{i}>"))
            .collect::<Vec<_>>()
            .join(" ");
        let query = format!(
            "SELECT ?s (MIN(?l) AS ?label) WHERE {{ VALUES ?s {{ {values} }} \
             ?s rdfs:label|skos:prefLabel ?l FILTER(langMatches(lang(?l), '{}')) }} GROUP BY ?s",
            lang.tag()
        );
        for row in store.select(&query)?.rows {
            if let (Some(Term::NamedNode(s)), Some(Term::Literal(l))) = (&row[0], &row[1]) {
                labels.insert(s.as_str().to_owned(), l.value().to_owned());
            }
        }
    }
    Ok(labels)
}

/// A term as a person reads it: the label of an IRI, the value of a literal.
pub fn display_term(term: &Term, labels: &HashMap<String, String>) -> String {
    match term {
        Term::NamedNode(node) => labels
            .get(node.as_str())
            .cloned()
            .unwrap_or_else(|| vocab::short_form(node.as_str())),
        Term::BlankNode(node) => format!("_:{}", node.as_str()),
        Term::Literal(literal) => display_literal(literal),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

fn display_literal(literal: &oxigraph::model::Literal) -> String {
    let value = literal.value();
    let datatype = literal.datatype().as_str();
    let is = |local: &str| datatype.strip_prefix(vocab::XSD) == Some(local);
    // Decimals and doubles that SPARQL arithmetic produces are rounded to 4 places for people.
    if is("double") || is("float") || is("decimal") {
        if let Ok(number) = value.parse::<f64>() {
            if value.contains('.') || value.contains('E') || value.contains('e') {
                let rounded = format!("{number:.4}");
                let trimmed = rounded.trim_end_matches('0').trim_end_matches('.');
                return trimmed.to_owned();
            }
        }
    }
    value.to_owned()
}

/// What a column holds, from its variable's name, for showing codes as labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// `kind` or `…_kind`: kind names (`firm`, `university`, …).
    Kind,
    /// `country` or `…_country`: ISO 3166 codes.
    Country,
    Other,
}

impl ColumnKind {
    pub fn of(variable: &str) -> ColumnKind {
        if variable == "kind" || variable.ends_with("_kind") {
            ColumnKind::Kind
        } else if variable == "country" || variable.ends_with("_country") {
            ColumnKind::Country
        } else {
            ColumnKind::Other
        }
    }
}

/// A cell as people read it in `lang`: IRIs as labels, kind names and country codes as labels,
/// booleans as 是/否 (yes/no), numbers rounded.
pub fn people_cell(
    term: &Term,
    column: ColumnKind,
    labels: &HashMap<String, String>,
    lang: Lang,
) -> String {
    if let Term::Literal(literal) = term {
        let value = literal.value();
        match column {
            ColumnKind::Kind => {
                if let Ok(kind) = value.parse::<crate::base::kind::Kind>() {
                    return kind.label(lang).to_owned();
                }
            }
            ColumnKind::Country => {
                if value.len() == 2 && value.chars().all(|c| c.is_ascii_uppercase()) {
                    return crate::analytics::country_label(value, lang);
                }
            }
            ColumnKind::Other => {}
        }
        if literal.datatype().as_str() == format!("{}boolean", vocab::XSD) {
            return yes_no(matches!(value, "true" | "1"), lang).to_owned();
        }
    }
    display_term(term, labels)
}

/// 是/否 or yes/no.
pub fn yes_no(value: bool, lang: Lang) -> &'static str {
    match (value, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// A SELECT answer as a sheet for people: headings from the header (`columns-zh` in Chinese) with
/// their units, IRIs as labels, kinds, countries and booleans as labels, numbers as typed cells with
/// the header's units (percentages, decimal places). One definition for the table, XLSX and
/// people's CSV.
pub fn people_sheet(
    store: &Store,
    solutions: &Solutions,
    options: &RenderOptions,
) -> Result<crate::features::spreadsheet::Sheet, Error> {
    use crate::base::queries::Unit;
    use crate::features::spreadsheet::{Cell, Sheet};
    let labels = labels_for(store, solutions, options.lang)?;
    let header = &options.header;
    let headings: Vec<String> = solutions
        .variables
        .iter()
        .enumerate()
        .map(|(i, variable)| {
            let base = match options.lang {
                Lang::Zh if header.columns_zh.len() == solutions.variables.len() => {
                    header.columns_zh[i].clone()
                }
                _ => variable.clone(),
            };
            match header.unit(variable) {
                Some(unit) => unit.heading(&base, options.lang),
                None => base,
            }
        })
        .collect();
    let name = if options.title.is_empty() {
        "results"
    } else {
        options.title.as_str()
    };
    let mut sheet = Sheet::new(sheet_name(name), headings);
    let columns: Vec<(ColumnKind, Option<&Unit>)> = solutions
        .variables
        .iter()
        .map(|v| (ColumnKind::of(v), header.unit(v)))
        .collect();
    for row in &solutions.rows {
        sheet.rows.push(
            row.iter()
                .zip(&columns)
                .map(|(term, (column, unit))| match term {
                    None => Cell::Empty,
                    Some(term) => match number_of(term) {
                        Some((value, integer)) if *column == ColumnKind::Other => match unit {
                            Some(Unit::Percent { places }) => Cell::Percent(value, *places),
                            Some(unit) => Cell::Number(value, unit.places()),
                            None if integer => Cell::Integer(value as i64),
                            None => Cell::Number(value, 2),
                        },
                        _ => Cell::Text(people_cell(term, *column, &labels, options.lang)),
                    },
                })
                .collect(),
        );
    }
    Ok(sheet)
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
pub fn sheet_name(title: &str) -> String {
    title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '·' } else { c })
        .take(31)
        .collect()
}

/// The value of a numeric literal, and whether it is an integer.
fn number_of(term: &Term) -> Option<(f64, bool)> {
    let Term::Literal(literal) = term else {
        return None;
    };
    let local = literal.datatype().as_str().strip_prefix(vocab::XSD)?;
    let integer = matches!(
        local,
        "integer"
            | "int"
            | "long"
            | "short"
            | "byte"
            | "nonNegativeInteger"
            | "positiveInteger"
            | "unsignedInt"
            | "unsignedLong"
    );
    if !integer && !matches!(local, "decimal" | "double" | "float") {
        return None;
    }
    let value = literal.value().trim().parse::<f64>().ok()?;
    value.is_finite().then_some((value, integer))
}

fn write_table(
    sheet: &crate::features::spreadsheet::Sheet,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut fit = crate::features::table::Fit::new(out);
    let out: &mut dyn Write = &mut fit;
    let mut table = crate::features::table::new(sheet.header.iter().map(String::as_str).collect());
    for row in &sheet.rows {
        table.add_row(row.iter().map(crate::features::spreadsheet::Cell::display));
    }
    crate::features::table::write(out, table)?;
    let count = sheet.rows.len();
    match lang {
        Lang::Zh => writeln!(out, "共 {count} 行"),
        Lang::En => writeln!(out, "{count} row{}", if count == 1 { "" } else { "s" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    fn text(term: &Term) -> String {
        match term {
            Term::Literal(literal) => literal.value().to_owned(),
            other => other.to_string(),
        }
    }

    #[test]
    fn csv_for_excel_neutralises_formula_cells() {
        for (cell, expected) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("-3.5", "-3.5"),
            ("+7", "+7"),
            ("沙钢", "沙钢"),
            ("", ""),
        ] {
            let term = Term::Literal(Literal::new_simple_literal(cell));
            assert_eq!(text(&neutralise_formula(&term)), expected, "cell {cell:?}");
        }
        let tagged = Term::Literal(Literal::new_language_tagged_literal_unchecked("=1", "zh"));
        let Term::Literal(out) = neutralise_formula(&tagged) else {
            panic!("a literal stays a literal")
        };
        assert_eq!((out.value(), out.language()), ("'=1", Some("zh")));
        let iri = Term::NamedNode(NamedNode::new_unchecked("https://example.org/=x"));
        assert_eq!(neutralise_formula(&iri), iri);
    }
}
