//! Running the binary and reading what it printed.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the whole output unless the run exited with `code`.
    #[track_caller]
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code {} (wanted {code})\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn ok(self) -> Self {
        self.expect_code(0)
    }

    /// The stderr of a failed run: one line, prefixed `innomap: `.
    #[track_caller]
    pub fn one_line_error(&self) -> &str {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "expected one line on stderr, got:\n{}",
            self.stderr
        );
        lines[0]
    }
}

/// Runs `innomap ARGS…` with `stdin` as standard input.
pub fn innomap_with_stdin(args: &[&str], stdin: &str) -> Run {
    innomap_bounded(args, stdin.as_bytes(), Duration::from_secs(1800))
}

/// Runs `innomap ARGS…` with `stdin` piped in, and kills it (failing the test) after `limit`.
pub fn innomap_bounded(args: &[&str], stdin: &[u8], limit: Duration) -> Run {
    innomap_in(args, stdin, limit, None)
}

/// Runs `innomap ARGS…` as if at a terminal `columns` wide (`COLUMNS` set).
pub fn innomap_columns(args: &[&str], columns: usize) -> Run {
    innomap_in(args, b"", Duration::from_secs(1800), Some(columns))
}

fn innomap_in(args: &[&str], stdin: &[u8], limit: Duration, columns: Option<usize>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_innomap"));
    // Tables follow COLUMNS: a test sets it, or runs without it (the full table, as for pipes).
    command.env_remove("COLUMNS");
    // Requests to a test's engine stay on loopback, whatever proxy the machine names.
    for proxy in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(proxy);
    }
    if let Some(columns) = columns {
        command.env("COLUMNS", columns.to_string());
    }
    let mut child = command
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the innomap binary starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    let bytes = stdin.to_vec();
    // A separate writer, so that a child that stops reading cannot block the test.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let out = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr.read_to_end(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait works") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("innomap {args:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = writer.join();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    }
}

/// Runs `innomap ARGS…` with an empty standard input.
pub fn innomap(args: &[&str]) -> Run {
    innomap_with_stdin(args, "")
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh temporary directory for one test, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("innomap-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir is created");
        TempDir(dir)
    }

    pub fn write(&self, name: &str, contents: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("fixture is written");
        path.display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Parses the W3C SPARQL JSON results of a run into rows of `variable → value` (IRIs and literal
/// values as strings).
pub fn json_rows(run: &Run) -> Vec<std::collections::BTreeMap<String, String>> {
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    json["results"]["bindings"]
        .as_array()
        .expect("results.bindings is an array")
        .iter()
        .map(|binding| {
            binding
                .as_object()
                .expect("a binding is an object")
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v["value"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .collect()
}

/// The id of an innomap IRI (its last segment).
pub fn id(iri: &str) -> &str {
    iri.rsplit('/').next().unwrap_or(iri)
}

/// Whether tests that need an outside tool must fail rather than skip when it is missing
/// (`CI=true` or `INNOMAP_REQUIRE_TOOLS=1`, as `scripts/test` sets).
pub fn tools_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
        || std::env::var("INNOMAP_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// Whether `program ARGS` runs; panics when tools are required and it does not.
pub fn tool_runs(program: &str, args: &[&str], what: &str) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !tools_required(),
            "{what} is required (run scripts/test, which installs it)"
        );
        eprintln!("skipped: {what} is not installed (scripts/test installs it)");
    }
    ok
}

/// Whether `python3` can import every module; panics when tools are required and it cannot.
pub fn python_has(modules: &[&str]) -> bool {
    tool_runs(
        "python3",
        &["-c", &format!("import {}", modules.join(", "))],
        &format!("python3 with {modules:?}"),
    )
}

/// Runs `tests/SCRIPT ARGS…` (a checker that prints `N passed, 0 failed`) from the repository and
/// returns what it printed; panics with its output unless every check passed.
pub fn run_checker(script: &str, args: &[&str]) -> String {
    let output = Command::new("python3")
        .arg(repo().join("tests").join(script))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success() && stdout.contains(" passed, 0 failed"),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}
