//! The limits no other test hits (issue 12; the whole table is in `docs/limits.md`): each test
//! sets a limit low, goes past it, asserts the exact error (JSON-RPC code or HTTP status, and a
//! message naming the limit), then that the connection, session or server keeps serving.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Full};
use serde_json::{Value, json};
use tether_mcp::client::Client;
use tether_mcp::transport::http::{self as mcp_http, HttpConfig};
use tether_mcp::transport::http_client::StreamableHttpClient;
use tether_mcp::types::error_codes::{INTERNAL_ERROR, INVALID_REQUEST};
use tether_mcp::types::{ListChangedCapability, ServerCapabilities, SubscriptionFilter};
use tether_mcp::{Limits, Server};
use tokio::io::{
    AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf,
};
use tokio::net::{TcpListener, TcpStream};
use tower_service::Service as _;

use support::demo::Demo;
use support::modern_scenarios::{answers_for, modern_peer};
use support::{QUIET, READ_TIMEOUT};

const LEGACY: &str = "2025-11-25";

/// The default limits with `configure` applied.
fn limited(configure: impl FnOnce(&mut Limits)) -> Limits {
    let mut limits = Limits::default();
    configure(&mut limits);
    limits
}

// ---------------------------------------------------------------------------------------------
// subscriptions/listen

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_max_listens_a_listen_is_refused_naming_the_limit() {
    let capabilities = ServerCapabilities {
        tools: Some(ListChangedCapability {
            list_changed: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    };
    let server = Server::builder(Demo::default())
        .capabilities(capabilities)
        .limits(limited(|l| l.max_listens = 2))
        .build();
    let mut peer = modern_peer(&server);
    let filter = json!({"notifications": {"toolsListChanged": true}});
    for id in ["listen-1", "listen-2"] {
        peer.modern_request(id, "subscriptions/listen", filter.clone())
            .await;
        peer.expect_notification("notifications/subscriptions/acknowledged")
            .await;
    }
    peer.modern_request("listen-3", "subscriptions/listen", filter.clone())
        .await;
    peer.expect_error_naming(
        Some(json!("listen-3")),
        INVALID_REQUEST,
        &["too many subscriptions/listen streams", "allows 2"],
    )
    .await;
    // Other requests are still served beside the open streams.
    peer.modern_call_tool(4, "add", json!({"a": 1, "b": 2}))
        .await;
    assert_eq!(peer.expect_complete_text(4).await, "3");
    // Once a stream ends its place is free again (the stream's task ends shortly after the
    // cancellation: a bounded retry).
    peer.cancel("listen-1").await;
    let mut reopened = None;
    for attempt in 0..50 {
        let id = format!("listen-again-{attempt}");
        peer.modern_request(id.as_str(), "subscriptions/listen", filter.clone())
            .await;
        let message = peer.recv().await;
        if message.value["method"] == "notifications/subscriptions/acknowledged" {
            reopened = Some(id);
            break;
        }
        assert_eq!(
            message.value["error"]["code"], INVALID_REQUEST,
            "{:?}",
            message.value
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let reopened = reopened.expect("a listen once another ended");
    peer.cancel("listen-2").await;
    peer.cancel(reopened.as_str()).await;
    peer.expect_nothing_for(QUIET).await;
    peer.finish().await;
}

/// On 2026-07-28 Streamable HTTP a listen holds no request slot (one slot, no queue, a listen
/// open: a call still runs), and `HttpConfig::max_listens` bounds the open streams endpoint-wide.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_listens_take_no_request_slot_and_are_bounded_by_max_listens() {
    let addr = start(
        HttpConfig::default().max_listens(1),
        limited(|l| {
            l.max_concurrent_requests = 1;
            l.max_queued_requests = 0;
        }),
    )
    .await;
    let http = StreamableHttpClient::new(format!("http://{addr}/mcp"));
    let client = tokio::time::timeout(READ_TIMEOUT, Client::builder().connect(http))
        .await
        .expect("connected in time")
        .expect("connected");
    let filter = SubscriptionFilter {
        tools_list_changed: Some(true),
        ..Default::default()
    };
    let listen = tokio::time::timeout(READ_TIMEOUT, client.listen(filter.clone()))
        .await
        .expect("acknowledged in time")
        .expect("the first listen");
    for _ in 0..3 {
        let result = tokio::time::timeout(
            READ_TIMEOUT,
            client.call_tool("add", json!({"a": 20, "b": 22})),
        )
        .await
        .expect("answered in time")
        .expect("a call runs beside the open listen");
        assert_eq!(
            serde_json::to_value(&result.content).expect("content")[0]["text"],
            "42"
        );
    }
    let refused = tokio::time::timeout(READ_TIMEOUT, client.listen(filter))
        .await
        .expect("refused in time")
        .expect_err("a second listen is past max_listens");
    let refused = refused.to_string();
    assert!(
        refused.contains("too many subscriptions/listen streams")
            && refused.contains("HttpConfig::max_listens"),
        "{refused}"
    );
    drop(listen);
}

// ---------------------------------------------------------------------------------------------
// requestState size, on the way out

/// An `onboard` retry carrying `answers` and `state`.
fn onboard(answers: Value, state: &Value) -> Value {
    json!({"name": "onboard", "arguments": {}, "inputResponses": answers, "requestState": state})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_state_that_would_outgrow_its_limit_fails_the_call_with_32603() {
    // The size of the first round's state, with the default limit.
    let mut probe = modern_peer(&Server::new(Demo::default()));
    probe
        .modern_request(1, "tools/call", json!({"name": "onboard", "arguments": {}}))
        .await;
    let first = probe.expect_input_required(1).await;
    let size = first["requestState"].as_str().expect("a state").len();
    probe.finish().await;

    // Too small for even the first round.
    let tiny = Server::builder(Demo::default())
        .limits(limited(|l| l.max_request_state_bytes = size - 1))
        .build();
    let mut peer = modern_peer(&tiny);
    peer.modern_request(1, "tools/call", json!({"name": "onboard", "arguments": {}}))
        .await;
    let limit = format!("over the {}-byte limit", size - 1);
    peer.expect_error_naming(
        Some(json!(1)),
        INTERNAL_ERROR,
        &["cannot carry this call's state", &limit],
    )
    .await;
    peer.modern_call_tool(2, "add", json!({"a": 2, "b": 2}))
        .await;
    assert_eq!(peer.expect_complete_text(2).await, "4");
    peer.finish().await;

    // Room for the first round, not for the second once a 4 KiB answer is in the state.
    let max = size + 1024;
    let server = Server::builder(Demo::default())
        .limits(limited(|l| l.max_request_state_bytes = max))
        .build();
    let mut peer = modern_peer(&server);
    peer.modern_request(1, "tools/call", json!({"name": "onboard", "arguments": {}}))
        .await;
    let first = peer.expect_input_required(1).await;
    let mut answers = answers_for(&peer, &first);
    for answer in answers.as_object_mut().expect("answers").values_mut() {
        answer["content"]["project"] = json!("p".repeat(4096));
    }
    peer.modern_request(2, "tools/call", onboard(answers, &first["requestState"]))
        .await;
    let limit = format!("over the {max}-byte limit");
    peer.expect_error_naming(
        Some(json!(2)),
        INTERNAL_ERROR,
        &["cannot carry this call's state", &limit],
    )
    .await;
    // A small answer still goes through.
    let answers = answers_for(&peer, &first);
    peer.modern_request(3, "tools/call", onboard(answers, &first["requestState"]))
        .await;
    peer.expect_input_required(3).await;
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// The outbound queue

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_does_not_read_stops_the_server_reading_instead_of_growing_its_memory() {
    const PINGS: usize = 5000;
    let server = Server::builder(Demo::default())
        .limits(limited(|l| l.outbound_capacity = 4))
        .build();
    let (mut lines, mut write) = raw_connection(&server, 4096).await;
    // The client writes pings and reads nothing.
    let written = Arc::new(AtomicUsize::new(0));
    let counter = written.clone();
    let writer = tokio::spawn(async move {
        for id in 1..=PINGS {
            let ping = format!("{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"ping\"}}\n");
            write.write_all(ping.as_bytes()).await.expect("write");
            counter.store(id, Ordering::SeqCst);
        }
        write
    });
    // Wait (bounded) until the writer stalls: the server has stopped reading.
    let mut last = usize::MAX;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(25)).await;
        let now = written.load(Ordering::SeqCst);
        if now == last {
            break;
        }
        last = now;
    }
    let stalled_at = written.load(Ordering::SeqCst);
    assert!(
        stalled_at < PINGS / 4,
        "the server kept reading ({stalled_at} of {PINGS} pings) while its answers were not read"
    );
    // Once the client reads, every ping is answered, in order.
    for id in 1..=PINGS {
        let pong: Value = serde_json::from_str(&next_line(&mut lines).await).expect("JSON");
        assert_eq!(pong, json!({"jsonrpc": "2.0", "id": id, "result": {}}));
    }
    let _write = writer.await.expect("the writer");
    eprintln!("outbound bound: a non-reading client stalled the server after {stalled_at} pings");
}

/// The lines the server writes on a raw in-memory connection.
type Lines = tokio::io::Lines<BufReader<ReadHalf<DuplexStream>>>;

/// A legacy connection over a `buffer`-byte in-memory duplex, initialized by hand: its line
/// reader and writer.
async fn raw_connection(server: &Server<Demo>, buffer: usize) -> (Lines, WriteHalf<DuplexStream>) {
    let (server_side, client_side) = tether_mcp::transport::memory::duplex(buffer);
    drop(server.spawn(server_side));
    let (read, mut write) = tokio::io::split(client_side);
    let mut lines = BufReader::new(read).lines();
    let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": LEGACY, "capabilities": {},
        "clientInfo": {"name": "limits", "version": "1"}}});
    write
        .write_all(format!("{init}\n").as_bytes())
        .await
        .expect("write");
    let answer = next_line(&mut lines).await;
    assert!(answer.contains("\"id\":0"), "{answer}");
    write
        .write_all(b"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n")
        .await
        .expect("write");
    (lines, write)
}

