//! innomap — 产业科技创新资源图谱: a knowledge graph of a city's industry–technology innovation
//! resource map, and the tools its analysts use on it.
//!
//! This file holds no logic: it declares the modules and re-exports the public API flat.

pub mod brief;
pub mod bundled;
pub mod error;
pub mod evaluation;
pub mod export;
pub mod generate;
pub mod graph;
pub mod import;
pub mod kind;
pub mod matching;
pub mod projection;
pub mod queries;
pub mod render;
pub mod render_match;
pub mod resolve;
pub mod serve;
pub mod stats;
pub mod store;
pub mod validate;
pub mod vocab;

pub use brief::{BriefOptions, BriefPack, BriefSubject, build_brief, write_pack};
pub use error::Error;
pub use export::{Format as ExportFormat, Subgraph};
pub use graph::{
    BuildError, Capability, CapabilityIndex, CapabilitySpec, Chain, ChainIndex, CollaborationKind,
    CollaborationSpec, Csr, Direction, DirectionIndex, DirectionSpec, GraphBuilder, KnowledgeGraph,
    Labels, Level, Locality, OrgIndex, Organisation, OrganisationSpec, Person, PersonIndex,
    PersonSpec, TalentCategory, Tier, WeightPolicy,
};
pub use kind::{Kind, KindFilter, UnknownKind};
pub use matching::{
    Algorithm, Consortium, ConsortiumOptions, ConsortiumReport, ConsortiumWeights,
    DirectionAssignment, ExternalCandidate, Gap, GapWeights, LabLoad, LeaderGates, MatchAllOptions,
    MatchAllReport, MatchError, MatchWorkspace, Partner, PartnerOptions, PartnerWeights,
    PartnersReport, ScoreParts, find_partners, form_consortium, form_consortium_with, match_all,
};
pub use oxigraph::io::{JsonLdProfileSet, RdfFormat};
pub use projection::{ProjectionInput, ProjectionSummary, project, read_projection};
pub use render::{OutputFormat, RenderOptions, write_answer};
pub use resolve::{Entity, EntityIndex};
pub use stats::{Stats, collect_stats, write_stats_table};
pub use store::{LoadReport, QueryAnswer, QueryOptions, Solutions, Store, StoreConfig};
pub use validate::{ValidationReport, Violation, validate, write_validation_report};

/// The language of labels in output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 tag of this language, as in `rdfs:label "…"@zh`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}
