//! `innomap serve` (issue 5): the real binary on a free loopback port, checked with a small HTTP
//! client over `std::net` — the SPARQL 1.1 Protocol (GET, both POST encodings, datasets, every
//! result format, status codes), the service description, CORS, SERVICE/LOAD refusal, canned
//! queries and matching as JSON, the timeout and result limit, read-only and token-guarded writes,
//! update atomicity, the Graph Store Protocol, concurrency, logging and SIGTERM — then real clients:
//! curl, Python's SPARQLWrapper and rdflib's SPARQLStore, and headless Chromium on the pages.
//!
//! Tests that need an outside tool skip with a note when it is missing — unless tools are required
//! (`CI=true` or `INNOMAP_REQUIRE_TOOLS=1`, as `scripts/test` sets), when they fail.

use crate::common::*;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BUNDLED_GRAPH: &str = "https://w3id.org/innomap/graph/bundled/zjg";
const FORM: &str = "application/x-www-form-urlencoded";

/// A running `innomap serve`, killed when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub(crate) fn start(args: &[&str]) -> Server {
        Server::start_with_env(args, &[])
    }

    pub(crate) fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_innomap"));
        command
            .arg("serve")
            .arg("--bind")
            .arg("127.0.0.1:0")
            .args(args)
            .current_dir(repo())
            .env_remove("INNOMAP_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("innomap serve starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (found, address) = mpsc::channel();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut found = Some(found);
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.strip_prefix("innomap: serving http://") {
                    if let Some(sender) = found.take() {
                        let addr = rest.split('/').next().unwrap_or_default().to_owned();
                        let _ = sender.send(addr);
                    }
                }
                lines.lock().unwrap().push(line);
            }
        });
        let Ok(addr) = address.recv_timeout(Duration::from_secs(60)) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the server did not say where it listens; its log:\n{}",
                log.lock().unwrap().join("\n")
            );
        };
        Server {
            child,
            addr: addr.parse().expect("the address parses"),
            log,
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(crate) fn get(&self, path: &str, accept: Option<&str>) -> Reply {
        let headers: Vec<(&str, &str)> = accept.map(|a| ("Accept", a)).into_iter().collect();
        http(self.addr, "GET", path, &headers, b"")
    }

    pub(crate) fn post(
        &self,
        path: &str,
        content_type: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut all = vec![("Content-Type", content_type)];
        all.extend_from_slice(headers);
        http(self.addr, "POST", path, &all, body.as_bytes())
    }

    /// A SELECT by GET, answered as SPARQL JSON.
    pub(crate) fn select(&self, query: &str) -> Vec<BTreeMap<String, String>> {
        let reply = self.get(&format!("/sparql?query={}", encode(query)), None);
        assert_eq!(reply.status, 200, "{}", reply.text());
        rows(&reply)
    }

    fn ask(&self, query: &str) -> bool {
        let reply = self.get(&format!("/sparql?query={}", encode(query)), None);
        assert_eq!(reply.status, 200, "{}", reply.text());
        reply.json()["boolean"].as_bool().expect("an ASK answer")
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Sends SIGTERM and waits (at most 30 s) for the exit code.
    pub(crate) fn terminate(mut self) -> (i32, Vec<String>) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait works") {
                std::thread::sleep(Duration::from_millis(100)); // let the log reader finish
                return (status.code().unwrap_or(-1), self.log());
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// Percent-encodes a query-string value.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn parse_reply(raw: &[u8]) -> Reply {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    }
}

/// One request on a fresh connection (`Connection: close`), read to the end.
pub(crate) fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || matches!(method, "POST" | "PUT") {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("the response arrives");
    parse_reply(&raw)
}

/// Sends raw bytes and reads the response to the end.
pub(crate) fn raw_exchange(addr: SocketAddr, bytes: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(bytes).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse_reply(&raw)
}

fn rows(reply: &Reply) -> Vec<BTreeMap<String, String>> {
    reply.json()["results"]["bindings"]
        .as_array()
        .expect("results.bindings")
        .iter()
        .map(|b| {
            b.as_object()
                .unwrap()
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

const COUNT_FIRMS: &str = "SELECT (COUNT(?f) AS ?n) WHERE { ?f a im:Firm }";

/// A query that runs for minutes: a filtered cross product of every triple with every triple. It
/// reads the store all along, so the cancellation that oxigraph checks on each read stops it.
const HEAVY: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?o . ?b ?q ?o2 FILTER(STR(?o) = STR(?o2)) }";

#[test]
fn queries_by_get_and_by_post_in_both_encodings_give_the_same_answer() {
    let server = Server::start(&[]);
    let by_get = server.get(&format!("/sparql?query={}", encode(COUNT_FIRMS)), None);
    let by_form = server.post(
        "/sparql",
        FORM,
        &format!("query={}", encode(COUNT_FIRMS)),
        &[],
    );
    let by_body = server.post("/sparql", "application/sparql-query", COUNT_FIRMS, &[]);
    let at_query = server.post(
        "/query",
        "application/sparql-query; charset=utf-8",
        COUNT_FIRMS,
        &[],
    );
    for reply in [&by_get, &by_form, &by_body, &at_query] {
        assert_eq!(reply.status, 200, "{}", reply.text());
        assert_eq!(
            reply.content_type(),
            "application/sparql-results+json; charset=utf-8"
        );
        assert_eq!(reply.body, by_get.body);
    }
    let firms: usize = rows(&by_get)[0]["n"].parse().unwrap();
    let cli = innomap(&["query", "-e", COUNT_FIRMS, "--format", "json"]).ok();
    assert_eq!(json_rows(&cli)[0]["n"], firms.to_string());
    assert!(firms > 100);
}

#[test]
fn every_result_format_comes_with_its_media_type() {
    let server = Server::start(&[]);
    let select = format!(
        "/sparql?query={}",
        encode(
            "SELECT ?c ?l WHERE { ?c a im:Chain ; rdfs:label ?l FILTER(lang(?l) = 'zh') } ORDER BY ?c"
        )
    );
    for (accept, media_type, marker) in [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            "\"bindings\"",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<sparql",
        ),
        ("text/csv", "text/csv", "c,l"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            "?c\t?l",
        ),
        (
            "text/csv;q=0.5, application/sparql-results+xml;q=0.9",
            "application/sparql-results+xml",
            "<sparql",
        ),
        ("*/*", "application/sparql-results+json", "\"bindings\""),
    ] {
        let reply = server.get(&select, Some(accept));
        assert_eq!(reply.status, 200, "{accept}: {}", reply.text());
        assert!(
            reply.content_type().starts_with(media_type),
            "{accept} gave {}",
            reply.content_type()
        );
        assert!(reply.text().contains(marker), "{accept}: {}", reply.text());
        assert!(reply.text().contains("冶金新材料"), "{accept}");
    }
    let ask = server.get(
        &format!("/sparql?query={}", encode("ASK { ?s a im:Firm }")),
        Some("text/csv"),
    );
    assert_eq!(ask.status, 200);
    assert!(ask.text().contains("true"));
    let construct = format!(
        "/sparql?query={}",
        encode("CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a im:Chain ; rdfs:label ?l }")
    );
    for (accept, media_type, marker) in [
        (None, "text/turtle", "rdfs:label"),
        (Some("text/turtle"), "text/turtle", "rdfs:label"),
        (
            Some("application/n-triples"),
            "application/n-triples",
            "<http://www.w3.org/2000/01/rdf-schema#label>",
        ),
        (
            Some("application/rdf+xml"),
            "application/rdf+xml",
            "<rdf:RDF",
        ),
        (Some("application/ld+json"), "application/ld+json", "@"),
    ] {
        let reply = server.get(&construct, accept);
        assert_eq!(reply.status, 200, "{accept:?}: {}", reply.text());
        assert!(
            reply.content_type().starts_with(media_type),
            "{accept:?} gave {}",
            reply.content_type()
        );
        assert!(
            reply.text().contains(marker),
            "{accept:?}: {}",
            reply.text()
        );
    }
    // CONSTRUCT cannot be CSV, SELECT cannot be Turtle: 406 naming what is available.
    let not_acceptable = server.get(&construct, Some("text/csv"));
    assert_eq!(not_acceptable.status, 406);
    assert!(
        not_acceptable.text().contains("text/turtle"),
        "{}",
        not_acceptable.text()
    );
    assert_eq!(server.get(&select, Some("text/turtle")).status, 406);
}

#[test]
fn protocol_errors_have_their_status_and_one_clear_sentence() {
    let server = Server::start(&["--max-body", "1000"]);
    let bad = server.get(
        &format!("/sparql?query={}", encode("SELECT * WHERE { ?s ?p }")),
        None,
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.text().trim_end().lines().count(), 1);
    assert!(
        bad.text()
            .starts_with("SPARQL syntax error at line 1, column 25: expected"),
        "{}",
        bad.text()
    );
    let unsupported = server.post("/sparql", "text/plain", COUNT_FIRMS, &[]);
    assert_eq!(unsupported.status, 415);
    assert!(unsupported.text().contains("application/sparql-query"));
    let no_type = http(server.addr, "POST", "/sparql", &[], COUNT_FIRMS.as_bytes());
    assert_eq!(no_type.status, 415);
    let big = format!("query={}", "x".repeat(2000));
    let too_large = server.post("/sparql", FORM, &big, &[]);
    assert_eq!(too_large.status, 413);
    assert!(
        too_large.text().contains("--max-body"),
        "{}",
        too_large.text()
    );
    // A client that asks first gets 413 before it sends the body.
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: {FORM}\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    assert!(String::from_utf8_lossy(&raw).starts_with("HTTP/1.1 413"));
    let missing = server.get("/query", None);
    assert_eq!(missing.status, 400);
    let twice = server.get(
        &format!("/sparql?query={0}&query={0}", encode(COUNT_FIRMS)),
        None,
    );
    assert_eq!(twice.status, 400);
    let wrong_method = http(server.addr, "DELETE", "/sparql", &[], b"");
    assert_eq!(wrong_method.status, 405);
    assert!(
        wrong_method
            .header("allow")
            .is_some_and(|a| a.contains("POST"))
    );
    let nowhere = server.get("/nowhere", None);
    assert_eq!(nowhere.status, 404);
    assert!(nowhere.text().contains("/sparql"));
    // Malformed HTTP gets 400 and the server carries on.
    let garbage = raw_exchange(server.addr, b"GARBAGE\0\x01 / HTTP/9\r\n\r\n");
    assert_eq!(garbage.status, 400);
    assert_eq!(server.select(COUNT_FIRMS).len(), 1);
}

#[test]
fn the_service_description_is_turtle_by_default_and_negotiable() {
    let server = Server::start(&[]);
    let turtle = server.get("/sparql", None);
    assert_eq!(turtle.status, 200);
    assert!(turtle.content_type().starts_with("text/turtle"));
    let text = turtle.text();
    for expected in [
        "sd:Service",
        &format!("sd:endpoint <http://{}/sparql>", server.addr),
        "sd:SPARQL11Query",
        "formats:SPARQL_Results_XML",
        "sd:UnionDefaultGraph",
        BUNDLED_GRAPH,
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    assert!(
        !text.contains("SPARQL11Update"),
        "read-only: no update language"
    );
    let ntriples = server.get("/sparql", Some("application/n-triples"));
    assert!(ntriples.content_type().starts_with("application/n-triples"));
    assert!(
        ntriples
            .text()
            .contains("<http://www.w3.org/ns/sparql-service-description#Service>")
    );
    assert_eq!(server.get("/sparql", Some("image/png")).status, 406);
}

#[test]
fn cors_headers_are_sent_only_when_asked_for() {
    let closed = Server::start(&[]);
    let reply = closed.get(&format!("/sparql?query={}", encode(COUNT_FIRMS)), None);
    assert!(reply.header("access-control-allow-origin").is_none());
    let preflight = http(
        closed.addr,
        "OPTIONS",
        "/sparql",
        &[("Origin", "https://example.org")],
        b"",
    );
    assert_eq!(preflight.status, 204);
    assert!(preflight.header("access-control-allow-origin").is_none());

    let open = Server::start(&["--cors", "https://example.org"]);
    let reply = open.get(&format!("/sparql?query={}", encode(COUNT_FIRMS)), None);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://example.org")
    );
    let preflight = http(
        open.addr,
        "OPTIONS",
        "/sparql",
        &[
            ("Origin", "https://example.org"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("https://example.org")
    );
    assert!(
        preflight
            .header("access-control-allow-methods")
            .is_some_and(|m| m.contains("POST"))
    );
}

#[test]
fn service_and_load_are_refused_with_a_clear_message() {
    let server = Server::start_with_env(&["--writable"], &[("INNOMAP_TOKEN", "s3cret")]);
    for query in [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s a im:Firm FILTER NOT EXISTS { SERVICE SILENT <http://127.0.0.1:1/> { ?s ?p ?o } } }",
    ] {
        let reply = server.post("/sparql", "application/sparql-query", query, &[]);
        assert_eq!(reply.status, 400);
        assert!(
            reply
                .text()
                .starts_with("SERVICE is refused: this endpoint makes no outbound requests"),
            "{}",
            reply.text()
        );
    }
    let auth = [("Authorization", "Bearer s3cret")];
    for update in [
        "LOAD <http://example.org/data.ttl>",
        "LOAD <file:///etc/passwd> INTO GRAPH <x:g>",
    ] {
        let reply = server.post("/update", "application/sparql-update", update, &auth);
        assert_eq!(reply.status, 400);
        assert!(
            reply.text().starts_with("LOAD is refused"),
            "{}",
            reply.text()
        );
    }
}

#[test]
fn canned_queries_run_by_name_with_parameters_bound_as_terms() {
    let server = Server::start(&[]);
    let library = server.get("/queries", None).json();
    let names: Vec<&str> = library
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"chain-matrix") && names.contains(&"firm-collaborators"));
    let matrix = library
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "chain-matrix")
        .unwrap();
    assert_eq!(matrix["title"]["zh"], "8×10 资源矩阵与缺口");
    assert!(!matrix["title"]["en"].as_str().unwrap().is_empty());

    let reply = server.get("/queries/firm-collaborators?firm=%E6%B2%99%E9%92%A2", None);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let served = rows(&reply);
    let cli = innomap(&[
        "query",
        "firm-collaborators",
        "--param",
        "firm=沙钢",
        "--format",
        "json",
    ])
    .ok();
    assert_eq!(served, json_rows(&cli));
    assert!(!served.is_empty());
    let csv = server.get("/queries/chain-matrix", Some("text/csv"));
    assert_eq!(csv.text().lines().count(), 9, "{}", csv.text());

    let unknown = server.get("/queries/chain-resourc", None);
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["suggestions"][0], "chain-resources");
    let ambiguous = server.get("/queries/firm-collaborators?firm=%E5%8D%8E%E6%98%8C", None);
    assert_eq!(ambiguous.status, 409);
    assert_eq!(ambiguous.json()["candidates"].as_array().unwrap().len(), 2);
    let unknown_firm = server.get("/queries/firm-collaborators?firm=nobody-at-all", None);
    assert_eq!(unknown_firm.status, 404);
    let missing = server.get("/queries/firm-collaborators", None);
    assert_eq!(missing.status, 400);
    assert!(missing.json()["error"].as_str().unwrap().contains("firm"));
    let extra = server.get("/queries/chain-matrix?colour=red", None);
    assert_eq!(extra.status, 400);
}

#[test]
fn matching_endpoints_answer_as_the_command_line_does() {
    let server = Server::start(&[]);
    let consortium = server.get("/match/consortium?direction=T19", None);
    assert_eq!(consortium.status, 200, "{}", consortium.text());
    let cli = innomap(&[
        "match",
        "consortium",
        "--direction",
        "T19",
        "--format",
        "json",
    ])
    .ok();
    let expected: serde_json::Value = serde_json::from_str(&cli.stdout).unwrap();
    assert_eq!(consortium.json(), expected);

    let english = server.get("/match/partners?firm=shagang&top=5&lang=en", None);
    assert_eq!(english.status, 200, "{}", english.text());
    let cli = innomap(&[
        "--lang", "en", "match", "partners", "--firm", "shagang", "--top", "5", "--format", "json",
    ])
    .ok();
    let expected: serde_json::Value = serde_json::from_str(&cli.stdout).unwrap();
    assert_eq!(english.json(), expected);

    let led = server.get(
        "/match/partners?firm=shagang&direction=T03&kind=university&new_only=true&top=5",
        None,
    );
    assert_eq!(led.status, 200, "{}", led.text());
    let cli = innomap(&[
        "match",
        "partners",
        "--firm",
        "shagang",
        "--direction",
        "T03",
        "--kind",
        "university",
        "--new-only",
        "--top",
        "5",
        "--format",
        "json",
    ])
    .ok();
    let expected: serde_json::Value = serde_json::from_str(&cli.stdout).unwrap();
    assert_eq!(led.json(), expected);
    assert_eq!(
        server
            .get("/match/partners?firm=shagang&new_only=maybe", None)
            .status,
        400
    );

    let directions = server.get("/match/directions", None).json();
    assert_eq!(directions.as_array().unwrap().len(), 31);
    let unknown = server.get("/match/consortium?direction=T99", None);
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("unknown direction 'T99'")
    );
    let unknown_firm = server.get("/match/partners?firm=%E6%B2%99%E9%92%A2%E9%9B%86", None);
    assert_eq!(unknown_firm.status, 404, "{}", unknown_firm.text());
    assert_eq!(unknown_firm.json()["suggestions"][0]["id"], "shagang");
    assert_eq!(server.get("/match/consortium", None).status, 400);
    assert_eq!(
        server
            .get("/match/partners?firm=shagang&top=0", None)
            .status,
        400
    );
}

