//! Compile-time tests for `tether-mcp`; this library is empty on purpose.
//!
//! What runs here:
//! - `tests/static_facts.rs` states trait facts with `static_assertions` (which types are `Send`,
//!   `Ord`, `Hash`, ... and which deliberately are not). A fact that stops holding fails to
//!   compile.
//! - `tests/ui.rs` drives `trybuild`: one compile-fail program per broken rule under
//!   `tests/ui/<subject>/<broken_rule>.rs`, each with its blessed `.stderr`, and pass programs
//!   for the legal but tricky patterns under `tests/pass/`. It runs on the pinned toolchain only.
//! - `tests/drift.rs` checks, on every toolchain, that each compile-fail program's blessed error
//!   is the one its `//~ ERROR` header names.
//! - The Rust examples in the repository's `README.md` and `MIGRATION.md` run as doc tests of
//!   this crate.
//!
//! Run them with `cargo test -p tether-mcp-ui-tests`; see `README.md` in this directory for
//! blessing `.stderr` files.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// The repository README, so that its Rust examples are compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// MIGRATION.md, so that its Rust examples (not its `diff` blocks) compile as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../MIGRATION.md")]
pub struct MigrationDoctests;
