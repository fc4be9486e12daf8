//! Canned SPARQL queries: the embedded library from `queries/*.rq`, their headers (titles, purpose,
//! typed parameters, columns), and the binding of `--param name=value` to RDF terms.

use crate::base::error::Error;
use crate::base::kind::KindFilter;
use crate::base::names::Resolve;
use crate::base::vocab;
use oxigraph::model::{Literal, NamedNode, Term};

/// A query from the library, embedded in the binary.
#[derive(Debug, Clone)]
pub struct CannedQuery {
    pub name: &'static str,
    pub text: &'static str,
}

macro_rules! canned {
    ($($name:literal),* $(,)?) => {
        &[$(CannedQuery { name: $name, text: include_str!(concat!("../../queries/", $name, ".rq")) }),*]
    };
}

/// Every canned query, by name (the file name without `.rq`). A test checks that every file in
/// `queries/` is listed here.
pub const LIBRARY: &[CannedQuery] = canned![
    "chain-directions",
    "chain-matrix",
    "chain-overview",
    "chain-resources",
    "collaboration-trend",
    "consortia",
    "direction-gaps",
    "firm-collaborators",
    "firm-ladder",
    "fund-investments",
    "hte-candidates",
    "international-partners",
    "kind-counts",
    "pool-no-cooperation",
    "pool-no-patents",
    "pool-no-rd",
    "resource-load",
    "score-grade-dropped",
    "score-grades-by-chain",
    "score-pools-grade",
    "single-holder-capabilities",
    "talents-by-category",
    "tier-counts",
];

/// Looks a canned query up by name.
pub fn find(name: &str) -> Option<&'static CannedQuery> {
    LIBRARY.iter().find(|q| q.name == name)
}

/// Names close to `name`, for "did you mean".
pub fn suggest(name: &str) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = LIBRARY
        .iter()
        .map(|q| (strsim::jaro_winkler(name, q.name), q.name))
        .filter(|(score, q)| *score >= 0.8 || q.contains(name))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, n)| n.to_owned())
        .collect()
}

/// The header comment of a query file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryHeader {
    pub title_zh: String,
    pub title_en: String,
    pub purpose: String,
    pub params: Vec<ParamSpec>,
    pub columns: Vec<String>,
    /// Chinese column headings for tables, in the order of `columns`.
    pub columns_zh: Vec<String>,
    /// How numeric columns are shown to people (`# units: column=unit[:places], …`).
    pub units: Vec<(String, Unit)>,
}

impl QueryHeader {
    /// The unit declared for `column`, if any.
    pub fn unit(&self, column: &str) -> Option<&Unit> {
        self.units.iter().find(|(c, _)| c == column).map(|(_, u)| u)
    }
}

/// How a numeric column reads for people, declared in a query header's `units:` line as
/// `column=percent[:places]` (a ratio shown as a percentage, 0.051 → 5.1%), `column=number[:places]`
/// (a plain number with that many decimals), or `column=LABEL[:places]` (a quantity in a unit such
/// as 万元, 人 or 项, named in the column's heading). Places default to 1 (0 for `integer`).
/// Machine formats (JSON, W3C CSV/TSV) are unaffected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    Percent { places: u8 },
    Number { places: u8 },
    Quantity { unit: String, places: u8 },
}

impl Unit {
    fn parse(text: &str) -> Result<Unit, String> {
        let (name, places) = match text.split_once(':') {
            Some((name, places)) => (
                name.trim(),
                Some(
                    places
                        .trim()
                        .parse::<u8>()
                        .ok()
                        .filter(|p| *p <= 6)
                        .ok_or_else(|| {
                            format!("'{places}' is not a number of decimal places (0–6)")
                        })?,
                ),
            ),
            None => (text.trim(), None),
        };
        Ok(match name {
            "" => return Err("a unit is missing after '='".into()),
            "percent" => Unit::Percent {
                places: places.unwrap_or(1),
            },
            "number" => Unit::Number {
                places: places.unwrap_or(1),
            },
            "integer" => Unit::Number {
                places: places.unwrap_or(0),
            },
            other => Unit::Quantity {
                unit: other.to_owned(),
                places: places.unwrap_or(1),
            },
        })
    }

    /// Decimal places shown.
    pub fn places(&self) -> u8 {
        match self {
            Unit::Percent { places } | Unit::Number { places } | Unit::Quantity { places, .. } => {
                *places
            }
        }
    }

    /// The heading with the unit in `lang`: `三年营收（万元）`, `revenue_3y (10k CNY)`; `研发强度（%）`.
    pub fn heading(&self, heading: &str, lang: crate::base::Lang) -> String {
        let unit = match self {
            Unit::Percent { .. } => "%".to_owned(),
            Unit::Number { .. } => return heading.to_owned(),
            Unit::Quantity { unit, .. } => match lang {
                crate::base::Lang::Zh => unit.clone(),
                crate::base::Lang::En => unit_in_english(unit).to_owned(),
            },
        };
        match lang {
            crate::base::Lang::Zh => format!("{heading}（{unit}）"),
            crate::base::Lang::En => format!("{heading} ({unit})"),
        }
    }

