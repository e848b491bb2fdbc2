//! What the client's readers of plain lines share: a result response
//! ([`peek_response`](super::result_text::peek_response)) and a server's request
//! (`ServerRequest::peek`) are each read without building values when they hold their
//! envelope (`jsonrpc`, `id`) and their own members once each, and nothing else.

use std::fmt;

use serde::de::{self, MapAccess};
use serde_json::value::RawValue;
use tether_mcp_types::{JsonRpcVersion, RequestId};

/// Not a plain line: the full parser decides it.
#[derive(Debug)]
struct NotPlain;

impl fmt::Display for NotPlain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a plain line")
    }
}

/// The error that sends a line to the full parser.
pub(crate) fn not_plain<E: de::Error>() -> E {
    E::custom(NotPlain)
}

/// The envelope members of a plain line, each read at most once.
#[derive(Default)]
pub(crate) struct Envelope {
    jsonrpc: bool,
    id: Option<RequestId>,
}

impl Envelope {
    /// Reads the value of `key` if it is an envelope member seen for the first time; `false`
    /// for any other key (a repeated one included), which the caller then reads or refuses.
    pub(crate) fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        match key {
            "jsonrpc" if !self.jsonrpc => {
                map.next_value::<JsonRpcVersion>()?;
                self.jsonrpc = true;
            }
            "id" if self.id.is_none() => self.id = Some(map.next_value::<RequestId>()?),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The id, once both members were read.
    pub(crate) fn finish<E: de::Error>(self) -> Result<RequestId, E> {
        match (self.jsonrpc, self.id) {
            (true, Some(id)) => Ok(id),
            _ => Err(not_plain()),
        }
    }
}

/// The next value as text, when it is an object; anything else is not plain.
pub(crate) fn object_text<'de, A: MapAccess<'de>>(map: &mut A) -> Result<&'de RawValue, A::Error> {
    let raw = map.next_value::<&'de RawValue>()?;
    if raw.get().starts_with('{') {
        Ok(raw)
    } else {
        Err(not_plain())
    }
}
