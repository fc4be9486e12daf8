//! The column order of `SELECT *`: the variables in the order in which they first appear in the
//! query's text, as a reader expects and as Jena and rdflib answer. oxigraph projects `*` in its own
//! order (alphabetical), so every answer of a `SELECT *` query is reordered with this.

/// When `query` is a `SELECT *` query, its variable names in the order of their first appearance
/// after the `SELECT` keyword; `None` for any other query. Comments, strings and IRIs are skipped,
/// so that `?x` inside them does not count.
pub fn select_star_order(query: &str) -> Option<Vec<String>> {
    let tokens = tokens(query);
    let select = tokens
        .iter()
        .position(|t| matches!(t, Token::Word(w) if w.eq_ignore_ascii_case("select")))?;
    let mut rest = tokens[select + 1..].iter();
    let mut next = rest.next()?;
    if matches!(next, Token::Word(w) if w.eq_ignore_ascii_case("distinct") || w.eq_ignore_ascii_case("reduced"))
    {
        next = rest.next()?;
    }
    if !matches!(next, Token::Star) {
        return None;
    }
    let mut order: Vec<String> = Vec::new();
    for token in rest {
        if let Token::Variable(name) = token {
            if !order.iter().any(|seen| seen == name) {
                order.push(name.clone());
            }
        }
    }
    Some(order)
}

/// Sorts `variables` by their position in `order`; variables that `order` lacks keep their relative
/// order after the others.
pub fn reorder<T>(variables: &mut [T], order: &[String], name: impl Fn(&T) -> &str) {
    variables.sort_by_key(|v| {
        order
            .iter()
            .position(|o| o == name(v))
            .unwrap_or(usize::MAX)
    });
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Variable(String),
    Star,
}

/// The words, variables and `*` of a query, without comments, strings and IRIs.
fn tokens(query: &str) -> Vec<Token> {
    let chars: Vec<char> = query.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '"' | '\'' => i = skip_string(&chars, i),
            '<' => {
                // An IRI reference has no spaces and none of <>"{}|^`\ ; anything else is `<`.
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == '>' || d <= ' ' || "<\"{}|^`\\".contains(d));
                match end {
                    Some(offset) if chars[i + 1 + offset] == '>' => i += offset + 2,
                    _ => i += 1,
                }
            }
            '?' | '$' => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && is_name_char(chars[end]) {
                    end += 1;
                }
                if end > start {
                    out.push(Token::Variable(chars[start..end].iter().collect()));
                }
                i = end.max(i + 1);
            }
            '*' => {
                out.push(Token::Star);
                i += 1;
            }
            c if c.is_alphabetic() => {
                let start = i;
                while i < chars.len() && (is_name_char(chars[i]) || chars[i] == ':') {
                    i += 1;
                }
                out.push(Token::Word(chars[start..i].iter().collect()));
            }
            _ => i += 1,
        }
    }
    out
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\u{B7}'
}

/// The index just after the string that starts at `start` (short or long quotes, with escapes).
fn skip_string(chars: &[char], start: usize) -> usize {
    let quote = chars[start];
    let long = chars.get(start + 1) == Some(&quote) && chars.get(start + 2) == Some(&quote);
    let mut i = start + if long { 3 } else { 1 };
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            c if c == quote && !long => return i + 1,
            '\n' if !long => return i + 1,
            c if c == quote
                && chars.get(i + 1) == Some(&quote)
                && chars.get(i + 2) == Some(&quote) =>
            {
                return i + 3;
            }
            _ => i += 1,
        }
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(query: &str) -> Option<Vec<&'static str>> {
        select_star_order(query).map(|names| {
            names
                .into_iter()
                .map(|n| &*Box::leak(n.into_boxed_str()))
                .collect()
        })
    }

    #[test]
    fn select_star_keeps_the_order_of_appearance() {
        for (query, expected) in [
            ("SELECT * WHERE { ?s ?p ?o }", Some(vec!["s", "p", "o"])),
            (
                "PREFIX ex: <http://e/?a> select distinct * { ?z ex:p $y . BIND(1 AS ?a) }",
                Some(vec!["z", "y", "a"]),
            ),
            (
                "SELECT * { ?b <http://e/p?x=1#frag> ?a # ?c in a comment\n FILTER(?a < ?b && \"?d\" != ?e) }",
                Some(vec!["b", "a", "e"]),
            ),
            (
                "SELECT * { ?x ?p '''?long\n?still''' . ?y ?p 'it\\'s ?no' }",
                Some(vec!["x", "p", "y"]),
            ),
            ("SELECT ?o ?s WHERE { ?s ?p ?o }", None),
            ("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", None),
            ("ASK { ?s ?p ?o }", None),
            ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", None),
        ] {
            assert_eq!(order(query), expected, "{query}");
        }
    }

    #[test]
    fn reorder_puts_unknown_variables_last() {
        let mut variables = vec!["o", "p", "s", "q"];
        reorder(&mut variables, &["s".into(), "p".into(), "o".into()], |v| v);
        assert_eq!(variables, ["s", "p", "o", "q"]);
    }
}
