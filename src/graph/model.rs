//! The records of the knowledge graph — organisations, people, capabilities, directions, chains —
//! and the small enums and index types they are made of.

use crate::base::Lang;
use crate::base::kind::Kind;
use serde::{Deserialize, Serialize};

/// A Chinese and an English label; the CLI picks one with [`Labels::get`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Labels {
    pub zh: String,
    pub en: String,
}

impl Labels {
    /// Labels from a Chinese and an English string.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Labels {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The label in `lang`, falling back to the other language when that one is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Zh => (&self.zh, &self.en),
            Lang::En => (&self.en, &self.zh),
        };
        if first.is_empty() { second } else { first }
    }
}

/// The firm ladder (科小 → 高企 → 瞪羚 → 独角兽), ordered from the lowest rung.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    TechSme,
    HighTechEnterprise,
    Gazelle,
    Unicorn,
}

impl Tier {
    /// Every tier, lowest first.
    pub const ALL: [Tier; 4] = [
        Tier::TechSme,
        Tier::HighTechEnterprise,
        Tier::Gazelle,
        Tier::Unicorn,
    ];

    /// The name used in JSON and messages: `tech_sme`, `high_tech_enterprise`, `gazelle`, `unicorn`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::TechSme => "tech_sme",
            Tier::HighTechEnterprise => "high_tech_enterprise",
            Tier::Gazelle => "gazelle",
            Tier::Unicorn => "unicorn",
        }
    }

    /// The tier's name for people (科技型中小企业 …, or English).
    pub fn label(self, lang: crate::base::Lang) -> &'static str {
        use crate::base::Lang;
        match (self, lang) {
            (Tier::TechSme, Lang::Zh) => "科技型中小企业",
            (Tier::TechSme, Lang::En) => "tech SME",
            (Tier::HighTechEnterprise, Lang::Zh) => "高新技术企业",
            (Tier::HighTechEnterprise, Lang::En) => "high-tech enterprise",
            (Tier::Gazelle, Lang::Zh) => "瞪羚企业",
            (Tier::Gazelle, Lang::En) => "gazelle",
            (Tier::Unicorn, Lang::Zh) => "独角兽企业",
            (Tier::Unicorn, Lang::En) => "unicorn",
        }
    }

    /// `im:rank` of the tier concept: 1 (tech SME) to 4 (unicorn).
    pub fn rank(self) -> u8 {
        self as u8 + 1
    }

    /// The local name of the vocabulary concept (`im:TechSME`, …).
    pub fn concept_local_name(self) -> &'static str {
        match self {
            Tier::TechSme => "TechSME",
            Tier::HighTechEnterprise => "HighTechEnterprise",
            Tier::Gazelle => "Gazelle",
            Tier::Unicorn => "Unicorn",
        }
    }

    /// The tier whose concept has this local name.
    pub fn from_concept_local_name(name: &str) -> Option<Tier> {
        Tier::ALL
            .into_iter()
            .find(|t| t.concept_local_name() == name)
    }
}

/// Where a firm sits on its chain (产业链环节), from raw materials to applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    Upstream,
    Midstream,
    Downstream,
}

impl Segment {
    /// Every segment, from upstream.
    pub const ALL: [Segment; 3] = [Segment::Upstream, Segment::Midstream, Segment::Downstream];

    /// The name used in JSON, layouts and messages: `upstream`, `midstream`, `downstream`.
    pub fn as_str(self) -> &'static str {
        match self {
            Segment::Upstream => "upstream",
            Segment::Midstream => "midstream",
            Segment::Downstream => "downstream",
        }
    }

    /// The segment's name for people (上游 …, or English).
    pub fn label(self, lang: crate::base::Lang) -> &'static str {
        match (self, lang) {
            (Segment::Upstream, crate::base::Lang::Zh) => "上游",
            (Segment::Midstream, crate::base::Lang::Zh) => "中游",
            (Segment::Downstream, crate::base::Lang::Zh) => "下游",
            (s, crate::base::Lang::En) => s.as_str(),
        }
    }

    /// The local name of the vocabulary concept (`im:Upstream`, …).
    pub fn concept_local_name(self) -> &'static str {
        match self {
            Segment::Upstream => "Upstream",
            Segment::Midstream => "Midstream",
            Segment::Downstream => "Downstream",
        }
    }

    /// The segment whose concept has this local name.
    pub fn from_concept_local_name(name: &str) -> Option<Segment> {
        Segment::ALL
            .into_iter()
            .find(|s| s.concept_local_name() == name)
    }

    /// The segment named `name` in a layout or option (`upstream`, `上游`, `Upstream`, …).
    pub fn parse(name: &str) -> Option<Segment> {
        let name = name.trim();
        Segment::ALL.into_iter().find(|s| {
            s.as_str().eq_ignore_ascii_case(name)
                || s.label(crate::base::Lang::Zh) == name
                || s.concept_local_name() == name
        })
    }
}

