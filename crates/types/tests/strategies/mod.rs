//! Proptest strategies that build valid typed MCP values (not JSON text) for the round-trip
//! properties of `roundtrip_properties.rs`.
//!
//! Conventions:
//! - unknown members go into the `extra` maps under keys that start with `x-`, so they never
//!   collide with a member the type knows;
//! - floats are finite and survive a JSON round trip exactly (see [`float`]);
//! - values that the wire cannot tell apart from another variant are not generated (a
//!   `LegacyTitledEnumSchema` always carries `enumNames`, an unknown `ContentBlock` has a
//!   `type` no variant claims, an `ErrorObject.data` is never an explicit `null`).

// Not every binary that includes this module uses every strategy.
#![allow(dead_code)]

use indexmap::IndexMap;
use proptest::collection::{btree_map, vec};
use proptest::option::of;
use proptest::prelude::*;
use serde_json::Value;
use tether_mcp_types::*;

/// `prop_compose!` whose strategy is boxed: composite value trees of this depth are too large
/// for a test thread's stack in a debug build when they are built inline.
macro_rules! compose {
    ($(#[$doc:meta])* fn $name:ident() ($($var:pat in $strategy:expr),+ $(,)?) -> $ty:ty $body:block) => {
        $(#[$doc])*
        pub(crate) fn $name() -> BoxedStrategy<$ty> {
            prop_compose! {
                fn inner()($($var in $strategy),+) -> $ty $body
            }
            inner().boxed()
        }
    };
}

/// A `JsonObject` from key/value pairs.
fn object<I: IntoIterator<Item = (String, Value)>>(pairs: I) -> JsonObject {
    pairs.into_iter().collect()
}

/// A strategy for strings matching `pattern`, parsed once (a `&str` strategy parses its regex
/// again for every generated value).
pub(crate) fn re(pattern: &str) -> BoxedStrategy<String> {
    proptest::string::string_regex(pattern)
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
        .boxed()
}

/// Short strings: mostly plain ASCII, sometimes any characters (quotes, escapes, control
/// characters, non-BMP).
pub(crate) fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => re("[a-zA-Z0-9 _./-]{0,10}"),
        1 => re("(?s).{0,10}"),
    ]
    .boxed()
}

/// Finite `f64` values that read back bit for bit from their JSON text (whatever the
/// `float_roundtrip` feature of `serde_json` says): short decimals, integers stored as floats,
/// and any finite double that passes the check.
pub(crate) fn float() -> BoxedStrategy<f64> {
    use proptest::num::f64 as f;
    prop_oneof![
        (-1_000_000i32..1_000_000, 0i32..6).prop_map(|(m, e)| f64::from(m) / 10f64.powi(e)),
        (-1_000_000i32..1_000_000).prop_map(f64::from),
        Just(0.0),
        Just(1.0),
        (f::POSITIVE | f::NEGATIVE | f::NORMAL | f::SUBNORMAL | f::ZERO),
    ]
    .prop_filter("finite and exact through JSON", |x| {
        x.is_finite()
            && serde_json::to_string(x)
                .ok()
                .and_then(|s| serde_json::from_str::<f64>(&s).ok())
                .is_some_and(|back| back.to_bits() == x.to_bits())
    })
    .boxed()
}

/// Any JSON value, nested at most three levels deep, with about a dozen nodes at most.
pub(crate) fn json_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        float().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    // Built once: proptest calls the closure again for every generated value.
    let key = text();
    leaf.prop_recursive(3, 12, 3, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::Array),
            vec((key.clone(), inner), 0..3).prop_map(|kv| Value::Object(object(kv))),
        ]
    })
    .boxed()
}

/// Any JSON value except `null` (for members where `null` and absent are the same).
pub(crate) fn json_value_not_null() -> BoxedStrategy<Value> {
    json_value()
        .prop_filter("not null", |v| !v.is_null())
        .boxed()
}

/// A JSON object of any members.
pub(crate) fn json_object() -> BoxedStrategy<JsonObject> {
    vec((text(), json_value()), 0..4).prop_map(object).boxed()
}

/// Unknown members: keys starting with `x-`, any values.
pub(crate) fn extra() -> BoxedStrategy<JsonObject> {
    prop_oneof![
        2 => Just(JsonObject::new()),
        3 => btree_map(re("x-(?s).{0,6}"), json_value(), 1..3).prop_map(object),
    ]
    .boxed()
}

/// A `_meta` object: reserved MCP keys, well-known keys and vendor keys, with any values.
pub(crate) fn meta() -> BoxedStrategy<Meta> {
    let key = prop_oneof![
        re("io\\.modelcontextprotocol/[a-zA-Z]{0,12}"),
        re("dev\\.mcp/[a-zA-Z-]{1,8}"),
        Just("progressToken".to_owned()),
        Just("traceparent".to_owned()),
        Just("io.modelcontextprotocol/protocolVersion".to_owned()),
        Just("io.modelcontextprotocol/related-task".to_owned()),
        re("com\\.[a-z]{1,6}/[a-zA-Z0-9_.-]{1,8}"),
        re("(?s).{0,8}"),
    ];
    btree_map(key, json_value(), 0..4)
        .prop_map(|m| Meta(object(m)))
        .boxed()
}

