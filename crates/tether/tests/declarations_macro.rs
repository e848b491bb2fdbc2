//! `#[prompt]` and `#[resource]` in a `#[tether_mcp::tools]` block, and the options every
//! declaration shares (icons, `requires(..)`), through our client in both eras: listing,
//! arguments (plain and `Args<T>`), URI templates with typed variables, not-found and bad
//! input errors naming the problem, the capabilities the server advertises by itself, and the
//! dispatcher refusing a call whose required client capability is missing before the method
//! runs. Every message the server sends in the last test is validated against its method's
//! result definition in the revision's official schema by the scripted peer.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;
use tether_mcp::client::{Client, ClientError, EraCache};
use tether_mcp::prelude::*;
use tether_mcp::types::{ElicitResult, ElicitValue, IconTheme, ProtocolVersion, ResourceContents};

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Confirm {
    yes: bool,
}

/// The arguments of the `review` prompt.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Review {
    /// The code to review.
    code: String,
    /// What to focus on.
    focus: Option<String>,
}

#[derive(serde::Serialize, schemars::JsonSchema)]
struct Profile {
    id: u64,
    name: String,
}

/// How often a method body ran (to prove a refused call never ran it).
static BODIES_RUN: AtomicUsize = AtomicUsize::new(0);

struct Library;

#[tether_mcp::tools]
impl ServerHandler for Library {
    /// Greets someone.
    #[prompt(title = "Greeting", icon = "https://example.com/wave.png")]
    async fn greet(&self, name: String, mood: Option<String>) -> String {
        match mood {
            Some(mood) => format!("Say hello to {name}, who is {mood}."),
            None => format!("Say hello to {name}."),
        }
    }

    /// Reviews code.
    #[prompt(name = "code_review")]
    async fn review(&self, Args(review): Args<Review>) -> Vec<PromptMessage> {
        vec![
            PromptMessage {
                role: Role::User,
                content: ContentBlock::text(format!("Review: {}", review.code)),
                extra: Default::default(),
            },
            PromptMessage {
                role: Role::Assistant,
                content: ContentBlock::text(review.focus.unwrap_or_else(|| "all".into())),
                extra: Default::default(),
            },
        ]
    }

    /// Asks before it tells.
    #[prompt(requires(elicitation))]
    async fn guarded(&self, cx: InFlight<'_>) -> Result<String, ServerError> {
        BODIES_RUN.fetch_add(1, Ordering::SeqCst);
        match cx.elicitation()?.form::<Confirm>("Tell?").await? {
            Answer::Accepted(Confirm { yes: true }) => Ok("told".into()),
            _ => Ok("kept".into()),
        }
    }

    /// The project's README.
    #[resource(uri = "docs://readme", mime_type = "text/markdown")]
    async fn readme(&self) -> &'static str {
        "# Library"
    }

    /// The logo.
    #[resource(
        uri = "docs://logo",
        mime_type = "image/png",
        icon(
            src = "https://example.com/logo.png",
            mime_type = "image/png",
            sizes = "48x48 96x96",
            theme = "dark"
        )
    )]
    async fn logo(&self) -> Blob {
        Blob(vec![0x89, b'P', b'N', b'G'])
    }

    /// A user's profile.
    #[resource(uri = "users://{id}/profile", name = "profile", title = "Profile")]
    async fn profile(&self, id: u64) -> Result<Json<Profile>, ServerError> {
        if id == 0 {
            return Err(ServerError::invalid_params("user 0 does not exist"));
        }
        Ok(Json(Profile {
            id,
            name: format!("user {id}"),
        }))
    }

    /// A file under the project, any depth.
    #[resource(uri = "files://{+path}", mime_type = "text/plain")]
    async fn file(&self, cx: InFlight<'_>, path: String) -> String {
        let _ = cx.request_id();
        format!("contents of {path}")
    }

    /// Deletes everything once the user agrees.
    #[tool(
        destructive,
        requires(elicitation),
        icon = "https://example.com/bin.svg"
    )]
    async fn purge(&self, cx: InFlight<'_>) -> Result<&'static str, ToolError> {
        BODIES_RUN.fetch_add(1, Ordering::SeqCst);
        match cx.elicitation()?.form::<Confirm>("Purge?").await? {
            Answer::Accepted(Confirm { yes: true }) => Ok("purged"),
            _ => Ok("kept"),
        }
    }
}

