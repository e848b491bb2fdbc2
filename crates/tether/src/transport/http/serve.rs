//! Running the service on hyper, with graceful shutdown.

use std::future::Future;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use super::service::StreamableHttp;
use crate::server::ServerHandler;

/// Serves `service` on `listener` (HTTP/1.1) until `shutdown` completes; then stops accepting,
/// ends the server's `subscriptions/listen` streams (each with its closing result) and the
/// legacy GET streams, lets every request in flight finish, and returns once the open
/// connections are done. A legacy request waiting for a nested answer can hold that up to
/// [`Limits::nested_request_timeout`](crate::Limits::nested_request_timeout): wrap the call in a
/// timeout to bound it.
pub async fn serve<H: ServerHandler>(
    listener: TcpListener,
    service: StreamableHttp<H>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    // A client must send its request head within this time (slow-header attacks hold a
    // connection open by trickling bytes); hyper needs a timer to enforce it.
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(service.config().header_read_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    }
                };
                // Answers and SSE events are written whole: send them at once, not after the
                // peer's delayed ACK (Nagle).
                if let Err(error) = stream.set_nodelay(true) {
                    tracing::debug!(%error, %peer, "could not set TCP_NODELAY");
                }
                let hyper_service = TowerToHyperService::new(service.clone());
                let connection = builder.serve_connection(TokioIo::new(stream), hyper_service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    if let Err(error) = connection.await {
                        tracing::debug!(%error, %peer, "an HTTP connection ended with an error");
                    }
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    service.end_streams();
    graceful.shutdown().await;
    Ok(())
}
