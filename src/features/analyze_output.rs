//! Writing `innomap analyze` results for people: aligned tables in Chinese or English, labels
//! rather than ids, numbers rounded for reading.

use crate::analytics::brokers::{Broker, BrokersReport, ChainShare};
use crate::analytics::country_label;
use crate::analytics::fragility::FragilityReport;
use crate::analytics::recruit::{RecruitReport, WhatIfReport};
use crate::analytics::trend::TrendReport;
use crate::base::Lang;
use crate::features::match_output::{self, names, zh as t};
use crate::features::table as people;
use crate::graph::Locality;
use crate::matching::report::EntityRef;
use comfy_table::{CellAlignment, Table};
use std::io::{self, Write};

/// A table whose columns `right` are right-aligned (numbers).
fn table(header: Vec<&str>, right: &[usize]) -> Table {
    let mut table = match_output::table(header);
    for &i in right {
        if let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

/// A locality for people.
pub fn locality_label(locality: Locality, lang: Lang) -> &'static str {
    match locality {
        Locality::InCity => t(lang, "本市", "in the city"),
        Locality::OnCityList => t(lang, "8×10 名单", "on the 8×10 list"),
        Locality::Domestic => t(lang, "国内市外", "elsewhere in China"),
        Locality::International => t(lang, "境外", "abroad"),
    }
}

/// Where an organisation is, for people: its country or region when abroad, else its locality
/// (本市, 8×10 名单, 国内市外).
pub fn place_label(country: Option<&str>, locality: Locality, lang: Lang) -> String {
    match country {
        Some(code) if code != "CN" => country_label(code, lang),
        _ => locality_label(locality, lang).to_owned(),
    }
}

/// `analyze recruit`.
pub fn write_recruit_table(
    report: &RecruitReport,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let scope = report
        .chain
        .as_ref()
        .map(|c| c.label(lang).to_owned())
        .unwrap_or_else(|| t(lang, "全部产业链", "all chains").to_owned());
    match lang {
        Lang::Zh => writeln!(
            out,
            "科技招商研判（{scope}）：{} 个攻关方向中 {} 个有缺口，共 {} 项方向-能力缺口；{} 家市外单位可填补",
            report.directions,
            report.directions_with_gaps.len(),
            report.gap_pairs,
            report.candidates_considered
        )?,
        Lang::En => writeln!(
            out,
            "Recruitment ({scope}): {} of {} directions have gaps, {} direction–capability gaps in all; {} outside organisations could fill some",
            report.directions_with_gaps.len(),
            report.directions,
            report.gap_pairs,
            report.candidates_considered
        )?,
    }
    if report.candidates.is_empty() {
        return writeln!(
            out,
            "{}",
            t(
                lang,
                "没有可引进的市外单位。",
                "No outside organisation to recruit."
            )
        );
    }
    let mut tab = table(
        vec![
            "#",
            t(lang, "单位", "Organisation"),
            t(lang, "类型", "Kind"),
            t(lang, "国家/地区", "Country/region"),
            t(lang, "填补缺口", "Gaps closed"),
            t(lang, "招引价值", "Value"),
            t(lang, "最近的牵头企业（经由）", "Nearest leader (via)"),
        ],
        &[0, 5],
    );
    for c in &report.candidates {
        let country = match (&c.country, c.priority_region) {
            (Some(code), true) => format!("{} ★", country_label(code, lang)),
            (Some(code), false) => country_label(code, lang),
            (None, _) => locality_label(c.locality, lang).to_owned(),
        };
        let closes = c
            .closes
            .iter()
            .map(|g| format!("{} {}", g.direction.notation, names(&g.capabilities, lang)))
            .collect::<Vec<_>>()
            .join("\n");
        let near = c
            .nearest_leaders
            .first()
            .map(|n| {
                let via: Vec<&str> = n.evidence.path[1..n.evidence.path.len().saturating_sub(1)]
                    .iter()
                    .map(|v| v.label.get(lang))
                    .collect();
                let leader = n.leader.label.get(lang);
                match (via.len(), lang) {
                    (0, Lang::Zh) => format!("{leader}（已合作）"),
                    (0, Lang::En) => format!("{leader} (direct)"),
                    (1, Lang::Zh) => format!("{leader}（经{}）", via[0]),
                    (1, Lang::En) => format!("{leader} (via {})", via[0]),
                    (k, Lang::Zh) => format!("{leader}（经{}等 {k} 家）", via[0]),
                    (k, Lang::En) => format!("{leader} (via {} and {} more)", via[0], k - 1),
                }
            })
            .unwrap_or_else(|| t(lang, "尚无合作路径", "no path yet").to_owned());
        tab.add_row(vec![
            c.rank.to_string(),
            c.label.get(lang).to_owned(),
            c.kind.label(lang).to_owned(),
            country,
            closes,
            format!("{:.2}", c.score),
            near,
        ]);
    }
    people::write(out, tab)?;
    writeln!(
        out,
        "{}",
        t(
            lang,
            "招引价值 = 每项方向-能力缺口 0.5 + 0.5 × 与该方向牵头企业的接近度（1/(1+距离)）；★ 为国际合作重点国家和地区（美、日、韩、港、澳）",
            "Value = per direction–capability gap 0.5 + 0.5 × proximity to that direction's leaders (1/(1+distance)); ★ marks the plan's cooperation targets (US, Japan, Korea, Hong Kong, Macau)"
        )
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        t(
            lang,
            "各方向的缺口与首选引进对象：",
            "Each direction's gaps and whom to recruit first:"
        )
    )?;
    let mut dirs = table(
        vec![
            t(lang, "方向", "Direction"),
            t(lang, "缺口能力", "Gaps"),
            t(lang, "首选引进对象", "Recruit first"),
        ],
        &[],
    );
    for d in &report.directions_with_gaps {
        let candidates = if d.candidates.is_empty() {
            t(
                lang,
                "（图谱中无单位掌握）",
                "(nobody in the map holds them)",
            )
            .to_owned()
        } else {
            names(&d.candidates, lang)
        };
        dirs.add_row(vec![
            format!("{} {}", d.direction.notation, d.direction.label.get(lang)),
            names(&d.gaps, lang),
            candidates,
        ]);
    }
    people::write(out, dirs)
}

/// `analyze recruit --what-if`.
pub fn write_what_if_table(
    report: &WhatIfReport,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    match lang {
        Lang::Zh => writeln!(
            out,
            "假设引进 {}：缺口 {} → {}",
            names(&report.added, lang),
            report.gaps_before,
            report.gaps_after
        )?,
        Lang::En => writeln!(
            out,
            "If {} joined: gaps {} → {}",
            names(&report.added, lang),
            report.gaps_before,
            report.gaps_after
        )?,
    }
    let changed: Vec<_> = report.directions.iter().filter(|d| d.changed).collect();
    if changed.is_empty() {
        return writeln!(
            out,
            "{}",
            t(
                lang,
                "没有方向的联合体发生变化。",
                "No direction's consortium changes."
            )
        );
    }
    let mut tab = table(
        vec![
            t(lang, "方向", "Direction"),
            t(lang, "填补的缺口", "Gaps closed"),
            t(lang, "牵头单位（前 → 后）", "Leader (before → after)"),
            t(lang, "成员变化", "Members"),
            t(lang, "匹配度（前 → 后）", "Score (before → after)"),
        ],
        &[4],
    );
    let score = |s: Option<f64>| s.map_or("—".to_owned(), |x| format!("{x:.1}"));
    for d in changed {
        let leader = |l: &Option<EntityRef>| {
            l.as_ref()
                .map_or("—".to_owned(), |l| l.label(lang).to_owned())
        };
        let leader_cell =
            if d.leader_before.as_ref().map(|l| &l.id) == d.leader_after.as_ref().map(|l| &l.id) {
                leader(&d.leader_after)
            } else {
                format!("{} → {}", leader(&d.leader_before), leader(&d.leader_after))
            };
        let mut members = Vec::new();
        if !d.members_added.is_empty() {
            members.push(format!("+ {}", names(&d.members_added, lang)));
        }
        if !d.members_removed.is_empty() {
            members.push(format!("− {}", names(&d.members_removed, lang)));
        }
        tab.add_row(vec![
            format!("{} {}", d.direction.notation, d.direction.label.get(lang)),
            if d.closed.is_empty() {
                "—".to_owned()
            } else {
                names(&d.closed, lang)
            },
            leader_cell,
            members.join("\n"),
            format!("{} → {}", score(d.score_before), score(d.score_after)),
        ]);
    }
    people::write(out, tab)
}

/// `analyze fragility`.
pub fn write_fragility_table(
    report: &FragilityReport,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    match lang {
        Lang::Zh => writeln!(
            out,
            "{} 个攻关方向共 {} 项所需能力：{} 项本地无人掌握（缺口），{} 项仅一家本地单位掌握（单点）；{} 个方向存在单点风险",
            report.directions,
            report.required_pairs,
            report.gap_pairs,
            report.single_pairs,
            report.directions_at_risk.len()
        )?,
        Lang::En => writeln!(
            out,
            "{} directions require {} capabilities in all: {} held by no local actor (gaps), {} by exactly one (single points); directions at risk: {}",
            report.directions,
            report.required_pairs,
            report.gap_pairs,
            report.single_pairs,
            report.directions_at_risk.len()
        )?,
    }
    if report.single_points.is_empty() {
        return writeln!(
            out,
            "{}",
            t(
                lang,
                "没有仅由一家本地单位掌握的所需能力。",
                "No required capability hangs on one local actor."
            )
        );
    }
    writeln!(
        out,
        "{}",
        t(
            lang,
            "失去后缺口最多的本地单位：",
            "Local actors whose loss would open the most gaps:"
        )
    )?;
    let mut actors = table(
        vec![
            "#",
            t(lang, "单位", "Organisation"),
            t(lang, "类型", "Kind"),
            t(lang, "将出现的缺口", "Gaps opened"),
            t(lang, "涉及方向", "Directions"),
            t(lang, "独有能力", "Capabilities only it holds"),
        ],
        &[0, 3],
    );
    for a in &report.actors {
        actors.add_row(vec![
            a.rank.to_string(),
            a.label.get(lang).to_owned(),
            a.kind.label(lang).to_owned(),
            a.gaps_opened.to_string(),
            a.directions
                .iter()
                .map(|d| d.notation.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            names(&a.capabilities, lang),
        ]);
    }
    people::write(out, actors)?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        t(lang, "存在单点风险的方向：", "Directions at risk:")
    )?;
    let mut dirs = table(
        vec![
            t(lang, "方向", "Direction"),
            t(lang, "所需", "Required"),
            t(lang, "缺口", "Gaps"),
            t(
                lang,
                "单点能力（唯一掌握者）",
                "Single points (sole holder)",
            ),
        ],
        &[1, 2],
    );
    for d in &report.directions_at_risk {
        let single = d
            .single
            .iter()
            .map(|(c, h)| format!("{}（{}）", c.label(lang), h.label(lang)))
            .collect::<Vec<_>>()
            .join("\n");
        dirs.add_row(vec![
            format!("{} {}", d.direction.notation, d.direction.label.get(lang)),
            d.required.to_string(),
            d.gaps.to_string(),
            single,
        ]);
    }
    people::write(out, dirs)
}

fn chain_shares(shares: &[ChainShare], lang: Lang, limit: usize) -> String {
    let mut parts: Vec<String> = shares
        .iter()
        .take(limit)
        .map(|s| format!("{} {}", s.chain.label(lang), s.partners))
        .collect();
    if shares.len() > limit {
        parts.push("…".into());
    }
    parts.join(t(lang, "、", ", "))
}

fn broker_table(list: &[Broker], lang: Lang, sampled: bool) -> Table {
    let mut header = vec![
        "#",
        t(lang, "单位", "Organisation"),
        t(lang, "类型", "Kind"),
        t(lang, "中介中心度", "Betweenness"),
    ];
    if sampled {
        header.push(t(lang, "标准误", "Std. error"));
    }
    header.extend([
        t(lang, "合作方", "Partners"),
        t(lang, "合作方所在产业链", "Partners' chains"),
        t(lang, "社群", "Community"),
    ]);
    let right: Vec<usize> = if sampled {
        vec![0, 3, 4, 5, 7]
    } else {
        vec![0, 3, 4, 6]
    };
    let mut tab = table(header, &right);
    for b in list {
        let mut row = vec![
            b.rank.to_string(),
            b.label.get(lang).to_owned(),
            b.kind.label(lang).to_owned(),
            format!("{:.4}", b.betweenness),
        ];
        if sampled {
            row.push(format!("±{:.4}", b.standard_error));
        }
        row.extend([
            b.partners.to_string(),
            chain_shares(&b.partner_chains, lang, 3),
            b.community.map_or("—".to_owned(), |c| c.to_string()),
        ]);
        tab.add_row(row);
    }
    tab
}

/// `analyze brokers`.
pub fn write_brokers_table(
    report: &BrokersReport,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let method = if report.exact {
        t(lang, "精确计算", "exact").to_owned()
    } else {
        match lang {
            Lang::Zh => format!(
                "抽样 {} 个起点估计，95% 概率下误差不超过 {:.4}",
                report.sources, report.error_bound
            ),
            Lang::En => format!(
                "estimated from {} sampled sources, within {:.4} with 95 % probability",
                report.sources, report.error_bound
            ),
        }
    };
    match lang {
        Lang::Zh => writeln!(
            out,
            "合作网络：{} 家单位，其中 {} 家有合作，{} 条合作关系；中介中心度{method}",
            report.organisations, report.connected, report.ties
        )?,
        Lang::En => writeln!(
            out,
            "Collaboration network: {} organisations, {} with ties, {} ties; betweenness {method}",
            report.organisations, report.connected, report.ties
        )?,
    }
    writeln!(
        out,
        "{}",
        t(
            lang,
            "中介中心度最高的单位（处在其他单位之间最短合作路径上的比例）：",
            "Highest betweenness (share of shortest collaboration paths between others through them):"
        )
    )?;
    people::write(out, broker_table(&report.brokers, lang, !report.exact))?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        t(
            lang,
            "跨产业链的桥梁单位（按中介中心度 × 跨链合作方占比排序）：",
            "Bridges between chains (by betweenness × share of partners in other chains):"
        )
    )?;
    if report.chain_bridges.is_empty() {
        writeln!(out, "{}", t(lang, "（无）", "(none)"))?;
    } else {
        people::write(
            out,
            broker_table(&report.chain_bridges, lang, !report.exact),
        )?;
    }
    writeln!(out)?;
    match lang {
        Lang::Zh => writeln!(
            out,
            "合作社群（Louvain 模块度方法，模块度 {:.3}，共 {} 个两家以上的社群）：",
            report.modularity, report.community_count
        )?,
        Lang::En => writeln!(
            out,
            "Communities (Louvain modularity, Q = {:.3}, {} with two or more organisations):",
            report.modularity, report.community_count
        )?,
    }
    let mut tab = table(
        vec![
            t(lang, "社群", "Community"),
            t(lang, "单位数", "Size"),
            t(lang, "主要产业链（单位数）", "Main chains (members)"),
            t(lang, "核心单位", "Core members"),
        ],
        &[0, 1],
    );
    for c in &report.communities {
        tab.add_row(vec![
            c.id.to_string(),
            c.size.to_string(),
            chain_shares(&c.chains, lang, 3),
            c.core
                .iter()
                .take(3)
                .map(|e| e.label(lang))
                .collect::<Vec<_>>()
                .join(t(lang, "、", ", ")),
        ]);
    }
    people::write(out, tab)
}

