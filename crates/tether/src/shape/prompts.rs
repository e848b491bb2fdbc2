//! `Prompt` descriptors (`prompts/list`) and `GetPromptResult` (`prompts/get`).

use tether_mcp_types::{
    GetPromptResult, ListPromptsResult, Prompt, PromptArgument, PromptMessage, ProtocolVersion,
};

use super::results::{shape_cache_hints, shape_result_type};
use super::{Shape, shape_icons, shape_meta, shape_title};

impl Shape for Prompt {
    /// `title` and `_meta` from 2025-06-18, `icons` from 2025-11-25; the arguments shaped.
    fn shape(&mut self, version: &ProtocolVersion) {
        shape_title(&mut self.title, version);
        shape_meta(&mut self.meta, version);
        shape_icons(&mut self.icons, version);
        if let Some(arguments) = &mut self.arguments {
            arguments.shape(version);
        }
    }
}

impl Shape for PromptArgument {
    /// `title` from 2025-06-18.
    fn shape(&mut self, version: &ProtocolVersion) {
        shape_title(&mut self.title, version);
    }
}

impl Shape for PromptMessage {
    /// The content block shaped (audio, resource links, unknown kinds converted to text).
    fn shape(&mut self, version: &ProtocolVersion) {
        self.content.shape(version);
    }
}

impl Shape for ListPromptsResult {
    /// Shapes every prompt; no `resultType`, `ttlMs` or `cacheScope` before 2026-07-28.
    fn shape(&mut self, version: &ProtocolVersion) {
        self.prompts.shape(version);
        shape_result_type(&mut self.result_type, &mut self.extra, version);
        shape_cache_hints(
            &mut self.ttl_ms,
            &mut self.cache_scope,
            &mut self.extra,
            version,
        );
    }
}

impl Shape for GetPromptResult {
    /// Shapes every message; no `resultType` before 2026-07-28.
    fn shape(&mut self, version: &ProtocolVersion) {
        self.messages.shape(version);
        shape_result_type(&mut self.result_type, &mut self.extra, version);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tether_mcp_types::{
        AudioContent, CacheScope, ContentBlock, Icon, JsonObject, Meta, ResultType, Role,
    };

    use super::super::test_util::{BEFORE_06_18, wire};
    use super::*;

    fn prompt() -> Prompt {
        Prompt {
            name: "p".to_owned(),
            title: Some("P".to_owned()),
            description: Some("d".to_owned()),
            arguments: Some(vec![PromptArgument {
                name: "a".to_owned(),
                title: Some("A".to_owned()),
                required: Some(true),
                ..Default::default()
            }]),
            icons: Some(vec![Icon {
                src: "https://example.com/p.png".to_owned(),
                ..Default::default()
            }]),
            meta: Some(Meta(JsonObject::new())),
            extra: JsonObject::new(),
        }
    }

    fn shaped(version: &ProtocolVersion) -> serde_json::Value {
        let mut result = ListPromptsResult {
            prompts: vec![prompt()],
            ttl_ms: Some(0),
            cache_scope: Some(CacheScope::Private),
            result_type: Some(ResultType::Complete),
            ..Default::default()
        };
        result.shape(version);
        wire(&result)
    }

    #[test]
    fn prompt_titles_and_meta_from_2025_06_18_icons_from_2025_11_25() {
        for version in BEFORE_06_18 {
            assert_eq!(
                shaped(&version),
                json!({"prompts": [{"name": "p", "description": "d",
                                    "arguments": [{"name": "a", "required": true}]}]}),
                "{version}"
            );
        }
        let v = shaped(&ProtocolVersion::V_2025_06_18);
        assert_eq!(v["prompts"][0]["title"], "P");
        assert_eq!(v["prompts"][0]["arguments"][0]["title"], "A");
        assert!(v["prompts"][0].get("_meta").is_some());
        assert!(v["prompts"][0].get("icons").is_none());
        assert!(v.get("ttlMs").is_none() && v.get("resultType").is_none());
        let v = shaped(&ProtocolVersion::V_2025_11_25);
        assert!(v["prompts"][0].get("icons").is_some());
        let v = shaped(&ProtocolVersion::V_2026_07_28);
        assert_eq!(v["ttlMs"], 0);
        assert_eq!(v["cacheScope"], "private");
    }

    #[test]
    fn prompt_messages_convert_what_the_revision_cannot_read() {
        let result = GetPromptResult {
            messages: vec![PromptMessage {
                role: Role::User,
                content: ContentBlock::Audio(AudioContent {
                    data: "AAAAAAAA".to_owned(),
                    mime_type: "audio/mpeg".to_owned(),
                    ..Default::default()
                }),
                extra: JsonObject::new(),
            }],
            result_type: Some(ResultType::Complete),
            ..Default::default()
        };
        let mut old = result.clone();
        old.shape(&ProtocolVersion::V_2024_11_05);
        assert_eq!(
            wire(&old),
            json!({"messages": [{"role": "user", "content":
                {"type": "text", "text": "[audio omitted: audio/mpeg, 6 bytes]"}}]})
        );
        let mut newer = result.clone();
        newer.shape(&ProtocolVersion::V_2025_03_26);
        assert_eq!(newer.messages, result.messages);
        assert_eq!(newer.result_type, None);
    }
}