#[test]
fn score_endpoints_answer_as_the_command_line_does() {
    let server = Server::start(&[]);
    let cli_json = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str(&innomap(args).ok().stdout).unwrap()
    };
    let firms = server.get("/score?kind=firm&top=5", None);
    assert_eq!(firms.status, 200, "{}", firms.text());
    assert!(firms.content_type().starts_with("application/json"));
    let expected = cli_json(&["score", "--top", "5", "--format", "json"]);
    assert_eq!(firms.json(), expected);
    assert_eq!(firms.json()["lines"].as_array().unwrap().len(), 5);

    let towns = server.get("/score?kind=town&lang=en&year=2024", None);
    assert_eq!(towns.status, 200, "{}", towns.text());
    let expected = cli_json(&[
        "--lang", "en", "score", "--kind", "town", "--year", "2024", "--format", "json",
    ]);
    assert_eq!(towns.json(), expected);

    // Explained by label; the entity's kind picks the model.
    let explained = server.get("/score/explain?entity=%E6%B2%99%E9%92%A2", None);
    assert_eq!(explained.status, 200, "{}", explained.text());
    let expected = cli_json(&["score", "--explain", "沙钢", "--format", "json"]);
    assert_eq!(explained.json(), expected);
    assert_eq!(explained.json()["model"], "firm-innovation-points");
    assert_eq!(explained.json()["bands"][0]["grade"], "A");

    // Errors: the status they deserve, one sentence, suggestions for a near miss.
    assert_eq!(server.get("/score?kind=village", None).status, 400);
    assert_eq!(server.get("/score?top=0", None).status, 400);
    assert_eq!(server.get("/score?year=last", None).status, 400);
    assert_eq!(server.get("/score/explain", None).status, 400);
    let unknown = server.get("/score/explain?entity=%E6%B2%99%E9%92%A2%E9%9B%86", None);
    assert_eq!(unknown.status, 404, "{}", unknown.text());
    assert_eq!(unknown.json()["suggestions"][0]["id"], "shagang");
    let direction = server.get("/score/explain?entity=T07", None);
    assert_eq!(direction.status, 400, "{}", direction.text());
    assert!(
        direction.json()["error"]
            .as_str()
            .unwrap()
            .contains("no scoring model")
    );
    let outside = server.get("/score/explain?entity=shagang&kind=resource", None);
    assert_eq!(outside.status, 404, "{}", outside.text());
    assert_eq!(server.post("/score", "text/plain", "", &[]).status, 405);
}

