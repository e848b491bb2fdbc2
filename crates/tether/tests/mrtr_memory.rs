//! Multi Round-Trip Requests by replay (2026-07-28) over the in-memory duplex: one handler, the
//! rounds it takes, the sealed `requestState` and its attacks, and how the eras differ for the
//! same handler (what repeats, what is cut, which ids change).

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use tether_mcp::types::error_codes::{
    INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST, MISSING_REQUIRED_CLIENT_CAPABILITY,
};
use tether_mcp::{Limits, SealingKey, Server};

use support::demo::Demo;
use support::modern_scenarios::{all_caps, answers_for, complete_call, modern_peer};
use support::{Peer, QUIET};

fn key(id: &str, fill: u8) -> SealingKey {
    SealingKey::new(id, &[fill; 32]).expect("a valid key")
}

/// A tool call's params with the answers and state of a retry.
fn retry(name: &str, arguments: Value, responses: Value, state: &Value) -> Value {
    let mut params = json!({"name": name, "arguments": arguments, "inputResponses": responses});
    if !state.is_null() {
        params["requestState"] = state.clone();
    }
    params
}

/// The single input request of an `InputRequiredResult`: its key, method and params.
fn only_request(result: &Value) -> (String, String, Value) {
    let requests = result["inputRequests"].as_object().expect("inputRequests");
    assert_eq!(requests.len(), 1, "{result}");
    let (key, request) = requests.iter().next().expect("one");
    (
        key.clone(),
        request["method"].as_str().unwrap_or_default().to_owned(),
        request["params"].clone(),
    )
}

fn sampled() -> Value {
    json!({"role": "assistant", "content": {"type": "text", "text": "fine"}, "model": "stub"})
}

fn roots() -> Value {
    json!({"roots": [{"uri": "file:///w", "name": "work"}]})
}

fn onboarding() -> Value {
    json!({"action": "accept", "content": {"project": "tether"}})
}

const ONBOARDED: &str = "onboarded tether: fine; roots file:///w";

// ---------------------------------------------------------------------------------------------
// One handler, both eras

#[tokio::test]
async fn one_handler_asks_nested_on_legacy_and_in_rounds_on_modern_with_the_same_result() {
    // Legacy: three nested requests on the originating route, in program order.
    let server = Server::new(Demo::default());
    let mut legacy = Peer::in_memory(&server);
    legacy.initialize("2025-11-25", all_caps()).await;
    legacy.call_tool(1, "onboard", json!({})).await;
    let (id, params) = legacy.expect_request("elicitation/create").await;
    assert_eq!(params["message"], "Which project should I onboard?");
    legacy.respond(&id, onboarding()).await;
    let (id, _) = legacy.expect_request("sampling/createMessage").await;
    legacy.respond(&id, sampled()).await;
    let (id, _) = legacy.expect_request("roots/list").await;
    legacy.respond(&id, roots()).await;
    assert_eq!(legacy.expect_tool_text(1).await, ONBOARDED);
    legacy.finish().await;

    // Modern: each ask is a round; the same handler completes with the same text.
    let mut modern = modern_peer(&server);
    modern.modern_call_tool(1, "onboard", json!({})).await;
    let first = modern.expect_input_required(1).await;
    let (key, method, params) = only_request(&first);
    assert_eq!(method, "elicitation/create");
    assert_eq!(params["message"], "Which project should I onboard?");
    assert_eq!(params["mode"], "form");
    assert!(key.starts_with("elicitation/create:"), "{key}");
    let (result, requests) = complete_call(&mut modern, "onboard").await;
    assert_eq!(
        requests, 4,
        "three asks in sequence: three rounds, then the result"
    );
    assert_eq!(modern.text_of(&result), ONBOARDED);
    // Joined asks share a round.
    let (result, requests) = complete_call(&mut modern, "onboard_joined").await;
    assert_eq!(
        requests, 3,
        "the joined sampling and roots asks are one round"
    );
    assert_eq!(modern.text_of(&result), ONBOARDED);
    modern.finish().await;
}

