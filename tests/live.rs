//! The webhook receiver over real HTTP on 127.0.0.1 (port 0, chosen by the OS): the handshake,
//! tokens, broken and oversized bodies, methods, health, many clients at once, a `kill -9`
//! during a load, and replay → receive → `calls` giving the calls of the file itself.

use callflow::live::{self, LiveMsg, Receiver, ReceiverConfig, rejected_path};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver as Rx;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_callflow");
const NOTE: &str = r#"{"uuid":"1","timestamp":"2026-05-28T20:26:42.044Z","body":{"sequence":1,"telephonySessionId":"s-1","eventTime":"2026-05-28T20:26:41.840Z","parties":[{"id":"p-1-1","direction":"Inbound","status":{"code":"Setup"}}]}}"#;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

fn start(token: Option<&str>) -> (Receiver, Rx<LiveMsg>, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("capture.ndjson");
    let (sender, rx) = live::channel(Box::new(|| {}));
    let mut config = ReceiverConfig::new("127.0.0.1:0".parse().unwrap(), capture.clone());
    config.verification_token = token.map(str::to_owned);
    let receiver = Receiver::start(config, sender).unwrap();
    (receiver, rx, dir, capture)
}

/// One request on its own connection; returns the status, the head (lower case) and the body.
fn http(addr: SocketAddr, method: &str, headers: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let head = format!(
        "{method} /webhook HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: {}\r\n{headers}\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    read_response(&mut s)
}

fn read_response(s: &mut TcpStream) -> (u16, String, Vec<u8>) {
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let split = all.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&all[..split]).to_lowercase();
    let status = head[9..12].parse().unwrap();
    (status, head, all[split + 4..].to_vec())
}

#[test]
fn handshake_tokens_methods_health_and_bad_bodies() {
    let (receiver, rx, _dir, capture) = start(Some("s3cret"));
    let addr = receiver.local_addr();

    let (status, head, body) = http(addr, "POST", "Validation-Token: abc-123\r\n", b"");
    assert_eq!(status, 200);
    assert!(head.contains("validation-token: abc-123"), "{head}");
    assert!(head.len() + body.len() < 1024);

    assert_eq!(http(addr, "POST", "", NOTE.as_bytes()).0, 401);
    let wrong = "Verification-Token: nope\r\n";
    assert_eq!(http(addr, "POST", wrong, NOTE.as_bytes()).0, 401);
    let right = "Verification-Token: s3cret\r\n";
    assert_eq!(http(addr, "POST", right, NOTE.as_bytes()).0, 200);
    // The receiving guide's spelling of the same header.
    let other_spelling = "Validation-Token: s3cret\r\n";
    assert_eq!(http(addr, "POST", other_spelling, NOTE.as_bytes()).0, 200);
    // Pretty-printed JSON is kept as one line.
    let pretty = "{\n  \"uuid\": \"2\",\n  \"x\": [1,\n 2]\n}\n";
    assert_eq!(http(addr, "POST", right, pretty.as_bytes()).0, 200);

    assert_eq!(http(addr, "POST", right, b"{\"broken\": ").0, 400);
    let huge = format!("{right}Content-Type: application/json\r\n");
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let head = format!("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n{huge}\r\n");
    s.write_all(head.as_bytes()).unwrap();
    assert_eq!(read_response(&mut s).0, 413);

    assert_eq!(http(addr, "PUT", "", b"").0, 405);
    assert_eq!(http(addr, "GET", "", b"").0, 405);
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(b"GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .unwrap();
    assert_eq!(read_response(&mut s).0, 200);
    assert_eq!(receiver.accepted(), 3);

    receiver.stop();
    let text = std::fs::read_to_string(&capture).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines, [NOTE, NOTE, "{  \"uuid\": \"2\",  \"x\": [1, 2]}"]);
    let rejected = std::fs::read_to_string(rejected_path(&capture)).unwrap();
    assert_eq!(rejected, "{\"broken\": \n");
    let messages: Vec<LiveMsg> = rx.try_iter().collect();
    assert_eq!(messages.len(), 4);
    assert!(matches!(messages.last(), Some(LiveMsg::End(None))));
}

#[test]
fn a_remote_address_needs_permission() {
    let (sender, _rx) = live::channel(Box::new(|| {}));
    let config = ReceiverConfig::new("0.0.0.0:0".parse().unwrap(), "unused.ndjson".into());
    let err = Receiver::start(config, sender).err().unwrap();
    assert!(err.to_string().contains("not a loopback"), "{err}");
}

