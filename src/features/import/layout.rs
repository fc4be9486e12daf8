//! The column layout of each kind of sheet: header names in Chinese and English (plus common
//! variants), which columns are required, and the template that `innomap import --template` prints.
//! docs/IMPORT.md documents the same tables; a test keeps them in step.

use super::SheetKind;
use super::problem::{Problem, ProblemColumn};
use super::table::{Table, TableRow};
use crate::base::Lang;
use crate::base::names::normalise;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Id,
    CreditCode,
    Name,
    NameEn,
    Aliases,
    ResourceKind,
    Notation,
    Title,
    CollaborationKind,
    Chains,
    Chain,
    Place,
    Host,
    Level,
    SupportRole,
    Tier,
    Segment,
    LeadingFirm,
    Listed,
    FoundedYear,
    TierYear,
    Capabilities,
    FiguresYear,
    Revenue,
    RdSpend,
    HighTechRevenue,
    Employees,
    StStaff,
    Year,
    Lead,
    Participants,
    Category,
    Affiliations,
    Fund,
    Investee,
    Amount,
    Provenance,
    Source,
    Description,
}

/// Whether a column must be filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Every row needs it; the header must be there.
    Always,
    /// Rows that add a new entity need it (an entity already in the store has it).
    ForNew,
    Optional,
}

/// One column of a layout.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: Key,
    pub zh: &'static str,
    pub en: &'static str,
    /// Other headers that name this column.
    pub variants: &'static [&'static str],
    pub need: Need,
    /// What a cell holds, in English and Chinese (for the docs and messages).
    pub value_en: &'static str,
    pub value_zh: &'static str,
}

