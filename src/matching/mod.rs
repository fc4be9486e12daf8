//! Partner matching and consortium formation on the [`KnowledgeGraph`](crate::graph::KnowledgeGraph):
//! in-memory in, serializable results out, no IO.
//!
//! One file per algorithm:
//! - [`dijkstra`]: multi-source Dijkstra on the CSR with reusable buffers;
//! - [`leader_distance`]: Kargar & An's leader-distance consortium, exact;
//! - [`rarest_first`]: Lappas, Liu & Terzi's leaderless RarestFirst;
//! - [`gates`]: who may lead;
//! - [`composition`]: the policy's composition rules (产学研, 上下游, minimum size);
//! - [`size_cap`]: the greedy set cover used when `--size` binds;
//! - [`diversity`]: what makes two alternatives different enough;
//! - [`gaps`]: uncovered capabilities and external candidates;
//! - [`pagerank`]: personalized PageRank by power iteration;
//! - [`consortium`], [`partners`], [`match_all`](mod@match_all): the three commands;
//! - `team`, [`signals`], [`report`], [`error`]: shared pieces.

pub mod composition;
pub mod consortium;
pub mod dijkstra;
pub mod diversity;
pub mod error;
pub mod gaps;
pub mod gates;
pub mod leader_distance;
pub mod match_all;
pub mod pagerank;
pub mod partners;
pub mod rarest_first;
pub mod report;
pub mod signals;
pub mod size_cap;
pub(crate) mod team;

#[cfg(test)]
pub(crate) mod testing;

pub use composition::{CompositionRules, RuleOutcome};
pub use consortium::{
    ConsortiumOptions, ConsortiumWeights, MatchWorkspace, form_consortium, form_consortium_with,
};
pub use dijkstra::ShortestPaths;
pub use error::MatchError;
pub use gaps::GapWeights;
pub use gates::LeaderGates;
pub use match_all::{CAPPED_KINDS, DEFAULT_CAPACITY, MatchAllOptions, match_all};
pub use pagerank::{PageRank, PageRankOptions, personalized_pagerank};
pub use partners::{PartnerOptions, PartnerWeights, find_partners};
pub use report::{
    Algorithm, Consortium, ConsortiumReport, DirectionAssignment, DirectionRef, EntityRef,
    ExternalCandidate, Gap, LabLoad, Leader, MatchAllReport, MatchAllSummary, Member, NodeRef,
    Partner, PartnerEvidence, PartnersReport, PathEvidence, ScoreParts, TieEvidence,
};
pub use signals::LocalityScores;
