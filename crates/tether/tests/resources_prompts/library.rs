//! The handler of `resources_prompts.rs`: resources paged with [`Paginator`], a template
//! matched with [`UriTemplate`], subscriptions, prompts with arguments, and completion of a
//! prompt argument and of a template argument (narrowed by `context`).

use std::sync::{Arc, Mutex};

use tether_mcp::prelude::*;
use tether_mcp::types::{
    Completion, CompletionReference, ErrorObject, ListChangedCapability, Prompt, PromptArgument,
    PromptMessage, Resource, ResourceContents, ResourceRequestParams, ResourceTemplate,
    ResourcesCapability, Role, ServerCapabilities, TextResourceContents,
};
use tether_mcp::{Limits, Paginator, UriTemplate};

/// How many `file:///docs/N.md` resources the library lists.
pub(crate) const DOCS: usize = 7;
/// Three per page: pages of 3, 3 and 1.
pub(crate) const PAGES: Paginator = Paginator::new("resources", 3);
/// The template of the notes.
pub(crate) const NOTES: &str = "notes://{topic}/{+path}";
/// A readable resource too large for the in-memory duplex (64 KiB), to stall the writer.
pub(crate) const BIG: &str = "file:///big";
pub(crate) const BIG_BYTES: usize = 256 * 1024;
/// The notes each topic has, for completion.
const NOTE_PATHS: [(&str, &[&str]); 2] = [
    ("go", &["channels.md", "generics.md"]),
    ("rust", &["ownership.md", "traits.md", "tokio/select.md"]),
];
const STYLES: [&str; 3] = ["formal", "friendly", "funny"];

