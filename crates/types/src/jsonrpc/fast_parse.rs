//! The fast path of [`JSONRPCMessage::parse_slice`]: classify and decode a message in one pass
//! over its bytes, without first building a `serde_json::Value` of the whole message.
//!
//! It only ever returns what the slow path (parse into a `Value`, classify by its keys, decode
//! the kind) would return for the same bytes: whenever anything is unusual (a duplicate key, a
//! member of the wrong type, a shape the slow path would refuse), it gives up and the caller
//! takes the slow path, which produces the exact error.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::{
    ErrorObject, JSONRPCErrorResponse, JSONRPCMessage, JSONRPCNotification, JSONRPCRequest,
    JSONRPCResultResponse, JsonRpcVersion,
};
use crate::{JsonObject, RequestId};

/// `parse_slice`'s fast path: `None` means "take the slow path".
pub(super) fn parse(bytes: &[u8]) -> Option<JSONRPCMessage> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let message = de.deserialize_map(MessageVisitor).ok()?;
    de.end().ok()?;
    Some(message)
}

/// Gives up (the slow path decides).
#[derive(Debug)]
struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not on the fast path")
    }
}

/// The members of a message, each read at most once.
#[derive(Default)]
struct Members {
    jsonrpc: Option<JsonRpcVersion>,
    /// `Some(None)`: the key is there with `null`.
    id: Option<Option<RequestId>>,
    method: Option<String>,
    params: Option<Option<JsonObject>>,
    result: Option<JsonObject>,
    error: Option<ErrorObject>,
}

/// Reads a member once: a second occurrence gives up (the slow path keeps the last one).
fn once<T>(slot: &mut Option<T>, value: T) -> Result<(), GiveUp> {
    if slot.replace(value).is_some() {
        return Err(GiveUp);
    }
    Ok(())
}

struct MessageVisitor;

impl<'de> Visitor<'de> for MessageVisitor {
    type Value = JSONRPCMessage;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON-RPC message")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let give_up = |_| de::Error::custom(GiveUp);
        let mut m = Members::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let read = match key.as_ref() {
                "jsonrpc" => once(&mut m.jsonrpc, map.next_value()?),
                "id" => once(&mut m.id, map.next_value()?),
                "method" => once(&mut m.method, map.next_value()?),
                "params" => once(&mut m.params, map.next_value()?),
                "result" => once(&mut m.result, map.next_value()?),
                "error" => once(&mut m.error, map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    Ok(())
                }
            };
            read.map_err(give_up)?;
        }
        m.into_message().ok_or_else(|| de::Error::custom(GiveUp))
    }
}

impl Members {
    /// The message the slow path would decode: the kind by the keys present (`method` and `id`:
    /// a request; `method`: a notification; `error`: an error; `result`: a result), every
    /// required member of that kind present.
    fn into_message(self) -> Option<JSONRPCMessage> {
        let jsonrpc = self.jsonrpc?;
        let params = self.params.flatten();
        if let Some(method) = self.method {
            return Some(match self.id {
                Some(id) => JSONRPCMessage::Request(JSONRPCRequest {
                    jsonrpc,
                    id: id?,
                    method,
                    params,
                }),
                None => JSONRPCMessage::Notification(JSONRPCNotification {
                    jsonrpc,
                    method,
                    params,
                }),
            });
        }
        if let Some(error) = self.error {
            return Some(JSONRPCMessage::Error(JSONRPCErrorResponse {
                jsonrpc,
                id: self.id.flatten(),
                error,
            }));
        }
        Some(JSONRPCMessage::Response(JSONRPCResultResponse {
            jsonrpc,
            id: self.id??,
            result: self.result?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::JSONRPCMessage;

    /// Every input the fast path accepts decodes exactly as the slow path decodes it.
    #[test]
    fn the_fast_path_agrees_with_the_slow_path() {
        let cases: &[&str] = &[
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}"#,
            r#"{"jsonrpc":"2.0","id":"a","method":"ping"}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":null}"#,
            r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            r#"{"jsonrpc":"2.0","id":7,"result":{"content":[]}}"#,
            r#"{"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"no"}}"#,
            r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}}"#,
            r#"{"jsonrpc":"2.0","error":{"code":-32700,"message":"bad"}}"#,
            r#"{"jsonrpc":"2.0","id":7,"result":{},"extra":[1,2,{"x":null}]}"#,
            r#"{"method":"ping","id":3,"jsonrpc":"2.0","result":5}"#,
        ];
        for case in cases {
            let fast = parse(case.as_bytes());
            let slow = JSONRPCMessage::from_value(serde_json::from_str(case).unwrap()).ok();
            if let Some(fast) = fast {
                assert_eq!(Some(fast), slow, "{case}");
            }
        }
    }

    /// What the fast path refuses, the slow path decides (with its exact error).
    #[test]
    fn the_fast_path_gives_up_on_anything_unusual() {
        for case in [
            r#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#,
            r#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#,
            r#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#,
            r#"{"id":1,"method":"ping"}"#,
            r#"{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}"#,
            r#"{"jsonrpc":"2.0","id":1,"result":[1]}"#,
            r#"{"jsonrpc":"2.0","id":1}"#,
            r#"["2.0",1,"ping"]"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"ping"} trailing"#,
        ] {
            assert!(parse(case.as_bytes()).is_none(), "{case}");
        }
    }
}
