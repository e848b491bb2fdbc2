//! Malformed input yields a typed error that names the offending member, never a panic.
//!
//! Each table lists inputs for one decoder with the exact [`DecodeError::path`] expected and a
//! fragment of [`DecodeError::message`]; `JSONRPCMessage::parse` cases also give the JSON-RPC
//! code and the id the error response must echo. A table reports every mismatching row at once.
//! The expectations are the right behaviour, not whatever the crate does today.

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde_json::json;
use tether_mcp_types::decode::{self, DecodeErrorKind};
use tether_mcp_types::error_codes::{INVALID_REQUEST, PARSE_ERROR};
use tether_mcp_types::*;

/// One malformed input for a typed decoder.
struct Case {
    what: &'static str,
    input: String,
    path: &'static str,
    fragment: &'static str,
}

fn case(
    what: &'static str,
    input: impl Into<String>,
    path: &'static str,
    fragment: &'static str,
) -> Case {
    Case {
        what,
        input: input.into(),
        path,
        fragment,
    }
}

/// `type_name` without module paths: `JSONRPCResultResponse<MultiRoundResult<CallToolResult>>`.
fn short_type_name<T>() -> String {
    let mut out = String::new();
    let mut path = String::new();
    for ch in std::any::type_name::<T>().chars().chain([' ']) {
        if ch.is_alphanumeric() || ch == '_' || ch == ':' {
            path.push(ch);
        } else {
            out.push_str(path.rsplit("::").next().unwrap_or_default());
            path.clear();
            out.push(ch);
        }
    }
    out.trim_end().to_owned()
}

/// Collects the rows of any number of tables whose outcome differs from the table, and reports
/// them all at the end of the test.
#[derive(Default)]
struct Report {
    cases: usize,
    failures: Vec<String>,
}

impl Report {
    /// Decodes every input as `T` (with `decode::from_str`, and with `decode::from_value` when
    /// the input is JSON).
    fn check<T: DeserializeOwned + Debug>(&mut self, cases: &[Case]) -> &mut Self {
        let type_name = short_type_name::<T>();
        self.cases += cases.len();
        for c in cases {
            let mut outcomes = vec![("from_str", decode::from_str::<T>(&c.input))];
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&c.input) {
                outcomes.push(("from_value", decode::from_value::<T>(value)));
            }
            for (how, outcome) in outcomes {
                match outcome {
                    Ok(v) => self.failures.push(format!("{type_name}: {}: {how} accepted it as {v:?}", c.what)),
                    Err(e) if e.path() != c.path || !e.message().contains(c.fragment) => {
                        self.failures.push(format!(
                            "{type_name}: {}: {how}\n      expected path {:?}, message containing {:?}\n      got      path {:?}, message {:?}",
                            c.what,
                            c.path,
                            c.fragment,
                            e.path(),
                            e.message()
                        ))
                    }
                    Err(_) => {}
                }
            }
        }
        self
    }

    /// Panics with every mismatch found.
    fn finish(&self) {
        assert!(
            self.failures.is_empty(),
            "{} mismatches in {} cases:\n  {}\n",
            self.failures.len(),
            self.cases,
            self.failures.join("\n  ")
        );
    }
}

