//! Hostile input on the real binary (issue 15): nesting deep enough to overflow a recursive
//! reader is that line's error, named by file and line, and every good event still loads.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_callflow");

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

fn run(args: &[&str], file: &Path) -> Output {
    Command::new(BIN).args(args).arg(file).output().unwrap()
}

/// The sample's lines with `bad` put in as line 4.
fn with_bad_line(dir: &Path, bad: &str) -> PathBuf {
    let text = std::fs::read_to_string(sample("warm-transfer.ndjson")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(3, bad);
    let path = dir.join("hostile.ndjson");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn calls_json(file: &Path) -> (Value, Output) {
    let o = run(&["calls", "--json"], file);
    let json = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}); status {:?}, stderr {}",
            o.status,
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (json, o)
}

#[test]
fn deep_nesting_is_one_lines_error_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let (clean, _) = calls_json(&sample("warm-transfer.ndjson"));
    let deep_arrays = "[".repeat(50_000) + &"]".repeat(50_000);
    let deep_push = "{\"pn_apns\":".repeat(50_000) + "{}" + &"}".repeat(50_000);
    for bad in [deep_arrays, deep_push] {
        let file = with_bad_line(dir.path(), &bad);
        let (json, o) = calls_json(&file);
        // Not killed by a signal: a stack overflow aborts.
        assert!(o.status.code().is_some(), "{:?}", o.status);
        assert_eq!(
            json["calls"], clean["calls"],
            "every good event still loads"
        );
        let rejected = json["diagnostics"]["rejected"].as_array().unwrap();
        assert_eq!(rejected.len(), 1, "{rejected:?}");
        assert_eq!(rejected[0]["line"], 4, "{rejected:?}");
        assert!(
            rejected[0]["error"]
                .as_str()
                .unwrap()
                .contains("nested too deeply"),
            "{rejected:?}"
        );
        let check = run(&["check"], &file);
        assert_eq!(check.status.code(), Some(2));
        let err = String::from_utf8_lossy(&check.stdout).into_owned()
            + &String::from_utf8_lossy(&check.stderr);
        assert!(err.contains("hostile.ndjson:4"), "{err}");
    }
}

#[test]
fn a_few_levels_of_arrays_still_read() {
    // A file's array of notifications inside an array is not hostile: it loads.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("warm-transfer.ndjson")).unwrap();
    let wrapped = format!("[[{}]]", text.lines().collect::<Vec<_>>().join(","));
    let file = dir.path().join("wrapped.json");
    std::fs::write(&file, wrapped).unwrap();
    let (json, _) = calls_json(&file);
    let (clean, _) = calls_json(&sample("warm-transfer.ndjson"));
    assert_eq!(json["calls"], clean["calls"]);
}

#[test]
fn escape_sequences_in_names_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("inbound.ndjson"))
        .unwrap()
        .replace("\"RILEY BROOKS\"", r#""\u001b[2J\u001b[31mEVIL\u202e""#);
    let file = dir.path().join("escapes.ndjson");
    std::fs::write(&file, text).unwrap();
    let call = "s-72b2b510419c505c2ed6a547871eedc8";
    let added = Command::new(BIN)
        .args(["notes", "add"])
        .arg(&file)
        .args(["--call", call, "--text", "a note"])
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    for args in [
        &["calls"][..],
        &["story"][..],
        &["check"][..],
        &["calls", "--csv"][..],
        &["notes", "list"][..],
    ] {
        let o = run(args, &file);
        let all = [o.stdout, o.stderr].concat();
        let shown = String::from_utf8_lossy(&all);
        assert!(!shown.contains('\u{1b}'), "{args:?}: {shown}");
        assert!(!shown.contains('\u{202e}'), "{args:?}: {shown}");
        if args == ["calls"] {
            assert!(shown.contains("\\u{1b}[2J\\u{1b}[31mEVIL"), "{shown}");
        }
    }
}
