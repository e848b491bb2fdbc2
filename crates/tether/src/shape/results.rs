//! The members every result shares across revisions: `resultType` and the cache hints
//! `ttlMs`/`cacheScope` (2026-07-28 only), and the results that have nothing else to shape.

use tether_mcp_types::{
    CacheScope, CompleteResult, EmptyResult, JsonObject, ProtocolVersion, ResultType,
};

use super::Shape;

/// `resultType`: 2026-07-28 only.
const RESULT_TYPE: &str = "resultType";
/// The cache hints: 2026-07-28 only.
const CACHE_HINTS: [&str; 2] = ["ttlMs", "cacheScope"];

/// Removes `resultType` before 2026-07-28, from the typed field and from `extra` alike (a
/// handler may have put it in either).
pub(super) fn shape_result_type(
    result_type: &mut Option<ResultType>,
    extra: &mut JsonObject,
    version: &ProtocolVersion,
) {
    if !version.requires_result_type() {
        *result_type = None;
        extra.remove(RESULT_TYPE);
    }
}

/// Removes `ttlMs` and `cacheScope` before 2026-07-28, from the typed fields and from `extra`.
pub(super) fn shape_cache_hints(
    ttl_ms: &mut Option<u64>,
    cache_scope: &mut Option<CacheScope>,
    extra: &mut JsonObject,
    version: &ProtocolVersion,
) {
    if !version.has_cache_hints() {
        *ttl_ms = None;
        *cache_scope = None;
        for member in CACHE_HINTS {
            extra.remove(member);
        }
    }
}

impl Shape for CompleteResult {
    /// No `resultType` before 2026-07-28; the completion has no revision-specific members.
    fn shape(&mut self, version: &ProtocolVersion) {
        shape_result_type(&mut self.result_type, &mut self.extra, version);
    }
}

impl Shape for EmptyResult {
    /// No `resultType` before 2026-07-28.
    fn shape(&mut self, version: &ProtocolVersion) {
        shape_result_type(&mut self.result_type, &mut self.extra, version);
    }
}

impl Shape for () {
    /// Nothing to shape: the handlers of `logging/setLevel` and `resources/(un)subscribe`
    /// return `()`, answered with an empty result.
    fn shape(&mut self, _: &ProtocolVersion) {}
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tether_mcp_types::{Completion, JsonValue};

    use super::super::test_util::wire;
    use super::*;

    fn complete_result() -> CompleteResult {
        CompleteResult {
            result_type: Some(ResultType::Complete),
            completion: Completion {
                values: vec!["a".to_owned()],
                has_more: Some(false),
                ..Default::default()
            },
            extra: json!({"ttlMs": 5, "resultType": "complete", "x-private": 1})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            ..Default::default()
        }
    }

    #[test]
    fn complete_results_lose_result_type_before_2026_07_28_only() {
        for version in ProtocolVersion::LEGACY {
            let mut result = complete_result();
            result.shape(&version);
            assert_eq!(
                wire(&result),
                json!({"completion": {"values": ["a"], "hasMore": false},
                       "ttlMs": 5, "x-private": 1}),
                "{version}: only `resultType` is reserved on completion results"
            );
        }
        let mut result = complete_result();
        result.shape(&ProtocolVersion::V_2026_07_28);
        assert_eq!(wire(&result), wire(&complete_result()));
    }

    #[test]
    fn cache_hints_go_from_fields_and_extra_before_2026_07_28_only() {
        let mut extra = json!({"ttlMs": 1, "cacheScope": "private", "x": 2})
            .as_object()
            .cloned()
            .unwrap_or_default();
        let (mut ttl, mut scope) = (Some(5), Some(CacheScope::Public));
        shape_cache_hints(
            &mut ttl,
            &mut scope,
            &mut extra,
            &ProtocolVersion::V_2026_07_28,
        );
        assert_eq!(
            (ttl, scope, extra.len()),
            (Some(5), Some(CacheScope::Public), 3)
        );
        shape_cache_hints(
            &mut ttl,
            &mut scope,
            &mut extra,
            &ProtocolVersion::V_2025_11_25,
        );
        assert_eq!((ttl, scope), (None, None));
        assert_eq!(JsonValue::Object(extra), json!({"x": 2}));
    }

    #[test]
    fn empty_results_lose_result_type_before_2026_07_28() {
        let mut result = EmptyResult {
            result_type: Some(ResultType::Complete),
            ..Default::default()
        };
        result.shape(&ProtocolVersion::V_2026_07_28);
        assert_eq!(wire(&result), json!({"resultType": "complete"}));
        result.shape(&ProtocolVersion::V_2024_11_05);
        assert_eq!(wire(&result), json!({}));
    }
}