#[tokio::test]
async fn a_joined_round_carries_every_live_ask() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.modern_call_tool(1, "onboard_joined", json!({})).await;
    let first = peer.expect_input_required(1).await;
    peer.modern_request(
        2,
        "tools/call",
        retry(
            "onboard_joined",
            json!({}),
            answers_for(&peer, &first),
            &first["requestState"],
        ),
    )
    .await;
    let second = peer.expect_input_required(2).await;
    let methods: Vec<&str> = second["inputRequests"]
        .as_object()
        .expect("inputRequests")
        .values()
        .map(|r| r["method"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        methods,
        ["sampling/createMessage", "roots/list"],
        "{second}"
    );
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Sealed state

async fn first_round_of_deploy(peer: &mut Peer) -> (String, Value) {
    peer.modern_call_tool(1, "deploy", json!({})).await;
    let first = peer.expect_input_required(1).await;
    let (key, _, _) = only_request(&first);
    (key, first["requestState"].clone())
}

fn accept() -> Value {
    json!({"action": "accept", "content": {"confirm": true}})
}

#[tokio::test]
async fn tampered_truncated_foreign_and_misbound_state_is_rejected_before_the_handler() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    let (key, state) = first_round_of_deploy(&mut peer).await;
    let sealed = state.as_str().expect("a string state").to_owned();
    let mut flipped: Vec<char> = sealed.chars().collect();
    let at = sealed.len() / 2;
    flipped[at] = if flipped[at] == 'A' { 'B' } else { 'A' };
    let flipped: String = flipped.into_iter().collect();
    let cases: [(&str, Value, Value, &[&str]); 5] = [
        (
            "tampered",
            json!(flipped),
            json!({}),
            &["requestState", "modified"],
        ),
        (
            "truncated",
            json!(&sealed[..sealed.len() - 4]),
            json!({}),
            &["requestState"],
        ),
        (
            "garbage",
            json!("not-a-state"),
            json!({}),
            &["requestState", "not a state"],
        ),
        (
            "other arguments",
            json!(sealed),
            json!({"force": true}),
            &["requestState", "arguments"],
        ),
        (
            "not a string",
            json!(42),
            json!({}),
            &["requestState", "string"],
        ),
    ];
    for (n, (what, state, arguments, words)) in cases.into_iter().enumerate() {
        let id = json!(100 + n);
        let params = retry("deploy", arguments, json!({key.clone(): accept()}), &state);
        peer.modern_request(id.clone(), "tools/call", params).await;
        let message = peer
            .expect_error_naming(Some(id), INVALID_PARAMS, words)
            .await;
        assert!(!message.is_empty(), "{what}");
    }
    // Oversized: rejected before it is opened.
    let huge = "v1.".to_owned() + &"A".repeat(300 * 1024);
    peer.modern_request(
        150,
        "tools/call",
        retry("deploy", json!({}), json!({}), &json!(huge)),
    )
    .await;
    peer.expect_error_naming(Some(json!(150)), INVALID_PARAMS, &["requestState", "limit"])
        .await;
    // Replayed on another tool: rejected too.
    peer.modern_request(
        200,
        "tools/call",
        retry("summarize", json!({}), json!({}), &json!(sealed)),
    )
    .await;
    peer.expect_error_naming(Some(json!(200)), INVALID_PARAMS, &["requestState", "name"])
        .await;
    // The genuine state still completes the call.
    peer.modern_request(
        201,
        "tools/call",
        retry("deploy", json!({}), json!({key: accept()}), &json!(sealed)),
    )
    .await;
    assert_eq!(peer.expect_complete_text(201).await, "deployed");
    peer.finish().await;
}

