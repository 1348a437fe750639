//! `callflow expect save` and `expect check`, the real binary: the saved file, the per-call
//! report, exit codes 0/1/2, JUnit XML parsed back (roxmltree) with hostile capture text.

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

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn save(dir: &Path, capture: &str, name_by: &str) -> PathBuf {
    let flow = dir.join(format!("{capture}.{name_by}.yaml"));
    let o = run(&[
        "expect",
        "save",
        s(&sample(capture)),
        "--out",
        s(&flow),
        "--name-by",
        name_by,
    ]);
    assert!(o.status.success(), "{}", text(&o));
    flow
}

#[test]
fn save_then_check_passes_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let flow = save(dir.path(), "warm-transfer.ndjson", "role");
    let yaml = std::fs::read_to_string(&flow).unwrap();
    assert!(
        yaml.contains("# caller: JORDAN REYES (+1 303-555-0162)"),
        "{yaml}"
    );
    assert!(
        yaml.contains("  - transfer: attended\n    by: callee\n    to: party3\n"),
        "{yaml}"
    );
    let o = run(&[
        "expect",
        "check",
        s(&flow),
        s(&sample("warm-transfer.ndjson")),
        s(&sample("warm-transfer-noisy.ndjson")),
    ]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert_eq!(out.matches("follows the flow").count(), 2, "{out}");
    assert!(
        out.contains("  ok   step 1  call: caller  at 20:26:41"),
        "{out}"
    );
}

#[test]
fn a_mismatch_exits_1_and_names_the_first_difference() {
    let dir = tempfile::tempdir().unwrap();
    let flow = save(dir.path(), "warm-transfer.ndjson", "role");
    let o = run(&[
        "expect",
        "check",
        s(&flow),
        s(&sample("blind-transfer.ndjson")),
    ]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("does not follow the flow"), "{out}");
    assert!(out.contains("  FAIL step "), "{out}");
    assert!(out.contains("first difference: step "), "{out}");
}

#[test]
fn unreadable_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let flow = save(dir.path(), "inbound.ndjson", "number");
    // A flow file with a mistake: its file, line and field.
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "steps:\n  - answer: ext 111\n    within: later\n").unwrap();
    let o = run(&["expect", "check", s(&bad), s(&sample("inbound.ndjson"))]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        err.contains(&format!("{}:3:13: steps[1].within:", bad.display())),
        "{err}"
    );
    // A flow file that is not there.
    let o = run(&[
        "expect",
        "check",
        s(&dir.path().join("nope.yaml")),
        s(&sample("inbound.ndjson")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // A capture that is not there, and one with a broken line.
    let o = run(&[
        "expect",
        "check",
        s(&flow),
        s(&dir.path().join("missing.ndjson")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let broken = dir.path().join("broken.ndjson");
    let mut capture = std::fs::read_to_string(sample("inbound.ndjson")).unwrap();
    capture.push_str("{\"uuid\": \n");
    std::fs::write(&broken, capture).unwrap();
    let o = run(&["expect", "check", s(&flow), s(&broken)]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    // The calls it could read are still checked.
    assert!(out.contains("follows the flow"), "{out}");
}

#[test]
fn save_refuses_to_overwrite_its_capture_and_needs_a_call_when_there_are_several() {
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("c.ndjson");
    std::fs::copy(sample("inbound.ndjson"), &capture).unwrap();
    let before = std::fs::read(&capture).unwrap();
    let o = run(&["expect", "save", s(&capture), "--out", s(&capture)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&capture).unwrap(), before);
    let o = run(&[
        "expect",
        "save",
        s(&sample("mixed-50.ndjson")),
        "--out",
        s(&dir.path().join("f.yaml")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--call"), "{}", text(&o));
}

#[test]
fn junit_xml_is_valid_and_escapes_capture_text() {
    let dir = tempfile::tempdir().unwrap();
    let flow = save(dir.path(), "warm-transfer.ndjson", "number");
    // The same call with a hostile name for the transfer target.
    let hostile = dir.path().join("hostile.ndjson");
    let capture = std::fs::read_to_string(sample("warm-transfer.ndjson")).unwrap();
    assert!(capture.contains("Chloe Dubois"));
    std::fs::write(
        &hostile,
        capture.replace("Chloe Dubois", "Chloe <b>&amp;]]> \\u001b[31m\\\"Dubois"),
    )
    .unwrap();
    // A call that does not follow (blind instead of attended): a failure.
    let junit = dir.path().join("report.xml");
    let o = run(&[
        "expect",
        "check",
        s(&flow),
        s(&sample("warm-transfer.ndjson")),
        s(&sample("blind-transfer.ndjson")),
        "--junit",
        s(&junit),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("2"));
    assert_eq!(root.attribute("failures"), Some("1"));
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(suites.len(), 2);
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(failure.attribute("message").unwrap().starts_with("step "));

    // The hostile name only ever appears escaped: the document parses and keeps the text.
    let hostile_flow = dir.path().join("hostile.yaml");
    let o = run(&[
        "expect",
        "save",
        s(&hostile),
        "--out",
        s(&hostile_flow),
        "--name-by",
        "name",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&[
        "expect",
        "check",
        s(&hostile_flow),
        s(&sample("warm-transfer.ndjson")),
        "--junit",
        s(&junit),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains('\u{1b}'));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(!xml.contains('\u{1b}'));
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let message = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .and_then(|n| n.attribute("message"))
        .unwrap()
        .to_owned();
    assert!(message.contains("Chloe <b>&amp;]]>"), "{message}");
    // And the hostile name in the saved flow reads back as the same text.
    let o = run(&["expect", "check", s(&hostile_flow), s(&hostile)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn check_together_reads_files_as_one_capture_and_calls_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("two.yaml");
    std::fs::write(
        &flow,
        "flow: two warm transfers\ncalls: 2\nsteps:\n  - answer: agent\n  - transfer: attended\n    by: agent\n",
    )
    .unwrap();
    let files = [
        sample("warm-transfer.ndjson"),
        sample("warm-transfer-noisy.ndjson"),
        sample("blind-transfer.ndjson"),
    ];
    let mut args = vec!["expect", "check", s(&flow), "--together"];
    args.extend(files.iter().map(|f| s(f)));
    let o = run(&args);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("2 calls follow the flow, as expected"),
        "{out}"
    );
    // Each file on its own holds at most one.
    let mut args = vec!["expect", "check", s(&flow)];
    args.extend(files.iter().map(|f| s(f)));
    let o = run(&args);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("expected 2 calls following the flow, found 1"),
        "{}",
        text(&o)
    );
}
