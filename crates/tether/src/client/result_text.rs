//! A response's result as it arrived: its JSON text, decoded straight into the method's type
//! by the call that waits for it.
//!
//! The reader recognises a plain result response (`jsonrpc`, `id`, `result` and nothing else)
//! without building a `serde_json::Value` of it, and hands the waiting call the result's text;
//! the call decodes that text once into its typed result. Anything unusual takes the full
//! parser, and a result that does not decode is decoded again the way it always was, so its
//! error names the member exactly as before.

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use tether_mcp_types::{JsonObject, JsonValue, MultiRoundResult};

use super::ClientError;
#[cfg(test)]
use super::plain_line::PlainLine;

/// A result object's JSON text.
#[derive(Debug)]
pub(crate) struct ResultText(Box<RawValue>);

impl ResultText {
    /// The text of a result the full parser already read.
    pub(crate) fn from_object(object: &JsonObject) -> Self {
        Self(serde_json::value::to_raw_value(object).unwrap_or_else(|_| RawValue::NULL.to_owned()))
    }

    /// A result read as text by [`plain_line`](super::plain_line).
    pub(crate) fn from_text(text: &RawValue) -> Self {
        Self(text.to_owned())
    }

    /// The result as JSON text.
    pub(crate) fn as_str(&self) -> &str {
        self.0.get()
    }

    /// The result decoded into `method`'s result type.
    pub(crate) fn decode<T: DeserializeOwned>(&self, method: &str) -> Result<T, ClientError> {
        serde_json::from_str(self.as_str()).or_else(|_| {
            tether_mcp_types::decode::from_value(self.to_value()).map_err(|e| {
                ClientError::InvalidResult {
                    method: method.to_owned(),
                    detail: e.to_string(),
                }
            })
        })
    }

    /// The result as a raw object (for [`Client::request_raw`](super::Client::request_raw)).
    pub(crate) fn into_object(self, method: &str) -> Result<JsonObject, ClientError> {
        serde_json::from_str(self.as_str()).map_err(|e| ClientError::InvalidResult {
            method: method.to_owned(),
            detail: e.to_string(),
        })
    }

    /// A 2026-07-28 multi-round result: complete, or the input the server needs.
    pub(crate) fn decode_rounds<T: DeserializeOwned>(
        &self,
        method: &str,
    ) -> Result<MultiRoundResult<T>, ClientError> {
        MultiRoundResult::from_json(self.as_str()).map_err(|e| ClientError::InvalidResult {
            method: method.to_owned(),
            detail: e.to_string(),
        })
    }

    fn to_value(&self) -> JsonValue {
        serde_json::from_str(self.as_str()).unwrap_or(JsonValue::Null)
    }
}

/// A plain result response read without building values: its id and its result's text.
/// `None` for anything else (a request, a notification, an error, a batch, a duplicate or
/// unknown member, a result that is not an object): the full parser decides those.
#[cfg(test)]
pub(crate) fn peek_response(bytes: &[u8]) -> Option<(tether_mcp_types::RequestId, ResultText)> {
    match super::plain_line::peek(bytes)? {
        PlainLine::Result(id, result) => Some((id, ResultText::from_text(result))),
        PlainLine::Request(..) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tether_mcp_types::RequestId;
    use tether_mcp_types::{CallToolResult, JSONRPCMessage};

    #[test]
    fn plain_result_responses_are_read_as_text() {
        let (id, result) =
            peek_response(br#"{"jsonrpc":"2.0","id":3,"result":{"content":[],"x":{"y":[1]}}}"#)
                .unwrap();
        assert_eq!(id, RequestId::Number(3));
        assert_eq!(result.as_str(), r#"{"content":[],"x":{"y":[1]}}"#);
        let (id, _) = peek_response(br#" {"result":{},"id":"a","jsonrpc":"2.0"} "#).unwrap();
        assert_eq!(id, RequestId::String("a".into()));
    }

    /// Everything else goes to the full parser, which reads these as before.
    #[test]
    fn anything_else_is_left_to_the_full_parser() {
        for case in [
            r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#,
            r#"{"jsonrpc":"2.0","method":"notifications/progress","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"no"}}"#,
            r#"{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":-1,"message":"no"}}"#,
            r#"{"jsonrpc":"2.0","id":1,"result":{},"extra":true}"#,
            r#"{"jsonrpc":"2.0","id":1,"id":2,"result":{}}"#,
            r#"{"jsonrpc":"2.0","id":null,"result":{}}"#,
            r#"{"jsonrpc":"2.0","id":1,"result":[1]}"#,
            r#"{"jsonrpc":"2.0","id":1,"result":null}"#,
            r#"{"jsonrpc":"1.0","id":1,"result":{}}"#,
            r#"{"id":1,"result":{}}"#,
            r#"{"jsonrpc":"2.0","result":{}}"#,
            r#"[{"jsonrpc":"2.0","id":1,"result":{}}]"#,
            r#"{"jsonrpc":"2.0","id":1,"result":{}} trailing"#,
            r#"{"jsonrpc":"2.0","id":1,"result":{"#,
        ] {
            assert!(peek_response(case.as_bytes()).is_none(), "{case}");
        }
    }

    /// What the text decodes into is what the parsed object decoded into, errors included.
    #[test]
    fn decoding_the_text_agrees_with_decoding_the_object() {
        let good = r#"{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hi"}]}}"#;
        let (_, text) = peek_response(good.as_bytes()).unwrap();
        let JSONRPCMessage::Response(response) =
            JSONRPCMessage::parse_slice(good.as_bytes()).ok().unwrap()
        else {
            panic!("a response")
        };
        let via_object: CallToolResult =
            tether_mcp_types::decode::from_value(JsonValue::Object(response.result.clone()))
                .unwrap();
        assert_eq!(
            text.decode::<CallToolResult>("tools/call").unwrap(),
            via_object
        );
        assert_eq!(
            ResultText::from_object(&response.result).as_str(),
            text.as_str()
        );

        let bad = r#"{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":5}]}}"#;
        let (_, text) = peek_response(bad.as_bytes()).unwrap();
        let JSONRPCMessage::Response(response) =
            JSONRPCMessage::parse_slice(bad.as_bytes()).ok().unwrap()
        else {
            panic!("a response")
        };
        let expected = tether_mcp_types::decode::from_value::<CallToolResult>(JsonValue::Object(
            response.result,
        ))
        .unwrap_err()
        .to_string();
        match text.decode::<CallToolResult>("tools/call") {
            Err(ClientError::InvalidResult { detail, .. }) => assert_eq!(detail, expected),
            other => panic!("{other:?}"),
        }
    }
}
