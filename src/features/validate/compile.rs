//! Compiling shapes into SPARQL: one SELECT per pair of shape and constraint that returns every
//! violating focus node (and value); logical constraints become boolean expressions with `EXISTS`.

use super::report::{Message, Severity};
use super::shapes::{Bound, Constraint, NodeKind, PathExpr, Shape, Target};
use crate::base::error::Error;
use crate::base::vocab;
use oxigraph::model::{Literal, NamedNode, Term};
use std::collections::HashMap;

/// Which column of a check's results holds the offending value.
#[derive(Debug, Clone, Copy)]
pub(super) enum ValueColumn {
    /// `?value`: the value node of a property shape.
    Value,
    /// The focus node itself (constraints of node shapes).
    Focus,
    /// `?lang`: the repeated language tag (`sh:uniqueLang`).
    Lang,
    /// No value (counts, `sh:hasValue` on a path).
    None,
}

/// One compiled constraint: a SELECT that returns `?focus` (and the value) of every violation.
#[derive(Debug, Clone)]
pub(super) struct Check {
    pub(super) shape: String,
    pub(super) path: Option<String>,
    pub(super) component: &'static str,
    pub(super) severity: Severity,
    pub(super) message: Message,
    pub(super) query: String,
    pub(super) value: ValueColumn,
}

pub(super) struct Compiler<'a> {
    /// Class IRI (N-Triples form) → itself and its subclasses.
    pub(super) closures: &'a HashMap<String, Vec<String>>,
    pub(super) next_var: usize,
}

