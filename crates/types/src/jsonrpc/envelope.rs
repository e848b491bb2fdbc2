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
struct Envelope<'a, P> {
    #[serde(default)]
    jsonrpc: Option<JsonRpcVersion>,
    #[serde(default, deserialize_with = "present_id")]
    id: Option<RequestId>,
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(default = "Option::default")]
    params: Option<P>,
}

/// A present `id` must be a valid id: `null` is an error, not an absent id.
fn present_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<RequestId>, D::Error> {
    RequestId::deserialize(d).map(Some)
}

fn check_method<E: serde::de::Error>(found: &str, expected: &str) -> Result<(), E> {
    if found == expected {
        Ok(())
    } else {
        Err(E::custom(format_args!(
            "method: expected `{expected}`, found `{found}`"
        )))
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
    let env = Envelope::<P>::deserialize(deserializer)?;
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
    let env = Envelope::<P>::deserialize(deserializer)?;
    check_method(&env.method, method)?;
    if env.jsonrpc.is_none() {
        return Err(D::Error::missing_field("jsonrpc"));
    }
    if env.id.is_some() {
        return Err(D::Error::custom("a notification must not carry an id"));
    }
    Ok(env.params)
}
