//! A small HTTP/1.1 server over `std::net`: one thread per connection (bounded), keep-alive, request
//! heads parsed by `httparse`, bodies read by `Content-Length` or chunked coding under a size limit
//! that is checked before the body is read (413 at once, even with `Expect: 100-continue`), one log
//! line per request, and a shutdown that stops accepting, lets in-flight requests finish within a
//! bound and closes idle connections.
//!
//! Why not a crate's server: `oxhttp` reads a refused body to its end and cannot stop accepting;
//! `tiny_http` has no bounded drain. What is left here is connection bookkeeping; parsing is
//! `httparse`'s.

use std::io::{self, Read, Write};
use std::net::{Shutdown as SocketShutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The largest request head (request line and headers) accepted.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The most headers a request may have.
const MAX_HEADERS: usize = 100;
/// How often an idle connection checks whether the server is shutting down.
const IDLE_POLL: Duration = Duration::from_millis(200);

/// One request, with its body read whole.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The percent-decoded path, e.g. `/queries/chain-matrix`.
    pub path: String,
    /// The raw query string after `?` (not decoded), empty when there is none.
    pub query: String,
    /// Header names are lowercase.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name` (lowercase), joined with commas as HTTP allows.
    pub fn header_joined(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }
}

/// A response with its body in memory (answers are capped by the result limit).
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A response of `status` with a body of `content_type`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// A response without a body.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// The stack of a connection's thread.
const CONNECTION_STACK_BYTES: usize = 8 * 1024 * 1024;

/// What answers requests; it runs on the connection's thread.
pub type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// Limits of the HTTP layer.
#[derive(Debug, Clone)]
pub struct HttpLimits {
    /// The largest request body; larger ones get 413 before they are read.
    pub max_body: usize,
    /// Connections open at once; more get 503 and are closed.
    pub max_connections: usize,
    /// How long an idle keep-alive connection stays open.
    pub keep_alive: Duration,
    /// How long one read or write may block once a request has started.
    pub io_timeout: Duration,
    /// How long a shutdown waits for in-flight requests.
    pub drain: Duration,
}

/// Shared between the acceptor, the connections and whoever asks for a shutdown.
#[derive(Debug, Default)]
struct State {
    stopping: AtomicBool,
    connections: AtomicUsize,
    busy: Mutex<usize>,
    idle: Condvar,
}

/// Asks a running server to stop; cheap to clone.
#[derive(Debug, Clone)]
pub struct ShutdownHandle {
    state: Arc<State>,
    wake: SocketAddr,
}

impl ShutdownHandle {
    /// Stops accepting connections; the server then drains and [`HttpServer::run`] returns.
    pub fn shutdown(&self) {
        if !self.state.stopping.swap(true, Ordering::SeqCst) {
            // Wake the acceptor, which is blocked in accept().
            let _ = TcpStream::connect_timeout(&self.wake, Duration::from_secs(1));
        }
    }

    /// Whether a shutdown was asked for.
    pub fn is_stopping(&self) -> bool {
        self.state.stopping.load(Ordering::SeqCst)
    }
}

/// A bound listening socket, not yet serving.
pub struct HttpServer {
    listener: TcpListener,
    local_addr: SocketAddr,
    state: Arc<State>,
}

