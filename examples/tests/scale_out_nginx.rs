//! Scale-out behind a real load balancer: three replicas of the `http-server` example, sharing
//! one sealing key (`TETHER_SEALING_KEY`), behind nginx with plain round-robin (no sticky
//! sessions). Our 2026-07-28 client, pointed at nginx, makes multi-round `onboard` calls
//! (elicitation, then sampling, then roots: four `tools/call` POSTs each); nginx spreads the
//! rounds of each call over the replicas, and every call completes.
//!
//! Each replica names itself (`TETHER_REPLICA`) in an `x-tether-replica` response header; nginx
//! logs it for every request (`$upstream_http_x_tether_replica`), with the upstream address it
//! chose, the `Mcp-Method` of the request and an `x-scale-call` header each call's client sends,
//! so the test can tell which replica served which round of which call. It checks that the name
//! a replica gives matches the address nginx sent the request to.
//!
//! Everything lives under `<workspace>/target/nginx/<unique>/` (config, pid, logs, temp paths;
//! removed when the test passes); nginx and the replicas are children of the test, stopped on
//! drop, also when the test panics. nginx comes from `PATH` or `/usr/sbin/nginx`
//! (`scripts/install-nginx` installs Debian's package). Ignored by default; run it with
//! `cargo test -p tether-mcp-examples --test scale_out_nginx -- --include-ignored`.

#[path = "interop/common.rs"]
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tether_mcp::client::Client;
use tether_mcp::transport::http_client::StreamableHttpClient;
use tether_mcp::types::{
    CreateMessageResult, ElicitRequestParams, ElicitResult, ElicitValue, ListRootsResult,
    ProtocolVersion, Root,
};

/// The replicas behind nginx.
const REPLICAS: [&str; 3] = ["r1", "r2", "r3"];
/// The multi-round calls made through nginx.
const CALLS: usize = 3;
/// `tools/call` POSTs of one `onboard` call: three asks, one per round, then the result.
const ROUNDS: usize = 4;
/// The key every replica seals with (`<id>:<hex secret>`).
const SEALING_KEY: &str =
    "scale-test:5c0a1e0f7e57c0de5c0a1e0f7e57c0de5c0a1e0f7e57c0de5c0a1e0f7e57c0de";
/// What `onboard` answers with this test's client answers.
const ONBOARDED: &str = "onboarded scale: a summary; roots file:///scale";
/// How long a child may take to get ready (print its `listening` line, accept connections).
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one call may take end to end.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// nginx waits this long for a replica's answer: longer than the whole test may take.
const PROXY_READ_TIMEOUT_S: u64 = 300;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the examples package sits in the workspace")
        .to_path_buf()
}

/// The nginx binary: `nginx` on `PATH`, or `/usr/sbin/nginx` (not on a non-root `PATH` on
/// Debian). Missing, it is a failure (this test only runs when asked for, and under `CI=true`
/// `.ci/run` should have installed it).
fn nginx_binary() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .map(|dir| dir.join("nginx"))
        .find(|candidate| candidate.is_file());
    if let Some(found) = on_path {
        return found;
    }
    let sbin = PathBuf::from("/usr/sbin/nginx");
    if sbin.is_file() {
        return sbin;
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "CI=true but nginx is missing (not on PATH, no /usr/sbin/nginx); .ci/run should \
             have installed it with scripts/install-nginx"
        );
    }
    panic!(
        "nginx is missing (not on PATH, no /usr/sbin/nginx); install it from the workspace root \
         with: scripts/install-nginx   (as root; Debian's `nginx` package)"
    );
}

/// A port that was free a moment ago on 127.0.0.1.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A running `http-server` replica, killed (and reaped) on drop.
struct Replica {
    name: &'static str,
    addr: SocketAddr,
    log: PathBuf,
    child: Child,
}

