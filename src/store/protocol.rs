//! Store operations for the SPARQL protocol server: updates, datasets, graph store (issue 5, in progress).

use super::Store;

impl Store {}
