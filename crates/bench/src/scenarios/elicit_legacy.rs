//! Scenario 2: a tool that asks one question on the legacy wire (2025-11-25): the server sends
//! a nested `elicitation/create` while the `tools/call` is in flight, the client answers
//! `accept` at once, the tool answers. tether: `cx.elicitation()?.form::<Confirm>()`; rmcp:
//! `Peer::elicit::<Confirm>()`.

use super::measure_sdks;
use crate::measure::{Config, Metric};
use crate::report::Measured;
use crate::sdk::{self, Era};

/// What scenarios 2 and 3 report per level.
pub(crate) const METRICS: &[Metric] = &[
    Metric::Throughput,
    Metric::CpuPerCall,
    Metric::P50,
    Metric::P99,
];

/// Runs scenario 2 at every elicitation in-flight level.
pub(crate) async fn run(config: &Config) -> Vec<Measured> {
    run_in(config, Era::Legacy, "2", "elicit once, nested (2025-11-25)").await
}

/// The elicitation scenario in `era` (scenario 2 on legacy, 3 on 2026-07-28): each SDK's
/// `deploy` tool at every elicitation in-flight level.
pub(crate) async fn run_in(
    config: &Config,
    era: Era,
    id: &'static str,
    title: &str,
) -> Vec<Measured> {
    let tether = sdk::tether::deploy(era).await;
    let rmcp = sdk::rmcp::deploy(era).await;
    let mut measured = Vec::new();
    for &in_flight in &config.elicit_levels {
        let (tether, rmcp, _) = measure_sdks(config, &tether, &rmcp, None, in_flight).await;
        measured.push(Measured {
            id,
            title: title.to_owned(),
            in_flight,
            metrics: METRICS,
            tether,
            rmcp,
            bare: None,
        });
    }
    measured
}
