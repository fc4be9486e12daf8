//! What every row about an entity records: the entity in the plan, its types and names, its
//! provenance and the link to the row, and sets of links to other entities.

use super::terms::{iri_term, lang_literal, string_literal, text_lang};
use super::{Cells, Identity, Mapper, Rule};
use crate::base::vocab;
use crate::features::import::entity::PlannedEntity;
use crate::features::import::iri;
use crate::features::import::layout::Key;
use crate::features::import::values;
use oxigraph::model::{NamedNode, Term};

impl<'c, 'a> Mapper<'c, 'a> {
    pub(super) fn entity_record(&mut self, cells: &Cells, identity: &Identity, kind: &str) {
        self.entities.push(PlannedEntity {
            row: cells.row.number,
            iri: identity.iri.clone(),
            id: identity.id.clone(),
            kind: kind.to_owned(),
            name: identity.name.clone(),
            matched: identity.matched,
        });
    }

    /// Types, names and aliases of a kind entity.
    pub(super) fn names(
        &mut self,
        cells: &Cells,
        identity: &Identity,
        new: bool,
        types: &[NamedNode],
        concept: bool,
    ) {
        let subject = identity.iri.clone();
        for class in types {
            self.state(
                cells,
                &subject,
                iri::RDF_TYPE,
                Term::NamedNode(class.clone()),
                Rule::Set,
                None,
            );
        }
        let name_en = cells
            .text(Key::NameEn)
            .or_else(|| new.then(|| identity.name.clone()));
        let labels = [
            (Some(identity.name.clone()), "zh", Key::Name),
            (name_en, "en", Key::NameEn),
        ];
        for (text, lang, key) in labels {
            let Some(text) = text else { continue };
            self.state(
                cells,
                &subject,
                iri::RDFS_LABEL,
                lang_literal(&text, lang),
                Rule::Label,
                Some(key),
            );
            if concept {
                self.state(
                    cells,
                    &subject,
                    iri::SKOS_PREF_LABEL,
                    lang_literal(&text, lang),
                    Rule::Label,
                    Some(key),
                );
            }
        }
        for alias in cells.list(Key::Aliases) {
            self.state(
                cells,
                &subject,
                iri::SKOS_ALT_LABEL,
                lang_literal(&alias, text_lang(&alias)),
                Rule::Set,
                Some(Key::Aliases),
            );
        }
    }

    /// Provenance, source, description and the link to the row.
    pub(super) fn provenance(&mut self, cells: &Cells, subject: &str) {
        let explicit = self.concept(cells, Key::Provenance, &values::PROVENANCE);
        let verified = vocab::def("Verified");
        let provenance = explicit.clone().unwrap_or_else(|| verified.clone());
        match &explicit {
            Some(value) => self.state(
                cells,
                subject,
                &vocab::def("provenance"),
                iri_term(value),
                Rule::Single,
                Some(Key::Provenance),
            ),
            None => self.state(
                cells,
                subject,
                &vocab::def("provenance"),
                iri_term(&verified),
                Rule::Default,
                None,
            ),
        }
        match cells.text(Key::Source) {
            Some(source) => self.state(
                cells,
                subject,
                iri::DCTERMS_SOURCE,
                string_literal(&source),
                Rule::Set,
                Some(Key::Source),
            ),
            None if provenance == verified => {
                let row = self.row_iri(cells.row.number);
                self.state(
                    cells,
                    subject,
                    iri::DCTERMS_SOURCE,
                    iri_term(&row),
                    Rule::Default,
                    None,
                );
            }
            None => {}
        }
        if let Some(description) = cells.text(Key::Description) {
            self.state(
                cells,
                subject,
                iri::DCTERMS_DESCRIPTION,
                lang_literal(&description, text_lang(&description)),
                Rule::Set,
                Some(Key::Description),
            );
        }
        let row = self.row_iri(cells.row.number);
        self.state(
            cells,
            subject,
            iri::PROV_WAS_DERIVED_FROM,
            iri_term(&row),
            Rule::Set,
            None,
        );
    }

    pub(super) fn set_all(
        &mut self,
        cells: &Cells,
        subject: &str,
        predicate: &str,
        objects: &[String],
        key: Key,
    ) {
        for object in objects {
            self.state(
                cells,
                subject,
                predicate,
                iri_term(object),
                Rule::Set,
                Some(key),
            );
        }
    }
}
