//! The derived graph (src/store/derived.rs): the canned queries that read derived facts answer
//! exactly as their plain forms (tests/fixtures/plain-queries/*.rq, the queries as they were) on the
//! bundled map and on generated data, and still do after writes — a load, a bulk load, a SPARQL
//! update through `serve --writable` — and after a process stopped between a write and the refresh.

use crate::common::{TempDir, innomap, repo};

/// The canned queries that read derived facts, each with its plain form and the parameter sets
/// it is compared under.
const DERIVED_QUERIES: &[(&str, &str, &[&[&str]])] = &[
    (
        "pool-no-patents",
        "tests/fixtures/plain-queries/pool-no-patents.rq",
        &[&[]],
    ),
    (
        "pool-no-rd",
        "tests/fixtures/plain-queries/pool-no-rd.rq",
        &[&[]],
    ),
    (
        "pool-no-cooperation",
        "tests/fixtures/plain-queries/pool-no-cooperation.rq",
        &[&[]],
    ),
    (
        "resource-load",
        "tests/fixtures/plain-queries/resource-load.rq",
        &[&[]],
    ),
    (
        "collaboration-trend",
        "tests/fixtures/plain-queries/collaboration-trend.rq",
        &[&[]],
    ),
    (
        "hte-candidates",
        "tests/fixtures/plain-queries/hte-candidates.rq",
        &[&[], &["as_of=2024"], &["as_of=2025"], &["as_of=2030"]],
    ),
    (
        "direction-gaps",
        "tests/fixtures/plain-queries/direction-gaps.rq",
        &[&[], &["direction=T05"]],
    ),
    (
        "single-holder-capabilities",
        "tests/fixtures/plain-queries/single-holder-capabilities.rq",
        &[&[], &["direction=T19"]],
    ),
    (
        "international-partners",
        "tests/fixtures/plain-queries/international-partners.rq",
        &[&[], &["country=US"], &["country=DE"]],
    ),
    (
        "chain-overview",
        "tests/fixtures/plain-queries/chain-overview.rq",
        &[&[]],
    ),
    (
        "tier-counts",
        "tests/fixtures/plain-queries/tier-counts.rq",
        &[&[]],
    ),
    (
        "kind-counts",
        "tests/fixtures/plain-queries/kind-counts.rq",
        &[&[]],
    ),
    (
        "firm-ladder",
        "tests/fixtures/plain-queries/firm-ladder.rq",
        &[&[]],
    ),
];

/// Runs every canned query that reads derived facts and its plain form with `base` arguments
/// (a store or data files), and returns the mismatches; also that the answers have rows.
fn mismatches(base: &[&str]) -> (Vec<String>, usize) {
    let mut wrong = Vec::new();
    let mut rows = 0;
    for (name, plain, variants) in DERIVED_QUERIES {
        let plain = repo().join(plain);
        for params in *variants {
            let run = |query: &str| {
                let mut args: Vec<&str> = base.to_vec();
                args.extend(["query", query, "--format", "json"]);
                for p in *params {
                    args.extend(["--param", p]);
                }
                innomap(&args).ok().stdout
            };
            let canned = run(name);
            let expected = run(plain.to_str().unwrap());
            let answer: serde_json::Value =
                serde_json::from_str(&canned).expect("a SPARQL JSON answer");
            rows += answer["results"]["bindings"].as_array().map_or(0, Vec::len);
            if canned != expected {
                wrong.push(format!(
                    "{name} {params:?}: the canned query and its plain form differ\n  canned: {}\n  plain:  {}",
                    canned.chars().take(600).collect::<String>(),
                    expected.chars().take(600).collect::<String>()
                ));
            }
        }
    }
    (wrong, rows)
}

#[test]
fn derived_queries_answer_as_their_plain_forms_on_the_bundled_map() {
    let (wrong, rows) = mismatches(&[]);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(rows > 100, "only {rows} rows compared");
}

#[test]
fn derived_queries_answer_as_their_plain_forms_on_generated_data() {
    let dir = TempDir::new("derived-generated");
    let data = dir.0.join("generated.nt");
    let data = data.to_str().unwrap();
    innomap(&["generate", "--scale", "800", "--seed", "5", "-o", data]).ok();
    let (wrong, rows) = mismatches(&["--data", data]);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(rows > 300, "only {rows} rows compared");
}

