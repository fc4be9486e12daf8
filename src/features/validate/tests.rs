//! End-to-end tests of `validate` on in-memory stores: each supported constraint component, targets,
//! paths, nested and logical shapes, severities and messages, refused shapes, the table and JSON
//! output, and the bundled shapes on a small map that keeps every rule and one that breaks many.

use super::*;
use crate::base::Lang;
use oxigraph::io::RdfFormat;

const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\
    @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n\
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
    @prefix ex: <https://example.org/> .\n";

const DATA_GRAPH: &str = "https://example.org/graph/data";

fn store(shapes: &str, data: &str) -> Store {
    let store = Store::in_memory().expect("in-memory store");
    store
        .load_bytes(
            format!("{PREFIXES}{shapes}").as_bytes(),
            RdfFormat::Turtle,
            vocab::GRAPH_SHAPES,
            "shapes fixture",
        )
        .expect("shapes parse");
    store
        .load_bytes(
            format!("{PREFIXES}{data}").as_bytes(),
            RdfFormat::Turtle,
            DATA_GRAPH,
            "data fixture",
        )
        .expect("data parse");
    store
}

/// (focus local name, path, component without `sh:` and `ConstraintComponent`), sorted.
fn results(shapes: &str, data: &str) -> Vec<(String, String, String)> {
    let report = validate(&store(shapes, data)).expect("validation runs");
    let mut found: Vec<_> = report
        .violations
        .iter()
        .map(|v| {
            (
                v.focus
                    .trim_start_matches("https://example.org/")
                    .to_owned(),
                // `ex:` is no built-in prefix, so paths print it in full: shorten for the tests.
                v.path
                    .clone()
                    .unwrap_or_default()
                    .replace("<https://example.org/", "ex:")
                    .replace('>', ""),
                v.component
                    .trim_start_matches("sh:")
                    .trim_end_matches("ConstraintComponent")
                    .to_owned(),
            )
        })
        .collect();
    found.sort();
    found
}

/// Checks that `data` breaks `shapes` exactly as `expected` says: (focus, path, component).
fn check(shapes: &str, data: &str, expected: &[(&str, &str, &str)]) {
    let mut expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(f, p, c)| ((*f).to_owned(), (*p).to_owned(), (*c).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(results(shapes, data), expected);
}

const PERSON_COUNTS: &str = "ex:S a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 2 ] .";

#[test]
fn min_and_max_count_flag_missing_and_extra_values() {
    check(
        PERSON_COUNTS,
        "ex:ok a ex:Person ; ex:name \"a\" .
         ex:none a ex:Person .
         ex:three a ex:Person ; ex:name \"a\" , \"b\" , \"c\" .",
        &[
            ("none", "ex:name", "MinCount"),
            ("three", "ex:name", "MaxCount"),
        ],
    );
}

#[test]
fn min_count_above_one_counts_distinct_values() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 2 ] .",
        "ex:one a ex:C ; ex:p 1 . ex:two a ex:C ; ex:p 1 , 2 . ex:zero a ex:C .",
        &[("one", "ex:p", "MinCount"), ("zero", "ex:p", "MinCount")],
    );
}

#[test]
fn target_class_includes_subclasses() {
    check(
        PERSON_COUNTS,
        "ex:Student rdfs:subClassOf ex:Person . ex:s a ex:Student .",
        &[("s", "ex:name", "MinCount")],
    );
}

#[test]
fn target_node_subjects_of_and_objects_of_select_their_focus_nodes() {
    check(
        "ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:targetSubjectsOf ex:knows ;
             sh:targetObjectsOf ex:likes ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
        "ex:a ex:knows ex:b . ex:c ex:likes ex:d . ex:e ex:name \"e\" ; ex:likes ex:n .",
        &[
            ("a", "ex:name", "MinCount"),
            ("d", "ex:name", "MinCount"),
            ("n", "ex:name", "MinCount"),
        ],
    );
}

