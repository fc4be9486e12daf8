//! Sheets for people: a header and typed cells, written as CSV for Excel (a UTF-8 byte-order mark,
//! text that a spreadsheet would read as a formula neutralised) or as an XLSX workbook (numbers as
//! numbers with their decimal places as a cell format, a bold frozen header row with filters,
//! columns sized to their contents, A4 landscape printing with the header repeated).
//!
//! Output is deterministic: the workbook's creation date is the date the caller gives (the data's
//! year), never the clock.

use crate::base::error::Error;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number shown with at most `places` decimals (trailing zeros dropped in CSV; a fixed
    /// number format in XLSX).
    Number(f64, u8),
    Integer(i64),
    /// A ratio shown as a percentage with `places` decimals (0.051 → 5.1%; in XLSX the ratio with a
    /// percent cell format, so that sums and charts work).
    Percent(f64, u8),
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    /// A number, or an empty cell when there is none.
    pub fn number(value: Option<f64>, places: u8) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::Number(v, places))
    }

    /// The cell as text for people (what CSV holds; formula-like text is shown as it is).
    pub fn display(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(value, places) => format!("{:.*}", *places as usize, value + 0.0),
            other => other.csv(),
        }
    }

    fn csv(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => {
                if crate::features::query_output::starts_like_a_formula(text) {
                    format!("'{text}")
                } else {
                    text.clone()
                }
            }
            Cell::Number(value, places) => trimmed(*value, *places),
            Cell::Integer(value) => value.to_string(),
            Cell::Percent(value, places) => {
                format!("{:.*}%", *places as usize, value * 100.0 + 0.0)
            }
        }
    }

    fn shown_width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(text) => text.width(),
            Cell::Number(value, places) => format!("{value:.*}", *places as usize).len(),
            Cell::Integer(value) => value.to_string().len(),
            Cell::Percent(value, places) => {
                format!("{:.*}", *places as usize, value * 100.0).len() + 1
            }
        }
    }
}

/// `value` with `places` decimals, trailing zeros and a trailing point dropped.
pub fn trimmed(value: f64, places: u8) -> String {
    let text = format!("{:.*}", places as usize, value + 0.0);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    if text == "-0" { "0".into() } else { text }
}

/// A named sheet: a header row and rows of cells.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The worksheet's name (at most 31 characters; Excel's limit).
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn new(name: impl Into<String>, header: Vec<String>) -> Sheet {
        Sheet {
            name: name.into(),
            header,
            rows: Vec::new(),
        }
    }
}

/// Writes `sheet` as CSV for spreadsheets.
pub fn write_csv(sheet: &Sheet, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::Writer::from_writer(out);
    let io = |e: csv::Error| std::io::Error::other(e.to_string());
    writer.write_record(&sheet.header).map_err(io)?;
    for row in &sheet.rows {
        writer.write_record(row.iter().map(Cell::csv)).map_err(io)?;
    }
    writer.flush()
}

/// The widest a column gets, in Excel's character units; longer text wraps.
const MAX_WIDTH: usize = 48;

fn xlsx_error(error: rust_xlsxwriter::XlsxError) -> Error {
    Error::Input {
        message: format!("cannot write the workbook: {error}"),
    }
}

