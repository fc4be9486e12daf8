//! The grading-and-scoring system over the store: scoring models read from their Turtle files
//! (`model_file.rs`), their indicators measured with the SPARQL of `queries/scoring/`
//! (`measures.rs`), and scored by the IO-free core (`crate::scoring`).

pub mod grades;
pub mod measures;
pub mod model_file;
pub mod report;
pub mod save;

pub use grades::{Grade, GradeBook, grade_book};
pub use measures::{MEASURES, Measured, measure, measure_years};
pub use model_file::{
    DEFAULT_MODELS, LoadedModel, MeasureRef, default_model, model_kind_for, read_model,
};
pub use report::{
    BandLine, ScoreLine, ScoreOptions, ScoreReport, bands_sheet, build_report, explanation_sheet,
    model_sheet, ranking_sheet, write_explanation_csv, write_explanation_table,
    write_explanation_xlsx, write_ranking_csv, write_ranking_table, write_ranking_xlsx,
};
pub use save::{save_scores, score_graph_iri, score_quads};

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod tests;
