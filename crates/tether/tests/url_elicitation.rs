//! URL-mode elicitation end to end: the completion handle of an accepted URL elicitation
//! (`notifications/elicitation/complete`, at most once) and the -32042 `URLElicitationRequired`
//! path, at 2025-11-25 and at 2025-06-18 (where URL mode does not exist).

mod support;

use std::sync::{Arc, Mutex};

use serde_json::json;
use tether_mcp::prelude::*;
use tether_mcp::types::error_codes::URL_ELICITATION_REQUIRED;
use tether_mcp::types::{ElicitAction, ElicitRequestURLParams, ServerCapabilities};
use tether_mcp::{ElicitationCompletion, UrlAnswer};

use support::{Peer, QUIET, schema};

/// Where `connect` leaves the completion handle of an accepted elicitation.
type Slot = Arc<Mutex<Option<ElicitationCompletion>>>;

/// `connect`: a URL elicitation whose handle goes to the slot. `needs_auth`: -32042 with two
/// elicitations, the second without an id.
struct UrlTools {
    slot: Slot,
}

fn text(s: impl Into<String>) -> CallToolResult {
    CallToolResult {
        content: vec![ContentBlock::text(s)],
        ..Default::default()
    }
}

impl ServerHandler for UrlTools {
    async fn call_tool(
        &self,
        params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        match params.name.as_str() {
            "connect" => {
                let urls = match cx.url_elicitation() {
                    Ok(urls) => urls,
                    Err(missing) => return Ok(text(format!("missing {}", missing.name()))),
                };
                let UrlAnswer {
                    action, completion, ..
                } = urls
                    .url("Sign in to Example", "https://example.com/auth")
                    .await?;
                let had_handle = completion.is_some();
                *self.slot.lock().unwrap() = completion;
                let action = match action {
                    ElicitAction::Accept => "accept",
                    ElicitAction::Decline => "decline",
                    ElicitAction::Cancel => "cancel",
                };
                Ok(text(format!("{action} handle={had_handle}")))
            }
            "needs_auth" => Err(ToolError::url_elicitation_required(vec![
                ElicitRequestURLParams {
                    message: "Authorize GitHub.".into(),
                    url: "https://example.com/github".into(),
                    elicitation_id: Some("gh-1".into()),
                    ..Default::default()
                },
                ElicitRequestURLParams {
                    message: "Authorize Drive.".into(),
                    url: "https://example.com/drive".into(),
                    ..Default::default()
                },
            ])),
            other => Err(ToolError::unknown_tool(other)),
        }
    }
}

fn peer() -> (Peer, Slot) {
    let slot = Slot::default();
    let server = Server::builder(UrlTools { slot: slot.clone() })
        .capabilities(ServerCapabilities {
            tools: Some(Default::default()),
            ..Default::default()
        })
        .build();
    (Peer::in_memory(&server), slot)
}

fn taken(slot: &Slot) -> Option<ElicitationCompletion> {
    slot.lock().unwrap().take()
}

#[test]
fn the_completion_handle_is_storable() {
    fn storable<T: Clone + Send + Sync + 'static>() {}
    storable::<ElicitationCompletion>();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_accepted_url_elicitation_completes_once_on_2025_11_25() {
    let (mut peer, slot) = peer();
    peer.initialize("2025-11-25", json!({"elicitation": {"url": {}}}))
        .await;
    peer.call_tool(1, "connect", json!({})).await;
    let (id, params) = peer.expect_request("elicitation/create").await;
    assert_eq!(params["mode"], "url", "{params}");
    assert_eq!(params["url"], "https://example.com/auth", "{params}");
    let elicitation_id = params["elicitationId"].as_str().expect("an elicitationId");
    peer.respond(&id, json!({"action": "accept"})).await;
    assert_eq!(peer.expect_tool_text(1).await, "accept handle=true");

    // The flow finishes later, outside the request: the stored handle reports it.
    let completion = taken(&slot).expect("a handle after accept");
    assert_eq!(completion.elicitation_id(), elicitation_id);
    let clone = completion.clone();
    let sent = tokio::spawn(async move { completion.complete().await });
    assert_eq!(sent.await.unwrap(), Ok(()));
    let notified = peer
        .expect_notification("notifications/elicitation/complete")
        .await;
    assert_eq!(notified, json!({"elicitationId": elicitation_id}));
    // At most once, across clones.
    assert!(clone.is_completed());
    assert_eq!(clone.complete().await, Ok(()));
    peer.expect_nothing_for(QUIET).await;
    peer.ping().await;
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_or_cancelled_url_elicitation_has_no_handle() {
    let (mut peer, slot) = peer();
    peer.initialize("2025-11-25", json!({"elicitation": {"url": {}}}))
        .await;
    for (call, action) in [(1, "decline"), (2, "cancel")] {
        peer.call_tool(call, "connect", json!({})).await;
        let (id, _) = peer.expect_request("elicitation/create").await;
        peer.respond(&id, json!({"action": action})).await;
        assert_eq!(
            peer.expect_tool_text(call).await,
            format!("{action} handle=false")
        );
        assert!(taken(&slot).is_none());
    }
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn url_elicitation_required_is_32042_on_2025_11_25() {
    let (mut peer, _) = peer();
    peer.initialize("2025-11-25", json!({"elicitation": {"url": {}}}))
        .await;
    peer.call_tool(7, "needs_auth", json!({})).await;
    let error = peer
        .expect_error(Some(json!(7)), URL_ELICITATION_REQUIRED)
        .await;
    let whole = json!({"jsonrpc": "2.0", "id": 7, "error": error});
    schema::validate("2025-11-25", "URLElicitationRequiredError", &whole)
        .unwrap_or_else(|e| panic!("{e}"));
    let elicitations = error["data"]["elicitations"].as_array().unwrap();
    assert_eq!(elicitations.len(), 2, "{error}");
    assert_eq!(elicitations[0]["mode"], "url");
    assert_eq!(elicitations[0]["elicitationId"], "gh-1");
    assert_eq!(elicitations[0]["url"], "https://example.com/github");
    // The one without an id got one (the 2025-11-25 schema requires it).
    let generated = elicitations[1]["elicitationId"].as_str().unwrap();
    assert!(!generated.is_empty() && generated != "gh-1", "{error}");
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn url_mode_does_not_exist_on_2025_06_18() {
    let (mut peer, slot) = peer();
    // Even a client claiming `elicitation.url` gets no URL mode before 2025-11-25.
    peer.initialize("2025-06-18", json!({"elicitation": {"url": {}}}))
        .await;
    peer.call_tool(1, "connect", json!({})).await;
    assert_eq!(peer.expect_tool_text(1).await, "missing elicitation.url");
    assert!(taken(&slot).is_none());

    // -32042 does not exist here: an `isError` result naming each URL.
    peer.call_tool(2, "needs_auth", json!({})).await;
    let result = peer.expect_response(2).await;
    assert_eq!(result["isError"], json!(true), "{result}");
    let texts: Vec<&str> = result["content"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 2, "{result}");
    assert!(texts[0].contains("https://example.com/github"), "{result}");
    assert!(texts[0].contains("Authorize GitHub."), "{result}");
    assert!(texts[1].contains("https://example.com/drive"), "{result}");
    peer.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_only_client_on_2025_11_25_has_no_url_mode() {
    let (mut peer, _) = peer();
    peer.initialize("2025-11-25", json!({"elicitation": {"form": {}}}))
        .await;
    peer.call_tool(1, "connect", json!({})).await;
    assert_eq!(peer.expect_tool_text(1).await, "missing elicitation.url");
    peer.finish().await;
}
