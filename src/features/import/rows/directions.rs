//! What a row of a directions sheet says: the direction as a concept of the region's scheme, its
//! chain and the capabilities it requires.

use super::terms::{iri_term, string_literal};
use super::{Cells, Identity, Mapper, Rule};
use crate::base::kind::Kind;
use crate::base::vocab;
use crate::features::import::ImportError;
use crate::features::import::iri::{self, im, instance};
use crate::features::import::layout::Key;

impl<'c, 'a> Mapper<'c, 'a> {
    pub(super) fn direction(
        &mut self,
        cells: &Cells,
        identity: &Identity,
    ) -> Result<(), ImportError> {
        let new = !self.ctx.described_elsewhere(&identity.iri)?;
        let subject = identity.iri.clone();
        self.entity_record(cells, identity, "direction");
        self.names(
            cells,
            identity,
            new,
            &[im("Direction"), iri::node(iri::SKOS_CONCEPT)],
            true,
        );
        if new {
            let scheme = instance(&self.region, "scheme", "directions");
            self.state(
                cells,
                &subject,
                iri::SKOS_IN_SCHEME,
                iri_term(&scheme),
                Rule::Set,
                None,
            );
            self.state(
                cells,
                &subject,
                iri::SKOS_NOTATION,
                string_literal(&identity.id),
                Rule::Single,
                Some(Key::Notation),
            );
        }
        match self.resolve_one(cells, Key::Chain, &[Kind::Chain], "chain") {
            Some(chain) => self.state(
                cells,
                &subject,
                &vocab::def("inChain"),
                iri_term(&chain),
                Rule::Single,
                Some(Key::Chain),
            ),
            None if new && cells.text(Key::Chain).is_none() => {
                self.missing(cells, Key::Chain, "a new direction")
            }
            None => {}
        }
        let capabilities =
            self.resolve_list(cells, Key::Capabilities, &[Kind::Capability], "capability");
        if new && cells.text(Key::Capabilities).is_none() {
            self.missing(cells, Key::Capabilities, "a new direction");
        }
        self.set_all(
            cells,
            &subject,
            &vocab::def("requiresCapability"),
            &capabilities,
            Key::Capabilities,
        );
        self.provenance(cells, &subject);
        Ok(())
    }
}
