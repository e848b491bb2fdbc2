//! The dispatcher on the in-memory duplex (stdio framing): each input is written to a fresh
//! connection of one server, then the input side is closed and everything the server writes is
//! read. The server must not panic (libFuzzer aborts on any panic, in any task), and every line
//! it writes must be a JSON-RPC message.
//!
//! A first byte below 0x08 is not part of the input but selects a handshake written before it:
//! 0 none (2026-07-28 requests carry their own `_meta`), 1 `initialize` at 2025-11-25, 2 at
//! 2025-03-26 (batches), 3 at 2024-11-05, 4..7 the same with `notifications/initialized`
//! left out (requests before it). Any other first byte: no handshake.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use tether_mcp_fuzz::{check_output_line, runtime, server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How long (virtual: the clock is paused and jumps when every task waits) the server has to
/// answer once the input ends.
const WAIT: Duration = Duration::from_secs(5);

fn handshake(selector: u8) -> Vec<u8> {
    let revision = match selector & 3 {
        1 => "2025-11-25",
        2 => "2025-03-26",
        3 => "2024-11-05",
        _ => return Vec::new(),
    };
    let mut bytes = format!(
        r#"{{"jsonrpc":"2.0","id":"fuzz-init","method":"initialize","params":{{"protocolVersion":"{revision}","capabilities":{{"elicitation":{{}},"roots":{{}},"sampling":{{}}}},"clientInfo":{{"name":"fuzz","version":"1"}}}}}}"#
    )
    .into_bytes();
    bytes.push(b'\n');
    if selector < 4 {
        bytes
            .extend_from_slice(b"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
    }
    bytes
}

fuzz_target!(|data: &[u8]| {
    let (prefix, input) = match data.split_first() {
        Some((&selector, rest)) if selector < 8 => (handshake(selector), rest),
        _ => (Vec::new(), data),
    };
    runtime().block_on(async {
        let (client, served) = tether_mcp::transport::memory::duplex(64 * 1024);
        let connection = server().spawn(served);
        let (mut read, mut write) = tokio::io::split(client);
        let writing = tokio::spawn({
            let mut all = prefix;
            all.extend_from_slice(input);
            async move {
                // The server may stop reading (and drop its side) before the end: not an error.
                let _ = write.write_all(&all).await;
                let _ = write.shutdown().await;
                write
            }
        });
        let mut output = Vec::new();
        let ended = tokio::time::timeout(WAIT, read.read_to_end(&mut output)).await;
        if ended.is_err() {
            // Cut short: only whole lines count.
            let whole = output
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            output.truncate(whole);
        }
        // Drop both halves: the server sees the end of its input and a closed output.
        let write = writing.await.expect("the writer task");
        drop(read.unsplit(write));
        let _ = tokio::time::timeout(WAIT, connection.wait()).await;
        for line in output.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if !line.iter().all(u8::is_ascii_whitespace) {
                check_output_line(line);
            }
        }
    });
});
