//! rmcp 3.11's side, written the way its documentation shows: `#[tool_router]` tools with the
//! router built once and kept in a field (`#[tool_handler(router = self.tool_router)]`, the
//! fastest documented form), its client with a `ClientHandler` that accepts every question.
//!
//! rmcp needs two tools for the one question: `deploy` asks with `Peer::elicit` (a nested
//! request; legacy only, rmcp refuses server-to-client requests on 2026-07-28), `deploy_mrtr`
//! returns an `InputRequiredResult` whose `requestState` is sealed with rmcp's
//! `RequestStateCodec` (HMAC-SHA256, bound to the tool and given a 600 s lifetime, as tether's
//! default does) and reads the answer from `inputResponses` on the retry. rmcp's client drives
//! the rounds itself (`RunningService::call_tool` fulfils `input_required` through the
//! `ClientHandler` and retries).

use std::sync::Arc;
use std::time::Duration;

use ::rmcp::handler::server::router::tool::ToolRouter;
use ::rmcp::handler::server::tool::{InputResponses, RequestState};
use ::rmcp::handler::server::wrapper::Parameters;
use ::rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ClientCapabilities, ClientConfig,
    ElicitRequest, ElicitRequestParams, ElicitResult, ElicitationAction, ElicitationSchema,
    Implementation, InputRequest, InputRequests, InputRequiredResult, JsonObject, ProtocolVersion,
    RequestStateCodec, SealOptions,
};
use ::rmcp::service::{
    ClientLifecycleMode, ClientServiceExt, ElicitationError, RequestContext, RoleClient,
    RunningService,
};
use ::rmcp::{
    ClientHandler, ErrorData, Peer, RoleServer, ServerHandler, ServiceExt, tool, tool_handler,
    tool_router,
};

use super::{DEPLOYED, DUPLEX_BUFFER, ECHO_TEXT, Era, expect_text};
use crate::measure::{CallFn, Session};

/// The question `deploy` asks.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Confirm {
    yes: bool,
}
::rmcp::elicit_safe!(Confirm);

/// `echo`'s arguments.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct EchoArgs {
    text: String,
}

/// Binds a sealed `requestState` to the tool it was made for.
const STATE_CONTEXT: &[u8] = b"tools/call:deploy_mrtr";

/// What the sealed state says: the question was asked.
const STATE_ASKED: &[u8] = b"asked:confirm";

/// The benchmark server.
#[derive(Clone)]
struct Bench {
    tool_router: ToolRouter<Self>,
    codec: Arc<RequestStateCodec>,
    /// `Confirm`'s form schema, made once (rmcp's `elicit` makes it per call; the MRTR path is
    /// hand-written, so it gets the cheaper form).
    schema: ElicitationSchema,
}

#[tool_router]
impl Bench {
    fn new() -> Result<Self, String> {
        let codec = RequestStateCodec::try_new(*b"tether-mcp-bench sealing key 32B")
            .map_err(|e| format!("rmcp codec: {e}"))?;
        let schema =
            ElicitationSchema::from_type::<Confirm>().map_err(|e| format!("rmcp schema: {e}"))?;
        Ok(Self {
            tool_router: Self::tool_router(),
            codec: Arc::new(codec),
            schema,
        })
    }

    /// Returns its argument.
    #[tool(description = "Returns its argument.")]
    async fn echo(&self, Parameters(EchoArgs { text }): Parameters<EchoArgs>) -> String {
        text
    }

    /// Asks for confirmation with a nested `elicitation/create` (legacy era).
    #[tool(description = "Asks for confirmation once, then answers.")]
    async fn deploy(&self, peer: Peer<RoleServer>) -> Result<String, ErrorData> {
        match peer.elicit::<Confirm>("Deploy?").await {
            Ok(Some(Confirm { yes: true })) => Ok(DEPLOYED.to_owned()),
            Ok(_) | Err(ElicitationError::UserDeclined | ElicitationError::UserCancelled) => {
                Ok("not deployed".to_owned())
            }
            Err(e) => Err(ErrorData::internal_error(e.to_string(), None)),
        }
    }

