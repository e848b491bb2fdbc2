//! A request the server sent, with its params as they arrived.
//!
//! The reader recognises a plain request line (`jsonrpc`, `id`, `method` and an object
//! `params` or none, nothing else) without building a `serde_json::Value` of its params; the
//! handler's typed params are then decoded once, straight from their text. Anything unusual
//! takes the full parser, and params that do not decode are decoded again the way they always
//! were, so the error names the member exactly as before.

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use tether_mcp_types::{JSONRPCRequest, JsonObject, JsonValue, RequestId};

#[cfg(test)]
use crate::client::plain_line::PlainLine;

/// A server's request: its id, method and params.
#[derive(Debug)]
pub(crate) struct ServerRequest {
    /// The request's id, which its answer carries.
    pub(crate) id: RequestId,
    /// The method.
    pub(crate) method: String,
    params: Params,
}

/// A request's params: read by the full parser, or kept as text.
#[derive(Debug)]
enum Params {
    Object(Option<JsonObject>),
    Text(Box<RawValue>),
}

impl From<JSONRPCRequest> for ServerRequest {
    fn from(request: JSONRPCRequest) -> Self {
        Self {
            id: request.id,
            method: request.method,
            params: Params::Object(request.params),
        }
    }
}

impl ServerRequest {
    /// A request [`plain_line`](crate::client::plain_line) read as text.
    pub(crate) fn from_text(id: RequestId, method: &str, params: Option<&RawValue>) -> Self {
        Self {
            id,
            method: method.to_owned(),
            params: match params {
                Some(text) => Params::Text(text.to_owned()),
                None => Params::Object(None),
            },
        }
    }

    /// A plain request line read without building values, or `None` for anything else (a
    /// response, a notification, a batch, a duplicate or unknown member, params that are not
    /// an object): the full parser decides those.
    #[cfg(test)]
    pub(crate) fn peek(bytes: &[u8]) -> Option<Self> {
        match crate::client::plain_line::peek(bytes)? {
            PlainLine::Request(id, method, params) => Some(Self::from_text(id, &method, params)),
            PlainLine::Result(..) => None,
        }
    }

    /// The params decoded into the method's type (absent params read as `{}`).
    pub(crate) fn decode_params<T: DeserializeOwned>(self) -> serde_json::Result<T> {
        let object = match self.params {
            Params::Object(object) => object.unwrap_or_default(),
            Params::Text(text) => match serde_json::from_str(text.get()) {
                Ok(params) => return Ok(params),
                Err(_) => serde_json::from_str(text.get())?,
            },
        };
        serde_json::from_value(JsonValue::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tether_mcp_types::{ElicitRequestParams, JSONRPCMessage};

    const ELICIT: &str = r#"{"jsonrpc":"2.0","id":4,"method":"elicitation/create","params":{"message":"Deploy?","requestedSchema":{"type":"object","properties":{"yes":{"type":"boolean"}}}}}"#;

    /// A plain request's params decode from their text to what the full parser's would.
    #[test]
    fn plain_requests_are_read_as_text() {
        let peeked = ServerRequest::peek(ELICIT.as_bytes()).unwrap();
        assert!(matches!(peeked.params, Params::Text(_)));
        assert_eq!(
            (&peeked.id, peeked.method.as_str()),
            (&RequestId::Number(4), "elicitation/create")
        );
        let Ok(JSONRPCMessage::Request(full)) = JSONRPCMessage::parse_slice(ELICIT.as_bytes())
        else {
            panic!("the full parser reads a request")
        };
        let from_text: ElicitRequestParams = peeked.decode_params().unwrap();
        let from_value: ElicitRequestParams = ServerRequest::from(full).decode_params().unwrap();
        assert_eq!(from_text, from_value);

        let ping = ServerRequest::peek(br#" {"method":"ping","id":"p","jsonrpc":"2.0"} "#).unwrap();
        assert_eq!(
            (ping.id, ping.method.as_str()),
            (RequestId::String("p".into()), "ping")
        );
    }

    /// Everything else goes to the full parser, which reads these as before.
    #[test]
    fn anything_else_is_left_to_the_full_parser() {
        for case in [
            r#"{"jsonrpc":"2.0","id":1,"result":{}}"#,
            r#"{"jsonrpc":"2.0","method":"notifications/progress","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","extra":true}"#,
            r#"{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","method":"roots/list"}"#,
            r#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":null}"#,
            r#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#,
            r#"{"id":1,"method":"ping"}"#,
            r#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"ping"} x"#,
        ] {
            assert!(ServerRequest::peek(case.as_bytes()).is_none(), "{case}");
        }
    }

    /// Params that do not decode give the error the full parser's path gives.
    #[test]
    fn a_bad_param_is_named_as_before() {
        let line =
            r#"{"jsonrpc":"2.0","id":4,"method":"elicitation/create","params":{"message":7}}"#;
        let Ok(JSONRPCMessage::Request(full)) = JSONRPCMessage::parse_slice(line.as_bytes()) else {
            panic!("the full parser reads a request")
        };
        let from_text = ServerRequest::peek(line.as_bytes())
            .unwrap()
            .decode_params::<ElicitRequestParams>()
            .unwrap_err();
        let from_value = ServerRequest::from(full)
            .decode_params::<ElicitRequestParams>()
            .unwrap_err();
        assert_eq!(from_text.to_string(), from_value.to_string());
    }
}
