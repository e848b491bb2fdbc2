//! What the example tests share: the two eras every example is driven in, connecting our
//! client to an example binary run as a child process, a timeout on every step, the text of a
//! result, and a client that records (and answers) the forms a server asks it to fill.
//!
//! Included with `mod examples_support;` by each `example_*.rs` test; a directory module, so
//! cargo does not build it as a test of its own. Each test uses part of it.
#![allow(dead_code)]

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use tether_mcp::client::{Client, ClientBuilder, ClientError, EraCache, Origin};
use tether_mcp::transport::ChildProcess;
use tether_mcp::types::{
    CallToolResult, ElicitRequestParams, ElicitResult, ElicitValue, ProtocolVersion,
    ReadResourceResult, ResourceContents,
};

/// The longest any one step of a test may take.
pub(crate) const WAIT: Duration = Duration::from_secs(20);

/// The two eras every example is driven in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Era {
    /// Pinned to 2025-11-25: the `initialize` handshake, nested server requests.
    Legacy,
    /// The default negotiation: `server/discover` finds 2026-07-28.
    Modern,
}

impl Era {
    /// Both eras, legacy first.
    pub(crate) const BOTH: [Self; 2] = [Self::Legacy, Self::Modern];

    /// The revision a connection in this era settles on.
    pub(crate) fn version(self) -> ProtocolVersion {
        match self {
            Self::Legacy => ProtocolVersion::V_2025_11_25,
            Self::Modern => ProtocolVersion::V_2026_07_28,
        }
    }

    /// A fresh builder for this era (its own era cache, so no test sees another's).
    pub(crate) fn builder(self) -> ClientBuilder {
        let builder = Client::builder()
            .name("example-tests", "0.0.1")
            .era_cache(EraCache::new());
        match self {
            Self::Legacy => builder.protocol_version(ProtocolVersion::V_2025_11_25),
            Self::Modern => builder,
        }
    }
}

/// Runs `f`, failing the test if it takes longer than [`WAIT`].
pub(crate) async fn within<T>(what: &str, f: impl Future<Output = T>) -> T {
    tokio::time::timeout(WAIT, f)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {WAIT:?}"))
}

/// Connects `builder` to `program` (a child process) and checks the era it settled on.
pub(crate) async fn connect(builder: ClientBuilder, program: &str, era: Era) -> Client {
    let client = within(
        "connect",
        builder.connect(ChildProcess::new(program).shutdown_grace(Duration::from_secs(2))),
    )
    .await
    .unwrap_or_else(|e| panic!("{era:?}: cannot connect to {program}: {e}"));
    assert_eq!(client.protocol_version(), era.version(), "{era:?}");
    client
}

/// Calls `name` with `arguments`, failing the test on a timeout, an error or a tool error;
/// returns the result's text.
pub(crate) async fn call_text(client: &Client, name: &str, arguments: impl Serialize) -> String {
    let result = within(name, client.call_tool(name, arguments).into_future())
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_ne!(result.is_error, Some(true), "{name}: {result:?}");
    text_of(&result)
}

/// The JSON-RPC error a request got, as its code and message; fails the test on anything else.
pub(crate) fn server_error<T: std::fmt::Debug>(outcome: Result<T, ClientError>) -> (i64, String) {
    match outcome {
        Err(ClientError::Server { error, .. }) => (error.code, error.message),
        other => panic!("a JSON-RPC error, not {other:?}"),
    }
}

/// The names of the server's tools, in the order listed.
pub(crate) async fn tool_names(client: &Client) -> Vec<String> {
    within("tools/list", client.list_all_tools())
        .await
        .expect("tools/list")
        .into_iter()
        .map(|t| t.name)
        .collect()
}

/// The text blocks of a result, joined by newlines.
pub(crate) fn text_of(result: &CallToolResult) -> String {
    result.text()
}

/// The one text content of a `resources/read` result: its URI, MIME type and text.
pub(crate) fn resource_text(result: &ReadResourceResult) -> (&str, Option<&str>, &str) {
    match &result.contents[..] {
        [ResourceContents::Text(t)] => (t.uri.as_str(), t.mime_type.as_deref(), t.text.as_str()),
        other => panic!("one text content: {other:?}"),
    }
}

/// One form the server asked for, as the client's handler saw it.
#[derive(Clone, Debug)]
pub(crate) struct Asked {
    /// The form's message.
    pub(crate) message: String,
    /// The form's schema as JSON.
    pub(crate) schema: Value,
    /// The tool the ask served (`None` if the origin was not one call).
    pub(crate) tool: Option<String>,
}

impl Asked {
    /// The names of the form's fields.
    pub(crate) fn fields(&self) -> Vec<String> {
        self.schema["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    }
}

/// The forms a client was asked to fill, in order.
#[derive(Clone, Default)]
pub(crate) struct Log(Arc<Mutex<Vec<Asked>>>);

impl Log {
    fn record(&self, params: &ElicitRequestParams, origin: &Origin) -> Option<Asked> {
        let ElicitRequestParams::Form(form) = params else {
            return None;
        };
        let asked = Asked {
            message: form.message.clone(),
            schema: serde_json::to_value(&form.requested_schema).expect("a schema serializes"),
            tool: match origin {
                Origin::Call { name, .. } => name.clone(),
                _ => None,
            },
        };
        self.0.lock().unwrap().push(asked.clone());
        Some(asked)
    }

    /// The forms asked since the last `take`.
    pub(crate) fn take(&self) -> Vec<Asked> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

/// A builder whose elicitation handler records every form and answers it with `answer`
/// (`None`: decline).
pub(crate) fn answering(
    era: Era,
    log: &Log,
    answer: impl Fn(&Asked) -> Option<Vec<(String, ElicitValue)>> + Send + Sync + 'static,
) -> ClientBuilder {
    let log = log.clone();
    era.builder().on_elicitation(move |params, origin| {
        let result = match log.record(&params, &origin) {
            Some(asked) => match answer(&asked) {
                Some(content) => ElicitResult::accept(content),
                None => ElicitResult::decline(),
            },
            None => ElicitResult::decline(),
        };
        async move { Ok(result) }
    })
}
