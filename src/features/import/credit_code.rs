//! The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
//! set (digits and capitals other than I, O, S, V, Z), the last one a check character over the first 17.
//!
//! Check character: with the characters' values `v_i` (their position in the set) and the weights
//! `3^(i-1) mod 31`, the check value is `31 - (Σ v_i·w_i mod 31)`, and 31 becomes 0.

use unicode_normalization::UnicodeNormalization;

/// The 31 characters a code may use, in value order.
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The weight of each of the first 17 positions (3^(i-1) mod 31).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a code is not a valid unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditCodeError {
    /// Not 18 characters long.
    Length(usize),
    /// A character outside the set, at this 1-based position.
    Character(char, usize),
    /// The check character is not the one the first 17 give.
    CheckCharacter { expected: char, found: char },
}

impl std::fmt::Display for CreditCodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CreditCodeError::Length(n) => write!(f, "has {n} characters, not 18"),
            CreditCodeError::Character(c, at) => write!(
                f,
                "has '{c}' at position {at}: only digits and capitals other than I, O, S, V, Z are used"
            ),
            CreditCodeError::CheckCharacter { expected, found } => write!(
                f,
                "has a bad check character: the first 17 characters give '{expected}', the code ends in '{found}'"
            ),
        }
    }
}

/// The code as it is stored: NFKC (full-width characters become ASCII), spaces removed, upper case.
pub fn normalise_credit_code(text: &str) -> String {
    text.nfkc()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase()
}

fn value_of(c: char) -> Option<u32> {
    CHARSET.find(c).map(|i| i as u32)
}

/// The check character for the first 17 characters of a code, or `None` when one is outside the set.
pub fn check_character(first17: &str) -> Option<char> {
    let mut sum = 0;
    let mut count = 0;
    for (c, weight) in first17.chars().zip(WEIGHTS) {
        sum += value_of(c)? * weight;
        count += 1;
    }
    if count != 17 || first17.chars().count() != 17 {
        return None;
    }
    let check = (31 - sum % 31) % 31;
    CHARSET.chars().nth(check as usize)
}

/// Checks a normalised code: length, character set and check character.
pub fn check_credit_code(code: &str) -> Result<(), CreditCodeError> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Err(CreditCodeError::Length(chars.len()));
    }
    if let Some((at, c)) = chars
        .iter()
        .enumerate()
        .find(|(_, c)| value_of(**c).is_none())
    {
        return Err(CreditCodeError::Character(*c, at + 1));
    }
    let first17: String = chars[..17].iter().collect();
    let expected = check_character(&first17).unwrap_or('0');
    if expected != chars[17] {
        return Err(CreditCodeError::CheckCharacter {
            expected,
            found: chars[17],
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes_pass() {
        // Codes printed on public business licences.
        for code in ["91350100M000100Y43", "911100001000079554"] {
            assert_eq!(check_credit_code(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn a_changed_character_breaks_the_check() {
        assert_eq!(
            check_credit_code("91350100M000100Y44"),
            Err(CreditCodeError::CheckCharacter {
                expected: '3',
                found: '4'
            })
        );
        assert_eq!(
            check_credit_code("91350100M000100Y4"),
            Err(CreditCodeError::Length(17))
        );
        assert_eq!(
            check_credit_code("91350100M0001O0Y43"),
            Err(CreditCodeError::Character('O', 14))
        );
    }

    #[test]
    fn full_width_and_lower_case_input_is_normalised() {
        assert_eq!(
            normalise_credit_code(" ９１３５０１００ｍ０００１００ｙ４３ "),
            "91350100M000100Y43"
        );
    }

    #[test]
    fn check_value_31_becomes_zero() {
        // Search a code whose weighted sum is a multiple of 31: its check character is '0'.
        let base = "91320582MA1X0009";
        let first17 = format!("{base}0");
        assert_eq!(check_character(&first17), Some('0'));
    }
}