impl HttpServer {
    /// Binds `address` (`HOST:PORT`; port 0 picks a free one).
    pub fn bind(address: &str) -> io::Result<Self> {
        let addresses: Vec<SocketAddr> = address.to_socket_addrs()?.collect();
        let listener = TcpListener::bind(&addresses[..])?;
        let local_addr = listener.local_addr()?;
        Ok(Self {
            listener,
            local_addr,
            state: Arc::default(),
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// A handle that stops the server.
    pub fn shutdown_handle(&self) -> ShutdownHandle {
        let mut wake = self.local_addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(match wake {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        ShutdownHandle {
            state: Arc::clone(&self.state),
            wake,
        }
    }

    /// Serves until a shutdown is asked for, then waits (at most `limits.drain`) for in-flight
    /// requests to finish. Returns whether every request finished in time.
    pub fn run(self, handler: Arc<Handler>, limits: HttpLimits) -> bool {
        for stream in self.listener.incoming() {
            if self.state.stopping.load(Ordering::SeqCst) {
                break;
            }
            let Ok(mut stream) = stream else {
                // A connection reset before accept() returned, or the process is out of sockets:
                // back off briefly rather than spin.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            let open = self.state.connections.fetch_add(1, Ordering::SeqCst);
            let guard = ConnectionGuard(Arc::clone(&self.state));
            if open >= limits.max_connections {
                let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                let response = Response::new(
                    503,
                    "text/plain; charset=utf-8",
                    "the server has too many open connections; try again shortly\n",
                );
                let _ = write_response(&mut stream, &response, false, false);
                drop(guard);
                continue;
            }
            let handler = Arc::clone(&handler);
            let limits = limits.clone();
            let state = Arc::clone(&self.state);
            let spawned = std::thread::Builder::new()
                .name("innomap-http".into())
                // Parsing and evaluating a query recurse over its nesting; the query-text limits
                // (src/store/query_text.rs) are sized for this stack, 8 MiB as on the main thread.
                // It is reserved address space: memory is used only as deep as a query goes.
                .stack_size(CONNECTION_STACK_BYTES)
                .spawn(move || {
                    let _guard = guard;
                    serve_connection(stream, handler.as_ref(), &limits, &state);
                });
            if spawned.is_err() {
                // The guard moved into the closure is dropped with it.
                continue;
            }
        }
        drop(self.listener);
        // Wait for in-flight requests; idle connections notice the flag and close.
        let deadline = Instant::now() + limits.drain;
        let mut busy = self.state.busy.lock().unwrap_or_else(|e| e.into_inner());
        while *busy > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            busy = self
                .state
                .idle
                .wait_timeout(busy, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        true
    }
}

struct ConnectionGuard(Arc<State>);

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Counts a request as in flight while alive.
struct BusyGuard<'a>(&'a State);

impl<'a> BusyGuard<'a> {
    fn new(state: &'a State) -> Self {
        *state.busy.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        Self(state)
    }
}

impl Drop for BusyGuard<'_> {
    fn drop(&mut self) {
        let mut busy = self.0.busy.lock().unwrap_or_else(|e| e.into_inner());
        *busy = busy.saturating_sub(1);
        if *busy == 0 {
            self.0.idle.notify_all();
        }
    }
}

/// Why a request could not be read.
enum ReadError {
    /// The peer closed, went idle for too long, or the server is stopping: close quietly.
    Closed,
    /// A malformed or oversized request: answer with this status and message, then close.
    Reject(u16, String),
}

impl From<io::Error> for ReadError {
    fn from(_: io::Error) -> Self {
        ReadError::Closed
    }
}

/// A request head, before its body is read.
struct Head {
    method: String,
    target: String,
    http11: bool,
    headers: Vec<(String, String)>,
}

fn serve_connection(mut stream: TcpStream, handler: &Handler, limits: &HttpLimits, state: &State) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(limits.io_timeout));
    // Bytes read past the end of the previous request (pipelining).
    let mut buffer: Vec<u8> = Vec::new();
    loop {
        let head = match read_head(&mut stream, &mut buffer, limits, state) {
            Ok(head) => head,
            Err(ReadError::Closed) => return,
            Err(ReadError::Reject(status, message)) => {
                let started = Instant::now();
                let response = Response::new(status, "text/plain; charset=utf-8", message + "\n");
                let _ = write_response(&mut stream, &response, false, false);
                log("-", "-", status, started);
                return;
            }
        };
        let started = Instant::now();
        let busy = BusyGuard::new(state);
        let (path, query) = split_target(&head.target);
        let body = match read_body(&mut stream, &mut buffer, &head, limits) {
            Ok(body) => body,
            Err(ReadError::Closed) => return,
            Err(ReadError::Reject(status, message)) => {
                let response = Response::new(status, "text/plain; charset=utf-8", message + "\n");
                let _ = write_response(&mut stream, &response, head.method == "HEAD", false);
                log(&head.method, &path, status, started);
                return;
            }
        };
        let request = Request {
            method: head.method.clone(),
            path,
            query,
            headers: head.headers,
            body,
        };
        let response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&request)))
            .unwrap_or_else(|_| {
                Response::new(
                    500,
                    "text/plain; charset=utf-8",
                    "internal error while answering this request; the server log has details\n",
                )
            });
        let wants_close = request
            .header("connection")
            .is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case("close")));
        let keep_alive = head.http11 && !wants_close && !state.stopping.load(Ordering::SeqCst);
        let written = write_response(&mut stream, &response, request.method == "HEAD", keep_alive);
        log(&request.method, &request.path, response.status, started);
        drop(busy);
        if written.is_err() || !keep_alive {
            let _ = stream.shutdown(SocketShutdown::Write);
            return;
        }
    }
}

