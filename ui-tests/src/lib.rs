//! Compile-time tests for `tether-mcp`; this library is empty on purpose.
//!
//! What runs here:
//! - `tests/static_facts.rs` states trait facts with `static_assertions` (which types are `Send`,
//!   `Ord`, `Hash`, ... and which deliberately are not). A fact that stops holding fails to
//!   compile.
//! - A `trybuild` harness with one compile-fail program per broken rule, and pass programs for
//!   the legal but tricky patterns, arrives with the typestate core.
//! - The Rust examples in the repository's `README.md` run as doc tests of this crate.
//!
//! Run them with `cargo test -p tether-mcp-ui-tests`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// The repository README, so that its Rust examples are compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
