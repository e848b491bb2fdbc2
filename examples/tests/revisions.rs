//! Runs the `revisions` example and checks its table.

use std::process::Command;

const REVISIONS: [&str; 5] = [
    "2024-11-05",
    "2025-03-26",
    "2025-06-18",
    "2025-11-25",
    "2026-07-28",
];

fn run_revisions() -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_revisions"))
        .output()
        .expect("the revisions example runs");
    assert!(
        output.status.success(),
        "revisions exited with {}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("revisions prints UTF-8")
}

#[test]
fn lists_every_revision_once_with_its_era() {
    let stdout = run_revisions();
    let lines: Vec<&str> = stdout.lines().collect();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(&header[..2], ["revision", "era"], "header: {}", lines[0]);

    for revision in REVISIONS {
        let rows: Vec<Vec<&str>> = lines
            .iter()
            .map(|line| line.split_whitespace().collect::<Vec<_>>())
            .filter(|cells| cells.first() == Some(&revision))
            .collect();
        assert_eq!(
            rows.len(),
            1,
            "{revision} should have exactly one row in:\n{stdout}"
        );
        let cells = &rows[0];
        assert_eq!(
            cells.len(),
            header.len(),
            "{revision}: one cell per column in:\n{stdout}"
        );
        let expected_era = if revision == "2026-07-28" {
            "modern"
        } else {
            "legacy"
        };
        assert_eq!(cells[1], expected_era, "era of {revision} in:\n{stdout}");
    }
    assert_eq!(
        lines.len(),
        1 + REVISIONS.len(),
        "header plus one row per revision:\n{stdout}"
    );
}

#[test]
fn columns_are_aligned() {
    let stdout = run_revisions();
    let lines: Vec<&str> = stdout.lines().collect();
    // Every cell of a column starts at the same offset as its header.
    let starts = |line: &str| -> Vec<usize> {
        let bytes = line.as_bytes();
        (0..bytes.len())
            .filter(|&i| bytes[i] != b' ' && (i == 0 || bytes[i - 1] == b' '))
            .collect()
    };
    let header_starts = starts(lines[0]);
    for line in &lines[1..] {
        assert_eq!(
            starts(line),
            header_starts,
            "misaligned row {line:?} in:\n{stdout}"
        );
    }
}
