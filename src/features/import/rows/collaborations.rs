//! What a row of a collaborations sheet says: a collaboration node (given id or a hash of its key)
//! with its kind, year, lead, participants, capabilities and chains.

use super::terms::{iri_term, is_valid_id, lang_literal, short_hash, text_lang, typed_literal};
use super::{Cells, Mapper, Rule};
use crate::base::kind::Kind;
use crate::base::names::normalise;
use crate::base::vocab;
use crate::features::import::ImportError;
use crate::features::import::entity::{MatchedBy, PlannedEntity};
use crate::features::import::iri::{self, instance, schema};
use crate::features::import::layout::Key;
use crate::features::import::values;
use oxigraph::model::Term;

impl<'c, 'a> Mapper<'c, 'a> {
    pub(super) fn collaboration(&mut self, cells: &Cells) -> Result<(), ImportError> {
        let organisations: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|k| k.is_organisation())
            .collect();
        let kind = self.concept(cells, Key::CollaborationKind, &values::COLLABORATION_KINDS);
        let year = self.year(cells, Key::Year);
        let lead = self.resolve_one(cells, Key::Lead, &organisations, "organisation");
        let mut participants =
            self.resolve_list(cells, Key::Participants, &organisations, "organisation");
        if let Some(lead) = &lead {
            if !participants.contains(lead) {
                participants.insert(0, lead.clone());
            }
        }
        let capabilities =
            self.resolve_list(cells, Key::Capabilities, &[Kind::Capability], "capability");
        let chains = self.resolve_list(cells, Key::Chains, &[Kind::Chain], "chain");
        let title = cells.text(Key::Title);
        let id = match cells.text(Key::Id) {
            Some(id) if is_valid_id(&id) => id,
            Some(id) => {
                self.cell_problem(
                    cells,
                    Key::Id,
                    format!("bad id '{id}'"),
                    "use lowercase letters, digits and -, such as collab-2024-01",
                );
                return Ok(());
            }
            None => {
                let mut sorted = participants.clone();
                sorted.sort();
                let key = format!(
                    "collaboration:{}:{}:{}:{}:{}",
                    kind.as_deref().unwrap_or(""),
                    year.unwrap_or(0),
                    lead.as_deref().unwrap_or(""),
                    sorted.join(" "),
                    title.as_deref().map(normalise).unwrap_or_default()
                );
                format!("collab-{}", short_hash(&key))
            }
        };
        let subject = instance(&self.region, "collaboration", &id);
        if !self.claim(cells, &subject, &id) {
            return Ok(());
        }
        let new = !self.ctx.described_elsewhere(&subject)?;
        if new {
            if kind.is_none() && cells.text(Key::CollaborationKind).is_none() {
                self.missing(cells, Key::CollaborationKind, "a new collaboration");
            }
            if year.is_none() && cells.text(Key::Year).is_none() {
                self.missing(cells, Key::Year, "a new collaboration");
            }
            let listed =
                cells.list(Key::Participants).len() + usize::from(cells.text(Key::Lead).is_some());
            if participants.len() < 2 && listed < 2 {
                self.cell_problem(
                    cells,
                    Key::Participants,
                    "a collaboration needs at least two participants (the lead counts)",
                    "list the participating organisations, separated by ；",
                );
            }
        }
        self.entities.push(PlannedEntity {
            row: cells.row.number,
            iri: subject.clone(),
            id: id.clone(),
            kind: "collaboration".to_owned(),
            name: title.clone().unwrap_or_default(),
            matched: if new { MatchedBy::New } else { MatchedBy::Id },
        });
        self.state(
            cells,
            &subject,
            iri::RDF_TYPE,
            iri_term(&vocab::def("Collaboration")),
            Rule::Set,
            None,
        );
        self.state(
            cells,
            &subject,
            iri::RDF_TYPE,
            Term::NamedNode(schema("Project")),
            Rule::Set,
            None,
        );
        if let Some(title) = &title {
            self.state(
                cells,
                &subject,
                iri::RDFS_LABEL,
                lang_literal(title, text_lang(title)),
                Rule::Label,
                Some(Key::Title),
            );
        }
        if let Some(kind) = kind {
            self.state(
                cells,
                &subject,
                &vocab::def("collaborationKind"),
                iri_term(&kind),
                Rule::Single,
                Some(Key::CollaborationKind),
            );
        }
        if let Some(year) = year {
            self.state(
                cells,
                &subject,
                &vocab::def("year"),
                typed_literal(&year.to_string(), iri::XSD_INTEGER),
                Rule::Single,
                Some(Key::Year),
            );
        }
        self.set_all(
            cells,
            &subject,
            &vocab::def("participant"),
            &participants,
            Key::Participants,
        );
        if let Some(lead) = &lead {
            self.state(
                cells,
                &subject,
                &vocab::def("lead"),
                iri_term(lead),
                Rule::Single,
                Some(Key::Lead),
            );
        }
        self.set_all(
            cells,
            &subject,
            &vocab::def("capability"),
            &capabilities,
            Key::Capabilities,
        );
        self.set_all(
            cells,
            &subject,
            &vocab::def("inChain"),
            &chains,
            Key::Chains,
        );
        self.provenance(cells, &subject);
        Ok(())
    }
}
