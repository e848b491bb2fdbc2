// What may be stored and spawned: `Session` (ping only) and `Notifier` (notifications only) are
// `Clone + 'static`, usable from background tasks and from notification handlers.
use std::future::Future;
use std::sync::Mutex;

use tether_mcp::prelude::*;

struct Watcher {
    sessions: Mutex<Vec<Session>>,
}

impl ServerHandler for Watcher {
    async fn on_initialized(&self, cx: Notified<'_>) {
        let session = cx.session();
        self.sessions.lock().unwrap().push(session.clone());
        tokio::spawn(async move {
            let _ = session.ping().await;
        });
    }

    async fn call_tool(
        &self,
        _params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        let session = cx.session();
        tokio::spawn(async move {
            let _ = session.ping().await;
        });
        Ok(CallToolResult::default())
    }
}

fn background(f: impl Future<Output = ()> + Send + 'static) {
    drop(f);
}

fn main() {
    let server = Server::new(Watcher {
        sessions: Mutex::new(Vec::new()),
    });
    let notifier = server.notifier();
    background(async move {
        notifier.tools_list_changed();
        notifier.resource_updated("file:///log");
    });
}
