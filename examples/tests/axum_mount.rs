//! The Streamable HTTP service mounted in an axum router answers both eras at `/mcp`, beside an
//! ordinary route.

use axum::body::Body;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

async fn post(body: Value, headers: &[(&str, &str)]) -> (u16, Value, Option<String>) {
    let mut request = axum::http::Request::post("/mcp")
        .header("host", "localhost")
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Body::from(body.to_string())).expect("request");
    let response = tether_mcp_examples::axum_app::router()
        .oneshot(request)
        .await
        .expect("infallible");
    let status = response.status().as_u16();
    let session = response
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).expect("JSON"),
        session,
    )
}

#[tokio::test]
async fn the_mcp_endpoint_serves_both_eras_inside_an_axum_router() {
    let modern = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
        "name": "add", "arguments": {"a": 2, "b": 3},
        "_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                  "io.modelcontextprotocol/clientCapabilities": {}}}});
    let headers = [
        ("mcp-protocol-version", "2026-07-28"),
        ("mcp-method", "tools/call"),
        ("mcp-name", "add"),
    ];
    let (status, response, _) = post(modern, &headers).await;
    assert_eq!(status, 200);
    assert_eq!(response["result"]["content"][0]["text"], "5");
    assert_eq!(response["result"]["resultType"], "complete");
    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "axum-test", "version": "1"}}});
    let (status, response, session) = post(initialize, &[]).await;
    assert_eq!(status, 200);
    assert_eq!(response["result"]["protocolVersion"], "2025-11-25");
    assert!(session.is_some(), "a legacy session id");
    let health = axum::http::Request::get("/health")
        .body(Body::empty())
        .expect("request");
    let response = tether_mcp_examples::axum_app::router()
        .oneshot(health)
        .await
        .expect("infallible");
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    assert_eq!(&bytes[..], b"ok");
}
