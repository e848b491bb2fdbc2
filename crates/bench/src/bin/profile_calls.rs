//! A fixed workload for instruction counts: `n` sequential `tools/call`s of one tool through our
//! client and server over the in-memory duplex, in one era. Run it under callgrind, which counts
//! instructions repeatably on a shared machine where timings do not repeat (an optional fourth
//! argument runs that many calls in flight at once; the default is 1):
//!
//! ```sh
//! cargo build -p tether-mcp-bench --release --bin profile_calls
//! valgrind --tool=callgrind target/release/profile_calls legacy echo 3000
//! valgrind --tool=callgrind target/release/profile_calls modern deploy 1000
//! ```
//!
//! `echo` returns its argument; `deploy` asks one elicitation (a nested request on legacy, two
//! MRTR rounds on 2026-07-28) that the client accepts at once. BENCHMARKS.md records the counts
//! before and after each optimisation.
//!
//! It runs on a 2-worker tokio runtime, as the bench does; `--current-thread` anywhere among the
//! arguments runs it on a current-thread runtime instead, where no task wakes another thread
//! (timed with `time`, the difference is what the hand-offs between workers cost).
#![forbid(unsafe_code)]

use tether_mcp::client::{Client, EraCache};
use tether_mcp::prelude::*;
use tether_mcp::types::{ElicitResult, ElicitValue, ProtocolVersion};

/// The question `deploy` asks.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Confirm {
    yes: bool,
}

/// The profiled server.
struct Profiled;

#[tether_mcp::tools]
impl ServerHandler for Profiled {
    /// Returns its argument.
    #[tool]
    async fn echo(&self, text: String) -> String {
        text
    }

    /// Asks for confirmation once.
    #[tool]
    async fn deploy(&self, cx: InFlight<'_>) -> Result<&'static str, ToolError> {
        match cx.elicitation()?.form::<Confirm>("Deploy?").await? {
            Answer::Accepted(Confirm { yes: true }) => Ok("deployed"),
            _ => Ok("not deployed"),
        }
    }
}

fn main() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().collect();
    let before = args.len();
    args.retain(|arg| arg != "--current-thread");
    let current_thread = args.len() != before;
    let usage = "usage: profile_calls <legacy|modern> <echo|deploy> <calls> [in-flight, default 1] \
                 [--current-thread]";
    let legacy = match args.get(1).map(String::as_str) {
        Some("legacy") => true,
        Some("modern") => false,
        _ => return Err(usage.into()),
    };
    let tool = args.get(2).cloned().ok_or(usage)?;
    let calls: usize = args.get(3).and_then(|n| n.parse().ok()).ok_or(usage)?;
    let in_flight: usize = match args.get(4) {
        None => 1,
        Some(n) => n.parse().ok().filter(|&n| n > 0).ok_or(usage)?,
    };
    let mut runtime = if current_thread {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        builder.worker_threads(2);
        builder
    };
    let runtime = runtime.enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let server = Server::new(Profiled);
        let (server_end, client_end) = tether_mcp::transport::memory::duplex(1 << 16);
        let _connection = server.spawn(server_end);
        let mut builder =
            Client::builder()
                .era_cache(EraCache::new())
                .on_elicitation(|_, _| async {
                    Ok(ElicitResult::accept([(
                        "yes".to_owned(),
                        ElicitValue::Boolean(true),
                    )]))
                });
        if legacy {
            builder = builder.protocol_version(ProtocolVersion::V_2025_11_25);
        }
        let client = builder
            .connect(client_end)
            .await
            .map_err(|e| e.to_string())?;
        let arguments = serde_json::json!({"text": "hello"});
        let mut lanes = tokio::task::JoinSet::new();
        for lane in 0..in_flight {
            let (client, tool, arguments) = (client.clone(), tool.clone(), arguments.clone());
            lanes.spawn(async move {
                for _ in (lane..calls).step_by(in_flight) {
                    let result = client
                        .call_tool(&tool, arguments.clone())
                        .await
                        .map_err(|e| e.to_string())?;
                    if result.is_error == Some(true) {
                        return Err(format!("{tool} failed: {result:?}"));
                    }
                }
                Ok::<(), String>(())
            });
        }
        while let Some(lane) = lanes.join_next().await {
            lane.map_err(|e| e.to_string())??;
        }
        Ok(())
    })
}
