//! Negative controls for the scripted peer of `support/`: its checks must fail a test on a
//! message it did not expect or that breaks the protocol, so that the end-to-end suites
//! (`legacy_memory.rs`, `dispatch_memory.rs`, `examples/tests/stdio_server.rs`) cannot pass by
//! skipping or mis-reading messages. A fake server, driven here over a raw duplex, writes the
//! bad messages.

#[path = "support/fake_server.rs"]
mod fake_server;
mod support;

use serde_json::json;

use fake_server::{initialized, panic_message};
use support::{QUIET, schema};

#[tokio::test]
async fn an_unexpected_message_fails_the_expectation_and_shows_it() {
    let (mut peer, mut server) = initialized("2025-11-25").await;
    peer.notify("notifications/initialized", None).await;
    peer.request(1, "ping", None).await;
    server
        .write(json!({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"}))
        .await;
    let message = panic_message(async move {
        peer.expect_response(1).await;
    })
    .await;
    assert!(message.contains("expected the result of 1"), "{message}");
    assert!(
        message.contains("notifications/tools/list_changed"),
        "{message}"
    );
}

#[tokio::test]
async fn a_message_during_a_quiet_period_fails() {
    let (mut peer, mut server) = initialized("2025-11-25").await;
    server
        .write(json!({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"}))
        .await;
    let message = panic_message(async move { peer.expect_nothing_for(QUIET).await }).await;
    assert!(message.contains("expected nothing"), "{message}");
}

#[tokio::test]
async fn a_response_to_an_id_never_sent_fails() {
    let (mut peer, mut server) = initialized("2025-11-25").await;
    server
        .write(json!({"jsonrpc": "2.0", "id": 77, "result": {}}))
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(message.contains("did not send"), "{message}");
}

#[tokio::test]
async fn a_response_to_a_cancelled_request_fails() {
    let (mut peer, mut server) = initialized("2025-11-25").await;
    peer.notify("notifications/initialized", None).await;
    peer.call_tool(5, "slow", json!({})).await;
    peer.cancel(5).await;
    server
        .write(json!({"jsonrpc": "2.0", "id": 5, "result": {"content": []}}))
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(message.contains("cancelled request 5"), "{message}");
}

#[tokio::test]
async fn a_server_request_before_initialized_fails() {
    let (mut peer, mut server) = initialized("2025-11-25").await;
    server
        .write(json!({"jsonrpc": "2.0", "id": 1, "method": "roots/list"}))
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("before `notifications/initialized`"),
        "{message}"
    );
}

#[tokio::test]
async fn a_result_that_breaks_the_schema_fails() {
    let (mut peer, mut server) = initialized("2025-06-18").await;
    peer.notify("notifications/initialized", None).await;
    peer.call_tool(1, "add", json!({})).await;
    server.read().await;
    server.read().await;
    // `content` is required.
    server
        .write(json!({"jsonrpc": "2.0", "id": 1, "result": {"isError": true}}))
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(message.contains("CallToolResult"), "{message}");
}

#[tokio::test]
async fn a_request_the_revision_does_not_have_fails() {
    // Elicitation does not exist in 2025-03-26.
    let (mut peer, mut server) = initialized("2025-03-26").await;
    peer.notify("notifications/initialized", None).await;
    server
        .write(json!({"jsonrpc": "2.0", "id": 1, "method": "elicitation/create",
                      "params": {"message": "?", "requestedSchema": {"type": "object", "properties": {}}}}))
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(
        message.contains("has no definition `ElicitRequest`"),
        "{message}"
    );
}

#[tokio::test]
async fn a_reused_server_request_id_fails() {
    let (mut peer, mut server) = initialized("2025-11-25").await;
    peer.notify("notifications/initialized", None).await;
    server
        .write(json!({"jsonrpc": "2.0", "id": 3, "method": "ping"}))
        .await;
    let (id, _) = peer.expect_request("ping").await;
    peer.respond(&id, json!({})).await;
    server
        .write(json!({"jsonrpc": "2.0", "id": 3, "method": "ping"}))
        .await;
    let message = panic_message(async move {
        peer.recv().await;
    })
    .await;
    assert!(message.contains("reused its request id 3"), "{message}");
}

#[tokio::test]
async fn an_unanswered_request_fails_at_the_end() {
    let (mut peer, server) = initialized("2025-11-25").await;
    peer.request(9, "tools/list", None).await;
    drop(server);
    let message = panic_message(peer.finish()).await;
    assert!(message.contains("never answered: 9"), "{message}");
}

#[test]
fn the_validators_reject_what_the_schemas_reject() {
    // Negative controls: a validator that accepted everything would make the checks vacuous.
    assert!(schema::validate("2025-06-18", "CallToolResult", &json!({"isError": true})).is_err());
    assert!(
        schema::validate(
            "2025-11-25",
            "CallToolResult",
            &json!({"content": [{"type": "text", "text": "t"}]})
        )
        .is_ok()
    );
    assert!(
        schema::validate(
            "2024-11-05",
            "ProgressNotification",
            &json!({"jsonrpc": "2.0", "method": "notifications/progress",
                    "params": {"progressToken": null, "progress": 1}})
        )
        .is_err()
    );
    assert!(
        schema::validate(
            "2025-11-25",
            "InitializeResult",
            &json!({"protocolVersion": "2025-11-25", "capabilities": {}})
        )
        .is_err(),
        "serverInfo is required"
    );
    // Why an error without an id is checked against 2025-11-25 only: the older schemas require
    // `id` on every error response.
    let idless = json!({"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}});
    assert!(schema::validate("2024-11-05", "JSONRPCError", &idless).is_err());
    assert!(schema::validate("2025-11-25", "JSONRPCErrorResponse", &idless).is_ok());
    assert!(!schema::defines("2025-03-26", "ElicitRequest"));
}

#[tokio::test]
async fn batch_replies_are_checked_member_by_member() {
    // A valid batch reply on 2025-03-26 passes.
    let (mut peer, mut server) = initialized("2025-03-26").await;
    peer.sent_request(json!(1), "ping");
    peer.sent_request(json!(2), "ping");
    server
        .write(json!([{"jsonrpc": "2.0", "id": 1, "result": {}}, {"jsonrpc": "2.0", "id": 2, "result": {}}]))
        .await;
    assert_eq!(peer.expect_batch().await.len(), 2);
    // A notification inside a batch reply fails.
    peer.sent_request(json!(3), "ping");
    server
        .write(json!([{"jsonrpc": "2.0", "id": 3, "result": {}}, {"jsonrpc": "2.0", "method": "notifications/tools/list_changed"}]))
        .await;
    let message = panic_message(async move {
        peer.expect_batch().await;
    })
    .await;
    assert!(message.contains("request or notification"), "{message}");
    // A batch reply on a revision without batches fails.
    let (mut peer, mut server) = initialized("2025-06-18").await;
    peer.sent_request(json!(1), "ping");
    server
        .write(json!([{"jsonrpc": "2.0", "id": 1, "result": {}}]))
        .await;
    let message = panic_message(async move {
        peer.expect_batch().await;
    })
    .await;
    assert!(message.contains("outside 2025-03-26"), "{message}");
}
