//! What a row of a firms sheet says: credit code, chains, place, tier, chain segment, leading firm and listed flags,
//! founding year, capabilities, and the firm's annual figures for one year.

use super::terms::{iri_term, string_literal, typed_literal};
use super::{Cells, Identity, Mapper, Rule};
use crate::base::kind::Kind;
use crate::base::vocab;
use crate::features::import::ImportError;
use crate::features::import::iri::{self, im, instance, schema};
use crate::features::import::layout::Key;
use crate::features::import::values;
use oxigraph::model::Term;

impl<'c, 'a> Mapper<'c, 'a> {
    pub(super) fn firm(&mut self, cells: &Cells, identity: &Identity) -> Result<(), ImportError> {
        let new = !self.ctx.described_elsewhere(&identity.iri)?;
        let subject = identity.iri.clone();
        self.entity_record(cells, identity, "firm");
        self.names(
            cells,
            identity,
            new,
            &[im("Firm"), schema("Corporation")],
            false,
        );
        if let Some(code) = self
            .codes_of
            .get(&identity.iri)
            .and_then(|c| c.first())
            .cloned()
        {
            self.state(
                cells,
                &subject,
                &vocab::def("creditCode"),
                string_literal(&code),
                Rule::Single,
                Some(Key::CreditCode),
            );
        }
        let chains = self.resolve_list(cells, Key::Chains, &[Kind::Chain], "chain");
        if new && cells.text(Key::Chains).is_none() {
            self.missing(cells, Key::Chains, "a new firm");
        }
        self.set_all(
            cells,
            &subject,
            &vocab::def("inChain"),
            &chains,
            Key::Chains,
        );
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
                self.missing(cells, Key::Place, "a new firm")
            }
            None => {}
        }
        if let Some(tier) = self.concept(cells, Key::Tier, &values::TIERS) {
            self.state(
                cells,
                &subject,
                &vocab::def("tier"),
                iri_term(&tier),
                Rule::Single,
                Some(Key::Tier),
            );
        }
        if let Some(segment) = self.concept(cells, Key::Segment, &values::SEGMENTS) {
            self.state(
                cells,
                &subject,
                &vocab::def("chainSegment"),
                iri_term(&segment),
                Rule::Single,
                Some(Key::Segment),
            );
        }
        for (key, local) in [(Key::LeadingFirm, "leadingFirm"), (Key::Listed, "listed")] {
            if let Some(value) = self.boolean(cells, key) {
                self.state(
                    cells,
                    &subject,
                    &vocab::def(local),
                    typed_literal(&value.to_string(), iri::XSD_BOOLEAN),
                    Rule::Single,
                    Some(key),
                );
            }
        }
        if let Some(year) = self.year(cells, Key::FoundedYear) {
            self.state(
                cells,
                &subject,
                &vocab::def("foundedYear"),
                typed_literal(&year.to_string(), iri::XSD_INTEGER),
                Rule::Single,
                Some(Key::FoundedYear),
            );
        }
        if let Some(year) = self.year(cells, Key::TierYear) {
            self.state(
                cells,
                &subject,
                &vocab::def("tierYear"),
                typed_literal(&year.to_string(), iri::XSD_INTEGER),
                Rule::Single,
                Some(Key::TierYear),
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
        self.figures(cells, identity)
    }

    /// A firm's figures for one year, as an `im:AnnualFigures` node `<firm id>-<year>`.
    fn figures(&mut self, cells: &Cells, identity: &Identity) -> Result<(), ImportError> {
        let decimals = [
            (Key::Revenue, "revenue"),
            (Key::RdSpend, "rdSpend"),
            (Key::HighTechRevenue, "highTechRevenue"),
        ];
        let counts = [(Key::Employees, "employees"), (Key::StStaff, "stStaff")];
        let any = decimals
            .iter()
            .map(|d| d.0)
            .chain(counts.iter().map(|c| c.0))
            .any(|k| cells.text(k).is_some());
        let year = self.year(cells, Key::FiguresYear);
        let mut values: Vec<(String, Term, Key)> = Vec::new();
        for (key, local) in decimals {
            if let Some(value) = self.amount(cells, key, false) {
                values.push((
                    vocab::def(local),
                    typed_literal(&value, iri::XSD_DECIMAL),
                    key,
                ));
            }
        }
        for (key, local) in counts {
            if let Some(value) = self.count(cells, key) {
                values.push((
                    vocab::def(local),
                    typed_literal(&value.to_string(), iri::XSD_INTEGER),
                    key,
                ));
            }
        }
        if !any {
            return Ok(());
        }
        let Some(year) = year else {
            if cells.text(Key::FiguresYear).is_none() {
                self.missing(cells, Key::FiguresYear, "annual figures");
            }
            return Ok(());
        };
        let region = identity
            .iri
            .strip_prefix(vocab::ID)
            .and_then(|r| r.split('/').next())
            .unwrap_or(&self.region)
            .to_owned();
        let figures = instance(&region, "figures", &format!("{}-{year}", identity.id));
        self.state(
            cells,
            &identity.iri,
            &vocab::def("annualFigures"),
            iri_term(&figures),
            Rule::Set,
            Some(Key::FiguresYear),
        );
        self.state(
            cells,
            &figures,
            iri::RDF_TYPE,
            iri_term(&vocab::def("AnnualFigures")),
            Rule::Set,
            None,
        );
        self.state(
            cells,
            &figures,
            &vocab::def("year"),
            typed_literal(&year.to_string(), iri::XSD_INTEGER),
            Rule::Single,
            Some(Key::FiguresYear),
        );
        self.state(
            cells,
            &figures,
            &vocab::def("monetaryUnit"),
            iri_term(&vocab::def("WanYuan")),
            Rule::Single,
            None,
        );
        for (predicate, object, key) in values {
            self.state(cells, &figures, &predicate, object, Rule::Single, Some(key));
        }
        self.provenance(cells, &figures);
        Ok(())
    }
}
