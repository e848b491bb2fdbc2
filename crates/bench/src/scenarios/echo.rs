//! Scenario 1 (with 5b measured in the same rounds): `tools/call echo` through each SDK's own
//! client against its own server over an in-memory duplex, at every echo in-flight level, on
//! 2025-11-25 (rmcp's default; the bare newline-JSON echo runs beside it) and on 2026-07-28.

use super::bounds::bare_echo;
use super::measure_sdks;
use crate::measure::{Config, Metric};
use crate::report::Measured;
use crate::sdk::{self, Era};

/// What scenario 1 reports per level.
const METRICS: &[Metric] = &[
    Metric::Throughput,
    Metric::CpuPerCall,
    Metric::P50,
    Metric::P99,
];

/// Runs scenario 1 in both eras (and 5b beside the legacy one).
pub(crate) async fn run(config: &Config) -> Vec<Measured> {
    let mut measured = Vec::new();
    for era in [Era::Legacy, Era::Modern] {
        let tether = sdk::tether::echo(era).await;
        let rmcp = sdk::rmcp::echo(era).await;
        let bare = (era == Era::Legacy).then(bare_echo);
        for &in_flight in &config.echo_levels {
            let (tether, rmcp, bare) =
                measure_sdks(config, &tether, &rmcp, bare.as_ref(), in_flight).await;
            measured.push(Measured {
                id: "1",
                title: format!("echo {}", era.label()),
                in_flight,
                metrics: METRICS,
                tether,
                rmcp,
                bare,
            });
        }
    }
    measured
}
