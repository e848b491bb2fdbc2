//! The `wizard` example as a child process, driven by our client in both eras (pinned to
//! 2025-11-25, and the default negotiation, which settles on 2026-07-28): three questions in
//! order, each a nested request (legacy) or one Multi Round-Trip round (2026-07-28, also
//! checked round by round with `call_tool_once`).

mod examples_support;

use serde_json::json;
use tether_mcp::types::{
    CallToolRequestParams, ElicitRequestParams, ElicitResult, ElicitValue, InputRequest,
    InputResponse, InputResponses, MultiRoundResult,
};

use examples_support::{
    Asked, Era, Log, answering, call_text, connect, text_of, tool_names, within,
};

const WIZARD: &str = env!("CARGO_BIN_EXE_wizard");

/// The wizard's answers: `name`, `language` (which must be offered), then `confirm`.
fn wizard_answers(
    name: &'static str,
    language: &'static str,
    confirm: bool,
) -> impl Fn(&Asked) -> Option<Vec<(String, ElicitValue)>> + Send + Sync + 'static {
    move |asked| {
        let fields = asked.fields();
        let value = match fields.as_slice() {
            [field] if field == "name" => ElicitValue::String(name.into()),
            [field] if field == "language" => ElicitValue::String(language.into()),
            [field] if field == "confirm" => ElicitValue::Boolean(confirm),
            other => panic!("the wizard asks one field at a time: {other:?}"),
        };
        Some(vec![(fields[0].clone(), value)])
    }
}

#[tokio::test]
async fn wizard_asks_name_language_and_confirmation_in_order() {
    for era in Era::BOTH {
        let log = Log::default();
        let client = connect(
            answering(era, &log, wizard_answers("atlas", "Python", true)),
            WIZARD,
            era,
        )
        .await;
        assert_eq!(tool_names(&client).await, ["create_project"], "{era:?}");

        // `call_text` also checks the result is not a tool error.
        assert_eq!(
            call_text(&client, "create_project", ()).await,
            "created project atlas (Python)",
            "{era:?}"
        );

        let asked = log.take();
        let messages: Vec<&str> = asked.iter().map(|a| a.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "What is the project called?",
                "Which language is atlas written in?",
                "Create the Python project atlas?",
            ],
            "{era:?}: three questions, in order, each asked once"
        );
        assert!(
            asked
                .iter()
                .all(|a| a.tool.as_deref() == Some("create_project")),
            "{era:?}: every question serves the call: {asked:?}"
        );
        assert_eq!(asked[0].schema["properties"]["name"]["type"], "string");
        assert_eq!(
            asked[1].schema["properties"]["language"]["enum"],
            json!(["Rust", "Python", "TypeScript"]),
            "{era:?}: the language is a single choice: {:#}",
            asked[1].schema
        );
        assert_eq!(asked[2].schema["properties"]["confirm"]["type"], "boolean");
        within("shutdown", client.shutdown()).await;
    }
}

#[tokio::test]
async fn wizard_stops_when_the_user_says_no() {
    for era in Era::BOTH {
        // "No" at the confirmation: all three asked, nothing created.
        let log = Log::default();
        let client = connect(
            answering(era, &log, wizard_answers("borealis", "Rust", false)),
            WIZARD,
            era,
        )
        .await;
        assert_eq!(
            call_text(&client, "create_project", ()).await,
            "did not create project borealis (Rust)",
            "{era:?}"
        );
        assert_eq!(log.take().len(), 3, "{era:?}");
        within("shutdown", client.shutdown()).await;

        // Declining the first question ends the wizard there.
        let log = Log::default();
        let client = connect(answering(era, &log, |_| None), WIZARD, era).await;
        assert_eq!(
            call_text(&client, "create_project", ()).await,
            "project creation cancelled: no name given",
            "{era:?}"
        );
        let asked = log.take();
        assert_eq!(
            asked.len(),
            1,
            "{era:?}: only the name was asked: {asked:?}"
        );
        within("shutdown", client.shutdown()).await;
    }
}

/// On 2026-07-28, round by round: each question is one `InputRequiredResult` with exactly one
/// input request; the answers of earlier rounds travel in `requestState`, so each retry
/// carries only the newest answer.
#[tokio::test]
async fn wizard_asks_one_question_per_round_on_2026_07_28() {
    let log = Log::default();
    // The handler declares the capability; the rounds below are answered by hand.
    let client = connect(answering(Era::Modern, &log, |_| None), WIZARD, Era::Modern).await;
    let base = CallToolRequestParams {
        name: "create_project".into(),
        ..Default::default()
    };
    let mut params = base.clone();
    let mut messages = Vec::new();
    let mut rounds = 0;
    let result = loop {
        rounds += 1;
        assert!(
            rounds <= 4,
            "the wizard needs three rounds of input, then completes"
        );
        let round = within(
            "a round",
            client.call_tool_once(params.clone()).into_future(),
        )
        .await
        .unwrap_or_else(|e| panic!("round {rounds}: {e}"));
        let needed = match round {
            MultiRoundResult::Complete(result) => break result,
            MultiRoundResult::InputRequired(needed) => needed,
        };
        let requests = needed.input_requests.expect("input requests");
        assert_eq!(
            requests.len(),
            1,
            "round {rounds}: one question per round: {requests:?}"
        );
        let mut answers = InputResponses::new();
        for (key, request) in requests {
            let InputRequest::Elicit(elicit) = request else {
                panic!("round {rounds}: an elicitation: {request:?}");
            };
            let ElicitRequestParams::Form(form) = elicit.params else {
                panic!("round {rounds}: a form");
            };
            messages.push(form.message.clone());
            let field = form
                .requested_schema
                .properties
                .keys()
                .next()
                .expect("one field")
                .clone();
            let value = match field.as_str() {
                "name" => ElicitValue::String("cirrus".into()),
                "language" => ElicitValue::String("TypeScript".into()),
                "confirm" => ElicitValue::Boolean(true),
                other => panic!("unexpected field {other}"),
            };
            answers.insert(
                key,
                InputResponse::Elicit(ElicitResult::accept([(field, value)])),
            );
        }
        params = CallToolRequestParams {
            input_responses: Some(answers),
            request_state: needed.request_state,
            ..base.clone()
        };
    };
    assert_eq!(rounds, 4, "three rounds of input, then the result");
    assert_eq!(
        messages,
        [
            "What is the project called?",
            "Which language is cirrus written in?",
            "Create the TypeScript project cirrus?",
        ]
    );
    assert_eq!(text_of(&result), "created project cirrus (TypeScript)");
    assert!(
        log.take().is_empty(),
        "the rounds were answered by hand, not by the handler"
    );
    within("shutdown", client.shutdown()).await;
}