impl Column {
    pub fn header(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

macro_rules! col {
    ($key:ident, $zh:literal, $en:literal, [$($variant:literal),*], $need:ident, $value_en:literal, $value_zh:literal) => {
        Column {
            key: Key::$key,
            zh: $zh,
            en: $en,
            variants: &[$($variant),*],
            need: Need::$need,
            value_en: $value_en,
            value_zh: $value_zh,
        }
    };
}

const ID: Column = col!(
    Id,
    "标识",
    "id",
    ["标识符", "ID"],
    Optional,
    "id of an entity in the store, or the id to give a new one (lowercase letters, digits, -)",
    "已有实体的标识，或新实体要用的标识（小写字母、数字、-）"
);
const PROVENANCE: Column = col!(
    Provenance,
    "来源类别",
    "provenance",
    [],
    Optional,
    "已核实 verified (default), 工作计划原文 plan text, 示意数据 illustrative",
    "已核实（默认）、工作计划原文、示意数据"
);
const SOURCE: Column = col!(
    Source,
    "来源",
    "source",
    ["数据来源", "出处"],
    Optional,
    "citation of the source (default: this sheet and row)",
    "来源引注（默认：本表及行号）"
);
const DESCRIPTION: Column = col!(
    Description,
    "说明",
    "description",
    ["简介"],
    Optional,
    "free text (Chinese)",
    "文字说明"
);
const CAPABILITIES: Column = col!(
    Capabilities,
    "技术能力",
    "capabilities",
    ["核心技术", "技术专长"],
    Optional,
    "capabilities (id or label), separated by ；、 or ;",
    "技术能力（标识或名称），用；、或 ; 分隔"
);

const FIRMS: &[Column] = &[
    ID,
    col!(
        CreditCode,
        "统一社会信用代码",
        "credit_code",
        [
            "信用代码",
            "社会信用代码",
            "unified social credit code",
            "uscc"
        ],
        Optional,
        "18-character unified social credit code (checked)",
        "18 位统一社会信用代码（校验）"
    ),
    col!(
        Name,
        "企业名称",
        "name",
        ["名称", "单位名称", "firm", "company"],
        Always,
        "the firm's name in Chinese",
        "企业中文名称"
    ),
    col!(
        NameEn,
        "英文名称",
        "name_en",
        ["english name"],
        Optional,
        "English name (default for a new firm: the Chinese name)",
        "英文名称（新企业缺省时用中文名称）"
    ),
    col!(
        Aliases,
        "曾用名",
        "aliases",
        ["别名", "简称", "former names"],
        Optional,
        "former names and short names, separated by ；、 or ;",
        "曾用名、简称，用；、或 ; 分隔"
    ),
    col!(
        Chains,
        "产业链",
        "chains",
        ["所属产业链", "chain"],
        ForNew,
        "industry chains (id, notation or label), separated by ；、 or ;",
        "产业链（标识、编号或名称），用；、或 ; 分隔"
    ),
    col!(
        Place,
        "所在地",
        "place",
        ["所在镇区", "所在镇(区)", "镇区", "town"],
        ForNew,
        "town, zone or city (id or label)",
        "所在镇（区）、园区或城市（标识或名称）"
    ),
    col!(
        Tier,
        "企业梯队",
        "tier",
        ["梯队"],
        Optional,
        "科技型中小企业 tech SME, 高新技术企业 high-tech enterprise, 瞪羚企业 gazelle, 独角兽企业 unicorn",
        "科技型中小企业（科小）、高新技术企业（高企）、瞪羚企业、独角兽企业"
    ),
    col!(
        Segment,
        "产业链环节",
        "segment",
        ["环节", "上下游", "chain_segment"],
        Optional,
        "上游 upstream, 中游 midstream, 下游 downstream",
        "上游、中游、下游"
    ),
    col!(
        LeadingFirm,
        "龙头企业",
        "leading_firm",
        ["是否龙头企业", "leading"],
        Optional,
        "是/否, yes/no",
        "是/否"
    ),
    col!(
        Listed,
        "上市",
        "listed",
        ["是否上市"],
        Optional,
        "是/否, yes/no",
        "是/否"
    ),
    col!(
        FoundedYear,
        "成立年份",
        "founded_year",
        ["成立时间", "founded"],
        Optional,
        "year, e.g. 2015",
        "年份，如 2015"
    ),
    col!(
        TierYear,
        "梯队认定年份",
        "tier_year",
        ["认定年份", "tier_since"],
        Optional,
        "year the firm reached its tier (企业梯队), e.g. 2021",
        "达到当前企业梯队的年份，如 2021"
    ),
    CAPABILITIES,
    col!(
        FiguresYear,
        "指标年份",
        "figures_year",
        [],
        Optional,
        "year of the figures in the next five columns (needed when any is filled in)",
        "后五列指标所属年份（填写任一指标时必填）"
    ),
    col!(
        Revenue,
        "营业收入(万元)",
        "revenue_10k_cny",
        ["营业收入", "revenue"],
        Optional,
        "number, 10,000 CNY",
        "数字，万元"
    ),
    col!(
        RdSpend,
        "研发投入(万元)",
        "rd_spend_10k_cny",
        ["研发投入", "研发经费", "rd_spend"],
        Optional,
        "number, 10,000 CNY",
        "数字，万元"
    ),
    col!(
        HighTechRevenue,
        "高新技术产品收入(万元)",
        "high_tech_revenue_10k_cny",
        ["高新技术产品收入", "high_tech_revenue"],
        Optional,
        "number, 10,000 CNY",
        "数字，万元"
    ),
    col!(
        Employees,
        "职工总数",
        "employees",
        ["职工人数", "员工人数"],
        Optional,
        "whole number",
        "整数"
    ),
    col!(
        StStaff,
        "科技人员数",
        "st_staff",
        ["科技人员"],
        Optional,
        "whole number",
        "整数"
    ),
    PROVENANCE,
    SOURCE,
    DESCRIPTION,
];

const RESOURCES: &[Column] = &[
    ID,
    col!(
        Name,
        "名称",
        "name",
        ["资源名称", "机构名称", "单位名称"],
        Always,
        "the resource's name in Chinese",
        "创新资源中文名称"
    ),
    col!(
        NameEn,
        "英文名称",
        "name_en",
        ["english name"],
        Optional,
        "English name (default for a new resource: the Chinese name)",
        "英文名称（新资源缺省时用中文名称）"
    ),
    col!(
        Aliases,
        "别名",
        "aliases",
        ["曾用名", "简称"],
        Optional,
        "former and short names, separated by ；、 or ;",
        "曾用名、简称，用；、或 ; 分隔"
    ),
    col!(
        ResourceKind,
        "类型",
        "kind",
        ["资源类型", "机构类型"],
        ForNew,
        "高校 university, 全国重点实验室 national_key_lab, 省重点实验室 provincial_key_lab, 科研院所 research_institute, 新型研发机构 new_rd_institution, 企业研发机构 enterprise_rd_institute, 创新平台 platform, 中试基地 pilot_base, 基金 fund",
        "高校、全国重点实验室、省重点实验室、科研院所、新型研发机构、企业研发机构、创新平台、中试基地、基金"
    ),
    col!(
        Place,
        "所在地",
        "place",
        ["所在城市", "town"],
        ForNew,
        "town, city or province (id or label)",
        "所在镇（区）、城市或省（标识或名称）"
    ),
    col!(
        Host,
        "依托单位",
        "host",
        ["所属单位", "上级单位", "parent"],
        Optional,
        "host organisation (id or label); needed for new key labs and enterprise R&D institutes",
        "依托单位（标识或名称）；新的重点实验室和企业研发机构必填"
    ),
    col!(
        Level,
        "级别",
        "level",
        [],
        Optional,
        "国家级 national, 省级 provincial, 市级 municipal",
        "国家级、省级、市级"
    ),
    col!(
        Chains,
        "支撑产业链",
        "chains",
        ["产业链", "所属产业链"],
        Optional,
        "the chains it backs on the 8×10 list, separated by ；、 or ;",
        "在 8×10 清单中支撑的产业链，用；、或 ; 分隔"
    ),
    col!(
        SupportRole,
        "支撑作用",
        "support_role",
        ["作用", "role"],
        Optional,
        "its role for those chains (Chinese text)",
        "对上述产业链的支撑作用"
    ),
    CAPABILITIES,
    PROVENANCE,
    SOURCE,
    DESCRIPTION,
];

const DIRECTIONS: &[Column] = &[
    col!(
        Notation,
        "方向编号",
        "notation",
        ["编号"],
        ForNew,
        "T01…T99; also the direction's id",
        "T01…T99，也是方向的标识"
    ),
    col!(
        Name,
        "方向名称",
        "name",
        ["名称", "攻关方向"],
        Always,
        "the direction's name in Chinese",
        "攻关方向中文名称"
    ),
    col!(
        NameEn,
        "英文名称",
        "name_en",
        ["english name"],
        Optional,
        "English name (default for a new direction: the Chinese name)",
        "英文名称（新方向缺省时用中文名称）"
    ),
    col!(
        Chain,
        "产业链",
        "chain",
        ["所属产业链"],
        ForNew,
        "the one chain it belongs to (id, notation or label)",
        "所属的一条产业链（标识、编号或名称）"
    ),
    col!(
        Capabilities,
        "所需能力",
        "required_capabilities",
        ["所需技术能力", "capabilities"],
        ForNew,
        "3 to 6 capabilities (id or label), separated by ；、 or ;",
        "3–6 项技术能力（标识或名称），用；、或 ; 分隔"
    ),
    PROVENANCE,
    SOURCE,
    DESCRIPTION,
];

const COLLABORATIONS: &[Column] = &[
    ID,
    col!(
        Title,
        "项目名称",
        "title",
        ["名称", "合作名称", "name"],
        Optional,
        "the project's name (Chinese)",
        "项目名称"
    ),
    col!(
        CollaborationKind,
        "合作类型",
        "kind",
        ["类型"],
        ForNew,
        "联合项目 joint project, 联合专利 co-patent, 委托研发 contracted R&D, 共建平台 shared platform, 创新联合体合作 consortium",
        "联合项目、联合专利、委托研发、共建平台、创新联合体合作"
    ),
    col!(
        Year,
        "年份",
        "year",
        ["合作年份", "立项年份"],
        ForNew,
        "year, e.g. 2024",
        "年份，如 2024"
    ),
    col!(
        Lead,
        "牵头单位",
        "lead",
        ["牵头方"],
        Optional,
        "the leading organisation (id or label); also a participant",
        "牵头单位（标识或名称），同时计为参与单位"
    ),
    col!(
        Participants,
        "参与单位",
        "participants",
        ["合作单位", "参与方"],
        ForNew,
        "organisations (id or label), separated by ；、 or ;, at least two with the lead",
        "参与单位（标识或名称），用；、或 ; 分隔，连同牵头单位至少两个"
    ),
    col!(
        Capabilities,
        "涉及能力",
        "capabilities",
        ["技术能力"],
        Optional,
        "capabilities (id or label), separated by ；、 or ;",
        "涉及的技术能力，用；、或 ; 分隔"
    ),
    col!(
        Chains,
        "产业链",
        "chains",
        ["所属产业链"],
        Optional,
        "chains, separated by ；、 or ;",
        "产业链，用；、或 ; 分隔"
    ),
    PROVENANCE,
    SOURCE,
    DESCRIPTION,
];

const TALENTS: &[Column] = &[
    ID,
    col!(
        Name,
        "姓名",
        "name",
        ["名称"],
        Always,
        "the person's name in Chinese",
        "中文姓名"
    ),
    col!(
        NameEn,
        "英文姓名",
        "name_en",
        ["英文名称", "拼音"],
        Optional,
        "name in Latin letters (default for a new person: the Chinese name)",
        "拼音或英文姓名（新人才缺省时用中文姓名）"
    ),
    col!(
        Category,
        "人才类别",
        "category",
        ["类别"],
        ForNew,
        "战略科学家, 科技创新领军人才, 科技创业领军人才, 青年科技人才, 卓越工程师 (or their English names)",
        "战略科学家、科技创新领军人才、科技创业领军人才、青年科技人才、卓越工程师"
    ),
    col!(
        Affiliations,
        "工作单位",
        "affiliations",
        ["所在单位", "单位", "affiliation"],
        ForNew,
        "organisations (id or label), separated by ；、 or ;",
        "工作单位（标识或名称），用；、或 ; 分隔"
    ),
    col!(
        Chains,
        "产业链",
        "chains",
        ["所属产业链"],
        Optional,
        "chains, separated by ；、 or ;",
        "产业链，用；、或 ; 分隔"
    ),
    CAPABILITIES,
    PROVENANCE,
    SOURCE,
    DESCRIPTION,
];

const INVESTMENTS: &[Column] = &[
    ID,
    col!(
        Fund,
        "投资基金",
        "fund",
        ["基金", "投资方", "investor"],
        Always,
        "the investing fund (id or label)",
        "投资基金（标识或名称）"
    ),
    col!(
        Investee,
        "被投企业",
        "investee",
        ["企业名称"],
        Always,
        "the firm invested in (id, label or credit code)",
        "被投企业（标识、名称或统一社会信用代码）"
    ),
    col!(
        Year,
        "投资年份",
        "year",
        ["年份"],
        Always,
        "year, e.g. 2024",
        "年份，如 2024"
    ),
    col!(
        Amount,
        "投资金额(万元)",
        "amount_10k_cny",
        ["金额", "投资金额", "amount"],
        Optional,
        "positive number, 10,000 CNY",
        "正数，万元"
    ),
    PROVENANCE,
    SOURCE,
];

/// The columns of a kind of sheet, in template order.
pub fn columns(kind: SheetKind) -> &'static [Column] {
    match kind {
        SheetKind::Firms => FIRMS,
        SheetKind::Resources => RESOURCES,
        SheetKind::Directions => DIRECTIONS,
        SheetKind::Collaborations => COLLABORATIONS,
        SheetKind::Talents => TALENTS,
        SheetKind::Investments => INVESTMENTS,
    }
}

/// Headers that are recognised and ignored: serial numbers and remarks.
const IGNORED: &[&str] = &[
    "序号", "no", "no.", "备注", "remarks", "remark", "notes", "note",
];

/// A header as compared: NFKC, lowercase, no spaces, no required-marker `*`.
fn header_key(text: &str) -> String {
    normalise(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊')
        .collect()
}

/// The same without a trailing unit in brackets: `营业收入(万元)` → `营业收入`.
fn without_unit(key: &str) -> &str {
    match key.rfind('(') {
        Some(i) if key.ends_with(')') && i > 0 => &key[..i],
        _ => key,
    }
}

fn matches(column: &Column, header: &str) -> bool {
    let key = header_key(header);
    let bare = without_unit(&key);
    std::iter::once(column.zh)
        .chain(std::iter::once(column.en))
        .chain(column.variants.iter().copied())
        .any(|name| {
            let name = header_key(name);
            name == key || without_unit(&name) == bare
        })
}

/// The columns a sheet's header row maps to.
#[derive(Debug, Clone)]
pub struct HeaderMap {
    /// The header row's number.
    pub row: usize,
    /// For each layout key present, its 0-based column and the header as written.
    pub columns: Vec<(Key, usize, String)>,
}

impl HeaderMap {
    /// The position and header of a key's column, if the sheet has it.
    pub fn find(&self, key: Key) -> Option<(usize, &str)> {
        self.columns
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, i, h)| (*i, h.as_str()))
    }
}

