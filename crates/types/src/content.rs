//! Content blocks: text, image, audio, resource links, embedded resources, tool use and results.

use serde::{Deserialize, Deserializer, Serialize};

use crate::{Annotations, Icon, JsonObject, JsonValue, Meta, ResourceContents, Role};

const_str!(
    /// The `type` of [`TextContent`].
    TextType = "text"
);
const_str!(
    /// The `type` of [`ImageContent`].
    ImageType = "image"
);
const_str!(
    /// The `type` of [`AudioContent`].
    AudioType = "audio"
);
const_str!(
    /// The `type` of [`ResourceLink`].
    ResourceLinkType = "resource_link"
);
const_str!(
    /// The `type` of [`EmbeddedResource`].
    ResourceType = "resource"
);
const_str!(
    /// The `type` of [`ToolUseContent`].
    ToolUseType = "tool_use"
);
const_str!(
    /// The `type` of [`ToolResultContent`].
    ToolResultType = "tool_result"
);

/// Text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextContent {
    /// Always `"text"`.
    pub r#type: TextType,
    /// The text.
    pub text: String,
    /// Hints for the client (2025-03-26 on; `Annotated` in 2024-11-05).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl TextContent {
    /// A text block.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
}

/// An image, base64-encoded.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageContent {
    /// Always `"image"`.
    pub r#type: ImageType,
    /// The base64-encoded image data.
    pub data: String,
    /// The MIME type, such as `image/png`.
    pub mime_type: String,
    /// Hints for the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Audio, base64-encoded (2025-03-26 on).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AudioContent {
    /// Always `"audio"`.
    pub r#type: AudioType,
    /// The base64-encoded audio data.
    pub data: String,
    /// The MIME type, such as `audio/wav`.
    pub mime_type: String,
    /// Hints for the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A link to a resource the client may read (2025-06-18 on). Not necessarily listed by
/// `resources/list`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceLink {
    /// Always `"resource_link"`.
    pub r#type: ResourceLinkType,
    /// The resource's URI.
    pub uri: String,
    /// The programmatic name.
    pub name: String,
    /// A human-readable name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the resource is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The MIME type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// The size in bytes, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Icons (2025-11-25 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icons: Option<Vec<Icon>>,
    /// Hints for the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A resource's contents embedded in a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmbeddedResource {
    /// Always `"resource"`.
    pub r#type: ResourceType,
    /// The contents: text or blob.
    pub resource: ResourceContents,
    /// Hints for the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A request from the model to use a tool, in sampling (2025-11-25 on).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolUseContent {
    /// Always `"tool_use"`.
    pub r#type: ToolUseType,
    /// The id of this tool use, matched by a later [`ToolResultContent::tool_use_id`].
    pub id: String,
    /// The tool's name.
    pub name: String,
    /// The tool's arguments.
    pub input: JsonObject,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The result of a tool use, in sampling (2025-11-25 on).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolResultContent {
    /// Always `"tool_result"`.
    pub r#type: ToolResultType,
    /// The id of the tool use this answers.
    pub tool_use_id: String,
    /// The unstructured result.
    #[serde(deserialize_with = "blocks")]
    pub content: Vec<ContentBlock>,
    /// The structured result; `Some(Value::Null)` is an explicit `null`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "explicit_value"
    )]
    pub structured_content: Option<JsonValue>,
    /// Whether the tool use ended in an error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_error: Option<bool>,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

tagged_union!(
    /// A block of content in tool results and prompt messages (`ContentBlock`).
    ContentBlock by "type" {
        /// Text.
        Text(TextContent) = "text",
        /// An image.
        Image(ImageContent) = "image",
        /// Audio (2025-03-26 on).
        Audio(AudioContent) = "audio",
        /// A resource link (2025-06-18 on).
        ResourceLink(ResourceLink) = "resource_link",
        /// An embedded resource.
        Resource(EmbeddedResource) = "resource",
    }
);

tagged_union!(
    /// A block of content in a sampling message (`SamplingMessageContentBlock`, 2025-11-25 on).
    SamplingMessageContentBlock by "type" {
        /// Text.
        Text(TextContent) = "text",
        /// An image.
        Image(ImageContent) = "image",
        /// Audio.
        Audio(AudioContent) = "audio",
        /// A tool use.
        ToolUse(ToolUseContent) = "tool_use",
        /// A tool result.
        ToolResult(ToolResultContent) = "tool_result",
    }
);

impl ContentBlock {
    /// A text block.
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text(TextContent::new(text))
    }
}

/// Sampling content: one block, or (2025-11-25 on) an array of blocks.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SamplingContent {
    /// A single block.
    Single(SamplingMessageContentBlock),
    /// Several blocks (2025-11-25 on).
    Multiple(Vec<SamplingMessageContentBlock>),
}

impl<'de> Deserialize<'de> for SamplingContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = JsonValue::deserialize(deserializer)?;
        if value.is_array() {
            crate::decode::redecode(value).map(Self::Multiple)
        } else {
            crate::decode::redecode(value).map(Self::Single)
        }
    }
}

impl SamplingContent {
    /// One text block.
    pub fn text(text: impl Into<String>) -> Self {
        Self::Single(SamplingMessageContentBlock::Text(TextContent::new(text)))
    }
}

impl From<SamplingMessageContentBlock> for SamplingContent {
    fn from(block: SamplingMessageContentBlock) -> Self {
        Self::Single(block)
    }
}

/// A message in a sampling conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SamplingMessage {
    /// Who speaks.
    pub role: Role,
    /// What is said.
    pub content: SamplingContent,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Unknown members, kept for the round trip.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `deserialize_with` for a list of content blocks: grown one block at a time (1, 2, 4, ...)
/// rather than by serde's default (four blocks at once when the input gives no length, 2 KB for
/// the one text block most results carry, past the allocator's per-thread cache).
pub(crate) fn blocks<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ContentBlock>, D::Error> {
    struct Blocks;
    impl<'de> serde::de::Visitor<'de> for Blocks {
        type Value = Vec<ContentBlock>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut blocks = Vec::new();
            while let Some(block) = seq.next_element()? {
                if blocks.len() == blocks.capacity() {
                    blocks.reserve_exact(blocks.len().max(1));
                }
                blocks.push(block);
            }
            Ok(blocks)
        }
    }
    d.deserialize_seq(Blocks)
}

/// `deserialize_with` for an `Option<Value>` member where an explicit `null` must stay
/// `Some(Value::Null)` rather than collapse into "absent".
pub(crate) fn explicit_value<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<JsonValue>, D::Error> {
    JsonValue::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use crate::CallToolResult;

    /// A result's blocks take the room they need (one text block: one block's worth, not
    /// four), and a list of the wrong type is refused as before.
    #[test]
    fn content_lists_are_allocated_to_fit() {
        let block = r#"{"type":"text","text":"hi"}"#;
        for (n, capacity) in [(0, 0), (1, 1), (2, 2), (3, 4), (5, 8)] {
            let blocks = vec![block; n].join(",");
            let text = format!(r#"{{"content":[{blocks}],"x":1}}"#);
            let result: CallToolResult = serde_json::from_str(&text).unwrap();
            assert_eq!(result.content.len(), n);
            assert_eq!(result.content.capacity(), capacity, "{n} blocks");
        }
        let error = serde_json::from_str::<CallToolResult>(r#"{"content":{}}"#).unwrap_err();
        assert!(error.to_string().contains("expected a sequence"), "{error}");
    }
}
