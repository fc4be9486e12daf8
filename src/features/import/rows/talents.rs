//! What a row of a talents sheet says: the person's category, affiliations, chains and capabilities.

use super::terms::iri_term;
use super::{Cells, Identity, Mapper, Rule};
use crate::base::kind::Kind;
use crate::base::vocab;
use crate::features::import::ImportError;
use crate::features::import::iri::{im, schema};
use crate::features::import::layout::Key;
use crate::features::import::values;

impl<'c, 'a> Mapper<'c, 'a> {
    pub(super) fn talent(&mut self, cells: &Cells, identity: &Identity) -> Result<(), ImportError> {
        let new = !self.ctx.described_elsewhere(&identity.iri)?;
        let subject = identity.iri.clone();
        self.entity_record(cells, identity, "person");
        self.names(
            cells,
            identity,
            new,
            &[im("Person"), schema("Person")],
            false,
        );
        match self.concept(cells, Key::Category, &values::TALENT_CATEGORIES) {
            Some(category) => self.state(
                cells,
                &subject,
                &vocab::def("talentCategory"),
                iri_term(&category),
                Rule::Single,
                Some(Key::Category),
            ),
            None if new && cells.text(Key::Category).is_none() => {
                self.missing(cells, Key::Category, "a new person")
            }
            None => {}
        }
        let organisations: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|k| k.is_organisation())
            .collect();
        let affiliations =
            self.resolve_list(cells, Key::Affiliations, &organisations, "organisation");
        if new && cells.text(Key::Affiliations).is_none() {
            self.missing(cells, Key::Affiliations, "a new person");
        }
        self.set_all(
            cells,
            &subject,
            "https://schema.org/affiliation",
            &affiliations,
            Key::Affiliations,
        );
        let chains = self.resolve_list(cells, Key::Chains, &[Kind::Chain], "chain");
        self.set_all(
            cells,
            &subject,
            &vocab::def("inChain"),
            &chains,
            Key::Chains,
        );
        let capabilities =
            self.resolve_list(cells, Key::Capabilities, &[Kind::Capability], "capability");
        self.set_all(
            cells,
            &subject,
            "https://schema.org/knowsAbout",
            &capabilities,
            Key::Capabilities,
        );
        self.provenance(cells, &subject);
        Ok(())
    }
}
