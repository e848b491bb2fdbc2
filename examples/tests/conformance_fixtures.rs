//! Fast in-process checks of the conformance fixtures (`tether_mcp_examples::conformance`) over
//! the in-memory duplex, with a tiny JSON-lines client: the payloads the conformance suite's
//! server scenarios check, in both eras.

use std::time::Duration;

use serde_json::{Value, json};
use tether_mcp::transport::memory::duplex;
use tether_mcp_examples::conformance;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines, ReadHalf, WriteHalf};
use tokio::io::{DuplexStream, split};

const MODERN: &str = "2026-07-28";
const LEGACY: &str = "2025-11-25";

/// A raw JSON-lines client of one in-memory connection to the conformance server.
struct Client {
    lines: Lines<BufReader<ReadHalf<DuplexStream>>>,
    writer: WriteHalf<DuplexStream>,
    /// Kept so the connection lives as long as the client.
    _connection: tether_mcp::Connection,
    next_id: i64,
}

impl Client {
    fn connect() -> Self {
        let server = conformance::server();
        let (server_side, client_side) = duplex(256 * 1024);
        let connection = server.spawn(server_side);
        let (read, writer) = split(client_side);
        Self {
            lines: BufReader::new(read).lines(),
            writer,
            _connection: connection,
            next_id: 0,
        }
    }

    /// A legacy session, initialized at 2025-11-25 with `capabilities`.
    async fn legacy(capabilities: Value) -> Self {
        let mut client = Self::connect();
        let init = client
            .request(
                "initialize",
                json!({
                    "protocolVersion": LEGACY,
                    "capabilities": capabilities,
                    "clientInfo": {"name": "conformance-fixtures", "version": "0.0.0"},
                }),
            )
            .await;
        assert_eq!(init["result"]["protocolVersion"], LEGACY, "{init}");
        client
            .send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
            .await;
        client
    }

