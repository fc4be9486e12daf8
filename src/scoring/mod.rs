//! The grading-and-scoring system (格次赋分), as an IO-free core: a [`ScoringModel`] of weighted
//! indicators and grade bands, applied to a population's raw values ([`score_population`]): scores
//! of 0–100 whose parts add up, grades, the indicators that contribute most, those missing, and
//! the single changes that would lift an entity to the next grade ([`advice`]).
//!
//! One file per concept: `model.rs` (the model and its checks), `normalise.rs` (scales and their
//! inverse), `score.rs` (scores, parts, lifts, advice). Reading a model file and measuring the
//! indicators with SPARQL belong to the feature that uses this core.

pub mod model;
pub mod normalise;
pub mod score;

pub use model::{
    Band, Better, Category, Indicator, Missing, ModelError, Normalisation, ScoringModel,
};
pub use normalise::Scale;
pub use score::{EntityScore, Lift, Observation, Part, advice, score_population};

#[cfg(test)]
mod tests;