#[tokio::test]
async fn expired_state_is_rejected() {
    let mut limits = Limits::default();
    limits.request_state_ttl = Duration::from_millis(50);
    let server = Server::builder(Demo::default()).limits(limits).build();
    let mut peer = modern_peer(&server);
    let (key, state) = first_round_of_deploy(&mut peer).await;
    tokio::time::sleep(Duration::from_millis(120)).await;
    peer.modern_request(
        2,
        "tools/call",
        retry("deploy", json!({}), json!({key: accept()}), &state),
    )
    .await;
    peer.expect_error_naming(Some(json!(2)), INVALID_PARAMS, &["requestState", "expired"])
        .await;
    peer.finish().await;
}

#[tokio::test]
async fn rounds_move_between_replicas_with_a_shared_key_and_rotate_with_a_grace_window() {
    let replica = |current: SealingKey, previous: Option<SealingKey>| {
        let mut builder = Server::builder(Demo::default()).sealing_key(current);
        if let Some(previous) = previous {
            builder = builder.previous_sealing_key(previous, Duration::from_secs(60));
        }
        builder.build()
    };
    let a = replica(key("k1", 1), None);
    let b = replica(key("k1", 1), None);
    let rotated = replica(key("k2", 2), Some(key("k1", 1)));
    let stranger = replica(key("k2", 2), None);
    let mut on_a = modern_peer(&a);
    let (ask, state) = first_round_of_deploy(&mut on_a).await;
    on_a.finish().await;
    for (server, ok) in [(&b, true), (&rotated, true), (&stranger, false)] {
        let mut peer = modern_peer(server);
        peer.modern_request(
            2,
            "tools/call",
            retry("deploy", json!({}), json!({&ask: accept()}), &state),
        )
        .await;
        if ok {
            assert_eq!(peer.expect_complete_text(2).await, "deployed");
        } else {
            peer.expect_error_naming(Some(json!(2)), INVALID_PARAMS, &["requestState", "k1"])
                .await;
        }
        peer.finish().await;
    }
}

#[tokio::test]
async fn state_is_bound_to_the_principal_the_hook_names() {
    let server = Server::builder(Demo::default())
        .principal(|cx| {
            let meta = cx.params()?.get("_meta")?;
            Some(meta.get("example.com/user")?.as_str()?.to_owned())
        })
        .build();
    let mut peer = modern_peer(&server);
    let call = |user: &str, extra: Value| {
        let mut params =
            json!({"name": "deploy", "arguments": {}, "_meta": {"example.com/user": user}});
        if let Value::Object(extra) = extra {
            for (k, v) in extra {
                params[k] = v;
            }
        }
        params
    };
    peer.modern_request(1, "tools/call", call("alice", json!({})))
        .await;
    let first = peer.expect_input_required(1).await;
    let (key, _, _) = only_request(&first);
    let answers =
        json!({"inputResponses": {&key: accept()}, "requestState": first["requestState"]});
    peer.modern_request(2, "tools/call", call("mallory", answers.clone()))
        .await;
    peer.expect_error_naming(Some(json!(2)), INVALID_PARAMS, &["principal"])
        .await;
    peer.modern_request(3, "tools/call", call("alice", answers))
        .await;
    assert_eq!(peer.expect_complete_text(3).await, "deployed");
    peer.finish().await;
}

