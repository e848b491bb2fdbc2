//! One HTTP request on a connection of its own, through hyper's client: what the HTTP test
//! harnesses send every exchange with.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, Response};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

/// How long the response head may take.
const WAIT: Duration = Duration::from_secs(5);

/// Opens a connection to `addr`, sends `method /mcp` with exactly these headers and `body`,
/// and returns the response (its body still to read) with the connection's task, which the
/// caller aborts to close the connection.
pub(crate) async fn one_request<'a>(
    addr: SocketAddr,
    method: Method,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    body: Bytes,
) -> (Response<Incoming>, JoinHandle<()>) {
    let stream = TcpStream::connect(addr).await.expect("connect");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    let connection = tokio::spawn(async move {
        let _ = connection.await;
    });
    let mut request = Request::builder()
        .method(method)
        .uri(format!("http://{addr}/mcp"));
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let request = request.body(Full::new(body)).expect("a request");
    let response = tokio::time::timeout(WAIT, sender.send_request(request))
        .await
        .expect("response headers in time")
        .expect("a response");
    (response, connection)
}
