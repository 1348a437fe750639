//! Who talked to whom: the `connections` of `calls --json` and the story's segment sentences, from
//! the real binary on the bundled samples (the three real captures among them) and on synthetic
//! calls delivered clean and noisy.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_callflow"))
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

fn calls_json(files: &[PathBuf]) -> Vec<Value> {
    let o = bin()
        .args(["calls", "--json"])
        .args(files)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["calls"].as_array().unwrap().clone()
}

fn one_call(name: &str) -> Value {
    let calls = calls_json(&[sample(name)]);
    assert_eq!(calls.len(), 1, "{name}");
    calls[0].clone()
}

/// The call's party that `connections[].parties` entry `index` names.
fn party<'a>(call: &'a Value, index: &Value) -> &'a Value {
    &call["parties"][index.as_u64().unwrap() as usize]
}

/// A segment as `kind evidence: label/role, label/role` (a far end by its `far_end` label).
fn segments(call: &Value) -> Vec<String> {
    call["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let roles = c["roles"].as_array().unwrap();
            let parties = c["parties"].as_array().unwrap();
            assert_eq!(roles.len(), parties.len());
            let members: Vec<String> = parties
                .iter()
                .zip(roles)
                .map(|(p, r)| {
                    let label = if p.is_null() {
                        c["far_end"].as_str().unwrap()
                    } else {
                        party(call, p)["label"].as_str().unwrap()
                    };
                    format!("{label}/{}", r.as_str().unwrap())
                })
                .collect();
            format!(
                "{} {}: {}",
                c["kind"].as_str().unwrap(),
                c["evidence"].as_str().unwrap(),
                members.join(", ")
            )
        })
        .collect()
}