impl Replica {
    /// Starts replica `name` on a free port, its stderr (a line per request) in `dir`, and waits
    /// (bounded) for its `listening` line.
    fn start(name: &'static str, dir: &Path) -> Self {
        let log = dir.join(format!("replica-{name}.log"));
        let stderr = std::fs::File::create(&log).expect("the replica's log file");
        let child = Command::new(env!("CARGO_BIN_EXE_http-server"))
            .env("PORT", "0")
            .env("TETHER_SEALING_KEY", SEALING_KEY)
            .env("TETHER_REPLICA", name)
            .env_remove("TETHER_PREVIOUS_SEALING_KEY")
            .env_remove("TETHER_PREVIOUS_SEALING_KEY_ACCEPT_SECS")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("spawning http-server");
        let mut replica = Self {
            name,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            log,
            child,
        };
        let url = common::listening_url(&mut replica.child, &format!("replica {name}"));
        let port: u16 = url
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix("/mcp"))
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("replica {name} listens on {url}"));
        replica.addr = SocketAddr::from(([127, 0, 0, 1], port));
        replica
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// nginx in front of the replicas, stopped (`nginx -s stop`, then killed if it lingers) on drop.
struct Nginx {
    binary: PathBuf,
    dir: PathBuf,
    conf: PathBuf,
    port: u16,
    child: Child,
}

impl Nginx {
    /// nginx's arguments for this instance: everything under `dir`, even the error log of
    /// start-up (`-e`, before the config is read).
    fn command(binary: &Path, dir: &Path, conf: &Path) -> Command {
        let mut command = Command::new(binary);
        command
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(conf)
            .arg("-e")
            .arg(dir.join("error.log"));
        command
    }

    /// Starts nginx on a free port in front of `replicas` (a few tries: the port is picked
    /// before nginx binds it).
    fn start(dir: &Path, replicas: &[Replica]) -> Self {
        let binary = nginx_binary();
        let conf = dir.join("nginx.conf");
        let mut failures = String::new();
        for attempt in 1..=3 {
            let port = free_port();
            std::fs::write(&conf, config(dir, port, replicas)).expect("writing nginx.conf");
            let child = Self::command(&binary, dir, &conf)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("spawning {}: {e}", binary.display()));
            let mut nginx = Self {
                binary: binary.clone(),
                dir: dir.to_owned(),
                conf: conf.clone(),
                port,
                child,
            };
            let deadline = Instant::now() + READY_TIMEOUT;
            loop {
                if let Ok(Some(status)) = nginx.child.try_wait() {
                    let _ = writeln!(
                        failures,
                        "attempt {attempt} (port {port}): nginx exited with {status}"
                    );
                    break;
                }
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return nginx;
                }
                if Instant::now() > deadline {
                    panic!(
                        "nginx did not listen on {port} within {READY_TIMEOUT:?}; error.log: {}",
                        read(&dir.join("error.log"))
                    );
                }
                thread::sleep(Duration::from_millis(20));
            }
        }
        panic!(
            "nginx did not start:\n{failures}error.log: {}",
            read(&dir.join("error.log"))
        );
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/mcp", self.port)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // `-s stop` signals the master through the pid file: it stops its workers and exits.
        let _ = Self::command(&self.binary, &self.dir, &self.conf)
            .args(["-s", "stop"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The config of the test's nginx: one `upstream` of the replicas, round-robin, no stickiness;
/// streaming answers (SSE) passed on as they come; every path inside `dir`.
fn config(dir: &Path, port: u16, replicas: &[Replica]) -> String {
    let dir = dir.display();
    let servers: String = replicas
        .iter()
        .map(|r| format!("        server {};\n", r.addr))
        .collect();
    format!(
        r#"# Generated by examples/tests/scale_out_nginx.rs.
daemon off;
master_process on;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;

events {{
    worker_connections 256;
}}

http {{
    client_body_temp_path {dir}/client_body_temp;
    proxy_temp_path {dir}/proxy_temp;
    fastcgi_temp_path {dir}/fastcgi_temp;
    uwsgi_temp_path {dir}/uwsgi_temp;
    scgi_temp_path {dir}/scgi_temp;

    # Which replica served each request: the address nginx picked and the name the replica
    # gave in its x-tether-replica header.
    log_format scale '$msec\t$http_x_scale_call\t$http_mcp_method\t$status\t$upstream_addr\t$upstream_http_x_tether_replica';
    access_log {dir}/access.log scale;

    upstream tether_replicas {{
        # Round-robin (the default): no ip_hash, no hash on Mcp-Session-Id, no sticky cookie.
{servers}        keepalive 16;
    }}

    server {{
        listen 127.0.0.1:{port};
        # The replicas accept messages up to Limits::max_message_bytes (4 MiB by default).
        client_max_body_size 4m;

        location / {{
            proxy_pass http://tether_replicas;
            proxy_http_version 1.1;
            # Keep-alive to the replicas (no `Connection: close`), and the client's Host, which
            # the replicas' DNS-rebinding check accepts (127.0.0.1).
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            # SSE answers and streams go through as they are written.
            proxy_buffering off;
            proxy_cache off;
            proxy_read_timeout {PROXY_READ_TIMEOUT_S}s;
            proxy_send_timeout {PROXY_READ_TIMEOUT_S}s;
        }}
    }}
}}
"#
    )
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| format!("(unreadable {}: {e})", path.display()))
}

/// One line of nginx's access log.
#[derive(Debug)]
struct Served {
    call: String,
    mcp_method: String,
    status: String,
    upstream: String,
    replica: String,
}

fn access_log(dir: &Path) -> Vec<Served> {
    read(&dir.join("access.log"))
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [_, call, mcp_method, status, upstream, replica] = fields[..] else {
                return None;
            };
            Some(Served {
                call: call.to_owned(),
                mcp_method: mcp_method.to_owned(),
                status: status.to_owned(),
                upstream: upstream.to_owned(),
                replica: replica.to_owned(),
            })
        })
        .collect()
}

