//! tether-mcp's side: one `#[tools]` server whose `deploy` serves both eras (a nested request
//! on 2025-11-25, an MRTR round on 2026-07-28), and our client, which answers the question
//! with `accept` at once and drives MRTR rounds by itself.

use std::sync::Arc;

use tether_mcp::Answer;
use tether_mcp::client::{Client, EraCache};
use tether_mcp::prelude::*;
use tether_mcp::types::{ElicitResult, ElicitValue, ProtocolVersion, ServerCapabilities};

use super::{DEPLOYED, DUPLEX_BUFFER, ECHO_TEXT, Era, expect_text};
use crate::measure::{CallFn, Session};

/// The question `deploy` asks.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Confirm {
    yes: bool,
}

/// `echo`'s arguments as the client sends them (borrowed: nothing to build per call).
#[derive(serde::Serialize)]
struct EchoArgs<'a> {
    text: &'a str,
}

/// The benchmark server.
struct Bench;

#[tether_mcp::tools]
impl ServerHandler for Bench {
    /// Returns its argument.
    #[tool]
    async fn echo(&self, text: String) -> String {
        text
    }

    /// Asks for confirmation once, then answers.
    #[tool]
    async fn deploy(&self, cx: InFlight<'_>) -> Result<String, ToolError> {
        match cx.elicitation()?.form::<Confirm>("Deploy?").await? {
            Answer::Accepted(Confirm { yes: true }) => Ok(DEPLOYED.to_owned()),
            _ => Ok("not deployed".to_owned()),
        }
    }
}

/// A server on one end of a duplex and our client on the other, in `era`.
async fn connect(era: Era) -> Result<(Arc<Client>, tether_mcp::Connection), String> {
    let server = Server::builder(Bench)
        .capabilities(ServerCapabilities {
            tools: Some(Default::default()),
            ..Default::default()
        })
        .build();
    let (server_end, client_end) = tether_mcp::transport::memory::duplex(DUPLEX_BUFFER);
    let connection = server.spawn(server_end);
    let mut builder = Client::builder()
        .era_cache(EraCache::new())
        .on_elicitation(|_, _| async {
            Ok(ElicitResult::accept([(
                "yes".to_owned(),
                ElicitValue::Boolean(true),
            )]))
        });
    if era == Era::Legacy {
        builder = builder.protocol_version(ProtocolVersion::V_2025_11_25);
    }
    let client = builder
        .connect(client_end)
        .await
        .map_err(|e| format!("tether connect: {e}"))?;
    let want_modern = era == Era::Modern;
    if client.is_modern() != want_modern {
        return Err(format!(
            "tether negotiated {:?}, wanted {}",
            client.protocol_version(),
            era.label()
        ));
    }
    Ok((Arc::new(client), connection))
}

/// The only text block of a result.
fn text_of(result: &CallToolResult) -> Option<&str> {
    match &result.content[..] {
        [ContentBlock::Text(text)] => Some(&text.text),
        _ => None,
    }
}

/// A session whose call is `tools/call echo`.
pub(crate) async fn echo(era: Era) -> Result<Session, String> {
    let (client, connection) = connect(era).await?;
    let caller = Arc::clone(&client);
    let call: CallFn = Arc::new(move |_| {
        let client = Arc::clone(&caller);
        Box::pin(async move {
            let result = client
                .call_tool("echo", EchoArgs { text: ECHO_TEXT })
                .await
                .map_err(|e| format!("tether echo: {e}"))?;
            expect_text(text_of(&result), result.is_error == Some(true), ECHO_TEXT)
        })
    });
    Ok(Session::new(call, (client, connection)))
}

/// A session whose call is `tools/call deploy`: a nested `elicitation/create` on legacy, two
/// MRTR rounds (sealed `requestState`) on modern, answered by the client's handler.
pub(crate) async fn deploy(era: Era) -> Result<Session, String> {
    let (client, connection) = connect(era).await?;
    let caller = Arc::clone(&client);
    let call: CallFn = Arc::new(move |_| {
        let client = Arc::clone(&caller);
        Box::pin(async move {
            let result = client
                .call_tool("deploy", ())
                .await
                .map_err(|e| format!("tether deploy: {e}"))?;
            expect_text(text_of(&result), result.is_error == Some(true), DEPLOYED)
        })
    });
    Ok(Session::new(call, (client, connection)))
}
