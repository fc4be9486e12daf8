//! Every indicator of the three default models measured on a hand-sized map
//! (`tests/fixtures/scoring/small-map.ttl`) and compared with the value computed by hand from it: the
//! population each model scores, each value, what is missing, and the year windows.

use super::*;
use crate::store::Store;
use oxigraph::io::RdfFormat;
use std::collections::BTreeMap;

const ONTOLOGY: &str = include_str!("../../../data/ontology.ttl");
const MAP: &str = include_str!("../../../tests/fixtures/scoring/small-map.ttl");
const T: &str = "https://w3id.org/innomap/id/t/";

fn store() -> Store {
    let store = Store::in_memory().expect("an in-memory store");
    store
        .load_bytes(
            ONTOLOGY.as_bytes(),
            RdfFormat::Turtle,
            "urn:test:ontology",
            "data/ontology.ttl",
        )
        .expect("the ontology parses");
    store
        .load_bytes(
            MAP.as_bytes(),
            RdfFormat::Turtle,
            "urn:test:map",
            "small-map.ttl",
        )
        .expect("the fixture parses");
    store
}

/// Entity (local name) → indicator id → value, for `kind`'s default model in `year`.
fn measured(store: &Store, kind: &str, year: i64) -> BTreeMap<String, BTreeMap<String, f64>> {
    let model = default_model(kind).unwrap().unwrap();
    measure(store, &model, year)
        .expect("the measures run")
        .observations
        .into_iter()
        .map(|o| {
            let name = o.entity.strip_prefix(T).unwrap_or(&o.entity).to_owned();
            (name, o.values.into_iter().collect())
        })
        .collect()
}

/// Checks every indicator of every entity: `expected` gives (indicator, value) with `None` for a
/// value that must be missing, and covers every indicator of the model.
fn check(
    got: &BTreeMap<String, BTreeMap<String, f64>>,
    entity: &str,
    expected: &[(&str, Option<f64>)],
) {
    let values = got
        .get(entity)
        .unwrap_or_else(|| panic!("{entity} is not scored: {:?}", got.keys()));
    for (indicator, value) in expected {
        match (value, values.get(*indicator)) {
            (Some(want), Some(have)) => assert!(
                (want - have).abs() < 1e-9,
                "{entity} {indicator}: measured {have}, by hand {want}"
            ),
            (None, None) => {}
            (want, have) => panic!("{entity} {indicator}: measured {have:?}, by hand {want:?}"),
        }
    }
    let named: Vec<&str> = expected.iter().map(|(i, _)| *i).collect();
    for indicator in values.keys() {
        assert!(
            named.contains(&indicator.as_str()),
            "{entity}: {indicator} is not checked"
        );
    }
}

fn population(got: &BTreeMap<String, BTreeMap<String, f64>>) -> Vec<&str> {
    got.keys().map(String::as_str).collect()
}

#[test]
fn firm_indicators_are_what_the_hand_computation_gives() {
    let store = store();
    let model = default_model("firm").unwrap().unwrap();
    assert_eq!(model.model.indicators().count(), 13);
    let got = measured(&store, "firm", 2025);
    // The city's own firms: fx sits outside the city.
    assert_eq!(population(&got), ["f1", "f2", "f3"]);
    check(
        &got,
        "f1",
        &[
            ("rd-intensity", Some(5.0)),         // 60 / 1200 × 100
            ("rd-spend", Some(60.0)),            // 2025 R&D spend
            ("st-share", Some(20.0)),            // 12 / 60 × 100
            ("invention-patents", Some(3.0)),    // p1 2020, p2 2024, p3 2025
            ("patent-growth", Some(2.0)),        // p2, p3 in 2023–2025
            ("high-tech-share", Some(75.0)),     // 900 / 1200 × 100
            ("revenue-growth", Some(20.0)),      // (1200 / 1000 − 1) × 100
            ("tier", Some(2.0)),                 // high-tech enterprise
            ("rd-institutions", Some(1.0)),      // inst1
            ("research-cooperation", Some(2.0)), // u1 (col1 2025), lab1 (col2 2024)
            ("consortia", Some(1.0)),            // cons1 (leader, 2024)
            ("talents", Some(1.0)),              // person1
            ("venture-funding", Some(1.0)),      // inv1 2024 (inv2 2021 is outside the window)
        ],
    );
    check(
        &got,
        "f2",
        &[
            ("rd-intensity", Some(2.0)), // 10 / 500 × 100
            ("rd-spend", Some(10.0)),
            ("st-share", Some(10.0)),         // 2 / 20 × 100
            ("invention-patents", Some(1.0)), // p4 2023
            ("patent-growth", Some(1.0)),     // p4 in 2023–2025
            ("high-tech-share", None),        // no high-tech revenue reported
            ("revenue-growth", None),         // no 2024 figures
            ("tier", Some(1.0)),              // tech SME
            ("rd-institutions", Some(0.0)),
            ("research-cooperation", Some(0.0)), // col3 (u1) is 2022; col4 is with a firm
            ("consortia", Some(1.0)),            // cons1 member; cons2 is formed in 2026
            ("talents", Some(0.0)),
            ("venture-funding", Some(1.0)), // inv3 2025
        ],
    );
    check(
        &got,
        "f3",
        &[
            ("rd-intensity", None), // no annual figures at all
            ("rd-spend", None),
            ("st-share", None),
            ("invention-patents", Some(0.0)), // p5 is granted in 2026
            ("patent-growth", Some(0.0)),
            ("high-tech-share", None),
            ("revenue-growth", None),
            ("tier", Some(0.0)), // no tier
            ("rd-institutions", Some(0.0)),
            ("research-cooperation", Some(0.0)),
            ("consortia", Some(0.0)),
            ("talents", Some(0.0)),
            ("venture-funding", Some(0.0)),
        ],
    );
}

