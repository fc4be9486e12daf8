//! What several benches share: synthetic data at a scale (seed 7) in an in-memory store on top of the
//! bundled data, as `innomap --data FILE …` sees it.

use innomap::features::generate::{GenerateOptions, GenerateReport, Scale, generate};
use innomap::{RdfFormat, Store};

/// The bundled data plus `scale`'s generated data (seed 7) in one in-memory store.
pub fn bundled_with_generated(scale: Scale) -> (Store, GenerateReport) {
    let mut data = Vec::new();
    let generated = generate(&GenerateOptions { scale, seed: 7 }, &mut data).expect("generation");
    let store = Store::in_memory().expect("a store");
    store.load_bundled().expect("the bundled data loads");
    store
        .load_bytes(
            &data,
            RdfFormat::NTriples,
            "https://w3id.org/innomap/graph/bench",
            "generated",
        )
        .expect("the generated data loads");
    (store, generated)
}
