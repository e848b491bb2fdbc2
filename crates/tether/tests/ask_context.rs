//! The watchdog for asks polled outside the handler's own poll, and the laziness of asks.

use tether_mcp::RequestError;
use tether_mcp::testing::{ScriptedClient, with_in_flight};
use tether_mcp::types::{ClientCapabilities, RootsCapability};

fn client_with_roots() -> ScriptedClient {
    ScriptedClient::new()
        .with_capabilities(ClientCapabilities {
            roots: Some(RootsCapability::default()),
            ..Default::default()
        })
        .answer(
            "roots/list",
            serde_json::json!({"roots": [{"uri": "file:///a"}]}),
        )
        .answer(
            "roots/list",
            serde_json::json!({"roots": [{"uri": "file:///b"}]}),
        )
}

#[tokio::test]
async fn an_ask_polled_on_a_scoped_thread_fails_with_a_named_error() {
    let outcome = with_in_flight(client_with_roots(), async |cx| {
        let roots = cx.roots().unwrap();
        std::thread::scope(|s| {
            s.spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(roots.list())
            })
            .join()
            .unwrap()
        })
    })
    .await;
    assert_eq!(outcome.unwrap_err(), RequestError::AskOutsideHandlerTask);
}

#[tokio::test]
async fn an_ask_awaited_in_the_handler_works_and_a_dropped_one_sent_nothing() {
    let first = with_in_flight(client_with_roots(), async |cx| {
        let roots = cx.roots().unwrap();
        // Built but never polled: nothing is sent, so the first scripted answer is still there.
        let unused = roots.list();
        drop(unused);
        roots.list().await
    })
    .await
    .unwrap();
    assert_eq!(first.roots[0].uri, "file:///a");
}

#[tokio::test]
async fn joined_asks_both_complete() {
    let (a, b) = with_in_flight(client_with_roots(), async |cx| {
        let roots = cx.roots().unwrap();
        tokio::join!(roots.list(), roots.list())
    })
    .await;
    let mut uris = vec![
        a.unwrap().roots[0].uri.clone(),
        b.unwrap().roots[0].uri.clone(),
    ];
    uris.sort();
    assert_eq!(uris, ["file:///a", "file:///b"]);
}
