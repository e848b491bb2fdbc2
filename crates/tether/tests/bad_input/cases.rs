//! The table: one [`Case`] per kind of bad input, each with its answer per lane.
//!
//! Where the specification leaves a choice, the row says which one the SDK makes and why.

use serde_json::json;

use super::{
    Case, Expect, Input, LIMIT, Lane, MODERN, Step, error, ignored, meta, notification, ok,
    params_for, probe, request,
};

pub(super) const PARSE_ERROR: i64 = -32700;
pub(super) const INVALID_REQUEST: i64 = -32600;
pub(super) const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;
pub(super) const HEADER_MISMATCH: i64 = -32020;
const UNSUPPORTED_PROTOCOL_VERSION: i64 = -32022;

/// The revision of most legacy lanes.
pub(super) const LATEST: &str = "2025-11-25";
/// The one revision with JSON-RPC batches.
pub(super) const BATCHES: &str = "2025-03-26";

pub(super) fn step(input: Vec<u8>, expect: Expect) -> Option<Step> {
    Some(Step {
        input: Input::Bytes(input),
        expect,
    })
}

/// `status` on HTTP for a legacy lane, `modern` for a modern one.
fn status(lane: Lane, legacy: u16, modern: u16) -> u16 {
    if lane.modern() { modern } else { legacy }
}

/// Only on HTTP lanes.
pub(super) fn http_only(lane: Lane, build: impl FnOnce() -> Step) -> Option<Step> {
    lane.http().then(build)
}

/// A `tools/call` of `add` with a `pad` argument making the message `bytes` long.
fn padded_call(lane: Lane, id: i64, bytes: usize) -> Vec<u8> {
    let mut message = request(
        lane,
        id,
        "tools/call",
        json!({"name": "add", "arguments": {"a": 1, "b": 2, "pad": ""}}),
    );
    let at = message
        .windows(8)
        .position(|w| w == b"\"pad\":\"\"")
        .expect("the pad argument")
        + 7;
    let pad = bytes.saturating_sub(message.len());
    message.splice(at..at, std::iter::repeat_n(b'x', pad));
    message
}

pub(super) fn too_long(lane: Lane, bytes: usize) -> Option<Step> {
    step(
        padded_call(lane, 70, bytes),
        error(
            None,
            INVALID_REQUEST,
            &[&format!("{LIMIT}-byte limit")],
            413,
        ),
    )
}

/// A request whose `id` is the raw JSON `id` (not echoed: it is not a valid id).
fn with_raw_id(lane: Lane, id: &str) -> Vec<u8> {
    let params = params_for(lane, json!({}));
    let method = if lane.modern() { "tools/list" } else { "ping" };
    format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"{method}","params":{params}}}"#).into_bytes()
}

fn modern_only(lane: Lane, build: impl FnOnce() -> Step) -> Option<Step> {
    lane.modern().then(build)
}

