//! DNS-rebinding protection over a real Streamable HTTP server on 127.0.0.1 (issue 12): the
//! `Host` and `Origin` of every request are checked against the allowed hosts before anything
//! else, for POST, GET and DELETE, and on the 2024-11-05 HTTP+SSE endpoints too. A refusal is
//! 403 with a JSON-RPC error body naming the header and its value; an allowed request is served.
//!
//! Requests are written as raw bytes on a `TcpStream`, so the test controls `Host` exactly
//! (hyper's client would fill it in), including duplicate lines and bytes that are not UTF-8.

mod support;

use std::net::SocketAddr;
use std::time::Duration;

use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use serde_json::{Value, json};
use tether_mcp::Server;
use tether_mcp::transport::http::{self as mcp_http, HttpConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use support::demo::Demo;

const WAIT: Duration = Duration::from_secs(5);
const MODERN: &str = "2026-07-28";
const LEGACY: &str = "2025-11-25";

/// A Streamable HTTP server on 127.0.0.1 with `config`; it runs until the test ends.
async fn start(config: HttpConfig) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let service = Server::new(Demo::default()).streamable_http(config);
    tokio::spawn(mcp_http::serve(listener, service, std::future::pending()));
    addr
}

/// The 2024-11-05 HTTP+SSE endpoints on 127.0.0.1, served by hyper directly.
async fn start_sse(config: HttpConfig) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let service = Server::new(Demo::default()).http_sse(config);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let service = TowerToHyperService::new(service.clone());
            tokio::spawn(
                hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service),
            );
        }
    });
    addr
}

/// A response read off the wire: its status, header block (lower-cased) and body.
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            (n.trim() == name).then(|| v.trim())
        })
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {:?}\n{}",
                String::from_utf8_lossy(&self.body),
                self.head
            )
        })
    }
}

/// Writes `request` on a new connection and reads the response: up to the end of the headers
/// for an SSE stream, else to the end (the request says `Connection: close`).
async fn exchange(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut data = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = tokio::time::timeout(WAIT, stream.read(&mut chunk))
            .await
            .expect("the response headers in time")
            .expect("read");
        assert!(n > 0, "the server closed without a response");
        data.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_lowercase();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {head}"));
    let mut reply = Reply {
        status,
        head,
        body: data[head_end + 4..].to_vec(),
    };
    if reply.header("content-type") == Some("text/event-stream") {
        return reply;
    }
    tokio::time::timeout(WAIT, stream.read_to_end(&mut reply.body))
        .await
        .expect("the response body in time")
        .expect("read");
    if reply.header("transfer-encoding") == Some("chunked") {
        reply.body = dechunk(&reply.body);
    }
    reply
}

/// The payload of a chunked body.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&raw[..eol]).unwrap_or("0");
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("0").trim(), 16)
            .expect("a chunk size");
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 2 + size + 2..];
    }
    out
}

/// The bytes of a request: `method path`, then `headers` (each a whole header line's name and
/// value, in order; `Host` among them when wanted) and `body`.
fn request(method: &str, path: &str, headers: &[(&str, &[u8])], body: &str) -> Vec<u8> {
    let mut bytes = format!("{method} {path} HTTP/1.1\r\n").into_bytes();
    for (name, value) in headers {
        bytes.extend_from_slice(name.as_bytes());
        bytes.extend_from_slice(b": ");
        bytes.extend_from_slice(value);
        bytes.extend_from_slice(b"\r\n");
    }
    let tail = format!(
        "accept: application/json, text/event-stream\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    bytes.extend_from_slice(tail.as_bytes());
    bytes
}

/// A 2026-07-28 `tools/list` POST with `headers` (Host, Origin) before the MCP ones.
fn modern_list(headers: &[(&str, &[u8])]) -> Vec<u8> {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "origin-guard", "version": "1"}}}});
    let mut all = headers.to_vec();
    all.push(("mcp-protocol-version", MODERN.as_bytes()));
    all.push(("mcp-method", b"tools/list"));
    request("POST", "/mcp", &all, &body.to_string())
}