#[test]
fn class_constraint_follows_subclasses_and_rejects_literals() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:Firm ; sh:property [ sh:path ex:in ; sh:class ex:Place ] .",
        "ex:Town rdfs:subClassOf ex:Place . ex:t a ex:Town . ex:p a ex:Place .
         ex:f1 a ex:Firm ; ex:in ex:t , ex:p .
         ex:f2 a ex:Firm ; ex:in ex:nowhere , \"Suzhou\" .",
        &[("f2", "ex:in", "Class"), ("f2", "ex:in", "Class")],
    );
}

#[test]
fn datatype_constraint_checks_the_type_and_the_lexical_form() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:year ; sh:datatype xsd:integer ] .",
        "ex:ok a ex:C ; ex:year 2020 .
         ex:text a ex:C ; ex:year \"2020\" .
         ex:bad a ex:C ; ex:year \"20x0\"^^xsd:integer .
         ex:dec a ex:C ; ex:year 2020.0 .",
        &[
            ("bad", "ex:year", "Datatype"),
            ("dec", "ex:year", "Datatype"),
            ("text", "ex:year", "Datatype"),
        ],
    );
}

#[test]
fn node_kind_constraint_distinguishes_iris_blank_nodes_and_literals() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:source ; sh:nodeKind sh:IRIOrLiteral ] ;
             sh:property [ sh:path ex:home ; sh:nodeKind sh:IRI ] .",
        "ex:ok a ex:C ; ex:source \"a book\" , ex:site ; ex:home ex:h .
         ex:blank a ex:C ; ex:source [ ex:title \"x\" ] ; ex:home \"h\" .",
        &[("blank", "ex:home", "NodeKind"), ("blank", "ex:source", "NodeKind")],
    );
}

#[test]
fn in_and_has_value_constraints() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
             sh:property [ sh:path ex:status ; sh:in ( ex:A ex:B ) ] ;
             sh:property [ sh:path ex:unit ; sh:hasValue ex:Yuan ] .",
        "ex:ok a ex:C ; ex:status ex:A ; ex:unit ex:Yuan , ex:Dollar .
         ex:bad a ex:C ; ex:status ex:Z , ex:B ; ex:unit ex:Dollar .",
        &[("bad", "ex:status", "In"), ("bad", "ex:unit", "HasValue")],
    );
}

#[test]
fn has_value_on_a_node_shape_compares_the_focus_node() {
    check(
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:hasValue ex:only .",
        "ex:only ex:p 1 . ex:other ex:p 2 .",
        &[("other", "", "HasValue")],
    );
}

#[test]
fn pattern_applies_to_values_and_to_focus_iris() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:D ; sh:pattern \"^https://example\\\\.org/T[0-9]{2}$\" ;
             sh:property [ sh:path ex:notation ; sh:pattern \"^t[0-9]{2}$\" ; sh:flags \"i\" ] .",
        "ex:T01 a ex:D ; ex:notation \"T01\" . ex:t7 a ex:D ; ex:notation \"T7\" .",
        &[("t7", "", "Pattern"), ("t7", "ex:notation", "Pattern")],
    );
}

#[test]
fn range_constraints_compare_values_and_reject_incomparable_ones() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
             sh:property [ sh:path ex:year ; sh:minInclusive 2015 ; sh:maxInclusive 2025 ] ;
             sh:property [ sh:path ex:amount ; sh:minExclusive 0 ; sh:maxExclusive 100 ] .",
        "ex:ok a ex:C ; ex:year 2015 , 2025 ; ex:amount 0.5 .
         ex:early a ex:C ; ex:year 2014 ; ex:amount 0 .
         ex:late a ex:C ; ex:year 2026 , \"soon\" ; ex:amount 100 .",
        &[
            ("early", "ex:amount", "MinExclusive"),
            ("early", "ex:year", "MinInclusive"),
            ("late", "ex:amount", "MaxExclusive"),
            ("late", "ex:year", "MaxInclusive"),
            ("late", "ex:year", "MaxInclusive"),
            ("late", "ex:year", "MinInclusive"),
        ],
    );
}

