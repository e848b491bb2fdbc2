//! Controls for the scripted peer's 2026-07-28 ("modern") checks in `support/`: a fake server,
//! driven over a raw duplex, writes valid and invalid answers to modern requests, and the
//! peer must accept the first and fail a test on the second, for the stated reason. A legacy
//! session on the same connection is still validated at its own revision.

#[path = "support/fake_server.rs"]
mod fake_server;
mod support;

use serde_json::{Value, json};

use fake_server::{FakeServer, connected, panic_message};
use support::{Peer, QUIET, schema};

const SERVER_INFO: &str = "io.modelcontextprotocol/serverInfo";

/// Initializes a legacy session at `version` (and sends `notifications/initialized`).
async fn initialized(version: &str) -> (Peer, FakeServer) {
    let (mut peer, mut server) = fake_server::initialized(version).await;
    peer.notify("notifications/initialized", None).await;
    server.read().await;
    (peer, server)
}

fn server_info() -> Value {
    json!({SERVER_INFO: {"name": "fake", "version": "1"}})
}

fn tool_result() -> Value {
    json!({"resultType": "complete", "content": [{"type": "text", "text": "3"}],
           "_meta": server_info()})
}

fn tools_list() -> Value {
    json!({"resultType": "complete", "tools": [], "ttlMs": 0, "cacheScope": "public",
           "_meta": server_info()})
}

fn elicitation() -> Value {
    json!({"method": "elicitation/create", "params": {
        "message": "Your name?",
        "requestedSchema": {"type": "object", "properties": {"name": {"type": "string"}}}}})
}

/// Sends modern `tools/call` 1 and lets the fake server read it.
/// The panic message of a peer that reads the answer to a modern `tools/call` made from a valid
/// tool result by `spoil`.
async fn rejection_of_tool_result(spoil: impl FnOnce(&mut Value)) -> String {
    let (mut peer, mut server) = connected();
    modern_call(&mut peer, &mut server).await;
    let mut result = tool_result();
    spoil(&mut result);
    server.answer(1, result).await;
    panic_message(async move {
        peer.recv().await;
    })
    .await
}

async fn modern_call(peer: &mut Peer, server: &mut FakeServer) -> Value {
    peer.modern_call_tool(1, "add", json!({"a": 1, "b": 2}))
        .await;
    server.read().await
}

#[tokio::test]
async fn a_valid_modern_tool_result_passes() {
    let (mut peer, mut server) = connected();
    let request = modern_call(&mut peer, &mut server).await;
    let meta = &request["params"]["_meta"];
    assert_eq!(
        meta["io.modelcontextprotocol/protocolVersion"],
        "2026-07-28"
    );
    assert_eq!(
        meta["io.modelcontextprotocol/clientCapabilities"],
        json!({})
    );
    assert_eq!(
        meta["io.modelcontextprotocol/clientInfo"]["name"],
        "scripted-peer"
    );
    assert_eq!(request["params"]["arguments"], json!({"a": 1, "b": 2}));
    server.answer(1, tool_result()).await;
    let result = peer.expect_complete(1).await;
    assert_eq!(peer.text_of(&result), "3");
    drop(server);
    peer.finish().await;
}

#[tokio::test]
async fn modern_meta_keeps_the_keys_the_test_set() {
    let (mut peer, mut server) = connected();
    peer.set_modern_capabilities(json!({"elicitation": {"form": {}}}));
    peer.modern_request(
        7,
        "tools/call",
        json!({"name": "add", "arguments": {},
               "_meta": {"progressToken": "p", "io.modelcontextprotocol/logLevel": "debug",
                         "io.modelcontextprotocol/clientInfo": {"name": "mine", "version": "2"}}}),
    )
    .await;
    let meta = server.read().await["params"]["_meta"].clone();
    assert_eq!(meta["progressToken"], "p");
    assert_eq!(meta["io.modelcontextprotocol/logLevel"], "debug");
    assert_eq!(meta["io.modelcontextprotocol/clientInfo"]["name"], "mine");
    assert_eq!(
        meta["io.modelcontextprotocol/protocolVersion"],
        "2026-07-28"
    );
    assert_eq!(
        meta["io.modelcontextprotocol/clientCapabilities"],
        json!({"elicitation": {"form": {}}})
    );
    // The progress of a modern request and a log message it asked for are valid 2026 messages.
    server
        .write(json!({"jsonrpc": "2.0", "method": "notifications/progress",
                      "params": {"progressToken": "p", "progress": 1}}))
        .await;
    server
        .write(json!({"jsonrpc": "2.0", "method": "notifications/message",
                      "params": {"level": "info", "data": "hi"}}))
        .await;
    peer.expect_notification("notifications/progress").await;
    peer.expect_notification("notifications/message").await;
    server.answer(7, tool_result()).await;
    peer.expect_complete(7).await;
}

