//! Property tests: every typed value survives a trip through JSON text, and
//! `JSONRPCMessage::parse` never panics.
//!
//! For a value `v` built by the strategies of `strategies/mod.rs` (valid typed values, with
//! unknown `x-` members in every `extra` map and `_meta` of random reserved and vendor keys):
//! - `decode::from_str(to_string(v)) == v` (and the same through `from_slice` and `from_value`);
//! - `to_value(decode(to_string(v))) == to_value(v)`: re-serializing writes the same JSON.
//!
//! `JSONRPCMessage::parse` is fed arbitrary strings, almost-JSON text and arbitrary JSON values;
//! it must return (never panic), and every error must be -32700 or -32600.

mod strategies;

use std::fmt::Debug;

use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestCaseError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tether_mcp_types::error_codes::{INVALID_REQUEST, PARSE_ERROR};
use tether_mcp_types::*;

use strategies::*;

/// 256 cases per property; no regression files are written into the source tree; the
/// XorShift generator, because ChaCha dominates the run time of an unoptimized build.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::XorShift,
        ..ProptestConfig::with_cases(256)
    }
}

/// `v` → text → `T` is `v`, through each decoding entry point, and re-serializing gives the
/// same JSON.
fn round_trip<T>(v: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let text =
        serde_json::to_string(v).map_err(|e| TestCaseError::fail(format!("serialize: {e}")))?;
    let back: T = decode::from_str(&text)
        .map_err(|e| TestCaseError::fail(format!("decode: {e}\n  text: {text}")))?;
    prop_assert_eq!(
        &back,
        v,
        "decode::from_str changed the value; text: {}",
        text
    );

    let json =
        serde_json::to_value(v).map_err(|e| TestCaseError::fail(format!("to_value: {e}")))?;
    let again =
        serde_json::to_value(&back).map_err(|e| TestCaseError::fail(format!("to_value: {e}")))?;
    prop_assert_eq!(
        &again,
        &json,
        "re-serializing changed the JSON; text: {}",
        text
    );

    let from_slice: T = decode::from_slice(text.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("decode::from_slice: {e}\n  text: {text}")))?;
    prop_assert_eq!(&from_slice, v);
    let from_value: T = decode::from_value(json.clone())
        .map_err(|e| TestCaseError::fail(format!("decode::from_value: {e}\n  text: {text}")))?;
    prop_assert_eq!(&from_value, v);
    Ok(())
}

