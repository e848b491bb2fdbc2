//! 2026-07-28 scenarios that run against any server with the `stdio-server` example's tools:
//! the example binary over stdio, and [`super::demo::Demo`] over the in-memory duplex.
//! [`modern_scenario_tests!`] turns each into a `#[tokio::test]` for a target. Every message the
//! server writes is validated by the peer against the specific 2026-07-28 schema definition.

use serde_json::{Value, json};
use tether_mcp::types::error_codes::{
    INVALID_PARAMS, METHOD_NOT_FOUND, MISSING_REQUIRED_CLIENT_CAPABILITY,
    UNSUPPORTED_PROTOCOL_VERSION,
};

use super::{Kind, Peer, QUIET, Target};

/// One `#[tokio::test]` per modern scenario, run against `$target`.
#[allow(unused_macros)]
macro_rules! modern_scenario_tests {
    ($target:expr) => {
        $crate::support::modern_scenarios::modern_scenario_tests!(@each $target;
            discover_answers_without_a_handshake,
            plain_tool_call_completes_in_one_request,
            onboarding_takes_a_round_per_ask_and_joined_asks_share_one,
            tampered_request_state_is_an_error_not_a_reprompt,
            missing_or_unsupported_meta_is_rejected_and_the_connection_keeps_serving,
            removed_methods_are_method_not_found,
            missing_capability_is_32021_before_anything_runs,
            cancelled_modern_call_gets_nothing_more,
        );
    };
    (@each $target:expr; $($name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                $crate::support::modern_scenarios::$name(&$target).await;
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use modern_scenario_tests;

/// Every client capability an input request may need.
pub(crate) fn all_caps() -> Value {
    json!({"elicitation": {"form": {}, "url": {}}, "sampling": {}, "roots": {}})
}

/// A connection to `server` over the in-memory duplex whose modern requests declare
/// [`all_caps`].
pub(crate) fn modern_peer<H: tether_mcp::ServerHandler>(server: &tether_mcp::Server<H>) -> Peer {
    let mut peer = Peer::in_memory(server);
    peer.set_modern_capabilities(all_caps());
    peer
}

fn connect(target: &Target) -> Peer {
    let mut peer = target.connect();
    peer.set_modern_capabilities(all_caps());
    peer
}

/// Answers each input request of an `InputRequiredResult` by its method: the form with
/// `project: "tether"` and `confirm: true`, the model with `fine`, the roots with `file:///w`.
pub(crate) fn answers_for(peer: &Peer, result: &Value) -> Value {
    let Some(requests) = result["inputRequests"].as_object() else {
        peer.fail(format!("no inputRequests in {result}"));
    };
    let mut answers = serde_json::Map::new();
    for (key, request) in requests {
        let answer = match request["method"].as_str() {
            Some("elicitation/create") => {
                json!({"action": "accept", "content": {"project": "tether", "confirm": true}})
            }
            Some("sampling/createMessage") => {
                json!({"role": "assistant", "content": {"type": "text", "text": "fine"}, "model": "m"})
            }
            Some("roots/list") => json!({"roots": [{"uri": "file:///w"}]}),
            other => peer.fail(format!("unexpected input request {other:?}")),
        };
        answers.insert(key.clone(), answer);
    }
    Value::Object(answers)
}

/// Calls `name` until it completes, answering every round with [`answers_for`]; the result and
/// the number of requests it took.
pub(crate) async fn complete_call(peer: &mut Peer, name: &str) -> (Value, usize) {
    let mut params = json!({"name": name, "arguments": {}});
    for requests in 1..=8 {
        let id = peer.fresh_id();
        peer.modern_request(id.clone(), "tools/call", params.clone())
            .await;
        let result = peer.expect_response(id).await;
        if result["resultType"] == "complete" {
            return (result, requests);
        }
        params = json!({"name": name, "arguments": {}, "inputResponses": answers_for(peer, &result),
                        "requestState": result["requestState"]});
    }
    peer.fail(format!("{name} did not complete in 8 requests"));
}

pub(crate) async fn discover_answers_without_a_handshake(target: &Target) {
    let mut peer = connect(target);
    peer.modern_request(1, "server/discover", json!({})).await;
    let result = peer.expect_complete(1).await;
    if result["supportedVersions"][0] != "2026-07-28"
        || !result["capabilities"]["tools"].is_object()
    {
        peer.fail(format!("unexpected discover result {result}"));
    }
    peer.finish().await;
}

pub(crate) async fn plain_tool_call_completes_in_one_request(target: &Target) {
    let mut peer = connect(target);
    peer.modern_call_tool(1, "add", json!({"a": 2, "b": 40}))
        .await;
    assert_eq!(peer.expect_complete_text(1).await, "42");
    peer.modern_request(2, "tools/list", json!({})).await;
    let list = peer.expect_complete(2).await;
    if list["tools"].as_array().map(Vec::len) != Some(7) {
        peer.fail(format!("expected the seven tools, got {list}"));
    }
    peer.finish().await;
}

pub(crate) async fn onboarding_takes_a_round_per_ask_and_joined_asks_share_one(target: &Target) {
    let mut peer = connect(target);
    let (result, requests) = complete_call(&mut peer, "onboard").await;
    assert_eq!(
        peer.text_of(&result),
        "onboarded tether: fine; roots file:///w"
    );
    assert_eq!(requests, 4);
    let (result, requests) = complete_call(&mut peer, "onboard_joined").await;
    assert_eq!(
        peer.text_of(&result),
        "onboarded tether: fine; roots file:///w"
    );
    assert_eq!(requests, 3);
    peer.finish().await;
}

pub(crate) async fn tampered_request_state_is_an_error_not_a_reprompt(target: &Target) {
    let mut peer = connect(target);
    peer.modern_call_tool(1, "deploy", json!({})).await;
    let first = peer.expect_input_required(1).await;
    let answers = answers_for(&peer, &first);
    let state = first["requestState"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let tampered = state.replacen(".", ".x", 2);
    for (id, state) in [(2, json!(tampered)), (3, json!(format!("{state}A")))] {
        peer.modern_request(
            id,
            "tools/call",
            json!({"name": "deploy", "arguments": {}, "inputResponses": answers, "requestState": state}),
        )
        .await;
        peer.expect_error_naming(Some(json!(id)), INVALID_PARAMS, &["requestState"])
            .await;
    }
    peer.modern_request(
        4,
        "tools/call",
        json!({"name": "deploy", "arguments": {}, "inputResponses": answers, "requestState": state}),
    )
    .await;
    assert_eq!(peer.expect_complete_text(4).await, "deployed");
    peer.finish().await;
}

pub(crate) async fn missing_or_unsupported_meta_is_rejected_and_the_connection_keeps_serving(
    target: &Target,
) {
    let mut peer = connect(target);
    let caps = "io.modelcontextprotocol/clientCapabilities";
    let version = "io.modelcontextprotocol/protocolVersion";
    peer.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {caps: {}}}}),
    )
    .await;
    peer.expect_error_naming(Some(json!(1)), INVALID_PARAMS, &[version])
        .await;
    peer.send(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list",
                     "params": {"_meta": {version: "2030-01-01", caps: {}}}}))
        .await;
    let error = peer
        .expect_error(Some(json!(2)), UNSUPPORTED_PROTOCOL_VERSION)
        .await;
    if error["data"]["requested"] != "2030-01-01" {
        peer.fail(format!("-32022 without the requested version: {error}"));
    }
    peer.modern_call_tool(3, "add", json!({"a": 1, "b": 1}))
        .await;
    assert_eq!(peer.expect_complete_text(3).await, "2");
    peer.finish().await;
}

