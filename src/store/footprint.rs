//! What a write touched, and what a derived set's query reads, at the grain of predicates (and of
//! classes, for `rdf:type` triples): a derived set is recomputed after a write only when the two
//! meet (`super::derived`). A query's answer depends only on the triples its patterns can match,
//! and a pattern whose predicate is a constant matches only triples with that predicate; so when no
//! predicate (or class) the write touched is one the query reads, the answer is what it was. Anything
//! that cannot be bounded this way — a variable predicate, a negated property set, `SERVICE`, a bulk
//! load, `DROP`, `LOAD` — is "everything".

use oxigraph::model::{LiteralRef, NamedNode, NamedNodeRef, Quad, TermRef, vocab::rdf};
use spargebra::algebra::{
    AggregateExpression, Expression, GraphPattern, OrderExpression, PropertyPathExpression,
};
use spargebra::term::{
    GroundTerm, GroundTermPattern, NamedNodePattern, TermPattern, TriplePattern,
};
use spargebra::{GraphUpdateOperation, Query, Update};
use std::collections::BTreeSet;

/// A set of triples described by their predicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Footprint {
    /// Any triple at all.
    everything: bool,
    /// Predicates other than `rdf:type`.
    predicates: BTreeSet<String>,
    /// The classes of `rdf:type` triples.
    classes: BTreeSet<String>,
    /// `rdf:type` triples of any class.
    any_class: bool,
}

impl Footprint {
    /// Every triple.
    pub fn everything() -> Self {
        Self {
            everything: true,
            ..Self::default()
        }
    }

    /// No triple.
    pub fn is_empty(&self) -> bool {
        !self.everything && !self.any_class && self.predicates.is_empty() && self.classes.is_empty()
    }

    /// Adds the triples with this predicate and object.
    pub fn add_triple(&mut self, predicate: NamedNodeRef<'_>, object: TermRef<'_>) {
        if predicate == rdf::TYPE {
            match object {
                TermRef::NamedNode(class) => {
                    self.classes.insert(class.as_str().to_owned());
                }
                _ => self.any_class = true,
            }
        } else {
            self.predicates.insert(predicate.as_str().to_owned());
        }
    }

