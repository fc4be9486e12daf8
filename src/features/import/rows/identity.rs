//! Identity: which entity a row is, matched by credit code, id or name, or new with an id of its own
//! (given, or minted from its English name or a hash).

use super::terms::{is_valid_id, short_hash, slug};
use super::{Cells, Identity, Mapper};
use crate::base::kind::Kind;
use crate::base::names::normalise;
use crate::base::vocab;
use crate::features::import::context::Context;
use crate::features::import::credit_code::{check_credit_code, normalise_credit_code};
use crate::features::import::entity::MatchedBy;
use crate::features::import::iri::instance;
use crate::features::import::layout::Key;
use crate::features::import::{ImportError, SheetKind};
use oxigraph::model::Term;

impl<'c, 'a> Mapper<'c, 'a> {
    /// Whether an id is used by an entity that some other source describes, or by a new entity of
    /// this sheet (an id used only by this sheet's previous import is free again).
    fn id_taken(&self, id: &str) -> Result<bool, ImportError> {
        if self.local_ids.contains_key(id) {
            return Ok(true);
        }
        for i in self.ctx.with_id(id) {
            if self.ctx.described_elsewhere(&self.ctx.entity(i).iri)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn mint_id(
        &self,
        kind: Kind,
        name: &str,
        name_en: Option<&str>,
        code: Option<&str>,
    ) -> Result<String, ImportError> {
        let key = match code {
            Some(code) => format!("{}:code:{code}", kind.as_str()),
            None => format!("{}:name:{}", kind.as_str(), normalise(name)),
        };
        let hash = short_hash(&key);
        if let Some(slug) = name_en.map(slug).filter(|s| !s.is_empty()) {
            if !self.id_taken(&slug)? {
                return Ok(slug);
            }
            return Ok(format!("{slug}-{}", &hash[..6]));
        }
        Ok(format!("{}-{hash}", kind.as_str().replace('_', "-")))
    }

    /// Finds the entity a row describes, or makes a new identity for it. `kinds` are the kinds the
    /// row may match; `kind_for_new` is the kind of a new entity (`None`: the row did not say).
    pub(super) fn identify(
        &mut self,
        cells: &Cells,
        kinds: &[Kind],
        kind_for_new: Option<Kind>,
    ) -> Result<Option<Identity>, ImportError> {
        let what = match self.kind {
            SheetKind::Firms => "firm",
            SheetKind::Resources => "resource",
            SheetKind::Directions => "direction",
            _ => "person",
        };
        let Some(name) = cells.text(Key::Name) else {
            self.cell_problem(
                cells,
                Key::Name,
                format!("the {what} has no name"),
                "fill in the name, or delete the row",
            );
            return Ok(None);
        };
        // The credit code (firms).
        let mut code = None;
        if let Some(text) = cells.text(Key::CreditCode) {
            let normalised = normalise_credit_code(&text);
            match check_credit_code(&normalised) {
                Ok(()) => code = Some(normalised),
                Err(error) => self.cell_problem(
                    cells,
                    Key::CreditCode,
                    format!("the unified social credit code '{text}' {error}"),
                    "copy it from the business licence (if the sheet stores it as a number, format the column as text)",
                ),
            }
        }
        // The id (directions: the notation).
        let id_key = if self.kind == SheetKind::Directions {
            Key::Notation
        } else {
            Key::Id
        };
        let mut given_id = None;
        if let Some(text) = cells.text(id_key) {
            let text = text.trim_start_matches('<').trim_end_matches('>');
            let id = match vocab::id_of(text) {
                Some(id) => id.to_owned(),
                None if self.kind == SheetKind::Directions => text.to_uppercase(),
                None => text.to_owned(),
            };
            let valid = if self.kind == SheetKind::Directions {
                id.len() == 3 && id.starts_with('T') && id[1..].chars().all(|c| c.is_ascii_digit())
            } else {
                is_valid_id(&id)
            };
            if valid {
                given_id = Some(id);
            } else if self.kind == SheetKind::Directions {
                self.cell_problem(
                    cells,
                    id_key,
                    format!("bad notation '{text}'"),
                    "write T and two digits, such as T07",
                );
            } else {
                self.cell_problem(
                    cells,
                    id_key,
                    format!("bad id '{text}'"),
                    "use lowercase letters, digits and -, such as huachang-chem",
                );
            }
        }
        let name_en = cells.text(Key::NameEn);
        let fits = |ctx: &Context, i: &usize| kinds.contains(&ctx.entity(*i).kind);
        let mut matched: Option<(usize, MatchedBy)> = None;
        if let Some(code) = &code {
            let found: Vec<usize> = self
                .ctx
                .with_code(code)
                .into_iter()
                .filter(|i| fits(self.ctx, i))
                .collect();
            match found.as_slice() {
                [single] => matched = Some((*single, MatchedBy::CreditCode)),
                [] => {}
                many => {
                    let listed = many
                        .iter()
                        .map(|&i| self.ctx.entity(i).id.clone())
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.cell_problem(
                        cells,
                        Key::CreditCode,
                        format!(
                            "the credit code {code} is held by {} entities: {listed}",
                            many.len()
                        ),
                        "correct the code in the store or in the sheet",
                    );
                    return Ok(None);
                }
            }
        }
        if let Some(id) = &given_id {
            let found = self.ctx.with_id(id);
            let fitting: Vec<usize> = found
                .iter()
                .copied()
                .filter(|i| fits(self.ctx, i))
                .collect();
            match (&matched, fitting.as_slice()) {
                (Some((by_code, _)), _) if self.ctx.entity(*by_code).id != *id => {
                    let holder = self.ctx.entity(*by_code).id.clone();
                    self.cell_problem(cells, id_key, format!("the id {id} and the credit code name different entities (the code is {holder}'s)"), "correct the id or the code");
                    return Ok(None);
                }
                (Some(_), _) => {}
                (None, [single]) => matched = Some((*single, MatchedBy::Id)),
                (None, []) if !found.is_empty() => {
                    let other = self.ctx.entity(found[0]);
                    let message = format!(
                        "the id {id} is already used by a {} ({})",
                        other.kind,
                        other.label(crate::base::Lang::Zh)
                    );
                    self.cell_problem(
                        cells,
                        id_key,
                        message,
                        "ids are unique across kinds: choose another id",
                    );
                    return Ok(None);
                }
                _ => {}
            }
        }
        if matched.is_none() {
            let found: Vec<usize> = self
                .ctx
                .with_name(&name)
                .into_iter()
                .filter(|i| fits(self.ctx, i))
                .collect();
            match found.as_slice() {
                [single] => matched = Some((*single, MatchedBy::Label)),
                [] => {}
                many => {
                    let mut listed: Vec<String> = many
                        .iter()
                        .map(|&i| {
                            let e = self.ctx.entity(i);
                            format!("{} ({})", e.id, e.label(crate::base::Lang::Zh))
                        })
                        .collect();
                    listed.sort();
                    let hint = if self.kind == SheetKind::Firms {
                        "give the id or the unified social credit code to say which"
                    } else {
                        "give the id to say which"
                    };
                    self.cell_problem(
                        cells,
                        Key::Name,
                        format!(
                            "the name '{name}' matches {} {what}s: {}",
                            many.len(),
                            listed.join(", ")
                        ),
                        hint,
                    );
                    return Ok(None);
                }
            }
        }
        let identity = match matched {
            Some((position, by)) => {
                let entity = self.ctx.entity(position).clone();
                if let (Some(wanted), false) = (kind_for_new, kind_for_new == Some(entity.kind)) {
                    self.cell_problem(
                        cells,
                        Key::ResourceKind,
                        format!(
                            "{} ({}) is a {}, not a {}",
                            entity.id,
                            entity.label(crate::base::Lang::Zh),
                            entity.kind,
                            wanted
                        ),
                        "correct the kind, or leave it empty for an entity already in the store",
                    );
                    return Ok(None);
                }
                if let (Some(code), MatchedBy::Id | MatchedBy::Label) = (&code, by) {
                    let codes = self.codes_of_entity(&entity.iri);
                    if !codes.is_empty() && !codes.contains(code) {
                        self.cell_problem(
                            cells,
                            Key::CreditCode,
                            format!(
                                "{} ({}) has the credit code {}, the row says {code}",
                                entity.id,
                                entity.label(crate::base::Lang::Zh),
                                codes.join(", ")
                            ),
                            "correct the code, or give the id of the firm the code belongs to",
                        );
                        return Ok(None);
                    }
                }
                Identity {
                    iri: entity.iri.clone(),
                    id: entity.id.clone(),
                    kind: entity.kind,
                    name: name.clone(),
                    matched: by,
                }
            }
            None => {
                let Some(kind) = kind_for_new else {
                    self.missing(cells, Key::ResourceKind, "a new resource");
                    return Ok(None);
                };
                if self.kind == SheetKind::Directions && given_id.is_none() {
                    self.missing(cells, Key::Notation, "a new direction");
                    return Ok(None);
                }
                if let Some(local) = self.local_names.get(&normalise(&name)) {
                    if let Some((iri, _, first)) = local.iter().find(|(_, k, _)| kinds.contains(k))
                    {
                        let id = vocab::id_of(iri).unwrap_or(iri).to_owned();
                        let first = *first;
                        self.row_problem(
                            cells,
                            format!("duplicate row: row {first} already adds {id} named '{name}'"),
                            "merge the two rows, or give each an id",
                        );
                        return Ok(None);
                    }
                }
                let id = match given_id {
                    Some(id) => id,
                    None => self.mint_id(kind, &name, name_en.as_deref(), code.as_deref())?,
                };
                let iri = instance(&self.region, kind.as_str(), &id);
                Identity {
                    iri,
                    id,
                    kind,
                    name: name.clone(),
                    matched: MatchedBy::New,
                }
            }
        };
        if !self.claim(cells, &identity.iri, &identity.id) {
            return Ok(None);
        }
        if identity.matched == MatchedBy::New {
            self.local_ids
                .insert(identity.id.clone(), (identity.iri.clone(), identity.kind));
            self.local_names.entry(normalise(&name)).or_default().push((
                identity.iri.clone(),
                identity.kind,
                cells.row.number,
            ));
            if let Some(en) = &name_en {
                self.local_names.entry(normalise(en)).or_default().push((
                    identity.iri.clone(),
                    identity.kind,
                    cells.row.number,
                ));
            }
        }
        if let Some(code) = code {
            self.codes_of
                .entry(identity.iri.clone())
                .or_default()
                .push(code);
        }
        Ok(Some(identity))
    }

    /// The credit codes other sources state for an entity.
    fn codes_of_entity(&self, iri: &str) -> Vec<String> {
        let mut codes: Vec<String> = Vec::new();
        if let Ok(statements) = self.ctx.elsewhere(iri) {
            for s in statements.iter() {
                if s.predicate == vocab::def("creditCode") {
                    if let Term::Literal(l) = &s.object {
                        codes.push(normalise_credit_code(l.value()));
                    }
                }
            }
        }
        codes.sort();
        codes.dedup();
        codes
    }
}