/// The first column of `query NAME` as ids, in order.
#[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
fn firms(base: &[&str], name: &str) -> Vec<String> {
    let mut args = base.to_vec();
    args.extend(["query", name, "--format", "csv", "--no-bom"]);
    innomap(&args)
        .ok()
        .stdout
        .lines()
        .skip(1)
        .map(|line| {
            let iri = line.split(',').next().unwrap_or_default();
            crate::common::id(iri).to_owned()
        })
        .collect()
}

/// A patent held by `firm` (an id of the bundled map) and a new tech SME in 塘桥 without one.
#[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
fn changes_to_the_pools(firm: &str) -> String {
    format!(
        "@prefix im: <https://w3id.org/innomap/def#> .\n\
         @prefix dcterms: <http://purl.org/dc/terms/> .\n\
         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
         <https://w3id.org/innomap/id/zjg/patent/test-1> a im:Patent ;\n\
           dcterms:rightsHolder <https://w3id.org/innomap/id/zjg/firm/{firm}> .\n\
         <https://w3id.org/innomap/id/zjg/firm/test-newcomer> a im:Firm ;\n\
           rdfs:label \"测试新企业\"@zh , \"Test Newcomer\"@en ;\n\
           im:tier im:TechSME ; im:inChain <https://w3id.org/innomap/id/zjg/chain/textiles> ;\n\
           im:locatedIn <https://w3id.org/innomap/id/zjg/place/tangqiao> .\n"
    )
}

#[cfg(feature = "rocksdb")]
mod on_disk {
    use super::*;
    use crate::serve::Server;

    fn manifest(store: &std::path::Path) -> String {
        std::fs::read_to_string(store.join("innomap-store")).expect("the manifest reads")
    }

    #[test]
    fn a_write_recomputes_only_the_sets_that_read_what_it_touched() {
        let dir = TempDir::new("derived-footprint");
        let store = dir.0.join("store");
        let s = store.to_str().unwrap();
        let base = ["--store", s];
        let before = firms(&base, "pool-no-patents");
        // A note on a firm: no derived set reads rdfs:comment.
        let note = dir.write(
            "note.ttl",
            &format!(
                "<https://w3id.org/innomap/id/zjg/firm/{}> <http://www.w3.org/2000/01/rdf-schema#comment> \"走访记录\"@zh .\n",
                before[0]
            ),
        );
        let load = innomap(&["--store", s, "load", &note]).ok();
        assert!(
            load.stderr.contains("derived facts") && load.stderr.contains("unchanged"),
            "{}",
            load.stderr
        );
        // A patent: the sets that read patents are recomputed, the others left as they were, and
        // every canned query still answers as its plain form.
        let patent = dir.write(
            "patent.ttl",
            &format!(
                "<https://w3id.org/innomap/id/zjg/patent/test-fp> a <https://w3id.org/innomap/def#Patent> ;\n\
                 <http://purl.org/dc/terms/rightsHolder> <https://w3id.org/innomap/id/zjg/firm/{}> .\n",
                before[0]
            ),
        );
        let load = innomap(&["--store", s, "load", &patent]).ok();
        assert!(
            load.stderr.contains("sets recomputed") && load.stderr.contains("left as they were"),
            "{}",
            load.stderr
        );
        assert_eq!(firms(&base, "pool-no-patents"), before[1..].to_vec());
        let (wrong, _) = mismatches(&base);
        assert!(wrong.is_empty(), "after a load: {}", wrong.join("\n"));
        // Removing the note again (an empty file in its place) touches what it held, and only that.
        std::fs::write(&note, "").unwrap();
        let load = innomap(&["--store", s, "load", &note]).ok();
        assert!(load.stderr.contains("unchanged"), "{}", load.stderr);
    }

