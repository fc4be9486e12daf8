//! The terms rows are written in: the id form, minted ids (readable slugs, stable short hashes),
//! and the literal and IRI terms of statements.

use crate::features::import::iri::node;
use oxigraph::model::{Literal, Term};
use sha2::{Digest, Sha256};

/// The id form DESIGN.md sets: lowercase ASCII letters, digits and `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// The first 8 hex digits of the SHA-256 of `text`: stable across runs, machines and versions.
pub fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// A readable id from an English name: lowercase words joined by `-`, company suffixes dropped.
pub fn slug(text: &str) -> String {
    const DROPPED: &[&str] = &[
        "co",
        "ltd",
        "inc",
        "corp",
        "corporation",
        "company",
        "limited",
        "llc",
        "plc",
    ];
    let lower = text.to_ascii_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1 && words.last().is_some_and(|w| DROPPED.contains(w)) {
        words.pop();
    }
    let mut out = String::new();
    for word in words {
        if out.len() + word.len() + 1 > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

pub(super) fn lang_literal(text: &str, lang: &str) -> Term {
    Term::Literal(Literal::new_language_tagged_literal_unchecked(text, lang))
}

pub(super) fn typed_literal(text: &str, datatype: &str) -> Term {
    Term::Literal(Literal::new_typed_literal(text, node(datatype)))
}

pub(super) fn string_literal(text: &str) -> Term {
    Term::Literal(Literal::new_simple_literal(text))
}

pub(super) fn iri_term(iri: &str) -> Term {
    Term::NamedNode(node(iri))
}

/// Text in Latin letters only is English; anything else is Chinese.
pub(super) fn text_lang(text: &str) -> &'static str {
    if text.is_ascii() { "en" } else { "zh" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_drop_company_suffixes() {
        assert_eq!(
            slug("Jiangsu Foo Technology Co., Ltd."),
            "jiangsu-foo-technology"
        );
        assert_eq!(slug("Han's Laser"), "han-s-laser");
        assert_eq!(slug("测试"), "");
        assert!(slug(&"word ".repeat(30)).len() <= 40);
    }

    #[test]
    fn hashes_are_stable() {
        // SHA-256("abc") starts ba7816bf.
        assert_eq!(short_hash("abc"), "ba7816bf");
    }

    #[test]
    fn ids_follow_the_design_rules() {
        assert!(is_valid_id("huachang-chem"));
        assert!(is_valid_id("t01x"));
        assert!(!is_valid_id("Huachang"));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id(""));
    }
}
