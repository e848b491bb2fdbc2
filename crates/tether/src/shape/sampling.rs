//! The params of the server-to-client `sampling/createMessage` request, and the client
//! capabilities they need.
//!
//! Before 2025-11-25 a sampling message holds exactly one text, image or (2025-03-26 on) audio
//! block, and the request has no `tools`, `toolChoice` or `task`. So, before 2025-11-25:
//!
//! - a `tool_use` block becomes `[tool use omitted: get_weather (id call_1), input {...}]`;
//! - a `tool_result` block becomes `[tool result omitted: call_1]` (`[tool result omitted:
//!   call_1, error]` when `isError`), followed, one per line, by the text of its content
//!   blocks and a placeholder for each other kind (its `structuredContent` is not repeated);
//! - an array of blocks becomes one text block: the blocks' texts and placeholders (images
//!   too, since one text block cannot hold them), one per line. An array of one block is that
//!   block. The joined block has no annotations or `_meta` (the parts' own are dropped);
//! - `_meta` on the message itself is removed (it is defined from 2025-11-25).
//!
//! Audio before 2025-03-26, and a kind this crate does not know at every revision, become the
//! same placeholders as in results (see [`content`](super::content)).

use tether_mcp_types::{
    ClientCapabilities, ContentBlock, CreateMessageRequestParams, ImageContent, IncludeContext,
    ProtocolVersion, SamplingContent, SamplingMessage, SamplingMessageContentBlock, TextContent,
    ToolResultContent, ToolUseContent,
};

use super::content::{audio_as_text, decoded_len, shape_annotations, unknown_as_text};
use super::tools::shape_structured_content;
use super::{Shape, shape_meta};

/// The capability `params` need that `capabilities` do not declare, if any: `sampling.tools`
/// for `tools`/`toolChoice`, `sampling.context` for `includeContext` other than `none`. Checked
/// at every revision, before shaping (a client that did not declare them must reject the
/// request).
pub(crate) fn undeclared_sampling_capability(
    params: &CreateMessageRequestParams,
    capabilities: &ClientCapabilities,
) -> Option<&'static str> {
    let sampling = capabilities.sampling.as_ref();
    let wants_tools = params.tools.is_some() || params.tool_choice.is_some();
    if wants_tools && sampling.is_none_or(|s| s.tools.is_none()) {
        return Some("sampling.tools");
    }
    let wants_context = matches!(
        params.include_context,
        Some(IncludeContext::ThisServer | IncludeContext::AllServers)
    );
    if wants_context && sampling.is_none_or(|s| s.context.is_none()) {
        return Some("sampling.context");
    }
    None
}

impl Shape for CreateMessageRequestParams {
    /// Shapes the messages; `tools` and `toolChoice` from 2025-11-25 (the tools shaped too),
    /// `task` on 2025-11-25 only.
    fn shape(&mut self, version: &ProtocolVersion) {
        self.messages.shape(version);
        if version.has_sampling_tools() {
            if let Some(tools) = &mut self.tools {
                tools.shape(version);
            }
        } else {
            self.tools = None;
            self.tool_choice = None;
        }
        if !version.has_core_tasks() {
            self.task = None;
        }
    }
}

impl Shape for SamplingMessage {
    /// Shapes the content; `_meta` from 2025-11-25.
    fn shape(&mut self, version: &ProtocolVersion) {
        if !version.has_sampling_tools() {
            self.meta = None;
        }
        self.content.shape(version);
    }
}

impl Shape for SamplingContent {
    /// Arrays from 2025-11-25; before, one block (an array of several becomes one text block).
    fn shape(&mut self, version: &ProtocolVersion) {
        if !version.has_sampling_tools()
            && let Self::Multiple(blocks) = self
        {
            *self = if blocks.len() == 1 {
                Self::Single(blocks.remove(0))
            } else {
                Self::Single(SamplingMessageContentBlock::Text(joined(blocks, version)))
            };
        }
        match self {
            Self::Single(block) => block.shape(version),
            Self::Multiple(blocks) => blocks.shape(version),
        }
    }
}

