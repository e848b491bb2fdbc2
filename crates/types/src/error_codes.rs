//! JSON-RPC and MCP error codes, with the revisions that define them.

/// Invalid JSON was received (all revisions).
pub const PARSE_ERROR: i64 = -32700;
/// The JSON is not a valid request object (all revisions).
pub const INVALID_REQUEST: i64 = -32600;
/// The method does not exist, or the server capability it needs was not advertised (all revisions).
/// On modern HTTP it comes with status 404.
pub const METHOD_NOT_FOUND: i64 = -32601;
/// Invalid method parameters (all revisions). From 2026-07-28 also "resource not found" and the
/// rejection of missing per-request `_meta` (HTTP 400).
pub const INVALID_PARAMS: i64 = -32602;
/// Internal error (all revisions).
pub const INTERNAL_ERROR: i64 = -32603;

/// Resource not found: 2024-11-05 … 2025-11-25 only; 2026-07-28 uses [`INVALID_PARAMS`] and
/// reserves this code (clients should still accept it).
pub const RESOURCE_NOT_FOUND: i64 = -32002;
/// URL elicitation required, `data.elicitations`: 2025-11-25 only (reserved afterwards).
pub const URL_ELICITATION_REQUIRED: i64 = -32042;

/// `HeaderMismatchError`: an HTTP header disagrees with the body (2026-07-28; HTTP 400).
pub const HEADER_MISMATCH: i64 = -32020;
/// `MissingRequiredClientCapabilityError`, `data.requiredCapabilities` (2026-07-28; HTTP 400).
pub const MISSING_REQUIRED_CLIENT_CAPABILITY: i64 = -32021;
/// `UnsupportedProtocolVersionError`, `data.{supported, requested}` (2026-07-28; HTTP 400).
pub const UNSUPPORTED_PROTOCOL_VERSION: i64 = -32022;

/// The user rejected a sampling request (client side; documented in 2025-11-25).
pub const USER_REJECTED: i64 = -1;

/// The codes the JSON-RPC 2.0 specification reserves (`-32768..=-32000`).
pub const RESERVED_RANGE: std::ops::RangeInclusive<i64> = -32768..=-32000;

/// The codes 2026-07-28 reserves for the specification (`-32099..=-32020`); never emit an
/// undefined code from this range.
pub const SPEC_RESERVED_RANGE: std::ops::RangeInclusive<i64> = -32099..=-32020;

/// The name of a code this crate knows, for messages and logs.
pub fn name(code: i64) -> Option<&'static str> {
    Some(match code {
        PARSE_ERROR => "ParseError",
        INVALID_REQUEST => "InvalidRequest",
        METHOD_NOT_FOUND => "MethodNotFound",
        INVALID_PARAMS => "InvalidParams",
        INTERNAL_ERROR => "InternalError",
        RESOURCE_NOT_FOUND => "ResourceNotFound",
        URL_ELICITATION_REQUIRED => "URLElicitationRequired",
        HEADER_MISMATCH => "HeaderMismatch",
        MISSING_REQUIRED_CLIENT_CAPABILITY => "MissingRequiredClientCapability",
        UNSUPPORTED_PROTOCOL_VERSION => "UnsupportedProtocolVersion",
        USER_REJECTED => "UserRejected",
        _ => return None,
    })
}
