//! `callflow export` through the real binary: one call to a file, several to a directory, every
//! format, clear errors; and the PlantUML output rendered by PlantUML itself when it is installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

fn callflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callflow"))
        .args(args)
        .output()
        .unwrap()
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

const WARM: &str = "s-dc8a0e369bfa342a09dba595ca715a63";
const CONF: &str = "s-72690cd7ddf8a09a0d14acf37ce7aa92";

#[test]
fn one_call_goes_to_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let warm = sample("warm-transfer.ndjson");
    for (format, check) in [
        ("svg", "<svg "),
        ("mermaid", "sequenceDiagram"),
        ("plantuml", "@startuml"),
        ("json", "\"id\": \"s-dc8a0e369bfa342a09dba595ca715a63\""),
    ] {
        let out = dir.path().join(format!("call.{format}"));
        // Any telephonySessionId of the call finds it (here the second session's).
        let o = callflow(&[
            "export",
            path_str(&warm),
            "--call",
            "s-a14d3a0275ca818afc8b140819ce9067",
            "--format",
            format,
            "--out",
            path_str(&out),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(check), "{format}: {text}");
    }
    let png = dir.path().join("call.png");
    let o = callflow(&[
        "export",
        path_str(&warm),
        "--call",
        WARM,
        "--format",
        "png",
        "--scale",
        "1",
        "--out",
        path_str(&png),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let pdf = dir.path().join("call.pdf");
    let o = callflow(&[
        "export",
        path_str(&warm),
        "--call",
        WARM,
        "--format",
        "pdf",
        "--out",
        path_str(&pdf),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    // One page the drawing's size (the people view: 1280 × 332 CSS pixels = 960 × 249 points),
    // font embedded.
    assert!(text.contains("/MediaBox [0 0 960 249]"), "{text}");
    assert!(text.contains("DejaVuSans"), "font embedded");
    // Only the files asked for: no temporary files left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 6);
}

#[test]
fn json_export_is_the_call_as_calls_json_gives_it() {
    let dir = tempfile::tempdir().unwrap();
    let conf = sample("conference.ndjson");
    let out = dir.path().join("c.json");
    let o = callflow(&[
        "export",
        path_str(&conf),
        "--all",
        "--format",
        "json",
        "--out",
        path_str(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(format!("{CONF}.json"))).unwrap()).unwrap();
    let calls = callflow(&["calls", "--json", path_str(&conf)]);
    let calls: serde_json::Value = serde_json::from_slice(&calls.stdout).unwrap();
    assert_eq!(exported, calls["calls"][0]);
}

#[test]
fn several_calls_go_to_a_directory_one_file_per_call() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("exports/svg");
    let (warm, conf) = (sample("warm-transfer.ndjson"), sample("conference.ndjson"));
    let o = callflow(&[
        "export",
        path_str(&warm),
        path_str(&conf),
        "--all",
        "--format",
        "mermaid",
        "--redact",
        "--out",
        path_str(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [format!("{CONF}.mmd"), format!("{WARM}.mmd")]);
    let text = std::fs::read_to_string(out.join(format!("{WARM}.mmd"))).unwrap();
    assert!(text.contains("Caller A → Agent 111"), "{text}");
    assert!(!text.contains("JORDAN"), "{text}");
}

#[test]
fn errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let warm = sample("warm-transfer.ndjson");
    let out = dir.path().join("x.svg");
    let run = |extra: &[&str]| {
        let mut args = vec!["export", path_str(&warm)];
        args.extend_from_slice(extra);
        let o = callflow(&args);
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, err) = run(&[
        "--call",
        "s-nope",
        "--format",
        "svg",
        "--out",
        path_str(&out),
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no call contains session \"s-nope\""), "{err}");
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let inside = blocker.join("x.svg");
    let (code, err) = run(&[
        "--call",
        WARM,
        "--format",
        "svg",
        "--out",
        path_str(&inside),
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot write"), "{err}");
    let (code, err) = run(&["--all", "--format", "gif", "--out", path_str(&out)]);
    assert_eq!(code, Some(2));
    assert!(err.contains("unknown format \"gif\""), "{err}");
    let (code, err) = run(&[
        "--call",
        WARM,
        "--format",
        "png",
        "--scale",
        "0",
        "--out",
        path_str(&out),
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--scale must be between"), "{err}");
    let (code, err) = run(&["--format", "svg", "--out", path_str(&out)]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--call") || err.contains("--all"), "{err}");
    assert!(!out.exists());
}

/// PlantUML (Debian's `plantuml`) renders our text without a syntax error, for every call of
/// every sample; skipped without it.
#[test]
fn plantuml_renders_the_export() {
    if Command::new("plantuml").arg("-version").output().is_err() {
        println!("note: plantuml is not installed; skipping (apt-get install plantuml)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_sessions");
    for entry in std::fs::read_dir(&samples).unwrap() {
        let file = entry.unwrap().path();
        if file.extension().is_none_or(|e| e != "ndjson") {
            continue;
        }
        let o = callflow(&[
            "export",
            path_str(&file),
            "--all",
            "--format",
            "plantuml",
            "--out",
            path_str(dir.path()),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    // A call with notes (multi-line ones included).
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/warm-transfer-notes.puml"),
        dir.path().join("warm-transfer-notes.puml"),
    )
    .unwrap();
    let with = |ext: &str| -> Vec<PathBuf> {
        std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect()
    };
    let sources = with("puml").len();
    assert!(sources > 70, "{sources} diagrams");
    let o = Command::new("plantuml")
        .args(["-tsvg", "-failfast2", "-nometadata"])
        .arg(dir.path().join("*.puml"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svgs = with("svg");
    assert_eq!(svgs.len(), sources);
    for svg in svgs {
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(!text.contains("Syntax Error"), "{}", svg.display());
    }
}
