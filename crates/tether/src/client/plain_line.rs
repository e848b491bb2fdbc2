//! A line from the server read in one pass without building values, when it is plain: a
//! result response (`jsonrpc`, `id`, an object `result`) or a request (`jsonrpc`, `id`,
//! `method`, an object `params` or none), each member once and nothing else. Anything else
//! (a notification, an error, a batch, a duplicate or unknown member) is left to the full
//! parser.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use tether_mcp_types::{JsonRpcVersion, RequestId};

/// A plain line, borrowing the line's text.
pub(crate) enum PlainLine<'a> {
    /// A result response: its id and its result's text.
    Result(RequestId, &'a RawValue),
    /// A server's request: its id, method and params' text.
    Request(RequestId, Cow<'a, str>, Option<&'a RawValue>),
}

/// The line as a [`PlainLine`], or `None` for the full parser.
pub(crate) fn peek(bytes: &[u8]) -> Option<PlainLine<'_>> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let line = de.deserialize_map(LineVisitor).ok()?;
    de.end().ok()?;
    Some(line)
}

/// Not a plain line: the full parser decides it.
#[derive(Debug)]
struct NotPlain;

impl fmt::Display for NotPlain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a plain line")
    }
}

fn not_plain<E: de::Error>() -> E {
    E::custom(NotPlain)
}

/// The next value as text, when it is an object; anything else is not plain.
fn object_text<'de, A: MapAccess<'de>>(map: &mut A) -> Result<&'de RawValue, A::Error> {
    let raw = map.next_value::<&'de RawValue>()?;
    if raw.get().starts_with('{') {
        Ok(raw)
    } else {
        Err(not_plain())
    }
}

struct LineVisitor;

impl<'de> Visitor<'de> for LineVisitor {
    type Value = PlainLine<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON-RPC result response or request")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut jsonrpc, mut id, mut result, mut method, mut params) =
            (false, None, None, None, None);
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "jsonrpc" if !jsonrpc => {
                    map.next_value::<JsonRpcVersion>()?;
                    jsonrpc = true;
                }
                "id" if id.is_none() => id = Some(map.next_value::<RequestId>()?),
                "result" if result.is_none() && method.is_none() => {
                    result = Some(object_text(&mut map)?)
                }
                "method" if method.is_none() && result.is_none() => {
                    method = Some(map.next_value::<Cow<'de, str>>()?)
                }
                "params" if params.is_none() && result.is_none() => {
                    params = Some(object_text(&mut map)?)
                }
                _ => return Err(not_plain()),
            }
        }
        match (jsonrpc, id, result, method) {
            (true, Some(id), Some(result), None) if params.is_none() => {
                Ok(PlainLine::Result(id, result))
            }
            (true, Some(id), None, Some(method)) => Ok(PlainLine::Request(id, method, params)),
            _ => Err(not_plain()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One pass tells a result response from a request; a line that mixes their members, or
    /// lacks an id (a notification), is left to the full parser.
    #[test]
    fn results_and_requests_are_told_apart_in_one_pass() {
        let result = peek(br#"{"jsonrpc":"2.0","id":1,"result":{"a":1}}"#);
        assert!(
            matches!(result, Some(PlainLine::Result(RequestId::Number(1), text)) if text.get() == r#"{"a":1}"#)
        );
        let request = peek(br#"{"jsonrpc":"2.0","id":"r","method":"roots/list"}"#);
        assert!(
            matches!(request, Some(PlainLine::Request(_, method, None)) if method == "roots/list")
        );
        for mixed in [
            r#"{"jsonrpc":"2.0","id":1,"result":{},"method":"ping"}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","result":{}}"#,
            r#"{"jsonrpc":"2.0","id":1,"result":{},"params":{}}"#,
            r#"{"jsonrpc":"2.0","id":1,"params":{},"result":{}}"#,
            r#"{"jsonrpc":"2.0","method":"notifications/progress","params":{}}"#,
        ] {
            assert!(peek(mixed.as_bytes()).is_none(), "{mixed}");
        }
    }
}
