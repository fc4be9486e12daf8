//! What differs between organisation kinds: shares, classes, placement, levels, fitness and the
//! firm tiers.

use super::emit::im;
use crate::base::kind::Kind;

/// What differs between organisation kinds.
pub(super) struct KindSpec {
    pub(super) kind: Kind,
    /// Share of organisations, per mille.
    pub(super) share: u32,
    pub(super) standard: Option<&'static str>,
    pub(super) prefix: &'static str,
    pub(super) zh: &'static str,
    pub(super) en: &'static str,
    /// Per mille located outside the city (kinds hosted elsewhere follow their host).
    pub(super) external: u32,
    /// Per mille of the external ones located abroad.
    pub(super) foreign: u32,
    /// Levels drawn: national, provincial, municipal (per mille); all zero: no level.
    pub(super) levels: [u32; 3],
    /// Entries in the preferential-attachment urn before any collaboration.
    pub(super) fitness: u32,
    /// Per mille that take part in collaborations at all.
    pub(super) active: u32,
}

pub(super) const KIND_SPECS: [KindSpec; 10] = [
    KindSpec {
        kind: Kind::Firm,
        share: 800,
        standard: Some("<https://schema.org/Corporation>"),
        prefix: "syn-f",
        zh: "合成企业",
        en: "Synthetic Firm ",
        external: 50,
        foreign: 300,
        levels: [0, 0, 0],
        fitness: 1,
        active: 780,
    },
    KindSpec {
        kind: Kind::University,
        share: 20,
        standard: Some("<https://schema.org/CollegeOrUniversity>"),
        prefix: "syn-u",
        zh: "合成大学",
        en: "Synthetic University ",
        external: 450,
        foreign: 150,
        levels: [300, 600, 100],
        fitness: 10,
        active: 1000,
    },
    KindSpec {
        kind: Kind::NationalKeyLab,
        share: 5,
        standard: Some("<https://schema.org/ResearchOrganization>"),
        prefix: "syn-nkl",
        zh: "合成全国重点实验室",
        en: "Synthetic National Key Lab ",
        external: 0,
        foreign: 0,
        levels: [1000, 0, 0],
        fitness: 8,
        active: 1000,
    },
    KindSpec {
        kind: Kind::ProvincialKeyLab,
        share: 15,
        standard: Some("<https://schema.org/ResearchOrganization>"),
        prefix: "syn-pkl",
        zh: "合成省重点实验室",
        en: "Synthetic Provincial Key Lab ",
        external: 0,
        foreign: 0,
        levels: [0, 1000, 0],
        fitness: 5,
        active: 950,
    },
    KindSpec {
        kind: Kind::ResearchInstitute,
        share: 20,
        standard: Some("<https://schema.org/ResearchOrganization>"),
        prefix: "syn-ri",
        zh: "合成研究院所",
        en: "Synthetic Research Institute ",
        external: 300,
        foreign: 200,
        levels: [300, 500, 200],
        fitness: 5,
        active: 950,
    },
    KindSpec {
        kind: Kind::NewRdInstitution,
        share: 20,
        standard: Some("<https://schema.org/ResearchOrganization>"),
        prefix: "syn-nrd",
        zh: "合成新型研发机构",
        en: "Synthetic New R&D Institution ",
        external: 100,
        foreign: 100,
        levels: [0, 500, 500],
        fitness: 4,
        active: 900,
    },
    KindSpec {
        kind: Kind::EnterpriseRdInstitute,
        share: 50,
        standard: Some("<https://schema.org/ResearchOrganization>"),
        prefix: "syn-erd",
        zh: "合成企业研发机构",
        en: "Synthetic Enterprise R&D Institute ",
        external: 0,
        foreign: 0,
        levels: [0, 300, 700],
        fitness: 1,
        active: 500,
    },
    KindSpec {
        kind: Kind::Platform,
        share: 30,
        standard: None,
        prefix: "syn-pf",
        zh: "合成创新平台",
        en: "Synthetic Platform ",
        external: 40,
        foreign: 0,
        levels: [100, 400, 500],
        fitness: 4,
        active: 900,
    },
    KindSpec {
        kind: Kind::PilotBase,
        share: 20,
        standard: None,
        prefix: "syn-pb",
        zh: "合成中试基地",
        en: "Synthetic Pilot Base ",
        external: 30,
        foreign: 0,
        levels: [0, 400, 600],
        fitness: 3,
        active: 850,
    },
    KindSpec {
        kind: Kind::Fund,
        share: 20,
        standard: Some("<https://schema.org/FundingAgency>"),
        prefix: "syn-fd",
        zh: "合成基金",
        en: "Synthetic Fund ",
        external: 0,
        foreign: 0,
        levels: [0, 300, 700],
        fitness: 0,
        active: 0,
    },
];

pub(super) const LEVELS: [&str; 3] = [im!("National"), im!("Provincial"), im!("Municipal")];
pub(super) const TIERS: [&str; 5] = [
    "",
    im!("TechSME"),
    im!("HighTechEnterprise"),
    im!("Gazelle"),
    im!("Unicorn"),
];
pub(super) const TIER_NONE: u8 = 0;
pub(super) const TIER_TECH_SME: u8 = 1;
pub(super) const TIER_HIGH_TECH: u8 = 2;

/// The position of an organisation kind in [`KIND_SPECS`].
pub(super) fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Firm => 0,
        Kind::University => 1,
        Kind::NationalKeyLab => 2,
        Kind::ProvincialKeyLab => 3,
        Kind::ResearchInstitute => 4,
        Kind::NewRdInstitution => 5,
        Kind::EnterpriseRdInstitute => 6,
        Kind::Platform => 7,
        Kind::PilotBase => 8,
        _ => 9,
    }
}

pub(super) fn spec(kind: Kind) -> &'static KindSpec {
    &KIND_SPECS[kind_index(kind)]
}
