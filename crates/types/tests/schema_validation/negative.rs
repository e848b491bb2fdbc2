//! Negative controls: deliberately broken messages that the validators must reject, so that a
//! validator that accepts everything (a definition that did not resolve, a wrong draft) is
//! caught.

use serde_json::{Value, json};
use tether_mcp_types::*;

use crate::builders::{
    annotations, audio, complete, id, input_required, obj, request_meta, resource_link, scope,
    task, to_json, tool, ttl,
};
use crate::revisions::Rev::{
    self, R2024_11_05, R2025_03_26, R2025_06_18, R2025_11_25, R2026_07_28,
};

/// A deliberately broken message: `base` (a valid message of `def`, checked to be valid) with
/// `mutate` applied must be rejected.
pub(crate) struct Negative {
    pub(crate) rev: Rev,
    pub(crate) def: &'static str,
    pub(crate) what: &'static str,
    pub(crate) base: Value,
    pub(crate) broken: Value,
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

pub(crate) fn negative_controls() -> Vec<Negative> {
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
