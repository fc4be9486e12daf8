//! The battery: every reader and every command fed malformed, truncated, oversized and hostile input.
//! Each case must end in bounded time with exit 2 and one located sentence on stderr — never a
//! panic, an abort or a hang — and leave an on-disk store exactly as it was; the server must go on
//! answering whatever its clients send.

use crate::common::{Run, TempDir, innomap_bounded};
use crate::serve::{Server, encode, http};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The longest any refused input may take (generous for a debug build on a loaded 2-core machine).
const LIMIT: Duration = Duration::from_secs(60);

fn run_bounded(args: &[&str], stdin: &[u8]) -> Run {
    innomap_bounded(args, stdin, LIMIT)
}

/// Asserts that a run refused its input properly: exit 2, one line naming the problem, no panic.
#[track_caller]
fn refused(args: &[&str], stdin: &[u8], must_name: &[&str]) -> String {
    let run = run_bounded(args, stdin);
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("stack overflow"),
        "innomap {args:?} crashed:\n{}",
        run.stderr
    );
    let run = run.expect_code(2);
    let line = run.one_line_error().to_owned();
    assert!(line.starts_with("innomap: "), "{line}");
    for part in must_name {
        assert!(
            line.contains(part),
            "innomap {args:?}: the error does not name {part:?}: {line}"
        );
    }
    line
}

const RDF_XML_HEAD: &str = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://example.org/\">\n";

/// Files cut off in transfer, one per syntax: (file name, text, the line the error must name).
fn truncated_files() -> Vec<(&'static str, String, usize)> {
    vec![
        (
            "cut.ttl",
            "@prefix ex: <http://example.org/> .\nex:a ex:p \"1\" .\nex:b ex:p \"2".into(),
            3,
        ),
        (
            "cut.nt",
            "<http://example.org/a> <http://example.org/p> \"1\" .\n<http://example.org/b> <http://example.org/p>".into(),
            2,
        ),
        (
            "cut.nq",
            "<http://example.org/a> <http://example.org/p> \"1\" <http://example.org/g> .\n<http://example.org/b> <http://example.org/p> \"2\" <http://example.org/g".into(),
            2,
        ),
        (
            "cut.trig",
            "@prefix ex: <http://example.org/> .\nex:g {\n  ex:a ex:p \"1\" .\n".into(),
            4,
        ),
        (
            "cut.rdf",
            format!("{RDF_XML_HEAD}<rdf:Description rdf:about=\"http://example.org/a\">\n<ex:p>2</ex:p>\n"),
            4,
        ),
        (
            "cut.jsonld",
            "{\n  \"@id\": \"http://example.org/a\",\n  \"http://example.org/p\": \"2\"\n".into(),
            4,
        ),
    ]
}

#[test]
fn truncated_files_are_refused_whole_with_file_and_line_in_every_syntax() {
    let dir = TempDir::new("battery-truncated");
    for (name, text, line) in truncated_files() {
        let path = dir.write(name, &text);
        let place = format!("{name}:{line}:");
        refused(&["--data", &path, "stats"], b"", &[&place]);
        refused(&["load", &path], b"", &[&place]);
    }
}

#[test]
fn malformed_files_are_refused_in_every_syntax() {
    let dir = TempDir::new("battery-malformed");
    let garbage = "\u{0}\u{1}\u{2}<<<{{{\"\"\" @@@ ]]] \u{fffd}\n";
    for name in [
        "bad.ttl",
        "bad.nt",
        "bad.nq",
        "bad.trig",
        "bad.rdf",
        "bad.jsonld",
    ] {
        let path = dir.write(name, garbage);
        refused(&["load", &path], b"", &[name]);
    }
    // Invalid UTF-8 in the middle of a Turtle file: named with its line.
    let path = dir.0.join("latin1.ttl");
    std::fs::write(
        &path,
        b"@prefix ex: <http://example.org/> .\nex:a ex:p \"caf\xe9\" .\n",
    )
    .unwrap();
    refused(&["load", path.to_str().unwrap()], b"", &["latin1.ttl:2:"]);
    // A large file cut in its last line: still the right line, and fast.
    let mut big = String::new();
    for i in 0..60_000 {
        big.push_str(&format!(
            "<http://example.org/s{i}> <http://example.org/p> \"value {i}\" .\n"
        ));
    }
    big.push_str("<http://example.org/last> <http://example.org/p> \"cut");
    let path = dir.write("big.nt", &big);
    refused(&["load", &path], b"", &["big.nt:60001:"]);
}

