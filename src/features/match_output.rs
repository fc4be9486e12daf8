//! Writing matching results for people (aligned tables in Chinese or English) and for machines
//! (JSON whose labels follow the chosen language).

use crate::base::Lang;
use crate::base::kind::Kind;
use crate::features::spreadsheet::{Cell, Sheet};
use crate::features::table as people;
use crate::matching::report::{
    Consortium, ConsortiumReport, EntityRef, Gap, MatchAllReport, NodeRef, PartnersReport,
    PathEvidence, ScoreParts,
};
use comfy_table::Table;
use serde::Serialize;
use std::io::{self, Write};

/// Serializes `value` as pretty JSON in which every `label: {zh, en}` becomes the label in `lang`.
pub fn to_localised_json(value: &impl Serialize, lang: Lang) -> serde_json::Result<String> {
    let mut json = serde_json::to_value(value)?;
    localise_labels(&mut json, lang);
    serde_json::to_string_pretty(&json)
}

/// Replaces each `"label": {"zh": …, "en": …}` in `value` by the string in `lang` (the other
/// language when that one is empty).
pub fn localise_labels(value: &mut serde_json::Value, lang: Lang) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "label" || key == "reason" {
                    if let Some(text) = pick_label(child, lang) {
                        *child = serde_json::Value::String(text);
                        continue;
                    }
                }
                localise_labels(child, lang);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                localise_labels(item, lang);
            }
        }
        _ => {}
    }
}

fn pick_label(value: &serde_json::Value, lang: Lang) -> Option<String> {
    let map = value.as_object()?;
    if map.len() != 2 {
        return None;
    }
    let zh = map.get("zh")?.as_str()?;
    let en = map.get("en")?.as_str()?;
    let (first, second) = match lang {
        Lang::Zh => (zh, en),
        Lang::En => (en, zh),
    };
    Some(if first.is_empty() { second } else { first }.to_owned())
}

pub(crate) fn table(header: Vec<&str>) -> Table {
    crate::features::table::new(header)
}

/// A name as people read it: the label, with the id in parentheses only when tables may be wide.
pub(crate) fn labelled(label: &str, id: &str) -> String {
    if crate::features::table::show_ids() {
        format!("{label} ({id})")
    } else {
        label.to_owned()
    }
}

pub(crate) fn zh<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub(crate) fn names(items: &[EntityRef], lang: Lang) -> String {
    items
        .iter()
        .map(|e| e.label(lang))
        .collect::<Vec<_>>()
        .join("、")
}

fn node(node: &NodeRef, lang: Lang) -> String {
    labelled(node.label.get(lang), &node.id)
}

/// A path in the graph: in full tables every step and the distance; fitted to a terminal, only
/// the organisations in between ("经 A → B", or "直接相连" for a direct link).
fn path(evidence: &PathEvidence, lang: Lang) -> String {
    if evidence.path.len() <= 1 {
        return String::new();
    }
    if crate::features::table::show_ids() {
        let steps = evidence
            .path
            .iter()
            .map(|n| n.label.get(lang).to_owned())
            .collect::<Vec<_>>()
            .join(" → ");
        return format!("{steps} [{:.3}]", evidence.distance);
    }
    let via: Vec<&str> = evidence.path[1..evidence.path.len() - 1]
        .iter()
        .map(|n| n.label.get(lang))
        .collect();
    if via.is_empty() {
        zh(lang, "直接相连", "direct link").to_owned()
    } else {
        format!("{}{}", zh(lang, "经", "via "), via.join(" → "))
    }
}