    /// `value` as people read it: `5.1%`, `8745.0`.
    pub fn show(&self, value: f64) -> String {
        match self {
            Unit::Percent { places } => format!("{:.*}%", *places as usize, value * 100.0 + 0.0),
            Unit::Number { places } | Unit::Quantity { places, .. } => {
                format!("{:.*}", *places as usize, value + 0.0)
            }
        }
    }
}

/// The English name of a Chinese unit.
fn unit_in_english(unit: &str) -> &str {
    match unit {
        "万元" => "10k CNY",
        "元" => "CNY",
        "亿元" => "100M CNY",
        "人" => "people",
        "项" => "items",
        "家" => "organisations",
        "个" => "count",
        "年" => "years",
        other => other,
    }
}

/// A declared parameter: `# param: NAME TYPE [optional] -- description`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamSpec {
    pub name: String,
    pub ty: ParamType,
    pub optional: bool,
    pub description: String,
}

/// The type of a parameter value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// An entity, optionally of a kind or group; given as id, IRI or label.
    Entity(Option<KindFilter>),
    Integer,
    Decimal,
    String,
    Boolean,
    /// An ISO 3166-1 alpha-2 code, bound as a plain string literal.
    Country,
}

impl ParamType {
    fn parse(text: &str) -> Result<Self, String> {
        Ok(match text {
            "entity" => ParamType::Entity(None),
            "xsd:integer" => ParamType::Integer,
            "xsd:decimal" => ParamType::Decimal,
            "xsd:string" => ParamType::String,
            "xsd:boolean" => ParamType::Boolean,
            "country" => ParamType::Country,
            other => match other.strip_prefix("entity:") {
                Some(kind) => ParamType::Entity(Some(kind.parse().map_err(|e| format!("{e}"))?)),
                None => {
                    return Err(format!(
                        "unknown parameter type '{other}' (use entity, entity:KIND, xsd:integer, xsd:decimal, xsd:string, xsd:boolean or country)"
                    ));
                }
            },
        })
    }

    /// How the type is written in headers and listings.
    pub fn describe(self) -> String {
        match self {
            ParamType::Entity(None) => "entity".into(),
            ParamType::Entity(Some(filter)) => format!("entity:{}", filter_name(filter)),
            ParamType::Integer => "xsd:integer".into(),
            ParamType::Decimal => "xsd:decimal".into(),
            ParamType::String => "xsd:string".into(),
            ParamType::Boolean => "xsd:boolean".into(),
            ParamType::Country => "country".into(),
        }
    }
}

fn filter_name(filter: KindFilter) -> &'static str {
    match filter {
        KindFilter::Kind(kind) => kind.as_str(),
        KindFilter::Lab => "lab",
        KindFilter::Institute => "institute",
        KindFilter::Resource => "resource",
    }
}

/// Reads the `#` comment lines at the top of a query. `source` names the query in errors.
pub fn parse_header(text: &str, source: &str) -> Result<QueryHeader, Error> {
    let mut header = QueryHeader::default();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        let Some(comment) = line.strip_prefix('#') else {
            if line.is_empty() {
                continue;
            }
            break;
        };
        let Some((key, value)) = comment.split_once(':') else {
            continue;
        };
        let value = value.trim();
        let bad = |message: String| Error::Input {
            message: format!("{source}:{}: {message}", number + 1),
        };
        match key.trim() {
            "title-zh" => header.title_zh = value.to_owned(),
            "title-en" => header.title_en = value.to_owned(),
            "purpose" => header.purpose = value.to_owned(),
            "columns" => {
                header.columns = value.split(',').map(|c| c.trim().to_owned()).collect();
            }
            "columns-zh" => {
                header.columns_zh = value.split(',').map(|c| c.trim().to_owned()).collect();
            }
            "units" => {
                for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                    let Some((column, unit)) = item.split_once('=') else {
                        return Err(bad(format!(
                            "'{item}' in the units line should read column=unit, such as rd_intensity=percent or revenue_3y=万元"
                        )));
                    };
                    let unit = Unit::parse(unit)
                        .map_err(|e| bad(format!("units, column {}: {e}", column.trim())))?;
                    header.units.push((column.trim().to_owned(), unit));
                }
            }
            "param" => {
                let (spec, description) = value.split_once("--").unwrap_or((value, ""));
                let mut words = spec.split_whitespace();
                let (Some(name), Some(ty)) = (words.next(), words.next()) else {
                    return Err(bad(
                        "a param line reads `# param: NAME TYPE [optional] -- description`".into(),
                    ));
                };
                let optional = match words.next() {
                    None => false,
                    Some("optional") => true,
                    Some(other) => return Err(bad(format!("unexpected '{other}' in param line"))),
                };
                header.params.push(ParamSpec {
                    name: name.trim_start_matches('?').to_owned(),
                    ty: ParamType::parse(ty).map_err(bad)?,
                    optional,
                    description: description.trim().to_owned(),
                });
            }
            _ => {}
        }
    }
    if !header.columns.is_empty() {
        if let Some((column, _)) = header
            .units
            .iter()
            .find(|(c, _)| !header.columns.iter().any(|k| k == c))
        {
            return Err(Error::Input {
                message: format!(
                    "{source}: the units line names column '{column}', which is not among the columns ({}); name a column of the columns line",
                    header.columns.join(", ")
                ),
            });
        }
    }
    Ok(header)
}

