//! A client program: it starts an MCP server as a child process, connects to it with
//! tether-mcp's `Client`, lists the server's tools, calls one, answers the server's
//! elicitation requests on the user's behalf, and prints everything on stdout.
//!
//! ```text
//! client [--protocol-version V] [--tool NAME] [--arguments JSON] [--answer KEY=VALUE]...
//!        [--decline] [--] [SERVER [ARGS...]]
//! ```
//!
//! - `SERVER [ARGS...]`: the server command. Without one, the `TETHER_MCP_SERVER` environment
//!   variable names the server program, and without that the `stdio-server` example next to
//!   this binary is started (build it first: `cargo build -p tether-mcp-examples`).
//! - `--protocol-version V`: pin a revision (for example `2025-11-25`, the legacy era with the
//!   `initialize` handshake). Without it the client probes for 2026-07-28 (`server/discover`)
//!   and falls back to `initialize`.
//! - `--tool NAME` (default `deploy`) and `--arguments JSON` (default `{}`): the call.
//! - `--answer KEY=VALUE`: how to fill the form field `KEY` when the server asks. Fields
//!   without an answer get a default: `true`, the first choice of an enum, the minimum of a
//!   number (or 0), or the string `tether`. `--decline` declines every elicitation instead.
//!
//! On a legacy revision each elicitation arrives as a nested request; on 2026-07-28 as an
//! input request of a Multi Round-Trip round, which the client answers and retries: the same
//! handler serves both.
//!
//! The output, one line each: `connected: ...`, `tool: NAME: DESCRIPTION` per tool,
//! `elicitation: MESSAGE` and `answer: ...` per question, `progress: ...` per progress
//! notification, and `result: TEXT` per text block of the result (`error result: TEXT` if the
//! tool failed, and the exit status is 1).
//!
//! ```sh
//! cargo build -p tether-mcp-examples
//! cargo run -p tether-mcp-examples --bin client
//! cargo run -p tether-mcp-examples --bin client -- --protocol-version 2025-11-25 \
//!     --tool add --arguments '{"a": 2, "b": 3}'
//! ```

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::Value;
use tether_mcp::ProtocolVersion;
use tether_mcp::client::{Client, Origin};
use tether_mcp::transport::ChildProcess;
use tether_mcp::types::{
    ContentBlock, ElicitRequestParams, ElicitResult, ElicitValue, ErrorObject,
};

/// The environment variable naming the default server program.
const SERVER_VARIABLE: &str = "TETHER_MCP_SERVER";

/// What the command line asks for.
#[derive(Debug)]
struct Options {
    protocol_version: Option<ProtocolVersion>,
    tool: String,
    arguments: serde_json::Map<String, Value>,
    answers: BTreeMap<String, String>,
    decline: bool,
    server: Vec<OsString>,
}

const USAGE: &str = "usage: client [--protocol-version V] [--tool NAME] [--arguments JSON] \
                     [--answer KEY=VALUE]... [--decline] [--] [SERVER [ARGS...]]";

fn parse_options(mut args: impl Iterator<Item = OsString>) -> Result<Options, String> {
    let mut options = Options {
        protocol_version: None,
        tool: "deploy".to_owned(),
        arguments: serde_json::Map::new(),
        answers: BTreeMap::new(),
        decline: false,
        server: Vec::new(),
    };
    let value = |flag: &str, value: Option<OsString>| -> Result<String, String> {
        value
            .ok_or_else(|| format!("{flag} needs a value"))?
            .into_string()
            .map_err(|_| format!("the value of {flag} is not UTF-8"))
    };
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--protocol-version") => {
                options.protocol_version = Some(value("--protocol-version", args.next())?.into());
            }
            Some("--tool") => options.tool = value("--tool", args.next())?,
            Some("--arguments") => {
                let json = value("--arguments", args.next())?;
                options.arguments = serde_json::from_str(&json)
                    .map_err(|e| format!("--arguments must be a JSON object: {e}"))?;
            }
            Some("--answer") => {
                let answer = value("--answer", args.next())?;
                let (key, value) = answer
                    .split_once('=')
                    .ok_or_else(|| format!("--answer takes KEY=VALUE, not `{answer}`"))?;
                options.answers.insert(key.to_owned(), value.to_owned());
            }
            Some("--decline") => options.decline = true,
            Some("-h" | "--help") => return Err(USAGE.to_owned()),
            Some("--") => {
                options.server.extend(args.by_ref());
            }
            Some(flag) if flag.starts_with("--") && options.server.is_empty() => {
                return Err(format!("unknown option {flag}\n{USAGE}"));
            }
            _ => {
                options.server.push(arg);
                options.server.extend(args.by_ref());
            }
        }
    }
    Ok(options)
}

