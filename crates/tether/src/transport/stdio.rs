//! The process's standard input and output.

use tokio::io::{Stdin, Stdout};

/// Standard input and output as a [`Transport`](super::Transport).
#[derive(Debug)]
pub struct Stdio {
    stdin: Stdin,
    stdout: Stdout,
}

/// The process's standard input and output. Log to standard error: anything else written to
/// standard output corrupts the stream.
pub fn stdio() -> Stdio {
    Stdio {
        stdin: tokio::io::stdin(),
        stdout: tokio::io::stdout(),
    }
}

impl super::Transport for Stdio {
    type Reader = Stdin;
    type Writer = Stdout;
    fn split(self) -> (Stdin, Stdout) {
        (self.stdin, self.stdout)
    }
}