/// Binds `name=value` arguments to terms, checking them against the declared parameters. An ad-hoc
/// query that declares none may take any parameter, resolved as an entity; a canned query (`strict`)
/// takes only what it declares. Every required parameter must be given.
pub fn bind_params(
    header: &QueryHeader,
    args: &[(String, String)],
    index: &dyn Resolve,
    source: &str,
    strict: bool,
) -> Result<Vec<(String, Term)>, Error> {
    let mut bindings = Vec::new();
    for (name, value) in args {
        let spec = header.params.iter().find(|p| &p.name == name);
        if spec.is_none() && (strict || !header.params.is_empty()) {
            if header.params.is_empty() {
                return Err(Error::Usage(format!(
                    "{source} takes no parameter, but '{name}' was given"
                )));
            }
            let known = header
                .params
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(Error::Usage(format!(
                "{source} has no parameter '{name}'; it takes: {known}"
            )));
        }
        if bindings.iter().any(|(n, _): &(String, Term)| n == name) {
            return Err(Error::Usage(format!("parameter '{name}' is given twice")));
        }
        let ty = spec.map_or(ParamType::Entity(None), |s| s.ty);
        bindings.push((name.clone(), bind_value(ty, name, value, index)?));
    }
    for spec in &header.params {
        if !spec.optional && !args.iter().any(|(n, _)| n == &spec.name) {
            return Err(Error::Usage(format!(
                "{source} needs --param {}=VALUE ({}{})",
                spec.name,
                spec.ty.describe(),
                if spec.description.is_empty() {
                    String::new()
                } else {
                    format!(": {}", spec.description)
                }
            )));
        }
    }
    Ok(bindings)
}

fn bind_value(ty: ParamType, name: &str, value: &str, index: &dyn Resolve) -> Result<Term, Error> {
    let invalid = |expected: &str| Error::Input {
        message: format!("parameter {name}: '{value}' is not {expected}"),
    };
    let typed = |datatype: &str| {
        Term::from(Literal::new_typed_literal(
            value.trim(),
            NamedNode::new_unchecked(format!("{}{datatype}", vocab::XSD)),
        ))
    };
    Ok(match ty {
        ParamType::Entity(filter) => {
            let what = match filter {
                Some(f) => format!("{} for parameter {name}", filter_name(f)),
                None => format!("entity for parameter {name}"),
            };
            let entity = index.resolve_entity(value, filter, &what)?;
            Term::NamedNode(NamedNode::new_unchecked(entity.iri))
        }
        ParamType::Integer => {
            value
                .trim()
                .parse::<i64>()
                .map_err(|_| invalid("an integer (xsd:integer)"))?;
            typed("integer")
        }
        ParamType::Decimal => {
            let v = value.trim();
            let ok = !v.is_empty()
                && v.parse::<f64>().is_ok()
                && v.chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+');
            if !ok {
                return Err(invalid("a decimal number (xsd:decimal)"));
            }
            typed("decimal")
        }
        ParamType::Boolean => match value.trim() {
            "true" | "false" => typed("boolean"),
            _ => return Err(invalid("true or false (xsd:boolean)")),
        },
        ParamType::String => Term::from(Literal::new_simple_literal(value)),
        ParamType::Country => {
            let code = value.trim().to_ascii_uppercase();
            if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(invalid(
                    "a two-letter ISO 3166-1 country code such as US or JP",
                ));
            }
            Term::from(Literal::new_simple_literal(code))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_declare_typed_parameters() {
        let text = "# title-zh: 甲\n# title-en: A\n# purpose: p\n\
                    # param: chain entity:chain optional -- the chain\n\
                    # param: year xsd:integer\n# columns: a, b\nSELECT * {}";
        let header = parse_header(text, "t.rq").unwrap();
        assert_eq!(header.title_zh, "甲");
        assert_eq!(header.params.len(), 2);
        assert!(header.params[0].optional);
        assert_eq!(header.params[1].ty, ParamType::Integer);
        assert_eq!(header.columns, ["a", "b"]);
    }

    #[test]
    fn a_bad_parameter_type_names_the_line() {
        let error = parse_header("# param: x entity:labs\nSELECT * {}", "t.rq").unwrap_err();
        assert!(error.to_string().starts_with("t.rq:1: unknown kind 'labs'"));
    }

    #[test]
    fn literal_parameters_are_checked_against_their_type() {
        let index = crate::base::names::EntityIndex::default();
        assert!(bind_value(ParamType::Integer, "year", "2024", &index).is_ok());
        assert!(bind_value(ParamType::Integer, "year", "20x4", &index).is_err());
        assert!(bind_value(ParamType::Country, "country", "us", &index).is_ok());
        assert!(bind_value(ParamType::Country, "country", "USA", &index).is_err());
    }
}
