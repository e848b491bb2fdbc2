//! What `tests/request_state_attacks.rs` needs besides its tables: a handler that counts every
//! run of its bodies, the servers it is served by, and one way to send a 2026-07-28 request and
//! read its JSON-RPC response over either transport (the in-memory duplex through [`Peer`], or
//! Streamable HTTP on 127.0.0.1 over one kept-alive TCP connection).
//!
//! Not registered in `support/mod.rs`: the examples crate shares that module tree without the
//! HTTP client crates this file needs, so the test includes it with `#[path]`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tether_mcp::prelude::*;
use tether_mcp::transport::http::{self as mcp_http, HttpConfig};
use tether_mcp::types::{ListChangedCapability, ResourcesCapability, ServerCapabilities};
use tether_mcp::{Limits, SealingKey};
use tokio::task::JoinHandle;

use crate::support::demo::Confirm;
use crate::support::modern_scenarios::all_caps;
use crate::support::{Kind, Peer, READ_TIMEOUT, schema};

/// The `_meta` member the servers' principal hook reads.
pub(crate) const USER_META: &str = "example.com/user";
/// The resource that asks before it is read.
pub(crate) const SECRET_URI: &str = "file:///attack/secret";

/// A handler whose every body counts its runs before doing anything else:
///
/// - tools `deploy` and `rollback`: one confirmation, then `deployed <target>` (or
///   `rolled back <target>`), `target` being the string argument of that name;
/// - tool `two_step`: two confirmations in sequence, then `both confirmed`;
/// - prompt `greet` and resource [`SECRET_URI`]: one confirmation each.
pub(crate) struct Attacked {
    runs: Arc<AtomicUsize>,
}

/// How many times the bodies of an [`Attacked`] ran.
#[derive(Clone, Debug, Default)]
pub(crate) struct Runs(Arc<AtomicUsize>);

impl Runs {
    pub(crate) fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

fn text(s: impl Into<String>) -> CallToolResult {
    CallToolResult {
        content: vec![ContentBlock::text(s)],
        ..Default::default()
    }
}

impl Attacked {
    fn ran(&self) {
        self.runs.fetch_add(1, Ordering::SeqCst);
    }
}

async fn confirmed(cx: &InFlight<'_>, message: &str) -> Result<bool, ToolError> {
    let answer = cx.elicitation()?.form::<Confirm>(message).await?;
    Ok(matches!(
        answer,
        Answer::Accepted(Confirm { confirm: true })
    ))
}

impl ServerHandler for Attacked {
    async fn call_tool(
        &self,
        params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        self.ran();
        let target = params
            .arguments
            .as_ref()
            .and_then(|a| a.get("target"))
            .and_then(Value::as_str)
            .unwrap_or("nothing")
            .to_owned();
        match params.name.as_str() {
            "deploy" | "rollback" => {
                let verb = if params.name == "deploy" {
                    "deployed"
                } else {
                    "rolled back"
                };
                if confirmed(&cx, &format!("{} {target}?", params.name)).await? {
                    Ok(text(format!("{verb} {target}")))
                } else {
                    Ok(text("declined"))
                }
            }
            "two_step" => {
                let first = confirmed(&cx, "First step?").await?;
                let second = confirmed(&cx, "Second step?").await?;
                Ok(text(if first && second {
                    "both confirmed"
                } else {
                    "declined"
                }))
            }
            other => Err(ToolError::execution(format!("no tool {other}"))),
        }
    }

    async fn get_prompt(
        &self,
        _params: GetPromptRequestParams,
        cx: InFlight<'_>,
    ) -> Result<GetPromptResult, ServerError> {
        self.ran();
        let answer = cx.elicitation()?.form::<Confirm>("Greet?").await?;
        let greet = matches!(answer, Answer::Accepted(Confirm { confirm: true }));
        Ok(GetPromptResult {
            messages: vec![PromptMessage {
                role: Role::User,
                content: ContentBlock::text(if greet { "Hello!" } else { "No." }),
                extra: Default::default(),
            }],
            ..Default::default()
        })
    }