#[test]
fn length_constraints_count_characters() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
             sh:property [ sh:path ex:code ; sh:minLength 2 ; sh:maxLength 3 ] .",
        "ex:ok a ex:C ; ex:code \"张家港\" . ex:short a ex:C ; ex:code \"a\" . ex:long a ex:C ; ex:code \"abcd\" .",
        &[
            ("long", "ex:code", "MaxLength"),
            ("short", "ex:code", "MinLength"),
        ],
    );
}

#[test]
fn language_in_and_unique_lang() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
             sh:property [ sh:path ex:role ; sh:languageIn ( \"zh\" \"en\" ) ; sh:uniqueLang true ] .",
        "ex:ok a ex:C ; ex:role \"牵头\"@zh , \"lead\"@en-GB .
         ex:fr a ex:C ; ex:role \"chef\"@fr , \"plain\" .
         ex:twice a ex:C ; ex:role \"a\"@en , \"b\"@en .",
        &[
            ("fr", "ex:role", "LanguageIn"),
            ("fr", "ex:role", "LanguageIn"),
            ("twice", "ex:role", "UniqueLang"),
        ],
    );
}

#[test]
fn qualified_value_shapes_count_the_values_that_conform() {
    let shapes = "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:property [ sh:path rdfs:label ; sh:qualifiedValueShape [ sh:languageIn ( \"zh\" ) ] ;
                      sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ] ;
        sh:property [ sh:path ex:member ; sh:qualifiedValueShape [ sh:class ex:Firm ] ; sh:qualifiedMinCount 2 ] .";
    check(
        shapes,
        "ex:f1 a ex:Firm . ex:f2 a ex:Firm .
         ex:ok a ex:C ; rdfs:label \"好\"@zh , \"ok\"@en ; ex:member ex:f1 , ex:f2 , ex:u .
         ex:en a ex:C ; rdfs:label \"only English\"@en ; ex:member ex:f1 , ex:u .
         ex:two a ex:C ; rdfs:label \"甲\"@zh , \"乙\"@zh-Hans ; ex:member ex:f1 , ex:f2 .",
        &[
            ("en", "ex:member", "QualifiedMinCount"),
            ("en", "rdfs:label", "QualifiedMinCount"),
            ("two", "rdfs:label", "QualifiedMaxCount"),
        ],
    );
}

#[test]
fn or_of_not_has_value_and_min_count_expresses_an_implication() {
    check(
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:provenance ;
             sh:or ( [ sh:not [ sh:path ex:provenance ; sh:hasValue ex:Verified ] ]
                     [ sh:path ex:source ; sh:minCount 1 ] ) .",
        "ex:plan ex:provenance ex:PlanText .
         ex:sourced ex:provenance ex:Verified ; ex:source \"gov site\" .
         ex:bare ex:provenance ex:Verified .",
        &[("bare", "", "Or")],
    );
}

#[test]
fn and_xone_and_node_combine_nested_shapes() {
    let shapes = "ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
        ex:Coded a sh:NodeShape ; sh:property [ sh:path ex:code ; sh:minCount 1 ; sh:maxCount 1 ] .
        ex:Both a sh:NodeShape ; sh:targetClass ex:B ; sh:and ( ex:Named ex:Coded ) .
        ex:One a sh:NodeShape ; sh:targetClass ex:X ; sh:xone ( ex:Named ex:Coded ) .
        ex:Link a sh:NodeShape ; sh:targetClass ex:L ; sh:property [ sh:path ex:to ; sh:node ex:Named ] .";
    check(
        shapes,
        "ex:b1 a ex:B ; ex:name \"n\" ; ex:code \"c\" . ex:b2 a ex:B ; ex:name \"n\" ; ex:code \"c\" , \"d\" .
         ex:x1 a ex:X ; ex:name \"n\" . ex:x2 a ex:X ; ex:name \"n\" ; ex:code \"c\" . ex:x3 a ex:X .
         ex:l1 a ex:L ; ex:to ex:b1 . ex:l2 a ex:L ; ex:to ex:x3 .",
        &[
            ("b2", "", "And"),
            ("l2", "ex:to", "Node"),
            ("x2", "", "Xone"),
            ("x3", "", "Xone"),
        ],
    );
}

