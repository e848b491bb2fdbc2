//! `Resource` and `ResourceTemplate` descriptors and the results that carry them
//! (`resources/list`, `resources/templates/list`, `resources/read`).
//!
//! `size` on `Resource` and `annotations` on both exist at every legacy revision (the 2024-11-05
//! schema already has them), so they are kept; only `annotations.lastModified` is newer.

use tether_mcp_types::{
    ListResourceTemplatesResult, ListResourcesResult, ProtocolVersion, ReadResourceResult,
    Resource, ResourceTemplate,
};

use super::content::shape_annotations;
use super::results::{shape_cache_hints, shape_result_type};
use super::{Shape, shape_icons, shape_meta, shape_title};

impl Shape for Resource {
    /// `title` and `_meta` from 2025-06-18, `icons` from 2025-11-25, `annotations.lastModified`
    /// from 2025-06-18.
    fn shape(&mut self, version: &ProtocolVersion) {
        shape_title(&mut self.title, version);
        shape_meta(&mut self.meta, version);
        shape_icons(&mut self.icons, version);
        shape_annotations(&mut self.annotations, version);
    }
}

impl Shape for ResourceTemplate {
    /// `title` and `_meta` from 2025-06-18, `icons` from 2025-11-25, `annotations.lastModified`
    /// from 2025-06-18.
    fn shape(&mut self, version: &ProtocolVersion) {
        shape_title(&mut self.title, version);
        shape_meta(&mut self.meta, version);
        shape_icons(&mut self.icons, version);
        shape_annotations(&mut self.annotations, version);
    }
}

impl Shape for ListResourcesResult {
    /// Shapes every resource; no `resultType`, `ttlMs` or `cacheScope` before 2026-07-28.
    fn shape(&mut self, version: &ProtocolVersion) {
        self.resources.shape(version);
        shape_result_type(&mut self.result_type, &mut self.extra, version);
        shape_cache_hints(
            &mut self.ttl_ms,
            &mut self.cache_scope,
            &mut self.extra,
            version,
        );
    }
}

impl Shape for ListResourceTemplatesResult {
    /// Shapes every template; no `resultType`, `ttlMs` or `cacheScope` before 2026-07-28.
    fn shape(&mut self, version: &ProtocolVersion) {
        self.resource_templates.shape(version);
        shape_result_type(&mut self.result_type, &mut self.extra, version);
        shape_cache_hints(
            &mut self.ttl_ms,
            &mut self.cache_scope,
            &mut self.extra,
            version,
        );
    }
}