    async fn read_resource(
        &self,
        params: ReadResourceRequestParams,
        cx: InFlight<'_>,
    ) -> Result<ReadResourceResult, ServerError> {
        self.ran();
        let _ = cx.elicitation()?.form::<Confirm>("Reveal?").await?;
        Ok(ReadResourceResult {
            contents: vec![tether_mcp::types::ResourceContents::Text(
                tether_mcp::types::TextResourceContents {
                    uri: params.uri,
                    text: "42".into(),
                    ..Default::default()
                },
            )],
            ..Default::default()
        })
    }
}

/// A server of [`Attacked`] sealing with `key` (and opening with `previous` for its window),
/// binding the principal `_meta[USER_META]` names; and the counter of its handler's runs.
pub(crate) fn attacked_server(
    key: SealingKey,
    previous: Option<(SealingKey, Duration)>,
    limits: Limits,
) -> (Server<Attacked>, Runs) {
    let runs = Runs::default();
    let handler = Attacked {
        runs: runs.0.clone(),
    };
    let mut builder = Server::builder(handler)
        .capabilities(ServerCapabilities {
            tools: Some(ListChangedCapability::default()),
            prompts: Some(ListChangedCapability::default()),
            resources: Some(ResourcesCapability::default()),
            ..Default::default()
        })
        .sealing_key(key)
        .limits(limits)
        .principal(|cx| {
            let meta = cx.params()?.get("_meta")?;
            Some(meta.get(USER_META)?.as_str()?.to_owned())
        });
    if let Some((previous, window)) = previous {
        builder = builder.previous_sealing_key(previous, window);
    }
    (builder.build(), runs)
}

/// The transports the attacks are run over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Transport {
    /// The in-memory duplex, through the schema-checking [`Peer`].
    Memory,
    /// Streamable HTTP 2026-07-28 on 127.0.0.1, one TCP connection for every request.
    Http,
}

impl Transport {
    pub(crate) const ALL: [Transport; 2] = [Transport::Memory, Transport::Http];
}

/// One client connection to one server.
pub(crate) enum Wire {
    Memory(Box<Peer>),
    Http(Box<HttpWire>),
}

/// A server listening on 127.0.0.1 and one connection to it.
pub(crate) struct HttpWire {
    addr: SocketAddr,
    sender: SendRequest<Full<Bytes>>,
    next_id: i64,
    connection: JoinHandle<()>,
    serving: JoinHandle<std::io::Result<()>>,
}

impl Drop for HttpWire {
    fn drop(&mut self) {
        self.connection.abort();
        self.serving.abort();
    }
}

impl Wire {
    /// A fresh connection to `server` over `transport` (for HTTP, `server` starts listening).
    pub(crate) async fn connect(transport: Transport, server: &Server<Attacked>) -> Wire {
        match transport {
            Transport::Memory => {
                let mut peer = Peer::in_memory(server);
                peer.set_modern_capabilities(all_caps());
                Wire::Memory(Box::new(peer))
            }
            Transport::Http => {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind 127.0.0.1:0");
                let addr = listener.local_addr().expect("addr");
                let service = server.streamable_http(HttpConfig::default());
                let serving =
                    tokio::spawn(mcp_http::serve(listener, service, std::future::pending()));
                let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
                let (sender, connection) =
                    hyper::client::conn::http1::handshake(TokioIo::new(stream))
                        .await
                        .expect("handshake");
                let connection = tokio::spawn(async move {
                    let _ = connection.await;
                });
                Wire::Http(Box::new(HttpWire {
                    addr,
                    sender,
                    next_id: 0,
                    connection,
                    serving,
                }))
            }
        }
    }

    /// Sends a 2026-07-28 request of `method` with `params` (its `_meta` merged over the
    /// protocol version, every input capability and the client info) and returns the JSON-RPC
    /// response: a message with `result` or `error`.
    pub(crate) async fn request(&mut self, method: &str, params: Value) -> Value {
        match self {
            Wire::Memory(peer) => {
                let id = peer.fresh_id();
                peer.modern_request(id.clone(), method, params).await;
                let msg = peer.recv().await;
                if !matches!(msg.kind, Kind::Response | Kind::Error) || msg.id() != &id {
                    peer.fail(format!("expected the answer to {id}, got {}", msg.value));
                }
                msg.value
            }
            Wire::Http(wire) => wire.request(method, params).await,
        }
    }

    /// Ends the connection; the in-memory peer checks that everything was answered.
    pub(crate) async fn finish(self) {
        if let Wire::Memory(peer) = self {
            peer.finish().await;
        }
    }
}

impl HttpWire {
    async fn request(&mut self, method: &str, mut params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut meta = json!({
            "io.modelcontextprotocol/protocolVersion": schema::MODERN,
            "io.modelcontextprotocol/clientCapabilities": all_caps(),
            "io.modelcontextprotocol/clientInfo": {"name": "attacker", "version": "1"},
        });
        if let Some(Value::Object(given)) = params.get("_meta") {
            for (k, v) in given {
                meta[k.as_str()] = v.clone();
            }
        }
        params["_meta"] = meta;
        let name = params
            .get("name")
            .or_else(|| params.get("uri"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        let request = Request::builder()
            .method(Method::POST)
            .uri(format!("http://{}/mcp", self.addr))
            .header("host", self.addr.to_string())
            .header("accept", "application/json, text/event-stream")
            .header("content-type", "application/json")
            .header("mcp-protocol-version", schema::MODERN)
            .header("mcp-method", method)
            .header("mcp-name", name)
            .body(Full::new(Bytes::from(body.to_string())))
            .expect("a request");
        let exchange = async {
            self.sender
                .ready()
                .await
                .expect("the connection still serves");
            let response = self.sender.send_request(request).await.expect("a response");
            let sse = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|t| t.starts_with("text/event-stream"));
            let bytes = response
                .into_body()
                .collect()
                .await
                .expect("a body")
                .to_bytes();
            (sse, bytes)
        };
        let (sse, bytes) = tokio::time::timeout(READ_TIMEOUT, exchange)
            .await
            .expect("the response in time");
        let text = String::from_utf8_lossy(&bytes);
        let messages: Vec<Value> = if sse {
            text.lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(|d| serde_json::from_str(d).expect("JSON data"))
                .collect()
        } else {
            vec![serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))]
        };
        let answer = messages
            .into_iter()
            .find(|m| m["id"] == json!(id))
            .unwrap_or_else(|| panic!("no answer to {id} in {text}"));
        assert!(
            answer.get("result").is_some() != answer.get("error").is_some(),
            "a result or an error: {answer}"
        );
        answer
    }
}