    /// Asks for confirmation with an MRTR round (2026-07-28): round 1 returns the question and
    /// a sealed state, round 2 opens the state and reads the answer.
    #[tool(description = "Asks for confirmation once (Multi Round-Trip), then answers.")]
    async fn deploy_mrtr(
        &self,
        RequestState(state): RequestState,
        InputResponses(responses): InputResponses,
    ) -> Result<CallToolResponse, ErrorData> {
        let Some(state) = state else {
            let mut requests = InputRequests::new();
            requests.insert(
                "confirm".to_owned(),
                InputRequest::Elicitation(ElicitRequest::new(
                    ElicitRequestParams::FormElicitationParams {
                        meta: None,
                        message: "Deploy?".to_owned(),
                        requested_schema: self.schema.clone(),
                    },
                )),
            );
            let options = SealOptions::new()
                .associated_data(STATE_CONTEXT)
                .ttl(Duration::from_secs(600));
            let sealed = self.codec.seal_with(STATE_ASKED, &options);
            return Ok(InputRequiredResult::new(Some(requests), Some(sealed)).into());
        };
        let opened = self
            .codec
            .open_with(&state, STATE_CONTEXT)
            .map_err(|e| ErrorData::invalid_params(e.to_string(), None))?;
        if opened != STATE_ASKED {
            return Err(ErrorData::invalid_params("unexpected requestState", None));
        }
        let answer = responses
            .as_ref()
            .and_then(|responses| responses.get("confirm"))
            .ok_or_else(|| ErrorData::invalid_params("no answer to `confirm`", None))?;
        let answer: ElicitResult = serde_json::from_value(answer.clone())
            .map_err(|e| ErrorData::invalid_params(e.to_string(), None))?;
        let yes = match (answer.action, answer.content) {
            (ElicitationAction::Accept, Some(content)) => {
                serde_json::from_value::<Confirm>(content).is_ok_and(|c| c.yes)
            }
            _ => false,
        };
        let text = if yes { DEPLOYED } else { "not deployed" };
        Ok(CallToolResult::success(vec![::rmcp::model::ContentBlock::text(text)]).into())
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Bench {}

/// The client: declares elicitation and accepts every question at once.
#[derive(Clone)]
struct Accepting;

impl ClientHandler for Accepting {
    async fn create_elicitation(
        &self,
        _request: ElicitRequestParams,
        _context: RequestContext<RoleClient>,
    ) -> Result<ElicitResult, ErrorData> {
        Ok(ElicitResult::new(ElicitationAction::Accept)
            .with_content(serde_json::json!({ "yes": true })))
    }

    fn get_info(&self) -> ClientConfig {
        ClientConfig::new(
            ClientCapabilities::builder().enable_elicitation().build(),
            Implementation::new("tether-mcp-bench", "0.1.0"),
        )
    }
}

/// The running client.
type RmcpClient = RunningService<RoleClient, Accepting>;

/// A server on one end of a duplex and rmcp's client on the other, in `era` (legacy: rmcp's
/// default `initialize`; modern: `server/discover` with 2026-07-28 preferred).
async fn connect(era: Era) -> Result<(Arc<RmcpClient>, tokio::task::JoinHandle<()>), String> {
    let bench = Bench::new()?;
    let (server_end, client_end) = tokio::io::duplex(DUPLEX_BUFFER);
    let server = tokio::spawn(async move {
        if let Ok(running) = bench.serve(server_end).await {
            let _ = running.waiting().await;
        }
    });
    let client = match era {
        Era::Legacy => Accepting.serve(client_end).await,
        Era::Modern => {
            let lifecycle = ClientLifecycleMode::Discover {
                preferred_versions: vec![ProtocolVersion::V_2026_07_28],
            };
            Accepting.serve_with_lifecycle(client_end, lifecycle).await
        }
    }
    .map_err(|e| format!("rmcp connect: {e}"))?;
    let version = client.peer_info().map(|info| info.protocol_version.clone());
    let want = match era {
        Era::Legacy => ProtocolVersion::V_2025_11_25,
        Era::Modern => ProtocolVersion::V_2026_07_28,
    };
    if version.as_ref() != Some(&want) {
        return Err(format!(
            "rmcp negotiated {version:?}, wanted {}",
            era.label()
        ));
    }
    Ok((Arc::new(client), server))
}

/// The only text block of a result.
fn text_of(result: &CallToolResult) -> Option<&str> {
    match &result.content[..] {
        [block] => block.as_text().map(|text| text.text.as_str()),
        _ => None,
    }
}

/// A session whose call is `tools/call echo`.
pub(crate) async fn echo(era: Era) -> Result<Session, String> {
    let (client, server) = connect(era).await?;
    let caller = Arc::clone(&client);
    let call: CallFn = Arc::new(move |_| {
        let client = Arc::clone(&caller);
        Box::pin(async move {
            let mut arguments = JsonObject::new();
            arguments.insert("text".to_owned(), ECHO_TEXT.into());
            let params = CallToolRequestParams::new("echo").with_arguments(arguments);
            let result = client
                .call_tool(params)
                .await
                .map_err(|e| format!("rmcp echo: {e}"))?;
            expect_text(text_of(&result), result.is_error == Some(true), ECHO_TEXT)
        })
    });
    Ok(Session::new(call, (client, server)))
}

/// A session whose call asks once: `deploy` (a nested request) on legacy, `deploy_mrtr` (two
/// rounds driven by rmcp's client) on modern.
pub(crate) async fn deploy(era: Era) -> Result<Session, String> {
    let (client, server) = connect(era).await?;
    let tool = match era {
        Era::Legacy => "deploy",
        Era::Modern => "deploy_mrtr",
    };
    let caller = Arc::clone(&client);
    let call: CallFn = Arc::new(move |_| {
        let client = Arc::clone(&caller);
        Box::pin(async move {
            let result = client
                .call_tool(CallToolRequestParams::new(tool))
                .await
                .map_err(|e| format!("rmcp {tool}: {e}"))?;
            expect_text(text_of(&result), result.is_error == Some(true), DEPLOYED)
        })
    });
    Ok(Session::new(call, (client, server)))
}
