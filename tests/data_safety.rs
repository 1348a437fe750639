//! Nothing a user does loses their data (issue 21), tried on the real binary: outputs never
//! replace inputs, devices and links stay what they are, concurrent notes all survive, standard
//! input reads as a file, hostile names stay inside their labels, and a receiver other machines
//! can reach needs a token.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_callflow");
const CALL: &str = "s-dc8a0e369bfa342a09dba595ca715a63";

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

/// A copy of the warm transfer sample in a fresh folder.
fn capture_in(dir: &Path) -> PathBuf {
    let path = dir.join("cap.ndjson");
    std::fs::copy(sample("warm-transfer.ndjson"), &path).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn export_onto_its_input_by_another_name_or_a_link_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cap = capture_in(dir.path());
    let original = std::fs::read(&cap).unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let hard = dir.path().join("hard.ndjson");
    std::fs::hard_link(&cap, &hard).unwrap();
    let link = dir.path().join("link.ndjson");
    std::os::unix::fs::symlink(&cap, &link).unwrap();
    let export = |cwd: &Path, input: &str, out: &str| {
        run_in(
            cwd,
            &[
                "export", input, "--call", CALL, "--format", "json", "--out", out,
            ],
        )
    };
    let cases = [
        (dir.path(), s(&cap), s(&cap)),                  // the absolute path
        (&sub, "../cap.ndjson", "../sub/../cap.ndjson"), // another spelling
        (dir.path(), "cap.ndjson", "hard.ndjson"),       // a hard link
        (dir.path(), "link.ndjson", s(&cap)),            // the input given through a link
        (dir.path(), s(&cap), "link.ndjson"),            // the output given through a link
    ];
    for (cwd, input, out) in cases {
        let o = export(cwd, input, out);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{input} → {out}: {err}");
        assert!(err.contains("same file as the input capture"), "{err}");
        assert_eq!(std::fs::read(&cap).unwrap(), original, "{input} → {out}");
    }
    // Its notes file too (beside the link and beside the file it points to).
    let notes = dir.path().join("link.ndjson.callflow.json");
    std::fs::write(&notes, "").unwrap();
    let o = export(dir.path(), "link.ndjson", s(&notes));
    assert!(
        text(&o.stderr).contains("notes file"),
        "{}",
        text(&o.stderr)
    );
    assert!(std::fs::read(&notes).unwrap().is_empty());
    let notes = dir.path().join("cap.ndjson.callflow.json");
    std::fs::write(&notes, "").unwrap();
    let o = export(dir.path(), "link.ndjson", s(&notes));
    assert!(
        text(&o.stderr).contains("notes file"),
        "{}",
        text(&o.stderr)
    );
    assert!(std::fs::read(&notes).unwrap().is_empty());
}

