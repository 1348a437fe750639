//! Following a growing capture like `tail -F`: complete lines only, then truncation, rotation
//! and a file that appears late.

use callflow::live::{self, LiveMsg, tail::Tail};
use std::fs::OpenOptions;
use std::io::Write;
use std::sync::mpsc::Receiver;
use std::time::Duration;

const POLL: Duration = Duration::from_millis(10);

fn next_line(rx: &Receiver<LiveMsg>) -> String {
    match rx.recv_timeout(Duration::from_secs(5)) {
        Ok(LiveMsg::Line { line, .. }) => String::from_utf8(line).unwrap(),
        other => panic!("expected a line, got {other:?}"),
    }
}

fn append(path: &std::path::Path, text: &str) {
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

#[test]
fn follows_growth_truncation_and_rotation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("capture.ndjson");
    // Not there yet: waited for.
    let (sender, rx) = live::channel(Box::new(|| {}));
    let tail = Tail::follow(path.clone(), sender, POLL).unwrap();
    std::thread::sleep(POLL * 3);
    append(&path, "{\"n\":1}\n\n{\"n\":2}\r\n{\"n\":");
    assert_eq!(next_line(&rx), "{\"n\":1}");
    assert_eq!(next_line(&rx), "{\"n\":2}");
    // The unfinished line is sent once it is finished.
    assert!(rx.recv_timeout(POLL * 5).is_err());
    append(&path, "3}\n");
    assert_eq!(next_line(&rx), "{\"n\":3}");

    // Truncated and rewritten shorter: read again from the start.
    std::fs::write(&path, "{\"t\":1}\n").unwrap();
    assert_eq!(next_line(&rx), "{\"t\":1}");

    // Rotated: the old file's last lines, then the new file from its start.
    append(&path, "{\"old\":2}\n");
    let rotated = dir.path().join("capture.ndjson.1");
    std::fs::rename(&path, &rotated).unwrap();
    append(&rotated, "{\"old\":3}\n");
    std::thread::sleep(POLL * 3);
    append(&path, "{\"new\":1}\n");
    let mut seen = vec![next_line(&rx), next_line(&rx), next_line(&rx)];
    assert_eq!(seen.pop().as_deref(), Some("{\"new\":1}"));
    assert_eq!(seen, ["{\"old\":2}", "{\"old\":3}"]);
    append(&path, "{\"new\":2}\n");
    assert_eq!(next_line(&rx), "{\"new\":2}");

    tail.stop();
    assert!(matches!(
        rx.recv_timeout(Duration::from_secs(5)),
        Ok(LiveMsg::End(None))
    ));
}

#[test]
fn a_file_bigger_than_the_channel_is_sent_whole_waiting_for_the_consumer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ndjson");
    let text: String = (0..200).map(|n| format!("{{\"n\":{n}}}\n")).collect();
    append(&path, &text);
    let (sender, rx) = live::channel_with_capacity(4, Box::new(|| {}));
    let counter = sender.clone();
    let tail = Tail::follow(path, sender, POLL).unwrap();
    // A slow consumer: the tail waits for room instead of dropping lines.
    for n in 0..200 {
        if n % 50 == 0 {
            std::thread::sleep(POLL * 2);
        }
        assert_eq!(next_line(&rx), format!("{{\"n\":{n}}}"));
    }
    assert_eq!(counter.dropped(), 0);
    tail.stop();
    assert!(matches!(
        rx.recv_timeout(Duration::from_secs(5)),
        Ok(LiveMsg::End(None))
    ));
}