/// Asserts `reply` is the guard's 403 naming `header` and (when UTF-8) `value`.
fn assert_refused(reply: &Reply, header: &str, value: &[u8], case: &str) {
    assert_eq!(reply.status, 403, "{case}: {}", reply.head);
    let error = reply.json();
    assert_eq!(error["jsonrpc"], "2.0", "{case}: {error}");
    assert_eq!(error["id"], Value::Null, "{case}: {error}");
    assert_eq!(error["error"]["code"], -32600, "{case}: {error}");
    let message = error["error"]["message"].as_str().unwrap_or_default();
    let named = match std::str::from_utf8(value) {
        Ok(value) => format!("the {header} `{value}` is not allowed"),
        Err(_) => format!("the {header} ``"),
    };
    assert!(
        message.starts_with(&named) && message.contains("DNS rebinding"),
        "{case}: {message:?} does not name {named:?}"
    );
}

/// Asserts `reply` is a served `tools/list`.
fn assert_served(reply: &Reply, case: &str) {
    assert_eq!(reply.status, 200, "{case}: {}", reply.head);
    let response = reply.json();
    assert!(response["result"]["tools"].is_array(), "{case}: {response}");
}

/// Which header a case sets beside a good `Host`, or the `Host` itself.
#[derive(Clone, Copy)]
enum Set {
    Host,
    Origin,
}

/// One `Host` or `Origin` value, and whether it is allowed.
type Case = (Set, Vec<u8>, bool);

/// The `allowed` and `refused` values of header `set`.
fn cases(allowed: &[&str], refused: &[&str], set: Set) -> Vec<Case> {
    let allowed = allowed.iter().map(|v| (set, v.as_bytes().to_vec(), true));
    let refused = refused.iter().map(|v| (set, v.as_bytes().to_vec(), false));
    allowed.chain(refused).collect()
}

/// Runs `cases` against the server at `addr` (a `tools/list` each) and returns how many ran.
async fn run(addr: SocketAddr, label: &str, cases: &[Case]) -> usize {
    let good_host = addr.to_string();
    for (set, value, allowed) in cases {
        let case = format!(
            "{label}: {} {:?}",
            name(*set),
            String::from_utf8_lossy(value)
        );
        let headers: Vec<(&str, &[u8])> = match set {
            Set::Host => vec![("host", value)],
            Set::Origin => vec![("host", good_host.as_bytes()), ("origin", value)],
        };
        let reply = exchange(addr, &modern_list(&headers)).await;
        if *allowed {
            assert_served(&reply, &case);
        } else {
            assert_refused(&reply, name(*set), value, &case);
        }
    }
    cases.len()
}