#[test]
fn default_graph_uri_and_named_graph_uri_replace_the_union_default_graph() {
    let dir = TempDir::new("serve-dataset");
    let extra = dir.write("extra.ttl", "<urn:x:a> <urn:x:p> \"extra\" .\n");
    let server = Server::start(&["--data", &extra]);
    let graph = server.select("SELECT ?g WHERE { GRAPH ?g { <urn:x:a> ?p ?o } }")[0]["g"].clone();
    assert!(graph.starts_with("file://"), "{graph}");
    let query = encode("SELECT (COUNT(*) AS ?n) WHERE { <urn:x:a> ?p ?o }");
    let union = rows(&server.get(&format!("/sparql?query={query}"), None));
    assert_eq!(union[0]["n"], "1");
    let bundled_only = server.get(
        &format!(
            "/sparql?query={query}&default-graph-uri={}",
            encode(BUNDLED_GRAPH)
        ),
        None,
    );
    assert_eq!(rows(&bundled_only)[0]["n"], "0");
    let extra_only = server.get(
        &format!("/sparql?query={query}&default-graph-uri={}", encode(&graph)),
        None,
    );
    assert_eq!(rows(&extra_only)[0]["n"], "1");
    let named = encode("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g");
    let only_bundled = server.post(
        "/sparql",
        FORM,
        &format!("query={named}&named-graph-uri={}", encode(BUNDLED_GRAPH)),
        &[],
    );
    assert_eq!(
        rows(&only_bundled)
            .iter()
            .map(|r| r["g"].clone())
            .collect::<Vec<_>>(),
        [BUNDLED_GRAPH]
    );
    let invalid = server.get(
        &format!("/sparql?query={query}&default-graph-uri=not%20an%20iri"),
        None,
    );
    assert_eq!(invalid.status, 400);
}