#[test]
fn twenty_clients_at_once_lose_nothing() {
    let (receiver, rx, _dir, capture) = start(None);
    let url = format!("http://{}/", receiver.local_addr());
    let threads: Vec<_> = (0..20)
        .map(|client| {
            let url = url.clone();
            std::thread::spawn(move || {
                let agent = ureq::Agent::new_with_defaults();
                for i in 0..50 {
                    let body =
                        NOTE.replace("\"uuid\":\"1\"", &format!("\"uuid\":\"{client}-{i}\""));
                    let response = agent.post(&url).send(body.as_str()).unwrap();
                    assert_eq!(response.status().as_u16(), 200);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    receiver.stop();
    let text = std::fs::read_to_string(&capture).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    lines.dedup();
    assert_eq!(lines.len(), 1000);
    let delivered = rx.try_iter().filter(|m| matches!(m, LiveMsg::Line { .. }));
    assert_eq!(delivered.count(), 1000);
}

/// Starts `callflow receive` on a free port; returns the child and its address.
fn spawn_receive(capture: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(BIN)
        .args(["receive", "--listen", "127.0.0.1:0", "--summary", "--out"])
        .arg(capture)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let stderr = child.stderr.take().unwrap();
    let mut reader = BufReader::new(stderr);
    reader.read_line(&mut first).unwrap();
    // Keep draining stderr so the child never blocks on it.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .parse()
        .unwrap();
    (child, addr)
}

#[test]
fn killed_during_a_load_the_capture_keeps_every_acknowledged_event() {
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("capture.ndjson");
    let (mut child, addr) = spawn_receive(&capture);
    let url = format!("http://{addr}/");
    let source = std::fs::read_to_string(sample("mixed-50.ndjson")).unwrap();
    let lines: Arc<Vec<String>> = Arc::new(source.lines().map(str::to_owned).collect());
    let acked: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (0..4)
        .map(|client| {
            let (url, lines, acked) = (url.clone(), lines.clone(), acked.clone());
            std::thread::spawn(move || {
                let agent = ureq::Agent::new_with_defaults();
                for line in lines.iter().skip(client).step_by(4).cycle().take(20_000) {
                    match agent.post(&url).send(line.as_str()) {
                        Ok(r) if r.status().as_u16() == 200 => {
                            acked.lock().unwrap().push(line.clone())
                        }
                        _ => return, // the receiver is gone
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    while acked.lock().unwrap().len() < 500 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL, mid-load
    child.wait().unwrap();
    for c in clients {
        c.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 500, "only {} acknowledged", acked.len());
    let text = std::fs::read_to_string(&capture).unwrap();
    let written: std::collections::HashSet<&str> = text.lines().collect();
    assert!(acked.iter().all(|line| written.contains(line.as_str())));
    // Readable: every line is whole, nothing is rejected.
    assert!(text.ends_with('\n'));
    let check = Command::new(BIN)
        .arg("check")
        .arg(&capture)
        .output()
        .unwrap();
    assert_ne!(check.status.code(), Some(2), "{check:?}");
}

fn calls_of(file: &Path) -> serde_json::Value {
    let out = Command::new(BIN)
        .args(["calls", "--json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["calls"].clone()
}

#[test]
fn replay_then_receive_gives_the_same_calls_and_ctrl_c_closes_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("capture.ndjson");
    let (mut child, addr) = spawn_receive(&capture);
    let source = sample("mixed-50.ndjson");
    let replay = Command::new(BIN)
        .arg("replay")
        .arg(&source)
        .args(["--speed", "0", "--to", &format!("http://{addr}/")])
        .output()
        .unwrap();
    assert!(replay.status.success(), "{replay:?}");
    let interrupt = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupt.success());
    assert!(child.wait().unwrap().success());
    assert_eq!(calls_of(&capture), calls_of(&source));
}

#[test]
fn the_token_is_never_shown_in_a_config_or_refused_without_one_on_a_reachable_address() {
    let mut config = ReceiverConfig::new("0.0.0.0:0".parse().unwrap(), "unused.ndjson".into());
    config.verification_token = Some("tok-debug-9Xq".into());
    assert!(!format!("{config:?}").contains("tok-debug-9Xq"));
    config.verification_token = None;
    config.allow_remote = true;
    let (sender, _rx) = live::channel(Box::new(|| {}));
    let err = Receiver::start(config, sender).err().unwrap();
    assert!(
        err.to_string().contains("without a verification token"),
        "{err}"
    );
    assert!(
        !std::path::Path::new("unused.ndjson").exists(),
        "nothing was opened"
    );
}
