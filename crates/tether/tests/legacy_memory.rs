//! The shared legacy-era scenarios (lifecycle, tools, nested requests, progress, cancellation,
//! bad input) against the test handler over the in-memory duplex. The same list runs against
//! the `stdio-server` example as a child process in `examples/tests/stdio_server.rs`.

mod support;

use support::Target;

support::scenarios::shared_scenario_tests!(Target::Memory);

/// The 2026-07-28 scenarios over the same duplex.
mod modern {
    use super::support;
    use super::support::Target;

    support::modern_scenarios::modern_scenario_tests!(Target::Memory);
}