/// CPU seconds the process has used (user + system), from /proc.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc is readable");
    let after = stat.rsplit_once(')').expect("stat has a command name").1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}

#[test]
fn a_timed_out_query_is_cancelled_and_the_server_stays_responsive() {
    let server = Server::start(&["--timeout", "1", "--threads", "2"]);
    let heavy = HEAVY;
    let addr = server.addr;
    let started = Instant::now();
    let slow = std::thread::spawn(move || {
        http(
            addr,
            "POST",
            "/sparql",
            &[("Content-Type", "application/sparql-query")],
            heavy.as_bytes(),
        )
    });
    // While it runs, the other worker answers.
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(server.select(COUNT_FIRMS).len(), 1);
    let reply = slow.join().unwrap();
    let waited = started.elapsed();
    assert_eq!(reply.status, 503, "{}", reply.text());
    assert!(reply.text().contains("was cancelled"), "{}", reply.text());
    assert!(
        waited < Duration::from_secs(30),
        "the timed-out query took {waited:?}"
    );
    // Cancelled means stopped: the idle server burns (almost) no CPU afterwards.
    std::thread::sleep(Duration::from_millis(300));
    let before = cpu_seconds(server.child.id());
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_seconds(server.child.id()) - before;
    assert!(
        used < 0.5,
        "the server used {used} s of CPU in 2 s after the timeout"
    );
    assert_eq!(server.select(COUNT_FIRMS).len(), 1);
}

