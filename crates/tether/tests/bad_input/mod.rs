//! The bad-input matrix (issue 12): every case is the bytes (or HTTP request) a hostile or
//! broken client sends, the exact answer it must get, and a valid request afterwards that must
//! still succeed on the same connection (stdio), session or server (HTTP).
//!
//! A case is built per [`Lane`]: the stdio-like in-memory duplex in the legacy era (after
//! `initialize`) or the modern one (2026-07-28 requests carrying `_meta`, no handshake), and
//! Streamable HTTP with a legacy session (`Mcp-Session-Id`) or stateless modern POSTs. A case
//! that means nothing on a lane (an unknown session on stdio, a batch reply on 2026-07-28)
//! builds `None` there. [`cases`] is the table, [`stdio`] and [`http`] the drivers.

pub(crate) mod cases;
pub(crate) mod http;
mod more_cases;
pub(crate) mod stdio;

use serde_json::{Value, json};
use tether_mcp::{Limits, Server};

use crate::support::demo::Demo;

/// The modern revision.
pub(crate) const MODERN: &str = "2026-07-28";
/// The message size limit of the servers under test: small, so the oversized cases stay fast,
/// yet above 100,000 bytes, so that 100,000 levels of nesting are judged by the parser (not
/// discarded as too long).
pub(crate) const LIMIT: usize = 128 * 1024;

/// A transport and era a case runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lane {
    /// (a) The in-memory duplex (stdio framing), after `initialize`.
    StdioLegacy,
    /// (b) The in-memory duplex, 2026-07-28 requests with `_meta`, no `initialize`.
    StdioModern,
    /// (c) Streamable HTTP, a legacy session (`Mcp-Session-Id`).
    HttpLegacy,
    /// (d) Streamable HTTP, stateless 2026-07-28 POSTs.
    HttpModern,
}

impl Lane {
    pub(crate) const ALL: [Lane; 4] = [
        Lane::StdioLegacy,
        Lane::StdioModern,
        Lane::HttpLegacy,
        Lane::HttpModern,
    ];

    pub(crate) fn modern(self) -> bool {
        matches!(self, Lane::StdioModern | Lane::HttpModern)
    }

    pub(crate) fn http(self) -> bool {
        matches!(self, Lane::HttpLegacy | Lane::HttpModern)
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Lane::StdioLegacy => "stdio legacy",
            Lane::StdioModern => "stdio modern",
            Lane::HttpLegacy => "HTTP legacy",
            Lane::HttpModern => "HTTP modern",
        }
    }
}

/// One row of the matrix.
pub(crate) struct Case {
    pub(crate) name: &'static str,
    /// The revision legacy lanes initialize at for this case (2025-03-26 for served batches).
    pub(crate) revision: &'static str,
    /// What the case sends and expects on a lane; `None` where it does not apply.
    pub(crate) build: fn(Lane) -> Option<Step>,
}

/// What a case sends on a lane and what must come back.
pub(crate) struct Step {
    pub(crate) input: Input,
    pub(crate) expect: Expect,
}

