//! The Streamable HTTP service (`Server::streamable_http`) as a `tower::Service`, no sockets:
//! an arbitrary method, headers and body go through `ServiceExt::oneshot`. The service must not
//! panic, the status must be one the transport answers with, and every JSON body (and every
//! SSE event's data) must be a JSON-RPC message.
//!
//! Input framing: the first byte `n` and the `n` bytes after it are the [`Head`] (read with
//! `arbitrary`; too few bytes fill in the first variant, zeros and empty lists), the rest is
//! the body. A seed `\0` + a JSON message is thus a plain POST on localhost with the headers a
//! client mirrors from the body.
#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use libfuzzer_sys::fuzz_target;
use tether_mcp::transport::http::{HttpBody, HttpConfig, StreamableHttp};
use tether_mcp_fuzz::{Fuzzed, check_message, echo, runtime, server};
use tower::ServiceExt;

/// How long (virtual: the clock is paused) a body may take; an SSE stream still open then is
/// cut there (a standalone GET stream never ends by itself).
const WAIT: Duration = Duration::from_secs(2);

/// The statuses the transport answers with.
const EXPECTED: &[u16] = &[200, 202, 400, 403, 404, 405, 406, 409, 413, 415, 503];

#[derive(Arbitrary, Debug)]
enum Method {
    Post,
    Get,
    Delete,
    Put,
    Options,
    Head,
    Patch,
}

