//! Our client against our server in memory, in both eras: the shared client scenarios
//! (negotiation, tools, nested requests and MRTR rounds answered by the client's handlers,
//! progress, timeouts, dropped calls, pagination, prompts and resources), and what needs the
//! server in this process or a hand-written one: subscriptions and listens, cancellation as
//! the handler sees it, the unassociated-request policy, negotiation fallbacks, the -32022
//! retry and the list cache.

mod support;

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};
use tether_mcp::client::{Client, ClientError, ClientEvent, EraCache, Origin};
use tether_mcp::types::{
    ElicitRequestFormParams, ElicitResult, ProtocolVersion, ServerNotification, SubscriptionFilter,
};
use tether_mcp::{Connection, Server};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, DuplexStream};

use support::client_scenarios::{
    self as scenarios, Era, Seen, WAIT, answering, client_scenario_tests, text_of,
};
use support::demo::{Demo, Reports};

struct Connected {
    client: Client,
    seen: Seen,
    reports: Reports,
    server: Server<Demo>,
    connection: Connection,
}

async fn connect_with(
    era: Era,
    adjust: impl FnOnce(tether_mcp::client::ClientBuilder) -> tether_mcp::client::ClientBuilder,
) -> Connected {
    let (demo, reports) = Demo::new();
    let server = demo.served();
    let (server_end, client_end) = tether_mcp::transport::memory::duplex(1 << 16);
    let connection = server.spawn(server_end);
    let seen = Seen::default();
    let client = tokio::time::timeout(WAIT, adjust(answering(&seen, era)).connect(client_end))
        .await
        .expect("connected in time")
        .expect("connected");
    Connected {
        client,
        seen,
        reports,
        server,
        connection,
    }
}

async fn connect(era: Era) -> Connected {
    connect_with(era, |b| b).await
}

client_scenario_tests! {
    confirming_prompt_and_resource: |client, seen, era| scenarios::confirming_prompt_and_resource(client, seen);
    logging: |client, seen, era| scenarios::logging(client);
}

#[tokio::test]
async fn modern_low_level_rounds() {
    let running = connect(Era::Modern).await;
    scenarios::low_level_rounds(&running.client).await;
}

#[tokio::test]
async fn modern_manual_rounds() {
    let running = connect(Era::Modern).await;
    scenarios::manual_rounds(&running.client).await;
}

#[tokio::test]
async fn shutdown_in_both_eras() {
    for era in [Era::Legacy, Era::Modern] {
        let running = connect(era).await;
        scenarios::shutdown(running.client).await;
    }
}

#[tokio::test]
async fn the_round_cap_stops_a_call_that_keeps_asking() {
    let running = connect_with(Era::Modern, |b| b.max_rounds(1)).await;
    let outcome = running.client.call_tool("deploy", ()).await;
    assert!(
        matches!(outcome, Err(ClientError::TooManyRounds { rounds: 1, .. })),
        "{outcome:?}"
    );
}

/// Dropping a call cancels the handler on the server, in both eras: the handler waiting for
/// `cancelled()` wakes and its later progress is refused.
#[tokio::test]
async fn a_dropped_call_cancels_the_handler() {
    for era in [Era::Legacy, Era::Modern] {
        let mut running = connect(era).await;
        scenarios::cancels_the_handler(&running.client, &mut running.reports, era).await;
    }
}