impl Shape for ReadResourceResult {
    /// No `_meta` on the contents before 2025-06-18; no `resultType`, `ttlMs` or `cacheScope`
    /// before 2026-07-28.
    fn shape(&mut self, version: &ProtocolVersion) {
        self.contents.shape(version);
        shape_result_type(&mut self.result_type, &mut self.extra, version);
        shape_cache_hints(
            &mut self.ttl_ms,
            &mut self.cache_scope,
            &mut self.extra,
            version,
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tether_mcp_types::{
        Annotations, BlobResourceContents, CacheScope, Icon, JsonObject, JsonValue, Meta,
        ResourceContents, ResultType, Role,
    };

    use super::super::test_util::{BEFORE_06_18, FROM_06_18, wire};
    use super::*;

    fn annotations() -> Option<Annotations> {
        Some(Annotations {
            audience: Some(vec![Role::Assistant]),
            last_modified: Some("2025-05-05T05:05:05Z".to_owned()),
            ..Default::default()
        })
    }

    fn icons() -> Option<Vec<Icon>> {
        Some(vec![Icon {
            src: "data:image/png;base64,AAAA".to_owned(),
            ..Default::default()
        }])
    }

    fn resource() -> Resource {
        Resource {
            uri: "file:///a.txt".to_owned(),
            name: "a".to_owned(),
            title: Some("A".to_owned()),
            mime_type: Some("text/plain".to_owned()),
            size: Some(42),
            icons: icons(),
            annotations: annotations(),
            meta: Some(Meta(JsonObject::new())),
            ..Default::default()
        }
    }

    fn template() -> ResourceTemplate {
        ResourceTemplate {
            uri_template: "file:///{name}".to_owned(),
            name: "files".to_owned(),
            title: Some("Files".to_owned()),
            icons: icons(),
            annotations: annotations(),
            meta: Some(Meta(JsonObject::new())),
            ..Default::default()
        }
    }

    fn shaped<T: Shape + serde::Serialize>(mut value: T, version: &ProtocolVersion) -> JsonValue {
        value.shape(version);
        wire(&value)
    }

    #[test]
    fn resources_keep_size_and_annotations_at_every_revision() {
        for version in BEFORE_06_18 {
            assert_eq!(
                shaped(resource(), &version),
                json!({"uri": "file:///a.txt", "name": "a", "mimeType": "text/plain",
                       "size": 42, "annotations": {"audience": ["assistant"]}}),
                "{version}"
            );
        }
        let v = shaped(resource(), &ProtocolVersion::V_2025_06_18);
        assert_eq!(v["title"], "A");
        assert_eq!(v["annotations"]["lastModified"], "2025-05-05T05:05:05Z");
        assert!(v.get("_meta").is_some() && v.get("icons").is_none());
        for version in [ProtocolVersion::V_2025_11_25, ProtocolVersion::V_2026_07_28] {
            assert_eq!(shaped(resource(), &version), wire(&resource()), "{version}");
        }
    }

    #[test]
    fn templates_follow_the_same_rules() {
        for version in BEFORE_06_18 {
            assert_eq!(
                shaped(template(), &version),
                json!({"uriTemplate": "file:///{name}", "name": "files",
                       "annotations": {"audience": ["assistant"]}}),
                "{version}"
            );
        }
        let v = shaped(template(), &ProtocolVersion::V_2025_06_18);
        assert_eq!(v["title"], "Files");
        assert!(v.get("icons").is_none() && v.get("_meta").is_some());
        assert_eq!(
            shaped(template(), &ProtocolVersion::V_2025_11_25),
            wire(&template())
        );
    }

    #[test]
    fn list_and_read_results_lose_modern_members_on_legacy_revisions() {
        let list = ListResourcesResult {
            resources: vec![resource()],
            result_type: Some(ResultType::Complete),
            ttl_ms: Some(60_000),
            cache_scope: Some(CacheScope::Public),
            ..Default::default()
        };
        let templates = ListResourceTemplatesResult {
            resource_templates: vec![template()],
            result_type: Some(ResultType::Complete),
            ttl_ms: Some(60_000),
            cache_scope: Some(CacheScope::Public),
            ..Default::default()
        };
        let read = ReadResourceResult {
            contents: vec![ResourceContents::Blob(BlobResourceContents {
                uri: "file:///b".to_owned(),
                blob: "AAAA".to_owned(),
                meta: Some(Meta(JsonObject::new())),
                ..Default::default()
            })],
            result_type: Some(ResultType::Complete),
            ttl_ms: Some(60_000),
            cache_scope: Some(CacheScope::Public),
            ..Default::default()
        };
        let modern = ["resultType", "ttlMs", "cacheScope"];
        for version in ProtocolVersion::LEGACY {
            for v in [
                shaped(list.clone(), &version),
                shaped(templates.clone(), &version),
                shaped(read.clone(), &version),
            ] {
                for member in modern {
                    assert!(v.get(member).is_none(), "{version}: {member} in {v}");
                }
            }
        }
        let v = shaped(read.clone(), &ProtocolVersion::V_2026_07_28);
        for member in modern {
            assert!(v.get(member).is_some(), "2026-07-28 keeps {member}");
        }
        for version in BEFORE_06_18 {
            let v = shaped(read.clone(), &version);
            assert_eq!(v["contents"], json!([{"uri": "file:///b", "blob": "AAAA"}]));
        }
        for version in FROM_06_18 {
            let v = shaped(read.clone(), &version);
            assert!(v["contents"][0].get("_meta").is_some(), "{version}");
        }
    }
}
