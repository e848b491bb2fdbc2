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

/// On a current-thread runtime, an ask driven by a nested executor on the handler's own thread
/// can never get its answer (nothing else runs); the watchdog frees it. Run on a thread of its
/// own so that a regression fails the test instead of hanging it.
#[test]
fn an_ask_blocked_on_by_a_nested_executor_is_freed_by_the_watchdog() {
    let (done, outcome) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let started = std::time::Instant::now();
        let result = runtime.block_on(with_in_flight(client_with_roots(), async |cx| {
            let roots = cx.roots().expect("roots declared");
            futures_executor::block_on(roots.list())
        }));
        let _ = done.send((result.map(|_| ()), started.elapsed()));
    });
    let (result, elapsed) = outcome
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the ask was freed instead of hanging");
    assert_eq!(result, Err(RequestError::AskOutsideHandlerTask));
    assert!(elapsed < std::time::Duration::from_secs(5), "{elapsed:?}");
}