fn log(method: &str, path: &str, status: u16, started: Instant) {
    eprintln!(
        "innomap: {method} {path} {status} {} ms",
        started.elapsed().as_millis()
    );
}

/// Reads more bytes into `buffer`; `Ok(false)` when the peer closed.
fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> io::Result<bool> {
    let mut chunk = [0u8; 16 * 1024];
    let n = stream.read(&mut chunk)?;
    buffer.extend_from_slice(&chunk[..n]);
    Ok(n > 0)
}

fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

fn read_head(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    limits: &HttpLimits,
    state: &State,
) -> Result<Head, ReadError> {
    // Wait for the first byte, checking for a shutdown while idle.
    let idle_since = Instant::now();
    while buffer.is_empty() {
        if state.stopping.load(Ordering::SeqCst) || idle_since.elapsed() >= limits.keep_alive {
            return Err(ReadError::Closed);
        }
        stream.set_read_timeout(Some(IDLE_POLL))?;
        match fill(stream, buffer) {
            Ok(true) => {}
            Ok(false) => return Err(ReadError::Closed),
            Err(e) if is_timeout(&e) => {}
            Err(_) => return Err(ReadError::Closed),
        }
    }
    stream.set_read_timeout(Some(limits.io_timeout))?;
    loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(buffer) {
            Ok(httparse::Status::Complete(length)) => {
                let head = Head {
                    method: parsed.method.unwrap_or("GET").to_owned(),
                    target: parsed.path.unwrap_or("/").to_owned(),
                    http11: parsed.version == Some(1),
                    headers: parsed
                        .headers
                        .iter()
                        .map(|h| {
                            (
                                h.name.to_ascii_lowercase(),
                                String::from_utf8_lossy(h.value).trim().to_owned(),
                            )
                        })
                        .collect(),
                };
                buffer.drain(..length);
                return Ok(head);
            }
            Ok(httparse::Status::Partial) => {
                if buffer.len() > MAX_HEAD_BYTES {
                    return Err(ReadError::Reject(
                        431,
                        format!(
                            "the request line and headers are longer than {} KiB; send a long query by POST",
                            MAX_HEAD_BYTES / 1024
                        ),
                    ));
                }
            }
            Err(httparse::Error::TooManyHeaders) => {
                return Err(ReadError::Reject(
                    431,
                    format!("the request has more than {MAX_HEADERS} headers"),
                ));
            }
            Err(error) => {
                return Err(ReadError::Reject(
                    400,
                    format!("malformed HTTP request: {error}"),
                ));
            }
        }
        match fill(stream, buffer) {
            Ok(true) => {}
            Ok(false) => return Err(ReadError::Closed),
            Err(e) if is_timeout(&e) => {
                return Err(ReadError::Reject(
                    408,
                    "the request was not received in time".into(),
                ));
            }
            Err(_) => return Err(ReadError::Closed),
        }
    }
}

fn too_large(limit: usize) -> ReadError {
    ReadError::Reject(
        413,
        format!("the request body is larger than the server's limit of {limit} bytes (--max-body)"),
    )
}