async fn connect(
    version: Option<ProtocolVersion>,
    elicits: bool,
) -> (Client, tether_mcp::Connection) {
    let server = Server::new(Library);
    let (server_end, client_end) = tether_mcp::transport::memory::duplex(1 << 16);
    let connection = server.spawn(server_end);
    let mut builder = Client::builder().era_cache(EraCache::new());
    if elicits {
        builder = builder.on_elicitation(|_, _| async {
            Ok(ElicitResult::accept([(
                "yes".to_owned(),
                ElicitValue::Boolean(true),
            )]))
        });
    }
    if let Some(version) = version {
        builder = builder.protocol_version(version);
    }
    (
        builder.connect(client_end).await.expect("connected"),
        connection,
    )
}

const ERAS: [Option<ProtocolVersion>; 2] = [Some(ProtocolVersion::V_2025_11_25), None];

fn prompt_texts(result: &GetPromptResult) -> Vec<String> {
    result
        .messages
        .iter()
        .map(|m| match &m.content {
            ContentBlock::Text(t) => t.text.clone(),
            other => panic!("a text message: {other:?}"),
        })
        .collect()
}

fn server_error(result: Result<impl std::fmt::Debug, ClientError>) -> (i64, String) {
    match result {
        Err(ClientError::Server { error, .. }) => (error.code, error.message),
        other => panic!("a JSON-RPC error: {other:?}"),
    }
}

#[tokio::test]
async fn the_server_advertises_what_the_block_declares() {
    let (client, _connection) = connect(Some(ProtocolVersion::V_2025_11_25), true).await;
    let capabilities = client.server_capabilities();
    assert!(capabilities.tools.is_some(), "{capabilities:?}");
    assert!(capabilities.prompts.is_some(), "{capabilities:?}");
    assert!(capabilities.resources.is_some(), "{capabilities:?}");
}

#[tokio::test]
async fn prompts_are_listed_with_their_arguments_and_served_in_both_eras() {
    for version in ERAS {
        let (client, _connection) = connect(version.clone(), true).await;
        let prompts = client.list_all_prompts().await.expect("prompts/list");
        let names: Vec<&str> = prompts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["greet", "code_review", "guarded"], "{version:?}");
        let greet = &prompts[0];
        assert_eq!(greet.title.as_deref(), Some("Greeting"));
        assert_eq!(greet.description.as_deref(), Some("Greets someone."));
        assert_eq!(
            greet.icons.as_ref().map(|i| i[0].src.as_str()),
            Some("https://example.com/wave.png")
        );
        let arguments = greet.arguments.as_ref().expect("greet's arguments");
        let shape: Vec<(&str, Option<bool>)> = arguments
            .iter()
            .map(|a| (a.name.as_str(), a.required))
            .collect();
        assert_eq!(shape, [("name", Some(true)), ("mood", Some(false))]);
        let review = prompts[1].arguments.as_ref().expect("review's arguments");
        assert_eq!(review[0].name, "code");
        assert_eq!(
            review[0].description.as_deref(),
            Some("The code to review.")
        );
        assert_eq!(
            (review[0].required, review[1].required),
            (Some(true), Some(false))
        );
        assert!(prompts[2].arguments.is_none());

        let hello = client
            .get_prompt("greet", [("name", "Ada"), ("mood", "cheerful")])
            .await
            .expect("greet");
        assert_eq!(prompt_texts(&hello), ["Say hello to Ada, who is cheerful."]);
        assert_eq!(hello.description.as_deref(), Some("Greets someone."));
        let reviewed = client
            .get_prompt("code_review", [("code", "fn main() {}")])
            .await
            .expect("code_review");
        assert_eq!(prompt_texts(&reviewed), ["Review: fn main() {}", "all"]);
        let told = client
            .get_prompt("guarded", [] as [(&str, &str); 0])
            .await
            .expect("guarded");
        assert_eq!(prompt_texts(&told), ["told"], "{version:?}");
    }
}

