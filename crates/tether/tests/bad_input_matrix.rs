//! The bad-input matrix (issue 12): malformed and hostile input over stdio and Streamable HTTP,
//! in both eras. Each case asserts the exact JSON-RPC error (or HTTP status and error body), or
//! that nothing comes back, and then that a valid request still succeeds on the same
//! connection, session or server. The table is in `bad_input/cases.rs`, the drivers beside it.

mod bad_input;
#[path = "support/one_request.rs"]
mod one_request;
mod support;

use bad_input::{Lane, cases, http, stdio};

/// How many cases the table has, and how many run on each lane. Adding or removing a case
/// must update these.
const CASES: usize = 49;
const PER_LANE: [(Lane, usize); 4] = [
    (Lane::StdioLegacy, 38),
    (Lane::StdioModern, 38),
    (Lane::HttpLegacy, 43),
    (Lane::HttpModern, 43),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_input_gets_its_answer_and_the_server_keeps_serving() {
    let started = std::time::Instant::now();
    let cases = cases::all();
    for case in &cases {
        assert!(
            Lane::ALL.iter().any(|lane| (case.build)(*lane).is_some()),
            "the case `{}` runs on no lane",
            case.name
        );
    }
    let mut ran = Vec::new();
    for lane in Lane::ALL {
        let count = if lane.http() {
            http::run(lane, &cases).await
        } else {
            stdio::run(lane, &cases).await
        };
        ran.push((lane, count));
    }
    let checks: usize = ran.iter().map(|(_, n)| n).sum();
    let breakdown: Vec<String> = ran
        .iter()
        .map(|(lane, n)| format!("{}: {n}", lane.label()))
        .collect();
    println!(
        "bad-input matrix: {} cases × transports = {checks} checks, all kept serving ({}; {:.1?})",
        cases.len(),
        breakdown.join(", "),
        started.elapsed()
    );
    assert_eq!(cases.len(), CASES, "the number of cases");
    assert_eq!(ran, PER_LANE, "the number of cases per lane");
}