/// The next line the server writes, bounded by [`READ_TIMEOUT`].
async fn next_line(lines: &mut Lines) -> String {
    tokio::time::timeout(READ_TIMEOUT, lines.next_line())
        .await
        .expect("a line in time")
        .expect("read")
        .expect("a line")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_pending_resource_updates_further_uris_are_dropped_while_the_client_lags() {
    const CALLS: i64 = 40;
    let server = Demo::default().served_with(limited(|l| {
        l.outbound_capacity = 1;
        l.pending_resource_updates = 2;
    }));
    let notifier = server.notifier();
    let (mut lines, mut write) = raw_connection(&server, 512).await;
    let subscribe = json!({"jsonrpc": "2.0", "id": "sub", "method": "resources/subscribe", "params": {"uri": "file:///watched/"}});
    write
        .write_all(format!("{subscribe}\n").as_bytes())
        .await
        .expect("write");
    let answer = next_line(&mut lines).await;
    assert!(answer.contains("\"result\":{}"), "{answer}");
    // Calls whose answers fill the duplex and the one-message queue, read by nobody.
    for id in 1..=CALLS {
        let call = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                          "params": {"name": "add", "arguments": {"a": id, "b": 0}}});
        write
            .write_all(format!("{call}\n").as_bytes())
            .await
            .expect("write");
    }
    tokio::time::sleep(Duration::from_millis(200)).await; // the answers pile up
    for n in 0..10 {
        notifier.resource_updated(format!("file:///watched/{n}"));
        notifier.resource_updated("file:///watched/0"); // repeats coalesce
    }
    tokio::time::sleep(Duration::from_millis(100)).await; // the dispatcher takes them in
    // Every answer arrives, and the first two URIs' updates only.
    let mut answered = 0;
    let mut updated = Vec::new();
    while answered < CALLS || updated.len() < 2 {
        let message: Value = serde_json::from_str(&next_line(&mut lines).await).expect("JSON");
        if message["method"] == "notifications/resources/updated" {
            updated.push(
                message["params"]["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
        } else {
            assert!(message["result"]["content"].is_array(), "{message}");
            answered += 1;
        }
    }
    assert_eq!(updated, ["file:///watched/0", "file:///watched/1"]);
    let quiet = tokio::time::timeout(QUIET, lines.next_line()).await;
    assert!(quiet.is_err(), "nothing more: {quiet:?}");
    // Reading again, updates flow again.
    notifier.resource_updated("file:///watched/9");
    let again: Value = serde_json::from_str(&next_line(&mut lines).await).expect("JSON");
    assert_eq!(again["params"]["uri"], "file:///watched/9", "{again}");
}

// ---------------------------------------------------------------------------------------------
// HTTP: sessions, bodies and headers

/// A Streamable HTTP server on 127.0.0.1 with `config` and `limits`; it runs until the test ends.
async fn start(config: HttpConfig, limits: Limits) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = Server::builder(Demo::default()).limits(limits).build();
    tokio::spawn(mcp_http::serve(
        listener,
        server.streamable_http(config),
        std::future::pending(),
    ));
    addr
}

