//! The shared legacy-era scenarios against the `stdio-server` example as a real child process,
//! over its standard input and output. The same list runs over the in-memory duplex in
//! `crates/tether/tests/legacy_memory.rs`.

#[path = "../../crates/tether/tests/support/mod.rs"]
mod support;

use support::Target;

support::scenarios::shared_scenario_tests!(Target::Stdio(env!("CARGO_BIN_EXE_stdio-server")));

/// The 2026-07-28 scenarios against the same binary.
mod modern {
    use super::support;
    use super::support::Target;

    support::modern_scenarios::modern_scenario_tests!(Target::Stdio(env!(
        "CARGO_BIN_EXE_stdio-server"
    )));
}
