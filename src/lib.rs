//! innomap — 产业科技创新资源图谱: a knowledge graph of a city's industry–technology innovation
//! resource map, and the tools its analysts use on it.
//!
//! This file holds no logic: it declares the layers and re-exports the public API flat. The layers,
//! from the bottom (ARCHITECTURE.md): `base` (vocabulary, kinds, names, bundled data, canned
//! queries), `store` (oxigraph), `graph` and `matching` (the IO-free core), `projection` (store →
//! graph), `scoring` (the IO-free grading core), `features` (what each command does), `serve`
//! (the HTTP server). The CLI is the binary.

/// mimalloc for every binary that links innomap (the CLI, the tests, the benches): SPARQL evaluation
/// in oxigraph allocates and frees a small tuple for every row of every join, and glibc's malloc
/// spent ~40 % of a province-scale canned query's time doing so (docs/BENCHMARKS.md, "Allocator").
/// With the crate's `override` feature malloc and free are mimalloc's as well, so that memory
/// RocksDB allocates and Rust frees (oxigraph's RocksDB error messages) meets one allocator: with two,
/// opening a store another process holds crashed (tests/cli/store.rs,
/// `a_store_in_use_by_another_process_is_refused_and_left_alone`). The default feature `mimalloc`;
/// without it, the system's allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod analytics;
pub mod base;
pub mod features;
pub mod graph;
pub mod matching;
pub mod projection;
pub mod scoring;
pub mod serve;
pub mod store;

pub use base::Lang;
pub use base::error::Error;
pub use base::kind::{Kind, KindFilter, UnknownKind};
pub use base::names::{Entity, EntityIndex, Resolve};
pub use features::brief::{BriefOptions, BriefPack, BriefSubject, build_brief, write_pack};
pub use features::export::{Format as ExportFormat, Subgraph};
pub use features::query_output::{OutputFormat, RenderOptions, write_answer};
pub use features::stats::{Stats, collect_stats, write_stats_table};
pub use features::validate::{ValidationReport, Violation, validate, write_validation_report};
pub use graph::{
    BuildError, Capability, CapabilityIndex, CapabilitySpec, Chain, ChainIndex, CollaborationKind,
    CollaborationSpec, Csr, Direction, DirectionIndex, DirectionSpec, GraphBuilder, KnowledgeGraph,
    Labels, Level, Locality, OrgIndex, Organisation, OrganisationSpec, Person, PersonIndex,
    PersonSpec, Segment, TalentCategory, Tier, WeightPolicy,
};
pub use matching::{
    Algorithm, CompositionRules, Consortium, ConsortiumOptions, ConsortiumReport,
    ConsortiumWeights, DirectionAssignment, ExternalCandidate, Gap, GapWeights, LabLoad,
    LeaderGates, MatchAllOptions, MatchAllReport, MatchError, MatchWorkspace, Partner,
    PartnerOptions, PartnerWeights, PartnersReport, ScoreParts, find_partners, form_consortium,
    form_consortium_with, match_all,
};
pub use oxigraph::io::{JsonLdProfileSet, RdfFormat};
pub use oxigraph::model::Triple;
pub use projection::{ProjectionInput, ProjectionSummary, project, project_fresh, read_projection};
pub use store::{
    DerivedReport, LoadReport, QueryAnswer, QueryOptions, Solutions, Store, StoreConfig,
};
