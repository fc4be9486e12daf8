//! Cell values: lists, yes/no, whole numbers, decimals, years, and the fixed concept schemes of the
//! ontology (tiers, levels, talent categories, collaboration kinds, provenance, resource kinds) with
//! the names officers write for them.

use crate::base::kind::Kind;
use crate::base::names::normalise;
use unicode_normalization::UnicodeNormalization;

/// One concept of a fixed scheme: the `im:` local name and every name a sheet may use for it (the
/// ontology's zh/en labels, the local name and common abbreviations), compared after normalisation.
pub struct Concept {
    pub local: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub names: &'static [&'static str],
}

/// A fixed concept scheme.
pub struct Scheme {
    /// What the values are, for messages: "tier", "level".
    pub what: &'static str,
    pub concepts: &'static [Concept],
}

impl Scheme {
    /// The concept `text` names, if any.
    pub fn find(&self, text: &str) -> Option<&'static Concept> {
        let wanted = normalise(text).replace([' ', '_', '-'], "");
        self.concepts.iter().find(|c| {
            std::iter::once(c.local)
                .chain([c.zh, c.en])
                .chain(c.names.iter().copied())
                .any(|name| normalise(name).replace([' ', '_', '-'], "") == wanted)
        })
    }

    /// "one of 科技型中小企业 (tech SME), …" for messages.
    pub fn choices(&self) -> String {
        let listed: Vec<String> = self
            .concepts
            .iter()
            .map(|c| format!("{} ({})", c.zh, c.en))
            .collect();
        format!("use one of {}", listed.join(", "))
    }
}

pub const TIERS: Scheme = Scheme {
    what: "tier",
    concepts: &[
        Concept {
            local: "TechSME",
            zh: "科技型中小企业",
            en: "tech SME",
            names: &["科小", "科技型中小", "tech_sme"],
        },
        Concept {
            local: "HighTechEnterprise",
            zh: "高新技术企业",
            en: "high-tech enterprise",
            names: &["高企", "高新企业", "high_tech", "hte"],
        },
        Concept {
            local: "Gazelle",
            zh: "瞪羚企业",
            en: "gazelle",
            names: &["瞪羚"],
        },
        Concept {
            local: "Unicorn",
            zh: "独角兽企业",
            en: "unicorn",
            names: &["独角兽"],
        },
    ],
};

pub const SEGMENTS: Scheme = Scheme {
    what: "chain segment",
    concepts: &[
        Concept {
            local: "Upstream",
            zh: "上游",
            en: "upstream",
            names: &["上游环节"],
        },
        Concept {
            local: "Midstream",
            zh: "中游",
            en: "midstream",
            names: &["中游环节"],
        },
        Concept {
            local: "Downstream",
            zh: "下游",
            en: "downstream",
            names: &["下游环节"],
        },
    ],
};

pub const LEVELS: Scheme = Scheme {
    what: "level",
    concepts: &[
        Concept {
            local: "National",
            zh: "国家级",
            en: "national",
            names: &["国家"],
        },
        Concept {
            local: "Provincial",
            zh: "省级",
            en: "provincial",
            names: &["省"],
        },
        Concept {
            local: "Municipal",
            zh: "市级",
            en: "municipal",
            names: &["市", "city"],
        },
    ],
};

pub const TALENT_CATEGORIES: Scheme = Scheme {
    what: "talent category",
    concepts: &[
        Concept {
            local: "StrategicScientist",
            zh: "战略科学家",
            en: "strategic scientist",
            names: &[],
        },
        Concept {
            local: "InnovationLeader",
            zh: "科技创新领军人才",
            en: "innovation leader",
            names: &["创新领军人才"],
        },
        Concept {
            local: "EntrepreneurshipLeader",
            zh: "科技创业领军人才",
            en: "entrepreneurship leader",
            names: &["创业领军人才"],
        },
        Concept {
            local: "YoungTalent",
            zh: "青年科技人才",
            en: "young talent",
            names: &["青年人才"],
        },
        Concept {
            local: "OutstandingEngineer",
            zh: "卓越工程师",
            en: "outstanding engineer",
            names: &[],
        },
    ],
};

pub const COLLABORATION_KINDS: Scheme = Scheme {
    what: "collaboration kind",
    concepts: &[
        Concept {
            local: "JointProject",
            zh: "联合项目",
            en: "joint project",
            names: &["产学研合作", "合作项目"],
        },
        Concept {
            local: "CoPatent",
            zh: "联合专利",
            en: "co-patent",
            names: &["共同专利", "合作专利"],
        },
        Concept {
            local: "ContractedRD",
            zh: "委托研发",
            en: "contracted R&D",
            names: &["委托开发", "contracted_rd"],
        },
        Concept {
            local: "SharedPlatform",
            zh: "共建平台",
            en: "shared platform",
            names: &[],
        },
        Concept {
            local: "ConsortiumWork",
            zh: "创新联合体合作",
            en: "consortium",
            names: &["联合体", "创新联合体", "consortium work"],
        },
    ],
};

