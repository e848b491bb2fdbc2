//! Graceful shutdown loses no in-flight response, in both eras:
//!
//! - Streamable HTTP: `transport::http::serve`'s shutdown future fires while calls run; every
//!   call still gets its full result, `serve` returns only after the handlers finished, and
//!   the port refuses new connections afterwards.
//! - A stdio-style stream (the in-memory duplex): the client closes its side (EOF) while calls
//!   run; their answers are still written before the server closes its output, and
//!   `Server::serve` then returns. The drain is bounded: a handler still running after
//!   [`Limits::end_of_input_drain`] is cancelled, so a stuck handler cannot keep the server
//!   alive.
//! - `Server::shut_down()` ends listen streams only: calls in flight go on and are answered.
//!
//! Every wait is for a handler-side count (a `watch` channel), never a sleep.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};
use tether_mcp::client::{Client, EraCache};
use tether_mcp::prelude::*;
use tether_mcp::transport::http::{self as mcp_http, HttpConfig};
use tether_mcp::transport::http_client::StreamableHttpClient;
use tether_mcp::types::{ProtocolVersion, SubscriptionFilter};
use tether_mcp::{Limits, Server};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::watch;

/// How long each call's handler works.
const WORK: Duration = Duration::from_millis(200);
/// Calls in flight at the shutdown, per era.
const PER_ERA: u64 = 4;
/// The longest any step may take.
const WAIT: Duration = Duration::from_secs(10);

const ERAS: [ProtocolVersion; 2] = [ProtocolVersion::V_2025_11_25, ProtocolVersion::V_2026_07_28];

/// Counts its handler runs as they start and finish. Each run waits until `together` runs
/// have started, then works for `work`: every run is still working when the test, woken by
/// the last start, shuts down, however slowly the calls arrived.
#[derive(Clone)]
struct Slow {
    started: watch::Sender<u64>,
    finished: Arc<AtomicUsize>,
    cancelled: Arc<AtomicUsize>,
    together: u64,
    work: Duration,
}

impl Slow {
    fn new(together: u64, work: Duration) -> Self {
        Self {
            started: watch::Sender::new(0),
            finished: Arc::new(AtomicUsize::new(0)),
            cancelled: Arc::new(AtomicUsize::new(0)),
            together,
            work,
        }
    }

    /// Waits until `n` handlers have started.
    async fn started(&self, n: u64) {
        let mut started = self.started.subscribe();
        tokio::time::timeout(WAIT, started.wait_for(|s| *s >= n))
            .await
            .unwrap_or_else(|_| panic!("{} of {n} calls started in time", *self.started.borrow()))
            .expect("the handler is alive");
    }

    fn finished(&self) -> usize {
        self.finished.load(Ordering::SeqCst)
    }
}

#[tether_mcp::tools]
impl ServerHandler for Slow {
    /// Works a while, then answers `done <id>`; stops early if the call is cancelled.
    #[tool]
    async fn slow(&self, cx: InFlight<'_>, id: u64) -> String {
        self.started.send_modify(|n| *n += 1);
        let mut started = self.started.subscribe();
        let work = async {
            let _ = started.wait_for(|n| *n >= self.together).await;
            tokio::time::sleep(self.work).await;
        };
        tokio::select! {
            () = work => {}
            () = cx.cancelled() => {
                self.cancelled.fetch_add(1, Ordering::SeqCst);
                return "cancelled".to_owned();
            }
        }
        self.finished.fetch_add(1, Ordering::SeqCst);
        format!("done {id}")
    }
}

async fn connect(
    version: ProtocolVersion,
    transport: impl tether_mcp::client::ClientTransport,
) -> Client {
    let client = Client::builder()
        .name("graceful", "0.0.1")
        .era_cache(EraCache::new())
        .protocol_version(version.clone())
        .connect(transport);
    let client = tokio::time::timeout(WAIT, client)
        .await
        .expect("connected in time")
        .expect("connected");
    assert_eq!(client.protocol_version(), version);
    client
}