#[test]
fn answers_beyond_the_result_limit_are_refused_not_truncated() {
    let server = Server::start(&["--max-results", "5"]);
    let many = encode("SELECT ?f WHERE { ?f a im:Firm }");
    let reply = server.get(&format!("/sparql?query={many}"), None);
    assert_eq!(reply.status, 422);
    assert!(
        reply.text().contains("more than 5 rows"),
        "{}",
        reply.text()
    );
    let limited = encode("SELECT ?f WHERE { ?f a im:Firm } LIMIT 5");
    assert_eq!(
        rows(&server.get(&format!("/sparql?query={limited}"), None)).len(),
        5
    );
    let graph = encode("CONSTRUCT WHERE { ?f a im:Firm }");
    let reply = server.get(&format!("/sparql?query={graph}"), None);
    assert_eq!(reply.status, 422);
    assert!(reply.text().contains("more than 5 triples"));
}

#[test]
fn a_read_only_server_refuses_updates_and_graph_store_writes() {
    let server = Server::start(&[]);
    let insert = "INSERT DATA { <urn:x:a> <urn:x:p> 1 }";
    for reply in [
        server.post("/update", "application/sparql-update", insert, &[]),
        server.post("/sparql", FORM, &format!("update={}", encode(insert)), &[]),
        http(
            server.addr,
            "PUT",
            "/store?graph=urn%3Ax%3Ag",
            &[("Content-Type", "text/turtle")],
            b"<urn:x:a> <urn:x:p> 1 .",
        ),
        http(
            server.addr,
            "DELETE",
            &format!("/store?graph={}", encode(BUNDLED_GRAPH)),
            &[],
            b"",
        ),
    ] {
        assert_eq!(reply.status, 403, "{}", reply.text());
        assert!(reply.text().contains("read-only"));
    }
    assert!(!server.ask("ASK { <urn:x:a> ?p ?o }"));
    let read = server.get(
        &format!("/store?graph={}", encode(BUNDLED_GRAPH)),
        Some("application/n-triples"),
    );
    assert_eq!(read.status, 200);
    assert!(read.text().lines().count() > 10_000);
    let by_get = server.get(&format!("/sparql?update={}", encode(insert)), None);
    assert_eq!(by_get.status, 405);
}

