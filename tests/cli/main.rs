//! The integration tests: they drive the built `innomap` binary on the bundled data and small fixtures.

mod battery;
mod common;
mod crosscheck;
mod errors;
mod export;
mod import;
mod loading;
mod matching;
mod queries;
mod serve;
mod stats;
mod store;
mod validate;
