//! `calls --csv`: the flat call log says what `calls --json` says, one row per call or per leg,
//! and capture text cannot act on a terminal or a spreadsheet through it.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

fn run(args: &[&str], file: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_callflow"))
        .args(args)
        .arg(file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn read_csv(text: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().clone();
    let rows = r.records().map(|r| r.unwrap()).collect();
    (header, rows)
}

fn col<'a>(header: &csv::StringRecord, row: &'a csv::StringRecord, name: &str) -> &'a str {
    let i = header.iter().position(|h| h == name).unwrap();
    &row[i]
}

/// A cell's text without the `'` the formula guard puts before text starting `+`, `-`, `=` or
/// `@` (and only there).
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['+', '-', '=', '@']) => rest,
        _ => cell,
    }
}

#[test]
fn one_row_per_call_with_the_json_values() {
    for name in [
        "mixed-50.ndjson",
        "warm-transfer.ndjson",
        "voicemail.ndjson",
        "outbound.ndjson",
        "ringout.ndjson",
        "queue-fanout.ndjson",
    ] {
        let file = sample(name);
        let json: Value = serde_json::from_str(&run(&["calls", "--json"], &file)).unwrap();
        let calls = json["calls"].as_array().unwrap();
        let (header, rows) = read_csv(&run(&["calls", "--csv"], &file));
        assert_eq!(header.len(), callflow::export::CALL_COLUMNS.len());
        assert_eq!(rows.len(), calls.len(), "{name}");
        for (row, call) in rows.iter().zip(calls) {
            assert_eq!(col(&header, row, "id"), call["id"], "{name}");
            assert_eq!(col(&header, row, "startTime"), call["start"], "{name}");
            assert_eq!(
                unguarded(col(&header, row, "from")),
                call["caller"],
                "{name}"
            );
            assert_eq!(
                unguarded(col(&header, row, "answeredBy")),
                call["answered"].as_str().unwrap_or(""),
                "{name}"
            );
            assert_eq!(
                col(&header, row, "duration"),
                (call["duration_ms"].as_i64().unwrap() / 1000).to_string()
            );
            assert_eq!(
                unguarded(col(&header, row, "summary")),
                call["summary"],
                "{name}"
            );
            let sessions: Vec<&str> = call["sessions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["telephonySessionId"].as_str().unwrap())
                .collect();
            assert_eq!(col(&header, row, "telephonySessionId"), sessions.join(" "));
        }
    }
}

#[test]
fn direction_and_result_read_like_the_call_log() {
    let one = |name: &str| {
        let (header, rows) = read_csv(&run(&["calls", "--csv"], &sample(name)));
        assert_eq!(rows.len(), 1, "{name}");
        let row = &rows[0];
        (
            col(&header, row, "direction").to_owned(),
            col(&header, row, "result").to_owned(),
        )
    };
    assert_eq!(one("inbound.ndjson"), ("Inbound".into(), "Accepted".into()));
    assert_eq!(
        one("outbound.ndjson"),
        ("Outbound".into(), "Accepted".into())
    );
    assert_eq!(one("voicemail.ndjson").1, "Voicemail");
    assert_eq!(one("missed.ndjson").1, "Missed");
    let (header, rows) = read_csv(&run(&["calls", "--csv"], &sample("warm-transfer.ndjson")));
    assert!(
        col(&header, &rows[0], "legType").contains("AttendedTransfer"),
        "{:?}",
        rows[0]
    );
}

#[test]
fn legs_give_one_row_per_party() {
    let file = sample("warm-transfer.ndjson");
    let json: Value = serde_json::from_str(&run(&["calls", "--json"], &file)).unwrap();
    let parties = json["calls"][0]["parties"].as_array().unwrap();
    let (header, rows) = read_csv(&run(&["calls", "--csv", "--legs"], &file));
    assert_eq!(header.len(), callflow::export::LEG_COLUMNS.len());
    assert_eq!(rows.len(), parties.len());
    for (row, p) in rows.iter().zip(parties) {
        assert_eq!(col(&header, row, "partyId"), p["party"]);
        assert_eq!(unguarded(col(&header, row, "label")), p["label"]);
        let last = p["states"].as_array().unwrap().last().unwrap();
        assert_eq!(col(&header, row, "result"), last["code"]);
        assert_eq!(col(&header, row, "endTime"), last["at"]);
    }
}

#[test]
fn hostile_names_cannot_act_on_a_terminal_or_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("inbound.ndjson"))
        .unwrap()
        .replace("\"RILEY BROOKS\"", r#""=HYPERLINK(\"x\")\u001b[31m\nline""#);
    let file = dir.path().join("hostile.ndjson");
    std::fs::write(&file, text).unwrap();
    let out = run(&["calls", "--csv"], &file);
    assert!(!out.contains('\u{1b}'), "{out}");
    let (header, rows) = read_csv(&out);
    assert_eq!(rows.len(), 1);
    let from = col(&header, &rows[0], "from");
    assert!(from.starts_with("'=HYPERLINK(\"x\")\\u{1b}[31m"), "{from}");
    // The line break is kept inside the quoted cell, not taken for a new row.
    assert!(from.contains('\n'), "{from}");
    // A phone number is not taken for a formula.
    let (header, rows) = read_csv(&run(&["calls", "--csv", "--legs"], &file));
    assert!(
        rows.iter()
            .any(|r| col(&header, r, "phoneNumber").starts_with("+1")),
        "{rows:?}"
    );
}

#[test]
fn legs_need_csv_and_csv_excludes_json() {
    let file = sample("inbound.ndjson");
    for args in [&["calls", "--legs"][..], &["calls", "--csv", "--json"][..]] {
        let o = Command::new(env!("CARGO_BIN_EXE_callflow"))
            .args(args)
            .arg(&file)
            .output()
            .unwrap();
        assert!(!o.status.success(), "{args:?}");
    }
}
