//! Transports: newline-delimited JSON over any byte stream (stdio, in-memory duplex), and
//! Streamable HTTP (feature `http`).

pub(crate) mod child_process;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "http-client")]
pub mod http_client;
mod line_reader;
pub mod memory;
mod stdio;

pub use child_process::ChildProcess;
pub(crate) use line_reader::{Line, LineReader};
pub use stdio::{Stdio, stdio};
use tokio::io::{AsyncRead, AsyncWrite};

/// A byte stream that carries newline-delimited JSON-RPC messages in both directions.
///
/// Implemented for a `(reader, writer)` pair, for [`Stdio`] and for an in-memory
/// [`tokio::io::DuplexStream`] (see [`memory::duplex`]).
pub trait Transport: Send + 'static {
    /// The reading half.
    type Reader: AsyncRead + Unpin + Send + 'static;
    /// The writing half.
    type Writer: AsyncWrite + Unpin + Send + 'static;
    /// Splits the transport into its halves.
    fn split(self) -> (Self::Reader, Self::Writer);
}

impl<R, W> Transport for (R, W)
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    type Reader = R;
    type Writer = W;
    fn split(self) -> (R, W) {
        self
    }
}

impl Transport for tokio::io::DuplexStream {
    type Reader = tokio::io::ReadHalf<tokio::io::DuplexStream>;
    type Writer = tokio::io::WriteHalf<tokio::io::DuplexStream>;
    fn split(self) -> (Self::Reader, Self::Writer) {
        tokio::io::split(self)
    }
}
