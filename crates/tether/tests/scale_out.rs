//! Scale-out without sticky sessions (2026-07-28): the rounds of one Multi Round-Trip call may
//! be served by different replicas, as a load balancer would spread them, as long as the
//! replicas share the key that seals `requestState`.
//!
//! Two in-process replicas, A and B, each a `Server` of the test demo handler on its own
//! 127.0.0.1 Streamable HTTP listener, and one 2026-07-28 client per replica. Round 1 of a call
//! goes to A, the retry (answers + the same `requestState`) to B:
//!
//! - the same key on both: B completes the call;
//! - another key on B (another id, or the same id with another secret): B rejects the retry
//!   with -32602 naming the `requestState` and the key problem; no result, no new prompt;
//! - B rotated (a new current key, A's key as its previous key): B accepts A's state, and the
//!   state B seals next uses B's current key, which A (without it) rejects;
//! - the four rounds of `onboard` alternating A, B, A, B all count.

mod support;

use std::net::SocketAddr;
use std::time::Duration;

use tether_mcp::client::{Client, ClientError};
use tether_mcp::transport::http::{self as mcp_http, HttpConfig};
use tether_mcp::transport::http_client::StreamableHttpClient;
use tether_mcp::types::{
    CallToolRequestParams, CallToolResult, CreateMessageResult, ElicitResult, ElicitValue,
    InputRequest, InputRequiredResult, InputResponse, InputResponses, ListRootsResult,
    MultiRoundResult, ProtocolVersion, Root,
};
use tether_mcp::{SealingKey, Server};
use tokio::task::JoinHandle;

use support::client_scenarios::{WAIT, text_of};
use support::demo::Demo;

/// A 32-byte secret filled with `fill`.
fn key(id: &str, fill: u8) -> SealingKey {
    SealingKey::new(id, &[fill; 32]).expect("a valid sealing key")
}

/// The demo handler as `Demo::served` builds it, but sealing with `current` (and opening with
/// `previous` too, when given).
fn replica(current: SealingKey, previous: Option<SealingKey>) -> Server<Demo> {
    use tether_mcp::types::{ListChangedCapability, ServerCapabilities};
    let (demo, _reports) = Demo::new();
    let mut builder = Server::builder(demo)
        .capabilities(ServerCapabilities {
            tools: Some(ListChangedCapability::default()),
            ..Default::default()
        })
        .sealing_key(current);
    if let Some(previous) = previous {
        builder = builder.previous_sealing_key(previous, Duration::from_secs(600));
    }
    builder.build()
}

/// A replica listening on 127.0.0.1, served until the test ends.
struct Replica {
    addr: SocketAddr,
    _server: Server<Demo>,
    _task: JoinHandle<std::io::Result<()>>,
}

async fn listen(server: Server<Demo>) -> Replica {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let service = server.streamable_http(HttpConfig::default());
    let task = tokio::spawn(mcp_http::serve(listener, service, std::future::pending()));
    Replica {
        addr,
        _server: server,
        _task: task,
    }
}

/// A 2026-07-28 client (no probe) of one replica, offering elicitation, sampling and roots (it
/// never answers through them here: the tests answer each round by hand).
async fn client_of(replica: &Replica) -> Client {
    let http = StreamableHttpClient::new(format!("http://{}/mcp", replica.addr));
    let connect = Client::builder()
        .name("scale-out", "0.0.1")
        .protocol_version(ProtocolVersion::V_2026_07_28)
        .on_elicitation(|_, _| async { Ok(ElicitResult::decline()) })
        .on_sampling(|_, _| async { Ok(CreateMessageResult::text("unused", "unused")) })
        .on_roots(|_| async { Ok(ListRootsResult::default()) })
        .connect(http);
    let client = tokio::time::timeout(WAIT, connect)
        .await
        .expect("connected in time")
        .expect("connected");
    assert!(client.is_modern(), "the client speaks 2026-07-28");
    client
}

/// One round of `tools/call` on `client`.
async fn round(
    client: &Client,
    params: CallToolRequestParams,
) -> Result<MultiRoundResult<CallToolResult>, ClientError> {
    tokio::time::timeout(WAIT, client.call_tool_once(params).into_future())
        .await
        .expect("the round finished in time")
}

