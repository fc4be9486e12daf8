//! The knowledge-graph base: what every other layer shares and nothing below it — the vocabulary's
//! IRIs, the one list of kinds, the output language, the typed error, the bundled data files, name
//! resolution over an entity index, and the canned-query library. Nothing here reads a store or a
//! file; the store fills the entity index (`src/store/names.rs`).

pub mod bundled;
pub mod error;
pub mod kind;
pub mod lang;
pub mod names;
pub mod queries;
pub mod vocab;

pub use lang::Lang;
