//! Attacks on the sealed `requestState` of 2026-07-28 Multi Round-Trip Requests, as a table:
//! each row forges a retry from a genuine state (or from a state another server sealed) and
//! names the JSON-RPC error it must get. Every row runs over the in-memory duplex and over
//! Streamable HTTP on 127.0.0.1, against one victim connection per transport, and checks
//! that the error code and message are the expected ones, that no handler body ran for the
//! attack (a counter at the top of every body), and that the connection then completes a
//! genuine call. A second table runs the replays the design allows (a state stays valid until
//! it expires) and checks what they do. `docs/sealing.md` ("Attacks the tests try") lists both.

#[path = "support/attacks.rs"]
mod attacks;
mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tether_mcp::types::error_codes::INVALID_PARAMS;
use tether_mcp::{Limits, Server};

use Forge::*;
use Sibling::{OtherId, OtherSecret};
use Wrap::{Array, Bool, Number, Object};
use attacks::At::{End, Middle, Start};
use attacks::Cut::{DropLast, HalfPayload, Keep, WholeTag};
use attacks::Part::{Payload, Tag};
use attacks::{
    At, Attacked, Cut, Part, Runs, SECRET_URI, Transport, Wire, accept, as_user, attacked_server,
    cut, deploy, first_round, flip, genuine_call_completes, key, retry,
};

/// The victim's limit for a sealed state: small, so the oversized row stays a small request.
const MAX_STATE_BYTES: usize = 8192;
/// The rows of [`ATTACKS`] and [`BY_DESIGN`]; a row deleted by mistake fails the count.
const ATTACK_ROWS: usize = 39;
const BY_DESIGN_ROWS: usize = 5;

const MALFORMED: &str = "invalid requestState: it is not a state this server issued";
const MODIFIED: &str = "invalid requestState: its integrity check failed: it was modified";
const EXPIRED: &str = "invalid requestState: it has expired; start the call again";
const NOT_A_STRING: &str = "requestState must be the string the server sent, got ";
const UNKNOWN_K0: &str =
    "invalid requestState: it was sealed with key `k0`, which this server does not hold";
const UNKNOWN_K9: &str =
    "invalid requestState: it was sealed with key `k9`, which this server does not hold";
const OTHER_TARGET: &str = concat!(
    "invalid requestState: it belongs to another request: ",
    "the tool or prompt name, or resource URI differ"
);
const OTHER_ARGUMENTS: &str =
    "invalid requestState: it belongs to another request: the arguments differ";
const OTHER_PRINCIPAL: &str =
    "invalid requestState: it belongs to another request: the principal differ";
const OTHER_METHOD: &str = "invalid requestState: it belongs to another request: the method differ";
const OVERSIZED: &str = "bytes, over the 8192-byte limit";
const WRONG_KIND: &str =
    "answers sampling/createMessage, but the server asked elicitation/create under that key";
const BAD_RESPONSES: &str = "invalid inputResponses";

#[derive(Clone, Copy, Debug)]
enum Wrap {
    Number,
    Object,
    Array,
    Bool,
}

/// A server other than the victim that seals a state which is then sent to the victim.
#[derive(Clone, Copy, Debug)]
enum Sibling {
    /// Key id `k1` like the victim's, another secret.
    OtherSecret,
    /// Key id `k0`, the victim's secret.
    OtherId,
}

