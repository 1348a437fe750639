//! Every scenario of the reference comes out right: links, their kinds and evidence, bridges,
//! the caller's path, and hand-over reasons that do not end a call.

use callflow::calls::{CallSet, calls_json};
use callflow::ingest;
use callflow::store::Store;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

/// The `calls --json` document of some files, as a JSON value.
fn calls_of(names: &[&str]) -> Value {
    let paths: Vec<PathBuf> = names.iter().map(|n| sample(n)).collect();
    let mut store = Store::new();
    ingest::load_paths(&mut store, &paths, &mut |_| {});
    let set = CallSet::build(&store);
    serde_json::to_value(calls_json(&store, &set, &set.calls)).unwrap()
}

fn only_call(name: &str) -> Value {
    let doc = calls_of(&[name]);
    assert_eq!(doc["diagnostics"]["rejected_total"], 0, "{name}");
    let calls = doc["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 1, "{name} should hold one call");
    calls[0].clone()
}

fn links(call: &Value) -> Vec<(String, String)> {
    call["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["kind"].as_str().unwrap().to_owned(),
                l["evidence"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn vias(call: &Value) -> Vec<String> {
    call["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["via"].as_str().unwrap().to_owned())
        .collect()
}

fn badges(call: &Value) -> Vec<String> {
    call["badges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_str().unwrap().to_owned())
        .collect()
}

fn final_states(call: &Value) -> Vec<(String, Option<String>)> {
    call["parties"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["states"].as_array().unwrap().last())
        .map(|s| {
            (
                s["code"].as_str().unwrap().to_owned(),
                s["reason"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

#[test]
fn basic_calls_have_one_session_no_links_and_a_two_step_path() {
    for name in [
        "inbound.ndjson",
        "outbound.ndjson",
        "internal.ndjson",
        "hold.ndjson",
    ] {
        let call = only_call(name);
        assert_eq!(call["sessions"].as_array().unwrap().len(), 1, "{name}");
        assert!(links(&call).is_empty(), "{name}");
        assert_eq!(vias(&call), ["call"], "{name}");
        assert!(
            final_states(&call).iter().all(|(c, _)| c == "Disconnected"),
            "{name}"
        );
    }
}

#[test]
fn hold_shows_in_the_state_history() {
    let call = only_call("hold.ndjson");
    let codes: Vec<&str> = call["parties"][1]["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.windows(2).any(|w| w == ["Hold", "Answered"]),
        "{codes:?}"
    );
}

#[test]
fn ivr_routing_adds_a_party_to_the_same_session() {
    let call = only_call("ivr.ndjson");
    assert_eq!(call["parties"].as_array().unwrap().len(), 3);
    assert_eq!(vias(&call), ["call", "routed"]);
    assert_eq!(call["path"][0]["label"], "IVR Menu 1001");
    // The IVR only routed the call; the extension after it answered.
    assert_eq!(call["answered"], call["path"][1]["label"]);
}

#[test]
fn real_ivr_capture_reads_as_a_person_would() {
    let call = only_call("csndata_pstn_to_rc_ivr_then_ext_hold_acct_level.ndjson");
    assert_eq!(call["caller"], "DIBYENDU ROY (+1 408-338-8064)");
    let path: Vec<&str> = call["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert_eq!(path, ["IVR Menu 1001", "TESTER Babji"]);
    let internal = only_call("csndata_rc_to_rc_internal_hold_acct_level.ndjson");
    assert_eq!(internal["caller"], "Message Dispatcher (ext 11104)");
    assert_eq!(internal["path"][0]["label"], "TESTER Babji (ext 11101)");
}

#[test]
fn warm_transfer_links_two_sessions_once_by_peer_id() {
    for name in ["warm-transfer.ndjson", "warm-transfer-noisy.ndjson"] {
        let call = only_call(name);
        assert_eq!(call["sessions"].as_array().unwrap().len(), 2, "{name}");
        // Both operator legs name each other: one link, not two.
        assert_eq!(
            links(&call),
            [("AttendedTransfer".to_owned(), "peerId".to_owned())],
            "{name}"
        );
        let link = &call["links"][0];
        assert_ne!(link["from"]["session"], link["to"]["session"]);
        assert_eq!(vias(&call), ["call", "AttendedTransfer"], "{name}");
        // The caller ends up talking to the colleague in the operator's second session.
        assert_ne!(
            call["path"][1]["session"], call["sessions"][0]["telephonySessionId"],
            "{name}"
        );
        assert!(badges(&call).contains(&"transfer".to_owned()));
    }
}

#[test]
fn blind_transfer_is_an_inferred_link_to_the_new_party() {
    let call = only_call("blind-transfer.ndjson");
    assert_eq!(
        links(&call),
        [("BlindTransfer".to_owned(), "inferred".to_owned())]
    );
    let link = &call["links"][0];
    assert!(link["from"]["party"].as_str().unwrap().ends_with("-2"));
    assert!(link["to"]["party"].as_str().unwrap().ends_with("-3"));
    assert_eq!(vias(&call), ["call", "BlindTransfer"]);
}

#[test]
fn conference_goes_through_a_flagged_bridge_session() {
    for name in ["conference.ndjson", "conference-noisy.ndjson"] {
        let call = only_call(name);
        let sessions = call["sessions"].as_array().unwrap();
        assert_eq!(sessions.len(), 3, "{name}");
        let bridges: Vec<&Value> = sessions.iter().filter(|s| s["bridge"] == true).collect();
        assert_eq!(bridges.len(), 1, "{name}");
        assert_eq!(bridges[0]["sessionId"], "0");
        assert_eq!(bridges[0]["origin"], "Conference");
        assert_eq!(
            links(&call),
            vec![("Conference".to_owned(), "peerId".to_owned()); 2],
            "{name}"
        );
        assert_eq!(
            call["path"].as_array().unwrap().last().unwrap()["label"],
            "conference bridge"
        );
        assert!(badges(&call).contains(&"conference".to_owned()));
    }
}

#[test]
fn supervise_links_the_supervisor_and_stays_off_the_callers_path() {
    let call = only_call("supervise.ndjson");
    assert_eq!(
        links(&call),
        [("Supervising".to_owned(), "peerId".to_owned())]
    );
    assert_eq!(call["path"].as_array().unwrap().len(), 1);
    assert!(badges(&call).contains(&"supervise".to_owned()));
}

#[test]
fn park_and_pickup_joins_the_retrievers_session() {
    let call = only_call("park-pickup.ndjson");
    assert_eq!(links(&call), [("Pickup".to_owned(), "peerId".to_owned())]);
    assert_eq!(vias(&call), ["call", "Pickup"]);
    assert!(badges(&call).contains(&"park".to_owned()));
    // The parked party's history shows Parked before Gone/Pickup.
    let parked = call["parties"].as_array().unwrap().iter().find(|p| {
        p["states"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["code"] == "Parked")
    });
    let states = parked.unwrap()["states"].as_array().unwrap();
    assert_eq!(states.last().unwrap()["code"], "Gone");
}

#[test]
fn peer_ids_in_the_session_field_still_link_in_the_mixed_capture() {
    let doc = calls_of(&["mixed-50.ndjson"]);
    let pickups = doc["calls"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["links"].as_array().unwrap().iter())
        .filter(|l| l["kind"] == "Pickup" && l["evidence"] == "peerId")
        .count();
    assert!(pickups >= 2, "park pickups in mixed-50: {pickups}");
}

#[test]
fn blf_pickup_switch_and_flip_are_not_the_end_of_the_call() {
    for (name, kind) in [
        ("blf-pickup.ndjson", "Pickup"),
        ("call-switch.ndjson", "CallSwitch"),
        ("call-flip.ndjson", "CallFlip"),
    ] {
        let call = only_call(name);
        assert_eq!(
            links(&call),
            [(kind.to_owned(), "inferred".to_owned())],
            "{name}"
        );
        // The party that took the call on answered after the hand-over.
        let to = call["links"][0]["to"]["party"].as_str().unwrap().to_owned();
        let taker = call["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["party"] == to.as_str())
            .unwrap();
        assert!(
            taker["states"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["code"] == "Answered"),
            "{name}"
        );
    }
}

/// The order of a switch's two events is not documented: the new device's party may come first.
#[test]
fn a_switch_whose_new_party_appears_before_the_drop_is_still_linked() {
    let text = std::fs::read_to_string(sample("call-switch.ndjson")).unwrap();
    let mut lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let seq = |v: &Value| v["body"]["sequence"].as_i64().unwrap();
    let drop = lines.iter().position(|v| seq(v) == 7).unwrap();
    let new = lines.iter().position(|v| seq(v) == 8).unwrap();
    // Swap what they say happened when (sequence and time), keep what happened.
    let (a, b) = (lines[drop]["body"].clone(), lines[new]["body"].clone());
    for key in ["sequence", "eventTime"] {
        lines[drop]["body"][key] = b[key].clone();
        lines[new]["body"][key] = a[key].clone();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("switch-new-first.ndjson");
    let out: Vec<String> = lines.iter().map(|v| v.to_string()).collect();
    std::fs::write(&path, out.join("\n")).unwrap();
    let mut store = Store::new();
    ingest::load_paths(&mut store, &[path], &mut |_| {});
    let set = CallSet::build(&store);
    let doc = serde_json::to_value(calls_json(&store, &set, &set.calls)).unwrap();
    let call = &doc["calls"][0];
    assert_eq!(doc["calls"].as_array().unwrap().len(), 1);
    assert_eq!(
        links(call),
        [("CallSwitch".to_owned(), "inferred".to_owned())]
    );
    assert_eq!(
        call["links"][0]["to"]["party"],
        "p-1124ecfb3659f5ffd0a5f693f1fa806e-3"
    );
}

#[test]
fn queue_fan_out_links_losing_agents_to_the_one_who_answered() {
    let call = only_call("queue.ndjson");
    let l = links(&call);
    assert_eq!(
        l,
        vec![("AgentAnswered".to_owned(), "inferred".to_owned()); 2]
    );
    assert_eq!(call["links"][0]["to"], call["links"][1]["to"]);
    assert!(badges(&call).contains(&"queue".to_owned()));
    // The agents who lost the race are not stops on the caller's path.
    assert_eq!(call["path"].as_array().unwrap().len(), 2);
}

#[test]
fn voicemail_and_missed_calls_are_flagged() {
    let vm = only_call("voicemail.ndjson");
    assert!(vm["answered"].is_null());
    assert!(badges(&vm).contains(&"voicemail".to_owned()));
    let missed = only_call("missed.ndjson");
    assert!(badges(&missed).contains(&"missed".to_owned()));
    assert!(
        final_states(&missed)
            .iter()
            .any(|(_, r)| r.as_deref() == Some("Cancelled"))
    );
}

#[test]
fn noisy_captures_give_the_same_calls_as_clean_ones_of_the_same_call() {
    let doc = calls_of(&["warm-transfer-noisy.ndjson"]);
    let d = &doc["diagnostics"];
    assert!(
        d["duplicates"].as_u64().unwrap() > 0 && d["out_of_order"].as_u64().unwrap() > 0,
        "{d}"
    );
}