/// Writes `head` (the request line and headers, without the blank line) and `body` on a new
/// connection and reads the whole response (`Connection: close`): its status, header block
/// (lower-cased) and body.
async fn exchange(addr: SocketAddr, head: &str, body: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "{head}\r\nhost: {addr}\r\naccept: application/json, text/event-stream\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = Vec::new();
    tokio::time::timeout(READ_TIMEOUT, stream.read_to_end(&mut response))
        .await
        .expect("the response in time")
        .expect("read");
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {response:?}"));
    (status, head.to_lowercase(), body.to_owned())
}

/// A legacy `initialize` request (id 1).
fn initialize_body() -> String {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": LEGACY, "capabilities": {},
        "clientInfo": {"name": "limits", "version": "1"}}})
    .to_string()
}

/// A new legacy session's id.
async fn open_session(addr: SocketAddr) -> String {
    let (status, head, body) = exchange(addr, "POST /mcp HTTP/1.1", &initialize_body()).await;
    assert_eq!(status, 200, "{head}\n{body}");
    let id = head
        .lines()
        .find_map(|l| l.strip_prefix("mcp-session-id:"))
        .expect("a session id")
        .trim()
        .to_owned();
    let head =
        format!("POST /mcp HTTP/1.1\r\nmcp-session-id: {id}\r\nmcp-protocol-version: {LEGACY}");
    let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    let (status, ..) = exchange(addr, &head, &initialized.to_string()).await;
    assert_eq!(status, 202);
    id
}