/// Score parts as people read them: `覆盖度 50.0 + 协作距离 10.5 + …`.
fn parts(parts: &ScoreParts, lang: Lang) -> String {
    parts
        .0
        .iter()
        .map(|(name, value)| {
            format!(
                "{} {value:.1}",
                crate::matching::report::part_label(name).get(lang)
            )
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn kind(kind: Kind, lang: Lang) -> &'static str {
    kind.label(lang)
}

fn write_consortium(
    c: &Consortium,
    required: usize,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{} {} · {} {:.1}（{}）· {} {}/{}{}",
        zh(lang, "方案", "Option"),
        c.rank,
        zh(lang, "匹配度", "match"),
        c.score,
        parts(&c.score_parts, lang),
        zh(lang, "覆盖", "covers"),
        c.covered.len(),
        required,
        if !c.core_exact {
            zh(
                lang,
                " · 受规模上限约束，非精确最优",
                " · capped by --size, not exact",
            )
        } else if !c.exact {
            zh(
                lang,
                " · 覆盖能力的成员为精确最优，另按组建规则补充成员",
                " · the covering members are the exact optimum; the rules added more",
            )
        } else {
            ""
        }
    )?;
    let mut members = table(match lang {
        Lang::Zh => vec!["角色", "单位", "类型", "覆盖能力", "与牵头单位的联系"],
        Lang::En => vec![
            "role",
            "organisation",
            "kind",
            "covers",
            "link to the leader",
        ],
    });
    members.add_row(vec![
        zh(lang, "牵头", "leader").to_owned(),
        labelled(c.leader.label.get(lang), &c.leader.id),
        kind(c.leader.kind, lang).to_owned(),
        names(&c.leader.covers, lang),
        String::new(),
    ]);
    for m in &c.members {
        let covers = match m.added_by {
            Some(rule) => format!(
                "（{}{}）",
                zh(lang, "规则补充：", "added by rule: "),
                crate::matching::composition::rule_label(rule).get(lang)
            ),
            None => names(&m.covers, lang),
        };
        members.add_row(vec![
            zh(lang, "成员", "member").to_owned(),
            labelled(m.label.get(lang), &m.id),
            kind(m.kind, lang).to_owned(),
            covers,
            path(&m.evidence, lang),
        ]);
    }
    people::write(out, members)?;
    writeln!(out, "{}{}", zh(lang, "理由：", "Why: "), c.reason.get(lang))?;
    for rule in &c.rules {
        let mark = match (rule.satisfied, rule.enforced) {
            (true, _) => "✓",
            (false, true) => "✗",
            (false, false) => "–",
        };
        writeln!(
            out,
            "{mark} {}：{}",
            rule.label.get(lang),
            rule.why.get(lang)
        )?;
    }
    Ok(())
}

fn write_gaps(gaps: &[Gap], lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    if gaps.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "{}",
        zh(
            lang,
            "本地无人掌握的能力（缺口）与可引进的外部单位：",
            "Capabilities no local actor holds (gaps), and whom to recruit:"
        )
    )?;
    let mut gap_table = table(match lang {
        Lang::Zh => vec!["缺失能力", "外部候选", "类型", "国家/地区", "招引适配度"],
        Lang::En => vec![
            "capability",
            "external candidate",
            "kind",
            "country",
            "fit (0–100)",
        ],
    });
    for gap in gaps {
        if gap.external_candidates.is_empty() {
            gap_table.add_row(vec![
                gap.capability.label(lang).to_owned(),
                zh(lang, "（图谱中无掌握者）", "(no holder in the map)").to_owned(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for (i, candidate) in gap.external_candidates.iter().enumerate() {
            gap_table.add_row(vec![
                if i == 0 {
                    gap.capability.label(lang).to_owned()
                } else {
                    String::new()
                },
                labelled(candidate.label.get(lang), &candidate.id),
                kind(candidate.kind, lang).to_owned(),
                candidate
                    .country
                    .as_deref()
                    .map(|c| crate::analytics::country_label(c, lang))
                    .unwrap_or_default(),
                format!("{:.1}", candidate.score),
            ]);
        }
    }
    people::write(out, gap_table)
}

/// Writes one direction's consortia, their members and evidence, and the gaps.
pub fn write_consortium_table(
    report: &ConsortiumReport,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{} {} {} · {} {}",
        zh(lang, "攻关方向", "Direction"),
        report.direction.notation,
        report.direction.label.get(lang),
        zh(lang, "产业链", "chain"),
        report.chain.label(lang)
    )?;
    writeln!(
        out,
        "{}{}",
        zh(lang, "所需能力：", "requires: "),
        names(&report.required_capabilities, lang)
    )?;
    if report.consortia.is_empty() {
        writeln!(
            out,
            "{}",
            zh(
                lang,
                "没有通过牵头门槛的本地单位，未能组建联合体。",
                "No local organisation passes the leader gates, so no consortium was formed."
            )
        )?;
    }
    for consortium in &report.consortia {
        writeln!(out)?;
        write_consortium(consortium, report.required_capabilities.len(), lang, out)?;
    }
    writeln!(out)?;
    write_gaps(&report.gaps, lang, out)
}

/// Writes a firm's ranked partners with their signals and evidence.
pub fn write_partners_table(
    report: &PartnersReport,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    write!(
        out,
        "{} {}",
        zh(lang, "企业", "Firm"),
        node(&report.firm, lang)
    )?;
    if let Some(direction) = &report.direction {
        write!(
            out,
            " · {} {} {}",
            zh(lang, "方向", "direction"),
            direction.notation,
            direction.label.get(lang)
        )?;
    }
    writeln!(out, " · {} {}", zh(lang, "基准年", "as of"), report.as_of)?;
    let mut partners = table(match lang {
        Lang::Zh => vec![
            "排名",
            "合作伙伴",
            "类型",
            "匹配度",
            "已有合作",
            "带来的能力",
            "图谱路径",
        ],
        Lang::En => vec![
            "rank",
            "partner",
            "kind",
            "match",
            "existing tie",
            "brings",
            "graph path",
        ],
    });
    for p in &report.partners {
        let tie = match &p.evidence.tie {
            Some(t) => format!("{} ({}–{})", t.count, t.first_year, t.last_year),
            None => zh(lang, "新建议", "new").to_owned(),
        };
        partners.add_row(vec![
            p.rank.to_string(),
            labelled(p.label.get(lang), &p.id),
            kind(p.kind, lang).to_owned(),
            format!("{:.1}", p.score),
            tie,
            if p.evidence.direction_brings.is_empty() {
                names(&p.evidence.brings, lang)
            } else {
                let others: Vec<_> = p
                    .evidence
                    .brings
                    .iter()
                    .filter(|c| !p.evidence.direction_brings.contains(c))
                    .cloned()
                    .collect();
                let mut cell = format!(
                    "{}{}",
                    zh(lang, "方向所需：", "for the direction: "),
                    names(&p.evidence.direction_brings, lang)
                );
                if !others.is_empty() {
                    cell.push_str(zh(lang, "；另有：", "; also: "));
                    cell.push_str(&names(&others, lang));
                }
                cell
            },
            p.evidence
                .paths
                .first()
                .map(|e| path(e, lang))
                .unwrap_or_default(),
        ]);
    }
    people::write(out, partners)?;
    if report.direction_first {
        let leading = report
            .partners
            .iter()
            .filter(|p| !p.evidence.direction_brings.is_empty())
            .count();
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "前 {leading} 名带来本方向所需而本企业缺少的能力，排在其余伙伴之前，组内按得分排序（--broad 只按得分排序）"
                ),
                Lang::En => format!(
                    "The first {leading} bring capabilities the direction needs and the firm lacks, and rank before the others; each group is ordered by score (--broad: by score alone)"
                ),
            }
        )?;
    }
    writeln!(
        out,
        "{}",
        zh(
            lang,
            "匹配度（0–100）= 能力互补 + 技术相近 + 方向相关 + 协作距离 + 合作活跃度 + 资源层级 + 地域 + 合作新近度（各项与理由见 --format json 的 signals、reason）",
            "match (0–100) = complementarity + technical fit + direction relevance + proximity + activity + level + locality + recency (each, and the reason, in --format json: signals, reason)"
        )
    )
}

