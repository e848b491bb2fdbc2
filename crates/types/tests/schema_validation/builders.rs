//! Small builders: realistic values of the Rust types (capabilities, content, tools, prompts,
//! resources, sampling, elicitation, tasks, MRTR values), with the members each revision has.

use serde::Serialize;
use serde_json::{Value, json};
use tether_mcp_types::*;

use crate::revisions::Rev::{self, R2025_03_26, R2025_06_18, R2025_11_25, R2026_07_28};

pub(crate) fn obj(v: Value) -> JsonObject {
    match v {
        Value::Object(o) => o,
        other => panic!("not an object: {other}"),
    }
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("our types serialize")
}

pub(crate) fn id(n: i64) -> RequestId {
    RequestId::Number(n)
}

pub(crate) fn complete(rev: Rev) -> Option<ResultType> {
    rev.modern_only(ResultType::Complete)
}

pub(crate) fn ttl(rev: Rev) -> Option<u64> {
    rev.modern_only(60_000)
}

pub(crate) fn scope(rev: Rev, scope: CacheScope) -> Option<CacheScope> {
    rev.modern_only(scope)
}

pub(crate) fn client_capabilities(rev: Rev) -> ClientCapabilities {
    ClientCapabilities {
        roots: rev.legacy().then(|| RootsCapability {
            list_changed: Some(true),
            ..Default::default()
        }),
        sampling: Some(SamplingCapability {
            tools: rev.since(R2025_11_25, JsonObject::new()),
            ..Default::default()
        }),
        elicitation: rev.since(
            R2025_06_18,
            ElicitationCapability {
                form: rev.since(R2025_11_25, JsonObject::new()),
                url: rev.since(R2025_11_25, JsonObject::new()),
                ..Default::default()
            },
        ),
        tasks: (rev == R2025_11_25).then(|| ClientTasksCapability {
            list: Some(JsonObject::new()),
            cancel: Some(JsonObject::new()),
            requests: Some(ClientTaskRequests {
                sampling: Some(obj(json!({"createMessage": {}}))),
                elicitation: Some(obj(json!({"create": {}}))),
                ..Default::default()
            }),
            ..Default::default()
        }),
        experimental: Some(
            [("com.example/beta".to_owned(), obj(json!({"level": 2})))]
                .into_iter()
                .collect(),
        ),
        extensions: rev.modern_only(
            [(
                "io.modelcontextprotocol/tasks".to_owned(),
                JsonObject::new(),
            )]
            .into_iter()
            .collect(),
        ),
        ..Default::default()
    }
}

