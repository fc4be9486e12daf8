//! Tables and prose for people at a terminal: every table fits the width it is given, long cells
//! wrap (CJK characters count two columns), numeric columns are right-aligned, and prose lines
//! wrap with a hanging indent.
//!
//! The width is decided once per run by the CLI ([`set_width`]): `--wide` or output to a pipe or
//! file → no limit (the full table, ids included); `COLUMNS` when set → that many columns; a terminal
//! → its width. With a limit, ids in parentheses are left out of people's names ([`show_ids`]): the
//! label is what people read, and every command resolves names.

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets};
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The width limit in columns; 0 means none.
static LIMIT: AtomicUsize = AtomicUsize::new(0);

/// The narrowest limit honoured: below it tables cannot hold their borders.
pub const MIN_WIDTH: usize = 40;

/// Sets the width people's tables and prose must fit (`None`: no limit).
pub fn set_width(limit: Option<usize>) {
    LIMIT.store(limit.map_or(0, |w| w.max(MIN_WIDTH)), Ordering::Relaxed);
}

/// The width people's tables and prose must fit, if any.
pub fn width() -> Option<usize> {
    match LIMIT.load(Ordering::Relaxed) {
        0 => None,
        w => Some(w),
    }
}

/// Whether ids are shown beside labels (only when there is no width limit).
pub fn show_ids() -> bool {
    width().is_none()
}

/// The width the CLI should use: none with `--wide`; else `COLUMNS` when it holds a number; else
/// the terminal's width when standard output is one; else none (pipes and files get everything).
pub fn width_for_run(wide: bool) -> Option<usize> {
    if wide {
        return None;
    }
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
    {
        return Some(columns);
    }
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            return Some(w as usize);
        }
    }
    None
}

/// A people's table with `header`, in the house style.
pub fn new(header: Vec<&str>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header);
    table
}

/// Whether a cell reads as a number: digits with an optional sign, point, thousands commas,
/// percent sign, or a trailing unit in brackets; `—` and empty cells count as blank.
fn is_numeric(text: &str) -> bool {
    let text = text.trim();
    let text = text.strip_suffix('%').unwrap_or(text).trim_end();
    let text = text.strip_prefix(['+', '-', '−']).unwrap_or(text);
    !text.is_empty()
        && text.chars().next().is_some_and(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '/' | ' ' | '→'))
}

/// The columns whose non-blank cells are all numbers (at least one), with their widest cell.
fn numeric_columns(table: &Table) -> Vec<(usize, usize)> {
    let mut numeric = Vec::new();
    for c in 0..table.column_iter().count() {
        let mut widest = 0;
        let mut any = false;
        let mut all = true;
        for row in table.row_iter() {
            if let Some(cell) = row.cell_iter().nth(c) {
                let content = cell.content();
                let content = content.trim();
                if content.is_empty() || content == "—" || content == "-" {
                    continue;
                }
                any = true;
                widest = widest.max(content.width());
                if !is_numeric(content) {
                    all = false;
                    break;
                }
            }
        }
        if any && all {
            numeric.push((c, widest));
        }
    }
    numeric
}

