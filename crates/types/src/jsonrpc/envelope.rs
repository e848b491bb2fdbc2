//! Serialization helpers shared by the typed request and notification macros.

use std::borrow::Cow;

use serde::Serialize;
use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{SerializeMap, Serializer};

use super::JsonRpcVersion;
use crate::RequestId;

pub(crate) fn serialize_request<S: Serializer, P: Serialize>(
    serializer: S,
    jsonrpc: bool,
    id: Option<&RequestId>,
    method: &str,
    params: Option<&P>,
) -> Result<S::Ok, S::Error> {
    let len = 1 + usize::from(jsonrpc) + usize::from(id.is_some()) + usize::from(params.is_some());
    let mut map = serializer.serialize_map(Some(len))?;
    if jsonrpc {
        map.serialize_entry("jsonrpc", &JsonRpcVersion)?;
    }
    if let Some(id) = id {
        map.serialize_entry("id", id)?;
    }
    map.serialize_entry("method", method)?;
    if let Some(params) = params {
        map.serialize_entry("params", params)?;
    }
    map.end()
}

#[derive(serde::Deserialize)]
#[serde(bound = "P: Deserialize<'de>")]
#[serde(rename = "JSON-RPC message")]
struct Envelope<'a, P> {
    #[serde(default)]
    jsonrpc: Option<JsonRpcVersion>,
    #[serde(default, deserialize_with = "present_id")]
    id: Option<RequestId>,
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(default = "Option::default", deserialize_with = "present_params")]
    params: Option<P>,
}

/// A present `id` must be a valid id: `null` is an error, not an absent id.
fn present_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<RequestId>, D::Error> {
    RequestId::deserialize(d).map(Some)
}

/// A present `params` must be params: `null` is an error at `params`, not an absent member.
fn present_params<'de, D: Deserializer<'de>, P: Deserialize<'de>>(
    d: D,
) -> Result<Option<P>, D::Error> {
    P::deserialize(d).map(Some)
}

fn check_method<E: serde::de::Error>(found: &str, expected: &str) -> Result<(), E> {
    if found == expected {
        Ok(())
    } else {
        Err(crate::decode::member_error(
            "method",
            format_args!("expected `{expected}`, found `{found}`"),
        ))
    }
}

/// What a request envelope holds besides its method: `jsonrpc`, `id` and `params`, each as present.
pub(crate) type RequestParts<P> = (Option<JsonRpcVersion>, Option<RequestId>, Option<P>);

/// Reads a request envelope: `(jsonrpc, id, params)`. With `id_required`, both `jsonrpc` and
/// `id` must be present; otherwise (MRTR input requests) a present `jsonrpc` still needs an `id`.
pub(crate) fn deserialize_request<'de, D: Deserializer<'de>, P: Deserialize<'de>>(
    deserializer: D,
    method: &str,
    id_required: bool,
) -> Result<RequestParts<P>, D::Error> {
    let env = Envelope::<P>::deserialize(MapOnly(deserializer))?;
    check_method(&env.method, method)?;
    if id_required && env.jsonrpc.is_none() {
        return Err(D::Error::missing_field("jsonrpc"));
    }
    if (id_required || env.jsonrpc.is_some()) && env.id.is_none() {
        return Err(D::Error::missing_field("id"));
    }
    Ok((env.jsonrpc, env.id, env.params))
}

pub(crate) fn deserialize_notification<'de, D: Deserializer<'de>, P: Deserialize<'de>>(
    deserializer: D,
    method: &str,
) -> Result<Option<P>, D::Error> {
    let env = Envelope::<P>::deserialize(MapOnly(deserializer))?;
    check_method(&env.method, method)?;
    if env.jsonrpc.is_none() {
        return Err(D::Error::missing_field("jsonrpc"));
    }
    if env.id.is_some() {
        return Err(crate::decode::member_error(
            "id",
            "a notification must not carry an id",
        ));
    }
    Ok(env.params)
}

/// A deserializer that reads structs from JSON objects only: serde's derived `Deserialize`
/// also accepts a positional array (`["2.0", 1, "tools/call", {...}]`), which is not JSON-RPC.
pub(crate) struct MapOnly<D>(pub(crate) D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for MapOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}
