//! The data that ships inside the binary: the ontology, the shapes and the Zhangjiagang dataset.

use crate::base::vocab;

/// One embedded Turtle file and the named graph it loads into.
#[derive(Debug, Clone, Copy)]
pub struct BundledFile {
    /// Path in the repository, for messages.
    pub path: &'static str,
    pub graph: &'static str,
    pub contents: &'static str,
}

macro_rules! bundled {
    ($graph:expr, $path:literal) => {
        BundledFile {
            path: $path,
            graph: $graph,
            contents: include_str!(concat!("../../", $path)),
        }
    };
}

/// Every embedded file, in load order.
pub const FILES: &[BundledFile] = &[
    bundled!(vocab::GRAPH_ONTOLOGY, "data/ontology.ttl"),
    bundled!(vocab::GRAPH_SHAPES, "data/shapes.ttl"),
    bundled!(vocab::GRAPH_BUNDLED, "data/zjg/places.ttl"),
    bundled!(vocab::GRAPH_BUNDLED, "data/zjg/chains.ttl"),
    bundled!(vocab::GRAPH_BUNDLED, "data/zjg/capabilities.ttl"),
    bundled!(vocab::GRAPH_BUNDLED, "data/zjg/directions.ttl"),
    bundled!(vocab::GRAPH_BUNDLED, "data/zjg/resources.ttl"),
    bundled!(vocab::GRAPH_BUNDLED, "data/zjg/firms.ttl"),
    bundled!(vocab::GRAPH_BUNDLED, "data/zjg/collaborations.ttl"),
    bundled!(vocab::GRAPH_BUNDLED, "data/zjg/talents.ttl"),
    bundled!(vocab::GRAPH_BUNDLED, "data/zjg/funds.ttl"),
    bundled!(vocab::GRAPH_BUNDLED, "data/zjg/international.ttl"),
];
