//! Per-revision shaping of what the server sends: every result is made valid for the session's
//! revision right before it is serialized, so one handler serves every revision with the
//! newest types.
//!
//! Handlers build results with the full, newest wire types (titles, icons, audio, resource
//! links, structured content, ...). A client of an older revision cannot read members or
//! content kinds its schema does not define, so [`Shape::shape`] removes them or converts them
//! into something the revision has:
//!
//! | What | Kept from | Before that |
//! |---|---|---|
//! | `audio` content | 2025-03-26 | a text block: `[audio omitted: audio/wav, N bytes]` |
//! | `resource_link` content | 2025-06-18 | a text block: `[resource link: name <uri>]` |
//! | a content kind this crate does not know | never | a text block naming its `type` |
//! | `annotations.lastModified` | 2025-06-18 | removed |
//! | `_meta` on content, resource contents, `Tool`, `Prompt`, `Resource`, `ResourceTemplate` | 2025-06-18 | removed |
//! | `title` on `Tool`, `Prompt`, `PromptArgument`, `Resource`, `ResourceTemplate`, `Implementation` | 2025-06-18 | removed |
//! | `Tool.outputSchema` | 2025-06-18 (root `type: "object"` until 2026-07-28) | removed |
//! | `CallToolResult.structuredContent` | 2025-06-18 (an object until 2026-07-28) | removed; its JSON text is added to `content` unless a text block already holds it |
//! | `Tool.annotations` | 2025-03-26 | removed |
//! | `icons`; `Implementation.description`/`websiteUrl` | 2025-11-25 | removed |
//! | `Tool.execution` | 2025-11-25 only (the experimental core tasks) | removed |
//! | `resultType`, `ttlMs`, `cacheScope` on results | 2026-07-28 | removed |
//! | `sampling/createMessage`: `tool_use`/`tool_result` content | 2025-11-25 | a text block: `[tool use omitted: name (id call_1), input {...}]`, `[tool result omitted: call_1]` and its content's text |
//! | `sampling/createMessage`: an array of content blocks | 2025-11-25 | one block; several become one text block of their texts and placeholders, one per line |
//! | `sampling/createMessage`: `tools`, `toolChoice`; `_meta` on a `SamplingMessage` | 2025-11-25 | removed |
//! | `sampling/createMessage`: `task` | 2025-11-25 only | removed |
//!
//! Non-object `structuredContent` on 2025-06-18 and 2025-11-25 is wrapped as
//! `{"result": value}`, and a non-object `outputSchema` is removed for those revisions, so the
//! client is never promised a schema the wrapped value does not follow.
//!
//! The one request the server shapes is `sampling/createMessage` (see [`sampling`]): its params
//! are shaped when the ask is built, after checking at every revision that `tools`/`toolChoice`
//! have the client's `sampling.tools` and `includeContext` other than `none` its
//! `sampling.context` (otherwise the ask fails with `CapabilityNotDeclared`, sending nothing).
//!
//! Members the schemas define at every revision (`Resource.size`, `annotations` on content and
//! resources, `_meta` on results, `isError`, `nextCursor`, ...) are left alone.
//!
//! **Unknown members are the handler's business.** What a handler puts in the `extra` map of a
//! type (members this crate does not model) is sent as it is, at every revision: the schemas
//! allow additional properties on every object the server sends, and an extension or a private
//! convention may need them. The one exception is the three 2026-07-28 result members
//! `resultType`, `ttlMs` and `cacheScope`, which a legacy result never carries, whether they
//! come from the typed field or from `extra`. A content block that is converted to text keeps
//! its annotations but not its `extra` members (they belonged to the kind that was dropped).

mod content;
mod implementation;
mod prompts;
mod resources;
mod results;
mod sampling;
mod tools;

pub(crate) use sampling::undeclared_sampling_capability;

use tether_mcp_types::{Meta, ProtocolVersion};

/// A value the server sends, made valid for a revision.
pub(crate) trait Shape {
    /// Removes or converts whatever `version` does not define (see the [module](self) docs).
    fn shape(&mut self, version: &ProtocolVersion);
}

/// Whether `version` defines `_meta` on content blocks, resource contents and the listed
/// descriptors (`Tool`, `Prompt`, `Resource`, `ResourceTemplate`): 2025-06-18 on.
fn has_descriptor_meta(version: &ProtocolVersion) -> bool {
    version.has_structured_content()
}

/// Whether `version` defines `title` on descriptors and `annotations.lastModified`:
/// 2025-06-18 on.
fn has_titles(version: &ProtocolVersion) -> bool {
    version.has_structured_content()
}

/// Removes `_meta` where `version` does not define it on descriptors and content.
fn shape_meta(meta: &mut Option<Meta>, version: &ProtocolVersion) {
    if !has_descriptor_meta(version) {
        *meta = None;
    }
}

/// Removes `title` where `version` does not define it.
fn shape_title(title: &mut Option<String>, version: &ProtocolVersion) {
    if !has_titles(version) {
        *title = None;
    }
}

/// Removes `icons` where `version` does not define them (before 2025-11-25).
fn shape_icons<T>(icons: &mut Option<Vec<T>>, version: &ProtocolVersion) {
    if !version.has_icons() {
        *icons = None;
    }
}

#[cfg(test)]
mod test_util {
    use tether_mcp_types::{JsonValue, ProtocolVersion};

    /// The revisions before 2025-06-18, where titles, `_meta` on descriptors and structured
    /// content do not exist.
    pub(super) const BEFORE_06_18: [ProtocolVersion; 2] =
        [ProtocolVersion::V_2024_11_05, ProtocolVersion::V_2025_03_26];
    /// 2025-06-18 on, every revision this crate knows.
    pub(super) const FROM_06_18: [ProtocolVersion; 3] = [
        ProtocolVersion::V_2025_06_18,
        ProtocolVersion::V_2025_11_25,
        ProtocolVersion::V_2026_07_28,
    ];

    /// `value` serialized, for asserting on the wire form.
    pub(super) fn wire<T: serde::Serialize>(value: &T) -> JsonValue {
        serde_json::to_value(value).expect("serializable")
    }
}