/// A 2026-07-28 client (no probe) of `url` sending `x-scale-call: <call>` on every request,
/// answering the `onboard` asks: project `scale`, summary `a summary`, root `file:///scale`.
async fn onboarding_client(url: &str, call: &str) -> Client {
    let http = StreamableHttpClient::new(url)
        .header("x-scale-call", call)
        .expect("a valid header");
    let connect = Client::builder()
        .name("scale-out-nginx", "0.0.1")
        .protocol_version(ProtocolVersion::V_2026_07_28)
        .on_elicitation(|params, _| async move {
            let ElicitRequestParams::Form(form) = params else {
                return Ok(ElicitResult::decline());
            };
            let fields = form
                .requested_schema
                .properties
                .keys()
                .map(|name| (name.clone(), ElicitValue::String("scale".into())))
                .collect::<Vec<_>>();
            Ok(ElicitResult::accept(fields))
        })
        .on_sampling(|_, _| async { Ok(CreateMessageResult::text("m", "a summary")) })
        .on_roots(|_| async {
            Ok(ListRootsResult {
                roots: vec![Root {
                    uri: "file:///scale".into(),
                    ..Default::default()
                }],
                ..Default::default()
            })
        })
        .connect(http);
    let client = tokio::time::timeout(CALL_TIMEOUT, connect)
        .await
        .expect("connected in time")
        .expect("connected");
    assert!(client.is_modern(), "the client speaks 2026-07-28");
    client
}