/// Writes `sheets` as one XLSX workbook titled `title`, dated 1 January of `year`.
pub fn write_xlsx(
    sheets: &[Sheet],
    title: &str,
    year: i64,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let mut workbook = Workbook::new();
    let date = ExcelDateTime::from_ymd(year.clamp(1900, 9999) as u16, 1, 1).map_err(xlsx_error)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("innomap")
            .set_creation_datetime(&date),
    );
    let font = "Microsoft YaHei";
    let header_format = Format::new()
        .set_bold()
        .set_font_name(font)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_background_color(0xDDEBF7);
    let text_format = Format::new()
        .set_font_name(font)
        .set_align(FormatAlign::Top);
    let wrapped_format = text_format.clone().set_text_wrap();
    let number_formats: Vec<Format> = (0..=6u8)
        .map(|places| {
            let pattern = if places == 0 {
                "0".to_owned()
            } else {
                format!("0.{}", "0".repeat(places as usize))
            };
            Format::new()
                .set_font_name(font)
                .set_align(FormatAlign::Top)
                .set_num_format(pattern)
        })
        .collect();
    let percent_formats: Vec<Format> = (0..=6u8)
        .map(|places| {
            let pattern = if places == 0 {
                "0%".to_owned()
            } else {
                format!("0.{}%", "0".repeat(places as usize))
            };
            Format::new()
                .set_font_name(font)
                .set_align(FormatAlign::Top)
                .set_num_format(pattern)
        })
        .collect();
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        let name: String = sheet.name.chars().take(31).collect();
        worksheet.set_name(name).map_err(xlsx_error)?;
        for (column, header) in sheet.header.iter().enumerate() {
            let column = column as u16;
            worksheet
                .write_string_with_format(0, column, header, &header_format)
                .map_err(xlsx_error)?;
        }
        let mut widths: Vec<usize> = sheet.header.iter().map(|h| h.width().min(24)).collect();
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                if let Some(width) = widths.get_mut(c) {
                    *width = (*width).max(cell.shown_width());
                }
                let c = c as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(text) => {
                        let format = if text.width() > MAX_WIDTH {
                            &wrapped_format
                        } else {
                            &text_format
                        };
                        worksheet
                            .write_string_with_format(r, c, text, format)
                            .map_err(xlsx_error)?;
                    }
                    Cell::Number(value, places) => {
                        let format = &number_formats[(*places).min(6) as usize];
                        worksheet
                            .write_number_with_format(r, c, *value, format)
                            .map_err(xlsx_error)?;
                    }
                    Cell::Integer(value) => {
                        worksheet
                            .write_number_with_format(r, c, *value as f64, &number_formats[0])
                            .map_err(xlsx_error)?;
                    }
                    Cell::Percent(value, places) => {
                        let format = &percent_formats[(*places).min(6) as usize];
                        worksheet
                            .write_number_with_format(r, c, *value, format)
                            .map_err(xlsx_error)?;
                    }
                }
            }
        }
        for (c, width) in widths.iter().enumerate() {
            worksheet
                .set_column_width(c as u16, (*width).clamp(6, MAX_WIDTH) as f64 + 2.0)
                .map_err(xlsx_error)?;
        }
        if !sheet.header.is_empty() {
            let last_column = sheet.header.len() as u16 - 1;
            worksheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
            worksheet
                .autofilter(0, 0, sheet.rows.len() as u32, last_column)
                .map_err(xlsx_error)?;
            worksheet.set_repeat_rows(0, 0).map_err(xlsx_error)?;
        }
        worksheet
            .set_paper_size(9)
            .set_landscape()
            .set_print_fit_to_pages(1, 0);
    }
    let bytes = workbook.save_to_buffer().map_err(xlsx_error)?;
    out.write_all(&bytes).map_err(|e| Error::Input {
        message: format!("cannot write the workbook: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_keep_their_decimals_and_defuse_formulas() {
        assert_eq!(trimmed(12.5, 2), "12.5");
        assert_eq!(trimmed(12.0, 2), "12");
        assert_eq!(trimmed(-0.001, 2), "0");
        assert_eq!(trimmed(1234.0, 0), "1234");
        let mut sheet = Sheet::new("s", vec!["名称".into(), "得分".into()]);
        sheet
            .rows
            .push(vec![Cell::text("=HYPERLINK(1)"), Cell::Number(12.3456, 2)]);
        sheet.rows.push(vec![Cell::text("-12"), Cell::Empty]);
        let mut out = Vec::new();
        write_csv(&sheet, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "\u{feff}名称,得分\n'=HYPERLINK(1),12.35\n-12,\n");
    }

    #[test]
    fn the_same_sheets_give_the_same_bytes() {
        let mut sheet = Sheet::new("排名", vec!["名称".into(), "得分".into()]);
        sheet
            .rows
            .push(vec![Cell::text("沙钢"), Cell::Number(81.25, 2)]);
        let write = || {
            let mut out = Vec::new();
            write_xlsx(std::slice::from_ref(&sheet), "t", 2025, &mut out).unwrap();
            out
        };
        let first = write();
        assert!(first.starts_with(b"PK"), "a zip container");
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(first, write());
    }
}