/// An optional `_meta`.
pub(crate) fn opt_meta() -> BoxedStrategy<Option<Meta>> {
    prop_oneof![2 => Just(None), 1 => meta().prop_map(Some)].boxed()
}

/// A request id of either kind.
pub(crate) fn request_id() -> BoxedStrategy<RequestId> {
    prop_oneof![
        any::<i64>().prop_map(RequestId::Number),
        Just(RequestId::Number(0)),
        Just(RequestId::Number(i64::MIN)),
        Just(RequestId::Number(i64::MAX)),
        text().prop_map(RequestId::String),
    ]
    .boxed()
}

/// A progress token of either kind.
pub(crate) fn progress_token() -> BoxedStrategy<ProgressToken> {
    prop_oneof![
        any::<i64>().prop_map(ProgressToken::Number),
        text().prop_map(ProgressToken::String)
    ]
    .boxed()
}

/// A known revision, a date-shaped unknown one, or any string.
pub(crate) fn protocol_version() -> BoxedStrategy<ProtocolVersion> {
    prop_oneof![
        prop::sample::select(ProtocolVersion::ALL.to_vec()),
        re("20[0-9]{2}-[01][0-9]-[0-3][0-9]").prop_map(ProtocolVersion::new),
        text().prop_map(ProtocolVersion::new),
    ]
    .boxed()
}

/// Every `resultType`, including unknown strings (`Other`).
pub(crate) fn result_type() -> BoxedStrategy<ResultType> {
    prop_oneof![
        Just(ResultType::Complete),
        Just(ResultType::InputRequired),
        Just(ResultType::Task),
        text().prop_map(|s| ResultType::from(s.as_str())),
    ]
    .boxed()
}

/// A `resultType` that does not make a `MultiRoundResult` pick its `InputRequired` variant.
pub(crate) fn complete_result_type() -> BoxedStrategy<Option<ResultType>> {
    of(result_type().prop_filter("not input_required", |r| *r != ResultType::InputRequired)).boxed()
}

pub(crate) fn role() -> BoxedStrategy<Role> {
    prop_oneof![Just(Role::User), Just(Role::Assistant)].boxed()
}

compose! {
    fn annotations()(
        audience in of(vec(role(), 0..3)),
        priority in of(float()),
        last_modified in of(text()),
        extra in extra(),
    ) -> Annotations {
        Annotations { audience, priority, last_modified, extra }
    }
}

compose! {
    fn icon()(
        src in text(),
        mime_type in of(text()),
        sizes in of(vec(text(), 0..3)),
        theme in of(prop_oneof![Just(IconTheme::Light), Just(IconTheme::Dark)]),
        extra in extra(),
    ) -> Icon {
        Icon { src, mime_type, sizes, theme, extra }
    }
}

