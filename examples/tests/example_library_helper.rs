//! The `library-helper` example as a child process, driven by our client in both eras (pinned
//! to 2025-11-25, and the default negotiation, which settles on 2026-07-28): one `confirm`
//! helper asking for two tools, and the error a client without elicitation gets.

mod examples_support;

use serde_json::json;
use tether_mcp::types::ElicitValue;

use examples_support::{
    Asked, Era, Log, answering, call_text, connect, text_of, tool_names, within,
};

const LIBRARY_HELPER: &str = env!("CARGO_BIN_EXE_library-helper");

#[tokio::test]
async fn library_helper_confirms_for_two_tools_in_both_eras() {
    for era in Era::BOTH {
        let log = Log::default();
        // Yes to deleting, no to sending.
        let answer = |asked: &Asked| {
            Some(vec![(
                "confirm".to_owned(),
                ElicitValue::Boolean(asked.message.starts_with("Delete")),
            )])
        };
        let client = connect(answering(era, &log, answer), LIBRARY_HELPER, era).await;
        assert_eq!(
            tool_names(&client).await,
            ["delete_file", "send_email"],
            "{era:?}"
        );

        assert_eq!(
            call_text(&client, "delete_file", json!({"path": "notes.txt"})).await,
            "deleted notes.txt",
            "{era:?}"
        );
        assert_eq!(
            call_text(
                &client,
                "send_email",
                json!({"to": "ada@example.com", "subject": "Hello"}),
            )
            .await,
            "did not send \"Hello\" to ada@example.com",
            "{era:?}"
        );

        let asked = log.take();
        let seen: Vec<(&str, Option<&str>)> = asked
            .iter()
            .map(|a| (a.message.as_str(), a.tool.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                ("Delete notes.txt?", Some("delete_file")),
                ("Send \"Hello\" to ada@example.com?", Some("send_email")),
            ],
            "{era:?}"
        );
        assert!(
            asked.iter().all(|a| a.fields() == ["confirm"]
                && a.schema["properties"]["confirm"]["type"] == "boolean"),
            "{era:?}: both ask through the same yes/no form: {asked:?}"
        );
        within("shutdown", client.shutdown()).await;
    }
}

/// A client without elicitation: the helper's `cx.elicitation()?` fails, naming the
/// capability: a tool error on legacy revisions, -32021 on 2026-07-28.
#[tokio::test]
async fn library_helper_names_the_missing_capability() {
    for era in Era::BOTH {
        let client = connect(era.builder(), LIBRARY_HELPER, era).await;
        assert!(client.capabilities().elicitation.is_none());
        let outcome = within(
            "delete_file",
            client
                .call_tool("delete_file", json!({"path": "notes.txt"}))
                .into_future(),
        )
        .await;
        match (era, outcome) {
            (Era::Legacy, Ok(result)) => {
                assert_eq!(result.is_error, Some(true), "{result:?}");
                assert!(text_of(&result).contains("elicitation"), "{result:?}");
            }
            (Era::Modern, Err(error)) => {
                let error = error.server_error().expect("a server error").clone();
                assert_eq!(error.code, -32021, "{error:?}");
                assert!(error.message.contains("elicitation"), "{error:?}");
            }
            (era, outcome) => panic!("{era:?}: unexpected {outcome:?}"),
        }
        within("shutdown", client.shutdown()).await;
    }
}
