//! Where the HTTP example binaries listen: `127.0.0.1:$PORT`.

use tokio::net::TcpListener;

/// A listener on `127.0.0.1:$PORT` (`PORT` from the environment, `default` when it is unset or
/// not a port number; `0` lets the operating system pick a free port).
pub async fn from_env(default: u16) -> std::io::Result<TcpListener> {
    let port = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(default);
    TcpListener::bind(("127.0.0.1", port)).await
}
