//! What a workbench page holds, as its JSON API returns it: a title, key facts, and sections of
//! blocks (tables, charts, a network, text). The page's script draws any page from this one shape,
//! and the downloads (`/api/table`) write the same tables as XLSX or CSV, so a table on screen and
//! in a workbook never differ.

use crate::features::query_output::sheet_name;
use crate::features::spreadsheet::{Cell, Sheet};
use serde_json::{Value, json};

/// One page's content.
#[derive(Debug, Default)]
pub struct Page {
    /// The page kind: `overview`, `chain`, `direction`, `firm`, `resource`, `entity`, `pools`,
    /// `search`.
    pub page: &'static str,
    /// The entity's id, on an entity's page.
    pub id: Option<String>,
    pub title: String,
    /// What the entity is (its kind's label), on an entity's page.
    pub kind: Option<String>,
    pub subtitle: Option<String>,
    pub facts: Vec<Fact>,
    pub sections: Vec<Section>,
    /// The data's version line, for the footer.
    pub data_version: String,
}

/// A key figure or attribute, shown as a card.
#[derive(Debug, Clone)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub href: Option<String>,
}

impl Fact {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Fact {
        Fact {
            label: label.into(),
            value: value.into(),
            href: None,
        }
    }

    pub fn link(label: impl Into<String>, value: impl Into<String>, href: String) -> Fact {
        Fact {
            label: label.into(),
            value: value.into(),
            href: Some(href),
        }
    }
}

#[derive(Debug, Default)]
pub struct Section {
    pub title: String,
    pub note: Option<String>,
    pub blocks: Vec<Block>,
}

impl Section {
    pub fn new(title: impl Into<String>) -> Section {
        Section {
            title: title.into(),
            ..Section::default()
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Section {
        self.note = Some(note.into());
        self
    }

    pub fn with(mut self, block: Block) -> Section {
        self.blocks.push(block);
        self
    }
}

#[derive(Debug)]
pub enum Block {
    Table(Table),
    Chart(Chart),
    /// Cytoscape elements with positions and view fields (as `export --format html` draws them),
    /// and a note on what was left out.
    Network {
        elements: Value,
        note: Option<String>,
    },
    Text(String),
}

/// A table: a sheet for people, with an optional link per cell (an entity's page).
#[derive(Debug)]
pub struct Table {
    /// The table's name in download URLs (`/api/table?…&table=NAME`).
    pub name: String,
    pub title: String,
    pub sheet: Sheet,
    /// Per row, per column: the page a cell links to.
    pub links: Vec<Vec<Option<String>>>,
}

impl Table {
    pub fn new(name: &str, title: impl Into<String>, header: Vec<String>) -> Table {
        let title = title.into();
        Table {
            name: name.to_owned(),
            sheet: Sheet::new(sheet_name(&title), header),
            title,
            links: Vec::new(),
        }
    }

    /// Adds a row; `links` may be shorter than the row.
    pub fn push(&mut self, cells: Vec<Cell>, links: Vec<Option<String>>) {
        self.sheet.rows.push(cells);
        self.links.push(links);
    }

    /// A sheet's rows without links.
    pub fn from_sheet(name: &str, title: impl Into<String>, sheet: Sheet) -> Table {
        let title = title.into();
        let links = vec![Vec::new(); sheet.rows.len()];
        Table {
            name: name.to_owned(),
            sheet: Sheet {
                name: sheet_name(&title),
                ..sheet
            },
            title,
            links,
        }
    }
}

/// A chart the page draws with ECharts.
#[derive(Debug)]
pub struct Chart {
    pub name: String,
    pub title: String,
    /// `bar` (vertical), `hbar` (horizontal) or `pie`.
    pub chart: &'static str,
    pub stacked: bool,
    pub categories: Vec<String>,
    /// Series: name and one value per category.
    pub series: Vec<(String, Vec<f64>)>,
    /// A reference line (value, label), such as the 10 of the 8×10 list.
    pub mark: Option<(f64, String)>,
    /// The page each category links to.
    pub links: Vec<Option<String>>,
}

impl Chart {
    pub fn new(name: &str, title: impl Into<String>, chart: &'static str) -> Chart {
        Chart {
            name: name.to_owned(),
            title: title.into(),
            chart,
            stacked: false,
            categories: Vec::new(),
            series: Vec::new(),
            mark: None,
            links: Vec::new(),
        }
    }
}

/// The type of a column for sorting and showing: from its cells.
fn column_type(sheet: &Sheet, column: usize) -> (&'static str, u8) {
    let mut found: Option<(&'static str, u8)> = None;
    for row in &sheet.rows {
        let this = match row.get(column) {
            None | Some(Cell::Empty) => continue,
            Some(Cell::Text(_)) => return ("text", 0),
            Some(Cell::Integer(_)) => ("integer", 0),
            Some(Cell::Number(_, places)) => ("number", *places),
            Some(Cell::Percent(_, places)) => ("percent", *places),
        };
        found = Some(match (found, this) {
            (None, this) => this,
            (Some(("integer" | "mixed", _)), ("number", p))
            | (Some(("number" | "mixed", p)), ("integer", _)) => ("mixed", p),
            (Some(("mixed", p)), ("mixed", q)) => ("mixed", p.max(q)),
            (Some((a, p)), (b, q)) if a == b => (a, p.max(q)),
            _ => return ("text", 0),
        });
    }
    found.unwrap_or(("text", 0))
}

fn rounded(value: f64, places: i32) -> Value {
    let scale = 10f64.powi(places);
    json!((value * scale).round() / scale)
}

fn cell_json(cell: &Cell) -> Value {
    match cell {
        Cell::Empty => Value::Null,
        Cell::Text(text) => json!(text),
        Cell::Integer(value) => json!(value),
        // Rounded to two places more than shown (a ratio shown as a percentage has two more
        // again), so that sorting is exact and the JSON short.
        Cell::Number(value, places) => rounded(*value, i32::from(*places) + 2),
        Cell::Percent(value, places) => rounded(*value, i32::from(*places) + 4),
    }
}

impl Table {
    pub fn to_json(&self) -> Value {
        let columns: Vec<Value> = self
            .sheet
            .header
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let (kind, places) = column_type(&self.sheet, i);
                json!({ "label": label, "type": kind, "places": places })
            })
            .collect();
        let rows: Vec<Value> = self
            .sheet
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        let link = self
                            .links
                            .get(r)
                            .and_then(|links| links.get(c))
                            .and_then(Option::as_ref);
                        match (link, cell) {
                            (Some(href), Cell::Text(text)) => json!({ "text": text, "href": href }),
                            _ => cell_json(cell),
                        }
                    })
                    .collect()
            })
            .collect();
        json!({
            "type": "table",
            "name": self.name,
            "title": self.title,
            "columns": columns,
            "rows": rows,
        })
    }
}

