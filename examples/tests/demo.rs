//! The README's demo (`demo`) run as a process against the README's quickstart server
//! (`quickstart`, located through `TETHER_QUICKSTART`): with `--yes`, and with answers piped
//! on stdin. Its stdout is checked era by era: the legacy run's nested `elicitation/create`,
//! the modern run's two `tools/call` rounds, and the results.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DEMO: &str = env!("CARGO_BIN_EXE_demo");
const QUICKSTART: &str = env!("CARGO_BIN_EXE_quickstart");

/// The longest one run of the demo may take.
const WAIT: Duration = Duration::from_secs(60);

/// The demo's stdout, split at its `== ` headings.
struct Run {
    legacy: String,
    modern: String,
    summary: String,
}

/// Runs the demo with `args`, `input` on its stdin; it must exit 0 within [`WAIT`].
fn demo(args: &[&str], input: &str) -> Run {
    let mut child = Command::new(DEMO)
        .args(args)
        .env("TETHER_QUICKSTART", QUICKSTART)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the demo starts");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input.as_bytes()).expect("input written");
    drop(stdin);
    let reader = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            pipe.read_to_string(&mut text).expect("UTF-8 output");
            text
        })
    };
    let stdout = reader(Box::new(child.stdout.take().expect("stdout")));
    let stderr = reader(Box::new(child.stderr.take().expect("stderr")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting on the demo") {
            break status;
        }
        if started.elapsed() > WAIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the demo {args:?} did not finish within {WAIT:?}; stdout so far:\n{}",
                stdout.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = stdout.join().expect("stdout read");
    let stderr = stderr.join().expect("stderr read");
    assert!(
        status.success(),
        "the demo {args:?} failed ({status}):\n{stdout}\nstderr:\n{stderr}"
    );
    let section = |heading: &str| -> String {
        let start = stdout
            .find(heading)
            .unwrap_or_else(|| panic!("no `{heading}` heading in:\n{stdout}"));
        let rest = &stdout[start + heading.len()..];
        rest[..rest.find("\n== ").unwrap_or(rest.len())].to_owned()
    };
    Run {
        legacy: section("== legacy era: pinned to 2025-11-25"),
        modern: section("== modern era: 2026-07-28"),
        summary: section("== side by side"),
    }
}

/// Whether `text` has a line containing every one of `parts`.
fn has_line(text: &str, parts: &[&str]) -> bool {
    text.lines()
        .any(|line| parts.iter().all(|p| line.contains(p)))
}

#[track_caller]
fn assert_line(text: &str, parts: &[&str]) {
    assert!(
        has_line(text, parts),
        "no line with all of {parts:?} in:\n{text}"
    );
}

/// The legacy run: `initialize`, then the question as a nested request during the call.
#[track_caller]
fn assert_legacy_wire(run: &Run, answered: &str, result: &str) {
    let legacy = &run.legacy;
    assert_line(
        legacy,
        &["client → server  initialize request", "2025-11-25"],
    );
    assert_line(legacy, &["client → server  tools/call request", "`deploy`"]);
    assert_line(
        legacy,
        &[
            "server → client  elicitation/create request",
            "\"Deploy?\"",
            "nested: tools/call id",
            "still in flight",
        ],
    );
    assert_line(
        legacy,
        &["handler:", "Origin::Call { tools/call `deploy`, id"],
    );
    assert_line(
        legacy,
        &["client → server  response to elicitation/create", answered],
    );
    assert_line(
        legacy,
        &[
            "server → client  response to tools/call",
            &format!("the result: \"{result}\""),
        ],
    );
    assert_line(legacy, &[&format!("  result: {result}")]);
    assert!(!legacy.contains("input_required"), "{legacy}");
    assert!(!legacy.contains("round"), "{legacy}");
}

/// The modern run: no handshake, round 1 answered `input_required`, round 2 complete.
#[track_caller]
fn assert_modern_wire(run: &Run, answered: &str, result: &str) {
    let modern = &run.modern;
    assert!(!modern.contains("initialize"), "{modern}");
    assert!(
        !modern.contains("elicitation/create request"),
        "no server-to-client request on 2026-07-28:\n{modern}"
    );
    assert_line(
        modern,
        &["client → server  tools/call request", "`deploy`: round 1"],
    );
    assert_line(
        modern,
        &[
            "server → client  response to tools/call",
            "input_required, asking elicitation/create \"Deploy?\"",
            "sealed requestState",
        ],
    );
    assert_line(
        modern,
        &["handler:", "Origin::Call { tools/call `deploy`, id"],
    );
    assert_line(
        modern,
        &[
            "client → server  tools/call request",
            "`deploy`: round 2, sent again with the answer",
            answered,
            "requestState",
        ],
    );
    assert_line(
        modern,
        &[
            "server → client  response to tools/call",
            &format!("the result (complete): \"{result}\""),
        ],
    );
    assert_line(modern, &[&format!("  result: {result}")]);
}