#[test]
fn nested_counts_above_the_pairwise_limit_use_a_grouped_subquery() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
             sh:not [ sh:path ex:p ; sh:minCount 5 ] .",
        "ex:few a ex:C ; ex:p 1 , 2 , 3 , 4 . ex:many a ex:C ; ex:p 1 , 2 , 3 , 4 , 5 .",
        &[("many", "", "Not")],
    );
}

#[test]
fn inverse_paths_follow_links_backwards() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:Figures ;
             sh:property [ sh:path [ sh:inversePath ex:figures ] ; sh:minCount 1 ; sh:maxCount 1 ; sh:class ex:Firm ] .",
        "ex:f a ex:Firm ; ex:figures ex:ok . ex:u ex:figures ex:shared . ex:f ex:figures ex:shared .
         ex:ok a ex:Figures . ex:orphan a ex:Figures . ex:shared a ex:Figures .",
        &[
            ("orphan", "^ex:figures", "MinCount"),
            ("shared", "^ex:figures", "Class"),
            ("shared", "^ex:figures", "MaxCount"),
        ],
    );
}

#[test]
fn sequence_and_alternative_paths_compile_to_sparql_paths() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
             sh:property [ sh:path ( ex:in ex:country ) ; sh:hasValue ex:CN ] ;
             sh:property [ sh:path [ sh:alternativePath ( ex:a ex:b ) ] ; sh:minCount 1 ] .",
        "ex:t ex:country ex:CN . ex:ok a ex:C ; ex:in ex:t ; ex:b 1 . ex:bad a ex:C ; ex:in ex:x .",
        &[
            ("bad", "ex:a|ex:b", "MinCount"),
            ("bad", "ex:in/ex:country", "HasValue"),
        ],
    );
}

#[test]
fn nested_property_shapes_take_each_value_as_focus() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
             sh:property [ sh:path ex:part ; sh:property [ sh:path ex:name ; sh:minCount 1 ] ] .",
        "ex:c a ex:C ; ex:part ex:p1 , ex:p2 . ex:p1 ex:name \"n\" .",
        &[("p2", "ex:name", "MinCount")],
    );
}

#[test]
fn severity_and_messages_come_from_the_shape_with_the_constraint() {
    let store = store(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
             sh:property [ sh:path ex:year ; sh:maxInclusive 2025 ; sh:severity sh:Warning ;
                           sh:message \"年份太晚\"@zh , \"year too late\"@en ] ;
             sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
        "ex:c a ex:C ; ex:year 2030 .",
    );
    let report = validate(&store).expect("validation runs");
    assert!(!report.conforms());
    let [name, year] = report.violations.as_slice() else {
        panic!("expected two results, got {:?}", report.violations);
    };
    assert_eq!(year.severity, Severity::Warning);
    assert_eq!(year.message, Message::new("年份太晚", "year too late"));
    assert_eq!(
        year.value.as_deref(),
        Some("\"2030\"^^<http://www.w3.org/2001/XMLSchema#integer>")
    );
    assert_eq!(name.severity, Severity::Violation);
    assert_eq!(name.message.en, "needs at least 1 value(s)");
    assert_eq!(name.shape, "https://example.org/S");
    assert_eq!(report.count(Severity::Warning), 1);
}

#[test]
fn deactivated_shapes_are_skipped() {
    check(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ;
             sh:property [ sh:path ex:name ; sh:minCount 1 ] .
         ex:T a sh:NodeShape ; sh:targetClass ex:C ;
             sh:property [ sh:path ex:code ; sh:minCount 1 ; sh:deactivated true ] .",
        "ex:c a ex:C .",
        &[],
    );
}

#[test]
fn unsupported_constraints_are_errors_naming_shape_and_component() {
    let store = store(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:a ; sh:lessThan ex:b ] .",
        "ex:c a ex:C .",
    );
    let error = validate(&store).expect_err("sh:lessThan is not supported");
    assert_eq!(error.exit_code(), 2);
    let message = error.to_string();
    assert!(
        message.contains(
            "shape https://example.org/S → [sh:path <https://example.org/a>] uses sh:lessThan"
        ),
        "{message}"
    );
    assert!(
        message.contains("sh:LessThanConstraintComponent"),
        "{message}"
    );
    let store = store_closed();
    let message = validate(&store)
        .expect_err("sh:closed is not supported")
        .to_string();
    assert!(
        message.contains("https://example.org/Closed") && message.contains("sh:closed"),
        "{message}"
    );
}

