//! What several benches share: synthetic data at a scale (seed 7) in an in-memory store on top of the
//! bundled data, as `innomap --data FILE …` sees it, with its derived facts computed (the write's
//! cost, as a load pays it), so that no timed read pays for them.

use innomap::features::generate::{GenerateOptions, GenerateReport, Scale, generate};
use innomap::{RdfFormat, Store};

/// `scale`'s generated data (seed 7) alone in an in-memory store.
#[allow(dead_code)] // not every bench that includes this module uses both
pub fn generated(scale: Scale) -> (Store, GenerateReport) {
    let mut data = Vec::new();
    let generated = generate(&GenerateOptions { scale, seed: 7 }, &mut data).expect("generation");
    let store = Store::in_memory().expect("a store");
    store
        .load_bytes(
            &data,
            RdfFormat::NTriples,
            "https://w3id.org/innomap/graph/bench",
            "generated",
        )
        .expect("the generated data loads");
    store.refresh_derived().expect("the derived facts");
    (store, generated)
}

/// The bundled data plus `scale`'s generated data (seed 7) in one in-memory store.
#[allow(dead_code)]
pub fn bundled_with_generated(scale: Scale) -> (Store, GenerateReport) {
    let (store, generated) = generated(scale);
    store.load_bundled().expect("the bundled data loads");
    store.refresh_derived().expect("the derived facts");
    (store, generated)
}