/// The summary table: one call and one nested request (legacy), two rounds (modern).
#[track_caller]
fn assert_summary(run: &Run, legacy: &str, modern: &str) {
    let row = |line: &str| -> Vec<String> { line.split_whitespace().map(str::to_owned).collect() };
    let find = |revision: &str| {
        run.summary
            .lines()
            .find(|l| l.trim_start().starts_with(revision))
            .map(row)
            .unwrap_or_else(|| panic!("no {revision} row in:\n{}", run.summary))
    };
    // revision, tools/call, input_required, retries with answers, nested elicitations, result
    let expected = |revision: &str, numbers: [&str; 4], result: &str| {
        let mut cells = vec![revision.to_owned()];
        cells.extend(numbers.iter().map(|n| (*n).to_owned()));
        cells.extend(result.split(' ').map(str::to_owned));
        assert_eq!(find(revision), cells, "{}", run.summary);
    };
    expected("2025-11-25", ["1", "0", "0", "1"], legacy);
    expected("2026-07-28", ["2", "1", "1", "0"], modern);
}

#[test]
fn with_yes_both_eras_deploy() {
    let run = demo(&["--yes"], "");
    for era in [&run.legacy, &run.modern] {
        assert_line(era, &["user: Deploy? [y/N] y (--yes)"]);
    }
    assert_legacy_wire(&run, "accept {\"yes\":true}", "deployed");
    assert_modern_wire(&run, "accept {\"yes\":true}", "deployed");
    assert_summary(&run, "deployed", "deployed");
}

#[test]
fn piped_no_twice_is_not_deployed_twice() {
    let run = demo(&[], "n\nn\n");
    for era in [&run.legacy, &run.modern] {
        assert_line(era, &["user: Deploy? [y/N] n (from stdin)"]);
    }
    assert_legacy_wire(&run, "accept {\"yes\":false}", "not deployed");
    assert_modern_wire(&run, "accept {\"yes\":false}", "not deployed");
    assert_summary(&run, "not deployed", "not deployed");
}

/// The answers are read one line per era, in order.
#[test]
fn piped_answers_are_read_one_per_era() {
    let run = demo(&[], "y\nno\n");
    assert_legacy_wire(&run, "accept {\"yes\":true}", "deployed");
    assert_modern_wire(&run, "accept {\"yes\":false}", "not deployed");
    assert_summary(&run, "deployed", "not deployed");
}

/// End of input is no.
#[test]
fn end_of_input_is_no() {
    let run = demo(&[], "");
    for era in [&run.legacy, &run.modern] {
        assert_line(era, &["user: Deploy? [y/N] (end of input: no)"]);
    }
    assert_legacy_wire(&run, "accept {\"yes\":false}", "not deployed");
    assert_modern_wire(&run, "accept {\"yes\":false}", "not deployed");
}

/// `examples/src/bin/quickstart.rs` is the README's "A server in 20 lines" block, character for
/// character, and the block has at most 20 non-blank lines.
#[test]
fn the_quickstart_is_the_readme_block() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let section = &readme[readme.find("## A server in 20 lines").expect("the section")..];
    let start = section.find("```rust").expect("a rust block");
    let body = &section[start..];
    let body = &body[body.find('\n').expect("fence line") + 1..];
    let block = &body[..body.find("```").expect("closing fence")];
    let source = std::fs::read_to_string(root.join("examples/src/bin/quickstart.rs"))
        .expect("quickstart.rs");
    let code = &source[source
        .find("#![cfg_attr(rustfmt, rustfmt::skip)]\n")
        .expect("the skip line")
        + "#![cfg_attr(rustfmt, rustfmt::skip)]\n".len()..];
    assert_eq!(
        code.trim(),
        block.trim(),
        "quickstart.rs drifted from the README"
    );
    let lines = block.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(lines <= 20, "the quickstart has {lines} non-blank lines");
}
