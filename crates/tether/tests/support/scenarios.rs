//! Scenarios that run against any server with the `stdio-server` example's tools: the example
//! binary over stdio, and [`super::demo::Demo`] over the in-memory duplex.
//! [`shared_scenario_tests!`] turns every one of them into a `#[tokio::test]` for a target, so
//! both transports run the same list.

use serde_json::{Value, json};
use tether_mcp::types::error_codes::{
    INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR,
};

use super::{Kind, Peer, QUIET, Target, schema};

/// One `#[tokio::test]` per shared scenario, run against `$target`.
#[allow(unused_macros)]
macro_rules! shared_scenario_tests {
    ($target:expr) => {
        $crate::support::scenarios::shared_scenario_tests!(@each $target;
            initialize_echoes_each_known_version,
            initialize_with_an_unknown_version_answers_2025_11_25,
            initialize_with_invalid_params_is_invalid_params_and_leaves_the_session_open,
            initialized_notification_gets_no_reply,
            ping_before_and_after_initialize,
            tools_list_names_every_tool,
            tools_call_of_a_plain_tool,
            elicitation_on_2025_06_18_has_no_mode_and_accept_completes_the_call,
            elicitation_on_2025_11_25_has_form_mode,
            elicitation_decline_cancel_and_bad_answers_reach_the_tool,
            sampling_inside_tools_call,
            roots_inside_tools_call,
            missing_client_capability_is_an_error_result_naming_it,
            progress_notifications_carry_the_token_and_increase,
            cancelled_call_gets_no_response_and_the_connection_keeps_serving,
            cancelling_an_unknown_request_is_ignored,
            a_call_waiting_for_an_answer_does_not_block_other_calls,
            cancelling_a_call_withdraws_its_nested_request,
            closing_the_connection_with_a_call_in_flight_ends_the_server,
            requests_read_before_end_of_input_are_still_answered,
            unparsable_line_is_a_parse_error_without_id,
            truncated_json_is_a_parse_error,
            invalid_utf8_is_a_parse_error,
            crlf_line_endings_are_accepted,
            utf8_bom_prefix_is_accepted,
            empty_lines_are_ignored,
            params_as_an_array_is_an_invalid_request_echoing_the_id,
            wrong_param_types_for_tools_call_name_the_member,
            unknown_method_is_method_not_found,
            method_of_an_unadvertised_capability_is_method_not_found,
            request_before_initialize_without_modern_meta_is_invalid_params_naming_both_eras,
            second_initialize_is_an_invalid_request,
            duplicate_id_while_in_flight_is_an_invalid_request,
            oversized_line_is_rejected_and_the_next_message_works,
            null_id_is_an_invalid_request,
            fractional_id_is_an_invalid_request,
            missing_or_wrong_jsonrpc_version_is_an_invalid_request_echoing_the_id,
            non_object_json_is_an_invalid_request,
            response_to_an_unknown_id_is_ignored,
            unknown_notification_is_ignored,
            batch_on_2025_03_26_gets_one_array_of_its_responses,
            batch_on_other_revisions_is_an_invalid_request,
        );
    };
    (@each $target:expr; $($name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                $crate::support::scenarios::$name(&$target).await;
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use shared_scenario_tests;

const ALL_TOOLS: [&str; 7] = [
    "add",
    "deploy",
    "summarize",
    "roots",
    "onboard",
    "onboard_joined",
    "slow",
];

fn elicitation() -> Value {
    json!({"elicitation": {}})
}

/// The form `deploy` asks for (its `Confirm` type).
fn confirm_schema() -> Value {
    json!({
        "type": "object",
        "properties": {"confirm": {"type": "boolean", "description": "Deploy now?"}},
        "required": ["confirm"],
    })
}

fn check_identity(peer: &Peer, result: &Value, version: &str) {
    if result["protocolVersion"] != version {
        peer.fail(format!("expected protocolVersion {version}, got {result}"));
    }
    let members: Vec<&String> = result
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    if members
        .iter()
        .any(|m| !["protocolVersion", "capabilities", "serverInfo"].contains(&m.as_str()))
    {
        peer.fail(format!(
            "unexpected members in the initialize result: {result}"
        ));
    }
    // The in-memory wrapper is built with `Server::new` (tools only); the `stdio-server` binary
    // advertises everything the example's handler offers, `completions` from 2025-03-26 on
    // (2024-11-05 has no such capability, so the server leaves it out).
    let expected = match (peer.transport(), version) {
        ("stdio", "2024-11-05") => json!({"tools": {}, "resources": {}, "prompts": {}}),
        ("stdio", _) => json!({"tools": {}, "resources": {}, "prompts": {}, "completions": {}}),
        _ => json!({"tools": {}}),
    };
    if result["capabilities"] != expected {
        peer.fail(format!(
            "expected capabilities {expected} over {}, got {}",
            peer.transport(),
            result["capabilities"]
        ));
    }
    let expected_info = json!({"name": "tether-mcp", "version": env!("CARGO_PKG_VERSION")});
    if result["serverInfo"] != expected_info {
        peer.fail(format!(
            "expected serverInfo {expected_info}, got {}",
            result["serverInfo"]
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

pub(crate) async fn initialize_echoes_each_known_version(target: &Target) {
    for version in schema::LEGACY {
        let mut peer = target.connect();
        let result = peer.initialize_only(version, elicitation()).await;
        check_identity(&peer, &result, version);
        peer.notify("notifications/initialized", None).await;
        peer.request(1, "tools/list", None).await;
        let tools = peer.expect_response(1).await;
        if tools["tools"].as_array().map(Vec::len) != Some(ALL_TOOLS.len()) {
            peer.fail(format!("expected {} tools, got {tools}", ALL_TOOLS.len()));
        }
        peer.finish().await;
    }
}

pub(crate) async fn initialize_with_an_unknown_version_answers_2025_11_25(target: &Target) {
    for requested in ["2030-01-01", "1999-12-31", "2026-07-28", "not-a-version"] {
        let mut peer = target.connect();
        let result = peer.initialize(requested, json!({})).await;
        check_identity(&peer, &result, "2025-11-25");
        peer.ping().await;
        peer.finish().await;
    }
}

pub(crate) async fn initialize_with_invalid_params_is_invalid_params_and_leaves_the_session_open(
    target: &Target,
) {
    let mut peer = target.connect();
    peer.request(1, "initialize", Some(json!({"protocolVersion": 5})))
        .await;
    peer.expect_error_naming(Some(json!(1)), INVALID_PARAMS, &["protocolVersion"])
        .await;
    peer.request(2, "initialize", None).await;
    peer.expect_error(Some(json!(2)), INVALID_PARAMS).await;
    // Still not initialized: requests are refused, and a valid initialize works.
    peer.request(3, "tools/list", None).await;
    peer.expect_error_naming(Some(json!(3)), INVALID_PARAMS, &["initialize"])
        .await;
    let result = peer.initialize("2025-06-18", json!({})).await;
    check_identity(&peer, &result, "2025-06-18");
    peer.finish().await;
}

pub(crate) async fn initialized_notification_gets_no_reply(target: &Target) {
    let mut peer = target.connect();
    peer.initialize_only("2025-11-25", json!({})).await;
    peer.notify("notifications/initialized", None).await;
    peer.expect_nothing_for(QUIET).await;
    peer.request(1, "tools/list", None).await;
    peer.expect_response(1).await;
    peer.finish().await;
}

pub(crate) async fn ping_before_and_after_initialize(target: &Target) {
    let mut peer = target.connect();
    peer.ping().await;
    peer.request("p-params", "ping", Some(json!({}))).await;
    let empty = peer.expect_response("p-params").await;
    assert_eq!(empty, json!({}), "ping with empty params");
    peer.initialize_only("2025-03-26", json!({})).await;
    peer.ping().await;
    peer.notify("notifications/initialized", None).await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn tools_list_names_every_tool(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.request(1, "tools/list", None).await;
    let result = peer.expect_response(1).await;
    let tools = result["tools"].as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = tools.iter().filter_map(|t| t["name"].as_str()).collect();
    if names != ALL_TOOLS {
        peer.fail(format!("expected tools {ALL_TOOLS:?}, got {result}"));
    }
    for tool in &tools {
        if tool["inputSchema"]["type"] != "object" || !tool["description"].is_string() {
            peer.fail(format!(
                "a tool without an object input schema or description: {tool}"
            ));
        }
    }
    if result.get("nextCursor").is_some() {
        peer.fail(format!("one page expected: {result}"));
    }
    peer.request(2, "tools/list", Some(json!({}))).await;
    let again = peer.expect_response(2).await;
    assert_eq!(again, result, "tools/list with empty params");
    peer.finish().await;
}

pub(crate) async fn tools_call_of_a_plain_tool(target: &Target) {
    let mut peer = target.initialized("2024-11-05", json!({})).await;
    peer.call_tool(1, "add", json!({"a": 2, "b": 3})).await;
    assert_eq!(peer.expect_tool_text(1).await, "5");
    peer.call_tool("two", "add", json!({"a": 1.5, "b": -4}))
        .await;
    assert_eq!(peer.expect_tool_text("two").await, "-2.5");
    // An argument the tool rejects is an execution error the model can read (SEP-1303).
    peer.call_tool(3, "add", json!({"a": "x", "b": 1})).await;
    let text = peer.expect_tool_error(3).await;
    assert_eq!(text, "invalid arguments: `a` must be a number");
    // An unknown tool is a protocol error.
    peer.call_tool(4, "nope", json!({})).await;
    peer.expect_error_naming(Some(json!(4)), INVALID_PARAMS, &["unknown tool", "nope"])
        .await;
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Nested requests

pub(crate) async fn elicitation_on_2025_06_18_has_no_mode_and_accept_completes_the_call(
    target: &Target,
) {
    let mut peer = target.initialized("2025-06-18", elicitation()).await;
    peer.call_tool(1, "deploy", json!({})).await;
    let (id, params) = peer.expect_request("elicitation/create").await;
    let expected = json!({"message": "Deploy to production?", "requestedSchema": confirm_schema()});
    if params != expected {
        peer.fail(format!(
            "2025-06-18 elicitation params: expected {expected}, got {params}"
        ));
    }
    peer.respond(
        &id,
        json!({"action": "accept", "content": {"confirm": true}}),
    )
    .await;
    assert_eq!(peer.expect_tool_text(1).await, "deployed");
    peer.finish().await;
}

pub(crate) async fn elicitation_on_2025_11_25_has_form_mode(target: &Target) {
    let mut peer = target.initialized("2025-11-25", elicitation()).await;
    peer.call_tool(1, "deploy", json!({})).await;
    let (id, params) = peer.expect_request("elicitation/create").await;
    let expected = json!({
        "mode": "form",
        "message": "Deploy to production?",
        "requestedSchema": confirm_schema(),
    });
    if params != expected {
        peer.fail(format!(
            "2025-11-25 elicitation params: expected {expected}, got {params}"
        ));
    }
    peer.respond(
        &id,
        json!({"action": "accept", "content": {"confirm": false}}),
    )
    .await;
    assert_eq!(peer.expect_tool_text(1).await, "not deployed");
    peer.finish().await;
}

pub(crate) async fn elicitation_decline_cancel_and_bad_answers_reach_the_tool(target: &Target) {
    let mut peer = target
        .initialized("2025-11-25", json!({"elicitation": {"form": {}}}))
        .await;
    let mut ids = Vec::new();
    for (call, answer) in [
        (1, json!({"action": "decline"})),
        (2, json!({"action": "cancel"})),
        (3, json!({"action": "accept", "content": {"confirm": true}})),
    ] {
        peer.call_tool(call, "deploy", json!({})).await;
        let (id, _) = peer.expect_request("elicitation/create").await;
        ids.push(id.clone());
        peer.respond(&id, answer).await;
        let expected = if call == 3 {
            "deployed"
        } else {
            "not deployed"
        };
        assert_eq!(peer.expect_tool_text(call).await, expected, "call {call}");
    }
    // Every nested request got its own id.
    ids.dedup();
    assert_eq!(ids.len(), 3, "nested request ids must differ: {ids:?}");

    // Content that does not fit the form: the tool fails with an error result naming it.
    peer.call_tool(4, "deploy", json!({})).await;
    let (id, _) = peer.expect_request("elicitation/create").await;
    peer.respond(
        &id,
        json!({"action": "accept", "content": {"confirm": "yes"}}),
    )
    .await;
    let text = peer.expect_tool_error(4).await;
    assert!(text.contains("malformed"), "{text}");

    // The client answers the nested request with an error.
    peer.call_tool(5, "deploy", json!({})).await;
    let (id, _) = peer.expect_request("elicitation/create").await;
    peer.respond_error(&id, -1, "the user closed the dialog")
        .await;
    let text = peer.expect_tool_error(5).await;
    assert!(text.contains("the user closed the dialog"), "{text}");
    peer.finish().await;
}

pub(crate) async fn sampling_inside_tools_call(target: &Target) {
    for version in ["2024-11-05", "2025-11-25"] {
        let mut peer = target.initialized(version, json!({"sampling": {}})).await;
        peer.call_tool(1, "summarize", json!({"text": "The quick brown fox."}))
            .await;
        let (id, params) = peer.expect_request("sampling/createMessage").await;
        let expected = json!({
            "messages": [{
                "role": "user",
                "content": {"type": "text", "text": "Summarize in one line: The quick brown fox."},
            }],
            "maxTokens": 100,
        });
        if params != expected {
            peer.fail(format!(
                "sampling params: expected {expected}, got {params}"
            ));
        }
        peer.respond(
            &id,
            json!({
                "role": "assistant",
                "content": {"type": "text", "text": "A fox."},
                "model": "test-model",
                "stopReason": "endTurn",
            }),
        )
        .await;
        assert_eq!(peer.expect_tool_text(1).await, "A fox.");
        peer.finish().await;
    }
}

pub(crate) async fn roots_inside_tools_call(target: &Target) {
    let mut peer = target
        .initialized("2025-03-26", json!({"roots": {"listChanged": true}}))
        .await;
    peer.call_tool(1, "roots", json!({})).await;
    let (id, params) = peer.expect_request("roots/list").await;
    if !(params.is_null() || params == json!({})) {
        peer.fail(format!("roots/list takes no params, got {params}"));
    }
    peer.respond(
        &id,
        json!({"roots": [{"uri": "file:///work", "name": "work"}, {"uri": "file:///tmp"}]}),
    )
    .await;
    assert_eq!(peer.expect_tool_text(1).await, "file:///work\nfile:///tmp");
    // The client's roots change: a notification the server takes silently.
    peer.notify("notifications/roots/list_changed", None).await;
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn missing_client_capability_is_an_error_result_naming_it(target: &Target) {
    // No capabilities: each tool fails at once, with no nested request on the wire.
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    for (id, tool, capability) in [
        (1, "deploy", "elicitation"),
        (2, "summarize", "sampling"),
        (3, "roots", "roots"),
    ] {
        peer.call_tool(id, tool, json!({"text": "t"})).await;
        let text = peer.expect_tool_error(id).await;
        assert!(text.contains(&format!("`{capability}`")), "{tool}: {text}");
    }
    peer.finish().await;
    // URL mode only: no forms.
    let mut peer = target
        .initialized("2025-11-25", json!({"elicitation": {"url": {}}}))
        .await;
    peer.call_tool(1, "deploy", json!({})).await;
    let text = peer.expect_tool_error(1).await;
    assert!(text.contains("`elicitation`"), "{text}");
    peer.finish().await;
    // A revision without elicitation: declaring the capability does not make it exist.
    let mut peer = target.initialized("2025-03-26", elicitation()).await;
    peer.call_tool(1, "deploy", json!({})).await;
    let text = peer.expect_tool_error(1).await;
    assert!(text.contains("`elicitation`"), "{text}");
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Progress and cancellation

fn check_progress(peer: &Peer, params: &Value, token: &Value, step: u32, with_message: bool) {
    let mut expected = json!({"progressToken": token, "progress": step, "total": 3});
    if with_message {
        expected["message"] = json!(format!("step {step}"));
    }
    let same = params.as_object().map(|o| o.len()) == expected.as_object().map(|o| o.len())
        && params["progressToken"] == *token
        && params["progress"].as_f64() == Some(f64::from(step))
        && params["total"].as_f64() == Some(3.0)
        && params.get("message") == expected.get("message");
    if !same {
        peer.fail(format!("expected progress like {expected}, got {params}"));
    }
}

pub(crate) async fn progress_notifications_carry_the_token_and_increase(target: &Target) {
    // 2025-11-25 with a string token: progress 1, 2, 3 of 3 with a message, then the result.
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    let token = json!("tok-1");
    peer.request(
        1,
        "tools/call",
        Some(json!({"name": "slow", "arguments": {"steps": 3}, "_meta": {"progressToken": token}})),
    )
    .await;
    for step in 1..=3 {
        let params = peer.expect_notification("notifications/progress").await;
        check_progress(&peer, &params, &token, step, true);
    }
    assert_eq!(peer.expect_tool_text(1).await, "counted to 3");
    // Without a token, no progress.
    peer.call_tool(2, "slow", json!({"steps": 3})).await;
    assert_eq!(peer.expect_tool_text(2).await, "counted to 3");
    peer.finish().await;

    // 2024-11-05 with an integer token: progress has no `message` before 2025-03-26.
    let mut peer = target.initialized("2024-11-05", json!({})).await;
    let token = json!(7);
    peer.request(
        "a",
        "tools/call",
        Some(json!({"name": "slow", "arguments": {"steps": 3}, "_meta": {"progressToken": 7}})),
    )
    .await;
    for step in 1..=3 {
        let params = peer.expect_notification("notifications/progress").await;
        check_progress(&peer, &params, &token, step, false);
    }
    assert_eq!(peer.expect_tool_text("a").await, "counted to 3");
    peer.finish().await;
}

pub(crate) async fn cancelled_call_gets_no_response_and_the_connection_keeps_serving(
    target: &Target,
) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    let token = json!("c-1");
    peer.request(
        "slow-1",
        "tools/call",
        Some(
            json!({"name": "slow", "arguments": {"steps": 100}, "_meta": {"progressToken": token}}),
        ),
    )
    .await;
    let first = peer.expect_notification("notifications/progress").await;
    assert_eq!(first["progress"].as_f64(), Some(1.0), "{first}");
    peer.cancel("slow-1").await;
    // Progress written before the server read the cancellation may still arrive, before the
    // answer to a ping sent after it; each is checked, and nothing follows the ping's answer.
    let ping = peer.fresh_id();
    peer.request(ping.clone(), "ping", None).await;
    let mut last = 1.0;
    loop {
        let msg = peer.recv().await;
        if msg.is_progress_for(&token) {
            let progress = msg.params()["progress"].as_f64().unwrap_or(0.0);
            if progress <= last {
                peer.fail(format!("progress did not increase: {}", msg.value));
            }
            last = progress;
        } else if msg.kind == Kind::Response && msg.id() == &ping {
            break;
        } else {
            peer.fail(format!(
                "unexpected message after the cancellation: {}",
                msg.value
            ));
        }
    }
    // Well past several 50 ms steps and the cancellation grace: no progress, no response.
    peer.expect_nothing_for(QUIET * 3).await;
    peer.call_tool(2, "add", json!({"a": 1, "b": 1})).await;
    assert_eq!(peer.expect_tool_text(2).await, "2");
    // `finish` fails if a response to "slow-1" ever arrives.
    peer.finish().await;
}

pub(crate) async fn cancelling_an_unknown_request_is_ignored(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.cancel(424_242).await;
    peer.notify("notifications/cancelled", Some(json!({"reason": "no id"})))
        .await;
    peer.notify("notifications/cancelled", None).await;
    // A request that already finished.
    peer.call_tool(1, "add", json!({"a": 1, "b": 2})).await;
    assert_eq!(peer.expect_tool_text(1).await, "3");
    peer.cancel(1).await;
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn a_call_waiting_for_an_answer_does_not_block_other_calls(target: &Target) {
    let mut peer = target.initialized("2025-06-18", elicitation()).await;
    peer.call_tool(1, "deploy", json!({})).await;
    let (id, _) = peer.expect_request("elicitation/create").await;
    peer.call_tool(2, "add", json!({"a": 20, "b": 22})).await;
    assert_eq!(peer.expect_tool_text(2).await, "42");
    peer.ping().await;
    peer.respond(
        &id,
        json!({"action": "accept", "content": {"confirm": true}}),
    )
    .await;
    assert_eq!(peer.expect_tool_text(1).await, "deployed");
    peer.finish().await;
}

pub(crate) async fn cancelling_a_call_withdraws_its_nested_request(target: &Target) {
    let mut peer = target.initialized("2025-11-25", elicitation()).await;
    peer.call_tool(1, "deploy", json!({})).await;
    let (id, _) = peer.expect_request("elicitation/create").await;
    peer.cancel(1).await;
    let params = peer.expect_notification("notifications/cancelled").await;
    if params["requestId"] != id {
        peer.fail(format!(
            "expected the cancellation of the nested request {id}, got {params}"
        ));
    }
    // The answer comes anyway, late: ignored, and the call stays unanswered.
    peer.respond(
        &id,
        json!({"action": "accept", "content": {"confirm": true}}),
    )
    .await;
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn closing_the_connection_with_a_call_in_flight_ends_the_server(target: &Target) {
    let mut peer = target.initialized("2025-11-25", elicitation()).await;
    peer.call_tool(1, "slow", json!({"steps": 1000})).await;
    peer.call_tool(2, "deploy", json!({})).await;
    let (id, _) = peer.expect_request("elicitation/create").await;
    peer.abandon(1);
    // The end of the input: the nested request can never be answered, so it is withdrawn at
    // once and the call waiting for it is answered (an error result naming the closed stream);
    // the slow call runs out the end-of-input drain and is cancelled without a response; then
    // the server closes its side and ends in time (`finish`).
    peer.close().await;
    let params = peer.expect_notification("notifications/cancelled").await;
    if params["requestId"] != id {
        peer.fail(format!(
            "expected the cancellation of the nested request {id}, got {params}"
        ));
    }
    let error = peer.expect_tool_error(2).await;
    if !error.contains("closed") {
        peer.fail(format!(
            "expected an error naming the closed stream, got {error:?}"
        ));
    }
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Bad input: each gets the right error (or none), and the connection keeps serving.

pub(crate) async fn requests_read_before_end_of_input_are_still_answered(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.call_tool(1, "add", json!({"a": 1, "b": 2})).await;
    peer.call_tool(2, "add", json!({"a": 3, "b": 4})).await;
    peer.close().await; // like `printf '...' | server`
    let mut answers = vec![
        peer.expect_tool_text_of_any().await,
        peer.expect_tool_text_of_any().await,
    ];
    answers.sort();
    assert_eq!(answers, ["3", "7"]);
    peer.finish().await;
}

pub(crate) async fn unparsable_line_is_a_parse_error_without_id(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.send_raw(b"this is not json\n").await;
    peer.expect_error_naming(None, PARSE_ERROR, &["parse error"])
        .await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn truncated_json_is_a_parse_error(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"\n")
        .await;
    peer.expect_error_naming(None, PARSE_ERROR, &["parse error"])
        .await;
    peer.send_raw(
        b"{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"ad\n",
    )
    .await;
    peer.expect_error_naming(None, PARSE_ERROR, &["parse error"])
        .await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn invalid_utf8_is_a_parse_error(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.send_raw(
        b"{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\",\"params\":{\"x\":\"\xff\xfe\"}}\n",
    )
    .await;
    peer.expect_error_naming(None, PARSE_ERROR, &["parse error", "utf-8"])
        .await;
    // Outside a string, and a truncated multi-byte sequence.
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\xc3\x28:1}\n").await;
    peer.expect_error_naming(None, PARSE_ERROR, &["parse error", "utf-8"])
        .await;
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}\xe2\x82\n")
        .await;
    peer.expect_error_naming(None, PARSE_ERROR, &["parse error", "utf-8"])
        .await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn crlf_line_endings_are_accepted(target: &Target) {
    let mut peer = target.connect();
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"crlf\",\"version\":\"1\"}}}\r\n")
        .await;
    peer.sent_request(json!(1), "initialize");
    let result = peer.expect_response(1).await;
    check_identity(&peer, &result, "2025-06-18");
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\r\n")
        .await;
    peer.sent_initialized();
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}}\r\n")
        .await;
    peer.sent_request(json!(7), "tools/call");
    assert_eq!(peer.expect_tool_text(7).await, "3");
    peer.finish().await;
}

pub(crate) async fn utf8_bom_prefix_is_accepted(target: &Target) {
    // A BOM at the very start of the stream, before `initialize`.
    let mut peer = target.connect();
    peer.send_raw(b"\xEF\xBB\xBF{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bom\",\"version\":\"1\"}}}\n")
        .await;
    peer.sent_request(json!(1), "initialize");
    let result = peer.expect_response(1).await;
    check_identity(&peer, &result, "2025-11-25");
    peer.notify("notifications/initialized", None).await;
    // And on a later line.
    peer.send_raw(b"\xEF\xBB\xBF{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}\n")
        .await;
    peer.sent_request(json!(8), "ping");
    assert_eq!(peer.expect_response(8).await, json!({}));
    peer.finish().await;
}

pub(crate) async fn empty_lines_are_ignored(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.send_raw(b"\n\n   \n\t\n\r\n").await;
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn params_as_an_array_is_an_invalid_request_echoing_the_id(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\",\"params\":[]}\n")
        .await;
    peer.sent_request(json!(9), "tools/list");
    peer.expect_error_naming(Some(json!(9)), INVALID_REQUEST, &["params"])
        .await;
    peer.send_raw(
        b"{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":\"tools/call\",\"params\":[\"add\",1,2]}\n",
    )
    .await;
    peer.sent_request(json!("s"), "tools/call");
    peer.expect_error_naming(Some(json!("s")), INVALID_REQUEST, &["params"])
        .await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn wrong_param_types_for_tools_call_name_the_member(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.request(10, "tools/call", Some(json!({"name": 5})))
        .await;
    peer.expect_error_naming(Some(json!(10)), INVALID_PARAMS, &["name"])
        .await;
    peer.request(11, "tools/call", Some(json!({"arguments": {}})))
        .await;
    peer.expect_error_naming(Some(json!(11)), INVALID_PARAMS, &["name"])
        .await;
    peer.request(12, "tools/call", None).await;
    peer.expect_error(Some(json!(12)), INVALID_PARAMS).await;
    peer.request(
        13,
        "tools/call",
        Some(json!({"name": "add", "arguments": [1, 2]})),
    )
    .await;
    peer.expect_error_naming(Some(json!(13)), INVALID_PARAMS, &["arguments"])
        .await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn unknown_method_is_method_not_found(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.request(11, "tools/frobnicate", Some(json!({}))).await;
    peer.expect_error_naming(Some(json!(11)), METHOD_NOT_FOUND, &["tools/frobnicate"])
        .await;
    // A 2026-07-28 method on a legacy session is unknown too.
    peer.request(12, "server/discover", None).await;
    peer.expect_error_naming(Some(json!(12)), METHOD_NOT_FOUND, &["server/discover"])
        .await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn method_of_an_unadvertised_capability_is_method_not_found(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    // The in-memory server advertises tools only; the `stdio-server` binary also advertises
    // prompts, resources (without `subscribe`) and completions.
    if peer.transport() == "memory" {
        peer.request(1, "prompts/list", None).await;
        peer.expect_error_naming(Some(json!(1)), METHOD_NOT_FOUND, &["prompts/list"])
            .await;
    }
    peer.request(
        3,
        "resources/subscribe",
        Some(json!({"uri": "file:///demo/readme.md"})),
    )
    .await;
    peer.expect_error_naming(Some(json!(3)), METHOD_NOT_FOUND, &["resources/subscribe"])
        .await;
    peer.request(2, "logging/setLevel", Some(json!({"level": "info"})))
        .await;
    peer.expect_error_naming(Some(json!(2)), METHOD_NOT_FOUND, &["logging/setLevel"])
        .await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn request_before_initialize_without_modern_meta_is_invalid_params_naming_both_eras(
    target: &Target,
) {
    let mut peer = target.connect();
    // Neither a legacy session nor the 2026-07-28 per-request `_meta`: the message names both.
    peer.request(1, "tools/list", None).await;
    peer.expect_error_naming(
        Some(json!(1)),
        INVALID_PARAMS,
        &[
            "initialize",
            "tools/list",
            "io.modelcontextprotocol/protocolVersion",
        ],
    )
    .await;
    peer.call_tool(2, "add", json!({"a": 1, "b": 1})).await;
    peer.expect_error_naming(Some(json!(2)), INVALID_PARAMS, &["initialize"])
        .await;
    let result = peer.initialize("2025-11-25", json!({})).await;
    check_identity(&peer, &result, "2025-11-25");
    peer.call_tool(3, "add", json!({"a": 1, "b": 1})).await;
    assert_eq!(peer.expect_tool_text(3).await, "2");
    peer.finish().await;
}

pub(crate) async fn second_initialize_is_an_invalid_request(target: &Target) {
    let mut peer = target.initialized("2025-06-18", elicitation()).await;
    peer.request(
        12,
        "initialize",
        Some(json!({
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "again", "version": "2"},
        })),
    )
    .await;
    peer.expect_error_naming(Some(json!(12)), INVALID_REQUEST, &["already initialized"])
        .await;
    // The first negotiation stands: 2025-06-18 (no `mode`), with elicitation.
    peer.call_tool(13, "deploy", json!({})).await;
    let (id, params) = peer.expect_request("elicitation/create").await;
    if params.get("mode").is_some() {
        peer.fail(format!(
            "the second initialize changed the revision: {params}"
        ));
    }
    peer.respond(&id, json!({"action": "decline"})).await;
    assert_eq!(peer.expect_tool_text(13).await, "not deployed");
    peer.finish().await;
}

pub(crate) async fn duplicate_id_while_in_flight_is_an_invalid_request(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.call_tool(20, "slow", json!({"steps": 3})).await;
    peer.call_tool(20, "add", json!({"a": 1, "b": 1})).await;
    peer.expect_error_naming(Some(json!(20)), INVALID_REQUEST, &["already in flight"])
        .await;
    assert_eq!(peer.expect_tool_text(20).await, "counted to 3");
    // Once answered, the id may be used again.
    peer.call_tool(20, "add", json!({"a": 1, "b": 1})).await;
    assert_eq!(peer.expect_tool_text(20).await, "2");
    peer.finish().await;
}

/// A `tools/call` line of more than `bytes` bytes.
pub(crate) fn long_line(id: u64, bytes: usize) -> Vec<u8> {
    let head = format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"tools/call\",\"params\":{{\"name\":\"add\",\"arguments\":{{\"a\":1,\"b\":2,\"pad\":\""
    );
    let tail = "\"}}}\n";
    let pad = bytes.saturating_sub(head.len() + tail.len() - 1);
    let mut line = head.into_bytes();
    line.resize(line.len() + pad, b'x');
    line.extend_from_slice(tail.as_bytes());
    line
}

pub(crate) async fn oversized_line_is_rejected_and_the_next_message_works(target: &Target) {
    // The default limit, 4 MiB.
    let limit = tether_mcp::Limits::default().max_message_bytes;
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    let line = long_line(30, limit + 1);
    assert_eq!(
        line.len(),
        limit + 2,
        "one byte over the limit, plus the newline"
    );
    peer.send_raw(&line).await;
    peer.expect_error_naming(None, INVALID_REQUEST, &[&format!("{limit}-byte limit")])
        .await;
    peer.call_tool(31, "add", json!({"a": 2, "b": 2})).await;
    assert_eq!(peer.expect_tool_text(31).await, "4");
    peer.finish().await;
}

pub(crate) async fn null_id_is_an_invalid_request(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}\n")
        .await;
    peer.expect_error_naming(None, INVALID_REQUEST, &["id"])
        .await;
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/call\",\"params\":{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":1}}}\n")
        .await;
    peer.expect_error_naming(None, INVALID_REQUEST, &["id"])
        .await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn fractional_id_is_an_invalid_request(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}\n")
        .await;
    peer.expect_error_naming(None, INVALID_REQUEST, &["id"])
        .await;
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}\n")
        .await;
    peer.expect_error_naming(None, INVALID_REQUEST, &["id"])
        .await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn missing_or_wrong_jsonrpc_version_is_an_invalid_request_echoing_the_id(
    target: &Target,
) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.send_raw(b"{\"id\":41,\"method\":\"ping\"}\n").await;
    peer.sent_request(json!(41), "ping");
    peer.expect_error_naming(Some(json!(41)), INVALID_REQUEST, &["jsonrpc"])
        .await;
    peer.send_raw(b"{\"jsonrpc\":\"1.0\",\"id\":42,\"method\":\"ping\"}\n")
        .await;
    peer.sent_request(json!(42), "ping");
    peer.expect_error_naming(Some(json!(42)), INVALID_REQUEST, &["jsonrpc"])
        .await;
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":43,\"method\":7}\n")
        .await;
    peer.sent_request(json!(43), "?");
    peer.expect_error_naming(Some(json!(43)), INVALID_REQUEST, &["method"])
        .await;
    peer.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":44}\n").await;
    peer.sent_request(json!(44), "?");
    peer.expect_error(Some(json!(44)), INVALID_REQUEST).await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn non_object_json_is_an_invalid_request(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    for line in [&b"42\n"[..], b"\"ping\"\n", b"null\n", b"true\n"] {
        peer.send_raw(line).await;
        peer.expect_error_naming(None, INVALID_REQUEST, &["object"])
            .await;
    }
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn response_to_an_unknown_id_is_ignored(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.send(json!({"jsonrpc": "2.0", "id": 999, "result": {}}))
        .await;
    peer.send(json!({"jsonrpc": "2.0", "id": "nobody", "result": {"roots": []}}))
        .await;
    peer.send(json!({"jsonrpc": "2.0", "id": 998, "error": {"code": -32603, "message": "x"}}))
        .await;
    peer.send(json!({"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}}))
        .await;
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn unknown_notification_is_ignored(target: &Target) {
    let mut peer = target.initialized("2025-11-25", json!({})).await;
    peer.notify("notifications/whatever", Some(json!({"x": 1})))
        .await;
    peer.notify("vendor/custom", None).await;
    peer.notify(
        "notifications/progress",
        Some(json!({"progressToken": "t", "progress": 1})),
    )
    .await;
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn batch_on_2025_03_26_gets_one_array_of_its_responses(target: &Target) {
    let mut peer = target.initialized("2025-03-26", json!({})).await;
    for (id, method) in [(40, "ping"), (41, "tools/call"), (42, "tools/frobnicate")] {
        peer.sent_request(json!(id), method);
    }
    peer.send_raw(
        b"[{\"jsonrpc\":\"2.0\",\"id\":40,\"method\":\"ping\"},\
           {\"jsonrpc\":\"2.0\",\"method\":\"notifications/unknown\"},\
           {\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}},\
           {\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/frobnicate\"}]\n",
    )
    .await;
    let members = peer.expect_batch().await;
    let mut ids: Vec<i64> = members.iter().filter_map(|m| m["id"].as_i64()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [40, 41, 42],
        "one response per request, none for the notification"
    );
    let add = members.iter().find(|m| m["id"] == 41).expect("the call");
    assert_eq!(add["result"]["content"][0]["text"], "3");
    let unknown = members
        .iter()
        .find(|m| m["id"] == 42)
        .expect("the unknown method");
    assert_eq!(unknown["error"]["code"], METHOD_NOT_FOUND);
    // A batch of notifications only gets no reply.
    peer.send_raw(b"[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/unknown\"}]\n")
        .await;
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    peer.finish().await;
}

pub(crate) async fn batch_on_other_revisions_is_an_invalid_request(target: &Target) {
    let mut peer = target.initialized("2025-06-18", json!({})).await;
    // The batched ping must not be answered on its own either.
    peer.send_raw(b"[{\"jsonrpc\":\"2.0\",\"id\":40,\"method\":\"ping\"}]\n")
        .await;
    peer.expect_error_naming(None, INVALID_REQUEST, &["batch", "2025-03-26"])
        .await;
    peer.send_raw(b"  []\n").await;
    peer.expect_error_naming(None, INVALID_REQUEST, &["batch"])
        .await;
    peer.send_raw(b"[{\"jsonrpc\":\n").await;
    peer.expect_error(None, PARSE_ERROR).await;
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    peer.finish().await;
}