/// What the subscription hooks saw: `("subscribe" | "unsubscribe", uri)`.
pub(crate) type HookCalls = Arc<Mutex<Vec<(&'static str, String)>>>;

/// The test handler.
pub(crate) struct Library {
    resources: Vec<Resource>,
    notes: UriTemplate,
    hooks: HookCalls,
}

impl Library {
    pub(crate) fn new() -> (Library, HookCalls) {
        let resources = (0..DOCS)
            .map(|i| Resource {
                uri: format!("file:///docs/{i}.md"),
                name: format!("doc {i}"),
                mime_type: Some("text/markdown".to_owned()),
                ..Default::default()
            })
            .collect();
        let hooks = HookCalls::default();
        let library = Library {
            resources,
            notes: UriTemplate::parse(NOTES).expect("a matchable template"),
            hooks: hooks.clone(),
        };
        (library, hooks)
    }
}

/// Every capability, with `listChanged` and `subscribe`.
pub(crate) fn full_capabilities() -> ServerCapabilities {
    let list_changed = ListChangedCapability {
        list_changed: Some(true),
        ..Default::default()
    };
    ServerCapabilities {
        tools: Some(list_changed.clone()),
        prompts: Some(list_changed),
        resources: Some(ResourcesCapability {
            subscribe: Some(true),
            list_changed: Some(true),
            ..Default::default()
        }),
        completions: Some(Default::default()),
        ..Default::default()
    }
}

/// The same features without `listChanged` or `subscribe`.
pub(crate) fn quiet_capabilities() -> ServerCapabilities {
    ServerCapabilities {
        tools: Some(Default::default()),
        prompts: Some(Default::default()),
        resources: Some(Default::default()),
        completions: Some(Default::default()),
        ..Default::default()
    }
}

/// A library server with `capabilities` and `limits`; also returns its hook calls.
pub(crate) fn server(
    capabilities: ServerCapabilities,
    limits: Limits,
) -> (Server<Library>, HookCalls) {
    let (library, hooks) = Library::new();
    let server = Server::builder(library)
        .capabilities(capabilities)
        .limits(limits)
        .build();
    (server, hooks)
}

fn text(uri: &str, text: impl Into<String>) -> ReadResourceResult {
    ReadResourceResult {
        contents: vec![ResourceContents::Text(TextResourceContents {
            uri: uri.to_owned(),
            mime_type: Some("text/plain".to_owned()),
            text: text.into(),
            ..Default::default()
        })],
        ..Default::default()
    }
}

fn argument(name: &str, required: bool) -> PromptArgument {
    PromptArgument {
        name: name.to_owned(),
        required: Some(required),
        ..Default::default()
    }
}

/// The candidates that start with what was typed, as a completion.
fn completion<'a>(candidates: impl IntoIterator<Item = &'a str>, typed: &str) -> CompleteResult {
    let values: Vec<String> = candidates
        .into_iter()
        .filter(|c| c.starts_with(typed))
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

impl ServerHandler for Library {
    async fn list_resources(
        &self,
        params: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListResourcesResult, ServerError> {
        let page = PAGES.page(&self.resources, params.as_ref())?;
        Ok(ListResourcesResult {
            resources: page.items.to_vec(),
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
                uri_template: NOTES.to_owned(),
                name: "notes".to_owned(),
                description: Some("Notes by topic".to_owned()),
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
        if uri == BIG {
            return Ok(text(uri, "x".repeat(BIG_BYTES)));
        }
        if self.resources.iter().any(|r| r.uri == uri) {
            return Ok(text(uri, format!("contents of {uri}")));
        }
        if let Some(vars) = self.notes.matches(uri) {
            let (topic, path) = (vars.get("topic"), vars.get("path"));
            return Ok(text(
                uri,
                format!("note on {}: {}", topic.unwrap_or("?"), path.unwrap_or("?")),
            ));
        }
        let code = cx.protocol_version().resource_not_found_code();
        Err(ErrorObject::new(code, format!("resource not found: {uri}")).into())
    }

    async fn subscribe(
        &self,
        params: ResourceRequestParams,
        _: RequestCx<'_>,
    ) -> Result<(), ServerError> {
        let refused = params.uri.starts_with("secret:");
        self.hooks
            .lock()
            .unwrap()
            .push(("subscribe", params.uri.clone()));
        if refused {
            return Err(ServerError::invalid_params(format!(
                "{} may not be watched",
                params.uri
            )));
        }
        Ok(())
    }

    async fn unsubscribe(
        &self,
        params: ResourceRequestParams,
        _: RequestCx<'_>,
    ) -> Result<(), ServerError> {
        self.hooks.lock().unwrap().push(("unsubscribe", params.uri));
        Ok(())
    }

    async fn list_prompts(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestCx<'_>,
    ) -> Result<ListPromptsResult, ServerError> {
        Ok(ListPromptsResult {
            prompts: vec![
                Prompt {
                    name: "greet".to_owned(),
                    description: Some("Greets someone in a style".to_owned()),
                    arguments: Some(vec![argument("name", true), argument("style", false)]),
                    ..Default::default()
                },
                Prompt {
                    name: "summarize".to_owned(),
                    arguments: Some(vec![argument("uri", true)]),
                    ..Default::default()
                },
            ],
            ..Default::default()
        })
    }

    async fn get_prompt(
        &self,
        params: GetPromptRequestParams,
        _: InFlight<'_>,
    ) -> Result<GetPromptResult, ServerError> {
        let arguments = params.arguments.unwrap_or_default();
        let required = |name: &str| {
            arguments.get(name).cloned().ok_or_else(|| {
                ServerError::invalid_params(format!("missing required argument `{name}`"))
            })
        };
        let text = match params.name.as_str() {
            "greet" => {
                let name = required("name")?;
                match arguments.get("style").map(String::as_str) {
                    Some("formal") => format!("Good day, {name}."),
                    _ => format!("Hello, {name}!"),
                }
            }
            "summarize" => format!("Summarize {}", required("uri")?),
            other => {
                return Err(ServerError::invalid_params(format!(
                    "unknown prompt: {other}"
                )));
            }
        };
        Ok(GetPromptResult {
            description: Some(format!("the {} prompt", params.name)),
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
        let typed = params.argument.value.as_str();
        let context = params.context.and_then(|c| c.arguments).unwrap_or_default();
        match (&params.reference, params.argument.name.as_str()) {
            (CompletionReference::Prompt(p), "style") if p.name == "greet" => {
                Ok(completion(STYLES, typed))
            }
            (CompletionReference::ResourceTemplate(r), "topic") if r.uri == NOTES => Ok(
                completion(NOTE_PATHS.iter().map(|(topic, _)| *topic), typed),
            ),
            (CompletionReference::ResourceTemplate(r), "path") if r.uri == NOTES => {
                // The topic already chosen (`context`, 2025-06-18 on) narrows the paths.
                let topic = context.get("topic").map(String::as_str);
                let paths = NOTE_PATHS
                    .iter()
                    .filter(|(t, _)| topic.is_none_or(|topic| topic == *t))
                    .flat_map(|(_, paths)| paths.iter().copied());
                Ok(completion(paths, typed))
            }
            (reference, argument) => Err(ServerError::invalid_params(format!(
                "nothing to complete for argument `{argument}` of {reference:?}"
            ))),
        }
    }
}