pub const PROVENANCE: Scheme = Scheme {
    what: "provenance",
    concepts: &[
        Concept {
            local: "Verified",
            zh: "已核实",
            en: "verified",
            names: &["核实"],
        },
        Concept {
            local: "PlanText",
            zh: "工作计划原文",
            en: "plan text",
            names: &["计划原文", "plan_text"],
        },
        Concept {
            local: "Illustrative",
            zh: "示意数据",
            en: "illustrative",
            names: &["示意"],
        },
    ],
};

/// The kinds a resources sheet may hold: every innovation resource kind.
pub const RESOURCE_KINDS: [Kind; 9] = [
    Kind::University,
    Kind::NationalKeyLab,
    Kind::ProvincialKeyLab,
    Kind::ResearchInstitute,
    Kind::NewRdInstitution,
    Kind::EnterpriseRdInstitute,
    Kind::Platform,
    Kind::PilotBase,
    Kind::Fund,
];

/// Extra Chinese names of resource kinds (the ontology's class labels and common words).
fn resource_kind_names(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::University => &["大学", "高等院校", "院校"],
        Kind::NationalKeyLab => &["国家重点实验室", "全国重点实验室"],
        Kind::ProvincialKeyLab => &["省重点实验室", "省级重点实验室"],
        Kind::ResearchInstitute => &["科研院所", "研究所", "研究院"],
        Kind::NewRdInstitution => &["新型研发机构"],
        Kind::EnterpriseRdInstitute => &["企业研发机构", "企业研究院", "企业技术中心"],
        Kind::Platform => &["创新平台", "创新平台载体", "平台"],
        Kind::PilotBase => &["中试基地", "中试平台"],
        Kind::Fund => &["基金"],
        _ => &[],
    }
}

/// The resource kind `text` names: the kind name (`national_key_lab`), its zh/en label or a common word.
pub fn resource_kind(text: &str) -> Option<Kind> {
    let wanted = normalise(text).replace([' ', '_', '-'], "");
    RESOURCE_KINDS.into_iter().find(|&kind| {
        [
            kind.as_str(),
            kind.label(crate::base::Lang::Zh),
            kind.label(crate::base::Lang::En),
        ]
        .into_iter()
        .chain(resource_kind_names(kind).iter().copied())
        .any(|name| normalise(name).replace([' ', '_', '-'], "") == wanted)
    })
}

/// "use one of 高校 (university), …" for resource kinds.
pub fn resource_kind_choices() -> String {
    let listed: Vec<String> = RESOURCE_KINDS
        .iter()
        .map(|k| format!("{} ({})", k.label(crate::base::Lang::Zh), k.as_str()))
        .collect();
    format!("use one of {}", listed.join(", "))
}

/// The items of a list cell, split at `;` `；` `、` `，` `|` and line breaks (never at an ASCII comma,
/// which English names contain), trimmed, empty items dropped.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([';', '；', '、', '，', '|', '\n', '\r'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Yes or no: 是/否, 有/无, true/false, yes/no, y/n, 1/0, √/×.
pub fn parse_bool(text: &str) -> Option<bool> {
    match normalise(text).as_str() {
        "是" | "有" | "true" | "yes" | "y" | "1" | "√" | "✓" | "是的" => Some(true),
        "否" | "无" | "false" | "no" | "n" | "0" | "×" | "✗" | "不是" => Some(false),
        _ => None,
    }
}

/// NFKC, spaces and thousands separators removed: the digits of a number as typed.
fn number_text(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    let compact: String = nfkc.chars().filter(|c| !c.is_whitespace()).collect();
    // Thousands separators: "1,234,567.5" (only when every group after the first has three digits).
    let (integer, fraction) = match compact.split_once('.') {
        Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
        None => (compact.clone(), None),
    };
    let groups: Vec<&str> = integer.split(',').collect();
    let grouped = groups.len() > 1
        && !groups[0].trim_start_matches(['-', '+']).is_empty()
        && groups[0].trim_start_matches(['-', '+']).len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3);
    let integer = if grouped { groups.concat() } else { integer };
    match fraction {
        Some(f) => format!("{integer}.{f}"),
        None => integer,
    }
}