/// How many leading rows may be titles above the header row.
const TITLE_ROWS: usize = 10;

/// Finds the header row (the first of the first rows with a known header; title rows above it are
/// skipped) and maps its cells to keys. Unknown and repeated headers and missing required columns are
/// problems. Returns the map and the index in `table.rows` of the first data row.
pub fn map_headers(
    kind: SheetKind,
    table: &Table,
    problems: &mut Vec<Problem>,
) -> Option<(HeaderMap, usize)> {
    let layout = columns(kind);
    let header_index = table.rows.iter().take(TITLE_ROWS).position(|row| {
        row.cells
            .iter()
            .any(|cell| layout.iter().any(|c| matches(c, cell)))
    });
    let Some(header_index) = header_index else {
        let row = table.rows.first().map_or(1, |r| r.number);
        problems.push(Problem::row(
            row,
            format!(
                "no header row: none of the first rows names a column of a {} sheet",
                kind.as_str()
            ),
            format!(
                "the header row holds column names such as {}; `innomap import --template {}` prints one",
                layout
                    .iter()
                    .filter(|c| c.need != Need::Optional)
                    .map(|c| format!("{} / {}", c.zh, c.en))
                    .collect::<Vec<_>>()
                    .join(", "),
                kind.as_str()
            ),
        ));
        return None;
    };
    let header: &TableRow = &table.rows[header_index];
    let mut map = HeaderMap {
        row: header.number,
        columns: Vec::new(),
    };
    for (index, cell) in header.cells.iter().enumerate() {
        if cell.trim().is_empty() {
            continue;
        }
        let column = ProblemColumn::new(index, cell.trim());
        match layout.iter().find(|c| matches(c, cell)) {
            Some(found) => {
                if let Some((first, _)) = map.find(found.key) {
                    problems.push(Problem::cell(
                        header.number,
                        column,
                        format!(
                            "column {} ({} / {}) appears twice (first in column {})",
                            cell.trim(),
                            found.zh,
                            found.en,
                            super::problem::column_letter(first)
                        ),
                        "delete or rename one of them",
                    ));
                } else {
                    map.columns.push((found.key, index, cell.trim().to_owned()));
                }
            }
            None if IGNORED.contains(&header_key(cell).as_str()) => {}
            None => problems.push(Problem::cell(
                header.number,
                column,
                format!("unknown column for a {} sheet", kind.as_str()),
                format!(
                    "rename it to one of {} (or 序号/备注 to have it ignored), or delete the column",
                    layout
                        .iter()
                        .map(|c| c.zh)
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            )),
        }
    }
    for column in layout.iter().filter(|c| c.need == Need::Always) {
        if map.find(column.key).is_none() {
            problems.push(Problem::row(
                header.number,
                format!(
                    "the required column {} / {} is missing",
                    column.zh, column.en
                ),
                "add it to the header row",
            ));
        }
    }
    Some((map, header_index + 1))
}

/// The template of a kind of sheet: its header row as CSV (with a UTF-8 BOM when `bom`, so that Excel
/// shows Chinese correctly).
pub fn write_template(
    kind: SheetKind,
    lang: Lang,
    bom: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer
        .write_record(columns(kind).iter().map(|c| c.header(lang)))
        .map_err(std::io::Error::other)?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_in_either_language_with_units_and_markers() {
        let revenue = FIRMS.iter().find(|c| c.key == Key::Revenue).unwrap();
        assert!(matches(revenue, "营业收入（万元）"));
        assert!(matches(revenue, "营业收入"));
        assert!(matches(revenue, "Revenue_10k_CNY"));
        let name = FIRMS.iter().find(|c| c.key == Key::Name).unwrap();
        assert!(matches(name, "*企业名称"));
        assert!(matches(name, " Name "));
        assert!(!matches(name, "英文名称"));
    }

    #[test]
    fn every_layout_has_distinct_headers() {
        for kind in SheetKind::ALL {
            let layout = columns(kind);
            for (i, a) in layout.iter().enumerate() {
                for b in &layout[i + 1..] {
                    assert_ne!(a.key, b.key, "{kind:?}");
                    for name in [a.zh, a.en].iter().chain(a.variants) {
                        assert!(!matches(b, name), "{kind:?}: '{name}' names two columns");
                    }
                }
            }
        }
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let table = Table::from_rows(
            "t.csv",
            vec![
                vec!["2025年张家港市科技企业名单".into()],
                vec!["序号".into(), "企业名称".into(), "产业链".into()],
                vec!["1".into(), "甲".into(), "新能源".into()],
            ],
        );
        let mut problems = Vec::new();
        let (map, first) = map_headers(SheetKind::Firms, &table, &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!((map.row, first), (2, 2));
        assert_eq!(map.find(Key::Name).map(|(i, _)| i), Some(1));
    }

    #[test]
    fn docs_import_md_lists_every_column_of_every_layout() {
        let docs = include_str!("../../../docs/IMPORT.md");
        for kind in SheetKind::ALL {
            let section = docs
                .split(&format!("### {} (", kind.as_str()))
                .nth(1)
                .unwrap_or_else(|| panic!("docs/IMPORT.md has no section for {kind}"));
            let section = section.split("\n### ").next().unwrap_or_default();
            for column in columns(kind) {
                let row = format!("| {} | `{}` |", column.zh, column.en);
                assert!(
                    section.contains(&row),
                    "docs/IMPORT.md, {kind}: no row '{row}'"
                );
            }
        }
    }

    #[test]
    fn templates_start_with_a_bom_and_name_every_column() {
        let mut out = Vec::new();
        write_template(SheetKind::Firms, Lang::Zh, true, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("\u{feff}标识,统一社会信用代码,企业名称,"),
            "{text}"
        );
        assert!(text.ends_with("\r\n"));
        let mut out = Vec::new();
        write_template(SheetKind::Investments, Lang::En, false, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,fund,investee,year,amount_10k_cny,provenance,source\r\n"
        );
    }
}
