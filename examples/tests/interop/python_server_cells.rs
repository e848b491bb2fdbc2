//! Cells of OUR client (`tether_mcp::client`) against the Python `mcp` 2.3.0 server
//! (`MCPServer`, `py_server.py`), over stdio (the server as a child process) and over Streamable
//! HTTP (the server listening on 127.0.0.1, endpoint `/mcp`), in both eras: 2025-11-25 pinned
//! (the `initialize` handshake; elicitation arrives as an `elicitation/create` request during
//! the call) and 2026-07-28 reached through the client's `server/discover` probe (elicitation
//! arrives as an MRTR `input_required` round that the client answers by retrying). Each cell
//! lists the tools, calls `add`, and calls `confirm_deploy`, whose form our elicitation handler
//! answers. Included by `client_python.rs` and `interop_matrix.rs`.

use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use tether_mcp::ProtocolVersion;
use tether_mcp::client::{Client, EraCache, Origin};
use tether_mcp::transport::ChildProcess;
use tether_mcp::transport::http_client::StreamableHttpClient;
use tether_mcp::types::{ElicitRequestParams, ElicitResult, ElicitValue};

use crate::common::{venv_python, workspace};

/// One whole test: Python start-up (importing `mcp` takes 1-3 s), connecting, three requests.
const TEST_TIMEOUT: Duration = Duration::from_secs(90);
/// How long the HTTP server may take to accept connections.
const LISTEN_TIMEOUT: Duration = Duration::from_secs(45);

fn py_server() -> PathBuf {
    workspace().join("examples/tests/interop/py_server.py")
}

/// Which transport a cell uses.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Transport {
    Stdio,
    Http,
}

/// What the elicitation handler answers.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Answer {
    Accept,
    #[allow(dead_code)] // `interop_matrix.rs` only accepts.
    Decline,
}

/// What the elicitation handler saw, one entry per call.
type Seen = Arc<Mutex<Vec<(ElicitRequestParams, Origin)>>>;

/// The Python server listening on Streamable HTTP; killed on drop (also when the test panics or
/// times out), when its log is printed unless the test passed.
struct HttpServer {
    child: Child,
    url: String,
    log: PathBuf,
    /// Set when the cell passed; otherwise the drop prints the log (a panic, or the timeout
    /// dropping the cell's future).
    passed: bool,
}