#[test]
#[ignore = "needs peers; .ci/run installs them"]
fn rounds_of_one_call_are_served_by_different_replicas_behind_nginx() {
    let started = Instant::now();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = workspace()
        .join("target/nginx")
        .join(format!("scale-out-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("the test's nginx directory");

    // Dropped in reverse order: nginx first, then the replicas (on a panic too).
    let replicas: Vec<Replica> = REPLICAS.iter().map(|n| Replica::start(n, &dir)).collect();
    let nginx = Nginx::start(&dir, &replicas);
    let by_addr: BTreeMap<String, &str> = replicas
        .iter()
        .map(|r| (r.addr.to_string(), r.name))
        .collect();
    let context = || {
        format!(
            "test directory {}\naccess.log:\n{}\nerror.log (tail):\n{}\n{}",
            dir.display(),
            read(&dir.join("access.log")),
            read(&dir.join("error.log"))
                .lines()
                .rev()
                .take(20)
                .collect::<Vec<_>>()
                .join("\n"),
            replicas
                .iter()
                .map(|r| format!("replica {} ({}):\n{}", r.name, r.addr, read(&r.log)))
                .collect::<Vec<_>>()
                .join("\n")
        )
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let url = nginx.url();
    let calls: Vec<String> = (1..=CALLS).map(|n| format!("onboard-{n}")).collect();
    runtime.block_on(async {
        for call in &calls {
            let client = onboarding_client(&url, call).await;
            let outcome =
                tokio::time::timeout(CALL_TIMEOUT, client.call_tool("onboard", ()).into_future())
                    .await
                    .unwrap_or_else(|_| panic!("{call} took over {CALL_TIMEOUT:?}\n{}", context()));
            let result = outcome.unwrap_or_else(|e| panic!("{call} failed: {e}\n{}", context()));
            assert_eq!(result.is_error, None, "{call}: {result:?}");
            assert_eq!(result.text(), ONBOARDED, "{call}");
            client.shutdown().await;
        }
    });

    // nginx logs a request once it is done; give the last one a moment.
    let deadline = Instant::now() + Duration::from_secs(5);
    let rounds_of = |log: &[Served], call: &str| {
        log.iter()
            .filter(|s| s.call == call && s.mcp_method == "tools/call")
            .count()
    };
    let mut log = access_log(&dir);
    while calls.iter().any(|c| rounds_of(&log, c) < ROUNDS) && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(50));
        log = access_log(&dir);
    }

    let mut spread = Vec::new();
    for call in &calls {
        let rounds: Vec<&Served> = log
            .iter()
            .filter(|s| &s.call == call && s.mcp_method == "tools/call")
            .collect();
        assert_eq!(
            rounds.len(),
            ROUNDS,
            "{call}: one tools/call POST per round\n{}",
            context()
        );
        for served in &rounds {
            assert_eq!(served.status, "200", "{call}: {served:?}\n{}", context());
            let by_address = by_addr.get(&served.upstream).copied();
            assert_eq!(
                by_address,
                Some(served.replica.as_str()),
                "{call}: the replica nginx reached names itself in x-tether-replica: \
                 {served:?}\n{}",
                context()
            );
        }
        let order: Vec<&str> = rounds.iter().map(|s| s.replica.as_str()).collect();
        let distinct: BTreeSet<&str> = order.iter().copied().collect();
        eprintln!(
            "{call}: {} rounds served by {} replicas: {}",
            order.len(),
            distinct.len(),
            order.join(" -> ")
        );
        spread.push(distinct.len());
    }
    assert!(
        spread.iter().any(|&replicas| replicas >= 2),
        "at least one completed call had its rounds served by two replicas or more: {spread:?}\n{}",
        context()
    );
    let used: BTreeSet<&str> = log.iter().map(|s| s.replica.as_str()).collect();
    let mut methods = BTreeMap::<&str, usize>::new();
    for served in &log {
        *methods.entry(served.mcp_method.as_str()).or_default() += 1;
    }
    eprintln!(
        "replicas used: {used:?}; requests through nginx by Mcp-Method: {methods:?}; {:?}",
        started.elapsed()
    );

    drop(nginx);
    drop(replicas);
    let _ = std::fs::remove_dir_all(&dir);
}