#[tokio::test]
async fn a_modern_result_without_result_type_fails() {
    let message = rejection_of_tool_result(|result| {
        result.as_object_mut().unwrap().remove("resultType");
    })
    .await;
    assert!(
        message.contains("result of `tools/call` lacks `resultType`"),
        "{message}"
    );
}

#[tokio::test]
async fn a_modern_result_with_an_unknown_result_type_fails() {
    let message = rejection_of_tool_result(|result| {
        result["resultType"] = json!("task");
    })
    .await;
    assert!(
        message.contains("unknown `resultType` \"task\""),
        "{message}"
    );
}

#[tokio::test]
async fn a_modern_result_without_server_info_fails() {
    let message = rejection_of_tool_result(|result| {
        result.as_object_mut().unwrap().remove("_meta");
    })
    .await;
    assert!(
        message.contains("lacks `_meta[\"io.modelcontextprotocol/serverInfo\"]`"),
        "{message}"
    );
}

#[tokio::test]
async fn a_server_info_without_a_version_fails() {
    let message = rejection_of_tool_result(|result| {
        result["_meta"][SERVER_INFO] = json!({"name": "fake"});
    })
    .await;
    assert!(message.contains("with a name and a version"), "{message}");
}

#[tokio::test]
async fn a_modern_tool_list_without_ttl_fails() {
    let (mut peer, mut server) = connected();
    peer.modern_request(2, "tools/list", Value::Null).await;
    server.read().await;
    let mut result = tools_list();
    result.as_object_mut().unwrap().remove("ttlMs");
    server.answer(2, result).await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("result of `tools/list` lacks `ttlMs`"),
        "{message}"
    );
}

#[tokio::test]
async fn a_modern_tool_list_with_a_bad_cache_scope_fails() {
    let (mut peer, mut server) = connected();
    peer.modern_request(2, "tools/list", Value::Null).await;
    server.read().await;
    let mut result = tools_list();
    result["cacheScope"] = json!("shared");
    server.answer(2, result).await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(message.contains("`cacheScope`"), "{message}");
}

#[tokio::test]
async fn a_modern_tool_list_passes_and_is_checked_against_its_definition() {
    let (mut peer, mut server) = connected();
    peer.modern_request(2, "tools/list", Value::Null).await;
    server.read().await;
    server.answer(2, tools_list()).await;
    peer.expect_complete(2).await;
    // `tools` is required by `ListToolsResult` (the generic `Result` would not notice).
    peer.modern_request(3, "tools/list", Value::Null).await;
    server.read().await;
    let mut result = tools_list();
    result.as_object_mut().unwrap().remove("tools");
    server.answer(3, result).await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("invalid 2026-07-28 `ListToolsResult`"),
        "{message}"
    );
}

#[tokio::test]
async fn a_valid_input_required_result_passes() {
    let (mut peer, mut server) = connected();
    peer.set_modern_capabilities(json!({"elicitation": {}}));
    modern_call(&mut peer, &mut server).await;
    server
        .answer(
            1,
            json!({"resultType": "input_required", "inputRequests": {"name": elicitation()},
                   "requestState": "opaque", "_meta": server_info()}),
        )
        .await;
    let result = peer.expect_input_required(1).await;
    assert_eq!(result["requestState"], "opaque");
    // A retry under a new id, completed.
    peer.modern_call_tool(2, "add", json!({})).await;
    server.read().await;
    server.answer(2, tool_result()).await;
    peer.expect_complete(2).await;
    drop(server);
    peer.finish().await;
}

#[tokio::test]
async fn expect_complete_rejects_an_input_required_result() {
    let (mut peer, mut server) = connected();
    modern_call(&mut peer, &mut server).await;
    server
        .answer(
            1,
            json!({"resultType": "input_required", "requestState": "s", "_meta": server_info()}),
        )
        .await;
    let message = panic_message(async move {
        peer.expect_complete(1).await;
    })
    .await;
    assert!(
        message.contains("expected a `complete` result"),
        "{message}"
    );
}