/// Writes the summary of all directions and the load of each university and lab.
pub fn write_match_all_table(
    report: &MatchAllReport,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut directions = table(match lang {
        Lang::Zh => vec!["方向", "牵头单位", "成员数", "覆盖", "缺口", "匹配度"],
        Lang::En => vec!["direction", "leader", "members", "covered", "gaps", "match"],
    });
    for d in &report.directions {
        let name = format!("{} {}", d.direction.notation, d.direction.label.get(lang));
        match &d.consortium {
            Some(c) => directions.add_row(vec![
                name,
                labelled(c.leader.label.get(lang), &c.leader.id),
                c.members.len().to_string(),
                format!("{}/{}", c.covered.len(), d.required_capabilities.len()),
                names(&c.uncovered, lang),
                format!("{:.1}", c.score),
            ]),
            None => directions.add_row(vec![
                name,
                d.error
                    .clone()
                    .unwrap_or_else(|| zh(lang, "无合格牵头单位", "no eligible leader").to_owned()),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]),
        };
    }
    people::write(out, directions)?;
    let s = &report.summary;
    match lang {
        Lang::Zh => writeln!(
            out,
            "{} 个方向，{} 个组建了联合体，{} 个完全覆盖，{} 个能力缺口；每所高校或实验室最多参加 {} 个联合体（{} 个已满），共 {} 轮",
            s.directions,
            s.with_consortium,
            s.fully_covered,
            s.gaps,
            report.capacity,
            s.saturated,
            s.rounds
        )?,
        Lang::En => writeln!(
            out,
            "{} directions, {} with a consortium, {} fully covered, {} capability gaps; each university or lab in at most {} consortia ({} full), {} rounds",
            s.directions,
            s.with_consortium,
            s.fully_covered,
            s.gaps,
            report.capacity,
            s.saturated,
            s.rounds
        )?,
    }
    let mut load = table(match lang {
        Lang::Zh => vec!["高校/实验室", "类型", "参加联合体数", "上限", "方向"],
        Lang::En => vec![
            "university or lab",
            "kind",
            "consortia",
            "capacity",
            "directions",
        ],
    });
    for l in &report.lab_load {
        load.add_row(vec![
            labelled(l.label.get(lang), &l.id),
            kind(l.kind, lang).to_owned(),
            l.load.to_string(),
            l.capacity.to_string(),
            l.directions.join(", "),
        ]);
    }
    people::write(out, load)
}

