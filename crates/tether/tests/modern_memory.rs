//! The 2026-07-28 wire over the in-memory duplex: era detection and `_meta` validation,
//! `server/discover`, result members, removed methods, capability gating, logging, cancellation,
//! `subscriptions/listen`, and the era differences of one handler replayed in rounds.

mod support;

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::{Value, json};
use tether_mcp::types::CacheScope;
use tether_mcp::types::error_codes::{
    INVALID_PARAMS, METHOD_NOT_FOUND, MISSING_REQUIRED_CLIENT_CAPABILITY,
    UNSUPPORTED_PROTOCOL_VERSION,
};
use tether_mcp::types::{ListChangedCapability, ServerCapabilities};
use tether_mcp::{CacheHints, Server};

use support::demo::Demo;
use support::modern_scenarios::{all_caps, modern_peer};
use support::{Kind, Peer, QUIET};

fn accept() -> Value {
    json!({"action": "accept", "content": {"confirm": true}})
}

fn retry_with(name: &str, result: &Value, answer: Value) -> Value {
    let key = result["inputRequests"]
        .as_object()
        .and_then(|r| r.keys().next().cloned())
        .expect("an input request");
    json!({"name": name, "arguments": {}, "inputResponses": {key: answer},
           "requestState": result["requestState"]})
}

// ---------------------------------------------------------------------------------------------
// Era detection, `_meta`, discover, result members

#[tokio::test]
async fn discover_names_versions_capabilities_identity_and_cache_hints() {
    let server = Server::builder(Demo::default())
        .instructions("Use the tools.")
        .cache_hints(CacheHints::new(Duration::from_secs(30), CacheScope::Public))
        .build();
    let mut peer = modern_peer(&server);
    peer.modern_request(1, "server/discover", json!({})).await;
    let result = peer.expect_complete(1).await;
    let versions: Vec<&str> = result["supportedVersions"]
        .as_array()
        .expect("supportedVersions")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(versions[0], "2026-07-28");
    assert!(versions.contains(&"2025-11-25") && versions.contains(&"2024-11-05"));
    assert!(result["capabilities"]["tools"].is_object(), "{result}");
    assert_eq!(result["instructions"], "Use the tools.");
    assert_eq!(
        (result["ttlMs"].clone(), result["cacheScope"].clone()),
        (json!(30_000), json!("public"))
    );
    assert_eq!(
        result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"],
        "tether-mcp"
    );
    assert!(
        result.get("serverInfo").is_none(),
        "serverInfo lives in _meta only"
    );
    peer.finish().await;
}

#[tokio::test]
async fn lists_and_reads_carry_resulttype_serverinfo_and_cache_hints_calls_do_not() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.modern_request(1, "tools/list", json!({})).await;
    let list = peer.expect_complete(1).await;
    assert_eq!(
        (list["ttlMs"].clone(), list["cacheScope"].clone()),
        (json!(0), json!("private"))
    );
    assert!(
        list["tools"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t["name"] == "onboard"))
    );
    peer.modern_call_tool(2, "add", json!({"a": 2, "b": 3}))
        .await;
    let call = peer.expect_complete(2).await;
    assert_eq!(peer.text_of(&call), "5");
    assert!(
        call.get("ttlMs").is_none(),
        "tools/call is not cacheable: {call}"
    );
    peer.finish().await;
}

#[tokio::test]
async fn malformed_meta_gets_the_right_error_and_the_connection_keeps_serving() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    let version = "io.modelcontextprotocol/protocolVersion";
    let caps = "io.modelcontextprotocol/clientCapabilities";
    let raw = |id: i64, meta: Value| json!({"jsonrpc": "2.0", "id": id, "method": "tools/list", "params": {"_meta": meta}});
    peer.send(raw(1, json!({caps: {}}))).await;
    peer.expect_error_naming(Some(json!(1)), INVALID_PARAMS, &[version])
        .await;
    peer.send(raw(2, json!({version: "2026-07-28"}))).await;
    peer.expect_error_naming(Some(json!(2)), INVALID_PARAMS, &[caps])
        .await;
    peer.send(raw(3, json!({version: "2027-01-01", caps: {}})))
        .await;
    let error = peer
        .expect_error(Some(json!(3)), UNSUPPORTED_PROTOCOL_VERSION)
        .await;
    assert_eq!(error["data"]["requested"], "2027-01-01");
    assert!(
        error["data"]["supported"]
            .as_array()
            .is_some_and(|s| s.contains(&json!("2026-07-28")))
    );
    peer.send(raw(4, json!({version: 2026, caps: {}}))).await;
    peer.expect_error_naming(Some(json!(4)), INVALID_PARAMS, &[version])
        .await;
    peer.send(raw(
        5,
        json!({version: "2026-07-28", caps: {}, "io.modelcontextprotocol/logLevel": "loud"}),
    ))
    .await;
    peer.expect_error_naming(Some(json!(5)), INVALID_PARAMS, &["logLevel", "loud"])
        .await;
    // clientInfo is optional.
    peer.send(raw(6, json!({version: "2026-07-28", caps: {}})))
        .await;
    peer.expect_complete(6).await;
    peer.finish().await;
}