#[tokio::test]
async fn prompt_errors_name_the_problem() {
    let (client, _connection) = connect(None, true).await;
    let (code, message) = server_error(client.get_prompt("greet", [("mood", "sad")]).await);
    assert_eq!(code, -32602);
    assert_eq!(message, "prompt `greet` needs the argument `name`");
    let (code, message) = server_error(client.get_prompt("code_review", [("focus", "x")]).await);
    assert_eq!(code, -32602);
    assert!(
        message.contains("code_review") && message.contains("code"),
        "{message}"
    );
    let (code, message) = server_error(client.get_prompt("nope", [] as [(&str, &str); 0]).await);
    assert_eq!((code, message.as_str()), (-32602, "unknown prompt: nope"));
}

#[tokio::test]
async fn resources_and_templates_are_listed_and_read_in_both_eras() {
    for version in ERAS {
        let (client, _connection) = connect(version.clone(), true).await;
        let resources = client.list_all_resources().await.expect("resources/list");
        let uris: Vec<&str> = resources.iter().map(|r| r.uri.as_str()).collect();
        assert_eq!(uris, ["docs://readme", "docs://logo"], "{version:?}");
        assert_eq!(resources[0].name, "readme");
        assert_eq!(resources[0].mime_type.as_deref(), Some("text/markdown"));
        assert_eq!(
            resources[0].description.as_deref(),
            Some("The project's README.")
        );
        let icon = &resources[1].icons.as_ref().expect("the logo's icon")[0];
        assert_eq!(icon.sizes, Some(vec!["48x48".into(), "96x96".into()]));
        assert_eq!(
            (icon.mime_type.as_deref(), icon.theme),
            (Some("image/png"), Some(IconTheme::Dark))
        );
        let templates = client
            .list_all_resource_templates()
            .await
            .expect("resources/templates/list");
        let shapes: Vec<(&str, &str)> = templates
            .iter()
            .map(|t| (t.uri_template.as_str(), t.name.as_str()))
            .collect();
        assert_eq!(
            shapes,
            [
                ("users://{id}/profile", "profile"),
                ("files://{+path}", "file")
            ]
        );
        assert_eq!(templates[0].title.as_deref(), Some("Profile"));

        let readme = client.read_resource("docs://readme").await.expect("readme");
        match &readme.contents[..] {
            [ResourceContents::Text(t)] => {
                assert_eq!(
                    (t.uri.as_str(), t.text.as_str()),
                    ("docs://readme", "# Library")
                );
                assert_eq!(t.mime_type.as_deref(), Some("text/markdown"));
            }
            other => panic!("one text: {other:?}"),
        }
        let logo = client.read_resource("docs://logo").await.expect("logo");
        match &logo.contents[..] {
            [ResourceContents::Blob(b)] => assert_eq!(b.blob, "iVBORw=="),
            other => panic!("one blob: {other:?}"),
        }
        let profile = client
            .read_resource("users://42/profile")
            .await
            .expect("profile");
        match &profile.contents[..] {
            [ResourceContents::Text(t)] => {
                assert_eq!(t.uri, "users://42/profile");
                assert_eq!(t.mime_type.as_deref(), Some("application/json"));
                let value: serde_json::Value = serde_json::from_str(&t.text).expect("JSON");
                assert_eq!(value, json!({"id": 42, "name": "user 42"}));
            }
            other => panic!("one text: {other:?}"),
        }
        let file = client
            .read_resource("files://src/lib.rs")
            .await
            .expect("file");
        match &file.contents[..] {
            [ResourceContents::Text(t)] => assert_eq!(t.text, "contents of src/lib.rs"),
            other => panic!("one text: {other:?}"),
        }
    }
}