fn store_closed() -> Store {
    store(
        "ex:Closed a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true ; sh:ignoredProperties ( rdf:type ) .",
        "ex:c a ex:C .",
    )
}

#[test]
fn counts_on_node_shapes_are_refused() {
    let store = store(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:minCount 1 .",
        "",
    );
    let message = validate(&store)
        .expect_err("minCount needs a path")
        .to_string();
    assert!(
        message.contains("sh:MinCountConstraintComponent"),
        "{message}"
    );
}

#[test]
fn a_store_without_shapes_is_an_input_error() {
    let store = Store::in_memory().expect("store");
    store
        .load_bytes(
            b"<https://example.org/a> <https://example.org/p> 1 .",
            RdfFormat::Turtle,
            DATA_GRAPH,
            "data",
        )
        .expect("data parse");
    let error = validate(&store).expect_err("no shapes");
    assert_eq!(error.exit_code(), 2);
    assert!(error.to_string().starts_with("no shapes loaded"), "{error}");
}

#[test]
fn results_are_sorted_and_the_table_lists_one_line_each_and_a_summary() {
    let shapes = "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message \"缺少名称\"@zh , \"no name\"@en ] ;
        sh:property [ sh:path ex:year ; sh:datatype xsd:integer ; sh:message \"年份须为整数\"@zh , \"year must be an integer\"@en ] .";
    let data = "<https://w3id.org/innomap/id/zjg/firm/b> a ex:C ; rdfs:label \"乙公司\"@zh , \"B Ltd\"@en ; ex:name \"b\" ; ex:year \"soon\" .
        <https://w3id.org/innomap/id/zjg/firm/a> a ex:C .";
    let report = validate(&store(shapes, data)).expect("validation runs");
    let ids: Vec<_> = report.violations.iter().map(|v| v.id.as_deref()).collect();
    assert_eq!(ids, [Some("a"), Some("b")]);
    assert_eq!(report.violations[1].label.zh.as_deref(), Some("乙公司"));
    let mut zh = Vec::new();
    write_validation_report(&report, Lang::Zh, &mut zh).expect("write");
    let zh = String::from_utf8(zh).expect("utf-8");
    let lines: Vec<_> = zh.lines().collect();
    assert_eq!(lines.len(), 3, "{zh}");
    assert!(
        lines[0].starts_with("违规")
            && lines[0].contains("a  ")
            && lines[0].contains("S/<https://example.org/name>")
    );
    assert!(lines[0].ends_with("缺少名称"), "{zh}");
    assert!(
        lines[1].contains("b (乙公司)") && lines[1].ends_with("年份须为整数（值：soon）"),
        "{zh}"
    );
    assert_eq!(
        lines[2],
        "不符合：2 个问题（2 个违规，0 个警告，0 个提示），涉及 2 个实体；已检查 1 个形状"
    );
    let mut en = Vec::new();
    write_validation_report(&report, Lang::En, &mut en).expect("write");
    let en = String::from_utf8(en).expect("utf-8");
    assert!(
        en.contains("b (B Ltd)") && en.contains("year must be an integer (value: soon)"),
        "{en}"
    );
    let json = serde_json::to_value(&report).expect("json");
    assert_eq!(json["conforms"], false);
    assert_eq!(
        json["violations"][0]["component"],
        "sh:MinCountConstraintComponent"
    );
    assert_eq!(json["violations"][0]["path"], "<https://example.org/name>");
}

#[test]
fn a_conforming_store_gives_one_summary_line() {
    let report =
        validate(&store(PERSON_COUNTS, "ex:p a ex:Person ; ex:name \"p\" .")).expect("runs");
    assert!(report.conforms());
    let mut out = Vec::new();
    write_validation_report(&report, Lang::En, &mut out).expect("write");
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        "conforms: checked against 1 shapes, no problems found\n"
    );
}

