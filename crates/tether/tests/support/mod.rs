//! A scripted JSON-RPC peer for end-to-end tests of the server, over the in-memory duplex
//! (`Server::spawn`) or over stdio to a real child process.
//!
//! The peer writes raw lines (so a test can send malformed bytes) and reads the server's lines,
//! every read bounded by [`READ_TIMEOUT`]. Every message it reads is checked before a test sees
//! it: a well-formed JSON-RPC 2.0 message, valid against the specific definition of the session
//! revision's JSON schema (the result of the method it answers, the server request or
//! notification it is), answering a request the peer sent and has not seen answered or
//! cancelled, a server request id never used before, and no server request other than `ping`
//! before `notifications/initialized`. Then the test must say what it expects
//! (`expect_response`, `expect_error`, `expect_request`, `expect_notification`,
//! `expect_nothing_for`): a message it did not expect fails the test, showing the message and
//! the transcript. [`Peer::finish`] closes the connection, fails on any message still coming,
//! checks that the server ends (the child exits successfully) and that every request the peer
//! sent was answered, except the ones it cancelled, which must never be answered.
//!
//! Both eras may share one connection, so the revision is decided per message. A request whose
//! `params._meta` carries `io.modelcontextprotocol/protocolVersion` ([`Peer::modern_request`])
//! is a 2026-07-28 request: its answer is validated at 2026-07-28 and must carry `resultType`
//! and `_meta["io.modelcontextprotocol/serverInfo"]`, the cache hints where they are required,
//! and `input_required` only where it is allowed; everything else is validated at the
//! negotiated legacy revision. Notifications are modern when they name a listen stream, carry
//! the progress of a modern request, or arrive on a connection that sent modern requests and
//! never `initialize` (which also allows no server request at all).
//!
//! Shared by `crates/tether/tests/*` and, via `#[path]`, by `examples/tests/stdio_server.rs`.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

pub(crate) mod client_scenarios;
pub(crate) mod demo;
pub(crate) mod modern_scenarios;
pub(crate) mod scenarios;
pub(crate) mod schema;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tether_mcp::{Server, ServerHandler, Session};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// The longest a read (or a write) waits for the server.
pub(crate) const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How long "nothing arrives" is watched by default.
pub(crate) const QUIET: Duration = Duration::from_millis(300);

type Reader = Box<dyn AsyncRead + Unpin + Send>;
type Writer = Box<dyn AsyncWrite + Unpin + Send>;

/// Where the server runs.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Target {
    /// In this process, over the in-memory duplex, serving [`demo::Demo`] with default limits.
    Memory,
    /// The `stdio-server` example binary at this path, as a child process.
    Stdio(&'static str),
}

impl Target {
    /// A fresh connection to a fresh server.
    pub(crate) fn connect(&self) -> Peer {
        match self {
            Target::Memory => Peer::in_memory(&Server::new(demo::Demo::default())),
            Target::Stdio(path) => Peer::child(Path::new(path)),
        }
    }

    /// A fresh connection, initialized at `version` with `capabilities` (`initialize`, its
    /// response, `notifications/initialized`).
    pub(crate) async fn initialized(&self, version: &str, capabilities: Value) -> Peer {
        let mut peer = self.connect();
        peer.initialize(version, capabilities).await;
        peer
    }
}

enum End {
    /// A byte stream the test drives itself (a fake server, for the peer's own checks).
    Raw,
    Memory(Option<tether_mcp::Connection>),
    Child {
        child: tokio::process::Child,
        stderr: Arc<Mutex<String>>,
    },
}

/// What kind of message the server wrote.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// A result response.
    Response,
    /// An error response.
    Error,
    /// A server-to-client request.
    Request,
    /// A notification.
    Notification,
    /// A batch reply (2025-03-26): an array of responses, each checked as a response.
    Batch,
}

/// A message from the server, already checked.
#[derive(Clone, Debug)]
pub(crate) struct Msg {
    /// What kind it is.
    pub(crate) kind: Kind,
    /// The whole message.
    pub(crate) value: Value,
}

impl Msg {
    /// `id`, or `Value::Null` when absent.
    pub(crate) fn id(&self) -> &Value {
        self.value.get("id").unwrap_or(&Value::Null)
    }

