//! The `prompts` example as a child process, driven by our client in both eras (pinned to
//! 2025-11-25, and the default negotiation, which settles on 2026-07-28): prompts listed with
//! their arguments (plain parameters and `Args<T>` fields), rendered, refused when a required
//! argument is missing, and their arguments completed by prefix.

mod examples_support;

use tether_mcp::client::{Client, ClientError};
use tether_mcp::types::{
    CompleteRequestParams, Completion, CompletionArgument, CompletionReference, ContentBlock,
    PromptReference, Role,
};

use examples_support::{Era, connect, server_error, within};

const PROMPTS: &str = env!("CARGO_BIN_EXE_prompts");

/// `prompts/get` of `name`: each message's role and text.
async fn render(client: &Client, name: &str, arguments: &[(&str, &str)]) -> Vec<(Role, String)> {
    let result = within(
        name,
        client
            .get_prompt(name, arguments.iter().copied())
            .into_future(),
    )
    .await
    .unwrap_or_else(|e| panic!("prompts/get {name}: {e}"));
    result
        .messages
        .iter()
        .map(|m| match &m.content {
            ContentBlock::Text(t) => (m.role, t.text.clone()),
            other => panic!("{name}: a text message: {other:?}"),
        })
        .collect()
}

/// `completion/complete` of the argument `argument` of the prompt `prompt`, typed so far as
/// `value`.
async fn complete(
    client: &Client,
    prompt: &str,
    argument: &str,
    value: &str,
) -> Result<Completion, ClientError> {
    let params = CompleteRequestParams {
        meta: None,
        reference: CompletionReference::Prompt(PromptReference {
            name: prompt.to_owned(),
            ..Default::default()
        }),
        argument: CompletionArgument {
            name: argument.to_owned(),
            value: value.to_owned(),
            ..Default::default()
        },
        context: None,
        extra: Default::default(),
    };
    within("completion/complete", client.complete(params).into_future())
        .await
        .map(|result| result.completion)
}

/// The values completing `value`, which must all be sent (`total` and no more).
async fn values(client: &Client, prompt: &str, argument: &str, value: &str) -> Vec<String> {
    let completion = complete(client, prompt, argument, value)
        .await
        .unwrap_or_else(|e| panic!("completing {prompt}.{argument} from {value:?}: {e}"));
    assert_eq!(
        completion.total,
        Some(completion.values.len() as u64),
        "{completion:?}"
    );
    assert_eq!(completion.has_more, Some(false), "{completion:?}");
    completion.values
}

#[tokio::test]
async fn prompts_are_listed_with_their_arguments_in_both_eras() {
    for era in Era::BOTH {
        let client = connect(era.builder(), PROMPTS, era).await;
        let capabilities = client.server_capabilities();
        assert!(capabilities.prompts.is_some(), "{era:?}: {capabilities:?}");
        assert!(
            capabilities.completions.is_some(),
            "{era:?}: {capabilities:?}"
        );

        let prompts = within("prompts/list", client.list_all_prompts())
            .await
            .expect("prompts/list");
        let shapes: Vec<(&str, Option<&str>, Option<&str>)> = prompts
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.title.as_deref(),
                    p.description.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            shapes,
            [
                (
                    "greet",
                    Some("Greeting"),
                    Some("Greets someone, in a style if one is given.")
                ),
                (
                    "review_code",
                    Some("Code review"),
                    Some("Asks for a review of a piece of code.")
                ),
            ],
            "{era:?}"
        );
        let arguments = |at: usize| -> Vec<(String, Option<String>, Option<bool>)> {
            prompts[at]
                .arguments
                .as_ref()
                .expect("arguments")
                .iter()
                .map(|a| (a.name.clone(), a.description.clone(), a.required))
                .collect()
        };
        // Plain parameters: required unless an `Option`, no description.
        assert_eq!(
            arguments(0),
            [
                ("name".to_owned(), None, Some(true)),
                ("style".to_owned(), None, Some(false)),
            ],
            "{era:?}"
        );
        // `Args<T>`: each field, its doc comment the description.
        assert_eq!(
            arguments(1),
            [
                (
                    "code".to_owned(),
                    Some("The code to review.".to_owned()),
                    Some(true)
                ),
                (
                    "language".to_owned(),
                    Some("The language the code is written in.".to_owned()),
                    Some(true)
                ),
                (
                    "focus".to_owned(),
                    Some("What the review should focus on.".to_owned()),
                    Some(false)
                ),
            ],
            "{era:?}"
        );
        within("shutdown", client.shutdown()).await;
    }
}