/// Starts `PER_ERA` calls on `client`, ids from `first`, each on its own task.
fn start_calls(
    client: &Client,
    first: u64,
) -> Vec<(
    u64,
    tokio::task::JoinHandle<Result<CallToolResult, tether_mcp::client::ClientError>>,
)> {
    (first..first + PER_ERA)
        .map(|id| {
            let client = client.clone();
            let call =
                tokio::spawn(async move { client.call_tool("slow", json!({"id": id})).await });
            (id, call)
        })
        .collect()
}

/// Every call got its own full result.
async fn expect_answers(
    calls: Vec<(
        u64,
        tokio::task::JoinHandle<Result<CallToolResult, tether_mcp::client::ClientError>>,
    )>,
) {
    for (id, call) in calls {
        let result = tokio::time::timeout(WAIT, call)
            .await
            .expect("answered in time")
            .expect("the call task ran")
            .unwrap_or_else(|e| panic!("call {id} lost its answer: {e}"));
        assert_eq!(result.is_error, None, "call {id}: {result:?}");
        assert_eq!(result.text(), format!("done {id}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_shutdown_answers_every_call_in_flight() {
    let slow = Slow::new(2 * PER_ERA, WORK);
    let server = Server::new(slow.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let service = server.streamable_http(HttpConfig::default());
    let serving = tokio::spawn(mcp_http::serve(listener, service, async move {
        let _ = stopped.await;
    }));
    let mut calls = Vec::new();
    let mut clients = Vec::new();
    for (era, version) in ERAS.into_iter().enumerate() {
        let http = StreamableHttpClient::new(format!("http://{addr}/mcp"));
        let client = connect(version, http).await;
        calls.extend(start_calls(&client, era as u64 * PER_ERA));
        clients.push(client);
    }
    slow.started(2 * PER_ERA).await;
    assert_eq!(
        slow.finished(),
        0,
        "the shutdown comes while every call runs"
    );
    stop.send(()).expect("the server is running");
    tokio::time::timeout(WAIT, serving)
        .await
        .expect("serve returns once the calls are done")
        .expect("the serve task ran")
        .expect("serve ends cleanly");
    assert_eq!(
        slow.finished(),
        2 * PER_ERA as usize,
        "serve returned only after every handler finished"
    );
    assert_eq!(slow.cancelled.load(Ordering::SeqCst), 0);
    expect_answers(calls).await;
    let refused = tokio::net::TcpStream::connect(addr).await;
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionRefused),
        "a connection after the shutdown: {refused:?}"
    );
}

/// The `_meta` a 2026-07-28 request carries.
fn modern_meta() -> Value {
    json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "graceful", "version": "0.0.1"},
    })
}

