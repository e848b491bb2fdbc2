//! `JSONRPCMessage::parse_slice` on arbitrary bytes: it never panics, and a message it accepts
//! survives a round trip (serialized, parsed again, the same message).
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
