//! Lower bounds no SDK can beat on the same messages.
//!
//! - 5a: serde_json alone, with minimal typed structs, single-threaded: the server's half
//!   (parse the `tools/call` request, serialize the response) and the whole cycle (the client's
//!   serialization of the request and parse of the response too).
//! - 5b: a bare newline-delimited JSON echo over the same in-memory duplex: a client that
//!   writes request lines from a writer task and matches response lines to callers by `id`
//!   (a pending map of oneshot channels), and a server that reads a line, parses it to a
//!   `serde_json::Value` and writes the response line. Measured beside the SDKs' echo, at the
//!   same in-flight levels, in the same rounds.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::sync::{mpsc, oneshot};

use crate::measure::{CallFn, Config, Session, cpu_time};
use crate::sdk::{DUPLEX_BUFFER, ECHO_TEXT, expect_text};

/// A `tools/call` request, as little as it takes.
#[derive(Serialize, Deserialize)]
struct Request<'a> {
    #[serde(borrow)]
    jsonrpc: Cow<'a, str>,
    id: u64,
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(borrow)]
    params: Params<'a>,
}

/// Its parameters.
#[derive(Serialize, Deserialize)]
struct Params<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    arguments: Arguments<'a>,
}

/// `echo`'s arguments.
#[derive(Serialize, Deserialize)]
struct Arguments<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
}

/// The response.
#[derive(Serialize, Deserialize)]
struct Response<'a> {
    #[serde(borrow)]
    jsonrpc: Cow<'a, str>,
    id: u64,
    #[serde(borrow)]
    result: ToolResult<'a>,
}

/// A `CallToolResult` with one text block.
#[derive(Serialize, Deserialize)]
struct ToolResult<'a> {
    #[serde(borrow)]
    content: Vec<TextBlock<'a>>,
}

/// A text content block.
#[derive(Serialize, Deserialize)]
struct TextBlock<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    text: Cow<'a, str>,
}

/// The request line a client sends for call `id`.
fn request_line(id: u64) -> String {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": "tools/call",
        "params": {"name": "echo", "arguments": {"text": ECHO_TEXT}}
    })
    .to_string()
}

/// 5a, one round: nanoseconds per call of the server's half and of the whole cycle.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SerdeBound {
    /// Parse the request + serialize the response.
    pub(crate) server_half_ns: f64,
    /// Serialize the request + parse it + serialize the response + parse it.
    pub(crate) full_cycle_ns: f64,
}

/// The server's half on one request: parse it, answer it, serialize the answer.
fn server_half(line: &str) -> Result<String, String> {
    let request: Request<'_> = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let response = Response {
        jsonrpc: Cow::Borrowed("2.0"),
        id: request.id,
        result: ToolResult {
            content: vec![TextBlock {
                kind: Cow::Borrowed("text"),
                text: request.params.arguments.text,
            }],
        },
    };
    serde_json::to_string(&response).map_err(|e| e.to_string())
}

/// The whole cycle for call `id`, checked.
fn full_cycle(id: u64) -> Result<(), String> {
    let request = Request {
        jsonrpc: Cow::Borrowed("2.0"),
        id,
        method: Cow::Borrowed("tools/call"),
        params: Params {
            name: Cow::Borrowed("echo"),
            arguments: Arguments {
                text: Cow::Borrowed(ECHO_TEXT),
            },
        },
    };
    let line = serde_json::to_string(&request).map_err(|e| e.to_string())?;
    let answer = server_half(&line)?;
    let response: Response<'_> = serde_json::from_str(&answer).map_err(|e| e.to_string())?;
    let text = response.result.content.first().map(|block| &*block.text);
    expect_text(text, response.id != id, ECHO_TEXT)
}

