//! Errors of server handlers and of the server-to-client requests they make.

use tether_mcp_types::error_codes::{
    INTERNAL_ERROR, INVALID_PARAMS, METHOD_NOT_FOUND, MISSING_REQUIRED_CLIENT_CAPABILITY,
    RESOURCE_NOT_FOUND, URL_ELICITATION_REQUIRED,
};
use tether_mcp_types::{
    CallToolResult, ClientCapabilities, ContentBlock, DecodeError, ElicitRequestURLParams,
    ErrorObject, JsonValue, MissingRequiredClientCapabilityData, ProtocolVersion,
    URLElicitationRequiredData,
};

/// A server-to-client request could not be made, or got no usable answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The client request being served was cancelled; nothing more is sent for it.
    #[error("the request was cancelled")]
    Cancelled,
    /// The route to the client is gone (the connection closed, or the request already answered).
    #[error("the stream to the client is closed")]
    StreamClosed,
    /// The session has not finished `initialize`; only `ping` and logging may be sent.
    #[error("the session is not initialized")]
    NotInitialized,
    /// The client did not answer in time.
    #[error("the client did not answer within {0:?}")]
    Timeout(std::time::Duration),
    /// The client answered with a JSON-RPC error.
    #[error("the client answered with an error: {0}")]
    Peer(ErrorObject),
    /// The client's answer does not have the shape of the result.
    #[error("the client's answer is malformed: {0}")]
    MalformedAnswer(DecodeError),
    /// The requested type cannot be asked for with an elicitation form: forms are flat objects
    /// of strings, numbers, integers, booleans and enums.
    #[error("cannot build an elicitation form: {0}")]
    UnsupportedSchema(String),
    /// The ask was polled outside the handler's own task (a nested `block_on`, a scoped thread,
    /// a spawned task on another runtime): await it directly in the handler, or in a `join!`,
    /// `select!` or `FuturesUnordered` inside it. On another thread this is detected at once;
    /// an ask blocked in a nested executor on the handler's own thread (which would hang on
    /// 2026-07-28, and on a current-thread runtime in every era) is freed with this error by a
    /// watchdog after one second.
    #[error(
        "a server-to-client request was polled outside the handler's own task; await it in the \
         handler (join!, select! and FuturesUnordered are fine), not in block_on, a scoped thread \
         or another runtime"
    )]
    AskOutsideHandlerTask,
    /// The peer's revision has no such request (for example `ping` toward a 2026-07-28 client).
    #[error("the peer's protocol revision does not support this request")]
    Unsupported,
    /// The outbound queue toward the client is full and the request could not be queued.
    #[error("the outbound queue to the client is full")]
    Backpressure,
    /// The client did not declare the capability this request needs (`roots`, `sampling`,
    /// `elicitation`); only the escape hatch can get here, since the views check it up front.
    #[error("the client did not declare the `{0}` capability")]
    CapabilityNotDeclared(&'static str),
}

/// The client did not declare a capability this request needs.
///
/// On legacy revisions this becomes an `isError` tool result naming the capability (for
/// `tools/call`) or a -32602 error with `data.requiredCapabilities` (for `prompts/get` and
/// `resources/read`); on 2026-07-28 a -32021 error.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the client did not declare the `{name}` capability this request needs")]
pub struct MissingCapability {
    name: &'static str,
    required: Box<ClientCapabilities>,
}

impl MissingCapability {
    pub(crate) fn new(name: &'static str, required: ClientCapabilities) -> Self {
        Self {
            name,
            required: Box::new(required),
        }
    }

    /// The capability's name (`elicitation`, `elicitation.url`, `sampling`, `roots`, ...).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The capabilities the client would need to declare, as `requiredCapabilities`.
    pub fn required_capabilities(&self) -> &ClientCapabilities {
        &self.required
    }

    /// The JSON-RPC error for `prompts/get` and `resources/read` on legacy revisions: -32602
    /// with `data.requiredCapabilities`.
    pub fn to_invalid_params(&self) -> ErrorObject {
        ErrorObject::new(INVALID_PARAMS, self.to_string()).with_data(required_data(&self.required))
    }

    /// The JSON-RPC error on 2026-07-28: -32021 (`MissingRequiredClientCapabilityError`) with
    /// `data.requiredCapabilities`.
    pub fn to_missing_required(&self) -> ErrorObject {
        ErrorObject::new(MISSING_REQUIRED_CLIENT_CAPABILITY, self.to_string())
            .with_data(required_data(&self.required))
    }
}

fn required_data(required: &ClientCapabilities) -> JsonValue {
    let data = MissingRequiredClientCapabilityData {
        required_capabilities: required.clone(),
        extra: Default::default(),
    };
    serde_json::to_value(data).unwrap_or(JsonValue::Null)
}