#[tokio::test]
async fn rounds_are_capped() {
    let mut limits = Limits::default();
    limits.max_mrtr_rounds = 2;
    let server = Server::builder(Demo::default()).limits(limits).build();
    let mut peer = modern_peer(&server);
    let mut params = json!({"name": "onboard", "arguments": {}});
    for id in 1..=2 {
        peer.modern_request(id, "tools/call", params.clone()).await;
        let result = peer.expect_input_required(id).await;
        params = retry(
            "onboard",
            json!({}),
            answers_for(&peer, &result),
            &result["requestState"],
        );
    }
    peer.modern_request(3, "tools/call", params).await;
    peer.expect_error_naming(Some(json!(3)), INVALID_REQUEST, &["2 rounds", "limit"])
        .await;
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Answers

#[tokio::test]
async fn answers_are_checked_by_the_dispatcher_and_unasked_keys_are_ignored() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    let (key, state) = first_round_of_deploy(&mut peer).await;
    // A sampling answer under the elicitation's key.
    peer.modern_request(
        2,
        "tools/call",
        retry("deploy", json!({}), json!({&key: sampled()}), &state),
    )
    .await;
    peer.expect_error_naming(Some(json!(2)), INVALID_PARAMS, &[&key])
        .await;
    // A form answer that does not follow the form.
    let wrong = json!({"action": "accept", "content": {"confirm": "yes"}});
    peer.modern_request(
        3,
        "tools/call",
        retry("deploy", json!({}), json!({&key: wrong}), &state),
    )
    .await;
    peer.expect_error_naming(Some(json!(3)), INVALID_PARAMS, &[&key, "boolean"])
        .await;
    // Structurally invalid input responses.
    peer.modern_request(
        4,
        "tools/call",
        retry("deploy", json!({}), json!({&key: {"what": 1}}), &state),
    )
    .await;
    peer.expect_error_naming(Some(json!(4)), INVALID_PARAMS, &["inputResponses"])
        .await;
    // Unasked keys are ignored; a missing answer is asked again (a new round).
    peer.modern_request(
        5,
        "tools/call",
        retry("deploy", json!({}), json!({"unasked": accept()}), &state),
    )
    .await;
    let again = peer.expect_input_required(5).await;
    assert_eq!(only_request(&again).0, key, "the same ask, by the same key");
    // Decline reaches the handler as a plain answer.
    peer.modern_request(
        6,
        "tools/call",
        retry(
            "deploy",
            json!({}),
            json!({&key: {"action": "decline"}}),
            &state,
        ),
    )
    .await;
    assert_eq!(peer.expect_complete_text(6).await, "not deployed");
    peer.finish().await;
}

#[tokio::test]
async fn an_ask_whose_params_change_between_rounds_is_diagnosed_by_name() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.modern_call_tool(1, "changing", json!({})).await;
    let first = peer.expect_input_required(1).await;
    let (key, _, params) = only_request(&first);
    assert_eq!(params["message"], "Attempt 0: deploy?");
    peer.modern_request(
        2,
        "tools/call",
        retry(
            "changing",
            json!({}),
            json!({&key: accept()}),
            &first["requestState"],
        ),
    )
    .await;
    let message = peer
        .expect_error_naming(
            Some(json!(2)),
            INTERNAL_ERROR,
            &[&key, "changed between rounds"],
        )
        .await;
    assert!(message.contains("elicitation/create:"), "{message}");
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// The low-level path and URL elicitation

#[tokio::test]
async fn the_low_level_path_returns_its_own_input_required_result_and_reads_its_state() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.modern_call_tool(1, "wizard", json!({})).await;
    let first = peer.expect_input_required(1).await;
    let (key, method, _) = only_request(&first);
    assert_eq!((key.as_str(), method.as_str()), ("where", "roots/list"));
    let state = first["requestState"].as_str().expect("sealed");
    assert_ne!(state, "step-2", "the handler's own state travels sealed");
    peer.modern_request(
        2,
        "tools/call",
        retry(
            "wizard",
            json!({}),
            json!({"where": roots()}),
            &first["requestState"],
        ),
    )
    .await;
    assert_eq!(
        peer.expect_complete_text(2).await,
        "wizard done in round 2 with where"
    );
    // Without roots declared, the handler's own input request is refused: -32021.
    peer.set_modern_capabilities(json!({"elicitation": {}}));
    peer.modern_call_tool(3, "wizard", json!({})).await;
    let error = peer
        .expect_error(Some(json!(3)), MISSING_REQUIRED_CLIENT_CAPABILITY)
        .await;
    assert!(
        error["data"]["requiredCapabilities"]["roots"].is_object(),
        "{error}"
    );
    peer.finish().await;
}