/// 5a: measures both, `config.serde_iterations` times each, on this thread.
pub(crate) fn serde_bound(config: &Config) -> Result<SerdeBound, String> {
    let iterations = config.serde_iterations.max(1);
    let line = request_line(7);
    let before = cpu_time();
    for _ in 0..iterations {
        black_box(server_half(black_box(&line))?);
    }
    let server = cpu_time().saturating_sub(before);
    let before = cpu_time();
    for id in 0..iterations as u64 {
        full_cycle(black_box(id))?;
    }
    let full = cpu_time().saturating_sub(before);
    let per = |d: std::time::Duration| d.as_secs_f64() * 1e9 / iterations as f64;
    Ok(SerdeBound {
        server_half_ns: per(server),
        full_cycle_ns: per(full),
    })
}

/// Responses awaited by the bare client, by request id.
type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Value>>>>;

/// 5b: the bare echo server and client over a duplex; the session's call is one echo.
pub(crate) fn bare_echo() -> Session {
    let (server_end, client_end) = tokio::io::duplex(DUPLEX_BUFFER);
    let server = tokio::spawn(serve_bare(server_end));
    let (reader, writer) = tokio::io::split(client_end);
    let (lines, mut queued) = mpsc::unbounded_channel::<String>();
    let writer_task = tokio::spawn(async move {
        let mut writer = BufWriter::new(writer);
        while let Some(line) = queued.recv().await {
            let mut batch = Some(line);
            while let Some(line) = batch {
                writer.write_all(line.as_bytes()).await?;
                writer.write_all(b"\n").await?;
                batch = queued.try_recv().ok();
            }
            writer.flush().await?;
        }
        Ok::<_, std::io::Error>(())
    });
    let pending: Pending = Arc::default();
    let reader_task = tokio::spawn({
        let pending = Arc::clone(&pending);
        async move {
            let mut lines = BufReader::new(reader).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let Ok(response) = serde_json::from_str::<Value>(&line) else {
                    continue;
                };
                let waiter = response["id"]
                    .as_u64()
                    .and_then(|id| pending.lock().ok()?.remove(&id));
                if let Some(waiter) = waiter {
                    let _ = waiter.send(response);
                }
            }
        }
    });
    let next_id = Arc::new(AtomicU64::new(1));
    let call: CallFn = Arc::new(move |_| {
        let id = next_id.fetch_add(1, Ordering::Relaxed);
        let (answer, answered) = oneshot::channel();
        let registered = pending
            .lock()
            .map(|mut pending| pending.insert(id, answer))
            .is_ok();
        let sent = registered && lines.send(request_line(id)).is_ok();
        Box::pin(async move {
            if !sent {
                return Err("bare echo: the connection is closed".to_owned());
            }
            let response = answered
                .await
                .map_err(|_| "bare echo: no answer".to_owned())?;
            let text = response["result"]["content"][0]["text"].as_str();
            expect_text(text, false, ECHO_TEXT)
        })
    });
    Session::new(
        call,
        AbortOnDrop(vec![
            server.abort_handle(),
            writer_task.abort_handle(),
            reader_task.abort_handle(),
        ]),
    )
}

/// Ends the bare echo's tasks with the session.
struct AbortOnDrop(Vec<tokio::task::AbortHandle>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

/// The bare server: a line in, `Value` parsed, a response line out (flushed once no more
/// input is buffered).
async fn serve_bare(stream: tokio::io::DuplexStream) -> std::io::Result<()> {
    let (reader, writer) = tokio::io::split(stream);
    let mut reader = BufReader::new(reader);
    let mut writer = BufWriter::new(writer);
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let Ok(request) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let response = json!({
            "jsonrpc": "2.0",
            "id": request["id"],
            "result": {"content": [{"type": "text", "text": request["params"]["arguments"]["text"]}]}
        });
        let mut out = serde_json::to_vec(&response)?;
        out.push(b'\n');
        writer.write_all(&out).await?;
        if reader.buffer().is_empty() {
            writer.flush().await?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_serde_bound_answers_correctly() {
        full_cycle(3).expect("a full cycle");
        let answer = server_half(&request_line(9)).expect("the server half");
        assert!(
            answer.contains(r#""id":9"#) && answer.contains(ECHO_TEXT),
            "{answer}"
        );
    }
}