#[test]
fn a_device_as_a_data_file_is_refused_at_once() {
    refused(
        &["load", "--format", "turtle", "/dev/zero"],
        b"",
        &["/dev/zero", "device"],
    );
    refused(&["--data", "/dev/zero", "stats"], b"", &["/dev/zero"]);
    refused(
        &["import", "--dry-run", "--kind", "firm", "/dev/zero"],
        b"",
        &["/dev/zero"],
    );
    refused(&["query", "/dev/zero"], b"", &["/dev/zero"]);
}

#[test]
fn oversized_and_deeply_nested_queries_are_refused_without_a_crash() {
    // 50 MB of query text on standard input.
    let mut huge = String::from("SELECT ?x WHERE { VALUES ?x { ");
    while huge.len() < 50 * 1024 * 1024 {
        huge.push_str("\"a value of a long list\" ");
    }
    huge.push_str("} }");
    refused(
        &["query", "-"],
        huge.as_bytes(),
        &["standard input", "limit of 4 MB"],
    );
    // Nesting that used to overflow the parser's stack and abort the process.
    let nested = format!(
        "SELECT * WHERE {{ {}?s ?p ?o{} }}",
        "{ ".repeat(100_000),
        " }".repeat(100_000)
    );
    refused(&["query", "-"], nested.as_bytes(), &["nests brackets"]);
    let parens = format!(
        "SELECT ({}1{} AS ?x) {{}}",
        "(".repeat(50_000),
        ")".repeat(50_000)
    );
    let chain = format!(
        "SELECT * WHERE {{ ?s ?p ?o FILTER({}1 > 0) }}",
        "1 + ".repeat(200_000)
    );
    refused(&["query", "-"], chain.as_bytes(), &["operators"]);
    refused(
        &["query", "-e", &parens],
        b"",
        &["query (-e)", "nests brackets"],
    );
}

#[test]
fn malformed_queries_parameters_and_options_are_refused_with_their_place() {
    refused(
        &["query", "-e", "SELECT ?x WHERE { ?x ?p "],
        b"",
        &["query (-e)", "line 1, column"],
    );
    refused(
        &["query", "-"],
        b"\xff\xfe not UTF-8",
        &["standard input", "UTF-8"],
    );
    refused(
        &["query", "-"],
        &vec![b'#'; 5 * 1024 * 1024],
        &["standard input", "4 MB"],
    );
    refused(
        &["query", "no-such-canned-query"],
        b"",
        &["no-such-canned-query"],
    );
    // A parameter that tries to break out of its term.
    refused(
        &[
            "query",
            "firm-collaborators",
            "--param",
            "firm=x> } ; DROP ALL ; <y",
        ],
        b"",
        &["x> } ; DROP ALL ; <y"],
    );
    refused(
        &["query", "hte-candidates", "--param", "as_of=twenty"],
        b"",
        &["as_of"],
    );
    refused(
        &["query", "hte-candidates", "--param", "no_such_param=1"],
        b"",
        &["no_such_param"],
    );
    refused(
        &["match", "partners", "--firm", "<script>alert(1)</script>"],
        b"",
        &["<script>alert(1)</script>"],
    );
    refused(
        &["match", "consortium", "--direction", "T99"],
        b"",
        &["T99"],
    );
    refused(&["export", "--format", "bogus"], b"", &["bogus"]);
    refused(&["stats", "--lang", "fr"], b"", &["fr"]);
    refused(&["generate", "--scale", "0", "-o", "-"], b"", &["0"]);
}

