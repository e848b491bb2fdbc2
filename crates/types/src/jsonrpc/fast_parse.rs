//! The fast path of [`JSONRPCMessage::parse_slice`]: classify and decode a message in one pass
//! over its bytes, without first building a `serde_json::Value` of the whole message.
//!
//! It only ever returns what the slow path (parse into a `Value`, classify by its keys, decode
//! the kind) would return for the same bytes: whenever anything is unusual (a duplicate key, a
//! member of the wrong type, a shape the slow path would refuse), it gives up and the caller
//! takes the slow path, which produces the exact error.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::{
    ErrorObject, JSONRPCErrorResponse, JSONRPCMessage, JSONRPCNotification, JSONRPCRequest,
    JSONRPCResultResponse, JsonRpcVersion, ProtocolMeta,
};
use crate::{JsonObject, JsonValue, RequestId};

/// `parse_slice`'s fast path: `None` means "take the slow path".
pub(super) fn parse(bytes: &[u8]) -> Option<JSONRPCMessage> {
    read(bytes, MessageVisitor { split: false }).map(|(message, _)| message)
}

/// `parse_slice_taking_protocol_meta`'s fast path: a request's protocol `_meta` keys are read
/// as text and left out of its params; `None` means "take the slow path".
pub(super) fn parse_taking_protocol_meta(bytes: &[u8]) -> Option<(JSONRPCMessage, ProtocolMeta)> {
    read(bytes, MessageVisitor { split: true })
}

fn read(bytes: &[u8], visitor: MessageVisitor) -> Option<(JSONRPCMessage, ProtocolMeta)> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let message = de.deserialize_map(visitor).ok()?;
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
    /// The protocol keys taken out of `params._meta` (when the visitor splits them off).
    protocol: ProtocolMeta,
}

/// Reads a member once: a second occurrence gives up (the slow path keeps the last one).
fn once<T>(slot: &mut Option<T>, value: T) -> Result<(), GiveUp> {
    if slot.replace(value).is_some() {
        return Err(GiveUp);
    }
    Ok(())
}

struct MessageVisitor {
    /// Whether the protocol keys of `params._meta` are taken out as text.
    split: bool,
}

impl<'de> Visitor<'de> for MessageVisitor {
    type Value = (JSONRPCMessage, ProtocolMeta);

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
                "params" if self.split => {
                    let params = map.next_value_seed(ParamsSeed(&mut m.protocol))?;
                    once(&mut m.params, params)
                }
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
    /// required member of that kind present. Only a request keeps its protocol keys apart; a
    /// notification gets them back in its params.
    fn into_message(self) -> Option<(JSONRPCMessage, ProtocolMeta)> {
        let jsonrpc = self.jsonrpc?;
        let mut params = self.params.flatten();
        if let Some(method) = self.method {
            return Some(match self.id {
                Some(id) => (
                    JSONRPCMessage::Request(JSONRPCRequest {
                        jsonrpc,
                        id: id?,
                        method,
                        params,
                    }),
                    self.protocol,
                ),
                None => {
                    self.protocol.restore_into(&mut params);
                    let notification = JSONRPCNotification {
                        jsonrpc,
                        method,
                        params,
                    };
                    (
                        JSONRPCMessage::Notification(notification),
                        ProtocolMeta::default(),
                    )
                }
            });
        }
        let message = if let Some(error) = self.error {
            JSONRPCMessage::Error(JSONRPCErrorResponse {
                jsonrpc,
                id: self.id.flatten(),
                error,
            })
        } else {
            JSONRPCMessage::Response(JSONRPCResultResponse {
                jsonrpc,
                id: self.id??,
                result: self.result?,
            })
        };
        Some((message, ProtocolMeta::default()))
    }
}

/// A message's `params` (absent as `null`), the protocol keys of its `_meta` taken out as text.
struct ParamsSeed<'a>(&'a mut ProtocolMeta);

impl<'de> DeserializeSeed<'de> for ParamsSeed<'_> {
    type Value = Option<JsonObject>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for ParamsSeed<'_> {
    type Value = Option<JsonObject>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("params")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer
            .deserialize_map(ParamsVisitor(self.0))
            .map(Some)
    }
}

struct ParamsVisitor<'a>(&'a mut ProtocolMeta);

impl<'de> Visitor<'de> for ParamsVisitor<'_> {
    type Value = JsonObject;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a params object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut params = JsonObject::new();
        let mut seen_meta = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "_meta" {
                if std::mem::replace(&mut seen_meta, true) {
                    // Which `_meta` counts, and with which keys: the slow path decides.
                    return Err(de::Error::custom(GiveUp));
                }
                if let Some(meta) = map.next_value_seed(MetaSeed(&mut *self.0))? {
                    params.insert(key.into_owned(), meta);
                }
            } else {
                let value = map.next_value::<JsonValue>()?;
                params.insert(key.into_owned(), value);
            }
        }
        Ok(params)
    }
}

/// `params._meta` without its protocol keys (`None` when it held nothing else); anything but
/// an object or `null` gives up.
struct MetaSeed<'a>(&'a mut ProtocolMeta);

impl<'de> DeserializeSeed<'de> for MetaSeed<'_> {
    type Value = Option<JsonValue>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MetaSeed<'_> {
    type Value = Option<JsonValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a _meta object")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Some(JsonValue::Null))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut meta = JsonObject::new();
        let mut taken = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match self.0.slot(&key) {
                Some(slot) => {
                    let text = map.next_value::<Box<RawValue>>()?;
                    if !super::protocol_meta::reads_as_a_value(text.get()) {
                        return Err(de::Error::custom(GiveUp));
                    }
                    *slot = Some(text);
                    taken = true;
                }
                None => {
                    let value = map.next_value::<JsonValue>()?;
                    meta.insert(key.into_owned(), value);
                }
            }
        }
        Ok((!(taken && meta.is_empty())).then_some(JsonValue::Object(meta)))
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