/// The level of an innovation resource, ordered from the lowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Municipal,
    Provincial,
    National,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 3] = [Level::Municipal, Level::Provincial, Level::National];

    /// The name used in JSON and messages: `municipal`, `provincial`, `national`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Municipal => "municipal",
            Level::Provincial => "provincial",
            Level::National => "national",
        }
    }

    /// The level's name for people (国家级 …, or English).
    pub fn label(self, lang: crate::base::Lang) -> &'static str {
        use crate::base::Lang;
        match (self, lang) {
            (Level::National, Lang::Zh) => "国家级",
            (Level::Provincial, Lang::Zh) => "省级",
            (Level::Municipal, Lang::Zh) => "市级",
            (level, Lang::En) => level.as_str(),
        }
    }

    /// `im:rank` of the level concept: 1 (municipal) to 3 (national).
    pub fn rank(self) -> u8 {
        self as u8 + 1
    }

    /// The local name of the vocabulary concept (`im:National`, …).
    pub fn concept_local_name(self) -> &'static str {
        match self {
            Level::Municipal => "Municipal",
            Level::Provincial => "Provincial",
            Level::National => "National",
        }
    }

    /// The level whose concept has this local name.
    pub fn from_concept_local_name(name: &str) -> Option<Level> {
        Level::ALL
            .into_iter()
            .find(|l| l.concept_local_name() == name)
    }
}

/// Where an organisation stands relative to the city the graph was projected for
/// (docs/VOCABULARY.md: "local actor").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Locality {
    /// Located in the city.
    InCity,
    /// Outside the city but on the city's 8×10 list (the resource of a chain support row).
    OnCityList,
    /// Elsewhere in China.
    Domestic,
    /// In another country.
    International,
}

impl Locality {
    /// Whether this is a local actor: in the city or on its 8×10 list. Consortia are formed from
    /// local actors only; every other organisation is external.
    pub fn is_local(self) -> bool {
        matches!(self, Locality::InCity | Locality::OnCityList)
    }
}

/// The five talent categories of the work plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TalentCategory {
    StrategicScientist,
    InnovationLeader,
    EntrepreneurshipLeader,
    YoungTalent,
    OutstandingEngineer,
}

/// The kind of a past collaboration (`im:collaborationKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollaborationKind {
    JointProject,
    CoPatent,
    ContractedRd,
    SharedPlatform,
    Consortium,
}

impl CollaborationKind {
    /// Every kind, in vocabulary order.
    pub const ALL: [CollaborationKind; 5] = [
        CollaborationKind::JointProject,
        CollaborationKind::CoPatent,
        CollaborationKind::ContractedRd,
        CollaborationKind::SharedPlatform,
        CollaborationKind::Consortium,
    ];