#[tokio::test]
async fn removed_methods_are_method_not_found_on_the_modern_wire() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    for (id, method) in [
        (1, "ping"),
        (2, "logging/setLevel"),
        (3, "resources/subscribe"),
        (4, "tasks/list"),
        (5, "tools/frobnicate"),
    ] {
        peer.modern_request(id, method, json!({})).await;
        peer.expect_error_naming(Some(json!(id)), METHOD_NOT_FOUND, &[method])
            .await;
    }
    peer.finish().await;
}

#[tokio::test]
async fn legacy_and_modern_requests_share_one_connection() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.initialize("2025-06-18", json!({})).await;
    peer.call_tool(1, "add", json!({"a": 1, "b": 1})).await;
    let legacy = peer.expect_response(1).await;
    assert!(legacy.get("resultType").is_none());
    peer.modern_call_tool(2, "add", json!({"a": 2, "b": 2}))
        .await;
    assert_eq!(peer.expect_complete_text(2).await, "4");
    peer.ping().await;
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Capabilities, logging, cancellation

#[tokio::test]
async fn declared_capabilities_are_checked_per_request_before_the_handler_runs() {
    let (demo, _) = Demo::new();
    let runs = demo.guarded_runs();
    let server = Server::new(demo);
    let mut peer = modern_peer(&server);
    peer.set_modern_capabilities(json!({}));
    peer.modern_call_tool(1, "guarded", json!({})).await;
    let error = peer
        .expect_error(Some(json!(1)), MISSING_REQUIRED_CLIENT_CAPABILITY)
        .await;
    assert!(
        error["data"]["requiredCapabilities"]["elicitation"].is_object(),
        "{error}"
    );
    assert_eq!(runs.load(Ordering::SeqCst), 0, "the handler never ran");
    // The view check is the backstop: -32021 too.
    peer.modern_call_tool(2, "deploy", json!({})).await;
    peer.expect_error(Some(json!(2)), MISSING_REQUIRED_CLIENT_CAPABILITY)
        .await;
    // The next request declares it: capabilities are never inferred from earlier requests.
    peer.set_modern_capabilities(json!({"elicitation": {}}));
    peer.modern_call_tool(3, "guarded", json!({})).await;
    peer.expect_input_required(3).await;
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    peer.finish().await;
}

#[tokio::test]
async fn after_cancellation_nothing_more_is_sent_for_the_request() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    let mut params = json!({"name": "slow", "arguments": {"steps": 40}});
    params["_meta"] = json!({"progressToken": "p"});
    peer.modern_request(1, "tools/call", params).await;
    let progress = peer.expect_notification("notifications/progress").await;
    assert_eq!(progress["progressToken"], "p");
    peer.cancel(1).await;
    // At most progress already queued may arrive; then nothing, and no response.
    let late = peer.drain_for(QUIET).await;
    assert!(
        late.iter().all(|m| m.kind == Kind::Notification),
        "{late:?}"
    );
    peer.expect_nothing_for(QUIET).await;
    peer.modern_call_tool(2, "add", json!({"a": 1, "b": 2}))
        .await;
    assert_eq!(peer.expect_complete_text(2).await, "3");
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// subscriptions/listen