#[tokio::test]
async fn prompts_are_rendered_in_both_eras() {
    for era in Era::BOTH {
        let client = connect(era.builder(), PROMPTS, era).await;
        assert_eq!(
            render(&client, "greet", &[("name", "Ada")]).await,
            [(Role::User, "Greet Ada.".to_owned())],
            "{era:?}"
        );
        assert_eq!(
            render(&client, "greet", &[("name", "Ada"), ("style", "pirate")]).await,
            [(Role::User, "Greet Ada in a pirate way.".to_owned())],
            "{era:?}"
        );
        assert_eq!(
            render(
                &client,
                "review_code",
                &[("code", "fn main() {}"), ("language", "Rust")]
            )
            .await,
            [
                (
                    Role::User,
                    "Review this Rust code, focusing on correctness:\nfn main() {}".to_owned()
                ),
                (
                    Role::Assistant,
                    "I will review the Rust code for correctness.".to_owned()
                ),
            ],
            "{era:?}"
        );
        let focused = render(
            &client,
            "review_code",
            &[
                ("code", "x = 1"),
                ("language", "Python"),
                ("focus", "naming"),
            ],
        )
        .await;
        assert_eq!(
            focused[1],
            (
                Role::Assistant,
                "I will review the Python code for naming.".to_owned()
            ),
            "{era:?}"
        );

        // A missing required argument is refused before the method runs, naming it.
        let missing = within(
            "greet without a name",
            client
                .get_prompt("greet", [("style", "formal")])
                .into_future(),
        )
        .await;
        assert_eq!(
            server_error(missing),
            (
                -32602,
                "prompt `greet` needs the argument `name`".to_owned()
            ),
            "{era:?}"
        );
        within("shutdown", client.shutdown()).await;
    }
}

#[tokio::test]
async fn prompt_arguments_complete_by_prefix_in_both_eras() {
    for era in Era::BOTH {
        let client = connect(era.builder(), PROMPTS, era).await;
        assert_eq!(
            values(&client, "review_code", "language", "Ja").await,
            ["Java", "JavaScript"],
            "{era:?}"
        );
        assert_eq!(
            values(&client, "review_code", "language", "ru").await,
            ["Ruby", "Rust"],
            "{era:?}: the prefix ignores case"
        );
        assert_eq!(
            values(&client, "review_code", "language", "s").await,
            ["Scala", "Swift"],
            "{era:?}"
        );
        assert_eq!(
            values(&client, "review_code", "language", "").await.len(),
            13,
            "{era:?}: nothing typed: every language"
        );
        assert!(
            values(&client, "review_code", "language", "Cobol")
                .await
                .is_empty(),
            "{era:?}"
        );
        assert_eq!(
            values(&client, "greet", "style", "f").await,
            ["formal", "friendly"],
            "{era:?}"
        );
        assert!(
            values(&client, "greet", "name", "A").await.is_empty(),
            "{era:?}: a free-text argument has no values"
        );
        assert_eq!(
            server_error(complete(&client, "farewell", "name", "A").await),
            (-32602, "unknown prompt: farewell".to_owned()),
            "{era:?}: an unknown prompt"
        );
        within("shutdown", client.shutdown()).await;
    }
}
