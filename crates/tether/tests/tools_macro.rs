//! `#[tether_mcp::tools]`: the quickstart server (a tool that asks for confirmation) in both
//! eras through our client, plain-parameter and `Args<T>` tools, structured output with its
//! output schema, arguments errors naming the field, declaration order, and schemas built once
//! rather than per request.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;
use tether_mcp::client::{Client, EraCache};
use tether_mcp::prelude::*;
use tether_mcp::types::{ElicitResult, ElicitValue, ProtocolVersion};
use tether_mcp::{Answer, Args, Json};

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Confirm {
    yes: bool,
}

/// Arguments whose schema counts how often it is generated.
#[derive(serde::Deserialize)]
struct Counted {
    word: String,
}

static SCHEMA_BUILDS: AtomicUsize = AtomicUsize::new(0);

impl schemars::JsonSchema for Counted {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Counted".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        SCHEMA_BUILDS.fetch_add(1, Ordering::SeqCst);
        schemars::json_schema!({
            "type": "object",
            "properties": {"word": {"type": "string"}},
            "required": ["word"]
        })
    }
}

#[derive(serde::Serialize, schemars::JsonSchema)]
struct Stats {
    length: usize,
    upper: String,
}

struct Quickstart;

#[tether_mcp::tools]
impl ServerHandler for Quickstart {
    /// Deploys the service after asking for confirmation.
    #[tool]
    async fn deploy(&self, cx: InFlight<'_>) -> Result<String, ToolError> {
        match cx.elicitation()?.form::<Confirm>("Deploy?").await? {
            Answer::Accepted(Confirm { yes: true }) => Ok("deployed".into()),
            _ => Ok("not deployed".into()),
        }
    }

    /// Adds two numbers.
    #[tool(title = "Add", read_only, idempotent, open_world = false)]
    async fn add(&self, a: f64, b: f64) -> f64 {
        a + b
    }

    /// Measures a word.
    #[tool(name = "word_stats")]
    async fn stats(&self, Args(counted): Args<Counted>) -> Json<Stats> {
        Json(Stats {
            length: counted.word.len(),
            upper: counted.word.to_uppercase(),
        })
    }
}

async fn connect(version: Option<ProtocolVersion>) -> (Client, tether_mcp::Connection) {
    let server = Server::builder(Quickstart)
        .capabilities(tether_mcp::types::ServerCapabilities {
            tools: Some(Default::default()),
            ..Default::default()
        })
        .build();
    let (server_end, client_end) = tether_mcp::transport::memory::duplex(1 << 16);
    let connection = server.spawn(server_end);
    let mut builder = Client::builder()
        .era_cache(EraCache::new())
        .on_elicitation(|_, _| async {
            Ok(ElicitResult::accept([(
                "yes".to_owned(),
                ElicitValue::Boolean(true),
            )]))
        });
    if let Some(version) = version {
        builder = builder.protocol_version(version);
    }
    (
        builder.connect(client_end).await.expect("connected"),
        connection,
    )
}

fn text(result: &CallToolResult) -> String {
    match &result.content[..] {
        [ContentBlock::Text(t)] => t.text.clone(),
        other => panic!("one text block: {other:?}"),
    }
}

#[tokio::test]
async fn the_quickstart_works_in_both_eras() {
    for version in [Some(ProtocolVersion::V_2025_11_25), None] {
        let (client, _connection) = connect(version.clone()).await;
        let deployed = client.call_tool("deploy", ()).await.expect("deploy");
        assert_eq!(text(&deployed), "deployed", "{version:?}");
        let sum = client
            .call_tool("add", json!({"a": 2, "b": 3.5}))
            .await
            .expect("add");
        assert_eq!(text(&sum), "5.5");
    }
}

#[tokio::test]
async fn tools_are_listed_in_declaration_order_with_their_docs() {
    let (client, _connection) = connect(None).await;
    let tools = client.list_all_tools().await.expect("tools/list");
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["deploy", "add", "word_stats"]);
    assert_eq!(
        tools[0].description.as_deref(),
        Some("Deploys the service after asking for confirmation.")
    );
    assert_eq!(tools[1].title.as_deref(), Some("Add"));
    let hints = tools[1].annotations.as_ref().expect("add's hints");
    assert_eq!(
        (
            hints.read_only_hint,
            hints.destructive_hint,
            hints.idempotent_hint,
            hints.open_world_hint
        ),
        (Some(true), None, Some(true), Some(false))
    );
    assert!(tools[0].annotations.is_none(), "no hints, no annotations");
    let add = json!(tools[1].input_schema);
    assert_eq!(add["properties"]["a"]["type"], "number", "{add:#}");
    assert_eq!(add["required"], json!(["a", "b"]), "{add:#}");
    assert_eq!(
        add["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(json!(tools[0].input_schema)["type"], "object");
    let output = tools[2].output_schema.as_ref().expect("an output schema");
    assert_eq!(json!(output)["properties"]["upper"]["type"], "string");
    assert!(tools[0].output_schema.is_none() && tools[1].output_schema.is_none());
}

#[tokio::test]
async fn structured_output_and_arguments_errors() {
    let (client, _connection) = connect(Some(ProtocolVersion::V_2025_11_25)).await;
    let stats = client
        .call_tool("word_stats", json!({"word": "tether"}))
        .await
        .expect("word_stats");
    assert_eq!(
        stats.structured_content,
        Some(json!({"length": 6, "upper": "TETHER"}))
    );
    let bad = client
        .call_tool("add", json!({"a": 1, "b": "two"}))
        .await
        .expect("a tool error, not a protocol error");
    assert_eq!(bad.is_error, Some(true));
    let message = text(&bad);
    assert!(message.starts_with("invalid arguments: b"), "{message}");
    let missing = client
        .call_tool("add", json!({"a": 1}))
        .await
        .expect("a tool error");
    assert_eq!(text(&missing), "invalid arguments: missing argument `b`");
    let unknown = client.call_tool("nope", ()).await;
    assert!(unknown.is_err(), "an unknown tool is -32602: {unknown:?}");
}

#[tokio::test]
async fn schemas_are_built_once_not_per_request() {
    let (client, _connection) = connect(None).await;
    for _ in 0..5 {
        client.list_tools(None).await.expect("tools/list");
        client
            .call_tool("word_stats", json!({"word": "x"}))
            .await
            .expect("word_stats");
    }
    assert_eq!(SCHEMA_BUILDS.load(Ordering::SeqCst), 1);
}
