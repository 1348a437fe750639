//! `compare::diff` and `callflow diff` on the samples: the same call delivered with noise is the
//! same; another call of the same scenario differs only in who and when; an attended transfer
//! against a blind one is a different hand-over; a step later than the threshold is a timing
//! difference; exit codes 0 / 1 / 2.

use callflow::calls::CallSet;
use callflow::compare::{Align, DiffOptions, FindingKind, Side, diff};
use callflow::ingest;
use callflow::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

fn lines(name: &str) -> Vec<String> {
    std::fs::read_to_string(sample(name))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn built(lines: &[String]) -> (Store, CallSet) {
    let mut store = Store::new();
    ingest::load_bytes(&mut store, "capture.ndjson", lines.join("\n").as_bytes());
    let set = CallSet::build(&store);
    (store, set)
}

fn compare(a: &[String], b: &[String], opts: &DiffOptions) -> callflow::compare::CallDiff {
    let (sa, ca) = built(a);
    let (sb, cb) = built(b);
    diff(
        Side {
            store: &sa,
            set: &ca,
            call: &ca.calls[0],
        },
        Side {
            store: &sb,
            set: &cb,
            call: &cb.calls[0],
        },
        opts,
    )
}

/// The same notifications delivered backwards, each twice.
fn noisy(base: &[String]) -> Vec<String> {
    let mut out: Vec<String> = base.iter().rev().cloned().collect();
    out.extend(base.iter().step_by(2).cloned());
    out
}

/// Every notification from `from` on (by eventTime) moved `secs` later.
fn delayed(base: &[String], from: &str, secs: i64) -> Vec<String> {
    let from: jiff::Timestamp = from.parse().unwrap();
    base.iter()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            let t: jiff::Timestamp = v["body"]["eventTime"].as_str().unwrap().parse().unwrap();
            if t >= from {
                let later = t + jiff::SignedDuration::from_secs(secs);
                v["body"]["eventTime"] = format!("{later:.3}").into();
            }
            v.to_string()
        })
        .collect()
}

#[test]
fn a_call_and_its_noisy_delivery_are_the_same() {
    let base = lines("warm-transfer.ndjson");
    let d = compare(&base, &noisy(&base), &DiffOptions::default());
    assert!(d.same(), "{:#?}", d.findings);
    assert_eq!(d.pairs.len(), 4, "caller, operator twice, colleague");
    assert!(d.pairs.iter().all(|p| p.a.is_some() && p.b.is_some()));
    assert!(!d.anchors.is_empty());
}

#[test]
fn another_warm_transfer_differs_only_in_who_and_when() {
    let d = compare(
        &lines("warm-transfer.ndjson"),
        &lines("warm-transfer-noisy.ndjson"),
        &DiffOptions::default(),
    );
    assert!(!d.same());
    assert!(
        d.findings.iter().all(|f| !f.kind.structural()),
        "{:#?}",
        d.findings
    );
    assert!(d.findings.iter().any(|f| f.kind == FindingKind::Person
        && f.text.contains("JORDAN REYES")
        && f.text.contains("DANA WHITFIELD")));
    let by_role = DiffOptions {
        people: false,
        ..DiffOptions::default()
    };
    let d = compare(
        &lines("warm-transfer.ndjson"),
        &lines("warm-transfer-noisy.ndjson"),
        &by_role,
    );
    assert!(d.findings.iter().all(|f| f.kind == FindingKind::Timing));
    // Aligned on the completed transfer, the legs after it line up far better than from the start.
    let gone = d
        .anchors
        .iter()
        .position(|a| a.label.contains("Gone (AttendedTransfer)"))
        .expect("the transfer is a step both calls have");
    let aligned = compare(
        &lines("warm-transfer.ndjson"),
        &lines("warm-transfer-noisy.ndjson"),
        &DiffOptions {
            align: Align::Step(gone),
            threshold_ms: 10_000.0,
            ..by_role
        },
    );
    assert!(aligned.shift_ms < -50_000.0, "{}", aligned.shift_ms);
    let ends = |d: &callflow::compare::CallDiff| {
        d.findings
            .iter()
            .any(|f| f.kind == FindingKind::Timing && f.text.starts_with("the call ends"))
    };
    assert!(ends(&d), "from the start the ends are a minute apart");
    assert!(!ends(&aligned), "{:#?}", aligned.findings);
}

