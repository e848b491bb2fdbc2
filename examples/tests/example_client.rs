//! The `client` example program run as a child process against the other example servers
//! (`stdio-server`, `wizard`, `progress`, `library-helper`) in both eras (pinned to 2025-11-25
//! with `--protocol-version`, and the default negotiation, which settles on 2026-07-28), its
//! stdout checked line by line.

mod examples_support;

use examples_support::{Era, within};

const WIZARD: &str = env!("CARGO_BIN_EXE_wizard");
const PROGRESS: &str = env!("CARGO_BIN_EXE_progress");
const LIBRARY_HELPER: &str = env!("CARGO_BIN_EXE_library-helper");
const CLIENT: &str = env!("CARGO_BIN_EXE_client");
const STDIO_SERVER: &str = env!("CARGO_BIN_EXE_stdio-server");

/// What a run of the client program printed.
struct Run {
    success: bool,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// The lines starting with `prefix`.
    fn starting(&self, prefix: &str) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|l| l.starts_with(prefix))
            .collect()
    }

    fn assert_has(&self, line: &str) {
        assert!(
            self.lines().contains(&line),
            "no line {line:?} in stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
    }
}

/// Runs the client program with `args` (and `env`), waiting at most `examples_support::WAIT`.
async fn run_client(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = tokio::process::Command::new(CLIENT);
    command
        .args(args)
        .env_remove("TETHER_MCP_SERVER")
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = within("the client program", command.output())
        .await
        .expect("the client program runs");
    Run {
        success: output.status.success(),
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The client's arguments pinning `era` (none for the default negotiation).
fn era_args(era: Era) -> Vec<&'static str> {
    match era {
        Era::Legacy => vec!["--protocol-version", "2025-11-25"],
        Era::Modern => Vec::new(),
    }
}

fn connected_line(era: Era) -> &'static str {
    match era {
        Era::Legacy => "protocol 2025-11-25 (legacy)",
        Era::Modern => "protocol 2026-07-28 (modern)",
    }
}

#[tokio::test]
async fn client_lists_calls_and_answers_the_stdio_server() {
    for era in Era::BOTH {
        let mut args = era_args(era);
        args.extend(["--", STDIO_SERVER]);
        let run = run_client(&args, &[]).await;
        assert!(run.success, "{era:?}: {}\n{}", run.stdout, run.stderr);
        let connected = run.starting("connected: ");
        assert_eq!(connected.len(), 1, "{era:?}: {}", run.stdout);
        assert!(
            connected[0].ends_with(connected_line(era)),
            "{era:?}: {connected:?}"
        );
        run.assert_has("tool: add: Adds two numbers.");
        run.assert_has("tool: deploy: Deploys after asking the user to confirm.");
        assert!(run.starting("tool: ").len() >= 7, "{era:?}: {}", run.stdout);
        run.assert_has("calling: deploy");
        run.assert_has("elicitation: Deploy to production? (for deploy)");
        run.assert_has("answer: confirm=true");
        run.assert_has("result: deployed");
        // In this order.
        let lines = run.lines();
        let at = |line: &str| lines.iter().position(|l| *l == line).expect("present");
        assert!(
            at("calling: deploy") < at("elicitation: Deploy to production? (for deploy)")
                && at("answer: confirm=true") < at("result: deployed"),
            "{era:?}: {}",
            run.stdout
        );
    }
}

#[tokio::test]
async fn client_declines_when_asked_to() {
    let run = run_client(&["--decline", STDIO_SERVER], &[]).await;
    assert!(run.success, "{}\n{}", run.stdout, run.stderr);
    run.assert_has("elicitation: Deploy to production? (for deploy)");
    run.assert_has("answer: declined");
    run.assert_has("result: not deployed");
}

/// Without a server on the command line: `$TETHER_MCP_SERVER`, else the `stdio-server` next
/// to the client binary.
#[tokio::test]
async fn client_finds_its_default_server() {
    let args = ["--tool", "add", "--arguments", r#"{"a": 2, "b": 3}"#];
    let from_env = run_client(&args, &[("TETHER_MCP_SERVER", STDIO_SERVER)]).await;
    assert!(from_env.success, "{}\n{}", from_env.stdout, from_env.stderr);
    from_env.assert_has("result: 5");
    assert!(from_env.starting("elicitation: ").is_empty());

    let sibling = run_client(&args, &[]).await;
    assert!(sibling.success, "{}\n{}", sibling.stdout, sibling.stderr);
    sibling.assert_has("result: 5");
}

#[tokio::test]
async fn client_walks_the_wizard_in_both_eras() {
    for era in Era::BOTH {
        let mut args = era_args(era);
        args.extend([
            "--tool",
            "create_project",
            "--answer",
            "name=atlas",
            "--answer",
            "language=TypeScript",
            WIZARD,
        ]);
        let run = run_client(&args, &[]).await;
        assert!(run.success, "{era:?}: {}\n{}", run.stdout, run.stderr);
        assert!(
            run.starting("connected: ")[0].ends_with(connected_line(era)),
            "{era:?}: {}",
            run.stdout
        );
        assert_eq!(
            run.starting("elicitation: "),
            [
                "elicitation: What is the project called? (for create_project)",
                "elicitation: Which language is atlas written in? (for create_project)",
                "elicitation: Create the TypeScript project atlas? (for create_project)",
            ],
            "{era:?}"
        );
        assert_eq!(
            run.starting("answer: "),
            [
                "answer: name=atlas",
                "answer: language=TypeScript",
                "answer: confirm=true"
            ],
            "{era:?}"
        );
        run.assert_has("result: created project atlas (TypeScript)");
    }
}

#[tokio::test]
async fn client_prints_progress_and_the_helpers_answers() {
    for era in Era::BOTH {
        let mut args = era_args(era);
        args.extend([
            "--tool",
            "count",
            "--arguments",
            r#"{"steps": 3, "delay_ms": 5}"#,
            PROGRESS,
        ]);
        let run = run_client(&args, &[]).await;
        assert!(run.success, "{era:?}: {}\n{}", run.stdout, run.stderr);
        assert_eq!(
            run.starting("progress: "),
            [
                "progress: 1 of 3: step 1 of 3",
                "progress: 2 of 3: step 2 of 3",
                "progress: 3 of 3: step 3 of 3",
            ],
            "{era:?}"
        );
        run.assert_has("result: counted to 3 of 3 steps");

        let mut args = era_args(era);
        args.extend([
            "--tool",
            "send_email",
            "--arguments",
            r#"{"to": "ada@example.com", "subject": "Hi"}"#,
            "--answer",
            "confirm=false",
            LIBRARY_HELPER,
        ]);
        let run = run_client(&args, &[]).await;
        assert!(run.success, "{era:?}: {}\n{}", run.stdout, run.stderr);
        run.assert_has("elicitation: Send \"Hi\" to ada@example.com? (for send_email)");
        run.assert_has("answer: confirm=false");
        run.assert_has("result: did not send \"Hi\" to ada@example.com");
    }
}

#[tokio::test]
async fn client_reports_a_missing_tool_and_bad_usage() {
    let run = run_client(&["--tool", "nope", STDIO_SERVER], &[]).await;
    assert_eq!(run.code, Some(2), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("the server has no tool `nope`"),
        "{}",
        run.stderr
    );
    assert!(
        run.starting("tool: ").len() >= 7,
        "the tools were listed first"
    );

    let run = run_client(&["--answer", "no-equals-sign", STDIO_SERVER], &[]).await;
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("KEY=VALUE"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}