fn listing_server() -> Server<Demo> {
    let capabilities = ServerCapabilities {
        tools: Some(ListChangedCapability {
            list_changed: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    };
    Server::builder(Demo::default())
        .capabilities(capabilities)
        .build()
}

#[tokio::test]
async fn listen_acknowledges_the_honoured_subset_then_streams_with_its_subscription_id() {
    let server = listing_server();
    let notifier = server.notifier();
    let mut peer = modern_peer(&server);
    peer.modern_request(
        "listen-1",
        "subscriptions/listen",
        json!({"notifications": {"toolsListChanged": true, "promptsListChanged": true, "resourceSubscriptions": ["file:///a"]}}),
    )
    .await;
    let ack = peer
        .expect_notification("notifications/subscriptions/acknowledged")
        .await;
    assert_eq!(
        ack["notifications"],
        json!({"toolsListChanged": true}),
        "only what is advertised"
    );
    assert_eq!(
        ack["_meta"]["io.modelcontextprotocol/subscriptionId"],
        "listen-1"
    );
    notifier.prompts_list_changed();
    notifier.tools_list_changed();
    let changed = peer
        .expect_notification("notifications/tools/list_changed")
        .await;
    assert_eq!(
        changed["_meta"]["io.modelcontextprotocol/subscriptionId"],
        "listen-1"
    );
    peer.expect_nothing_for(QUIET).await;
    // Other requests go on beside the stream.
    peer.modern_call_tool(2, "add", json!({"a": 1, "b": 1}))
        .await;
    peer.expect_complete(2).await;
    // Cancelled: the stream ends without a response.
    peer.cancel("listen-1").await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    notifier.tools_list_changed();
    peer.expect_nothing_for(QUIET).await;
    peer.finish().await;
}

#[tokio::test]
async fn listen_delivers_updates_of_the_resources_it_names_only() {
    let capabilities = ServerCapabilities {
        resources: Some(tether_mcp::types::ResourcesCapability {
            subscribe: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    };
    let server = Server::builder(Demo::default())
        .capabilities(capabilities)
        .build();
    let notifier = server.notifier();
    let mut peer = modern_peer(&server);
    peer.modern_request(
        1,
        "subscriptions/listen",
        json!({"notifications": {"resourceSubscriptions": ["file:///docs/"], "toolsListChanged": true}}),
    )
    .await;
    let ack = peer
        .expect_notification("notifications/subscriptions/acknowledged")
        .await;
    assert_eq!(
        ack["notifications"],
        json!({"resourceSubscriptions": ["file:///docs/"]})
    );
    notifier.resource_updated("file:///other.md");
    notifier.resource_updated("file:///docs/a.md");
    let updated = peer
        .expect_notification("notifications/resources/updated")
        .await;
    assert_eq!(updated["uri"], "file:///docs/a.md");
    assert_eq!(
        updated["_meta"]["io.modelcontextprotocol/subscriptionId"],
        1
    );
    peer.expect_nothing_for(QUIET).await;
    peer.cancel(1).await;
    peer.finish().await;
}

#[tokio::test]
async fn listen_ends_with_its_result_on_shutdown_and_task_ids_need_the_extension() {
    let server = listing_server();
    let mut peer = modern_peer(&server);
    peer.modern_request(
        1,
        "subscriptions/listen",
        json!({"notifications": {"taskIds": ["t1"]}}),
    )
    .await;
    let error = peer
        .expect_error(Some(json!(1)), MISSING_REQUIRED_CLIENT_CAPABILITY)
        .await;
    assert!(
        error["data"]["requiredCapabilities"]["extensions"]["io.modelcontextprotocol/tasks"]
            .is_object()
    );
    peer.modern_request(
        2,
        "subscriptions/listen",
        json!({"notifications": {"toolsListChanged": true}}),
    )
    .await;
    peer.expect_notification("notifications/subscriptions/acknowledged")
        .await;
    server.shut_down();
    let result = peer.expect_complete(2).await;
    assert_eq!(result["_meta"]["io.modelcontextprotocol/subscriptionId"], 2);
    let cancelled = peer.expect_notification("notifications/cancelled").await;
    assert_eq!(cancelled["requestId"], 2);
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Era differences of one replayed handler

#[tokio::test]
async fn side_effects_before_an_ask_repeat_progress_restarts_and_request_ids_change_but_not_the_call_id()
 {
    let (demo, _) = Demo::new();
    let effects = demo.side_effects();
    let server = Server::new(demo);
    let mut peer = modern_peer(&server);
    let with_token = |params: Value, token: &str| {
        let mut params = params;
        params["_meta"] = json!({"progressToken": token});
        params
    };
    peer.modern_request(
        1,
        "tools/call",
        with_token(json!({"name": "replayed", "arguments": {}}), "r1"),
    )
    .await;
    let progress = peer.expect_notification("notifications/progress").await;
    assert_eq!(
        (
            progress["progressToken"].clone(),
            progress["progress"].clone()
        ),
        (json!("r1"), json!(1.0))
    );
    let first = peer.expect_input_required(1).await;
    peer.modern_request(
        2,
        "tools/call",
        with_token(retry_with("replayed", &first, accept()), "r2"),
    )
    .await;
    for expected in [1.0, 2.0] {
        let progress = peer.expect_notification("notifications/progress").await;
        assert_eq!(
            (
                progress["progressToken"].clone(),
                progress["progress"].clone()
            ),
            (json!("r2"), json!(expected))
        );
    }
    let text = peer.expect_complete_text(2).await;
    assert_eq!(
        effects.load(Ordering::SeqCst),
        2,
        "the side effect before the ask ran in both rounds"
    );
    let parts: Vec<&str> = text.split(' ').collect();
    assert_eq!(
        parts[..2],
        ["request", "2"],
        "{text}: the request id is the retry's"
    );
    assert!(
        parts[3].len() == 32,
        "{text}: the call id is random, 128 bits"
    );
    // Another call gets another call id; on legacy the call id is the request id.
    let mut legacy = Peer::in_memory(&server);
    legacy.initialize("2025-11-25", all_caps()).await;
    legacy.call_tool(7, "replayed", json!({})).await;
    let (id, _) = legacy.expect_request("elicitation/create").await;
    legacy.respond(&id, accept()).await;
    assert_eq!(legacy.expect_tool_text(7).await, "request 7 call 7");
    assert_eq!(
        effects.load(Ordering::SeqCst),
        3,
        "legacy runs the handler once"
    );
    legacy.finish().await;
    peer.finish().await;
}

#[tokio::test]
async fn the_same_call_id_is_seen_in_every_round() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.modern_call_tool(1, "replayed", json!({})).await;
    let first = peer.expect_input_required(1).await;
    peer.modern_request(2, "tools/call", retry_with("replayed", &first, accept()))
        .await;
    let a = peer.expect_complete_text(2).await;
    peer.modern_request(3, "tools/call", retry_with("replayed", &first, accept()))
        .await;
    let b = peer.expect_complete_text(3).await;
    let call = |t: &str| t.rsplit(' ').next().unwrap_or_default().to_owned();
    assert_eq!(
        call(&a),
        call(&b),
        "{a} / {b}: replaying the same state is the same call"
    );
    peer.modern_call_tool(4, "replayed", json!({})).await;
    let other = peer.expect_input_required(4).await;
    assert_ne!(other["requestState"], first["requestState"]);
    peer.finish().await;
}

#[tokio::test(start_paused = false)]
async fn joined_work_is_cut_on_modern_and_completes_on_legacy() {
    let (demo, _) = Demo::new();
    let work = demo.joined_work();
    let server = Server::new(demo);
    let mut peer = modern_peer(&server);
    peer.modern_call_tool(1, "joined_work", json!({})).await;
    peer.expect_input_required(1).await;
    tokio::time::sleep(Duration::from_millis(60)).await;
    assert_eq!(
        work.load(Ordering::SeqCst),
        0,
        "the round ended at the ask: the work was dropped"
    );
    let mut legacy = Peer::in_memory(&server);
    legacy.initialize("2025-11-25", all_caps()).await;
    legacy.call_tool(1, "joined_work", json!({})).await;
    let (id, _) = legacy.expect_request("roots/list").await;
    tokio::time::sleep(Duration::from_millis(60)).await;
    legacy.respond(&id, json!({"roots": []})).await;
    assert_eq!(legacy.expect_tool_text(1).await, "0 roots");
    assert_eq!(
        work.load(Ordering::SeqCst),
        1,
        "legacy finished the joined work"
    );
    legacy.finish().await;
    peer.finish().await;
}

#[tokio::test]
async fn a_timeout_around_an_ask_never_fires_on_modern_and_does_on_legacy() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.modern_call_tool(1, "timeout_ask", json!({})).await;
    let first = peer.expect_input_required(1).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    peer.modern_request(
        2,
        "tools/call",
        retry_with("timeout_ask", &first, json!({"roots": []})),
    )
    .await;
    assert_eq!(peer.expect_complete_text(2).await, "0 roots");
    let mut legacy = Peer::in_memory(&server);
    legacy.initialize("2025-11-25", all_caps()).await;
    legacy.call_tool(1, "timeout_ask", json!({})).await;
    let (id, _) = legacy.expect_request("roots/list").await;
    legacy.expect_notification("notifications/cancelled").await;
    assert_eq!(legacy.expect_tool_text(1).await, "timed out");
    legacy.respond(&id, json!({"roots": []})).await;
    legacy.finish().await;
    peer.finish().await;
}

#[tokio::test]
async fn a_select_won_by_another_branch_asks_nothing() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.modern_call_tool(1, "select_ready", json!({})).await;
    assert_eq!(peer.expect_complete_text(1).await, "ready won");
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ask_on_a_scoped_thread_fails_with_a_named_error_in_both_eras() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.modern_call_tool(1, "scoped_thread", json!({})).await;
    let text = peer.expect_complete_text(1).await;
    assert!(text.contains("outside the handler's own task"), "{text}");
    let mut legacy = Peer::in_memory(&server);
    legacy.initialize("2025-11-25", all_caps()).await;
    legacy.call_tool(1, "scoped_thread", json!({})).await;
    let text = legacy.expect_tool_text(1).await;
    assert!(text.contains("outside the handler's own task"), "{text}");
    legacy.finish().await;
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Logging, structured content, association

#[tokio::test]
async fn log_messages_follow_the_requests_own_log_level_and_none_without_one() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.modern_call_tool(1, "chatty", json!({})).await;
    assert_eq!(
        peer.expect_complete_text(1).await,
        "logged",
        "no log without a logLevel"
    );
    let mut params = json!({"name": "chatty", "arguments": {}});
    params["_meta"] = json!({"io.modelcontextprotocol/logLevel": "info"});
    peer.modern_request(2, "tools/call", params).await;
    for level in ["info", "warning"] {
        let message = peer.expect_notification("notifications/message").await;
        assert_eq!(message["level"], level, "{message}");
    }
    assert_eq!(peer.expect_complete_text(2).await, "logged");
    peer.finish().await;
}

#[tokio::test]
async fn structured_content_may_be_any_json_value_on_modern_and_is_wrapped_before() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.modern_call_tool(1, "structured", json!({})).await;
    assert_eq!(
        peer.expect_complete(1).await["structuredContent"],
        json!([1, 2, 3])
    );
    peer.initialize("2025-06-18", json!({})).await;
    peer.call_tool(2, "structured", json!({})).await;
    assert_eq!(
        peer.expect_response(2).await["structuredContent"],
        json!({"result": [1, 2, 3]})
    );
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(deprecated)]
async fn on_a_modern_connection_the_escape_hatch_and_ping_refuse_and_write_nothing() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    let session = peer.session();
    peer.modern_call_tool(1, "add", json!({"a": 1, "b": 1}))
        .await;
    peer.expect_complete(1).await;
    let roots = session.dangerous().unassociated().list_roots().await;
    assert!(roots.is_err(), "{roots:?}");
    assert_eq!(
        session.ping().await,
        Err(tether_mcp::RequestError::Unsupported)
    );
    peer.expect_nothing_for(QUIET).await;
    // The associated path of the same request kind is an MRTR round.
    peer.modern_call_tool(2, "roots", json!({})).await;
    let round = peer.expect_input_required(2).await;
    assert!(
        round["inputRequests"]
            .as_object()
            .is_some_and(|r| r.values().any(|r| r["method"] == "roots/list"))
    );
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ask_blocked_in_a_nested_executor_on_the_handlers_thread_is_freed_by_the_watchdog() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    let started = std::time::Instant::now();
    peer.modern_call_tool(1, "nested_block_on", json!({})).await;
    let text = peer.expect_complete_text(1).await;
    assert!(text.contains("outside the handler's own task"), "{text}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "freed within the watchdog time"
    );
    // Legacy: the nested request goes out, but its first call blocks the connection's dispatch
    // loop, where a request's first poll runs: the answer cannot be read, and the watchdog
    // frees the ask. That first poll ran long, so for the next second the tool starts on a
    // task of its own, and there the answer arrives on the dispatch loop, on another worker.
    let mut legacy = Peer::in_memory(&server);
    legacy.initialize("2025-11-25", all_caps()).await;
    legacy.call_tool(1, "nested_block_on", json!({})).await;
    let (id, _) = legacy.expect_request("roots/list").await;
    legacy.respond(&id, json!({"roots": []})).await;
    let cancelled = legacy.expect_notification("notifications/cancelled").await;
    assert_eq!(cancelled["requestId"], id);
    let text = legacy.expect_tool_text(1).await;
    assert!(text.contains("outside the handler's own task"), "{text}");
    legacy.call_tool(2, "nested_block_on", json!({})).await;
    let (id, _) = legacy.expect_request("roots/list").await;
    legacy.respond(&id, json!({"roots": []})).await;
    assert_eq!(legacy.expect_tool_text(2).await, "answered");
    legacy.finish().await;
    peer.finish().await;
}