/// The headings of a sheet in `lang`: `(zh, en)` pairs.
fn headings(lang: Lang, pairs: &[(&str, &str)]) -> Vec<String> {
    pairs
        .iter()
        .map(|(z, e)| zh(lang, z, e).to_owned())
        .collect()
}

/// The full path of a piece of evidence, for sheets: every step, then the distance.
fn full_path(evidence: &PathEvidence, lang: Lang) -> String {
    if evidence.path.len() <= 1 {
        return String::new();
    }
    evidence
        .path
        .iter()
        .map(|n| n.label.get(lang).to_owned())
        .collect::<Vec<_>>()
        .join(" → ")
}

/// One direction's consortia as sheets for people: 联合体方案 (one row per unit, the option's
/// score on every row) and 缺口与招引 (the gaps and whom to recruit). Ids in the last column.
pub fn consortium_sheets(report: &ConsortiumReport, lang: Lang) -> Vec<Sheet> {
    let mut members = Sheet::new(
        zh(lang, "联合体方案", "consortia"),
        headings(
            lang,
            &[
                ("攻关方向", "direction"),
                ("方案", "option"),
                ("匹配度", "match"),
                ("角色", "role"),
                ("单位", "organisation"),
                ("类型", "kind"),
                ("覆盖能力", "covers"),
                ("规则补充", "added by rule"),
                ("与牵头单位的联系", "link to the leader"),
                ("协作距离", "distance"),
                ("编号", "id"),
            ],
        ),
    );
    let direction = format!(
        "{} {}",
        report.direction.notation,
        report.direction.label.get(lang)
    );
    for c in &report.consortia {
        members.rows.push(vec![
            Cell::text(direction.clone()),
            Cell::Integer(c.rank as i64),
            Cell::Number(c.score, 1),
            Cell::text(zh(lang, "牵头", "leader")),
            Cell::text(c.leader.label.get(lang)),
            Cell::text(kind(c.leader.kind, lang)),
            Cell::text(names(&c.leader.covers, lang)),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::text(c.leader.id.clone()),
        ]);
        for m in &c.members {
            members.rows.push(vec![
                Cell::text(direction.clone()),
                Cell::Integer(c.rank as i64),
                Cell::Number(c.score, 1),
                Cell::text(zh(lang, "成员", "member")),
                Cell::text(m.label.get(lang)),
                Cell::text(kind(m.kind, lang)),
                Cell::text(names(&m.covers, lang)),
                m.added_by.map_or(Cell::Empty, |rule| {
                    Cell::text(crate::matching::composition::rule_label(rule).get(lang))
                }),
                Cell::text(full_path(&m.evidence, lang)),
                Cell::number(
                    (m.evidence.path.len() > 1).then_some(m.evidence.distance),
                    3,
                ),
                Cell::text(m.id.clone()),
            ]);
        }
    }
    let mut gaps = Sheet::new(
        zh(lang, "缺口与招引", "gaps"),
        headings(
            lang,
            &[
                ("缺失能力", "capability"),
                ("外部候选", "external candidate"),
                ("类型", "kind"),
                ("国家/地区", "country"),
                ("招引适配度", "fit (0–100)"),
                ("编号", "id"),
            ],
        ),
    );
    for gap in &report.gaps {
        if gap.external_candidates.is_empty() {
            gaps.rows.push(vec![
                Cell::text(gap.capability.label(lang)),
                Cell::text(zh(lang, "（图谱中无掌握者）", "(no holder in the map)")),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]);
        }
        for candidate in &gap.external_candidates {
            gaps.rows.push(vec![
                Cell::text(gap.capability.label(lang)),
                Cell::text(candidate.label.get(lang)),
                Cell::text(kind(candidate.kind, lang)),
                candidate.country.as_deref().map_or(Cell::Empty, |c| {
                    Cell::text(crate::analytics::country_label(c, lang))
                }),
                Cell::Number(candidate.score, 1),
                Cell::text(candidate.id.clone()),
            ]);
        }
    }
    vec![members, gaps]
}