#[derive(Arbitrary, Debug)]
enum Host {
    Localhost,
    LocalhostPort(u16),
    Loopback,
    LoopbackV6,
    Missing,
    Elsewhere,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Origin {
    Missing,
    Localhost,
    Elsewhere,
    Null,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Accept {
    Both,
    Json,
    EventStream,
    Missing,
    Any,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum ContentType {
    Json,
    JsonCharset,
    Missing,
    Text,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Version {
    /// The body's `_meta` protocol version (none for `initialize` or without one).
    Mirror,
    Missing,
    Modern,
    Legacy,
    Old,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Mirrored {
    /// `Mcp-Method` and `Mcp-Name` from the body, as a 2026-07-28 client sends them.
    FromBody,
    Missing,
    Raw {
        method: String,
        name: Option<String>,
    },
}

#[derive(Arbitrary, Debug)]
enum SessionId {
    Missing,
    /// A live 2025-11-25 session, initialized for this input and deleted after it.
    Live,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct Head {
    method: Method,
    host: Host,
    origin: Origin,
    accept: Accept,
    content_type: ContentType,
    version: Version,
    mirrored: Mirrored,
    session: SessionId,
    last_event_id: Option<String>,
    extra: Vec<(String, Vec<u8>)>,
}

fn service() -> &'static StreamableHttp<Fuzzed> {
    static SERVICE: OnceLock<StreamableHttp<Fuzzed>> = OnceLock::new();
    SERVICE.get_or_init(|| server().streamable_http(HttpConfig::default()))
}

fn set(request: &mut Request<Full<Bytes>>, name: &str, value: impl AsRef<[u8]>) {
    if let (Ok(name), Ok(value)) = (
        HeaderName::from_bytes(name.as_bytes()),
        HeaderValue::from_bytes(value.as_ref()),
    ) {
        request.headers_mut().append(name, value);
    }
}

/// The request `head` and `body` describe (`session`: the live session's id, if any).
fn build(head: &Head, body: &[u8], session: Option<&str>) -> Request<Full<Bytes>> {
    let method = match head.method {
        Method::Post => http::Method::POST,
        Method::Get => http::Method::GET,
        Method::Delete => http::Method::DELETE,
        Method::Put => http::Method::PUT,
        Method::Options => http::Method::OPTIONS,
        Method::Head => http::Method::HEAD,
        Method::Patch => http::Method::PATCH,
    };
    let mut request = Request::new(Full::new(Bytes::copy_from_slice(body)));
    *request.method_mut() = method;
    *request.uri_mut() = http::Uri::from_static("/mcp");
    match &head.host {
        Host::Localhost => set(&mut request, "host", "localhost"),
        Host::LocalhostPort(port) => set(&mut request, "host", format!("localhost:{port}")),
        Host::Loopback => set(&mut request, "host", "127.0.0.1:8080"),
        Host::LoopbackV6 => set(&mut request, "host", "[::1]:8080"),
        Host::Missing => {}
        Host::Elsewhere => set(&mut request, "host", "evil.example"),
        Host::Raw(raw) => set(&mut request, "host", raw),
    }
    match &head.origin {
        Origin::Missing => {}
        Origin::Localhost => set(&mut request, "origin", "http://localhost:3000"),
        Origin::Elsewhere => set(&mut request, "origin", "https://evil.example"),
        Origin::Null => set(&mut request, "origin", "null"),
        Origin::Raw(raw) => set(&mut request, "origin", raw),
    }
    match &head.accept {
        Accept::Both => set(
            &mut request,
            "accept",
            "application/json, text/event-stream",
        ),
        Accept::Json => set(&mut request, "accept", "application/json"),
        Accept::EventStream => set(&mut request, "accept", "text/event-stream"),
        Accept::Missing => {}
        Accept::Any => set(&mut request, "accept", "*/*"),
        Accept::Raw(raw) => set(&mut request, "accept", raw),
    }
    match &head.content_type {
        ContentType::Json => set(&mut request, "content-type", "application/json"),
        ContentType::JsonCharset => {
            set(
                &mut request,
                "content-type",
                "application/json; charset=utf-8",
            );
        }
        ContentType::Missing => {}
        ContentType::Text => set(&mut request, "content-type", "text/plain"),
        ContentType::Raw(raw) => set(&mut request, "content-type", raw),
    }
    let parsed: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let params = &parsed["params"];
    match &head.version {
        Version::Mirror => {
            if let Some(version) = params["_meta"]["io.modelcontextprotocol/protocolVersion"]
                .as_str()
                .or(session.map(|_| "2025-11-25"))
            {
                set(&mut request, "mcp-protocol-version", version);
            }
        }
        Version::Missing => {}
        Version::Modern => set(&mut request, "mcp-protocol-version", "2026-07-28"),
        Version::Legacy => set(&mut request, "mcp-protocol-version", "2025-11-25"),
        Version::Old => set(&mut request, "mcp-protocol-version", "2025-03-26"),
        Version::Raw(raw) => set(&mut request, "mcp-protocol-version", raw),
    }
    match &head.mirrored {
        Mirrored::FromBody => {
            if session.is_none() {
                if let Some(method) = parsed["method"].as_str() {
                    set(&mut request, "mcp-method", method);
                }
                if let Some(name) = params["name"].as_str().or(params["uri"].as_str()) {
                    set(&mut request, "mcp-name", name);
                }
            }
        }
        Mirrored::Missing => {}
        Mirrored::Raw { method, name } => {
            set(&mut request, "mcp-method", method);
            if let Some(name) = name {
                set(&mut request, "mcp-name", name);
            }
        }
    }
    match (&head.session, session) {
        (SessionId::Live, Some(id)) => set(&mut request, "mcp-session-id", id),
        (SessionId::Raw(raw), _) => set(&mut request, "mcp-session-id", raw),
        _ => {}
    }
    if let Some(id) = &head.last_event_id {
        set(&mut request, "last-event-id", id);
    }
    for (name, value) in &head.extra {
        set(&mut request, name, value);
    }
    request
}

/// Sends `request`; checks the status and the body; returns the status and the session id the
/// response carries.
async fn exchange(request: Request<Full<Bytes>>) -> (StatusCode, Option<String>) {
    if echo() {
        eprintln!("-> {} {:?}", request.method(), request.headers());
    }
    let response = service()
        .clone()
        .oneshot(request)
        .await
        .expect("the service is infallible");
    let status = response.status();
    if echo() {
        eprintln!("<- {status} {:?}", response.headers());
    }
    assert!(
        EXPECTED.contains(&status.as_u16()),
        "unexpected status {status}"
    );
    let session = response
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let (body, whole) = read_body(response.into_body()).await;
    if content_type.starts_with("application/json") {
        assert!(whole, "a JSON body still open after {WAIT:?}");
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_else(|e| {
            panic!(
                "a JSON response ({status}) that is not JSON ({e}): {}",
                String::from_utf8_lossy(&body)
            )
        });
        check_message(&value);
    } else if content_type.starts_with("text/event-stream") {
        let text = std::str::from_utf8(&body).expect("an SSE stream is UTF-8");
        // Only whole events: a stream cut by the wait may end mid-event.
        let complete = text.rfind("\n\n").map_or("", |end| &text[..end]);
        for event in complete.split("\n\n") {
            let data: Vec<&str> = event
                .lines()
                .filter_map(|line| line.strip_prefix("data:"))
                .map(|data| data.strip_prefix(' ').unwrap_or(data))
                .collect();
            if data.is_empty() {
                continue;
            }
            let data = data.join("\n");
            let value: serde_json::Value = serde_json::from_str(&data)
                .unwrap_or_else(|e| panic!("an SSE event whose data is not JSON ({e}): {data}"));
            check_message(&value);
        }
    } else {
        assert!(
            body.is_empty(),
            "a {status} body without a content type: {}",
            String::from_utf8_lossy(&body)
        );
    }
    (status, session)
}

/// The body's bytes, read until its end or [`WAIT`]; whether it ended.
async fn read_body(mut body: HttpBody) -> (Vec<u8>, bool) {
    let mut bytes = Vec::new();
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        match tokio::time::timeout_at(deadline, body.frame()).await {
            Err(_) => return (bytes, false),
            Ok(None) => return (bytes, true),
            Ok(Some(frame)) => {
                let frame = frame.expect("the service's bodies do not fail");
                if let Ok(data) = frame.into_data() {
                    bytes.extend_from_slice(&data);
                }
            }
        }
    }
}

fn plain_post(body: &str, session: Option<&str>) -> Request<Full<Bytes>> {
    let mut request = Request::post("/mcp")
        .header("host", "localhost")
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json");
    if let Some(session) = session {
        request = request
            .header("mcp-session-id", session)
            .header("mcp-protocol-version", "2025-11-25");
    }
    request
        .body(Full::new(Bytes::copy_from_slice(body.as_bytes())))
        .expect("a request")
}

/// A fresh 2025-11-25 session, initialized.
async fn live_session() -> String {
    let (status, session) = exchange(plain_post(
        r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{}},"clientInfo":{"name":"fuzz","version":"1"}}}"#,
        None,
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "initialize");
    let session = session.expect("an Mcp-Session-Id");
    let (status, _) = exchange(plain_post(
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        Some(&session),
    ))
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "notifications/initialized");
    session
}

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let n = usize::from(n).min(rest.len());
    let (head, body) = rest.split_at(n);
    let Ok(head) = Head::arbitrary_take_rest(Unstructured::new(head)) else {
        return;
    };
    runtime().block_on(async {
        let session = match head.session {
            SessionId::Live => Some(live_session().await),
            _ => None,
        };
        let (_, opened) = exchange(build(&head, body, session.as_deref())).await;
        // End the sessions this input made, so they do not pile up.
        for id in session.iter().chain(opened.iter()) {
            let request = Request::delete("/mcp")
                .header("host", "localhost")
                .header("mcp-session-id", id.as_str())
                .header("mcp-protocol-version", "2025-11-25")
                .body(Full::new(Bytes::new()))
                .expect("a request");
            exchange(request).await;
        }
    });
});