/// The bundled shapes, with the ontology: a small map that keeps every rule, and one that breaks
/// many, give exactly the expected results.
fn bundled_store(data: &str) -> Store {
    let store = Store::in_memory().expect("store");
    store
        .load_bytes(
            include_str!("../../../data/ontology.ttl").as_bytes(),
            RdfFormat::Turtle,
            vocab::GRAPH_ONTOLOGY,
            "data/ontology.ttl",
        )
        .expect("ontology parses");
    store
        .load_bytes(
            include_str!("../../../data/shapes.ttl").as_bytes(),
            RdfFormat::Turtle,
            vocab::GRAPH_SHAPES,
            "data/shapes.ttl",
        )
        .expect("shapes parse");
    store
        .load_bytes(data.as_bytes(), RdfFormat::Turtle, DATA_GRAPH, "fixture")
        .expect("fixture parses");
    store
}

const MAP_PREFIXES: &str = "@prefix im: <https://w3id.org/innomap/def#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    @prefix schema: <https://schema.org/> .
    @prefix org: <http://www.w3.org/ns/org#> .
    @prefix dcterms: <http://purl.org/dc/terms/> .
    @prefix place: <https://w3id.org/innomap/id/cn/place/> .
    @prefix chain: <https://w3id.org/innomap/id/zjg/chain/> .
    @prefix cap: <https://w3id.org/innomap/id/cn/capability/> .
    @prefix firm: <https://w3id.org/innomap/id/zjg/firm/> .
    @prefix uni: <https://w3id.org/innomap/id/cn/university/> .
    @prefix dir: <https://w3id.org/innomap/id/zjg/direction/> .
    @prefix collab: <https://w3id.org/innomap/id/zjg/collaboration/> .
    place:zhangjiagang a im:Place , schema:Place ; rdfs:label \"张家港\"@zh , \"Zhangjiagang\"@en ;
        im:placeType im:City ; im:provenance im:Verified ; dcterms:source \"gov.cn\" .
    chain:steel a im:Chain , skos:Concept ; rdfs:label \"钢铁\"@zh , \"steel\"@en ;
        skos:prefLabel \"钢铁\"@zh , \"steel\"@en ; skos:inScheme <https://w3id.org/innomap/id/zjg/scheme/chains> ;
        im:chainGroup im:LeadingChain ; im:provenance im:PlanText .
    cap:a a im:Capability , skos:Concept ; rdfs:label \"甲\"@zh , \"A\"@en ; skos:prefLabel \"甲\"@zh , \"A\"@en ;
        skos:inScheme <https://w3id.org/innomap/id/cn/scheme/capabilities> ; im:provenance im:Illustrative .
    cap:b a im:Capability , skos:Concept ; rdfs:label \"乙\"@zh , \"B\"@en ; skos:prefLabel \"乙\"@zh , \"B\"@en ;
        skos:inScheme <https://w3id.org/innomap/id/cn/scheme/capabilities> ; im:provenance im:Illustrative .
    cap:c a im:Capability , skos:Concept ; rdfs:label \"丙\"@zh , \"C\"@en ; skos:prefLabel \"丙\"@zh , \"C\"@en ;
        skos:inScheme <https://w3id.org/innomap/id/cn/scheme/capabilities> ; im:provenance im:Illustrative .
    uni:sjtu a im:University , schema:CollegeOrUniversity ; rdfs:label \"上海交通大学\"@zh , \"SJTU\"@en ;
        im:locatedIn place:zhangjiagang ; im:provenance im:Verified ; dcterms:source <https://www.sjtu.edu.cn/> .
    ";