/// A firm's partners as a sheet for people.
pub fn partners_sheets(report: &PartnersReport, lang: Lang) -> Vec<Sheet> {
    let mut sheet = Sheet::new(
        zh(lang, "推荐合作伙伴", "partners"),
        headings(
            lang,
            &[
                ("排名", "rank"),
                ("合作伙伴", "partner"),
                ("类型", "kind"),
                ("匹配度", "match"),
                ("已有合作", "existing tie"),
                ("合作次数", "collaborations"),
                ("方向所需能力", "for the direction"),
                ("带来的能力", "brings"),
                ("图谱路径", "graph path"),
                ("理由", "reason"),
                ("编号", "id"),
            ],
        ),
    );
    for p in &report.partners {
        sheet.rows.push(vec![
            Cell::Integer(p.rank as i64),
            Cell::text(p.label.get(lang)),
            Cell::text(kind(p.kind, lang)),
            Cell::Number(p.score, 1),
            Cell::text(crate::features::query_output::yes_no(p.existing_tie, lang)),
            p.evidence
                .tie
                .as_ref()
                .map_or(Cell::Empty, |t| Cell::Integer(t.count as i64)),
            Cell::text(names(&p.evidence.direction_brings, lang)),
            Cell::text(names(&p.evidence.brings, lang)),
            Cell::text(
                p.evidence
                    .paths
                    .first()
                    .map(|e| full_path(e, lang))
                    .unwrap_or_default(),
            ),
            Cell::text(p.reason.get(lang)),
            Cell::text(p.id.clone()),
        ]);
    }
    vec![sheet]
}

/// Every direction's best consortium, and the load of each university and lab, as sheets.
pub fn match_all_sheets(report: &MatchAllReport, lang: Lang) -> Vec<Sheet> {
    let mut directions = Sheet::new(
        zh(lang, "各方向联合体", "directions"),
        headings(
            lang,
            &[
                ("编号", "notation"),
                ("攻关方向", "direction"),
                ("牵头单位", "leader"),
                ("成员数", "members"),
                ("所需能力", "required"),
                ("已覆盖", "covered"),
                ("覆盖率", "coverage"),
                ("缺口", "gaps"),
                ("匹配度", "match"),
                ("说明", "note"),
            ],
        ),
    );
    for d in &report.directions {
        let required = d.required_capabilities.len();
        let mut row = vec![
            Cell::text(d.direction.notation.clone()),
            Cell::text(d.direction.label.get(lang)),
        ];
        match &d.consortium {
            Some(c) => row.extend([
                Cell::text(c.leader.label.get(lang)),
                Cell::Integer(c.members.len() as i64),
                Cell::Integer(required as i64),
                Cell::Integer(c.covered.len() as i64),
                if required > 0 {
                    Cell::Percent(c.covered.len() as f64 / required as f64, 0)
                } else {
                    Cell::Empty
                },
                Cell::text(names(&c.uncovered, lang)),
                Cell::Number(c.score, 1),
                Cell::Empty,
            ]),
            None => row.extend([
                Cell::Empty,
                Cell::Empty,
                Cell::Integer(required as i64),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::text(d.error.clone().unwrap_or_else(|| {
                    zh(lang, "无合格牵头单位", "no eligible leader").to_owned()
                })),
            ]),
        }
        directions.rows.push(row);
    }
    let mut load = Sheet::new(
        zh(lang, "高校与实验室负荷", "university and lab load"),
        headings(
            lang,
            &[
                ("高校/实验室", "university or lab"),
                ("类型", "kind"),
                ("参加联合体数", "consortia"),
                ("上限", "capacity"),
                ("已满", "full"),
                ("方向", "directions"),
                ("编号", "id"),
            ],
        ),
    );
    for l in &report.lab_load {
        load.rows.push(vec![
            Cell::text(l.label.get(lang)),
            Cell::text(kind(l.kind, lang)),
            Cell::Integer(l.load as i64),
            Cell::Integer(l.capacity as i64),
            Cell::text(crate::features::query_output::yes_no(l.saturated, lang)),
            Cell::text(l.directions.join("、")),
            Cell::text(l.id.clone()),
        ]);
    }
    vec![directions, load]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_language_and_other_maps_stay() {
        let mut value = serde_json::json!({
            "direction": {"id": "T01", "label": {"zh": "薄带", "en": "Strip"}},
            "signals": {"zh": 1, "en": 2},
            "items": [{"label": {"zh": "", "en": "Only English"}}]
        });
        localise_labels(&mut value, Lang::Zh);
        assert_eq!(value["direction"]["label"], "薄带");
        assert_eq!(value["signals"]["zh"], 1);
        assert_eq!(value["items"][0]["label"], "Only English");
    }
}
