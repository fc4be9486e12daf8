//! Turning rows into statements: which entity each row is (matched or new), and what it says about
//! it, each statement tagged with the rule that reconciles it with other sources ([`Rule`]).

use super::context::Context;
use super::credit_code::{check_credit_code, normalise_credit_code};
use super::entity::{MatchedBy, PlannedEntity};
use super::iri::{self, im, instance, node, schema};
use super::layout::{HeaderMap, Key};
use super::problem::{Problem, ProblemColumn};
use super::table::TableRow;
use super::values::{self, Scheme};
use super::{ImportError, SheetKind};
use crate::base::kind::Kind;
use crate::base::names::normalise;
use crate::base::vocab;
use oxigraph::model::{Literal, NamedNode, Term};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};

/// How a statement meets what other graphs say about its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Many values may hold: skipped when another graph states the same value.
    Set,
    /// One value per subject (per language for text): skipped when another graph states the same
    /// value, a problem when it states another.
    Single,
    /// A name (`rdfs:label`, `skos:prefLabel`): when another graph names the subject differently in
    /// that language, the sheet's name becomes a `skos:altLabel`.
    Label,
    /// A default (provenance `im:Verified`, the row as source): only when no other graph states the
    /// subject's provenance.
    Default,
}

/// One statement a row makes, before reconciliation.
#[derive(Debug, Clone)]
pub struct Statement {
    pub subject: String,
    pub predicate: String,
    pub object: Term,
    pub rule: Rule,
    pub row: usize,
    pub column: Option<ProblemColumn>,
}

/// The id form DESIGN.md sets: lowercase ASCII letters, digits and `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// The first 8 hex digits of the SHA-256 of `text`: stable across runs, machines and versions.
pub fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// A readable id from an English name: lowercase words joined by `-`, company suffixes dropped.
pub fn slug(text: &str) -> String {
    const DROPPED: &[&str] = &[
        "co",
        "ltd",
        "inc",
        "corp",
        "corporation",
        "company",
        "limited",
        "llc",
        "plc",
    ];
    let lower = text.to_ascii_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1 && words.last().is_some_and(|w| DROPPED.contains(w)) {
        words.pop();
    }
    let mut out = String::new();
    for word in words {
        if out.len() + word.len() + 1 > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

fn lang_literal(text: &str, lang: &str) -> Term {
    Term::Literal(Literal::new_language_tagged_literal_unchecked(text, lang))
}

fn typed_literal(text: &str, datatype: &str) -> Term {
    Term::Literal(Literal::new_typed_literal(text, node(datatype)))
}

fn string_literal(text: &str) -> Term {
    Term::Literal(Literal::new_simple_literal(text))
}

fn iri_term(iri: &str) -> Term {
    Term::NamedNode(node(iri))
}

/// Text in Latin letters only is English; anything else is Chinese.
fn text_lang(text: &str) -> &'static str {
    if text.is_ascii() { "en" } else { "zh" }
}

/// One entity a row is about, once identified.
#[derive(Debug, Clone)]
struct Identity {
    iri: String,
    id: String,
    kind: Kind,
    name: String,
    matched: MatchedBy,
}

/// The row-by-row mapping of one sheet.
pub struct Mapper<'c, 'a> {
    ctx: &'c Context<'a>,
    kind: SheetKind,
    region: String,
    graph: String,
    headers: HeaderMap,
    pub problems: Vec<Problem>,
    pub statements: Vec<Statement>,
    pub entities: Vec<PlannedEntity>,
    /// New entities of this sheet, by normalised name and by id.
    local_names: HashMap<String, Vec<(String, Kind, usize)>>,
    local_ids: HashMap<String, (String, Kind)>,
    /// Subject IRI → the row that first described it.
    subjects: HashMap<String, usize>,
    /// The credit code each row gives, by subject IRI.
    codes_of: HashMap<String, Vec<String>>,
}

/// The cells of one row, by key.
struct Cells<'r> {
    row: &'r TableRow,
    headers: &'r HeaderMap,
}

impl Cells<'_> {
    fn column(&self, key: Key) -> Option<ProblemColumn> {
        self.headers
            .find(key)
            .map(|(index, header)| ProblemColumn::new(index, header))
    }

    /// The trimmed text of a cell, `None` when blank or when the sheet has no such column.
    fn text(&self, key: Key) -> Option<String> {
        let (index, _) = self.headers.find(key)?;
        let text = self.row.cells.get(index)?.trim();
        (!text.is_empty()).then(|| text.to_owned())
    }

    fn list(&self, key: Key) -> Vec<String> {
        self.text(key)
            .map(|t| values::split_list(&t))
            .unwrap_or_default()
    }
}

