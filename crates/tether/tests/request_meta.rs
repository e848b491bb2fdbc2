//! What a handler sees of a request's `_meta`, on stdio and Streamable HTTP: on 2026-07-28,
//! the request's own keys (the protocol keys — version, capabilities, identity, log level — are
//! read by the server and reach the handler through `InFlight`); on a legacy session, `_meta`
//! exactly as sent.

#[path = "support/http_exchange.rs"]
mod http_exchange;
#[path = "support/one_request.rs"]
mod one_request;
mod support;

use http::{Method, StatusCode};
use serde_json::{Value, json};
use tether_mcp::Server;

use http_exchange::{
    MODERN, call, initialize, legacy_headers, meta_report, modern_call, only_response, send, start,
};
use support::demo::Demo;
use support::modern_scenarios::modern_peer;

/// What the demo's `meta` tool reported of the call answered with `text`.
fn seen(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[tokio::test]
async fn a_modern_handler_sees_its_own_meta_keys_and_the_protocol_keys_through_in_flight() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    let own = json!({"progressToken": "p-1", "example.com/trace": {"span": 7}});
    let mut meta = own.clone();
    meta["io.modelcontextprotocol/logLevel"] = json!("warning");
    peer.modern_request(1, "tools/call", json!({"name": "meta", "_meta": meta}))
        .await;
    let report = seen(&peer.expect_complete_text(1).await);
    assert_eq!(report["meta"], own, "{report}");
    assert_eq!(report["client"], "scripted-peer");
    assert_eq!(report["version"], "2026-07-28");

    // A `_meta` of protocol keys only leaves the handler none.
    peer.modern_request(2, "tools/call", json!({"name": "meta"}))
        .await;
    let report = seen(&peer.expect_complete_text(2).await);
    assert_eq!(report["meta"], Value::Null, "{report}");
    assert_eq!(report["client"], "scripted-peer");
    peer.finish().await;
}

#[tokio::test]
async fn a_legacy_handler_sees_meta_as_it_was_sent_protocol_keys_included() {
    let server = Server::new(Demo::default());
    let mut peer = modern_peer(&server);
    peer.initialize("2025-11-25", json!({})).await;
    // Neither the version nor the capabilities: a legacy request, whatever else `_meta` says.
    let meta = json!({
        "progressToken": 3,
        "io.modelcontextprotocol/logLevel": "debug",
        "io.modelcontextprotocol/clientInfo": {"name": "in-meta", "version": "0"},
    });
    peer.request(
        1,
        "tools/call",
        Some(json!({"name": "meta", "_meta": meta.clone()})),
    )
    .await;
    let result = peer.expect_response(1).await;
    let report = seen(&peer.text_of(&result));
    assert_eq!(report["meta"], meta, "{report}");
    assert_eq!(report["client"], "scripted-peer", "the session's identity");
    assert_eq!(report["version"], "2025-11-25");
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_http_a_handler_sees_its_own_meta_or_meta_as_sent() {
    let running = start(Server::new(Demo::default())).await;
    let addr = running.addr;
    let own = json!({"progressToken": 9, "example.com/k": "v",
                     "io.modelcontextprotocol/logLevel": "info"});
    let exchange = modern_call(addr, 1, "meta", json!({}), json!({}), own.clone()).await;
    assert_eq!(exchange.status, StatusCode::OK);
    let report = meta_report(&only_response(exchange).await);
    assert_eq!(
        report,
        json!({"meta": {"progressToken": 9, "example.com/k": "v"}, "client": "http-test",
               "version": MODERN})
    );

    let session = initialize(addr, "2025-11-25", json!({})).await;
    let mut body = call(2, "meta");
    body["params"]["_meta"] = own.clone();
    let headers = legacy_headers(&session, "2025-11-25");
    let exchange = send(addr, Method::POST, &headers, Some(body)).await;
    let report = meta_report(&only_response(exchange).await);
    assert_eq!(
        report,
        json!({"meta": own, "client": "http-test", "version": "2025-11-25"})
    );
    running.stop().await;
}
