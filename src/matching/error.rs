//! The typed errors of matching: unknown ids, a forced leader that fails the gates, a size cap that
//! no team fits.

/// Why a matching request could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatchError {
    #[error("unknown {what} '{id}'")]
    Unknown { what: &'static str, id: String },
    #[error(
        "'{leader}' cannot lead a consortium for {direction}: {}; override the leader gates to force it",
        .reasons.join("; ")
    )]
    LeaderIneligible {
        leader: String,
        direction: String,
        reasons: Vec<String>,
    },
    #[error(
        "no consortium for {direction} fits within {size} members besides the leader: the smallest team found needs {needed}; raise the size"
    )]
    ImpossibleSize {
        direction: String,
        size: usize,
        needed: usize,
    },
}
