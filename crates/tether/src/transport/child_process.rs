//! A server started as a child process, spoken to over its stdin and stdout.
//!
//! Shutdown follows the stdio transport's rule: close the child's stdin, wait, then send
//! SIGTERM, wait again, then kill it.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, ChildStdin, ChildStdout, Command};

/// How to start a stdio server: program, arguments, environment, working directory.
///
/// ```no_run
/// use tether_mcp::transport::ChildProcess;
///
/// let server = ChildProcess::new("python3").args(["-m", "my_server"]).env("LOG", "debug");
/// ```
#[derive(Clone, Debug)]
pub struct ChildProcess {
    program: OsString,
    args: Vec<OsString>,
    envs: Vec<(OsString, OsString)>,
    current_dir: Option<PathBuf>,
    quiet: bool,
    grace: Duration,
}

impl ChildProcess {
    /// Runs `program` (looked up on `PATH` like a shell would).
    pub fn new(program: impl Into<OsString>) -> Self {
        Self {
            program: program.into(),
            args: Vec::new(),
            envs: Vec::new(),
            current_dir: None,
            quiet: false,
            grace: Duration::from_secs(2),
        }
    }

    /// Adds an argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Adds arguments.
    pub fn args<I: IntoIterator<Item = S>, S: Into<OsString>>(mut self, args: I) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets an environment variable for the child.
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    /// The child's working directory.
    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.current_dir = Some(dir.into());
        self
    }

    /// Discards the child's stderr instead of passing it through to this process's stderr.
    pub fn quiet(mut self) -> Self {
        self.quiet = true;
        self
    }

    /// How long shutdown waits after closing stdin, and again after SIGTERM (default 2 s).
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.grace = grace;
        self
    }

    /// The command line, as the key under which the client remembers the server's era.
    pub(crate) fn describe(&self) -> String {
        let mut line = self.program.to_string_lossy().into_owned();
        for arg in &self.args {
            line.push(' ');
            line.push_str(&arg.to_string_lossy());
        }
        if let Some(dir) = &self.current_dir {
            line.push_str(&format!(" (in {})", dir.display()));
        }
        line
    }

    /// Starts the child with piped stdin and stdout.
    pub(crate) fn spawn(&self) -> std::io::Result<RunningChild> {
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .envs(self.envs.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if self.quiet {
                Stdio::null()
            } else {
                Stdio::inherit()
            })
            .kill_on_drop(true);
        if let Some(dir) = &self.current_dir {
            command.current_dir(dir);
        }
        let mut child = command.spawn().map_err(|e| {
            std::io::Error::new(e.kind(), format!("starting {}: {e}", self.describe()))
        })?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no stdin pipe"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout pipe"))?;
        Ok(RunningChild {
            child,
            stdin: Some(stdin),
            stdout: Some(stdout),
            grace: self.grace,
        })
    }
}

/// A started child: its pipes (taken by the client) and the process itself.
#[derive(Debug)]
pub(crate) struct RunningChild {
    child: Child,
    pub(crate) stdin: Option<ChildStdin>,
    pub(crate) stdout: Option<ChildStdout>,
    grace: Duration,
}

impl RunningChild {
    /// Waits for the child to exit after its stdin was closed; then SIGTERM; then kill.
    pub(crate) async fn shut_down(mut self) {
        drop(self.stdin.take());
        if tokio::time::timeout(self.grace, self.child.wait())
            .await
            .is_ok()
        {
            return;
        }
        #[cfg(unix)]
        if let Some(pid) = self.child.id().and_then(|id| i32::try_from(id).ok()) {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGTERM,
            );
            if tokio::time::timeout(self.grace, self.child.wait())
                .await
                .is_ok()
            {
                return;
            }
        }
        tracing::warn!(
            "a stdio server did not exit after its input closed and SIGTERM; killing it"
        );
        let _ = self.child.kill().await;
    }
}
