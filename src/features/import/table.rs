//! Reading a sheet into rows of text cells: CSV/TSV (UTF-8 with or without BOM, UTF-16 with BOM, or
//! GB18030/GBK as Excel saves it on Chinese Windows) through `csv` and `encoding_rs`, and workbooks
//! (XLSX, XLSM, XLS, XLSB, ODS) through `calamine`. Row numbers are the ones a spreadsheet shows.

use super::ImportError;
use calamine::{Data, Reader};
use std::io::Cursor;
use std::path::Path;

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    /// GB18030, which GBK and GB2312 files also decode as.
    Gb18030,
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    pub fn as_str(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Gb18030 => "gb18030",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
        }
    }
}

impl std::str::FromStr for TextEncoding {
    type Err = ImportError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Ok(TextEncoding::Utf8),
            "gb18030" | "gbk" | "gb2312" | "cp936" => Ok(TextEncoding::Gb18030),
            "utf-16le" | "utf16le" | "utf-16" => Ok(TextEncoding::Utf16Le),
            "utf-16be" | "utf16be" => Ok(TextEncoding::Utf16Be),
            other => Err(ImportError::Usage(format!(
                "unknown encoding '{other}': use utf-8, gb18030 (also for GBK and GB2312 files), utf-16le or utf-16be"
            ))),
        }
    }
}

/// How a file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    /// Delimited text; the delimiter (comma, tab or semicolon) is read from the first line.
    Delimited,
    /// A spreadsheet workbook: XLSX, XLSM, XLS, XLSB or ODS.
    Workbook,
}

impl SheetFormat {
    /// The format a file's extension names.
    pub fn from_path(path: &Path) -> Result<Self, ImportError> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match extension.as_str() {
            "csv" | "tsv" | "txt" => Ok(SheetFormat::Delimited),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Ok(SheetFormat::Workbook),
            _ => Err(ImportError::Input(format!(
                "cannot tell the sheet format of {} from its extension: use .csv, .tsv, .xlsx, .xls or .ods",
                path.display()
            ))),
        }
    }
}

/// What to read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The worksheet of a workbook, by name (default: the first).
    pub sheet: Option<String>,
    /// The encoding of a CSV file (default: detected).
    pub encoding: Option<TextEncoding>,
}

/// One row of cells, with the number a spreadsheet shows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub number: usize,
    pub cells: Vec<String>,
}

impl TableRow {
    /// Whether every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// A sheet as rows of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The file name (no directories), as provenance records it.
    pub file_name: String,
    /// The worksheet read, for workbooks.
    pub sheet: Option<String>,
    /// The encoding a CSV file was read in.
    pub encoding: Option<TextEncoding>,
    pub rows: Vec<TableRow>,
}

impl Table {
    /// A table from rows given in code (tests, other front ends); rows are numbered from 1.
    pub fn from_rows(file_name: &str, rows: Vec<Vec<String>>) -> Self {
        Table {
            file_name: file_name.to_owned(),
            sheet: None,
            encoding: None,
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, cells)| TableRow {
                    number: i + 1,
                    cells,
                })
                .collect(),
        }
    }
}

/// Reads a sheet file.
pub fn read_table_file(path: &Path, options: &ReadOptions) -> Result<Table, ImportError> {
    let format = SheetFormat::from_path(path)?;
    let bytes = crate::store::read_input_file(path).map_err(ImportError::Input)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    read_table(&file_name, &bytes, format, options)
}

/// Reads a sheet from its bytes; `file_name` names it in messages and provenance.
pub fn read_table(
    file_name: &str,
    bytes: &[u8],
    format: SheetFormat,
    options: &ReadOptions,
) -> Result<Table, ImportError> {
    match format {
        SheetFormat::Delimited => {
            if options.sheet.is_some() {
                return Err(ImportError::Usage(format!(
                    "--sheet names a worksheet of a workbook, but {file_name} is a CSV file"
                )));
            }
            read_delimited(file_name, bytes, options.encoding)
        }
        SheetFormat::Workbook => {
            if options.encoding.is_some() {
                return Err(ImportError::Usage(format!(
                    "--encoding is for CSV files; {file_name} is a workbook, which names its own encoding"
                )));
            }
            read_workbook(file_name, bytes, options.sheet.as_deref())
        }
    }
}