impl HttpServer {
    /// Starts `py_server.py http PORT` on a free port and waits until it accepts connections.
    async fn start(name: &str) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = std::env::temp_dir().join(format!(
            "tether-client-python-{name}-{}-{port}.log",
            std::process::id()
        ));
        let out = File::create(&log).expect("creating the server log");
        let err = out.try_clone().expect("cloning the log handle");
        let child = Command::new(venv_python())
            .arg(py_server())
            .args(["http", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .expect("starting the Python HTTP server");
        let mut server = Self {
            child,
            url: format!("http://127.0.0.1:{port}/mcp"),
            log,
            passed: false,
        };
        let started = Instant::now();
        loop {
            if let Some(status) = server.child.try_wait().expect("polling the server") {
                panic!(
                    "the Python server exited with {status}:\n{}",
                    server.log_text()
                );
            }
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                break;
            }
            assert!(
                started.elapsed() < LISTEN_TIMEOUT,
                "the Python server did not listen on {port} within {LISTEN_TIMEOUT:?}:\n{}",
                server.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        eprintln!("{name}: Python HTTP server up in {:.2?}", started.elapsed());
        server
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if !self.passed {
            eprintln!("--- Python server log\n{}", self.log_text());
        }
        let _ = std::fs::remove_file(&self.log);
    }
}

/// Connects our client to the Python server over `transport`: pinned to `version`, or probing
/// (`None`). The elicitation handler records what it got and answers `answer`. The returned
/// server guard (HTTP only) must outlive the client.
async fn connect(
    name: &str,
    transport: Transport,
    version: Option<ProtocolVersion>,
    answer: Answer,
) -> (Client, Seen, Option<HttpServer>) {
    let seen: Seen = Arc::default();
    let recorder = seen.clone();
    let mut builder = Client::builder()
        .name("tether-interop", "0.0.1")
        .era_cache(EraCache::new())
        .request_timeout(Some(Duration::from_secs(30)))
        .on_elicitation(move |params, origin| {
            let recorder = recorder.clone();
            async move {
                recorder
                    .lock()
                    .expect("the recorder")
                    .push((params, origin));
                Ok(match answer {
                    Answer::Accept => {
                        ElicitResult::accept([("confirm".to_owned(), ElicitValue::Boolean(true))])
                    }
                    Answer::Decline => ElicitResult::decline(),
                })
            }
        });
    builder = match version {
        Some(version) => builder.protocol_version(version),
        // Over stdio the probe's clock starts at spawn, and a cold Python start (importing
        // `mcp`) takes over a second: a 300 ms probe times out on purpose. The client then tries
        // `initialize` on the same pipe, which the Python server, locked to 2026-07-28 by the
        // late `server/discover`, refuses with -32022 naming 2026-07-28; the client must probe
        // again and speak 2026-07-28.
        None if matches!(transport, Transport::Stdio) => {
            builder.probe_timeout(Duration::from_millis(300))
        }
        None => builder,
    };
    let started = Instant::now();
    let (client, server) = match transport {
        Transport::Stdio => {
            let child = ChildProcess::new(venv_python())
                .arg(py_server())
                .arg("stdio");
            (builder.connect(child).await, None)
        }
        Transport::Http => {
            let server = HttpServer::start(name).await;
            let client = builder
                .connect(StreamableHttpClient::new(server.url.clone()))
                .await;
            (client, Some(server))
        }
    };
    let client = client.unwrap_or_else(|e| panic!("{name}: connecting: {e}"));
    eprintln!(
        "{name}: connected in {:.2?}, speaking {}",
        started.elapsed(),
        client.protocol_version()
    );
    (client, seen, server)
}

/// The text blocks of a tool result, joined; the result must not be an error.
fn text_of(result: &impl serde::Serialize) -> String {
    let result = serde_json::to_value(result).expect("a result serializes");
    assert_ne!(result["isError"], true, "tool error: {result:#}");
    result["content"]
        .as_array()
        .unwrap_or_else(|| panic!("content is a list: {result:#}"))
        .iter()
        .map(|block| {
            assert_eq!(block["type"], "text", "content block {block}");
            block["text"].as_str().expect("text block").to_owned()
        })
        .collect()
}

/// One cell: tools, `add`, `confirm_deploy` answered with `answer`. Checks the negotiated
/// version, the tool list, both results and the one elicitation the handler served.
pub(crate) async fn cell(
    name: &str,
    transport: Transport,
    pinned: Option<ProtocolVersion>,
    answer: Answer,
) {
    let expected = pinned.clone().unwrap_or(ProtocolVersion::V_2026_07_28);
    let run = async {
        let (client, seen, server) = connect(name, transport, pinned, answer).await;
        assert_eq!(client.protocol_version(), expected, "{name}: negotiated");
        assert_eq!(
            client.is_modern(),
            expected == ProtocolVersion::V_2026_07_28,
            "{name}: era"
        );

        let tools = client.list_all_tools().await.expect("tools/list");
        let names: Vec<&str> = tools.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["add", "confirm_deploy"], "{name}: tools");
        let deploy = serde_json::to_value(&tools[1].input_schema).expect("schema");
        assert_eq!(
            deploy["properties"]
                .as_object()
                .map(|p| p.keys().map(String::as_str).collect::<Vec<_>>()),
            Some(vec!["target"]),
            "{name}: the resolved parameter is not an argument: {deploy:#}"
        );

        let sum = client
            .call_tool("add", json!({"a": 2, "b": 3}))
            .await
            .expect("tools/call add");
        assert_eq!(text_of(&sum), "5", "{name}: add");
        assert_eq!(sum.structured_content, Some(json!({"result": 5})), "{name}");
        assert!(seen.lock().unwrap().is_empty(), "{name}: add asks nothing");

        if client.is_modern() {
            // One round by hand: the Python resolver answers `input_required` with the form.
            crate::common::assert_round_one_asks_a_form(
                &client,
                name,
                json!({"name": "confirm_deploy", "arguments": {"target": "production"}}),
            )
            .await;
            assert!(
                seen.lock().unwrap().is_empty(),
                "{name}: nothing answered yet"
            );
        }

        let deployed = client
            .call_tool("confirm_deploy", json!({"target": "production"}))
            .await
            .expect("tools/call confirm_deploy");
        let want = match answer {
            Answer::Accept => "deployed",
            Answer::Decline => "not deployed",
        };
        assert_eq!(text_of(&deployed), want, "{name}: confirm_deploy");

        let seen = std::mem::take(&mut *seen.lock().unwrap());
        crate::common::assert_one_deploy_form(name, "confirm_deploy", &seen);

        client.shutdown().await;
        if let Some(mut server) = server {
            server.passed = true;
        }
    };
    let started = Instant::now();
    tokio::time::timeout(TEST_TIMEOUT, run)
        .await
        .unwrap_or_else(|_| panic!("{name}: did not finish within {TEST_TIMEOUT:?}"));
    eprintln!("{name}: {:.2?}", started.elapsed());
}
