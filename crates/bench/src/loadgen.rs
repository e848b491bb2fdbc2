//! The load generator (`--loadgen PLAN`, a child process of the bench): hyper's HTTP/1.1
//! client over keep-alive connections to one server, on its own 2-worker runtime.
//!
//! Protocol (lines prefixed with [`MARK`](crate::child::MARK) on stdout): after connecting
//! (and, per mode, opening sessions and warming up) it says `warm` and waits for a line on its
//! stdin; then it does the measured work and says its [`LoadResult`] as JSON; then it waits for
//! the end of its stdin (the parent measures the server meanwhile) and cleans up.
//!
//! Modes:
//! - `modern`: `tools/call echo` POSTs on 2026-07-28, statelessly: `_meta` (protocol version,
//!   client capabilities and info) in the body, `MCP-Protocol-Version`, `Mcp-Method` and
//!   `Mcp-Name` headers.
//! - `legacy`: each connection opens a 2025-11-25 session first (`initialize` →
//!   `Mcp-Session-Id`, then `notifications/initialized`), then POSTs `tools/call echo` with the
//!   session's headers; JSON or SSE answers (the first `data:` carrying the response). The
//!   sessions are DELETEd at the end.
//! - `sessions`: opens `count` legacy sessions over the connections (after `warmup_count` more
//!   before `warm`) and keeps them (scenario 6).
//! - `inflight`: one connection per request: each makes one modern `echo` before `warm`, then
//!   sends one modern `tools/call wait` that never completes (scenario 6).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Method, Request};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::io::AsyncBufReadExt;

use crate::child::{raise_open_files, runtime, say};
use crate::measure::percentile;
use crate::sdk::ECHO_TEXT;

/// What to do.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Plan {
    /// `modern`, `legacy`, `sessions` or `inflight`.
    pub(crate) mode: String,
    /// The server's `host:port`.
    pub(crate) addr: String,
    /// Keep-alive connections (`inflight`: ignored, one per request).
    pub(crate) connections: usize,
    /// `modern`/`legacy`: how long to warm up before `warm`.
    pub(crate) warmup_ms: u64,
    /// `modern`/`legacy`: how long to measure (ignored when `per_connection` is set).
    pub(crate) duration_ms: u64,
    /// `modern`/`legacy`: exactly this many calls per connection instead of a duration.
    pub(crate) per_connection: Option<usize>,
    /// `sessions`: sessions to open; `inflight`: requests to hold.
    pub(crate) count: usize,
    /// `sessions`: sessions opened before `warm`.
    pub(crate) warmup_count: usize,
}

/// What the measured part did.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct LoadResult {
    /// Completed calls (or sessions, or requests sent).
    pub(crate) requests: usize,
    /// Wall time of the measured part.
    pub(crate) seconds: f64,
    /// Median latency, µs.
    pub(crate) p50_us: f64,
    /// 99th percentile latency, µs.
    pub(crate) p99_us: f64,
    /// Why the run failed, if it did.
    pub(crate) error: Option<String>,
}

/// The revision the modern mode speaks.
const MODERN: &str = "2026-07-28";
/// The revision the legacy mode speaks.
const LEGACY: &str = "2025-11-25";

/// One keep-alive connection, with its legacy session if it opened one.
struct Conn {
    host: Arc<str>,
    sender: SendRequest<Full<Bytes>>,
    session: Option<String>,
    next_id: u64,
}

/// A response's status, session header and JSON-RPC message (from JSON or SSE).
struct Answer {
    status: u16,
    session: Option<String>,
    message: Option<Value>,
}

