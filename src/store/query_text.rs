//! Reading a query's text before the SPARQL parser does: the limits on size and nesting that keep a
//! hostile query from exhausting memory or the parser's stack (a recursive descent that would
//! abort the process, not fail), and the column order of `SELECT *` — the variables in the order in
//! which they first appear, as a reader expects and as Jena and rdflib answer, where oxigraph
//! projects `*` in its own (alphabetical) order.

/// The longest query or update text, in bytes. Longer lists of values belong in a data file
/// (`--data`) or, on the server, in a Graph Store upload.
pub const MAX_QUERY_BYTES: usize = 4 * 1024 * 1024;

/// The deepest nesting of `{ }`, `( )` and `[ ]` a query may have. Real queries stay far below
/// (the canned ones under 10); the parser's stack on a server thread holds a few hundred levels.
pub const MAX_QUERY_NESTING: usize = 64;

/// The most operators (`+ - * / | ^ ! = < > &`) a query may have: each adds a level to the parsed
/// expression or path, which the parser and evaluator walk recursively.
pub const MAX_QUERY_OPERATORS: usize = 1000;

/// The most `OPTIONAL`, `UNION` and `MINUS` clauses a query may have: oxigraph's planner takes
/// time cubic in their number before evaluation starts (0.75 s for 100, 10 s for 200), beyond the
/// reach of the query timeout.
pub const MAX_QUERY_CLAUSES: usize = 128;

