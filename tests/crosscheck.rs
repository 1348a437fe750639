//! The Call Log cross-check on the samples: a call log that agrees, one with a leg the events
//! never showed, a transfer read another way and a result that contradicts the events; every
//! accepted file shape; joins by legacy sessionId; bad files named by line and field; a partial
//! call log; exit codes of `callflow crosscheck`.

use callflow::calllog::{self, CallLog, DisagreementKind, JoinedBy};
use callflow::calls::CallSet;
use callflow::ingest;
use callflow::store::Store;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

fn capture(names: &[&str]) -> (Store, CallSet) {
    let mut store = Store::new();
    let paths: Vec<PathBuf> = names.iter().map(|n| sample(n)).collect();
    ingest::load_paths(&mut store, &paths, &mut |_| {});
    let set = CallSet::build(&store);
    (store, set)
}

fn log_of(text: &str) -> CallLog {
    let mut log = CallLog::default();
    calllog::read_text(&mut log, Path::new("log.json"), text);
    log
}

fn warm_page() -> Value {
    serde_json::from_str(&std::fs::read_to_string(sample("warm-transfer.calllog.json")).unwrap())
        .unwrap()
}

#[test]
fn the_warm_transfer_call_log_agrees_with_its_events() {
    let (store, set) = capture(&["warm-transfer.ndjson"]);
    let log = calllog::read_files(&[sample("warm-transfer.calllog.json")]);
    assert!(log.errors.is_empty(), "{:?}", log.errors);
    assert_eq!(log.records.len(), 2);
    let check = calllog::crosscheck(&store, &set, &log);
    assert_eq!(check.disagreements(), 0, "{:#?}", check.records);
    assert!(check.uncovered.is_empty());
    for r in &check.records {
        assert_eq!(r.call, Some((0, JoinedBy::TelephonySessionId)));
        assert!(r.legs_checked > 0);
    }
}

#[test]
fn the_blind_transfer_call_log_disagrees_three_ways() {
    let (store, set) = capture(&["blind-transfer.ndjson"]);
    let log = calllog::read_files(&[sample("blind-transfer.calllog-disagrees.json")]);
    assert!(log.errors.is_empty(), "{:?}", log.errors);
    let check = calllog::crosscheck(&store, &set, &log);
    let found = &check.records[0].disagreements;
    let of = |k: DisagreementKind| found.iter().filter(move |d| d.kind == k);
    let unseen: Vec<_> = of(DisagreementKind::UnseenLeg).collect();
    assert_eq!(unseen.len(), 1, "{found:#?}");
    assert!(
        unseen[0].text.contains("leg 2 (FindMe"),
        "{}",
        unseen[0].text
    );
    assert!(
        of(DisagreementKind::Transfer).any(|d| d
            .text
            .contains("s-77aa01c3d4e5f60718293a4b5c6d7e8f, which the events do not join")),
        "{found:#?}"
    );
    let result: Vec<_> = of(DisagreementKind::Result).collect();
    assert!(
        result
            .iter()
            .any(|d| d.text.contains("\"Missed\"") && d.text.contains("answered by Sofia Rossi")),
        "{result:#?}"
    );
    assert!(result.iter().all(|d| d.at_ms.is_some()));
}

#[test]
fn every_accepted_shape_gives_the_same_check() {
    let (store, set) = capture(&["warm-transfer.ndjson"]);
    let page = warm_page();
    let records = page["records"].as_array().unwrap().clone();
    let one_page = |recs: &[Value]| {
        let mut p = page.clone();
        p["records"] = Value::Array(recs.to_vec());
        p
    };
    let shapes = [
        ("a page", serde_json::to_string_pretty(&page).unwrap()),
        (
            "an array of pages",
            Value::Array(vec![one_page(&records[..1]), one_page(&records[1..])]).to_string(),
        ),
        ("records alone", Value::Array(records.clone()).to_string()),
        (
            "pages one after the other",
            format!("{}\n{}\n", one_page(&records[..1]), one_page(&records[1..])),
        ),
    ];
    let expected = calllog::crosscheck(&store, &set, &log_of(&shapes[0].1));
    for (what, text) in &shapes {
        let log = log_of(text);
        assert!(log.errors.is_empty(), "{what}: {:?}", log.errors);
        assert_eq!(log.records.len(), 2, "{what}");
        let check = calllog::crosscheck(&store, &set, &log);
        assert_eq!(check.disagreements(), 0, "{what}");
        assert_eq!(check.records.len(), expected.records.len(), "{what}");
    }
    // Several files: one page each.
    let dir = tempfile::tempdir().unwrap();
    let (p1, p2) = (dir.path().join("page1.json"), dir.path().join("page2.json"));
    std::fs::write(&p1, one_page(&records[..1]).to_string()).unwrap();
    std::fs::write(&p2, one_page(&records[1..]).to_string()).unwrap();
    let log = calllog::read_files(&[p1, p2]);
    assert_eq!((log.records.len(), log.errors.len()), (2, 0));
}