/// The server to start: the command line's, `$TETHER_MCP_SERVER`, or the `stdio-server`
/// example next to this binary.
fn server_command(options: &Options) -> Result<ChildProcess, String> {
    if let Some((program, args)) = options.server.split_first() {
        return Ok(ChildProcess::new(program).args(args));
    }
    if let Some(program) = std::env::var_os(SERVER_VARIABLE) {
        return Ok(ChildProcess::new(program));
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate this program: {e}"))?;
    let sibling = exe.with_file_name(format!("stdio-server{}", std::env::consts::EXE_SUFFIX));
    if sibling.exists() {
        Ok(ChildProcess::new(sibling))
    } else {
        Err(format!(
            "no server given, {SERVER_VARIABLE} is not set, and {} does not exist \
             (build it: cargo build -p tether-mcp-examples --bin stdio-server)\n{USAGE}",
            sibling.display()
        ))
    }
}

/// The value to give the form field `schema`: the user's `answer`, or a default.
fn fill(schema: &Value, answer: Option<&str>) -> Result<ElicitValue, String> {
    let kind = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("string");
    let choices: Vec<&str> = match (schema.get("enum"), schema.get("oneOf")) {
        (Some(Value::Array(values)), _) => values.iter().filter_map(Value::as_str).collect(),
        (_, Some(Value::Array(options))) => options
            .iter()
            .filter_map(|o| o.get("const").and_then(Value::as_str))
            .collect(),
        _ => Vec::new(),
    };
    let minimum = schema.get("minimum").and_then(Value::as_f64).unwrap_or(0.0);
    Ok(match (kind, answer) {
        ("boolean", None) => ElicitValue::Boolean(true),
        ("boolean", Some(a)) => ElicitValue::Boolean(
            a.parse()
                .map_err(|_| format!("`{a}` is not true or false"))?,
        ),
        ("integer", None) => ElicitValue::Integer(minimum as i64),
        ("integer", Some(a)) => {
            ElicitValue::Integer(a.parse().map_err(|_| format!("`{a}` is not an integer"))?)
        }
        ("number", None) => ElicitValue::Number(minimum),
        ("number", Some(a)) => {
            ElicitValue::Number(a.parse().map_err(|_| format!("`{a}` is not a number"))?)
        }
        ("array", answer) => {
            let items = schema.get("items").cloned().unwrap_or(Value::Null);
            match answer {
                Some(a) => ElicitValue::Strings(a.split(',').map(str::to_owned).collect()),
                None => match fill(&items, None)? {
                    ElicitValue::String(first) => ElicitValue::Strings(vec![first]),
                    _ => ElicitValue::Strings(Vec::new()),
                },
            }
        }
        (_, Some(a)) if !choices.is_empty() && !choices.contains(&a) => {
            return Err(format!("`{a}` is not one of {}", choices.join(", ")));
        }
        (_, Some(a)) => ElicitValue::String(a.to_owned()),
        (_, None) => ElicitValue::String(choices.first().copied().unwrap_or("tether").to_owned()),
    })
}

fn show(value: &ElicitValue) -> String {
    match value {
        ElicitValue::String(s) => s.clone(),
        ElicitValue::Boolean(b) => b.to_string(),
        ElicitValue::Integer(i) => i.to_string(),
        ElicitValue::Number(n) => n.to_string(),
        ElicitValue::Strings(s) => s.join(","),
    }
}

/// Answers one elicitation from the command line's answers, printing the question and the
/// answer.
fn answer(
    params: &ElicitRequestParams,
    origin: &Origin,
    answers: &BTreeMap<String, String>,
    decline: bool,
) -> Result<ElicitResult, ErrorObject> {
    let ElicitRequestParams::Form(form) = params else {
        println!("elicitation: a URL elicitation (declined)");
        return Ok(ElicitResult::decline());
    };
    let serving = match origin {
        Origin::Call {
            name: Some(name), ..
        } => format!(" (for {name})"),
        _ => String::new(),
    };
    println!("elicitation: {}{serving}", form.message);
    if decline {
        println!("answer: declined");
        return Ok(ElicitResult::decline());
    }
    let schema = serde_json::to_value(&form.requested_schema).unwrap_or(Value::Null);
    let mut content = Vec::new();
    for name in form.requested_schema.properties.keys() {
        let field = &schema["properties"][name];
        let value = fill(field, answers.get(name).map(String::as_str))
            .map_err(|e| ErrorObject::new(-32602, format!("field `{name}`: {e}")))?;
        println!("answer: {name}={}", show(&value));
        content.push((name.clone(), value));
    }
    Ok(ElicitResult::accept(content))
}

async fn run(options: Options) -> Result<bool, String> {
    let child = server_command(&options)?;
    let answers = Arc::new(options.answers);
    let decline = options.decline;
    let mut builder = Client::builder()
        .name("tether-mcp-example-client", env!("CARGO_PKG_VERSION"))
        .on_elicitation(move |params, origin| {
            let answered = answer(&params, &origin, &answers, decline);
            async move { answered }
        });
    if let Some(version) = options.protocol_version {
        builder = builder.protocol_version(version);
    }
    let client = builder
        .connect(child)
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    let server = client
        .server_info()
        .map(|i| format!("{} {}", i.name, i.version))
        .unwrap_or_else(|| "an unnamed server".to_owned());
    let era = if client.is_modern() {
        "modern"
    } else {
        "legacy"
    };
    println!(
        "connected: {server}, protocol {} ({era})",
        client.protocol_version()
    );

    let tools = client
        .list_all_tools()
        .await
        .map_err(|e| format!("tools/list failed: {e}"))?;
    for tool in &tools {
        println!(
            "tool: {}: {}",
            tool.name,
            tool.description.as_deref().unwrap_or("(no description)")
        );
    }
    if !tools.iter().any(|t| t.name == options.tool) {
        client.shutdown().await;
        return Err(format!("the server has no tool `{}`", options.tool));
    }

    println!("calling: {}", options.tool);
    let outcome = client
        .call_tool(&options.tool, &options.arguments)
        .on_progress(|p| {
            let total = p.total.map(|t| format!(" of {t}")).unwrap_or_default();
            let message = p.message.map(|m| format!(": {m}")).unwrap_or_default();
            println!("progress: {}{total}{message}", p.progress);
        })
        .await;
    client.shutdown().await;
    let result = outcome.map_err(|e| format!("tools/call {} failed: {e}", options.tool))?;
    let failed = result.is_error == Some(true);
    for block in &result.content {
        let text = match block {
            ContentBlock::Text(t) => t.text.clone(),
            other => serde_json::to_string(other).unwrap_or_default(),
        };
        if failed {
            println!("error result: {text}");
        } else {
            println!("result: {text}");
        }
    }
    if let Some(structured) = &result.structured_content {
        println!("structured: {structured}");
    }
    Ok(!failed)
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_options(std::env::args_os().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(options).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("client: {message}");
            ExitCode::from(2)
        }
    }
}