/// What a `tools/call` handler returns on failure.
///
/// Execution failures (including argument validation, SEP-1303) become a result with
/// `isError: true`, so the model can correct itself; protocol failures become JSON-RPC errors.
/// `?` works on [`MissingCapability`] and [`RequestError`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ToolError {
    /// The tool ran and failed: an `isError: true` result with this content.
    #[error("tool execution failed")]
    Execution(Vec<ContentBlock>),
    /// A capability the tool needs is missing.
    #[error(transparent)]
    MissingCapability(#[from] MissingCapability),
    /// A server-to-client request failed.
    #[error(transparent)]
    Request(#[from] RequestError),
    /// A protocol error: answered as a JSON-RPC error (an unknown tool is -32602).
    #[error("{0}")]
    Protocol(ErrorObject),
    /// The tool cannot go on until the user completes these URL elicitations out of band.
    /// Build it with [`ToolError::url_elicitation_required`], which documents the wire mapping.
    #[error("URL elicitation required")]
    UrlElicitationRequired(Vec<ElicitRequestURLParams>),
}

impl ToolError {
    /// An execution failure with a text message (an `isError: true` result).
    pub fn execution(message: impl Into<String>) -> Self {
        Self::Execution(vec![ContentBlock::text(message)])
    }

    /// The tool does not exist: -32602.
    pub fn unknown_tool(name: &str) -> Self {
        Self::Protocol(ErrorObject::new(
            INVALID_PARAMS,
            format!("unknown tool: {name}"),
        ))
    }

    /// The arguments are invalid: an execution failure naming the problem (SEP-1303).
    pub fn invalid_arguments(message: impl std::fmt::Display) -> Self {
        Self::execution(format!("invalid arguments: {message}"))
    }

    /// The user must complete these URL elicitations out of band before the tool can run; the
    /// client may retry the call afterwards.
    ///
    /// On 2025-11-25 this is answered as the JSON-RPC error -32042 (`URLElicitationRequired`)
    /// with `data.elicitations`. Each elicitation should carry its `elicitationId` (the server
    /// may later send `notifications/elicitation/complete` for it); one without an id gets a
    /// generated one, since the 2025-11-25 schema requires it.
    ///
    /// Revisions without -32042 (2024-11-05 to 2025-06-18, and later revisions that reserve the
    /// code) get an `isError: true` tool result instead, one text block per elicitation with
    /// its message and URL, so the model can tell the user where to go.
    pub fn url_elicitation_required(elicitations: Vec<ElicitRequestURLParams>) -> Self {
        Self::UrlElicitationRequired(elicitations)
    }

    /// How this error is answered on a legacy session of `version`: a tool result or a JSON-RPC
    /// error. `None` means nothing is written (the request was cancelled).
    pub(crate) fn into_legacy_outcome(
        self,
        version: &ProtocolVersion,
        request_id: &tether_mcp_types::RequestId,
    ) -> Option<Result<CallToolResult, ErrorObject>> {
        let failed = |content: Vec<ContentBlock>| {
            Some(Ok(CallToolResult {
                content,
                is_error: Some(true),
                ..CallToolResult::default()
            }))
        };
        match self {
            Self::Execution(content) => failed(content),
            Self::MissingCapability(m) => failed(vec![ContentBlock::text(m.to_string())]),
            Self::Request(RequestError::Cancelled) => None,
            Self::Request(e) => failed(vec![ContentBlock::text(e.to_string())]),
            Self::Protocol(e) => Some(Err(e)),
            Self::UrlElicitationRequired(elicitations)
                if *version == ProtocolVersion::V_2025_11_25 =>
            {
                Some(Err(url_elicitation_required_error(
                    elicitations,
                    request_id,
                )))
            }
            Self::UrlElicitationRequired(elicitations) => failed(
                elicitations
                    .iter()
                    .map(|e| {
                        ContentBlock::text(format!(
                            "URL elicitation required: {} Open {}",
                            e.message, e.url
                        ))
                    })
                    .collect(),
            ),
        }
    }
}

/// -32042 with `data.elicitations`, every elicitation given an `elicitationId`.
fn url_elicitation_required_error(
    mut elicitations: Vec<ElicitRequestURLParams>,
    request_id: &tether_mcp_types::RequestId,
) -> ErrorObject {
    for (n, e) in elicitations.iter_mut().enumerate() {
        e.elicitation_id
            .get_or_insert_with(|| format!("{request_id}-required-{n}"));
    }
    let data = URLElicitationRequiredData {
        elicitations,
        extra: Default::default(),
    };
    ErrorObject::new(
        URL_ELICITATION_REQUIRED,
        "this request requires more information via URL elicitation",
    )
    .with_data(serde_json::to_value(data).unwrap_or(JsonValue::Null))
}

/// What the other request handlers (`list_tools`, `prompts/get`, ...) return on failure: a
/// JSON-RPC error. `?` works on [`MissingCapability`] (-32602 with `requiredCapabilities`),
/// [`RequestError`] (-32603) and [`ErrorObject`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct ServerError(pub ErrorObject);

impl ServerError {
    /// -32602 with a message.
    pub fn invalid_params(message: impl Into<String>) -> Self {
        Self(ErrorObject::new(INVALID_PARAMS, message))
    }

    /// -32603 with a message.
    pub fn internal(message: impl Into<String>) -> Self {
        Self(ErrorObject::new(INTERNAL_ERROR, message))
    }

    /// The resource `uri` does not exist: -32002 with `data.uri` on legacy revisions; the
    /// dispatcher sends it as -32602 on 2026-07-28, whose spec uses that code.
    pub fn resource_not_found(uri: &str) -> Self {
        Self(
            ErrorObject::new(RESOURCE_NOT_FOUND, format!("resource not found: {uri}"))
                .with_data(serde_json::json!({ "uri": uri })),
        )
    }

    /// -32601: the method does not exist or its capability was not advertised.
    pub fn method_not_found(method: &str) -> Self {
        Self(ErrorObject::new(
            METHOD_NOT_FOUND,
            format!("method not found: {method}"),
        ))
    }
}

impl From<ErrorObject> for ServerError {
    fn from(e: ErrorObject) -> Self {
        Self(e)
    }
}

impl From<MissingCapability> for ServerError {
    fn from(m: MissingCapability) -> Self {
        Self(m.to_invalid_params())
    }
}

impl From<RequestError> for ServerError {
    fn from(e: RequestError) -> Self {
        Self::internal(e.to_string())
    }
}
