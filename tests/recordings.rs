//! Recordings (`recordings: [{id, active}]`): started, paused, resumed and stopped on a party's
//! leg, from the real binary (`calls --json`, `story`, `export`) on the bundled `recording` sample
//! and on synthetic calls delivered clean and noisy; and the layout the window draws from.

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

fn state_at(call: &Value, party_suffix: &str, code: &str) -> String {
    call["parties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["party"].as_str().unwrap().ends_with(party_suffix))
        .flat_map(|p| p["states"].as_array().unwrap().iter())
        .find(|s| s["code"] == code)
        .map(|s| s["at"].as_str().unwrap().to_owned())
        .unwrap()
}

fn story(name: &str) -> String {
    let o = bin().arg("story").arg(sample(name)).output().unwrap();
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

fn synth(seed: u64, noise: bool) -> Vec<u8> {
    let mut cmd = bin();
    cmd.args([
        "synth",
        "--calls",
        "1",
        "--seed",
        &seed.to_string(),
        "--scenario",
        "recording",
    ]);
    if !noise {
        cmd.arg("--no-noise");
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success());
    o.stdout
}

#[test]
fn recording_started_paused_resumed_and_stopped_is_read_on_clean_and_noisy_delivery() {
    let call = one_call("recording.ndjson");
    let recs = call["recordings"].as_array().unwrap();
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    let party = &call["parties"][r["party"].as_u64().unwrap() as usize];
    assert_eq!(party["label"], "Liam Chen");
    assert!(party["party"].as_str().unwrap().ends_with("-2"));
    assert_eq!(r["paused"].as_array().unwrap().len(), 1);
    assert!(r["start"].as_str() < r["paused"][0]["start"].as_str());
    assert!(r["paused"][0]["end"].as_str() < r["end"].as_str());
    assert_eq!(r["open_end"], false);
    // It stopped before the call ended (the list emptied), not when the party hung up.
    assert!(r["end"].as_str().unwrap() < state_at(&call, "-2", "Disconnected").as_str());
    let text = story("recording.ndjson");
    assert!(
        text.contains("recording 12695962 started on Liam Chen's leg at 20:28:01; paused at 20:28:28; resumed at 20:28:39; stopped at 20:29:13."),
        "{text}"
    );
    let dir = std::env::temp_dir().join(format!("callflow-recording-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for seed in [5, 8, 13] {
        let clean = dir.join(format!("{seed}-clean.ndjson"));
        let noisy = dir.join(format!("{seed}-noisy.ndjson"));
        std::fs::write(&clean, synth(seed, false)).unwrap();
        std::fs::write(&noisy, synth(seed, true)).unwrap();
        let a = calls_json(&[clean]);
        let b = calls_json(&[noisy]);
        assert_eq!(
            a[0]["recordings"].as_array().unwrap().len(),
            1,
            "seed {seed}"
        );
        assert_eq!(a[0]["recordings"], b[0]["recordings"], "seed {seed}");
    }
    std::fs::remove_dir_all(&dir).ok();
    // Calls without recordings say so with an empty list.
    assert_eq!(
        one_call("warm-transfer.ndjson")["recordings"],
        serde_json::json!([])
    );
}

#[test]
fn the_layout_puts_the_recording_on_its_lane_and_the_svg_draws_it() {
    use callflow::calls::CallSet;
    use callflow::timeline::{TimelineRequest, layout};
    let text = std::fs::read(sample("recording.ndjson")).unwrap();
    let mut store = callflow::store::Store::new();
    callflow::ingest::load_bytes(&mut store, "recording.ndjson", &text);
    let set = CallSet::build(&store);
    let request = TimelineRequest {
        call: 0,
        generation: store.generation(),
    };
    let l = layout(&store, &set, request).unwrap();
    assert_eq!(l.recordings.len(), 1);
    let r = &l.recordings[0];
    assert_eq!(l.lanes[r.lane].label, "Liam Chen");
    assert_eq!(r.paused.len(), 1);
    let (a, b) = r.paused[0];
    assert!(r.t0_ms < a && a < b && b < r.t1_ms, "{r:?}");
    assert!(r.t1_ms < l.duration_ms);
    assert!(
        r.explanation
            .starts_with("Recording 12695962 started on Liam Chen's leg"),
        "{}",
        r.explanation
    );
    // The export: one strip with one paused stretch; a call without recordings has none.
    let dir = std::env::temp_dir().join(format!("callflow-rec-svg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svg = |name: &str, call: &str, redact: bool| {
        let out = dir.join(format!("{name}-{redact}.svg"));
        let mut cmd = bin();
        cmd.args(["export", "--format", "svg", "--call", call, "-o"])
            .arg(&out);
        if redact {
            cmd.arg("--redact");
        }
        assert!(cmd.arg(sample(name)).status().unwrap().success());
        std::fs::read_to_string(out).unwrap()
    };
    let id = store.text(set.calls[0].id).to_owned();
    let plain = svg("recording.ndjson", &id, false);
    assert_eq!(
        plain
            .matches("<g class=\"recording\" data-id=\"12695962\">")
            .count(),
        1
    );
    assert_eq!(plain.matches("class=\"paused\"").count(), 1);
    let redacted = svg("recording.ndjson", &id, true);
    assert!(!redacted.contains("12695962"));
    assert!(redacted.contains("data-id=\"R1\""));
    let other = svg(
        "inbound.ndjson",
        "s-72b2b510419c505c2ed6a547871eedc8",
        false,
    );
    assert!(!other.contains("class=\"recordings\""));
    std::fs::remove_dir_all(&dir).ok();
}