/// Right-aligns every numeric column.
pub fn align_numbers(table: &mut Table) {
    for (c, _) in numeric_columns(table) {
        if let Some(column) = table.column_mut(c) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// Keeps each numeric column at least as wide as its widest number (the bound counts the padding),
/// so that numbers never break across lines, and wraps its heading at eight columns, so that the
/// text columns get the room.
fn keep_numbers_whole(table: &mut Table) {
    for (c, widest) in numeric_columns(table) {
        let lower = (widest + 2).min(u16::MAX as usize) as u16;
        if let Some(column) = table.column_mut(c) {
            column.set_constraint(ColumnConstraint::Boundaries {
                lower: Width::Fixed(lower),
                upper: Width::Fixed(lower.max(10)),
            });
        }
    }
}

/// Hides the columns that are empty in every row (when the width is limited: nothing to read there).
fn hide_empty_columns(table: &mut Table) {
    if table.row_iter().next().is_none() {
        return;
    }
    for c in 0..table.column_count() {
        let empty = table.row_iter().all(|row| {
            row.cell_iter()
                .nth(c)
                .is_none_or(|cell| cell.content().trim().is_empty())
        });
        if empty {
            if let Some(column) = table.column_mut(c) {
                column.set_constraint(ColumnConstraint::Hidden);
            }
        }
    }
}

/// The table as text that fits [`width`]: numbers right-aligned; a table wider than the limit
/// loses its empty columns and wraps its long cells (numbers stay whole).
pub fn render(mut table: Table) -> String {
    align_numbers(&mut table);
    let natural = table.to_string();
    let Some(limit) = width() else {
        return natural;
    };
    if natural.lines().all(|line| line.width() <= limit) {
        return natural;
    }
    hide_empty_columns(&mut table);
    keep_numbers_whole(&mut table);
    table
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(limit.min(u16::MAX as usize) as u16);
    table.to_string()
}

/// Writes `table` (see [`render`]) and a newline.
pub fn write(out: &mut dyn Write, table: Table) -> io::Result<()> {
    writeln!(out, "{}", render(table))
}

/// `text` wrapped to `limit` columns: breaks after spaces or between CJK characters (never before
/// closing punctuation), continuation lines indented by two spaces. Box-drawing lines (tables) are
/// returned as they are.
pub fn wrap_line(text: &str, limit: usize) -> Vec<String> {
    if text.width() <= limit || text.starts_with(['┌', '│', '╞', '├', '└', '┆', '╭', '+', '|'])
    {
        return vec![text.to_owned()];
    }
    let indent = "  ";
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut current_width = 0usize;
    // The position in `current` after which a break is allowed, and the width up to it.
    let mut last_break: Option<(usize, usize)> = None;
    let chars: Vec<char> = text.chars().collect();
    for (i, &ch) in chars.iter().enumerate() {
        let w = ch.width().unwrap_or(0);
        if current_width + w > limit && !current.trim().is_empty() {
            let (split_at, _) = match last_break {
                Some(b) if b.0 > indent.len() => b,
                _ => (current.len(), current_width),
            };
            let rest = current.split_off(split_at);
            lines.push(current.trim_end().to_owned());
            current = format!("{indent}{}", rest.trim_start());
            current_width = current.width();
            last_break = None;
        }
        current.push(ch);
        current_width += w;
        let next = chars.get(i + 1).copied();
        let breakable = ch == ' '
            || ((is_wide(ch) || next.is_some_and(is_wide))
                && !next.is_some_and(is_closing)
                && !is_opening(ch));
        if breakable {
            last_break = Some((current.len(), current_width));
        }
    }
    if !current.trim().is_empty() {
        lines.push(current.trim_end().to_owned());
    }
    lines
}

fn is_wide(ch: char) -> bool {
    ch.width() == Some(2)
}

fn is_closing(ch: char) -> bool {
    matches!(
        ch,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '）'
            | '」'
            | '』'
            | '》'
            | '！'
            | '？'
            | ')'
            | ','
            | '.'
            | ';'
            | ':'
            | ']'
    )
}

fn is_opening(ch: char) -> bool {
    matches!(ch, '（' | '「' | '『' | '《' | '(' | '[')
}

/// A writer that wraps each line wider than [`width`] (see [`wrap_line`]); with no limit it passes
/// everything through. Wrap the `out` of a people's writer in it; call [`Fit::finish`] at the end (or
/// let it drop).
pub struct Fit<'a> {
    out: &'a mut dyn Write,
    limit: Option<usize>,
    pending: Vec<u8>,
}

impl<'a> Fit<'a> {
    pub fn new(out: &'a mut dyn Write) -> Fit<'a> {
        Fit {
            out,
            limit: width(),
            pending: Vec::new(),
        }
    }

    fn emit_line(&mut self, line: &[u8]) -> io::Result<()> {
        let Some(limit) = self.limit else {
            return self.out.write_all(line);
        };
        let text = String::from_utf8_lossy(line);
        let (body, newline) = match text.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (text.as_ref(), ""),
        };
        let wrapped = wrap_line(body, limit);
        let last = wrapped.len().saturating_sub(1);
        for (i, part) in wrapped.iter().enumerate() {
            self.out.write_all(part.as_bytes())?;
            if i < last {
                self.out.write_all(b"\n")?;
            }
        }
        self.out.write_all(newline.as_bytes())
    }

    /// Writes what is left of a last line without a newline.
    pub fn finish(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            self.emit_line(&pending)?;
        }
        self.out.flush()
    }
}

impl Write for Fit<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.limit.is_none() {
            return self.out.write(buf);
        }
        self.pending.extend_from_slice(buf);
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            self.emit_line(&line)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Drop for Fit<'_> {
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_wraps_between_cjk_characters_and_at_spaces() {
        let text = "理由：覆盖 4/5 项所需能力；成员与牵头单位平均协作距离 0.91；2/6 对单位已有合作；缺：固态电解质";
        for limit in [20, 30, 41] {
            let lines = wrap_line(text, limit);
            assert!(lines.len() > 1, "{lines:?}");
            for line in &lines {
                assert!(line.width() <= limit, "{line:?} is wider than {limit}");
                assert!(
                    !line.trim_start().starts_with(['；', '：', '，']),
                    "{line:?}"
                );
            }
            let joined: String = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("");
            assert_eq!(
                joined.replace(' ', ""),
                text.replace(' ', ""),
                "nothing lost at {limit}"
            );
        }
        assert_eq!(wrap_line("short", 80), vec!["short".to_owned()]);
        let english =
            "Reason: covers 4 of 5 required capabilities with an average distance of 0.91";
        for line in wrap_line(english, 30) {
            assert!(line.width() <= 30, "{line}");
            assert!(!line.trim().starts_with(' '));
        }
    }

    #[test]
    fn numeric_columns_are_recognised() {
        for yes in ["12", "12.5", "-3", "45%", "1,234", "4/5", "79.9 → 87.2"] {
            assert!(is_numeric(yes), "{yes}");
        }
        for no in ["沙钢", "CN", "T19", "", "2.5万元", "a1"] {
            assert!(!is_numeric(no), "{no}");
        }
    }
}
