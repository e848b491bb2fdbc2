//! An in-memory duplex transport, for tests and benchmarks.

use tokio::io::DuplexStream;

/// Two connected in-memory streams: serve one, drive the other as the client. `buffer` is the
/// bytes either direction holds before a writer waits.
pub fn duplex(buffer: usize) -> (DuplexStream, DuplexStream) {
    tokio::io::duplex(buffer)
}