/// The answers to every input request of `needed`: forms accepted (`confirm: true`, strings
/// `"scale"`), sampling `a summary`, one root `file:///scale`.
fn answer(needed: &InputRequiredResult) -> InputResponses {
    let asks = needed
        .input_requests
        .as_ref()
        .expect("an input_required result carries its input requests");
    assert!(!asks.is_empty(), "at least one input request: {needed:?}");
    asks.iter()
        .map(|(key, ask)| {
            let response = match ask {
                InputRequest::Elicit(request) => {
                    let value = serde_json::to_value(&request.params).expect("params");
                    let fields = value["requestedSchema"]["properties"]
                        .as_object()
                        .expect("a form elicitation")
                        .keys()
                        .map(|name| {
                            let value = if name == "confirm" {
                                ElicitValue::Boolean(true)
                            } else {
                                ElicitValue::String("scale".into())
                            };
                            (name.clone(), value)
                        })
                        .collect::<Vec<_>>();
                    InputResponse::Elicit(ElicitResult::accept(fields))
                }
                InputRequest::CreateMessage(_) => {
                    InputResponse::CreateMessage(CreateMessageResult::text("m", "a summary"))
                }
                InputRequest::ListRoots(_) => InputResponse::ListRoots(ListRootsResult {
                    roots: vec![Root {
                        uri: "file:///scale".into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                }),
                InputRequest::Unknown(other) => {
                    panic!("an input request of no known kind: {other:?}")
                }
            };
            (key.clone(), response)
        })
        .collect()
}

fn call(name: &str) -> CallToolRequestParams {
    CallToolRequestParams {
        name: name.into(),
        ..Default::default()
    }
}

/// The retry of `params` answering `needed`, with its `requestState` echoed.
fn retry(params: &CallToolRequestParams, needed: &InputRequiredResult) -> CallToolRequestParams {
    CallToolRequestParams {
        input_responses: Some(answer(needed)),
        request_state: needed.request_state.clone(),
        ..params.clone()
    }
}

/// Round 1 of `deploy` on `client`: the input required, with a sealed state whose key id is
/// `key_id`, asking exactly one elicitation.
async fn deploy_round_one(client: &Client, key_id: &str) -> InputRequiredResult {
    let first = round(client, call("deploy")).await.expect("round 1");
    let MultiRoundResult::InputRequired(needed) = first else {
        panic!("deploy asks for a confirmation first: {first:?}");
    };
    let state = needed.request_state.as_deref().expect("a requestState");
    assert!(
        state.starts_with(&format!("v1.{key_id}.")),
        "the state is sealed with key `{key_id}`: {state}"
    );
    let asks = needed.input_requests.as_ref().expect("input requests");
    assert_eq!(asks.len(), 1, "{asks:?}");
    assert!(
        matches!(asks.values().next(), Some(InputRequest::Elicit(_))),
        "{asks:?}"
    );
    needed
}

/// `outcome` is the rejection of a state sealed with a key the replica does not have:
/// -32602, naming the `requestState` and `problem`.
fn assert_rejected(outcome: Result<MultiRoundResult<CallToolResult>, ClientError>, problem: &str) {
    let error = match outcome {
        Err(ClientError::Server { error, .. }) => error,
        Err(other) => panic!("a JSON-RPC error from the replica, not {other}"),
        Ok(MultiRoundResult::Complete(result)) => {
            panic!("a foreign state must not complete the call: {result:?}")
        }
        Ok(MultiRoundResult::InputRequired(needed)) => {
            panic!("a foreign state must not start the call over with a new prompt: {needed:?}")
        }
    };
    assert_eq!(error.code, -32602, "{error:?}");
    assert!(
        error.message.contains("invalid requestState") && error.message.contains(problem),
        "the message names the state and `{problem}`: {}",
        error.message
    );
}

#[tokio::test]
async fn a_round_on_another_replica_with_the_shared_key_completes() {
    let a = listen(replica(key("shared", 1), None)).await;
    let b = listen(replica(key("shared", 1), None)).await;
    let (to_a, to_b) = (client_of(&a).await, client_of(&b).await);
    let needed = deploy_round_one(&to_a, "shared").await;
    let second = round(&to_b, retry(&call("deploy"), &needed))
        .await
        .expect("round 2 on B");
    match second {
        MultiRoundResult::Complete(result) => {
            assert_eq!(result.is_error, None, "{result:?}");
            assert_eq!(text_of(&result), "deployed");
        }
        other => panic!("B completes the call A began: {other:?}"),
    }
}

#[tokio::test]
async fn a_replica_with_another_key_rejects_the_state() {
    let a = listen(replica(key("shared", 1), None)).await;
    // Another key id: B does not hold the key the state names.
    let other_id = listen(replica(key("other", 2), None)).await;
    // The same key id with another secret: the tag does not verify.
    let other_secret = listen(replica(key("shared", 2), None)).await;
    let to_a = client_of(&a).await;
    let needed = deploy_round_one(&to_a, "shared").await;
    let retry = retry(&call("deploy"), &needed);

    let outcome = round(&client_of(&other_id).await, retry.clone()).await;
    assert_rejected(
        outcome,
        "sealed with key `shared`, which this server does not hold",
    );
    let outcome = round(&client_of(&other_secret).await, retry.clone()).await;
    assert_rejected(outcome, "integrity check failed");

    // The state itself is fine: A, which sealed it, still completes the call with it.
    match round(&to_a, retry).await.expect("round 2 on A") {
        MultiRoundResult::Complete(result) => assert_eq!(text_of(&result), "deployed"),
        other => panic!("A completes its own call: {other:?}"),
    }
}

#[tokio::test]
async fn a_rotated_replica_accepts_the_previous_key() {
    let a = listen(replica(key("k1", 1), None)).await;
    let b = listen(replica(key("k2", 2), Some(key("k1", 1)))).await;
    let (to_a, to_b) = (client_of(&a).await, client_of(&b).await);

    let needed = deploy_round_one(&to_a, "k1").await;
    match round(&to_b, retry(&call("deploy"), &needed))
        .await
        .expect("round 2 on B")
    {
        MultiRoundResult::Complete(result) => assert_eq!(text_of(&result), "deployed"),
        other => panic!("B opens a state of its previous key: {other:?}"),
    }

    // A round B serves is sealed with B's current key, which A (not rotated yet) lacks.
    let onboard = call("onboard");
    let first = match round(&to_a, onboard.clone()).await.expect("onboard 1 on A") {
        MultiRoundResult::InputRequired(needed) => needed,
        other => panic!("onboard asks for the project first: {other:?}"),
    };
    let second = match round(&to_b, retry(&onboard, &first))
        .await
        .expect("onboard 2 on B")
    {
        MultiRoundResult::InputRequired(needed) => needed,
        other => panic!("onboard asks for a summary next: {other:?}"),
    };
    let state = second.request_state.as_deref().expect("a requestState");
    assert!(state.starts_with("v1.k2."), "B seals with k2: {state}");
    let outcome = round(&to_a, retry(&onboard, &second)).await;
    assert_rejected(
        outcome,
        "sealed with key `k2`, which this server does not hold",
    );
}

#[tokio::test]
async fn every_round_of_a_call_may_land_on_another_replica() {
    let a = listen(replica(key("shared", 3), None)).await;
    let b = listen(replica(key("shared", 3), None)).await;
    let clients = [client_of(&a).await, client_of(&b).await];
    let onboard = call("onboard");
    let mut params = onboard.clone();
    let mut asked = Vec::new();
    for n in 0..8 {
        // Rounds 1 and 3 on A, 2 and 4 on B.
        match round(&clients[n % 2], params.clone())
            .await
            .unwrap_or_else(|e| panic!("round {} on {}: {e}", n + 1, ["A", "B"][n % 2]))
        {
            MultiRoundResult::InputRequired(needed) => {
                let methods = needed.input_requests.iter().flat_map(|asks| {
                    asks.values().map(|ask| match ask {
                        InputRequest::Elicit(_) => "elicitation/create",
                        InputRequest::CreateMessage(_) => "sampling/createMessage",
                        InputRequest::ListRoots(_) => "roots/list",
                        InputRequest::Unknown(_) => "unknown",
                    })
                });
                asked.extend(methods);
                params = retry(&onboard, &needed);
            }
            MultiRoundResult::Complete(result) => {
                assert_eq!(
                    asked,
                    ["elicitation/create", "sampling/createMessage", "roots/list"],
                    "one ask per round, in the handler's order"
                );
                assert_eq!(n, 3, "onboard completes in its fourth round");
                assert_eq!(
                    text_of(&result),
                    "onboarded scale: a summary; roots file:///scale"
                );
                return;
            }
        }
    }
    panic!("onboard never completed; it asked {asked:?}");
}