#[tokio::test]
async fn legacy_subscriptions_and_events() {
    let running = connect(Era::Legacy).await;
    let mut events = running.client.events();
    let mut subscription = running
        .client
        .subscribe("file:///demo/readme.md")
        .await
        .expect("subscribe");
    running
        .server
        .notifier()
        .resource_updated("file:///demo/other.md");
    running
        .server
        .notifier()
        .resource_updated("file:///demo/readme.md");
    let updated = tokio::time::timeout(WAIT, subscription.next())
        .await
        .expect("in time")
        .expect("an update");
    assert_eq!(updated.uri, "file:///demo/readme.md");
    running.server.notifier().tools_list_changed();
    loop {
        match tokio::time::timeout(WAIT, events.recv())
            .await
            .expect("in time")
            .expect("an event")
        {
            ClientEvent::Notification(n)
                if matches!(*n, ServerNotification::ToolListChanged(_)) =>
            {
                break;
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn modern_listen_streams() {
    let running = connect(Era::Modern).await;
    let filter = SubscriptionFilter {
        tools_list_changed: Some(true),
        ..Default::default()
    };
    let listen = running.client.listen(filter).await.expect("listen");
    assert_eq!(listen.acknowledged().tools_list_changed, Some(true));
    running.server.notifier().tools_list_changed();
    let mut stream = Box::pin(listen.into_stream());
    let next = tokio::time::timeout(WAIT, stream.next())
        .await
        .expect("in time");
    assert!(
        matches!(next, Some(ServerNotification::ToolListChanged(_))),
        "{next:?}"
    );
    running.server.shut_down();
    let end = tokio::time::timeout(WAIT, stream.next())
        .await
        .expect("the listen ends in time");
    assert!(end.is_none(), "{end:?}");
    assert!(
        running.client.subscribe("file:///x").await.is_err(),
        "no resources/subscribe on 2026-07-28"
    );
}

fn confirm_form() -> ElicitRequestFormParams {
    serde_json::from_value(json!({
        "message": "Unprompted?",
        "requestedSchema": {"type": "object", "properties": {"confirm": {"type": "boolean"}}}
    }))
    .unwrap()
}

/// Legacy: a server request with no call outstanding is served (with a warning) by default
/// and its origin says so; `strict_association` answers -32602 without running the handler.
#[tokio::test]
#[allow(deprecated)]
async fn unassociated_requests_on_legacy() {
    let running = connect(Era::Legacy).await;
    // A round trip: the server has read `notifications/initialized` before the request.
    running.client.ping().await.expect("ping");
    let session = running.connection.session();
    let answer = tokio::time::timeout(
        WAIT,
        session.dangerous().unassociated().elicit(confirm_form()),
    )
    .await
    .expect("in time")
    .expect("served");
    assert_eq!(answer.action, tether_mcp::types::ElicitAction::Accept);
    let seen = running.seen.take();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].1, Origin::Unassociated);

    let strict = connect_with(Era::Legacy, |b| b.strict_association(true)).await;
    strict.client.ping().await.expect("ping");
    let session = strict.connection.session();
    let refused = tokio::time::timeout(
        WAIT,
        session.dangerous().unassociated().elicit(confirm_form()),
    )
    .await
    .expect("in time");
    let error = refused.expect_err("refused");
    assert!(
        format!("{error:?}").contains("-32602") || format!("{error}").contains("SEP-2260"),
        "{error:?}"
    );
    assert!(
        strict.seen.take().is_empty(),
        "the strict client ran no handler"
    );
}

/// Legacy stdio carries no association: with two calls outstanding, an elicitation's origin is
/// any of them.
#[tokio::test]
async fn two_calls_outstanding_make_the_origin_any_of_them() {
    let running = connect(Era::Legacy).await;
    let client = &running.client;
    let slow = client.call_tool("slow", json!({"steps": 10})).into_future();
    let deploy = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        client.call_tool("deploy", ()).await
    };
    let (slow, deploy) = tokio::join!(slow, deploy);
    slow.expect("slow");
    assert_eq!(text_of(&deploy.expect("deploy")), "deployed");
    let seen = running.seen.take();
    match &seen[0].1 {
        Origin::AnyOf(calls) => {
            let names: Vec<_> = calls.iter().filter_map(|c| c.name.clone()).collect();
            assert_eq!(names, vec!["slow".to_owned(), "deploy".to_owned()]);
        }
        other => panic!("expected AnyOf: {other:?}"),
    }
}

/// A hand-written server over a duplex: it answers each request line with what `respond`
/// returns (nothing for `None`), and reports every line it read.
fn fake_server(
    mut respond: impl FnMut(&Value) -> Vec<Value> + Send + 'static,
) -> (DuplexStream, tokio::sync::mpsc::UnboundedReceiver<Value>) {
    let (server_end, client_end) = tokio::io::duplex(1 << 16);
    let (seen_tx, seen_rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let (read, mut write) = tokio::io::split(server_end);
        let mut lines = BufReader::new(read).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            let message: Value = serde_json::from_str(&line).expect("the client writes JSON");
            let replies = respond(&message);
            let _ = seen_tx.send(message);
            for reply in replies {
                if write
                    .write_all(format!("{reply}\n").as_bytes())
                    .await
                    .is_err()
                {
                    return;
                }
            }
        }
    });
    (client_end, seen_rx)
}

