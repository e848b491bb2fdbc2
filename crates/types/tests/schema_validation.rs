//! What the Rust types write is valid against the official JSON schemas, revision by revision.
//!
//! Messages are validated against the *specific* definition of their type in the schema of
//! their revision (`#/definitions/CallToolResult` of 2025-06-18, `#/$defs/DiscoverResult` of
//! 2026-07-28, ...), never against the unions (`ServerResult`, `ClientRequest`,
//! `JSONRPCMessage`, ...) that accept any message of their kind. Three sources:
//!
//! - every 2026-07-28 example, decoded into its Rust type and serialized again;
//! - for each of the five revisions, typed Rust values built here: a realistic message for
//!   every request, notification, result and content type that revision has;
//! - negative controls: broken messages that the same validators must reject, so that a
//!   validator that accepts everything (a definition that did not resolve, a wrong draft) is
//!   caught.
//!
//! No definition of any of the five schemas sets `additionalProperties: false`, so the
//! `jsonrpc`/`id` members our typed requests always write are allowed by the older revisions'
//! `{method, params}` request definitions; `no_definition_forbids_additional_members` keeps
//! that assumption checked.

mod support;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};
use tether_mcp_types::*;

// ---------------------------------------------------------------------------------------------
// Revisions
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rev {
    R2024_11_05,
    R2025_03_26,
    R2025_06_18,
    R2025_11_25,
    R2026_07_28,
}

use Rev::*;

const ALL_REVS: [Rev; 5] = [
    R2024_11_05,
    R2025_03_26,
    R2025_06_18,
    R2025_11_25,
    R2026_07_28,
];