compose! {
    fn text_content()(
        text in text(),
        annotations in of(annotations()),
        meta in opt_meta(),
        extra in extra(),
    ) -> TextContent {
        TextContent { r#type: TextType, text, annotations, meta, extra }
    }
}

compose! {
    fn image_content()(
        data in re("[A-Za-z0-9+/]{0,16}={0,2}"),
        mime_type in text(),
        annotations in of(annotations()),
        meta in opt_meta(),
        extra in extra(),
    ) -> ImageContent {
        ImageContent { r#type: ImageType, data, mime_type, annotations, meta, extra }
    }
}

compose! {
    fn audio_content()(
        data in re("[A-Za-z0-9+/]{0,16}={0,2}"),
        mime_type in text(),
        annotations in of(annotations()),
        meta in opt_meta(),
        extra in extra(),
    ) -> AudioContent {
        AudioContent { r#type: AudioType, data, mime_type, annotations, meta, extra }
    }
}

compose! {
    fn resource_link()(
        uri in text(),
        name in text(),
        title in of(text()),
        description in of(text()),
        mime_type in of(text()),
        size in of(any::<u64>()),
        icons in of(vec(icon(), 0..2)),
        annotations in of(annotations()),
        meta in opt_meta(),
        extra in extra(),
    ) -> ResourceLink {
        ResourceLink {
            r#type: ResourceLinkType,
            uri,
            name,
            title,
            description,
            mime_type,
            size,
            icons,
            annotations,
            meta,
            extra,
        }
    }
}

compose! {
    fn text_resource_contents()(
        uri in text(),
        mime_type in of(text()),
        text in text(),
        meta in opt_meta(),
        extra in extra(),
    ) -> TextResourceContents {
        TextResourceContents { uri, mime_type, text, meta, extra }
    }
}

compose! {
    fn blob_resource_contents()(
        uri in text(),
        mime_type in of(text()),
        blob in re("[A-Za-z0-9+/]{0,16}={0,2}"),
        meta in opt_meta(),
        extra in extra(),
    ) -> BlobResourceContents {
        BlobResourceContents { uri, mime_type, blob, meta, extra }
    }
}

pub(crate) fn resource_contents() -> BoxedStrategy<ResourceContents> {
    prop_oneof![
        text_resource_contents().prop_map(ResourceContents::Text),
        blob_resource_contents().prop_map(ResourceContents::Blob),
    ]
    .boxed()
}

compose! {
    fn embedded_resource()(
        resource in resource_contents(),
        annotations in of(annotations()),
        meta in opt_meta(),
        extra in extra(),
    ) -> EmbeddedResource {
        EmbeddedResource { r#type: ResourceType, resource, annotations, meta, extra }
    }
}

/// An object with a discriminator (`type`, `method`) that no variant of the union claims.
pub(crate) fn unknown_tagged(tag: &'static str) -> BoxedStrategy<JsonObject> {
    (
        re("x-[a-z_/]{0,8}"),
        btree_map(re("[a-zA-Z]{1,6}"), json_value(), 0..3),
    )
        .prop_map(move |(value, rest)| {
            let mut o = object(rest);
            o.insert(tag.to_owned(), Value::String(value));
            o
        })
        .boxed()
}

/// All five kinds, and an unknown `type` kept whole.
pub(crate) fn content_block() -> BoxedStrategy<ContentBlock> {
    prop_oneof![
        3 => text_content().prop_map(ContentBlock::Text),
        1 => image_content().prop_map(ContentBlock::Image),
        1 => audio_content().prop_map(ContentBlock::Audio),
        1 => resource_link().prop_map(ContentBlock::ResourceLink),
        1 => embedded_resource().prop_map(ContentBlock::Resource),
        1 => unknown_tagged("type").prop_map(ContentBlock::Unknown),
    ]
    .boxed()
}

compose! {
    fn tool_use_content()(
        id in text(),
        name in text(),
        input in json_object(),
        meta in opt_meta(),
        extra in extra(),
    ) -> ToolUseContent {
        ToolUseContent { r#type: ToolUseType, id, name, input, meta, extra }
    }
}

compose! {
    fn tool_result_content()(
        tool_use_id in text(),
        content in vec(content_block(), 0..3),
        structured_content in of(json_value()),
        is_error in of(any::<bool>()),
        meta in opt_meta(),
        extra in extra(),
    ) -> ToolResultContent {
        ToolResultContent {
            r#type: ToolResultType,
            tool_use_id,
            content,
            structured_content,
            is_error,
            meta,
            extra,
        }
    }
}

pub(crate) fn sampling_block() -> BoxedStrategy<SamplingMessageContentBlock> {
    prop_oneof![
        3 => text_content().prop_map(SamplingMessageContentBlock::Text),
        1 => image_content().prop_map(SamplingMessageContentBlock::Image),
        1 => audio_content().prop_map(SamplingMessageContentBlock::Audio),
        1 => tool_use_content().prop_map(SamplingMessageContentBlock::ToolUse),
        1 => tool_result_content().prop_map(SamplingMessageContentBlock::ToolResult),
        1 => unknown_tagged("type").prop_map(SamplingMessageContentBlock::Unknown),
    ]
    .boxed()
}

/// One block, or an array of blocks (possibly empty).
pub(crate) fn sampling_content() -> BoxedStrategy<SamplingContent> {
    prop_oneof![
        sampling_block().prop_map(SamplingContent::Single),
        vec(sampling_block(), 0..3).prop_map(SamplingContent::Multiple),
    ]
    .boxed()
}

compose! {
    fn sampling_message()(
        role in role(),
        content in sampling_content(),
        meta in opt_meta(),
        extra in extra(),
    ) -> SamplingMessage {
        SamplingMessage { role, content, meta, extra }
    }
}

compose! {
    fn task_metadata()(ttl in of(any::<u64>()), extra in extra()) -> TaskMetadata {
        TaskMetadata { ttl, extra }
    }
}

compose! {
    fn tool_annotations()(
        title in of(text()),
        read_only_hint in of(any::<bool>()),
        destructive_hint in of(any::<bool>()),
        idempotent_hint in of(any::<bool>()),
        open_world_hint in of(any::<bool>()),
        extra in extra(),
    ) -> ToolAnnotations {
        ToolAnnotations {
            title,
            read_only_hint,
            destructive_hint,
            idempotent_hint,
            open_world_hint,
            extra,
        }
    }
}

/// A JSON Schema object with a root `type: "object"` and random members.
pub(crate) fn object_schema() -> BoxedStrategy<JsonObject> {
    json_object()
        .prop_map(|mut o| {
            o.insert("type".to_owned(), Value::from("object"));
            o
        })
        .boxed()
}

compose! {
    fn tool()(
        meta in opt_meta(),
        name in text(),
        title in of(text()),
        description in of(text()),
        input_schema in object_schema(),
        output_schema in of(object_schema()),
        annotations in of(tool_annotations()),
        task_support in of(of(prop_oneof![
            Just(TaskSupport::Forbidden),
            Just(TaskSupport::Optional),
            Just(TaskSupport::Required),
        ])),
        icons in of(vec(icon(), 0..2)),
        extra in extra(),
    ) -> Tool {
        Tool {
            meta,
            name,
            title,
            description,
            input_schema,
            output_schema,
            annotations,
            execution: task_support.map(|task_support| ToolExecution { task_support, extra: JsonObject::new() }),
            icons,
            extra,
        }
    }
}

compose! {
    fn call_tool_result()(
        meta in opt_meta(),
        result_type in of(result_type()),
        content in vec(content_block(), 0..4),
        structured_content in prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            of(json_value()),
        ],
        is_error in prop_oneof![Just(None), Just(Some(false)), Just(Some(true))],
        extra in extra(),
    ) -> CallToolResult {
        CallToolResult { meta, result_type, content, structured_content, is_error, extra }
    }
}

// ---- elicitation ----

pub(crate) fn string_format() -> BoxedStrategy<StringFormat> {
    prop_oneof![
        Just(StringFormat::Email),
        Just(StringFormat::Uri),
        Just(StringFormat::Date),
        Just(StringFormat::DateTime),
    ]
    .boxed()
}

compose! {
    fn string_schema()(
        title in of(text()),
        description in of(text()),
        min_length in of(any::<u64>()),
        max_length in of(any::<u64>()),
        format in of(string_format()),
        default in of(text()),
        extra in extra(),
    ) -> StringSchema {
        StringSchema { r#type: StringType, title, description, min_length, max_length, format, default, extra }
    }
}

compose! {
    fn number_schema()(
        r#type in prop_oneof![Just(NumberType::Number), Just(NumberType::Integer)],
        title in of(text()),
        description in of(text()),
        minimum in of(float()),
        maximum in of(float()),
        default in of(float()),
        extra in extra(),
    ) -> NumberSchema {
        let number = |x: Option<f64>| x.and_then(serde_json::Number::from_f64);
        NumberSchema { r#type, title, description, minimum: number(minimum), maximum: number(maximum), default: number(default), extra }
    }
}

compose! {
    fn boolean_schema()(
        title in of(text()),
        description in of(text()),
        default in of(any::<bool>()),
        extra in extra(),
    ) -> BooleanSchema {
        BooleanSchema { r#type: BooleanType, title, description, default, extra }
    }
}

compose! {
    fn titled_option()(value in text(), title in text(), extra in extra()) -> TitledOption {
        TitledOption { value, title, extra }
    }
}

compose! {
    fn untitled_single()(
        title in of(text()),
        description in of(text()),
        values in vec(text(), 0..4),
        default in of(text()),
        extra in extra(),
    ) -> UntitledSingleSelectEnumSchema {
        UntitledSingleSelectEnumSchema { r#type: StringType, title, description, values, default, extra }
    }
}

compose! {
    fn titled_single()(
        title in of(text()),
        description in of(text()),
        one_of in vec(titled_option(), 0..3),
        default in of(text()),
        extra in extra(),
    ) -> TitledSingleSelectEnumSchema {
        TitledSingleSelectEnumSchema { r#type: StringType, title, description, one_of, default, extra }
    }
}

compose! {
    fn untitled_multi()(
        title in of(text()),
        description in of(text()),
        min_items in of(any::<u64>()),
        max_items in of(any::<u64>()),
        values in vec(text(), 0..4),
        items_extra in extra(),
        default in of(vec(text(), 0..3)),
        extra in extra(),
    ) -> UntitledMultiSelectEnumSchema {
        UntitledMultiSelectEnumSchema {
            r#type: ArrayType,
            title,
            description,
            min_items,
            max_items,
            items: UntitledEnumItems { r#type: StringType, values, extra: items_extra },
            default,
            extra,
        }
    }
}

compose! {
    fn titled_multi()(
        title in of(text()),
        description in of(text()),
        min_items in of(any::<u64>()),
        max_items in of(any::<u64>()),
        any_of in vec(titled_option(), 0..3),
        items_extra in extra(),
        default in of(vec(text(), 0..3)),
        extra in extra(),
    ) -> TitledMultiSelectEnumSchema {
        TitledMultiSelectEnumSchema {
            r#type: ArrayType,
            title,
            description,
            min_items,
            max_items,
            items: TitledEnumItems { any_of, extra: items_extra },
            default,
            extra,
        }
    }
}

compose! {
    /// The legacy shape always carries `enumNames`: without it, it is an untitled single select.
    fn legacy_enum()(
        title in of(text()),
        description in of(text()),
        values in vec(text(), 0..4),
        enum_names in vec(text(), 0..4),
        default in of(text()),
        extra in extra(),
    ) -> LegacyTitledEnumSchema {
        LegacyTitledEnumSchema {
            r#type: StringType,
            title,
            description,
            values,
            enum_names: Some(enum_names),
            default,
            extra,
        }
    }
}

/// Every `PrimitiveSchemaDefinition` kind, and an unknown `type` kept whole.
pub(crate) fn primitive_schema() -> BoxedStrategy<PrimitiveSchemaDefinition> {
    use PrimitiveSchemaDefinition as P;
    prop_oneof![
        string_schema().prop_map(P::String),
        number_schema().prop_map(P::Number),
        boolean_schema().prop_map(P::Boolean),
        untitled_single()
            .prop_map(|s| P::Enum(EnumSchema::Single(SingleSelectEnumSchema::Untitled(s)))),
        titled_single()
            .prop_map(|s| P::Enum(EnumSchema::Single(SingleSelectEnumSchema::Titled(s)))),
        untitled_multi()
            .prop_map(|s| P::Enum(EnumSchema::Multi(MultiSelectEnumSchema::Untitled(s)))),
        titled_multi().prop_map(|s| P::Enum(EnumSchema::Multi(MultiSelectEnumSchema::Titled(s)))),
        legacy_enum().prop_map(|s| P::Enum(EnumSchema::Legacy(s))),
        unknown_tagged("type").prop_map(P::Unknown),
    ]
    .boxed()
}

compose! {
    fn requested_schema()(
        schema in of(Just("https://json-schema.org/draft/2020-12/schema".to_owned())),
        properties in vec((text(), primitive_schema()), 0..5),
        required in of(vec(text(), 0..3)),
        extra in extra(),
    ) -> ElicitRequestedSchema {
        ElicitRequestedSchema {
            schema,
            r#type: ObjectType,
            properties: properties.into_iter().collect(),
            required,
            extra,
        }
    }
}

compose! {
    fn elicit_form_params()(
        meta in opt_meta(),
        mode in of(Just(FormMode)),
        message in text(),
        requested_schema in requested_schema(),
        task in of(task_metadata()),
        extra in extra(),
    ) -> ElicitRequestFormParams {
        ElicitRequestFormParams { meta, mode, message, requested_schema, task, extra }
    }
}

compose! {
    fn elicit_url_params()(
        meta in opt_meta(),
        message in text(),
        url in text(),
        elicitation_id in of(text()),
        task in of(task_metadata()),
        extra in extra(),
    ) -> ElicitRequestURLParams {
        ElicitRequestURLParams { meta, mode: UrlMode, message, url, elicitation_id, task, extra }
    }
}

pub(crate) fn elicit_params() -> BoxedStrategy<ElicitRequestParams> {
    prop_oneof![
        elicit_form_params().prop_map(ElicitRequestParams::Form),
        elicit_url_params().prop_map(ElicitRequestParams::Url),
    ]
    .boxed()
}

pub(crate) fn elicit_value() -> BoxedStrategy<ElicitValue> {
    prop_oneof![
        text().prop_map(ElicitValue::String),
        any::<bool>().prop_map(ElicitValue::Boolean),
        any::<i64>().prop_map(ElicitValue::Integer),
        // Integral floats (`3.0`) stay floats: the JSON text keeps the fraction.
        float().prop_map(ElicitValue::Number),
        vec(text(), 0..3).prop_map(ElicitValue::Strings),
    ]
    .boxed()
}

pub(crate) fn elicit_action() -> BoxedStrategy<ElicitAction> {
    prop_oneof![
        Just(ElicitAction::Accept),
        Just(ElicitAction::Decline),
        Just(ElicitAction::Cancel)
    ]
    .boxed()
}

compose! {
    fn elicit_result()(
        meta in opt_meta(),
        action in elicit_action(),
        content in of(vec((text(), elicit_value()), 0..4)),
        extra in extra(),
    ) -> ElicitResult {
        ElicitResult { meta, action, content: content.map(|c| c.into_iter().collect()), extra }
    }
}

// ---- sampling and roots ----

compose! {
    fn model_preferences()(
        hints in of(vec((of(text()), extra()).prop_map(|(name, extra)| ModelHint { name, extra }), 0..3)),
        cost_priority in of(float()),
        speed_priority in of(float()),
        intelligence_priority in of(float()),
        extra in extra(),
    ) -> ModelPreferences {
        ModelPreferences { hints, cost_priority, speed_priority, intelligence_priority, extra }
    }
}

compose! {
    fn create_message_params()(
        meta in opt_meta(),
        messages in vec(sampling_message(), 0..3),
        model_preferences in of(model_preferences()),
        system_prompt in of(text()),
        include_context in of(prop_oneof![
            Just(IncludeContext::None),
            Just(IncludeContext::ThisServer),
            Just(IncludeContext::AllServers),
        ]),
        temperature in of(float()),
        max_tokens in any::<u64>(),
        stop_sequences in of(vec(text(), 0..3)),
        metadata in of(json_object()),
        (tools, tool_choice) in (
            of(vec(tool(), 0..2)),
            of((of(prop_oneof![
                Just(ToolChoiceMode::Auto),
                Just(ToolChoiceMode::Required),
                Just(ToolChoiceMode::None),
            ]), extra()).prop_map(|(mode, extra)| ToolChoice { mode, extra })),
        ),
        task in of(task_metadata()),
        extra in extra(),
    ) -> CreateMessageRequestParams {
        CreateMessageRequestParams {
            meta,
            messages,
            model_preferences,
            system_prompt,
            include_context,
            temperature,
            max_tokens,
            stop_sequences,
            metadata,
            tools,
            tool_choice,
            task,
            extra,
        }
    }
}

compose! {
    fn create_message_result()(
        meta in opt_meta(),
        role in role(),
        content in sampling_content(),
        model in text(),
        stop_reason in of(text()),
        extra in extra(),
    ) -> CreateMessageResult {
        CreateMessageResult { meta, role, content, model, stop_reason, extra }
    }
}

compose! {
    fn root()(uri in text(), name in of(text()), meta in opt_meta(), extra in extra()) -> Root {
        Root { uri, name, meta, extra }
    }
}

compose! {
    fn list_roots_result()(
        meta in opt_meta(),
        roots in vec(root(), 0..3),
        extra in extra(),
    ) -> ListRootsResult {
        ListRootsResult { meta, roots, extra }
    }
}

// ---- MRTR ----

/// An answer of each of the three kinds.
pub(crate) fn input_response() -> BoxedStrategy<InputResponse> {
    prop_oneof![
        elicit_result().prop_map(InputResponse::Elicit),
        create_message_result().prop_map(InputResponse::CreateMessage),
        list_roots_result().prop_map(InputResponse::ListRoots),
    ]
    .boxed()
}

pub(crate) fn input_responses() -> BoxedStrategy<InputResponses> {
    vec((text(), input_response()), 0..4)
        .prop_map(|v| v.into_iter().collect())
        .boxed()
}

pub(crate) fn request_params() -> BoxedStrategy<RequestParams> {
    (opt_meta(), extra())
        .prop_map(|(meta, extra)| RequestParams { meta, extra })
        .boxed()
}

/// An input request of each of the three kinds (`{method, params}`, no id), or an unknown
/// method kept whole.
pub(crate) fn input_request() -> BoxedStrategy<InputRequest> {
    prop_oneof![
        elicit_params().prop_map(|params| InputRequest::Elicit(ElicitRequest::input(params))),
        create_message_params()
            .prop_map(|params| InputRequest::CreateMessage(CreateMessageRequest::input(params))),
        of(request_params())
            .prop_map(|params| InputRequest::ListRoots(ListRootsRequest::input(params))),
        unknown_tagged("method").prop_map(InputRequest::Unknown),
    ]
    .boxed()
}

compose! {
    fn input_required_result()(
        meta in opt_meta(),
        result_type in of(Just(ResultType::InputRequired)),
        input_requests in of(vec((text(), input_request()), 0..4)),
        request_state in of(text()),
        extra in extra(),
    ) -> InputRequiredResult {
        InputRequiredResult {
            meta,
            result_type,
            input_requests: input_requests.map(|r| r.into_iter().collect::<IndexMap<_, _>>()),
            request_state,
            extra,
        }
    }
}

compose! {
    fn call_tool_params()(
        meta in opt_meta(),
        name in text(),
        arguments in of(json_object()),
        input_responses in of(input_responses()),
        request_state in of(text()),
        task in of(task_metadata()),
        extra in extra(),
    ) -> CallToolRequestParams {
        CallToolRequestParams { meta, name, arguments, input_responses, request_state, task, extra }
    }
}

compose! {
    fn call_tool_request()(id in request_id(), params in call_tool_params()) -> CallToolRequest {
        CallToolRequest { id, params }
    }
}

/// A `tools/call` response: the complete result (any `resultType` but `input_required`) or an
/// MRTR round.
pub(crate) fn call_tool_response() -> BoxedStrategy<CallToolResultResponse> {
    let result = prop_oneof![
        (call_tool_result(), complete_result_type()).prop_map(|(mut r, t)| {
            r.result_type = t;
            MultiRoundResult::Complete(r)
        }),
        input_required_result().prop_map(|mut r| {
            r.result_type = Some(ResultType::InputRequired);
            MultiRoundResult::InputRequired(r)
        }),
    ];
    (request_id(), result)
        .prop_map(|(id, result)| JSONRPCResultResponse::new(id, result))
        .boxed()
}

// ---- resources ----

compose! {
    fn read_resource_result()(
        meta in opt_meta(),
        result_type in of(result_type()),
        contents in vec(resource_contents(), 0..4),
        ttl_ms in of(any::<u64>()),
        cache_scope in of(prop_oneof![Just(CacheScope::Public), Just(CacheScope::Private)]),
        extra in extra(),
    ) -> ReadResourceResult {
        ReadResourceResult { meta, result_type, contents, ttl_ms, cache_scope, extra }
    }
}

compose! {
    fn read_resource_params()(
        meta in opt_meta(),
        uri in text(),
        input_responses in of(input_responses()),
        request_state in of(text()),
        extra in extra(),
    ) -> ReadResourceRequestParams {
        ReadResourceRequestParams { meta, uri, input_responses, request_state, extra }
    }
}

// ---- the unions ----

pub(crate) fn logging_level() -> BoxedStrategy<LoggingLevel> {
    prop::sample::select(vec![
        LoggingLevel::Debug,
        LoggingLevel::Info,
        LoggingLevel::Notice,
        LoggingLevel::Warning,
        LoggingLevel::Error,
        LoggingLevel::Critical,
        LoggingLevel::Alert,
        LoggingLevel::Emergency,
    ])
    .boxed()
}

pub(crate) fn notification_params() -> BoxedStrategy<Option<NotificationParams>> {
    of((opt_meta(), extra()).prop_map(|(meta, extra)| NotificationParams { meta, extra })).boxed()
}

pub(crate) fn paginated_params() -> BoxedStrategy<Option<PaginatedRequestParams>> {
    of(
        (opt_meta(), of(text()), extra()).prop_map(|(meta, cursor, extra)| {
            PaginatedRequestParams {
                meta,
                cursor,
                extra,
            }
        }),
    )
    .boxed()
}

compose! {
    fn client_capabilities()(
        roots in of((of(any::<bool>()), extra()).prop_map(|(list_changed, extra)| RootsCapability { list_changed, extra })),
        sampling in of((of(json_object()), of(json_object()), extra())
            .prop_map(|(context, tools, extra)| SamplingCapability { context, tools, extra })),
        elicitation in of((of(json_object()), of(json_object()), extra())
            .prop_map(|(form, url, extra)| ElicitationCapability { form, url, extra })),
        experimental in of(vec((text(), json_object()), 0..2).prop_map(|v| v.into_iter().collect())),
        extensions in of(vec((text(), json_object()), 0..2).prop_map(|v| v.into_iter().collect())),
        extra in extra(),
    ) -> ClientCapabilities {
        ClientCapabilities { roots, sampling, elicitation, experimental, extensions, extra, ..ClientCapabilities::default() }
    }
}

compose! {
    fn implementation()(
        name in text(),
        title in of(text()),
        version in text(),
        description in of(text()),
        icons in of(vec(icon(), 0..2)),
        website_url in of(text()),
        extra in extra(),
    ) -> Implementation {
        Implementation { name, title, version, description, icons, website_url, extra }
    }
}

compose! {
    fn completion_reference()(
        which in 0..3u8,
        name in text(),
        title in of(text()),
        unknown in unknown_tagged("type"),
        extra in extra(),
    ) -> CompletionReference {
        match which {
            0 => CompletionReference::Prompt(PromptReference { r#type: PromptRefType, name, title, extra }),
            1 => CompletionReference::ResourceTemplate(ResourceTemplateReference {
                r#type: ResourceRefType,
                uri: name,
                extra,
            }),
            _ => CompletionReference::Unknown(unknown),
        }
    }
}

/// A sample of `ClientRequest` variants, each with a random id, and an unknown method.
pub(crate) fn client_request() -> BoxedStrategy<ClientRequest> {
    let id = request_id;
    prop_oneof![
        (id(), of(request_params()))
            .prop_map(|(id, params)| ClientRequest::Ping(PingRequest { id, params })),
        (
            id(),
            protocol_version(),
            client_capabilities(),
            implementation(),
            opt_meta(),
            extra()
        )
            .prop_map(
                |(id, protocol_version, capabilities, client_info, meta, extra)| {
                    ClientRequest::Initialize(InitializeRequest {
                        id,
                        params: InitializeRequestParams {
                            meta,
                            protocol_version,
                            capabilities,
                            client_info,
                            extra,
                        },
                    })
                }
            ),
        (id(), paginated_params())
            .prop_map(|(id, params)| ClientRequest::ListTools(ListToolsRequest { id, params })),
        (id(), paginated_params()).prop_map(|(id, params)| ClientRequest::ListResources(
            ListResourcesRequest { id, params }
        )),
        call_tool_request().prop_map(ClientRequest::CallTool),
        (id(), read_resource_params()).prop_map(|(id, params)| ClientRequest::ReadResource(
            ReadResourceRequest { id, params }
        )),
        (
            id(),
            opt_meta(),
            text(),
            of(btree_map(text(), text(), 0..3)),
            of(input_responses()),
            of(text()),
            extra()
        )
            .prop_map(
                |(id, meta, name, arguments, input_responses, request_state, extra)| {
                    ClientRequest::GetPrompt(GetPromptRequest {
                        id,
                        params: GetPromptRequestParams {
                            meta,
                            name,
                            arguments,
                            input_responses,
                            request_state,
                            extra,
                        },
                    })
                }
            ),
        (id(), opt_meta(), logging_level(), extra()).prop_map(|(id, meta, level, extra)| {
            ClientRequest::SetLevel(SetLevelRequest {
                id,
                params: SetLevelRequestParams { meta, level, extra },
            })
        }),
        (
            id(),
            opt_meta(),
            completion_reference(),
            text(),
            text(),
            of(of(btree_map(text(), text(), 0..3))),
            extra()
        )
            .prop_map(|(id, meta, reference, name, value, context, extra)| {
                ClientRequest::Complete(CompleteRequest {
                    id,
                    params: CompleteRequestParams {
                        meta,
                        reference,
                        argument: CompletionArgument {
                            name,
                            value,
                            extra: JsonObject::new(),
                        },
                        context: context.map(|arguments| CompletionContext {
                            arguments,
                            extra: JsonObject::new(),
                        }),
                        extra,
                    },
                })
            }),
        (id(), unknown_tagged("method")).prop_map(|(id, mut o)| {
            o.insert("jsonrpc".to_owned(), Value::from("2.0"));
            o.insert(
                "id".to_owned(),
                serde_json::to_value(id).unwrap_or_default(),
            );
            ClientRequest::Unknown(o)
        }),
    ]
    .boxed()
}

/// A sample of `ServerNotification` variants, and an unknown method.
pub(crate) fn server_notification() -> BoxedStrategy<ServerNotification> {
    use ServerNotification as N;
    prop_oneof![
        (opt_meta(), of(request_id()), of(text()), extra()).prop_map(
            |(meta, request_id, reason, extra)| {
                N::Cancelled(CancelledNotification {
                    params: CancelledNotificationParams {
                        meta,
                        request_id,
                        reason,
                        extra,
                    },
                })
            }
        ),
        (
            opt_meta(),
            progress_token(),
            float(),
            of(float()),
            of(text()),
            extra()
        )
            .prop_map(|(meta, progress_token, progress, total, message, extra)| {
                N::Progress(ProgressNotification {
                    params: ProgressNotificationParams {
                        meta,
                        progress_token,
                        progress,
                        total,
                        message,
                        extra,
                    },
                })
            }),
        (
            opt_meta(),
            logging_level(),
            of(text()),
            json_value(),
            extra()
        )
            .prop_map(|(meta, level, logger, data, extra)| {
                N::LoggingMessage(LoggingMessageNotification {
                    params: LoggingMessageNotificationParams {
                        meta,
                        level,
                        logger,
                        data,
                        extra,
                    },
                })
            }),
        notification_params()
            .prop_map(|params| N::ResourceListChanged(ResourceListChangedNotification { params })),
        (opt_meta(), text(), extra()).prop_map(|(meta, uri, extra)| {
            N::ResourceUpdated(ResourceUpdatedNotification {
                params: ResourceUpdatedNotificationParams { meta, uri, extra },
            })
        }),
        notification_params()
            .prop_map(|params| N::ToolListChanged(ToolListChangedNotification { params })),
        notification_params()
            .prop_map(|params| N::PromptListChanged(PromptListChangedNotification { params })),
        (opt_meta(), text(), extra()).prop_map(|(meta, elicitation_id, extra)| {
            N::ElicitationComplete(ElicitationCompleteNotification {
                params: ElicitationCompleteNotificationParams {
                    meta,
                    elicitation_id,
                    extra,
                },
            })
        }),
        unknown_tagged("method").prop_map(|mut o| {
            o.insert("jsonrpc".to_owned(), Value::from("2.0"));
            N::Unknown(o)
        }),
    ]
    .boxed()
}

// ---- JSON-RPC ----

compose! {
    fn error_object()(
        code in prop_oneof![any::<i64>(), -32700i64..=-32000],
        message in text(),
        data in of(json_value_not_null()),
    ) -> ErrorObject {
        ErrorObject { code, message, data }
    }
}

/// All four kinds of message.
pub(crate) fn jsonrpc_message() -> BoxedStrategy<JSONRPCMessage> {
    prop_oneof![
        (request_id(), text(), of(json_object())).prop_map(|(id, method, params)| {
            JSONRPCMessage::Request(JSONRPCRequest::new(id, method, params))
        }),
        (text(), of(json_object())).prop_map(|(method, params)| JSONRPCMessage::Notification(
            JSONRPCNotification::new(method, params)
        )),
        (request_id(), json_object()).prop_map(|(id, result)| JSONRPCMessage::Response(
            JSONRPCResultResponse::new(id, result)
        )),
        (of(request_id()), error_object())
            .prop_map(|(id, error)| JSONRPCMessage::Error(JSONRPCErrorResponse::new(id, error))),
    ]
    .boxed()
}

// ---- arbitrary input for the never-panics properties ----

/// JSON that looks like a JSON-RPC message: random subsets of its members, each with a value of
/// the right or of a random type.
pub(crate) fn message_like_value() -> BoxedStrategy<Value> {
    let member = |name: &'static str, right: BoxedStrategy<Value>| {
        of(prop_oneof![right, json_value().boxed()])
            .prop_map(move |v| v.map(|v| (name.to_owned(), v)))
    };
    (
        member(
            "jsonrpc",
            prop_oneof![Just(Value::from("2.0")), Just(Value::from("1.0"))].boxed(),
        ),
        member(
            "id",
            prop_oneof![
                any::<i64>().prop_map(Value::from),
                text().prop_map(Value::from),
                Just(Value::Null),
                float().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
            ]
            .boxed(),
        ),
        member(
            "method",
            prop_oneof![
                text().prop_map(Value::from),
                Just(Value::from("tools/call"))
            ]
            .boxed(),
        ),
        member("params", json_object().prop_map(Value::Object).boxed()),
        member("result", json_object().prop_map(Value::Object).boxed()),
        member(
            "error",
            error_object()
                .prop_map(|e| serde_json::to_value(e).unwrap_or_default())
                .boxed(),
        ),
        extra(),
    )
        .prop_map(|(a, b, c, d, e, f, extra)| {
            let mut o: JsonObject = [a, b, c, d, e, f].into_iter().flatten().collect();
            o.extend(extra);
            Value::Object(o)
        })
        .boxed()
}

/// Text that is almost JSON: a serialized value or message, cut short, with a character
/// inserted, or with bytes swapped.
pub(crate) fn almost_json() -> BoxedStrategy<String> {
    let source = prop_oneof![
        json_value().prop_map(|v| v.to_string()),
        message_like_value().prop_map(|v| v.to_string()),
    ];
    (source, any::<prop::sample::Index>(), any::<char>(), 0..4u8)
        .prop_map(|(s, at, c, how)| {
            let boundaries: Vec<usize> =
                s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            let cut = boundaries[at.index(boundaries.len())];
            match how {
                0 => s[..cut].to_owned(),
                1 => format!("{}{c}{}", &s[..cut], &s[cut..]),
                2 => format!("{}{}", &s[cut..], &s[..cut]),
                _ => s,
            }
        })
        .boxed()
}