/// Decodes a text file: a BOM decides; else valid UTF-8 is UTF-8; else GB18030.
pub fn decode_text(
    file_name: &str,
    bytes: &[u8],
    forced: Option<TextEncoding>,
) -> Result<(String, TextEncoding), ImportError> {
    let encoding = match forced {
        Some(encoding) => encoding,
        None => match encoding_rs::Encoding::for_bom(bytes) {
            Some((e, _)) if e == encoding_rs::UTF_8 => TextEncoding::Utf8,
            Some((e, _)) if e == encoding_rs::UTF_16LE => TextEncoding::Utf16Le,
            Some((e, _)) if e == encoding_rs::UTF_16BE => TextEncoding::Utf16Be,
            _ if std::str::from_utf8(bytes).is_ok() => TextEncoding::Utf8,
            _ => TextEncoding::Gb18030,
        },
    };
    let decoder = match encoding {
        TextEncoding::Utf8 => encoding_rs::UTF_8,
        TextEncoding::Gb18030 => encoding_rs::GB18030,
        TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
        TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
    };
    let body = match encoding_rs::Encoding::for_bom(bytes) {
        Some((e, length)) if e == decoder => &bytes[length..],
        _ => bytes,
    };
    match decoder.decode_without_bom_handling_and_without_replacement(body) {
        Some(text) => Ok((text.into_owned(), encoding)),
        None => {
            let hint = match (forced, encoding) {
                (Some(_), _) => "check --encoding, or save the file as UTF-8 CSV".to_owned(),
                (None, TextEncoding::Gb18030) => {
                    "it is neither UTF-8 nor GB18030/GBK: save it as \"CSV UTF-8\" or give --encoding"
                        .to_owned()
                }
                (None, _) => "save it as \"CSV UTF-8\" or give --encoding".to_owned(),
            };
            Err(ImportError::Input(format!(
                "{file_name} is not valid {}; {hint}",
                encoding.as_str()
            )))
        }
    }
}

/// The delimiter of a text sheet: whichever of comma, tab and semicolon the first line has most of.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.chars().filter(|&x| x == c).count();
    let (comma, tab, semicolon) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semicolon {
        b'\t'
    } else if semicolon > comma && semicolon > tab {
        b';'
    } else {
        b','
    }
}

fn read_delimited(
    file_name: &str,
    bytes: &[u8],
    forced: Option<TextEncoding>,
) -> Result<Table, ImportError> {
    let (text, encoding) = decode_text(file_name, bytes, forced)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Spreadsheets show a blank line as an empty row, which the csv reader skips: count the line
    // breaks between the end of one record and the start of the next to keep the row numbers a
    // spreadsheet shows. A record's position is where the reader stood before skipping them.
    let bytes = text.as_bytes();
    let mut number = 0usize;
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            ImportError::Input(format!(
                "{file_name}:{line}: the CSV is malformed ({e}); re-save it from the spreadsheet"
            ))
        })?;
        if !more {
            break;
        }
        let from = record.position().map_or(0, |p| p.byte() as usize);
        let run = bytes[from.min(bytes.len())..]
            .iter()
            .take_while(|b| **b == b'\n' || **b == b'\r');
        let mut blank = run.filter(|b| **b == b'\n').count();
        // The rest of the previous record's CRLF terminator is not a blank line.
        if from > 0 && bytes.get(from) == Some(&b'\n') && bytes[from - 1] == b'\r' {
            blank = blank.saturating_sub(1);
        }
        number += 1 + blank;
        rows.push(TableRow {
            number,
            cells: record.iter().map(str::to_owned).collect(),
        });
    }
    Ok(Table {
        file_name: file_name.to_owned(),
        sheet: None,
        encoding: Some(encoding),
        rows,
    })
}

