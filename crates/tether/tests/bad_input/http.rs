//! Lanes (c) and (d): Streamable HTTP on 127.0.0.1 (an OS-assigned port) with hyper's client,
//! every exchange on its own connection and bounded by [`WAIT`]. Legacy cases POST to one
//! session per revision; modern cases are stateless POSTs whose mirrored headers are derived
//! from the body. Every JSON-RPC message in a response body is validated against the schema;
//! after each case a valid request must succeed on the same session (legacy) or server.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use serde_json::{Value, json};
use tether_mcp::transport::http::{self as mcp_http, HttpConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{Case, Expect, Input, Lane, MODERN, Reply, probe, revisions, server};
use crate::one_request::one_request;
use crate::support::schema;

/// The longest any exchange (or part of one) may take.
const WAIT: Duration = Duration::from_secs(5);

/// Where a lane's cases go: the server, and the legacy session (with its revision).
struct Target {
    addr: SocketAddr,
    lane: Lane,
    session: Option<(String, &'static str)>,
}

/// A response, its body read whole and split into JSON-RPC messages (one JSON body, a JSON
/// array, or the `data` of each SSE event).
struct Answer {
    status: StatusCode,
    headers: http::HeaderMap,
    messages: Vec<Value>,
    raw: String,
}

/// Runs every case that applies to `lane` (an HTTP lane); returns how many ran.
pub(crate) async fn run(lane: Lane, cases: &[Case]) -> usize {
    assert!(lane.http());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let service = server().streamable_http(HttpConfig::default());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(mcp_http::serve(listener, service.clone(), async {
        let _ = stopped.await;
    }));
    let revisions = if lane.modern() {
        vec![MODERN]
    } else {
        revisions(cases)
    };
    let mut ran = 0;
    let mut next_probe = 6000;
    for revision in revisions {
        let session = if lane.modern() {
            None
        } else {
            Some((initialize(addr, revision).await, revision))
        };
        let target = Target {
            addr,
            lane,
            session,
        };
        for case in cases {
            if !lane.modern() && case.revision != revision {
                continue;
            }
            let Some(step) = (case.build)(lane) else {
                continue;
            };
            eprintln!("[{}] {}", lane.label(), case.name);
            match step.input {
                Input::Bytes(body) => {
                    let answer = target.post(&body, &[]).await;
                    target.check(case.name, &answer, &step.expect);
                }
                Input::Post { body, headers } => {
                    let answer = target.post(&body, &headers).await;
                    target.check(case.name, &answer, &step.expect);
                }
                Input::Raw {
                    body,
                    content_length,
                } => {
                    let answer = target.raw_post(&body, content_length).await;
                    target.check(case.name, &answer, &step.expect);
                }
                Input::WhileInFlight { first, id, then } => {
                    target
                        .while_in_flight(case.name, &first, &id, &then, &step.expect)
                        .await;
                }
                Input::AfterDelete(body) => {
                    let (session, revision) = target.session.clone().expect("a legacy lane");
                    let ended = Target {
                        addr,
                        lane,
                        session: Some((initialize(addr, revision).await, revision)),
                    };
                    let deleted = ended.send(Method::DELETE, &[], Vec::new()).await;
                    assert_eq!(deleted.status, StatusCode::OK, "DELETE: {}", deleted.raw);
                    let answer = ended.post(&body, &[]).await;
                    ended.check(case.name, &answer, &step.expect);
                    // Deleting it again is 404 too; the lane's own session is untouched.
                    let again = ended.send(Method::DELETE, &[], Vec::new()).await;
                    assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.raw);
                    assert_ne!(session, ended.session.as_ref().expect("a session").0);
                }
            }
            next_probe += 1;
            target.follow_up(case.name, next_probe).await;
            ran += 1;
        }
    }
    let _ = stop.send(());
    tokio::time::timeout(WAIT, serving)
        .await
        .expect("graceful shutdown in time")
        .expect("the server task")
        .expect("serve returns Ok");
    ran
}

/// `initialize` at `revision` and `notifications/initialized`: the session id.
async fn initialize(addr: SocketAddr, revision: &'static str) -> String {
    let body = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": revision, "capabilities": {},
        "clientInfo": {"name": "bad-input", "version": "1"}}});
    let fresh = Target {
        addr,
        lane: Lane::HttpLegacy,
        session: None,
    };
    let answer = fresh
        .send(Method::POST, &[], body.to_string().into_bytes())
        .await;
    assert_eq!(answer.status, StatusCode::OK, "initialize: {}", answer.raw);
    let session = answer
        .headers
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .expect("an Mcp-Session-Id")
        .to_owned();
    valid(revision, "InitializeResult", &answer.messages[0]["result"]);
    let target = Target {
        addr,
        lane: Lane::HttpLegacy,
        session: Some((session.clone(), revision)),
    };
    let initialized = br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
    let accepted = target.post(initialized, &[]).await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED, "{}", accepted.raw);
    session
}