impl Compiler<'_> {
    fn fresh(&mut self, base: &str) -> String {
        self.next_var += 1;
        format!("?{base}{}", self.next_var)
    }

    /// The class and its subclasses, in N-Triples syntax, joined by `separator`.
    fn closure(&self, class: &NamedNode, separator: &str) -> String {
        let key = class.to_string();
        self.closures
            .get(&key)
            .map_or(key.clone(), |members| members.join(separator))
    }

    /// A subquery that binds `?focus` to every target of `shape`, once each.
    pub(super) fn focus_pattern(&mut self, shape: &Shape) -> Result<String, Error> {
        let mut branches = Vec::new();
        let nodes: Vec<String> = shape
            .targets
            .iter()
            .filter_map(|t| match t {
                Target::Node(n) => Some(n.to_string()),
                _ => None,
            })
            .collect();
        if !nodes.is_empty() {
            branches.push(format!("{{ VALUES ?focus {{ {} }} }}", nodes.join(" ")));
        }
        for target in &shape.targets {
            match target {
                Target::Class(class) => branches.push(format!(
                    "{{ VALUES ?targetClass {{ {} }} ?focus rdf:type ?targetClass }}",
                    self.closure(class, " ")
                )),
                Target::SubjectsOf(p) => branches.push(format!("{{ ?focus {p} ?targetObject }}")),
                Target::ObjectsOf(p) => branches.push(format!("{{ ?targetSubject {p} ?focus }}")),
                Target::Node(_) => {}
            }
        }
        Ok(format!(
            "{{ SELECT DISTINCT ?focus WHERE {{ {} }} }}",
            branches.join(" UNION ")
        ))
    }

    /// Adds the checks of `shape` for the focus nodes that `focus` binds.
    pub(super) fn compile_shape(
        &mut self,
        shape: &Shape,
        root: &str,
        focus: &str,
        checks: &mut Vec<Check>,
    ) -> Result<(), Error> {
        if shape.deactivated {
            return Ok(());
        }
        match &shape.path {
            None => self.compile_node_shape(shape, root, focus, checks),
            Some(path) => self.compile_property_shape(shape, path, root, focus, checks),
        }
    }

    fn check(
        &self,
        shape: &Shape,
        root: &str,
        constraint: &Constraint,
        query: String,
        value: ValueColumn,
    ) -> Check {
        Check {
            shape: root.to_owned(),
            path: shape.path.as_ref().map(PathExpr::display),
            component: constraint.component(),
            severity: shape.severity,
            message: shape
                .message
                .clone()
                .unwrap_or_else(|| constraint.default_message()),
            query,
            value,
        }
    }

    fn compile_node_shape(
        &mut self,
        shape: &Shape,
        root: &str,
        focus: &str,
        checks: &mut Vec<Check>,
    ) -> Result<(), Error> {
        for constraint in &shape.constraints {
            let condition = self.node_condition(constraint, "?focus")?;
            let query = format!("SELECT ?focus WHERE {{ {focus} FILTER(!({condition})) }}");
            checks.push(self.check(shape, root, constraint, query, ValueColumn::Focus));
        }
        for property in &shape.properties {
            self.compile_shape(property, root, focus, checks)?;
        }
        Ok(())
    }

    fn compile_property_shape(
        &mut self,
        shape: &Shape,
        path: &PathExpr,
        root: &str,
        focus: &str,
        checks: &mut Vec<Check>,
    ) -> Result<(), Error> {
        let p = path.sparql();
        for constraint in &shape.constraints {
            let (query, value) = match constraint {
                Constraint::MinCount(0) | Constraint::QualifiedMinCount(_, 0) => continue,
                Constraint::MinCount(1) => (
                    format!(
                        "SELECT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {p} ?value }} }}"
                    ),
                    ValueColumn::None,
                ),
                Constraint::MinCount(n) => (
                    format!(
                        "SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {p} ?value }} }} \
                         GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) < {n})"
                    ),
                    ValueColumn::None,
                ),
                Constraint::MaxCount(n) => (
                    format!(
                        "SELECT ?focus WHERE {{ {focus} ?focus {p} ?value }} \
                         GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) > {n})"
                    ),
                    ValueColumn::None,
                ),
                Constraint::HasValue(term) => (
                    format!(
                        "SELECT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {p} {term} }} }}"
                    ),
                    ValueColumn::None,
                ),
                Constraint::UniqueLang => (
                    format!(
                        "SELECT ?focus ?lang WHERE {{ {focus} ?focus {p} ?value \
                         FILTER(isLiteral(?value) && LANG(?value) != \"\") }} \
                         GROUP BY ?focus (LCASE(LANG(?value)) AS ?lang) HAVING (COUNT(DISTINCT ?value) > 1)"
                    ),
                    ValueColumn::Lang,
                ),
                Constraint::QualifiedMinCount(qualified, 1) => {
                    let condition = self.conforms(qualified, "?value")?;
                    (
                        format!(
                            "SELECT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {p} ?value FILTER({condition}) }} }}"
                        ),
                        ValueColumn::None,
                    )
                }
                Constraint::QualifiedMinCount(qualified, n) => {
                    let condition = self.conforms(qualified, "?value")?;
                    (
                        format!(
                            "SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {p} ?value FILTER({condition}) }} }} \
                             GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) < {n})"
                        ),
                        ValueColumn::None,
                    )
                }
                Constraint::QualifiedMaxCount(qualified, n) => {
                    let condition = self.conforms(qualified, "?value")?;
                    (
                        format!(
                            "SELECT ?focus WHERE {{ {focus} ?focus {p} ?value FILTER({condition}) }} \
                             GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) > {n})"
                        ),
                        ValueColumn::None,
                    )
                }
                other => {
                    let condition = self.value_condition(other, "?value")?;
                    (
                        format!(
                            "SELECT DISTINCT ?focus ?value WHERE {{ {focus} ?focus {p} ?value FILTER(!({condition})) }}"
                        ),
                        ValueColumn::Value,
                    )
                }
            };
            checks.push(self.check(shape, root, constraint, query, value));
        }
        if !shape.properties.is_empty() {
            // Nested property shapes validate each value node as their focus node.
            let values = format!(
                "{{ SELECT DISTINCT ?focus WHERE {{ {{ SELECT (?focus AS ?parent) WHERE {{ {focus} }} }} ?parent {p} ?focus }} }}"
            );
            for property in &shape.properties {
                self.compile_shape(property, root, &values, checks)?;
            }
        }
        Ok(())
    }

    /// A condition on the node `var` that holds when it satisfies a constraint of a node shape.
    fn node_condition(&mut self, constraint: &Constraint, var: &str) -> Result<String, Error> {
        match constraint {
            Constraint::HasValue(term) => Ok(format!("sameTerm({var}, {term})")),
            other => self.value_condition(other, var),
        }
    }

    /// A condition that holds when the value node `var` satisfies a value-type or logical constraint.
    /// Never an error: comparisons that fail to evaluate count as not satisfied, as in SHACL.
    fn value_condition(&mut self, constraint: &Constraint, var: &str) -> Result<String, Error> {
        let expression = match constraint {
            Constraint::Class(class) => {
                let t = self.fresh("type");
                // Look up the value's few types and test them, rather than probing every subclass.
                format!(
                    "EXISTS {{ {var} rdf:type {t} FILTER({t} IN ({})) }}",
                    self.closure(class, ", ")
                )
            }
            Constraint::Datatype(datatype) => datatype_condition(datatype, var),
            Constraint::NodeKind(kind) => match kind {
                NodeKind::Iri => format!("isIRI({var})"),
                NodeKind::BlankNode => format!("isBlank({var})"),
                NodeKind::Literal => format!("isLiteral({var})"),
                NodeKind::BlankNodeOrIri => format!("!isLiteral({var})"),
                NodeKind::BlankNodeOrLiteral => format!("!isIRI({var})"),
                NodeKind::IriOrLiteral => format!("!isBlank({var})"),
            },
            Constraint::Range(bound, limit) => {
                let operator = match bound {
                    Bound::MinInclusive => ">=",
                    Bound::MaxInclusive => "<=",
                    Bound::MinExclusive => ">",
                    Bound::MaxExclusive => "<",
                };
                format!("(isLiteral({var}) && {var} {operator} {limit})")
            }
            Constraint::MinLength(n) => format!("(!isBlank({var}) && STRLEN(STR({var})) >= {n})"),
            Constraint::MaxLength(n) => format!("(!isBlank({var}) && STRLEN(STR({var})) <= {n})"),
            Constraint::Pattern { regex, flags } => format!(
                "(!isBlank({var}) && REGEX(STR({var}), {}, {}))",
                Literal::new_simple_literal(regex),
                Literal::new_simple_literal(flags)
            ),
            Constraint::LanguageIn(tags) => {
                let tests = tags
                    .iter()
                    .map(|tag| {
                        format!(
                            "langMatches(LANG({var}), {})",
                            Literal::new_simple_literal(tag)
                        )
                    })
                    .collect::<Vec<_>>();
                if tests.is_empty() {
                    "false".to_owned()
                } else {
                    format!("(isLiteral({var}) && ({}))", tests.join(" || "))
                }
            }
            Constraint::In(items) => in_condition(items, var),
            Constraint::Not(shape) => format!("!({})", self.conforms(shape, var)?),
            Constraint::Node(shape) => self.conforms(shape, var)?,
            Constraint::And(shapes) | Constraint::Or(shapes) | Constraint::Xone(shapes) => {
                let parts = shapes
                    .iter()
                    .map(|shape| self.conforms(shape, var))
                    .collect::<Result<Vec<_>, _>>()?;
                match (constraint, parts.is_empty()) {
                    (Constraint::And(_), true) => "true".to_owned(),
                    (_, true) => "false".to_owned(),
                    (Constraint::And(_), false) => format!("({})", parts.join(" && ")),
                    (Constraint::Or(_), false) => format!("({})", parts.join(" || ")),
                    _ => {
                        let ones = parts
                            .iter()
                            .map(|part| format!("IF({part}, 1, 0)"))
                            .collect::<Vec<_>>();
                        format!("(({}) = 1)", ones.join(" + "))
                    }
                }
            }
            Constraint::HasValue(_)
            | Constraint::MinCount(_)
            | Constraint::MaxCount(_)
            | Constraint::UniqueLang
            | Constraint::QualifiedMinCount(..)
            | Constraint::QualifiedMaxCount(..) => {
                return Err(Error::Input {
                    message: format!(
                        "internal error: {} is not a value constraint",
                        constraint.component()
                    ),
                });
            }
        };
        // Only a test that can fail to evaluate (a cast, a comparison, a string function) is made
        // `false` on an error. Tests built of EXISTS, sameTerm, the term-kind tests and other shapes'
        // conditions never fail, and stay unwrapped: Virtuoso 7.2 refuses EXISTS inside COALESCE or
        // IF (error SQ074), which is how a SHACL sh:or of shapes is written.
        let can_fail = matches!(
            constraint,
            Constraint::Datatype(_)
                | Constraint::Range(..)
                | Constraint::MinLength(_)
                | Constraint::MaxLength(_)
                | Constraint::Pattern { .. }
                | Constraint::LanguageIn(_)
        );
        Ok(if can_fail {
            format!("COALESCE({expression}, false)")
        } else {
            expression
        })
    }

    /// A condition that holds when the node `var` conforms to `shape` (its targets ignored).
    fn conforms(&mut self, shape: &Shape, var: &str) -> Result<String, Error> {
        if shape.deactivated {
            return Ok("true".to_owned());
        }
        let mut parts = Vec::new();
        match &shape.path {
            None => {
                for constraint in &shape.constraints {
                    parts.push(self.node_condition(constraint, var)?);
                }
                for property in &shape.properties {
                    parts.push(self.conforms(property, var)?);
                }
            }
            Some(path) => {
                let p = path.sparql();
                for constraint in &shape.constraints {
                    let part = match constraint {
                        Constraint::MinCount(n) => self.count_at_least(var, &p, *n, None)?,
                        Constraint::MaxCount(n) => {
                            format!("!({})", self.count_at_least(var, &p, n + 1, None)?)
                        }
                        Constraint::QualifiedMinCount(qualified, n) => {
                            self.count_at_least(var, &p, *n, Some(qualified))?
                        }
                        Constraint::QualifiedMaxCount(qualified, n) => {
                            format!(
                                "!({})",
                                self.count_at_least(var, &p, n + 1, Some(qualified))?
                            )
                        }
                        Constraint::HasValue(term) => format!("EXISTS {{ {var} {p} {term} }}"),
                        Constraint::UniqueLang => {
                            let (a, b) = (self.fresh("a"), self.fresh("b"));
                            format!(
                                "NOT EXISTS {{ {var} {p} {a} . {var} {p} {b} FILTER(!sameTerm({a}, {b}) \
                                 && isLiteral({a}) && isLiteral({b}) && LANG({a}) != \"\" \
                                 && LCASE(LANG({a})) = LCASE(LANG({b}))) }}"
                            )
                        }
                        other => {
                            let x = self.fresh("v");
                            let condition = self.value_condition(other, &x)?;
                            format!("NOT EXISTS {{ {var} {p} {x} FILTER(!({condition})) }}")
                        }
                    };
                    parts.push(part);
                }
                for property in &shape.properties {
                    let x = self.fresh("v");
                    let condition = self.conforms(property, &x)?;
                    parts.push(format!(
                        "NOT EXISTS {{ {var} {p} {x} FILTER(!({condition})) }}"
                    ));
                }
            }
        }
        Ok(if parts.is_empty() {
            "true".to_owned()
        } else {
            format!("({})", parts.join(" && "))
        })
    }

    /// A condition that holds when `var` has at least `n` distinct values through path `p` (that
    /// conform to `qualified`, when given).
    fn count_at_least(
        &mut self,
        var: &str,
        p: &str,
        n: u64,
        qualified: Option<&Shape>,
    ) -> Result<String, Error> {
        if n == 0 {
            return Ok("true".to_owned());
        }
        if n <= 4 {
            let vars: Vec<String> = (0..n).map(|_| self.fresh("c")).collect();
            let mut pattern = String::new();
            let mut filters = Vec::new();
            for (i, x) in vars.iter().enumerate() {
                pattern.push_str(&format!("{var} {p} {x} . "));
                if let Some(shape) = qualified {
                    filters.push(self.conforms(shape, x)?);
                }
                for y in &vars[..i] {
                    filters.push(format!("!sameTerm({x}, {y})"));
                }
            }
            let filter = if filters.is_empty() {
                String::new()
            } else {
                format!("FILTER({})", filters.join(" && "))
            };
            return Ok(format!("EXISTS {{ {pattern}{filter} }}"));
        }
        // Larger counts: a grouped subquery, joined on `var`.
        let x = self.fresh("c");
        let total = self.fresh("n");
        let filter = match qualified {
            Some(shape) => format!("FILTER({})", self.conforms(shape, &x)?),
            None => String::new(),
        };
        Ok(format!(
            "EXISTS {{ {{ SELECT {var} (COUNT(DISTINCT {x}) AS {total}) WHERE {{ {var} {p} {x} {filter} }} GROUP BY {var} }} FILTER({total} >= {n}) }}"
        ))
    }
}

