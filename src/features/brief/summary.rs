//! The summary's document: its blocks (heading, paragraph, list, table, picture), the zh/en wording
//! helpers, and the blocks written as Markdown and as HTML.

use super::PICTURE;
use crate::base::Lang;
use quick_xml::escape::escape;

/// One block of the summary, written both as Markdown and as HTML.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Block {
    Heading(u8, String),
    Paragraph(String),
    List(Vec<String>),
    Table(Vec<String>, Vec<Vec<String>>),
    Picture,
    /// A plain note in small print (the provenance).
    Footnote(String),
    /// The appendix's heading: it starts a new page in print.
    Appendix(String),
}

pub(super) fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub(super) fn join(lang: Lang) -> &'static str {
    t(lang, "、", ", ")
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub(super) fn to_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&"#".repeat(*level as usize));
                out.push(' ');
                out.push_str(text);
                out.push_str("\n\n");
            }
            Block::Paragraph(text) => {
                out.push_str(text);
                out.push_str("\n\n");
            }
            Block::List(items) => {
                for item in items {
                    out.push_str("- ");
                    out.push_str(item);
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Table(headers, rows) => {
                out.push_str("| ");
                out.push_str(
                    &headers
                        .iter()
                        .map(|h| markdown_cell(h))
                        .collect::<Vec<_>>()
                        .join(" | "),
                );
                out.push_str(" |\n|");
                out.push_str(&" --- |".repeat(headers.len()));
                out.push('\n');
                for row in rows {
                    out.push_str("| ");
                    out.push_str(
                        &row.iter()
                            .map(|c| markdown_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | "),
                    );
                    out.push_str(" |\n");
                }
                out.push('\n');
            }
            Block::Picture => {
                out.push_str(&format!("![]({PICTURE})\n\n"));
            }
            Block::Footnote(text) => {
                out.push_str(&format!("<small>{text}</small>\n\n"));
            }
            Block::Appendix(text) => {
                out.push_str(&format!("---\n\n## {text}\n\n"));
            }
        }
    }
    out
}

/// Screen and print (A4) styles. Table headings and the first column never break inside a word
/// (角色 stays one word), CJK text breaks between characters but not inside Latin words, figures
/// and table rows do not split across pages, and the appendix starts a new page.
const SUMMARY_CSS: &str = "body{font-family:FONTS;max-width:1100px;margin:24px auto;padding:0 20px;color:#1f1f1f;line-height:1.6;word-break:normal;overflow-wrap:anywhere;line-break:strict}\
table{border-collapse:collapse;margin:8px 0 16px;font-size:14px;width:100%}th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#eef2f7;white-space:nowrap;word-break:keep-all}td:first-child{white-space:nowrap}\
h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:28px;border-bottom:1px solid #ddd}h3{font-size:16px}\
figure{margin:12px 0;border:1px solid #eee}figure svg{max-width:100%;height:auto;display:block}\
.footnote{font-size:12px;color:#555;border-top:1px solid #ccc;padding-top:6px;margin-top:24px}\
.appendix{break-before:page;page-break-before:always}.appendix-body{font-size:12px}\
@page{size:A4;margin:18mm 16mm 20mm}\
@media print{body{max-width:none;margin:0;padding:0;font-size:11pt}table{font-size:10pt}\
tr,figure,li{break-inside:avoid;page-break-inside:avoid}h2,h3{break-after:avoid;page-break-after:avoid}\
figure{border:none}figure svg{max-height:230mm}thead{display:table-header-group}}";

pub(super) fn to_html(blocks: &[Block], title: &str, svg: &str, lang: Lang) -> String {
    let mut body = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                body.push_str(&format!("<h{level}>{}</h{level}>\n", escape(text)));
            }
            Block::Paragraph(text) => body.push_str(&format!("<p>{}</p>\n", escape(text))),
            Block::List(items) => {
                body.push_str("<ul>\n");
                for item in items {
                    body.push_str(&format!("<li>{}</li>\n", escape(item)));
                }
                body.push_str("</ul>\n");
            }
            Block::Table(headers, rows) => {
                body.push_str("<table>\n<thead><tr>");
                for h in headers {
                    body.push_str(&format!("<th>{}</th>", escape(h)));
                }
                body.push_str("</tr></thead>\n");
                for row in rows {
                    body.push_str("<tr>");
                    for cell in row {
                        body.push_str(&format!("<td>{}</td>", escape(cell)));
                    }
                    body.push_str("</tr>\n");
                }
                body.push_str("</table>\n");
            }
            Block::Picture => {
                body.push_str("<figure>\n");
                body.push_str(svg);
                body.push_str("</figure>\n");
            }
            Block::Footnote(text) => {
                body.push_str(&format!("<p class=\"footnote\">{}</p>\n", escape(text)));
            }
            Block::Appendix(text) => {
                body.push_str(&format!("<h2 class=\"appendix\">{}</h2>\n", escape(text)));
            }
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <link rel=\"icon\" href=\"data:,\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        t(lang, "zh-CN", "en"),
        escape(title),
        SUMMARY_CSS.replace("FONTS", crate::features::export::style::FONT_STACK)
    )
}

