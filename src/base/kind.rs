//! The one list of entity kinds and the group words that filter them (DESIGN.md, "Kinds").
//!
//! Every CLI option, JSON field and export attribute names kinds with [`Kind::as_str`]; the vocabulary
//! states the same names on its classes (`im:kindName`), and [`Kind::class_iri`] links the two.

use crate::base::vocab;
use std::fmt;
use std::str::FromStr;

/// The kind of an entity in the map.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Firm,
    University,
    NationalKeyLab,
    ProvincialKeyLab,
    ResearchInstitute,
    NewRdInstitution,
    EnterpriseRdInstitute,
    Platform,
    PilotBase,
    Fund,
    Person,
    Capability,
    Direction,
    Chain,
    Place,
}

impl Kind {
    /// Every kind, in the order of DESIGN.md.
    pub const ALL: [Kind; 15] = [
        Kind::Firm,
        Kind::University,
        Kind::NationalKeyLab,
        Kind::ProvincialKeyLab,
        Kind::ResearchInstitute,
        Kind::NewRdInstitution,
        Kind::EnterpriseRdInstitute,
        Kind::Platform,
        Kind::PilotBase,
        Kind::Fund,
        Kind::Person,
        Kind::Capability,
        Kind::Direction,
        Kind::Chain,
        Kind::Place,
    ];

    /// The name used on the command line, in JSON and in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Firm => "firm",
            Kind::University => "university",
            Kind::NationalKeyLab => "national_key_lab",
            Kind::ProvincialKeyLab => "provincial_key_lab",
            Kind::ResearchInstitute => "research_institute",
            Kind::NewRdInstitution => "new_rd_institution",
            Kind::EnterpriseRdInstitute => "enterprise_rd_institute",
            Kind::Platform => "platform",
            Kind::PilotBase => "pilot_base",
            Kind::Fund => "fund",
            Kind::Person => "person",
            Kind::Capability => "capability",
            Kind::Direction => "direction",
            Kind::Chain => "chain",
            Kind::Place => "place",
        }
    }

    /// The local name of the vocabulary class whose instances have this kind.
    pub fn class_local_name(self) -> &'static str {
        match self {
            Kind::Firm => "Firm",
            Kind::University => "University",
            Kind::NationalKeyLab => "NationalKeyLab",
            Kind::ProvincialKeyLab => "ProvincialKeyLab",
            Kind::ResearchInstitute => "ResearchInstitute",
            Kind::NewRdInstitution => "NewRDInstitution",
            Kind::EnterpriseRdInstitute => "EnterpriseRDInstitute",
            Kind::Platform => "Platform",
            Kind::PilotBase => "PilotBase",
            Kind::Fund => "Fund",
            Kind::Person => "Person",
            Kind::Capability => "Capability",
            Kind::Direction => "Direction",
            Kind::Chain => "Chain",
            Kind::Place => "Place",
        }
    }

    /// The full IRI of the vocabulary class of this kind.
    pub fn class_iri(self) -> String {
        format!("{}{}", vocab::DEF, self.class_local_name())
    }

    /// The kind whose class has this IRI, if any.
    pub fn from_class_iri(iri: &str) -> Option<Kind> {
        let local = iri.strip_prefix(vocab::DEF)?;
        Kind::ALL
            .into_iter()
            .find(|k| k.class_local_name() == local)
    }

    /// Chinese and English display names.
    pub fn label(self, lang: crate::base::Lang) -> &'static str {
        let (zh, en) = match self {
            Kind::Firm => ("企业", "firm"),
            Kind::University => ("高校", "university"),
            Kind::NationalKeyLab => ("全国重点实验室", "national key lab"),
            Kind::ProvincialKeyLab => ("省重点实验室", "provincial key lab"),
            Kind::ResearchInstitute => ("科研院所", "research institute"),
            Kind::NewRdInstitution => ("新型研发机构", "new R&D institution"),
            Kind::EnterpriseRdInstitute => ("企业研发机构", "enterprise R&D institute"),
            Kind::Platform => ("创新平台", "platform"),
            Kind::PilotBase => ("中试基地", "pilot base"),
            Kind::Fund => ("基金", "fund"),
            Kind::Person => ("人才", "person"),
            Kind::Capability => ("技术能力", "capability"),
            Kind::Direction => ("攻关方向", "direction"),
            Kind::Chain => ("产业链", "chain"),
            Kind::Place => ("地点", "place"),
        };
        match lang {
            crate::base::Lang::Zh => zh,
            crate::base::Lang::En => en,
        }
    }

    /// Whether this kind is an organisation (a firm or an innovation resource).
    pub fn is_organisation(self) -> bool {
        self == Kind::Firm || self.is_resource()
    }

    /// Group word `resource`: every non-firm organisation.
    pub fn is_resource(self) -> bool {
        matches!(
            self,
            Kind::University
                | Kind::NationalKeyLab
                | Kind::ProvincialKeyLab
                | Kind::ResearchInstitute
                | Kind::NewRdInstitution
                | Kind::EnterpriseRdInstitute
                | Kind::Platform
                | Kind::PilotBase
                | Kind::Fund
        )
    }

    /// Group word `lab`: both key-lab kinds.
    pub fn is_lab(self) -> bool {
        matches!(self, Kind::NationalKeyLab | Kind::ProvincialKeyLab)
    }

    /// Group word `institute`: research institutes and new R&D institutions.
    pub fn is_institute(self) -> bool {
        matches!(self, Kind::ResearchInstitute | Kind::NewRdInstitution)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A kind name that is neither a kind nor a group word.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown kind '{0}': use one of {list} or a group word (lab, institute, resource)",
    list = Kind::ALL.map(Kind::as_str).join(", ")
)]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

/// A filter over kinds, as options such as `--kind` and `--kinds` take it: a kind or a group word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KindFilter {
    Kind(Kind),
    /// Both key-lab kinds.
    Lab,
    /// Research institutes and new R&D institutions.
    Institute,
    /// Every non-firm organisation.
    Resource,
}

impl KindFilter {
    /// Whether `kind` passes this filter.
    pub fn matches(self, kind: Kind) -> bool {
        match self {
            KindFilter::Kind(k) => k == kind,
            KindFilter::Lab => kind.is_lab(),
            KindFilter::Institute => kind.is_institute(),
            KindFilter::Resource => kind.is_resource(),
        }
    }
}

impl FromStr for KindFilter {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "lab" => Ok(KindFilter::Lab),
            "institute" => Ok(KindFilter::Institute),
            "resource" => Ok(KindFilter::Resource),
            other => other.parse().map(KindFilter::Kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_parsing_and_class_iris() {
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
            assert_eq!(Kind::from_class_iri(&kind.class_iri()), Some(kind));
        }
    }

    #[test]
    fn group_words_select_their_members() {
        let lab: KindFilter = "lab".parse().unwrap();
        assert!(lab.matches(Kind::NationalKeyLab) && lab.matches(Kind::ProvincialKeyLab));
        assert!(!lab.matches(Kind::University));
        let resource: KindFilter = "resource".parse().unwrap();
        assert!(resource.matches(Kind::PilotBase) && !resource.matches(Kind::Firm));
        assert!("labs".parse::<KindFilter>().is_err());
    }
}
