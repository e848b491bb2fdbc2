//! Runs on every toolchain: each compile-fail case under `tests/ui/` states on its first line
//! why it must fail (`//~ ERROR E0521`, or `//~ ERROR <text>` for an error without a code), and
//! its blessed `.stderr` must show that error. A re-bless that silently changed *why* a case
//! fails (a new toolchain, a library change) is caught here even where `tests/ui.rs` is ignored.

use std::fs;
use std::path::{Path, PathBuf};

/// The catalogue may grow; it must not shrink below this.
const MIN_CASES: usize = 15;

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            cases(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// `E0521` → `error[E0521]`; any other text is looked for as it is.
fn expected_in_stderr(header: &str) -> String {
    let is_code = header.len() == 5
        && header.starts_with('E')
        && header[1..].bytes().all(|b| b.is_ascii_digit());
    if is_code {
        format!("error[{header}]")
    } else {
        header.to_owned()
    }
}

#[test]
fn every_case_fails_for_the_reason_its_header_names() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let mut found = Vec::new();
    cases(&root, &mut found);

    let mut problems = Vec::new();
    for case in &found {
        let name = case
            .strip_prefix(&root)
            .unwrap_or(case)
            .display()
            .to_string();
        let source = fs::read_to_string(case).expect("readable case");
        let Some(header) = source
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("//~ ERROR "))
            .map(str::trim)
            .filter(|h| !h.is_empty())
        else {
            problems.push(format!(
                "{name}: first line is not `//~ ERROR <code or text>`"
            ));
            continue;
        };
        let Ok(stderr) = fs::read_to_string(case.with_extension("stderr")) else {
            problems.push(format!("{name}: no blessed .stderr next to it"));
            continue;
        };
        let expected = expected_in_stderr(header);
        if !stderr.contains(&expected) {
            problems.push(format!(
                "{name}: header says `{header}`, but the .stderr does not contain `{expected}`"
            ));
        }
    }

    println!("{} compile-fail cases under tests/ui", found.len());
    assert!(
        found.len() >= MIN_CASES,
        "only {} compile-fail cases under tests/ui; the catalogue has at least {MIN_CASES}",
        found.len()
    );
    assert!(
        problems.is_empty(),
        "UI cases out of step with their headers:\n  {}\n\
         Re-bless on the pinned toolchain with `TRYBUILD=overwrite cargo test -p \
         tether-mcp-ui-tests --test ui`, then check that each case still fails for the reason \
         its header names.",
        problems.join("\n  ")
    );
}

#[test]
fn every_stderr_has_its_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let mut stale = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "stderr")
                && !path.with_extension("rs").exists()
            {
                stale.push(
                    path.strip_prefix(&root)
                        .unwrap_or(&path)
                        .display()
                        .to_string(),
                );
            }
        }
    }
    assert!(
        stale.is_empty(),
        "blessed .stderr without a case: {stale:?}"
    );
}

/// docs/compile-errors.md has a section for every case (`### \`dir/name\``), and its quoted
/// headline error is the one the case's `.stderr` starts with: the guide cannot fall behind the
/// catalogue.
#[test]
fn every_case_is_in_the_compile_errors_guide() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let guide_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/compile-errors.md");
    let guide = fs::read_to_string(&guide_path).expect("docs/compile-errors.md");
    let mut found = Vec::new();
    cases(&root, &mut found);
    let mut missing = Vec::new();
    for case in &found {
        let name = case
            .strip_prefix(&root)
            .unwrap_or(case)
            .with_extension("")
            .display()
            .to_string();
        let heading = format!("### `{name}`");
        let Some(at) = guide.find(&heading) else {
            missing.push(format!("{name}: no `{heading}` section"));
            continue;
        };
        let stderr = fs::read_to_string(case.with_extension("stderr")).unwrap_or_default();
        let headline = stderr.lines().next().unwrap_or_default();
        let section_end = guide[at + heading.len()..]
            .find("\n### ")
            .map_or(guide.len(), |end| at + heading.len() + end);
        if !guide[at..section_end].contains(headline) {
            missing.push(format!("{name}: the section does not quote `{headline}`"));
        }
    }
    assert!(
        missing.is_empty(),
        "docs/compile-errors.md is behind the ui cases:\n  {}",
        missing.join("\n  ")
    );
}