    #[test]
    fn every_write_refreshes_the_derived_facts() {
        let dir = TempDir::new("derived-writes");
        let store = dir.0.join("store");
        let s = store.to_str().unwrap();
        let base = ["--store", s];
        let before = firms(&base, "pool-no-patents");
        let leaving = before[0].clone();
        assert!(!before.contains(&"test-newcomer".to_owned()));

        // A load: the firm with a patent leaves the pool, the newcomer enters it.
        let file = dir.write("changes.ttl", &changes_to_the_pools(&leaving));
        let load = innomap(&["--store", s, "load", &file]).ok();
        assert!(
            load.stderr.contains("derived facts refreshed"),
            "{}",
            load.stderr
        );
        assert!(
            manifest(&store).contains("derived = "),
            "{}",
            manifest(&store)
        );
        // The same file again: the derived graphs stay as they are, and nothing is rewritten.
        let again = innomap(&["--store", s, "load", &file]).ok();
        assert!(again.stderr.contains(" 0 changed"), "{}", again.stderr);
        let after = firms(&base, "pool-no-patents");
        assert!(!after.contains(&leaving), "{leaving} is still in the pool");
        assert!(after.contains(&"test-newcomer".to_owned()), "{after:?}");
        let (wrong, _) = mismatches(&base);
        assert!(wrong.is_empty(), "after a load: {}", wrong.join("\n"));

        // A process stopped between a write and its refresh leaves the manifest's derived stamp
        // behind the generation: the next read refreshes first.
        let text = manifest(&store);
        let stale: String = text
            .lines()
            .filter(|line| !line.starts_with("derived = "))
            .map(|line| format!("{line}\n"))
            .collect();
        std::fs::write(store.join("innomap-store"), stale).unwrap();
        assert_eq!(firms(&base, "pool-no-patents"), after);
        assert!(
            manifest(&store).contains("derived = "),
            "the read did not record its refresh"
        );
        // Derived graphs stamped by a binary with other derived sets are refreshed as well.
        let current = manifest(&store);
        let other: String = current
            .lines()
            .map(|line| match line.split_once(" sets-") {
                Some((head, _)) if line.starts_with("derived = ") => {
                    format!("{head} sets-0000000000000000\n")
                }
                _ => format!("{line}\n"),
            })
            .collect();
        assert_ne!(other, current, "{current}");
        std::fs::write(store.join("innomap-store"), other).unwrap();
        // A read refreshes them first, and records it.
        innomap(&["--store", s, "query", "pool-no-patents", "--format", "csv"]).ok();
        assert_eq!(manifest(&store), current, "the refresh was not recorded");

        // A bulk load: a patent for the next firm in the pool, which leaves it.
        let next = after[0].clone();
        let bulk = dir.write(
            "changes-bulk.ttl",
            &format!(
                "<https://w3id.org/innomap/id/zjg/patent/test-2> a <https://w3id.org/innomap/def#Patent> ;\n\
                 <http://purl.org/dc/terms/rightsHolder> <https://w3id.org/innomap/id/zjg/firm/{next}> .\n"
            ),
        );
        innomap(&["--store", s, "load", "--bulk", &bulk]).ok();
        let after_bulk = firms(&base, "pool-no-patents");
        assert_eq!(after_bulk, after[1..].to_vec());

        // A SPARQL update through the server: the newcomer gets a patent and leaves the pool at once.
        let server = Server::start_with_env(
            &["--store", s, "--writable"],
            &[("INNOMAP_TOKEN", "s3cret")],
        );
        let update = "PREFIX im: <https://w3id.org/innomap/def#> \
             PREFIX dcterms: <http://purl.org/dc/terms/> \
             INSERT DATA { GRAPH <https://example.org/update> { \
               <https://example.org/patent-2> a im:Patent ; \
                 dcterms:rightsHolder <https://w3id.org/innomap/id/zjg/firm/test-newcomer> } }";
        let auth = [("Authorization", "Bearer s3cret")];
        let reply = server.post("/update", "application/sparql-update", update, &auth);
        assert_eq!(reply.status, 204, "{}", reply.text());
        let rows = server.select(
            "PREFIX im: <https://w3id.org/innomap/def#> SELECT ?firm WHERE { ?e im:inPool im:PoolNoPatents ; im:entryFirm ?firm }",
        );
        assert!(
            !rows
                .iter()
                .any(|row| row["firm"].ends_with("/test-newcomer")),
            "the update left the newcomer in the pool"
        );
        drop(server);
        let (wrong, _) = mismatches(&base);
        assert!(wrong.is_empty(), "after an update: {}", wrong.join("\n"));
    }
}
