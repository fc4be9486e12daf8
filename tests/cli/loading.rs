//! Loading RDF: every syntax by extension, atomic failure with file, line and column.

use crate::common::*;
use innomap::{RdfFormat, Store};

const GOOD: &str = "@prefix ex: <http://example.org/> .\nex:a ex:p \"一\" .\nex:b ex:p \"二\" .\n";

#[test]
fn malformed_turtle_is_rejected_whole_with_its_position() {
    let dir = TempDir::new("bad-turtle");
    let bad = dir.write(
        "bad.ttl",
        "@prefix ex: <http://example.org/> .\nex:a ex:p \"ok\" .\nex:b ex:p ex:c ex:d .\n",
    );
    let run = innomap(&["--no-default-data", "load", &bad]).expect_code(2);
    let line = run.one_line_error();
    assert!(line.contains("bad.ttl:3:"), "{line}");
    assert!(line.contains("nothing was loaded"), "{line}");
    let run = innomap(&["--data", &bad, "stats"]).expect_code(2);
    assert!(
        run.one_line_error().contains("bad.ttl:3:"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_failed_load_leaves_the_store_exactly_as_it_was() {
    let store = Store::in_memory().unwrap();
    store
        .load_bytes(
            GOOD.as_bytes(),
            RdfFormat::Turtle,
            "http://example.org/g",
            "good",
        )
        .unwrap();
    let before = store.dump_sorted_nquads().unwrap();
    // The first two triples parse; the third line is broken, so nothing of the file may land — not
    // even in the graph it would have replaced.
    let broken = "@prefix ex: <http://example.org/> .\nex:x ex:p \"1\" .\nex:y ex:p \"2\" .\nex:z ex:p \"3 .\n";
    let error = store
        .load_bytes(
            broken.as_bytes(),
            RdfFormat::Turtle,
            "http://example.org/g",
            "broken.ttl",
        )
        .unwrap_err();
    assert_eq!(error.exit_code(), 2);
    assert!(error.to_string().starts_with("broken.ttl:4:"), "{error}");
    assert_eq!(store.dump_sorted_nquads().unwrap(), before);
}

#[test]
fn loading_the_same_file_twice_replaces_its_graph() {
    let store = Store::in_memory().unwrap();
    let dir = TempDir::new("reload");
    let file = dir.write("a.ttl", GOOD);
    let first = store.load_file(std::path::Path::new(&file), None).unwrap();
    let second = store.load_file(std::path::Path::new(&file), None).unwrap();
    assert_eq!((first.quads, first.replaced), (2, 0));
    assert_eq!((second.quads, second.replaced), (2, 2));
    assert_eq!(store.len().unwrap(), 2);
}

#[test]
fn every_rdf_syntax_loads_by_extension() {
    let dir = TempDir::new("syntaxes");
    let files = [
        dir.write("a.ttl", "<http://e/a> <http://e/p> \"t\" ."),
        dir.write("b.nt", "<http://e/b> <http://e/p> \"n\" .\n"),
        dir.write("c.nq", "<http://e/c> <http://e/p> \"q\" <http://e/g> .\n"),
        dir.write("d.trig", "<http://e/g2> { <http://e/d> <http://e/p> \"g\" }"),
        dir.write(
            "e.rdf",
            "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\"><rdf:Description rdf:about=\"http://e/e\"><e:p>x</e:p></rdf:Description></rdf:RDF>",
        ),
        dir.write("f.jsonld", "{\"@id\": \"http://e/f\", \"http://e/p\": \"j\"}"),
    ];
    let mut args = vec!["--no-default-data", "load"];
    args.extend(files.iter().map(String::as_str));
    let run = innomap(&args).ok();
    assert_eq!(run.stdout.lines().count(), 6, "{}", run.stdout);
    let mut args = vec!["--no-default-data"];
    for file in &files {
        args.extend(["--data", file.as_str()]);
    }
    args.extend([
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://e/p> ?o }",
        "--format",
        "tsv",
    ]);
    let run = innomap(&args).ok();
    assert_eq!(run.stdout.lines().nth(1), Some("6"), "{}", run.stdout);
}

#[test]
fn an_unknown_extension_asks_for_a_format() {
    let dir = TempDir::new("ext");
    let file = dir.write("a.txt", GOOD);
    let run = innomap(&["--no-default-data", "load", &file]).expect_code(2);
    assert!(
        run.one_line_error().contains("give --format"),
        "{}",
        run.stderr
    );
    innomap(&["--no-default-data", "load", "--format", "turtle", &file]).ok();
}
