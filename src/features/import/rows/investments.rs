//! What a row of an investments sheet says: an investment node (given id, the stored one for the same
//! fund, firm and year, or a hash of them) with its investor, investee, year and amount.

use super::terms::{iri_term, is_valid_id, short_hash, typed_literal};
use super::{Cells, Mapper, Rule};
use crate::base::kind::Kind;
use crate::base::vocab;
use crate::features::import::ImportError;
use crate::features::import::entity::{MatchedBy, PlannedEntity};
use crate::features::import::iri::{self, instance};
use crate::features::import::layout::Key;

impl<'c, 'a> Mapper<'c, 'a> {
    pub(super) fn investment(&mut self, cells: &Cells) -> Result<(), ImportError> {
        let fund = self.resolve_one(cells, Key::Fund, &[Kind::Fund], "fund");
        let investee = self.resolve_one(cells, Key::Investee, &[Kind::Firm], "firm");
        let year = self.year(cells, Key::Year);
        let amount = self.amount(cells, Key::Amount, true);
        for (key, what) in [
            (Key::Fund, "an investment"),
            (Key::Investee, "an investment"),
            (Key::Year, "an investment"),
        ] {
            if cells.text(key).is_none() {
                self.missing(cells, key, what);
            }
        }
        let (Some(fund), Some(investee), Some(year)) = (fund, investee, year) else {
            return Ok(());
        };
        let existing = self
            .ctx
            .investments
            .get(&(fund.clone(), investee.clone(), year))
            .cloned();
        let (subject, id) = match (cells.text(Key::Id), existing) {
            (Some(id), _) if !is_valid_id(&id) => {
                self.cell_problem(
                    cells,
                    Key::Id,
                    format!("bad id '{id}'"),
                    "use lowercase letters, digits and -",
                );
                return Ok(());
            }
            (Some(id), _) => (instance(&self.region, "investment", &id), id),
            (None, Some(existing)) => {
                let id = vocab::id_of(&existing).unwrap_or(&existing).to_owned();
                (existing, id)
            }
            (None, None) => {
                let id = format!(
                    "investment-{}",
                    short_hash(&format!("investment:{fund}:{investee}:{year}"))
                );
                (instance(&self.region, "investment", &id), id)
            }
        };
        if !self.claim(cells, &subject, &id) {
            return Ok(());
        }
        let new = !self.ctx.described_elsewhere(&subject)?;
        let fund_label = self
            .ctx
            .get(&fund)
            .map(|e| e.label(crate::base::Lang::Zh).to_owned())
            .unwrap_or_default();
        let firm_label = self
            .ctx
            .get(&investee)
            .map(|e| e.label(crate::base::Lang::Zh).to_owned())
            .unwrap_or_default();
        self.entities.push(PlannedEntity {
            row: cells.row.number,
            iri: subject.clone(),
            id,
            kind: "investment".to_owned(),
            name: format!("{fund_label} → {firm_label} ({year})"),
            matched: if new { MatchedBy::New } else { MatchedBy::Key },
        });
        self.state(
            cells,
            &subject,
            iri::RDF_TYPE,
            iri_term(&vocab::def("Investment")),
            Rule::Set,
            None,
        );
        self.state(
            cells,
            &subject,
            &vocab::def("investor"),
            iri_term(&fund),
            Rule::Single,
            Some(Key::Fund),
        );
        self.state(
            cells,
            &subject,
            &vocab::def("investee"),
            iri_term(&investee),
            Rule::Single,
            Some(Key::Investee),
        );
        self.state(
            cells,
            &subject,
            &vocab::def("year"),
            typed_literal(&year.to_string(), iri::XSD_INTEGER),
            Rule::Single,
            Some(Key::Year),
        );
        if let Some(amount) = amount {
            self.state(
                cells,
                &subject,
                &vocab::def("amount"),
                typed_literal(&amount, iri::XSD_DECIMAL),
                Rule::Single,
                Some(Key::Amount),
            );
            self.state(
                cells,
                &subject,
                &vocab::def("monetaryUnit"),
                iri_term(&vocab::def("WanYuan")),
                Rule::Single,
                Some(Key::Amount),
            );
        }
        self.provenance(cells, &subject);
        Ok(())
    }
}
