//! `JSONRPCMessage::parse_slice` on arbitrary bytes: it never panics, a message it accepts
//! survives a round trip (serialized, parsed again, the same message), and
//! `parse_slice_taking_protocol_meta` (the server's reading) agrees with it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tether_mcp_types::JSONRPCMessage;

fuzz_target!(|data: &[u8]| {
    // The `&str` entry point must agree with the byte one on UTF-8 input.
    let parsed = JSONRPCMessage::parse_slice(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let from_str = JSONRPCMessage::parse(text);
        assert_eq!(
            parsed.as_ref().ok(),
            from_str.as_ref().ok(),
            "parse and parse_slice disagree"
        );
    }
    // Taking a request's protocol `_meta` keys out as text agrees with it: the same errors,
    // and the same message once the keys are put back.
    match (&parsed, JSONRPCMessage::parse_slice_taking_protocol_meta(data)) {
        (Ok(message), Ok((mut taken, protocol))) => {
            match &mut taken {
                JSONRPCMessage::Request(request) => protocol.restore_into(&mut request.params),
                _ => assert!(protocol.is_empty(), "protocol keys taken from no request"),
            }
            assert_eq!(message, &taken, "taking the protocol keys changed the message");
        }
        (Err(error), Err(taken)) => assert_eq!(error.to_response(), taken.to_response()),
        (a, b) => panic!("parse_slice and parse_slice_taking_protocol_meta disagree: {a:?} / {b:?}"),
    }
    let Ok(message) = parsed else {
        return;
    };
    let bytes = serde_json::to_vec(&message).expect("an accepted message serializes");
    let again = JSONRPCMessage::parse_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "the re-serialized message does not parse: {e}\n{}",
            String::from_utf8_lossy(&bytes)
        )
    });
    assert_eq!(message, again, "the round trip changed the message");
});