// ---------------------------------------------------------------------------------------------
// Requests and states

pub(crate) fn key(id: &str, fill: u8) -> SealingKey {
    SealingKey::new(id, &[fill; 32]).expect("a valid key")
}

pub(crate) fn accept() -> Value {
    json!({"action": "accept", "content": {"confirm": true}})
}

pub(crate) fn deploy(target: &str) -> Value {
    json!({"name": "deploy", "arguments": {"target": target}})
}

/// `params` with `_meta[USER_META] = user`.
pub(crate) fn as_user(mut params: Value, user: &str) -> Value {
    params["_meta"] = json!({USER_META: user});
    params
}

/// `params` retried with `answers` and `state`.
pub(crate) fn retry(mut params: Value, answers: Value, state: impl Into<Value>) -> Value {
    params["inputResponses"] = answers;
    params["requestState"] = state.into();
    params
}

/// Where a character is changed or a state is cut.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Part {
    Payload,
    Tag,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum At {
    Start,
    Middle,
    End,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum Cut {
    /// Keep this many characters from the start.
    Keep(usize),
    /// Up to the middle of the payload.
    HalfPayload,
    /// Everything after the last `.`: the tag is empty.
    WholeTag,
    /// Drop this many characters from the end.
    DropLast(usize),
}

/// Sends the first round of `params` on `wire`: the single key it asks and its state.
pub(crate) async fn first_round(wire: &mut Wire, method: &str, params: &Value) -> (String, String) {
    let answer = wire.request(method, params.clone()).await;
    let result = &answer["result"];
    assert_eq!(result["resultType"], "input_required", "{answer}");
    let asked = result["inputRequests"].as_object().expect("inputRequests");
    assert_eq!(asked.len(), 1, "one ask: {answer}");
    let key = asked.keys().next().cloned().unwrap_or_default();
    let state = result["requestState"].as_str().expect("a sealed state");
    (key, state.to_owned())
}

/// `text` with the base64url character at `at` of its `part` replaced by its neighbour in the
/// alphabet (index XOR 1: at the last character of the MAC, only its padding bits change).
pub(crate) fn flip(state: &str, part: Part, at: At) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let dots: Vec<usize> = state.match_indices('.').map(|(i, _)| i).collect();
    let (start, end) = match part {
        Part::Payload => (dots[1] + 1, dots[2]),
        Part::Tag => (dots[2] + 1, state.len()),
    };
    let i = match at {
        At::Start => start,
        At::Middle => (start + end) / 2,
        At::End => end - 1,
    };
    let mut bytes = state.as_bytes().to_vec();
    let index = ALPHABET
        .iter()
        .position(|&c| c == bytes[i])
        .expect("base64url");
    bytes[i] = ALPHABET[index ^ 1];
    String::from_utf8(bytes).expect("ASCII")
}

pub(crate) fn cut(state: &str, how: Cut) -> String {
    let dots: Vec<usize> = state.match_indices('.').map(|(i, _)| i).collect();
    let len = match how {
        Cut::Keep(n) => n,
        Cut::HalfPayload => (dots[1] + dots[2]) / 2,
        Cut::WholeTag => dots[2] + 1,
        Cut::DropLast(n) => state.len() - n,
    };
    state[..len].to_owned()
}

/// A genuine call completes on `wire`: both rounds run the handler.
pub(crate) async fn genuine_call_completes(wire: &mut Wire, runs: &Runs) -> Result<(), String> {
    let before = runs.get();
    let (asked, state) = first_round(wire, "tools/call", &deploy("prod")).await;
    let params = retry(deploy("prod"), json!({asked: accept()}), state);
    let answer = wire.request("tools/call", params).await;
    let text = &answer["result"]["content"][0]["text"];
    let ran = runs.get() - before;
    if text != "deployed prod" || ran != 2 {
        return Err(format!(
            "the follow-up call: {answer}, the handler ran {ran} times, not 2"
        ));
    }
    Ok(())
}
