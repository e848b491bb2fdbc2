//! The client the official MCP conformance suite tests (`conformance client --command …`): the
//! harness starts a mock server for one scenario and runs the client with its URL as the last
//! argument, the scenario in `MCP_CONFORMANCE_SCENARIO`, the protocol revision in
//! `MCP_CONFORMANCE_PROTOCOL_VERSION` and, for some scenarios, data in `MCP_CONFORMANCE_CONTEXT`.
//!
//! The client is pinned to that revision (stateful `initialize` and session for 2025-11-25,
//! stateless for 2026-07-28), connects over Streamable HTTP, declares elicitation, sampling and
//! roots ([`handlers`]), and does what the scenario expects:
//!
//! | scenario | what the client does |
//! |---|---|
//! | `initialize`, `json-schema-ref-no-deref`, any other | list the tools |
//! | `tools_call` | list the tools, call `add_numbers` `{a: 5, b: 3}` |
//! | `elicitation-sep1034-client-defaults` | call `test_client_elicitation_defaults`; the elicitation (on the GET stream) is accepted with the schema defaults |
//! | `sse-retry` | call `test_reconnection` (the transport resumes the cut stream) |
//! | `request-metadata` | `server/discover`, then list the tools |
//! | `sep-2322-client-request-state` | call `test_mrtr_echo_state` and `test_mrtr_unrelated` together, then `test_mrtr_no_state` and `test_mrtr_no_result_type` |
//! | `http-standard-headers` | call every tool, read every resource, get every prompt |
//! | `http-custom-headers` | the `toolCalls` of `MCP_CONFORMANCE_CONTEXT` |
//! | `http-invalid-tool-headers` | call every tool kept in the list |
//! | `json-schema-2020-12-preservation` | echo `json_schema_2020_12_tool`'s `inputSchema` through `json_schema_echo` |
//!
//! `auth/*` scenarios are not handled: this client does no OAuth.

pub mod handlers;
mod scenarios;

use tether_mcp::ProtocolVersion;
use tether_mcp::client::Client;
use tether_mcp::transport::http_client::StreamableHttpClient;
use tether_mcp::types::JsonValue;

/// Why a run failed.
pub type Failure = Box<dyn std::error::Error + Send + Sync>;

/// What the harness asks for.
#[derive(Clone, Debug)]
pub struct Settings {
    /// `MCP_CONFORMANCE_SCENARIO`.
    pub scenario: String,
    /// `MCP_CONFORMANCE_PROTOCOL_VERSION` (default 2025-11-25, as the harness's).
    pub version: ProtocolVersion,
    /// The mock server's URL: the last argument.
    pub url: String,
    /// `MCP_CONFORMANCE_CONTEXT`, parsed, if set.
    pub context: Option<JsonValue>,
}

impl Settings {
    /// Reads the settings from the environment and the arguments (the URL is the last one).
    pub fn from_env() -> Result<Self, Failure> {
        let url = std::env::args()
            .skip(1)
            .last()
            .ok_or("usage: conformance-client <server URL> (the harness appends it)")?;
        let scenario = std::env::var("MCP_CONFORMANCE_SCENARIO").unwrap_or_default();
        let version = std::env::var("MCP_CONFORMANCE_PROTOCOL_VERSION")
            .map(ProtocolVersion::new)
            .unwrap_or(ProtocolVersion::V_2025_11_25);
        let context = match std::env::var("MCP_CONFORMANCE_CONTEXT") {
            Ok(text) => Some(
                serde_json::from_str(&text)
                    .map_err(|e| format!("MCP_CONFORMANCE_CONTEXT is not JSON: {e}"))?,
            ),
            Err(_) => None,
        };
        Ok(Self {
            scenario,
            version,
            url,
            context,
        })
    }
}

/// Connects to the scenario's server, runs the scenario and closes the connection (an HTTP
/// `DELETE` of a 2025-11-25 session).
pub async fn run(settings: &Settings) -> Result<(), Failure> {
    eprintln!(
        "conformance-client: scenario {:?} at {} against {}",
        settings.scenario, settings.version, settings.url
    );
    let builder = Client::builder()
        .name("tether-mcp-conformance-client", env!("CARGO_PKG_VERSION"))
        .protocol_version(settings.version.clone());
    let client = handlers::register(builder)
        .connect(StreamableHttpClient::new(settings.url.clone()))
        .await?;
    eprintln!(
        "connected: protocol {}, server {:?}",
        client.protocol_version(),
        client.server_info().map(|i| i.name)
    );
    let outcome = scenarios::run(&client, settings).await;
    client.shutdown().await;
    outcome
}