/// A parse outcome is a message or a -32700/-32600 error that can be answered.
fn check_parse_outcome(
    outcome: Result<JSONRPCMessage, MessageError>,
    input: &str,
) -> Result<(), TestCaseError> {
    match outcome {
        Ok(message) => {
            // What was accepted serializes and reads back as the same message.
            let text =
                serde_json::to_string(&message).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let again = JSONRPCMessage::parse(&text).map_err(|e| {
                TestCaseError::fail(format!("re-parse of {text} (from {input:?}): {e}"))
            })?;
            prop_assert_eq!(again, message);
        }
        Err(e) => {
            prop_assert!(
                e.code == PARSE_ERROR || e.code == INVALID_REQUEST,
                "code {} for {:?}: {}",
                e.code,
                input,
                e
            );
            prop_assert_eq!(
                e.code == PARSE_ERROR,
                e.error.is_syntax(),
                "code and kind disagree for {:?}: {}",
                input,
                e
            );
            if e.code == PARSE_ERROR {
                prop_assert!(
                    e.id.is_none(),
                    "a parse error cannot know the id: {:?}",
                    input
                );
            }
            let response = e.to_response();
            prop_assert_eq!(response.error.code, e.code);
            prop_assert!(serde_json::to_string(&response).is_ok());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn request_id_round_trips(v in request_id()) {
        round_trip(&v)?;
    }

    #[test]
    fn progress_token_round_trips(v in progress_token()) {
        round_trip(&v)?;
    }

    #[test]
    fn protocol_version_round_trips(v in protocol_version()) {
        round_trip(&v)?;
        prop_assert_eq!(v.is_known(), ProtocolVersion::ALL.contains(&v));
    }

    #[test]
    fn result_type_round_trips(v in result_type()) {
        round_trip(&v)?;
    }

    #[test]
    fn meta_round_trips(v in meta()) {
        round_trip(&v)?;
    }

    #[test]
    fn content_block_round_trips(v in content_block()) {
        round_trip(&v)?;
    }

    #[test]
    fn content_block_lists_round_trip(v in proptest::collection::vec(content_block(), 0..5)) {
        round_trip(&v)?;
    }

    #[test]
    fn tool_round_trips(v in tool()) {
        round_trip(&v)?;
    }

    #[test]
    fn call_tool_request_round_trips(v in call_tool_request()) {
        round_trip(&v)?;
    }

    #[test]
    fn call_tool_result_round_trips(v in call_tool_result()) {
        round_trip(&v)?;
        // An explicit `isError: false` and an explicit `structuredContent: null` stay explicit.
        let json = serde_json::to_value(&v).unwrap_or_default();
        prop_assert_eq!(json.get("isError").is_some(), v.is_error.is_some());
        prop_assert_eq!(json.get("structuredContent").is_some(), v.structured_content.is_some());
    }

    #[test]
    fn call_tool_response_round_trips(v in call_tool_response()) {
        round_trip(&v)?;
    }

    #[test]
    fn input_required_result_round_trips(v in input_required_result()) {
        round_trip(&v)?;
        // Input requests are `{method, params}`: no `jsonrpc`, no `id`.
        let json = serde_json::to_value(&v).unwrap_or_default();
        if let Some(requests) = json.get("inputRequests").and_then(|r| r.as_object()) {
            for request in requests.values() {
                prop_assert!(request.get("jsonrpc").is_none() && request.get("id").is_none(), "{}", request);
            }
        }
    }

    #[test]
    fn input_responses_round_trip(v in input_responses()) {
        round_trip(&v)?;
    }

    #[test]
    fn elicit_form_params_round_trip(v in elicit_form_params()) {
        round_trip(&v)?;
    }

    #[test]
    fn elicit_request_params_round_trip(v in elicit_params()) {
        round_trip(&v)?;
    }

    #[test]
    fn primitive_schema_definitions_round_trip(v in primitive_schema()) {
        round_trip(&v)?;
    }

    #[test]
    fn elicit_result_round_trips(v in elicit_result()) {
        round_trip(&v)?;
    }

    #[test]
    fn create_message_params_round_trip(v in create_message_params()) {
        round_trip(&v)?;
    }

    #[test]
    fn create_message_result_round_trips(v in create_message_result()) {
        round_trip(&v)?;
    }

    #[test]
    fn read_resource_result_round_trips(v in read_resource_result()) {
        round_trip(&v)?;
    }

    #[test]
    fn client_request_round_trips(v in client_request()) {
        round_trip(&v)?;
    }

    #[test]
    fn server_notification_round_trips(v in server_notification()) {
        round_trip(&v)?;
    }

    #[test]
    fn jsonrpc_message_round_trips(v in jsonrpc_message()) {
        round_trip(&v)?;
        let text = serde_json::to_string(&v).unwrap_or_default();
        let parsed = JSONRPCMessage::parse(&text);
        prop_assert!(parsed.is_ok(), "parse({}) failed: {:?}", text, parsed.err());
        prop_assert_eq!(parsed.ok(), Some(v.clone()));
        prop_assert_eq!(JSONRPCMessage::parse_slice(text.as_bytes()).ok(), Some(v));
    }

    #[test]
    fn parse_never_panics_on_arbitrary_strings(s in any::<String>()) {
        check_parse_outcome(JSONRPCMessage::parse(&s), &s)?;
        check_parse_outcome(JSONRPCMessage::parse_slice(s.as_bytes()), &s)?;
    }

    #[test]
    fn parse_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let shown = String::from_utf8_lossy(&bytes).into_owned();
        check_parse_outcome(JSONRPCMessage::parse_slice(&bytes), &shown)?;
    }

    #[test]
    fn parse_never_panics_on_almost_json(s in almost_json()) {
        check_parse_outcome(JSONRPCMessage::parse(&s), &s)?;
    }

    #[test]
    fn parse_never_panics_on_arbitrary_json_values(v in json_value()) {
        let text = v.to_string();
        let outcome = JSONRPCMessage::parse(&text);
        prop_assert!(outcome.as_ref().err().is_none_or(|e| e.code == INVALID_REQUEST), "valid JSON is never -32700");
        check_parse_outcome(outcome, &text)?;
        check_parse_outcome(JSONRPCMessage::from_value(v), &text)?;
    }

    #[test]
    fn parse_never_panics_on_message_like_values(v in message_like_value()) {
        let text = v.to_string();
        let outcome = JSONRPCMessage::parse(&text);
        prop_assert!(outcome.as_ref().err().is_none_or(|e| e.code == INVALID_REQUEST), "valid JSON is never -32700");
        check_parse_outcome(outcome, &text)?;
        check_parse_outcome(JSONRPCMessage::from_value(v), &text)?;
    }
}