impl Shape for SamplingMessageContentBlock {
    /// Shapes the block's members; replaces a kind `version` cannot read with a text block:
    /// audio before 2025-03-26, `tool_use`/`tool_result` before 2025-11-25, an unknown kind
    /// always.
    fn shape(&mut self, version: &ProtocolVersion) {
        let replacement = match self {
            Self::Text(text) => {
                shape_annotations(&mut text.annotations, version);
                shape_meta(&mut text.meta, version);
                None
            }
            Self::Image(image) => {
                shape_annotations(&mut image.annotations, version);
                shape_meta(&mut image.meta, version);
                None
            }
            Self::Audio(audio) if !version.has_audio() => Some(audio_as_text(audio, version)),
            Self::Audio(audio) => {
                shape_annotations(&mut audio.annotations, version);
                shape_meta(&mut audio.meta, version);
                None
            }
            Self::ToolUse(tool_use) if !version.has_sampling_tools() => {
                Some(TextContent::new(tool_use_text(tool_use)))
            }
            Self::ToolUse(_) => None,
            Self::ToolResult(result) if !version.has_sampling_tools() => {
                Some(TextContent::new(tool_result_text(result, version)))
            }
            Self::ToolResult(result) => {
                result.content.shape(version);
                shape_structured_content(
                    &mut result.structured_content,
                    &mut result.content,
                    version,
                );
                None
            }
            Self::Unknown(object) => Some(unknown_as_text(object)),
        };
        if let Some(text) = replacement {
            *self = Self::Text(text);
        }
    }
}

/// Several blocks as one text block (before 2025-11-25): each block's text or placeholder, one
/// per line.
fn joined(blocks: &[SamplingMessageContentBlock], version: &ProtocolVersion) -> TextContent {
    let parts: Vec<String> = blocks
        .iter()
        .map(|block| match block {
            SamplingMessageContentBlock::Text(text) => text.text.clone(),
            SamplingMessageContentBlock::Image(image) => image_text(image),
            SamplingMessageContentBlock::Audio(audio) => {
                // Even where audio exists, one text block cannot hold it.
                let mut legacy = audio.clone();
                legacy.annotations = None;
                audio_as_text(&legacy, version).text
            }
            SamplingMessageContentBlock::ToolUse(tool_use) => tool_use_text(tool_use),
            SamplingMessageContentBlock::ToolResult(result) => tool_result_text(result, version),
            SamplingMessageContentBlock::Unknown(object) => unknown_as_text(object).text,
        })
        .collect();
    TextContent::new(parts.join("\n"))
}

/// `[image omitted: image/png, 1024 bytes]`.
fn image_text(image: &ImageContent) -> String {
    format!(
        "[image omitted: {}, {} bytes]",
        image.mime_type,
        decoded_len(&image.data)
    )
}

/// `[tool use omitted: get_weather (id call_1), input {"city":"Paris"}]`.
fn tool_use_text(tool_use: &ToolUseContent) -> String {
    let input = serde_json::to_string(&tool_use.input).unwrap_or_default();
    format!(
        "[tool use omitted: {} (id {}), input {input}]",
        tool_use.name, tool_use.id
    )
}

