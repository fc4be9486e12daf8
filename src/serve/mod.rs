//! The HTTP server behind `innomap serve` (issue 5, in progress).