/// What a case sends.
pub(crate) enum Input {
    /// A line on stdio (the driver adds the `\n`); on HTTP, the body of a POST with the lane's
    /// headers (modern: mirrored from the body).
    Bytes(Vec<u8>),
    /// HTTP only: a POST body with header changes over the lane's (`None` removes one).
    Post {
        body: Vec<u8>,
        headers: Vec<(&'static str, Option<String>)>,
    },
    /// HTTP only: a POST written by hand on a fresh TCP connection with the lane's headers and
    /// `Content-Length: content_length` but only `body`, its write side then closed.
    Raw {
        body: Vec<u8>,
        content_length: usize,
    },
    /// `first` (a `slow` call that stays in flight), then `then` reusing its id: `then` gets
    /// the expected answer and `first` must still complete.
    WhileInFlight {
        first: Vec<u8>,
        id: Value,
        then: Vec<u8>,
    },
    /// HTTP legacy only: a second session is opened and ended with DELETE, then this body is
    /// POSTed to it.
    AfterDelete(Vec<u8>),
}

/// What must come back.
pub(crate) struct Expect {
    pub(crate) reply: Reply,
    /// The HTTP status (ignored on stdio).
    pub(crate) status: u16,
}

/// The JSON-RPC answer of a case.
pub(crate) enum Reply {
    /// One error response: its id (`None`: no id, the message's could not be read), its code,
    /// and words its message must contain (case-insensitive).
    Error {
        id: Option<Value>,
        code: i64,
        words: Vec<String>,
    },
    /// Nothing (stdio: no line within the quiet period; HTTP: an empty body).
    Ignored,
    /// A successful result to `id` (a request of `method`).
    Ok { id: Value, method: &'static str },
    /// A 2025-03-26 batch reply: results to `ok`, errors `(id, code)` (`None`: an id-less
    /// error).
    Batch {
        ok: Vec<i64>,
        errors: Vec<(Option<i64>, i64)>,
    },
}

/// An error answer.
pub(crate) fn error(id: Option<Value>, code: i64, words: &[&str], status: u16) -> Expect {
    Expect {
        reply: Reply::Error {
            id,
            code,
            words: words.iter().map(|w| (*w).to_owned()).collect(),
        },
        status,
    }
}

/// No answer (HTTP: 202 Accepted).
pub(crate) fn ignored() -> Expect {
    Expect {
        reply: Reply::Ignored,
        status: 202,
    }
}

/// A successful answer to `id`.
pub(crate) fn ok(id: i64, method: &'static str) -> Expect {
    Expect {
        reply: Reply::Ok {
            id: json!(id),
            method,
        },
        status: 200,
    }
}

/// The per-request `_meta` of a modern request (no client capabilities needed here).
pub(crate) fn meta() -> Value {
    json!({
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "bad-input", "version": "1"},
    })
}

/// `params` with the modern `_meta` merged in on modern lanes (keys already there win).
pub(crate) fn params_for(lane: Lane, params: Value) -> Value {
    let mut params = params;
    if lane.modern() {
        let mut merged = meta();
        if let Some(Value::Object(given)) = params.get("_meta") {
            for (k, v) in given {
                merged[k.as_str()] = v.clone();
            }
        }
        params["_meta"] = merged;
    }
    params
}

/// A request for `lane` (modern lanes: `_meta` merged into `params`).
pub(crate) fn request(lane: Lane, id: impl Into<Value>, method: &str, params: Value) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "id": id.into(), "method": method, "params": params_for(lane, params)})
        .to_string()
        .into_bytes()
}

/// A notification (no `_meta`: 2026-07-28 notifications carry none).
pub(crate) fn notification(method: &str, params: Value) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "method": method, "params": params})
        .to_string()
        .into_bytes()
}

/// A valid request that must succeed on `lane`: `ping` (legacy) or `tools/call` of `add`
/// (modern, where `ping` no longer exists); its method.
pub(crate) fn probe(lane: Lane, id: i64) -> (Vec<u8>, &'static str) {
    if lane.modern() {
        let params = json!({"name": "add", "arguments": {"a": 2, "b": 3}});
        (request(lane, id, "tools/call", params), "tools/call")
    } else {
        (
            json!({"jsonrpc": "2.0", "id": id, "method": "ping"})
                .to_string()
                .into_bytes(),
            "ping",
        )
    }
}

/// The server under test: the demo handler with every server capability (tools, resources
/// with paging, prompts, completions, logging) and a [`LIMIT`]-byte message limit.
pub(crate) fn server() -> Server<Demo> {
    let mut limits = Limits::default();
    limits.max_message_bytes = LIMIT;
    Demo::default().served_with(limits)
}

/// The revisions legacy lanes need, in the order of first use.
pub(crate) fn revisions(cases: &[Case]) -> Vec<&'static str> {
    let mut revisions = Vec::new();
    for case in cases {
        if !revisions.contains(&case.revision) {
            revisions.push(case.revision);
        }
    }
    revisions
}
