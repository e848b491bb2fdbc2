//! The guides link to each other, to the ui cases and to the examples: every relative link in
//! README.md, MIGRATION.md, SECURITY.md, BENCHMARKS.md and docs/*.md must name a file that
//! exists and, when it has a `#fragment`, an anchor of that file (an `<a id="...">` or a
//! heading's GitHub slug).

use std::fs;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

/// GitHub's slug of a heading: lower case, spaces to `-`, punctuation other than `-` and `_`
/// dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        if let Some(heading) = line.trim_start().strip_prefix('#') {
            found.push(slug(heading.trim_start_matches('#')));
        }
        let mut rest = line;
        while let Some(at) = rest.find("<a id=\"") {
            let after = &rest[at + 7..];
            if let Some(end) = after.find('"') {
                found.push(after[..end].to_owned());
            }
            rest = after;
        }
    }
    found
}

/// The targets of `[text](target)` links outside code blocks.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            found.push(after[..end].to_owned());
            rest = &after[end..];
        }
    }
    found
}

#[test]
fn every_relative_link_in_the_guides_resolves() {
    let root = workspace();
    let mut pages = vec![
        root.join("README.md"),
        root.join("MIGRATION.md"),
        root.join("SECURITY.md"),
        root.join("BENCHMARKS.md"),
    ];
    for entry in fs::read_dir(root.join("docs")).expect("docs/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let text = fs::read_to_string(page).expect("a readable page");
        for target in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (file, fragment) = match target.split_once('#') {
                Some((file, fragment)) => (file, Some(fragment)),
                None => (target.as_str(), None),
            };
            let file_path = if file.is_empty() {
                page.clone()
            } else {
                page.parent().expect("a folder").join(file)
            };
            let name = page.strip_prefix(&root).unwrap_or(page).display();
            if !file_path.exists() {
                broken.push(format!("{name}: `{target}`: no such file"));
                continue;
            }
            if let Some(fragment) = fragment {
                let target_text = fs::read_to_string(&file_path).unwrap_or_default();
                if !anchors(&target_text).iter().any(|a| a == fragment) {
                    broken.push(format!("{name}: `{target}`: no such anchor"));
                }
            }
        }
    }
    assert!(
        checked > 20,
        "only {checked} relative links found: is the scan broken?"
    );
    assert!(
        broken.is_empty(),
        "broken links:\n  {}",
        broken.join("\n  ")
    );
}

#[test]
fn the_slug_rule_matches_github() {
    assert_eq!(slug(" The `#[tools]` macro"), "the-tools-macro");
    assert_eq!(slug(" Keys and deployment"), "keys-and-deployment");
    assert!(anchors("<a id=\"x\"></a>\n## Why: not?").contains(&"why-not".to_owned()));
}
