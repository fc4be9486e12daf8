//! What reading a row leaves behind: problems with its cells or with the whole row, the
//! statements it makes, and its claim on a subject (a second row about it is a duplicate).

use super::{Cells, Mapper, Rule, Statement};
use crate::features::import::layout::{self, Key};
use crate::features::import::problem::Problem;
use oxigraph::model::Term;

impl<'c, 'a> Mapper<'c, 'a> {
    pub(super) fn cell_problem(
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

    pub(super) fn row_problem(
        &mut self,
        cells: &Cells,
        reason: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.problems
            .push(Problem::row(cells.row.number, reason, hint));
    }

    /// A required-for-new value is missing.
    pub(super) fn missing(&mut self, cells: &Cells, key: Key, what: &str) {
        let column = layout::columns(self.kind).iter().find(|c| c.key == key);
        let (zh, en) = column.map_or(("", ""), |c| (c.zh, c.en));
        let hint = if cells.column(key).is_some() {
            format!("fill in {zh} / {en}")
        } else {
            format!("add a column {zh} / {en} and fill it in")
        };
        self.cell_problem(cells, key, format!("{what} needs {zh} / {en}"), hint);
    }

    pub(super) fn state(
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
    pub(super) fn claim(&mut self, cells: &Cells, subject: &str, id: &str) -> bool {
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
}
