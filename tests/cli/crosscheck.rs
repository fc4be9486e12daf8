//! Independent oracles, run from the test suite: rdflib re-runs every canned query and re-computes
//! every firm's score, pySHACL re-validates the data. Without Python's packages these tests say so
//! and skip — unless tools are required (`CI=true` or `INNOMAP_REQUIRE_TOOLS=1`, as `scripts/test`
//! sets), when they fail.

use crate::common::{python_has, repo};
use std::process::Command;

fn run_script(script: &str) {
    let output = Command::new("python3")
        .arg(repo().join("tests").join(script))
        .env("INNOMAP_BIN", env!("CARGO_BIN_EXE_innomap"))
        .current_dir(repo())
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{script} found disagreements:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

#[test]
fn every_canned_query_agrees_with_rdflib() {
    if python_has(&["rdflib"]) {
        run_script("sparql_crosscheck.py");
    }
}

#[test]
fn validation_agrees_with_pyshacl() {
    if python_has(&["rdflib", "pyshacl"]) {
        run_script("shacl_crosscheck.py");
    }
}

#[test]
fn scores_agree_with_an_rdflib_recomputation() {
    if python_has(&["rdflib"]) {
        run_script("score_crosscheck.py");
    }
}