#[test]
fn attended_against_blind_transfer_is_a_different_hand_over() {
    let d = compare(
        &lines("warm-transfer.ndjson"),
        &lines("blind-transfer.ndjson"),
        &DiffOptions::default(),
    );
    let hand_over = d
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::HandOver)
        .expect("a hand-over difference");
    assert!(
        hand_over.text.contains("an attended transfer in A")
            && hand_over.text.contains("a blind transfer in B"),
        "{}",
        hand_over.text
    );
    assert!(
        d.findings
            .iter()
            .any(|f| f.kind == FindingKind::MissingLeg && f.text.contains("Mateo Silva")),
        "the operator's consultation leg is missing in B: {:#?}",
        d.findings
    );
    assert!(d.findings.iter().any(|f| f.kind == FindingKind::Session));
    assert!(d.findings.iter().any(|f| f.kind == FindingKind::States));
}

#[test]
fn a_step_later_than_the_threshold_is_a_timing_difference() {
    let base = lines("warm-transfer.ndjson");
    // Chloe Dubois answers 8 s later, and everything after moves with her.
    let late = delayed(&base, "2026-05-28T20:28:51.622Z", 8);
    let d = compare(&base, &late, &DiffOptions::default());
    let timing: Vec<_> = d
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Timing)
        .collect();
    assert!(!timing.is_empty());
    assert!(d.findings.iter().all(|f| f.kind == FindingKind::Timing));
    let chloe = timing
        .iter()
        .find(|f| f.text.starts_with("Chloe Dubois"))
        .expect("her answer is late");
    assert!(
        chloe.text.contains("Answered") && chloe.text.contains("8.0 s later"),
        "{}",
        chloe.text
    );
    let loose = DiffOptions {
        threshold_ms: 10_000.0,
        ..DiffOptions::default()
    };
    assert!(compare(&base, &late, &loose).same());
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_callflow"))
}

fn run(args: &[&str]) -> (i32, String, String) {
    let o = bin().args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn diff_exits_0_when_same_1_when_different_2_when_unreadable() {
    let warm = sample("warm-transfer.ndjson");
    let warm = warm.to_str().unwrap();
    let blind = sample("blind-transfer.ndjson");
    let blind = blind.to_str().unwrap();
    let (code, out, _) = run(&["diff", warm, &format!("{warm}:1")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("same: no differences"), "{out}");
    let (code, out, _) = run(&["diff", warm, blind]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("hand-over: stop 2 of the caller's path"),
        "{out}"
    );
    assert!(out.contains("the caller"), "{out}");
    let (code, _, err) = run(&["diff", warm, "/no/such/capture.ndjson"]);
    assert_eq!(code, 2);
    assert!(err.contains("no such file"), "{err}");
    let (code, _, err) = run(&["diff", warm, &format!("{blind}:7")]);
    assert_eq!(code, 2);
    assert!(err.contains("no call \"7\""), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.ndjson");
    std::fs::write(&junk, "not json\n").unwrap();
    let (code, _, err) = run(&["diff", warm, junk.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("junk.ndjson:1"), "{err}");
}

#[test]
fn diff_takes_a_call_id_and_a_path_holding_a_colon() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("odd:name.ndjson");
    std::fs::copy(sample("warm-transfer.ndjson"), &odd).unwrap();
    let odd = odd.to_str().unwrap();
    let (code, out, err) = run(&[
        "diff",
        odd,
        &format!("{odd}:s-dc8a0e369bfa342a09dba595ca715a63"),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = run(&[
        "diff",
        "--threshold",
        "1000",
        "--ignore-people",
        sample("warm-transfer.ndjson").to_str().unwrap(),
        sample("warm-transfer-noisy.ndjson").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn every_call_of_every_sample_is_the_same_as_its_noisy_delivery() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_sessions");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ndjson"))
        .collect();
    names.sort();
    let mut calls = 0;
    for name in names {
        let base = lines(&name);
        let (sa, ca) = built(&base);
        let (sb, cb) = built(&noisy(&base));
        for call in &ca.calls {
            let other = cb.find(&sb, sa.text(call.id)).expect("the same call");
            let d = diff(
                Side {
                    store: &sa,
                    set: &ca,
                    call,
                },
                Side {
                    store: &sb,
                    set: &cb,
                    call: other,
                },
                &DiffOptions::default(),
            );
            assert!(d.same(), "{name} {}: {:#?}", sa.text(call.id), d.findings);
            calls += 1;
        }
    }
    assert!(calls > 70, "{calls} calls compared");
}