pub(crate) fn server_capabilities(rev: Rev) -> ServerCapabilities {
    ServerCapabilities {
        logging: Some(JsonObject::new()),
        completions: rev.since(R2025_03_26, JsonObject::new()),
        prompts: Some(ListChangedCapability {
            list_changed: Some(true),
            ..Default::default()
        }),
        resources: Some(ResourcesCapability {
            subscribe: rev.legacy().then_some(true),
            list_changed: Some(true),
            ..Default::default()
        }),
        tools: Some(ListChangedCapability {
            list_changed: Some(true),
            ..Default::default()
        }),
        tasks: (rev == R2025_11_25).then(|| ServerTasksCapability {
            list: Some(JsonObject::new()),
            cancel: Some(JsonObject::new()),
            requests: Some(obj(json!({"tools": {"call": {}}}))),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub(crate) fn implementation(rev: Rev, name: &str) -> Implementation {
    Implementation {
        title: rev.since(R2025_06_18, format!("{name} (display)")),
        description: rev.since(R2025_11_25, "A fixture implementation".to_owned()),
        icons: rev.since(R2025_11_25, vec![icon()]),
        website_url: rev.since(R2025_11_25, "https://example.com".to_owned()),
        ..Implementation::new(name, "1.2.3")
    }
}

pub(crate) fn icon() -> Icon {
    Icon {
        src: "https://example.com/icon.png".into(),
        mime_type: Some("image/png".into()),
        sizes: Some(vec!["48x48".into()]),
        theme: Some(IconTheme::Light),
        ..Default::default()
    }
}

/// The `_meta` of a request: on 2026-07-28 the required protocol version and client
/// capabilities (and the client info); on the legacy revisions a progress token.
pub(crate) fn request_meta(rev: Rev) -> Option<Meta> {
    let mut m = Meta::new();
    if rev.modern() {
        m.insert(meta::PROTOCOL_VERSION, &ProtocolVersion::V_2026_07_28);
        m.insert(meta::CLIENT_CAPABILITIES, &client_capabilities(rev));
        m.insert(meta::CLIENT_INFO, &implementation(rev, "fixture-client"));
        m.insert(meta::LOG_LEVEL, &LoggingLevel::Info);
    } else {
        m.insert(meta::PROGRESS_TOKEN, &ProgressToken::from("progress-1"));
    }
    Some(m)
}

/// The `_meta` of a result: the server info on 2026-07-28, nothing before.
pub(crate) fn result_meta(rev: Rev) -> Option<Meta> {
    rev.modern().then(|| {
        let mut m = Meta::new();
        m.insert(meta::SERVER_INFO, &implementation(rev, "fixture-server"));
        m
    })
}

pub(crate) fn annotations(rev: Rev) -> Annotations {
    Annotations {
        audience: Some(vec![Role::User, Role::Assistant]),
        priority: Some(0.5),
        last_modified: rev.since(R2025_06_18, "2025-01-12T15:00:58Z".to_owned()),
        ..Default::default()
    }
}

pub(crate) fn text(rev: Rev, s: &str) -> TextContent {
    TextContent {
        annotations: Some(annotations(rev)),
        ..TextContent::new(s)
    }
}

pub(crate) fn image() -> ImageContent {
    ImageContent {
        data: "iVBORw0KGgoAAAANSUhEUg==".into(),
        mime_type: "image/png".into(),
        ..Default::default()
    }
}

pub(crate) fn audio() -> AudioContent {
    AudioContent {
        data: "UklGRiQAAABXQVZF".into(),
        mime_type: "audio/wav".into(),
        ..Default::default()
    }
}

pub(crate) fn resource_link(rev: Rev) -> ResourceLink {
    ResourceLink {
        uri: "file:///project/src/main.rs".into(),
        name: "main.rs".into(),
        title: Some("Main source".into()),
        description: Some("The entry point".into()),
        mime_type: Some("text/x-rust".into()),
        size: Some(1024),
        icons: rev.since(R2025_11_25, vec![icon()]),
        annotations: Some(annotations(rev)),
        ..Default::default()
    }
}

pub(crate) fn text_contents() -> TextResourceContents {
    TextResourceContents {
        uri: "file:///project/README.md".into(),
        mime_type: Some("text/markdown".into()),
        text: "# Project".into(),
        ..Default::default()
    }
}

pub(crate) fn blob_contents() -> BlobResourceContents {
    BlobResourceContents {
        uri: "file:///project/logo.png".into(),
        mime_type: Some("image/png".into()),
        blob: "iVBORw0KGgoAAAANSUhEUg==".into(),
        ..Default::default()
    }
}

pub(crate) fn embedded(rev: Rev) -> EmbeddedResource {
    EmbeddedResource {
        r#type: Default::default(),
        resource: ResourceContents::Text(text_contents()),
        annotations: Some(annotations(rev)),
        meta: None,
        extra: JsonObject::new(),
    }
}

/// The content blocks a tool result may hold in `rev`.
fn content_blocks(rev: Rev) -> Vec<ContentBlock> {
    let mut blocks = vec![
        ContentBlock::Text(text(rev, "It is 22°C.")),
        ContentBlock::Image(image()),
    ];
    if rev >= R2025_03_26 {
        blocks.push(ContentBlock::Audio(audio()));
    }
    if rev >= R2025_06_18 {
        blocks.push(ContentBlock::ResourceLink(resource_link(rev)));
    }
    blocks.push(ContentBlock::Resource(embedded(rev)));
    blocks
}

pub(crate) fn tool(rev: Rev) -> Tool {
    Tool {
        name: "get_weather".into(),
        title: rev.since(R2025_06_18, "Weather".to_owned()),
        description: Some("Current weather for a city".into()),
        input_schema: obj(json!({
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"]
        })),
        output_schema: rev.since(
            R2025_06_18,
            obj(json!({
                "type": "object",
                "properties": {"temperature": {"type": "number"}},
                "required": ["temperature"]
            })),
        ),
        annotations: rev.since(
            R2025_03_26,
            ToolAnnotations {
                title: Some("Weather".into()),
                read_only_hint: Some(true),
                destructive_hint: Some(false),
                idempotent_hint: Some(true),
                open_world_hint: Some(true),
                ..Default::default()
            },
        ),
        execution: (rev == R2025_11_25).then(|| ToolExecution {
            task_support: Some(TaskSupport::Optional),
            ..Default::default()
        }),
        icons: rev.since(R2025_11_25, vec![icon()]),
        ..Default::default()
    }
}

pub(crate) fn call_tool_result(rev: Rev) -> CallToolResult {
    CallToolResult {
        meta: result_meta(rev),
        result_type: complete(rev),
        content: content_blocks(rev),
        structured_content: rev.since(R2025_06_18, json!({"temperature": 22.5})),
        is_error: Some(false),
        ..Default::default()
    }
}

pub(crate) fn prompt(rev: Rev) -> Prompt {
    Prompt {
        name: "code_review".into(),
        title: rev.since(R2025_06_18, "Code review".to_owned()),
        description: Some("Reviews code".into()),
        arguments: Some(vec![PromptArgument {
            name: "code".into(),
            title: rev.since(R2025_06_18, "Code".to_owned()),
            description: Some("The code to review".into()),
            required: Some(true),
            ..Default::default()
        }]),
        icons: rev.since(R2025_11_25, vec![icon()]),
        ..Default::default()
    }
}

pub(crate) fn resource(rev: Rev) -> Resource {
    Resource {
        uri: "file:///project/README.md".into(),
        name: "README.md".into(),
        title: rev.since(R2025_06_18, "Read me".to_owned()),
        description: Some("The project's read-me".into()),
        mime_type: Some("text/markdown".into()),
        size: rev.since(R2025_03_26, 2048),
        icons: rev.since(R2025_11_25, vec![icon()]),
        annotations: Some(annotations(rev)),
        ..Default::default()
    }
}

pub(crate) fn resource_template(rev: Rev) -> ResourceTemplate {
    ResourceTemplate {
        uri_template: "file:///project/{path}".into(),
        name: "project-file".into(),
        title: rev.since(R2025_06_18, "Project file".to_owned()),
        description: Some("Any file of the project".into()),
        mime_type: Some("text/plain".into()),
        icons: rev.since(R2025_11_25, vec![icon()]),
        annotations: Some(annotations(rev)),
        ..Default::default()
    }
}

pub(crate) fn sampling_params(rev: Rev) -> CreateMessageRequestParams {
    CreateMessageRequestParams {
        meta: rev.legacy().then(|| request_meta(rev)).flatten(),
        messages: vec![SamplingMessage {
            role: Role::User,
            content: SamplingContent::Single(SamplingMessageContentBlock::Text(TextContent::new(
                "What is the capital of France?",
            ))),
            meta: None,
            extra: JsonObject::new(),
        }],
        model_preferences: Some(ModelPreferences {
            hints: Some(vec![ModelHint {
                name: Some("claude-3-5-sonnet".into()),
                ..Default::default()
            }]),
            cost_priority: Some(0.3),
            speed_priority: Some(0.5),
            intelligence_priority: Some(0.8),
            ..Default::default()
        }),
        system_prompt: Some("You are a helpful assistant.".into()),
        include_context: Some(IncludeContext::None),
        temperature: Some(0.7),
        max_tokens: 200,
        stop_sequences: Some(vec!["\n\n".into()]),
        metadata: Some(obj(json!({"provider": "any"}))),
        tools: rev.since(R2025_11_25, vec![tool(rev)]),
        tool_choice: rev.since(
            R2025_11_25,
            ToolChoice {
                mode: Some(ToolChoiceMode::Auto),
                ..Default::default()
            },
        ),
        ..Default::default()
    }
}

pub(crate) fn sampling_result() -> CreateMessageResult {
    CreateMessageResult {
        meta: None,
        role: Role::Assistant,
        content: SamplingContent::Single(SamplingMessageContentBlock::Text(TextContent::new(
            "Paris.",
        ))),
        model: "claude-3-5-sonnet-20241022".into(),
        stop_reason: Some("endTurn".into()),
        extra: JsonObject::new(),
    }
}

pub(crate) fn sampling_tool_use_result() -> CreateMessageResult {
    CreateMessageResult {
        content: SamplingContent::Multiple(vec![
            SamplingMessageContentBlock::Text(TextContent::new("Let me check.")),
            SamplingMessageContentBlock::ToolUse(tool_use()),
        ]),
        stop_reason: Some("toolUse".into()),
        ..sampling_result()
    }
}

pub(crate) fn tool_use() -> ToolUseContent {
    ToolUseContent {
        id: "call-1".into(),
        name: "get_weather".into(),
        input: obj(json!({"city": "Paris"})),
        ..Default::default()
    }
}

pub(crate) fn tool_result(rev: Rev) -> ToolResultContent {
    ToolResultContent {
        tool_use_id: "call-1".into(),
        content: vec![ContentBlock::Text(text(rev, "18°C"))],
        structured_content: Some(json!({"temperature": 18})),
        is_error: Some(false),
        ..Default::default()
    }
}

pub(crate) fn roots_result() -> ListRootsResult {
    ListRootsResult {
        roots: vec![Root {
            uri: "file:///home/user/project".into(),
            name: Some("project".into()),
            ..Default::default()
        }],
        ..Default::default()
    }
}

pub(crate) fn form_params(rev: Rev) -> ElicitRequestFormParams {
    let mut properties: Vec<(String, PrimitiveSchemaDefinition)> = vec![
        (
            "name".into(),
            PrimitiveSchemaDefinition::String(StringSchema {
                title: Some("Name".into()),
                description: Some("Your name".into()),
                min_length: Some(1),
                max_length: Some(100),
                default: rev.since(R2025_11_25, "Ada".to_owned()),
                ..Default::default()
            }),
        ),
        (
            "email".into(),
            PrimitiveSchemaDefinition::String(StringSchema {
                format: Some(StringFormat::Email),
                ..Default::default()
            }),
        ),
        (
            "age".into(),
            PrimitiveSchemaDefinition::Number(NumberSchema {
                r#type: NumberType::Integer,
                minimum: Some(0.into()),
                maximum: Some(150.into()),
                ..Default::default()
            }),
        ),
        (
            "subscribe".into(),
            PrimitiveSchemaDefinition::Boolean(BooleanSchema {
                title: Some("Subscribe".into()),
                default: Some(false),
                ..Default::default()
            }),
        ),
        (
            "size".into(),
            PrimitiveSchemaDefinition::Enum(EnumSchema::Legacy(LegacyTitledEnumSchema {
                values: vec!["s".into(), "m".into()],
                enum_names: Some(vec!["Small".into(), "Medium".into()]),
                ..Default::default()
            })),
        ),
    ];
    if rev >= R2025_11_25 {
        let option = |v: &str, t: &str| TitledOption {
            value: v.into(),
            title: t.into(),
            ..Default::default()
        };
        properties.extend([
            (
                "color".to_owned(),
                PrimitiveSchemaDefinition::Enum(EnumSchema::Single(
                    SingleSelectEnumSchema::Untitled(UntitledSingleSelectEnumSchema {
                        values: vec!["red".into(), "green".into()],
                        default: Some("red".into()),
                        ..Default::default()
                    }),
                )),
            ),
            (
                "plan".to_owned(),
                PrimitiveSchemaDefinition::Enum(EnumSchema::Single(
                    SingleSelectEnumSchema::Titled(TitledSingleSelectEnumSchema {
                        one_of: vec![option("free", "Free"), option("pro", "Pro")],
                        ..Default::default()
                    }),
                )),
            ),
            (
                "tags".to_owned(),
                PrimitiveSchemaDefinition::Enum(EnumSchema::Multi(
                    MultiSelectEnumSchema::Untitled(UntitledMultiSelectEnumSchema {
                        min_items: Some(1),
                        max_items: Some(2),
                        items: UntitledEnumItems {
                            values: vec!["a".into(), "b".into()],
                            ..Default::default()
                        },
                        default: Some(vec!["a".into()]),
                        ..Default::default()
                    }),
                )),
            ),
            (
                "features".to_owned(),
                PrimitiveSchemaDefinition::Enum(EnumSchema::Multi(MultiSelectEnumSchema::Titled(
                    TitledMultiSelectEnumSchema {
                        items: TitledEnumItems {
                            any_of: vec![option("x", "Feature X"), option("y", "Feature Y")],
                            ..Default::default()
                        },
                        ..Default::default()
                    },
                ))),
            ),
        ]);
    }
    ElicitRequestFormParams {
        mode: rev.since(R2025_11_25, FormMode),
        message: "Please tell us about yourself".into(),
        requested_schema: ElicitRequestedSchema {
            properties: properties.into_iter().collect(),
            required: Some(vec!["name".into()]),
            ..Default::default()
        },
        ..Default::default()
    }
}

pub(crate) fn url_params(rev: Rev) -> ElicitRequestURLParams {
    ElicitRequestURLParams {
        message: "Sign in to continue".into(),
        url: "https://example.com/oauth/start".into(),
        elicitation_id: (rev == R2025_11_25).then(|| "elicit-1".to_owned()),
        ..Default::default()
    }
}

pub(crate) fn elicit_result(rev: Rev) -> ElicitResult {
    let mut content = vec![
        ("name".to_owned(), ElicitValue::String("Ada".into())),
        ("age".to_owned(), ElicitValue::Integer(36)),
        ("subscribe".to_owned(), ElicitValue::Boolean(true)),
    ];
    if rev >= R2025_11_25 {
        content.push((
            "tags".to_owned(),
            ElicitValue::Strings(vec!["a".into(), "b".into()]),
        ));
    }
    ElicitResult {
        meta: None,
        action: ElicitAction::Accept,
        content: Some(content.into_iter().collect()),
        extra: JsonObject::new(),
    }
}

pub(crate) fn task(status: TaskStatus) -> Task {
    Task {
        status_message: Some("Working on it".into()),
        poll_interval: Some(5_000),
        ..Task::new(
            "task-1",
            status,
            "2025-11-25T10:30:00Z",
            "2025-11-25T10:31:00Z",
            Some(60_000),
        )
    }
}

pub(crate) fn input_requests(rev: Rev) -> InputRequests {
    [
        (
            "confirm".to_owned(),
            InputRequest::Elicit(ElicitRequest {
                jsonrpc: None,
                id: None,
                params: ElicitRequestParams::Form(form_params(rev)),
            }),
        ),
        (
            "summary".to_owned(),
            InputRequest::CreateMessage(CreateMessageRequest {
                jsonrpc: None,
                id: None,
                params: sampling_params(rev),
            }),
        ),
        (
            "roots".to_owned(),
            InputRequest::ListRoots(ListRootsRequest {
                jsonrpc: None,
                id: None,
                params: None,
            }),
        ),
    ]
    .into_iter()
    .collect()
}

pub(crate) fn input_responses(rev: Rev) -> InputResponses {
    [
        (
            "confirm".to_owned(),
            InputResponse::Elicit(elicit_result(rev)),
        ),
        (
            "summary".to_owned(),
            InputResponse::CreateMessage(sampling_result()),
        ),
        ("roots".to_owned(), InputResponse::ListRoots(roots_result())),
    ]
    .into_iter()
    .collect()
}

pub(crate) fn input_required() -> InputRequiredResult {
    InputRequiredResult::new(input_requests(R2026_07_28), Some("eyJzdGVwIjoxfQ".into()))
}