/// `analyze trend`.
pub fn write_trend_table(report: &TrendReport, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    if report.years.is_empty() {
        return writeln!(
            out,
            "{}",
            t(
                lang,
                "所选年份没有合作记录。",
                "No collaboration in the years chosen."
            )
        );
    }
    let ladder = report.tier_years_recorded > 0;
    let mut header = vec![
        t(lang, "年份", "Year"),
        t(lang, "合作", "Collaborations"),
        t(lang, "新增合作关系", "New ties"),
        t(lang, "活跃单位", "Active"),
        t(lang, "首次合作单位", "Newcomers"),
        t(lang, "校企合作", "University–firm"),
        t(lang, "产学研占比", "Research–firm share"),
    ];
    if ladder {
        header.push(t(lang, "新增科小", "New tech SMEs"));
        header.push(t(lang, "晋级企业", "Climbed"));
    }
    let right: Vec<usize> = (0..header.len()).collect();
    let mut tab = table(header, &right);
    for y in &report.years {
        let mut row = vec![
            y.year.to_string(),
            y.collaborations.to_string(),
            y.new_ties.to_string(),
            y.active_organisations.to_string(),
            y.newcomers.to_string(),
            y.university_firm.to_string(),
            format!("{:.1}%", 100.0 * y.research_firm_share),
        ];
        if ladder {
            row.push(y.new_tech_smes.to_string());
            row.push(y.climbed.to_string());
        }
        tab.add_row(row);
    }
    people::write(out, tab)?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        t(lang, "各产业链的合作数：", "Collaborations per chain:")
    )?;
    let active_chains: Vec<usize> = (0..report.chains.len())
        .filter(|&c| report.years.iter().any(|y| y.per_chain[c] > 0))
        .collect();
    let years: Vec<String> = report.years.iter().map(|y| y.year.to_string()).collect();
    let mut header = vec![t(lang, "产业链", "Chain")];
    header.extend(years.iter().map(String::as_str));
    let right: Vec<usize> = (1..=years.len()).collect();
    let mut chains = table(header, &right);
    for c in active_chains {
        let mut row = vec![report.chains[c].label(lang).to_owned()];
        row.extend(report.years.iter().map(|y| y.per_chain[c].to_string()));
        chains.add_row(row);
    }
    people::write(out, chains)?;
    if ladder {
        match lang {
            Lang::Zh => writeln!(
                out,
                "晋级企业：当年达到高新技术企业、瞪羚或独角兽梯队的企业（{} 家企业记有梯队认定年份）。",
                report.tier_years_recorded
            )?,
            Lang::En => writeln!(
                out,
                "Climbed: firms that reached high-tech enterprise, gazelle or unicorn that year ({} firms record the year they reached their tier).",
                report.tier_years_recorded
            )?,
        }
    } else {
        writeln!(
            out,
            "{}",
            t(
                lang,
                "图谱未记录企业的梯队认定年份（im:tierYear），无法统计晋级企业。",
                "The map records no year a firm reached its tier (im:tierYear), so the ladder's movement is not counted."
            )
        )?;
    }
    if report.unknown_participants > 0 {
        match lang {
            Lang::Zh => writeln!(
                out,
                "另有 {} 项合作含图谱中没有的参与单位，未计入其参与方。",
                report.unknown_participants
            )?,
            Lang::En => writeln!(
                out,
                "{} collaborations name participants the map does not hold; those participants are not counted.",
                report.unknown_participants
            )?,
        }
    }
    writeln!(
        out,
        "{}",
        t(
            lang,
            "合作网络随时间的演变可用 innomap export --format gexf 导出，在 Gephi 的时间轴中播放。",
            "To play the network over time, export it with innomap export --format gexf and open Gephi's timeline."
        )
    )
}