#[tokio::test]
async fn an_input_required_result_without_requests_or_state_fails() {
    let (mut peer, mut server) = connected();
    modern_call(&mut peer, &mut server).await;
    server
        .answer(
            1,
            json!({"resultType": "input_required", "_meta": server_info()}),
        )
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("neither `inputRequests` nor `requestState`"),
        "{message}"
    );
}

#[tokio::test]
async fn an_input_required_result_with_cache_hints_fails() {
    let (mut peer, mut server) = connected();
    peer.modern_request(4, "resources/read", json!({"uri": "file:///a"}))
        .await;
    server.read().await;
    server
        .answer(
            4,
            json!({"resultType": "input_required", "requestState": "s", "ttlMs": 0,
                   "cacheScope": "private", "_meta": server_info()}),
        )
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("carries the cache hint `ttlMs`"),
        "{message}"
    );
}

#[tokio::test]
async fn an_input_required_result_for_a_list_fails() {
    let (mut peer, mut server) = connected();
    peer.modern_request(2, "tools/list", Value::Null).await;
    server.read().await;
    server
        .answer(
            2,
            json!({"resultType": "input_required", "requestState": "s", "_meta": server_info()}),
        )
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("an `input_required` result for `tools/list`"),
        "{message}"
    );
}

#[tokio::test]
async fn an_input_request_of_an_undeclared_capability_fails() {
    let (mut peer, mut server) = connected();
    // No capabilities declared on this request.
    modern_call(&mut peer, &mut server).await;
    server
        .answer(
            1,
            json!({"resultType": "input_required", "inputRequests": {"name": elicitation()},
                   "_meta": server_info()}),
        )
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("needs the capability `elicitation`"),
        "{message}"
    );
}

#[tokio::test]
async fn a_server_request_on_a_modern_only_connection_fails() {
    let (mut peer, mut server) = connected();
    peer.set_modern_capabilities(json!({"elicitation": {}}));
    modern_call(&mut peer, &mut server).await;
    let mut request = elicitation();
    request["jsonrpc"] = json!("2.0");
    request["id"] = json!(1);
    server.write(request).await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("the server wrote a request on the modern wire"),
        "{message}"
    );
}

#[tokio::test]
async fn a_modern_error_is_checked_against_its_definition() {
    let (mut peer, mut server) = connected();
    peer.modern_request(
        1,
        "tools/list",
        json!({"_meta": {"io.modelcontextprotocol/protocolVersion": "1900-01-01"}}),
    )
    .await;
    assert_eq!(
        server.read().await["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"],
        "1900-01-01"
    );
    server
        .write(json!({"jsonrpc": "2.0", "id": 1, "error": {
            "code": -32022, "message": "Unsupported protocol version",
            "data": {"supported": ["2026-07-28"], "requested": "1900-01-01"}}}))
        .await;
    peer.expect_error(Some(json!(1)), -32022).await;
    // `data` is required by `UnsupportedProtocolVersionError`.
    peer.modern_request(2, "tools/list", Value::Null).await;
    server.read().await;
    server
        .write(json!({"jsonrpc": "2.0", "id": 2, "error": {
            "code": -32022, "message": "Unsupported protocol version"}}))
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("`UnsupportedProtocolVersionError`"),
        "{message}"
    );
}

