//! Parsing the shapes graph into the shapes model, refusing (with the shape and the component named)
//! every constraint that validation does not compile.

use super::read::{RDF_FIRST, ShapesGraph, invalid, sh_iri};
use super::report::{Message, SH, Severity, term_text};
use super::shapes::{Bound, Constraint, NodeKind, PathExpr, Shape, Target};
use crate::base::error::Error;
use oxigraph::model::{Literal, NamedNode, Term};

/// The constraint parameters this validator compiles, for the "unsupported" message.
const SUPPORTED: &str = "sh:class, sh:datatype, sh:nodeKind, sh:minCount, sh:maxCount, sh:minInclusive, \
     sh:maxInclusive, sh:minExclusive, sh:maxExclusive, sh:minLength, sh:maxLength, sh:pattern, \
     sh:languageIn, sh:uniqueLang, sh:in, sh:hasValue, sh:not, sh:and, sh:or, sh:xone, sh:node, \
     sh:property, sh:qualifiedValueShape";

/// Turns the shapes graph into [`Shape`]s, refusing what it cannot check.
pub(super) struct ShapeParser<'a> {
    pub(super) graph: &'a ShapesGraph,
    /// The shapes being parsed, with their names, to refuse recursive shapes and to name nested ones.
    pub(super) stack: Vec<(Term, String)>,
}