#[test]
fn malformed_and_truncated_sheets_are_refused_by_import() {
    let dir = TempDir::new("battery-sheets");
    let binary = dir.0.join("firms.csv");
    std::fs::write(
        &binary,
        [0u8, 159, 146, 150, 0, 255, 10, 13, 0, 1].repeat(1000),
    )
    .unwrap();
    refused(
        &[
            "import",
            "--dry-run",
            "--kind",
            "firm",
            binary.to_str().unwrap(),
        ],
        b"",
        &["firms.csv"],
    );
    // An XLSX workbook cut off in transfer: half a ZIP archive.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "企业名称").unwrap();
    sheet.write_string(1, 0, "示例企业").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let cut = dir.0.join("firms.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    refused(
        &[
            "import",
            "--dry-run",
            "--kind",
            "firm",
            cut.to_str().unwrap(),
        ],
        b"",
        &["firms.xlsx"],
    );
    // A sheet with problems: every line names the file and row, and the last says nothing was
    // imported.
    let bad = dir.write(
        "bad.csv",
        "\u{feff}统一社会信用代码\n=HYPERLINK(\"http://x\")\n",
    );
    refused_sheet(&["import", "--dry-run", "--kind", "firm", &bad], "bad.csv");
}

/// An import that found problems in a sheet: exit 2, each problem on its own line naming the file
/// (and row), the last line saying that nothing was imported.
#[track_caller]
fn refused_sheet(args: &[&str], file_name: &str) {
    let run = run_bounded(args, b"").expect_code(2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        !lines.is_empty() && !run.stderr.contains("panicked"),
        "{}",
        run.stderr
    );
    for line in &lines {
        assert!(
            line.starts_with("innomap: ") && line.contains(file_name),
            "{line}"
        );
    }
    assert!(
        lines.last().unwrap().contains("nothing was imported"),
        "{}",
        run.stderr
    );
}

#[test]
fn formula_cells_from_an_imported_sheet_are_neutralised_in_csv_for_excel() {
    let dir = TempDir::new("battery-formula");
    let sheet = dir.write(
        "firms.csv",
        "\u{feff}企业名称,统一社会信用代码,产业链,所在地\n\"=HYPERLINK(\"\"http://example.org\"\",\"\"点击\"\")\",,新能源,杨舍\n",
    );
    let rdf = dir.0.join("firms.ttl");
    let rdf = rdf.to_str().unwrap();
    crate::common::innomap(&["import", "--kind", "firm", "--output", rdf, &sheet]).ok();
    let query =
        "SELECT ?name WHERE { ?firm rdfs:label ?name FILTER(STRSTARTS(STR(?name), \"=\")) }";
    let for_excel =
        crate::common::innomap(&["--data", rdf, "query", "-e", query, "--format", "csv"]).ok();
    assert!(
        for_excel.stdout.contains("'=HYPERLINK("),
        "the formula reached Excel's CSV as a formula:\n{}",
        for_excel.stdout
    );
    let strict = crate::common::innomap(&[
        "--data", rdf, "query", "-e", query, "--format", "csv", "--no-bom",
    ])
    .ok();
    assert!(
        strict.stdout.contains("\"=HYPERLINK(") && !strict.stdout.contains("'="),
        "W3C CSV must carry the value as it is:\n{}",
        strict.stdout
    );
}

