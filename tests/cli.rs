//! The real binary on the samples and the real captures: output, determinism, exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_callflow"))
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

fn run(args: &[&str], files: &[PathBuf]) -> Output {
    bin().args(args).args(files).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn calls_prints_path_sessions_and_links() {
    let o = run(&["calls"], &[sample("warm-transfer.ndjson")]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("path: JORDAN REYES (+1 303-555-0162) → Mateo Silva (ext 111) → (AttendedTransfer) Chloe Dubois (ext 112)"), "{text}");
    assert!(text.contains("link AttendedTransfer (peerId)"), "{text}");
    assert!(text.contains("2 sessions"), "{text}");
}

#[test]
fn calls_json_is_byte_identical_whatever_the_file_order() {
    let a = [
        sample("conference.ndjson"),
        sample("mixed-50.ndjson"),
        sample("ivr.ndjson"),
    ];
    let b = [
        sample("ivr.ndjson"),
        sample("conference.ndjson"),
        sample("mixed-50.ndjson"),
    ];
    let first = run(&["calls", "--json"], &a);
    let again = run(&["calls", "--json"], &a);
    let reordered = run(&["calls", "--json"], &b);
    assert!(first.status.success());
    assert_eq!(first.stdout, again.stdout);
    let calls = |o: &Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["calls"].clone()
    };
    assert_eq!(calls(&first), calls(&reordered));
    assert_eq!(calls(&first).as_array().unwrap().len(), 52);
}

#[test]
fn calls_json_follows_the_documented_shape() {
    let o = run(&["calls", "--json"], &[sample("blind-transfer.ndjson")]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let call = &v["calls"][0];
    for key in [
        "id", "start", "end", "sessions", "parties", "links", "path", "caller",
    ] {
        assert!(!call[key].is_null(), "missing {key}");
    }
    assert_eq!(call["sessions"][0]["bridge"], false);
    assert!(
        call["parties"][0]["states"][0]["at"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    assert_eq!(call["links"][0]["evidence"], "inferred");
    for key in [
        "events",
        "skipped",
        "duplicates",
        "out_of_order",
        "sequence_gaps",
        "rejected",
    ] {
        assert!(
            !v["diagnostics"][key].is_null(),
            "missing diagnostics.{key}"
        );
    }
}

#[test]
fn one_call_can_be_chosen_by_any_of_its_sessions() {
    let all = run(&["calls", "--json"], &[sample("mixed-50.ndjson")]);
    let v: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let call = v["calls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["sessions"].as_array().unwrap().len() > 1)
        .unwrap();
    let second = call["sessions"][1]["telephonySessionId"].as_str().unwrap();
    let one = run(
        &["calls", "--json", "--call", second],
        &[sample("mixed-50.ndjson")],
    );
    let w: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(w["calls"].as_array().unwrap().len(), 1);
    assert_eq!(w["calls"][0]["id"], call["id"]);
    let party = call["parties"][0]["party"].as_str().unwrap();
    let by_party = run(
        &["calls", "--json", "--call", party],
        &[sample("mixed-50.ndjson")],
    );
    let p: serde_json::Value = serde_json::from_slice(&by_party.stdout).unwrap();
    assert_eq!(p["calls"][0]["id"], call["id"]);
    let none = run(&["calls", "--call", "s-nope"], &[sample("mixed-50.ndjson")]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no call contains session \"s-nope\""));
}

#[test]
fn story_tells_the_transfer_in_plain_words() {
    let o = run(&["story"], &[sample("warm-transfer.ndjson")]);
    let text = stdout(&o);
    assert!(text.contains("Mateo Silva (ext 111) completed an attended transfer; the caller now talks to Chloe Dubois (ext 112) in session s-"), "{text}");
    assert!(text.contains("put the call on hold"), "{text}");
    let switch = stdout(&run(&["story"], &[sample("call-switch.ndjson")]));
    assert!(
        switch.contains(
            "(CallSwitch: the call moved to another device or app of the same user; it goes on)"
        ),
        "{switch}"
    );
    assert!(
        !switch.contains("goes on); the call goes on"),
        "said twice: {switch}"
    );
    let missed = stdout(&run(&["story"], &[sample("missed.ndjson")]));
    assert!(
        missed
            .contains("stopped ringing: the caller hung up before anyone answered (a missed call)"),
        "{missed}"
    );
    assert!(missed.contains("; nobody answered."), "{missed}");
}

#[test]
fn check_warns_when_nothing_is_a_telephony_event() {
    let presence = Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "tests/fixtures/reference/payloads/jswidgets_ws_servernotification_envelope_presence.json",
    );
    let o = run(&["check"], &[presence]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("no telephony session events found"));
}

#[test]
fn calls_and_story_say_what_was_rejected() {
    let o = run(&["story"], &[PathBuf::from("/no/such/capture.ndjson")]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("/no/such/capture.ndjson: cannot open"),
        "{err}"
    );
}

#[test]
fn check_exit_status_says_clean_warnings_or_rejected() {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference/captures");
    let clean = run(
        &["check"],
        &[reference.join("csndata_rc_to_pstn_outbound_acct_level.ndjson")],
    );
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    let noisy = run(&["check"], &[sample("warm-transfer-noisy.ndjson")]);
    assert_eq!(noisy.status.code(), Some(1));
    assert!(stdout(&noisy).contains("duplicates dropped"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ndjson");
    let good = std::fs::read_to_string(sample("inbound.ndjson")).unwrap();
    std::fs::write(&bad, format!("{good}{{\"uuid\": 12, oops\n")).unwrap();
    let rejected = run(&["check"], std::slice::from_ref(&bad));
    assert_eq!(rejected.status.code(), Some(2));
    let text = stdout(&rejected);
    assert!(text.contains(&format!("{}:8: ", bad.display())), "{text}");
    assert!(text.contains("events kept:        7"), "{text}");
}

#[test]
fn synth_is_reproducible_and_loads_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.ndjson");
    let o = bin()
        .args(["synth", "--calls", "30", "--seed", "9", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let again = bin()
        .args(["synth", "--calls", "30", "--seed", "9"])
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), again.stdout);
    let checked = run(&["calls", "--json"], &[out]);
    let v: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(v["calls"].as_array().unwrap().len(), 30);
    assert_eq!(v["diagnostics"]["rejected_total"], 0);
    let bad = bin()
        .args(["synth", "--scenario", "teleport"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("warm-transfer"));
}

#[test]
fn open_takes_files_or_follow_but_not_both_nor_neither() {
    let both = run(
        &["open", "--follow", "growing.ndjson"],
        &[sample("hold.ndjson")],
    );
    assert_eq!(both.status.code(), Some(2));
    let err = String::from_utf8_lossy(&both.stderr);
    assert!(err.contains("cannot be used with"), "{err}");
    let neither = run(&["open"], &[]);
    assert_eq!(neither.status.code(), Some(2));
    let err = String::from_utf8_lossy(&neither.stderr);
    assert!(
        err.contains("required arguments were not provided"),
        "{err}"
    );
}

#[test]
fn a_mistyped_command_is_not_opened_as_a_file() {
    let o = run(&["cals", "capture.ndjson"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cals is neither a file nor a command"),
        "{err}"
    );
    assert!(err.contains("calls, story, check"), "{err}");
}
