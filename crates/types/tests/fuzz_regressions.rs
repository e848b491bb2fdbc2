//! Inputs the fuzzer found (fuzz/fuzz_targets/), kept as regression tests: each runs the same
//! steps as its target.

use tether_mcp_types::JSONRPCMessage;

/// parse_message, 2026-12-03 (CI's 60 s run): an integer literal past u64 (`ttlMs`, 84 digits)
/// is read as a float, and in the optimized fuzz build the value read back after serializing
/// differed in the last bit (1.111111111111111e83 vs 1.1111111111111109e83): the message did not
/// survive a round trip. The workspace now enables serde_json's `float_roundtrip`, which reads
/// numbers exactly.
#[test]
fn a_huge_number_survives_a_round_trip() {
    let input: &[u8] = br##"{"jsonrpc":"2.0","id":"list-resources-example","result":{"resultType":"complete","resources":[{"uri":"file:///in.rs","name":"main.rs","title":"Rust Software Application Main File","description":"Primary application entry point","mimeType":"text/x-rust","icons":[{"src":"https://example.com/rust-iiiiiiiiiiiiiiiiiiiiiiiiiiiifile-icon.png","mimeType":"image/png","sizes":["48x48"]}]}],"nextCursor":"eyJwYWdlIjogM30=","ttlMs":111111111111111111111111111111111111111111111111111111111111111111111111111111600000,"cacheScope":"private"}}"##;
    let message = JSONRPCMessage::parse_slice(input).expect("a result response");
    let bytes = serde_json::to_vec(&message).expect("serializes");
    let again = JSONRPCMessage::parse_slice(&bytes).expect("parses again");
    assert_eq!(message, again, "the round trip changed the message");
}
