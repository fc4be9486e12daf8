//! `innomap serve` tests (issue 5).
