//! The conformance tools: their list, their calls and the client capabilities two of them need.

use std::time::Duration;

use serde_json::{Value, json};
use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};
use tether_mcp::types::{
    AudioContent, ElicitRequest, ElicitRequestFormParams, ElicitRequestParams, ElicitResult,
    EmbeddedResource, FormMode, ImageContent, InputRequest, InputRequests, InputRequiredResult,
    InputResponse, LoggingLevel, ResourceContents, ResourceType, Role, SamplingContent,
    SamplingMessage, SamplingMessageContentBlock, TextContent, TextResourceContents,
};
use tether_mcp::{Ask, Target};

use super::{Conformance, TEST_AUDIO_BASE64, TEST_IMAGE_BASE64, text};

/// Form of `test_elicitation`.
#[derive(serde::Deserialize, serde::Serialize, JsonSchema)]
struct UserResponse {
    /// User's response
    response: String,
}

/// Form asking for a name (`test_input_required_result_{elicitation,multiple_inputs,multi_round}`).
#[derive(serde::Deserialize, JsonSchema)]
struct Name {
    name: String,
}

/// Form asking for a colour (`test_input_required_result_multi_round`, step 2).
#[derive(serde::Deserialize, JsonSchema)]
struct Color {
    color: String,
}

/// Form asking to confirm (`test_input_required_result_{request_state,tampered_state}`,
/// `test_streaming_elicitation`).
#[derive(serde::Deserialize, JsonSchema)]
struct Confirm {
    ok: bool,
}

/// Form of `test_input_required_result_capabilities`.
#[derive(serde::Deserialize, JsonSchema)]
#[expect(
    dead_code,
    reason = "only the form's schema and the answer's presence matter"
)]
struct Input {
    value: String,
}

/// The tools of every revision without arguments: name, description.
const TOOLS: &[(&str, &str)] = &[
    ("test_simple_text", "Tests simple text content response"),
    ("test_image_content", "Tests image content response"),
    ("test_audio_content", "Tests audio content response"),
    (
        "test_embedded_resource",
        "Tests embedded resource content response",
    ),
    (
        "test_multiple_content_types",
        "Tests response with multiple content types (text, image, resource)",
    ),
    (
        "test_tool_with_logging",
        "Tests tool that emits log messages during execution",
    ),
    (
        "test_tool_with_progress",
        "Tests tool that reports progress notifications",
    ),
    ("test_error_handling", "Tests error response handling"),
    (
        "test_reconnection",
        "Tests SSE stream disconnection and client reconnection (SEP-1699)",
    ),
    (
        "test_elicitation_sep1034_defaults",
        "Tests elicitation with default values per SEP-1034",
    ),
    (
        "test_elicitation_sep1330_enums",
        "Tests elicitation with enum schema improvements per SEP-1330",
    ),
];

/// The tools listed to 2026-07-28 clients only.
const MODERN_TOOLS: &[(&str, &str)] = &[
    ("test_missing_capability", "Test tool requiring sampling"),
    (
        "test_streaming_elicitation",
        "Elicitation during a call: an InputRequiredResult, never an independent request",
    ),
    (
        "test_logging_tool",
        "Logs only if the request set a log level",
    ),
    ("test_trigger_tool_change", "Sends tools/list_changed"),
    ("test_trigger_prompt_change", "Sends prompts/list_changed"),
    (
        "test_input_required_result_elicitation",
        "MRTR: returns InputRequiredResult with elicitation request",
    ),
    (
        "test_input_required_result_sampling",
        "MRTR: returns InputRequiredResult with sampling request",
    ),
    (
        "test_input_required_result_list_roots",
        "MRTR: returns InputRequiredResult with roots/list request",
    ),
    (
        "test_input_required_result_request_state",
        "MRTR: returns InputRequiredResult with requestState",
    ),
    (
        "test_input_required_result_multiple_inputs",
        "MRTR: returns InputRequiredResult with multiple input requests",
    ),
    (
        "test_input_required_result_multi_round",
        "MRTR: multi-round InputRequiredResult workflow",
    ),
    (
        "test_input_required_result_tampered_state",
        "MRTR: integrity-protected requestState",
    ),
    (
        "test_input_required_result_capabilities",
        "MRTR: respects client capabilities in inputRequests",
    ),
];

fn tool(name: &str, description: &str, input_schema: Value) -> Tool {
    Tool {
        name: name.to_owned(),
        description: Some(description.to_owned()),
        input_schema: serde_json::from_value(input_schema).unwrap_or_default(),
        ..Default::default()
    }
}

