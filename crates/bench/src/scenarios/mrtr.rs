//! Scenario 3: the same question on the modern wire (2026-07-28): a two-round Multi
//! Round-Trip call. Round 1 answers `input_required` with the question and a sealed
//! `requestState`; the client answers and sends the call again with its answer and the state;
//! round 2 opens the state and completes. Both clients drive the rounds themselves: tether
//! replays the same `deploy` handler with its default random sealing key; rmcp runs a
//! hand-written `deploy_mrtr` tool sealing with its `RequestStateCodec` (see `sdk::rmcp`).

use super::elicit_legacy::run_in;
use crate::measure::Config;
use crate::report::Measured;
use crate::sdk::Era;

/// Runs scenario 3 at every elicitation in-flight level: the same question as scenario 2, on
/// 2026-07-28 (two MRTR rounds, the state sealed and opened).
pub(crate) async fn run(config: &Config) -> Vec<Measured> {
    run_in(
        config,
        Era::Modern,
        "3",
        "elicit once, MRTR 2 rounds (2026-07-28)",
    )
    .await
}