fn initialize_result(id: &Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "result": {
        "protocolVersion": "2025-11-25",
        "capabilities": {"tools": {"listChanged": true}},
        "serverInfo": {"name": "fake", "version": "1"}
    }})
}

/// A legacy server that answers `server/discover` with -32601: the client falls back to
/// `initialize`, whatever the error.
#[tokio::test]
async fn the_probe_falls_back_to_initialize_on_an_error() {
    let (end, mut seen) = fake_server(|m| match m["method"].as_str() {
        Some("server/discover") => vec![
            json!({"jsonrpc": "2.0", "id": m["id"], "error": {"code": -32601, "message": "no"}}),
        ],
        Some("initialize") => vec![initialize_result(&m["id"])],
        _ => vec![],
    });
    let client = Client::builder()
        .era_cache(EraCache::new())
        .connect(end)
        .await
        .expect("connected");
    assert_eq!(client.protocol_version(), ProtocolVersion::V_2025_11_25);
    let mut methods = Vec::new();
    for _ in 0..3 {
        let message = tokio::time::timeout(WAIT, seen.recv())
            .await
            .expect("in time")
            .expect("a message");
        methods.push(message["method"].as_str().unwrap_or_default().to_owned());
    }
    assert_eq!(
        methods,
        ["server/discover", "initialize", "notifications/initialized"]
    );
}

/// A server that never answers the probe: the client tries `initialize` after the probe
/// timeout; and the era is remembered for the next connection to the same server (by key).
#[tokio::test]
async fn the_probe_times_out_into_initialize() {
    let (end, _seen) = fake_server(|m| match m["method"].as_str() {
        Some("initialize") => vec![initialize_result(&m["id"])],
        _ => vec![],
    });
    let started = std::time::Instant::now();
    let client = Client::builder()
        .era_cache(EraCache::new())
        .probe_timeout(Duration::from_millis(200))
        .connect(end)
        .await
        .expect("connected");
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert!(!client.is_modern());
}

/// 2026-07-28 pinned: a -32022 naming a supported version earns one retry under a fresh id.
#[tokio::test]
async fn one_retry_after_an_unsupported_version() {
    let mut rejected = false;
    let (end, mut seen) = fake_server(move |m| {
        if m["method"] != "tools/list" {
            return vec![];
        }
        if !rejected {
            rejected = true;
            return vec![
                json!({"jsonrpc": "2.0", "id": m["id"], "error": {"code": -32022, "message": "Unsupported protocol version", "data": {"supported": ["2026-07-28"], "requested": "2026-07-28"}}}),
            ];
        }
        vec![
            json!({"jsonrpc": "2.0", "id": m["id"], "result": {"resultType": "complete", "tools": [], "ttlMs": 0, "cacheScope": "private"}}),
        ]
    });
    let client = Client::builder()
        .protocol_version(ProtocolVersion::V_2026_07_28)
        .connect(end)
        .await
        .expect("connected");
    let tools = client.list_tools(None).await.expect("retried");
    assert!(tools.tools.is_empty());
    let first = seen.recv().await.unwrap();
    let second = seen.recv().await.unwrap();
    assert_ne!(first["id"], second["id"], "a fresh id for the retry");
    assert_eq!(
        second["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"],
        "2026-07-28"
    );
    assert!(second["params"]["_meta"]["io.modelcontextprotocol/clientCapabilities"].is_object());
}

