//! The library's typed errors and the exit code each maps to (DESIGN.md, "Exit codes").

use std::fmt::Write as _;

/// Everything that can go wrong in innomap, each carrying the place at fault.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An RDF file that does not parse.
    #[error("{file}{place}: invalid {format}: {message}; fix the file and load it again (nothing was loaded)", place = place(*line, *column))]
    Parse {
        file: String,
        format: String,
        line: Option<u64>,
        column: Option<u64>,
        message: String,
    },
    /// A SPARQL query that does not parse.
    #[error("{origin}: SPARQL syntax error {message}")]
    QuerySyntax { origin: String, message: String },
    /// A query that failed while running.
    #[error("{origin}: query failed: {message}")]
    Query { origin: String, message: String },
    /// A query cancelled by its timeout.
    #[error("{origin}: query timed out after {seconds} s; narrow the query or raise --timeout")]
    Timeout { origin: String, seconds: f64 },
    /// A name that matches no entity.
    #[error("unknown {what} '{name}'{hint}", hint = suggestions_hint(suggestions))]
    UnknownEntity {
        what: String,
        name: String,
        suggestions: Vec<(String, String)>,
    },
    /// A name that matches several entities.
    #[error("ambiguous {what} '{name}': it names {candidates}; give an id instead", candidates = candidate_list(candidates))]
    AmbiguousEntity {
        what: String,
        name: String,
        candidates: Vec<(String, String)>,
    },
    /// A canned query name that is neither a file nor a known query.
    #[error("unknown query '{name}': it is neither a file nor a canned query{hint}; `innomap queries` lists them", hint = names_hint(suggestions))]
    UnknownQuery {
        name: String,
        suggestions: Vec<String>,
    },
    /// Other bad input: a file that cannot be read, a value of the wrong type.
    #[error("{message}")]
    Input { message: String },
    /// Bad usage: an invalid option or combination of options.
    #[error("{0}")]
    Usage(String),
    /// The data breaks its shapes (validate).
    #[error("{count} shape violation(s) found")]
    Violations { count: usize },
    /// The storage layer failed.
    #[error("store error: {message}")]
    Storage { message: String },

    /// The external SPARQL engine behind `--endpoint` could not be reached or refused a request.
    #[error("endpoint {endpoint}: {message}")]
    Remote { endpoint: String, message: String },
}

impl Error {
    /// The process exit code: 2 for bad usage or input, 1 for findings and runtime failures.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Parse { .. }
            | Error::QuerySyntax { .. }
            | Error::UnknownEntity { .. }
            | Error::AmbiguousEntity { .. }
            | Error::UnknownQuery { .. }
            | Error::Input { .. }
            | Error::Usage(_) => 2,
            Error::Query { .. }
            | Error::Timeout { .. }
            | Error::Violations { .. }
            | Error::Storage { .. }
            | Error::Remote { .. } => 1,
        }
    }

    pub(crate) fn storage(error: impl std::fmt::Display) -> Self {
        Error::Storage {
            message: error.to_string(),
        }
    }
}

fn place(line: Option<u64>, column: Option<u64>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(":{line}:{column}"),
        (Some(line), None) => format!(":{line}"),
        _ => String::new(),
    }
}

fn suggestions_hint(suggestions: &[(String, String)]) -> String {
    if suggestions.is_empty() {
        return "; check the spelling, or use an id or full IRI".to_owned();
    }
    format!("; did you mean {}?", candidate_list(suggestions))
}

fn candidate_list(candidates: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (id, label)) in candidates.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{id} ({label})");
    }
    out
}

fn names_hint(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", names.join(", "))
    }
}
