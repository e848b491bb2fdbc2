//! The `progress` example as a child process, driven by our client in both eras (pinned to
//! 2025-11-25, and the default negotiation, which settles on 2026-07-28): increasing progress
//! notifications, and a run stopped early by cancellation (a dropped call, a timed-out call),
//! observed through the `last_run` tool.

mod examples_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tether_mcp::client::{Client, ClientError};

use examples_support::{Era, WAIT, call_text, connect, text_of, within};

const PROGRESS: &str = env!("CARGO_BIN_EXE_progress");

/// `last_run` of the progress server.
async fn last_run(client: &Client) -> String {
    call_text(client, "last_run", ()).await
}

/// Waits until `last_run` reports a cancelled run; returns how many steps it had done.
async fn cancelled_run(client: &Client, steps: u32) -> u32 {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let last = last_run(client).await;
        let suffix = format!(" of {steps} steps");
        if let Some(done) = last
            .strip_prefix("cancelled after ")
            .and_then(|rest| rest.strip_suffix(&suffix))
        {
            return done.parse().expect("a step count");
        }
        assert_ne!(
            last,
            format!("counted to {steps} of {steps} steps"),
            "the run was not stopped"
        );
        assert!(
            tokio::time::Instant::now() < deadline,
            "no cancelled run within {WAIT:?}: last_run says {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn progress_reports_every_step_in_both_eras() {
    for era in Era::BOTH {
        let client = connect(era.builder(), PROGRESS, era).await;
        assert_eq!(last_run(&client).await, "no run yet", "{era:?}");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let result = within(
            "count",
            client
                .call_tool("count", json!({"steps": 5, "delay_ms": 10}))
                .on_progress(move |p| {
                    sink.lock()
                        .unwrap()
                        .push((p.progress, p.total, p.message.unwrap_or_default()))
                })
                .into_future(),
        )
        .await
        .expect("count");
        assert_eq!(text_of(&result), "counted to 5 of 5 steps", "{era:?}");
        let seen = seen.lock().unwrap().clone();
        let progress: Vec<f64> = seen.iter().map(|p| p.0).collect();
        assert_eq!(progress, [1.0, 2.0, 3.0, 4.0, 5.0], "{era:?}: {seen:?}");
        assert!(
            seen.iter().all(|p| p.1 == Some(5.0)),
            "{era:?}: the total: {seen:?}"
        );
        assert_eq!(seen[2].2, "step 3 of 5", "{era:?}");
        assert_eq!(
            last_run(&client).await,
            "counted to 5 of 5 steps",
            "{era:?}"
        );
        within("shutdown", client.shutdown()).await;
    }
}

#[tokio::test]
async fn progress_stops_early_when_the_call_is_dropped() {
    const STEPS: u32 = 100_000;
    for era in Era::BOTH {
        let client = connect(era.builder(), PROGRESS, era).await;
        let (sender, mut received) = tokio::sync::mpsc::unbounded_channel();
        let call = client
            .call_tool("count", json!({"steps": STEPS, "delay_ms": 10}))
            .on_progress(move |p| {
                let _ = sender.send(p.progress);
            })
            .into_future();
        let mut progress = Vec::new();
        within("three progress notifications", async {
            tokio::pin!(call);
            while progress.len() < 3 {
                tokio::select! {
                    outcome = &mut call => panic!("{era:?}: the count ended: {outcome:?}"),
                    Some(p) = received.recv() => progress.push(p),
                }
            }
            // Dropping the call here withdraws it: `notifications/cancelled`.
        })
        .await;
        assert!(
            progress.windows(2).all(|w| w[0] < w[1]),
            "{era:?}: increasing: {progress:?}"
        );
        let done = cancelled_run(&client, STEPS).await;
        assert!(
            (3..STEPS).contains(&done),
            "{era:?}: stopped after the progress seen and before the end: {done}"
        );
        // The connection still serves.
        assert_eq!(
            call_text(&client, "count", json!({"steps": 2, "delay_ms": 1})).await,
            "counted to 2 of 2 steps",
            "{era:?}"
        );
        within("shutdown", client.shutdown()).await;
    }
}

#[tokio::test]
async fn progress_stops_early_when_the_call_times_out() {
    const STEPS: u32 = 100_000;
    for era in Era::BOTH {
        let client = connect(era.builder(), PROGRESS, era).await;
        let outcome = within(
            "count with a timeout",
            client
                .call_tool("count", json!({"steps": STEPS, "delay_ms": 10}))
                .timeout(Duration::from_millis(300))
                .into_future(),
        )
        .await;
        assert!(
            matches!(outcome, Err(ClientError::Timeout { .. })),
            "{era:?}: {outcome:?}"
        );
        let done = cancelled_run(&client, STEPS).await;
        assert!(done < STEPS, "{era:?}: {done}");
        within("shutdown", client.shutdown()).await;
    }
}
