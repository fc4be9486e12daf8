//! The grading-and-scoring system over the store: scoring models read from their Turtle files
//! (`model_file.rs`), their indicators measured with the SPARQL of `queries/scoring/`
//! (`measures.rs`), and scored by the IO-free core (`crate::scoring`).

pub mod measures;
pub mod model_file;
pub mod report;

pub use measures::{MEASURES, Measured, measure, measure_years};
pub use model_file::{DEFAULT_MODELS, LoadedModel, MeasureRef, default_model, read_model};
pub use report::{
    ScoreLine, ScoreOptions, ScoreReport, build_report, write_explanation_csv,
    write_explanation_table, write_ranking_csv, write_ranking_table,
};

#[cfg(test)]
mod tests;