fn no_arguments(&(name, description): &(&str, &str)) -> Tool {
    tool(
        name,
        description,
        json!({"type": "object", "properties": {}}),
    )
}

fn one_string(name: &str, description: &str, argument: &str, about: &str) -> Tool {
    let schema = json!({
        "type": "object",
        "properties": {argument: {"type": "string", "description": about}},
        "required": [argument],
    });
    tool(name, description, schema)
}

/// The inputSchema of `json_schema_2020_12_tool`: `$schema`, `$defs` with `$anchor`, `$ref`,
/// composition, conditionals and `additionalProperties`, to be listed unchanged.
fn json_schema_2020_12() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "$defs": {
            "address": {
                "$anchor": "addressDef",
                "type": "object",
                "properties": {"street": {"type": "string"}, "city": {"type": "string"}}
            }
        },
        "properties": {
            "name": {"type": "string"},
            "address": {"$ref": "#/$defs/address"},
            "contactMethod": {"type": "string", "enum": ["phone", "email"]},
            "phone": {"type": "string"},
            "email": {"type": "string"}
        },
        "allOf": [{"anyOf": [{"required": ["phone"]}, {"required": ["email"]}]}],
        "if": {"properties": {"contactMethod": {"const": "phone"}}, "required": ["contactMethod"]},
        "then": {"required": ["phone"]},
        "else": {"required": ["email"]},
        "additionalProperties": false
    })
}

/// Every tool of the revision: the 2026-07-28 ones only if `modern`.
pub(super) fn list(modern: bool) -> Vec<Tool> {
    let mut tools: Vec<Tool> = TOOLS.iter().map(no_arguments).collect();
    tools.push(one_string(
        "test_sampling",
        "Tests server-initiated sampling (LLM completion request)",
        "prompt",
        "The prompt to send to the LLM",
    ));
    tools.push(one_string(
        "test_elicitation",
        "Tests server-initiated elicitation (user input request)",
        "message",
        "The message to show the user",
    ));
    tools.push(tool(
        "json_schema_2020_12_tool",
        "Tool with JSON Schema 2020-12 features for conformance testing (SEP-1613)",
        json_schema_2020_12(),
    ));
    if modern {
        tools.extend(MODERN_TOOLS.iter().map(no_arguments));
        tools.push(tool(
            "test_custom_headers",
            "Mirrors its annotated arguments in Mcp-Param-* headers (SEP-2243)",
            json!({"type": "object", "properties": {
                "region": {"type": "string", "x-mcp-header": "Region", "description": "Where to run"},
                "priority": {"type": "integer", "x-mcp-header": "Priority"},
                "dryRun": {"type": "boolean", "x-mcp-header": "DryRun"},
                "note": {"type": "string"}
            }}),
        ));
    }
    tools
}

/// `test_missing_capability` needs sampling and `test_streaming_elicitation` elicitation: the
/// dispatcher answers -32021 (2026-07-28) before they run if the client did not declare it.
pub(super) fn required_capabilities(target: Target<'_>) -> Option<ClientCapabilities> {
    match target {
        Target::Tool("test_missing_capability") => Some(ClientCapabilities {
            sampling: Some(Default::default()),
            ..Default::default()
        }),
        Target::Tool("test_streaming_elicitation") => Some(ClientCapabilities {
            elicitation: Some(Default::default()),
            ..Default::default()
        }),
        _ => None,
    }
}

fn image() -> ContentBlock {
    ContentBlock::Image(ImageContent {
        data: TEST_IMAGE_BASE64.to_owned(),
        mime_type: "image/png".to_owned(),
        ..Default::default()
    })
}

fn embedded(uri: &str, mime_type: &str, text: impl Into<String>) -> ContentBlock {
    ContentBlock::Resource(EmbeddedResource {
        r#type: ResourceType,
        resource: ResourceContents::Text(TextResourceContents {
            uri: uri.to_owned(),
            mime_type: Some(mime_type.to_owned()),
            text: text.into(),
            ..Default::default()
        }),
        annotations: None,
        meta: None,
        extra: Default::default(),
    })
}

fn content(blocks: Vec<ContentBlock>) -> CallToolResult {
    CallToolResult {
        content: blocks,
        ..Default::default()
    }
}

fn string_argument<'a>(params: &'a CallToolRequestParams, key: &str) -> &'a str {
    params
        .arguments
        .as_ref()
        .and_then(|a| a.get(key))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// A one-message `sampling/createMessage`.
fn sampling_request(prompt: &str, max_tokens: u64) -> CreateMessageRequestParams {
    CreateMessageRequestParams {
        messages: vec![SamplingMessage {
            role: Role::User,
            content: SamplingContent::Single(SamplingMessageContentBlock::Text(TextContent::new(
                prompt,
            ))),
            meta: None,
            extra: Default::default(),
        }],
        max_tokens,
        ..Default::default()
    }
}