fn valid(revision: &str, definition: &str, value: &Value) {
    if let Err(e) = schema::validate(revision, definition, value) {
        panic!("{e}\n{value}");
    }
}

/// The JSON-RPC messages of a response body.
fn messages_of(content_type: &str, raw: &str) -> Vec<Value> {
    if content_type.starts_with("text/event-stream") {
        raw.split("\n\n")
            .filter_map(|event| event.lines().find_map(|l| l.strip_prefix("data:")))
            .map(str::trim)
            .filter(|data| !data.is_empty())
            .map(|data| serde_json::from_str(data).expect("JSON event data"))
            .collect()
    } else if raw.trim().is_empty() {
        Vec::new()
    } else {
        match serde_json::from_str(raw) {
            Ok(Value::Array(members)) => members,
            Ok(value) => vec![value],
            Err(e) => panic!("a body that is not JSON ({e}): {raw}"),
        }
    }
}

/// The headers a 2026-07-28 client mirrors from `body`: the version of its `_meta` (or the
/// modern one), its method and, for the methods that have one, its name or URI.
fn mirrored(body: &[u8]) -> Vec<(&'static str, String)> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let params = &value["params"];
    let version = params["_meta"]["io.modelcontextprotocol/protocolVersion"]
        .as_str()
        .unwrap_or(MODERN);
    let mut headers = vec![("mcp-protocol-version", version.to_owned())];
    if let Some(method) = value["method"].as_str() {
        headers.push(("mcp-method", method.to_owned()));
        let named = match method {
            "tools/call" | "prompts/get" => params["name"].as_str(),
            "resources/read" => params["uri"].as_str(),
            _ => None,
        };
        if let Some(name) = named {
            headers.push(("mcp-name", name.to_owned()));
        }
    }
    headers
}