#[cfg(feature = "rocksdb")]
#[test]
fn refused_input_leaves_an_on_disk_store_exactly_as_it_was() {
    use innomap::{Store, StoreConfig};
    let dir = TempDir::new("battery-store");
    let store = dir.0.join("store");
    let store = store.to_str().unwrap().to_owned();
    crate::common::innomap(&["--store", &store, "stats"]).ok();
    let dump = || {
        Store::open(&StoreConfig {
            location: Some(store.clone().into()),
            ..StoreConfig::default()
        })
        .expect("the store opens")
        .dump_sorted_nquads()
        .expect("the store dumps")
    };
    let before = dump();
    for (name, text, line) in truncated_files() {
        let path = dir.write(name, &text);
        let place = format!("{name}:{line}:");
        refused(&["--store", &store, "load", &path], b"", &[&place]);
        refused(
            &["--store", &store, "load", "--bulk", &path],
            b"",
            &[&place],
        );
    }
    refused(
        &[
            "--store",
            &store,
            "load",
            "--bulk",
            "--format",
            "turtle",
            "/dev/zero",
        ],
        b"",
        &["/dev/zero"],
    );
    let sheet = dir.write("firms.csv", "\u{0}\u{1}garbage\n");
    refused_sheet(
        &["--store", &store, "import", "--kind", "firm", &sheet],
        "firms.csv",
    );
    assert!(before == dump(), "a refused input changed the store");
}

/// Sends `bytes` (the server may close before it has read them all) and reads what comes back:
/// the status (0 when the server closed without answering) and the text.
fn hostile_exchange(addr: std::net::SocketAddr, bytes: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let _ = stream.write_all(bytes);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn the_server_keeps_answering_through_idle_connections_and_hostile_requests() {
    let server = Server::start(&["--timeout", "20"]);
    let addr = server.addr;
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let expected = server.select(count);
    // 200 connections that connect and say nothing, held open while a client queries.
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(addr).expect("the server accepts"))
        .collect();
    let started = Instant::now();
    assert_eq!(server.select(count), expected);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "a query waited {:?} behind idle connections",
        started.elapsed()
    );
    // Hostile requests, each answered with a 4xx and one sentence, or closed.
    let mut huge_header = b"GET /sparql HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
    huge_header.extend(std::iter::repeat_n(b'a', 2 * 1024 * 1024));
    huge_header.extend_from_slice(b"\r\n\r\n");
    for bytes in [
        b"\x00\x01\x02\x03 garbage \xff\xfe\r\n\r\n".to_vec(),
        b"GET\r\n\r\n".to_vec(),
        b"BREW /coffee HTCPCP/1.0\r\n\r\n".to_vec(),
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n".to_vec(),
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 10\r\n\r\nSEL".to_vec(),
        huge_header,
    ] {
        let (status, text) = hostile_exchange(addr, &bytes);
        assert!(
            status == 0 || (400..500).contains(&status),
            "status {status} for {:?}: {text}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(60)]),
        );
    }
    // Queries that crash a parser or exhaust memory are refused with 400, not served or fatal.
    let nested = format!(
        "SELECT * WHERE {{ {}?s ?p ?o{} }}",
        "{ ".repeat(50_000),
        " }".repeat(50_000)
    );
    let reply = server.post("/sparql", "application/sparql-query", &nested, &[]);
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(reply.text().contains("nests brackets"), "{}", reply.text());
    // A long chain of operators, which overflowed a connection thread's stack and killed the server.
    let chain = format!(
        "SELECT * WHERE {{ ?s ?p ?o FILTER({}1 > 0) }}",
        "1 + ".repeat(5000)
    );
    let reply = server.post("/sparql", "application/sparql-query", &chain, &[]);
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(reply.text().contains("operators"), "{}", reply.text());
    // Hundreds of OPTIONALs, which the planner takes minutes over before any timeout applies.
    let optionals: String = (0..500)
        .map(|i| format!("OPTIONAL {{ ?s ?p ?o{i} }} "))
        .collect();
    let reply = server.post(
        "/sparql",
        "application/sparql-query",
        &format!("SELECT * WHERE {{ ?s ?p ?o {optionals}}}"),
        &[],
    );
    assert_eq!(reply.status, 400, "{}", reply.text());
    let reply = http(
        addr,
        "GET",
        &format!("/sparql?query={}", encode("SELECT * WHERE { ?s ?p ")),
        &[],
        b"",
    );
    assert_eq!(reply.status, 400, "{}", reply.text());
    drop(idle);
    // Still answering, with the same answer.
    assert_eq!(server.select(count), expected);
    let (code, _) = server.terminate();
    assert_eq!(code, 0);
}