/// A `tools/call` of `add` in session `id`: its HTTP status and text.
async fn add_in(addr: SocketAddr, id: &str) -> (u16, String) {
    let head =
        format!("POST /mcp HTTP/1.1\r\nmcp-session-id: {id}\r\nmcp-protocol-version: {LEGACY}");
    let call = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                      "params": {"name": "add", "arguments": {"a": 20, "b": 22}}});
    let (status, _, body) = exchange(addr, &head, &call.to_string()).await;
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_max_sessions_initialize_is_answered_503_naming_the_limit() {
    let mut config = HttpConfig::default();
    config.max_sessions = 2;
    let addr = start(config, Limits::default()).await;
    let first = open_session(addr).await;
    let _second = open_session(addr).await;
    let (status, _, body) = exchange(addr, "POST /mcp HTTP/1.1", &initialize_body()).await;
    assert_eq!(status, 503, "{body}");
    let error: Value = serde_json::from_str(&body).expect("a JSON-RPC error body");
    assert_eq!(error["error"]["code"], INVALID_REQUEST, "{error}");
    assert_eq!(
        error["error"]["message"],
        "too many sessions: this server allows 2"
    );
    // The open sessions keep serving; ending one makes room for a new one.
    let (status, body) = add_in(addr, &first).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("42"), "{body}");
    let delete = format!("DELETE /mcp HTTP/1.1\r\nmcp-session-id: {first}");
    assert_eq!(exchange(addr, &delete, "").await.0, 200);
    let third = open_session(addr).await;
    assert!(add_in(addr, &third).await.1.contains("42"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_2024_11_05_endpoints_bound_sessions_and_bodies_too() {
    let server = Server::builder(Demo::default())
        .limits(limited(|l| l.max_message_bytes = 256))
        .build();
    let mut config = HttpConfig::default();
    config.max_sessions = 1;
    let mut service = server.http_sse(config);
    let get = || {
        Request::get("http://localhost/sse")
            .header("host", "localhost")
            .header("accept", "text/event-stream")
            .body(Full::new(Bytes::new()))
            .expect("request")
    };
    let open = service.call(get()).await.expect("infallible");
    assert_eq!(open.status(), StatusCode::OK);
    let mut stream = open.into_body();
    let endpoint = tokio::time::timeout(READ_TIMEOUT, stream.frame())
        .await
        .expect("the endpoint event in time")
        .expect("a frame")
        .expect("infallible")
        .into_data()
        .expect("data");
    let endpoint = String::from_utf8_lossy(&endpoint).into_owned();
    let path = endpoint
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .expect("the endpoint")
        .to_owned();
    // A second stream is one session too many.
    let refused = service.call(get()).await.expect("infallible");
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    let error = json_body(refused).await;
    assert_eq!(error["error"]["code"], INVALID_REQUEST, "{error}");
    assert_eq!(error["error"]["message"], "too many sessions");
    // A body past max_message_bytes is 413; the session goes on.
    let mut post = |body: String| {
        let request = Request::post(format!("http://localhost{path}"))
            .header("host", "localhost")
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body)))
            .expect("request");
        service.call(request)
    };
    let big = json!({"jsonrpc": "2.0", "method": "x", "params": {"pad": "p".repeat(300)}});
    let too_large = post(big.to_string()).await.expect("infallible");
    assert_eq!(too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let error = json_body(too_large).await;
    assert_eq!(
        error["error"]["message"], "the body exceeds the 256-byte limit",
        "{error}"
    );
    let accepted = post(initialize_body()).await.expect("infallible");
    assert_eq!(accepted.status(), StatusCode::ACCEPTED);
    // The session's stream is still alive: the initialize answer arrives on it.
    let mut seen = String::new();
    while !seen.contains("\"id\":1") {
        let frame = tokio::time::timeout(READ_TIMEOUT, stream.frame())
            .await
            .expect("the answer in time")
            .expect("a frame")
            .expect("infallible");
        if let Ok(data) = frame.into_data() {
            seen.push_str(&String::from_utf8_lossy(&data));
        }
    }
    // Once the stream is gone, its session's place is free.
    drop(stream);
    let reopened = service.call(get()).await.expect("infallible");
    assert_eq!(reopened.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hyper_bounds_request_headers_with_431_and_the_server_keeps_serving() {
    let addr = start(HttpConfig::default(), Limits::default()).await;
    let list = "POST /mcp HTTP/1.1\r\nmcp-protocol-version: 2026-07-28\r\nmcp-method: tools/list";
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "limits", "version": "1"}}}})
    .to_string();
    // One header of 512 KiB: past hyper's read buffer (about 400 KiB).
    let huge = format!("{list}\r\nx-pad: {}", "p".repeat(512 * 1024));
    // 101 headers: past hyper's 100.
    let many = (0..101).fold(list.to_owned(), |head, n| format!("{head}\r\nx-h{n}: v"));
    for (what, head) in [("a 512 KiB header", huge), ("101 headers", many)] {
        let (status, response, _) = exchange(addr, &head, &body).await;
        assert_eq!(status, 431, "{what}: {response}");
    }
    let (status, _, served) = exchange(addr, list, &body).await;
    assert_eq!(status, 200, "{served}");
    assert!(served.contains("\"tools\""), "{served}");
}