    /// `method`, or `""`.
    pub(crate) fn method(&self) -> &str {
        self.value
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// `params`, or `Value::Null` when absent.
    pub(crate) fn params(&self) -> &Value {
        self.value.get("params").unwrap_or(&Value::Null)
    }

    /// Whether this is `notifications/progress` for `token`.
    pub(crate) fn is_progress_for(&self, token: &Value) -> bool {
        self.kind == Kind::Notification
            && self.method() == "notifications/progress"
            && self.params().get("progressToken") == Some(token)
    }
}

fn key(id: &Value) -> String {
    id.to_string()
}

/// The `params._meta` key that makes a request a 2026-07-28 ("modern") request.
pub(crate) const PROTOCOL_VERSION_KEY: &str = "io.modelcontextprotocol/protocolVersion";
/// The `params._meta` key of a modern request's capabilities.
pub(crate) const CLIENT_CAPABILITIES_KEY: &str = "io.modelcontextprotocol/clientCapabilities";
/// The `params._meta` key of a modern request's client identity.
pub(crate) const CLIENT_INFO_KEY: &str = "io.modelcontextprotocol/clientInfo";
/// The `params._meta` key of a modern request's log level.
pub(crate) const LOG_LEVEL_KEY: &str = "io.modelcontextprotocol/logLevel";
/// The result `_meta` key of the server's identity (required by the peer on modern results).
pub(crate) const SERVER_INFO_KEY: &str = "io.modelcontextprotocol/serverInfo";
/// The `_meta` key naming the listen stream of a notification (and of the listen result).
pub(crate) const SUBSCRIPTION_ID_KEY: &str = "io.modelcontextprotocol/subscriptionId";

/// The methods whose modern result may be an `InputRequiredResult`.
const INPUT_REQUIRED_METHODS: [&str; 3] = ["tools/call", "prompts/get", "resources/read"];
/// The methods whose complete modern result must carry `ttlMs` and `cacheScope`.
const CACHEABLE_METHODS: [&str; 6] = [
    "server/discover",
    "tools/list",
    "prompts/list",
    "resources/list",
    "resources/templates/list",
    "resources/read",
];
/// The notifications that, on the modern wire, only travel on a `subscriptions/listen` stream.
const LISTEN_STREAM_NOTIFICATIONS: [&str; 5] = [
    "notifications/subscriptions/acknowledged",
    "notifications/tools/list_changed",
    "notifications/prompts/list_changed",
    "notifications/resources/list_changed",
    "notifications/resources/updated",
];

/// A request the peer sent that the server has not answered yet.
#[derive(Clone, Debug)]
struct Sent {
    method: String,
    /// `Some` for a modern request: the revision its answer is validated against and the
    /// capabilities it declared (`None` for a legacy request).
    modern: Option<Modern>,
}

#[derive(Clone, Debug)]
struct Modern {
    revision: &'static str,
    /// `params._meta["io.modelcontextprotocol/clientCapabilities"]` (`{}` when absent).
    capabilities: Value,
}

/// Whether `message` is a modern request: its `params._meta` carries the protocol version
/// (an `initialize` never is: it selects the legacy era whatever it carries).
fn is_modern_request(message: &Value) -> bool {
    message.get("method").and_then(Value::as_str) != Some("initialize")
        && message
            .get("params")
            .and_then(|p| p.get("_meta"))
            .and_then(|m| m.get(PROTOCOL_VERSION_KEY))
            .is_some()
}

/// The scripted peer.
pub(crate) struct Peer {
    transport: &'static str,
    reader: BufReader<Reader>,
    writer: Option<Writer>,
    end: End,
    /// Bytes of a line not yet complete (reads are cancel-safe across timeouts).
    partial: Vec<u8>,
    /// The revision legacy messages are validated against: the negotiated one once known.
    revision: String,
    /// Requests sent and not yet answered: id → requests (a duplicate id is sent twice).
    outstanding: HashMap<String, Vec<Sent>>,
    /// Requests the peer cancelled: any response to them fails the test.
    cancelled: HashSet<String>,
    /// Ids of the server's requests so far.
    server_ids: HashSet<String>,
    /// Whether the peer sent `notifications/initialized`.
    initialized_sent: bool,
    /// Whether the peer sent `initialize` (a legacy session exists or is being set up).
    initialize_sent: bool,
    /// Whether the peer sent any modern request.
    modern_sent: bool,
    /// Whether any modern request asked for log messages (`io.modelcontextprotocol/logLevel`).
    modern_log_level_sent: bool,
    /// The progress tokens of modern requests (their progress is validated at 2026-07-28).
    modern_progress_tokens: HashSet<String>,
    /// The capabilities [`modern_meta`](Self::modern_meta) declares.
    modern_caps: Value,
    transcript: Vec<String>,
    next_id: i64,
}

impl Peer {
    /// Connects to `server` over an in-memory duplex (`Server::spawn`).
    pub(crate) fn in_memory<H: ServerHandler>(server: &Server<H>) -> Peer {
        let (server_side, client_side) = tether_mcp::transport::memory::duplex(64 * 1024);
        let connection = server.spawn(server_side);
        let (read, write) = tokio::io::split(client_side);
        Peer::new(
            "memory",
            Box::new(read),
            Box::new(write),
            End::Memory(Some(connection)),
        )
    }

    /// Talks over a byte stream the test drives itself (a fake server, to check the peer).
    pub(crate) fn raw(
        reader: impl AsyncRead + Unpin + Send + 'static,
        writer: impl AsyncWrite + Unpin + Send + 'static,
    ) -> Peer {
        Peer::new("raw", Box::new(reader), Box::new(writer), End::Raw)
    }

    /// Starts `program` and talks to it over its standard input and output.
    pub(crate) fn child(program: &Path) -> Peer {
        let mut child = tokio::process::Command::new(program)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr_pipe = child.stderr.take().expect("piped stderr");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        tokio::spawn(async move {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr_pipe.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                let text = String::from_utf8_lossy(&buf[..n]).into_owned();
                sink.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push_str(&text);
            }
        });
        Peer::new(
            "stdio",
            Box::new(stdout),
            Box::new(stdin),
            End::Child { child, stderr },
        )
    }

    fn new(transport: &'static str, reader: Reader, writer: Writer, end: End) -> Peer {
        Peer {
            transport,
            reader: BufReader::new(reader),
            writer: Some(writer),
            end,
            partial: Vec::new(),
            revision: "2025-11-25".to_owned(),
            outstanding: HashMap::new(),
            cancelled: HashSet::new(),
            server_ids: HashSet::new(),
            initialized_sent: false,
            initialize_sent: false,
            modern_sent: false,
            modern_log_level_sent: false,
            modern_progress_tokens: HashSet::new(),
            modern_caps: json!({}),
            transcript: Vec::new(),
            next_id: 1000,
        }
    }