fn kinds(call: &Value) -> Vec<String> {
    call["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// When party `party_suffix` (e.g. `-2`) of session `session` (a suffix of its id) first
/// reported `code`, in milliseconds since the call's start (as `connections` gives times).
fn state_at(call: &Value, session: &str, party_suffix: &str, code: &str) -> i64 {
    let at = call["parties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["session"].as_str().unwrap().ends_with(session)
                && p["party"].as_str().unwrap().ends_with(party_suffix)
        })
        .flat_map(|p| p["states"].as_array().unwrap().iter())
        .find(|s| s["code"] == code)
        .map(|s| s["at"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no {code} for {session}{party_suffix}"));
    let t = |s: &str| s.parse::<jiff::Timestamp>().unwrap().as_millisecond();
    t(&at) - t(call["start"].as_str().unwrap())
}

fn story(name: &str) -> String {
    let o = bin().arg("story").arg(sample(name)).output().unwrap();
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn warm_transfer_consult_then_caller_talks_to_the_colleague() {
    let call = one_call("warm-transfer.ndjson");
    assert_eq!(
        segments(&call),
        [
            "ringing observed: JORDAN REYES (+1 303-555-0162)/waiting, Mateo Silva (ext 111)/ringing",
            "talk observed: JORDAN REYES (+1 303-555-0162)/talking, Mateo Silva (ext 111)/talking",
            "hold observed: JORDAN REYES (+1 303-555-0162)/waiting, Mateo Silva (ext 111)/holding",
            "ringing observed: Mateo Silva (ext 111)/waiting, Chloe Dubois (ext 112)/ringing",
            "talk observed: Mateo Silva (ext 111)/talking, Chloe Dubois (ext 112)/talking",
            "talk peerId: JORDAN REYES (+1 303-555-0162)/talking, Chloe Dubois (ext 112)/talking",
        ]
    );
    let c = &call["connections"];
    // The consult overlaps the caller's wait on hold; the bridge ends both.
    let bridge = state_at(&call, "9067", "-1", "Gone");
    assert_eq!(c[2]["end_ms"], bridge);
    assert_eq!(c[4]["end_ms"], bridge);
    assert_eq!(c[5]["start_ms"], bridge);
    assert!(c[3]["start_ms"].as_i64() < c[2]["end_ms"].as_i64());
    // It ends when the first of the two hangs up.
    assert_eq!(
        c[5]["end_ms"],
        state_at(&call, "9067", "-2", "Disconnected")
    );
    assert_eq!(c[5]["open_end"], false);
    // The colleague's party of the consult session is the one the caller talks to.
    assert!(
        party(&call, &c[5]["parties"][1])["session"]
            .as_str()
            .unwrap()
            .ends_with("9067")
    );
    let text = story("warm-transfer.ndjson");
    assert!(
        text.contains(
            "JORDAN REYES (+1 303-555-0162) waited on hold from 20:28:33 to 20:29:28 (55 s)."
        ),
        "{text}"
    );
    assert!(text.contains("Mateo Silva (ext 111) and Chloe Dubois (ext 112) talked from 20:28:51 to 20:29:28 (36 s; a consultation while JORDAN REYES (+1 303-555-0162) waited)."), "{text}");
    assert!(text.contains("JORDAN REYES (+1 303-555-0162) and Chloe Dubois (ext 112) talked from 20:29:28 to 20:30:04 (35 s; across sessions joined by peerId)."), "{text}");
}

#[test]
fn rc_to_rc_talk_starts_when_both_have_answered_not_at_the_callers_early_answer() {
    // Real capture: the caller's party reports Answered as soon as the extension is reached.
    let call = one_call("csndata_rc_to_rc_internal_hold_acct_level.ndjson");
    assert_eq!(kinds(&call), ["ringing", "talk", "hold", "talk"]);
    let c = &call["connections"];
    let caller_answered = state_at(&call, "", "-1", "Answered");
    let callee_answered = state_at(&call, "", "-2", "Answered");
    assert!(caller_answered < callee_answered);
    // Ringing from the callee's Setup, while the caller already reports Answered.
    assert_eq!(c[0]["start_ms"], state_at(&call, "", "-2", "Setup"));
    assert_eq!(c[0]["end_ms"], callee_answered);
    assert_eq!(c[1]["start_ms"], callee_answered);
    // The caller pressed hold: the callee waited.
    assert_eq!(
        segments(&call)[2],
        "hold observed: Message Dispatcher (ext 11104)/holding, TESTER Babji (ext 11101)/waiting"
    );
    assert_eq!(c[2]["start_ms"], state_at(&call, "", "-1", "Hold"));
}

#[test]
fn inbound_via_ivr_talks_to_the_menu_first_as_a_labelled_guess() {
    let call = one_call("csndata_pstn_to_rc_ivr_then_ext_hold_acct_level.ndjson");
    let s = segments(&call);
    assert_eq!(
        s[0],
        "talk inferred: DIBYENDU ROY (+1 408-338-8064)/talking, IVR Menu 1001/talking"
    );
    assert_eq!(kinds(&call), ["talk", "ringing", "talk", "hold", "talk"]);
    assert!(s[3].ends_with("DIBYENDU ROY (+1 408-338-8064)/waiting, TESTER Babji/holding"));
    let c = &call["connections"];
    assert_eq!(c[0]["end_ms"], state_at(&call, "", "-2", "Disconnected"));
    assert_eq!(c[2]["start_ms"], state_at(&call, "", "-3", "Answered"));
    let text = story("csndata_pstn_to_rc_ivr_then_ext_hold_acct_level.ndjson");
    assert!(
        text.contains("inferred: IVR Menu 1001 never answered"),
        "{text}"
    );
}

#[test]
fn outbound_to_pstn_rings_then_talks() {
    let call = one_call("csndata_rc_to_pstn_outbound_acct_level.ndjson");
    assert_eq!(kinds(&call), ["ringing", "talk", "hold", "talk"]);
    let s = segments(&call);
    assert!(
        s[0].ends_with("TESTER Babji/waiting, +1 408-338-8064/ringing"),
        "{s:?}"
    );
    assert!(s[1].starts_with("talk observed"), "{s:?}");
}

#[test]
fn conference_joins_everyone_through_the_bridge() {
    let call = one_call("conference.ndjson");
    let s = segments(&call);
    assert_eq!(
        s.last().unwrap(),
        "conference peerId: LEE FONTAINE (+1 617-555-0160)/talking, Isla Murphy (ext 110)/talking, Lucas Martin (ext 107)/talking"
    );
    let last = call["connections"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let bridge = call["sessions"][2]["telephonySessionId"].as_str().unwrap();
    assert!(call["sessions"][2]["bridge"].as_bool().unwrap());
    // The host takes part through the bridge session's host party.
    assert_eq!(party(&call, &last["parties"][2])["session"], bridge);
    let text = story("conference.ndjson");
    assert!(text.contains("were in the conference from 20:28:24 to 20:29:21 (56 s, 3 people; across sessions joined by peerId)."), "{text}");
}

#[test]
fn supervisor_listens_while_caller_and_agent_talk() {
    let call = one_call("supervise.ndjson");
    assert_eq!(
        segments(&call),
        [
            "ringing observed: +1 206-555-0128/waiting, Priya Nair/ringing",
            "talk observed: +1 206-555-0128/talking, Priya Nair/talking",
            "supervise peerId: +1 206-555-0128/supervised, Priya Nair/supervised, Lucas Martin/supervising",
        ]
    );
    let c = &call["connections"];
    // The talk is one segment, unbroken by the supervisor joining.
    assert_eq!(
        c[1]["end_ms"],
        state_at(&call, "78d1", "-2", "Disconnected")
    );
    assert_eq!(c[2]["start_ms"], state_at(&call, "78d1", "-3", "Answered"));
    assert_eq!(
        c[2]["end_ms"],
        state_at(&call, "78d1", "-3", "Disconnected")
    );
    let text = story("supervise.ndjson");
    assert!(text.contains("Lucas Martin listened in (supervising) on +1 206-555-0128 and Priya Nair from 20:27:14 to 20:28:41"), "{text}");
}

#[test]
fn parked_caller_waits_then_talks_to_whoever_picked_up() {
    let call = one_call("park-pickup.ndjson");
    let s = segments(&call);
    assert_eq!(kinds(&call), ["ringing", "talk", "parked", "talk"]);
    assert_eq!(
        s[2],
        "parked observed: JAMIE LAURENT (+1 702-555-0161)/waiting, Hana Sato/parking"
    );
    assert!(s[3].starts_with("talk peerId: JAMIE LAURENT (+1 702-555-0161)/talking, "));
    assert!(!s[3].contains("Hana Sato"), "{s:?}");
    assert!(
        story("park-pickup.ndjson").contains("waited parked from 20:28:34 to 20:29:13 (38 s).")
    );
}

#[test]
fn queue_caller_waits_while_agents_ring_then_talks_to_the_one_who_answered() {
    let call = one_call("queue.ndjson");
    let s = segments(&call);
    assert_eq!(kinds(&call), ["queue", "ringing", "talk", "hold", "talk"]);
    assert_eq!(
        s[0],
        "queue observed: CASEY MORGAN (+1 305-555-0183)/waiting, Support Queue/queue"
    );
    assert_eq!(
        s[1],
        "ringing observed: CASEY MORGAN (+1 305-555-0183)/waiting, Emma Novak/ringing, Chloe Dubois/ringing, Isla Murphy/ringing"
    );
    assert!(s[2].ends_with("Isla Murphy/talking"));
    assert!(
        story("queue.ndjson")
            .contains("CASEY MORGAN (+1 305-555-0183) waited in Support Queue from")
    );
}

#[test]
fn blind_transfer_pickup_switch_voicemail_and_missed() {
    let blind = one_call("blind-transfer.ndjson");
    assert_eq!(kinds(&blind), ["ringing", "talk", "ringing", "talk"]);
    assert!(segments(&blind)[3].ends_with("Ethan Kim/talking"));
    let blf = one_call("blf-pickup.ndjson");
    assert!(segments(&blf)[0].ends_with("Liam Chen/ringing"));
    assert!(segments(&blf)[1].ends_with("Aiden Okafor/talking"));
    // A switch moves the call to another device: two talks with two parties of the same person.
    let switch = one_call("call-switch.ndjson");
    let c = switch["connections"].as_array().unwrap();
    assert_eq!(kinds(&switch)[..3], ["ringing", "talk", "talk"]);
    assert_ne!(c[1]["parties"][1], c[2]["parties"][1]);
    // The same person (one extension) on both.
    let ext = |i: usize| party(&switch, &c[i]["parties"][1])["extensionId"].clone();
    assert!(ext(1).is_string());
    assert_eq!(ext(1), ext(2));
    let vm = one_call("voicemail.ndjson");
    assert_eq!(kinds(&vm), ["ringing", "voicemail"]);
    let missed = one_call("missed.ndjson");
    assert_eq!(kinds(&missed), ["ringing"]);
}

/// `synth --scenario NAME` for one call.
fn synth(scenario: &str, seed: u64, noise: bool) -> Vec<u8> {
    let mut cmd = bin();
    cmd.args([
        "synth",
        "--calls",
        "1",
        "--seed",
        &seed.to_string(),
        "--scenario",
        scenario,
    ]);
    if !noise {
        cmd.arg("--no-noise");
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success());
    o.stdout
}

#[test]
fn noisy_delivery_gives_the_same_connections_as_a_clean_one() {
    let dir = std::env::temp_dir().join(format!("callflow-connections-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenarios = [
        "inbound",
        "hold",
        "outbound",
        "internal",
        "ivr",
        "warm-transfer",
        "blind-transfer",
        "conference",
        "supervise",
        "park-pickup",
        "blf-pickup",
        "call-switch",
        "call-flip",
        "queue",
        "voicemail",
        "missed",
    ];
    for scenario in scenarios {
        for seed in [3, 19] {
            let clean = dir.join(format!("{scenario}-{seed}-clean.ndjson"));
            let noisy = dir.join(format!("{scenario}-{seed}-noisy.ndjson"));
            std::fs::write(&clean, synth(scenario, seed, false)).unwrap();
            std::fs::write(&noisy, synth(scenario, seed, true)).unwrap();
            let a = calls_json(&[clean]);
            let b = calls_json(&[noisy]);
            assert_eq!(a.len(), 1, "{scenario}");
            assert!(
                !a[0]["connections"].as_array().unwrap().is_empty(),
                "{scenario}"
            );
            assert_eq!(
                a[0]["connections"], b[0]["connections"],
                "{scenario} seed {seed}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn noisy_samples_read_like_their_clean_ones() {
    for (clean, noisy) in [
        ("warm-transfer.ndjson", "warm-transfer-noisy.ndjson"),
        ("conference.ndjson", "conference-noisy.ndjson"),
    ] {
        // Other seeds, other people: the shape is the same.
        assert_eq!(kinds(&one_call(clean)), kinds(&one_call(noisy)), "{noisy}");
        let roles = |c: &Value| -> Vec<Vec<String>> {
            c["connections"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    s["roles"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| r.as_str().unwrap().to_owned())
                        .collect()
                })
                .collect()
        };
        assert_eq!(roles(&one_call(clean)), roles(&one_call(noisy)), "{noisy}");
    }
}

#[test]
fn who_was_the_caller_talking_to_at_a_given_moment() {
    use callflow::calls::{CallSet, ConnectionKind};
    let text = std::fs::read(sample("warm-transfer.ndjson")).unwrap();
    let mut store = callflow::store::Store::new();
    callflow::ingest::load_bytes(&mut store, "warm-transfer.ndjson", &text);
    let set = CallSet::build(&store);
    let call = &set.calls[0];
    let caller = call.caller.unwrap();
    let with_caller = |at: &str| -> Vec<(ConnectionKind, Vec<String>)> {
        let t: jiff::Timestamp = at.parse().unwrap();
        call.connections
            .at(t)
            .filter(|(_, m)| m.iter().any(|m| m.party == Some(caller)))
            .map(|(s, m)| {
                let others = m
                    .iter()
                    .filter(|m| m.party != Some(caller))
                    .map(|m| set.party(m.party.unwrap()).unwrap().identity.label.clone())
                    .collect();
                (s.kind, others)
            })
            .collect()
    };
    assert_eq!(
        with_caller("2026-05-28T20:27:30Z"),
        [(
            ConnectionKind::Talk,
            vec!["Mateo Silva (ext 111)".to_owned()]
        )]
    );
    assert_eq!(
        with_caller("2026-05-28T20:29:00Z"),
        [(
            ConnectionKind::Hold,
            vec!["Mateo Silva (ext 111)".to_owned()]
        )]
    );
    assert_eq!(
        with_caller("2026-05-28T20:29:50Z"),
        [(
            ConnectionKind::Talk,
            vec!["Chloe Dubois (ext 112)".to_owned()]
        )]
    );
}