/// A4 in twentieths of a point, and the text width in EMU (English metric units).
const A4_TWIPS: (u32, u32) = (11906, 16838);
const MARGIN_TWIPS: i32 = 1021; // 18 mm
const TEXT_WIDTH_EMU: u32 = (11906 - 2 * 1021) * 635;

/// The summary as a Word document (DOCX): A4, Chinese fonts, headings, tables with a shaded
/// heading row, the picture (PNG) scaled to the text width, the footnote in small grey type and the
/// appendix on a new page. Dated 1 January of the data's year, so the same data gives the same bytes.
pub(super) fn to_docx(
    blocks: &[Block],
    title: &str,
    png: &[u8],
    year: i32,
    lang: Lang,
) -> Result<Vec<u8>, crate::base::error::Error> {
    use docx_rs::{
        AlignmentType, Docx, PageMargin, Paragraph, Pic, Run, RunFonts, Shading, Table, TableCell,
        TableRow, WidthType,
    };
    let font = t(lang, "Microsoft YaHei", "Calibri");
    let fonts = RunFonts::new()
        .ascii(font)
        .hi_ansi(font)
        .east_asia("Microsoft YaHei");
    let text = |s: &str| Run::new().add_text(s).fonts(fonts.clone());
    let mut docx = Docx::new()
        .page_size(A4_TWIPS.0, A4_TWIPS.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TWIPS)
                .bottom(MARGIN_TWIPS)
                .left(MARGIN_TWIPS)
                .right(MARGIN_TWIPS),
        )
        .default_fonts(fonts.clone())
        .default_size(21)
        .created_at(&format!("{year:04}-01-01T00:00:00Z"))
        .updated_at(&format!("{year:04}-01-01T00:00:00Z"));
    docx = docx.custom_property("title", title);
    let mut appendix = false;
    for block in blocks {
        match block {
            Block::Heading(level, heading) => {
                let size = match level {
                    1 => 36,
                    2 => 28,
                    _ => 24,
                };
                docx = docx.add_paragraph(
                    Paragraph::new()
                        .keep_next(true)
                        .add_run(text(heading).bold().size(size)),
                );
            }
            Block::Paragraph(paragraph) => {
                let run = if appendix {
                    text(paragraph).size(18)
                } else {
                    text(paragraph)
                };
                docx = docx.add_paragraph(Paragraph::new().add_run(run));
            }
            Block::List(items) => {
                for item in items {
                    let run = text(&format!("• {item}"));
                    let run = if appendix { run.size(18) } else { run };
                    docx = docx.add_paragraph(Paragraph::new().add_run(run));
                }
            }
            Block::Table(headers, rows) => {
                let size = if appendix { 16 } else { 18 };
                let cell = |s: &str, head: bool| {
                    let run = text(s).size(size);
                    let run = if head { run.bold() } else { run };
                    let cell = TableCell::new().add_paragraph(Paragraph::new().add_run(run));
                    if head {
                        cell.shading(Shading::new().fill("EEF2F7"))
                    } else {
                        cell
                    }
                };
                let mut table_rows = vec![TableRow::new(
                    headers.iter().map(|h| cell(h, true)).collect(),
                )];
                for row in rows {
                    table_rows.push(TableRow::new(row.iter().map(|c| cell(c, false)).collect()));
                }
                docx = docx.add_table(
                    Table::new(table_rows).width((TEXT_WIDTH_EMU / 635) as usize, WidthType::Dxa),
                );
                docx = docx.add_paragraph(Paragraph::new());
            }
            Block::Picture => {
                if let Some((w, h)) = png_size(png) {
                    let width = TEXT_WIDTH_EMU;
                    let height = (u64::from(width) * u64::from(h) / u64::from(w.max(1))) as u32;
                    // At most two thirds of the page's height.
                    let most = (A4_TWIPS.1 as u64 * 635 * 2 / 3) as u32;
                    let (width, height) = if height > most {
                        (
                            (u64::from(width) * u64::from(most) / u64::from(height)) as u32,
                            most,
                        )
                    } else {
                        (width, height)
                    };
                    // A fixed relationship id: docx-rs numbers pictures from a process-wide
                    // counter, which would make the same brief differ between two runs in one process.
                    let pic = Pic::new_with_dimensions(png.to_vec(), w, h)
                        .id("rIdImage1")
                        .size(width, height);
                    docx = docx.add_paragraph(
                        Paragraph::new()
                            .align(AlignmentType::Center)
                            .add_run(Run::new().add_image(pic)),
                    );
                }
            }
            Block::Footnote(note) => {
                docx = docx
                    .add_paragraph(Paragraph::new().add_run(text(note).size(16).color("555555")));
            }
            Block::Appendix(heading) => {
                appendix = true;
                docx = docx.add_paragraph(
                    Paragraph::new()
                        .page_break_before(true)
                        .keep_next(true)
                        .add_run(text(heading).bold().size(28)),
                );
            }
        }
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| crate::base::error::Error::Input {
            message: format!("cannot write the Word document: {e}"),
        })?;
    Ok(bytes.into_inner())
}

/// The pixel size of a PNG, from its header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    Some((w, h))
}
