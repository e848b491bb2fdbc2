//! The conformance prompts, and completion of prompt and template arguments.

use tether_mcp::prelude::*;
use tether_mcp::schemars::{self, JsonSchema};
use tether_mcp::types::{
    Completion, CompletionReference, EmbeddedResource, ImageContent, Prompt, PromptArgument,
    PromptMessage, ResourceContents, ResourceType, Role, TextResourceContents,
};

use super::TEST_IMAGE_BASE64;
use super::resources::TEMPLATE;

/// Form of `test_input_required_result_prompt`.
#[derive(serde::Deserialize, JsonSchema)]
struct Context {
    context: String,
}

fn prompt(name: &str, title: &str, description: &str, arguments: &[(&str, &str)]) -> Prompt {
    Prompt {
        name: name.to_owned(),
        title: Some(title.to_owned()),
        description: Some(description.to_owned()),
        arguments: (!arguments.is_empty()).then(|| {
            arguments
                .iter()
                .map(|&(name, description)| PromptArgument {
                    name: name.to_owned(),
                    description: Some(description.to_owned()),
                    required: Some(true),
                    ..Default::default()
                })
                .collect()
        }),
        ..Default::default()
    }
}

/// Every prompt of the revision: `test_input_required_result_prompt` only if `modern`.
pub(super) fn list(modern: bool) -> Vec<Prompt> {
    let mut prompts = vec![
        prompt(
            "test_simple_prompt",
            "Simple Test Prompt",
            "A simple prompt without arguments",
            &[],
        ),
        prompt(
            "test_prompt_with_arguments",
            "Prompt With Arguments",
            "A prompt with required arguments",
            &[
                ("arg1", "First test argument"),
                ("arg2", "Second test argument"),
            ],
        ),
        prompt(
            "test_prompt_with_embedded_resource",
            "Prompt With Embedded Resource",
            "A prompt that includes an embedded resource",
            &[("resourceUri", "URI of the resource to embed")],
        ),
        prompt(
            "test_prompt_with_image",
            "Prompt With Image",
            "A prompt that includes image content",
            &[],
        ),
    ];
    if modern {
        prompts.push(prompt(
            "test_input_required_result_prompt",
            "Input Required Prompt",
            "MRTR: prompt that requires elicitation input",
            &[],
        ));
    }
    prompts
}

fn user(content: ContentBlock) -> PromptMessage {
    PromptMessage {
        role: Role::User,
        content,
        extra: Default::default(),
    }
}

fn messages(messages: Vec<PromptMessage>) -> GetPromptResult {
    GetPromptResult {
        messages,
        ..Default::default()
    }
}

/// `prompts/get`.
pub(super) async fn get(
    params: GetPromptRequestParams,
    cx: &InFlight<'_>,
) -> Result<GetPromptResult, ServerError> {
    let arguments = params.arguments.unwrap_or_default();
    let argument = |name: &str| {
        arguments.get(name).cloned().ok_or_else(|| {
            ServerError::invalid_params(format!(
                "{}: missing required argument `{name}`",
                params.name
            ))
        })
    };
    match params.name.as_str() {
        "test_simple_prompt" => Ok(messages(vec![user(ContentBlock::text(
            "This is a simple prompt for testing.",
        ))])),
        "test_prompt_with_arguments" => {
            let (arg1, arg2) = (argument("arg1")?, argument("arg2")?);
            Ok(messages(vec![user(ContentBlock::text(format!(
                "Prompt with arguments: arg1='{arg1}', arg2='{arg2}'"
            )))]))
        }
        "test_prompt_with_embedded_resource" => {
            let uri = argument("resourceUri")?;
            let resource = ContentBlock::Resource(EmbeddedResource {
                r#type: ResourceType,
                resource: ResourceContents::Text(TextResourceContents {
                    uri,
                    mime_type: Some("text/plain".to_owned()),
                    text: "Embedded resource content for testing.".to_owned(),
                    ..Default::default()
                }),
                annotations: None,
                meta: None,
                extra: Default::default(),
            });
            Ok(messages(vec![
                user(resource),
                user(ContentBlock::text(
                    "Please process the embedded resource above.",
                )),
            ]))
        }
        "test_prompt_with_image" => Ok(messages(vec![
            user(ContentBlock::Image(ImageContent {
                data: TEST_IMAGE_BASE64.to_owned(),
                mime_type: "image/png".to_owned(),
                ..Default::default()
            })),
            user(ContentBlock::text("Please analyze the image above.")),
        ])),
        "test_input_required_result_prompt" => {
            // An ordinary ask: a nested request on legacy, an InputRequiredResult on 2026-07-28.
            let answer = cx
                .elicitation()?
                .form::<Context>("What context should the prompt use?")
                .await?;
            let context = answer
                .accepted()
                .map_or_else(|| "none".into(), |c| c.context);
            Ok(messages(vec![user(ContentBlock::text(format!(
                "Prompt with context: {context}"
            )))]))
        }
        other => Err(ServerError::invalid_params(format!(
            "unknown prompt: {other}"
        ))),
    }
}

/// Candidate values by prompt argument or template variable.
const CANDIDATES: &[(&str, &[&str])] = &[
    ("arg1", &["paris", "park", "party", "test"]),
    ("arg2", &["hello", "world"]),
    (
        "resourceUri",
        &["test://static-text", "test://static-binary"],
    ),
    ("id", &["1", "2", "3", "123"]),
];

/// `completion/complete`: the candidates of the argument that start with its value; nothing
/// for other prompts or templates.
pub(super) fn complete(params: &CompleteRequestParams) -> CompleteResult {
    let known = match &params.reference {
        CompletionReference::Prompt(p) => p.name.starts_with("test_prompt_with_"),
        CompletionReference::ResourceTemplate(t) => t.uri == TEMPLATE,
        CompletionReference::Unknown(_) => false,
    };
    let name = params.argument.name.as_str();
    let prefix = params.argument.value.as_str();
    let values: Vec<String> = CANDIDATES
        .iter()
        .filter(|(argument, _)| known && *argument == name)
        .flat_map(|(_, values)| values.iter())
        .filter(|v| v.starts_with(prefix))
        .map(|v| (*v).to_owned())
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
