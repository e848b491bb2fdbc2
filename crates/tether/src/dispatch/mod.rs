//! The dispatcher: reads messages, creates a scope per request, mints its token, drives the
//! handler in its own poll loop, and writes exactly one response (none if cancelled).

mod connection;
mod discover;
mod drive;
mod encoded;
mod initialize;
mod line_input;
mod listen;
mod modern;
mod modern_result;
mod outbox;
mod params;
mod request;
mod slots;
mod stateless;
mod writer;

use std::sync::Arc;

pub(crate) use connection::serve_connection;
#[cfg(feature = "http")]
pub(crate) use connection::serve_session;
#[cfg(feature = "test-util")]
pub(crate) use drive::poll_in_scope;
#[cfg(feature = "http")]
pub(crate) use line_input::Incoming;
#[cfg(feature = "http")]
pub(crate) use modern::{ModernMeta, SeenMeta, is_modern, read_meta};
pub(crate) use modern_result::ModernDecoration;
#[cfg(feature = "http")]
pub(crate) use stateless::{serve_stateless, tool_definition};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::task::JoinHandle;

use crate::server::{ServerHandler, ServerInner};
use crate::session::{Session, SessionState};

/// A connection served on its own task (see [`Server::spawn`](crate::Server::spawn)).
#[derive(Debug)]
pub struct Connection {
    session: Session,
    task: JoinHandle<std::io::Result<()>>,
}

impl Connection {
    pub(crate) fn spawn<H, R, W>(server: Arc<ServerInner<H>>, reader: R, writer: W) -> Self
    where
        H: ServerHandler,
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let (outbound, outbound_rx) = crate::route::Route::channel(server.limits.outbound_capacity);
        let state = Arc::new(SessionState::new(outbound, server.limits.clone()));
        let session = Session::new(state.clone());
        let task = tokio::spawn(serve_connection(
            server,
            reader,
            writer,
            Some((state, outbound_rx)),
        ));
        Self { session, task }
    }

    /// The connection's session.
    pub fn session(&self) -> Session {
        self.session.clone()
    }

    /// Waits until the client closes the connection.
    pub async fn wait(self) -> std::io::Result<()> {
        self.task.await.map_err(std::io::Error::other)?
    }
}