/// A `tools/call` request around `params` (any JSON text).
fn call(params: &str) -> String {
    format!(r#"{{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{params}}}"#)
}

/// A `tools/call` request with this `id` (raw JSON text).
fn call_with_id(id: &str) -> String {
    format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/call","params":{{"name":"echo"}}}}"#)
}

#[test]
fn call_tool_request_errors_name_the_field() {
    let mut r = Report::default();
    r.check::<CallToolRequest>(&[
        case(
            "params.name is a number",
            call(r#"{"name":5}"#),
            "params.name",
            "invalid type: integer `5`, expected a string",
        ),
        case(
            "params is missing",
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/call"}"#,
            "",
            "missing field `params`",
        ),
        case(
            "params is an array",
            call(r#"[{"name":"echo"}]"#),
            "params",
            "invalid type: sequence",
        ),
        case(
            "params is null",
            call("null"),
            "params",
            "invalid type: null",
        ),
        case(
            "params.name is missing",
            call(r#"{"arguments":{}}"#),
            "params",
            "missing field `name`",
        ),
        case(
            "params.arguments is a string",
            call(r#"{"name":"echo","arguments":"x"}"#),
            "params.arguments",
            "invalid type: string",
        ),
        case(
            "params.arguments is an array",
            call(r#"{"name":"echo","arguments":[1]}"#),
            "params.arguments",
            "invalid type: sequence",
        ),
        case(
            "params._meta is an array",
            call(r#"{"name":"echo","_meta":[]}"#),
            "params._meta",
            "invalid type: sequence",
        ),
        case(
            "params.requestState is a number",
            call(r#"{"name":"echo","requestState":5}"#),
            "params.requestState",
            "invalid type: integer `5`",
        ),
        case(
            "params.task.ttl is negative",
            call(r#"{"name":"echo","task":{"ttl":-1}}"#),
            "params.task.ttl",
            "invalid value: integer `-1`",
        ),
        case(
            "id is null",
            call_with_id("null"),
            "id",
            "request id must not be null",
        ),
        case(
            "id is fractional",
            call_with_id("1.5"),
            "id",
            "found the number 1.5",
        ),
        case(
            "id is a number beyond f64",
            call_with_id("1e400"),
            "id",
            "number out of range",
        ),
        case(
            "id is a boolean",
            call_with_id("true"),
            "id",
            "a string or an integer",
        ),
        case(
            "id is an object",
            call_with_id("{}"),
            "id",
            "a string or an integer",
        ),
        case(
            "id is u64::MAX",
            call_with_id("18446744073709551615"),
            "id",
            "out of the 64-bit integer range",
        ),
        case(
            "id is i64::MAX + 1",
            call_with_id("9223372036854775808"),
            "id",
            "out of the 64-bit integer range",
        ),
        case(
            "id is i64::MIN - 1",
            call_with_id("-9223372036854775809"),
            "id",
            "out of the 64-bit integer range",
        ),
        case(
            "id is an integer beyond u64",
            call_with_id("100000000000000000000"),
            "id",
            "out of the 64-bit integer range",
        ),
        case(
            "id is missing",
            r#"{"jsonrpc":"2.0","method":"tools/call","params":{"name":"echo"}}"#,
            "",
            "missing field `id`",
        ),
        case(
            "jsonrpc is missing",
            r#"{"id":1,"method":"tools/call","params":{"name":"echo"}}"#,
            "",
            "missing field `jsonrpc`",
        ),
        case(
            "jsonrpc is \"1.0\"",
            r#"{"jsonrpc":"1.0","id":1,"method":"tools/call","params":{"name":"echo"}}"#,
            "jsonrpc",
            r#"jsonrpc must be "2.0", found "1.0""#,
        ),
        case(
            "jsonrpc is a number",
            r#"{"jsonrpc":2.0,"id":1,"method":"tools/call","params":{"name":"echo"}}"#,
            "jsonrpc",
            r#"expected the string "2.0""#,
        ),
        case(
            "method is another method",
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"name":"echo"}}"#,
            "method",
            "expected `tools/call`, found `tools/list`",
        ),
        case(
            "method is missing",
            r#"{"jsonrpc":"2.0","id":1,"params":{"name":"echo"}}"#,
            "",
            "missing field `method`",
        ),
        case(
            "method is a number",
            r#"{"jsonrpc":"2.0","id":1,"method":7,"params":{"name":"echo"}}"#,
            "method",
            "invalid type: integer `7`",
        ),
        case("empty object", "{}", "", "missing field `method`"),
    ]);
    r.finish();
}

#[test]
fn input_responses_errors_name_the_entry_and_member() {
    let mut r = Report::default();
    r.check::<CallToolRequest>(&[
        case(
            "an entry of none of the three shapes",
            call(r#"{"name":"echo","inputResponses":{"ask":{"answer":42}}}"#),
            "params.inputResponses.ask",
            "an input response needs `action` (elicitation), `roots` (roots)",
        ),
        case(
            "an entry that is not an object",
            call(r#"{"name":"echo","inputResponses":{"ask":5}}"#),
            "params.inputResponses.ask",
            "invalid type: integer `5`",
        ),
        case(
            "inputResponses is an array",
            call(r#"{"name":"echo","inputResponses":[{"action":"accept"}]}"#),
            "params.inputResponses",
            "invalid type: sequence",
        ),
        case(
            "an elicitation answer with action \"maybe\"",
            call(r#"{"name":"echo","inputResponses":{"ask":{"action":"maybe"}}}"#),
            "params.inputResponses.ask.action",
            "unknown variant `maybe`",
        ),
        case(
            "a roots answer whose roots is not an array",
            call(r#"{"name":"echo","inputResponses":{"roots":{"roots":{}}}}"#),
            "params.inputResponses.roots.roots",
            "invalid type: map, expected a sequence",
        ),
        case(
            "a sampling answer without model",
            call(
                r#"{"name":"echo","inputResponses":{"s":{"role":"assistant","content":{"type":"text","text":"hi"}}}}"#,
            ),
            "params.inputResponses.s",
            "missing field `model`",
        ),
    ]);
    r.finish();
}

#[test]
fn non_object_top_levels_are_errors() {
    let mut r = Report::default();
    r.check::<CallToolRequest>(&[
        case("an empty array", "[]", "", "invalid type: sequence"),
        case(
            "the request as a positional array",
            r#"["2.0",1,"tools/call",{"name":"echo"}]"#,
            "",
            "invalid type: sequence",
        ),
        case("a string", r#""x""#, "", "invalid type: string \"x\""),
        case("a number", "3", "", "invalid type: integer `3`"),
        case("null", "null", "", "invalid type: null"),
    ]);
    r.check::<CallToolResultResponse>(&[case(
        "a response as a positional array",
        r#"["2.0",1,{"content":[]}]"#,
        "",
        "invalid type: sequence",
    )]);
    r.check::<CallToolResult>(&[
        case("an array", "[]", "", "invalid type: sequence"),
        case("null", "null", "", "invalid type: null"),
    ]);
    r.finish();
}

#[test]
fn call_tool_result_errors_name_the_field() {
    let mut r = Report::default();
    r.check::<CallToolResult>(&[
        case("content is missing", "{}", "", "missing field `content`"),
        case(
            "content is missing, other members present",
            r#"{"isError":false}"#,
            "",
            "missing field `content`",
        ),
        case(
            "content is an object",
            r#"{"content":{}}"#,
            "content",
            "invalid type: map, expected a sequence",
        ),
        case(
            "isError is a string",
            r#"{"content":[],"isError":"yes"}"#,
            "isError",
            "invalid type: string \"yes\", expected a boolean",
        ),
        case(
            "resultType is a number",
            r#"{"content":[],"resultType":5}"#,
            "resultType",
            "invalid type: integer `5`",
        ),
        case(
            "_meta is a string",
            r#"{"content":[],"_meta":"x"}"#,
            "_meta",
            "invalid type: string",
        ),
        case(
            "a block is not an object",
            r#"{"content":["hi"]}"#,
            "content[0]",
            "invalid type: string \"hi\"",
        ),
        case(
            "a block without type",
            r#"{"content":[{"text":"hi"}]}"#,
            "content[0]",
            "missing field `type`",
        ),
        case(
            "a block whose type is a number",
            r#"{"content":[{"type":5,"text":"hi"}]}"#,
            "content[0].type",
            "must be a string",
        ),
        case(
            "a text block without text",
            r#"{"content":[{"type":"text"}]}"#,
            "content[0]",
            "missing field `text`",
        ),
        case(
            "an image block without mimeType",
            r#"{"content":[{"type":"image","data":"AA=="}]}"#,
            "content[0]",
            "missing field `mimeType`",
        ),
        case(
            "a text block whose text is a number",
            r#"{"content":[{"type":"text","text":5}]}"#,
            "content[0].text",
            "invalid type: integer `5`, expected a string",
        ),
        case(
            "a second block with a bad annotation",
            r#"{"content":[{"type":"text","text":"a"},{"type":"text","text":"b","annotations":{"audience":["robot"]}}]}"#,
            "content[1].annotations.audience[0]",
            "unknown variant `robot`",
        ),
        case(
            "an embedded resource with neither text nor blob",
            r#"{"content":[{"type":"resource","resource":{"uri":"file:///x"}}]}"#,
            "content[0].resource",
            "resource contents need a `text` or a `blob` member",
        ),
        case(
            "a resource link whose size is a string",
            r#"{"content":[{"type":"resource_link","uri":"file:///x","name":"x","size":"big"}]}"#,
            "content[0].size",
            "invalid type: string \"big\"",
        ),
    ]);
    r.finish();
}

#[test]
fn call_tool_responses_name_the_field_inside_result() {
    let mut r = Report::default();
    r.check::<CallToolResultResponse>(&[
        case(
            "result without content",
            r#"{"jsonrpc":"2.0","id":1,"result":{}}"#,
            "result",
            "missing field `content`",
        ),
        case(
            "result is an array",
            r#"{"jsonrpc":"2.0","id":1,"result":[]}"#,
            "result",
            "invalid type: sequence",
        ),
        case(
            "result.isError is a string",
            r#"{"jsonrpc":"2.0","id":1,"result":{"content":[],"isError":"yes"}}"#,
            "result.isError",
            "invalid type: string \"yes\", expected a boolean",
        ),
        case(
            "an input request with mode \"sms\"",
            r#"{"jsonrpc":"2.0","id":1,"result":{"resultType":"input_required","inputRequests":{"a":{"method":"elicitation/create","params":{"mode":"sms","message":"m"}}}}}"#,
            "result.inputRequests.a.params.mode",
            r#"expected "form" or "url", found "sms""#,
        ),
        case(
            "id is null",
            r#"{"jsonrpc":"2.0","id":null,"result":{"content":[]}}"#,
            "id",
            "must not be null",
        ),
        case(
            "jsonrpc is missing",
            r#"{"id":1,"result":{"content":[]}}"#,
            "",
            "missing field `jsonrpc`",
        ),
    ]);
    r.check::<JSONRPCResponse<CallToolResult>>(&[
        case(
            "a result response whose isError is a string",
            r#"{"jsonrpc":"2.0","id":1,"result":{"content":[],"isError":"yes"}}"#,
            "result.isError",
            "invalid type: string \"yes\", expected a boolean",
        ),
        case(
            "an error response whose code is a string",
            r#"{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}"#,
            "error.code",
            "invalid type: string \"x\"",
        ),
    ]);
    r.check::<MissingRequiredClientCapabilityError>(&[
        case(
            "another error code",
            r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"m","data":{"requiredCapabilities":{}}}}"#,
            "error.code",
            "expected -32021, found -32600",
        ),
        case(
            "a malformed capability in data",
            r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32021,"message":"m","data":{"requiredCapabilities":{"roots":5}}}}"#,
            "error.data.requiredCapabilities.roots",
            "invalid type: integer `5`",
        ),
        case(
            "data without requiredCapabilities",
            r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32021,"message":"m","data":{}}}"#,
            "error.data",
            "missing field `requiredCapabilities`",
        ),
    ]);
    r.finish();
}

#[test]
fn resource_errors_name_the_field() {
    let mut r = Report::default();
    r.check::<ReadResourceResult>(&[
        case(
            "cacheScope is \"shared\"",
            r#"{"contents":[],"cacheScope":"shared"}"#,
            "cacheScope",
            "unknown variant `shared`",
        ),
        case(
            "ttlMs is negative",
            r#"{"contents":[],"ttlMs":-1}"#,
            "ttlMs",
            "invalid value: integer `-1`",
        ),
        case("contents is missing", "{}", "", "missing field `contents`"),
        case(
            "contents with neither text nor blob",
            r#"{"contents":[{"uri":"file:///x","mimeType":"text/plain"}]}"#,
            "contents[0]",
            "resource contents need a `text` or a `blob` member",
        ),
        case(
            "text contents whose text is a number",
            r#"{"contents":[{"uri":"file:///x","text":5}]}"#,
            "contents[0].text",
            "invalid type: integer `5`",
        ),
        case(
            "blob contents without uri",
            r#"{"contents":[{"blob":"AA=="}]}"#,
            "contents[0]",
            "missing field `uri`",
        ),
    ]);
    r.check::<ResourceContents>(&[
        case(
            "neither text nor blob",
            r#"{"uri":"file:///x"}"#,
            "",
            "resource contents need a `text` or a `blob` member",
        ),
        case(
            "a blob that is a number",
            r#"{"uri":"file:///x","blob":5}"#,
            "blob",
            "invalid type: integer `5`",
        ),
    ]);
    r.check::<ReadResourceResultResponse>(&[case(
        "result.cacheScope is \"shared\"",
        r#"{"jsonrpc":"2.0","id":1,"result":{"contents":[],"cacheScope":"shared"}}"#,
        "result.cacheScope",
        "unknown variant `shared`",
    )]);
    r.check::<ListToolsResult>(&[
        case(
            "cacheScope is \"shared\"",
            r#"{"tools":[],"cacheScope":"shared"}"#,
            "cacheScope",
            "unknown variant `shared`",
        ),
        case(
            "a tool without inputSchema",
            r#"{"tools":[{"name":"echo"}]}"#,
            "tools[0]",
            "missing field `inputSchema`",
        ),
        case(
            "a tool hint that is a string",
            r#"{"tools":[{"name":"echo","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":"yes"}}]}"#,
            "tools[0].annotations.readOnlyHint",
            "invalid type: string \"yes\", expected a boolean",
        ),
    ]);
    r.finish();
}

#[test]
fn sampling_errors_name_the_field() {
    let mut r = Report::default();
    r.check::<CreateMessageRequestParams>(&[
        case(
            "messages is missing",
            r#"{"maxTokens":100}"#,
            "",
            "missing field `messages`",
        ),
        case(
            "maxTokens is missing",
            r#"{"messages":[]}"#,
            "",
            "missing field `maxTokens`",
        ),
        case(
            "maxTokens is a string",
            r#"{"messages":[],"maxTokens":"100"}"#,
            "maxTokens",
            "invalid type: string \"100\"",
        ),
        case(
            "a message with an unknown role",
            r#"{"messages":[{"role":"robot","content":{"type":"text","text":"hi"}}],"maxTokens":1}"#,
            "messages[0].role",
            "unknown variant `robot`",
        ),
        case(
            "includeContext is \"everything\"",
            r#"{"messages":[],"maxTokens":1,"includeContext":"everything"}"#,
            "includeContext",
            "unknown variant `everything`",
        ),
        case(
            "a text block whose text is a number",
            r#"{"messages":[{"role":"user","content":{"type":"text","text":5}}],"maxTokens":1}"#,
            "messages[0].content.text",
            "invalid type: integer `5`, expected a string",
        ),
        case(
            "the second block of a multi-block message without text",
            r#"{"messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text"}]}],"maxTokens":1}"#,
            "messages[0].content[1]",
            "missing field `text`",
        ),
    ]);
    r.check::<CreateMessageRequest>(&[case(
        "params without messages",
        r#"{"jsonrpc":"2.0","id":1,"method":"sampling/createMessage","params":{"maxTokens":1}}"#,
        "params",
        "missing field `messages`",
    )]);
    r.finish();
}

#[test]
fn elicitation_errors_name_the_field() {
    let mut r = Report::default();
    r.check::<ElicitRequestParams>(&[
        case(
            "mode is \"sms\"",
            r#"{"mode":"sms","message":"m"}"#,
            "mode",
            r#"expected "form" or "url", found "sms""#,
        ),
        case(
            "mode is a number",
            r#"{"mode":5,"message":"m"}"#,
            "mode",
            r#"expected "form" or "url", found 5"#,
        ),
        case(
            "a form without requestedSchema",
            r#"{"message":"m"}"#,
            "",
            "missing field `requestedSchema`",
        ),
        case(
            "a URL elicitation without url",
            r#"{"mode":"url","message":"m"}"#,
            "",
            "missing field `url`",
        ),
        case(
            "requestedSchema.type is \"array\"",
            r#"{"message":"m","requestedSchema":{"type":"array","properties":{}}}"#,
            "requestedSchema.type",
            r#"expected "object", found "array""#,
        ),
        case(
            "a number field whose minimum is a string",
            r#"{"message":"m","requestedSchema":{"type":"object","properties":{"age":{"type":"number","minimum":"x"}}}}"#,
            "requestedSchema.properties.age.minimum",
            "invalid type: string \"x\"",
        ),
        case(
            "a string field with an unknown format",
            r#"{"message":"m","requestedSchema":{"type":"object","properties":{"when":{"type":"string","format":"time"}}}}"#,
            "requestedSchema.properties.when.format",
            "unknown variant `time`",
        ),
    ]);
    r.check::<ElicitRequest>(&[case(
        "params.mode is \"sms\"",
        r#"{"jsonrpc":"2.0","id":1,"method":"elicitation/create","params":{"mode":"sms","message":"m"}}"#,
        "params.mode",
        r#"expected "form" or "url", found "sms""#,
    )]);
    r.check::<ElicitResult>(&[
        case(
            "action is \"maybe\"",
            r#"{"action":"maybe"}"#,
            "action",
            "unknown variant `maybe`",
        ),
        case(
            "action is missing",
            r#"{"content":{}}"#,
            "",
            "missing field `action`",
        ),
        case(
            "a submitted value that is an object",
            r#"{"action":"accept","content":{"x":{}}}"#,
            "content.x",
            "did not match any variant",
        ),
    ]);
    r.finish();
}

#[test]
fn logging_errors_name_the_field() {
    let mut r = Report::default();
    r.check::<SetLevelRequest>(&[
        case(
            "level is \"loud\"",
            r#"{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"loud"}}"#,
            "params.level",
            "unknown variant `loud`",
        ),
        case(
            "level is missing",
            r#"{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{}}"#,
            "params",
            "missing field `level`",
        ),
    ]);
    r.check::<LoggingMessageNotification>(&[
        case(
            "level is \"loud\"",
            r#"{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"loud","data":1}}"#,
            "params.level",
            "unknown variant `loud`",
        ),
        case(
            "data is missing",
            r#"{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info"}}"#,
            "params",
            "missing field `data`",
        ),
        case(
            "a notification carrying an id",
            r#"{"jsonrpc":"2.0","id":1,"method":"notifications/message","params":{"level":"info","data":1}}"#,
            "id",
            "a notification must not carry an id",
        ),
        case(
            "jsonrpc is missing",
            r#"{"method":"notifications/message","params":{"level":"info","data":1}}"#,
            "",
            "missing field `jsonrpc`",
        ),
        case(
            "another notification's method",
            r#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"level":"info","data":1}}"#,
            "method",
            "expected `notifications/message`, found `notifications/progress`",
        ),
    ]);
    r.check::<InitializedNotification>(&[case(
        "a notification carrying a null id",
        r#"{"jsonrpc":"2.0","id":null,"method":"notifications/initialized"}"#,
        "id",
        "must not be null",
    )]);
    r.finish();
}

#[test]
fn tagged_union_errors_name_the_field_of_the_variant() {
    let mut r = Report::default();
    r.check::<ClientRequest>(&[
        case(
            "tools/call with a numeric name",
            call(r#"{"name":5}"#),
            "params.name",
            "invalid type: integer `5`, expected a string",
        ),
        case(
            "tools/call without params",
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/call"}"#,
            "",
            "missing field `params`",
        ),
        case(
            "tools/call with a null id",
            call_with_id("null"),
            "id",
            "must not be null",
        ),
        case(
            "method is a number",
            r#"{"jsonrpc":"2.0","id":1,"method":5}"#,
            "method",
            "must be a string",
        ),
        case(
            "method is missing",
            r#"{"jsonrpc":"2.0","id":1}"#,
            "",
            "missing field `method`",
        ),
        case("not an object", "[]", "", "invalid type: sequence"),
    ]);
    r.check::<ServerNotification>(&[
        case(
            "progress with a null token",
            r#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":null,"progress":1}}"#,
            "params.progressToken",
            "progress token must not be null",
        ),
        case(
            "a log message with level \"loud\"",
            r#"{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"loud","data":null}}"#,
            "params.level",
            "unknown variant `loud`",
        ),
    ]);
    r.check::<ContentBlock>(&[
        case(
            "a known type without its required member",
            r#"{"type":"audio","data":"AA=="}"#,
            "",
            "missing field `mimeType`",
        ),
        case(
            "a known type with a wrong member",
            r#"{"type":"image","data":5,"mimeType":"image/png"}"#,
            "data",
            "invalid type: integer `5`",
        ),
        case(
            "type is null",
            r#"{"type":null,"text":"hi"}"#,
            "type",
            "must be a string",
        ),
    ]);
    r.finish();
}

#[test]
fn unknown_discriminators_and_result_types_are_kept_not_rejected() {
    let block: ContentBlock = decode::from_str(r#"{"type":"hologram","frames":3}"#).unwrap();
    match &block {
        ContentBlock::Unknown(o) => assert_eq!(o.get("frames"), Some(&json!(3))),
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(block.tag(), "hologram");
    assert_eq!(
        serde_json::to_value(&block).unwrap(),
        json!({"type":"hologram","frames":3})
    );

    let request: ClientRequest =
        decode::from_str(r#"{"jsonrpc":"2.0","id":1,"method":"x/y"}"#).unwrap();
    assert!(matches!(request, ClientRequest::Unknown(_)), "{request:?}");

    let result: CallToolResult =
        decode::from_str(r#"{"content":[],"resultType":"later"}"#).unwrap();
    assert_eq!(
        result.result_type,
        Some(ResultType::Other("later".to_owned()))
    );
    assert_eq!(
        serde_json::to_value(&result).unwrap(),
        json!({"content":[],"resultType":"later"})
    );
}

/// One `JSONRPCMessage::parse` failure: the code, the id the response must echo, where, what.
struct ParseCase {
    what: &'static str,
    input: Vec<u8>,
    code: i64,
    id: Option<RequestId>,
    path: &'static str,
    fragment: &'static str,
}

fn parse_case(
    what: &'static str,
    input: impl AsRef<[u8]>,
    code: i64,
    id: Option<RequestId>,
    path: &'static str,
    fragment: &'static str,
) -> ParseCase {
    ParseCase {
        what,
        input: input.as_ref().to_vec(),
        code,
        id,
        path,
        fragment,
    }
}

impl Report {
    /// Parses every input (with `parse` when it is UTF-8, always with `parse_slice`); the error
    /// response built from the error must carry the same code and id.
    fn check_parse(&mut self, cases: &[ParseCase]) -> &mut Self {
        self.cases += cases.len();
        for c in cases {
            let mut outcomes = vec![("parse_slice", JSONRPCMessage::parse_slice(&c.input))];
            if let Ok(text) = std::str::from_utf8(&c.input) {
                outcomes.push(("parse", JSONRPCMessage::parse(text)));
            }
            for (how, outcome) in outcomes {
                let e = match outcome {
                    Ok(m) => {
                        self.failures
                            .push(format!("{}: {how} accepted it as {m:?}", c.what));
                        continue;
                    }
                    Err(e) => e,
                };
                let response = e.to_response();
                let right = e.code == c.code
                    && e.id == c.id
                    && e.error.path() == c.path
                    && e.error.message().contains(c.fragment)
                    && e.error.is_syntax() == (c.code == PARSE_ERROR)
                    && response.id == c.id
                    && response.error.code == c.code;
                if !right {
                    self.failures.push(format!(
                    "{}: {how}\n      expected code {}, id {:?}, path {:?}, message containing {:?}\n      got      code {}, id {:?}, path {:?}, message {:?} (kind {:?})",
                    c.what,
                    c.code,
                    c.id,
                    c.path,
                    c.fragment,
                    e.code,
                    e.id,
                    e.error.path(),
                    e.error.message(),
                    e.error.kind()
                ));
                }
            }
        }
        self
    }
}

fn num(n: i64) -> Option<RequestId> {
    Some(RequestId::Number(n))
}

#[test]
fn jsonrpc_message_parse_classifies_invalid_requests() {
    let mut r = Report::default();
    const INVALID: i64 = INVALID_REQUEST;
    r.check_parse(&[
        parse_case(
            "params is an array",
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":[1,2]}"#,
            INVALID,
            num(1),
            "params",
            "invalid type: sequence",
        ),
        parse_case(
            "notification params is a string",
            r#"{"jsonrpc":"2.0","method":"notifications/x","params":"p"}"#,
            INVALID,
            None,
            "params",
            "invalid type: string",
        ),
        parse_case(
            "id is null",
            r#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#,
            INVALID,
            None,
            "id",
            "must not be null",
        ),
        parse_case(
            "id is fractional",
            r#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#,
            INVALID,
            None,
            "id",
            "found the number 1.5",
        ),
        parse_case(
            "id is an array",
            r#"{"jsonrpc":"2.0","id":[1],"method":"ping"}"#,
            INVALID,
            None,
            "id",
            "a string or an integer",
        ),
        parse_case(
            "id is i64::MAX + 1",
            r#"{"jsonrpc":"2.0","id":9223372036854775808,"method":"ping"}"#,
            INVALID,
            None,
            "id",
            "out of the 64-bit integer range",
        ),
        parse_case(
            "id is an integer beyond u64",
            r#"{"jsonrpc":"2.0","id":18446744073709551616,"method":"ping"}"#,
            INVALID,
            None,
            "id",
            "out of the 64-bit integer range",
        ),
        parse_case(
            "jsonrpc is missing",
            r#"{"id":7,"method":"ping"}"#,
            INVALID,
            num(7),
            "",
            "missing field `jsonrpc`",
        ),
        parse_case(
            "jsonrpc is \"1.0\"",
            r#"{"jsonrpc":"1.0","id":"a","method":"ping"}"#,
            INVALID,
            Some(RequestId::String("a".to_owned())),
            "jsonrpc",
            r#"jsonrpc must be "2.0", found "1.0""#,
        ),
        parse_case(
            "jsonrpc is null",
            r#"{"jsonrpc":null,"id":7,"method":"ping"}"#,
            INVALID,
            num(7),
            "jsonrpc",
            "invalid type: null",
        ),
        parse_case(
            "method is a number",
            r#"{"jsonrpc":"2.0","id":7,"method":5}"#,
            INVALID,
            num(7),
            "method",
            "invalid type: integer `5`",
        ),
        parse_case(
            "empty object",
            "{}",
            INVALID,
            None,
            "",
            "needs `method`, `result` or `error`",
        ),
        parse_case(
            "only an id",
            r#"{"jsonrpc":"2.0","id":3}"#,
            INVALID,
            num(3),
            "",
            "needs `method`, `result` or `error`",
        ),
        parse_case(
            "result is a number",
            r#"{"jsonrpc":"2.0","id":"r","result":5}"#,
            INVALID,
            Some(RequestId::from("r")),
            "result",
            "invalid type: integer `5`",
        ),
        parse_case(
            "a response without id",
            r#"{"jsonrpc":"2.0","result":{}}"#,
            INVALID,
            None,
            "",
            "missing field `id`",
        ),
        parse_case(
            "error.code is a string",
            r#"{"jsonrpc":"2.0","id":4,"error":{"code":"x","message":"m"}}"#,
            INVALID,
            num(4),
            "error.code",
            "invalid type: string \"x\"",
        ),
        parse_case(
            "error without message",
            r#"{"jsonrpc":"2.0","id":4,"error":{"code":1}}"#,
            INVALID,
            num(4),
            "error",
            "missing field `message`",
        ),
        parse_case(
            "an empty array",
            "[]",
            INVALID,
            None,
            "",
            "must be an object",
        ),
        parse_case(
            "a batch",
            r#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#,
            INVALID,
            None,
            "",
            "must be an object",
        ),
        parse_case("a string", r#""x""#, INVALID, None, "", "must be an object"),
        parse_case("a number", "3", INVALID, None, "", "must be an object"),
        parse_case("null", "null", INVALID, None, "", "must be an object"),
        parse_case("true", "true", INVALID, None, "", "must be an object"),
    ]);
    r.finish();
}

#[test]
fn jsonrpc_message_parse_classifies_parse_errors() {
    let mut r = Report::default();
    const PARSE: i64 = PARSE_ERROR;
    let request = br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend_from_slice(request);
    r.check_parse(&[
        parse_case(
            "empty input",
            "",
            PARSE,
            None,
            "",
            "EOF while parsing a value",
        ),
        parse_case(
            "only whitespace",
            " \n\t",
            PARSE,
            None,
            "",
            "EOF while parsing a value",
        ),
        parse_case(
            "truncated inside a key",
            r#"{"jsonrpc":"2.0","id":1,"meth"#,
            PARSE,
            None,
            "",
            "EOF while parsing",
        ),
        parse_case(
            "truncated after a value",
            r#"{"jsonrpc":"2.0","id":1"#,
            PARSE,
            None,
            "",
            "EOF while parsing an object",
        ),
        parse_case(
            "truncated inside a key of params",
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"na"#,
            PARSE,
            None,
            "params",
            "EOF while parsing",
        ),
        parse_case(
            "trailing garbage",
            r#"{"jsonrpc":"2.0","id":1,"method":"ping"} x"#,
            PARSE,
            None,
            "",
            "trailing characters",
        ),
        parse_case(
            "two messages",
            r#"{"jsonrpc":"2.0","method":"a"}{"jsonrpc":"2.0","method":"b"}"#,
            PARSE,
            None,
            "",
            "trailing characters",
        ),
        // serde_json does not skip a byte order mark: it is not JSON, so a parse error.
        parse_case(
            "a UTF-8 byte order mark",
            &bom,
            PARSE,
            None,
            "",
            "expected value",
        ),
        parse_case(
            "single quotes",
            "{'jsonrpc':'2.0'}",
            PARSE,
            None,
            "",
            "key must be a string",
        ),
        parse_case(
            "a trailing comma",
            r#"{"jsonrpc":"2.0","method":"a",}"#,
            PARSE,
            None,
            "",
            "trailing comma",
        ),
        parse_case("a bare word", "ping", PARSE, None, "", "expected value"),
        parse_case(
            "NaN",
            r#"{"jsonrpc":"2.0","id":NaN,"method":"a"}"#,
            PARSE,
            None,
            "id",
            "expected value",
        ),
        parse_case(
            "a number out of f64 range",
            r#"{"jsonrpc":"2.0","id":1e400,"method":"a"}"#,
            PARSE,
            None,
            "id",
            "number out of range",
        ),
        parse_case(
            "an invalid escape",
            r#"{"jsonrpc":"2.0","method":"\q"}"#,
            PARSE,
            None,
            "method",
            "invalid escape",
        ),
        parse_case(
            "a lone surrogate escape",
            r#"{"jsonrpc":"2.0","method":"\ud800"}"#,
            PARSE,
            None,
            "method",
            "escape",
        ),
        parse_case(
            "a raw control character in a string",
            "{\"jsonrpc\":\"2.0\",\"method\":\"a\u{1}\"}",
            PARSE,
            None,
            "method",
            "control character",
        ),
        parse_case(
            "invalid UTF-8 inside a string",
            b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\"}",
            PARSE,
            None,
            "method",
            "invalid unicode code point",
        ),
        parse_case(
            "invalid UTF-8 outside strings",
            b"\xff\xfe",
            PARSE,
            None,
            "",
            "expected value",
        ),
        parse_case(
            "overlong UTF-8 in a key",
            b"{\"\xc0\xaf\":1}",
            PARSE,
            None,
            "",
            "invalid unicode code point",
        ),
    ]);
    r.finish();
}

/// `"[" * n`: far past serde_json's recursion limit of 128.
#[test]
fn deeply_nested_arrays_are_a_parse_error_not_a_stack_overflow() {
    let text = "[".repeat(100_000);
    let e = JSONRPCMessage::parse(&text).unwrap_err();
    assert_eq!(e.code, PARSE_ERROR, "{e}");
    assert!(
        e.error.message().contains("recursion limit exceeded"),
        "{e}"
    );
    assert_eq!(e.id, None);

    let closed = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = JSONRPCMessage::parse(&closed).unwrap_err();
    assert_eq!(e.code, PARSE_ERROR, "{e}");
    assert!(
        e.error.message().contains("recursion limit exceeded"),
        "{e}"
    );

    let e = decode::from_str::<JSONRPCMessage>(&closed).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{e}");
    assert!(e.message().contains("recursion limit exceeded"), "{e}");

    let e = decode::from_slice::<ClientRequest>(text.as_bytes()).unwrap_err();
    assert!(e.message().contains("invalid type: sequence"), "{e}");
}

/// 10,000 nested objects inside `params.arguments`: an error naming the member where the
/// nesting starts, on this (default-sized) test thread.
#[test]
fn deeply_nested_arguments_are_an_error_not_a_stack_overflow() {
    let depth = 10_000;
    let arguments = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    let text = call(&format!(r#"{{"name":"deep","arguments":{arguments}}}"#));

    let e = decode::from_str::<CallToolRequest>(&text).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{e}");
    assert!(e.message().contains("recursion limit exceeded"), "{e}");
    assert!(
        e.path().starts_with("params.arguments.a.a"),
        "path {:?}",
        e.path()
    );

    let e = decode::from_slice::<CallToolRequest>(text.as_bytes()).unwrap_err();
    assert!(e.message().contains("recursion limit exceeded"), "{e}");

    let e = decode::from_str::<ClientRequest>(&text).unwrap_err();
    assert!(
        e.is_syntax() && e.message().contains("recursion limit exceeded"),
        "{e}"
    );

    let e = JSONRPCMessage::parse(&text).unwrap_err();
    assert_eq!(e.code, PARSE_ERROR, "{e}");
    assert!(
        e.error.message().contains("recursion limit exceeded"),
        "{e}"
    );
    assert_eq!(e.to_response().error.code, PARSE_ERROR);

    // Deep but within the limit is fine.
    let shallow = format!("{}1{}", r#"{"a":"#.repeat(100), "}".repeat(100));
    let ok: CallToolRequest = decode::from_str(&call(&format!(
        r#"{{"name":"deep","arguments":{shallow}}}"#
    )))
    .unwrap();
    assert!(ok.params.arguments.is_some_and(|a| a.contains_key("a")));
}

#[test]
fn a_huge_string_inside_arguments_decodes() {
    let big = "x".repeat(8 << 20);
    let text = call(&format!(
        r#"{{"name":"upload","arguments":{{"blob":"{big}"}}}}"#
    ));

    let request: CallToolRequest = decode::from_str(&text).unwrap();
    let arguments = request.params.arguments.as_ref().unwrap();
    assert_eq!(arguments["blob"].as_str().map(str::len), Some(8 << 20));

    let message = JSONRPCMessage::parse(&text).unwrap();
    assert_eq!(message.method(), Some("tools/call"));
    assert_eq!(serde_json::to_string(&request).unwrap().len(), text.len());
}