#[test]
fn firm_windows_follow_the_year() {
    let store = store();
    let got = measured(&store, "firm", 2024);
    let f1 = &got["f1"];
    assert_eq!(f1["rd-intensity"], 3.0); // 30 / 1000 × 100
    assert_eq!(f1["invention-patents"], 2.0); // p1, p2
    assert_eq!(f1["research-cooperation"], 1.0); // lab1 (col2 2024); col1 is 2025
    assert!(!f1.contains_key("revenue-growth")); // no 2023 figures
    let f2 = &got["f2"];
    assert_eq!(f2["research-cooperation"], 1.0); // u1 (col3 2022, in 2022–2024)
    assert!(!f2.contains_key("rd-spend")); // no 2024 figures
    assert_eq!(got["f3"]["invention-patents"], 0.0);
    // In 2026, p5 counts and cons2 is formed.
    let later = measured(&store, "firm", 2026);
    assert_eq!(later["f3"]["invention-patents"], 1.0);
    assert_eq!(later["f2"]["consortia"], 2.0);
}

#[test]
fn resource_indicators_are_what_the_hand_computation_gives() {
    let store = store();
    let got = measured(&store, "resource", 2025);
    // On the 8×10 list (u1, plat1) or in the city (u1, lab1); an enterprise R&D institute that is on
    // no list (inst1) is not scored.
    assert_eq!(population(&got), ["lab1", "plat1", "u1"]);
    check(
        &got,
        "u1",
        &[
            ("firms-served", Some(1.0)), // f1 (col1 2025); col3 with f2 is 2022
            ("resource-collaborations", Some(1.0)), // col1
            ("resource-consortia", Some(1.0)), // cons1 member
            ("chains-backed", Some(1.0)), // support-u1
            ("resource-level", None),    // no level stated
            ("resource-capabilities", Some(1.0)), // k1 (k3 is required by no direction)
        ],
    );
    check(
        &got,
        "lab1",
        &[
            ("firms-served", Some(1.0)), // f1 (col2); fx is not a local firm
            ("resource-collaborations", Some(2.0)), // col2, col5
            ("resource-consortia", Some(0.0)), // cons2 is formed in 2026
            ("chains-backed", Some(0.0)),
            ("resource-level", Some(3.0)),        // national
            ("resource-capabilities", Some(2.0)), // k1, k2
        ],
    );
    check(
        &got,
        "plat1",
        &[
            ("firms-served", Some(0.0)),
            ("resource-collaborations", Some(0.0)),
            ("resource-consortia", Some(0.0)),
            ("chains-backed", Some(1.0)),  // support-plat1
            ("resource-level", Some(2.0)), // provincial
            ("resource-capabilities", Some(0.0)),
        ],
    );
    let before = measured(&store, "resource", 2024);
    assert_eq!(before["u1"]["firms-served"], 1.0); // f2 (col3 2022, in 2022–2024)
    assert_eq!(before["u1"]["resource-collaborations"], 1.0); // col3
    assert_eq!(before["lab1"]["resource-collaborations"], 1.0); // col2
}

#[test]
fn town_indicators_are_what_the_hand_computation_gives() {
    let store = store();
    let got = measured(&store, "town", 2025);
    // Towns and zones of the city; the park inside the east town is not one.
    assert_eq!(population(&got), ["east", "west"]);
    check(
        &got,
        "east",
        &[
            ("town-rd-spend", Some(60.0)), // f1 (in the park); f3 reports nothing
            ("town-rd-intensity", Some(5.0)), // 60 / 1200 × 100
            ("town-high-tech-firms", Some(1.0)), // f1
            ("town-resources", Some(2.0)), // u1, inst1 (in the park)
            ("town-talents", Some(2.0)),   // person1 (f1), person2 (u1)
            ("town-invention-patents", Some(3.0)), // f1's p1–p3; f3's p5 is 2026
            ("town-research-cooperation", Some(2.0)), // col1, col2
            ("town-consortia", Some(1.0)), // cons1, led by f1
        ],
    );
    check(
        &got,
        "west",
        &[
            ("town-rd-spend", Some(10.0)),       // f2
            ("town-rd-intensity", Some(2.0)),    // 10 / 500 × 100
            ("town-high-tech-firms", Some(0.0)), // f2 is a tech SME
            ("town-resources", Some(1.0)),       // lab1
            ("town-talents", Some(0.0)),
            ("town-invention-patents", Some(1.0)),    // p4
            ("town-research-cooperation", Some(0.0)), // col3 (f2–u1) is 2022
            ("town-consortia", Some(0.0)),            // cons2 is formed in 2026
        ],
    );
    let before = measured(&store, "town", 2024);
    assert_eq!(before["east"]["town-rd-spend"], 30.0);
    assert!(!before["west"].contains_key("town-rd-spend")); // f2 reports no 2024 figures
    assert_eq!(before["west"]["town-research-cooperation"], 1.0); // col3 in 2022–2024
}
