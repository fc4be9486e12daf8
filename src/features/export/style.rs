//! How kinds, roles and relations look, in every format that draws: one colour and shape per kind,
//! one stroke per relation, and the font stack that covers Chinese.

use super::{Relation, Role};
use crate::base::kind::Kind;

/// Font families tried in order; each covers CJK except the generic last one.
pub const FONT_STACK: &str = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Source Han Sans CN', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK JP', sans-serif";

/// The family named first in [`FONT_STACK`], for formats that take one name (Graphviz).
pub const FONT_FAMILY: &str = "Noto Sans CJK SC";

/// A node outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Rounded rectangle: organisations.
    RoundRect,
    /// Fully rounded ends: capabilities.
    Pill,
    /// Ellipse: people.
    Ellipse,
    /// Hexagon: directions.
    Hexagon,
    /// Rectangle with a thick border: chains.
    Rect,
    /// Diamond-cornered rectangle: places.
    Octagon,
}

/// Fill colour (hex) of a kind: firms warm, research organisations cool, concepts neutral.
pub fn fill(kind: Kind) -> &'static str {
    match kind {
        Kind::Firm => "#f6c28b",
        Kind::University => "#9cc3e6",
        Kind::NationalKeyLab => "#7fb0d9",
        Kind::ProvincialKeyLab => "#a9cbe8",
        Kind::ResearchInstitute => "#8fd3c7",
        Kind::NewRdInstitution => "#a6e0b8",
        Kind::EnterpriseRdInstitute => "#f3d9a4",
        Kind::Platform => "#c7b8e8",
        Kind::PilotBase => "#d9c3e6",
        Kind::Fund => "#e8b4c8",
        Kind::Person => "#f2e27d",
        Kind::Capability => "#e4e4e4",
        Kind::Direction => "#f08a7e",
        Kind::Chain => "#5d7fa3",
        Kind::Place => "#cfd8c0",
    }
}

/// Outline colour of a kind.
pub fn stroke(kind: Kind) -> &'static str {
    match kind {
        Kind::Firm | Kind::EnterpriseRdInstitute => "#b9763a",
        Kind::University | Kind::NationalKeyLab | Kind::ProvincialKeyLab => "#3f6f9c",
        Kind::ResearchInstitute | Kind::NewRdInstitution => "#3a8f6d",
        Kind::Platform | Kind::PilotBase => "#6b5aa6",
        Kind::Fund => "#a04d74",
        Kind::Person => "#a08d1f",
        Kind::Capability => "#8a8a8a",
        Kind::Direction => "#b03a2e",
        Kind::Chain => "#2c4660",
        Kind::Place => "#7d8b68",
    }
}

/// Text colour on a kind's fill.
pub fn text(kind: Kind) -> &'static str {
    match kind {
        Kind::Chain => "#ffffff",
        _ => "#1f1f1f",
    }
}

/// The outline shape of a kind.
pub fn shape(kind: Kind) -> Shape {
    match kind {
        Kind::Capability => Shape::Pill,
        Kind::Person => Shape::Ellipse,
        Kind::Direction => Shape::Hexagon,
        Kind::Chain => Shape::Rect,
        Kind::Place => Shape::Octagon,
        _ => Shape::RoundRect,
    }
}

/// Graphviz's name for a shape.
pub fn dot_shape(shape: Shape) -> &'static str {
    match shape {
        Shape::RoundRect | Shape::Rect => "box",
        Shape::Pill => "box",
        Shape::Ellipse => "ellipse",
        Shape::Hexagon => "hexagon",
        Shape::Octagon => "octagon",
    }
}

/// Cytoscape.js's name for a shape.
pub fn cytoscape_shape(shape: Shape) -> &'static str {
    match shape {
        Shape::RoundRect => "round-rectangle",
        Shape::Pill => "round-tag",
        Shape::Ellipse => "ellipse",
        Shape::Hexagon => "hexagon",
        Shape::Rect => "rectangle",
        Shape::Octagon => "octagon",
    }
}

/// yEd's name for a shape.
pub fn yed_shape(shape: Shape) -> &'static str {
    match shape {
        Shape::RoundRect | Shape::Pill => "roundrectangle",
        Shape::Ellipse => "ellipse",
        Shape::Hexagon => "hexagon",
        Shape::Rect => "rectangle",
        Shape::Octagon => "octagon",
    }
}

/// Gephi's (GEXF viz) name for a shape.
pub fn gexf_shape(shape: Shape) -> &'static str {
    match shape {
        Shape::Ellipse | Shape::Pill => "disc",
        Shape::Hexagon => "diamond",
        Shape::Rect | Shape::RoundRect | Shape::Octagon => "square",
    }
}

/// How a role marks its node: (outline colour, outline width, dashed).
pub fn role_outline(role: Option<Role>) -> Option<(&'static str, f64, bool)> {
    match role? {
        Role::Subject => Some(("#1f1f1f", 3.0, false)),
        Role::Leader => Some(("#c0392b", 3.5, false)),
        Role::Member => Some(("#1f6fb2", 2.5, false)),
        Role::Gap => Some(("#c0392b", 2.0, true)),
        Role::Candidate => Some(("#7f8c8d", 2.0, true)),
    }
}

/// How a relation is stroked: (colour, width, dash pattern or "").
pub fn edge_stroke(relation: Relation) -> (&'static str, f64, &'static str) {
    match relation {
        Relation::Collaboration => ("#d08b3c", 1.6, ""),
        Relation::HostedBy => ("#6b5aa6", 1.4, "6 3"),
        Relation::AffiliatedWith => ("#a08d1f", 1.2, "2 3"),
        Relation::Holds => ("#9a9a9a", 1.0, ""),
        Relation::Covers => ("#1f6fb2", 2.2, ""),
        Relation::Requires => ("#b03a2e", 1.4, ""),
        Relation::InChain => ("#5d7fa3", 1.0, "4 3"),
        Relation::Supports => ("#3a8f6d", 1.2, "8 3"),
        Relation::Broader => ("#bbbbbb", 1.0, "1 3"),
        Relation::Leads => ("#c0392b", 2.6, ""),
        Relation::MemberOf => ("#1f6fb2", 1.6, "5 3"),
    }
}

/// A `#rrggbb` colour as (r, g, b).
pub fn rgb(hex: &str) -> (u8, u8, u8) {
    let value = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    (
        ((value >> 16) & 0xff) as u8,
        ((value >> 8) & 0xff) as u8,
        (value & 0xff) as u8,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_distinct_fill_and_a_valid_colour() {
        let mut fills: Vec<&str> = Kind::ALL.map(fill).to_vec();
        fills.sort();
        fills.dedup();
        assert_eq!(fills.len(), Kind::ALL.len());
        assert_eq!(rgb("#5d7fa3"), (0x5d, 0x7f, 0xa3));
    }
}