pub(crate) async fn removed_methods_are_method_not_found(target: &Target) {
    let mut peer = connect(target);
    for (id, method) in [
        (1, "ping"),
        (2, "logging/setLevel"),
        (3, "resources/unsubscribe"),
    ] {
        peer.modern_request(id, method, json!({})).await;
        peer.expect_error_naming(Some(json!(id)), METHOD_NOT_FOUND, &[method])
            .await;
    }
    peer.finish().await;
}

pub(crate) async fn missing_capability_is_32021_before_anything_runs(target: &Target) {
    let mut peer = connect(target);
    peer.set_modern_capabilities(json!({}));
    peer.modern_call_tool(1, "deploy", json!({})).await;
    let error = peer
        .expect_error(Some(json!(1)), MISSING_REQUIRED_CLIENT_CAPABILITY)
        .await;
    if !error["data"]["requiredCapabilities"]["elicitation"].is_object() {
        peer.fail(format!("-32021 without requiredCapabilities: {error}"));
    }
    peer.finish().await;
}

pub(crate) async fn cancelled_modern_call_gets_nothing_more(target: &Target) {
    let mut peer = connect(target);
    peer.modern_request(
        1,
        "tools/call",
        json!({"name": "slow", "arguments": {"steps": 100}, "_meta": {"progressToken": "t"}}),
    )
    .await;
    peer.expect_notification("notifications/progress").await;
    peer.cancel(1).await;
    let late = peer.drain_for(QUIET).await;
    if late.iter().any(|m| m.kind != Kind::Notification) {
        peer.fail(format!("a response after the cancellation: {late:?}"));
    }
    peer.expect_nothing_for(QUIET).await;
    peer.modern_call_tool(2, "add", json!({"a": 1, "b": 2}))
        .await;
    assert_eq!(peer.expect_complete_text(2).await, "3");
    peer.finish().await;
}