fn reply_text(reply: &CreateMessageResult) -> String {
    match &reply.content {
        SamplingContent::Single(SamplingMessageContentBlock::Text(t)) => t.text.clone(),
        _ => "no response".to_owned(),
    }
}

/// A raw form elicitation (`requestedSchema` given as JSON), `mode` set where the revision has it.
fn raw_form(cx: &InFlight<'_>, message: &str, schema: Value) -> ElicitRequestFormParams {
    ElicitRequestFormParams {
        mode: cx
            .protocol_version()
            .has_url_elicitation()
            .then_some(FormMode),
        message: message.to_owned(),
        requested_schema: serde_json::from_value(schema).unwrap_or_default(),
        ..Default::default()
    }
}

/// `action=<action>, content=<json>` of an elicitation answer (the reference server's text).
fn elicited(result: &ElicitResult) -> String {
    let action = serde_json::to_value(result.action).unwrap_or(Value::Null);
    let content =
        serde_json::to_string(&result.content.clone().unwrap_or_default()).unwrap_or_default();
    format!(
        "action={}, content={content}",
        action.as_str().unwrap_or("?")
    )
}

/// SEP-1034: a default for every primitive type.
fn sep1034_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "name": {"type": "string", "description": "User name", "default": "John Doe"},
            "age": {"type": "integer", "description": "User age", "default": 30},
            "score": {"type": "number", "description": "User score", "default": 95.5},
            "status": {
                "type": "string", "description": "User status",
                "enum": ["active", "inactive", "pending"], "default": "active"
            },
            "verified": {"type": "boolean", "description": "Verification status", "default": true}
        },
        "required": []
    })
}

/// SEP-1330: the five enum shapes.
fn sep1330_schema() -> Value {
    let titled = |kind: &str| {
        json!([
            {"const": "value1", "title": format!("First {kind}")},
            {"const": "value2", "title": format!("Second {kind}")},
            {"const": "value3", "title": format!("Third {kind}")}
        ])
    };
    json!({
        "type": "object",
        "properties": {
            "untitledSingle": {
                "type": "string", "description": "Select one option",
                "enum": ["option1", "option2", "option3"]
            },
            "titledSingle": {
                "type": "string", "description": "Select one option with titles",
                "oneOf": titled("Option")
            },
            "legacyEnum": {
                "type": "string", "description": "Select one option (legacy)",
                "enum": ["opt1", "opt2", "opt3"],
                "enumNames": ["Option One", "Option Two", "Option Three"]
            },
            "untitledMulti": {
                "type": "array", "description": "Select multiple options",
                "minItems": 1, "maxItems": 3,
                "items": {"type": "string", "enum": ["option1", "option2", "option3"]}
            },
            "titledMulti": {
                "type": "array", "description": "Select multiple options with titles",
                "minItems": 1, "maxItems": 3,
                "items": {"anyOf": titled("Choice")}
            }
        },
        "required": []
    })
}

/// The value of an optional ask, if there was one.
async fn maybe<T>(ask: Option<Ask<'_, T>>) -> Option<Result<T, tether_mcp::RequestError>> {
    match ask {
        Some(ask) => Some(ask.await),
        None => None,
    }
}

