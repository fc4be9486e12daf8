//! What a row of a resources sheet says: place, host organisation, level, capabilities, and one
//! chain support node per chain the resource backs.

use super::terms::{iri_term, lang_literal, text_lang};
use super::{Cells, Identity, Mapper, Rule};
use crate::base::kind::Kind;
use crate::base::vocab;
use crate::features::import::ImportError;
use crate::features::import::iri::{self, im, instance, schema};
use crate::features::import::layout::Key;
use crate::features::import::values;

impl<'c, 'a> Mapper<'c, 'a> {
    pub(super) fn resource(
        &mut self,
        cells: &Cells,
        identity: &Identity,
    ) -> Result<(), ImportError> {
        let new = !self.ctx.described_elsewhere(&identity.iri)?;
        let subject = identity.iri.clone();
        let kind = identity.kind;
        self.entity_record(cells, identity, kind.as_str());
        let mut types = vec![im(kind.class_local_name())];
        match kind {
            Kind::University => types.push(schema("CollegeOrUniversity")),
            Kind::Fund => types.push(schema("FundingAgency")),
            Kind::Platform | Kind::PilotBase => {}
            _ => types.push(schema("ResearchOrganization")),
        }
        self.names(cells, identity, new, &types, false);
        match self.resolve_one(cells, Key::Place, &[Kind::Place], "place") {
            Some(place) => self.state(
                cells,
                &subject,
                &vocab::def("locatedIn"),
                iri_term(&place),
                Rule::Single,
                Some(Key::Place),
            ),
            None if new && cells.text(Key::Place).is_none() => {
                self.missing(cells, Key::Place, "a new resource")
            }
            None => {}
        }
        let host_kinds: Vec<Kind> = match kind {
            Kind::EnterpriseRdInstitute => vec![Kind::Firm],
            Kind::University => vec![Kind::University],
            _ => Kind::ALL
                .into_iter()
                .filter(|k| k.is_organisation())
                .collect(),
        };
        match self.resolve_one(cells, Key::Host, &host_kinds, "host organisation") {
            Some(host) => {
                if host == subject {
                    self.cell_problem(
                        cells,
                        Key::Host,
                        "a resource cannot be its own host",
                        "name the host organisation",
                    );
                } else {
                    self.state(
                        cells,
                        &subject,
                        iri::ORG_SUB_ORGANIZATION_OF,
                        iri_term(&host),
                        Rule::Single,
                        Some(Key::Host),
                    );
                    if kind == Kind::EnterpriseRdInstitute {
                        self.state(
                            cells,
                            &host,
                            &vocab::def("hasRDInstitution"),
                            iri_term(&subject),
                            Rule::Set,
                            Some(Key::Host),
                        );
                    }
                }
            }
            None if new
                && cells.text(Key::Host).is_none()
                && matches!(
                    kind,
                    Kind::NationalKeyLab | Kind::ProvincialKeyLab | Kind::EnterpriseRdInstitute
                ) =>
            {
                self.missing(
                    cells,
                    Key::Host,
                    &format!("a new {}", kind.label(crate::base::Lang::En)),
                );
            }
            None => {}
        }
        if let Some(level) = self.concept(cells, Key::Level, &values::LEVELS) {
            self.state(
                cells,
                &subject,
                &vocab::def("level"),
                iri_term(&level),
                Rule::Single,
                Some(Key::Level),
            );
        }
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
        // One 8×10 row per chain it backs.
        let role = cells.text(Key::SupportRole);
        for chain in self.resolve_list(cells, Key::Chains, &[Kind::Chain], "chain") {
            let support = match self.ctx.supports.get(&(chain.clone(), subject.clone())) {
                Some(existing) => existing.clone(),
                None => {
                    let chain_id = vocab::id_of(&chain).unwrap_or("chain");
                    instance(
                        &self.region,
                        "support",
                        &format!("{chain_id}-{}", identity.id),
                    )
                }
            };
            self.state(
                cells,
                &support,
                iri::RDF_TYPE,
                iri_term(&vocab::def("ChainSupport")),
                Rule::Set,
                None,
            );
            self.state(
                cells,
                &support,
                &vocab::def("chain"),
                iri_term(&chain),
                Rule::Single,
                Some(Key::Chains),
            );
            self.state(
                cells,
                &support,
                &vocab::def("resource"),
                iri_term(&subject),
                Rule::Single,
                Some(Key::Name),
            );
            if let Some(role) = &role {
                self.state(
                    cells,
                    &support,
                    &vocab::def("supportRole"),
                    lang_literal(role, text_lang(role)),
                    Rule::Single,
                    Some(Key::SupportRole),
                );
            }
            self.provenance(cells, &support);
        }
        if role.is_some() && cells.text(Key::Chains).is_none() {
            self.cell_problem(
                cells,
                Key::SupportRole,
                "a support role without a chain",
                "fill in 支撑产业链 (chains), or clear the role",
            );
        }
        Ok(())
    }
}
