//! Runnable tether-mcp examples; the binaries are in `src/bin/`. The library holds the handlers
//! that several binaries and test suites share.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod axum_app;
pub mod conformance;
pub mod conformance_client;
pub mod demo;
pub mod listener;