/// `tools/call`.
pub(super) async fn call(
    server: &Conformance,
    params: CallToolRequestParams,
    cx: &InFlight<'_>,
) -> Result<CallToolResult, ToolError> {
    match params.name.as_str() {
        "test_simple_text" => Ok(text("This is a simple text response for testing.")),
        "test_image_content" => Ok(content(vec![image()])),
        "test_audio_content" => Ok(content(vec![ContentBlock::Audio(AudioContent {
            data: TEST_AUDIO_BASE64.to_owned(),
            mime_type: "audio/wav".to_owned(),
            ..Default::default()
        })])),
        "test_embedded_resource" => Ok(content(vec![embedded(
            "test://embedded-resource",
            "text/plain",
            "This is an embedded resource content.",
        )])),
        "test_multiple_content_types" => Ok(content(vec![
            ContentBlock::text("Multiple content types test:"),
            image(),
            embedded(
                "test://mixed-content-resource",
                "application/json",
                json!({"test": "data", "value": 123}).to_string(),
            ),
        ])),
        "test_tool_with_logging" => {
            let steps = [
                "Tool execution started",
                "Tool processing data",
                "Tool execution completed",
            ];
            for (n, step) in steps.into_iter().enumerate() {
                if n > 0 {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                cx.log(LoggingLevel::Info, step).await?;
            }
            Ok(text("Tool with logging executed successfully"))
        }
        "test_tool_with_progress" => {
            for (n, step) in [0u32, 50, 100].into_iter().enumerate() {
                if n > 0 {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                let message = format!("Completed step {step} of 100");
                cx.progress(f64::from(step), Some(100.0), Some(message))
                    .await?;
            }
            let token = params.meta.as_ref().and_then(|m| m.raw("progressToken"));
            Ok(text(match token {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => "0".to_owned(),
            }))
        }
        "test_error_handling" => Err(ToolError::execution(
            "This tool intentionally returns an error for testing",
        )),
        "test_reconnection" => {
            // The SEP-1699 stream close is the HTTP transport's; the tool only takes a while.
            tokio::time::sleep(Duration::from_millis(100)).await;
            Ok(text(
                "Reconnection test completed successfully. If you received this, the client \
                 properly reconnected after stream closure.",
            ))
        }
        "test_sampling" => {
            let prompt = string_argument(&params, "prompt");
            let reply = match cx.sampling() {
                Ok(sampling) => sampling
                    .create_message(sampling_request(prompt, 100))
                    .await
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            Ok(text(match reply {
                Ok(reply) => format!("LLM response: {}", reply_text(&reply)),
                Err(e) => format!("Sampling not supported or error: {e}"),
            }))
        }
        "test_elicitation" => {
            let message = string_argument(&params, "message");
            let answer = match cx.elicitation() {
                Ok(e) => e
                    .form::<UserResponse>(message)
                    .await
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            Ok(text(match answer {
                Ok(Answer::Accepted(r)) => format!(
                    "User response: action=accept, content={}",
                    serde_json::to_string(&r).unwrap_or_default()
                ),
                Ok(Answer::Declined) => "User response: action=decline, content={}".to_owned(),
                Ok(Answer::Cancelled) => "User response: action=cancel, content={}".to_owned(),
                Err(e) => format!("Elicitation not supported or error: {e}"),
            }))
        }
        "test_elicitation_sep1034_defaults" | "test_elicitation_sep1330_enums" => {
            let form = if params.name == "test_elicitation_sep1034_defaults" {
                let message = "Please review and update the form fields with defaults";
                raw_form(cx, message, sep1034_schema())
            } else {
                raw_form(
                    cx,
                    "Please select options from the enum fields",
                    sep1330_schema(),
                )
            };
            let answer = match cx.elicitation() {
                Ok(e) => e.elicit(form).await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            Ok(text(match answer {
                Ok(result) => format!("Elicitation completed: {}", elicited(&result)),
                Err(e) => format!("Elicitation not supported or error: {e}"),
            }))
        }
        "json_schema_2020_12_tool" => {
            let arguments = Value::Object(params.arguments.clone().unwrap_or_default());
            Ok(text(format!(
                "JSON Schema 2020-12 tool called with: {arguments}"
            )))
        }
        "test_missing_capability" => Ok(text("Success")),
        "test_streaming_elicitation" => {
            cx.progress(50.0, Some(100.0), None).await?;
            let answer = cx.elicitation()?.form::<Confirm>("Continue?").await?;
            Ok(text(match answer {
                Answer::Accepted(Confirm { ok: true }) => "Streaming complete",
                _ => "Streaming stopped",
            }))
        }
        "test_custom_headers" => Ok(text(format!(
            "headers matched for {}",
            params
                .arguments
                .as_ref()
                .and_then(|a| a.get("region"))
                .and_then(|r| r.as_str())
                .unwrap_or("no region")
        ))),
        "test_logging_tool" => {
            cx.log(LoggingLevel::Info, "Diagnostic trace logging activated")
                .await?;
            Ok(text("Logging evaluated"))
        }
        "test_trigger_tool_change" | "test_trigger_prompt_change" => {
            let Some(notifier) = server.notifier() else {
                return Err(ToolError::execution(
                    "no notifier: call Conformance::set_notifier after building the server",
                ));
            };
            if params.name == "test_trigger_tool_change" {
                notifier.tools_list_changed();
            } else {
                notifier.prompts_list_changed();
            }
            Ok(text("Mutation triggered"))
        }
        name if name.starts_with("test_input_required_result_") => input_required(name, cx).await,
        other => Err(ToolError::unknown_tool(other)),
    }
}

/// The `test_input_required_result_*` tools (SEP-2322). Written with ordinary asks, so on a
/// legacy session they are nested requests; only `..._elicitation` takes the low-level path on
/// 2026-07-28, because its scenarios name the input key (`user_name`) and send it unasked.
async fn input_required(name: &str, cx: &InFlight<'_>) -> Result<CallToolResult, ToolError> {
    match name {
        "test_input_required_result_elicitation" => {
            if let Some(round) = cx.multi_round() {
                let answer = round.input_responses().and_then(|r| r.get("user_name"));
                if let Some(InputResponse::Elicit(result)) = answer {
                    let name = result.content.as_ref().and_then(|c| c.get("name"));
                    let name = match name.map(serde_json::to_value) {
                        Some(Ok(Value::String(s))) => s,
                        _ => "unknown".to_owned(),
                    };
                    return Ok(text(format!("Hello, {name}!")));
                }
                let schema = json!({
                    "type": "object",
                    "properties": {"name": {"type": "string"}},
                    "required": ["name"]
                });
                let form = raw_form(cx, "What is your name?", schema);
                let mut requests = InputRequests::new();
                requests.insert(
                    "user_name".into(),
                    InputRequest::Elicit(ElicitRequest::input(ElicitRequestParams::Form(form))),
                );
                let error = round
                    .require_input(InputRequiredResult::new(requests, None))
                    .await;
                return Err(error.into());
            }
            let answer = cx.elicitation()?.form::<Name>("What is your name?").await?;
            let name = answer
                .accepted()
                .map_or_else(|| "unknown".into(), |n| n.name);
            Ok(text(format!("Hello, {name}!")))
        }
        "test_input_required_result_sampling" => {
            let request = sampling_request("What is the capital of France?", 100);
            let reply = cx.sampling()?.create_message(request).await?;
            Ok(text(format!("Sampling result: {}", reply_text(&reply))))
        }
        "test_input_required_result_list_roots" => {
            let roots = cx.roots()?.list().await?;
            Ok(text(format!("Found {} root(s)", roots.roots.len())))
        }
        "test_input_required_result_request_state"
        | "test_input_required_result_tampered_state" => {
            // The SDK seals every round's requestState (HMAC) and rejects an altered one with
            // -32602 before the handler runs, so reaching the answer means the state verified.
            let answer = cx.elicitation()?.form::<Confirm>("Please confirm").await?;
            Ok(text(match (answer, name.ends_with("request_state")) {
                (Answer::Accepted(Confirm { ok: true }), true) => {
                    "state-ok: requestState validated"
                }
                (Answer::Accepted(Confirm { ok: true }), false) => "integrity-ok: state verified",
                _ => "not confirmed",
            }))
        }
        "test_input_required_result_multiple_inputs" => {
            let (elicitation, sampling, roots) = (cx.elicitation()?, cx.sampling()?, cx.roots()?);
            let (name, greeting, roots) = tokio::join!(
                elicitation.form::<Name>("What is your name?"),
                sampling.create_message(sampling_request("Generate a greeting", 50)),
                roots.list(),
            );
            let name = name?
                .accepted()
                .map_or_else(|| "unknown".into(), |n| n.name);
            Ok(text(format!(
                "Name: {name}; Greeting: {}; Roots: {}",
                reply_text(&greeting?),
                roots?.roots.len()
            )))
        }
        "test_input_required_result_multi_round" => {
            let elicitation = cx.elicitation()?;
            let step1 = elicitation
                .form::<Name>("Step 1: What is your name?")
                .await?;
            let name = step1.accepted().map_or_else(|| "friend".into(), |n| n.name);
            let step2 = elicitation
                .form::<Color>("Step 2: What is your favorite color?")
                .await?;
            let color = step2
                .accepted()
                .map_or_else(|| "unknown".into(), |c| c.color);
            Ok(text(format!(
                "Multi-round complete for {name} who likes {color}"
            )))
        }
        "test_input_required_result_capabilities" => {
            // Only asks the client declared: a missing capability means no ask of that kind.
            let elicit = cx
                .elicitation()
                .ok()
                .map(|e| e.form::<Input>("Elicitation input"));
            let sample = cx
                .sampling()
                .ok()
                .map(|s| s.create_message(sampling_request("Sample request", 50)));
            if elicit.is_none() && sample.is_none() {
                return Ok(text("No supported capabilities declared"));
            }
            let (elicited, sampled) = tokio::join!(maybe(elicit), maybe(sample));
            let mut received = Vec::new();
            if elicited.transpose()?.is_some() {
                received.push("elicitation");
            }
            if sampled.transpose()?.is_some() {
                received.push("sampling");
            }
            Ok(text(format!(
                "capabilities-ok: received {}",
                received.join(",")
            )))
        }
        other => Err(ToolError::unknown_tool(other)),
    }
}
