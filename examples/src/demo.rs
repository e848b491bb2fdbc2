//! The handler of the `stdio-server` example, shared with the test suites that drive it (the
//! in-memory suite wraps it with extra tools that exercise the dispatcher's guards, and
//! advertises only `tools`).
//!
//! Besides its tools it offers resources (three `file:///demo/...` files, two per page, and
//! the template `file:///demo/notes/{name}`), a prompt `greet`, and completion of the
//! prompt's and the template's arguments; the `stdio-server` binary advertises them all.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::json;
use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};
use tether_mcp::types::{
    Completion, CompletionReference, Prompt, PromptArgument, PromptMessage, Resource,
    ResourceContents, ResourceTemplate, Role, SamplingContent, SamplingMessage,
    SamplingMessageContentBlock, TextContent, TextResourceContents,
};
use tether_mcp::{Paginator, UriTemplate};

/// What the `deploy` tool asks the user.
#[derive(Debug, serde::Deserialize, JsonSchema)]
pub struct Confirm {
    /// Deploy now?
    pub confirm: bool,
}

/// What the `onboard` tools ask the user.
#[derive(Debug, serde::Deserialize, JsonSchema)]
pub struct Onboarding {
    /// The project to onboard.
    pub project: String,
}

/// The demo server: `add`, `deploy` (elicitation), `summarize` (sampling), `roots`, `slow`
/// (progress and cancellation), `onboard` (elicitation, then sampling, then roots) and
/// `onboard_joined` (elicitation, then sampling and roots joined); the resources [`FILES`] and the template [`NOTE_TEMPLATE`]
/// (over [`NOTES`]); the prompt `greet`; completion of `greet`'s arguments and of the
/// template's `name`.
#[derive(Debug, Default)]
pub struct Demo;

/// The demo server as the example binaries serve it: tools, resources (no subscriptions),
/// prompts and completions advertised.
pub fn server() -> tether_mcp::Server<Demo> {
    builder().build()
}

/// The builder of [`server`], for binaries that add to it (a sealing key, limits).
pub fn builder() -> tether_mcp::ServerBuilder<Demo> {
    use tether_mcp::types::{ListChangedCapability, ResourcesCapability, ServerCapabilities};
    tether_mcp::Server::builder(Demo).capabilities(ServerCapabilities {
        tools: Some(ListChangedCapability::default()),
        resources: Some(ResourcesCapability::default()),
        prompts: Some(ListChangedCapability::default()),
        completions: Some(Default::default()),
        ..Default::default()
    })
}

/// A tool result with one text block.
pub fn text(s: impl Into<String>) -> CallToolResult {
    CallToolResult {
        content: vec![ContentBlock::text(s)],
        ..Default::default()
    }
}

fn tool(name: &str, description: &str, properties: serde_json::Value) -> Tool {
    let schema = json!({"type": "object", "properties": properties});
    Tool {
        name: name.to_owned(),
        description: Some(description.to_owned()),
        input_schema: serde_json::from_value(schema).unwrap_or_default(),
        ..Default::default()
    }
}

fn number(params: &CallToolRequestParams, key: &str) -> Result<f64, ToolError> {
    params
        .arguments
        .as_ref()
        .and_then(|a| a.get(key))
        .and_then(serde_json::Value::as_f64)
        .ok_or_else(|| ToolError::invalid_arguments(format!("`{key}` must be a number")))
}

/// The listed resources: URI, name, MIME type, text.
pub const FILES: [(&str, &str, &str, &str); 3] = [
    (
        "file:///demo/readme.md",
        "readme",
        "text/markdown",
        "# Demo\nThe tether-mcp demo server.",
    ),
    (
        "file:///demo/config.json",
        "config",
        "application/json",
        "{\"mode\": \"demo\"}",
    ),
    (
        "file:///demo/changelog.txt",
        "changelog",
        "text/plain",
        "0.1.0: first release",
    ),
];

/// The template of the notes: `file:///demo/notes/{name}`.
pub const NOTE_TEMPLATE: &str = "file:///demo/notes/{name}";