#[test]
fn records_without_a_telephony_session_id_join_by_the_legacy_session_id() {
    let (store, set) = capture(&["warm-transfer.ndjson"]);
    let mut page = warm_page();
    for r in page["records"].as_array_mut().unwrap() {
        r.as_object_mut().unwrap().remove("telephonySessionId");
    }
    let check = calllog::crosscheck(&store, &set, &log_of(&page.to_string()));
    assert!(check.records.iter().all(|r| {
        r.call
            .is_some_and(|(_, by)| by == JoinedBy::SessionId || by == JoinedBy::TelephonySessionId)
    }));
    assert_eq!(check.records[1].call, Some((0, JoinedBy::SessionId)));
}

#[test]
fn a_bad_record_is_named_by_line_and_field_and_the_others_are_still_checked() {
    let (store, set) = capture(&["warm-transfer.ndjson"]);
    let text = std::fs::read_to_string(sample("warm-transfer.calllog.json")).unwrap();
    // The second record's legs get a startTime that is no time.
    let bad = text.replacen(
        "\"startTime\": \"2026-05-28T20:28:34.857Z\",\n          \"duration\": 89",
        "\"startTime\": 20260528,\n          \"duration\": 89",
        1,
    );
    assert_ne!(bad, text);
    let line = bad.lines().position(|l| l.contains("20260528,")).unwrap() + 1;
    let log = log_of(&bad);
    assert_eq!(log.records.len(), 1, "the good record is kept");
    let e = &log.errors[0];
    assert_eq!(e.field.as_deref(), Some("records[1].legs[0].startTime"));
    assert_eq!(e.line, line, "{e}");
    assert!(
        e.to_string().starts_with(&format!("log.json:{line}:")),
        "{e}"
    );
    let check = calllog::crosscheck(&store, &set, &log);
    assert_eq!(check.records.len(), 1);
    assert_eq!(check.disagreements(), 0);
    // Broken JSON: the line and column of the break.
    let log = log_of("{\n  \"records\": [\n    {\"telephonySessionId\": \"s-x\",, }\n  ]\n}");
    assert_eq!(
        (log.errors[0].line, log.records.len()),
        (3, 0),
        "{:?}",
        log.errors
    );
    // Not a call log at all.
    let log = log_of(&std::fs::read_to_string(sample("warm-transfer.ndjson")).unwrap());
    assert!(log.records.is_empty() && !log.errors.is_empty());
    assert!(
        log.errors[0].message.contains("neither a call-log page"),
        "{:?}",
        log.errors[0]
    );
}

#[test]
fn a_call_log_covering_some_calls_checks_those_and_lists_the_rest() {
    let (store, set) = capture(&["warm-transfer.ndjson", "blind-transfer.ndjson"]);
    let log = calllog::read_files(&[sample("warm-transfer.calllog.json")]);
    let check = calllog::crosscheck(&store, &set, &log);
    assert_eq!(check.disagreements(), 0);
    assert_eq!(check.uncovered.len(), 1);
    let blind = check.uncovered[0];
    assert_eq!(
        store.text(set.calls[blind].id),
        "s-035d9b313657867e0a5327bc5a562dba"
    );
}

fn run(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_callflow"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn crosscheck_exits_0_when_agreeing_1_on_disagreements_2_on_bad_input() {
    let s = |n: &str| sample(n).to_str().unwrap().to_owned();
    let (code, out, err) = run(&[
        "crosscheck",
        &s("warm-transfer.calllog.json"),
        &s("warm-transfer.ndjson"),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("joined by telephonySessionId): agrees"),
        "{out}"
    );
    let (code, out, _) = run(&[
        "crosscheck",
        &s("blind-transfer.calllog-disagrees.json"),
        &s("blind-transfer.ndjson"),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("3 disagreements"), "{out}");
    assert!(
        out.contains("result: the call log's result is \"Missed\""),
        "{out}"
    );
    // Two call-log files, two captures: both calls checked.
    let (code, out, _) = run(&[
        "crosscheck",
        &s("warm-transfer.calllog.json"),
        "--log",
        &s("blind-transfer.calllog-disagrees.json"),
        &s("warm-transfer.ndjson"),
        &s("blind-transfer.ndjson"),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("2 of 2 calls checked"), "{out}");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"records\": [\n  {\"telephonySessionId\": \"s-dc8a0e369bfa342a09dba595ca715a63\", \"result\": 7}\n]}").unwrap();
    let (code, _, err) = run(&[
        "crosscheck",
        bad.to_str().unwrap(),
        &s("warm-transfer.ndjson"),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.json:2:") && err.contains("`records[0].result`"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "crosscheck",
        "/no/such/log.json",
        &s("warm-transfer.ndjson"),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("/no/such/log.json:1:1: cannot read it"),
        "{err}"
    );
}