/// `[tool result omitted: call_1]` (`, error` when `isError`), then the text of each content
/// block, or its placeholder, one per line.
fn tool_result_text(result: &ToolResultContent, version: &ProtocolVersion) -> String {
    let mut text = format!("[tool result omitted: {}", result.tool_use_id);
    if result.is_error == Some(true) {
        text.push_str(", error");
    }
    text.push(']');
    let mut content = result.content.clone();
    content.shape(version);
    for block in &content {
        text.push('\n');
        match block {
            ContentBlock::Text(t) => text.push_str(&t.text),
            ContentBlock::Image(image) => text.push_str(&image_text(image)),
            ContentBlock::Audio(audio) => {
                text.push_str(&audio_as_text(audio, version).text);
            }
            ContentBlock::ResourceLink(link) => {
                text.push_str(&format!("[resource link: {} <{}>]", link.name, link.uri));
            }
            ContentBlock::Resource(embedded) => {
                text.push_str(&format!(
                    "[embedded resource omitted: {}]",
                    embedded.resource.uri()
                ));
            }
            ContentBlock::Unknown(object) => {
                text.push_str(&unknown_as_text(object).text);
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tether_mcp_types::{
        AudioContent, JsonObject, JsonValue, Meta, Role, SamplingCapability, TaskMetadata, Tool,
        ToolChoice,
    };

    use super::super::test_util::wire;
    use super::*;

    const BEFORE_11_25: [ProtocolVersion; 3] = [
        ProtocolVersion::V_2024_11_05,
        ProtocolVersion::V_2025_03_26,
        ProtocolVersion::V_2025_06_18,
    ];
    const FROM_11_25: [ProtocolVersion; 2] =
        [ProtocolVersion::V_2025_11_25, ProtocolVersion::V_2026_07_28];

    fn object(value: JsonValue) -> JsonObject {
        value.as_object().cloned().unwrap_or_default()
    }

    fn audio() -> SamplingMessageContentBlock {
        SamplingMessageContentBlock::Audio(AudioContent {
            data: "UklGRiQAAABXQVZF".to_owned(), // 12 bytes
            mime_type: "audio/wav".to_owned(),
            ..Default::default()
        })
    }

    fn tool_use() -> SamplingMessageContentBlock {
        SamplingMessageContentBlock::ToolUse(ToolUseContent {
            id: "call_1".to_owned(),
            name: "get_weather".to_owned(),
            input: object(json!({"city": "Paris"})),
            ..Default::default()
        })
    }

    fn tool_result() -> SamplingMessageContentBlock {
        SamplingMessageContentBlock::ToolResult(ToolResultContent {
            tool_use_id: "call_1".to_owned(),
            content: vec![ContentBlock::text("18°C")],
            structured_content: Some(json!(18)),
            is_error: Some(true),
            ..Default::default()
        })
    }

    fn text(t: &str) -> SamplingMessageContentBlock {
        SamplingMessageContentBlock::Text(TextContent::new(t))
    }

    fn shaped(mut content: SamplingContent, version: &ProtocolVersion) -> JsonValue {
        content.shape(version);
        wire(&content)
    }

    fn with_tools() -> CreateMessageRequestParams {
        CreateMessageRequestParams {
            messages: vec![SamplingMessage {
                role: Role::User,
                content: SamplingContent::Single(text("hi")),
                meta: Some(Meta(object(json!({"k": 1})))),
                extra: JsonObject::new(),
            }],
            max_tokens: 10,
            tools: Some(vec![Tool {
                name: "get_weather".to_owned(),
                input_schema: object(json!({"type": "object"})),
                ..Default::default()
            }]),
            tool_choice: Some(ToolChoice::default()),
            task: Some(TaskMetadata::default()),
            ..Default::default()
        }
    }

    fn capabilities(sampling: JsonValue) -> ClientCapabilities {
        ClientCapabilities {
            sampling: serde_json::from_value::<Option<SamplingCapability>>(sampling)
                .expect("sampling"),
            ..Default::default()
        }
    }

    #[test]
    fn audio_becomes_text_before_2025_03_26_and_stays_from_it() {
        let single = SamplingContent::Single(audio());
        assert_eq!(
            shaped(single.clone(), &ProtocolVersion::V_2024_11_05),
            json!({"type": "text", "text": "[audio omitted: audio/wav, 12 bytes]"})
        );
        for version in [ProtocolVersion::V_2025_03_26, ProtocolVersion::V_2025_06_18] {
            assert_eq!(
                shaped(single.clone(), &version)["type"],
                "audio",
                "{version}"
            );
        }
        for version in FROM_11_25 {
            assert_eq!(shaped(single.clone(), &version), wire(&single), "{version}");
        }
    }

    #[test]
    fn tool_use_and_tool_result_become_text_before_2025_11_25() {
        for version in BEFORE_11_25 {
            assert_eq!(
                shaped(SamplingContent::Single(tool_use()), &version),
                json!({"type": "text",
                       "text": "[tool use omitted: get_weather (id call_1), input {\"city\":\"Paris\"}]"}),
                "{version}"
            );
            assert_eq!(
                shaped(SamplingContent::Single(tool_result()), &version),
                json!({"type": "text", "text": "[tool result omitted: call_1, error]\n18°C"}),
                "{version}"
            );
        }
        for version in FROM_11_25 {
            let v = shaped(SamplingContent::Single(tool_use()), &version);
            assert_eq!(v["type"], "tool_use", "{version}");
            assert_eq!(v["input"], json!({"city": "Paris"}));
            let v = shaped(SamplingContent::Single(tool_result()), &version);
            assert_eq!(v["type"], "tool_result", "{version}");
            assert_eq!(v["content"], json!([{"type": "text", "text": "18°C"}]));
        }
        // A non-object structured result is wrapped where it must be an object.
        let v = shaped(
            SamplingContent::Single(tool_result()),
            &ProtocolVersion::V_2025_11_25,
        );
        assert_eq!(v["structuredContent"], json!({"result": 18}));
        let v = shaped(
            SamplingContent::Single(tool_result()),
            &ProtocolVersion::V_2026_07_28,
        );
        assert_eq!(v["structuredContent"], json!(18));
    }

    #[test]
    fn tool_result_content_is_shaped_inside() {
        let result = SamplingMessageContentBlock::ToolResult(ToolResultContent {
            tool_use_id: "c".to_owned(),
            content: vec![ContentBlock::Audio(AudioContent {
                data: "AAAA".to_owned(),
                mime_type: "audio/wav".to_owned(),
                ..Default::default()
            })],
            ..Default::default()
        });
        assert_eq!(
            shaped(
                SamplingContent::Single(result),
                &ProtocolVersion::V_2024_11_05
            ),
            json!({"type": "text",
                   "text": "[tool result omitted: c]\n[audio omitted: audio/wav, 3 bytes]"})
        );
    }

    #[test]
    fn arrays_become_one_block_before_2025_11_25() {
        let many = SamplingContent::Multiple(vec![text("look:"), audio(), tool_use()]);
        assert_eq!(
            shaped(many.clone(), &ProtocolVersion::V_2025_06_18),
            json!({"type": "text", "text": "look:\n[audio omitted: audio/wav, 12 bytes]\n\
                   [tool use omitted: get_weather (id call_1), input {\"city\":\"Paris\"}]"})
        );
        for version in BEFORE_11_25 {
            assert_eq!(shaped(many.clone(), &version)["type"], "text", "{version}");
            // One block is that block, shaped.
            let one = SamplingContent::Multiple(vec![audio()]);
            let expected = if version.has_audio() { "audio" } else { "text" };
            assert_eq!(shaped(one, &version)["type"], expected, "{version}");
            let none = SamplingContent::Multiple(vec![]);
            assert_eq!(shaped(none, &version), json!({"type": "text", "text": ""}));
        }
        for version in FROM_11_25 {
            let v = shaped(many.clone(), &version);
            assert_eq!(v, wire(&many), "{version}");
        }
    }

    #[test]
    fn tools_tool_choice_and_message_meta_from_2025_11_25_and_task_on_it_only() {
        for version in BEFORE_11_25 {
            let mut params = with_tools();
            params.shape(&version);
            let v = wire(&params);
            for member in ["tools", "toolChoice", "task"] {
                assert!(v.get(member).is_none(), "{version}: {member} in {v}");
            }
            assert!(v["messages"][0].get("_meta").is_none(), "{version}");
        }
        let mut params = with_tools();
        params.shape(&ProtocolVersion::V_2025_11_25);
        assert_eq!(wire(&params), wire(&with_tools()));
        let mut params = with_tools();
        params.shape(&ProtocolVersion::V_2026_07_28);
        let v = wire(&params);
        assert!(v.get("task").is_none(), "{v}");
        assert!(
            v.get("tools").is_some() && v.get("toolChoice").is_some(),
            "{v}"
        );
        assert!(v["messages"][0].get("_meta").is_some(), "{v}");
    }

    #[test]
    fn tools_need_sampling_tools() {
        let params = with_tools();
        for undeclared in [json!(null), json!({}), json!({"context": {}})] {
            assert_eq!(
                undeclared_sampling_capability(&params, &capabilities(undeclared)),
                Some("sampling.tools")
            );
        }
        assert_eq!(
            undeclared_sampling_capability(&params, &capabilities(json!({"tools": {}}))),
            None
        );
        let only_choice = CreateMessageRequestParams {
            tools: None,
            task: None,
            ..with_tools()
        };
        assert_eq!(
            undeclared_sampling_capability(&only_choice, &capabilities(json!({}))),
            Some("sampling.tools")
        );
        let plain = CreateMessageRequestParams::default();
        assert_eq!(
            undeclared_sampling_capability(&plain, &capabilities(json!({}))),
            None
        );
    }

    #[test]
    fn include_context_other_than_none_needs_sampling_context() {
        for (context, needs) in [
            (None, false),
            (Some(IncludeContext::None), false),
            (Some(IncludeContext::ThisServer), true),
            (Some(IncludeContext::AllServers), true),
        ] {
            let params = CreateMessageRequestParams {
                include_context: context,
                ..Default::default()
            };
            let missing = undeclared_sampling_capability(&params, &capabilities(json!({})));
            assert_eq!(missing, needs.then_some("sampling.context"), "{context:?}");
            let declared = capabilities(json!({"context": {}}));
            assert_eq!(
                undeclared_sampling_capability(&params, &declared),
                None,
                "{context:?}"
            );
        }
    }
}
