//! Problems found in a sheet: each names its row (numbered as a spreadsheet shows it, the header
//! being row 1), its column (letter and header) and the reason, with what to do about it.

use serde::Serialize;

/// One problem in one row (or in the header row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The row as a spreadsheet numbers it (1-based, counting the header and any title rows).
    pub row: usize,
    /// The column at fault, when one is.
    pub column: Option<ProblemColumn>,
    /// What is wrong, one clause.
    pub reason: String,
    /// What to do about it, one clause (may be empty).
    pub hint: String,
}

/// A column as a spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProblemColumn {
    /// 0-based position.
    pub index: usize,
    /// The spreadsheet letter: `A`, `B`, …, `AA`.
    pub letter: String,
    /// The header text as the sheet has it.
    pub header: String,
}

impl ProblemColumn {
    pub fn new(index: usize, header: &str) -> Self {
        Self {
            index,
            letter: column_letter(index),
            header: header.to_owned(),
        }
    }
}

impl Problem {
    /// A problem of a whole row.
    pub fn row(row: usize, reason: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            row,
            column: None,
            reason: reason.into(),
            hint: hint.into(),
        }
    }

    /// A problem of one cell.
    pub fn cell(
        row: usize,
        column: ProblemColumn,
        reason: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            row,
            column: Some(column),
            reason: reason.into(),
            hint: hint.into(),
        }
    }

    /// The message line: `FILE row R, column C (header): reason; what to do`.
    pub fn describe(&self, file: &str) -> String {
        let mut text = format!("{file} row {}", self.row);
        if let Some(column) = &self.column {
            text.push_str(&format!(", column {} ({})", column.letter, column.header));
        }
        text.push_str(": ");
        text.push_str(&self.reason);
        if !self.hint.is_empty() {
            text.push_str("; ");
            text.push_str(&self.hint);
        }
        text
    }

    /// The order problems are reported in: by row, then column.
    pub(crate) fn sort_key(&self) -> (usize, usize) {
        (self.row, self.column.as_ref().map_or(0, |c| c.index + 1))
    }
}

/// The spreadsheet letter of a 0-based column: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_count_as_spreadsheets_do() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn a_problem_names_file_row_column_reason_and_remedy() {
        let problem = Problem::cell(
            3,
            ProblemColumn::new(2, "企业梯队"),
            "unknown tier '超级企业'",
            "use one of 科技型中小企业, 高新技术企业, 瞪羚企业, 独角兽企业",
        );
        assert_eq!(
            problem.describe("firms.csv"),
            "firms.csv row 3, column C (企业梯队): unknown tier '超级企业'; use one of 科技型中小企业, 高新技术企业, 瞪羚企业, 独角兽企业"
        );
    }
}
