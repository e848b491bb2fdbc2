//! Our client against our Streamable HTTP server on 127.0.0.1, in both eras: the shared client
//! scenarios, and what HTTP changes: a request on a POST's stream serves that POST's call even
//! with several calls outstanding; a request on the legacy standalone GET stream serves none
//! (served with a warning by default, refused by a strict client); cancellation by dropping
//! the call (2026-07-28: the stream closes).

mod support;

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::json;
use tether_mcp::Server;
use tether_mcp::client::{Client, Origin};
use tether_mcp::transport::http::{self as mcp_http, HttpConfig};
use tether_mcp::transport::http_client::StreamableHttpClient;
use tokio::task::JoinHandle;

use support::client_scenarios::{
    self as scenarios, Era, Seen, WAIT, answering, client_scenario_tests, text_of,
};
use support::demo::{Demo, Reports};

struct Connected {
    client: Client,
    seen: Seen,
    reports: Reports,
    server: Server<Demo>,
    _task: JoinHandle<std::io::Result<()>>,
}

async fn serve() -> (
    Server<Demo>,
    Reports,
    SocketAddr,
    JoinHandle<std::io::Result<()>>,
) {
    let (demo, reports) = Demo::new();
    let server = demo.served();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let service = server.streamable_http(HttpConfig::default());
    let task = tokio::spawn(mcp_http::serve(listener, service, std::future::pending()));
    (server, reports, addr, task)
}

async fn connect_with(
    era: Era,
    adjust: impl FnOnce(tether_mcp::client::ClientBuilder) -> tether_mcp::client::ClientBuilder,
) -> Connected {
    let (server, reports, addr, task) = serve().await;
    let seen = Seen::default();
    let http = StreamableHttpClient::new(format!("http://{addr}/mcp"));
    let client = tokio::time::timeout(WAIT, adjust(answering(&seen, era)).connect(http))
        .await
        .expect("connected in time")
        .expect("connected");
    Connected {
        client,
        seen,
        reports,
        server,
        _task: task,
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
async fn modern_rounds_over_http() {
    let running = connect(Era::Modern).await;
    scenarios::low_level_rounds(&running.client).await;
    scenarios::manual_rounds(&running.client).await;
}

#[tokio::test]
async fn shutdown_over_http() {
    for era in [Era::Legacy, Era::Modern] {
        let running = connect(era).await;
        scenarios::shutdown(running.client).await;
    }
}

/// On legacy HTTP each POST carries its own stream: with two calls outstanding, the
/// elicitation still names the one call it serves.
#[tokio::test]
async fn a_post_stream_names_its_call() {
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
    assert!(
        matches!(&seen[0].1, Origin::Call { name, .. } if name.as_deref() == Some("deploy")),
        "{seen:?}"
    );
}

/// Dropping a call cancels its handler in both eras (legacy: `notifications/cancelled`;
/// 2026-07-28: the response stream closes).
#[tokio::test]
async fn a_dropped_call_cancels_the_handler_over_http() {
    for era in [Era::Legacy, Era::Modern] {
        let mut running = connect(era).await;
        scenarios::cancels_the_handler(&running.client, &mut running.reports, era).await;
    }
}

/// Legacy notifications reach the client on the standalone GET stream.
#[tokio::test]
async fn legacy_notifications_arrive_on_the_get_stream() {
    let running = connect(Era::Legacy).await;
    let mut subscription = running
        .client
        .subscribe("file:///demo/readme.md")
        .await
        .expect("subscribe");
    // Give the GET stream a moment to open, then notify until the update arrives.
    let mut update = None;
    for _ in 0..50 {
        running
            .server
            .notifier()
            .resource_updated("file:///demo/readme.md");
        if let Ok(got) = tokio::time::timeout(Duration::from_millis(100), subscription.next()).await
        {
            update = got;
            break;
        }
    }
    assert_eq!(
        update.expect("an update on the GET stream").uri,
        "file:///demo/readme.md"
    );
}
