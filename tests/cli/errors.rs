//! Bad input of every kind: one sentence on stderr naming the place, exit code 2.

use crate::common::*;

#[test]
fn a_sparql_syntax_error_names_line_and_column() {
    let run = innomap(&[
        "query",
        "-e",
        "SELECT ?x WHERE {\n  ?x a im:Firm \n  FILTER( }",
    ])
    .expect_code(2);
    let line = run.one_line_error();
    assert!(
        line.contains("SPARQL syntax error at line 3, column"),
        "{line}"
    );
}

#[test]
fn an_unknown_canned_query_suggests_close_names() {
    let run = innomap(&["query", "chain-resource"]).expect_code(2);
    let line = run.one_line_error();
    assert!(line.contains("unknown query 'chain-resource'"), "{line}");
    assert!(line.contains("chain-resources"), "{line}");
}

#[test]
fn an_unknown_entity_parameter_exits_2_with_suggestions() {
    let run = innomap(&["query", "firm-collaborators", "--param", "firm=shagan"]).expect_code(2);
    let line = run.one_line_error();
    assert!(
        line.contains("unknown firm for parameter firm 'shagan'"),
        "{line}"
    );
    assert!(line.contains("did you mean shagang"), "{line}");
}

#[test]
fn a_company_suffix_only_feeds_suggestions_never_resolution() {
    // 张家港沙钢有限公司 is no label of Shagang's; stripped of its suffix it is close to one, which
    // may suggest Shagang but must not pick it.
    let run = innomap(&[
        "query",
        "firm-collaborators",
        "--param",
        "firm=张家港沙钢有限公司",
    ])
    .expect_code(2);
    let line = run.one_line_error();
    assert!(line.contains("unknown firm"), "{line}");
    assert!(line.contains("did you mean shagang"), "{line}");
    // Labels and aliases resolve exactly, whatever their width and spacing.
    for name in [
        "江苏沙钢集团有限公司",
        "沙钢",
        " Shagang  Group ",
        "ＳＨＡＧＡＮＧ ＧＲＯＵＰ",
    ] {
        let param = format!("firm={name}");
        let run = innomap(&[
            "query",
            "firm-collaborators",
            "--param",
            &param,
            "--format",
            "tsv",
        ])
        .ok();
        assert!(run.stdout.lines().count() > 5, "{name}: {}", run.stdout);
    }
}

#[test]
fn an_ambiguous_label_lists_the_candidates_with_ids() {
    let run = innomap(&["query", "firm-collaborators", "--param", "firm=华昌"]).expect_code(2);
    let line = run.one_line_error();
    assert!(line.contains("ambiguous"), "{line}");
    assert!(
        line.matches(" (").count() >= 2,
        "two candidates with labels: {line}"
    );
}

#[test]
fn a_required_parameter_that_is_missing_is_named() {
    let run = innomap(&["query", "firm-collaborators"]).expect_code(2);
    assert!(
        run.one_line_error().contains("needs --param firm=VALUE"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_parameter_of_the_wrong_type_is_refused() {
    let run = innomap(&["query", "hte-candidates", "--param", "as_of=last year"]).expect_code(2);
    assert!(
        run.one_line_error()
            .contains("parameter as_of: 'last year' is not an integer"),
        "{}",
        run.stderr
    );
    let run = innomap(&["query", "chain-resources", "--param", "colour=red"]).expect_code(2);
    assert!(
        run.one_line_error().contains("has no parameter 'colour'"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_wrong_option_value_is_a_usage_error() {
    innomap(&["query", "kind-counts", "--format", "yaml"]).expect_code(2);
    innomap(&["--lang", "fr", "stats"]).expect_code(2);
    innomap(&["query", "kind-counts", "--format", "turtle"]).expect_code(2);
}
