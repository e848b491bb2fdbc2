//! Content blocks (tool results, prompt messages, `isError` results) and the annotations and
//! resource contents inside them.

use tether_mcp_types::{
    Annotations, AudioContent, ContentBlock, JsonObject, JsonValue, ProtocolVersion,
    ResourceContents, ResourceLink, TextContent,
};

use super::{Shape, has_titles, shape_icons, shape_meta};

impl Shape for ContentBlock {
    /// Shapes the block's members; replaces a kind `version` cannot read with a text block
    /// saying what was there: audio before 2025-03-26, resource links before 2025-06-18, and a
    /// kind this crate does not know at every revision (no published schema has one).
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
            Self::ResourceLink(link) if !version.has_structured_content() => {
                Some(link_as_text(link, version))
            }
            Self::ResourceLink(link) => {
                shape_icons(&mut link.icons, version);
                shape_annotations(&mut link.annotations, version);
                shape_meta(&mut link.meta, version);
                None
            }
            Self::Resource(embedded) => {
                shape_annotations(&mut embedded.annotations, version);
                shape_meta(&mut embedded.meta, version);
                embedded.resource.shape(version);
                None
            }
            Self::Unknown(object) => Some(unknown_as_text(object)),
        };
        if let Some(text) = replacement {
            *self = Self::Text(text);
        }
    }
}

impl Shape for ResourceContents {
    /// Removes `_meta` before 2025-06-18.
    fn shape(&mut self, version: &ProtocolVersion) {
        match self {
            Self::Text(text) => shape_meta(&mut text.meta, version),
            Self::Blob(blob) => shape_meta(&mut blob.meta, version),
        }
    }
}

impl<T: Shape> Shape for Vec<T> {
    /// Shapes every element.
    fn shape(&mut self, version: &ProtocolVersion) {
        for item in self {
            item.shape(version);
        }
    }
}

/// Removes `lastModified` before 2025-06-18; annotations left empty by that are removed.
/// Every legacy revision defines `annotations` (`audience`, `priority`) on content and
/// resources, so the object itself stays.
pub(super) fn shape_annotations(annotations: &mut Option<Annotations>, version: &ProtocolVersion) {
    let Some(a) = annotations else { return };
    if !has_titles(version) && a.last_modified.take().is_some() && *a == Annotations::default() {
        *annotations = None;
    }
}

/// A text block standing in for a converted block: its annotations, shaped, and nothing else.
fn stand_in(
    text: String,
    annotations: &Option<Annotations>,
    version: &ProtocolVersion,
) -> TextContent {
    let mut annotations = annotations.clone();
    shape_annotations(&mut annotations, version);
    TextContent {
        annotations,
        ..TextContent::new(text)
    }
}

/// `[audio omitted: audio/wav, 1024 bytes]`.
pub(super) fn audio_as_text(audio: &AudioContent, version: &ProtocolVersion) -> TextContent {
    let text = format!(
        "[audio omitted: {}, {} bytes]",
        audio.mime_type,
        decoded_len(&audio.data)
    );
    stand_in(text, &audio.annotations, version)
}

/// `[resource link: name <uri>]`, with the MIME type when known:
/// `[resource link: report <file:///report.pdf>, application/pdf]`.
fn link_as_text(link: &ResourceLink, version: &ProtocolVersion) -> TextContent {
    let mut text = format!("[resource link: {} <{}>", link.name, link.uri);
    if let Some(mime) = &link.mime_type {
        text.push_str(", ");
        text.push_str(mime);
    }
    text.push(']');
    stand_in(text, &link.annotations, version)
}

/// `[content omitted: unsupported type "hologram"]`.
pub(super) fn unknown_as_text(object: &JsonObject) -> TextContent {
    let kind = object.get("type").and_then(JsonValue::as_str).unwrap_or("");
    TextContent::new(format!("[content omitted: unsupported type {kind:?}]"))
}

