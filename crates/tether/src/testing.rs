//! Unit-testing code that takes an [`InFlight`] token (feature `test-util`).
//!
//! ```
//! use tether_mcp::prelude::*;
//! use tether_mcp::testing::{ScriptedClient, with_in_flight};
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let client = ScriptedClient::new()
//!     .with_capabilities(ClientCapabilities { roots: Some(Default::default()), ..Default::default() })
//!     .answer("roots/list", serde_json::json!({"roots": [{"uri": "file:///work"}]}));
//! let roots = with_in_flight(client, async |cx| cx.roots().unwrap().list().await).await.unwrap();
//! assert_eq!(roots.roots[0].uri, "file:///work");
//! # }
//! ```
//!
//! The closure is higher-ranked over the token's lifetime, so the token cannot escape it:
//! `with_in_flight(client, async |cx| cx)` does not compile.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use tether_mcp_types::{
    ClientCapabilities, ErrorObject, Implementation, JSONRPCMessage, JsonValue, ProtocolVersion,
    RequestId,
};
use tokio_util::sync::CancellationToken;

use crate::config::Limits;
use crate::dispatch::poll_in_scope;
use crate::inflight::InFlight;
use crate::route::Route;
use crate::scope::RequestScope;
use crate::session::{Negotiated, SessionState};

/// A pretend client: its revision, capabilities, and scripted answers by method.
#[derive(Debug, Clone)]
pub struct ScriptedClient {
    version: ProtocolVersion,
    capabilities: ClientCapabilities,
    answers: HashMap<String, VecDeque<Result<JsonValue, ErrorObject>>>,
}

impl Default for ScriptedClient {
    fn default() -> Self {
        Self::new()
    }
}

impl ScriptedClient {
    /// A 2025-11-25 client with no capabilities and no answers.
    pub fn new() -> Self {
        Self {
            version: ProtocolVersion::V_2025_11_25,
            capabilities: ClientCapabilities::default(),
            answers: HashMap::new(),
        }
    }

    /// The client's revision.
    pub fn with_version(mut self, version: ProtocolVersion) -> Self {
        self.version = version;
        self
    }

    /// The client's declared capabilities.
    pub fn with_capabilities(mut self, capabilities: ClientCapabilities) -> Self {
        self.capabilities = capabilities;
        self
    }

    /// Queues a result for the next request of `method`.
    pub fn answer(mut self, method: &str, result: JsonValue) -> Self {
        self.answers
            .entry(method.to_owned())
            .or_default()
            .push_back(Ok(result));
        self
    }

    /// Queues an error for the next request of `method`.
    pub fn fail(mut self, method: &str, error: ErrorObject) -> Self {
        self.answers
            .entry(method.to_owned())
            .or_default()
            .push_back(Err(error));
        self
    }
}

/// Runs `f` with a token for a pretend in-flight request whose client answers from `client`'s
/// script (a request with no scripted answer gets -32601).
pub async fn with_in_flight<R>(
    client: ScriptedClient,
    f: impl for<'req> AsyncFnOnce(InFlight<'req>) -> R,
) -> R {
    let (route, mut rx) = Route::channel(64);
    let session = Arc::new(SessionState::new(
        route.clone(),
        Arc::new(Limits::default()),
    ));
    session.negotiate(Negotiated {
        version: client.version.clone(),
        client_capabilities: client.capabilities.clone(),
        client_info: Implementation::new("scripted-client", "0"),
    });
    session.mark_initialized();
    let responder = {
        let session = session.clone();
        let mut answers = client.answers;
        tokio::spawn(async move {
            while let Some(line) = rx.recv().await {
                let Ok(JSONRPCMessage::Request(request)) = JSONRPCMessage::parse(&line) else {
                    continue;
                };
                let answer = answers
                    .get_mut(&request.method)
                    .and_then(VecDeque::pop_front)
                    .unwrap_or_else(|| {
                        Err(ErrorObject::new(
                            tether_mcp_types::error_codes::METHOD_NOT_FOUND,
                            "no scripted answer",
                        ))
                    });
                session.answer(&request.id, answer);
            }
        })
    };
    let scope = RequestScope::new(
        RequestId::from("test-request"),
        "tools/call",
        session.clone(),
        route,
        None,
        CancellationToken::new(),
        crate::scope::Era::Legacy,
    );
    let output = match poll_in_scope(&scope, f(InFlight::new(&scope))).await {
        Ok(output) => output,
        Err(_) => unreachable!("a legacy scope has no Multi Round-Trip rounds"),
    };
    session.close();
    responder.abort();
    output
}