impl Target {
    /// The headers of a POST of `body` on this lane, with `changes` applied.
    fn headers(
        &self,
        body: &[u8],
        changes: &[(&'static str, Option<String>)],
    ) -> Vec<(&'static str, String)> {
        let mut headers = vec![
            ("host", self.addr.to_string()),
            ("accept", "application/json, text/event-stream".to_owned()),
            ("content-type", "application/json".to_owned()),
        ];
        match (&self.session, self.lane) {
            (Some((session, revision)), _) => {
                headers.push(("mcp-session-id", session.clone()));
                headers.push(("mcp-protocol-version", (*revision).to_owned()));
            }
            (None, Lane::HttpModern) => headers.extend(mirrored(body)),
            (None, _) => {}
        }
        for (name, value) in changes {
            headers.retain(|(n, _)| n != name);
            if let Some(value) = value {
                headers.push((name, value.clone()));
            }
        }
        headers
    }

    async fn post(&self, body: &[u8], changes: &[(&'static str, Option<String>)]) -> Answer {
        let headers = self.headers(body, changes);
        self.exchange(Method::POST, &headers, body.to_vec())
            .await
            .read()
            .await
    }

    async fn send(
        &self,
        method: Method,
        changes: &[(&'static str, Option<String>)],
        body: Vec<u8>,
    ) -> Answer {
        let headers = self.headers(&body, changes);
        self.exchange(method, &headers, body).await.read().await
    }

    /// One request on its own connection; the response with its body still to read.
    async fn exchange(
        &self,
        method: Method,
        headers: &[(&'static str, String)],
        body: Vec<u8>,
    ) -> Pending {
        let headers = headers.iter().map(|(name, value)| (*name, value.as_str()));
        let (response, connection) =
            one_request(self.addr, method, headers, Bytes::from(body)).await;
        Pending {
            response,
            connection,
        }
    }

    /// A POST written by hand: `Content-Length: declared` but only `body`, then the write side
    /// closed.
    async fn raw_post(&self, body: &[u8], declared: usize) -> Answer {
        let mut head = format!("POST /mcp HTTP/1.1\r\ncontent-length: {declared}\r\n");
        for (name, value) in self.headers(body, &[]) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut stream = TcpStream::connect(self.addr).await.expect("connect");
        stream.write_all(head.as_bytes()).await.expect("write");
        stream.write_all(body).await.expect("write");
        stream.shutdown().await.expect("shutdown");
        let mut raw = Vec::new();
        tokio::time::timeout(WAIT, stream.read_to_end(&mut raw))
            .await
            .expect("the response in time")
            .expect("read");
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status: u16 = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {raw:?}"));
        let mut headers = http::HeaderMap::new();
        for line in head.lines().skip(1) {
            if let Some((name, value)) = line.split_once(':')
                && let (Ok(name), Ok(value)) = (
                    http::HeaderName::from_bytes(name.trim().as_bytes()),
                    http::HeaderValue::from_str(value.trim()),
                )
            {
                headers.insert(name, value);
            }
        }
        Answer {
            status: StatusCode::from_u16(status).expect("a status"),
            messages: messages_of(content_type(&headers), body),
            headers,
            raw: body.to_owned(),
        }
    }

    /// Checks an answer against what the case expects, validating every message.
    fn check(&self, case: &str, answer: &Answer, expect: &Expect) {
        let fail = |what: String| -> ! {
            panic!(
                "[{}] {case}: {what}\nstatus {}, body {}",
                self.lane.label(),
                answer.status,
                answer.raw
            )
        };
        if answer.status.as_u16() != expect.status {
            fail(format!("expected status {}", expect.status));
        }
        match &expect.reply {
            Reply::Ignored => {
                if !answer.raw.is_empty() {
                    fail("expected an empty body".to_owned());
                }
            }
            Reply::Error { id, code, words } => {
                let [message] = &answer.messages[..] else {
                    fail("expected one JSON-RPC error".to_owned());
                };
                let modern = self.lane.modern() && id.is_some();
                let revision = if modern { MODERN } else { "2025-11-25" };
                valid(revision, "JSONRPCErrorResponse", message);
                if *code == -32022 {
                    valid(MODERN, "UnsupportedProtocolVersionError", message);
                }
                let text = message["error"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .to_lowercase();
                if message.get("id") != id.as_ref()
                    || message["error"]["code"] != json!(code)
                    || !words.iter().all(|w| text.contains(&w.to_lowercase()))
                {
                    fail(format!("expected error {code} for {id:?} naming {words:?}"));
                }
            }
            Reply::Ok { id, method } => {
                let [message] = &answer.messages[..] else {
                    fail("expected one response".to_owned());
                };
                self.valid_result(method, message);
                if message.get("id") != Some(id) {
                    fail(format!("expected the result of {id}"));
                }
            }
            Reply::Batch { ok, errors } => {
                let mut got_ok: Vec<i64> = Vec::new();
                let mut got_errors: Vec<(Option<i64>, i64)> = Vec::new();
                for message in &answer.messages {
                    if message.get("result").is_some() {
                        self.valid_result("?", message);
                        got_ok.extend(message["id"].as_i64());
                    } else {
                        valid("2025-11-25", "JSONRPCErrorResponse", message);
                        got_errors.push((
                            message["id"].as_i64(),
                            message["error"]["code"].as_i64().unwrap_or(0),
                        ));
                    }
                }
                got_ok.sort_unstable();
                got_errors.sort_unstable();
                let mut want_errors = errors.clone();
                want_errors.sort_unstable();
                if &got_ok != ok || got_errors != want_errors {
                    fail(format!(
                        "expected results {ok:?} and errors {want_errors:?}"
                    ));
                }
            }
        }
    }

    fn valid_result(&self, method: &str, message: &Value) {
        if self.lane.modern() {
            valid(MODERN, "JSONRPCResultResponse", message);
            assert!(
                message["result"]["resultType"].is_string(),
                "a 2026-07-28 result without resultType: {message}"
            );
        } else {
            let revision = self.session.as_ref().map_or("2025-11-25", |s| s.1);
            let envelope = if schema::defines(revision, "JSONRPCResultResponse") {
                "JSONRPCResultResponse"
            } else {
                "JSONRPCResponse"
            };
            valid(revision, envelope, message);
            if method == "ping" {
                assert_eq!(message["result"], json!({}), "ping answered {message}");
            }
        }
    }

    /// A `slow` call in flight on this session (its SSE stream open), then `then` reusing its
    /// id; the call must still finish.
    async fn while_in_flight(
        &self,
        case: &str,
        first: &[u8],
        id: &Value,
        then: &[u8],
        expect: &Expect,
    ) {
        let headers = self.headers(first, &[]);
        let pending = self.exchange(Method::POST, &headers, first.to_vec()).await;
        // Headers arrive with the first progress notification: the call is running.
        assert_eq!(
            content_type(pending.response.headers()),
            "text/event-stream",
            "{case}: the slow call streams"
        );
        let finishing = tokio::spawn(pending.read());
        let answer = self.post(then, &[]).await;
        self.check(case, &answer, expect);
        let finished = tokio::time::timeout(WAIT, finishing)
            .await
            .expect("the slow call finishes in time")
            .expect("the reading task");
        let last = finished.messages.last().expect("messages on the stream");
        self.valid_result("tools/call", last);
        assert_eq!(last["id"], *id, "{case}: {}", finished.raw);
        assert_eq!(last["result"]["content"][0]["text"], "counted to 4");
    }

    /// A valid `tools/call` right after the case: it must succeed on the session or server.
    async fn follow_up(&self, case: &str, id: i64) {
        let body = if self.lane.modern() {
            probe(self.lane, id).0
        } else {
            json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                   "params": {"name": "add", "arguments": {"a": 2, "b": 3}}})
            .to_string()
            .into_bytes()
        };
        let answer = self.post(&body, &[]).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "[{}] after {case}: the follow-up call: {}",
            self.lane.label(),
            answer.raw
        );
        let [message] = &answer.messages[..] else {
            panic!("after {case}: expected one response, got {}", answer.raw);
        };
        self.valid_result("tools/call", message);
        assert_eq!(message["id"], id, "after {case}");
        assert_eq!(
            message["result"]["content"][0]["text"], "5",
            "after {case}: {message}"
        );
    }
}

fn content_type(headers: &http::HeaderMap) -> &str {
    headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// A response whose body is still to be read.
struct Pending {
    response: hyper::Response<Incoming>,
    connection: tokio::task::JoinHandle<()>,
}

impl Pending {
    /// Reads the whole body (bounded by [`WAIT`]).
    async fn read(self) -> Answer {
        let (parts, body) = self.response.into_parts();
        let bytes = tokio::time::timeout(WAIT, body.collect())
            .await
            .expect("the whole body in time")
            .expect("a body")
            .to_bytes();
        self.connection.abort();
        let raw = String::from_utf8_lossy(&bytes).into_owned();
        Answer {
            status: parts.status,
            messages: messages_of(content_type(&parts.headers), &raw),
            headers: parts.headers,
            raw,
        }
    }
}
