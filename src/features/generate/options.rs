//! What to generate (the scale and the seed) and what a generation wrote.

use crate::base::error::Error;
use std::fmt;
use std::str::FromStr;

/// How large a dataset to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About 5 000 organisations (~0.3 M triples): a county-level city.
    County,
    /// About 100 000 organisations (~8 M triples).
    Province,
    /// About 1 000 000 organisations (~80 M triples).
    National,
    /// Exactly this many organisations.
    Organisations(usize),
}

/// The fewest organisations a dataset may have (enough for every chain to get firms and resources).
pub const MIN_ORGANISATIONS: usize = 100;
/// The most organisations a dataset may have (indices are kept as `u32`).
pub const MAX_ORGANISATIONS: usize = 100_000_000;

impl Scale {
    /// The number of organisations this scale generates.
    pub fn organisations(self) -> usize {
        match self {
            Scale::County => 5_000,
            Scale::Province => 100_000,
            Scale::National => 1_000_000,
            Scale::Organisations(n) => n,
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scale::County => f.write_str("county"),
            Scale::Province => f.write_str("province"),
            Scale::National => f.write_str("national"),
            Scale::Organisations(n) => write!(f, "{n}"),
        }
    }
}

impl FromStr for Scale {
    type Err = Error;

    /// `county`, `province`, `national`, or a number of organisations (`20000`, `20_000`, `20k`, `1m`).
    fn from_str(text: &str) -> Result<Self, Error> {
        let trimmed = text.trim().to_ascii_lowercase();
        let invalid = || {
            Error::Usage(format!(
                "invalid scale '{text}': give county (~5 000 organisations), province (~100 000), \
                 national (~1 000 000) or a number of organisations from {MIN_ORGANISATIONS} to \
                 {MAX_ORGANISATIONS}, such as 20000 or 20k"
            ))
        };
        match trimmed.as_str() {
            "county" => return Ok(Scale::County),
            "province" => return Ok(Scale::Province),
            "national" => return Ok(Scale::National),
            _ => {}
        }
        let digits: String = trimmed.chars().filter(|c| *c != '_' && *c != ',').collect();
        let (number, multiplier) = match digits.strip_suffix('k') {
            Some(rest) => (rest, 1_000),
            None => match digits.strip_suffix('m') {
                Some(rest) => (rest, 1_000_000),
                None => (digits.as_str(), 1),
            },
        };
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let n = number
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_mul(multiplier))
            .ok_or_else(invalid)?;
        if !(MIN_ORGANISATIONS..=MAX_ORGANISATIONS).contains(&n) {
            return Err(invalid());
        }
        Ok(Scale::Organisations(n))
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    pub scale: Scale,
    /// The seed of every random draw: the same seed gives the same bytes.
    pub seed: u64,
}

/// What a generation wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenerateReport {
    pub organisations: usize,
    pub firms: usize,
    pub collaborations: usize,
    pub triples: u64,
    pub people: usize,
    pub patents: usize,
    /// Rows of the 8×10 list (`im:ChainSupport`).
    pub chain_supports: usize,
    /// Firms that take part in no collaboration.
    pub firms_without_collaborations: usize,
    /// The most collaborations one organisation takes part in.
    pub max_collaborations: u32,
    /// The median number of collaborations over organisations that take part in at least one.
    pub median_collaborations: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_parse_from_names_and_numbers() {
        assert_eq!("county".parse::<Scale>().unwrap(), Scale::County);
        assert_eq!(" Province ".parse::<Scale>().unwrap(), Scale::Province);
        assert_eq!("national".parse::<Scale>().unwrap(), Scale::National);
        assert_eq!(
            "20000".parse::<Scale>().unwrap(),
            Scale::Organisations(20_000)
        );
        assert_eq!(
            "20_000".parse::<Scale>().unwrap(),
            Scale::Organisations(20_000)
        );
        assert_eq!(
            "20k".parse::<Scale>().unwrap(),
            Scale::Organisations(20_000)
        );
        assert_eq!(
            "2M".parse::<Scale>().unwrap(),
            Scale::Organisations(2_000_000)
        );
        for bad in ["", "city", "-5", "12.5", "50", "k", "999999999999"] {
            let error = bad.parse::<Scale>().unwrap_err();
            assert!(matches!(error, Error::Usage(_)), "{bad}");
            assert!(error.to_string().starts_with("invalid scale"), "{error}");
        }
        assert_eq!(Scale::County.organisations(), 5_000);
        assert_eq!(Scale::National.to_string(), "national");
    }
}