#[tokio::test]
async fn url_elicitation_is_an_input_request_without_an_id_or_completion() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.modern_call_tool(1, "visit", json!({})).await;
    let first = peer.expect_input_required(1).await;
    let (key, method, params) = only_request(&first);
    assert_eq!(method, "elicitation/create");
    assert_eq!(params["mode"], "url");
    assert_eq!(params["url"], "https://example.com/sign-in");
    assert!(params.get("elicitationId").is_none(), "{params}");
    peer.modern_request(
        2,
        "tools/call",
        retry(
            "visit",
            json!({}),
            json!({key: {"action": "accept"}}),
            &first["requestState"],
        ),
    )
    .await;
    assert_eq!(
        peer.expect_complete_text(2).await,
        "visit accepted, completion handle: false"
    );
    peer.expect_nothing_for(QUIET).await;
    // Form mode only: url_elicitation() is MissingCapability, answered -32021.
    peer.set_modern_capabilities(json!({"elicitation": {}}));
    peer.modern_call_tool(3, "visit", json!({})).await;
    let error = peer
        .expect_error(Some(json!(3)), MISSING_REQUIRED_CLIENT_CAPABILITY)
        .await;
    assert!(
        error["data"]["requiredCapabilities"]["elicitation"]["url"].is_object(),
        "{error}"
    );
    peer.finish().await;
}

// ---------------------------------------------------------------------------------------------
// Prompts and resources

fn full_server() -> Server<Demo> {
    let capabilities = tether_mcp::types::ServerCapabilities {
        tools: Some(Default::default()),
        prompts: Some(Default::default()),
        resources: Some(Default::default()),
        ..Default::default()
    };
    Server::builder(Demo::default())
        .capabilities(capabilities)
        .build()
}

#[tokio::test]
async fn prompts_get_and_resources_read_take_rounds_too() {
    let server = full_server();
    let mut peer = modern_peer(&server);
    peer.modern_request(1, "prompts/get", json!({"name": "confirm_greeting"}))
        .await;
    let first = peer.expect_input_required(1).await;
    let (key, _, params) = only_request(&first);
    assert_eq!(params["message"], "Greet?");
    peer.modern_request(
        2,
        "prompts/get",
        json!({"name": "confirm_greeting", "inputResponses": {&key: accept()}, "requestState": first["requestState"]}),
    )
    .await;
    let prompt = peer.expect_complete(2).await;
    assert_eq!(prompt["messages"][0]["content"]["text"], "Hello!");
    // A prompt's state does not open a resource read.
    peer.modern_request(
        3,
        "resources/read",
        json!({"uri": "file:///demo/secret", "inputResponses": {&key: accept()}, "requestState": first["requestState"]}),
    )
    .await;
    peer.expect_error_naming(Some(json!(3)), INVALID_PARAMS, &["requestState"])
        .await;
    peer.modern_request(4, "resources/read", json!({"uri": "file:///demo/secret"}))
        .await;
    let first = peer.expect_input_required(4).await;
    let (key, _, _) = only_request(&first);
    peer.modern_request(
        5,
        "resources/read",
        json!({"uri": "file:///demo/secret", "inputResponses": {key: accept()}, "requestState": first["requestState"]}),
    )
    .await;
    let read = peer.expect_complete(5).await;
    assert_eq!(read["contents"][0]["text"], "42");
    assert!(
        read.get("ttlMs").is_some() && read.get("cacheScope").is_some(),
        "{read}"
    );
    peer.finish().await;
}

#[tokio::test]
async fn modern_prompt_and_resource_errors_use_the_2026_codes() {
    let server = full_server();
    let mut peer = modern_peer(&server);
    peer.modern_request(1, "resources/read", json!({"uri": "file:///demo/missing"}))
        .await;
    peer.expect_error_naming(Some(json!(1)), INVALID_PARAMS, &["file:///demo/missing"])
        .await;
    peer.set_modern_capabilities(json!({}));
    peer.modern_request(2, "prompts/get", json!({"name": "confirm_greeting"}))
        .await;
    let error = peer
        .expect_error(Some(json!(2)), MISSING_REQUIRED_CLIENT_CAPABILITY)
        .await;
    assert!(
        error["data"]["requiredCapabilities"]["elicitation"].is_object(),
        "{error}"
    );
    peer.finish().await;
}