/// A condition that holds when `var` is one of `items`, term for term (SHACL's sh:in). IRIs are
/// tested with one `IN` (for IRIs, `=` is term equality), a literal by its lexical form, datatype
/// and language (not `=`, which compares values: "01"^^xsd:integer = "1"^^xsd:integer), a blank
/// node with sameTerm. Not a disjunction of sameTerm tests: Virtuoso 7.2 answers
/// `sameTerm(?v, A) || sameTerm(?v, B)` as if it were a conjunction.
fn in_condition(items: &[Term], var: &str) -> String {
    let iris: Vec<String> = items
        .iter()
        .filter(|item| matches!(item, Term::NamedNode(_)))
        .map(Term::to_string)
        .collect();
    let mut tests = Vec::new();
    if !iris.is_empty() {
        tests.push(format!("{var} IN ({})", iris.join(", ")));
    }
    for item in items {
        match item {
            Term::NamedNode(_) => {}
            Term::Literal(literal) => tests.push(format!(
                "(isLiteral({var}) && STR({var}) = {} && sameTerm(DATATYPE({var}), <{}>) && LANG({var}) = {})",
                Literal::new_simple_literal(literal.value()),
                literal.datatype().as_str(),
                Literal::new_simple_literal(literal.language().unwrap_or_default())
            )),
            other => tests.push(format!("sameTerm({var}, {other})")),
        }
    }
    if tests.is_empty() {
        "false".to_owned()
    } else {
        format!("({})", tests.join(" || "))
    }
}

/// A condition that holds when `var` is a literal of `datatype`; for the XSD types SPARQL can cast
/// to, the lexical form must also be valid (`"20x5"^^xsd:integer` is not an integer).
fn datatype_condition(datatype: &NamedNode, var: &str) -> String {
    const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
    if datatype.as_str() == RDF_LANG_STRING {
        return format!("(isLiteral({var}) && LANG({var}) != \"\")");
    }
    let castable = [
        "boolean", "integer", "decimal", "float", "double", "dateTime", "date", "string",
    ]
    .iter()
    .any(|local| datatype.as_str().strip_prefix(vocab::XSD) == Some(local));
    let base = format!("(isLiteral({var}) && sameTerm(DATATYPE({var}), {datatype}))");
    if castable {
        format!("({base} && isLiteral({datatype}(STR({var}))))")
    } else {
        base
    }
}
