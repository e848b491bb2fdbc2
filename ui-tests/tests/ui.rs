//! The trybuild driver: every program under `tests/ui/` must fail to compile with exactly the
//! blessed `.stderr` next to it, and every program under `tests/pass/` must compile and run.
//!
//! The `.stderr` files are blessed on the pinned toolchain (`rust-toolchain.toml`) only; on any
//! other toolchain this test is ignored (visibly), and `tests/drift.rs` still checks that each
//! blessed error is the one the case's `//~ ERROR` header promises.

/// What a maintainer does when the expected output no longer matches.
const HOW_TO_BLESS: &str = "\
UI test output differs from the blessed .stderr files.
  1. On the pinned toolchain (rust-toolchain.toml), run
         TRYBUILD=overwrite cargo test -p tether-mcp-ui-tests --test ui
  2. Review the diff: git diff ui-tests/tests/ui
     The headline error of every case must stay the one its `//~ ERROR` line names (tests/drift.rs
     checks that); a case that now compiles means a rule stopped holding: fix the library, not
     the test.
  3. Update docs/compile-errors.md where a quoted error changed.";

#[rustversion::attr(
    not(stable(1.95)),
    ignore = "ui .stderr files are blessed on the pinned toolchain (rust-toolchain.toml) only"
)]
#[test]
fn ui() {
    let outcome = std::panic::catch_unwind(|| {
        let t = trybuild::TestCases::new();
        t.compile_fail("tests/ui/**/*.rs");
        t.pass("tests/pass/*.rs");
        // The cases run when `t` is dropped, here.
    });
    if let Err(panic) = outcome {
        let what = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("trybuild failed");
        panic!("{what}\n\n{HOW_TO_BLESS}");
    }
}