fn read_workbook(file_name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Table, ImportError> {
    let mut workbook =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| {
            ImportError::Input(format!(
                "{file_name} is not a readable workbook ({e}); save it as .xlsx or .csv"
            ))
        })?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.trim() == wanted.trim()))
            .cloned()
            .ok_or_else(|| {
                ImportError::Usage(format!(
                    "{file_name} has no sheet '{wanted}': its sheets are {}",
                    names
                        .iter()
                        .map(|n| format!("'{n}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| ImportError::Input(format!("{file_name} has no worksheet")))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| ImportError::Input(format!("{file_name}: cannot read sheet '{name}': {e}")))?;
    let mut rows = Vec::new();
    if let Some((first_row, first_column)) = range.start() {
        for (i, cells) in range.rows().enumerate() {
            let mut text = vec![String::new(); first_column as usize];
            text.extend(cells.iter().map(cell_text));
            rows.push(TableRow {
                number: first_row as usize + i + 1,
                cells: text,
            });
        }
    }
    Ok(Table {
        file_name: file_name.to_owned(),
        sheet: Some(name),
        encoding: None,
        rows,
    })
}

/// A cell as text: whole numbers without a decimal point (years, counts), dates as YYYY-MM-DD.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                format!("{f}")
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(table: &Table) -> Vec<(usize, Vec<String>)> {
        table
            .rows
            .iter()
            .map(|r| (r.number, r.cells.clone()))
            .collect()
    }

    #[test]
    fn utf8_with_and_without_bom_and_gb18030_decode_alike() {
        let text = "企业名称,产业链\n江苏测试有限公司,新能源\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let read = |bytes: &[u8]| {
            read_table(
                "t.csv",
                bytes,
                SheetFormat::Delimited,
                &ReadOptions::default(),
            )
            .unwrap()
        };
        let plain = read(text.as_bytes());
        assert_eq!(plain.encoding, Some(TextEncoding::Utf8));
        assert_eq!(cells(&read(&bom)), cells(&plain));
        let gb = read(&gb);
        assert_eq!(gb.encoding, Some(TextEncoding::Gb18030));
        assert_eq!(cells(&gb), cells(&plain));
        assert_eq!(plain.rows[0].cells[0], "企业名称");
    }

    #[test]
    fn forcing_the_wrong_encoding_is_reported() {
        let (gb, _, _) = encoding_rs::GB18030.encode("名称\n华昌\n");
        let error = read_table(
            "t.csv",
            &gb,
            SheetFormat::Delimited,
            &ReadOptions {
                encoding: Some(TextEncoding::Utf8),
                ..ReadOptions::default()
            },
        )
        .unwrap_err();
        assert!(error.to_string().contains("not valid utf-8"), "{error}");
    }

    #[test]
    fn blank_lines_and_quoted_line_breaks_keep_spreadsheet_row_numbers() {
        let text = "a,b\n1,2\n\n3,\"x\ny\"\n4,5";
        let table = read_table(
            "t.csv",
            text.as_bytes(),
            SheetFormat::Delimited,
            &ReadOptions::default(),
        )
        .unwrap();
        let numbers: Vec<usize> = table.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 4, 5]);
        assert_eq!(table.rows[2].cells[1], "x\ny");
        let crlf = "a,b\r\n1,2\r\n\r\n\r\n3,4\r\n";
        let table = read_table(
            "t.csv",
            crlf.as_bytes(),
            SheetFormat::Delimited,
            &ReadOptions::default(),
        )
        .unwrap();
        let numbers: Vec<usize> = table.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 5]);
    }

    #[test]
    fn tabs_and_semicolons_are_sniffed() {
        let table = read_table(
            "t.tsv",
            "名称\t产业链\nA, B\t新能源\n".as_bytes(),
            SheetFormat::Delimited,
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(table.rows[1].cells, ["A, B", "新能源"]);
        let table = read_table(
            "t.csv",
            "名称;产业链\nA;B\n".as_bytes(),
            SheetFormat::Delimited,
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(table.rows[1].cells, ["A", "B"]);
    }

    #[test]
    fn number_cells_read_as_written() {
        assert_eq!(cell_text(&Data::Float(2021.0)), "2021");
        assert_eq!(cell_text(&Data::Float(1250.5)), "1250.5");
        assert_eq!(cell_text(&Data::Int(7)), "7");
        assert_eq!(cell_text(&Data::Bool(true)), "true");
    }
}