impl Conn {
    async fn open(addr: &str) -> Result<Self, String> {
        let stream = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect {addr}: {e}"))?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Self {
            host: Arc::from(addr),
            sender,
            session: None,
            next_id: 0,
        })
    }

    /// Sends one request and reads its whole answer.
    async fn send(
        &mut self,
        method: Method,
        headers: &[(&str, &str)],
        body: String,
    ) -> Result<Answer, String> {
        let mut request = Request::builder()
            .method(method)
            .uri("/mcp")
            .header("host", &*self.host)
            .header("accept", "application/json, text/event-stream")
            .header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(session) = &self.session {
            request = request
                .header("mcp-session-id", session.as_str())
                .header("mcp-protocol-version", LEGACY);
        }
        let request = request
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| e.to_string())?;
        self.sender.ready().await.map_err(|e| e.to_string())?;
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(|e| format!("request: {e}"))?;
        let status = response.status().as_u16();
        let session = response
            .headers()
            .get("mcp-session-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let sse = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("body: {e}"))?
            .to_bytes();
        let message = if sse {
            String::from_utf8_lossy(&body)
                .lines()
                .filter_map(|line| line.strip_prefix("data:"))
                .filter_map(|data| serde_json::from_str::<Value>(data.trim()).ok())
                .find(|m| m.get("result").is_some() || m.get("error").is_some())
        } else {
            serde_json::from_slice(&body).ok()
        };
        Ok(Answer {
            status,
            session,
            message,
        })
    }

    /// Opens a 2025-11-25 session on this connection (replacing any it had).
    async fn initialize(&mut self) -> Result<(), String> {
        self.session = None;
        let body = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": LEGACY, "capabilities": {},
            "clientInfo": {"name": "tether-mcp-bench", "version": "0"}}});
        let answer = self.send(Method::POST, &[], body.to_string()).await?;
        let ok = answer
            .message
            .as_ref()
            .is_some_and(|m| m["result"].is_object());
        let session = answer
            .session
            .filter(|_| ok)
            .ok_or_else(|| format!("initialize: status {}, {:?}", answer.status, answer.message))?;
        self.session = Some(session);
        let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
        let answer = self
            .send(Method::POST, &[], initialized.to_string())
            .await?;
        if answer.status != 202 {
            return Err(format!(
                "notifications/initialized: status {}",
                answer.status
            ));
        }
        Ok(())
    }

    /// One `tools/call` of `tool`: modern (stateless) without a session, legacy with one.
    async fn call(&mut self, tool: &str) -> Result<Answer, String> {
        self.next_id += 1;
        let arguments = if tool == "echo" {
            json!({"text": ECHO_TEXT})
        } else {
            json!({})
        };
        let mut params = json!({"name": tool, "arguments": arguments});
        let headers: &[(&str, &str)] = if self.session.is_some() {
            &[]
        } else {
            params["_meta"] = json!({
                "io.modelcontextprotocol/protocolVersion": MODERN,
                "io.modelcontextprotocol/clientCapabilities": {},
                "io.modelcontextprotocol/clientInfo": {"name": "tether-mcp-bench", "version": "0"},
            });
            &[
                ("mcp-protocol-version", MODERN),
                ("mcp-method", "tools/call"),
                ("mcp-name", tool),
            ]
        };
        let body = json!({"jsonrpc": "2.0", "id": self.next_id, "method": "tools/call",
                          "params": params});
        self.send(Method::POST, headers, body.to_string()).await
    }

    /// One `echo`, its answer checked.
    async fn echo(&mut self) -> Result<(), String> {
        let answer = self.call("echo").await?;
        let text = answer
            .message
            .as_ref()
            .and_then(|m| m["result"]["content"][0]["text"].as_str());
        if answer.status == 200 && text == Some(ECHO_TEXT) {
            Ok(())
        } else {
            Err(format!(
                "echo: status {}, {:?}",
                answer.status, answer.message
            ))
        }
    }
}

/// Opens `n` connections (in parallel).
async fn open_all(addr: &str, n: usize) -> Result<Vec<Conn>, String> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let addr = addr.to_owned();
            tokio::spawn(async move { Conn::open(&addr).await })
        })
        .collect();
    let mut conns = Vec::with_capacity(n);
    for task in tasks {
        conns.push(task.await.map_err(|e| e.to_string())??);
    }
    Ok(conns)
}

/// Runs `f` on every connection at once, each on its own task; gives the connections back.
async fn on_each<T, F, Fut>(conns: Vec<Conn>, f: F) -> Result<(Vec<Conn>, Vec<T>), String>
where
    T: Send + 'static,
    F: Fn(Conn) -> Fut,
    Fut: std::future::Future<Output = Result<(Conn, T), String>> + Send + 'static,
{
    let tasks: Vec<_> = conns.into_iter().map(|c| tokio::spawn(f(c))).collect();
    let (mut conns, mut outs) = (Vec::new(), Vec::new());
    for task in tasks {
        let (conn, out) = task.await.map_err(|e| e.to_string())??;
        conns.push(conn);
        outs.push(out);
    }
    Ok((conns, outs))
}

/// Echo calls on one connection until `until` (or `count` of them); their latencies.
async fn echo_loop(
    mut conn: Conn,
    until: Instant,
    count: Option<usize>,
) -> Result<(Conn, Vec<Duration>), String> {
    let mut latencies = Vec::new();
    loop {
        let done = match count {
            Some(count) => latencies.len() >= count,
            None => Instant::now() >= until,
        };
        if done {
            return Ok((conn, latencies));
        }
        let sent = Instant::now();
        conn.echo().await?;
        latencies.push(sent.elapsed());
    }
}

/// Waits for the parent's go (a line on stdin), or for the end of stdin.
async fn wait_for_parent(stdin: &mut tokio::io::Lines<tokio::io::BufReader<tokio::io::Stdin>>) {
    let _ = stdin.next_line().await;
}