fn read_body(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    head: &Head,
    limits: &HttpLimits,
) -> Result<Vec<u8>, ReadError> {
    let header = |name: &str| {
        head.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
    };
    let chunked = header("transfer-encoding")
        .iter()
        .flat_map(|v| v.split(','))
        .any(|coding| coding.trim().eq_ignore_ascii_case("chunked"));
    let lengths = header("content-length");
    let expects_continue = header("expect")
        .iter()
        .any(|v| v.eq_ignore_ascii_case("100-continue"));
    if chunked && !lengths.is_empty() {
        return Err(ReadError::Reject(
            400,
            "a request may not have both Content-Length and chunked Transfer-Encoding".into(),
        ));
    }
    if chunked {
        if expects_continue {
            stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        return read_chunked(stream, buffer, limits.max_body);
    }
    let length = match lengths.as_slice() {
        [] => return Ok(Vec::new()),
        [value] => value
            .trim()
            .parse::<usize>()
            .map_err(|_| ReadError::Reject(400, format!("invalid Content-Length '{value}'")))?,
        _ => {
            return Err(ReadError::Reject(
                400,
                "the request has more than one Content-Length".into(),
            ));
        }
    };
    if length > limits.max_body {
        return Err(too_large(limits.max_body));
    }
    if expects_continue && buffer.len() < length {
        stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    while buffer.len() < length {
        match fill(stream, buffer) {
            Ok(true) => {}
            Ok(false) => return Err(ReadError::Closed),
            Err(e) if is_timeout(&e) => {
                return Err(ReadError::Reject(
                    408,
                    "the request body was not received in time".into(),
                ));
            }
            Err(_) => return Err(ReadError::Closed),
        }
    }
    Ok(buffer.drain(..length).collect())
}

/// Reads one CRLF-terminated line (without the CRLF) from `buffer`, filling it from `stream`.
fn read_line(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Result<String, ReadError> {
    loop {
        if let Some(end) = buffer.windows(2).position(|w| w == b"\r\n") {
            let line = String::from_utf8_lossy(&buffer[..end]).into_owned();
            buffer.drain(..end + 2);
            return Ok(line);
        }
        if buffer.len() > MAX_HEAD_BYTES {
            return Err(ReadError::Reject(400, "malformed chunked body".into()));
        }
        if !fill(stream, buffer)? {
            return Err(ReadError::Closed);
        }
    }
}

fn read_chunked(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    max_body: usize,
) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let line = read_line(stream, buffer)?;
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| ReadError::Reject(400, format!("invalid chunk size '{size_text}'")))?;
        if size == 0 {
            // Trailers, up to the empty line.
            while !read_line(stream, buffer)?.is_empty() {}
            return Ok(body);
        }
        if body.len().saturating_add(size) > max_body {
            return Err(too_large(max_body));
        }
        while buffer.len() < size + 2 {
            if !fill(stream, buffer)? {
                return Err(ReadError::Closed);
            }
        }
        body.extend_from_slice(&buffer[..size]);
        if &buffer[size..size + 2] != b"\r\n" {
            return Err(ReadError::Reject(400, "malformed chunked body".into()));
        }
        buffer.drain(..size + 2);
    }
}

/// Splits a request target into its decoded path and raw query string. An absolute-form target
/// (`http://host/path?q`) is reduced to its path.
fn split_target(target: &str) -> (String, String) {
    let target = match target.find("://") {
        Some(scheme_end) if !target.starts_with('/') => {
            let rest = &target[scheme_end + 3..];
            rest.find('/').map_or("/", |slash| &rest[slash..])
        }
        _ => target,
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = path.split('#').next().unwrap_or("");
    (percent_decode(path), query.to_owned())
}

pub use crate::base::vocab::percent_decode;

fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let mut out = Vec::with_capacity(256 + response.body.len());
    write!(
        out,
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    )?;
    for (name, value) in &response.headers {
        // Header values come from our own code, but never let one split the head.
        let value: String = value.chars().filter(|c| *c != '\r' && *c != '\n').collect();
        write!(out, "{name}: {value}\r\n")?;
    }
    let no_body = response.status == 204 || response.status == 304 || response.status < 200;
    if !no_body {
        write!(out, "Content-Length: {}\r\n", response.body.len())?;
    }
    write!(
        out,
        "Connection: {}\r\n\r\n",
        if keep_alive { "keep-alive" } else { "close" }
    )?;
    if !head_only && !no_body {
        out.extend_from_slice(&response.body);
    }
    stream.write_all(&out)?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_split_into_a_decoded_path_and_a_raw_query() {
        assert_eq!(
            split_target("/queries/a%20b?x=1%202"),
            ("/queries/a b".to_owned(), "x=1%202".to_owned())
        );
        assert_eq!(
            split_target("http://example.org:80/sparql?query=x"),
            ("/sparql".to_owned(), "query=x".to_owned())
        );
        assert_eq!(split_target("/"), ("/".to_owned(), String::new()));
    }

    #[test]
    fn percent_decoding_keeps_bad_escapes_and_decodes_utf8() {
        assert_eq!(percent_decode("%E6%B2%99%E9%92%A2"), "沙钢");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("a+b"), "a+b");
    }
}