impl ShapeParser<'_> {
    pub(super) fn parse(&mut self, node: &Term) -> Result<Shape, Error> {
        let name = self.name_of(node);
        if self.stack.iter().any(|(parent, _)| parent == node) {
            return Err(invalid(
                &name,
                "the shape refers to itself (recursive shapes are not supported)",
            ));
        }
        self.stack.push((node.clone(), name.clone()));
        let shape = self.parse_fields(node, name);
        self.stack.pop();
        shape
    }

    /// How messages name a shape: its IRI; a blank node inside another shape by that shape and its
    /// path, since blank node labels mean nothing to the person who wrote the file.
    fn name_of(&self, node: &Term) -> String {
        let Some((_, parent)) = self
            .stack
            .last()
            .filter(|_| !matches!(node, Term::NamedNode(_)))
        else {
            return term_text(node);
        };
        match self.graph.object(node, &sh_iri("path")) {
            Some(Term::NamedNode(path)) => format!(
                "{parent} → [sh:path {}]",
                PathExpr::Predicate(path.clone()).display()
            ),
            Some(_) => format!("{parent} → [property shape]"),
            None => format!("{parent} → [nested shape]"),
        }
    }

    fn parse_fields(&mut self, node: &Term, name: String) -> Result<Shape, Error> {
        let mut shape = Shape {
            name,
            path: None,
            targets: Vec::new(),
            constraints: Vec::new(),
            properties: Vec::new(),
            severity: Severity::Violation,
            message: None,
            deactivated: false,
        };
        let mut messages: Vec<&Literal> = Vec::new();
        let graph = self.graph;
        for (predicate, object) in graph.values(node) {
            let Some(local) = predicate.as_str().strip_prefix(SH) else {
                continue;
            };
            let name = shape.name.as_str();
            match local {
                "targetClass" => shape
                    .targets
                    .push(Target::Class(expect_iri(name, local, object)?)),
                "targetNode" => {
                    if let Term::BlankNode(_) = object {
                        return Err(unsupported(
                            name,
                            "targetNode",
                            "a blank node as sh:targetNode",
                        ));
                    }
                    shape.targets.push(Target::Node(object.clone()));
                }
                "targetSubjectsOf" => {
                    shape
                        .targets
                        .push(Target::SubjectsOf(expect_iri(name, local, object)?));
                }
                "targetObjectsOf" => {
                    shape
                        .targets
                        .push(Target::ObjectsOf(expect_iri(name, local, object)?));
                }
                "path" => shape.path = Some(self.parse_path(object, name, 0)?),
                "property" => {
                    let child = self.parse(object)?;
                    if child.path.is_none() {
                        return Err(invalid(name, "a value of sh:property has no sh:path"));
                    }
                    shape.properties.push(child);
                }
                "message" => {
                    if let Term::Literal(literal) = object {
                        messages.push(literal);
                    }
                }
                "severity" => {
                    shape.severity = match object {
                        Term::NamedNode(n) => Severity::from_iri(n.as_str()),
                        _ => None,
                    }
                    .ok_or_else(|| {
                        unsupported(
                            name,
                            "severity",
                            "severities other than sh:Violation, sh:Warning and sh:Info",
                        )
                    })?;
                }
                "deactivated" => shape.deactivated = is_true(object),
                "name" | "description" | "order" | "group" | "defaultValue" | "flags"
                | "qualifiedMinCount" | "qualifiedMaxCount" | "ignoredProperties" => {}
                "qualifiedValueShapesDisjoint" => {
                    if is_true(object) {
                        return Err(unsupported(name, local, "sh:QualifiedValueShapesDisjoint"));
                    }
                }
                "closed" => {
                    if is_true(object) {
                        return Err(unsupported(name, local, "sh:ClosedConstraintComponent"));
                    }
                }
                _ => {
                    let constraint = self.parse_constraint(node, name, local, object)?;
                    shape.constraints.extend(constraint);
                }
            }
        }
        if let (None, Some(c)) = (
            &shape.path,
            shape.constraints.iter().find(|c| c.needs_path()),
        ) {
            return Err(invalid(
                &shape.name,
                &format!(
                    "{} needs a property shape (sh:path), but this is a node shape",
                    c.component()
                ),
            ));
        }
        shape.message = message_of(&messages);
        Ok(shape)
    }

    /// One constraint parameter (several for the qualified counts). `None` when the parameter is a
    /// no-op (`sh:uniqueLang false`).
    fn parse_constraint(
        &mut self,
        node: &Term,
        name: &str,
        local: &str,
        object: &Term,
    ) -> Result<Vec<Constraint>, Error> {
        let graph = self.graph;
        let count = |object: &Term| -> Result<u64, Error> {
            match object {
                Term::Literal(l) => l.value().parse().ok(),
                _ => None,
            }
            .ok_or_else(|| invalid(name, &format!("sh:{local} must be a non-negative integer")))
        };
        let literal = |object: &Term| -> Result<Literal, Error> {
            match object {
                Term::Literal(l) => Ok(l.clone()),
                _ => Err(invalid(name, &format!("sh:{local} must be a literal"))),
            }
        };
        let constraint = match local {
            "class" => Constraint::Class(expect_iri(name, local, object)?),
            "datatype" => Constraint::Datatype(expect_iri(name, local, object)?),
            "nodeKind" => {
                let kind = expect_iri(name, local, object)?;
                Constraint::NodeKind(match kind.as_str().strip_prefix(SH) {
                    Some("IRI") => NodeKind::Iri,
                    Some("BlankNode") => NodeKind::BlankNode,
                    Some("Literal") => NodeKind::Literal,
                    Some("BlankNodeOrIRI") => NodeKind::BlankNodeOrIri,
                    Some("BlankNodeOrLiteral") => NodeKind::BlankNodeOrLiteral,
                    Some("IRIOrLiteral") => NodeKind::IriOrLiteral,
                    _ => return Err(invalid(name, &format!("unknown sh:nodeKind {kind}"))),
                })
            }
            "minCount" => Constraint::MinCount(count(object)?),
            "maxCount" => Constraint::MaxCount(count(object)?),
            "minInclusive" => Constraint::Range(Bound::MinInclusive, literal(object)?),
            "maxInclusive" => Constraint::Range(Bound::MaxInclusive, literal(object)?),
            "minExclusive" => Constraint::Range(Bound::MinExclusive, literal(object)?),
            "maxExclusive" => Constraint::Range(Bound::MaxExclusive, literal(object)?),
            "minLength" => Constraint::MinLength(count(object)?),
            "maxLength" => Constraint::MaxLength(count(object)?),
            "pattern" => {
                let flags = match graph.object(node, &sh_iri("flags")) {
                    Some(Term::Literal(l)) => l.value().to_owned(),
                    Some(_) => return Err(invalid(name, "sh:flags must be a literal")),
                    None => String::new(),
                };
                Constraint::Pattern {
                    regex: literal(object)?.value().to_owned(),
                    flags,
                }
            }
            "languageIn" => {
                let tags = graph
                    .list(object, name)?
                    .into_iter()
                    .map(|t| match t {
                        Term::Literal(l) => Ok(l.value().to_owned()),
                        _ => Err(invalid(name, "sh:languageIn must list literals")),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Constraint::LanguageIn(tags)
            }
            "uniqueLang" => {
                if !is_true(object) {
                    return Ok(Vec::new());
                }
                Constraint::UniqueLang
            }
            "in" => {
                let items = graph.list(object, name)?;
                if items.iter().any(|t| matches!(t, Term::BlankNode(_))) {
                    return Err(unsupported(name, local, "blank nodes in sh:in"));
                }
                Constraint::In(items)
            }
            "hasValue" => {
                if let Term::BlankNode(_) = object {
                    return Err(unsupported(name, local, "a blank node as sh:hasValue"));
                }
                Constraint::HasValue(object.clone())
            }
            "not" => Constraint::Not(Box::new(self.parse(object)?)),
            "node" => Constraint::Node(Box::new(self.parse(object)?)),
            "and" | "or" | "xone" => {
                let shapes = graph
                    .list(object, name)?
                    .iter()
                    .map(|member| self.parse(member))
                    .collect::<Result<Vec<_>, _>>()?;
                match local {
                    "and" => Constraint::And(shapes),
                    "or" => Constraint::Or(shapes),
                    _ => Constraint::Xone(shapes),
                }
            }
            "qualifiedValueShape" => {
                let qualified = self.parse(object)?;
                let mut constraints = Vec::new();
                for (predicate, value) in graph.values(node) {
                    match predicate.as_str().strip_prefix(SH) {
                        Some("qualifiedMinCount") => {
                            constraints.push(Constraint::QualifiedMinCount(
                                Box::new(qualified.clone()),
                                count(value)?,
                            ))
                        }
                        Some("qualifiedMaxCount") => {
                            constraints.push(Constraint::QualifiedMaxCount(
                                Box::new(qualified.clone()),
                                count(value)?,
                            ))
                        }
                        _ => {}
                    }
                }
                return Ok(constraints);
            }
            other => {
                let component = component_of_parameter(other);
                return Err(unsupported(name, other, &component));
            }
        };
        Ok(vec![constraint])
    }

    fn parse_path(&self, node: &Term, shape: &str, depth: usize) -> Result<PathExpr, Error> {
        if depth > 32 {
            return Err(invalid(shape, "the sh:path is nested too deeply or cyclic"));
        }
        let graph = self.graph;
        match node {
            Term::NamedNode(n) => Ok(PathExpr::Predicate(n.clone())),
            Term::Literal(_) => Err(invalid(shape, "a sh:path cannot be a literal")),
            Term::BlankNode(_) => {
                let single = |local: &str| graph.object(node, &sh_iri(local));
                let inner = |target: &Term| self.parse_path(target, shape, depth + 1).map(Box::new);
                if let Some(target) = single("inversePath") {
                    Ok(PathExpr::Inverse(inner(target)?))
                } else if let Some(target) = single("zeroOrMorePath") {
                    Ok(PathExpr::ZeroOrMore(inner(target)?))
                } else if let Some(target) = single("oneOrMorePath") {
                    Ok(PathExpr::OneOrMore(inner(target)?))
                } else if let Some(target) = single("zeroOrOnePath") {
                    Ok(PathExpr::ZeroOrOne(inner(target)?))
                } else if let Some(list) = single("alternativePath") {
                    let items = graph.list(list, shape)?;
                    let items = items
                        .iter()
                        .map(|item| self.parse_path(item, shape, depth + 1))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(PathExpr::Alternative(items))
                } else if graph.object(node, RDF_FIRST).is_some() {
                    let items = graph.list(node, shape)?;
                    if items.len() < 2 {
                        return Err(invalid(shape, "a sequence path needs at least two members"));
                    }
                    let items = items
                        .iter()
                        .map(|item| self.parse_path(item, shape, depth + 1))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(PathExpr::Sequence(items))
                } else {
                    Err(invalid(shape, "the sh:path is not a SHACL property path"))
                }
            }
        }
    }
}

fn expect_iri(shape: &str, parameter: &str, object: &Term) -> Result<NamedNode, Error> {
    match object {
        Term::NamedNode(n) => Ok(n.clone()),
        _ => Err(invalid(shape, &format!("sh:{parameter} must be an IRI"))),
    }
}

fn is_true(object: &Term) -> bool {
    matches!(object, Term::Literal(l) if l.value() == "true" || l.value() == "1")
}

fn unsupported(shape: &str, parameter: &str, what: &str) -> Error {
    Error::Input {
        message: format!(
            "shape {shape} uses sh:{parameter} ({what}), which innomap validate does not support; it supports {SUPPORTED}"
        ),
    }
}

/// The constraint component a SHACL parameter belongs to, for messages about unsupported ones.
fn component_of_parameter(parameter: &str) -> String {
    let component = match parameter {
        "equals" => "Equals",
        "disjoint" => "Disjoint",
        "lessThan" => "LessThan",
        "lessThanOrEquals" => "LessThanOrEquals",
        "sparql" => "SPARQL",
        "closed" => "Closed",
        _ => return format!("an unknown SHACL parameter sh:{parameter}"),
    };
    format!("sh:{component}ConstraintComponent")
}

/// The message of a shape: the `@zh` and `@en` texts, one standing in for the other (or an untagged
/// text for both) when only one is given.
fn message_of(messages: &[&Literal]) -> Option<Message> {
    let tagged = |prefix: &str| {
        messages
            .iter()
            .filter(|l| {
                l.language()
                    .is_some_and(|tag| tag == prefix || tag.starts_with(&format!("{prefix}-")))
            })
            .map(|l| l.value().to_owned())
            .min()
    };
    let plain = messages
        .iter()
        .filter(|l| l.language().is_none())
        .map(|l| l.value().to_owned())
        .min();
    let zh = tagged("zh");
    let en = tagged("en");
    let any = zh
        .clone()
        .or_else(|| en.clone())
        .or_else(|| plain.clone())?;
    Some(Message {
        zh: zh.or_else(|| plain.clone()).unwrap_or_else(|| any.clone()),
        en: en.or(plain).unwrap_or(any),
    })
}