/// Runs the plan's measured part; what `run` reports.
async fn run(plan: &Plan) -> Result<LoadResult, String> {
    let mut stdin = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    let mut result = LoadResult::default();
    match plan.mode.as_str() {
        "modern" | "legacy" => {
            let mut conns = open_all(&plan.addr, plan.connections.max(1)).await?;
            if plan.mode == "legacy" {
                (conns, _) = on_each(conns, |mut c| async move {
                    c.initialize().await.map(|()| (c, ()))
                })
                .await?;
            }
            let warm_until = Instant::now() + Duration::from_millis(plan.warmup_ms);
            let count = plan.per_connection.map(|_| 1);
            (conns, _) = on_each(conns, |c| echo_loop(c, warm_until, count)).await?;
            say("warm");
            wait_for_parent(&mut stdin).await;
            let started = Instant::now();
            let until = started + Duration::from_millis(plan.duration_ms);
            let count = plan.per_connection;
            let (conns, latencies) = on_each(conns, |c| echo_loop(c, until, count)).await?;
            result.seconds = started.elapsed().as_secs_f64();
            let mut latencies: Vec<Duration> = latencies.into_iter().flatten().collect();
            latencies.sort_unstable();
            result.requests = latencies.len();
            result.p50_us = percentile(&latencies, 0.5).as_secs_f64() * 1e6;
            result.p99_us = percentile(&latencies, 0.99).as_secs_f64() * 1e6;
            say(&serde_json::to_string(&result).unwrap_or_default());
            wait_for_parent(&mut stdin).await;
            if plan.mode == "legacy" {
                let _ = on_each(conns, |mut c| async move {
                    let _ = c.send(Method::DELETE, &[], String::new()).await;
                    Ok((c, ()))
                })
                .await;
            }
        }
        "sessions" => {
            let conns = open_all(&plan.addr, plan.connections.max(1)).await?;
            let open = |conns: Vec<Conn>, total: usize| {
                let per = total.div_ceil(conns.len());
                let mut left = total;
                let shares: Vec<usize> = (0..conns.len())
                    .map(|_| {
                        let share = per.min(left);
                        left -= share;
                        share
                    })
                    .collect();
                let mut shares = shares.into_iter();
                let jobs: Vec<(Conn, usize)> = conns
                    .into_iter()
                    .map(|c| (c, shares.next().unwrap_or(0)))
                    .collect();
                async move {
                    let tasks: Vec<_> = jobs
                        .into_iter()
                        .map(|(mut c, n)| {
                            tokio::spawn(async move {
                                for _ in 0..n {
                                    c.initialize().await?;
                                }
                                Ok::<_, String>(c)
                            })
                        })
                        .collect();
                    let mut conns = Vec::new();
                    for task in tasks {
                        conns.push(task.await.map_err(|e| e.to_string())??);
                    }
                    Ok::<_, String>(conns)
                }
            };
            let conns = open(conns, plan.warmup_count).await?;
            say("warm");
            wait_for_parent(&mut stdin).await;
            let started = Instant::now();
            let _conns = open(conns, plan.count).await?;
            result.seconds = started.elapsed().as_secs_f64();
            result.requests = plan.count;
            say(&serde_json::to_string(&result).unwrap_or_default());
            wait_for_parent(&mut stdin).await;
        }
        "inflight" => {
            let conns = open_all(&plan.addr, plan.count.max(1)).await?;
            let (conns, _) = on_each(
                conns,
                |mut c| async move { c.echo().await.map(|()| (c, ())) },
            )
            .await?;
            say("warm");
            wait_for_parent(&mut stdin).await;
            let started = Instant::now();
            let held: Vec<_> = conns
                .into_iter()
                .map(|mut c| tokio::spawn(async move { c.call("wait").await.map(|_| c) }))
                .collect();
            result.seconds = started.elapsed().as_secs_f64();
            result.requests = held.len();
            say(&serde_json::to_string(&result).unwrap_or_default());
            wait_for_parent(&mut stdin).await;
            drop(held);
        }
        other => return Err(format!("unknown load mode {other:?}")),
    }
    Ok(result)
}

/// `--loadgen PLAN` (the plan as JSON).
pub(crate) fn main(plan: &str) -> ExitCode {
    raise_open_files();
    let plan: Plan = match serde_json::from_str(plan) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("loadgen: bad plan: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Ok(runtime) = runtime() else {
        return ExitCode::FAILURE;
    };
    match runtime.block_on(run(&plan)) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            let failed = LoadResult {
                error: Some(error),
                ..LoadResult::default()
            };
            say(&serde_json::to_string(&failed).unwrap_or_default());
            ExitCode::FAILURE
        }
    }
}
