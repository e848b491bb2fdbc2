//! Decoding with errors that name the offending field.
//!
//! ```
//! use tether_mcp_types::{decode, CallToolRequest};
//! let err = decode::from_str::<CallToolRequest>(
//!     r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":5}}"#,
//! ).unwrap_err();
//! assert_eq!(err.path(), "params.name");
//! assert!(err.to_string().starts_with("params.name: invalid type"));
//! ```

use std::fmt;

use serde::de::DeserializeOwned;

use crate::JsonValue;

/// What kind of problem a [`DecodeError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// The text is not JSON (or nests deeper than the parser allows, or is not UTF-8).
    Syntax,
    /// The text ended early.
    Eof,
    /// The JSON is well formed but does not fit the type (wrong type, missing field, ...).
    Data,
}

/// A decoding failure: where (`path`, such as `params.arguments` or `result.content[0]`) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    path: String,
    message: String,
    kind: DecodeErrorKind,
}

impl DecodeError {
    /// A data error at `path` with a message.
    pub fn custom(path: impl Into<String>, message: impl fmt::Display) -> Self {
        Self {
            path: path.into(),
            message: message.to_string(),
            kind: DecodeErrorKind::Data,
        }
    }

    /// The same error seen from `outer`, the member that holds the decoded value: a failure
    /// at `params.name` inside `inputRequests.k1` becomes one at `inputRequests.k1.params.name`.
    pub fn within(mut self, outer: &str) -> Self {
        self.path = join_path(outer, &self.path);
        self
    }

    /// The dotted path of the offending member (empty for the top level).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The problem, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The kind of problem.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// Whether the input was not well-formed JSON (a JSON-RPC -32700).
    pub fn is_syntax(&self) -> bool {
        matches!(self.kind, DecodeErrorKind::Syntax | DecodeErrorKind::Eof)
    }

    fn from_path_error(e: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = clean_path(&e.path().to_string());
        let inner = e.into_inner();
        let kind = match inner.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
                DecodeErrorKind::Syntax
            }
            serde_json::error::Category::Eof => DecodeErrorKind::Eof,
            serde_json::error::Category::Data => DecodeErrorKind::Data,
        };
        let (path, message) = split_member(path, inner.to_string());
        Self {
            path,
            message,
            kind,
        }
    }
}

/// The marker a custom `Deserialize` puts before a message about a member below the value it
/// is decoding (see [`member_error`]): "at `params.name`: ...".
const AT: &str = "at `";

/// `serde_path_to_error` writes `.` for the root and `?` for a member whose key could not be
/// read; neither names a member.
fn clean_path(path: &str) -> String {
    let mut path = if path == "." { "" } else { path };
    while let Some(stripped) = path.strip_suffix(".?").or_else(|| path.strip_suffix('?')) {
        path = stripped;
    }
    path.to_owned()
}

/// Joins a path and a sub-path: `params` + `name` is `params.name`, `content` + `[1]` is
/// `content[1]`.
fn join_path(outer: &str, inner: &str) -> String {
    match (outer.is_empty(), inner.is_empty()) {
        (_, true) => outer.to_owned(),
        (true, false) => inner.to_owned(),
        (false, false) if inner.starts_with('[') => format!("{outer}{inner}"),
        (false, false) => format!("{outer}.{inner}"),
    }
}

/// Moves a member named by an `at \`...\`: ` prefix of `message` into `path`.
fn split_member(path: String, message: String) -> (String, String) {
    let Some(rest) = message.strip_prefix(AT) else {
        return (path, message);
    };
    match rest.split_once("`: ") {
        Some((member, message)) => (join_path(&path, member), message.to_owned()),
        None => (path, message),
    }
}

/// An error about `member`, a member below the value being decoded: [`DecodeError::path`] will
/// name it. Outside [`decode`](self) the message still reads well: "at \`method\`: ...".
pub(crate) fn member_error<E: serde::de::Error>(member: &str, message: impl fmt::Display) -> E {
    E::custom(format_args!("{AT}{member}`: {message}"))
}

/// Decodes a value a custom `Deserialize` has buffered, keeping the path of an error inside it.
pub(crate) fn redecode<T: DeserializeOwned, E: serde::de::Error>(value: JsonValue) -> Result<T, E> {
    redecode_at("", value)
}

/// [`redecode`] for the value of `member` (a path below the value being decoded).
pub(crate) fn redecode_at<T: DeserializeOwned, E: serde::de::Error>(
    member: &str,
    value: JsonValue,
) -> Result<T, E> {
    if let Ok(decoded) = T::deserialize(&value) {
        return Ok(decoded);
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = join_path(member, &clean_path(&e.path().to_string()));
        let (path, message) = split_member(path, e.into_inner().to_string());
        if path.is_empty() {
            E::custom(message)
        } else {
            member_error(&path, message)
        }
    })
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes `T` from JSON text (trailing non-whitespace is an error).
///
/// The common case, input that decodes, costs what `serde_json` alone costs: only a failure is
/// decoded a second time, with path tracking, to name the offending member.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, DecodeError> {
    serde_json::from_str(text).or_else(|_| {
        let mut de = serde_json::Deserializer::from_str(text);
        let value =
            serde_path_to_error::deserialize(&mut de).map_err(DecodeError::from_path_error)?;
        finish(de)?;
        Ok(value)
    })
}

/// Decodes `T` from JSON bytes; invalid UTF-8 is a syntax error. Like [`from_str`], only a
/// failure pays for path tracking.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    serde_json::from_slice(bytes).or_else(|_| {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let value =
            serde_path_to_error::deserialize(&mut de).map_err(DecodeError::from_path_error)?;
        finish(de)?;
        Ok(value)
    })
}

/// Decodes `T` from a parsed JSON value. Like [`from_str`], only a failure pays for path
/// tracking.
pub fn from_value<T: DeserializeOwned>(value: JsonValue) -> Result<T, DecodeError> {
    match T::deserialize(&value) {
        Ok(decoded) => Ok(decoded),
        Err(_) => serde_path_to_error::deserialize(value).map_err(DecodeError::from_path_error),
    }
}

fn finish<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
) -> Result<(), DecodeError> {
    de.end().map_err(|e| DecodeError {
        path: String::new(),
        message: e.to_string(),
        kind: DecodeErrorKind::Syntax,
    })
}