/// The header's name as the guard's message spells it.
fn name(set: Set) -> &'static str {
    match set {
        Set::Host => "Host",
        Set::Origin => "Origin",
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_and_origin_are_checked_against_the_allowed_hosts() {
    let started = std::time::Instant::now();
    let mut total = 0;

    // The default: localhost only, any port, any case.
    let addr = start(HttpConfig::default()).await;
    let port = addr.port();
    let hosts_ok = [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("LOCALHOST:{port}"),
        format!("LocalHost:{port}"),
        "localhost".to_owned(),
        "localhost:".to_owned(),
        format!("  localhost:{port}  "),
    ];
    let hosts_bad = [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "localhost@evil.example".to_owned(),
        format!("evil.example@localhost:{port}"),
        format!("localhost:{port}@evil.example"),
        format!("user:pass@localhost:{port}"),
        "127.0.0.1.nip.io".to_owned(),
        format!("localhost.:{port}"),
        format!("127.0.0.2:{port}"),
        format!("0.0.0.0:{port}"),
        format!("[::ffff:127.0.0.1]:{port}"),
        format!("[::1]evil.example:{port}"),
        "[::1].evil.example".to_owned(),
        format!("localhost:{port}x"),
        format!("localhost:-{port}"),
        "::1".to_owned(),
        String::new(),
    ];
    let origins_ok = [
        format!("http://localhost:{port}"),
        format!("http://127.0.0.1:{port}"),
        format!("http://[::1]:{port}"),
        "https://localhost".to_owned(),
        "http://localhost:5173".to_owned(),
        format!("HTTP://LOCALHOST:{port}"),
        "http://localhost:3000/".to_owned(),
    ];
    let origins_bad = [
        "http://evil.example".to_owned(),
        format!("http://evil.example:{port}"),
        "https://evil.example".to_owned(),
        "null".to_owned(),
        "NULL".to_owned(),
        format!("http://localhost.evil.example:{port}"),
        format!("http://localhost:{port}@evil.example"),
        "http://localhost@evil.example".to_owned(),
        "http://127.0.0.1.nip.io".to_owned(),
        "http://localhost.".to_owned(),
        "file://".to_owned(),
        String::new(),
    ];
    let mut default = cases(&refs(&hosts_ok), &refs(&hosts_bad), Set::Host);
    default.extend(cases(&refs(&origins_ok), &refs(&origins_bad), Set::Origin));
    // Bytes that are not UTF-8: refused.
    default.push((Set::Host, b"local\xffhost".to_vec(), false));
    default.push((Set::Origin, b"http://localhost\xfe".to_vec(), false));
    total += run(addr, "default", &default).await;
    total += duplicate_headers_are_all_checked(addr).await;
    total += get_and_delete_are_guarded_like_post(addr).await;

    // A named host is accepted beside the defaults; look-alikes are not.
    let named = start(HttpConfig::default().allow_host("mcp.example.com")).await;
    let port = named.port();
    let named_cases = [
        cases(
            &[
                "mcp.example.com",
                "MCP.Example.COM:443",
                &format!("localhost:{port}"),
            ],
            &[
                "evil.example",
                "sub.mcp.example.com",
                "mcp.example.com.evil.example",
                "example.com",
            ],
            Set::Host,
        ),
        cases(
            &["https://mcp.example.com", "http://mcp.example.com:8080"],
            &[
                "https://mcp.example.com.evil.example",
                "https://evil.example",
                "null",
            ],
            Set::Origin,
        ),
    ]
    .concat();
    total += run(named, "allow_host", &named_cases).await;

    // `Origin: null` only by explicit opt-in.
    let null = start(HttpConfig::default().allow_host("null")).await;
    let null_cases = [
        cases(&["null"], &["http://evil.example"], Set::Origin),
        cases(&[], &["evil.example"], Set::Host),
    ]
    .concat();
    total += run(null, "allow_host(null)", &null_cases).await;

    // Any host: everything goes through.
    let any = start(HttpConfig::default().allow_any_host()).await;
    let any_cases = [
        cases(
            &["evil.example", "127.0.0.1.nip.io:80", "EVIL.example"],
            &[],
            Set::Host,
        ),
        cases(
            &["http://evil.example", "null", "https://a.b.c:1"],
            &[],
            Set::Origin,
        ),
    ]
    .concat();
    total += run(any, "allow_any_host", &any_cases).await;

    total += the_2024_11_05_endpoints_are_guarded().await;
    eprintln!(
        "origin guard: {total} Host/Origin cases over real HTTP, all as expected ({:.1?})",
        started.elapsed()
    );
}

/// The values as `&str`.
fn refs(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

/// A second `Host` or `Origin` line is checked too (a proxy may forward either one).
async fn duplicate_headers_are_all_checked(addr: SocketAddr) -> usize {
    let good = addr.to_string();
    let good_origin = format!("http://{addr}");
    let host_then_evil = modern_list(&[("host", good.as_bytes()), ("host", b"evil.example")]);
    let reply = exchange(addr, &host_then_evil).await;
    assert_refused(&reply, "Host", b"evil.example", "two Host lines");
    let origins = modern_list(&[
        ("host", good.as_bytes()),
        ("origin", good_origin.as_bytes()),
        ("origin", b"http://evil.example"),
    ]);
    let reply = exchange(addr, &origins).await;
    assert_refused(&reply, "Origin", b"http://evil.example", "two Origin lines");
    2
}

/// The legacy session's GET stream and DELETE, and the 405 of a 2026-07-28 GET, are guarded
/// before anything else; the session is untouched by refused requests.
async fn get_and_delete_are_guarded_like_post(addr: SocketAddr) -> usize {
    let good = addr.to_string();
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": LEGACY, "capabilities": {},
        "clientInfo": {"name": "origin-guard", "version": "1"}}});
    let init = request(
        "POST",
        "/mcp",
        &[("host", good.as_bytes())],
        &init.to_string(),
    );
    let reply = exchange(addr, &init).await;
    assert_eq!(reply.status, 200, "{}", reply.head);
    let session = reply
        .header("mcp-session-id")
        .expect("a session id")
        .to_owned();
    let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    let legacy = |host: &[u8], origin: Option<&[u8]>, method: &str, body: &str| {
        let mut headers: Vec<(&str, &[u8])> = vec![
            ("host", host),
            ("mcp-session-id", session.as_bytes()),
            ("mcp-protocol-version", LEGACY.as_bytes()),
        ];
        headers.extend(origin.map(|o| ("origin", o)));
        request(method, "/mcp", &headers, body)
    };
    let reply = exchange(
        addr,
        &legacy(good.as_bytes(), None, "POST", &initialized.to_string()),
    )
    .await;
    assert_eq!(reply.status, 202, "{}", reply.head);
    let mut count = 0;
    for method in ["GET", "DELETE", "POST"] {
        let body = if method == "POST" {
            initialized.to_string()
        } else {
            String::new()
        };
        let evil_host = exchange(addr, &legacy(b"evil.example", None, method, &body)).await;
        assert_refused(&evil_host, "Host", b"evil.example", method);
        let origin: &[u8] = b"http://evil.example";
        let evil_origin =
            exchange(addr, &legacy(good.as_bytes(), Some(origin), method, &body)).await;
        assert_refused(&evil_origin, "Origin", origin, method);
        let null = exchange(addr, &legacy(good.as_bytes(), Some(b"null"), method, &body)).await;
        assert_refused(&null, "Origin", b"null", method);
        count += 3;
    }
    // A 2026-07-28 GET is 405, but only once the guard let it through.
    let modern_get = |host: &[u8]| {
        request(
            "GET",
            "/mcp",
            &[("host", host), ("mcp-protocol-version", MODERN.as_bytes())],
            "",
        )
    };
    assert_refused(
        &exchange(addr, &modern_get(b"evil.example")).await,
        "Host",
        b"evil.example",
        "modern GET",
    );
    assert_eq!(
        exchange(addr, &modern_get(good.as_bytes())).await.status,
        405
    );
    count += 1;
    // The refused requests left the session alone: its stream opens, then it ends.
    let origin = format!("http://localhost:{}", addr.port());
    let get = exchange(
        addr,
        &legacy(good.as_bytes(), Some(origin.as_bytes()), "GET", ""),
    )
    .await;
    assert_eq!(get.status, 200, "{}", get.head);
    assert_eq!(get.header("content-type"), Some("text/event-stream"));
    drop(get);
    let delete = exchange(addr, &legacy(b"localhost", None, "DELETE", "")).await;
    assert_eq!(delete.status, 200, "{}", delete.head);
    let again = exchange(addr, &legacy(b"localhost", None, "DELETE", "")).await;
    assert_eq!(again.status, 404, "the session is gone: {}", again.head);
    count
}

