//! The 2026-07-28 request headers mirrored from the body: `MCP-Protocol-Version`,
//! `Mcp-Method` and `Mcp-Name`. A missing or mismatched one is -32020 (HTTP 400).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::HeaderMap;
use tether_mcp_types::error_codes::HEADER_MISMATCH;
use tether_mcp_types::{ErrorObject, JsonObject, JsonValue, ProtocolVersion};

/// `MCP-Protocol-Version`.
pub(crate) const PROTOCOL_VERSION: &str = "mcp-protocol-version";
/// `Mcp-Method`.
pub(crate) const METHOD: &str = "mcp-method";
/// `Mcp-Name`.
pub(crate) const NAME: &str = "mcp-name";
/// `Mcp-Session-Id` (legacy sessions).
pub(crate) const SESSION_ID: &str = "mcp-session-id";
/// `Last-Event-ID` (2025-11-25 stream resumption).
pub(crate) const LAST_EVENT_ID: &str = "last-event-id";

/// A header's value, trimmed; `Err` if it is not visible ASCII.
pub(crate) fn header<'a>(
    headers: &'a HeaderMap,
    name: &str,
) -> Result<Option<&'a str>, ErrorObject> {
    match headers.get(name) {
        None => Ok(None),
        Some(value) => value
            .to_str()
            .map(|v| Some(v.trim_matches([' ', '\t'])))
            .map_err(|_| mismatch(format!("the {name} header has invalid characters"))),
    }
}

fn mismatch(message: impl Into<String>) -> ErrorObject {
    ErrorObject::new(HEADER_MISMATCH, message)
}

/// A mirrored value as the header carries it: `=?base64?…?=` decoded, anything else as is.
pub(crate) fn decoded(value: &str) -> Result<String, ErrorObject> {
    match value
        .strip_prefix("=?base64?")
        .and_then(|v| v.strip_suffix("?="))
    {
        None => Ok(value.to_owned()),
        Some(encoded) => STANDARD
            .decode(encoded)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or_else(|| mismatch(format!("`{value}` is not valid =?base64?…?= UTF-8"))),
    }
}

/// The version the `MCP-Protocol-Version` header names, if any.
pub(crate) fn version(headers: &HeaderMap) -> Option<ProtocolVersion> {
    header(headers, PROTOCOL_VERSION)
        .ok()
        .flatten()
        .map(ProtocolVersion::new)
}

/// Checks `MCP-Protocol-Version` against the version the body's `_meta` names, before that
/// version is judged: a header that disagrees with the body is -32020 whatever the versions
/// are. (A body without a version is left to the `_meta` check: -32602.)
pub(crate) fn check_version_mirror(
    headers: &HeaderMap,
    body: Option<&str>,
) -> Result<(), ErrorObject> {
    let Some(body) = body else {
        return Ok(());
    };
    match header(headers, PROTOCOL_VERSION)? {
        None => Err(mismatch("the MCP-Protocol-Version header is missing")),
        Some(v) if v != body => Err(mismatch(format!(
            "the MCP-Protocol-Version header says {v}, the body's _meta says {body}"
        ))),
        Some(_) => Ok(()),
    }
}

/// Checks the headers of a 2026-07-28 request against its body: the version its `_meta`
/// names, its method and, for `tools/call`, `prompts/get` and `resources/read`, its name or URI.
pub(crate) fn check_mirrored(
    headers: &HeaderMap,
    version: &ProtocolVersion,
    method: &str,
    params: Option<&JsonObject>,
) -> Result<(), ErrorObject> {
    match header(headers, PROTOCOL_VERSION)? {
        None => return Err(mismatch("the MCP-Protocol-Version header is missing")),
        Some(v) if v != version.as_str() => {
            return Err(mismatch(format!(
                "the MCP-Protocol-Version header says {v}, the body's _meta says {version}"
            )));
        }
        Some(_) => {}
    }
    match header(headers, METHOD)? {
        None => return Err(mismatch("the Mcp-Method header is missing")),
        Some(m) if m != method => {
            return Err(mismatch(format!(
                "the Mcp-Method header says `{m}`, the body's method is `{method}`"
            )));
        }
        Some(_) => {}
    }
    let named = match method {
        "tools/call" | "prompts/get" => Some("name"),
        "resources/read" => Some("uri"),
        _ => None,
    };
    if let Some(member) = named {
        let expected = params
            .and_then(|p| p.get(member))
            .and_then(JsonValue::as_str)
            .unwrap_or_default();
        match header(headers, NAME)? {
            None => return Err(mismatch("the Mcp-Name header is missing")),
            Some(name) => {
                let name = decoded(name)?;
                if name != expected {
                    return Err(mismatch(format!(
                        "the Mcp-Name header says `{name}`, the body's {member} is `{expected}`"
                    )));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;
    use serde_json::json;

    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn mirrored_headers_must_match_the_body() {
        let v = ProtocolVersion::V_2026_07_28;
        let params = json!({"name": "hé llo"}).as_object().cloned();
        let encoded = format!("=?base64?{}?=", STANDARD.encode("hé llo"));
        let ok = headers(&[
            ("MCP-Protocol-Version", "2026-07-28"),
            ("Mcp-Method", "tools/call"),
            ("Mcp-Name", &encoded),
        ]);
        assert_eq!(
            check_mirrored(&ok, &v, "tools/call", params.as_ref()),
            Ok(())
        );
        let wrong_case = headers(&[
            ("mcp-protocol-version", " 2026-07-28 "),
            ("mcp-method", "TOOLS/CALL"),
            ("mcp-name", "x"),
        ]);
        let error = check_mirrored(&wrong_case, &v, "tools/call", params.as_ref()).unwrap_err();
        assert_eq!(error.code, HEADER_MISMATCH);
        assert!(error.message.contains("TOOLS/CALL"));
        let no_name = headers(&[
            ("mcp-protocol-version", "2026-07-28"),
            ("mcp-method", "tools/call"),
        ]);
        assert!(
            check_mirrored(&no_name, &v, "tools/call", params.as_ref())
                .unwrap_err()
                .message
                .contains("Mcp-Name")
        );
        let list = headers(&[
            ("mcp-protocol-version", "2026-07-28"),
            ("mcp-method", "tools/list"),
        ]);
        assert_eq!(check_mirrored(&list, &v, "tools/list", None), Ok(()));
        let other = headers(&[
            ("mcp-protocol-version", "2025-11-25"),
            ("mcp-method", "tools/list"),
        ]);
        assert!(check_mirrored(&other, &v, "tools/list", None).is_err());
    }
}