/// Why a query's text is refused before parsing.
pub fn check_query_text(text: &str) -> Result<(), String> {
    if text.len() > MAX_QUERY_BYTES {
        return Err(format!(
            "the query is {:.1} MB, more than the limit of {} MB; put long lists of values in a data file (--data) and join them in the query",
            text.len() as f64 / 1e6,
            MAX_QUERY_BYTES / (1024 * 1024)
        ));
    }
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut clauses = 0usize;
    for token in tokens(text) {
        match token {
            Token::Operator(line) => {
                operators += 1;
                if operators > MAX_QUERY_OPERATORS {
                    return Err(format!(
                        "the query has more than {MAX_QUERY_OPERATORS} operators (the last at line {line}); split the expression or the path"
                    ));
                }
            }
            Token::Word(word)
                if ["optional", "union", "minus"]
                    .iter()
                    .any(|k| word.eq_ignore_ascii_case(k)) =>
            {
                clauses += 1;
                if clauses > MAX_QUERY_CLAUSES {
                    return Err(format!(
                        "the query has more than {MAX_QUERY_CLAUSES} OPTIONAL, UNION and MINUS clauses; split it into several queries"
                    ));
                }
            }
            Token::Open(line) => {
                depth += 1;
                if depth > MAX_QUERY_NESTING {
                    return Err(format!(
                        "the query nests brackets more than {MAX_QUERY_NESTING} deep (at line {line}); write the nested parts as separate patterns"
                    ));
                }
            }
            Token::Close => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

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

/// The SPARQL parser's "error at L:C: expected one of …" as one readable line: "at line L, column
/// C: expected …". The parser lists every token it could take, across several lines and with
/// Unicode character classes; the line keeps the first few tokens, says how many more there were,
/// and names the classes "a name". `None` when the message has no position.
pub fn describe_syntax_error(message: &str) -> Option<String> {
    let rest = message.strip_prefix("error at ")?;
    let (position, reason) = rest.split_once(": ")?;
    let (line, column) = position.split_once(':')?;
    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    let reason = match reason.strip_prefix("expected one of ") {
        Some(list) => {
            let mut tokens: Vec<&str> = Vec::new();
            let mut names = false;
            for token in list.split(", ") {
                if token.starts_with('[') && token.len() > 3 {
                    names = true;
                } else if !token.is_empty() {
                    tokens.push(token);
                }
            }
            if names {
                tokens.push("a name");
            }
            const SHOWN: usize = 12;
            let more = tokens.len().saturating_sub(SHOWN);
            let mut text = tokens[..tokens.len().min(SHOWN)].join(", ");
            if more > 0 {
                text.push_str(&format!(" or {more} more"));
            }
            format!("expected one of {text}")
        }
        None => reason,
    };
    Some(format!("at line {line}, column {column}: {reason}"))
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
    /// An opening bracket, with its line.
    Open(usize),
    Close,
    /// An operator character, with its line.
    Operator(usize),
}

/// The words, variables, brackets and `*` of a query, without comments, strings and IRIs.
fn tokens(query: &str) -> Vec<Token> {
    let chars: Vec<char> = query.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '{' | '(' | '[' => {
                out.push(Token::Open(line));
                i += 1;
            }
            '}' | ')' | ']' => {
                out.push(Token::Close);
                i += 1;
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '"' | '\'' => {
                let end = skip_string(&chars, i);
                line += chars[i..end].iter().filter(|&&c| c == '\n').count();
                i = end;
            }
            '<' => {
                // An IRI reference has no spaces and none of <>"{}|^`\ ; anything else is `<`.
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == '>' || d <= ' ' || "<\"{}|^`\\".contains(d));
                match end {
                    Some(offset) if chars[i + 1 + offset] == '>' => i += offset + 2,
                    _ => {
                        out.push(Token::Operator(line));
                        i += 1;
                    }
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
                out.push(Token::Operator(line));
                i += 1;
            }
            '+' | '-' | '/' | '|' | '^' | '!' | '=' | '>' | '&' => {
                out.push(Token::Operator(line));
                i += 1;
            }
            c if c.is_alphabetic() => {
                let start = i;
                // Prefixed names may hold `-` and `.` inside (`ex:chain-resources`).
                while i < chars.len()
                    && (is_name_char(chars[i])
                        || chars[i] == ':'
                        || ((chars[i] == '-' || chars[i] == '.')
                            && chars.get(i + 1).is_some_and(|&c| is_name_char(c))))
                {
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
    fn deep_nesting_and_huge_texts_are_refused_before_parsing() {
        let nested = format!(
            "SELECT * {{ {}?s ?p ?o{} }}",
            "{ ".repeat(100),
            " }".repeat(100)
        );
        let error = check_query_text(&nested).unwrap_err();
        assert!(error.contains("more than 64 deep (at line 1)"), "{error}");
        let parens = format!("SELECT ({}1{} AS ?x) {{}}", "(".repeat(65), ")".repeat(65));
        assert!(check_query_text(&parens).is_err());
        // Brackets inside strings, IRIs and comments do not count.
        let quoted = format!(
            "SELECT * {{ ?s ?p \"{}\" }} # {}",
            "{".repeat(100),
            "(".repeat(100)
        );
        assert_eq!(check_query_text(&quoted), Ok(()));
        let shallow = format!(
            "SELECT * {{ {}?s ?p ?o{} }}",
            "{ ".repeat(60),
            " }".repeat(60)
        );
        assert_eq!(check_query_text(&shallow), Ok(()));
        let huge = format!("SELECT * {{ ?s ?p ?o }} #{}", "x".repeat(MAX_QUERY_BYTES));
        assert!(
            check_query_text(&huge)
                .unwrap_err()
                .contains("more than the limit of 4 MB")
        );
    }

    #[test]
    fn syntax_errors_are_one_line_with_their_position() {
        let message = "error at 1:25: expected one of \"$\", \"'\", \"(\", FILTER, ['0'..='9'], ['A' ..= 'Z' | 'a' ..= 'z'\n| '\\u{00C0}'..='\\u{00D6}'], [_]";
        let line = describe_syntax_error(message).unwrap();
        assert!(!line.contains('\n'), "{line}");
        assert_eq!(
            line,
            "at line 1, column 25: expected one of \"$\", \"'\", \"(\", FILTER, [_], a name"
        );
        assert_eq!(
            describe_syntax_error("error at 2:3: unexpected end").as_deref(),
            Some("at line 2, column 3: unexpected end")
        );
        assert_eq!(describe_syntax_error("something else"), None);
    }

    #[test]
    fn long_operator_chains_and_many_optionals_are_refused_before_parsing() {
        let plus = format!(
            "SELECT * {{ ?s ?p ?o FILTER({}1 > 0) }}",
            "1 + ".repeat(1500)
        );
        let error = check_query_text(&plus).unwrap_err();
        assert!(error.contains("more than 1000 operators"), "{error}");
        let path = format!(
            "SELECT * {{ ?s {} ?o }}",
            vec!["rdfs:label"; 1200].join("/")
        );
        assert!(check_query_text(&path).is_err());
        let optionals: String = (0..200)
            .map(|i| format!("OPTIONAL {{ ?s ?p ?o{i} }} "))
            .collect();
        let error = check_query_text(&format!("SELECT * {{ ?s ?p ?o {optionals}}}")).unwrap_err();
        assert!(error.contains("more than 128 OPTIONAL"), "{error}");
        // Hyphens inside prefixed names are not operators.
        let names = format!(
            "SELECT * {{ ?s ?p ?o }} VALUES ?o {{ {} }}",
            "im:a-b-c ".repeat(2500)
        );
        assert_eq!(check_query_text(&names), Ok(()));
    }

    #[test]
    fn every_canned_query_is_within_the_limits() {
        for canned in crate::base::queries::LIBRARY {
            assert_eq!(check_query_text(canned.text), Ok(()), "{}", canned.name);
        }
    }

    #[test]
    fn reorder_puts_unknown_variables_last() {
        let mut variables = vec!["o", "p", "s", "q"];
        reorder(&mut variables, &["s".into(), "p".into(), "o".into()], |v| v);
        assert_eq!(variables, ["s", "p", "o", "q"]);
    }
}
