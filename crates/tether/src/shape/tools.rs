//! `Tool` descriptors (`tools/list`) and `CallToolResult` (`tools/call`).

use tether_mcp_types::{
    CallToolResult, ContentBlock, JsonObject, JsonValue, ListToolsResult, ProtocolVersion, Tool,
};

use super::results::{shape_cache_hints, shape_result_type};
use super::{Shape, shape_icons, shape_meta, shape_title};

/// The member a non-object `structuredContent` is wrapped in for 2025-06-18 and 2025-11-25.
const WRAPPED_RESULT: &str = "result";

impl Shape for Tool {
    /// `title`, `outputSchema` and `_meta` from 2025-06-18 (`outputSchema` only with root
    /// `type: "object"` before 2026-07-28); `annotations` from 2025-03-26; `icons` from
    /// 2025-11-25; `execution` on 2025-11-25 only.
    fn shape(&mut self, version: &ProtocolVersion) {
        shape_title(&mut self.title, version);
        shape_meta(&mut self.meta, version);
        shape_icons(&mut self.icons, version);
        let schema_allowed = match &self.output_schema {
            None => true,
            Some(_) if !version.has_structured_content() => false,
            Some(_) if version.allows_any_structured_content() => true,
            Some(schema) => is_object_schema(schema),
        };
        if !schema_allowed {
            self.output_schema = None;
        }
        if !version.has_audio() {
            self.annotations = None; // tool annotations: 2025-03-26 on
        }
        if !version.has_core_tasks() {
            self.execution = None;
        }
    }
}

/// Whether `schema` has the root `type: "object"` the 2025-06-18 and 2025-11-25 schemas require
/// of `outputSchema` (`"type"` must be that very string, not an array of types).
fn is_object_schema(schema: &JsonObject) -> bool {
    schema.get("type").and_then(JsonValue::as_str) == Some("object")
}

impl Shape for ListToolsResult {
    /// Shapes every tool; no `resultType`, `ttlMs` or `cacheScope` before 2026-07-28.
    fn shape(&mut self, version: &ProtocolVersion) {
        self.tools.shape(version);
        shape_result_type(&mut self.result_type, &mut self.extra, version);
        shape_cache_hints(
            &mut self.ttl_ms,
            &mut self.cache_scope,
            &mut self.extra,
            version,
        );
    }
}

impl Shape for CallToolResult {
    /// Shapes the content blocks, then `structuredContent`: removed before 2025-06-18 (its
    /// JSON text added to `content` unless a text block already holds that value), wrapped as
    /// `{"result": value}` when not an object on 2025-06-18 and 2025-11-25, kept as it is from
    /// 2026-07-28. No `resultType` before 2026-07-28.
    fn shape(&mut self, version: &ProtocolVersion) {
        self.content.shape(version);
        shape_structured_content(&mut self.structured_content, &mut self.content, version);
        shape_result_type(&mut self.result_type, &mut self.extra, version);
    }
}

/// See [`CallToolResult`'s shaping](CallToolResult::shape). An explicit `null` is a value like
/// any other: the text `null` before 2025-06-18, `{"result": null}` on 2025-06-18 and
/// 2025-11-25.
pub(super) fn shape_structured_content(
    structured: &mut Option<JsonValue>,
    content: &mut Vec<ContentBlock>,
    version: &ProtocolVersion,
) {
    let Some(value) = structured.take() else {
        return;
    };
    if !version.has_structured_content() {
        if !holds(content, &value) {
            content.push(ContentBlock::text(value.to_string()));
        }
    } else if value.is_object() || version.allows_any_structured_content() {
        *structured = Some(value);
    } else {
        let mut wrapped = JsonObject::new();
        wrapped.insert(WRAPPED_RESULT.to_owned(), value);
        *structured = Some(JsonValue::Object(wrapped));
    }
}