#[test]
fn a_writable_server_needs_the_bearer_token_and_refreshes_what_it_derived() {
    let dir = TempDir::new("serve-token");
    let token_file = dir.write("token", "correct-horse\n");
    let server = Server::start(&["--writable", "--token-file", &token_file]);
    let insert = "INSERT DATA { GRAPH <urn:x:g> { <https://w3id.org/innomap/id/zjg/direction/T99> a im:Direction ; rdfs:label \"测试方向\"@zh , \"Test direction\"@en } }";
    let none = server.post("/update", "application/sparql-update", insert, &[]);
    assert_eq!(none.status, 401);
    assert!(
        none.header("www-authenticate")
            .is_some_and(|h| h.starts_with("Bearer"))
    );
    let wrong = server.post(
        "/update",
        "application/sparql-update",
        insert,
        &[("Authorization", "Bearer correct-horsf")],
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(
        server
            .get("/match/directions", None)
            .json()
            .as_array()
            .unwrap()
            .len(),
        31
    );
    let right = server.post(
        "/update",
        "application/sparql-update",
        insert,
        &[("Authorization", "Bearer correct-horse")],
    );
    assert_eq!(right.status, 204, "{}", right.text());
    assert!(server.ask("ASK { ?d rdfs:label \"Test direction\"@en }"));
    // The entity index is rebuilt after the update: the new direction is listed.
    let directions = server.get("/match/directions?lang=en", None).json();
    assert_eq!(directions.as_array().unwrap().len(), 32);
    assert!(
        directions
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["label"] == "Test direction")
    );
    let by_form = server.post(
        "/sparql",
        FORM,
        &format!(
            "update={}",
            encode("DELETE WHERE { GRAPH <urn:x:g> { ?s ?p ?o } }")
        ),
        &[("Authorization", "bearer correct-horse")],
    );
    assert_eq!(by_form.status, 204, "{}", by_form.text());
    assert!(!server.ask("ASK { ?d rdfs:label \"Test direction\"@en }"));
    let description = server.get("/sparql", None).text();
    assert!(description.contains("sd:SPARQL11Update"));
}

#[test]
fn a_failing_update_changes_nothing() {
    let server = Server::start_with_env(&["--writable"], &[("INNOMAP_TOKEN", "t0ken")]);
    let auth = [("Authorization", "Bearer t0ken")];
    let before = server.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"].clone();
    // The first operation would succeed; the second fails because the graph exists.
    let update = format!(
        "INSERT DATA {{ GRAPH <urn:x:g> {{ <urn:x:a> <urn:x:p> 1 }} }} ; \
         DELETE WHERE {{ GRAPH <{BUNDLED_GRAPH}> {{ ?s a im:Firm }} }} ; \
         CREATE GRAPH <{BUNDLED_GRAPH}>"
    );
    let reply = server.post("/update", "application/sparql-update", &update, &auth);
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(
        reply
            .text()
            .starts_with("the update failed and changed nothing"),
        "{}",
        reply.text()
    );
    assert!(!server.ask("ASK { <urn:x:a> ?p ?o }"));
    let after = server.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"].clone();
    assert_eq!(before, after);
    // A syntax error is reported with its place and changes nothing either.
    let bad = server.post(
        "/update",
        "application/sparql-update",
        "INSERT DATA { <urn:x:a> }",
        &auth,
    );
    assert_eq!(bad.status, 400);
    assert!(
        bad.text().starts_with("SPARQL syntax error at line 1"),
        "{}",
        bad.text()
    );
}

#[test]
fn the_graph_store_protocol_reads_replaces_adds_and_deletes_graphs() {
    let server = Server::start_with_env(&["--writable"], &[("INNOMAP_TOKEN", "gsp")]);
    let path = format!("/store?graph={}", encode("https://example.org/graph/g1"));
    let turtle = [
        ("Content-Type", "text/turtle"),
        ("Authorization", "Bearer gsp"),
    ];
    let created = http(
        server.addr,
        "PUT",
        &path,
        &turtle,
        b"<urn:x:a> <urn:x:p> \"one\" .",
    );
    assert_eq!(created.status, 201, "{}", created.text());
    let read = server.get(&path, Some("application/n-triples"));
    assert_eq!(read.status, 200);
    assert_eq!(read.text().trim(), "<urn:x:a> <urn:x:p> \"one\" .");
    let added = http(
        server.addr,
        "POST",
        &path,
        &turtle,
        b"<urn:x:b> <urn:x:p> \"two\" .",
    );
    assert_eq!(added.status, 204);
    assert_eq!(
        server
            .get(&path, Some("application/n-triples"))
            .text()
            .lines()
            .count(),
        2
    );
    let replaced = http(
        server.addr,
        "PUT",
        &path,
        &turtle,
        b"<urn:x:c> <urn:x:p> \"three\" .",
    );
    assert_eq!(replaced.status, 204);
    assert_eq!(
        server
            .get(&path, Some("application/n-triples"))
            .text()
            .lines()
            .count(),
        1
    );
    // A body that does not parse changes nothing.
    let broken = http(server.addr, "PUT", &path, &turtle, b"<urn:x:d> <urn:x:p> .");
    assert_eq!(broken.status, 400);
    assert!(
        broken.text().contains("not valid Turtle at line 1"),
        "{}",
        broken.text()
    );
    assert!(
        server
            .get(&path, Some("application/n-triples"))
            .text()
            .contains("three")
    );
    let wrong_type = http(
        server.addr,
        "PUT",
        &path,
        &[
            ("Content-Type", "text/csv"),
            ("Authorization", "Bearer gsp"),
        ],
        b"a,b",
    );
    assert_eq!(wrong_type.status, 415);
    let no_token = http(server.addr, "DELETE", &path, &[], b"");
    assert_eq!(no_token.status, 401);
    let deleted = http(
        server.addr,
        "DELETE",
        &path,
        &[("Authorization", "Bearer gsp")],
        b"",
    );
    assert_eq!(deleted.status, 204);
    assert_eq!(server.get(&path, None).status, 404);
    assert_eq!(server.get("/store", None).status, 400);
    let default = server.get("/store?default", Some("text/turtle"));
    assert_eq!(default.status, 200);
}