/// How an attack's request is made.
#[derive(Clone, Copy, Debug)]
enum Forge {
    /// The genuine state with one base64url character changed (to its alphabet neighbour).
    Flip(Part, At),
    Truncated(Cut),
    Literal(&'static str),
    /// The genuine state with its version `v1` replaced by `v2`.
    Version,
    /// The genuine state with `.x` appended.
    ExtraSegment,
    /// The genuine state with its key id replaced (the tag kept).
    RenamedKey(&'static str),
    /// The genuine state inside JSON of another type.
    NotString(Wrap),
    /// Sealed by a server with the victim's key and a 50 ms TTL, sent 100 ms later.
    Expired,
    SealedBy(Sibling),
    /// The genuine state of `deploy prod` on another tool, or with other arguments.
    OtherTool,
    OtherArguments,
    /// Issued to alice, sent by mallory; issued to alice, sent without a principal; issued
    /// without a principal, sent by mallory.
    OtherPrincipal,
    PrincipalDropped,
    PrincipalAdded,
    /// A `prompts/get` or `resources/read` state on `tools/call`; a tool's on `prompts/get`;
    /// a resource's on another URI.
    FromPrompt,
    FromResource,
    ToPrompt,
    OtherUri,
    /// The payload of one call with the tag of another.
    Spliced,
    /// The genuine state padded past the victim's limit.
    Oversized,
    /// A sampling result under the key of the elicitation asked.
    WrongKindAnswer,
    /// `inputResponses` that is not an object.
    ResponsesNotObject,
}

/// One attack: its name, how its request is forged, and the error it must get.
struct Attack {
    name: &'static str,
    forge: Forge,
    code: i64,
    names: &'static str,
}

const fn attack(name: &'static str, forge: Forge, names: &'static str) -> Attack {
    Attack {
        name,
        forge,
        code: INVALID_PARAMS,
        names,
    }
}

#[rustfmt::skip]
const ATTACKS: &[Attack] = &[
    attack("payload's first character", Flip(Payload, Start), MODIFIED),
    attack("payload's middle character", Flip(Payload, Middle), MODIFIED),
    attack("payload's last character", Flip(Payload, End), MODIFIED),
    attack("MAC's first character", Flip(Tag, Start), MODIFIED),
    attack("MAC's middle character", Flip(Tag, Middle), MODIFIED),
    attack("MAC's last character (its padding bits)", Flip(Tag, End), MODIFIED),
    attack("truncated to the empty string", Truncated(Keep(0)), MALFORMED),
    attack("truncated to `v1.`", Truncated(Keep(3)), MALFORMED),
    attack("truncated to `v1.k1.`", Truncated(Keep(6)), MALFORMED),
    attack("truncated mid-payload", Truncated(HalfPayload), MALFORMED),
    attack("truncated before the MAC", Truncated(WholeTag), MODIFIED),
    attack("truncated by 1 character", Truncated(DropLast(1)), MODIFIED),
    attack("truncated by 3 characters", Truncated(DropLast(3)), MODIFIED),
    attack("not base64, no dots", Literal("%%% not base64 %%%"), MALFORMED),
    attack("not base64 in the format", Literal("v1.k1.%%%%.%%%%"), MALFORMED),
    attack("version v2", Version, MALFORMED),
    attack("an extra segment", ExtraSegment, MALFORMED),
    attack("a number", NotString(Number), NOT_A_STRING),
    attack("an object", NotString(Object), NOT_A_STRING),
    attack("an array", NotString(Array), NOT_A_STRING),
    attack("a boolean", NotString(Bool), NOT_A_STRING),
    attack("expired", Expired, EXPIRED),
    attack("sealed with another secret, same key id", SealedBy(OtherSecret), MODIFIED),
    attack("sealed with another key id", SealedBy(OtherId), UNKNOWN_K0),
    attack("key id renamed to an unknown one", RenamedKey("k9"), UNKNOWN_K9),
    attack("key id renamed to a previous key's, same secret", RenamedKey("kp"), MODIFIED),
    attack("replayed on another tool", OtherTool, OTHER_TARGET),
    attack("replayed with other arguments", OtherArguments, OTHER_ARGUMENTS),
    attack("replayed by another principal", OtherPrincipal, OTHER_PRINCIPAL),
    attack("replayed without the principal", PrincipalDropped, OTHER_PRINCIPAL),
    attack("replayed with a principal it was not issued to", PrincipalAdded, OTHER_PRINCIPAL),
    attack("a prompts/get state on tools/call", FromPrompt, OTHER_METHOD),
    attack("a resources/read state on tools/call", FromResource, OTHER_METHOD),
    attack("a tools/call state on prompts/get", ToPrompt, OTHER_METHOD),
    attack("a resource's state on another URI", OtherUri, OTHER_TARGET),
    attack("one call's payload with another's MAC", Spliced, MODIFIED),
    attack("oversized", Oversized, OVERSIZED),
    attack("a sampling answer under an elicitation's key", WrongKindAnswer, WRONG_KIND),
    attack("inputResponses not an object", ResponsesNotObject, BAD_RESPONSES),
];

/// A victim server and connection over one transport, and the siblings that seal states for
/// it (their connections are over the same transport).
struct Fixture {
    victim: Wire,
    runs: Runs,
    short_ttl: Wire,
    other_secret: Wire,
    other_id: Wire,
    _servers: Vec<Server<Attacked>>,
}

impl Fixture {
    async fn new(transport: Transport) -> Fixture {
        let mut limits = Limits::default();
        limits.max_request_state_bytes = MAX_STATE_BYTES;
        let mut short = limits.clone();
        short.request_state_ttl = Duration::from_millis(50);
        let long = Duration::from_secs(600);
        let (victim, runs) =
            attacked_server(key("k1", 1), Some((key("kp", 1), long)), limits.clone());
        let (short_ttl, _) = attacked_server(key("k1", 1), None, short);
        let (other_secret, _) = attacked_server(key("k1", 2), None, limits.clone());
        let (other_id, _) = attacked_server(key("k0", 1), None, limits);
        Fixture {
            victim: Wire::connect(transport, &victim).await,
            runs,
            short_ttl: Wire::connect(transport, &short_ttl).await,
            other_secret: Wire::connect(transport, &other_secret).await,
            other_id: Wire::connect(transport, &other_id).await,
            _servers: vec![victim, short_ttl, other_secret, other_id],
        }
    }

    async fn finish(self) {
        for wire in [
            self.victim,
            self.short_ttl,
            self.other_secret,
            self.other_id,
        ] {
            wire.finish().await;
        }
    }
}

/// The method and params of the attack's request.
async fn forge(fx: &mut Fixture, how: Forge) -> (&'static str, Value) {
    let call = "tools/call";
    let prod = deploy("prod");
    let (asked, genuine) = first_round(&mut fx.victim, call, &prod).await;
    let answers = json!({&asked: accept()});
    let replay = |state: Value| (call, retry(deploy("prod"), answers.clone(), state));
    match how {
        Forge::Flip(part, at) => replay(json!(flip(&genuine, part, at))),
        Forge::Truncated(how) => replay(json!(cut(&genuine, how))),
        Forge::Literal(text) => replay(json!(text)),
        Forge::Version => replay(json!(genuine.replacen("v1.", "v2.", 1))),
        Forge::ExtraSegment => replay(json!(format!("{genuine}.x"))),
        Forge::RenamedKey(id) => replay(json!(genuine.replacen("v1.k1.", &format!("v1.{id}."), 1))),
        Forge::NotString(wrap) => replay(match wrap {
            Wrap::Number => json!(42),
            Wrap::Object => json!({"requestState": genuine}),
            Wrap::Array => json!([genuine]),
            Wrap::Bool => json!(true),
        }),
        Forge::Expired => {
            let (_, state) = first_round(&mut fx.short_ttl, call, &prod).await;
            tokio::time::sleep(Duration::from_millis(100)).await;
            replay(json!(state))
        }
        Forge::SealedBy(sibling) => {
            let wire = match sibling {
                Sibling::OtherSecret => &mut fx.other_secret,
                Sibling::OtherId => &mut fx.other_id,
            };
            let (_, state) = first_round(wire, call, &prod).await;
            replay(json!(state))
        }
        Forge::OtherTool => {
            let rollback = json!({"name": "rollback", "arguments": {"target": "prod"}});
            (call, retry(rollback, answers, genuine))
        }
        Forge::OtherArguments => (call, retry(deploy("staging"), answers, genuine)),
        Forge::OtherPrincipal | Forge::PrincipalDropped | Forge::PrincipalAdded => {
            let issued = match how {
                Forge::PrincipalAdded => prod.clone(),
                _ => as_user(prod.clone(), "alice"),
            };
            let (_, state) = first_round(&mut fx.victim, call, &issued).await;
            let sent = match how {
                Forge::PrincipalDropped => prod,
                _ => as_user(prod, "mallory"),
            };
            (call, retry(sent, answers, state))
        }
        Forge::FromPrompt | Forge::FromResource => {
            let (method, params) = match how {
                Forge::FromPrompt => ("prompts/get", json!({"name": "greet"})),
                _ => ("resources/read", json!({"uri": SECRET_URI})),
            };
            let (_, state) = first_round(&mut fx.victim, method, &params).await;
            replay(json!(state))
        }
        Forge::ToPrompt => (
            "prompts/get",
            retry(json!({"name": "greet"}), answers, genuine),
        ),
        Forge::OtherUri => {
            let read = json!({"uri": SECRET_URI});
            let (key, state) = first_round(&mut fx.victim, "resources/read", &read).await;
            let other = json!({"uri": "file:///attack/other"});
            (
                "resources/read",
                retry(other, json!({key: accept()}), state),
            )
        }
        Forge::Spliced => {
            let (_, other) = first_round(&mut fx.victim, call, &prod).await;
            let (payload, _) = genuine.rsplit_once('.').expect("a tag");
            let (_, tag) = other.rsplit_once('.').expect("a tag");
            replay(json!(format!("{payload}.{tag}")))
        }
        Forge::Oversized => replay(json!(format!("{genuine}{}", "A".repeat(MAX_STATE_BYTES)))),
        Forge::WrongKindAnswer => {
            let text = json!({"type": "text", "text": "x"});
            let sampled = json!({"role": "assistant", "content": text, "model": "m"});
            (
                call,
                retry(deploy("prod"), json!({&asked: sampled}), genuine),
            )
        }
        Forge::ResponsesNotObject => (call, retry(deploy("prod"), json!(42), genuine)),
    }
}

/// How an attack was not rejected as it must be: whether it reached the handler, and how.
struct Miss {
    reached: bool,
    why: String,
}

/// Runs `attack` on `fx`.
async fn try_attack(fx: &mut Fixture, attack: &Attack) -> Result<(), Miss> {
    let (method, params) = forge(fx, attack.forge).await;
    let before = fx.runs.get();
    let answer = fx.victim.request(method, params).await;
    let ran = fx.runs.get() - before;
    let error = &answer["error"];
    let message = error["message"].as_str().unwrap_or_default();
    if ran != 0 {
        let why = format!("the handler ran {ran} times; the answer was {answer}");
        return Err(Miss { reached: true, why });
    }
    if error["code"] != json!(attack.code) || !message.contains(attack.names) {
        let why = format!(
            "expected {} naming {:?}, got {answer}",
            attack.code, attack.names
        );
        return Err(Miss {
            reached: false,
            why,
        });
    }
    genuine_call_completes(&mut fx.victim, &fx.runs)
        .await
        .map_err(|why| Miss {
            reached: false,
            why,
        })
}

/// A replay the design allows: a state opens until it expires, for its own request only, and
/// only the keys it asked are answers.
#[derive(Clone, Copy, Debug)]
enum Replay {
    /// Round 1's state of `two_step` after round 2: the handler runs and asks round 2's key.
    EarlierRound,
    /// The same, with an answer to round 2's key as well: ignored, round 2's key is asked.
    SkipAhead,
    /// `deploy`'s state with an answer under a key it never asked: ignored, the key is asked.
    UnaskedKey,
    /// The final retry of `deploy` sent twice: it completes twice (same `call_id()`).
    FinalRoundTwice,
    /// `requestState: null` with answers: read as absent, a new call starts.
    NullState,
}

struct ByDesign {
    name: &'static str,
    replay: Replay,
}

const BY_DESIGN: &[ByDesign] = &[
    ByDesign {
        name: "an earlier round's state after a later round",
        replay: Replay::EarlierRound,
    },
    ByDesign {
        name: "an earlier round's state with a later round's answer",
        replay: Replay::SkipAhead,
    },
    ByDesign {
        name: "an answer under a key not asked",
        replay: Replay::UnaskedKey,
    },
    ByDesign {
        name: "the final round sent twice",
        replay: Replay::FinalRoundTwice,
    },
    ByDesign {
        name: "requestState null",
        replay: Replay::NullState,
    },
];

/// `answer` is an `InputRequiredResult` asking exactly `key`.
fn asks_exactly(answer: &Value, key: &str) -> Result<(), String> {
    let result = &answer["result"];
    let asked: Vec<&String> = result["inputRequests"]
        .as_object()
        .map(|r| r.keys().collect())
        .unwrap_or_default();
    if result["resultType"] != "input_required" || asked != [key] {
        return Err(format!(
            "expected an input_required result asking {key}, got {answer}"
        ));
    }
    Ok(())
}

/// Runs `replay` on `fx`: the handler runs once per request and does what the design says.
async fn try_replay(fx: &mut Fixture, replay: &ByDesign) -> Result<(), String> {
    let call = "tools/call";
    let before = fx.runs.get();
    let (outcome, requests) = match replay.replay {
        Replay::EarlierRound | Replay::SkipAhead => {
            let two = json!({"name": "two_step", "arguments": {}});
            let (first, s1) = first_round(&mut fx.victim, call, &two).await;
            let round_two = retry(two.clone(), json!({&first: accept()}), s1.as_str());
            let (second, _) = first_round(&mut fx.victim, call, &round_two).await;
            if second == first {
                return Err(format!("round 2 asked round 1's key {first} again"));
            }
            let answers = match replay.replay {
                Replay::SkipAhead => json!({&first: accept(), &second: accept()}),
                _ => json!({&first: accept()}),
            };
            let again = fx.victim.request(call, retry(two, answers, s1)).await;
            (asks_exactly(&again, &second), 3)
        }
        Replay::UnaskedKey | Replay::NullState => {
            let (asked, state) = first_round(&mut fx.victim, call, &deploy("prod")).await;
            let params = match replay.replay {
                Replay::UnaskedKey => retry(
                    deploy("prod"),
                    json!({"elicitation/create:forged:0": accept()}),
                    state,
                ),
                _ => retry(deploy("prod"), json!({&asked: accept()}), Value::Null),
            };
            let again = fx.victim.request(call, params).await;
            (asks_exactly(&again, &asked), 2)
        }
        Replay::FinalRoundTwice => {
            let (asked, state) = first_round(&mut fx.victim, call, &deploy("prod")).await;
            let params = retry(deploy("prod"), json!({asked: accept()}), state);
            let mut outcome = Ok(());
            for _ in 0..2 {
                let answer = fx.victim.request(call, params.clone()).await;
                if answer["result"]["content"][0]["text"] != "deployed prod" {
                    outcome = Err(format!("a repeated final round: {answer}"));
                }
            }
            (outcome, 3)
        }
    };
    outcome?;
    let ran = fx.runs.get() - before;
    if ran != requests {
        return Err(format!(
            "the handler ran {ran} times for {requests} requests"
        ));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_state_attack_is_rejected_before_the_handler_on_both_transports() {
    assert_eq!(
        ATTACKS.len(),
        ATTACK_ROWS,
        "the attack table changed: update ATTACK_ROWS"
    );
    assert_eq!(
        BY_DESIGN.len(),
        BY_DESIGN_ROWS,
        "the table changed: update BY_DESIGN_ROWS"
    );
    let started = Instant::now();
    let (mut rejected, mut reached, mut by_design, mut failures) = (0, 0, 0, Vec::new());
    for transport in Transport::ALL {
        let mut fx = Fixture::new(transport).await;
        for attack in ATTACKS {
            match try_attack(&mut fx, attack).await {
                Ok(()) => rejected += 1,
                Err(miss) => {
                    reached += usize::from(miss.reached);
                    failures.push(format!("[{transport:?}] {}: {}", attack.name, miss.why));
                }
            }
        }
        for replay in BY_DESIGN {
            match try_replay(&mut fx, replay).await {
                Ok(()) => by_design += 1,
                Err(why) => failures.push(format!("[{transport:?}] {}: {why}", replay.name)),
            }
        }
        fx.finish().await;
    }
    let transports = Transport::ALL.len();
    eprintln!(
        "request_state attacks: {} cases x {transports} transports = {rejected} rejected before \
         the handler, {reached} reached it; {} replays allowed by design x {transports} \
         transports = {by_design} served as documented; {} failures ({:?})",
        ATTACKS.len(),
        BY_DESIGN.len(),
        failures.len(),
        started.elapsed(),
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!((rejected, reached), (ATTACK_ROWS * transports, 0));
    assert_eq!(by_design, BY_DESIGN_ROWS * transports);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_server_opens_the_old_keys_states_during_its_window_only() {
    let window = Duration::from_millis(500);
    let old_key_error = "invalid requestState: it was sealed with key `old`, which this server \
                         does not hold";
    let mut issued = Vec::new();
    for transport in Transport::ALL {
        let (old, _) = attacked_server(key("old", 1), None, Limits::default());
        let mut to_old = Wire::connect(transport, &old).await;
        let (asked, state) = first_round(&mut to_old, "tools/call", &deploy("prod")).await;
        assert!(state.starts_with("v1.old."), "{state}");
        to_old.finish().await;
        issued.push((
            transport,
            retry(deploy("prod"), json!({asked: accept()}), state),
        ));
    }
    let built = Instant::now();
    let mut rotated = Vec::new();
    for (transport, params) in issued {
        let previous = Some((key("old", 1), window));
        let (server, runs) = attacked_server(key("new", 2), previous, Limits::default());
        let mut wire = Wire::connect(transport, &server).await;
        // Within the window: the old key's state completes the call.
        let answer = wire.request("tools/call", params.clone()).await;
        assert_eq!(
            answer["result"]["content"][0]["text"], "deployed prod",
            "[{transport:?}] {answer}"
        );
        assert_eq!(
            runs.get(),
            1,
            "[{transport:?}] the handler ran for the accepted state"
        );
        // New states are sealed with the new key.
        let (_, state) = first_round(&mut wire, "tools/call", &deploy("prod")).await;
        assert!(state.starts_with("v1.new."), "[{transport:?}] {state}");
        rotated.push((transport, server, wire, runs, params));
    }
    assert!(
        built.elapsed() < window,
        "the in-window checks took {:?}, longer than the {window:?} window",
        built.elapsed()
    );
    tokio::time::sleep_until((built + window + Duration::from_millis(50)).into()).await;
    let mut rejected = 0;
    for (transport, _server, mut wire, runs, params) in rotated {
        // After the window: the same state is rejected before the handler.
        let before = runs.get();
        let answer = wire.request("tools/call", params).await;
        assert_eq!(
            answer["error"]["code"], INVALID_PARAMS,
            "[{transport:?}] {answer}"
        );
        let message = answer["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(old_key_error), "[{transport:?}] {message}");
        assert_eq!(
            runs.get(),
            before,
            "[{transport:?}] the handler must not run"
        );
        genuine_call_completes(&mut wire, &runs)
            .await
            .unwrap_or_else(|e| panic!("[{transport:?}] {e}"));
        wire.finish().await;
        rejected += 1;
    }
    eprintln!(
        "request_state key rotation: the old key's state accepted within {window:?} and \
         rejected after it on {rejected} transports"
    );
    assert_eq!(rejected, Transport::ALL.len());
}
