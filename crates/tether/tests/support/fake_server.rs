//! A fake server for the scripted peer's own negative controls (`scripted_peer*.rs`): driven
//! over a raw duplex, it writes what a test wants the peer to read, valid or broken. Included
//! with `#[path]` by those test binaries only (it needs `futures-util`, which the examples'
//! tests that share `support/` do not have). Each binary uses a part of it.
#![allow(dead_code)]

use std::future::Future;

use futures_util::FutureExt;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf};

use crate::support::Peer;

/// The fake server's ends: it reads what the peer writes and writes what the peer reads.
pub(crate) struct FakeServer {
    lines: tokio::io::Lines<BufReader<ReadHalf<DuplexStream>>>,
    write: WriteHalf<DuplexStream>,
}

impl FakeServer {
    pub(crate) async fn write(&mut self, message: Value) {
        self.write
            .write_all(format!("{message}\n").as_bytes())
            .await
            .unwrap();
    }

    /// Answers request `id` with `result`.
    pub(crate) async fn answer(&mut self, id: impl Into<Value>, result: Value) {
        self.write(json!({"jsonrpc": "2.0", "id": id.into(), "result": result}))
            .await;
    }

    pub(crate) async fn read(&mut self) -> Value {
        let line = self.lines.next_line().await.unwrap().expect("a line");
        serde_json::from_str(&line).unwrap()
    }
}

pub(crate) fn connected() -> (Peer, FakeServer) {
    let (peer_side, server_side) = tokio::io::duplex(64 * 1024);
    let (read, write) = tokio::io::split(peer_side);
    let peer = Peer::raw(read, write);
    let (server_read, server_write) = tokio::io::split(server_side);
    let server = FakeServer {
        lines: BufReader::new(server_read).lines(),
        write: server_write,
    };
    (peer, server)
}

/// Initializes the peer at `version` against the fake server.
pub(crate) async fn initialized(version: &str) -> (Peer, FakeServer) {
    let (mut peer, mut server) = connected();
    let id = peer.fresh_id();
    peer.request(
        id.clone(),
        "initialize",
        Some(json!({"protocolVersion": version, "capabilities": {},
                    "clientInfo": {"name": "c", "version": "1"}})),
    )
    .await;
    server.read().await;
    server
        .write(json!({"jsonrpc": "2.0", "id": id, "result": {
            "protocolVersion": version, "capabilities": {},
            "serverInfo": {"name": "fake", "version": "1"}}}))
        .await;
    peer.expect_response(id).await;
    (peer, server)
}

/// Runs `check` and returns its panic message; fails if it does not panic.
pub(crate) async fn panic_message(check: impl Future<Output = ()>) -> String {
    match std::panic::AssertUnwindSafe(check).catch_unwind().await {
        Ok(()) => panic!("the peer accepted what it must reject"),
        Err(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default(),
    }
}