#[test]
fn concurrent_readers_are_all_served() {
    let server = Server::start(&["--threads", "2"]);
    let addr = server.addr;
    let expected = server.get("/queries/chain-matrix", None).body;
    let workers: Vec<_> = (0..12)
        .map(|_| {
            let expected = expected.clone();
            std::thread::spawn(move || {
                for _ in 0..8 {
                    let reply = http(addr, "GET", "/queries/chain-matrix", &[], b"");
                    assert_eq!(reply.status, 200);
                    assert_eq!(reply.body, expected);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("every request succeeded");
    }
    // Keep-alive: two requests on one connection, and a chunked body.
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let query = COUNT_FIRMS.as_bytes();
    let chunked = format!(
        "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{COUNT_FIRMS}\r\n0\r\n\r\n",
        query.len()
    );
    stream
        .write_all(
            format!("GET /queries/tier-counts HTTP/1.1\r\nHost: x\r\n\r\n{chunked}").as_bytes(),
        )
        .unwrap();
    let mut reader = BufReader::new(stream);
    for _ in 0..2 {
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
    }
}

#[test]
fn every_request_is_logged_and_sigterm_stops_the_server_cleanly() {
    let server = Server::start(&["--timeout", "2"]);
    assert_eq!(server.get("/queries/tier-counts", None).status, 200);
    assert_eq!(server.get("/nowhere", None).status, 404);
    // A request in flight when SIGTERM arrives still gets its answer.
    let addr = server.addr;
    let heavy = HEAVY;
    let in_flight = std::thread::spawn(move || {
        http(
            addr,
            "POST",
            "/sparql",
            &[("Content-Type", "application/sparql-query")],
            heavy.as_bytes(),
        )
    });
    std::thread::sleep(Duration::from_millis(500));
    let (code, log) = server.terminate();
    let reply = in_flight.join().unwrap();
    assert_eq!(reply.status, 503, "{}", reply.text());
    assert_eq!(code, 0, "{}", log.join("\n"));
    assert!(
        log.iter().any(|l| l == "innomap: stopped"),
        "{}",
        log.join("\n")
    );
    let request_lines: Vec<&String> = log
        .iter()
        .filter(|l| l.starts_with("innomap: GET ") || l.starts_with("innomap: POST "))
        .collect();
    assert_eq!(request_lines.len(), 3, "{}", log.join("\n"));
    for line in request_lines {
        let words: Vec<&str> = line.split(' ').collect();
        assert_eq!(words.len(), 6, "{line}");
        assert!(
            words[2].starts_with('/')
                && words[3].parse::<u16>().is_ok()
                && words[4].parse::<u64>().is_ok()
                && words[5] == "ms",
            "{line}"
        );
    }
    assert!(
        log.iter()
            .any(|l| l.starts_with("innomap: GET /nowhere 404 "))
    );
    // Refused after shutdown: nothing listens.
    assert!(TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err());
}

#[test]
fn bad_serve_options_exit_2_naming_the_problem() {
    let run = innomap(&["serve", "--writable", "--bind", "127.0.0.1:0"]).expect_code(2);
    assert!(
        run.one_line_error()
            .contains("--writable needs a bearer token")
    );
    let run = innomap(&["serve", "--timeout", "0", "--bind", "127.0.0.1:0"]).expect_code(2);
    assert!(run.one_line_error().contains("--timeout"));
    let run = innomap(&["serve", "--bind", "not-an-address"]).expect_code(2);
    assert!(
        run.one_line_error()
            .contains("cannot listen on not-an-address"),
        "{}",
        run.stderr
    );
}

#[test]
fn curl_runs_a_canned_query_and_a_posted_query() {
    if !tool_runs("curl", &["--version"], "curl") {
        return;
    }
    let server = Server::start(&[]);
    let output = Command::new("curl")
        .args(["-sS", "--fail", "-H", "Accept: text/csv"])
        .arg(format!("{}/queries/chain-matrix", server.url()))
        .output()
        .expect("curl runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "chain,universities,labs,institutes,platforms,others,total,short_of_ten"
    );
    assert_eq!(lines.len(), 9);
    assert!(lines[1..].iter().all(|l| l.ends_with(",10,0")), "{csv}");
    let output = Command::new("curl")
        .args(["-sS", "--fail", "--data-urlencode"])
        .arg(format!("query={COUNT_FIRMS}"))
        .args(["-H", "Accept: application/sparql-results+xml"])
        .arg(format!("{}/sparql", server.url()))
        .output()
        .expect("curl runs");
    assert!(output.status.success());
    let xml = String::from_utf8(output.stdout).unwrap();
    assert!(
        xml.contains("<sparql") && xml.contains("<binding name=\"n\">"),
        "{xml}"
    );
    let output = Command::new("curl")
        .args([
            "-sS",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--data-urlencode",
            "update=CLEAR ALL",
        ])
        .arg(format!("{}/update", server.url()))
        .output()
        .expect("curl runs");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "403");
}

#[test]
fn sparqlwrapper_and_rdflib_sparqlstore_run_a_canned_query() {
    if !python_has(&["SPARQLWrapper", "rdflib"]) {
        return;
    }
    let server = Server::start(&[]);
    let dir = TempDir::new("serve-clients");
    let expected = innomap(&["query", "chain-matrix", "--format", "json"]).ok();
    let expected_file = dir.write("chain-matrix.json", &expected.stdout);
    run_checker(
        "serve_clients.py",
        &[
            &server.url(),
            &repo().join("queries/chain-matrix.rq").display().to_string(),
            &expected_file,
        ],
    );
}

#[test]
fn the_query_page_runs_a_canned_query_and_old_consortium_links_open_the_workbench_in_headless_chromium()
 {
    if !tool_runs("chromium", &["--version"], "chromium") {
        return;
    }
    let server = Server::start(&[]);
    let cli = innomap(&[
        "match",
        "consortium",
        "--direction",
        "T19",
        "--top",
        "1",
        "--format",
        "json",
    ])
    .ok();
    let report: serde_json::Value = serde_json::from_str(&cli.stdout).unwrap();
    let leader = report["consortia"][0]["leader"]["label"]
        .as_str()
        .unwrap()
        .to_owned();
    run_checker(
        "serve_page_check.py",
        &[
            &server.url(),
            "chain-matrix",
            "8",
            "冶金新材料",
            "T19",
            &leader,
        ],
    );
}

#[test]
fn select_star_keeps_the_order_of_the_query_on_the_endpoint() {
    // The endpoint, like the command line, answered `SELECT *` in alphabetical column order.
    let server = Server::start(&[]);
    let query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1";
    let json = server.get(
        &format!("/sparql?query={}", encode(query)),
        Some("application/sparql-results+json"),
    );
    assert_eq!(
        json.json()["head"]["vars"],
        serde_json::json!(["s", "p", "o"])
    );
    let csv = server.get(
        &format!("/sparql?query={}", encode(query)),
        Some("text/csv"),
    );
    assert_eq!(csv.text().lines().next(), Some("s,p,o"), "{}", csv.text());
}

/// The held-out check's route: a sparse network alone (no bundled data, no leads, tiers, hosts or
/// figures) served, and the 200 best partners for a firm and a direction asked over HTTP.
#[test]
fn partners_are_served_on_a_sparse_network() {
    let dir = TempDir::new("serve-sparse");
    let net = dir.0.join("net.nt");
    let net = net.to_str().unwrap().to_owned();
    innomap(&[
        "generate", "--scale", "300", "--seed", "9", "--sparse", "-o", &net,
    ])
    .ok();
    let ontology = repo().join("data/ontology.ttl");
    let server = Server::start(&[
        "--no-default-data",
        "--data",
        ontology.to_str().unwrap(),
        "--data",
        &net,
    ]);
    let reply = server.get(
        "/match/partners?firm=syn-f000000&direction=T41&top=200",
        None,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let report = reply.json();
    let partners = report["partners"].as_array().unwrap();
    assert!(partners.len() > 20, "{}", partners.len());
    assert_eq!(report["direction_first"], true);
    for p in partners {
        let score = p["score"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&score), "{p}");
        assert!(p.get("existing_tie").is_some());
    }
}

/// The analytics endpoints give what `innomap analyze … --format json` prints, and refuse bad
/// parameters with a 4xx and a sentence.
#[test]
fn analytics_are_served_as_the_cli_prints_them() {
    let server = Server::start(&[]);
    for (path, args) in [
        (
            "/analyze/recruit",
            vec!["analyze", "recruit", "--format", "json"],
        ),
        (
            "/analyze/recruit?chain=%E6%96%B0%E8%83%BD%E6%BA%90&top=3",
            vec![
                "analyze",
                "recruit",
                "--chain",
                "新能源",
                "--top",
                "3",
                "--format",
                "json",
            ],
        ),
        (
            "/analyze/recruit?what_if=aist-japan",
            vec![
                "analyze",
                "recruit",
                "--what-if",
                "aist-japan",
                "--format",
                "json",
            ],
        ),
        (
            "/analyze/fragility",
            vec!["analyze", "fragility", "--format", "json"],
        ),
        (
            "/analyze/brokers?top=5",
            vec!["analyze", "brokers", "--top", "5", "--format", "json"],
        ),
        (
            "/analyze/trend?from=2020&lang=en",
            vec![
                "--lang", "en", "analyze", "trend", "--from", "2020", "--format", "json",
            ],
        ),
    ] {
        let reply = server.get(path, None);
        assert_eq!(reply.status, 200, "{path}: {}", reply.text());
        let cli: serde_json::Value = serde_json::from_str(&innomap(&args).ok().stdout).unwrap();
        assert_eq!(reply.json(), cli, "{path}");
    }
    for (path, status) in [
        ("/analyze/recruit?what_if=shagang", 400),
        ("/analyze/recruit?chain=nowhere", 404),
        ("/analyze/trend?from=2024&to=2020", 400),
        ("/analyze/brokers?samples=0", 400),
    ] {
        let reply = server.get(path, None);
        assert_eq!(reply.status, status, "{path}: {}", reply.text());
        assert!(!reply.text().is_empty());
    }
}
