//! Dispatcher behaviour that needs the server in this process: limits (concurrency, queue,
//! message size, nested-request timeout), withdrawn asks, the request-scope guards, declared
//! capabilities, the `Session` handle and the `unassociated-requests` escape hatch.

mod support;

use std::future::Future;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::{Value, json};
use tether_mcp::types::error_codes::{INTERNAL_ERROR, INVALID_REQUEST};
use tether_mcp::{Limits, RequestError, Server};
use tokio::io::AsyncWriteExt;

use support::demo::Demo;
use support::scenarios::long_line;
use support::{Kind, Peer, QUIET, READ_TIMEOUT};

fn elicitation() -> Value {
    json!({"elicitation": {}})
}

fn limited(configure: impl FnOnce(&mut Limits)) -> Server<Demo> {
    let mut limits = Limits::default();
    configure(&mut limits);
    Server::builder(Demo::default()).limits(limits).build()
}

/// Awaits a future of the test's own (a spawned task), bounded.
async fn bounded<T>(what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(READ_TIMEOUT, future)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {READ_TIMEOUT:?}"))
}

// ---------------------------------------------------------------------------------------------
// Asks

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_ask_is_withdrawn_with_cancelled_and_its_late_answer_ignored() {
    let mut peer = Peer::in_memory(&Server::new(Demo::default()));
    peer.initialize("2025-11-25", elicitation()).await;
    peer.call_tool(1, "race", json!({})).await;
    let (id, params) = peer.expect_request("elicitation/create").await;
    assert_eq!(params["message"], "Quick: deploy?");
    // The timer wins; the ask is dropped: the client hears that the nested request is withdrawn,
    // before the call's response.
    let cancelled = peer.expect_notification("notifications/cancelled").await;
    assert_eq!(cancelled["requestId"], id, "{cancelled}");
    assert!(cancelled["reason"].is_string(), "{cancelled}");
    assert_eq!(peer.expect_tool_text(1).await, "too slow");
    // The late answer is ignored.
    peer.respond(
        &id,
        json!({"action": "accept", "content": {"confirm": true}}),
    )
    .await;
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    // The next ask gets a fresh id (the peer checks ids are never reused).
    peer.call_tool(2, "deploy", json!({})).await;
    let (next, _) = peer.expect_request("elicitation/create").await;
    assert_ne!(next, id);
    peer.respond(&next, json!({"action": "decline"})).await;
    assert_eq!(peer.expect_tool_text(2).await, "not deployed");
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_ask_times_out_and_is_withdrawn() {
    let server = limited(|l| l.nested_request_timeout = Duration::from_millis(200));
    let mut peer = Peer::in_memory(&server);
    peer.initialize("2025-06-18", elicitation()).await;
    peer.call_tool(1, "deploy", json!({})).await;
    let (id, _) = peer.expect_request("elicitation/create").await;
    let cancelled = peer.expect_notification("notifications/cancelled").await;
    assert_eq!(cancelled["requestId"], id, "{cancelled}");
    let text = peer.expect_tool_error(1).await;
    assert!(text.contains("did not answer"), "{text}");
    peer.respond(&id, json!({"action": "decline"})).await;
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Concurrency

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_one_running_handler_the_answer_it_waits_for_still_arrives() {
    let server = limited(|l| l.max_concurrent_requests = 1);
    let mut peer = Peer::in_memory(&server);
    peer.initialize("2025-11-25", elicitation()).await;
    peer.call_tool(1, "deploy", json!({})).await;
    let (id, _) = peer.expect_request("elicitation/create").await;
    // The only slot is taken: the next call waits in the queue, ping is still answered.
    peer.call_tool(2, "add", json!({"a": 1, "b": 2})).await;
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    // The reader drains the answer although no handler slot is free.
    peer.respond(
        &id,
        json!({"action": "accept", "content": {"confirm": true}}),
    )
    .await;
    assert_eq!(peer.expect_tool_text(1).await, "deployed");
    assert_eq!(peer.expect_tool_text(2).await, "3");
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_queue_a_request_gets_the_busy_error() {
    let server = limited(|l| {
        l.max_concurrent_requests = 1;
        l.max_queued_requests = 1;
    });
    let mut peer = Peer::in_memory(&server);
    peer.initialize("2025-11-25", elicitation()).await;
    peer.call_tool(1, "deploy", json!({})).await;
    let (id, _) = peer.expect_request("elicitation/create").await;
    peer.call_tool(2, "add", json!({"a": 1, "b": 2})).await;
    peer.call_tool(3, "add", json!({"a": 3, "b": 4})).await;
    peer.expect_error_naming(
        Some(json!(3)),
        INTERNAL_ERROR,
        &["server busy", "1 requests already wait"],
    )
    .await;
    peer.respond(&id, json!({"action": "decline"})).await;
    assert_eq!(peer.expect_tool_text(1).await, "not deployed");
    assert_eq!(peer.expect_tool_text(2).await, "3");
    // With the slot free again, a call runs.
    peer.call_tool(4, "add", json!({"a": 3, "b": 4})).await;
    assert_eq!(peer.expect_tool_text(4).await, "7");
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_no_queue_a_request_over_the_bound_gets_the_busy_error_at_once() {
    let server = limited(|l| {
        l.max_concurrent_requests = 1;
        l.max_queued_requests = 0;
    });
    let mut peer = Peer::in_memory(&server);
    peer.initialize("2025-11-25", elicitation()).await;
    peer.call_tool(1, "deploy", json!({})).await;
    let (id, _) = peer.expect_request("elicitation/create").await;
    peer.call_tool(2, "add", json!({"a": 1, "b": 2})).await;
    peer.expect_error_naming(
        Some(json!(2)),
        INTERNAL_ERROR,
        &["server busy", "0 requests"],
    )
    .await;
    peer.respond(&id, json!({"action": "cancel"})).await;
    assert_eq!(peer.expect_tool_text(1).await, "not deployed");
    peer.call_tool(3, "add", json!({"a": 1, "b": 2})).await;
    assert_eq!(peer.expect_tool_text(3).await, "3");
    peer.finish().await;
}

/// Sends the calls in one write, so the reader reads them all before any handler starts.
async fn send_together(peer: &mut Peer, calls: &[(u64, &str, Value)]) {
    let mut lines = String::new();
    for (id, name, arguments) in calls {
        let call = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                          "params": {"name": name, "arguments": arguments}});
        lines.push_str(&format!("{call}\n"));
        peer.sent_request(json!(id), "tools/call");
    }
    peer.send_raw(lines.as_bytes()).await;
}

/// Reads `expected_busy.len() + 1` messages in any order: the elicitation request of the one
/// running call and a busy error for each of `expected_busy`; returns the nested request's id.
async fn expect_one_ask_and_busy_errors(peer: &mut Peer, expected_busy: &[u64]) -> Value {
    let mut nested = None;
    let mut busy = Vec::new();
    for _ in 0..=expected_busy.len() {
        let msg = peer.recv().await;
        let message = msg.value["error"]["message"].as_str().unwrap_or("");
        match msg.kind {
            Kind::Request if msg.method() == "elicitation/create" && nested.is_none() => {
                nested = Some(msg.id().clone());
            }
            Kind::Error
                if msg.value["error"]["code"] == json!(INTERNAL_ERROR)
                    && message.contains("server busy") =>
            {
                busy.push(msg.id().as_u64().unwrap_or(0));
            }
            _ => peer.fail(format!(
                "expected an elicitation or a busy error, got {}",
                msg.value
            )),
        }
    }
    busy.sort_unstable();
    if busy != expected_busy {
        peer.fail(format!(
            "expected busy errors for {expected_busy:?}, got {busy:?}"
        ));
    }
    nested.unwrap_or_else(|| peer.fail("no elicitation request"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_bound_holds_for_requests_arriving_together() {
    // No queue: of two calls read together, the second is refused.
    let server = limited(|l| {
        l.max_concurrent_requests = 1;
        l.max_queued_requests = 0;
    });
    let mut peer = Peer::in_memory(&server);
    peer.initialize("2025-11-25", elicitation()).await;
    send_together(
        &mut peer,
        &[
            (1, "deploy", json!({})),
            (2, "add", json!({"a": 1, "b": 2})),
        ],
    )
    .await;
    let id = expect_one_ask_and_busy_errors(&mut peer, &[2]).await;
    peer.respond(&id, json!({"action": "decline"})).await;
    assert_eq!(peer.expect_tool_text(1).await, "not deployed");
    peer.finish().await;

    // A queue of one: of four calls read together, one runs, one waits, two are refused.
    let server = limited(|l| {
        l.max_concurrent_requests = 1;
        l.max_queued_requests = 1;
    });
    let mut peer = Peer::in_memory(&server);
    peer.initialize("2025-11-25", elicitation()).await;
    let add = json!({"a": 1, "b": 2});
    send_together(
        &mut peer,
        &[
            (1, "deploy", json!({})),
            (2, "add", add.clone()),
            (3, "add", add.clone()),
            (4, "add", add),
        ],
    )
    .await;
    let id = expect_one_ask_and_busy_errors(&mut peer, &[3, 4]).await;
    peer.respond(&id, json!({"action": "decline"})).await;
    assert_eq!(peer.expect_tool_text(1).await, "not deployed");
    assert_eq!(peer.expect_tool_text(2).await, "3");
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_that_ignores_cancellation_is_dropped_after_the_grace_period() {
    let server = limited(|l| {
        l.max_concurrent_requests = 1;
        l.cancel_grace = Duration::from_millis(100);
    });
    let mut peer = Peer::in_memory(&server);
    peer.initialize("2025-11-25", json!({})).await;
    peer.call_tool(1, "stubborn", json!({})).await;
    peer.call_tool(2, "add", json!({"a": 1, "b": 2})).await;
    peer.expect_nothing_for(Duration::from_millis(100)).await;
    peer.cancel(1).await;
    // The grace ends, the handler is dropped, its slot goes to the waiting call.
    assert_eq!(peer.expect_tool_text(2).await, "3");
    peer.expect_nothing_for(QUIET).await;
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_gets_an_internal_error_and_frees_its_slot_and_id() {
    let server = limited(|l| l.max_concurrent_requests = 1);
    let mut peer = Peer::in_memory(&server);
    peer.initialize("2025-11-25", json!({})).await;
    peer.call_tool(1, "panic", json!({})).await;
    peer.call_tool(2, "add", json!({"a": 1, "b": 2})).await;
    peer.expect_error_naming(Some(json!(1)), INTERNAL_ERROR, &["panicked"])
        .await;
    assert_eq!(peer.expect_tool_text(2).await, "3");
    // Its id is free again (the request is no longer in flight).
    peer.call_tool(1, "add", json!({"a": 2, "b": 2})).await;
    assert_eq!(peer.expect_tool_text(1).await, "4");
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_request_cancelled_while_waiting_never_runs_nor_answers() {
    let server = limited(|l| {
        l.max_concurrent_requests = 1;
        l.max_queued_requests = 1;
    });
    let mut peer = Peer::in_memory(&server);
    peer.initialize("2025-11-25", elicitation()).await;
    peer.call_tool(1, "deploy", json!({})).await;
    let (id, _) = peer.expect_request("elicitation/create").await;
    peer.call_tool(2, "add", json!({"a": 1, "b": 2})).await;
    peer.cancel(2).await;
    // Its queue place is free again: another request may wait.
    peer.call_tool(3, "add", json!({"a": 2, "b": 2})).await;
    peer.expect_nothing_for(QUIET).await;
    peer.respond(
        &id,
        json!({"action": "accept", "content": {"confirm": true}}),
    )
    .await;
    assert_eq!(peer.expect_tool_text(1).await, "deployed");
    assert_eq!(peer.expect_tool_text(3).await, "4");
    peer.expect_nothing_for(QUIET).await;
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Guards

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_cancellation_asks_progress_and_logs_fail_with_cancelled_and_write_nothing() {
    let (demo, mut reports) = Demo::new();
    let mut peer = Peer::in_memory(&Server::new(demo));
    peer.initialize("2025-11-25", elicitation()).await;
    peer.request(
        1,
        "tools/call",
        Some(json!({"name": "after_cancel", "_meta": {"progressToken": "ac"}})),
    )
    .await;
    peer.expect_nothing_for(Duration::from_millis(50)).await;
    peer.cancel(1).await;
    let report = reports.next().await;
    assert_eq!(report.ask, Err(RequestError::Cancelled), "{report:?}");
    assert_eq!(report.progress, Err(RequestError::Cancelled), "{report:?}");
    assert_eq!(report.log, Err(RequestError::Cancelled), "{report:?}");
    // No nested request, progress, log or response was written.
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declared_capabilities_are_checked_before_the_handler_runs() {
    let demo = Demo::default();
    let runs = demo.guarded_runs();
    let server = Server::new(demo);
    let mut peer = Peer::in_memory(&server);
    peer.initialize("2025-11-25", json!({"sampling": {}})).await;
    peer.call_tool(1, "guarded", json!({})).await;
    let text = peer.expect_tool_error(1).await;
    assert!(text.contains("`elicitation`"), "{text}");
    assert_eq!(runs.load(Ordering::SeqCst), 0, "the handler must not run");
    peer.finish().await;

    let mut peer = Peer::in_memory(&server);
    peer.initialize("2025-11-25", elicitation()).await;
    peer.call_tool(1, "guarded", json!({})).await;
    let (id, _) = peer.expect_request("elicitation/create").await;
    peer.respond(
        &id,
        json!({"action": "accept", "content": {"confirm": true}}),
    )
    .await;
    assert_eq!(peer.expect_tool_text(1).await, "guarded yes");
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Message size

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_over_a_small_limit_is_rejected_at_the_boundary() {
    let server = limited(|l| l.max_message_bytes = 1024);
    let mut peer = Peer::in_memory(&server);
    peer.initialize("2025-11-25", json!({})).await;
    // Exactly the limit: accepted.
    peer.send_raw(&long_line(1, 1024)).await;
    peer.sent_request(json!(1), "tools/call");
    assert_eq!(peer.expect_tool_text(1).await, "3");
    // One byte more: rejected, without an id (it was never read).
    peer.send_raw(&long_line(2, 1025)).await;
    peer.expect_error_naming(None, INVALID_REQUEST, &["1024-byte limit"])
        .await;
    peer.ping().await;
    // Far over the limit, arriving in pieces.
    let line = long_line(3, 100_000);
    let (first, rest) = line.split_at(40_000);
    peer.send_raw(first).await;
    peer.expect_nothing_for(Duration::from_millis(50)).await;
    peer.send_raw(rest).await;
    peer.expect_error_naming(None, INVALID_REQUEST, &["1024-byte limit"])
        .await;
    // Two in a row, then a normal call.
    let mut two = long_line(4, 2000);
    two.extend_from_slice(&long_line(5, 3000));
    peer.send_raw(&two).await;
    peer.expect_error(None, INVALID_REQUEST).await;
    peer.expect_error(None, INVALID_REQUEST).await;
    peer.call_tool(6, "add", json!({"a": 2, "b": 2})).await;
    assert_eq!(peer.expect_tool_text(6).await, "4");
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Session handle

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_session_handle_pings_the_client() {
    let mut peer = Peer::in_memory(&Server::new(Demo::default()));
    let session = peer.session();
    assert!(!session.is_initialized() && session.protocol_version().is_none());

    // Before initialize: ping is allowed any time.
    let pinging = tokio::spawn({
        let session = session.clone();
        async move { session.ping().await }
    });
    let (id, params) = peer.expect_request("ping").await;
    assert!(params.is_null(), "ping has no params: {params}");
    peer.respond(&id, json!({})).await;
    assert_eq!(bounded("ping", pinging).await.unwrap(), Ok(()));

    peer.initialize("2025-06-18", json!({})).await;
    peer.ping().await; // the server has seen `notifications/initialized`
    assert!(session.is_initialized());
    assert_eq!(
        session.protocol_version().map(|v| v.to_string()),
        Some("2025-06-18".to_owned())
    );

    // The client answers with an error.
    let pinging = tokio::spawn({
        let session = session.clone();
        async move { session.ping().await }
    });
    let (id, _) = peer.expect_request("ping").await;
    peer.respond_error(&id, -32603, "busy").await;
    match bounded("ping", pinging).await.unwrap() {
        Err(RequestError::Peer(error)) => assert_eq!(error.code, -32603),
        other => panic!("expected the peer's error, got {other:?}"),
    }

    peer.finish().await;
    assert!(session.is_closed());
    assert_eq!(
        bounded("ping after close", session.ping()).await,
        Err(RequestError::StreamClosed)
    );
}

// ---------------------------------------------------------------------------------------------
// The escape hatch (feature `unassociated-requests`)

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(deprecated)]
async fn the_escape_hatch_refuses_before_initialization_and_sends_on_a_legacy_session() {
    let mut peer = Peer::in_memory(&Server::new(Demo::default()));
    let session = peer.session();

    let before = bounded(
        "unassociated",
        session.dangerous().unassociated().list_roots(),
    )
    .await;
    assert_eq!(before, Err(RequestError::NotInitialized));
    peer.expect_nothing_for(QUIET).await;

    // `initialize` answered, `notifications/initialized` not sent yet: still refused.
    peer.initialize_only("2025-11-25", json!({"roots": {}}))
        .await;
    let early = bounded(
        "unassociated",
        session.dangerous().unassociated().list_roots(),
    )
    .await;
    assert_eq!(early, Err(RequestError::NotInitialized));
    peer.expect_nothing_for(QUIET).await;

    peer.notify("notifications/initialized", None).await;
    peer.ping().await; // the server has seen `notifications/initialized`
    let asking = tokio::spawn({
        let session = session.clone();
        async move { session.dangerous().unassociated().list_roots().await }
    });
    let (id, _) = peer.expect_request("roots/list").await;
    peer.respond(&id, json!({"roots": [{"uri": "file:///repo"}]}))
        .await;
    let roots = bounded("unassociated roots/list", asking)
        .await
        .unwrap()
        .expect("the roots");
    assert_eq!(roots.roots.len(), 1);
    assert_eq!(roots.roots[0].uri, "file:///repo");

    peer.finish().await;
    let after = bounded(
        "unassociated",
        session.dangerous().unassociated().list_roots(),
    )
    .await;
    assert!(after.is_err(), "{after:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(deprecated)]
async fn the_escape_hatch_refuses_a_capability_the_client_did_not_declare() {
    let mut peer = Peer::in_memory(&Server::new(Demo::default()));
    let session = peer.session();
    peer.initialize_only("2025-11-25", json!({"sampling": {}}))
        .await;
    peer.notify("notifications/initialized", None).await;
    peer.ping().await;
    let roots = bounded(
        "unassociated",
        session.dangerous().unassociated().list_roots(),
    )
    .await;
    assert_eq!(roots, Err(RequestError::CapabilityNotDeclared("roots")));
    peer.expect_nothing_for(QUIET).await;
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(deprecated)]
async fn an_initialized_notification_before_initialize_does_not_count() {
    let mut peer = Peer::in_memory(&Server::new(Demo::default()));
    let session = peer.session();
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n")
        .await;
    peer.expect_nothing_for(QUIET).await;
    assert!(
        !session.is_initialized(),
        "`notifications/initialized` before `initialize`"
    );
    peer.initialize_only("2025-11-25", json!({"roots": {}}))
        .await;
    peer.ping().await;
    assert!(
        !session.is_initialized(),
        "the early notification must not count"
    );
    let early = bounded(
        "unassociated",
        session.dangerous().unassociated().list_roots(),
    )
    .await;
    assert_eq!(early, Err(RequestError::NotInitialized));
    peer.expect_nothing_for(QUIET).await;
    peer.notify("notifications/initialized", None).await;
    peer.ping().await;
    assert!(session.is_initialized());
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Closing

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_closes_mid_line_ends_the_connection_cleanly() {
    let (server_side, client_side) = tether_mcp::transport::memory::duplex(4096);
    let connection = Server::new(Demo::default()).spawn(server_side);
    let (_read, mut write) = tokio::io::split(client_side);
    write
        .write_all(b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"pi")
        .await
        .unwrap();
    write.shutdown().await.unwrap();
    bounded("the connection", connection.wait())
        .await
        .expect("a clean end");
}
