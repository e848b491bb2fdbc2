//! Scenario 7: the release binary size and the clean release build time of the quickstart
//! (`examples/src/bin/quickstart.rs`, copied at run time into a throwaway project with a path
//! dependency on `crates/tether`) against an equivalent rmcp 3.11 stdio server (a throwaway
//! project depending on rmcp with `server`, `macros`, `elicitation` and `transport-io`).
//!
//! Both projects live under `target/bench/build-cost/{tether,rmcp}` (deleted and rewritten
//! each run), start from a copy of the workspace's `Cargo.lock` (so they build the same
//! dependency versions the workspace does), and are built with `cargo build --release` into a
//! fresh `CARGO_TARGET_DIR` of their own. One build each: a single measurement, minutes long;
//! only the full run and `--only size` make it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::{Value, json};

use crate::report::{Extra, Row};

/// The rmcp equivalent of the quickstart: one `deploy` tool that asks once (`Peer::elicit`; a
/// nested request, which rmcp refuses on 2026-07-28), served on stdio.
const RMCP_MAIN: &str = r#"//! The quickstart's equivalent on rmcp 3.11 (written for tether-mcp-bench, scenario 7).
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::service::ElicitationError;
use rmcp::{ErrorData, Peer, RoleServer, ServerHandler, ServiceExt, tool, tool_handler, tool_router};

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Confirm { yes: bool }
rmcp::elicit_safe!(Confirm);

#[derive(Clone)]
struct Deployer { tool_router: ToolRouter<Self> }

#[tool_router]
impl Deployer {
    /// Deploys the service once the user confirms.
    #[tool(description = "Deploys the service once the user confirms.")]
    async fn deploy(&self, peer: Peer<RoleServer>) -> Result<String, ErrorData> {
        match peer.elicit::<Confirm>("Deploy?").await {
            Ok(Some(Confirm { yes: true })) => Ok("deployed".to_owned()),
            Ok(_) | Err(ElicitationError::UserDeclined | ElicitationError::UserCancelled) => {
                Ok("not deployed".to_owned())
            }
            Err(e) => Err(ErrorData::internal_error(e.to_string(), None)),
        }
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Deployer {}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let deployer = Deployer { tool_router: Deployer::tool_router() };
    deployer.serve(rmcp::transport::stdio()).await?.waiting().await?;
    Ok(())
}
"#;

/// One throwaway project: its manifest's dependencies and its `main.rs`.
struct Project {
    name: &'static str,
    dependencies: String,
    main: String,
}

/// What one clean build gave.
#[derive(Debug)]
struct Built {
    bytes: u64,
    seconds: f64,
    crates: usize,
}

/// Writes `project` under `dir` (after deleting what was there) and builds it from clean.
fn build(root: &Path, dir: &Path, project: &Project) -> Result<Built, String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("rm {}: {e}", dir.display()))?;
    }
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{}\n# Not a member of the enclosing workspace.\n[workspace]\n",
        project.name, project.dependencies
    );
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("write {}: {e}", path.display()))
    };
    write(dir.join("Cargo.toml"), &manifest)?;
    write(src.join("main.rs"), &project.main)?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|e| format!("copy Cargo.lock: {e}"))?;
    let target = dir.join("target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = Instant::now();
    let output = Command::new(cargo)
        .args(["build", "--release"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let tail: Vec<&str> = log.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!("cargo build failed: {}", tail.join(" | ")));
    }
    let binary = target.join("release").join(project.name);
    let bytes = std::fs::metadata(&binary)
        .map_err(|e| format!("{}: {e}", binary.display()))?
        .len();
    let crates = log
        .lines()
        .filter(|l| l.trim_start().starts_with("Compiling "))
        .count();
    Ok(Built {
        bytes,
        seconds,
        crates,
    })
}

/// A row's metric: its name, its unit, and how to read it.
type Metric<T> = (&'static str, &'static str, fn(&T) -> f64);

/// Runs scenario 7 under the workspace `root`.
pub(crate) fn run(root: &Path) -> Extra {
    let base = root.join("target").join("bench").join("build-cost");
    let quickstart = root
        .join("examples")
        .join("src")
        .join("bin")
        .join("quickstart.rs");
    let tether = match std::fs::read_to_string(&quickstart) {
        Ok(main) => {
            let path = root.join("crates").join("tether");
            let project = Project {
                name: "quickstart-tether",
                dependencies: format!(
                    "tether-mcp = {{ path = {:?} }}\nserde = {{ version = \"1\", features = \
                     [\"derive\"] }}\nschemars = \"1\"\ntokio = {{ version = \"1\", features = \
                     [\"rt-multi-thread\", \"macros\"] }}\n",
                    path.display().to_string()
                ),
                main,
            };
            eprintln!("  building the tether quickstart (clean, release)");
            build(root, &base.join("tether"), &project)
        }
        Err(e) => Err(format!("{}: {e}", quickstart.display())),
    };
    let project = Project {
        name: "quickstart-rmcp",
        dependencies: "rmcp = { version = \"3.11\", default-features = false, features = \
                       [\"server\", \"macros\", \"elicitation\", \"transport-io\"] }\n\
                       serde = { version = \"1\", features = [\"derive\"] }\nschemars = \"1\"\n\
                       tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }\n"
            .to_owned(),
        main: RMCP_MAIN.to_owned(),
    };
    eprintln!("  building the rmcp equivalent (clean, release)");
    let rmcp = build(root, &base.join("rmcp"), &project);
    let note = [("tether", &tether), ("rmcp", &rmcp)]
        .into_iter()
        .filter_map(|(who, r)| r.as_ref().err().map(|e| format!("{who} n/a: {e}")))
        .chain(std::iter::once("single measurement".to_owned()))
        .collect::<Vec<_>>()
        .join("; ");
    let metrics: [Metric<Built>; 3] = [
        ("release binary size", "MiB", |b| {
            b.bytes as f64 / 1_048_576.0
        }),
        ("clean release build, wall", "s", |b| b.seconds),
        ("crates compiled", "crates", |b| b.crates as f64),
    ];
    let scenario = "7 quickstart (stdio server), cargo build --release";
    let rows = metrics
        .into_iter()
        .map(|(metric, unit, f)| {
            let mut row = Row::new(scenario, metric, unit);
            row.tether = tether.as_ref().ok().map(f);
            row.rmcp = rmcp.as_ref().ok().map(f);
            row.ratio = row.tether.zip(row.rmcp).map(|(t, r)| t / r);
            row.note.clone_from(&note);
            row
        })
        .collect();
    let json_of = |r: &Result<Built, String>| match r {
        Ok(b) => json!({"bytes": b.bytes, "seconds": b.seconds, "crates_compiled": b.crates}),
        Err(e) => json!({ "error": e }),
    };
    Extra {
        key: "build_cost",
        rows,
        targets: Vec::new(),
        raw: Value::Object(
            [
                ("tether".to_owned(), json_of(&tether)),
                ("rmcp".to_owned(), json_of(&rmcp)),
            ]
            .into_iter()
            .collect(),
        ),
    }
}