#[tokio::test]
async fn listen_stream_notifications_are_checked() {
    let (mut peer, mut server) = connected();
    peer.modern_request(
        "listen",
        "subscriptions/listen",
        json!({"notifications": {"toolsListChanged": true}}),
    )
    .await;
    server.read().await;
    let on_stream = json!({"io.modelcontextprotocol/subscriptionId": "listen"});
    server
        .write(
            json!({"jsonrpc": "2.0", "method": "notifications/subscriptions/acknowledged",
                      "params": {"notifications": {"toolsListChanged": true},
                                 "_meta": on_stream}}),
        )
        .await;
    server
        .write(
            json!({"jsonrpc": "2.0", "method": "notifications/tools/list_changed",
                      "params": {"_meta": on_stream}}),
        )
        .await;
    peer.expect_notification("notifications/subscriptions/acknowledged")
        .await;
    peer.expect_notification("notifications/tools/list_changed")
        .await;
    let mut meta = server_info();
    meta["io.modelcontextprotocol/subscriptionId"] = json!("listen");
    server
        .answer("listen", json!({"resultType": "complete", "_meta": meta}))
        .await;
    peer.expect_complete("listen").await;
    // Off the stream, on a modern-only connection: no subscription id.
    server
        .write(json!({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"}))
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(message.contains("outside a listen stream"), "{message}");
}

#[tokio::test]
async fn an_acknowledgement_without_its_filter_fails_the_schema() {
    let (mut peer, mut server) = connected();
    peer.modern_request(
        "listen",
        "subscriptions/listen",
        json!({"notifications": {"toolsListChanged": true}}),
    )
    .await;
    server.read().await;
    server
        .write(
            json!({"jsonrpc": "2.0", "method": "notifications/subscriptions/acknowledged",
                      "params": {"_meta": {"io.modelcontextprotocol/subscriptionId": "listen"}}}),
        )
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("invalid 2026-07-28 `SubscriptionsAcknowledgedNotification`"),
        "{message}"
    );
}

#[tokio::test]
async fn a_log_message_nobody_asked_for_fails() {
    let (mut peer, mut server) = connected();
    modern_call(&mut peer, &mut server).await;
    server
        .write(json!({"jsonrpc": "2.0", "method": "notifications/message",
                      "params": {"level": "info", "data": "hi"}}))
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(message.contains("no request set"), "{message}");
}

#[tokio::test]
async fn a_legacy_session_beside_modern_requests_keeps_its_revision() {
    let (mut peer, mut server) = initialized("2025-06-18").await;
    // A modern request on the same connection: validated at 2026-07-28.
    modern_call(&mut peer, &mut server).await;
    server.answer(1, tool_result()).await;
    peer.expect_complete(1).await;
    // A legacy request: validated at 2025-06-18, without `resultType`.
    peer.call_tool(2, "add", json!({})).await;
    server.read().await;
    server
        .answer(2, json!({"content": [{"type": "text", "text": "3"}]}))
        .await;
    peer.expect_tool_text(2).await;
    // Server requests are allowed: there is a legacy session.
    server
        .write(json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}))
        .await;
    let (id, _) = peer.expect_request("ping").await;
    peer.respond(&id, json!({})).await;
    server.read().await;
    peer.expect_nothing_for(QUIET).await;
    // A legacy result carrying the modern `resultType` still fails.
    peer.call_tool(3, "add", json!({})).await;
    server.read().await;
    server
        .answer(
            3,
            json!({"resultType": "complete", "content": [{"type": "text", "text": "3"}]}),
        )
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("a legacy result carries the 2026-07-28 `resultType`"),
        "{message}"
    );
}

#[tokio::test]
async fn a_legacy_result_breaking_its_revision_fails_on_a_mixed_connection() {
    let (mut peer, mut server) = initialized("2025-06-18").await;
    modern_call(&mut peer, &mut server).await;
    server.answer(1, tool_result()).await;
    peer.expect_complete(1).await;
    peer.call_tool(2, "add", json!({})).await;
    server.read().await;
    // `content` is required.
    server.answer(2, json!({"isError": true})).await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("invalid 2025-06-18 `CallToolResult`"),
        "{message}"
    );
}

#[test]
fn the_modern_validators_reject_what_the_schema_rejects() {
    let modern = schema::MODERN;
    for name in [
        "JSONRPCResultResponse",
        "JSONRPCErrorResponse",
        "CallToolResult",
        "InputRequiredResult",
        "GetPromptResult",
        "ReadResourceResult",
        "DiscoverResult",
        "SubscriptionsListenResult",
        "ListToolsResult",
        "ListPromptsResult",
        "ListResourcesResult",
        "ListResourceTemplatesResult",
        "CompleteResult",
        "SubscriptionsAcknowledgedNotification",
        "UnsupportedProtocolVersionError",
        "MissingRequiredClientCapabilityError",
    ] {
        assert!(schema::defines(modern, name), "2026-07-28 lacks {name}");
    }
    assert!(!schema::defines(modern, "InitializeResult"));
    assert!(schema::validate(modern, "CallToolResult", &tool_result()).is_ok());
    let mut no_type = tool_result();
    no_type.as_object_mut().unwrap().remove("resultType");
    assert!(schema::validate(modern, "CallToolResult", &no_type).is_err());
    assert!(schema::validate(modern, "ListToolsResult", &tools_list()).is_ok());
    let mut no_ttl = tools_list();
    no_ttl.as_object_mut().unwrap().remove("ttlMs");
    assert!(schema::validate(modern, "ListToolsResult", &no_ttl).is_err());
    // The legacy revisions still load beside the modern one.
    assert!(schema::defines("2024-11-05", "InitializeResult"));
}