#[tokio::test]
async fn resource_errors_name_the_problem() {
    for version in ERAS {
        let (client, _connection) = connect(version.clone(), true).await;
        let not_found = if version.is_some() { -32002 } else { -32602 };
        let (code, message) = server_error(client.read_resource("docs://missing").await);
        assert_eq!(
            (code, message.as_str()),
            (not_found, "resource not found: docs://missing"),
            "{version:?}"
        );
        let (code, message) = server_error(client.read_resource("users://ada/profile").await);
        assert_eq!(code, -32602);
        assert!(
            message.starts_with("users://ada/profile: URI variable `id`: invalid digit"),
            "{message}"
        );
        let (code, message) = server_error(client.read_resource("users://0/profile").await);
        assert_eq!((code, message.as_str()), (-32602, "user 0 does not exist"));
    }
}

#[tokio::test]
async fn a_missing_required_capability_is_refused_before_the_method_runs() {
    for version in ERAS {
        let (client, _connection) = connect(version.clone(), false).await;
        let before = BODIES_RUN.load(Ordering::SeqCst);
        let refused = client.call_tool("purge", ()).await;
        let expected = if version.is_some() { -32602 } else { -32021 };
        if version.is_some() {
            // Legacy: a tool's refusal is a tool error the model can read.
            let refused = refused.expect("a tool error");
            assert_eq!(refused.is_error, Some(true));
            assert!(
                matches!(&refused.content[..], [ContentBlock::Text(t)] if t.text.contains("`elicitation`")),
                "{refused:?}"
            );
        } else {
            let (code, message) = server_error(refused);
            assert_eq!(code, expected, "{message}");
            assert!(message.contains("elicitation"), "{message}");
        }
        let (code, _) = server_error(client.get_prompt("guarded", [] as [(&str, &str); 0]).await);
        assert_eq!(code, expected);
        assert_eq!(
            BODIES_RUN.load(Ordering::SeqCst),
            before,
            "a refused body never runs"
        );
    }
    let (client, _connection) = connect(None, true).await;
    let tools = client.list_all_tools().await.expect("tools/list");
    assert_eq!(
        tools[0].icons.as_ref().map(|i| i[0].src.as_str()),
        Some("https://example.com/bin.svg")
    );
    assert_eq!(
        tools[0]
            .annotations
            .as_ref()
            .and_then(|a| a.destructive_hint),
        Some(true)
    );
    let purged = client.call_tool("purge", ()).await.expect("purge");
    assert!(matches!(&purged.content[..], [ContentBlock::Text(t)] if t.text == "purged"));
}

