//! `innomap generate`: a synthetic innovation network of any size, written as N-Triples in the
//! project vocabulary, for tests and benchmarks (DESIGN.md, "Scale").
//!
//! Everything lives under a region of its own, `syn` (`…/id/syn/<segment>/syn-…`), so that generated
//! ids never collide with the bundled data: one synthetic city (`syn-city`, in `syn-province`, in
//! China) with towns and zones, external Chinese cities, four foreign countries, 8 chains, a capability
//! taxonomy of 79 concepts, 31 directions, organisations of every kind, the 8×10 list, collaborations,
//! patents, annual figures, investments, a few consortia and people. Directions are the exception to
//! the `syn-` prefix: the shapes require their IRI to end in the notation (`T[0-9]{2}`), so the
//! synthetic city numbers its directions `T41`…`T71`, clear of the bundled `T01`…`T31`. The country
//! nodes (`<id/intl/place/CN>`, `US`, `JP`, `KR`, `DE`) are shared reference entities: they are written
//! with exactly the triples the bundled data states, so a generated file validates alone and together
//! with the bundled data.
//!
//! **Network model.** Pass 1 decides every organisation's kind (about 80 % firms), chain, place (5–10 %
//! outside the city, some abroad), host, tier and capabilities (1–5 from its chain's field, drawn with
//! Zipf-like popularity, so some capabilities are rare; the two rarest of each field are held only by
//! organisations outside the city and off its 8×10 list, so directions that require them have gaps).
//! Pass 2 walks the organisations again; each active one initiates a few collaborations (leading firms
//! and universities many, tech SMEs few) and picks 1–3 partners: from its own town and chain (locality),
//! or by preferential attachment from an urn per chain in which every organisation appears once per
//! past participation plus a kind-dependent fitness (hubs emerge), taking the more complementary of two
//! draws (the one holding more capabilities the initiator lacks). Some firms are inactive, so about a
//! third of all firms never collaborate.
//!
//! **Streaming.** Nothing is written twice and no triple is kept: the generator holds a few bytes per
//! organisation (kind, chain, place, host, capabilities, flags, degree) and the urns (u32 per
//! participation), about 60 bytes per organisation in all, so the national scale (~1 M organisations,
//! ~80 M triples) runs in well under a gigabyte. Output goes through an internal 64 KiB buffer.
//!
//! **Determinism.** The same options give the same bytes on every platform and with every crate
//! version: the random numbers come from a hand-written xoshiro256** seeded by SplitMix64 (no `rand`
//! crate, whose streams may change between versions), and every draw uses integer arithmetic only (no
//! floating point, no libm), in one fixed order.
//!
//! **Code map.** `options` (scale, options, report), `random` (SplitMix64, xoshiro256**) and `emit`
//! (the N-Triples `Emitter`, byte helpers, IRI constants) depend on nothing here; `catalogue`
//! (concepts, chains, capabilities, countries, places) and `kinds` (what differs between
//! organisation kinds) build on `emit`; `generator` holds the state shared by the passes, each an
//! `impl` block of its own: `places_and_concepts`, `organisations` (pass 1), `people_and_consortia`
//! and `collaborations` (pass 2). This module runs them in order; `tests` are end-to-end.

mod catalogue;
mod collaborations;
mod emit;
mod generator;
mod kinds;
mod options;
mod organisations;
mod people_and_consortia;
mod places_and_concepts;
mod random;
mod sparse;
#[cfg(test)]
mod tests;

pub use options::{GenerateOptions, GenerateReport, MAX_ORGANISATIONS, MIN_ORGANISATIONS, Scale};
pub(crate) use random::SplitMix64;
pub use sparse::sparse_ntriples;

use crate::base::error::Error;
use generator::Generator;
use std::io::{self, Write};
use std::path::Path;

/// Writes a synthetic dataset of `options.scale` as N-Triples to `out`, streamed (pass a buffered or
/// unbuffered writer: output is buffered internally in 64 KiB blocks), and says what it wrote.
pub fn generate(options: &GenerateOptions, out: &mut dyn Write) -> Result<GenerateReport, Error> {
    check_scale(options.scale)?;
    run(options, out).map_err(|e| Error::Storage {
        message: format!("cannot write the generated data: {e}"),
    })
}

/// [`generate`] into a new file at `path` (replacing it), naming the file in errors.
pub fn generate_file(options: &GenerateOptions, path: &Path) -> Result<GenerateReport, Error> {
    check_scale(options.scale)?;
    let mut file = std::fs::File::create(path).map_err(|e| Error::Input {
        message: format!("cannot create {}: {e}", path.display()),
    })?;
    let report = run(options, &mut file).map_err(|e| Error::Storage {
        message: format!("cannot write {}: {e}", path.display()),
    })?;
    file.sync_all().map_err(|e| Error::Storage {
        message: format!("cannot write {}: {e}", path.display()),
    })?;
    Ok(report)
}

fn check_scale(scale: Scale) -> Result<(), Error> {
    let n = scale.organisations();
    if (MIN_ORGANISATIONS..=MAX_ORGANISATIONS).contains(&n) {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "cannot generate {n} organisations: give a number from {MIN_ORGANISATIONS} to {MAX_ORGANISATIONS}"
        )))
    }
}

/// Runs the parts in their fixed order, the order of the output.
fn run(options: &GenerateOptions, out: &mut dyn Write) -> io::Result<GenerateReport> {
    let mut generator = Generator::new(options, out);
    generator.write_places()?;
    generator.write_chains()?;
    generator.write_capabilities()?;
    generator.write_directions()?;
    generator.lay_out();
    generator.write_organisations()?;
    generator.write_people()?;
    generator.write_consortia()?;
    generator.write_collaborations()?;
    let mut report = std::mem::take(&mut generator.report);
    report.triples = generator.w.finish()?;
    Ok(report)
}