    /// The name used in JSON: `joint_project`, `co_patent`, `contracted_rd`, `shared_platform`,
    /// `consortium`.
    pub fn as_str(self) -> &'static str {
        match self {
            CollaborationKind::JointProject => "joint_project",
            CollaborationKind::CoPatent => "co_patent",
            CollaborationKind::ContractedRd => "contracted_rd",
            CollaborationKind::SharedPlatform => "shared_platform",
            CollaborationKind::Consortium => "consortium",
        }
    }

    /// The local name of the vocabulary concept (`im:JointProject`, …).
    pub fn concept_local_name(self) -> &'static str {
        match self {
            CollaborationKind::JointProject => "JointProject",
            CollaborationKind::CoPatent => "CoPatent",
            CollaborationKind::ContractedRd => "ContractedRD",
            CollaborationKind::SharedPlatform => "SharedPlatform",
            CollaborationKind::Consortium => "ConsortiumWork",
        }
    }

    /// The kind whose concept has this local name.
    pub fn from_concept_local_name(name: &str) -> Option<CollaborationKind> {
        CollaborationKind::ALL
            .into_iter()
            .find(|k| k.concept_local_name() == name)
    }

    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        pub struct $name(pub u32);

        impl $name {
            /// The position in the graph's table of this entity type.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_type!(
    /// An organisation's position in [`KnowledgeGraph::organisations`](crate::graph::KnowledgeGraph::organisations);
    /// organisations are sorted by id, so index order is id order. It is also the organisation's
    /// node in the path graph.
    OrgIndex
);
index_type!(
    /// A person's position in [`KnowledgeGraph::people`](crate::graph::KnowledgeGraph::people), sorted by id.
    PersonIndex
);
index_type!(
    /// A capability's position in [`KnowledgeGraph::capabilities`](crate::graph::KnowledgeGraph::capabilities), sorted by id.
    CapabilityIndex
);
index_type!(
    /// A direction's position in [`KnowledgeGraph::directions`](crate::graph::KnowledgeGraph::directions), sorted by id.
    DirectionIndex
);
index_type!(
    /// A chain's position in [`KnowledgeGraph::chains`](crate::graph::KnowledgeGraph::chains), sorted by id.
    ChainIndex
);

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityIndex {
    Organisation(OrgIndex),
    Person(PersonIndex),
    Capability(CapabilityIndex),
    Direction(DirectionIndex),
    Chain(ChainIndex),
}

/// A firm or an innovation resource.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Organisation {
    pub id: String,
    pub labels: Labels,
    pub kind: Kind,
    /// Chains the organisation is in (`im:inChain`), sorted.
    pub chains: Vec<ChainIndex>,
    /// Chains whose 8×10 list names this organisation (`im:ChainSupport`), sorted. Data only: chain
    /// support is never an edge of the path graph.
    pub supported_chains: Vec<ChainIndex>,
    pub tier: Option<Tier>,
    /// Firms: where on the chain the firm sits (`im:chainSegment`), when known.
    pub segment: Option<Segment>,
    pub level: Option<Level>,
    pub leading_firm: bool,
    pub locality: Locality,
    /// ISO 3166-1 alpha-2 country code, when known.
    pub country: Option<String>,
    /// The id of the place the organisation is located in (`im:locatedIn`: a town, zone or city),
    /// when known.
    pub place: Option<String>,
    /// Capabilities held (`schema:knowsAbout`), sorted and without repeats.
    pub capabilities: Vec<CapabilityIndex>,
    /// The host organisation (`org:subOrganizationOf`).
    pub host: Option<OrgIndex>,
    /// People affiliated with the organisation, sorted.
    pub people: Vec<PersonIndex>,
}

impl Organisation {
    /// Whether the organisation holds `capability`.
    pub fn holds(&self, capability: CapabilityIndex) -> bool {
        self.capabilities.binary_search(&capability).is_ok()
    }

    /// Whether the organisation is in `chain` or backs it on the 8×10 list.
    pub fn serves_chain(&self, chain: ChainIndex) -> bool {
        self.chains.binary_search(&chain).is_ok()
            || self.supported_chains.binary_search(&chain).is_ok()
    }

    /// Whether this is a local actor of the city (see [`Locality::is_local`]).
    pub fn is_local(&self) -> bool {
        self.locality.is_local()
    }
}

/// A talent (person) and the organisations they are affiliated with.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub labels: Labels,
    pub talent_category: TalentCategory,
    /// Sorted, without repeats.
    pub affiliations: Vec<OrgIndex>,
    /// Sorted, without repeats.
    pub capabilities: Vec<CapabilityIndex>,
}

/// A technical capability (a concept of the capability scheme).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Capability {
    pub id: String,
    pub labels: Labels,
    pub broader: Option<CapabilityIndex>,
}

/// A key-technology direction (攻关方向) and the capabilities it requires.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Direction {
    pub id: String,
    /// `skos:notation`, e.g. `T07`.
    pub notation: String,
    pub labels: Labels,
    pub chain: ChainIndex,
    /// Sorted (so in id order), without repeats.
    pub required: Vec<CapabilityIndex>,
}

/// An industry chain.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Chain {
    pub id: String,
    pub labels: Labels,
}