/// 2026-07-28 stdio: a server request gets no response at all; the client reports it.
#[tokio::test]
async fn a_modern_client_never_answers_a_server_request() {
    let (end, mut seen) = fake_server(|m| match m["method"].as_str() {
        Some("server/discover") => vec![
            json!({"jsonrpc": "2.0", "id": "s1", "method": "roots/list"}),
            json!({"jsonrpc": "2.0", "id": m["id"], "result": {
                "resultType": "complete", "supportedVersions": ["2026-07-28"], "capabilities": {},
                "ttlMs": 0, "cacheScope": "private",
                "_meta": {"io.modelcontextprotocol/serverInfo": {"name": "fake", "version": "1"}}}}),
        ],
        _ => vec![],
    });
    let client = Client::builder()
        .era_cache(EraCache::new())
        .connect(end)
        .await
        .expect("connected");
    assert!(client.is_modern());
    let mut events = client.events();
    let _ = seen.recv().await; // the probe
    let nothing = tokio::time::timeout(Duration::from_millis(300), seen.recv()).await;
    assert!(nothing.is_err(), "the client wrote {nothing:?}");
    drop(events.try_recv());
    let _ = client;
}

/// Lists are cached for the default lifetime when asked, until a list-changed notification.
#[tokio::test]
async fn the_list_cache_honours_list_changed() {
    let (end, mut seen) = fake_server(|m| match m["method"].as_str() {
        Some("initialize") => vec![initialize_result(&m["id"])],
        Some("tools/list") => vec![
            json!({"jsonrpc": "2.0", "id": m["id"], "result": {"tools": [{"name": "t", "inputSchema": {"type": "object"}}]}}),
        ],
        Some("ping") => vec![
            json!({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"}),
            json!({"jsonrpc": "2.0", "id": m["id"], "result": {}}),
        ],
        _ => vec![],
    });
    let client = Client::builder()
        .protocol_version(ProtocolVersion::V_2025_11_25)
        .cache_lists(Duration::from_secs(60))
        .connect(end)
        .await
        .expect("connected");
    let count = |seen: &mut tokio::sync::mpsc::UnboundedReceiver<Value>| {
        std::iter::from_fn(|| seen.try_recv().ok())
            .filter(|m| m["method"] == "tools/list")
            .count()
    };
    assert_eq!(client.list_all_tools().await.unwrap().len(), 1);
    assert_eq!(client.list_all_tools().await.unwrap().len(), 1);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(count(&mut seen), 1, "the second list came from the cache");
    client.ping().await.expect("ping");
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(client.list_all_tools().await.unwrap().len(), 1);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(count(&mut seen), 1, "list_changed emptied the cache");
}

#[allow(dead_code)]
fn unused(_: ElicitResult) {}

/// The client speaks every legacy revision when pinned: plain tools, sampling and roots
/// everywhere, elicitation from 2025-06-18 on.
#[tokio::test]
async fn every_legacy_revision() {
    for version in ProtocolVersion::LEGACY {
        let running = connect_with(Era::Legacy, |b| b.protocol_version(version.clone())).await;
        let client = &running.client;
        assert_eq!(client.protocol_version(), version);
        let sum = client
            .call_tool("add", json!({"a": 1, "b": 2}))
            .await
            .expect("add");
        assert_eq!(text_of(&sum), "3", "{version}");
        let summary = client
            .call_tool("summarize", json!({"text": "long"}))
            .await
            .expect("summarize");
        assert_eq!(text_of(&summary), "a summary", "{version}");
        let roots = client.call_tool("roots", ()).await.expect("roots");
        assert_eq!(text_of(&roots), "file:///work", "{version}");
        if version.has_elicitation() {
            let deployed = client.call_tool("deploy", ()).await.expect("deploy");
            assert_eq!(text_of(&deployed), "deployed", "{version}");
        }
    }
}

/// An elicitation handler that declares URL mode too and consents to every URL.
struct Consenting;

impl tether_mcp::client::ElicitationHandler for Consenting {
    fn capability(&self) -> Option<tether_mcp::types::ElicitationCapability> {
        Some(tether_mcp::types::ElicitationCapability {
            form: Some(Default::default()),
            url: Some(Default::default()),
            ..Default::default()
        })
    }

    async fn elicit(
        &self,
        params: tether_mcp::types::ElicitRequestParams,
        _: Origin,
    ) -> Result<ElicitResult, tether_mcp::types::ErrorObject> {
        match params {
            tether_mcp::types::ElicitRequestParams::Url(url) => {
                assert_eq!(url.url, "https://example.com/sign-in");
                Ok(ElicitResult::accept([]))
            }
            _ => Ok(ElicitResult::decline()),
        }
    }
}

/// URL-mode elicitation reaches a handler that declares it, in both eras (only legacy has a
/// completion notification to wait for).
#[tokio::test]
async fn url_elicitation_in_both_eras() {
    for (era, handle) in [(Era::Legacy, true), (Era::Modern, false)] {
        let running = connect_with(era, |b| b.elicitation(Consenting)).await;
        assert!(
            running
                .client
                .capabilities()
                .elicitation
                .as_ref()
                .is_some_and(|e| e.supports_url())
        );
        let visited = running.client.call_tool("visit", ()).await.expect("visit");
        assert_eq!(
            text_of(&visited),
            format!("visit accepted, completion handle: {handle}"),
            "{era:?}"
        );
    }
}

/// The 2025-11-25 experimental task methods have typed calls.
#[tokio::test]
async fn task_calls() {
    let (end, mut seen) = fake_server(|m| match m["method"].as_str() {
        Some("initialize") => vec![initialize_result(&m["id"])],
        Some("tasks/list") => {
            vec![json!({"jsonrpc": "2.0", "id": m["id"], "result": {"tasks": []}})]
        }
        Some("tasks/get") => vec![json!({"jsonrpc": "2.0", "id": m["id"], "result": {
            "taskId": m["params"]["taskId"], "status": "working",
            "createdAt": "2026-11-25T00:00:00Z", "lastUpdatedAt": "2026-11-25T00:00:01Z", "ttl": null}})],
        _ => vec![],
    });
    let client = Client::builder()
        .protocol_version(ProtocolVersion::V_2025_11_25)
        .connect(end)
        .await
        .expect("connected");
    let listed = client.list_tasks(None).await.expect("tasks/list");
    assert!(listed.tasks.is_empty());
    let params: tether_mcp::types::GetTaskRequestParams =
        serde_json::from_value(json!({"taskId": "t-1"})).unwrap();
    let task = client.get_task(params).await.expect("tasks/get");
    assert_eq!(task.task_id, "t-1");
    let methods: Vec<Value> = std::iter::from_fn(|| seen.try_recv().ok())
        .map(|m| m["method"].clone())
        .collect();
    assert!(methods.contains(&json!("tasks/get")), "{methods:?}");
}

/// The capabilities a client declares are exactly those it has handlers for: with elicitation
/// only, a tool that samples finds sampling missing and no handler runs.
#[tokio::test]
async fn capabilities_follow_the_handlers() {
    let seen = Seen::default();
    let recorder = seen.clone();
    let only_elicitation = Client::builder()
        .era_cache(EraCache::new())
        .protocol_version(ProtocolVersion::V_2025_11_25)
        .on_elicitation(move |_, origin| {
            recorder.clone().origins_push(origin);
            async { Ok(ElicitResult::decline()) }
        });
    let (demo, _reports) = Demo::new();
    let server = demo.served();
    let (server_end, client_end) = tether_mcp::transport::memory::duplex(1 << 16);
    let _connection = server.spawn(server_end);
    let client = only_elicitation
        .connect(client_end)
        .await
        .expect("connected");
    let declared = client.capabilities();
    assert!(declared.elicitation.is_some());
    assert!(
        declared.sampling.is_none() && declared.roots.is_none(),
        "{declared:?}"
    );
    let summary = client
        .call_tool("summarize", json!({"text": "x"}))
        .await
        .expect("a tool result");
    assert_eq!(summary.is_error, Some(true), "{summary:?}");
    assert!(seen.take().is_empty(), "no handler ran");
}

/// A client is a cheap, shareable handle and its calls can be spawned.
#[test]
fn clients_and_calls_are_send() {
    fn send_sync_clone<T: Send + Sync + Clone + 'static>() {}
    fn send<T: Send>(_: &T) {}
    send_sync_clone::<Client>();
    let _ = |client: Client| {
        let call = client.call_tool("add", ()).into_future();
        send(&call);
    };
}