/// A whole number (`1,200`, `１２００`, `1200.0` from a spreadsheet's number cell).
pub fn parse_integer(text: &str) -> Option<i64> {
    let digits = number_text(text);
    let digits = digits
        .strip_suffix(".0")
        .map(str::to_owned)
        .unwrap_or(digits);
    let unsigned = digits.strip_prefix(['-', '+']).unwrap_or(&digits);
    if unsigned.is_empty() || !unsigned.chars().all(|c| c.is_ascii_digit()) || unsigned.len() > 15 {
        return None;
    }
    digits.parse().ok()
}

/// A year: a whole number from 1800 to 2100, optionally followed by 年 (`2021`, `2021年`).
pub fn parse_year(text: &str) -> Option<i64> {
    let trimmed = text.trim().trim_end_matches('年');
    parse_integer(trimmed).filter(|y| (1800..=2100).contains(y))
}

/// A decimal in the XSD 1.1 canonical form oxigraph gives back from a store (`410`, `0.5`), so that
/// two spellings of one value (`410.0`, `410`) compare equal. `None` when `text` is not a decimal.
pub fn decimal_value_key(text: &str) -> Option<String> {
    let written = parse_decimal(text)?;
    Some(match written.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => written,
    })
}

/// A decimal number in the canonical form this importer writes (`1250.0`, `0.5`): digits, one point,
/// at least one digit after it. `None` when `text` is not a plain decimal number.
pub fn parse_decimal(text: &str) -> Option<String> {
    let digits = number_text(text);
    let (negative, unsigned) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits.strip_prefix('+').unwrap_or(&digits)),
    };
    let (integer, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if integer.is_empty() && fraction.is_empty()
        || !integer.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || integer.len() > 18
        || fraction.len() > 18
    {
        return None;
    }
    let integer = integer.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let integer = if integer.is_empty() { "0" } else { integer };
    let fraction = if fraction.is_empty() { "0" } else { fraction };
    let sign = if negative && (integer != "0" || fraction != "0") {
        "-"
    } else {
        ""
    };
    Some(format!("{sign}{integer}.{fraction}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_accept_labels_abbreviations_and_local_names() {
        assert_eq!(
            TIERS.find("高企").map(|c| c.local),
            Some("HighTechEnterprise")
        );
        assert_eq!(TIERS.find("Tech SME").map(|c| c.local), Some("TechSME"));
        assert_eq!(TIERS.find("unicorn").map(|c| c.local), Some("Unicorn"));
        assert_eq!(TIERS.find("超级企业").map(|c| c.local), None);
        assert_eq!(LEVELS.find("省级").map(|c| c.local), Some("Provincial"));
        assert_eq!(
            PROVENANCE.find("plan_text").map(|c| c.local),
            Some("PlanText")
        );
        assert_eq!(resource_kind("全国重点实验室"), Some(Kind::NationalKeyLab));
        assert_eq!(
            resource_kind("new_rd_institution"),
            Some(Kind::NewRdInstitution)
        );
        assert_eq!(resource_kind("企业"), None);
    }

    #[test]
    fn lists_split_at_chinese_and_ascii_separators_but_not_commas() {
        assert_eq!(
            split_list("冶金新材料；新能源、 数字经济 ;;"),
            ["冶金新材料", "新能源", "数字经济"]
        );
        assert_eq!(split_list("Foo Co., Ltd."), ["Foo Co., Ltd."]);
        assert!(split_list("  ").is_empty());
    }

    #[test]
    fn numbers_take_spreadsheet_forms() {
        assert_eq!(parse_integer("1,200"), Some(1200));
        assert_eq!(parse_integer("１２００"), Some(1200));
        assert_eq!(parse_integer("1200.0"), Some(1200));
        assert_eq!(parse_integer("12a"), None);
        assert_eq!(parse_integer("1,20"), None);
        assert_eq!(parse_year("2021年"), Some(2021));
        assert_eq!(parse_year("21"), None);
        assert_eq!(parse_decimal("1,250"), Some("1250.0".into()));
        assert_eq!(parse_decimal("007.50"), Some("7.5".into()));
        assert_eq!(parse_decimal(".5"), Some("0.5".into()));
        assert_eq!(parse_decimal("-0"), Some("0.0".into()));
        assert_eq!(parse_decimal("1e5"), None);
        assert_eq!(decimal_value_key("410.0"), Some("410".into()));
        assert_eq!(decimal_value_key("410"), Some("410".into()));
        assert_eq!(decimal_value_key("0.50"), Some("0.5".into()));
        assert_eq!(decimal_value_key("-0.0"), Some("0".into()));
        assert_eq!(parse_decimal("."), None);
        assert_eq!(parse_decimal("abc"), None);
    }

    #[test]
    fn yes_and_no_in_both_languages() {
        assert_eq!(parse_bool("是"), Some(true));
        assert_eq!(parse_bool(" No "), Some(false));
        assert_eq!(parse_bool("maybe"), None);
    }
}
