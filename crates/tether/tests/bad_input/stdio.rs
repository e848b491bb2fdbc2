//! Lanes (a) and (b): the in-memory duplex with stdio framing, driven by the scripted
//! [`Peer`], which validates every message the server writes against the schema of its
//! revision. One connection per legacy revision (one for the modern lane) serves every case in
//! turn; after each case a valid request must still succeed on it.

use serde_json::{Value, json};

use super::{Case, Input, Lane, Reply, Step, meta, probe, revisions, server};
use crate::support::{Peer, QUIET};

/// Runs every case that applies to `lane` (a stdio lane); returns how many ran.
pub(crate) async fn run(lane: Lane, cases: &[Case]) -> usize {
    assert!(!lane.http());
    let mut ran = 0;
    let revisions = if lane.modern() {
        vec![super::MODERN]
    } else {
        revisions(cases)
    };
    let server = server();
    for revision in revisions {
        let mut peer = Peer::in_memory(&server);
        if !lane.modern() {
            peer.initialize(revision, json!({})).await;
        }
        let mut next_probe = 5000;
        for case in cases {
            if !lane.modern() && case.revision != revision {
                continue;
            }
            let Some(step) = (case.build)(lane) else {
                continue;
            };
            eprintln!("[{}] {}", lane.label(), case.name);
            run_step(&mut peer, lane, step).await;
            // The connection keeps serving.
            next_probe += 1;
            follow_up(&mut peer, lane, next_probe).await;
            ran += 1;
        }
        peer.finish().await;
    }
    ran
}

/// Tells the peer that a raw line carried a request `id` of `method` the server must answer.
fn expect_answer(peer: &mut Peer, lane: Lane, id: Value, method: &str) {
    if lane.modern() {
        peer.sent_modern_request(id, method, &meta());
    } else {
        peer.sent_request(id, method);
    }
}

fn register(peer: &mut Peer, lane: Lane, reply: &Reply) {
    match reply {
        Reply::Error { id: Some(id), .. } => expect_answer(peer, lane, id.clone(), "?"),
        Reply::Ok { id, method } => expect_answer(peer, lane, id.clone(), method),
        Reply::Batch { ok, errors } => {
            let ids = ok
                .iter()
                .chain(errors.iter().filter_map(|(id, _)| id.as_ref()));
            for id in ids {
                expect_answer(peer, lane, json!(id), "?");
            }
        }
        Reply::Error { id: None, .. } | Reply::Ignored => {}
    }
}

async fn send_line(peer: &mut Peer, bytes: &[u8]) {
    let mut line = bytes.to_vec();
    line.push(b'\n');
    peer.send_raw(&line).await;
}

async fn run_step(peer: &mut Peer, lane: Lane, step: Step) {
    match step.input {
        Input::Bytes(bytes) => {
            register(peer, lane, &step.expect.reply);
            send_line(peer, &bytes).await;
            check(peer, &step.expect.reply).await;
        }
        Input::WhileInFlight { first, id, then } => {
            expect_answer(peer, lane, id.clone(), "tools/call");
            send_line(peer, &first).await;
            // The first call is running once it reports progress.
            peer.expect_notification("notifications/progress").await;
            register(peer, lane, &step.expect.reply);
            send_line(peer, &then).await;
            check_skipping_progress(peer, &step.expect.reply).await;
            // The first call is not disturbed.
            loop {
                let msg = peer.recv().await;
                if msg.value.get("method").is_some() {
                    continue; // its progress
                }
                if msg.id() != &id || msg.value["result"]["content"][0]["text"] != "counted to 4" {
                    peer.fail(format!("expected `slow` to finish, got {}", msg.value));
                }
                break;
            }
        }
        Input::Post { .. } | Input::Raw { .. } | Input::AfterDelete(_) => {
            panic!("an HTTP-only input on {}", lane.label())
        }
    }
}

async fn check(peer: &mut Peer, reply: &Reply) {
    match reply {
        Reply::Error { id, code, words } => {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            peer.expect_error_naming(id.clone(), *code, &words).await;
        }
        Reply::Ignored => peer.expect_nothing_for(QUIET).await,
        Reply::Ok { id, .. } => {
            peer.expect_response(id.clone()).await;
        }
        Reply::Batch { ok, errors } => {
            let members = peer.expect_batch().await;
            check_batch(peer, &members, ok, errors);
        }
    }
}

/// [`check`] of an error, skipping the progress of a call in flight.
async fn check_skipping_progress(peer: &mut Peer, reply: &Reply) {
    let Reply::Error { id, code, words } = reply else {
        panic!("only errors are expected while a call is in flight");
    };
    loop {
        let msg = peer.recv().await;
        if msg.value.get("method").is_some() {
            continue;
        }
        let error = &msg.value["error"];
        let message = error["message"].as_str().unwrap_or("").to_lowercase();
        if msg.value.get("id") != id.as_ref()
            || error["code"] != json!(code)
            || !words.iter().all(|w| message.contains(&w.to_lowercase()))
        {
            peer.fail(format!(
                "expected error {code} naming {words:?}, got {}",
                msg.value
            ));
        }
        return;
    }
}

/// The members of a batch reply are exactly the expected results and errors.
fn check_batch(peer: &Peer, members: &[Value], ok: &[i64], errors: &[(Option<i64>, i64)]) {
    let mut got_ok: Vec<i64> = members
        .iter()
        .filter(|m| m.get("result").is_some())
        .filter_map(|m| m["id"].as_i64())
        .collect();
    got_ok.sort_unstable();
    let mut got_errors: Vec<(Option<i64>, i64)> = members
        .iter()
        .filter(|m| m.get("error").is_some())
        .map(|m| (m["id"].as_i64(), m["error"]["code"].as_i64().unwrap_or(0)))
        .collect();
    got_errors.sort_unstable();
    let mut want_errors = errors.to_vec();
    want_errors.sort_unstable();
    if got_ok != ok || got_errors != want_errors {
        peer.fail(format!(
            "expected results {ok:?} and errors {want_errors:?}, got {members:?}"
        ));
    }
}

/// A valid request right after the case, which must succeed.
async fn follow_up(peer: &mut Peer, lane: Lane, id: i64) {
    if lane.modern() {
        let (line, method) = probe(lane, id);
        expect_answer(peer, lane, json!(id), method);
        send_line(peer, &line).await;
        let text = peer.expect_complete_text(id).await;
        if text != "5" {
            peer.fail(format!("the follow-up call answered {text:?}, not 5"));
        }
    } else {
        peer.ping().await;
    }
}