/// The notes the template reaches: name, text.
pub const NOTES: [(&str, &str); 4] = [
    ("groceries", "milk, eggs, bread"),
    ("ideas", "a Rust SDK for MCP"),
    ("meeting", "Monday 10:00"),
    ("todo", "write the docs"),
];

/// The people `greet` completes `name` from, by team.
pub const TEAMS: [(&str, &[&str]); 2] = [
    ("core", &["Alice", "Bob", "Carol"]),
    ("docs", &["Charlie", "Dave"]),
];

/// Two resources per `resources/list` page.
const RESOURCE_PAGES: Paginator = Paginator::new("resources", 2);

/// The values of `candidates` that start with `prefix`, ignoring ASCII case.
fn completion<'a>(candidates: impl IntoIterator<Item = &'a str>, prefix: &str) -> CompleteResult {
    let prefix = prefix.to_ascii_lowercase();
    let values: Vec<String> = candidates
        .into_iter()
        .filter(|c| c.to_ascii_lowercase().starts_with(&prefix))
        .map(str::to_owned)
        .collect();
    CompleteResult {
        completion: Completion {
            total: Some(values.len() as u64),
            has_more: Some(false),
            values,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// The first step of the `onboard` tools: which project (`None` if the user said no).
async fn ask_project(cx: &InFlight<'_>) -> Result<Option<String>, ToolError> {
    let answer = cx
        .elicitation()?
        .form::<Onboarding>("Which project should I onboard?")
        .await?;
    Ok(answer.accepted().map(|o| o.project))
}

/// The `sampling/createMessage` of `summarize` and the `onboard` tools.
fn summary_request(input: &str) -> CreateMessageRequestParams {
    CreateMessageRequestParams {
        messages: vec![SamplingMessage {
            role: Role::User,
            content: SamplingContent::Single(SamplingMessageContentBlock::Text(TextContent::new(
                format!("Summarize in one line: {input}"),
            ))),
            meta: None,
            extra: Default::default(),
        }],
        max_tokens: 100,
        ..Default::default()
    }
}

/// The text of a sampling reply.
fn reply_text(reply: &CreateMessageResult) -> String {
    match &reply.content {
        SamplingContent::Single(SamplingMessageContentBlock::Text(t)) => t.text.clone(),
        _ => "(no text)".to_owned(),
    }
}

/// What the `onboard` tools answer.
fn onboarded(project: &str, summary: &CreateMessageResult, roots: &ListRootsResult) -> String {
    let roots: Vec<&str> = roots.roots.iter().map(|r| r.uri.as_str()).collect();
    format!(
        "onboarded {project}: {}; roots {}",
        reply_text(summary),
        roots.join(", ")
    )
}

fn text_contents(uri: &str, mime_type: &str, text: &str) -> ReadResourceResult {
    ReadResourceResult {
        contents: vec![ResourceContents::Text(TextResourceContents {
            uri: uri.to_owned(),
            mime_type: Some(mime_type.to_owned()),
            text: text.to_owned(),
            ..Default::default()
        })],
        ..Default::default()
    }
}

impl ServerHandler for Demo {
    async fn list_tools(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListToolsResult, ServerError> {
        let number = json!({"type": "number"});
        Ok(ListToolsResult {
            tools: vec![
                tool(
                    "add",
                    "Adds two numbers.",
                    json!({"a": number, "b": number}),
                ),
                tool(
                    "deploy",
                    "Deploys after asking the user to confirm.",
                    json!({}),
                ),
                tool(
                    "summarize",
                    "Asks the client's model for a one-line summary.",
                    json!({"text": {"type": "string"}}),
                ),
                tool("roots", "Lists the client's roots.", json!({})),
                tool(
                    "onboard",
                    "Asks for a project, then the client's model for a summary, then the client's roots.",
                    json!({}),
                ),
                tool(
                    "onboard_joined",
                    "Like onboard, but asks for the summary and the roots at once.",
                    json!({}),
                ),
                tool(
                    "slow",
                    "Counts to `steps`, reporting progress; stops when cancelled.",
                    json!({"steps": number}),
                ),
            ],
            ..Default::default()
        })
    }

    async fn call_tool(
        &self,
        params: CallToolRequestParams,
        cx: InFlight<'_>,
    ) -> Result<CallToolResult, ToolError> {
        match params.name.as_str() {
            "add" => Ok(text(
                (number(&params, "a")? + number(&params, "b")?).to_string(),
            )),
            "deploy" => match cx
                .elicitation()?
                .form::<Confirm>("Deploy to production?")
                .await?
            {
                Answer::Accepted(Confirm { confirm: true }) => Ok(text("deployed")),
                Answer::Accepted(_) | Answer::Declined | Answer::Cancelled => {
                    Ok(text("not deployed"))
                }
            },
            "summarize" => {
                let input = params
                    .arguments
                    .as_ref()
                    .and_then(|a| a.get("text"))
                    .and_then(|t| t.as_str())
                    .unwrap_or_default();
                let reply = cx
                    .sampling()?
                    .create_message(summary_request(input))
                    .await?;
                Ok(text(reply_text(&reply)))
            }
            "onboard" => {
                let Some(project) = ask_project(&cx).await? else {
                    return Ok(text("onboarding cancelled"));
                };
                let summary = cx
                    .sampling()?
                    .create_message(summary_request(&project))
                    .await?;
                let roots = cx.roots()?.list().await?;
                Ok(text(onboarded(&project, &summary, &roots)))
            }
            "onboard_joined" => {
                let Some(project) = ask_project(&cx).await? else {
                    return Ok(text("onboarding cancelled"));
                };
                let (sampling, roots) = (cx.sampling()?, cx.roots()?);
                let (summary, roots) = tokio::join!(
                    sampling.create_message(summary_request(&project)),
                    roots.list()
                );
                Ok(text(onboarded(&project, &summary?, &roots?)))
            }
            "roots" => {
                let roots = cx.roots()?.list().await?;
                Ok(text(
                    roots
                        .roots
                        .iter()
                        .map(|r| r.uri.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ))
            }
            "slow" => {
                let steps = number(&params, "steps")? as u32;
                for step in 1..=steps {
                    tokio::select! {
                        () = cx.cancelled() => return Err(ToolError::execution("cancelled")),
                        () = tokio::time::sleep(Duration::from_millis(50)) => {}
                    }
                    cx.progress(
                        f64::from(step),
                        Some(f64::from(steps)),
                        Some(format!("step {step}")),
                    )
                    .await?;
                }
                Ok(text(format!("counted to {steps}")))
            }
            other => Err(ToolError::unknown_tool(other)),
        }
    }

    async fn list_resources(
        &self,
        params: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListResourcesResult, ServerError> {
        let page = RESOURCE_PAGES.page(&FILES, params.as_ref())?;
        Ok(ListResourcesResult {
            resources: page
                .items
                .iter()
                .map(|&(uri, name, mime_type, _)| Resource {
                    uri: uri.to_owned(),
                    name: name.to_owned(),
                    mime_type: Some(mime_type.to_owned()),
                    ..Default::default()
                })
                .collect(),
            next_cursor: page.next_cursor,
            ..Default::default()
        })
    }

    async fn list_resource_templates(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListResourceTemplatesResult, ServerError> {
        Ok(ListResourceTemplatesResult {
            resource_templates: vec![ResourceTemplate {
                uri_template: NOTE_TEMPLATE.to_owned(),
                name: "note".to_owned(),
                description: Some("A note, by name.".to_owned()),
                mime_type: Some("text/plain".to_owned()),
                ..Default::default()
            }],
            ..Default::default()
        })
    }

    async fn read_resource(
        &self,
        params: ReadResourceRequestParams,
        cx: InFlight<'_>,
    ) -> Result<ReadResourceResult, ServerError> {
        let uri = params.uri.as_str();
        if let Some(&(_, _, mime_type, text)) = FILES.iter().find(|f| f.0 == uri) {
            return Ok(text_contents(uri, mime_type, text));
        }
        let template =
            UriTemplate::parse(NOTE_TEMPLATE).map_err(|e| ServerError::internal(e.to_string()))?;
        let note = template
            .matches(uri)
            .and_then(|vars| NOTES.iter().find(|n| vars.get("name") == Some(n.0)));
        match note {
            Some(&(_, text)) => Ok(text_contents(uri, "text/plain", text)),
            None => Err(ServerError(tether_mcp::types::ErrorObject::new(
                cx.protocol_version().resource_not_found_code(),
                format!("resource not found: {uri}"),
            ))),
        }
    }

    async fn list_prompts(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListPromptsResult, ServerError> {
        let argument = |name: &str, description: &str, required: bool| PromptArgument {
            name: name.to_owned(),
            description: Some(description.to_owned()),
            required: Some(required),
            ..Default::default()
        };
        Ok(ListPromptsResult {
            prompts: vec![Prompt {
                name: "greet".to_owned(),
                description: Some("Greets someone.".to_owned()),
                arguments: Some(vec![
                    argument("name", "Who to greet.", true),
                    argument("team", "Their team.", false),
                ]),
                ..Default::default()
            }],
            ..Default::default()
        })
    }

    async fn get_prompt(
        &self,
        params: GetPromptRequestParams,
        _: InFlight<'_>,
    ) -> Result<GetPromptResult, ServerError> {
        if params.name != "greet" {
            return Err(ServerError::invalid_params(format!(
                "unknown prompt: {}",
                params.name
            )));
        }
        let arguments = params.arguments.unwrap_or_default();
        let Some(name) = arguments.get("name") else {
            return Err(ServerError::invalid_params(
                "greet: missing required argument `name`",
            ));
        };
        let text = match arguments.get("team") {
            Some(team) => format!("Greet {name} from the {team} team warmly."),
            None => format!("Greet {name} warmly."),
        };
        Ok(GetPromptResult {
            description: Some(format!("A greeting for {name}")),
            messages: vec![PromptMessage {
                role: Role::User,
                content: ContentBlock::text(text),
                extra: Default::default(),
            }],
            ..Default::default()
        })
    }

    async fn complete(
        &self,
        params: CompleteRequestParams,
        _: RequestCx<'_>,
    ) -> Result<CompleteResult, ServerError> {
        let context: BTreeMap<String, String> =
            params.context.and_then(|c| c.arguments).unwrap_or_default();
        let argument = params.argument.name.as_str();
        let prefix = params.argument.value.as_str();
        match &params.reference {
            CompletionReference::Prompt(prompt) if prompt.name == "greet" => match argument {
                // Only the people of the team already chosen, if one is.
                "name" => Ok(completion(
                    TEAMS
                        .iter()
                        .filter(|(team, _)| context.get("team").is_none_or(|t| t == team))
                        .flat_map(|(_, people)| people.iter().copied()),
                    prefix,
                )),
                "team" => Ok(completion(TEAMS.iter().map(|t| t.0), prefix)),
                _ => Ok(CompleteResult::default()),
            },
            CompletionReference::ResourceTemplate(template) if template.uri == NOTE_TEMPLATE => {
                match argument {
                    "name" => Ok(completion(NOTES.iter().map(|n| n.0), prefix)),
                    _ => Ok(CompleteResult::default()),
                }
            }
            CompletionReference::Prompt(prompt) => Err(ServerError::invalid_params(format!(
                "unknown prompt: {}",
                prompt.name
            ))),
            CompletionReference::ResourceTemplate(template) => Err(ServerError::invalid_params(
                format!("unknown resource template: {}", template.uri),
            )),
            CompletionReference::Unknown(reference) => Err(ServerError::invalid_params(format!(
                "unknown reference: {}",
                serde_json::Value::Object(reference.clone())
            ))),
        }
    }
}
