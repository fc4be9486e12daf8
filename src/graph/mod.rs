//! The typed, in-memory knowledge graph that matching and analytics run on: built from plain Rust
//! data by [`GraphBuilder`], immutable afterwards, free of IO, IRIs and store types.
//!
//! - [`model`]: entity records, enums (tier, level, locality…) and index types;
//! - [`weights`]: how collaborations, hosting and affiliation become strengths and distances;
//! - [`builder`]: [`GraphBuilder`] and its typed [`BuildError`];
//! - [`knowledge_graph`]: [`KnowledgeGraph`] with its id index, relations, petgraph structure;
//! - [`csr`]: the compact adjacency for hot loops.

pub mod builder;
pub mod csr;
pub mod knowledge_graph;
pub mod model;
pub mod weights;

pub use builder::{
    BuildError, CapabilitySpec, CollaborationSpec, DirectionSpec, GraphBuilder, OrganisationSpec,
    PersonSpec,
};
pub use csr::{Csr, CsrEdge};
pub use knowledge_graph::{KnowledgeGraph, NodeInfo, Relation, Tie};
pub use model::{
    Capability, CapabilityIndex, Chain, ChainIndex, CollaborationKind, Direction, DirectionIndex,
    EntityIndex, Labels, Level, Locality, OrgIndex, Organisation, Person, PersonIndex, Segment,
    TalentCategory, Tier,
};
pub use weights::WeightPolicy;