    /// Adds the triples of these quads.
    pub fn add_quads<'a>(&mut self, quads: impl IntoIterator<Item = &'a Quad>) {
        for quad in quads {
            self.add_triple(quad.predicate.as_ref(), quad.object.as_ref());
        }
    }

    /// Adds everything `other` holds.
    pub fn merge(&mut self, other: &Self) {
        self.everything |= other.everything;
        self.any_class |= other.any_class;
        self.predicates.extend(other.predicates.iter().cloned());
        self.classes.extend(other.classes.iter().cloned());
    }

    /// Whether a triple could be in both.
    pub fn meets(&self, other: &Self) -> bool {
        if self.is_empty() || other.is_empty() {
            return false;
        }
        self.everything
            || other.everything
            || self
                .predicates
                .intersection(&other.predicates)
                .next()
                .is_some()
            || (self.any_class && (other.any_class || !other.classes.is_empty()))
            || (other.any_class && !self.classes.is_empty())
            || self.classes.intersection(&other.classes).next().is_some()
    }

    /// The triples a query's patterns can match (its `WHERE`, subqueries and `EXISTS` included).
    pub fn read_by(query: &Query) -> Self {
        let mut footprint = Self::default();
        let pattern = match query {
            Query::Select { pattern, .. }
            | Query::Construct { pattern, .. }
            | Query::Describe { pattern, .. }
            | Query::Ask { pattern, .. } => pattern,
        };
        footprint.read_pattern(pattern);
        // DESCRIBE reads whatever its resources have.
        if matches!(query, Query::Describe { .. }) {
            footprint.everything = true;
        }
        footprint
    }

    /// The triples an update can insert or delete.
    pub fn written_by(update: &Update) -> Self {
        let mut footprint = Self::default();
        for operation in &update.operations {
            match operation {
                GraphUpdateOperation::InsertData { data } => {
                    for quad in data {
                        footprint.add_triple(quad.predicate.as_ref(), quad.object.as_ref());
                    }
                }
                GraphUpdateOperation::DeleteData { data } => {
                    for quad in data {
                        footprint.add_triple(quad.predicate.as_ref(), ground_object(&quad.object));
                    }
                }
                GraphUpdateOperation::DeleteInsert { delete, insert, .. } => {
                    for quad in delete {
                        let class = match &quad.object {
                            GroundTermPattern::NamedNode(node) => Some(node),
                            _ => None,
                        };
                        footprint.template(&quad.predicate, class);
                    }
                    for quad in insert {
                        footprint.template(
                            &quad.predicate,
                            match &quad.object {
                                TermPattern::NamedNode(node) => Some(node),
                                _ => None,
                            },
                        );
                    }
                }
                // An empty graph changes no triple.
                GraphUpdateOperation::Create { .. } => {}
                GraphUpdateOperation::Load { .. }
                | GraphUpdateOperation::Clear { .. }
                | GraphUpdateOperation::Drop { .. } => footprint.everything = true,
            }
        }
        footprint
    }

    /// A template's triples: its predicate, and its class when the predicate is `rdf:type`.
    fn template(&mut self, predicate: &NamedNodePattern, class: Option<&NamedNode>) {
        match predicate {
            NamedNodePattern::Variable(_) => self.everything = true,
            NamedNodePattern::NamedNode(predicate) => self.add_triple(
                predicate.as_ref(),
                class.map_or(NO_CLASS, |class| class.as_ref().into()),
            ),
        }
    }

    fn read_triple(&mut self, triple: &TriplePattern) {
        for term in [&triple.subject, &triple.object] {
            if !is_plain_term(term) {
                self.everything = true;
            }
        }
        let class = match &triple.object {
            TermPattern::NamedNode(node) => Some(node),
            _ => None,
        };
        self.template(&triple.predicate, class);
    }

    fn read_path(&mut self, path: &PropertyPathExpression) {
        match path {
            PropertyPathExpression::NamedNode(predicate) => {
                if predicate.as_ref() == rdf::TYPE {
                    self.any_class = true;
                } else {
                    self.predicates.insert(predicate.as_str().to_owned());
                }
            }
            PropertyPathExpression::Reverse(inner)
            | PropertyPathExpression::ZeroOrMore(inner)
            | PropertyPathExpression::OneOrMore(inner)
            | PropertyPathExpression::ZeroOrOne(inner) => self.read_path(inner),
            PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => {
                self.read_path(a);
                self.read_path(b);
            }
            PropertyPathExpression::NegatedPropertySet(_) => self.everything = true,
        }
    }

    fn read_pattern(&mut self, pattern: &GraphPattern) {
        match pattern {
            GraphPattern::Bgp { patterns } => {
                for triple in patterns {
                    self.read_triple(triple);
                }
            }
            GraphPattern::Path {
                subject,
                path,
                object,
            } => {
                if !is_plain_term(subject) || !is_plain_term(object) {
                    self.everything = true;
                }
                self.read_path(path);
            }
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right } => {
                self.read_pattern(left);
                self.read_pattern(right);
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                self.read_pattern(left);
                self.read_pattern(right);
                if let Some(expression) = expression {
                    self.read_expression(expression);
                }
            }
            GraphPattern::Filter { expr, inner } => {
                self.read_pattern(inner);
                self.read_expression(expr);
            }
            GraphPattern::Extend {
                inner, expression, ..
            } => {
                self.read_pattern(inner);
                self.read_expression(expression);
            }
            GraphPattern::OrderBy { inner, expression } => {
                self.read_pattern(inner);
                for order in expression {
                    match order {
                        OrderExpression::Asc(e) | OrderExpression::Desc(e) => {
                            self.read_expression(e)
                        }
                    }
                }
            }
            GraphPattern::Group {
                inner, aggregates, ..
            } => {
                self.read_pattern(inner);
                for (_, aggregate) in aggregates {
                    if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                        self.read_expression(expr);
                    }
                }
            }
            GraphPattern::Graph { inner, .. }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => self.read_pattern(inner),
            GraphPattern::Values { .. } => {}
            // Another engine's data, and forms this walk does not know: anything at all.
            #[allow(unreachable_patterns)]
            _ => self.everything = true,
        }
    }

    /// The patterns inside an expression's `EXISTS`.
    fn read_expression(&mut self, expression: &Expression) {
        match expression {
            Expression::Exists(pattern) => self.read_pattern(pattern),
            Expression::Or(a, b)
            | Expression::And(a, b)
            | Expression::Equal(a, b)
            | Expression::SameTerm(a, b)
            | Expression::Greater(a, b)
            | Expression::GreaterOrEqual(a, b)
            | Expression::Less(a, b)
            | Expression::LessOrEqual(a, b)
            | Expression::Add(a, b)
            | Expression::Subtract(a, b)
            | Expression::Multiply(a, b)
            | Expression::Divide(a, b) => {
                self.read_expression(a);
                self.read_expression(b);
            }
            Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
                self.read_expression(a)
            }
            Expression::In(a, list) => {
                self.read_expression(a);
                for e in list {
                    self.read_expression(e);
                }
            }
            Expression::If(a, b, c) => {
                self.read_expression(a);
                self.read_expression(b);
                self.read_expression(c);
            }
            Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
                for e in list {
                    self.read_expression(e);
                }
            }
            Expression::NamedNode(_)
            | Expression::Literal(_)
            | Expression::Variable(_)
            | Expression::Bound(_) => {}
        }
    }
}