/// A client that trickles its request head is cut off after `HttpConfig::header_read_timeout`
/// (slow-header attacks), and the server keeps serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_head_not_sent_within_the_header_read_timeout_closes_the_connection() {
    let timeout = Duration::from_millis(200);
    let addr = start(
        HttpConfig::default().header_read_timeout(timeout),
        Limits::default(),
    )
    .await;
    // The server's clock starts when it accepts the connection: start ours before connecting,
    // so that a loaded machine cannot make the wait look shorter than it was.
    let started = std::time::Instant::now();
    let mut slow = TcpStream::connect(addr).await.expect("connect");
    slow.write_all(format!("POST /mcp HTTP/1.1\r\nhost: {addr}\r\nx-slow: 1").as_bytes())
        .await
        .expect("write");
    let mut rest = Vec::new();
    tokio::time::timeout(READ_TIMEOUT, slow.read_to_end(&mut rest))
        .await
        .expect("the server closes the connection in time")
        .expect("read");
    let waited = started.elapsed();
    assert!(
        waited >= timeout,
        "closed after {waited:?}, before the timeout"
    );
    let rest = String::from_utf8_lossy(&rest);
    assert!(
        rest.is_empty() || rest.starts_with("HTTP/1.1 408"),
        "either closed or 408: {rest:?}"
    );
    // Other clients are served.
    let (status, head, body) = exchange(addr, "POST /mcp HTTP/1.1", &initialize_body()).await;
    assert_eq!(status, 200, "{head}\n{body}");
}