/// The deprecated 2024-11-05 endpoints check `Host` and `Origin` on GET and POST alike.
async fn the_2024_11_05_endpoints_are_guarded() -> usize {
    let addr = start_sse(HttpConfig::default()).await;
    let good = addr.to_string();
    let get = |host: &[u8], origin: Option<&[u8]>| {
        let mut headers: Vec<(&str, &[u8])> = vec![("host", host)];
        headers.extend(origin.map(|o| ("origin", o)));
        request("GET", "/sse", &headers, "")
    };
    let post = |host: &[u8], origin: Option<&[u8]>| {
        let mut headers: Vec<(&str, &[u8])> = vec![("host", host)];
        headers.extend(origin.map(|o| ("origin", o)));
        request("POST", "/sse?sessionId=unknown", &headers, "{}")
    };
    let evil: &[u8] = b"evil.example";
    let evil_origin: &[u8] = b"http://evil.example";
    let refused = [
        (get(evil, None), "Host", evil),
        (
            get(good.as_bytes(), Some(evil_origin)),
            "Origin",
            evil_origin,
        ),
        (
            get(good.as_bytes(), Some(b"null")),
            "Origin",
            b"null".as_slice(),
        ),
        (post(evil, None), "Host", evil),
        (
            post(good.as_bytes(), Some(evil_origin)),
            "Origin",
            evil_origin,
        ),
    ];
    let count = refused.len() + 2;
    for (n, (bytes, header, value)) in refused.into_iter().enumerate() {
        let reply = exchange(addr, &bytes).await;
        assert_refused(&reply, header, value, &format!("2024-11-05 case {n}"));
    }
    // Allowed: the stream opens with its endpoint event; a POST reaches the session lookup.
    let opened = exchange(addr, &get(b"localhost", Some(b"http://localhost:8080"))).await;
    assert_eq!(opened.status, 200, "{}", opened.head);
    assert_eq!(opened.header("content-type"), Some("text/event-stream"));
    let unknown = exchange(addr, &post(good.as_bytes(), None)).await;
    assert_eq!(unknown.status, 404, "{}", unknown.head);
    count
}
