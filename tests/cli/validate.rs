//! `innomap validate`: the bundled data conforms; a fixture that breaks a shape fails, naming the entity.

use crate::common::*;

#[test]
fn the_bundled_data_conforms() {
    innomap(&["validate"]).ok();
}

#[test]
fn a_broken_entity_is_named_and_the_exit_code_is_1() {
    let dir = TempDir::new("validate");
    let broken = dir.write(
        "broken.ttl",
        "@prefix im: <https://w3id.org/innomap/def#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
         <https://w3id.org/innomap/id/zjg/firm/no-english> a im:Firm ; rdfs:label \"无英文名企业\"@zh ;\n\
           im:provenance im:Illustrative ; im:inChain <https://w3id.org/innomap/id/zjg/chain/metallurgy> ;\n\
           im:locatedIn <https://w3id.org/innomap/id/zjg/place/jinfeng> .\n",
    );
    let run = innomap(&["--data", &broken, "validate"]).expect_code(1);
    assert!(run.stdout.contains("no-english"), "{}", run.stdout);
    assert!(run.stderr.contains("shape violation"), "{}", run.stderr);
    let json = innomap(&["--data", &broken, "validate", "--format", "json"]).expect_code(1);
    assert!(
        json.stdout
            .contains("https://w3id.org/innomap/id/zjg/firm/no-english")
    );
}