/// The JSON body of a response the service answered.
async fn json_body(response: http::Response<mcp_http::HttpBody>) -> Value {
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    serde_json::from_slice(&body).expect("JSON")
}

// ---------------------------------------------------------------------------------------------
// inline_poll_limit

/// A tool that works 150 ms without an `.await` (as a CPU-bound tool does), counting how many of
/// its calls run at once.
#[derive(Default)]
struct Crunch {
    running: AtomicUsize,
    most: AtomicUsize,
}

#[tether_mcp::tools]
impl tether_mcp::ServerHandler for Crunch {
    /// Works 150 ms without yielding.
    #[tool]
    async fn crunch(&self) -> String {
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(150));
        self.running.fetch_sub(1, Ordering::SeqCst);
        "crunched".into()
    }
}

/// Calls `crunch` once, then twice at once; returns how many calls of it ran at once at most.
async fn crunch_overlap(limits: Limits) -> usize {
    let server = Server::builder(Crunch::default()).limits(limits).build();
    let mut peer = support::Peer::in_memory(&server);
    peer.initialize(LEGACY, json!({})).await;
    peer.call_tool(1, "crunch", json!({})).await;
    assert_eq!(peer.expect_tool_text(1).await, "crunched");
    peer.call_tool(2, "crunch", json!({})).await;
    peer.call_tool(3, "crunch", json!({})).await;
    for _ in 0..2 {
        assert_eq!(peer.expect_tool_text_of_any().await, "crunched");
    }
    peer.finish().await;
    server.handler().most.load(Ordering::SeqCst)
}

/// A request's first poll runs on the dispatch loop; a tool whose first poll took longer than
/// `inline_poll_limit` starts on its own task next time, so two of its calls run side by side
/// on the two workers. Control: with a limit it never passes, the calls run one at a time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tool_whose_first_poll_runs_long_starts_on_its_own_task_and_runs_side_by_side() {
    assert_eq!(crunch_overlap(Limits::default()).await, 2, "side by side");
    let never = limited(|l| l.inline_poll_limit = Duration::from_secs(3600));
    assert_eq!(crunch_overlap(never).await, 1, "inline, one at a time");
    let always_spawned = limited(|l| l.inline_poll_limit = Duration::ZERO);
    assert_eq!(
        crunch_overlap(always_spawned).await,
        2,
        "every call on its own task"
    );
}
