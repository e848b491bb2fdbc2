//! What the client does in each client scenario of the suite, once connected. The tool names and
//! arguments are those the scenarios' mock servers serve and check.

use serde_json::json;
use tether_mcp::client::Client;
use tether_mcp::types::{CallToolResult, JsonObject, JsonValue, Tool};

use super::{Failure, Settings};

/// Runs `settings.scenario` against the connected `client`. An unknown scenario lists the tools.
pub(super) async fn run(client: &Client, settings: &Settings) -> Result<(), Failure> {
    match settings.scenario.as_str() {
        "tools_call" => {
            list(client).await?;
            call(client, "add_numbers", json!({"a": 5, "b": 3})).await
        }
        "elicitation-sep1034-client-defaults" => {
            call(client, "test_client_elicitation_defaults", json!({})).await
        }
        "sse-retry" => call(client, "test_reconnection", json!({})).await,
        "request-metadata" => request_metadata(client).await,
        "sep-2322-client-request-state" => request_state(client).await,
        "http-standard-headers" => standard_headers(client).await,
        "http-custom-headers" => context_calls(client, settings).await,
        "http-invalid-tool-headers" => call_every_tool(client).await,
        "json-schema-2020-12-preservation" => echo_schema(client).await,
        // `initialize`, `json-schema-ref-no-deref` (list, and never fetch a `$ref`), and any
        // scenario this client has nothing special for.
        _ => list(client).await.map(drop),
    }
}

/// Every tool, logged.
async fn list(client: &Client) -> Result<Vec<Tool>, Failure> {
    let tools = client.list_all_tools().await?;
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_str()).collect();
    eprintln!("tools/list: {names:?}");
    Ok(tools)
}

/// Calls a tool and logs its result; an `isError` result is a failure.
async fn call(client: &Client, name: &str, arguments: JsonValue) -> Result<(), Failure> {
    let result: CallToolResult = client.call_tool(name, arguments).await?;
    eprintln!(
        "tools/call {name}: {}",
        serde_json::to_string(&result).unwrap_or_default()
    );
    if result.is_error == Some(true) {
        return Err(format!("tool {name} returned isError").into());
    }
    Ok(())
}

/// `request-metadata`: the first request is refused with -32022, the client must retry with a
/// supported version; then a few ordinary requests, each with its `_meta`.
async fn request_metadata(client: &Client) -> Result<(), Failure> {
    let discovered = client.discover().await?;
    eprintln!(
        "server/discover: {}",
        serde_json::to_string(&discovered).unwrap_or_default()
    );
    list(client).await?;
    Ok(())
}

/// `sep-2322-client-request-state`: two MRTR flows (one with `requestState`, one without), an
/// unrelated call while the first is between rounds, and a result without `resultType`.
async fn request_state(client: &Client) -> Result<(), Failure> {
    list(client).await?;
    let (echo, unrelated) = tokio::join!(
        call(client, "test_mrtr_echo_state", json!({})),
        call(client, "test_mrtr_unrelated", json!({})),
    );
    echo?;
    unrelated?;
    call(client, "test_mrtr_no_state", json!({})).await?;
    call(client, "test_mrtr_no_result_type", json!({})).await
}

/// `http-standard-headers`: one request of each method whose `Mcp-Method` / `Mcp-Name` headers
/// the scenario checks.
async fn standard_headers(client: &Client) -> Result<(), Failure> {
    for tool in list(client).await? {
        call(client, &tool.name, json!({})).await?;
    }
    let resources = client.list_all_resources().await?;
    for resource in &resources {
        let read = client.read_resource(resource.uri.clone()).await?;
        eprintln!(
            "resources/read {}: {} contents",
            resource.uri,
            read.contents.len()
        );
    }
    let prompts = client.list_all_prompts().await?;
    for prompt in &prompts {
        let got = client
            .get_prompt(prompt.name.clone(), Vec::<(String, String)>::new())
            .await?;
        eprintln!(
            "prompts/get {}: {} messages",
            prompt.name,
            got.messages.len()
        );
    }
    Ok(())
}

/// The calls the scenario names in `MCP_CONFORMANCE_CONTEXT` (`toolCalls: [{name, arguments}]`,
/// `http-custom-headers`), after listing the tools.
async fn context_calls(client: &Client, settings: &Settings) -> Result<(), Failure> {
    list(client).await?;
    let calls = settings
        .context
        .as_ref()
        .and_then(|c| c.get("toolCalls"))
        .and_then(JsonValue::as_array)
        .ok_or("MCP_CONFORMANCE_CONTEXT names no toolCalls")?;
    for entry in calls {
        let name = entry
            .get("name")
            .and_then(JsonValue::as_str)
            .ok_or("a toolCalls entry without a name")?;
        let arguments = entry.get("arguments").cloned().unwrap_or_else(|| json!({}));
        call(client, name, arguments).await?;
    }
    Ok(())
}

/// `http-invalid-tool-headers`: calls every tool the client kept (those with invalid
/// `x-mcp-header` annotations were left out of the list), with arguments made from its schema.
async fn call_every_tool(client: &Client) -> Result<(), Failure> {
    for tool in list(client).await? {
        let arguments = sample_arguments(&tool.input_schema);
        call(client, &tool.name, JsonValue::Object(arguments)).await?;
    }
    Ok(())
}

/// A value for every required property of an object schema, by its type.
fn sample_arguments(schema: &JsonObject) -> JsonObject {
    let properties = schema.get("properties").and_then(JsonValue::as_object);
    let required = schema.get("required").and_then(JsonValue::as_array);
    let mut arguments = JsonObject::new();
    for name in required.into_iter().flatten().filter_map(JsonValue::as_str) {
        let kind = properties
            .and_then(|p| p.get(name))
            .and_then(|p| p.get("type"))
            .and_then(JsonValue::as_str);
        let value = match kind {
            Some("integer" | "number") => json!(1),
            Some("boolean") => json!(true),
            Some("object") => json!({}),
            Some("array") => json!([]),
            Some("null") => JsonValue::Null,
            _ => json!("us-west1"),
        };
        arguments.insert(name.to_owned(), value);
    }
    arguments
}

/// `json-schema-2020-12-preservation`: sends the `inputSchema` of `json_schema_2020_12_tool` back,
/// as received, through `json_schema_echo`.
async fn echo_schema(client: &Client) -> Result<(), Failure> {
    let tools = list(client).await?;
    let focal = tools
        .iter()
        .find(|t| t.name == "json_schema_2020_12_tool")
        .ok_or("the server lists no json_schema_2020_12_tool")?;
    let schema = JsonValue::Object(focal.input_schema.clone());
    call(client, "json_schema_echo", json!({ "schema": schema })).await
}
