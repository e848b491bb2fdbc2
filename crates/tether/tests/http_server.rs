//! The Streamable HTTP server over real loopback TCP, with hyper's client: both eras on one
//! endpoint, the statuses the specification gives errors, JSON versus SSE, and what a client
//! disconnect means in each era (2026-07-28: cancellation; legacy: not a cancellation, but a
//! nested request on the gone stream fails with `StreamClosed` and is never re-routed).

#[path = "support/http_exchange.rs"]
mod http_exchange;
#[path = "support/one_request.rs"]
mod one_request;
mod support;

use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use serde_json::{Value, json};
use tether_mcp::transport::http::{self as mcp_http, HttpConfig};
use tether_mcp::{RequestError, Server};

use http_exchange::{
    MODERN, WAIT, call, initialize, legacy_headers, meta, modern_call, modern_headers, send, start,
    valid,
};
use support::demo::{Demo, Reports};

/// Extra headers, the body, and the status a guard must answer with.
type GuardCase<'a> = (Vec<(&'a str, &'a str)>, Option<Value>, StatusCode);

/// Headers, params, the status and the JSON-RPC code they must get.
type ErrorCase<'a> = (Vec<(&'a str, &'a str)>, Value, StatusCode, i64);

// ---------------------------------------------------------------------------------------------
// 2026-07-28

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modern_requests_get_json_or_sse_and_the_statuses_the_spec_gives_errors() {
    let running = start(Server::new(Demo::default())).await;
    let addr = running.addr;
    // A plain call: JSON.
    let add = modern_call(
        addr,
        1,
        "add",
        json!({"a": 2, "b": 3}),
        json!({}),
        json!({}),
    )
    .await;
    assert_eq!(
        (add.status, add.content_type()),
        (StatusCode::OK, "application/json")
    );
    let response = add.json().await;
    valid(MODERN, "JSONRPCResultResponse", &response);
    valid(MODERN, "CallToolResult", &response["result"]);
    assert_eq!(response["result"]["content"][0]["text"], "5");
    // Progress first: SSE, the response last.
    let mut slow = modern_call(
        addr,
        2,
        "slow",
        json!({"steps": 2}),
        json!({}),
        json!({"progressToken": "p"}),
    )
    .await;
    assert_eq!(slow.content_type(), "text/event-stream");
    let first = slow.event().await.expect("progress");
    valid(MODERN, "ProgressNotification", &first);
    let mut last = first;
    while let Some(event) = slow.event().await {
        last = event;
    }
    assert_eq!(last["id"], 2, "the stream ends with the response: {last}");
    valid(MODERN, "CallToolResult", &last["result"]);
    // An eliciting tool: an InputRequiredResult, never a request on the stream.
    let deploy = modern_call(
        addr,
        3,
        "deploy",
        json!({}),
        json!({"elicitation": {}}),
        json!({}),
    )
    .await;
    let response = deploy.json().await;
    valid(MODERN, "InputRequiredResult", &response["result"]);
    // Errors and their statuses, each echoing the id.
    let cases: [ErrorCase<'_>; 6] = [
        (
            modern_headers("tools/list", None),
            json!({"_meta": {"io.modelcontextprotocol/protocolVersion": MODERN}}),
            StatusCode::BAD_REQUEST,
            -32602,
        ),
        (
            modern_headers("tools/list", None),
            json!({"_meta": meta(json!({}))["io.modelcontextprotocol/clientCapabilities"].clone()}),
            StatusCode::BAD_REQUEST,
            -32602,
        ),
        (
            vec![
                ("mcp-protocol-version", "2025-11-25"),
                ("mcp-method", "tools/list"),
            ],
            json!({"_meta": meta(json!({}))}),
            StatusCode::BAD_REQUEST,
            -32020,
        ),
        (
            modern_headers("tools/lisT", None),
            json!({"_meta": meta(json!({}))}),
            StatusCode::BAD_REQUEST,
            -32020,
        ),
        (
            modern_headers("ping", None),
            json!({"_meta": meta(json!({}))}),
            StatusCode::NOT_FOUND,
            -32601,
        ),
        (
            modern_headers("tools/frobnicate", None),
            json!({"_meta": meta(json!({}))}),
            StatusCode::NOT_FOUND,
            -32601,
        ),
    ];
    for (n, (headers, params, status, code)) in cases.into_iter().enumerate() {
        let id = 100 + n as i64;
        let method = headers
            .iter()
            .find(|h| h.0 == "mcp-method")
            .map(|h| h.1)
            .unwrap_or("tools/list");
        let method = if method == "tools/lisT" {
            "tools/list"
        } else {
            method
        };
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        let exchange = send(addr, Method::POST, &headers, Some(body)).await;
        assert_eq!(exchange.status, status, "case {n}");
        let error = exchange.json().await;
        assert_eq!(
            (error["id"].clone(), error["error"]["code"].clone()),
            (json!(id), json!(code)),
            "case {n}: {error}"
        );
    }
    let missing = modern_call(addr, 200, "deploy", json!({}), json!({}), json!({})).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.json().await["error"]["code"], -32021);
    // Unparsable JSON, GET/DELETE on the modern wire, a foreign Host.
    let stream = send(
        addr,
        Method::POST,
        &modern_headers("tools/list", None),
        None,
    )
    .await;
    assert_eq!(stream.status, StatusCode::BAD_REQUEST);
    assert_eq!(stream.json().await["error"]["code"], -32700);
    for method in [Method::GET, Method::DELETE] {
        let exchange = send(addr, method, &modern_headers("x", None), None).await;
        assert_eq!(exchange.status, StatusCode::METHOD_NOT_ALLOWED);
    }
    let foreign = send(
        addr,
        Method::POST,
        &[("host", "evil.example"), ("origin", "http://evil.example")],
        Some(json!({})),
    )
    .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_modern_client_disconnect_cancels_the_handler_before_any_byte_and_mid_stream() {
    let (demo, mut reports) = Demo::new();
    let running = start(Server::new(demo)).await;
    // Before any byte: the handler waits for cancellation; the client goes away.
    let waiting = tokio::spawn(modern_call(
        running.addr,
        1,
        "after_cancel",
        json!({}),
        json!({"elicitation": {}}),
        json!({}),
    ));
    tokio::time::sleep(Duration::from_millis(200)).await;
    waiting.abort();
    let report = reports.next().await;
    assert_eq!(
        report.ask,
        Err(RequestError::Cancelled),
        "cancelled: nothing more is asked"
    );
    // Mid-stream: progress arrived, then the client goes away.
    let mut streaming = modern_call(
        running.addr,
        2,
        "progress_then_wait",
        json!({}),
        json!({}),
        json!({"progressToken": 9}),
    )
    .await;
    assert_eq!(
        streaming.event().await.expect("progress")["method"],
        "notifications/progress"
    );
    drop(streaming);
    let report = reports.next().await;
    assert_eq!(report.progress, Err(RequestError::Cancelled));
    running.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Legacy sessions

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_legacy_nested_request_goes_on_its_post_stream_and_notifications_on_the_get_stream() {
    let server = Server::builder(Demo::default())
        .capabilities(tether_mcp::types::ServerCapabilities {
            tools: Some(tether_mcp::types::ListChangedCapability {
                list_changed: Some(true),
                ..Default::default()
            }),
            ..Default::default()
        })
        .build();
    let notifier = server.notifier();
    let running = start(server).await;
    let addr = running.addr;
    let v = "2025-11-25";
    let session = initialize(addr, v, json!({"elicitation": {}})).await;
    let headers = legacy_headers(&session, v);
    let mut get = send(addr, Method::GET, &headers, None).await;
    assert_eq!(
        (get.status, get.content_type()),
        (StatusCode::OK, "text/event-stream")
    );
    // The call's stream turns into SSE at the nested request.
    let mut post = send(addr, Method::POST, &headers, Some(call(1, "deploy"))).await;
    assert_eq!(post.content_type(), "text/event-stream");
    let nested = post.event().await.expect("the nested request");
    valid(v, "ElicitRequest", &nested);
    let answer = json!({"jsonrpc": "2.0", "id": nested["id"], "result": {"action": "accept", "content": {"confirm": true}}});
    let accepted = send(addr, Method::POST, &headers, Some(answer)).await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED);
    let response = post.event().await.expect("the response");
    assert_eq!(response["result"]["content"][0]["text"], "deployed");
    assert!(
        post.event().await.is_none(),
        "the stream ends after the response"
    );
    // Session-wide notifications go on the GET stream.
    notifier.tools_list_changed();
    let changed = get.event().await.expect("list changed");
    assert_eq!(changed["method"], "notifications/tools/list_changed");
    // A second GET stream is refused while one is open.
    assert_eq!(
        send(addr, Method::GET, &headers, None).await.status,
        StatusCode::CONFLICT
    );
    // DELETE ends the session; then it is unknown.
    assert_eq!(
        send(addr, Method::DELETE, &headers, None).await.status,
        StatusCode::OK
    );
    assert!(
        get.event().await.is_none(),
        "the GET stream ends with the session"
    );
    let after = send(addr, Method::POST, &headers, Some(call(2, "add"))).await;
    assert_eq!(after.status, StatusCode::NOT_FOUND);
    let unknown = send(
        addr,
        Method::POST,
        &legacy_headers("nope", v),
        Some(call(3, "add")),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_legacy_disconnect_is_not_a_cancellation_and_the_pending_ask_fails_with_stream_closed() {
    let (demo, mut reports): (Demo, Reports) = Demo::new();
    let running = start(Server::new(demo)).await;
    let addr = running.addr;
    let v = "2025-06-18";
    let session = initialize(addr, v, json!({"elicitation": {}})).await;
    let headers = legacy_headers(&session, v);
    let mut get = send(addr, Method::GET, &headers, None).await;
    let mut post = send(
        addr,
        Method::POST,
        &headers,
        Some(call(1, "ask_and_report")),
    )
    .await;
    let nested = post.event().await.expect("the nested request");
    assert_eq!(nested["method"], "elicitation/create");
    drop(post); // the client goes away mid-call
    let report = reports.next().await;
    assert_eq!(
        report.ask,
        Err(RequestError::StreamClosed),
        "the ask fails; the handler was not cancelled"
    );
    // Nothing went to the GET stream: neither the ask nor a withdrawal.
    let quiet = tokio::time::timeout(Duration::from_millis(300), get.event()).await;
    assert!(quiet.is_err(), "the GET stream stayed silent: {quiet:?}");
    // The session goes on.
    let add = send(
        addr,
        Method::POST,
        &headers,
        Some(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
        "params": {"name": "add", "arguments": {"a": 1, "b": 1}}})),
    )
    .await;
    assert_eq!(add.json().await["result"]["content"][0]["text"], "2");
    drop(get);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_are_served_on_2025_03_26_only() {
    let running = start(Server::new(Demo::default())).await;
    let addr = running.addr;
    let session = initialize(addr, "2025-03-26", json!({})).await;
    let headers = legacy_headers(&session, "2025-03-26");
    let batch = json!([call(1, "add"), {"jsonrpc": "2.0", "method": "notifications/unknown"}, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}]);
    let mut exchange = send(addr, Method::POST, &headers, Some(batch.clone())).await;
    let mut ids = Vec::new();
    while let Some(event) = exchange.event().await {
        ids.push(event["id"].clone());
    }
    ids.sort_by_key(|id| id.as_i64());
    assert_eq!(ids, [json!(1), json!(2)]);
    let newer = initialize(addr, "2025-11-25", json!({})).await;
    let refused = send(
        addr,
        Method::POST,
        &legacy_headers(&newer, "2025-11-25"),
        Some(batch),
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_2025_11_25_stream_cut_mid_call_resumes_with_last_event_id_and_the_handler_runs_once() {
    let (demo, _reports) = Demo::new();
    let runs = demo.guarded_runs();
    let running = start(Server::new(demo)).await;
    let addr = running.addr;
    let v = "2025-11-25";
    let session = initialize(addr, v, json!({"elicitation": {}})).await;
    let headers = legacy_headers(&session, v);
    let mut post = send(addr, Method::POST, &headers, Some(call(1, "guarded"))).await;
    let (first_id, nested) = post.event_with_id().await.expect("the nested request");
    assert_eq!(nested["method"], "elicitation/create");
    let first_id = first_id.expect("2025-11-25 events carry ids");
    let (stream, n) = first_id.rsplit_once('-').expect("<stream>-<n>");
    assert_eq!(n, "1", "the priming event was 0");
    drop(post); // cut mid-call
    tokio::time::sleep(Duration::from_millis(100)).await;
    // Resume after the priming event: the nested request again, then the rest.
    let primed = format!("{stream}-0");
    let mut resumed = send(
        addr,
        Method::GET,
        &[
            ("mcp-session-id", &session),
            ("mcp-protocol-version", v),
            ("last-event-id", &primed),
        ],
        None,
    )
    .await;
    assert_eq!(resumed.status, StatusCode::OK);
    let (id, again) = resumed
        .event_with_id()
        .await
        .expect("the nested request again");
    assert_eq!(
        (id.as_deref(), again["id"].clone()),
        (Some(first_id.as_str()), nested["id"].clone())
    );
    let answer = json!({"jsonrpc": "2.0", "id": nested["id"], "result": {"action": "accept", "content": {"confirm": true}}});
    assert_eq!(
        send(addr, Method::POST, &headers, Some(answer))
            .await
            .status,
        StatusCode::ACCEPTED
    );
    let (_, response) = resumed
        .event_with_id()
        .await
        .expect("the response on the resumed stream");
    assert_eq!(response["id"], 1);
    assert_eq!(response["result"]["content"][0]["text"], "guarded yes");
    assert!(
        resumed.event().await.is_none(),
        "the resumed stream ends after the response"
    );
    assert_eq!(
        runs.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "the handler ran once"
    );
    running.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Guards, limits, keep-alive, shutdown

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guards_answer_with_their_status_and_a_json_rpc_error_body() {
    let mut limits = tether_mcp::Limits::default();
    limits.max_message_bytes = 1024;
    let running = start(Server::builder(Demo::default()).limits(limits).build()).await;
    let addr = running.addr;
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": meta(json!({}))}});
    let cases: [GuardCase<'_>; 5] = [
        (
            vec![("accept", "application/json")],
            Some(body.clone()),
            StatusCode::NOT_ACCEPTABLE,
        ),
        (
            vec![("content-type", "text/plain")],
            Some(body.clone()),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            vec![("origin", "https://evil.example")],
            Some(body.clone()),
            StatusCode::FORBIDDEN,
        ),
        (
            vec![],
            Some(json!({"big": "x".repeat(2048)})),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            vec![],
            Some(json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (n, (mut headers, body, status)) in cases.into_iter().enumerate() {
        headers.extend(modern_headers("tools/list", None));
        let exchange = send(addr, Method::POST, &headers, body).await;
        assert_eq!(exchange.status, status, "case {n}");
        let error = exchange.json().await;
        assert!(
            error["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "case {n}: {error}"
        );
    }
    // Localhost origins are fine.
    let mut headers = modern_headers("tools/list", None);
    headers.push(("origin", "http://localhost:5173"));
    let ok = send(addr, Method::POST, &headers, Some(body)).await;
    assert_eq!(ok.status, StatusCode::OK);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_streams_get_keep_alive_comments() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = Server::new(Demo::default());
    let service =
        server.streamable_http(HttpConfig::default().keep_alive(Duration::from_millis(100)));
    let serving = tokio::spawn(mcp_http::serve(listener, service, std::future::pending()));
    let v = "2025-11-25";
    let session = initialize(addr, v, json!({})).await;
    let mut get = send(addr, Method::GET, &legacy_headers(&session, v), None).await;
    let body = get.body.as_mut().expect("the body");
    let frame = tokio::time::timeout(WAIT, body.frame())
        .await
        .expect("a frame")
        .expect("data")
        .expect("ok");
    let text = String::from_utf8_lossy(frame.data_ref().expect("data")).into_owned();
    assert_eq!(text, ": keep-alive\n\n");
    serving.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_lets_a_request_in_flight_finish() {
    let running = start(Server::new(Demo::default())).await;
    let call = tokio::spawn(modern_call(
        running.addr,
        1,
        "slow",
        json!({"steps": 6}),
        json!({}),
        json!({}),
    ));
    tokio::time::sleep(Duration::from_millis(100)).await;
    running.stop().await;
    let exchange = call.await.expect("the call task");
    let response = exchange.json().await;
    assert_eq!(response["result"]["content"][0]["text"], "counted to 6");
}

/// What an authentication layer in front of the service records.
#[derive(Clone)]
struct Authenticated(String);

/// Calls the service directly, as a tower layer would, with `user` in the extensions.
async fn call_as(
    service: &mut tether_mcp::transport::http::StreamableHttp<Demo>,
    user: &str,
    body: Value,
    name: &str,
) -> Value {
    use tower_service::Service as _;
    let mut request = Request::builder()
        .method(Method::POST)
        .uri("http://localhost/mcp")
        .header("host", "localhost")
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json");
    for (header, value) in modern_headers("tools/call", Some(name)) {
        request = request.header(header, value);
    }
    let mut request = request
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("request");
    request
        .extensions_mut()
        .insert(Authenticated(user.to_owned()));
    let response = service.call(request).await.expect("infallible");
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    serde_json::from_slice(&bytes).expect("JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_principal_hook_reads_what_an_auth_layer_put_in_the_request_extensions() {
    let server = Server::builder(Demo::default())
        .principal(|cx| cx.extensions()?.get::<Authenticated>().map(|a| a.0.clone()))
        .build();
    let mut service = server.streamable_http(HttpConfig::default());
    let caps = json!({"elicitation": {}});
    let first = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                       "params": {"name": "deploy", "arguments": {}, "_meta": meta(caps.clone())}});
    let round = call_as(&mut service, "alice", first, "deploy").await;
    let result = &round["result"];
    let key = result["inputRequests"]
        .as_object()
        .and_then(|r| r.keys().next().cloned())
        .expect("a key");
    let retry = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
        "name": "deploy", "arguments": {}, "_meta": meta(caps),
        "inputResponses": {key: {"action": "accept", "content": {"confirm": true}}},
        "requestState": result["requestState"]}});
    let stolen = call_as(&mut service, "mallory", retry.clone(), "deploy").await;
    assert_eq!(stolen["error"]["code"], -32602);
    assert!(
        stolen["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("principal")),
        "{stolen}"
    );
    let done = call_as(&mut service, "alice", retry, "deploy").await;
    assert_eq!(done["result"]["content"][0]["text"], "deployed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_request_bound_and_its_queue_a_modern_request_is_refused_with_503() {
    let mut limits = tether_mcp::Limits::default();
    limits.max_concurrent_requests = 1;
    limits.max_queued_requests = 0;
    let running = start(Server::builder(Demo::default()).limits(limits).build()).await;
    let addr = running.addr;
    let busy = tokio::spawn(modern_call(
        addr,
        1,
        "slow",
        json!({"steps": 10}),
        json!({}),
        json!({}),
    ));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let refused = modern_call(
        addr,
        2,
        "add",
        json!({"a": 1, "b": 1}),
        json!({}),
        json!({}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    let error = refused.json().await;
    assert_eq!(error["id"], 2);
    assert!(
        error["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("busy"))
    );
    // Notifications never take a slot.
    let notification =
        json!({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 9}});
    let accepted = send(
        addr,
        Method::POST,
        &modern_headers("notifications/cancelled", None),
        Some(notification),
    )
    .await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED);
    assert_eq!(
        busy.await.expect("the busy call").json().await["result"]["content"][0]["text"],
        "counted to 10"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_legacy_session_expires() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = Server::new(Demo::default());
    let config = HttpConfig::default().session_idle_timeout(Duration::from_millis(100));
    let serving = tokio::spawn(mcp_http::serve(
        listener,
        server.streamable_http(config),
        std::future::pending(),
    ));
    let v = "2025-11-25";
    let old = initialize(addr, v, json!({})).await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    let _new = initialize(addr, v, json!({})).await; // sessions are swept as new ones open
    let expired = send(
        addr,
        Method::POST,
        &legacy_headers(&old, v),
        Some(call(1, "add")),
    )
    .await;
    assert_eq!(expired.status, StatusCode::NOT_FOUND);
    // Without a new session to sweep it, an idle session still expires on its next use.
    let idle = initialize(addr, v, json!({})).await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    let expired = send(
        addr,
        Method::POST,
        &legacy_headers(&idle, v),
        Some(call(2, "add")),
    )
    .await;
    assert_eq!(expired.status, StatusCode::NOT_FOUND);
    // A session whose client holds its GET stream open is in use, however long it is quiet.
    let listening = initialize(addr, v, json!({})).await;
    let stream = send(addr, Method::GET, &legacy_headers(&listening, v), None).await;
    assert_eq!(stream.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(250)).await;
    let _another = initialize(addr, v, json!({})).await;
    let alive = send(
        addr,
        Method::POST,
        &legacy_headers(&listening, v),
        Some(call(3, "add")),
    )
    .await;
    assert_eq!(alive.status, StatusCode::OK);
    drop(stream);
    serving.abort();
}

// ---------------------------------------------------------------------------------------------
// 2024-11-05 HTTP+SSE (feature `http-sse`)

/// Reads SSE events (name, data) from a streaming body.
struct Events {
    body: tether_mcp::transport::http::HttpBody,
    buffer: String,
}

impl Events {
    async fn next(&mut self) -> (String, String) {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                let name = event
                    .lines()
                    .find_map(|l| l.strip_prefix("event: "))
                    .unwrap_or("message");
                if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                    return (name.to_owned(), data.to_owned());
                }
                continue;
            }
            let frame = tokio::time::timeout(WAIT, self.body.frame())
                .await
                .expect("an event in time")
                .expect("the stream goes on")
                .expect("infallible");
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(&String::from_utf8_lossy(&data));
            }
        }
    }

    async fn message(&mut self) -> Value {
        let (name, data) = self.next().await;
        assert_eq!(name, "message");
        serde_json::from_str(&data).expect("JSON")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_2024_11_05_transport_opens_with_the_endpoint_event_and_answers_on_the_stream() {
    use tower_service::Service as _;
    let server = Server::new(Demo::default());
    let mut service = server.http_sse(HttpConfig::default());
    let get = Request::get("http://localhost/sse")
        .header("host", "localhost")
        .header("accept", "text/event-stream")
        .body(Full::new(Bytes::new()))
        .expect("request");
    let response = service.call(get).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    let mut events = Events {
        body: response.into_body(),
        buffer: String::new(),
    };
    let (name, endpoint) = events.next().await;
    assert_eq!(name, "endpoint");
    assert!(endpoint.starts_with("/sse?sessionId="), "{endpoint}");
    let mut post = |message: Value| {
        let request = Request::post(format!("http://localhost{endpoint}"))
            .header("host", "localhost")
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(message.to_string())))
            .expect("request");
        service.call(request)
    };
    let accepted = post(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2024-11-05", "capabilities": {"roots": {}},
        "clientInfo": {"name": "sse-test", "version": "1"}}}),
    )
    .await
    .expect("infallible");
    assert_eq!(accepted.status(), StatusCode::ACCEPTED);
    let initialized = events.message().await;
    assert_eq!(initialized["result"]["protocolVersion"], "2024-11-05");
    valid("2024-11-05", "InitializeResult", &initialized["result"]);
    post(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
        .await
        .expect("infallible");
    post(call(2, "roots")).await.expect("infallible");
    let nested = events.message().await;
    assert_eq!(nested["method"], "roots/list");
    valid("2024-11-05", "ListRootsRequest", &nested);
    post(
        json!({"jsonrpc": "2.0", "id": nested["id"], "result": {"roots": [{"uri": "file:///x"}]}}),
    )
    .await
    .expect("infallible");
    let result = events.message().await;
    assert_eq!(
        (
            result["id"].clone(),
            result["result"]["content"][0]["text"].clone()
        ),
        (json!(2), json!("file:///x"))
    );
    // A POST for an unknown session is 404.
    let unknown = Request::post("http://localhost/sse?sessionId=nope")
        .header("host", "localhost")
        .body(Full::new(Bytes::from("{}")))
        .expect("request");
    assert_eq!(
        service.call(unknown).await.expect("infallible").status(),
        StatusCode::NOT_FOUND
    );
}
