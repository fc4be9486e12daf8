//! `innomap import` tests (issue 6).