/// A subject or object that is not a quoted triple (whose own predicate would be read too).
fn is_plain_term(term: &TermPattern) -> bool {
    matches!(
        term,
        TermPattern::NamedNode(_)
            | TermPattern::BlankNode(_)
            | TermPattern::Literal(_)
            | TermPattern::Variable(_)
    )
}

/// A ground object as a term reference, for its class (anything but an IRI counts as no class).
fn ground_object(object: &GroundTerm) -> TermRef<'_> {
    match object {
        GroundTerm::NamedNode(node) => node.as_ref().into(),
        _ => NO_CLASS,
    }
}

/// An object that names no class (a variable, a literal, a blank node): with `rdf:type`, any class.
const NO_CLASS: TermRef<'static> = TermRef::Literal(LiteralRef::new_simple_literal(""));

#[cfg(test)]
mod tests {
    use super::*;

    const IM: &str = "https://w3id.org/innomap/def#";

    fn query(text: &str) -> Footprint {
        let parsed = crate::store::request::parse_query(text, None).expect("the query parses");
        Footprint::read_by(&parsed.query)
    }

    fn update(text: &str) -> Footprint {
        let update = spargebra::SparqlParser::new()
            .with_prefix("im", IM)
            .unwrap()
            .parse_update(text)
            .expect("the update parses");
        Footprint::written_by(&update)
    }

    fn wrote(predicate: &str, object: &str) -> Footprint {
        let mut footprint = Footprint::default();
        let object = NamedNode::new(object).unwrap();
        footprint.add_triple(
            NamedNode::new(predicate).unwrap().as_ref(),
            object.as_ref().into(),
        );
        footprint
    }

    #[test]
    fn a_query_reads_the_predicates_and_classes_of_its_patterns_subqueries_paths_and_exists() {
        let reads = query(
            "SELECT ?f WHERE { ?f a im:Firm ; im:tier ?t . \
             { SELECT ?p WHERE { ?p schema:containedInPlace+ ?c } } \
             FILTER NOT EXISTS { ?x im:rightsHolder ?f } }",
        );
        let tier = format!("{IM}tier");
        let holder = format!("{IM}rightsHolder");
        let firm = format!("{IM}Firm");
        for (predicate, object) in [
            (tier.as_str(), "https://example.org/x"),
            (holder.as_str(), "https://example.org/x"),
            (
                "https://schema.org/containedInPlace",
                "https://example.org/x",
            ),
            (rdf::TYPE.as_str(), firm.as_str()),
        ] {
            assert!(
                reads.meets(&wrote(predicate, object)),
                "{predicate} {object}"
            );
        }
        // Another class, another predicate: nothing the query can see.
        let patent = format!("{IM}Patent");
        assert!(!reads.meets(&wrote(rdf::TYPE.as_str(), &patent)));
        assert!(!reads.meets(&wrote("http://www.w3.org/2000/01/rdf-schema#comment", IM)));
        assert!(!reads.meets(&Footprint::default()));
        assert!(reads.meets(&Footprint::everything()));
    }

    #[test]
    fn a_variable_predicate_reads_everything_and_a_variable_class_every_type() {
        let any = query("SELECT * WHERE { ?s ?p ?o }");
        assert!(any.meets(&wrote("https://example.org/p", "https://example.org/o")));
        let negated = query("SELECT * WHERE { ?s !im:tier ?o }");
        assert!(negated.meets(&wrote("https://example.org/p", "https://example.org/o")));
        let kinds = query("SELECT ?c WHERE { ?c im:kindName ?k . ?e a ?c }");
        assert!(kinds.meets(&wrote(rdf::TYPE.as_str(), "https://example.org/Anything")));
        assert!(!kinds.meets(&wrote("https://example.org/p", "https://example.org/o")));
    }

    #[test]
    fn an_update_writes_its_data_and_templates_and_a_drop_everything() {
        let insert = update("INSERT DATA { <https://e.org/a> a im:Patent ; im:year 2024 }");
        assert!(insert.meets(&query("SELECT * WHERE { ?p a im:Patent }")));
        assert!(insert.meets(&query("SELECT * WHERE { ?p im:year ?y }")));
        assert!(!insert.meets(&query("SELECT * WHERE { ?p a im:Firm ; im:tier ?t }")));
        let templated =
            update("DELETE { ?f im:tier ?t } INSERT { ?f a ?c } WHERE { ?f im:tier ?t ; a ?c }");
        assert!(templated.meets(&query("SELECT * WHERE { ?f im:tier ?t }")));
        assert!(templated.meets(&query("SELECT * WHERE { ?f a im:Firm }")));
        assert!(!templated.meets(&query("SELECT * WHERE { ?f im:year ?y }")));
        let drop = update("DROP GRAPH <https://e.org/g>");
        assert!(drop.meets(&query("SELECT * WHERE { ?f im:year ?y }")));
        assert!(update("CREATE GRAPH <https://e.org/g>").is_empty());
    }
}
