//! The rest of the table: batches, size and depth, and the HTTP-only cases.

use serde_json::{Value, json};

use super::cases::{
    BATCHES, HEADER_MISMATCH, INVALID_REQUEST, LATEST, METHOD_NOT_FOUND, PARSE_ERROR, http_only,
    post, step, too_long,
};
use super::{Case, Expect, Input, LIMIT, Lane, Reply, Step, error, ignored, probe};

/// The cases after [`super::cases::all`]'s own, in the order they run.
pub(crate) fn more() -> Vec<Case> {
    vec![
        // --- Batches -------------------------------------------------------------------------
        Case {
            name: "empty batch",
            revision: LATEST,
            build: |_| {
                step(
                    b" []".to_vec(),
                    error(None, INVALID_REQUEST, &["empty", "batch"], 400),
                )
            },
        },
        Case {
            name: "mixed batch on 2025-03-26",
            revision: BATCHES,
            build: |lane| {
                (!lane.modern()).then(|| {
                    let members = [
                        json!({"jsonrpc": "2.0", "id": 40, "method": "ping"}),
                        json!({"jsonrpc": "2.0", "method": "notifications/unknown"}),
                        json!({"jsonrpc": "2.0", "id": 41, "method": "tools/call",
                               "params": {"name": "add", "arguments": {"a": 1, "b": 2}}}),
                        json!({"jsonrpc": "2.0", "id": 42, "method": "tools/frobnicate"}),
                        json!({"jsonrpc": "2.0", "id": 997, "result": {}}),
                    ];
                    Step {
                        input: Input::Bytes(Value::from(members.to_vec()).to_string().into_bytes()),
                        expect: Expect {
                            reply: Reply::Batch {
                                ok: vec![40, 41],
                                errors: vec![(Some(42), METHOD_NOT_FOUND)],
                            },
                            status: 200,
                        },
                    }
                })
            },
        },
        Case {
            name: "batch of notifications on 2025-03-26",
            revision: BATCHES,
            build: |lane| {
                (!lane.modern()).then(|| Step {
                    input: Input::Bytes(
                        br#"[{"jsonrpc":"2.0","method":"notifications/unknown"}]"#.to_vec(),
                    ),
                    expect: ignored(),
                })
            },
        },
        Case {
            // JSON-RPC 2.0 §6: an invalid member gets its own error; the rest is served.
            name: "batch with an invalid member on 2025-03-26",
            revision: BATCHES,
            build: |lane| {
                (!lane.modern()).then(|| Step {
                    input: Input::Bytes(
                        br#"[{"jsonrpc":"2.0","id":43,"method":"ping"},42]"#.to_vec(),
                    ),
                    expect: Expect {
                        reply: Reply::Batch {
                            ok: vec![43],
                            errors: vec![(None, INVALID_REQUEST)],
                        },
                        status: 200,
                    },
                })
            },
        },
        Case {
            name: "batch on a revision without batches",
            revision: LATEST,
            build: |lane| {
                let member = String::from_utf8(probe(lane, 44).0).expect("UTF-8");
                step(
                    format!("[{member}]").into_bytes(),
                    error(None, INVALID_REQUEST, &["batch"], 400),
                )
            },
        },
        // --- Size and depth ------------------------------------------------------------------
        Case {
            name: "100,000 levels of [",
            revision: LATEST,
            build: |_| {
                step(
                    vec![b'['; 100_000],
                    error(None, PARSE_ERROR, &["parse error", "recursion limit"], 400),
                )
            },
        },
        Case {
            name: "100,000 levels of [ inside params",
            revision: LATEST,
            build: |_| {
                let mut line =
                    br#"{"jsonrpc":"2.0","id":45,"method":"ping","params":{"x":"#.to_vec();
                line.resize(line.len() + 100_000, b'[');
                step(
                    line,
                    error(None, PARSE_ERROR, &["parse error", "recursion limit"], 400),
                )
            },
        },
        Case {
            name: "20,000 levels of {\"a\":",
            revision: LATEST,
            build: |_| {
                step(
                    b"{\"a\":".repeat(20_000),
                    error(None, PARSE_ERROR, &["parse error", "recursion limit"], 400),
                )
            },
        },
        Case {
            name: "a huge string one byte past the limit",
            revision: LATEST,
            build: |lane| too_long(lane, LIMIT + 1),
        },
        Case {
            name: "a 1 MiB body (8 × the limit)",
            revision: LATEST,
            build: |lane| too_long(lane, 1024 * 1024),
        },
        // --- HTTP only -----------------------------------------------------------------------
        Case {
            name: "Mcp-Method header disagrees with the body",
            revision: LATEST,
            build: |lane| {
                (lane == Lane::HttpModern).then(|| {
                    post(
                        probe(lane, 50).0,
                        &[("mcp-method", Some("tools/list"))],
                        error(Some(json!(50)), HEADER_MISMATCH, &["Mcp-Method"], 400),
                    )
                })
            },
        },
        Case {
            name: "Mcp-Name header disagrees with the body",
            revision: LATEST,
            build: |lane| {
                (lane == Lane::HttpModern).then(|| {
                    post(
                        probe(lane, 51).0,
                        &[("mcp-name", Some("sub"))],
                        error(Some(json!(51)), HEADER_MISMATCH, &["Mcp-Name"], 400),
                    )
                })
            },
        },
        Case {
            name: "Mcp-Method header missing",
            revision: LATEST,
            build: |lane| {
                (lane == Lane::HttpModern).then(|| {
                    post(
                        probe(lane, 52).0,
                        &[("mcp-method", None)],
                        error(Some(json!(52)), HEADER_MISMATCH, &["Mcp-Method"], 400),
                    )
                })
            },
        },
        Case {
            name: "MCP-Protocol-Version header disagrees with the session or body",
            revision: LATEST,
            build: |lane| {
                http_only(lane, || {
                    if lane.modern() {
                        post(
                            probe(lane, 53).0,
                            &[("mcp-protocol-version", Some(LATEST))],
                            error(
                                Some(json!(53)),
                                HEADER_MISMATCH,
                                &["MCP-Protocol-Version"],
                                400,
                            ),
                        )
                    } else {
                        post(
                            probe(lane, 53).0,
                            &[("mcp-protocol-version", Some("2025-06-18"))],
                            error(None, INVALID_REQUEST, &["2025-06-18", LATEST], 400),
                        )
                    }
                })
            },
        },
        Case {
            name: "Content-Type not JSON",
            revision: LATEST,
            build: |lane| {
                http_only(lane, || {
                    post(
                        probe(lane, 54).0,
                        &[("content-type", Some("text/plain"))],
                        error(None, INVALID_REQUEST, &["Content-Type"], 415),
                    )
                })
            },
        },
        Case {
            name: "Content-Length longer than the body",
            revision: LATEST,
            build: |lane| {
                http_only(lane, || Step {
                    input: Input::Raw {
                        body: probe(lane, 57).0,
                        content_length: 4096,
                    },
                    expect: error(None, INVALID_REQUEST, &["body"], 400),
                })
            },
        },
        Case {
            name: "unknown session",
            revision: LATEST,
            build: |lane| {
                (lane == Lane::HttpLegacy).then(|| {
                    post(
                        probe(lane, 55).0,
                        &[("mcp-session-id", Some("00000000000000000000000000000000"))],
                        error(None, INVALID_REQUEST, &["unknown or ended session"], 404),
                    )
                })
            },
        },
        Case {
            name: "a request after DELETE",
            revision: LATEST,
            build: |lane| {
                (lane == Lane::HttpLegacy).then(|| Step {
                    input: Input::AfterDelete(probe(lane, 56).0),
                    expect: error(None, INVALID_REQUEST, &["unknown or ended session"], 404),
                })
            },
        },
    ]
}