impl<'c, 'a> Mapper<'c, 'a> {
    pub fn new(
        ctx: &'c Context<'a>,
        kind: SheetKind,
        region: &str,
        graph: &str,
        headers: HeaderMap,
    ) -> Self {
        Mapper {
            ctx,
            kind,
            region: region.to_owned(),
            graph: graph.to_owned(),
            headers,
            problems: Vec::new(),
            statements: Vec::new(),
            entities: Vec::new(),
            local_names: HashMap::new(),
            local_ids: HashMap::new(),
            subjects: HashMap::new(),
            codes_of: HashMap::new(),
        }
    }

    /// The IRI of the node that records a row's provenance.
    pub fn row_iri(&self, row: usize) -> String {
        format!("{}#row-{row}", self.graph)
    }

    /// Maps every data row: identities first (so that rows may refer to entities that earlier or
    /// later rows add), then statements.
    pub fn map_rows(&mut self, rows: &[TableRow]) -> Result<(), ImportError> {
        let headers = self.headers.clone();
        let mut identities: Vec<(usize, Option<Identity>)> = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            if row.is_blank() {
                continue;
            }
            let cells = Cells {
                row,
                headers: &headers,
            };
            let identity = match self.kind {
                SheetKind::Firms => self.identify(&cells, &[Kind::Firm], Some(Kind::Firm))?,
                SheetKind::Resources => {
                    let kind = match cells.text(Key::ResourceKind) {
                        Some(text) => match values::resource_kind(&text) {
                            Some(kind) => Some(kind),
                            None => {
                                self.cell_problem(
                                    &cells,
                                    Key::ResourceKind,
                                    format!("unknown kind '{text}'"),
                                    values::resource_kind_choices(),
                                );
                                continue;
                            }
                        },
                        None => None,
                    };
                    self.identify(&cells, &values::RESOURCE_KINDS, kind)?
                }
                SheetKind::Directions => {
                    self.identify(&cells, &[Kind::Direction], Some(Kind::Direction))?
                }
                SheetKind::Talents => self.identify(&cells, &[Kind::Person], Some(Kind::Person))?,
                SheetKind::Collaborations | SheetKind::Investments => None,
            };
            identities.push((i, identity));
        }
        for (i, identity) in identities {
            let row = &rows[i];
            let cells = Cells {
                row,
                headers: &headers,
            };
            match (self.kind, identity) {
                (SheetKind::Firms, Some(identity)) => self.firm(&cells, &identity)?,
                (SheetKind::Resources, Some(identity)) => self.resource(&cells, &identity)?,
                (SheetKind::Directions, Some(identity)) => self.direction(&cells, &identity)?,
                (SheetKind::Talents, Some(identity)) => self.talent(&cells, &identity)?,
                (SheetKind::Collaborations, _) => self.collaboration(&cells)?,
                (SheetKind::Investments, _) => self.investment(&cells)?,
                (_, None) => {}
            }
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------------------
    // Problems and statements
    // -----------------------------------------------------------------------------------------------

    fn cell_problem(
        &mut self,
        cells: &Cells,
        key: Key,
        reason: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let problem = match cells.column(key) {
            Some(column) => Problem::cell(cells.row.number, column, reason, hint),
            None => Problem::row(cells.row.number, reason, hint),
        };
        self.problems.push(problem);
    }

    fn row_problem(&mut self, cells: &Cells, reason: impl Into<String>, hint: impl Into<String>) {
        self.problems
            .push(Problem::row(cells.row.number, reason, hint));
    }

    /// A required-for-new value is missing.
    fn missing(&mut self, cells: &Cells, key: Key, what: &str) {
        let column = super::layout::columns(self.kind)
            .iter()
            .find(|c| c.key == key);
        let (zh, en) = column.map_or(("", ""), |c| (c.zh, c.en));
        let hint = if cells.column(key).is_some() {
            format!("fill in {zh} / {en}")
        } else {
            format!("add a column {zh} / {en} and fill it in")
        };
        self.cell_problem(cells, key, format!("{what} needs {zh} / {en}"), hint);
    }

    fn state(
        &mut self,
        cells: &Cells,
        subject: &str,
        predicate: &str,
        object: Term,
        rule: Rule,
        key: Option<Key>,
    ) {
        self.statements.push(Statement {
            subject: subject.to_owned(),
            predicate: predicate.to_owned(),
            object,
            rule,
            row: cells.row.number,
            column: key.and_then(|k| cells.column(k)),
        });
    }

    /// Claims `subject` for this row; a second row about the same subject is a duplicate.
    fn claim(&mut self, cells: &Cells, subject: &str, id: &str) -> bool {
        if let Some(first) = self.subjects.get(subject) {
            let first = *first;
            self.row_problem(
                cells,
                format!("duplicate row: row {first} already describes {id}"),
                "merge the two rows into one or delete one",
            );
            return false;
        }
        self.subjects.insert(subject.to_owned(), cells.row.number);
        true
    }

    // -----------------------------------------------------------------------------------------------
    // Resolving references
    // -----------------------------------------------------------------------------------------------

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
    fn resolve_list(&mut self, cells: &Cells, key: Key, kinds: &[Kind], what: &str) -> Vec<String> {
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

    fn resolve_one(
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

    fn concept(&mut self, cells: &Cells, key: Key, scheme: &Scheme) -> Option<String> {
        self.parsed(
            cells,
            key,
            |text| scheme.find(text).map(|concept| vocab::def(concept.local)),
            &format!("unknown {}", scheme.what),
            scheme.choices(),
        )
    }

    fn year(&mut self, cells: &Cells, key: Key) -> Option<i64> {
        self.parsed(
            cells,
            key,
            values::parse_year,
            "bad year",
            "write a year from 1800 to 2100, such as 2024",
        )
    }

    fn boolean(&mut self, cells: &Cells, key: Key) -> Option<bool> {
        self.parsed(
            cells,
            key,
            values::parse_bool,
            "bad yes/no value",
            "write 是 or 否 (yes or no)",
        )
    }

    fn count(&mut self, cells: &Cells, key: Key) -> Option<i64> {
        self.parsed(
            cells,
            key,
            |text| values::parse_integer(text).filter(|n| *n >= 0),
            "bad number",
            "write a whole number of 0 or more, such as 120",
        )
    }

    /// A decimal amount in 万元; `positive` also refuses 0.
    fn amount(&mut self, cells: &Cells, key: Key, positive: bool) -> Option<String> {
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

    // -----------------------------------------------------------------------------------------------
    // Identity: which entity a row is
    // -----------------------------------------------------------------------------------------------

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
    fn identify(
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

    // -----------------------------------------------------------------------------------------------
    // What rows say
    // -----------------------------------------------------------------------------------------------

    fn entity_record(&mut self, cells: &Cells, identity: &Identity, kind: &str) {
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
    fn names(
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
    fn provenance(&mut self, cells: &Cells, subject: &str) {
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

    fn set_all(
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

    fn firm(&mut self, cells: &Cells, identity: &Identity) -> Result<(), ImportError> {
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

    fn resource(&mut self, cells: &Cells, identity: &Identity) -> Result<(), ImportError> {
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

    fn direction(&mut self, cells: &Cells, identity: &Identity) -> Result<(), ImportError> {
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

    fn talent(&mut self, cells: &Cells, identity: &Identity) -> Result<(), ImportError> {
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

    fn collaboration(&mut self, cells: &Cells) -> Result<(), ImportError> {
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

    fn investment(&mut self, cells: &Cells) -> Result<(), ImportError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_drop_company_suffixes() {
        assert_eq!(
            slug("Jiangsu Foo Technology Co., Ltd."),
            "jiangsu-foo-technology"
        );
        assert_eq!(slug("Han's Laser"), "han-s-laser");
        assert_eq!(slug("测试"), "");
        assert!(slug(&"word ".repeat(30)).len() <= 40);
    }

    #[test]
    fn hashes_are_stable() {
        // SHA-256("abc") starts ba7816bf.
        assert_eq!(short_hash("abc"), "ba7816bf");
    }

    #[test]
    fn ids_follow_the_design_rules() {
        assert!(is_valid_id("huachang-chem"));
        assert!(is_valid_id("t01x"));
        assert!(!is_valid_id("Huachang"));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id(""));
    }
}