/// Whether a text block of `content` is the JSON text of `value` (however it is formatted).
fn holds(content: &[ContentBlock], value: &JsonValue) -> bool {
    content.iter().any(|block| match block {
        ContentBlock::Text(text) => {
            serde_json::from_str::<JsonValue>(&text.text).is_ok_and(|parsed| parsed == *value)
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tether_mcp_types::{
        AudioContent, CacheScope, Icon, Meta, ResultType, TaskSupport, ToolAnnotations,
        ToolExecution,
    };

    use super::super::test_util::{BEFORE_06_18, FROM_06_18, wire};
    use super::*;

    fn object(value: JsonValue) -> JsonObject {
        value.as_object().cloned().unwrap_or_default()
    }

    fn full_tool(output_schema: JsonValue) -> Tool {
        Tool {
            meta: Some(Meta(object(json!({"k": 1})))),
            name: "t".to_owned(),
            title: Some("T".to_owned()),
            description: Some("d".to_owned()),
            input_schema: object(json!({"type": "object"})),
            output_schema: Some(object(output_schema)),
            annotations: Some(ToolAnnotations {
                read_only_hint: Some(true),
                ..Default::default()
            }),
            execution: Some(ToolExecution {
                task_support: Some(TaskSupport::Optional),
                ..Default::default()
            }),
            icons: Some(vec![Icon {
                src: "https://example.com/i.png".to_owned(),
                ..Default::default()
            }]),
            extra: object(json!({"x-private": 1})),
        }
    }

    fn shaped_tool(output_schema: JsonValue, version: &ProtocolVersion) -> JsonValue {
        let mut tool = full_tool(output_schema);
        tool.shape(version);
        wire(&tool)
    }

    fn members(value: &JsonValue) -> Vec<&str> {
        let mut keys: Vec<&str> = value
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        keys.sort_unstable();
        keys
    }

    #[test]
    fn tool_members_appear_at_their_revisions() {
        let schema = json!({"type": "object", "properties": {"x": {"type": "number"}}});
        let expected: [(ProtocolVersion, &[&str]); 5] = [
            (
                ProtocolVersion::V_2024_11_05,
                &["description", "inputSchema", "name", "x-private"],
            ),
            (
                ProtocolVersion::V_2025_03_26,
                &[
                    "annotations",
                    "description",
                    "inputSchema",
                    "name",
                    "x-private",
                ],
            ),
            (
                ProtocolVersion::V_2025_06_18,
                &[
                    "_meta",
                    "annotations",
                    "description",
                    "inputSchema",
                    "name",
                    "outputSchema",
                    "title",
                    "x-private",
                ],
            ),
            (
                ProtocolVersion::V_2025_11_25,
                &[
                    "_meta",
                    "annotations",
                    "description",
                    "execution",
                    "icons",
                    "inputSchema",
                    "name",
                    "outputSchema",
                    "title",
                    "x-private",
                ],
            ),
            (
                ProtocolVersion::V_2026_07_28,
                &[
                    "_meta",
                    "annotations",
                    "description",
                    "icons",
                    "inputSchema",
                    "name",
                    "outputSchema",
                    "title",
                    "x-private",
                ],
            ),
        ];
        for (version, keys) in expected {
            let tool = shaped_tool(schema.clone(), &version);
            assert_eq!(members(&tool), keys, "{version}");
        }
    }

    #[test]
    fn a_non_object_output_schema_is_kept_only_from_2026_07_28() {
        let array = json!({"type": "array", "items": {"type": "number"}});
        let union = json!({"type": ["object", "null"]});
        for schema in [array, union, json!({"properties": {}})] {
            for version in [ProtocolVersion::V_2025_06_18, ProtocolVersion::V_2025_11_25] {
                let tool = shaped_tool(schema.clone(), &version);
                assert!(tool.get("outputSchema").is_none(), "{version}: {tool}");
                assert_eq!(tool["title"], "T", "the rest of the tool stays");
            }
            let tool = shaped_tool(schema.clone(), &ProtocolVersion::V_2026_07_28);
            assert_eq!(tool["outputSchema"], schema);
        }
    }

    #[test]
    fn tools_list_loses_modern_result_members_on_legacy_revisions() {
        let mut result = ListToolsResult {
            tools: vec![full_tool(json!({"type": "object"}))],
            next_cursor: Some(String::new()),
            result_type: Some(ResultType::Complete),
            ttl_ms: Some(1000),
            cache_scope: Some(CacheScope::Public),
            extra: object(json!({"resultType": "complete", "x-private": 1})),
            ..Default::default()
        };
        let mut modern = result.clone();
        modern.shape(&ProtocolVersion::V_2026_07_28);
        assert_eq!(
            members(&wire(&modern)),
            [
                "cacheScope",
                "nextCursor",
                "resultType",
                "tools",
                "ttlMs",
                "x-private"
            ],
            "2026-07-28 keeps them"
        );
        result.shape(&ProtocolVersion::V_2025_11_25);
        let v = wire(&result);
        assert_eq!(members(&v), ["nextCursor", "tools", "x-private"]);
        assert_eq!(v["nextCursor"], "", "an empty cursor is a cursor");
    }

    fn call_result(structured: JsonValue, text: &str) -> CallToolResult {
        CallToolResult {
            content: vec![ContentBlock::text(text)],
            structured_content: Some(structured),
            ..Default::default()
        }
    }

    fn shaped_call(mut result: CallToolResult, version: &ProtocolVersion) -> JsonValue {
        result.shape(version);
        wire(&result)
    }

    #[test]
    fn structured_content_before_2025_06_18_moves_into_a_text_block_unless_one_holds_it() {
        for version in BEFORE_06_18 {
            let v = shaped_call(call_result(json!({"a": 1}), "sunny"), &version);
            assert_eq!(
                v,
                json!({"content": [{"type": "text", "text": "sunny"},
                                   {"type": "text", "text": "{\"a\":1}"}]}),
                "{version}"
            );
            let v = shaped_call(call_result(json!({"a": 1}), "{ \"a\" : 1 }"), &version);
            assert_eq!(
                v,
                json!({"content": [{"type": "text", "text": "{ \"a\" : 1 }"}]}),
                "{version}: the text already holds the value"
            );
            let v = shaped_call(call_result(json!([1, 2]), "[1,2]"), &version);
            assert_eq!(v["content"].as_array().map(Vec::len), Some(1));
            assert!(v.get("structuredContent").is_none());
            let v = shaped_call(call_result(JsonValue::Null, "done"), &version);
            assert_eq!(v["content"][1]["text"], "null", "{version}: explicit null");
        }
    }

    #[test]
    fn structured_content_is_an_object_on_2025_06_18_and_2025_11_25() {
        for version in [ProtocolVersion::V_2025_06_18, ProtocolVersion::V_2025_11_25] {
            let object = shaped_call(call_result(json!({"a": 1}), "x"), &version);
            assert_eq!(object["structuredContent"], json!({"a": 1}), "{version}");
            for value in [json!([1, 2]), json!(3), json!("s"), JsonValue::Null] {
                let v = shaped_call(call_result(value.clone(), "x"), &version);
                assert_eq!(v["structuredContent"], json!({WRAPPED_RESULT: value}));
                assert_eq!(v["content"], json!([{"type": "text", "text": "x"}]));
            }
        }
        for value in [json!([1, 2]), json!(3), JsonValue::Null] {
            let v = shaped_call(
                call_result(value.clone(), "x"),
                &ProtocolVersion::V_2026_07_28,
            );
            assert_eq!(v["structuredContent"], value, "any value in 2026-07-28");
        }
    }

    #[test]
    fn call_results_shape_their_content_and_lose_result_type() {
        let result = CallToolResult {
            content: vec![ContentBlock::Audio(AudioContent {
                data: "AAAA".to_owned(),
                mime_type: "audio/ogg".to_owned(),
                ..Default::default()
            })],
            is_error: Some(true),
            result_type: Some(ResultType::Complete),
            ..Default::default()
        };
        let v = shaped_call(result.clone(), &ProtocolVersion::V_2024_11_05);
        assert_eq!(
            v,
            json!({"content": [{"type": "text", "text": "[audio omitted: audio/ogg, 3 bytes]"}],
                   "isError": true})
        );
        for version in FROM_06_18 {
            let v = shaped_call(result.clone(), &version);
            assert_eq!(v["content"][0]["type"], "audio");
            assert_eq!(
                v.get("resultType").is_some(),
                version.is_modern(),
                "{version}"
            );
        }
    }
}