    async fn send(&mut self, message: Value) {
        let mut line = message.to_string();
        line.push('\n');
        self.writer.write_all(line.as_bytes()).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    /// The next message the server writes.
    async fn read(&mut self) -> Value {
        let line = tokio::time::timeout(Duration::from_secs(5), self.lines.next_line())
            .await
            .expect("the server answers within 5 s")
            .unwrap()
            .expect("the connection is open");
        serde_json::from_str(&line).unwrap()
    }

    /// Sends a request; returns its response, and the notifications that came before it.
    async fn call(&mut self, method: &str, params: Value) -> (Value, Vec<Value>) {
        let (response, notifications, requests) = self.answering(method, params, |_| None).await;
        assert!(
            requests.is_empty(),
            "no server-to-client request expected here: {requests:?}"
        );
        (response, notifications)
    }

    /// Sends a request, answering the server's nested requests with `answer` (its result);
    /// returns the response, the notifications and the nested requests seen before it.
    async fn answering(
        &mut self,
        method: &str,
        params: Value,
        answer: impl Fn(&Value) -> Option<Value>,
    ) -> (Value, Vec<Value>, Vec<Value>) {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        let (mut notifications, mut requests) = (Vec::new(), Vec::new());
        loop {
            let message = self.read().await;
            if message["id"] == id && message.get("method").is_none() {
                return (message, notifications, requests);
            }
            if message.get("id").is_none() {
                notifications.push(message);
                continue;
            }
            if let Some(result) = answer(&message) {
                let reply = json!({"jsonrpc": "2.0", "id": message["id"], "result": result});
                self.send(reply).await;
            }
            requests.push(message);
        }
    }

    async fn request(&mut self, method: &str, params: Value) -> Value {
        self.call(method, params).await.0
    }

    /// A 2026-07-28 request: `params` with the per-request `_meta` merged in.
    async fn modern(&mut self, method: &str, mut params: Value, capabilities: Value) -> Value {
        let meta = params
            .as_object_mut()
            .unwrap()
            .entry("_meta")
            .or_insert_with(|| json!({}));
        meta["io.modelcontextprotocol/protocolVersion"] = json!(MODERN);
        meta["io.modelcontextprotocol/clientCapabilities"] = capabilities;
        meta["io.modelcontextprotocol/clientInfo"] =
            json!({"name": "conformance-fixtures", "version": "0.0.0"});
        self.request(method, params).await
    }
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list["result"][key]
        .as_array()
        .unwrap_or_else(|| panic!("a {key} list: {list}"))
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect()
}

fn first_text(response: &Value) -> &str {
    response["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_else(|| panic!("a text result: {response}"))
}

const EVERY_ERA_TOOLS: [&str; 14] = [
    "test_simple_text",
    "test_image_content",
    "test_audio_content",
    "test_embedded_resource",
    "test_multiple_content_types",
    "test_tool_with_logging",
    "test_tool_with_progress",
    "test_error_handling",
    "test_sampling",
    "test_elicitation",
    "test_elicitation_sep1034_defaults",
    "test_elicitation_sep1330_enums",
    "test_reconnection",
    "json_schema_2020_12_tool",
];

const MODERN_TOOLS: [&str; 13] = [
    "test_streaming_elicitation",
    "test_missing_capability",
    "test_logging_tool",
    "test_trigger_tool_change",
    "test_trigger_prompt_change",
    "test_input_required_result_elicitation",
    "test_input_required_result_sampling",
    "test_input_required_result_list_roots",
    "test_input_required_result_request_state",
    "test_input_required_result_multiple_inputs",
    "test_input_required_result_multi_round",
    "test_input_required_result_tampered_state",
    "test_input_required_result_capabilities",
];

#[tokio::test]
async fn tools_list_names_every_fixture_tool_in_each_era() {
    let mut legacy = Client::legacy(json!({})).await;
    let listed = names(&legacy.request("tools/list", json!({})).await, "tools");
    for tool in EVERY_ERA_TOOLS {
        assert!(listed.iter().any(|t| t == tool), "{tool} in {listed:?}");
    }
    assert_eq!(listed.len(), EVERY_ERA_TOOLS.len(), "{listed:?}");

    let mut modern = Client::connect();
    let list = modern.modern("tools/list", json!({}), json!({})).await;
    let listed = names(&list, "tools");
    for tool in EVERY_ERA_TOOLS.iter().chain(&MODERN_TOOLS) {
        assert!(listed.iter().any(|t| t == tool), "{tool} in {listed:?}");
    }
    // json-schema-2020-12: the inputSchema is listed as written.
    let schema = &list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "json_schema_2020_12_tool")
        .unwrap()["inputSchema"];
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["$defs"]["address"]["$anchor"], "addressDef");
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(schema["then"], json!({"required": ["phone"]}));
}

#[tokio::test]
async fn content_tools_answer_the_reference_payloads() {
    let mut client = Client::legacy(json!({})).await;
    let call = |name: &str| json!({"name": name, "arguments": {}});
    let simple = client.request("tools/call", call("test_simple_text")).await;
    assert_eq!(
        first_text(&simple),
        "This is a simple text response for testing."
    );
    let audio = client
        .request("tools/call", call("test_audio_content"))
        .await;
    assert_eq!(audio["result"]["content"][0]["type"], "audio");
    assert_eq!(audio["result"]["content"][0]["mimeType"], "audio/wav");
    let mixed = client
        .request("tools/call", call("test_multiple_content_types"))
        .await;
    let kinds: Vec<&str> = mixed["result"]["content"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["text", "image", "resource"]);
    let error = client
        .request("tools/call", call("test_error_handling"))
        .await;
    assert_eq!(error["result"]["isError"], true, "{error}");
}