impl Block {
    pub fn to_json(&self) -> Value {
        match self {
            Block::Table(table) => table.to_json(),
            Block::Chart(chart) => json!({
                "type": "chart",
                "name": chart.name,
                "title": chart.title,
                "chart": chart.chart,
                "stacked": chart.stacked,
                "categories": chart.categories,
                "series": chart.series.iter().map(|(name, data)| json!({ "name": name, "data": data })).collect::<Vec<_>>(),
                "mark": chart.mark.as_ref().map(|(value, label)| json!({ "value": value, "label": label })),
                "links": chart.links,
            }),
            Block::Network { elements, note } => json!({
                "type": "network",
                "elements": elements,
                "note": note,
            }),
            Block::Text(text) => json!({ "type": "text", "text": text }),
        }
    }
}

impl Page {
    pub fn to_json(&self, lang: crate::base::Lang) -> Value {
        json!({
            "page": self.page,
            "id": self.id,
            "lang": lang.tag(),
            "title": self.title,
            "kind": self.kind,
            "subtitle": self.subtitle,
            "facts": self.facts.iter().map(|f| json!({ "label": f.label, "value": f.value, "href": f.href })).collect::<Vec<_>>(),
            "sections": self.sections.iter().map(|s| json!({
                "title": s.title,
                "note": s.note,
                "blocks": s.blocks.iter().map(Block::to_json).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "data_version": self.data_version,
        })
    }

    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .find_map(|b| match b {
                Block::Table(t) if t.name == name => Some(t),
                _ => None,
            })
    }

    /// The names of the page's tables.
    pub fn table_names(&self) -> Vec<&str> {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Table(t) => Some(t.name.as_str()),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_take_their_type_from_their_cells() {
        let mut table = Table::new("t", "标题", vec!["a".into(), "b".into(), "c".into()]);
        table.push(
            vec![
                Cell::text("x"),
                Cell::Integer(3),
                Cell::Percent(0.051234, 1),
            ],
            vec![Some("/firm/x".into())],
        );
        table.push(
            vec![Cell::Empty, Cell::Number(2.5, 1), Cell::Empty],
            Vec::new(),
        );
        let json = table.to_json();
        assert_eq!(json["columns"][0]["type"], "text");
        assert_eq!(json["columns"][1]["type"], "mixed");
        assert_eq!(json["columns"][2]["type"], "percent");
        assert_eq!(json["rows"][0][0]["href"], "/firm/x");
        assert_eq!(json["rows"][0][2], 0.05123);
        assert!(json["rows"][1][0].is_null());
    }
}
