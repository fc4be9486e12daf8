//! Small scoring signals shared by consortia, gaps and partners: an organisation's standing
//! (level or tier) and its locality, each on a 0–1 scale.

use crate::base::kind::Kind;
use crate::graph::{Locality, Organisation};

/// An organisation's standing on a 0–1 scale.
///
/// Resources: level rank / 3 (municipal ⅓, provincial ⅔, national 1). Firms: 1 for a leading firm,
/// else tier rank / 4 (tech SME ¼ … unicorn 1). Unknown: 0.
pub fn standing(org: &Organisation) -> f64 {
    if org.kind == Kind::Firm {
        if org.leading_firm {
            1.0
        } else {
            org.tier.map_or(0.0, |t| f64::from(t.rank()) / 4.0)
        }
    } else {
        org.level.map_or(0.0, |l| f64::from(l.rank()) / 3.0)
    }
}

/// Locality preference on a 0–1 scale, the weights of [`LocalityScores`].
#[derive(Debug, Clone, PartialEq)]
pub struct LocalityScores {
    pub in_city: f64,
    pub on_city_list: f64,
    pub domestic: f64,
    pub international: f64,
}

impl Default for LocalityScores {
    /// In the city 1.0, on the 8×10 list 0.8 (already bound into the city's system), elsewhere in
    /// China 0.4, abroad 0.4 (the plan seeks international cooperation as much as domestic).
    fn default() -> Self {
        LocalityScores {
            in_city: 1.0,
            on_city_list: 0.8,
            domestic: 0.4,
            international: 0.4,
        }
    }
}

impl LocalityScores {
    /// The score of `locality`.
    pub fn score(&self, locality: Locality) -> f64 {
        match locality {
            Locality::InCity => self.in_city,
            Locality::OnCityList => self.on_city_list,
            Locality::Domestic => self.domestic,
            Locality::International => self.international,
        }
    }
}
