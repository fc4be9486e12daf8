//! Reading cells: references to entities (by IRI, id, notation, credit code, name or alias) and
//! typed values (concepts, years, yes/no, counts, amounts); a cell that cannot be read is a problem.

use super::{Cells, Mapper};
use crate::base::kind::Kind;
use crate::base::names::normalise;
use crate::base::vocab;
use crate::features::import::credit_code::normalise_credit_code;
use crate::features::import::layout::Key;
use crate::features::import::values::{self, Scheme};
use std::collections::BTreeSet;

impl<'c, 'a> Mapper<'c, 'a> {
    /// Resolves a reference to an entity of one of `kinds`: full IRI, id, a new entity of this sheet,
    /// notation (chains and directions), then label or alias. The error is (reason, hint).
    fn resolve(&self, name: &str, kinds: &[Kind], what: &str) -> Result<String, (String, String)> {
        let name = name.trim();
        let fits = |i: &usize| kinds.contains(&self.ctx.entity(*i).kind);
        let iri_text = name.trim_start_matches('<').trim_end_matches('>');
        if let Some(entity) = self.ctx.get(iri_text) {
            if kinds.contains(&entity.kind) {
                return Ok(entity.iri.clone());
            }
        }
        let by_id: Vec<usize> = self.ctx.with_id(name).into_iter().filter(fits).collect();
        if let [single] = by_id.as_slice() {
            return Ok(self.ctx.entity(*single).iri.clone());
        }
        if let Some((iri, kind)) = self.local_ids.get(name) {
            if kinds.contains(kind) {
                return Ok(iri.clone());
            }
        }
        if kinds
            .iter()
            .any(|k| matches!(k, Kind::Chain | Kind::Direction))
        {
            let by_notation: Vec<usize> = self
                .ctx
                .with_notation(name)
                .into_iter()
                .filter(fits)
                .collect();
            if let [single] = by_notation.as_slice() {
                return Ok(self.ctx.entity(*single).iri.clone());
            }
        }
        if kinds.contains(&Kind::Firm) && name.chars().count() == 18 {
            let code = normalise_credit_code(name);
            let by_code: Vec<usize> = self.ctx.with_code(&code).into_iter().filter(fits).collect();
            if let [single] = by_code.as_slice() {
                return Ok(self.ctx.entity(*single).iri.clone());
            }
        }
        let mut candidates: BTreeSet<(String, String, String)> = self
            .ctx
            .with_name(name)
            .into_iter()
            .filter(fits)
            .map(|i| {
                let e = self.ctx.entity(i);
                (
                    e.id.clone(),
                    e.label(crate::base::Lang::Zh).to_owned(),
                    e.iri.clone(),
                )
            })
            .collect();
        if let Some(local) = self.local_names.get(&normalise(name)) {
            for (iri, kind, _) in local {
                if kinds.contains(kind) {
                    let id = vocab::id_of(iri).unwrap_or(iri).to_owned();
                    if !candidates.iter().any(|(_, _, i)| i == iri) {
                        candidates.insert((id, name.to_owned(), iri.clone()));
                    }
                }
            }
        }
        match candidates.len() {
            1 => Ok(candidates
                .into_iter()
                .next()
                .map(|c| c.2)
                .unwrap_or_default()),
            0 => Err(self.ctx.unknown_message(name, kinds, what)),
            n => Err((
                format!(
                    "'{name}' matches {n} {what}s: {}",
                    candidates
                        .iter()
                        .map(|(id, label, _)| format!("{id} ({label})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "write the id instead".to_owned(),
            )),
        }
    }

    /// Resolves every item of a list cell; problems for the ones that fail.
    pub(super) fn resolve_list(
        &mut self,
        cells: &Cells,
        key: Key,
        kinds: &[Kind],
        what: &str,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for item in cells.list(key) {
            match self.resolve(&item, kinds, what) {
                Ok(iri) => {
                    if !out.contains(&iri) {
                        out.push(iri);
                    }
                }
                Err((reason, hint)) => self.cell_problem(cells, key, reason, hint),
            }
        }
        out
    }

    pub(super) fn resolve_one(
        &mut self,
        cells: &Cells,
        key: Key,
        kinds: &[Kind],
        what: &str,
    ) -> Option<String> {
        let text = cells.text(key)?;
        match self.resolve(&text, kinds, what) {
            Ok(iri) => Some(iri),
            Err((reason, hint)) => {
                self.cell_problem(cells, key, reason, hint);
                None
            }
        }
    }

    /// The cell's value read by `parse`; when the cell is filled but `parse` refuses it, a problem
    /// `{what} '{text}'` with `hint` is recorded. `None` for an empty cell or a refused one.
    fn parsed<T>(
        &mut self,
        cells: &Cells,
        key: Key,
        parse: impl FnOnce(&str) -> Option<T>,
        what: &str,
        hint: impl Into<String>,
    ) -> Option<T> {
        let text = cells.text(key)?;
        let value = parse(&text);
        if value.is_none() {
            self.cell_problem(cells, key, format!("{what} '{text}'"), hint);
        }
        value
    }

    pub(super) fn concept(&mut self, cells: &Cells, key: Key, scheme: &Scheme) -> Option<String> {
        self.parsed(
            cells,
            key,
            |text| scheme.find(text).map(|concept| vocab::def(concept.local)),
            &format!("unknown {}", scheme.what),
            scheme.choices(),
        )
    }

    pub(super) fn year(&mut self, cells: &Cells, key: Key) -> Option<i64> {
        self.parsed(
            cells,
            key,
            values::parse_year,
            "bad year",
            "write a year from 1800 to 2100, such as 2024",
        )
    }

    pub(super) fn boolean(&mut self, cells: &Cells, key: Key) -> Option<bool> {
        self.parsed(
            cells,
            key,
            values::parse_bool,
            "bad yes/no value",
            "write 是 or 否 (yes or no)",
        )
    }

    pub(super) fn count(&mut self, cells: &Cells, key: Key) -> Option<i64> {
        self.parsed(
            cells,
            key,
            |text| values::parse_integer(text).filter(|n| *n >= 0),
            "bad number",
            "write a whole number of 0 or more, such as 120",
        )
    }

    /// A decimal amount in 万元; `positive` also refuses 0.
    pub(super) fn amount(&mut self, cells: &Cells, key: Key, positive: bool) -> Option<String> {
        self.parsed(
            cells,
            key,
            |text| {
                values::parse_decimal(text).filter(|value| {
                    !value.starts_with('-')
                        && (!positive || !value.trim_matches(['0', '.']).is_empty())
                })
            },
            "bad number",
            format!(
                "write a {} number of 万元 (10,000 CNY) without units, such as 1250.5",
                if positive { "positive" } else { "non-negative" }
            ),
        )
    }
}
