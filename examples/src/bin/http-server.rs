//! The `stdio-server` example's server (`tether_mcp_examples::demo::Demo`, same tools,
//! resources, prompt and completions) over Streamable HTTP: both protocol eras on one endpoint,
//! `http://127.0.0.1:$PORT/mcp` (`PORT` from the environment; unset or `0` picks a free port).
//!
//! Once it listens it prints exactly one line on stdout, `listening http://127.0.0.1:<port>/mcp`,
//! so a test can read the port. Ctrl-C stops it gracefully: the requests in flight finish.
//!
//! Run it: `PORT=3000 cargo run -p tether-mcp-examples --bin http-server`.
//!
//! Running several replicas behind a load balancer (see `docs/deployment.md`), the environment
//! may also set:
//!
//! - `TETHER_SEALING_KEY=<id>:<secret>`: the key that seals the `requestState` of 2026-07-28
//!   multi-round calls, the same on every replica, so any replica can serve any round. `<id>` is
//!   1 to 32 characters of `A-Za-z0-9_-`; `<secret>` is at least 32 bytes, written in hex (an
//!   even number of `0-9a-fA-F` digits, tried first) or base64 (standard or URL-safe alphabet,
//!   padding optional). Generate one with `echo "k1:$(openssl rand -hex 32)"`. Unset: a random key
//!   per process, so a round that reaches another replica (or this one after a restart) is
//!   rejected.
//! - `TETHER_PREVIOUS_SEALING_KEY=<id>:<secret>`: another key (same format) that opens states
//!   but never seals them, for `TETHER_PREVIOUS_SEALING_KEY_ACCEPT_SECS` seconds after the start
//!   (default 600, `Limits::request_state_ttl`): the retired key after a rotation, or the next
//!   key before it (see `docs/deployment.md`).
//! - `TETHER_REPLICA=<name>`: this replica's name. Every response then carries
//!   `x-tether-replica: <name>`, and each request is logged on stderr as
//!   `replica <name>: <METHOD> <path> mcp-method=<Mcp-Method> -> <status>`. The service is then
//!   mounted in an axum router (to add the header) instead of being run by
//!   `tether_mcp::transport::http::serve`; both stop the same way on Ctrl-C.
//!
//! A malformed `TETHER_*` value stops the binary at start with a message naming the variable.
//! With none of them set, the binary behaves as it always did.

use std::io::Write;
use std::time::Duration;

use tether_mcp::transport::http::{self, HttpConfig, StreamableHttp};
use tether_mcp::{SealingKey, Server};
use tether_mcp_examples::demo::{self, Demo};
use tether_mcp_examples::listener;

/// The sealing key variable.
const SEALING_KEY: &str = "TETHER_SEALING_KEY";
/// The retired sealing key variable.
const PREVIOUS_SEALING_KEY: &str = "TETHER_PREVIOUS_SEALING_KEY";
/// How long the other key opens states, in seconds.
const PREVIOUS_ACCEPT_SECS: &str = "TETHER_PREVIOUS_SEALING_KEY_ACCEPT_SECS";
/// The replica name variable.
const REPLICA: &str = "TETHER_REPLICA";
/// The response header naming the replica.
const REPLICA_HEADER: &str = "x-tether-replica";

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let server = server()?;
    let replica = replica_name()?;
    let listener = listener::from_env(0).await?;
    let port = listener.local_addr()?.port();
    let service = server.streamable_http(HttpConfig::default());
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "listening http://127.0.0.1:{port}/mcp")?;
        stdout.flush()?;
    }
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match replica {
        None => http::serve(listener, service, ctrl_c).await,
        Some((name, header)) => serve_as_replica(listener, service, name, header, ctrl_c).await,
    }
}

/// The demo server (`demo::server()`), sealing with the keys of the environment when it names
/// any.
fn server() -> std::io::Result<Server<Demo>> {
    let current = sealing_key_from_env(SEALING_KEY)?;
    let previous = sealing_key_from_env(PREVIOUS_SEALING_KEY)?;
    if current.is_none() && previous.is_none() {
        return Ok(demo::server());
    }
    let mut builder = demo::builder();
    if let Some(key) = current {
        builder = builder.sealing_key(key);
    }
    if let Some(key) = previous {
        let accept_for = match std::env::var(PREVIOUS_ACCEPT_SECS) {
            Ok(secs) => secs
                .trim()
                .parse()
                .map(Duration::from_secs)
                .map_err(|_| invalid(PREVIOUS_ACCEPT_SECS, "not a number of seconds"))?,
            Err(_) => tether_mcp::Limits::default().request_state_ttl,
        };
        builder = builder.previous_sealing_key(key, accept_for);
    }
    Ok(builder.build())
}

fn invalid(variable: &str, why: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{variable}: {why}"),
    )
}

/// The key `variable` names (`<id>:<secret>`, the secret in hex or base64), if it is set.
fn sealing_key_from_env(variable: &str) -> std::io::Result<Option<SealingKey>> {
    match std::env::var(variable) {
        Ok(value) => value
            .parse::<SealingKey>()
            .map(Some)
            .map_err(|e| invalid(variable, e)),
        Err(_) => Ok(None),
    }
}

/// `TETHER_REPLICA`, with its header value, if it is set.
fn replica_name() -> std::io::Result<Option<(String, axum::http::HeaderValue)>> {
    let Ok(name) = std::env::var(REPLICA) else {
        return Ok(None);
    };
    let header = axum::http::HeaderValue::from_str(&name)
        .map_err(|_| invalid(REPLICA, "not a valid header value"))?;
    Ok(Some((name, header)))
}

/// Serves `service` like `http::serve` does, every response naming the replica.
async fn serve_as_replica(
    listener: tokio::net::TcpListener,
    service: StreamableHttp<Demo>,
    name: String,
    header: axum::http::HeaderValue,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::extract::Request;
    use axum::middleware::{self, Next};

    let identify = move |request: Request, next: Next| {
        let (name, header) = (name.clone(), header.clone());
        async move {
            let method = request.method().clone();
            let path = request.uri().path().to_owned();
            let mcp_method = request
                .headers()
                .get("mcp-method")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-")
                .to_owned();
            let mut response = next.run(request).await;
            response.headers_mut().insert(REPLICA_HEADER, header);
            eprintln!(
                "replica {name}: {method} {path} mcp-method={mcp_method} -> {}",
                response.status().as_u16()
            );
            response
        }
    };
    // Every path, as `http::serve` does.
    let router = axum::Router::new()
        .fallback_service(service.clone())
        .layer(middleware::from_fn(identify));
    axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            shutdown.await;
            // What `http::serve` does on shutdown: end the long-lived streams so the
            // connections holding them can finish.
            service.end_streams();
        })
        .await
}
