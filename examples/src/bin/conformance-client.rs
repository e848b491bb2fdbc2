//! The client the official MCP conformance suite tests
//! (`tether_mcp_examples::conformance_client`): `conformance client --command
//! target/debug/conformance-client …` runs it once per scenario with the mock server's URL as the
//! last argument. Logs go to stderr; the exit status is 0 when the scenario's steps succeeded.
//!
//! `scripts/conformance` builds it and runs the suite's client legs with it.

use std::process::ExitCode;

use tether_mcp_examples::conformance_client::{Settings, run};

#[tokio::main]
async fn main() -> ExitCode {
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("conformance-client: {error}");
            return ExitCode::from(2);
        }
    };
    match run(&settings).await {
        Ok(()) => {
            eprintln!("conformance-client: {} done", settings.scenario);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("conformance-client: {} failed: {error}", settings.scenario);
            ExitCode::FAILURE
        }
    }
}
