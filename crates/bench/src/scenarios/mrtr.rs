//! Scenario 3: the same question on the modern wire (2026-07-28): a two-round Multi
//! Round-Trip call. Round 1 answers `input_required` with the question and a sealed
//! `requestState`; the client answers and sends the call again with its answer and the state;
//! round 2 opens the state and completes. Both clients drive the rounds themselves: tether
//! replays the same `deploy` handler with its default random sealing key; rmcp runs a
//! hand-written `deploy_mrtr` tool sealing with its `RequestStateCodec` (see `sdk::rmcp`).

use super::elicit_legacy::METRICS;
use super::measure_sdks;
use crate::measure::Config;
use crate::report::Measured;
use crate::sdk::{self, Era};

/// Runs scenario 3 at every elicitation in-flight level.
pub(crate) async fn run(config: &Config) -> Vec<Measured> {
    let tether = sdk::tether::deploy(Era::Modern).await;
    let rmcp = sdk::rmcp::deploy(Era::Modern).await;
    let mut measured = Vec::new();
    for &in_flight in &config.elicit_levels {
        let (tether, rmcp, _) = measure_sdks(config, &tether, &rmcp, None, in_flight).await;
        measured.push(Measured {
            id: "3",
            title: "elicit once, MRTR 2 rounds (2026-07-28)".to_owned(),
            in_flight,
            metrics: METRICS,
            tether,
            rmcp,
            bare: None,
        });
    }
    measured
}
