//! The layers of ARCHITECTURE.md, checked on the source: each module of `src/` may use only the
//! layers below it. In particular the store, the graph core and matching never reach the server,
//! the CLI or a feature, and no module reaches back up through the crate's facade (`crate::Lang`).

use crate::common::repo;
use std::path::Path;

/// Each layer, with the layers its files may name through `crate::`.
const LAYERS: &[(&str, &[&str])] = &[
    ("base", &["base"]),
    ("store", &["base", "store"]),
    ("graph", &["base", "graph"]),
    ("matching", &["base", "graph", "matching"]),
    ("analytics", &["base", "graph", "matching", "analytics"]),
    ("projection", &["base", "store", "graph", "projection"]),
    ("scoring", &["base", "scoring"]),
    (
        "features",
        &[
            "base",
            "store",
            "graph",
            "matching",
            "analytics",
            "projection",
            "scoring",
            "features",
        ],
    ),
    (
        "serve",
        &[
            "base",
            "store",
            "graph",
            "matching",
            "analytics",
            "projection",
            "scoring",
            "features",
            "serve",
        ],
    ),
];

/// The first segment of every `crate::` path in `text`, comments left out; grouped imports
/// (`use crate::{a::X, b}`) give each of their items.
fn crate_paths(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find("};").unwrap_or(group.len());
            let mut depth = 0;
            let mut item = String::new();
            for c in group[..end].chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let head: String = item
                            .trim()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if !head.is_empty() {
                            found.push(head);
                        }
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            let head: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push(head);
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ reads") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        if top == "cli" || top == "main.rs" || top == "lib.rs" {
            continue; // the binary uses the library's public API; lib.rs only re-exports
        }
        let Some((_, allowed)) = LAYERS.iter().find(|(layer, _)| *layer == top) else {
            wrong.push(format!(
                "{}: not in a layer folder (base, store, graph, matching, analytics, projection, scoring, features, serve)",
                relative.display()
            ));
            continue;
        };
        checked += 1;
        let text = std::fs::read_to_string(file).unwrap();
        for head in crate_paths(&text) {
            if !allowed.contains(&head.as_str()) {
                wrong.push(format!("{}: uses crate::{head}", relative.display()));
            }
        }
    }
    assert!(checked > 50, "only {checked} files checked");
    assert!(
        wrong.is_empty(),
        "imports that run against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_layer_check_sees_grouped_imports_and_ignores_comments() {
    let text = "use crate::{base::Lang, serve::App};\n// crate::features in a comment\nlet x = crate::store::Store::open;\nuse crate::{Lang, graph::{A, B}};";
    assert_eq!(
        crate_paths(text),
        ["base", "serve", "store", "Lang", "graph"]
    );
}