    /// `"memory"` or `"stdio"`.
    pub(crate) fn transport(&self) -> &'static str {
        self.transport
    }

    /// The session of the in-memory connection (`Connection::session()`).
    pub(crate) fn session(&self) -> Session {
        match &self.end {
            End::Memory(Some(connection)) => connection.session(),
            _ => panic!("only an in-memory connection has a session handle"),
        }
    }

    /// The revision legacy messages are validated against (answers to modern requests are
    /// validated against [`schema::MODERN`] whatever this says).
    pub(crate) fn revision(&self) -> &str {
        &self.revision
    }

    /// A fresh request id (numbers from 1000 up; tests pick small ids themselves).
    pub(crate) fn fresh_id(&mut self) -> Value {
        self.next_id += 1;
        json!(self.next_id)
    }

    // ---------------------------------------------------------------------------------------
    // Failure reporting

    /// Fails the test with `what`, the transcript and (for a child) its standard error.
    #[track_caller]
    pub(crate) fn fail(&self, what: impl std::fmt::Display) -> ! {
        let mut report = format!(
            "[{}] {what}\n--- transcript (→ sent, ← received) ---\n",
            self.transport
        );
        let skip = self.transcript.len().saturating_sub(40);
        if skip > 0 {
            let _ = writeln!(report, "  ... {skip} earlier lines");
        }
        for line in &self.transcript[skip..] {
            let _ = writeln!(report, "  {line}");
        }
        if let End::Child { stderr, .. } = &self.end {
            let stderr = stderr.lock().unwrap_or_else(|p| p.into_inner());
            if !stderr.is_empty() {
                let _ = write!(report, "--- child stderr ---\n{stderr}");
            }
        }
        panic!("{report}");
    }

    fn note(&mut self, arrow: &str, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        let text = if text.chars().count() > 400 {
            format!(
                "{}… ({} bytes)",
                text.chars().take(400).collect::<String>(),
                bytes.len()
            )
        } else {
            text.into_owned()
        };
        self.transcript.push(format!("{arrow} {}", text.trim_end()));
    }

    // ---------------------------------------------------------------------------------------
    // Sending

    /// Writes raw bytes as they are (the caller adds the newline). Nothing is tracked: use
    /// [`sent_request`](Self::sent_request) for a raw line the server must answer with this id.
    pub(crate) async fn send_raw(&mut self, bytes: &[u8]) {
        self.note("→", bytes);
        let Some(writer) = self.writer.as_mut() else {
            self.fail("write after the peer closed its side")
        };
        let written = tokio::time::timeout(READ_TIMEOUT, async {
            writer.write_all(bytes).await?;
            writer.flush().await
        })
        .await;
        match written {
            Ok(Ok(())) => {}
            Ok(Err(e)) => self.fail(format!("write failed: {e}")),
            Err(_) => self.fail(format!(
                "write of {} bytes blocked for {READ_TIMEOUT:?}",
                bytes.len()
            )),
        }
    }

    /// Records that a raw line carried a (legacy) request `id` of `method`, which the server
    /// must answer.
    pub(crate) fn sent_request(&mut self, id: Value, method: &str) {
        if method == "initialize" {
            self.initialize_sent = true;
        }
        self.outstanding.entry(key(&id)).or_default().push(Sent {
            method: method.to_owned(),
            modern: None,
        });
    }

    /// Records that a raw line carried a modern request `id` of `method` whose `params._meta`
    /// was `meta`: the server must answer it, and its answer is validated at 2026-07-28.
    pub(crate) fn sent_modern_request(&mut self, id: Value, method: &str, meta: &Value) {
        self.modern_sent = true;
        if meta.get(LOG_LEVEL_KEY).is_some() {
            self.modern_log_level_sent = true;
        }
        if let Some(token) = meta.get("progressToken") {
            self.modern_progress_tokens.insert(key(token));
        }
        let capabilities = meta
            .get(CLIENT_CAPABILITIES_KEY)
            .cloned()
            .unwrap_or_else(|| json!({}));
        self.outstanding.entry(key(&id)).or_default().push(Sent {
            method: method.to_owned(),
            modern: Some(Modern {
                revision: schema::MODERN,
                capabilities,
            }),
        });
    }

    /// Records that a raw line carried `notifications/initialized`.
    pub(crate) fn sent_initialized(&mut self) {
        self.initialized_sent = true;
    }

    /// Gives up on request `id` without cancelling it (the connection is about to close): it
    /// need not be answered, and must not be.
    pub(crate) fn abandon(&mut self, id: impl Into<Value>) {
        self.cancelled.insert(key(&id.into()));
    }

    /// Sends one message as a line, tracking requests and `notifications/initialized`.
    pub(crate) async fn send(&mut self, message: Value) {
        let method = message.get("method").and_then(Value::as_str);
        match (method, message.get("id")) {
            (Some(method), Some(id)) if !id.is_null() => {
                let method = method.to_owned();
                if is_modern_request(&message) {
                    let meta = message["params"]["_meta"].clone();
                    self.sent_modern_request(id.clone(), &method, &meta);
                } else {
                    self.sent_request(id.clone(), &method);
                }
            }
            (Some("notifications/initialized"), None) => self.initialized_sent = true,
            _ => {}
        }
        let mut line = message.to_string().into_bytes();
        line.push(b'\n');
        self.send_raw(&line).await;
    }

    /// Sends a request with `id`; `params` `None` leaves the member out.
    pub(crate) async fn request(
        &mut self,
        id: impl Into<Value>,
        method: &str,
        params: Option<Value>,
    ) {
        let mut message = json!({"jsonrpc": "2.0", "id": id.into(), "method": method});
        if let Some(params) = params {
            message["params"] = params;
        }
        self.send(message).await;
    }

    /// Sends `tools/call` of `name` with `arguments`.
    pub(crate) async fn call_tool(&mut self, id: impl Into<Value>, name: &str, arguments: Value) {
        self.request(
            id,
            "tools/call",
            Some(json!({"name": name, "arguments": arguments})),
        )
        .await;
    }

    /// Sets the capabilities that [`modern_meta`](Self::modern_meta) declares from now on
    /// (`{}` until then).
    pub(crate) fn set_modern_capabilities(&mut self, caps: Value) {
        self.modern_caps = caps;
    }

    /// The `params._meta` of a modern request: protocol version 2026-07-28, the capabilities of
    /// [`set_modern_capabilities`](Self::set_modern_capabilities) and the peer's identity.
    pub(crate) fn modern_meta(&self) -> Value {
        json!({
            PROTOCOL_VERSION_KEY: schema::MODERN,
            CLIENT_CAPABILITIES_KEY: self.modern_caps,
            CLIENT_INFO_KEY: {"name": "scripted-peer", "version": "1.0.0"},
        })
    }

    /// Sends a modern request: `params` (an object, or `Value::Null` for `{}`) with
    /// [`modern_meta`](Self::modern_meta) merged into `params._meta`; keys the test already put
    /// in `_meta` (`progressToken`, `io.modelcontextprotocol/logLevel`, or an override of a
    /// modern key) win.
    pub(crate) async fn modern_request(
        &mut self,
        id: impl Into<Value>,
        method: &str,
        params: Value,
    ) {
        let mut params = match params {
            Value::Null => json!({}),
            Value::Object(_) => params,
            other => self.fail(format!(
                "modern_request: params must be an object, not {other}"
            )),
        };
        let mut meta = self.modern_meta();
        match params.get("_meta") {
            None => {}
            Some(Value::Object(given)) => {
                for (k, v) in given {
                    meta[k.as_str()] = v.clone();
                }
            }
            Some(other) => self.fail(format!(
                "modern_request: `_meta` must be an object, not {other} (use `request` for a \
                 malformed one)"
            )),
        }
        params["_meta"] = meta;
        self.request(id, method, Some(params)).await;
    }

    /// Sends a modern `tools/call` of `name` with `arguments`.
    pub(crate) async fn modern_call_tool(
        &mut self,
        id: impl Into<Value>,
        name: &str,
        arguments: Value,
    ) {
        self.modern_request(
            id,
            "tools/call",
            json!({"name": name, "arguments": arguments}),
        )
        .await;
    }

    /// Sends a notification; `params` `None` leaves the member out.
    pub(crate) async fn notify(&mut self, method: &str, params: Option<Value>) {
        let mut message = json!({"jsonrpc": "2.0", "method": method});
        if let Some(params) = params {
            message["params"] = params;
        }
        self.send(message).await;
    }

    /// Cancels request `id` (`notifications/cancelled`): from now on any response to it fails
    /// the test.
    pub(crate) async fn cancel(&mut self, id: impl Into<Value>) {
        let id = id.into();
        self.cancelled.insert(key(&id));
        self.notify(
            "notifications/cancelled",
            Some(json!({"requestId": id, "reason": "the test changed its mind"})),
        )
        .await;
    }

    /// Answers a server request with a result.
    pub(crate) async fn respond(&mut self, id: &Value, result: Value) {
        self.send(json!({"jsonrpc": "2.0", "id": id, "result": result}))
            .await;
    }

    /// Answers a server request with an error.
    pub(crate) async fn respond_error(&mut self, id: &Value, code: i64, message: &str) {
        self.send(json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}))
            .await;
    }

    // ---------------------------------------------------------------------------------------
    // Receiving

    /// Reads one line: `Ok(Some)` a line, `Ok(None)` end of stream, `Err(())` nothing within
    /// `wait`. Partial lines survive a timeout.
    async fn read_line(&mut self, wait: Duration) -> Result<Option<Vec<u8>>, ()> {
        let reader = &mut self.reader;
        let partial = &mut self.partial;
        match tokio::time::timeout(wait, reader.read_until(b'\n', partial)).await {
            Err(_) => Err(()),
            Ok(Err(e)) => self.fail(format!("read failed: {e}")),
            Ok(Ok(0)) if self.partial.is_empty() => Ok(None),
            Ok(Ok(_)) => {
                let mut line = std::mem::take(&mut self.partial);
                if line.last() != Some(&b'\n') {
                    self.note("←", &line);
                    self.fail("the server's last line has no newline");
                }
                line.pop();
                Ok(Some(line))
            }
        }
    }

    /// The next message, checked; fails on timeout or end of stream.
    pub(crate) async fn recv(&mut self) -> Msg {
        self.recv_within(READ_TIMEOUT)
            .await
            .unwrap_or_else(|| self.fail(format!("no message within {READ_TIMEOUT:?}")))
    }

    async fn recv_within(&mut self, wait: Duration) -> Option<Msg> {
        match self.read_line(wait).await {
            Err(()) => None,
            Ok(None) => self.fail("the server closed the connection"),
            Ok(Some(line)) => {
                self.note("←", &line);
                Some(self.check(&line))
            }
        }
    }

    /// The checks every message from the server passes.
    fn check(&mut self, line: &[u8]) -> Msg {
        if line.contains(&b'\r') {
            self.fail("the server wrote a carriage return");
        }
        let text = std::str::from_utf8(line)
            .unwrap_or_else(|e| self.fail(format!("the server wrote invalid UTF-8: {e}")));
        let value: Value = serde_json::from_str(text).unwrap_or_else(|e| {
            self.fail(format!("the server wrote a line that is not JSON: {e}"))
        });
        if let Value::Array(members) = &value {
            if self.revision != "2025-03-26" {
                self.fail(format!("a batch reply outside 2025-03-26: {value}"));
            }
            if members.is_empty() {
                self.fail("an empty batch reply");
            }
            for member in members {
                if member.get("method").is_some() {
                    self.fail(format!(
                        "a batch reply carries a request or notification: {member}"
                    ));
                }
                let line = member.to_string();
                let checked = self.check(line.as_bytes());
                if !matches!(checked.kind, Kind::Response | Kind::Error) {
                    self.fail(format!("a batch reply member is not a response: {member}"));
                }
            }
            return Msg {
                kind: Kind::Batch,
                value,
            };
        }
        if let Err(e) = tether_mcp::types::JSONRPCMessage::from_value(value.clone()) {
            self.fail(format!("the server wrote an invalid JSON-RPC message: {e}"));
        }
        if value.get("jsonrpc") != Some(&json!("2.0")) {
            self.fail("the message lacks `jsonrpc: \"2.0\"`");
        }
        let kind = if value.get("method").is_some() {
            if value.get("id").is_some() {
                Kind::Request
            } else {
                Kind::Notification
            }
        } else if value.get("error").is_some() {
            Kind::Error
        } else {
            Kind::Response
        };
        match kind {
            Kind::Response => self.check_response(&value),
            Kind::Error => self.check_error(&value),
            Kind::Request => self.check_request(&value),
            Kind::Notification => self.check_notification(&value),
            Kind::Batch => unreachable!("arrays are checked above"),
        }
        Msg { kind, value }
    }

    /// The request this response answers, consuming it.
    fn answered(&mut self, id: &Value) -> Sent {
        let k = key(id);
        if self.cancelled.contains(&k) {
            self.fail(format!(
                "a response was written for the cancelled request {id}"
            ));
        }
        match self.outstanding.get_mut(&k).and_then(Vec::pop) {
            Some(sent) => sent,
            None => self.fail(format!(
                "a response to {id}, which the peer did not send or was already answered"
            )),
        }
    }

    fn validate(&self, rev: &str, name: &str, instance: &Value) {
        if let Err(e) = schema::validate(rev, name, instance) {
            self.fail(e);
        }
    }

    fn check_response(&mut self, value: &Value) {
        let Sent { method, modern } = self.answered(&value["id"]);
        if let Some(modern) = modern {
            self.check_modern_response(&modern, &method, value);
            return;
        }
        let result = &value["result"];
        if method == "initialize" {
            match result.get("protocolVersion").and_then(Value::as_str) {
                Some(v) if schema::LEGACY.contains(&v) => self.revision = v.to_owned(),
                other => self.fail(format!("initialize answered an unknown version {other:?}")),
            }
        }
        let rev = self.revision.clone();
        let envelope = if schema::defines(&rev, "JSONRPCResultResponse") {
            "JSONRPCResultResponse"
        } else {
            "JSONRPCResponse"
        };
        self.validate(&rev, envelope, value);
        let definition = match method.as_str() {
            "initialize" => "InitializeResult",
            "ping" | "logging/setLevel" | "resources/subscribe" | "resources/unsubscribe" => {
                "EmptyResult"
            }
            "tools/list" => "ListToolsResult",
            "tools/call" => "CallToolResult",
            "prompts/list" => "ListPromptsResult",
            "prompts/get" => "GetPromptResult",
            "resources/list" => "ListResourcesResult",
            "resources/templates/list" => "ListResourceTemplatesResult",
            "resources/read" => "ReadResourceResult",
            "completion/complete" => "CompleteResult",
            _ => "Result",
        };
        self.validate(&rev, definition, result);
        if result.get("resultType").is_some() {
            self.fail("a legacy result carries the 2026-07-28 `resultType`");
        }
    }

    /// The checks of the result of modern request `method` (revision `modern.revision`).
    fn check_modern_response(&self, modern: &Modern, method: &str, value: &Value) {
        let rev = modern.revision;
        let result = &value["result"];
        if !result.is_object() {
            self.fail(format!(
                "the {rev} result of `{method}` is not an object: {result}"
            ));
        }
        let input_required = match result.get("resultType") {
            None => self.fail(format!("a {rev} result of `{method}` lacks `resultType`")),
            Some(t) if t == "complete" => false,
            Some(t) if t == "input_required" => {
                if !INPUT_REQUIRED_METHODS.contains(&method) {
                    self.fail(format!(
                        "an `input_required` result for `{method}` (only tools/call, \
                         prompts/get and resources/read may ask for input)"
                    ));
                }
                true
            }
            Some(other) => self.fail(format!(
                "the {rev} result of `{method}` has an unknown `resultType` {other}"
            )),
        };
        match result.get("_meta").and_then(|m| m.get(SERVER_INFO_KEY)) {
            None => self.fail(format!(
                "a {rev} result of `{method}` lacks `_meta[\"{SERVER_INFO_KEY}\"]`"
            )),
            Some(info)
                if info.get("name").is_some_and(Value::is_string)
                    && info.get("version").is_some_and(Value::is_string) => {}
            Some(other) => self.fail(format!(
                "`_meta[\"{SERVER_INFO_KEY}\"]` of the result of `{method}` is not an \
                 Implementation with a name and a version: {other}"
            )),
        }
        if input_required {
            for hint in ["ttlMs", "cacheScope"] {
                if result.get(hint).is_some() {
                    self.fail(format!(
                        "an `input_required` result of `{method}` carries the cache hint `{hint}`"
                    ));
                }
            }
            if result.get("inputRequests").is_none() && result.get("requestState").is_none() {
                self.fail(format!(
                    "an `input_required` result of `{method}` has neither `inputRequests` nor \
                     `requestState`"
                ));
            }
            self.check_input_requests(&modern.capabilities, method, result);
        } else if CACHEABLE_METHODS.contains(&method) {
            match result.get("ttlMs") {
                None => self.fail(format!(
                    "the complete {rev} result of `{method}` lacks `ttlMs`"
                )),
                Some(ttl) if ttl.as_u64().is_some() => {}
                Some(ttl) => self.fail(format!(
                    "`ttlMs` of the result of `{method}` is {ttl}, not an integer ≥ 0"
                )),
            }
            match result.get("cacheScope") {
                None => self.fail(format!(
                    "the complete {rev} result of `{method}` lacks `cacheScope`"
                )),
                Some(scope) if scope == "public" || scope == "private" => {}
                Some(scope) => self.fail(format!(
                    "`cacheScope` of the result of `{method}` is {scope}, not \"public\" or \
                     \"private\""
                )),
            }
        }
        if method == "subscriptions/listen" {
            let stream = &result["_meta"][SUBSCRIPTION_ID_KEY];
            if stream != &value["id"] {
                self.fail(format!(
                    "the result closing listen stream {} names subscription {stream}",
                    value["id"]
                ));
            }
        }
        self.validate(rev, "JSONRPCResultResponse", value);
        let definition = match method {
            _ if input_required => "InputRequiredResult",
            "tools/call" => "CallToolResult",
            "prompts/get" => "GetPromptResult",
            "resources/read" => "ReadResourceResult",
            "server/discover" => "DiscoverResult",
            "subscriptions/listen" => "SubscriptionsListenResult",
            "tools/list" => "ListToolsResult",
            "prompts/list" => "ListPromptsResult",
            "resources/list" => "ListResourcesResult",
            "resources/templates/list" => "ListResourceTemplatesResult",
            "completion/complete" => "CompleteResult",
            _ => "Result",
        };
        self.validate(rev, definition, result);
    }

    /// Every input request of an `InputRequiredResult` is of a kind the request declared a
    /// capability for (§3: never an undeclared type; the server answers `-32021` instead).
    fn check_input_requests(&self, capabilities: &Value, method: &str, result: &Value) {
        let Some(requests) = result.get("inputRequests").and_then(Value::as_object) else {
            return;
        };
        for (name, request) in requests {
            let params = request.get("params").unwrap_or(&Value::Null);
            let missing = match request.get("method").and_then(Value::as_str) {
                Some("elicitation/create") => {
                    let declared = capabilities.get("elicitation");
                    let url = params.get("mode").is_some_and(|m| m == "url");
                    match declared {
                        None => Some("elicitation"),
                        Some(e) if url && e.get("url").is_none() => Some("elicitation.url"),
                        // `elicitation: {}` means form only.
                        Some(e) if !url && e.get("url").is_some() && e.get("form").is_none() => {
                            Some("elicitation.form")
                        }
                        Some(_) => None,
                    }
                }
                Some("sampling/createMessage") => match capabilities.get("sampling") {
                    None => Some("sampling"),
                    Some(s)
                        if (params.get("tools").is_some()
                            || params.get("toolChoice").is_some())
                            && s.get("tools").is_none() =>
                    {
                        Some("sampling.tools")
                    }
                    Some(_) => None,
                },
                Some("roots/list") => capabilities.get("roots").is_none().then_some("roots"),
                // The schema rejects any other kind.
                _ => None,
            };
            if let Some(capability) = missing {
                self.fail(format!(
                    "input request `{name}` of the `{method}` result needs the capability \
                     `{capability}`, which that request did not declare ({capabilities})"
                ));
            }
        }
    }

    fn check_error(&mut self, value: &Value) {
        match value.get("id") {
            Some(id) => {
                if let Some(modern) = self.answered(id).modern {
                    let rev = modern.revision;
                    self.validate(rev, "JSONRPCErrorResponse", value);
                    match value["error"]["code"].as_i64() {
                        Some(-32022) => {
                            self.validate(rev, "UnsupportedProtocolVersionError", value)
                        }
                        Some(-32021) => {
                            self.validate(rev, "MissingRequiredClientCapabilityError", value)
                        }
                        _ => {}
                    }
                    let message = value["error"]["message"].as_str().unwrap_or("");
                    if message.trim().is_empty() {
                        self.fail("an error without a message");
                    }
                    return;
                }
                let rev = self.revision.clone();
                let envelope = if schema::defines(&rev, "JSONRPCErrorResponse") {
                    "JSONRPCErrorResponse"
                } else {
                    "JSONRPCError"
                };
                self.validate(&rev, envelope, value);
            }
            // An error to a message whose id could not be read: the older schemas require an
            // id (and allow no null), so only 2025-11-25's optional `id` can describe it.
            None => self.validate("2025-11-25", "JSONRPCErrorResponse", value),
        }
        let message = value["error"]["message"].as_str().unwrap_or("");
        if message.trim().is_empty() {
            self.fail("an error without a message");
        }
    }

    fn check_request(&mut self, value: &Value) {
        let method = value["method"].as_str().unwrap_or("").to_owned();
        if !self.server_ids.insert(key(&value["id"])) {
            self.fail(format!("the server reused its request id {}", value["id"]));
        }
        if self.modern_sent && !self.initialize_sent {
            // No legacy session, modern requests: 2026-07-28 has no server-to-client requests
            // (MRTR instead). (Before anything was sent, a legacy `ping` is still allowed.)
            self.fail(format!(
                "the server wrote a request on the modern wire (`{method}`; the peer sent \
                 modern requests and never `initialize`, so there is no legacy session)"
            ));
        }
        if !self.initialized_sent && method != "ping" {
            self.fail(format!("`{method}` before `notifications/initialized`"));
        }
        let definition = match method.as_str() {
            "elicitation/create" => "ElicitRequest",
            "sampling/createMessage" => "CreateMessageRequest",
            "roots/list" => "ListRootsRequest",
            "ping" => "PingRequest",
            other => self.fail(format!("the server sent an unexpected request `{other}`")),
        };
        let rev = self.revision.clone();
        self.validate(&rev, definition, value);
        self.validate(&rev, "JSONRPCRequest", value);
    }

    /// Whether notification `value` belongs to the modern era: it names a listen stream, it
    /// is the progress of a modern request, or the connection is modern only (modern requests
    /// sent, no `initialize`).
    fn is_modern_notification(&self, method: &str, value: &Value) -> bool {
        let params = value.get("params").unwrap_or(&Value::Null);
        method == "notifications/subscriptions/acknowledged"
            || params
                .get("_meta")
                .and_then(|m| m.get(SUBSCRIPTION_ID_KEY))
                .is_some()
            || (method == "notifications/progress"
                && params
                    .get("progressToken")
                    .is_some_and(|t| self.modern_progress_tokens.contains(&key(t))))
            || (self.modern_sent && !self.initialize_sent)
    }

    /// The checks of a notification on a modern-only connection that the schema cannot
    /// express.
    fn check_modern_only_notification(&self, method: &str, value: &Value) {
        if method == "notifications/message" && !self.modern_log_level_sent {
            self.fail(
                "`notifications/message` on a modern-only connection, though no request set \
                 `io.modelcontextprotocol/logLevel`",
            );
        }
        if LISTEN_STREAM_NOTIFICATIONS.contains(&method) {
            let Some(stream) = value["params"]
                .get("_meta")
                .and_then(|m| m.get(SUBSCRIPTION_ID_KEY))
            else {
                self.fail(format!(
                    "`{method}` outside a listen stream (no `_meta[\"{SUBSCRIPTION_ID_KEY}\"]`) \
                     on a modern-only connection"
                ));
            };
            let open = self.outstanding.get(&key(stream)).is_some_and(|sent| {
                sent.iter()
                    .any(|s| s.method == "subscriptions/listen" && s.modern.is_some())
            });
            if !open {
                self.fail(format!(
                    "`{method}` names subscription {stream}, which is no open \
                     `subscriptions/listen` request of the peer"
                ));
            }
        }
    }

    fn check_notification(&mut self, value: &Value) {
        let method = value["method"].as_str().unwrap_or("").to_owned();
        let modern = self.is_modern_notification(&method, value);
        if self.modern_sent && !self.initialize_sent {
            self.check_modern_only_notification(&method, value);
        }
        let definition = match method.as_str() {
            "notifications/progress" => "ProgressNotification",
            "notifications/cancelled" => "CancelledNotification",
            "notifications/message" => "LoggingMessageNotification",
            "notifications/tools/list_changed" => "ToolListChangedNotification",
            "notifications/prompts/list_changed" => "PromptListChangedNotification",
            "notifications/resources/list_changed" => "ResourceListChangedNotification",
            "notifications/resources/updated" => "ResourceUpdatedNotification",
            "notifications/elicitation/complete" => "ElicitationCompleteNotification",
            "notifications/subscriptions/acknowledged" => "SubscriptionsAcknowledgedNotification",
            other => self.fail(format!(
                "the server sent an unexpected notification `{other}`"
            )),
        };
        let rev = if modern {
            schema::MODERN.to_owned()
        } else {
            self.revision.clone()
        };
        self.validate(&rev, definition, value);
        self.validate(&rev, "JSONRPCNotification", value);
    }

    // ---------------------------------------------------------------------------------------
    // Expectations: each reads the next message and fails on anything else.

    /// The next message is a result response to `id`; returns the result.
    pub(crate) async fn expect_response(&mut self, id: impl Into<Value>) -> Value {
        let id = id.into();
        let msg = self.recv().await;
        if msg.kind != Kind::Response || msg.id() != &id {
            self.fail(format!("expected the result of {id}, got {}", msg.value));
        }
        msg.value["result"].clone()
    }

    /// The next message is a result response to `id` with `resultType: "input_required"` (an
    /// `InputRequiredResult`, already checked); returns the result.
    pub(crate) async fn expect_input_required(&mut self, id: impl Into<Value>) -> Value {
        let result = self.expect_response(id).await;
        if result.get("resultType") != Some(&json!("input_required")) {
            self.fail(format!("expected an `input_required` result, got {result}"));
        }
        result
    }

    /// The next message is a result response to `id` with `resultType: "complete"`; returns
    /// the result.
    pub(crate) async fn expect_complete(&mut self, id: impl Into<Value>) -> Value {
        let result = self.expect_response(id).await;
        if result.get("resultType") != Some(&json!("complete")) {
            self.fail(format!("expected a `complete` result, got {result}"));
        }
        result
    }

    /// [`expect_complete`](Self::expect_complete) of a tool call; returns its text.
    pub(crate) async fn expect_complete_text(&mut self, id: impl Into<Value>) -> String {
        let result = self.expect_complete(id).await;
        self.text_of(&result)
    }

    /// The next message is an error response with `code`, to `id` (`None`: without an id);
    /// returns the error object.
    pub(crate) async fn expect_error(&mut self, id: Option<Value>, code: i64) -> Value {
        let msg = self.recv().await;
        let id_ok = match &id {
            Some(id) => msg.value.get("id") == Some(id),
            None => msg.value.get("id").is_none(),
        };
        if msg.kind != Kind::Error || !id_ok || msg.value["error"]["code"] != json!(code) {
            let id = id.map_or_else(|| "no id".to_owned(), |id| id.to_string());
            self.fail(format!("expected error {code} for {id}, got {}", msg.value));
        }
        msg.value["error"].clone()
    }

    /// [`expect_error`](Self::expect_error), also checking that the message contains every
    /// one of `words` (case-insensitive); returns the message.
    pub(crate) async fn expect_error_naming(
        &mut self,
        id: Option<Value>,
        code: i64,
        words: &[&str],
    ) -> String {
        let error = self.expect_error(id, code).await;
        let message = error["message"].as_str().unwrap_or("").to_owned();
        for word in words {
            if !message.to_lowercase().contains(&word.to_lowercase()) {
                self.fail(format!(
                    "the error message {message:?} does not name {word:?}"
                ));
            }
        }
        message
    }

    /// The next message is a batch reply (2025-03-26); returns its members.
    pub(crate) async fn expect_batch(&mut self) -> Vec<Value> {
        let msg = self.recv().await;
        match (msg.kind, msg.value) {
            (Kind::Batch, Value::Array(members)) => members,
            (_, value) => self.fail(format!("expected a batch reply, got {value}")),
        }
    }

    /// The next message is a server request of `method`; returns its id and params.
    pub(crate) async fn expect_request(&mut self, method: &str) -> (Value, Value) {
        let msg = self.recv().await;
        if msg.kind != Kind::Request || msg.method() != method {
            self.fail(format!("expected a `{method}` request, got {}", msg.value));
        }
        (msg.id().clone(), msg.params().clone())
    }

    /// The next message is a notification of `method`; returns its params.
    pub(crate) async fn expect_notification(&mut self, method: &str) -> Value {
        let msg = self.recv().await;
        if msg.kind != Kind::Notification || msg.method() != method {
            self.fail(format!(
                "expected a `{method}` notification, got {}",
                msg.value
            ));
        }
        msg.params().clone()
    }

    /// Nothing arrives for `wait`.
    pub(crate) async fn expect_nothing_for(&mut self, wait: Duration) {
        if let Some(msg) = self.recv_within(wait).await {
            self.fail(format!("expected nothing for {wait:?}, got {}", msg.value));
        }
    }

    /// Every message (checked) until nothing arrives for `quiet`, for tests that assert on a
    /// set of messages whose order is not specified.
    pub(crate) async fn drain_for(&mut self, quiet: Duration) -> Vec<Msg> {
        let mut messages = Vec::new();
        while let Some(msg) = self.recv_within(quiet).await {
            messages.push(msg);
        }
        messages
    }

    /// The text of the first content block of a tool result.
    #[track_caller]
    pub(crate) fn text_of(&self, result: &Value) -> String {
        match result["content"][0]["text"].as_str() {
            Some(text) if result["content"][0]["type"] == "text" => text.to_owned(),
            _ => self.fail(format!("expected a text content block in {result}")),
        }
    }

    /// The next message is the successful (`isError` absent or false) result of tool call
    /// `id`; returns its text.
    pub(crate) async fn expect_tool_text(&mut self, id: impl Into<Value>) -> String {
        let result = self.expect_response(id).await;
        if result.get("isError").is_some_and(|e| e != &json!(false)) {
            self.fail(format!("expected a successful tool result, got {result}"));
        }
        self.text_of(&result)
    }

    /// The next message is the successful result of some tool call; returns its text.
    pub(crate) async fn expect_tool_text_of_any(&mut self) -> String {
        let msg = self.recv().await;
        if msg.kind != Kind::Response {
            self.fail(format!("expected a tool result, got {}", msg.value));
        }
        self.text_of(&msg.value["result"])
    }

    /// The next message is an `isError: true` result of tool call `id`; returns its text.
    pub(crate) async fn expect_tool_error(&mut self, id: impl Into<Value>) -> String {
        let result = self.expect_response(id).await;
        if result.get("isError") != Some(&json!(true)) {
            self.fail(format!("expected `isError: true`, got {result}"));
        }
        self.text_of(&result)
    }

    // ---------------------------------------------------------------------------------------
    // Conversations

    /// `initialize` at `version` with `capabilities`, its response, then
    /// `notifications/initialized`; returns the result.
    pub(crate) async fn initialize(&mut self, version: &str, capabilities: Value) -> Value {
        let result = self.initialize_only(version, capabilities).await;
        self.notify("notifications/initialized", None).await;
        result
    }

    /// `initialize` and its response, without `notifications/initialized`.
    pub(crate) async fn initialize_only(&mut self, version: &str, capabilities: Value) -> Value {
        let id = self.fresh_id();
        self.request(
            id.clone(),
            "initialize",
            Some(json!({
                "protocolVersion": version,
                "capabilities": capabilities,
                "clientInfo": {"name": "scripted-peer", "version": "1.0.0"},
            })),
        )
        .await;
        self.expect_response(id).await
    }

    /// A `ping` that must be answered `{}` next: proof that the connection still serves.
    pub(crate) async fn ping(&mut self) {
        let id = self.fresh_id();
        self.request(id.clone(), "ping", None).await;
        let result = self.expect_response(id).await;
        if result != json!({}) {
            self.fail(format!("ping answered {result}, not {{}}"));
        }
    }

    /// Closes the peer's side (end of the server's input); the peer can still read.
    pub(crate) async fn close(&mut self) {
        if let Some(mut writer) = self.writer.take() {
            self.transcript.push("→ (end of input)".to_owned());
            let _ = tokio::time::timeout(READ_TIMEOUT, writer.shutdown()).await;
        }
    }

    /// Closes the peer's side, fails on any message still arriving, and checks that the
    /// server ends cleanly (a child exits with success) and that every request the peer sent
    /// was answered, except the cancelled ones.
    pub(crate) async fn finish(mut self) {
        self.close().await;
        match self.read_line(READ_TIMEOUT).await {
            Err(()) => self.fail(format!(
                "the server did not close its side within {READ_TIMEOUT:?} of the peer closing"
            )),
            Ok(Some(line)) => {
                self.note("←", &line);
                let msg = self.check(&line);
                self.fail(format!("a message after the peer closed: {}", msg.value));
            }
            Ok(None) => {}
        }
        match &mut self.end {
            End::Raw => {}
            End::Memory(connection) => {
                let connection = connection.take().expect("the connection");
                match tokio::time::timeout(READ_TIMEOUT, connection.wait()).await {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => self.fail(format!("the connection ended with an error: {e}")),
                    Err(_) => self.fail("the connection task did not end"),
                }
            }
            End::Child { child, .. } => {
                match tokio::time::timeout(READ_TIMEOUT, child.wait()).await {
                    Ok(Ok(status)) if status.success() => {}
                    Ok(Ok(status)) => self.fail(format!("the server exited with {status}")),
                    Ok(Err(e)) => self.fail(format!("waiting for the server failed: {e}")),
                    Err(_) => self.fail("the server did not exit after its stdin closed"),
                }
            }
        }
        let unanswered: Vec<String> = self
            .outstanding
            .iter()
            .filter(|(id, sent)| !sent.is_empty() && !self.cancelled.contains(*id))
            .map(|(id, sent)| {
                let methods: Vec<&str> = sent.iter().map(|s| s.method.as_str()).collect();
                format!("{id} ({})", methods.join(", "))
            })
            .collect();
        if !unanswered.is_empty() {
            self.fail(format!(
                "requests never answered: {}",
                unanswered.join("; ")
            ));
        }
    }
}
