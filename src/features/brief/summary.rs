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
        }
    }
    out
}

const SUMMARY_CSS: &str = "body{font-family:FONTS;max-width:1100px;margin:24px auto;padding:0 20px;color:#1f1f1f;line-height:1.6}\
table{border-collapse:collapse;margin:8px 0 16px;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#f0f3f7}h1{font-size:24px}h2{font-size:19px;margin-top:28px;border-bottom:1px solid #ddd}h3{font-size:16px}\
figure{margin:12px 0;overflow-x:auto;border:1px solid #eee}figure svg{max-width:100%;height:auto}";

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
                body.push_str("<table>\n<tr>");
                for h in headers {
                    body.push_str(&format!("<th>{}</th>", escape(h)));
                }
                body.push_str("</tr>\n");
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