impl Rev {
    fn name(self) -> &'static str {
        match self {
            R2024_11_05 => "2024-11-05",
            R2025_03_26 => "2025-03-26",
            R2025_06_18 => "2025-06-18",
            R2025_11_25 => "2025-11-25",
            R2026_07_28 => "2026-07-28",
        }
    }

    fn modern(self) -> bool {
        self == R2026_07_28
    }

    fn legacy(self) -> bool {
        !self.modern()
    }

    /// `Some(value)` from revision `first` on, `None` before.
    fn since<T>(self, first: Rev, value: T) -> Option<T> {
        (self >= first).then_some(value)
    }

    /// `Some(value)` on 2026-07-28, `None` on the legacy revisions.
    fn modern_only<T>(self, value: T) -> Option<T> {
        self.modern().then_some(value)
    }

    fn protocol_version(self) -> ProtocolVersion {
        ProtocolVersion::new(self.name())
    }

    /// The name of the successful-response envelope definition.
    fn result_response_def(self) -> &'static str {
        if self >= R2025_11_25 {
            "JSONRPCResultResponse"
        } else {
            "JSONRPCResponse"
        }
    }

    /// The name of the error-response envelope definition.
    fn error_response_def(self) -> &'static str {
        if self >= R2025_11_25 {
            "JSONRPCErrorResponse"
        } else {
            "JSONRPCError"
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Small builders
// ---------------------------------------------------------------------------------------------

fn obj(v: Value) -> JsonObject {
    match v {
        Value::Object(o) => o,
        other => panic!("not an object: {other}"),
    }
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("our types serialize")
}

fn id(n: i64) -> RequestId {
    RequestId::Number(n)
}

fn complete(rev: Rev) -> Option<ResultType> {
    rev.modern_only(ResultType::Complete)
}

fn ttl(rev: Rev) -> Option<u64> {
    rev.modern_only(60_000)
}

fn scope(rev: Rev, scope: CacheScope) -> Option<CacheScope> {
    rev.modern_only(scope)
}

fn client_capabilities(rev: Rev) -> ClientCapabilities {
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

fn server_capabilities(rev: Rev) -> ServerCapabilities {
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

fn implementation(rev: Rev, name: &str) -> Implementation {
    Implementation {
        title: rev.since(R2025_06_18, format!("{name} (display)")),
        description: rev.since(R2025_11_25, "A fixture implementation".to_owned()),
        icons: rev.since(R2025_11_25, vec![icon()]),
        website_url: rev.since(R2025_11_25, "https://example.com".to_owned()),
        ..Implementation::new(name, "1.2.3")
    }
}

fn icon() -> Icon {
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
fn request_meta(rev: Rev) -> Option<Meta> {
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
fn result_meta(rev: Rev) -> Option<Meta> {
    rev.modern().then(|| {
        let mut m = Meta::new();
        m.insert(meta::SERVER_INFO, &implementation(rev, "fixture-server"));
        m
    })
}

fn annotations(rev: Rev) -> Annotations {
    Annotations {
        audience: Some(vec![Role::User, Role::Assistant]),
        priority: Some(0.5),
        last_modified: rev.since(R2025_06_18, "2025-01-12T15:00:58Z".to_owned()),
        ..Default::default()
    }
}

fn text(rev: Rev, s: &str) -> TextContent {
    TextContent {
        annotations: Some(annotations(rev)),
        ..TextContent::new(s)
    }
}

fn image() -> ImageContent {
    ImageContent {
        data: "iVBORw0KGgoAAAANSUhEUg==".into(),
        mime_type: "image/png".into(),
        ..Default::default()
    }
}

fn audio() -> AudioContent {
    AudioContent {
        data: "UklGRiQAAABXQVZF".into(),
        mime_type: "audio/wav".into(),
        ..Default::default()
    }
}

fn resource_link(rev: Rev) -> ResourceLink {
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

fn text_contents() -> TextResourceContents {
    TextResourceContents {
        uri: "file:///project/README.md".into(),
        mime_type: Some("text/markdown".into()),
        text: "# Project".into(),
        ..Default::default()
    }
}

fn blob_contents() -> BlobResourceContents {
    BlobResourceContents {
        uri: "file:///project/logo.png".into(),
        mime_type: Some("image/png".into()),
        blob: "iVBORw0KGgoAAAANSUhEUg==".into(),
        ..Default::default()
    }
}

fn embedded(rev: Rev) -> EmbeddedResource {
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

fn tool(rev: Rev) -> Tool {
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

fn call_tool_result(rev: Rev) -> CallToolResult {
    CallToolResult {
        meta: result_meta(rev),
        result_type: complete(rev),
        content: content_blocks(rev),
        structured_content: rev.since(R2025_06_18, json!({"temperature": 22.5})),
        is_error: Some(false),
        ..Default::default()
    }
}

fn prompt(rev: Rev) -> Prompt {
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

fn resource(rev: Rev) -> Resource {
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

fn resource_template(rev: Rev) -> ResourceTemplate {
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

fn sampling_params(rev: Rev) -> CreateMessageRequestParams {
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

fn sampling_result() -> CreateMessageResult {
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

fn sampling_tool_use_result() -> CreateMessageResult {
    CreateMessageResult {
        content: SamplingContent::Multiple(vec![
            SamplingMessageContentBlock::Text(TextContent::new("Let me check.")),
            SamplingMessageContentBlock::ToolUse(tool_use()),
        ]),
        stop_reason: Some("toolUse".into()),
        ..sampling_result()
    }
}

fn tool_use() -> ToolUseContent {
    ToolUseContent {
        id: "call-1".into(),
        name: "get_weather".into(),
        input: obj(json!({"city": "Paris"})),
        ..Default::default()
    }
}

fn tool_result(rev: Rev) -> ToolResultContent {
    ToolResultContent {
        tool_use_id: "call-1".into(),
        content: vec![ContentBlock::Text(text(rev, "18°C"))],
        structured_content: Some(json!({"temperature": 18})),
        is_error: Some(false),
        ..Default::default()
    }
}

fn roots_result() -> ListRootsResult {
    ListRootsResult {
        roots: vec![Root {
            uri: "file:///home/user/project".into(),
            name: Some("project".into()),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn form_params(rev: Rev) -> ElicitRequestFormParams {
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
                minimum: Some(0.0),
                maximum: Some(150.0),
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

fn url_params(rev: Rev) -> ElicitRequestURLParams {
    ElicitRequestURLParams {
        message: "Sign in to continue".into(),
        url: "https://example.com/oauth/start".into(),
        elicitation_id: (rev == R2025_11_25).then(|| "elicit-1".to_owned()),
        ..Default::default()
    }
}

fn elicit_result(rev: Rev) -> ElicitResult {
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

fn task(status: TaskStatus) -> Task {
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

fn input_requests(rev: Rev) -> InputRequests {
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

fn input_responses(rev: Rev) -> InputResponses {
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

fn input_required() -> InputRequiredResult {
    InputRequiredResult::new(input_requests(R2026_07_28), Some("eyJzdGVwIjoxfQ".into()))
}

// ---------------------------------------------------------------------------------------------
// Fixture sets
// ---------------------------------------------------------------------------------------------

/// What a fixture is, which decides the envelope checks added to its own definition.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A typed JSON-RPC request: also checked against `JSONRPCRequest`.
    Request,
    /// A typed notification: also checked against `JSONRPCNotification`.
    Notification,
    /// A result: also wrapped in a response and checked against the response envelope.
    Result,
    /// Anything else (content, params, objects, whole responses, 2026 input requests).
    Other,
}

struct Fixture {
    def: &'static str,
    label: String,
    kind: Kind,
    value: Value,
}

struct Fixtures {
    items: Vec<Fixture>,
}

impl Fixtures {
    fn new() -> Self {
        Self { items: Vec::new() }
    }

    fn push<T: Serialize>(&mut self, kind: Kind, def: &'static str, label: &str, value: &T) {
        let label = if label.is_empty() {
            def.to_owned()
        } else {
            format!("{def} ({label})")
        };
        self.items.push(Fixture {
            def,
            label,
            kind,
            value: to_json(value),
        });
    }

    fn request<T: RequestMethod>(&mut self, def: &'static str, value: &T) {
        self.push(Kind::Request, def, "", value);
    }

    fn request_as<T: RequestMethod>(&mut self, def: &'static str, label: &str, value: &T) {
        self.push(Kind::Request, def, label, value);
    }

    fn notification<T: NotificationMethod>(&mut self, def: &'static str, value: &T) {
        self.push(Kind::Notification, def, "", value);
    }

    fn result<T: Serialize>(&mut self, def: &'static str, value: &T) {
        self.push(Kind::Result, def, "", value);
    }

    fn result_as<T: Serialize>(&mut self, def: &'static str, label: &str, value: &T) {
        self.push(Kind::Result, def, label, value);
    }

    fn other<T: Serialize>(&mut self, def: &'static str, value: &T) {
        self.push(Kind::Other, def, "", value);
    }

    fn other_as<T: Serialize>(&mut self, def: &'static str, label: &str, value: &T) {
        self.push(Kind::Other, def, label, value);
    }
}

/// A realistic message of every kind `rev` defines, built from the Rust types.
fn fixtures(rev: Rev) -> Fixtures {
    let mut f = Fixtures::new();
    let rmeta = request_meta;

    // --- Lifecycle (legacy) and discovery (2026-07-28) ---------------------------------------
    if rev.legacy() {
        f.request(
            "InitializeRequest",
            &InitializeRequest {
                id: id(1),
                params: InitializeRequestParams {
                    meta: None,
                    protocol_version: rev.protocol_version(),
                    capabilities: client_capabilities(rev),
                    client_info: implementation(rev, "fixture-client"),
                    extra: JsonObject::new(),
                },
            },
        );
        f.result(
            "InitializeResult",
            &InitializeResult {
                meta: None,
                protocol_version: rev.protocol_version(),
                capabilities: server_capabilities(rev),
                server_info: implementation(rev, "fixture-server"),
                instructions: Some("Use get_weather for forecasts.".into()),
                extra: JsonObject::new(),
            },
        );
        f.notification(
            "InitializedNotification",
            &InitializedNotification { params: None },
        );
        f.request(
            "PingRequest",
            &PingRequest {
                id: id(2),
                params: None,
            },
        );
        f.request_as(
            "PingRequest",
            "with params",
            &PingRequest {
                id: RequestId::from("ping-2"),
                params: Some(RequestParams {
                    meta: rmeta(rev),
                    ..Default::default()
                }),
            },
        );
        f.result("EmptyResult", &EmptyResult::default());
    } else {
        f.request(
            "DiscoverRequest",
            &DiscoverRequest {
                id: id(1),
                params: RequestParams {
                    meta: rmeta(rev),
                    ..Default::default()
                },
            },
        );
        f.result(
            "DiscoverResult",
            &DiscoverResult {
                meta: result_meta(rev),
                result_type: complete(rev),
                supported_versions: vec![
                    ProtocolVersion::V_2026_07_28,
                    ProtocolVersion::V_2025_11_25,
                ],
                capabilities: server_capabilities(rev),
                instructions: Some("Use get_weather for forecasts.".into()),
                ttl_ms: Some(3_600_000),
                cache_scope: Some(CacheScope::Public),
                ..Default::default()
            },
        );
        f.result(
            "EmptyResult",
            &EmptyResult {
                result_type: complete(rev),
                ..Default::default()
            },
        );
    }
    f.other("ClientCapabilities", &client_capabilities(rev));
    f.other("ServerCapabilities", &server_capabilities(rev));
    f.other("Implementation", &implementation(rev, "fixture"));

    // --- Tools ---------------------------------------------------------------------------------
    f.request(
        "ListToolsRequest",
        &ListToolsRequest {
            id: id(3),
            params: Some(PaginatedRequestParams {
                meta: rmeta(rev),
                cursor: Some("page-2".into()),
                ..Default::default()
            }),
        },
    );
    if rev.legacy() {
        f.request_as(
            "ListToolsRequest",
            "without params",
            &ListToolsRequest {
                id: id(4),
                params: None,
            },
        );
    }
    f.result(
        "ListToolsResult",
        &ListToolsResult {
            meta: result_meta(rev),
            result_type: complete(rev),
            tools: vec![
                tool(rev),
                Tool {
                    name: "noop".into(),
                    input_schema: obj(json!({"type": "object"})),
                    ..Default::default()
                },
            ],
            next_cursor: Some("page-3".into()),
            ttl_ms: ttl(rev),
            cache_scope: scope(rev, CacheScope::Public),
            ..Default::default()
        },
    );
    f.other("Tool", &tool(rev));
    if rev >= R2025_03_26 {
        f.other("ToolAnnotations", &tool(rev).annotations);
    }
    f.request(
        "CallToolRequest",
        &CallToolRequest {
            id: RequestId::from("call-7"),
            params: CallToolRequestParams {
                meta: rmeta(rev),
                name: "get_weather".into(),
                arguments: Some(obj(
                    json!({"city": "Paris", "days": 3, "units": {"temp": "C"}}),
                )),
                task: (rev == R2025_11_25).then(|| TaskMetadata {
                    ttl: Some(60_000),
                    ..Default::default()
                }),
                ..Default::default()
            },
        },
    );
    f.result("CallToolResult", &call_tool_result(rev));
    f.result_as(
        "CallToolResult",
        "tool error",
        &CallToolResult {
            result_type: complete(rev),
            content: vec![ContentBlock::text("City not found")],
            is_error: Some(true),
            ..Default::default()
        },
    );
    f.notification(
        "ToolListChangedNotification",
        &ToolListChangedNotification { params: None },
    );
    f.notification(
        "ToolListChangedNotification",
        &ToolListChangedNotification {
            params: Some(NotificationParams {
                meta: Some(Meta(obj(json!({"com.example/reason": "deploy"})))),
                ..Default::default()
            }),
        },
    );

    // --- Content -------------------------------------------------------------------------------
    f.other("TextContent", &text(rev, "Hello"));
    f.other("ImageContent", &image());
    if rev >= R2025_03_26 {
        f.other("AudioContent", &audio());
        f.other("Annotations", &annotations(rev));
    }
    if rev >= R2025_06_18 {
        f.other("ResourceLink", &resource_link(rev));
        f.other(
            "ContentBlock",
            &ContentBlock::ResourceLink(resource_link(rev)),
        );
    }
    f.other("EmbeddedResource", &embedded(rev));
    f.other_as(
        "EmbeddedResource",
        "blob",
        &EmbeddedResource {
            resource: ResourceContents::Blob(blob_contents()),
            ..embedded(rev)
        },
    );
    f.other("TextResourceContents", &text_contents());
    f.other("BlobResourceContents", &blob_contents());
    if rev >= R2025_11_25 {
        f.other("ToolUseContent", &tool_use());
        f.other("ToolResultContent", &tool_result(rev));
        f.other("Icon", &icon());
    }

    // --- Prompts -------------------------------------------------------------------------------
    f.request(
        "ListPromptsRequest",
        &ListPromptsRequest {
            id: id(5),
            params: Some(PaginatedRequestParams {
                meta: rmeta(rev),
                ..Default::default()
            }),
        },
    );
    f.result(
        "ListPromptsResult",
        &ListPromptsResult {
            meta: result_meta(rev),
            result_type: complete(rev),
            prompts: vec![prompt(rev)],
            ttl_ms: ttl(rev),
            cache_scope: scope(rev, CacheScope::Private),
            ..Default::default()
        },
    );
    f.other("Prompt", &prompt(rev));
    f.request(
        "GetPromptRequest",
        &GetPromptRequest {
            id: id(6),
            params: GetPromptRequestParams {
                meta: rmeta(rev),
                name: "code_review".into(),
                arguments: Some(
                    [("code".to_owned(), "fn main() {}".to_owned())]
                        .into_iter()
                        .collect(),
                ),
                ..Default::default()
            },
        },
    );
    let messages = vec![
        PromptMessage {
            role: Role::User,
            content: ContentBlock::Text(text(rev, "Review this")),
            extra: JsonObject::new(),
        },
        PromptMessage {
            role: Role::Assistant,
            content: ContentBlock::Resource(embedded(rev)),
            extra: JsonObject::new(),
        },
        PromptMessage {
            role: Role::User,
            content: ContentBlock::Image(image()),
            extra: JsonObject::new(),
        },
    ];
    f.other("PromptMessage", &messages[0]);
    f.result(
        "GetPromptResult",
        &GetPromptResult {
            meta: result_meta(rev),
            result_type: complete(rev),
            description: Some("A code review".into()),
            messages,
            ..Default::default()
        },
    );
    f.notification(
        "PromptListChangedNotification",
        &PromptListChangedNotification { params: None },
    );

    // --- Resources -----------------------------------------------------------------------------
    f.request(
        "ListResourcesRequest",
        &ListResourcesRequest {
            id: id(8),
            params: Some(PaginatedRequestParams {
                meta: rmeta(rev),
                ..Default::default()
            }),
        },
    );
    f.result(
        "ListResourcesResult",
        &ListResourcesResult {
            meta: result_meta(rev),
            result_type: complete(rev),
            resources: vec![resource(rev)],
            next_cursor: Some(String::new()),
            ttl_ms: ttl(rev),
            cache_scope: scope(rev, CacheScope::Private),
            ..Default::default()
        },
    );
    f.other("Resource", &resource(rev));
    f.request(
        "ListResourceTemplatesRequest",
        &ListResourceTemplatesRequest {
            id: id(9),
            params: Some(PaginatedRequestParams {
                meta: rmeta(rev),
                ..Default::default()
            }),
        },
    );
    f.result(
        "ListResourceTemplatesResult",
        &ListResourceTemplatesResult {
            meta: result_meta(rev),
            result_type: complete(rev),
            resource_templates: vec![resource_template(rev)],
            ttl_ms: ttl(rev),
            cache_scope: scope(rev, CacheScope::Public),
            ..Default::default()
        },
    );
    f.other("ResourceTemplate", &resource_template(rev));
    f.request(
        "ReadResourceRequest",
        &ReadResourceRequest {
            id: id(10),
            params: ReadResourceRequestParams {
                meta: rmeta(rev),
                uri: "file:///project/README.md".into(),
                ..Default::default()
            },
        },
    );
    f.result(
        "ReadResourceResult",
        &ReadResourceResult {
            meta: result_meta(rev),
            result_type: complete(rev),
            contents: vec![
                ResourceContents::Text(text_contents()),
                ResourceContents::Blob(blob_contents()),
            ],
            ttl_ms: ttl(rev),
            cache_scope: scope(rev, CacheScope::Private),
            ..Default::default()
        },
    );
    if rev.legacy() {
        let uri_params = || ResourceRequestParams {
            meta: None,
            uri: "file:///project/README.md".into(),
            extra: JsonObject::new(),
        };
        f.request(
            "SubscribeRequest",
            &SubscribeRequest {
                id: id(11),
                params: uri_params(),
            },
        );
        f.request(
            "UnsubscribeRequest",
            &UnsubscribeRequest {
                id: id(12),
                params: uri_params(),
            },
        );
    }
    f.notification(
        "ResourceListChangedNotification",
        &ResourceListChangedNotification { params: None },
    );
    f.notification(
        "ResourceUpdatedNotification",
        &ResourceUpdatedNotification {
            params: ResourceUpdatedNotificationParams {
                meta: rev.modern().then(|| {
                    let mut m = Meta::new();
                    m.insert(meta::SUBSCRIPTION_ID, &RequestId::from("listen-1"));
                    m
                }),
                uri: "file:///project/README.md".into(),
                ..Default::default()
            },
        },
    );

    // --- Completion ----------------------------------------------------------------------------
    let complete_request = |n: i64, reference: CompletionReference| CompleteRequest {
        id: id(n),
        params: CompleteRequestParams {
            meta: rmeta(rev),
            reference,
            argument: CompletionArgument {
                name: "language".into(),
                value: "py".into(),
                ..Default::default()
            },
            context: rev.since(
                R2025_06_18,
                CompletionContext {
                    arguments: Some(
                        [("framework".to_owned(), "flask".to_owned())]
                            .into_iter()
                            .collect(),
                    ),
                    ..Default::default()
                },
            ),
            extra: JsonObject::new(),
        },
    };
    f.request_as(
        "CompleteRequest",
        "prompt reference",
        &complete_request(
            13,
            CompletionReference::Prompt(PromptReference {
                name: "code_review".into(),
                title: rev.since(R2025_06_18, "Code review".to_owned()),
                ..Default::default()
            }),
        ),
    );
    f.request_as(
        "CompleteRequest",
        "resource reference",
        &complete_request(
            14,
            CompletionReference::ResourceTemplate(ResourceTemplateReference {
                uri: "file:///project/{path}".into(),
                ..Default::default()
            }),
        ),
    );
    let reference_def = if rev >= R2025_06_18 {
        "ResourceTemplateReference"
    } else {
        "ResourceReference"
    };
    f.other(
        reference_def,
        &ResourceTemplateReference {
            uri: "file:///{path}".into(),
            ..Default::default()
        },
    );
    f.result(
        "CompleteResult",
        &CompleteResult {
            meta: result_meta(rev),
            result_type: complete(rev),
            completion: Completion {
                values: vec!["python".into(), "pytorch".into()],
                total: Some(10),
                has_more: Some(true),
                ..Default::default()
            },
            ..Default::default()
        },
    );

    // --- Logging, progress, cancellation -------------------------------------------------------
    if rev.legacy() {
        f.request(
            "SetLevelRequest",
            &SetLevelRequest {
                id: id(15),
                params: SetLevelRequestParams {
                    meta: None,
                    level: LoggingLevel::Warning,
                    extra: JsonObject::new(),
                },
            },
        );
    }
    f.notification(
        "LoggingMessageNotification",
        &LoggingMessageNotification {
            params: LoggingMessageNotificationParams {
                meta: None,
                level: LoggingLevel::Error,
                logger: Some("database".into()),
                data: json!({"error": "Connection failed", "retries": 3}),
                extra: JsonObject::new(),
            },
        },
    );
    f.notification(
        "ProgressNotification",
        &ProgressNotification {
            params: ProgressNotificationParams {
                meta: None,
                progress_token: ProgressToken::from("progress-1"),
                progress: 50.0,
                total: Some(100.0),
                message: rev.since(R2025_03_26, "Halfway".to_owned()),
                extra: JsonObject::new(),
            },
        },
    );
    f.notification(
        "CancelledNotification",
        &CancelledNotification {
            params: CancelledNotificationParams {
                meta: None,
                request_id: Some(RequestId::from("call-7")),
                reason: Some("User requested cancellation".into()),
                extra: JsonObject::new(),
            },
        },
    );

    // --- Sampling, roots, elicitation (server → client) ----------------------------------------
    // On the legacy revisions these are JSON-RPC requests; on 2026-07-28 MRTR input requests
    // (`{method, params}`, no `jsonrpc`, no `id`).
    let server_request_id = |n: i64| rev.legacy().then(|| id(n));
    let server_request_kind = if rev.legacy() {
        Kind::Request
    } else {
        Kind::Other
    };
    f.push(
        server_request_kind,
        "CreateMessageRequest",
        "",
        &CreateMessageRequest {
            jsonrpc: Some(tether_mcp_types::JsonRpcVersion),
            id: server_request_id(20),
            params: sampling_params(rev),
        },
    );
    // On 2026-07-28 the client's answers are MRTR input responses, not JSON-RPC results.
    let client_result_kind = if rev.legacy() {
        Kind::Result
    } else {
        Kind::Other
    };
    f.push(
        client_result_kind,
        "CreateMessageResult",
        "",
        &sampling_result(),
    );
    if rev >= R2025_11_25 {
        f.push(
            client_result_kind,
            "CreateMessageResult",
            "tool use",
            &sampling_tool_use_result(),
        );
        f.other(
            "SamplingMessage",
            &SamplingMessage {
                role: Role::User,
                content: SamplingContent::Multiple(vec![SamplingMessageContentBlock::ToolResult(
                    tool_result(rev),
                )]),
                meta: None,
                extra: JsonObject::new(),
            },
        );
        f.other(
            "ToolChoice",
            &ToolChoice {
                mode: Some(ToolChoiceMode::Required),
                ..Default::default()
            },
        );
    }
    f.other("ModelPreferences", &sampling_params(rev).model_preferences);
    f.push(
        server_request_kind,
        "ListRootsRequest",
        "",
        &ListRootsRequest {
            jsonrpc: Some(tether_mcp_types::JsonRpcVersion),
            id: server_request_id(21),
            params: None,
        },
    );
    f.push(client_result_kind, "ListRootsResult", "", &roots_result());
    f.other("Root", &roots_result().roots[0]);
    if rev.legacy() {
        f.notification(
            "RootsListChangedNotification",
            &RootsListChangedNotification { params: None },
        );
    }
    if rev >= R2025_06_18 {
        f.push(
            server_request_kind,
            "ElicitRequest",
            "form",
            &ElicitRequest {
                jsonrpc: Some(tether_mcp_types::JsonRpcVersion),
                id: server_request_id(22),
                params: ElicitRequestParams::Form(form_params(rev)),
            },
        );
        f.push(client_result_kind, "ElicitResult", "", &elicit_result(rev));
        f.push(
            client_result_kind,
            "ElicitResult",
            "declined",
            &ElicitResult {
                meta: None,
                action: ElicitAction::Decline,
                content: None,
                extra: JsonObject::new(),
            },
        );
        f.other(
            "StringSchema",
            &StringSchema {
                format: Some(StringFormat::Uri),
                ..Default::default()
            },
        );
        f.other(
            "NumberSchema",
            &NumberSchema {
                minimum: Some(0.5),
                ..Default::default()
            },
        );
        f.other("BooleanSchema", &BooleanSchema::default());
        let legacy_enum = LegacyTitledEnumSchema {
            values: vec!["a".into()],
            enum_names: Some(vec!["A".into()]),
            ..Default::default()
        };
        f.other(
            if rev == R2025_06_18 {
                "EnumSchema"
            } else {
                "LegacyTitledEnumSchema"
            },
            &legacy_enum,
        );
    }
    if rev >= R2025_11_25 {
        f.push(
            server_request_kind,
            "ElicitRequest",
            "url",
            &ElicitRequest {
                jsonrpc: Some(tether_mcp_types::JsonRpcVersion),
                id: server_request_id(23),
                params: ElicitRequestParams::Url(url_params(rev)),
            },
        );
        f.other("ElicitRequestFormParams", &form_params(rev));
        f.other("ElicitRequestURLParams", &url_params(rev));
        f.other(
            "UntitledSingleSelectEnumSchema",
            &UntitledSingleSelectEnumSchema {
                values: vec!["x".into()],
                ..Default::default()
            },
        );
        f.other(
            "TitledMultiSelectEnumSchema",
            &TitledMultiSelectEnumSchema {
                items: TitledEnumItems {
                    any_of: vec![TitledOption {
                        value: "x".into(),
                        title: "X".into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
                ..Default::default()
            },
        );
    }

    // --- Errors --------------------------------------------------------------------------------
    f.other_as(
        rev.error_response_def(),
        "invalid params",
        &JSONRPCErrorResponse::new(
            Some(id(7)),
            ErrorObject::new(error_codes::INVALID_PARAMS, "Unknown tool: nope")
                .with_data(json!({"tool": "nope"})),
        ),
    );

    // --- 2025-03-26: batches ---------------------------------------------------------------
    if rev == R2025_03_26 {
        let as_message = |v: Value| JSONRPCMessage::from_value(v).expect("a valid message");
        f.other(
            "JSONRPCBatchRequest",
            &JSONRPCBatchRequest(vec![
                as_message(to_json(&ListToolsRequest {
                    id: id(40),
                    params: None,
                })),
                as_message(to_json(&InitializedNotification { params: None })),
            ]),
        );
        f.other(
            "JSONRPCBatchResponse",
            &JSONRPCBatchResponse(vec![
                as_message(to_json(&JSONRPCResultResponse::new(
                    id(40),
                    EmptyResult::default(),
                ))),
                as_message(to_json(&JSONRPCErrorResponse::new(
                    Some(id(41)),
                    ErrorObject::new(error_codes::METHOD_NOT_FOUND, "Method not found"),
                ))),
            ]),
        );
    }

    // --- 2025-11-25: experimental tasks, URL elicitation ---------------------------------------
    if rev == R2025_11_25 {
        f.other(
            "Error",
            &ErrorObject::new(error_codes::INTERNAL_ERROR, "boom"),
        );
        f.notification(
            "CancelledNotification",
            &CancelledNotification {
                params: CancelledNotificationParams {
                    meta: None,
                    request_id: None,
                    reason: None,
                    extra: JsonObject::new(),
                },
            },
        );
        f.notification(
            "ElicitationCompleteNotification",
            &ElicitationCompleteNotification {
                params: ElicitationCompleteNotificationParams {
                    elicitation_id: "elicit-1".into(),
                    ..Default::default()
                },
            },
        );
        f.other(
            "URLElicitationRequiredError",
            &URLElicitationRequiredError::new(
                Some(id(7)),
                URLElicitationRequiredErrorObject {
                    message: "This request requires more information.".into(),
                    data: URLElicitationRequiredData {
                        elicitations: vec![url_params(rev)],
                        extra: JsonObject::new(),
                    },
                },
            ),
        );
        f.other("Task", &task(TaskStatus::Working));
        f.other(
            "TaskMetadata",
            &TaskMetadata {
                ttl: Some(60_000),
                ..Default::default()
            },
        );
        f.other(
            "RelatedTaskMetadata",
            &RelatedTaskMetadata {
                task_id: "task-1".into(),
                ..Default::default()
            },
        );
        f.result(
            "CreateTaskResult",
            &CreateTaskResult::from(task(TaskStatus::Working)),
        );
        f.request(
            "GetTaskRequest",
            &GetTaskRequest {
                id: id(30),
                params: GetTaskRequestParams {
                    task_id: "task-1".into(),
                    ..Default::default()
                },
            },
        );
        f.result(
            "GetTaskResult",
            &GetTaskResult::from(task(TaskStatus::InputRequired)),
        );
        f.result_as(
            "GetTaskResult",
            "unlimited ttl",
            &GetTaskResult::from(Task {
                ttl: None,
                ..task(TaskStatus::Completed)
            }),
        );
        f.request(
            "GetTaskPayloadRequest",
            &GetTaskPayloadRequest {
                id: id(31),
                params: GetTaskPayloadRequestParams {
                    task_id: "task-1".into(),
                    ..Default::default()
                },
            },
        );
        let mut related = Meta::new();
        related.insert(
            meta::RELATED_TASK,
            &RelatedTaskMetadata {
                task_id: "task-1".into(),
                ..Default::default()
            },
        );
        f.result(
            "GetTaskPayloadResult",
            &GetTaskPayloadResult {
                meta: Some(related),
                result_type: None,
                extra: obj(
                    json!({"content": [{"type": "text", "text": "done"}], "isError": false}),
                ),
            },
        );
        f.request(
            "ListTasksRequest",
            &ListTasksRequest {
                id: id(32),
                params: Some(PaginatedRequestParams::default()),
            },
        );
        f.result(
            "ListTasksResult",
            &ListTasksResult {
                tasks: vec![task(TaskStatus::Working)],
                next_cursor: Some("t2".into()),
                ..Default::default()
            },
        );
        f.request(
            "CancelTaskRequest",
            &CancelTaskRequest {
                id: id(33),
                params: CancelTaskRequestParams {
                    task_id: "task-1".into(),
                    ..Default::default()
                },
            },
        );
        f.result(
            "CancelTaskResult",
            &CancelTaskResult::from(task(TaskStatus::Cancelled)),
        );
        f.notification(
            "TaskStatusNotification",
            &TaskStatusNotification {
                params: TaskStatusNotificationParams::from(task(TaskStatus::Failed)),
            },
        );
    }

    // --- 2026-07-28: subscriptions, MRTR, typed responses and errors ---------------------------
    if rev.modern() {
        let filter = SubscriptionFilter {
            tools_list_changed: Some(true),
            prompts_list_changed: Some(true),
            resources_list_changed: Some(false),
            resource_subscriptions: Some(vec!["file:///project/config.json".into()]),
            ..Default::default()
        };
        f.request(
            "SubscriptionsListenRequest",
            &SubscriptionsListenRequest {
                id: RequestId::from("listen-1"),
                params: SubscriptionsListenRequestParams {
                    meta: rmeta(rev),
                    notifications: filter.clone(),
                    ..Default::default()
                },
            },
        );
        let mut sub_meta = Meta::new();
        sub_meta.insert(meta::SUBSCRIPTION_ID, &RequestId::from("listen-1"));
        f.notification(
            "SubscriptionsAcknowledgedNotification",
            &SubscriptionsAcknowledgedNotification {
                params: SubscriptionsAcknowledgedNotificationParams {
                    meta: Some(sub_meta.clone()),
                    notifications: filter.clone(),
                    ..Default::default()
                },
            },
        );
        f.other("SubscriptionFilter", &filter);
        let mut listen_meta = sub_meta.clone();
        listen_meta.insert(meta::SERVER_INFO, &implementation(rev, "fixture-server"));
        let listen_result = SubscriptionsListenResult {
            meta: Some(listen_meta),
            result_type: complete(rev),
            ..Default::default()
        };
        f.result("SubscriptionsListenResult", &listen_result);
        f.other(
            "SubscriptionsListenResultResponse",
            &SubscriptionsListenResultResponse::new(RequestId::from("listen-1"), listen_result),
        );

        f.result("InputRequiredResult", &input_required());
        f.other("InputRequests", &input_requests(rev));
        f.other(
            "InputRequest",
            &InputRequest::ListRoots(ListRootsRequest {
                jsonrpc: None,
                id: None,
                params: None,
            }),
        );
        f.other("InputResponses", &input_responses(rev));
        f.request_as(
            "CallToolRequest",
            "MRTR retry",
            &CallToolRequest {
                id: RequestId::from("call-8"),
                params: CallToolRequestParams {
                    meta: rmeta(rev),
                    name: "get_weather".into(),
                    arguments: Some(obj(json!({"city": "Paris"}))),
                    input_responses: Some(input_responses(rev)),
                    request_state: Some("eyJzdGVwIjoxfQ".into()),
                    ..Default::default()
                },
            },
        );
        f.other(
            "InputResponseRequestParams",
            &InputResponseRequestParams {
                meta: rmeta(rev),
                input_responses: Some(input_responses(rev)),
                request_state: Some("state".into()),
                ..Default::default()
            },
        );
        f.other_as(
            "CallToolResultResponse",
            "complete",
            &CallToolResultResponse::new(id(7), MultiRoundResult::Complete(call_tool_result(rev))),
        );
        f.other_as(
            "CallToolResultResponse",
            "input required",
            &CallToolResultResponse::new(id(7), MultiRoundResult::InputRequired(input_required())),
        );
        f.other_as(
            "GetPromptResultResponse",
            "input required",
            &GetPromptResultResponse::new(id(6), MultiRoundResult::InputRequired(input_required())),
        );
        f.other_as(
            "ReadResourceResultResponse",
            "input required",
            &ReadResourceResultResponse::new(
                id(10),
                MultiRoundResult::InputRequired(InputRequiredResult {
                    result_type: Some(ResultType::InputRequired),
                    request_state: Some("only-state".into()),
                    ..Default::default()
                }),
            ),
        );
        f.other(
            "GetPromptResultResponse",
            &GetPromptResultResponse::new(
                id(6),
                MultiRoundResult::Complete(GetPromptResult {
                    result_type: complete(rev),
                    messages: vec![PromptMessage {
                        role: Role::User,
                        content: ContentBlock::text("Hi"),
                        extra: JsonObject::new(),
                    }],
                    ..Default::default()
                }),
            ),
        );
        f.other(
            "ReadResourceResultResponse",
            &ReadResourceResultResponse::new(
                id(10),
                MultiRoundResult::Complete(ReadResourceResult {
                    result_type: complete(rev),
                    contents: vec![ResourceContents::Text(text_contents())],
                    ttl_ms: Some(0),
                    cache_scope: Some(CacheScope::Private),
                    ..Default::default()
                }),
            ),
        );
        f.other(
            "ListToolsResultResponse",
            &ListToolsResultResponse::new(
                id(3),
                ListToolsResult {
                    result_type: complete(rev),
                    tools: vec![tool(rev)],
                    ttl_ms: Some(1000),
                    cache_scope: Some(CacheScope::Public),
                    ..Default::default()
                },
            ),
        );
        f.other(
            "ListPromptsResultResponse",
            &ListPromptsResultResponse::new(
                id(5),
                ListPromptsResult {
                    result_type: complete(rev),
                    prompts: vec![prompt(rev)],
                    ttl_ms: Some(1000),
                    cache_scope: Some(CacheScope::Public),
                    ..Default::default()
                },
            ),
        );
        f.other(
            "ListResourcesResultResponse",
            &ListResourcesResultResponse::new(
                id(8),
                ListResourcesResult {
                    result_type: complete(rev),
                    resources: vec![resource(rev)],
                    ttl_ms: Some(1000),
                    cache_scope: Some(CacheScope::Public),
                    ..Default::default()
                },
            ),
        );
        f.other(
            "ListResourceTemplatesResultResponse",
            &ListResourceTemplatesResultResponse::new(
                id(9),
                ListResourceTemplatesResult {
                    result_type: complete(rev),
                    resource_templates: vec![resource_template(rev)],
                    ttl_ms: Some(1000),
                    cache_scope: Some(CacheScope::Public),
                    ..Default::default()
                },
            ),
        );
        f.other(
            "CompleteResultResponse",
            &CompleteResultResponse::new(
                id(13),
                CompleteResult {
                    result_type: complete(rev),
                    completion: Completion {
                        values: vec!["python".into()],
                        ..Default::default()
                    },
                    ..Default::default()
                },
            ),
        );
        f.other(
            "DiscoverResultResponse",
            &DiscoverResultResponse::new(
                id(1),
                DiscoverResult {
                    result_type: complete(rev),
                    supported_versions: vec![ProtocolVersion::V_2026_07_28],
                    capabilities: ServerCapabilities::default(),
                    ttl_ms: Some(0),
                    cache_scope: Some(CacheScope::Private),
                    ..Default::default()
                },
            ),
        );

        f.other(
            "Error",
            &ErrorObject::new(error_codes::INTERNAL_ERROR, "boom"),
        );
        f.other(
            "ParseError",
            &ParseError {
                message: "Parse error".into(),
                data: None,
            },
        );
        f.other(
            "InvalidRequestError",
            &InvalidRequestError {
                message: "Invalid request".into(),
                data: None,
            },
        );
        f.other(
            "MethodNotFoundError",
            &MethodNotFoundError {
                message: "Method not found".into(),
                data: Some(json!({"method": "x/y"})),
            },
        );
        f.other(
            "InvalidParamsError",
            &InvalidParamsError {
                message: "Invalid params".into(),
                data: None,
            },
        );
        f.other(
            "InternalError",
            &InternalError {
                message: "Internal error".into(),
                data: None,
            },
        );
        f.other(
            "HeaderMismatchError",
            &HeaderMismatchError::new(
                Some(id(7)),
                HeaderMismatchErrorObject {
                    message: "Mcp-Method header does not match the body".into(),
                    data: None,
                },
            ),
        );
        f.other(
            "MissingRequiredClientCapabilityError",
            &MissingRequiredClientCapabilityError::new(
                Some(id(7)),
                MissingRequiredClientCapabilityErrorObject {
                    message: "This request needs sampling".into(),
                    data: MissingRequiredClientCapabilityData {
                        required_capabilities: ClientCapabilities {
                            sampling: Some(SamplingCapability::default()),
                            ..Default::default()
                        },
                        extra: JsonObject::new(),
                    },
                },
            ),
        );
        f.other(
            "UnsupportedProtocolVersionError",
            &UnsupportedProtocolVersionError::new(
                Some(id(7)),
                UnsupportedProtocolVersionErrorObject {
                    message: "Unsupported protocol version".into(),
                    data: UnsupportedProtocolVersionData {
                        supported: vec![
                            ProtocolVersion::V_2026_07_28,
                            ProtocolVersion::V_2025_11_25,
                        ],
                        requested: "2023-01-01".into(),
                        extra: JsonObject::new(),
                    },
                },
            ),
        );
    }

    f
}

/// Validates every fixture of `rev` against its own definition and, for requests,
/// notifications and results, against the JSON-RPC envelope too. Returns (fixtures,
/// validations, failures).
fn validate_fixtures(rev: Rev) -> (usize, usize, Vec<String>) {
    let r = rev.name();
    let set = fixtures(rev);
    let mut failures = Vec::new();
    let mut validations = 0;
    let mut check = |def: &str, label: &str, value: &Value| {
        validations += 1;
        if let Err(e) = support::validate(r, def, value) {
            failures.push(format!(
                "{r} {label} against #{def}: {e}\n      instance: {value}"
            ));
        }
    };
    for fx in &set.items {
        check(fx.def, &fx.label, &fx.value);
        match fx.kind {
            Kind::Request => check("JSONRPCRequest", &fx.label, &fx.value),
            Kind::Notification => check("JSONRPCNotification", &fx.label, &fx.value),
            Kind::Result => {
                let response = to_json(&JSONRPCResultResponse::new(id(99), fx.value.clone()));
                check(
                    rev.result_response_def(),
                    &format!("{} in a response", fx.label),
                    &response,
                );
            }
            Kind::Other => {}
        }
    }
    (set.items.len(), validations, failures)
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn every_example_reencoded_is_valid_against_its_2026_definition() {
    let rev = support::EXAMPLES_REVISION;
    let mut failures = Vec::new();
    let mut validated = 0;
    let mut originals_invalid = Vec::new();
    for ex in support::examples() {
        assert!(
            support::definition(rev, &ex.folder).is_some(),
            "example folder {} names no definition of {rev}",
            ex.folder
        );
        let original: Value = serde_json::from_str(&ex.text).expect("examples are JSON");
        if let Err(e) = support::validate(rev, &ex.folder, &original) {
            originals_invalid.push(format!("{}: {e}", ex.name()));
        }
        match support::example_types::reencode_example(&ex.folder, &ex.text) {
            None => failures.push(format!("{}: no entry in the dispatch table", ex.name())),
            // Decoding failures are reported (with the field) by examples.rs.
            Some(Err(e)) => failures.push(format!("{}: {e}", ex.name())),
            Some(Ok(back)) => {
                validated += 1;
                if let Err(e) = support::validate(rev, &ex.folder, &back) {
                    failures.push(format!(
                        "{} re-encoded, against #{}: {e}",
                        ex.name(),
                        ex.folder
                    ));
                }
            }
        }
    }
    println!(
        "{rev}: {validated} of {} re-encoded examples validated against their own definition; \
         {} failures",
        support::examples().len(),
        failures.len()
    );
    assert!(
        originals_invalid.is_empty(),
        "examples that are not valid against their own definition as published (the reference \
         data, not our types, is at fault):\n  {}",
        originals_invalid.join("\n  ")
    );
    assert!(
        failures.is_empty(),
        "{} examples failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

#[test]
fn typed_fixtures_are_valid_against_their_definitions_in_every_revision() {
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for rev in ALL_REVS {
        let (fixtures, validations, mut fails) = validate_fixtures(rev);
        report.push(format!(
            "{}: {fixtures} messages, {validations} validations",
            rev.name()
        ));
        failures.append(&mut fails);
    }
    println!("typed fixtures: {}", report.join("; "));
    assert!(
        failures.is_empty(),
        "{} fixture validations failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

#[test]
fn fixtures_cover_every_message_definition_of_each_revision() {
    // Every request, notification, result and content definition a revision has gets a fixture,
    // so a revision's message cannot be left out unnoticed.
    let is_message = |name: &str| {
        (name.ends_with("Request")
            || name.ends_with("Notification")
            || name.ends_with("Result")
            || name.ends_with("Content")
            || name.ends_with("ResultResponse")
            || name.ends_with("Error"))
            && !support::is_union(name)
    };
    // Bases and abstract shapes that no concrete message is an instance of on its own.
    let abstract_defs = [
        "Request",
        "Notification",
        "Result",
        "PaginatedRequest",
        "PaginatedResult",
        "CacheableResult",
    ];
    let mut missing = Vec::new();
    for rev in ALL_REVS {
        let set = fixtures(rev);
        let mut covered: std::collections::BTreeSet<&str> =
            set.items.iter().map(|f| f.def).collect();
        for fx in &set.items {
            covered.insert(match fx.kind {
                Kind::Request => "JSONRPCRequest",
                Kind::Notification => "JSONRPCNotification",
                Kind::Result => rev.result_response_def(),
                Kind::Other => fx.def,
            });
        }
        for name in support::definitions(rev.name()).keys() {
            if is_message(name)
                && !abstract_defs.contains(&name.as_str())
                && !covered.contains(name.as_str())
            {
                missing.push(format!("{} {name}", rev.name()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "message definitions without a typed fixture:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn no_definition_forbids_additional_members() {
    // Our typed requests always write `jsonrpc` and `id`, which the older revisions' request
    // definitions do not list; that is valid only while no definition closes its members.
    fn closed(v: &Value, path: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                if o.get("additionalProperties") == Some(&Value::Bool(false))
                    || o.get("unevaluatedProperties") == Some(&Value::Bool(false))
                {
                    out.push(path.to_owned());
                }
                for (k, v) in o {
                    closed(v, &format!("{path}/{k}"), out);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    closed(v, &format!("{path}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for rev in support::REVISIONS {
        closed(support::schema(rev), rev, &mut found);
    }
    assert!(
        found.is_empty(),
        "definitions that forbid additional members: {found:?}"
    );
}

#[test]
fn validators_resolve_their_definition() {
    // A validator that accepts everything would make every check above vacuous: every
    // definition with required members must reject `{}`, and every object definition a string.
    let mut checked = 0;
    let mut problems = Vec::new();
    for rev in support::REVISIONS {
        for (name, def) in support::definitions(rev) {
            if support::is_union(name) {
                continue;
            }
            let required = def
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| !r.is_empty());
            if required {
                checked += 1;
                if support::is_valid(rev, name, &json!({})) {
                    problems.push(format!("{rev} #{name} accepts {{}}"));
                }
            }
            if def.get("type") == Some(&json!("object")) {
                checked += 1;
                if support::is_valid(rev, name, &json!("not an object")) {
                    problems.push(format!("{rev} #{name} accepts a string"));
                }
            }
        }
    }
    println!("{checked} resolution checks");
    assert!(
        checked > 300,
        "too few definitions checked ({checked}): is the reference data complete?"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Negative controls
// ---------------------------------------------------------------------------------------------

/// A deliberately broken message: `base` (a valid message of `def`, checked to be valid) with
/// `mutate` applied must be rejected.
struct Negative {
    rev: Rev,
    def: &'static str,
    what: &'static str,
    base: Value,
    broken: Value,
}

fn negative(
    rev: Rev,
    def: &'static str,
    what: &'static str,
    base: Value,
    mutate: impl FnOnce(&mut Value),
) -> Negative {
    let mut broken = base.clone();
    mutate(&mut broken);
    assert_ne!(
        broken, base,
        "negative control {what} did not change the message"
    );
    Negative {
        rev,
        def,
        what,
        base,
        broken,
    }
}

fn at<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    let shown = v.to_string();
    v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in {shown}"))
}

fn remove(v: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let key = key.replace("~1", "/").replace("~0", "~");
    let removed = at(v, parent)
        .as_object_mut()
        .expect("an object")
        .remove(&key);
    assert!(removed.is_some(), "{pointer} was not there");
}

fn set(v: &mut Value, pointer: &str, new: Value) {
    *at(v, pointer) = new;
}

fn negative_controls() -> Vec<Negative> {
    let call_request = |rev: Rev| {
        to_json(&CallToolRequest {
            id: id(1),
            params: CallToolRequestParams {
                meta: request_meta(rev),
                name: "get_weather".into(),
                arguments: Some(obj(json!({"city": "Paris"}))),
                ..Default::default()
            },
        })
    };
    let text_result = |rev: Rev| {
        to_json(&CallToolResult {
            result_type: complete(rev),
            content: vec![ContentBlock::text("ok")],
            ..Default::default()
        })
    };
    let list_tools = |rev: Rev| {
        to_json(&ListToolsResult {
            result_type: complete(rev),
            tools: vec![tool(rev)],
            ttl_ms: ttl(rev),
            cache_scope: scope(rev, CacheScope::Public),
            ..Default::default()
        })
    };
    let initialize = |rev: Rev| {
        to_json(&InitializeRequest {
            id: id(1),
            params: InitializeRequestParams {
                meta: None,
                protocol_version: rev.protocol_version(),
                capabilities: ClientCapabilities::default(),
                client_info: Implementation::new("c", "1"),
                extra: JsonObject::new(),
            },
        })
    };
    let progress = to_json(&ProgressNotification {
        params: ProgressNotificationParams {
            meta: None,
            progress_token: ProgressToken::Number(1),
            progress: 1.0,
            total: None,
            message: None,
            extra: JsonObject::new(),
        },
    });
    let logging = to_json(&LoggingMessageNotification {
        params: LoggingMessageNotificationParams {
            meta: None,
            level: LoggingLevel::Info,
            logger: None,
            data: json!("hello"),
            extra: JsonObject::new(),
        },
    });
    let task_result = to_json(&GetTaskResult::from(task(TaskStatus::Working)));
    let discover = to_json(&DiscoverResult {
        result_type: complete(R2026_07_28),
        supported_versions: vec![ProtocolVersion::V_2026_07_28],
        capabilities: ServerCapabilities::default(),
        ttl_ms: Some(0),
        cache_scope: Some(CacheScope::Public),
        ..Default::default()
    });
    let mut listen_meta = Meta::new();
    listen_meta.insert(meta::SUBSCRIPTION_ID, &RequestId::from("listen-1"));
    let listen_result = to_json(&SubscriptionsListenResult {
        meta: Some(listen_meta),
        result_type: complete(R2026_07_28),
        ..Default::default()
    });

    vec![
        // Required members removed.
        negative(
            R2026_07_28,
            "CallToolResult",
            "resultType missing on a 2026 result",
            text_result(R2026_07_28),
            |v| remove(v, "/resultType"),
        ),
        negative(
            R2026_07_28,
            "ListToolsResult",
            "ttlMs missing on a 2026 cacheable result",
            list_tools(R2026_07_28),
            |v| remove(v, "/ttlMs"),
        ),
        negative(
            R2026_07_28,
            "ListToolsResult",
            "cacheScope missing on a 2026 cacheable result",
            list_tools(R2026_07_28),
            |v| remove(v, "/cacheScope"),
        ),
        negative(
            R2026_07_28,
            "CallToolRequest",
            "params._meta missing on a 2026 request",
            call_request(R2026_07_28),
            |v| remove(v, "/params/_meta"),
        ),
        negative(
            R2026_07_28,
            "CallToolRequest",
            "protocolVersion missing from a 2026 request's _meta",
            call_request(R2026_07_28),
            |v| remove(v, "/params/_meta/io.modelcontextprotocol~1protocolVersion"),
        ),
        negative(
            R2025_03_26,
            "CallToolRequest",
            "params.name missing",
            call_request(R2025_03_26),
            |v| remove(v, "/params/name"),
        ),
        negative(
            R2025_06_18,
            "InitializeRequest",
            "clientInfo missing",
            initialize(R2025_06_18),
            |v| remove(v, "/params/clientInfo"),
        ),
        negative(
            R2026_07_28,
            "DiscoverResult",
            "supportedVersions missing",
            discover.clone(),
            |v| remove(v, "/supportedVersions"),
        ),
        negative(
            R2026_07_28,
            "SubscriptionsListenResult",
            "_meta missing",
            listen_result,
            |v| remove(v, "/_meta"),
        ),
        negative(
            R2025_11_25,
            "GetTaskResult",
            "ttl missing from a task",
            task_result.clone(),
            |v| remove(v, "/ttl"),
        ),
        negative(
            R2024_11_05,
            "CallToolResult",
            "content missing",
            text_result(R2024_11_05),
            |v| remove(v, "/content"),
        ),
        // Wrong `method` or `type` constants.
        negative(
            R2024_11_05,
            "CallToolRequest",
            "method of another request",
            call_request(R2024_11_05),
            |v| set(v, "/method", json!("tools/list")),
        ),
        negative(
            R2026_07_28,
            "CallToolRequest",
            "jsonrpc 1.0",
            call_request(R2026_07_28),
            |v| set(v, "/jsonrpc", json!("1.0")),
        ),
        negative(
            R2025_11_25,
            "ProgressNotification",
            "method of another notification",
            progress.clone(),
            |v| set(v, "/method", json!("notifications/message")),
        ),
        negative(
            R2025_06_18,
            "TextContent",
            "type of another block",
            to_json(&TextContent::new("hi")),
            |v| set(v, "/type", json!("txt")),
        ),
        // Wrong member types and values.
        negative(
            R2025_06_18,
            "CallToolResult",
            "isError as a string",
            text_result(R2025_06_18),
            |v| {
                v.as_object_mut()
                    .unwrap()
                    .insert("isError".into(), json!("yes"));
            },
        ),
        negative(
            R2026_07_28,
            "ListToolsResult",
            "negative ttlMs",
            list_tools(R2026_07_28),
            |v| set(v, "/ttlMs", json!(-1)),
        ),
        negative(
            R2026_07_28,
            "ListToolsResult",
            "cacheScope outside the enum",
            list_tools(R2026_07_28),
            |v| set(v, "/cacheScope", json!("shared")),
        ),
        negative(
            R2025_06_18,
            "CallToolResult",
            "structuredContent array (object only before 2026)",
            text_result(R2025_06_18),
            |v| {
                v.as_object_mut()
                    .unwrap()
                    .insert("structuredContent".into(), json!([{"id": 1}]));
            },
        ),
        negative(
            R2025_11_25,
            "CallToolResult",
            "structuredContent string (object only before 2026)",
            text_result(R2025_11_25),
            |v| {
                v.as_object_mut()
                    .unwrap()
                    .insert("structuredContent".into(), json!("text"));
            },
        ),
        negative(
            R2024_11_05,
            "CallToolResult",
            "audio content block before 2025-03-26",
            text_result(R2024_11_05),
            |v| {
                at(v, "/content")
                    .as_array_mut()
                    .unwrap()
                    .push(to_json(&audio()));
            },
        ),
        negative(
            R2025_03_26,
            "CallToolResult",
            "resource_link block before 2025-06-18",
            text_result(R2025_03_26),
            |v| {
                at(v, "/content")
                    .as_array_mut()
                    .unwrap()
                    .push(to_json(&resource_link(R2025_03_26)));
            },
        ),
        negative(
            R2024_11_05,
            "InitializeRequest",
            "protocolVersion as a number",
            initialize(R2024_11_05),
            |v| set(v, "/params/protocolVersion", json!(20241105)),
        ),
        negative(
            R2025_03_26,
            "ProgressNotification",
            "progress as a string",
            progress,
            |v| set(v, "/params/progress", json!("half")),
        ),
        negative(
            R2025_11_25,
            "LoggingMessageNotification",
            "level outside the enum",
            logging,
            |v| set(v, "/params/level", json!("verbose")),
        ),
        negative(
            R2025_11_25,
            "GetTaskResult",
            "status outside the enum",
            task_result,
            |v| set(v, "/status", json!("paused")),
        ),
        negative(
            R2025_06_18,
            "ElicitResult",
            "action outside the enum",
            to_json(&ElicitResult {
                meta: None,
                action: ElicitAction::Cancel,
                content: None,
                extra: JsonObject::new(),
            }),
            |v| set(v, "/action", json!("maybe")),
        ),
        negative(
            R2026_07_28,
            "InputRequiredResult",
            "an input request that is not sampling, roots or elicitation",
            to_json(&input_required()),
            |v| {
                set(
                    v,
                    "/inputRequests/roots",
                    json!({"method": "tools/call", "params": {"name": "x"}}),
                )
            },
        ),
        negative(
            R2026_07_28,
            "DiscoverResult",
            "capabilities as an array",
            discover,
            |v| set(v, "/capabilities", json!([])),
        ),
        negative(
            R2025_06_18,
            "Annotations",
            "priority above 1",
            to_json(&annotations(R2025_06_18)),
            |v| set(v, "/priority", json!(2)),
        ),
        negative(
            R2026_07_28,
            "CancelledNotification",
            "requestId null",
            to_json(&CancelledNotification {
                params: CancelledNotificationParams {
                    meta: None,
                    request_id: Some(id(3)),
                    reason: None,
                    extra: JsonObject::new(),
                },
            }),
            |v| set(v, "/params/requestId", Value::Null),
        ),
        negative(
            R2024_11_05,
            "JSONRPCError",
            "error.code as a string",
            to_json(&JSONRPCErrorResponse::new(
                Some(id(1)),
                ErrorObject::new(-32601, "nope"),
            )),
            |v| set(v, "/error/code", json!("-32601")),
        ),
        negative(
            R2026_07_28,
            "UnsupportedProtocolVersionError",
            "error code of another error",
            to_json(&UnsupportedProtocolVersionError::new(
                Some(id(1)),
                UnsupportedProtocolVersionErrorObject {
                    message: "unsupported".into(),
                    data: UnsupportedProtocolVersionData {
                        supported: vec![ProtocolVersion::V_2026_07_28],
                        requested: "1999-01-01".into(),
                        extra: JsonObject::new(),
                    },
                },
            )),
            |v| set(v, "/error/code", json!(-32602)),
        ),
    ]
}

#[test]
fn negative_controls_are_rejected() {
    let controls = negative_controls();
    let mut per_def: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for n in &controls {
        let r = n.rev.name();
        *per_def.entry((r, n.def)).or_default() += 1;
        if let Err(e) = support::validate(r, n.def, &n.base) {
            problems.push(format!(
                "{r} #{} ({}): the unbroken message is already invalid: {e}",
                n.def, n.what
            ));
            continue;
        }
        if support::is_valid(r, n.def, &n.broken) {
            problems.push(format!(
                "{r} #{}: accepted a broken message ({}): {}",
                n.def, n.what, n.broken
            ));
        }
    }
    println!(
        "{} negative controls over {} (revision, definition) pairs",
        controls.len(),
        per_def.len()
    );
    assert!(
        per_def.len() >= 15,
        "at least 15 definitions need a negative control"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn revision_differences_are_real() {
    // The same typed message is valid in one revision and not in another: the validators do
    // tell the revisions apart.
    let with_array = to_json(&CallToolResult {
        result_type: Some(ResultType::Complete),
        content: vec![ContentBlock::text("two users")],
        structured_content: Some(json!([{"id": "1"}, {"id": "2"}])),
        ..Default::default()
    });
    assert!(support::is_valid(
        "2026-07-28",
        "CallToolResult",
        &with_array
    ));
    assert!(!support::is_valid(
        "2025-06-18",
        "CallToolResult",
        &with_array
    ));

    let with_audio = to_json(&CallToolResult {
        content: vec![ContentBlock::Audio(audio())],
        ..Default::default()
    });
    assert!(support::is_valid(
        "2025-03-26",
        "CallToolResult",
        &with_audio
    ));
    assert!(!support::is_valid(
        "2024-11-05",
        "CallToolResult",
        &with_audio
    ));

    // A legacy result (no resultType, no cache hints) is valid before 2026-07-28 only.
    let legacy = to_json(&ListToolsResult {
        tools: vec![tool(R2025_11_25)],
        ..Default::default()
    });
    assert!(support::is_valid("2025-11-25", "ListToolsResult", &legacy));
    assert!(!support::is_valid("2026-07-28", "ListToolsResult", &legacy));
}