/// Over a raw stdio-style stream in `version`: sends `PER_ERA` calls (ids 100..), waits until
/// their handlers run, closes the client's side, then reads until the server closes its side.
/// Returns the responses by id; the connection must end cleanly, with no id answered twice.
async fn calls_then_eof(
    slow: &Slow,
    server: &Server<Slow>,
    version: &ProtocolVersion,
) -> BTreeMap<u64, Value> {
    let (server_end, client_end) = tether_mcp::transport::memory::duplex(1 << 16);
    let connection = server.spawn(server_end);
    let (read, mut write) = tokio::io::split(client_end);
    let mut lines = BufReader::new(read).lines();
    let modern = version.is_modern();
    let before = *slow.started.borrow();
    if !modern {
        let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": version.as_str(), "capabilities": {},
            "clientInfo": {"name": "graceful", "version": "0.0.1"}}});
        let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
        write
            .write_all(format!("{init}\n").as_bytes())
            .await
            .expect("write");
        let answer = tokio::time::timeout(WAIT, lines.next_line())
            .await
            .expect("in time");
        let answer: Value =
            serde_json::from_str(&answer.expect("read").expect("a line")).expect("JSON");
        assert_eq!(answer["id"], 1, "{answer}");
        write
            .write_all(format!("{initialized}\n").as_bytes())
            .await
            .expect("write");
    }
    for id in 100..100 + PER_ERA {
        let mut params = json!({"name": "slow", "arguments": {"id": id}});
        if modern {
            params["_meta"] = modern_meta();
        }
        let call = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params});
        write
            .write_all(format!("{call}\n").as_bytes())
            .await
            .expect("write");
    }
    slow.started(before + PER_ERA).await;
    write.shutdown().await.expect("EOF");
    drop(write);
    let mut answers = BTreeMap::new();
    while let Some(line) = tokio::time::timeout(WAIT, lines.next_line())
        .await
        .expect("the server writes or closes in time")
        .expect("read")
    {
        let message: Value = serde_json::from_str(&line).expect("JSON");
        let id = message["id"].as_u64().expect("a response to a call");
        let previous = answers.insert(id, message);
        assert!(previous.is_none(), "call {id} answered twice");
    }
    tokio::time::timeout(WAIT, connection.wait())
        .await
        .expect("the connection ends once its output is done")
        .expect("the connection ends cleanly");
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eof_on_input_still_writes_every_answer_in_flight() {
    for version in ERAS {
        // Longer than the default cancel grace (500 ms), well inside the end-of-input drain.
        let slow = Slow::new(PER_ERA, Duration::from_millis(900));
        let server = Server::new(slow.clone());
        let answers = calls_then_eof(&slow, &server, &version).await;
        let ids: Vec<u64> = answers.keys().copied().collect();
        assert_eq!(
            ids,
            (100..100 + PER_ERA).collect::<Vec<_>>(),
            "{version}: {answers:?}"
        );
        for (id, answer) in answers {
            let content = &answer["result"]["content"][0]["text"];
            assert_eq!(content, &json!(format!("done {id}")), "{version}: {answer}");
        }
        assert_eq!(slow.finished(), PER_ERA as usize, "{version}");
    }
}

/// The drain after EOF lasts at most `Limits::end_of_input_drain`: a handler still running
/// then is cancelled (and answers nothing), so the connection ends rather than waiting on it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eof_drain_is_bounded_by_end_of_input_drain() {
    for version in ERAS {
        let slow = Slow::new(PER_ERA, Duration::from_secs(3600));
        let mut limits = Limits::default();
        limits.end_of_input_drain = Duration::from_millis(100);
        limits.cancel_grace = Duration::from_millis(100);
        let server = Server::builder(slow.clone()).limits(limits).build();
        let started = tokio::time::Instant::now();
        let answers = calls_then_eof(&slow, &server, &version).await;
        assert!(answers.is_empty(), "{version}: {answers:?}");
        assert!(started.elapsed() < WAIT, "{version}");
        let deadline = tokio::time::Instant::now() + WAIT;
        while slow.cancelled.load(Ordering::SeqCst) < PER_ERA as usize {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{version}: handlers not cancelled"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(slow.finished(), 0, "{version}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_shut_down_ends_listens_but_not_calls() {
    let slow = Slow::new(2 * PER_ERA, WORK);
    let server = Server::builder(slow.clone()).list_changed().build();
    let mut calls = Vec::new();
    let mut clients = Vec::new();
    let mut listen = None;
    for (era, version) in ERAS.into_iter().enumerate() {
        let (server_end, client_end) = tether_mcp::transport::memory::duplex(1 << 16);
        let _connection = server.spawn(server_end);
        let client = connect(version.clone(), client_end).await;
        if version.is_modern() {
            let filter = SubscriptionFilter {
                tools_list_changed: Some(true),
                ..Default::default()
            };
            listen = Some(client.listen(filter).await.expect("listen"));
        }
        calls.extend(start_calls(&client, era as u64 * PER_ERA));
        clients.push(client);
    }
    slow.started(2 * PER_ERA).await;
    server.shut_down();
    let mut stream = Box::pin(listen.expect("a listen").into_stream());
    let end = tokio::time::timeout(WAIT, stream.next())
        .await
        .expect("the listen ends in time");
    assert!(end.is_none(), "the listen ended: {end:?}");
    assert!(
        slow.finished() < 2 * PER_ERA as usize,
        "the listen ended before the calls"
    );
    expect_answers(calls).await;
    assert_eq!(slow.cancelled.load(Ordering::SeqCst), 0);
}
