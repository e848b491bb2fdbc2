//! The writer task: drains the outbound queue onto the transport, one line per message.

use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Writes queued lines until the session closes, then drains what is left and flushes.
pub(crate) async fn write_lines<W: AsyncWrite + Unpin>(
    mut rx: mpsc::Receiver<String>,
    mut writer: W,
    closed: CancellationToken,
) -> std::io::Result<()> {
    loop {
        let line = tokio::select! {
            biased;
            line = rx.recv() => line,
            () = closed.cancelled() => rx.try_recv().ok(),
        };
        let Some(line) = line else { break };
        writer.write_all(line.as_bytes()).await?;
        writer.write_all(b"\n").await?;
        if rx.is_empty() {
            writer.flush().await?;
        }
    }
    writer.flush().await?;
    writer.shutdown().await.or(Ok(()))
}