#[tokio::test]
async fn progress_is_0_50_100_under_the_request_token_on_legacy() {
    let mut client = Client::legacy(json!({})).await;
    let (response, notifications) = client
        .call(
            "tools/call",
            json!({
                "name": "test_tool_with_progress",
                "arguments": {},
                "_meta": {"progressToken": "progress-test-1"},
            }),
        )
        .await;
    assert_eq!(first_text(&response), "progress-test-1");
    let progress: Vec<(f64, f64)> = notifications
        .iter()
        .filter(|n| n["method"] == "notifications/progress")
        .map(|n| {
            assert_eq!(n["params"]["progressToken"], "progress-test-1");
            let p = &n["params"];
            (
                p["progress"].as_f64().unwrap(),
                p["total"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(progress, [(0.0, 100.0), (50.0, 100.0), (100.0, 100.0)]);
}

#[tokio::test]
async fn logging_tool_logs_three_infos_on_legacy_and_nothing_without_a_modern_log_level() {
    let mut legacy = Client::legacy(json!({})).await;
    let (response, notifications) = legacy
        .call(
            "tools/call",
            json!({"name": "test_tool_with_logging", "arguments": {}}),
        )
        .await;
    assert_eq!(
        first_text(&response),
        "Tool with logging executed successfully"
    );
    let logs: Vec<&Value> = notifications
        .iter()
        .filter(|n| n["method"] == "notifications/message")
        .map(|n| &n["params"]["data"])
        .collect();
    assert_eq!(
        logs,
        [
            "Tool execution started",
            "Tool processing data",
            "Tool execution completed"
        ]
    );

    let mut modern = Client::connect();
    modern.next_id = 100;
    let params = json!({"name": "test_logging_tool", "arguments": {}});
    let mut params_with_meta = params.clone();
    params_with_meta["_meta"] = json!({
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientCapabilities": {},
    });
    let (response, notifications) = modern.call("tools/call", params_with_meta).await;
    assert_eq!(first_text(&response), "Logging evaluated");
    assert!(notifications.is_empty(), "{notifications:?}");
}

#[tokio::test]
async fn multiple_inputs_is_one_input_required_result_on_2026_07_28() {
    let caps = json!({"elicitation": {}, "sampling": {}, "roots": {}});
    let mut client = Client::connect();
    let params = json!({"name": "test_input_required_result_multiple_inputs", "arguments": {}});
    let round1 = client
        .modern("tools/call", params.clone(), caps.clone())
        .await;
    let result = &round1["result"];
    assert_eq!(result["resultType"], "input_required", "{round1}");
    assert!(result["requestState"].is_string(), "{round1}");
    let requests = result["inputRequests"].as_object().unwrap();
    assert!(requests.len() >= 2, "{round1}");
    let mut methods: Vec<&str> = requests
        .values()
        .map(|r| r["method"].as_str().unwrap())
        .collect();
    methods.sort_unstable();
    assert_eq!(
        methods,
        ["elicitation/create", "roots/list", "sampling/createMessage"]
    );

    // The scenario's answers, by the server's keys.
    let mut responses = serde_json::Map::new();
    for (key, request) in requests {
        let answer = match request["method"].as_str().unwrap() {
            "elicitation/create" => json!({"action": "accept", "content": {"name": "Alice"}}),
            "sampling/createMessage" => json!({
                "role": "assistant", "content": {"type": "text", "text": "Hello there!"},
                "model": "test-model", "stopReason": "endTurn"
            }),
            _ => json!({"roots": [{"uri": "file:///test/root", "name": "Test Root"}]}),
        };
        responses.insert(key.clone(), answer);
    }
    let mut retry = params;
    retry["inputResponses"] = Value::Object(responses);
    retry["requestState"] = result["requestState"].clone();
    let round2 = client.modern("tools/call", retry, caps).await;
    assert_eq!(round2["result"]["resultType"], "complete", "{round2}");
    assert_eq!(
        first_text(&round2),
        "Name: Alice; Greeting: Hello there!; Roots: 1"
    );
}

#[tokio::test]
async fn input_required_elicitation_uses_the_scenario_key_and_accepts_it_unasked() {
    let caps = json!({"elicitation": {}});
    let mut client = Client::connect();
    let params = json!({"name": "test_input_required_result_elicitation", "arguments": {}});
    let round1 = client
        .modern("tools/call", params.clone(), caps.clone())
        .await;
    assert_eq!(round1["result"]["resultType"], "input_required", "{round1}");
    let request = &round1["result"]["inputRequests"]["user_name"];
    assert_eq!(request["method"], "elicitation/create", "{round1}");
    assert_eq!(request["params"]["message"], "What is your name?");

    // input-required-result-ignore-extra-params: the answer under `user_name` plus unknown keys,
    // without a requestState.
    let mut retry = params;
    retry["inputResponses"] = json!({
        "user_name": {"action": "accept", "content": {"name": "Alice"}},
        "unknown_extra_key": {"action": "accept", "content": {"foo": "bar"}},
    });
    let round2 = client.modern("tools/call", retry, caps).await;
    assert_eq!(first_text(&round2), "Hello, Alice!", "{round2}");
}

#[tokio::test]
async fn tampered_request_state_is_rejected() {
    let caps = json!({"elicitation": {}});
    let mut client = Client::connect();
    let params = json!({"name": "test_input_required_result_tampered_state", "arguments": {}});
    let round1 = client
        .modern("tools/call", params.clone(), caps.clone())
        .await;
    let result = &round1["result"];
    let key = result["inputRequests"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    let mut retry = params;
    retry["inputResponses"] = json!({key: {"action": "accept", "content": {"ok": true}}});
    retry["requestState"] = json!(format!(
        "{}-TAMPERED",
        result["requestState"].as_str().unwrap()
    ));
    let round2 = client.modern("tools/call", retry, caps).await;
    assert_eq!(round2["error"]["code"], -32602, "{round2}");
}

#[tokio::test]
async fn resources_read_static_text_and_template_and_not_found() {
    let mut client = Client::legacy(json!({})).await;
    let text = client
        .request("resources/read", json!({"uri": "test://static-text"}))
        .await;
    let contents = &text["result"]["contents"][0];
    assert_eq!(contents["uri"], "test://static-text");
    assert_eq!(contents["mimeType"], "text/plain");
    assert_eq!(
        contents["text"],
        "This is the content of the static text resource."
    );
    let templated = client
        .request("resources/read", json!({"uri": "test://template/123/data"}))
        .await;
    let data: Value =
        serde_json::from_str(templated["result"]["contents"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(data["id"], "123");

    let mut modern = Client::connect();
    let missing = modern
        .modern(
            "resources/read",
            json!({"uri": "test://nonexistent"}),
            json!({}),
        )
        .await;
    assert_eq!(missing["error"]["code"], -32602, "{missing}");
    assert_eq!(missing["error"]["data"]["uri"], "test://nonexistent");
}

#[tokio::test]
async fn legacy_elicitation_tools_send_the_reference_schemas_as_nested_requests() {
    let mut client = Client::legacy(json!({"elicitation": {}})).await;
    let accept = |_: &Value| Some(json!({"action": "accept", "content": {"name": "Jane"}}));
    let params = json!({"name": "test_elicitation_sep1034_defaults", "arguments": {}});
    let (response, _, requests) = client.answering("tools/call", params, accept).await;
    assert_eq!(
        first_text(&response),
        r#"Elicitation completed: action=accept, content={"name":"Jane"}"#
    );
    let [request] = &requests[..] else {
        panic!("one nested request: {requests:?}")
    };
    assert_eq!(request["method"], "elicitation/create");
    let properties = &request["params"]["requestedSchema"]["properties"];
    assert_eq!(properties["name"]["default"], "John Doe");
    assert_eq!(properties["age"]["type"], "integer");
    assert_eq!(properties["age"]["default"].as_f64(), Some(30.0));
    assert_eq!(properties["score"]["default"], 95.5);
    assert_eq!(properties["status"]["default"], "active");
    assert_eq!(properties["verified"]["default"], true);

    let accept = |_: &Value| Some(json!({"action": "accept", "content": {}}));
    let params = json!({"name": "test_elicitation_sep1330_enums", "arguments": {}});
    let (_, _, requests) = client.answering("tools/call", params, accept).await;
    let properties = &requests[0]["params"]["requestedSchema"]["properties"];
    assert_eq!(
        properties["legacyEnum"]["enumNames"],
        json!(["Option One", "Option Two", "Option Three"])
    );
    assert_eq!(
        properties["titledSingle"]["oneOf"][0]["title"],
        "First Option"
    );
    assert_eq!(
        properties["titledMulti"]["items"]["anyOf"][2]["const"],
        "value3"
    );
    assert_eq!(properties["untitledMulti"]["maxItems"], 3);
}

#[tokio::test]
async fn multi_round_takes_three_rounds_with_a_new_state_each() {
    let caps = json!({"elicitation": {}});
    let mut client = Client::connect();
    let params = json!({"name": "test_input_required_result_multi_round", "arguments": {}});
    let mut state = Value::Null;
    let mut responses = json!({});
    for answer in [json!({"name": "Alice"}), json!({"color": "blue"})] {
        let mut retry = params.clone();
        if !state.is_null() {
            retry["inputResponses"] = responses.clone();
            retry["requestState"] = state.clone();
        }
        let round = client.modern("tools/call", retry, caps.clone()).await;
        assert_eq!(round["result"]["resultType"], "input_required", "{round}");
        assert_ne!(
            round["result"]["requestState"], state,
            "a new state each round"
        );
        state = round["result"]["requestState"].clone();
        let key = round["result"]["inputRequests"]
            .as_object()
            .unwrap()
            .keys()
            .next()
            .unwrap()
            .clone();
        responses = json!({key: {"action": "accept", "content": answer}});
    }
    let mut last = params;
    last["inputResponses"] = responses;
    last["requestState"] = state;
    let done = client.modern("tools/call", last, caps).await;
    assert_eq!(
        first_text(&done),
        "Multi-round complete for Alice who likes blue"
    );
}

#[tokio::test]
async fn capabilities_tool_asks_only_what_the_client_declared() {
    let mut client = Client::connect();
    let params = json!({"name": "test_input_required_result_capabilities", "arguments": {}});
    let round = client
        .modern("tools/call", params, json!({"sampling": {}}))
        .await;
    assert_eq!(round["result"]["resultType"], "input_required", "{round}");
    let methods: Vec<&Value> = round["result"]["inputRequests"]
        .as_object()
        .unwrap()
        .values()
        .map(|r| &r["method"])
        .collect();
    assert_eq!(methods, ["sampling/createMessage"]);
}

#[tokio::test]
async fn missing_capability_is_32021_and_malformed_input_responses_are_not_accepted() {
    let mut client = Client::connect();
    let params = json!({"name": "test_missing_capability", "arguments": {}});
    let refused = client.modern("tools/call", params, json!({})).await;
    assert_eq!(refused["error"]["code"], -32021, "{refused}");
    assert!(refused["error"]["data"]["requiredCapabilities"]["sampling"].is_object());

    // input-required-result-validate-input: a number as an input response.
    let params = json!({
        "name": "test_input_required_result_elicitation",
        "arguments": {},
        "inputResponses": {"user_name": 12345},
    });
    let answer = client
        .modern("tools/call", params, json!({"elicitation": {}}))
        .await;
    assert!(
        answer.get("error").is_some() || answer["result"]["resultType"] == "input_required",
        "{answer}"
    );
}

#[tokio::test]
async fn prompts_answer_the_reference_messages_and_mrtr_on_2026_07_28() {
    let mut client = Client::legacy(json!({})).await;
    let prompt = client
        .request(
            "prompts/get",
            json!({"name": "test_prompt_with_arguments", "arguments": {"arg1": "hello", "arg2": "world"}}),
        )
        .await;
    assert_eq!(
        prompt["result"]["messages"][0]["content"]["text"],
        "Prompt with arguments: arg1='hello', arg2='world'"
    );
    let completion = client
        .request(
            "completion/complete",
            json!({"ref": {"type": "ref/prompt", "name": "test_prompt_with_arguments"},
                   "argument": {"name": "arg1", "value": "par"}}),
        )
        .await;
    assert_eq!(
        completion["result"]["completion"]["values"],
        json!(["paris", "park", "party"])
    );

    let mut modern = Client::connect();
    let caps = json!({"elicitation": {}});
    let params = json!({"name": "test_input_required_result_prompt"});
    let round1 = modern
        .modern("prompts/get", params.clone(), caps.clone())
        .await;
    assert_eq!(round1["result"]["resultType"], "input_required", "{round1}");
    let key = round1["result"]["inputRequests"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    let mut retry = params;
    retry["inputResponses"] =
        json!({key: {"action": "accept", "content": {"context": "test context"}}});
    retry["requestState"] = round1["result"]["requestState"].clone();
    let round2 = modern.modern("prompts/get", retry, caps).await;
    assert_eq!(
        round2["result"]["messages"][0]["content"]["text"], "Prompt with context: test context",
        "{round2}"
    );
}