/// The requests the scripted peer sends, each answered with its method's result (validated).
const REQUESTS: [(&str, &str); 7] = [
    ("prompts/list", "{}"),
    (
        "prompts/get",
        r#"{"name": "greet", "arguments": {"name": "Ada"}}"#,
    ),
    (
        "prompts/get",
        r#"{"name": "code_review", "arguments": {"code": "x", "focus": "y"}}"#,
    ),
    ("resources/list", "{}"),
    ("resources/templates/list", "{}"),
    ("resources/read", r#"{"uri": "docs://logo"}"#),
    ("resources/read", r#"{"uri": "users://7/profile"}"#),
];

#[tokio::test]
async fn every_declared_result_is_valid_against_the_schema_in_both_eras() {
    let server = Server::new(Library);
    let mut legacy = support::Peer::in_memory(&server);
    legacy
        .initialize("2025-11-25", json!({"elicitation": {}}))
        .await;
    let mut modern = support::Peer::in_memory(&server);
    for (n, (method, params)) in REQUESTS.iter().enumerate() {
        let params: serde_json::Value = serde_json::from_str(params).expect("params");
        legacy
            .request(100 + n as u64, method, Some(params.clone()))
            .await;
        let result = legacy.expect_response(100 + n as u64).await;
        assert!(result.is_object(), "{method}: {result}");
        modern.modern_request(200 + n as u64, method, params).await;
        modern.expect_complete(200 + n as u64).await;
    }
    legacy.request(1, "tools/list", None).await;
    let tools = legacy.expect_response(1).await;
    assert_eq!(
        tools["tools"][0]["icons"][0]["src"],
        "https://example.com/bin.svg"
    );
    legacy.finish().await;
    modern.finish().await;
    // The negative control: the validator the peer uses refuses a malformed result.
    assert!(
        support::schema::validate(
            "2025-11-25",
            "ListPromptsResult",
            &json!({"prompts": [{"name": "p", "arguments": 5}]})
        )
        .is_err()
    );
}

/// A server that keeps its own `Notifier` and writes `complete`, `subscribe` and `set_level`
/// by hand beside its declarations.
struct Board {
    notifier: Notifier,
}

#[tether_mcp::tools]
impl ServerHandler for Board {
    /// Pins a note: the resource list changes.
    #[tool]
    async fn pin(&self, text: String) -> String {
        self.notifier.resources_list_changed();
        self.notifier.resource_updated("board://pins");
        format!("pinned {text}")
    }

    /// The pinned notes.
    #[resource(uri = "board://pins")]
    async fn pins(&self) -> &'static str {
        "pins"
    }

    async fn complete(
        &self,
        _: tether_mcp::types::CompleteRequestParams,
        _: RequestCx<'_>,
    ) -> Result<tether_mcp::types::CompleteResult, ServerError> {
        Ok(Default::default())
    }

    async fn subscribe(
        &self,
        _: tether_mcp::types::ResourceRequestParams,
        _: RequestCx<'_>,
    ) -> Result<(), ServerError> {
        Ok(())
    }

    async fn set_level(
        &self,
        _: tether_mcp::types::SetLevelRequestParams,
        _: RequestCx<'_>,
    ) -> Result<(), ServerError> {
        Ok(())
    }
}

/// Our client, pinned to 2025-11-25, connected to `server` in memory.
async fn legacy_client_of(server: &Server<Board>) -> (Client, tether_mcp::Connection) {
    let (server_end, client_end) = tether_mcp::transport::memory::duplex(1 << 16);
    let connection = server.spawn(server_end);
    let client = Client::builder()
        .era_cache(EraCache::new())
        .protocol_version(ProtocolVersion::V_2025_11_25)
        .connect(client_end)
        .await
        .expect("connected");
    (client, connection)
}

#[tokio::test]
async fn handwritten_methods_are_advertised_and_a_handler_can_notify() {
    let server = Server::builder_with(|notifier| Board { notifier })
        .list_changed()
        .build();
    let (client, _connection) = legacy_client_of(&server).await;
    let capabilities = client.server_capabilities();
    assert!(capabilities.completions.is_some(), "{capabilities:?}");
    assert!(capabilities.logging.is_some(), "{capabilities:?}");
    let resources = capabilities.resources.as_ref().expect("resources");
    assert_eq!(
        (resources.subscribe, resources.list_changed),
        (Some(true), Some(true))
    );
    assert_eq!(
        capabilities.tools.as_ref().and_then(|t| t.list_changed),
        Some(true)
    );
    assert!(
        capabilities.prompts.is_none(),
        "no prompts declared: {capabilities:?}"
    );

    let mut events = client.events();
    let pinned = client
        .call_tool("pin", json!({"text": "hi"}))
        .await
        .expect("pin");
    assert!(matches!(&pinned.content[..], [ContentBlock::Text(t)] if t.text == "pinned hi"));
    let notified = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            if let Ok(tether_mcp::client::ClientEvent::Notification(n)) = events.recv().await {
                let method = serde_json::to_value(&*n).expect("a notification")["method"].clone();
                if method == "notifications/resources/list_changed" {
                    return method;
                }
            }
        }
    })
    .await
    .expect("the handler's own list change reached the client");
    assert_eq!(notified, "notifications/resources/list_changed");
}

#[tokio::test]
async fn an_unadvertised_notification_is_not_sent() {
    // Without `list_changed()`, the same call sends nothing (and warns once in the log).
    let server = Server::builder_with(|notifier| Board { notifier }).build();
    let (client, _connection) = legacy_client_of(&server).await;
    let mut events = client.events();
    client
        .call_tool("pin", json!({"text": "x"}))
        .await
        .expect("pin");
    client.ping().await.expect("ping");
    let quiet = tokio::time::timeout(std::time::Duration::from_millis(200), async {
        loop {
            if let Ok(tether_mcp::client::ClientEvent::Notification(n)) = events.recv().await {
                return serde_json::to_value(&*n).expect("a notification");
            }
        }
    })
    .await;
    assert!(quiet.is_err(), "nothing is sent: {quiet:?}");
}
