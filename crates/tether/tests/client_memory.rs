//! Our client against our server in memory, in both eras: negotiation, tools, nested requests
//! (legacy) and MRTR rounds (2026-07-28) answered by the client's handlers, progress,
//! cancellation, timeouts, pagination, prompts and resources, subscriptions and listens, and
//! the unassociated-request policy.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tether_mcp::client::{Client, ClientBuilder, EraCache, Origin};
use tether_mcp::types::{
    ContentBlock, CreateMessageResult, ElicitRequestParams, ElicitResult, ElicitValue,
    ListRootsResult, ProtocolVersion, Root,
};
use tether_mcp::{Connection, Server};

use support::demo::{Demo, Reports};

const WAIT: Duration = Duration::from_secs(10);

/// What the client's handlers saw.
#[derive(Clone, Default)]
struct Seen {
    origins: Arc<Mutex<Vec<(String, Origin)>>>,
}

impl Seen {
    fn push(&self, method: &str, origin: Origin) {
        self.origins.lock().unwrap().push((method.to_owned(), origin));
    }
    fn take(&self) -> Vec<(String, Origin)> {
        std::mem::take(&mut self.origins.lock().unwrap())
    }
}

/// A client answering every kind of server request: forms accepted with `confirm: true` and
/// `project: "tether"`, sampling with a fixed text, one root.
fn answering(seen: &Seen) -> ClientBuilder {
    let (e, s, r) = (seen.clone(), seen.clone(), seen.clone());
    Client::builder()
        .name("client-memory-test", "0.0.1")
        .era_cache(EraCache::new())
        .on_elicitation(move |params, origin| {
            e.push("elicitation/create", origin);
            async move {
                let ElicitRequestParams::Form(form) = params else {
                    return Ok(ElicitResult::decline());
                };
                let content = form.requested_schema.properties.keys().map(|name| {
                    let value = if name == "confirm" {
                        ElicitValue::Boolean(true)
                    } else {
                        ElicitValue::String("tether".into())
                    };
                    (name.clone(), value)
                });
                Ok(ElicitResult::accept(content))
            }
        })
        .on_sampling(move |_, origin| {
            s.push("sampling/createMessage", origin);
            async move {
                Ok(CreateMessageResult::text("test-model", "a summary"))
            }
        })
        .on_roots(move |origin| {
            r.push("roots/list", origin);
            async move {
                Ok(ListRootsResult {
                    roots: vec![Root { uri: "file:///work".into(), ..Default::default() }],
                    ..Default::default()
                })
            }
        })
}

struct Running {
    client: Client,
    _connection: Connection,
}

async fn connect(builder: ClientBuilder, demo: Demo) -> Running {
    let server = Server::new(demo);
    let (server_end, client_end) = tether_mcp::transport::memory::duplex(1 << 16);
    let connection = server.spawn(server_end);
    let client = tokio::time::timeout(WAIT, builder.connect(client_end))
        .await
        .expect("connected in time")
        .expect("connected");
    Running { client, _connection: connection }
}

fn text_of(result: &tether_mcp::types::CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| match c {
            ContentBlock::Text(t) => Some(t.text.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn legacy() -> ProtocolVersion {
    ProtocolVersion::V_2025_11_25
}

#[tokio::test]
async fn the_probe_finds_the_modern_era_and_a_pin_chooses_legacy() {
    let seen = Seen::default();
    let modern = connect(answering(&seen), Demo::default()).await;
    assert!(modern.client.is_modern(), "the probe settles on 2026-07-28");
    assert_eq!(modern.client.protocol_version(), ProtocolVersion::V_2026_07_28);
    assert!(modern.client.server_info().is_some(), "server/discover gave serverInfo");
    let old = connect(answering(&seen).protocol_version(legacy()), Demo::default()).await;
    assert!(!old.client.is_modern());
    assert_eq!(old.client.protocol_version(), legacy());
    assert!(old.client.server_capabilities().tools.is_some());
}

async fn tools_and_asks(version: Option<ProtocolVersion>) {
    let seen = Seen::default();
    let mut builder = answering(&seen);
    if let Some(v) = version {
        builder = builder.protocol_version(v);
    }
    let running = connect(builder, Demo::default()).await;
    let client = &running.client;
    let tools = client.list_all_tools().await.expect("tools/list");
    assert!(tools.iter().any(|t| t.name == "add"), "{tools:?}");
    let sum = client.call_tool("add", json!({"a": 2, "b": 3})).await.expect("add");
    assert_eq!(text_of(&sum), "5");
    let deployed = client.call_tool("deploy", ()).await.expect("deploy");
    assert_eq!(text_of(&deployed), "deployed");
    let origins = seen.take();
    assert_eq!(origins.len(), 1, "{origins:?}");
    match &origins[0] {
        (method, Origin::Call { method: call, name, .. }) => {
            assert_eq!(method, "elicitation/create");
            assert_eq!(call, "tools/call");
            assert_eq!(name.as_deref(), Some("deploy"));
        }
        other => panic!("the elicitation should serve the deploy call: {other:?}"),
    }
    let onboarded = client.call_tool("onboard", ()).await.expect("onboard");
    let text = text_of(&onboarded);
    assert!(text.contains("tether") && text.contains("a summary") && text.contains("file:///work"), "{text}");
    let methods: Vec<String> = seen.take().into_iter().map(|(m, _)| m).collect();
    assert!(methods.contains(&"sampling/createMessage".to_owned()) && methods.contains(&"roots/list".to_owned()), "{methods:?}");
}

#[tokio::test]
async fn tools_and_nested_requests_on_legacy() {
    tools_and_asks(Some(legacy())).await;
}

#[tokio::test]
async fn tools_and_mrtr_rounds_on_modern() {
    tools_and_asks(None).await;
}

#[allow(dead_code)]
fn unused(_: Reports) {}