/// The number of bytes base64 `data` decodes to (without decoding it): three bytes per four
/// symbols, padding and whitespace not counted.
pub(super) fn decoded_len(data: &str) -> usize {
    let symbols = data
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .count();
    symbols * 3 / 4
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tether_mcp_types::{
        EmbeddedResource, Icon, ImageContent, Meta, ResourceType, Role, TextResourceContents,
    };

    use super::super::test_util::{BEFORE_06_18, FROM_06_18, wire};
    use super::*;

    fn shaped(mut block: ContentBlock, version: &ProtocolVersion) -> JsonValue {
        block.shape(version);
        wire(&block)
    }

    fn meta() -> Option<Meta> {
        Some(Meta(
            json!({"k": 1}).as_object().cloned().unwrap_or_default(),
        ))
    }

    fn dated() -> Option<Annotations> {
        Some(Annotations {
            audience: Some(vec![Role::User]),
            priority: Some(0.5),
            last_modified: Some("2025-01-01T00:00:00Z".to_owned()),
            ..Default::default()
        })
    }

    fn audio() -> ContentBlock {
        ContentBlock::Audio(AudioContent {
            data: "UklGRiQAAABXQVZF".to_owned(), // 12 bytes
            mime_type: "audio/wav".to_owned(),
            annotations: dated(),
            meta: meta(),
            ..Default::default()
        })
    }

    fn link() -> ContentBlock {
        ContentBlock::ResourceLink(ResourceLink {
            uri: "file:///report.pdf".to_owned(),
            name: "report".to_owned(),
            title: Some("The report".to_owned()),
            mime_type: Some("application/pdf".to_owned()),
            icons: Some(vec![Icon {
                src: "https://example.com/i.png".to_owned(),
                ..Default::default()
            }]),
            annotations: dated(),
            meta: meta(),
            ..Default::default()
        })
    }

    #[test]
    fn audio_becomes_text_before_2025_03_26_and_stays_from_it() {
        let v = shaped(audio(), &ProtocolVersion::V_2024_11_05);
        assert_eq!(
            v,
            json!({"type": "text", "text": "[audio omitted: audio/wav, 12 bytes]",
                   "annotations": {"audience": ["user"], "priority": 0.5}})
        );
        let v = shaped(audio(), &ProtocolVersion::V_2025_03_26);
        assert_eq!(v["type"], "audio");
        assert_eq!(v["data"], "UklGRiQAAABXQVZF");
        assert!(v.get("_meta").is_none() && v["annotations"].get("lastModified").is_none());
        let v = shaped(audio(), &ProtocolVersion::V_2025_06_18);
        assert!(v.get("_meta").is_some() && v["annotations"].get("lastModified").is_some());
    }

    #[test]
    fn resource_links_become_text_before_2025_06_18() {
        for version in BEFORE_06_18 {
            let v = shaped(link(), &version);
            assert_eq!(
                v,
                json!({"type": "text",
                       "text": "[resource link: report <file:///report.pdf>, application/pdf]",
                       "annotations": {"audience": ["user"], "priority": 0.5}}),
                "{version}"
            );
        }
        let v = shaped(link(), &ProtocolVersion::V_2025_06_18);
        assert_eq!(v["type"], "resource_link");
        assert_eq!(v["title"], "The report");
        assert!(v.get("_meta").is_some() && v["annotations"].get("lastModified").is_some());
        assert!(v.get("icons").is_none(), "icons are 2025-11-25 on");
        for version in [ProtocolVersion::V_2025_11_25, ProtocolVersion::V_2026_07_28] {
            assert!(shaped(link(), &version).get("icons").is_some(), "{version}");
        }
    }

    #[test]
    fn a_link_without_a_mime_type_names_only_name_and_uri() {
        let block = ContentBlock::ResourceLink(ResourceLink {
            uri: "https://x/y".to_owned(),
            name: "y".to_owned(),
            ..Default::default()
        });
        let v = shaped(block, &ProtocolVersion::V_2025_03_26);
        assert_eq!(
            v,
            json!({"type": "text", "text": "[resource link: y <https://x/y>]"})
        );
    }

    #[test]
    fn unknown_kinds_become_text_at_every_revision() {
        let raw = json!({"type": "hologram", "data": "xyz", "_meta": {"a": 1}});
        for version in ProtocolVersion::ALL {
            let block = ContentBlock::Unknown(raw.as_object().cloned().unwrap_or_default());
            assert_eq!(
                shaped(block, &version),
                json!({"type": "text", "text": "[content omitted: unsupported type \"hologram\"]"}),
                "{version}"
            );
        }
    }

    #[test]
    fn last_modified_and_meta_on_text_and_images_only_from_2025_06_18() {
        let text = ContentBlock::Text(TextContent {
            annotations: dated(),
            meta: meta(),
            ..TextContent::new("t")
        });
        let image = ContentBlock::Image(ImageContent {
            data: "AAAA".to_owned(),
            mime_type: "image/png".to_owned(),
            annotations: dated(),
            meta: meta(),
            ..Default::default()
        });
        for block in [text, image] {
            for version in BEFORE_06_18 {
                let v = shaped(block.clone(), &version);
                assert!(v.get("_meta").is_none(), "{version}: {v}");
                assert_eq!(
                    v["annotations"],
                    json!({"audience": ["user"], "priority": 0.5})
                );
            }
            for version in FROM_06_18 {
                assert_eq!(shaped(block.clone(), &version), wire(&block), "{version}");
            }
        }
    }

    #[test]
    fn annotations_holding_only_last_modified_disappear_before_2025_06_18() {
        let block = ContentBlock::Text(TextContent {
            annotations: Some(Annotations {
                last_modified: Some("2025-01-01T00:00:00Z".to_owned()),
                ..Default::default()
            }),
            ..TextContent::new("t")
        });
        let v = shaped(block.clone(), &ProtocolVersion::V_2025_03_26);
        assert_eq!(v, json!({"type": "text", "text": "t"}));
        let v = shaped(block, &ProtocolVersion::V_2025_06_18);
        assert_eq!(v["annotations"]["lastModified"], "2025-01-01T00:00:00Z");
    }

    #[test]
    fn embedded_resources_lose_meta_inside_and_out_before_2025_06_18() {
        let block = ContentBlock::Resource(EmbeddedResource {
            r#type: ResourceType,
            resource: ResourceContents::Text(TextResourceContents {
                uri: "file:///a".to_owned(),
                text: "a".to_owned(),
                meta: meta(),
                ..Default::default()
            }),
            annotations: dated(),
            meta: meta(),
            extra: JsonObject::new(),
        });
        for version in BEFORE_06_18 {
            let v = shaped(block.clone(), &version);
            assert_eq!(
                v,
                json!({"type": "resource", "resource": {"uri": "file:///a", "text": "a"},
                       "annotations": {"audience": ["user"], "priority": 0.5}}),
                "{version}"
            );
        }
        for version in FROM_06_18 {
            assert_eq!(shaped(block.clone(), &version), wire(&block), "{version}");
        }
    }

    #[test]
    fn extra_members_are_kept() {
        let mut extra = JsonObject::new();
        extra.insert("x-private".to_owned(), json!(true));
        let block = ContentBlock::Text(TextContent {
            extra,
            ..TextContent::new("t")
        });
        for version in ProtocolVersion::ALL {
            assert_eq!(shaped(block.clone(), &version)["x-private"], true);
        }
    }

    #[test]
    fn decoded_length_counts_bytes_not_symbols() {
        assert_eq!(decoded_len(""), 0);
        assert_eq!(decoded_len("AA=="), 1);
        assert_eq!(decoded_len("AAA="), 2);
        assert_eq!(decoded_len("AAAA"), 3);
        assert_eq!(decoded_len("AAAA\nAAAA"), 6);
    }
}