pub(super) fn post(
    body: Vec<u8>,
    headers: &[(&'static str, Option<&str>)],
    expect: Expect,
) -> Step {
    Step {
        input: Input::Post {
            body,
            headers: headers
                .iter()
                .map(|(k, v)| (*k, v.map(str::to_owned)))
                .collect(),
        },
        expect,
    }
}

/// Every case, in the order they run on each lane.
pub(crate) fn all() -> Vec<Case> {
    let mut cases = vec![
        // --- Framing and parsing -------------------------------------------------------------
        Case {
            name: "unparsable JSON",
            revision: LATEST,
            build: |_| {
                step(
                    b"this is not json".to_vec(),
                    error(None, PARSE_ERROR, &["parse error"], 400),
                )
            },
        },
        Case {
            name: "truncated line",
            revision: LATEST,
            build: |_| {
                step(
                    br#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"ad"#
                        .to_vec(),
                    error(None, PARSE_ERROR, &["parse error"], 400),
                )
            },
        },
        Case {
            name: "invalid UTF-8 inside a string",
            revision: LATEST,
            build: |_| {
                step(
                    b"{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\",\"params\":{\"x\":\"\xff\xfe\"}}"
                        .to_vec(),
                    error(None, PARSE_ERROR, &["parse error", "utf-8"], 400),
                )
            },
        },
        Case {
            name: "invalid UTF-8: a truncated multi-byte sequence",
            revision: LATEST,
            build: |_| {
                step(
                    b"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}\xe2\x82".to_vec(),
                    error(None, PARSE_ERROR, &["parse error", "utf-8"], 400),
                )
            },
        },
        Case {
            name: "CRLF line ending",
            revision: LATEST,
            build: |lane| {
                let (mut line, method) = probe(lane, 8);
                line.extend_from_slice(b"\r\n");
                step(line, ok(8, method))
            },
        },
        Case {
            // RFC 8259 §8.1 lets a parser ignore a byte order mark; the SDK does on every
            // transport (an editor or a Windows pipe adds one).
            name: "UTF-8 BOM prefix",
            revision: LATEST,
            build: |lane| {
                let (line, method) = probe(lane, 9);
                step([&b"\xEF\xBB\xBF"[..], &line].concat(), ok(9, method))
            },
        },
        Case {
            // stdio: blank lines are skipped. HTTP: a blank body is no JSON text at all.
            name: "empty lines / empty body",
            revision: LATEST,
            build: |lane| {
                if lane.http() {
                    step(
                        b" \r\n\t ".to_vec(),
                        error(None, PARSE_ERROR, &["parse error"], 400),
                    )
                } else {
                    step(b"\n\n   \n\t\n\r".to_vec(), ignored())
                }
            },
        },
        Case {
            name: "a JSON value that is not an object",
            revision: LATEST,
            build: |_| {
                step(
                    b"42".to_vec(),
                    error(None, INVALID_REQUEST, &["object"], 400),
                )
            },
        },
        // --- Envelope ------------------------------------------------------------------------
        Case {
            name: "params as an array",
            revision: LATEST,
            build: |_| {
                step(
                    br#"{"jsonrpc":"2.0","id":10,"method":"tools/list","params":[]}"#.to_vec(),
                    error(Some(json!(10)), INVALID_REQUEST, &["params"], 400),
                )
            },
        },
        Case {
            name: "params as a string",
            revision: LATEST,
            build: |_| {
                step(
                    br#"{"jsonrpc":"2.0","id":"s","method":"tools/call","params":"add 1 2"}"#
                        .to_vec(),
                    error(Some(json!("s")), INVALID_REQUEST, &["params"], 400),
                )
            },
        },
        Case {
            name: "id: null",
            revision: LATEST,
            build: |lane| {
                step(
                    with_raw_id(lane, "null"),
                    error(None, INVALID_REQUEST, &["id"], 400),
                )
            },
        },
        Case {
            name: "fractional id",
            revision: LATEST,
            build: |lane| {
                step(
                    with_raw_id(lane, "1.5"),
                    error(None, INVALID_REQUEST, &["id"], 400),
                )
            },
        },
        Case {
            name: "id of a wrong type (boolean)",
            revision: LATEST,
            build: |lane| {
                step(
                    with_raw_id(lane, "true"),
                    error(None, INVALID_REQUEST, &["id"], 400),
                )
            },
        },
        Case {
            name: "missing jsonrpc",
            revision: LATEST,
            build: |lane| {
                let params = params_for(lane, json!({}));
                let line = json!({"id": 11, "method": "tools/list", "params": params});
                step(
                    line.to_string().into_bytes(),
                    error(Some(json!(11)), INVALID_REQUEST, &["jsonrpc"], 400),
                )
            },
        },
        Case {
            name: "wrong jsonrpc version",
            revision: LATEST,
            build: |lane| {
                let params = params_for(lane, json!({}));
                let line =
                    json!({"jsonrpc": "1.0", "id": 12, "method": "tools/list", "params": params});
                step(
                    line.to_string().into_bytes(),
                    error(Some(json!(12)), INVALID_REQUEST, &["jsonrpc"], 400),
                )
            },
        },
        Case {
            name: "method of a wrong type",
            revision: LATEST,
            build: |_| {
                step(
                    br#"{"jsonrpc":"2.0","id":13,"method":7}"#.to_vec(),
                    error(Some(json!(13)), INVALID_REQUEST, &["method"], 400),
                )
            },
        },
        // --- Params --------------------------------------------------------------------------
        Case {
            name: "wrong field type: tools/call arguments an array",
            revision: LATEST,
            build: |lane| {
                step(
                    request(
                        lane,
                        14,
                        "tools/call",
                        json!({"name": "add", "arguments": [1, 2]}),
                    ),
                    error(Some(json!(14)), INVALID_PARAMS, &["arguments"], 200),
                )
            },
        },
        Case {
            // Modern HTTP checks the mirrored headers before the body's params: a name that is
            // no string cannot be mirrored in `Mcp-Name`, so the request is -32020 there.
            name: "wrong field type: tools/call name a number",
            revision: LATEST,
            build: |lane| {
                let line = request(lane, 15, "tools/call", json!({"name": 5}));
                if lane == Lane::HttpModern {
                    step(
                        line,
                        error(Some(json!(15)), HEADER_MISMATCH, &["Mcp-Name"], 400),
                    )
                } else {
                    step(line, error(Some(json!(15)), INVALID_PARAMS, &["name"], 200))
                }
            },
        },
        Case {
            name: "wrong field type: a numeric cursor",
            revision: LATEST,
            build: |lane| {
                step(
                    request(lane, 16, "resources/list", json!({"cursor": 5})),
                    error(Some(json!(16)), INVALID_PARAMS, &["cursor"], 200),
                )
            },
        },
        Case {
            name: "bad cursor",
            revision: LATEST,
            build: |lane| {
                step(
                    request(lane, 17, "resources/list", json!({"cursor": "forged"})),
                    error(Some(json!(17)), INVALID_PARAMS, &["cursor"], 200),
                )
            },
        },
        Case {
            // Legacy: logging/setLevel; 2026-07-28: `_meta` logLevel (400 with the other
            // `_meta` rejections on HTTP).
            name: "unknown logLevel",
            revision: LATEST,
            build: |lane| {
                if lane.modern() {
                    let params = json!({"name": "add", "arguments": {"a": 1, "b": 1},
                        "_meta": {"io.modelcontextprotocol/logLevel": "verbose"}});
                    step(
                        request(lane, 18, "tools/call", params),
                        error(
                            Some(json!(18)),
                            INVALID_PARAMS,
                            &["log level", "verbose"],
                            400,
                        ),
                    )
                } else {
                    step(
                        request(lane, 18, "logging/setLevel", json!({"level": "verbose"})),
                        error(Some(json!(18)), INVALID_PARAMS, &["level"], 200),
                    )
                }
            },
        },
        // --- The modern `_meta` --------------------------------------------------------------
        Case {
            name: "missing _meta clientCapabilities",
            revision: LATEST,
            build: |lane| {
                modern_only(lane, || {
                    let params =
                        json!({"_meta": {"io.modelcontextprotocol/protocolVersion": MODERN}});
                    let line = json!({"jsonrpc": "2.0", "id": 19, "method": "tools/list", "params": params});
                    Step {
                        input: Input::Bytes(line.to_string().into_bytes()),
                        expect: error(
                            Some(json!(19)),
                            INVALID_PARAMS,
                            &["io.modelcontextprotocol/clientCapabilities"],
                            400,
                        ),
                    }
                })
            },
        },
        Case {
            name: "missing _meta protocolVersion",
            revision: LATEST,
            build: |lane| {
                modern_only(lane, || {
                    let params =
                        json!({"_meta": {"io.modelcontextprotocol/clientCapabilities": {}}});
                    let line = json!({"jsonrpc": "2.0", "id": 20, "method": "tools/list", "params": params});
                    Step {
                        input: Input::Bytes(line.to_string().into_bytes()),
                        expect: error(
                            Some(json!(20)),
                            INVALID_PARAMS,
                            &["io.modelcontextprotocol/protocolVersion"],
                            400,
                        ),
                    }
                })
            },
        },
        Case {
            name: "unsupported _meta protocolVersion",
            revision: LATEST,
            build: |lane| {
                modern_only(lane, || {
                    let mut meta = meta();
                    meta["io.modelcontextprotocol/protocolVersion"] = json!("2030-01-01");
                    let line = json!({"jsonrpc": "2.0", "id": 21, "method": "tools/list",
                                      "params": {"_meta": meta}});
                    Step {
                        input: Input::Bytes(line.to_string().into_bytes()),
                        expect: error(
                            Some(json!(21)),
                            UNSUPPORTED_PROTOCOL_VERSION,
                            &["2030-01-01"],
                            400,
                        ),
                    }
                })
            },
        },
        // --- Methods and notifications -------------------------------------------------------
        Case {
            name: "unknown method",
            revision: LATEST,
            build: |lane| {
                step(
                    request(lane, 22, "tools/frobnicate", json!({})),
                    error(
                        Some(json!(22)),
                        METHOD_NOT_FOUND,
                        &["tools/frobnicate"],
                        status(lane, 200, 404),
                    ),
                )
            },
        },
        Case {
            name: "a method of the other era",
            revision: LATEST,
            build: |lane| {
                let method = if lane.modern() {
                    "logging/setLevel"
                } else {
                    "server/discover"
                };
                let params = if lane.modern() {
                    json!({"level": "info"})
                } else {
                    json!({})
                };
                step(
                    request(lane, 23, method, params),
                    error(
                        Some(json!(23)),
                        METHOD_NOT_FOUND,
                        &[method],
                        status(lane, 200, 404),
                    ),
                )
            },
        },
        Case {
            name: "unknown notification",
            revision: LATEST,
            build: |_| {
                step(
                    notification("notifications/whatever", json!({"x": 1})),
                    ignored(),
                )
            },
        },
        Case {
            // JSON-RPC: a message with an id is a request, and no request has this method.
            name: "a notification carrying an id",
            revision: LATEST,
            build: |lane| {
                step(
                    request(lane, 24, "notifications/initialized", json!({})),
                    error(
                        Some(json!(24)),
                        METHOD_NOT_FOUND,
                        &["notifications/initialized"],
                        status(lane, 200, 404),
                    ),
                )
            },
        },
        Case {
            // 2026-07-28 HTTP: the server sends no requests, so a response POST is refused.
            name: "a response to an unknown id",
            revision: LATEST,
            build: |lane| {
                let line = br#"{"jsonrpc":"2.0","id":999,"result":{}}"#.to_vec();
                if lane == Lane::HttpModern {
                    step(line, error(None, INVALID_REQUEST, &["no responses"], 400))
                } else {
                    step(line, ignored())
                }
            },
        },
        Case {
            name: "an error response to an unknown id",
            revision: LATEST,
            build: |lane| {
                let line =
                    br#"{"jsonrpc":"2.0","id":998,"error":{"code":-32603,"message":"x"}}"#.to_vec();
                if lane == Lane::HttpModern {
                    step(line, error(None, INVALID_REQUEST, &["no responses"], 400))
                } else {
                    step(line, ignored())
                }
            },
        },
        Case {
            // Stateless 2026-07-28 HTTP has no connection whose ids could collide.
            name: "an id reused while in flight",
            revision: LATEST,
            build: |lane| {
                (lane != Lane::HttpModern).then(|| {
                    let slow = json!({"name": "slow", "arguments": {"steps": 4},
                                      "_meta": {"progressToken": "in-flight"}});
                    Step {
                        input: Input::WhileInFlight {
                            first: request(lane, 25, "tools/call", slow),
                            id: json!(25),
                            then: request(
                                lane,
                                25,
                                "tools/call",
                                json!({"name": "add", "arguments": {"a": 1, "b": 1}}),
                            ),
                        },
                        expect: error(
                            Some(json!(25)),
                            INVALID_REQUEST,
                            &["already in flight"],
                            200,
                        ),
                    }
                })
            },
        },
    ];
    cases.extend(super::more_cases::more());
    cases
}