const GOOD_MAP: &str = "firm:shagang a im:Firm , schema:Corporation ; rdfs:label \"沙钢\"@zh , \"Shagang\"@en ;
        im:inChain chain:steel ; im:locatedIn place:zhangjiagang ; im:tier im:HighTechEnterprise ;
        im:creditCode \"91320582134789270D\" ; im:foundedYear 1975 ; im:provenance im:PlanText .
    dir:T01 a im:Direction , skos:Concept ; rdfs:label \"方向一\"@zh , \"direction one\"@en ;
        skos:prefLabel \"方向一\"@zh , \"direction one\"@en ; skos:inScheme <https://w3id.org/innomap/id/zjg/scheme/directions> ;
        skos:notation \"T01\" ; im:inChain chain:steel ; im:requiresCapability cap:a , cap:b , cap:c ;
        im:provenance im:PlanText .
    collab:c1 a im:Collaboration , schema:Project ; im:collaborationKind im:JointProject ; im:year 2021 ;
        im:participant firm:shagang , uni:sjtu ; im:lead firm:shagang ; im:provenance im:Illustrative .";

#[test]
fn bundled_shapes_accept_a_map_that_keeps_every_rule() {
    let report = validate(&bundled_store(&format!("{MAP_PREFIXES}{GOOD_MAP}"))).expect("runs");
    assert!(report.conforms(), "{:#?}", report.violations);
    assert!(report.shapes >= 25, "{} shapes", report.shapes);
}

#[test]
fn bundled_shapes_report_each_broken_rule() {
    let broken = "firm:Bad_Firm a im:Firm , schema:Corporation ; rdfs:label \"坏\"@zh ;
            im:locatedIn place:zhangjiagang ; im:provenance im:Verified .
        dir:T02 a im:Direction , skos:Concept ; rdfs:label \"方向二\"@zh , \"direction two\"@en ;
            skos:prefLabel \"方向二\"@zh , \"direction two\"@en ; skos:inScheme <https://w3id.org/innomap/id/zjg/scheme/directions> ;
            skos:notation \"T2\" ; im:inChain chain:steel ; im:requiresCapability cap:a , cap:b ;
            im:provenance im:PlanText .
        collab:c2 a im:Collaboration , schema:Project ; im:collaborationKind im:JointProject ; im:year 2014 ;
            im:participant uni:sjtu ; im:provenance im:Illustrative .";
    let report = validate(&bundled_store(&format!("{MAP_PREFIXES}{broken}"))).expect("runs");
    let found: BTreeSet<(String, String, String)> = report
        .violations
        .iter()
        .map(|v| {
            (
                v.id.clone().unwrap_or_default(),
                v.path.clone().unwrap_or_default(),
                v.component.clone(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, String)> = [
        ("Bad_Firm", "", "sh:PatternConstraintComponent"),
        ("Bad_Firm", "", "sh:OrConstraintComponent"),
        (
            "Bad_Firm",
            "rdfs:label",
            "sh:QualifiedMinCountConstraintComponent",
        ),
        ("Bad_Firm", "im:inChain", "sh:MinCountConstraintComponent"),
        ("T02", "skos:notation", "sh:PatternConstraintComponent"),
        (
            "T02",
            "im:requiresCapability",
            "sh:MinCountConstraintComponent",
        ),
        ("c2", "im:year", "sh:MinInclusiveConstraintComponent"),
        ("c2", "im:participant", "sh:MinCountConstraintComponent"),
    ]
    .iter()
    .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
    .collect();
    assert_eq!(found, expected);
    // A node shape's value is the entity itself: the table names it once, not again as a value.
    let mut table = Vec::new();
    write_validation_report(&report, Lang::En, &mut table).expect("write");
    let table = String::from_utf8(table).expect("utf-8");
    let pattern_line = table
        .lines()
        .find(|line| line.contains("Bad_Firm") && line.contains("a firm's IRI must be"))
        .expect("a line for the id pattern");
    assert!(!pattern_line.contains("(value:"), "{pattern_line}");
    assert!(table.contains("(value: 2014)"), "{table}");
}
