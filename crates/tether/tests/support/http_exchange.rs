//! A Streamable HTTP server on 127.0.0.1 (an OS-assigned port) and one-connection exchanges
//! with it through hyper's client: the harness of the HTTP tests (`#[path]`-included by each).
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use serde_json::{Value, json};
use tether_mcp::Server;
use tether_mcp::transport::http::{self as mcp_http, HttpConfig};
use tokio::task::JoinHandle;

use crate::one_request::one_request;
use crate::support::demo::Demo;
use crate::support::schema;

pub(crate) const WAIT: Duration = Duration::from_secs(5);
pub(crate) const MODERN: &str = "2026-07-28";

/// A server on 127.0.0.1 with an OS-assigned port.
pub(crate) struct Running {
    pub(crate) addr: SocketAddr,
    pub(crate) stop: Option<tokio::sync::oneshot::Sender<()>>,
    pub(crate) task: JoinHandle<std::io::Result<()>>,
}

pub(crate) async fn start(server: Server<Demo>) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let service = server.streamable_http(HttpConfig::default());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(mcp_http::serve(listener, service, async {
        let _ = stopped.await;
    }));
    Running {
        addr,
        stop: Some(stop),
        task,
    }
}

impl Running {
    pub(crate) async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(WAIT, &mut self.task)
            .await
            .expect("graceful shutdown in time")
            .expect("the server task")
            .expect("serve returns Ok");
    }
}

/// One HTTP exchange on its own connection; dropping it closes the connection.
pub(crate) struct Exchange {
    pub(crate) status: StatusCode,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Option<Incoming>,
    pub(crate) buffer: String,
    pub(crate) last_id: Option<String>,
    pub(crate) connection: JoinHandle<()>,
}

impl Drop for Exchange {
    fn drop(&mut self) {
        self.connection.abort();
    }
}

pub(crate) async fn send(
    addr: SocketAddr,
    method: Method,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> Exchange {
    let host = addr.to_string();
    let defaults = [
        ("host", host.as_str()),
        ("accept", "application/json, text/event-stream"),
        ("content-type", "application/json"),
    ];
    let missing = defaults
        .into_iter()
        .filter(|(name, _)| !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)));
    let bytes = body.map(|b| Bytes::from(b.to_string())).unwrap_or_default();
    let (response, connection) =
        one_request(addr, method, missing.chain(headers.iter().copied()), bytes).await;
    let (parts, body) = response.into_parts();
    Exchange {
        status: parts.status,
        headers: parts.headers,
        body: Some(body),
        buffer: String::new(),
        last_id: None,
        connection,
    }
}

impl Exchange {
    pub(crate) fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// The whole body as JSON.
    pub(crate) async fn json(mut self) -> Value {
        let body = self.body.take().expect("the body, once");
        let bytes = tokio::time::timeout(WAIT, body.collect())
            .await
            .expect("the body in time")
            .expect("a body")
            .to_bytes();
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {bytes:?}"))
    }

    /// The next SSE message, or `None` at the end of the stream.
    pub(crate) async fn event(&mut self) -> Option<Value> {
        self.event_with_id().await.map(|(_, value)| value)
    }

    /// The next SSE message with its event id (if any), or `None` at the end of the stream.
    /// Events without data (comments, the priming event) are skipped; the last id seen is kept.
    pub(crate) async fn event_with_id(&mut self) -> Option<(Option<String>, Value)> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                if let Some(id) = event.lines().find_map(|l| l.strip_prefix("id: ")) {
                    self.last_id = Some(id.to_owned());
                }
                let data = event.lines().find_map(|l| l.strip_prefix("data:"));
                match data.map(str::trim) {
                    Some(data) if !data.is_empty() => {
                        let value = serde_json::from_str(data).expect("JSON data");
                        return Some((self.last_id.clone(), value));
                    }
                    _ => continue, // a keep-alive comment or the priming event
                }
            }
            let body = self.body.as_mut().expect("the body");
            let frame = tokio::time::timeout(WAIT, body.frame())
                .await
                .expect("an SSE event in time")?
                .expect("a frame");
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(&String::from_utf8_lossy(&data));
            }
        }
    }
}

pub(crate) fn meta(caps: Value) -> Value {
    json!({
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientCapabilities": caps,
        "io.modelcontextprotocol/clientInfo": {"name": "http-test", "version": "1"},
    })
}

pub(crate) fn modern_headers<'a>(
    method: &'a str,
    name: Option<&'a str>,
) -> Vec<(&'a str, &'a str)> {
    let mut headers = vec![("mcp-protocol-version", MODERN), ("mcp-method", method)];
    if let Some(name) = name {
        headers.push(("mcp-name", name));
    }
    headers
}

pub(crate) async fn modern_call(
    addr: SocketAddr,
    id: i64,
    tool: &str,
    arguments: Value,
    caps: Value,
    extra_meta: Value,
) -> Exchange {
    let mut meta = meta(caps);
    if let Value::Object(extra) = extra_meta {
        for (k, v) in extra {
            meta[k] = v;
        }
    }
    let body = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                      "params": {"name": tool, "arguments": arguments, "_meta": meta}});
    send(
        addr,
        Method::POST,
        &modern_headers("tools/call", Some(tool)),
        Some(body),
    )
    .await
}

pub(crate) fn valid(rev: &str, definition: &str, value: &Value) {
    if let Err(e) = schema::validate(rev, definition, value) {
        panic!("{e}\n{value}");
    }
}

pub(crate) async fn initialize(addr: SocketAddr, version: &str, caps: Value) -> String {
    let body = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": version, "capabilities": caps, "clientInfo": {"name": "http-test", "version": "1"}}});
    let exchange = send(addr, Method::POST, &[], Some(body)).await;
    let session = exchange
        .headers
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .expect("an Mcp-Session-Id")
        .to_owned();
    assert!(session.bytes().all(|b| (0x21..=0x7e).contains(&b)));
    let result = exchange.json().await;
    valid(version, "InitializeResult", &result["result"]);
    let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    let accepted = send(
        addr,
        Method::POST,
        &legacy_headers(&session, version),
        Some(initialized),
    )
    .await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED);
    session
}

pub(crate) fn legacy_headers<'a>(session: &'a str, version: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("mcp-session-id", session),
        ("mcp-protocol-version", version),
    ]
}

pub(crate) fn call(id: i64, tool: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": tool, "arguments": {}}})
}

/// The one response of an exchange, whether it came as JSON or as an SSE stream.
pub(crate) async fn only_response(mut exchange: Exchange) -> Value {
    if exchange.content_type().starts_with("application/json") {
        exchange.json().await
    } else {
        exchange.event().await.expect("a response event")
    }
}

/// What the demo's `meta` tool reported, from its response.
pub(crate) fn meta_report(response: &Value) -> Value {
    let text = response["result"]["content"][0]["text"].as_str();
    serde_json::from_str(text.unwrap_or_else(|| panic!("no text: {response}"))).expect("JSON")
}