#[test]
fn through_a_link_the_file_it_points_to_is_replaced_and_the_link_stays() {
    let dir = tempfile::tempdir().unwrap();
    let cap = capture_in(dir.path());
    let real = dir.path().join("real.mmd");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.mmd");
    std::os::unix::fs::symlink("real.mmd", &link).unwrap();
    let o = run(&[
        "export",
        s(&cap),
        "--call",
        CALL,
        "--format",
        "mermaid",
        "--out",
        s(&link),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link is still a link");
    let written = std::fs::read_to_string(&real).unwrap();
    assert!(written.contains("sequenceDiagram"), "{written}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("callflow-tmp")),
        "{names:?}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_device_stays_a_device_and_a_full_one_is_an_error() {
    use std::os::unix::fs::FileTypeExt;
    let o = run(&["synth", "--calls", "2", "--out", "/dev/null"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let kind = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(kind.is_char_device(), "/dev/null is still a device");
    let o = run(&["synth", "--calls", "2", "--out", "/dev/full"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        text(&o.stderr).contains("No space left on device"),
        "{}",
        text(&o.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let cap = capture_in(dir.path());
    let o = run(&[
        "export",
        s(&cap),
        "--call",
        CALL,
        "--format",
        "svg",
        "--out",
        "/dev/full",
    ]);
    assert_ne!(o.status.code(), Some(0));
    let err = text(&o.stderr);
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(err.matches("No space left").count(), 1, "said once: {err}");
    let kind = std::fs::metadata("/dev/full").unwrap().file_type();
    assert!(kind.is_char_device(), "/dev/full is still a device");
}

#[test]
fn twenty_note_writers_at_once_keep_all_two_hundred_notes() {
    let dir = tempfile::tempdir().unwrap();
    let cap = capture_in(dir.path());
    let writers: Vec<_> = (0..20)
        .map(|w| {
            let cap = cap.clone();
            std::thread::spawn(move || {
                for n in 0..10 {
                    let note = format!("writer {w} note {n}");
                    let o = run(&["notes", "add", s(&cap), "--call", CALL, "--text", &note]);
                    assert!(o.status.success(), "{}", text(&o.stderr));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let o = run(&["notes", "list", "--json", s(&cap)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let sidecar: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("cap.ndjson.callflow.json")).unwrap(),
    )
    .unwrap();
    let notes = sidecar["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 200, "every note is kept");
    let mut ids: Vec<u64> = notes.iter().map(|n| n["id"].as_u64().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 200, "ids are unique");
    let mut texts: Vec<&str> = notes.iter().map(|n| n["text"].as_str().unwrap()).collect();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), 200, "each writer's each note");
}

#[test]
fn standard_input_reads_as_a_capture_and_notes_refuse_it() {
    let file = sample("warm-transfer.ndjson");
    let from_file = run(&["calls", "--json", s(&file)]);
    assert!(from_file.status.success());
    for command in [
        &["calls", "--json", "-"][..],
        &["story", "-"],
        &["check", "-"],
    ] {
        let mut child = Command::new(BIN)
            .args(command)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let bytes = std::fs::read(&file).unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || stdin.write_all(&bytes));
        let o = child.wait_with_output().unwrap();
        feeder.join().unwrap().unwrap();
        let err = text(&o.stderr);
        assert!(!err.contains("cannot open"), "{command:?}: {err}");
        if command[0] == "calls" {
            assert_eq!(text(&o.stdout), text(&from_file.stdout));
        } else {
            assert!(o.status.success(), "{command:?}: {err}");
            assert!(!o.stdout.is_empty());
        }
    }
    let o = Command::new(BIN)
        .args(["notes", "add", "-", "--call", CALL, "--text", "x"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("not `-`"), "{}", text(&o.stderr));
}

/// A capture whose caller is called `name`.
fn hostile_capture(dir: &Path, name: &str) -> PathBuf {
    let original = std::fs::read_to_string(sample("warm-transfer.ndjson")).unwrap();
    let escaped = serde_json::to_string(name).unwrap();
    let path = dir.join("hostile.ndjson");
    std::fs::write(&path, original.replace("\"JORDAN REYES\"", &escaped)).unwrap();
    path
}

const HOSTILE: &str = "Eve\n---\nconfig:\n  theme: dark\n---";

fn export_text(cap: &Path, format: &str) -> String {
    let o = run(&[
        "export",
        s(cap),
        "--call",
        CALL,
        "--format",
        format,
        "--out",
        "-",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    text(&o.stdout)
}

#[test]
fn a_hostile_name_stays_inside_its_mermaid_label() {
    let dir = tempfile::tempdir().unwrap();
    let cap = hostile_capture(dir.path(), HOSTILE);
    let m = export_text(&cap, "mermaid");
    let lines: Vec<&str> = m.lines().collect();
    // One front matter (the first two `---` lines), then one diagram.
    let fences: Vec<usize> = (0..lines.len()).filter(|&i| lines[i] == "---").collect();
    assert_eq!(fences, [0, 2], "{m}");
    assert_eq!(lines[3], "sequenceDiagram", "{m}");
    assert_eq!(lines.iter().filter(|l| **l == "sequenceDiagram").count(), 1);
    assert!(
        !lines.iter().any(|l| l.trim_start().starts_with("config:")),
        "{m}"
    );
    assert!(
        !lines.iter().any(|l| l.trim_start().starts_with("theme:")),
        "{m}"
    );
    assert!(
        lines[1].starts_with("title: \"") && lines[1].ends_with('"'),
        "{m}"
    );
    let label = lines
        .iter()
        .find(|l| (l.contains("participant") || l.contains("actor")) && l.contains("Eve"))
        .unwrap_or_else(|| panic!("{m}"));
    assert!(
        label.contains("Eve --- config:   theme: dark ---"),
        "{label}"
    );
}

#[test]
fn a_hostile_name_stays_inside_its_plantuml_label() {
    let dir = tempfile::tempdir().unwrap();
    let cap = hostile_capture(dir.path(), &format!("{HOSTILE}\n@enduml\n@startuml"));
    let p = export_text(&cap, "plantuml");
    let lines: Vec<&str> = p.lines().collect();
    // PlantUML reads `@startuml` and `@enduml` at the start of a line only.
    let starting = |what: &str| {
        lines
            .iter()
            .filter(|l| l.trim_start().starts_with(what))
            .count()
    };
    assert_eq!(starting("@startuml"), 1, "{p}");
    assert_eq!(starting("@enduml"), 1, "{p}");
    assert_eq!(lines.first(), Some(&"@startuml"));
    assert_eq!(lines.last(), Some(&"@enduml"));
    assert!(
        !lines.iter().any(|l| l.trim_start().starts_with("config:")),
        "{p}"
    );
    let label = lines
        .iter()
        .find(|l| l.starts_with("actor \"Eve"))
        .unwrap_or_else(|| panic!("{p}"));
    assert!(label.contains("config:   theme: dark"), "{label}");
}

#[test]
fn errors_say_each_cause_once_and_show_control_characters_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no/such/dir/c.ndjson");
    let o = run(&["receive", "--listen", "127.0.0.1:0", "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    let evil = dir.path().join("x\u{1b}[2J.ndjson");
    let o = run(&["calls", s(&evil)]);
    let err = text(&o.stderr);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("x\\u{1b}[2J.ndjson"), "{err}");
}

/// Starts `callflow receive` with `args`; returns the child and the first line of its standard
/// error, or the finished output when it exits at once.
fn start_receive(args: &[&str]) -> Result<(Child, String), Output> {
    let mut child = Command::new(BIN)
        .arg("receive")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut reader = BufReader::new(stderr);
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    if first.starts_with("listening on") || first.starts_with("warning:") {
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        return Ok((child, first));
    }
    let mut rest = String::new();
    reader.read_to_string(&mut rest).unwrap();
    let mut o = child.wait_with_output().unwrap();
    o.stderr = format!("{first}{rest}").into_bytes();
    Err(o)
}

fn stop(mut child: Child) -> Output {
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_receiver_other_machines_can_reach_needs_a_token_or_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.ndjson");
    let refused = start_receive(&["--listen", "0.0.0.0:0", "--allow-remote", "--out", s(&out)]);
    let o = match refused {
        Err(o) => o,
        Ok((child, first)) => {
            stop(child);
            panic!("it started: {first}");
        }
    };
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("--no-verification-token"),
        "{}",
        text(&o.stderr)
    );
    assert!(!out.exists(), "nothing was opened");
    let args = [
        "--listen",
        "0.0.0.0:0",
        "--allow-remote",
        "--no-verification-token",
        "--out",
        s(&out),
    ];
    match start_receive(&args) {
        Ok((child, first)) => {
            assert!(first.contains("other machines"), "{first}");
            stop(child);
        }
        Err(o) => panic!("refused: {}", text(&o.stderr)),
    }
}

#[test]
fn a_port_alone_or_localhost_listens_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    for (i, listen) in ["0", "localhost:0"].iter().enumerate() {
        let out = dir.path().join(format!("c{i}.ndjson"));
        match start_receive(&["--listen", listen, "--out", s(&out)]) {
            Ok((child, first)) => {
                assert!(first.contains("http://127.0.0.1:"), "{first}");
                stop(child);
            }
            Err(o) => panic!("{listen}: {}", text(&o.stderr)),
        }
    }
}

/// Posts `body` to the receiver with `token`; returns the status code.
fn post(addr: SocketAddr, token: &str, body: &str) -> u16 {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST / HTTP/1.1\r\nHost: x\r\nVerification-Token: {token}\r\nContent-Type: \
         application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_second_receiver_on_one_capture_is_refused_and_tokens_stay_out_of_logs_and_captures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.ndjson");
    let token = "tok-5ecret-Zq81";
    let (child, first) = start_receive(&[
        "--listen",
        "127.0.0.1:0",
        "--verification-token",
        token,
        "--out",
        s(&out),
    ])
    .unwrap_or_else(|o| panic!("{}", text(&o.stderr)));
    let addr: SocketAddr = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap()
        .parse()
        .unwrap();
    // A second receiver on the same capture is refused.
    match start_receive(&["--listen", "127.0.0.1:0", "--out", s(&out)]) {
        Err(o) => assert!(
            text(&o.stderr).contains("another callflow receiver"),
            "{}",
            text(&o.stderr)
        ),
        Ok((second, line)) => {
            stop(second);
            panic!("a second receiver started: {line}");
        }
    }
    // A delivery whose party id holds an escape sequence: shown escaped.
    let line = std::fs::read_to_string(sample("warm-transfer.ndjson"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .replace("p-dc8a0e369bfa342a09dba595ca715a63-1", "p-\\u001b[31m-1");
    assert_eq!(post(addr, "wrong", &line), 401);
    assert_eq!(post(addr, token, &line), 200);
    std::thread::sleep(Duration::from_millis(300));
    let o = stop(child);
    let printed = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert!(printed.contains("p-\\u{1b}[31m-1"), "{printed}");
    assert!(!printed.contains('\u{1b}'), "{printed:?}");
    assert!(!printed.contains(token), "{printed}");
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), 1);
    assert!(!written.contains(token));
    assert!(!first.contains(token));
}

/// Peak resident memory of a running process, in bytes (Linux).
#[cfg(target_os = "linux")]
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kb * 1024
}

#[cfg(target_os = "linux")]
#[test]
fn a_256_mib_line_costs_that_line_only_and_is_never_held_in_memory() {
    let lines: Vec<String> = std::fs::read_to_string(sample("warm-transfer.ndjson"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let mut child = Command::new(BIN)
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}", lines[0]).unwrap();
    // Line 2: 256 MiB of one notification that never ends, written a MiB at a time.
    stdin.write_all(b"{\"pad\":\"").unwrap();
    let mib = vec![b'x'; 1 << 20];
    for _ in 0..256 {
        stdin.write_all(&mib).unwrap();
    }
    stdin.write_all(b"\"}\n").unwrap();
    for line in &lines[1..] {
        writeln!(stdin, "{line}").unwrap();
    }
    // More than a pipe holds after the long line: once written, the reader is past it.
    for _ in 0..64 {
        stdin.write_all(&[b'\n'; 4096]).unwrap();
    }
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let peak = peak_rss(child.id());
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    let report = text(&o.stdout);
    assert!(peak < 200 << 20, "peak resident memory {} MB", peak >> 20);
    assert_eq!(o.status.code(), Some(2), "{report}");
    assert!(report.contains("rejected:           1"), "{report}");
    assert!(
        report.contains("(standard input):2: the line is longer than 16 MiB"),
        "{report}"
    );
    let from_file = run(&["check", s(&sample("warm-transfer.ndjson"))]);
    let events = |r: &str| {
        r.lines()
            .find(|l| l.starts_with("events"))
            .map(str::to_owned)
    };
    assert_eq!(
        events(&report),
        events(&text(&from_file.stdout)),
        "{report}"
    );
}

#[test]
fn a_refused_note_change_leaves_no_notes_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let cap = capture_in(dir.path());
    let o = run(&["notes", "remove", s(&cap), "--id", "7"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("there is no note 7"),
        "{}",
        text(&o.stderr)
    );
    assert!(!dir.path().join("cap.ndjson.callflow.json").exists());
}

#[test]
fn replay_reads_standard_input_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("received.ndjson");
    let (child, first) = start_receive(&["--listen", "127.0.0.1:0", "--summary", "--out", s(&out)])
        .unwrap_or_else(|o| panic!("{}", text(&o.stderr)));
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap()
        .to_owned();
    let o = Command::new(BIN)
        .args([
            "replay",
            "-",
            "--speed",
            "0",
            "--to",
            &format!("http://{addr}/"),
        ])
        .stdin(std::fs::File::open(sample("warm-transfer.ndjson")).unwrap())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    stop(child);
    let sent = std::fs::read_to_string(sample("warm-transfer.ndjson")).unwrap();
    let got = std::fs::read_to_string(&out).unwrap();
    assert_eq!(got.lines().count(), sent.lines().count());
}

#[test]
fn a_hostile_name_stays_text_in_svg_and_json_too() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = format!("{HOSTILE}</text><script>alert(1)</script>");
    let cap = hostile_capture(dir.path(), &hostile);
    let svg = export_text(&cap, "svg");
    assert!(!svg.contains("<script"), "markup stays text");
    assert!(svg.contains("&lt;/text&gt;&lt;script&gt;"), "escaped");
    assert!(!svg.lines().any(|l| l.trim_start().starts_with("config:")));
    // JSON keeps the name exactly, line breaks escaped by JSON itself.
    let json: serde_json::Value = serde_json::from_str(&export_text(&cap, "json")).unwrap();
    let caller = json["caller"].as_str().unwrap_or_default();
    assert!(caller.starts_with(&hostile), "{caller:?}");
}
