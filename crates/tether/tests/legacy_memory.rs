//! The shared legacy-era scenarios (lifecycle, tools, nested requests, progress, cancellation,
//! bad input) against the test handler over the in-memory duplex. The same list runs against
//! the `stdio-server` example as a child process in `examples/tests/stdio_server.rs`.

mod support;

use support::Target;

support::scenarios::shared_scenario_tests!(Target::Memory);
