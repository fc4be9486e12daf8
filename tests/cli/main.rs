//! The integration tests: they drive the built `innomap` binary on the bundled data and small fixtures.

mod analyze;
mod architecture;
mod battery;
mod common;
mod crosscheck;
mod derived;
mod engine;
mod errors;
mod evaluate;
mod export;
mod import;
mod loading;
mod matching;
mod people;
mod queries;
mod score;
mod serve;
mod stats;
mod store;
mod validate;
mod workbench;

/// The README's test command ends on the suite's own summary: CI's log used to end on the doctests'
/// "0 passed; 0 failed", which hid what ran.
#[test]
fn the_test_script_runs_the_suite_last() {
    let script = std::fs::read_to_string(common::repo().join("scripts/test")).unwrap();
    let doctests = script.find("--doc").expect("the script runs the doctests");
    let suite = script.find("nextest run").expect("the script runs nextest");
    assert!(doctests < suite, "the doctests run after the suite");
}
