//! Reading captures: every shape on disk, damaged input, delivery noise.

use callflow::ingest::{self, Diagnostics};
use callflow::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};

fn reference(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reference")
        .join(rel)
}

fn load_files(paths: &[PathBuf]) -> Store {
    let mut store = Store::new();
    ingest::load_paths(&mut store, paths, &mut |_| {});
    store
}

fn load_text(text: &str) -> (Store, Diagnostics) {
    let mut store = Store::new();
    ingest::load_bytes(&mut store, "test.ndjson", text.as_bytes());
    let d = store.diagnostics();
    (store, d)
}

fn capture_lines(name: &str) -> Vec<String> {
    std::fs::read_to_string(reference(&format!("captures/{name}")))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

const IVR: &str = "csndata_pstn_to_rc_ivr_then_ext_hold_acct_level.ndjson";

#[test]
fn real_captures_load_completely_and_cleanly() {
    for (name, events) in [
        (IVR, 11),
        ("csndata_rc_to_rc_internal_hold_acct_level.ndjson", 9),
        ("csndata_rc_to_pstn_outbound_acct_level.ndjson", 9),
    ] {
        let store = load_files(&[reference(&format!("captures/{name}"))]);
        let d = store.diagnostics();
        assert_eq!(d.events, events, "{name}");
        assert_eq!(
            (
                d.rejected_total,
                d.duplicates,
                d.out_of_order,
                d.sequence_gaps
            ),
            (0, 0, 0, 0),
            "{name}"
        );
    }
}

#[test]
fn single_payloads_of_every_shape_are_recognised() {
    let cases: &[(&str, u64, u64)] = &[
        // (file, events, skipped)
        ("payloads/callcontroljs_outbound_setup_ext_level.json", 1, 0),
        ("payloads/apidocs_inbound_pstn_setup.json", 1, 0),
        (
            "payloads/apidocs_account_tsn_pn_apns_wrapped_queue_proceeding.json",
            1,
            0,
        ),
        (
            "payloads/apidocs_extension_tsn_pn_apns_wrapped_queuecall_proceeding.json",
            1,
            0,
        ),
        (
            "payloads/jswidgets_ws_servernotification_envelope_presence.json",
            0,
            1,
        ),
        (
            "payloads/apidocs_ws_servernotification_envelope_messagestore.json",
            0,
            1,
        ),
        (
            "payloads/jswidgets_ws_connectiondetails_recovery_failed.json",
            0,
            1,
        ),
        (
            "payloads/jswidgets_ws_subscription_response_with_telephony_filter.json",
            0,
            1,
        ),
        (
            "payloads/callcontroljs_party_gone_attendedtransfer_bridge_response.json",
            0,
            1,
        ),
    ];
    for (file, events, skipped) in cases {
        let store = load_files(&[reference(file)]);
        let d = store.diagnostics();
        assert_eq!(
            (d.events, d.skipped, d.rejected_total),
            (*events, *skipped, 0),
            "{file}: {d:?}"
        );
    }
}

#[test]
fn push_wrapper_keeps_legacy_ids_and_queue_flag() {
    let store = load_files(&[reference(
        "payloads/apidocs_extension_tsn_pn_apns_wrapped_queuecall_proceeding.json",
    )]);
    let e = &store.events()[0];
    assert!(store.text(e.session).starts_with("Y3Mx"));
    assert!(store.text(e.party.id).starts_with("cs"));
    assert!(e.party.flags.queue_call());
}

#[test]
fn skipped_frames_are_counted_by_kind() {
    let store = load_files(&[
        reference("payloads/jswidgets_ws_connectiondetails_recovery_failed.json"),
        reference("payloads/jswidgets_ws_servernotification_envelope_presence.json"),
    ]);
    let d = store.diagnostics();
    assert_eq!(d.skipped_kinds.get("ConnectionDetails"), Some(&1));
    assert_eq!(d.skipped_kinds.get("presence"), Some(&1));
}

#[test]
fn arrays_frames_bare_bodies_and_mixed_lines_all_load() {
    let lines = capture_lines(IVR);
    let v: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Line 1: an array of two notifications; line 2: a WebSocket frame; line 3: a bare body;
    // line 4: a heartbeat frame; then the rest as NDJSON.
    let mut text = format!("{}\n", serde_json::to_string(&vec![&v[0], &v[1]]).unwrap());
    text += &format!(
        "[{{\"type\":\"ServerNotification\",\"messageId\":\"1\"}},{}]\n",
        lines[2]
    );
    text += &format!("{}\n\n", v[3]["body"]);
    text += "[{\"type\":\"Heartbeat\"},{}]\n";
    for l in &lines[4..] {
        text += l;
        text += "\n";
    }
    let (_, d) = load_text(&text);
    assert_eq!((d.events, d.skipped, d.rejected_total), (11, 1, 0), "{d:?}");
    assert_eq!(d.skipped_kinds.get("Heartbeat"), Some(&1));
}

#[test]
fn pretty_printed_array_document_loads_with_element_lines() {
    let lines = capture_lines(IVR);
    let v: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut broken = v.clone();
    broken[5]["body"]["sequence"] = serde_json::json!("seven");
    let text = serde_json::to_string_pretty(&broken).unwrap();
    let (store, d) = load_text(&text);
    assert_eq!(d.events, 10);
    assert_eq!(d.rejected_total, 1);
    let bad_line = text.lines().position(|l| l.contains("\"seven\"")).unwrap() as u32 + 1;
    let r = &d.rejected[0];
    assert!(
        r.line > 1 && r.line <= bad_line,
        "line {} should point at the element before {bad_line}",
        r.line
    );
    assert!(r.error.contains("wrong type"), "{}", r.error);
    assert!(store.events().iter().all(|e| e.pos.line > 1));
}

#[test]
fn damaged_lines_are_reported_with_their_line_and_the_rest_loads() {
    let lines = capture_lines(IVR);
    let mut text = String::new();
    for (i, l) in lines.iter().enumerate() {
        match i {
            2 => text += "this is not json",
            4 => {
                text += "{\"uuid\":\"1\",\"event\":\"/restapi/v1.0/account/1/telephony/sessions\"}"
            }
            6 => text += &l.replace("\"sequence\":8", "\"sequence\":\"8\""),
            _ => text += l,
        }
        text.push('\n');
    }
    // A last line cut short by a crash.
    text += &lines[0][..lines[0].len() / 2];
    let (_, d) = load_text(&text);
    assert_eq!(d.events, 8);
    let got: Vec<(u32, &str)> = d
        .rejected
        .iter()
        .map(|r| (r.line, r.error.as_str()))
        .collect();
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[0].0, 3);
    assert!(got[0].1.contains("expected a JSON object"), "{}", got[0].1);
    assert_eq!(got[1].0, 5);
    assert!(got[1].1.contains("no `body`"), "{}", got[1].1);
    assert_eq!(got[2].0, 7);
    assert!(
        got[2].1.contains("wrong type for `body.sequence`"),
        "{}",
        got[2].1
    );
    assert!(got[2].1.contains("expected a whole number"), "{}", got[2].1);
    assert_eq!(got[3].0, 12);
    assert!(got[3].1.contains("cut short"), "{}", got[3].1);
}

#[test]
fn empty_binary_and_missing_files_get_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.ndjson");
    std::fs::write(&empty, "\n\n").unwrap();
    let binary = dir.path().join("image.png");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 3]).unwrap();
    let missing = dir.path().join("missing.ndjson");
    let store = load_files(&[
        empty,
        binary,
        missing,
        reference(&format!("captures/{IVR}")),
    ]);
    let d = store.diagnostics();
    assert_eq!(d.events, 11);
    let errors: Vec<String> = d.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].contains("empty.ndjson") && errors[0].contains("empty"));
    assert!(errors[1].contains("image.png") && errors[1].contains("binary"));
    assert!(errors[2].contains("missing.ndjson") && errors[2].contains("cannot open"));
}

#[test]
fn gzip_captures_load_like_plain_ones() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("capture.ndjson.gz");
    let plain = std::fs::read(reference(&format!("captures/{IVR}"))).unwrap();
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    enc.write_all(&plain).unwrap();
    enc.finish().unwrap();
    let store = load_files(&[gz]);
    assert_eq!(store.diagnostics().events, 11);
    assert!(store.sources()[0].gzip);
}

#[test]
fn replays_and_double_deliveries_are_dropped_and_counted() {
    let lines = capture_lines(IVR);
    let mut text = lines.join("\n");
    text.push('\n');
    // Replay line 3 as is (same uuid).
    text += &lines[2];
    text.push('\n');
    // Deliver line 4 again through an extension-level subscription: new uuid and subscription.
    let mut v: serde_json::Value = serde_json::from_str(&lines[3]).unwrap();
    v["uuid"] = "999".into();
    v["subscriptionId"] = "another-subscription".into();
    text += &v.to_string();
    text.push('\n');
    let (_, d) = load_text(&text);
    assert_eq!(
        (d.events, d.duplicates, d.replays, d.double_deliveries),
        (11, 2, 1, 1)
    );
}

#[test]
fn out_of_order_arrivals_and_gaps_are_reported() {
    let mut lines = capture_lines(IVR);
    lines.swap(3, 6);
    lines.remove(8);
    let (_, d) = load_text(&(lines.join("\n") + "\n"));
    assert_eq!(d.events, 10);
    assert!(d.out_of_order >= 1, "{d:?}");
    assert_eq!(d.sequence_gaps, 1);
}

#[test]
fn unknown_codes_reasons_and_origins_are_kept_as_written() {
    let line = capture_lines(IVR)[0]
        .replace(
            "\"code\":\"Setup\"",
            "\"code\":\"Teleporting\",\"reason\":\"Quantum\"",
        )
        .replace("\"type\":\"Call\"", "\"type\":\"Hologram\"");
    let (store, d) = load_text(&line);
    assert_eq!(d.rejected_total, 0);
    let e = &store.events()[0];
    assert_eq!(store.text(e.party.code_raw), "Teleporting");
    assert_eq!(store.opt_text(e.party.reason), Some("Quantum"));
    assert_eq!(store.opt_text(e.origin), Some("Hologram"));
}

#[test]
fn peer_session_ids_in_the_session_field_are_normalised() {
    let store = load_files(&[reference(
        "payloads/jswidgets_conference_session_rest_host_plus_gone_participants.json",
    )]);
    // A REST snapshot is skipped, so build a notification from its party instead.
    assert_eq!(store.diagnostics().events, 0);
    let line = capture_lines(IVR)[0].replace(
        "\"status\":{\"code\":\"Setup\",\"rcc\":false}",
        "\"status\":{\"code\":\"Gone\",\"reason\":\"AttendedTransfer\",\"peerId\":{\"sessionId\":\"s-abc\",\"partyId\":\"p-abc-1\"}}",
    );
    let (store, _) = load_text(&line);
    let peer = store.peer(&store.events()[0].party).unwrap();
    assert_eq!(store.opt_text(peer.session), Some("s-abc"));
    assert_eq!(peer.legacy_session, None);
}

#[test]
fn original_text_of_an_event_is_read_back_exactly() {
    let path = reference(&format!("captures/{IVR}"));
    let store = load_files(&[path]);
    let lines = capture_lines(IVR);
    for (i, e) in store.events().iter().enumerate() {
        let raw = ingest::raw_text(&store, i as u32).unwrap();
        assert_eq!(raw, lines[e.pos.line as usize - 1]);
    }
    let (mem, _) = load_text(&lines[1..3].join("\n"));
    assert_eq!(ingest::raw_text(&mem, 1).unwrap(), lines[2]);
}

#[test]
fn the_largest_sequence_number_loads_without_a_false_gap() {
    // Two parties' events at the highest sequence an i64 holds: the gap check must not overflow.
    let lines = capture_lines(IVR);
    let text: String = lines[..2]
        .iter()
        .map(|l| l.replacen(r#""sequence":2,"#, r#""sequence":9223372036854775807,"#, 1))
        .map(|l| l.replacen(r#""sequence":3,"#, r#""sequence":9223372036854775807,"#, 1))
        .map(|l| l + "\n")
        .collect();
    assert_eq!(text.matches("9223372036854775807").count(), 2);
    let (_, d) = load_text(&text);
    assert_eq!((d.events, d.rejected_total, d.sequence_gaps), (2, 0, 0));
}

#[test]
fn uuids_that_spell_the_same_number_differently_are_different_deliveries() {
    // "05" and "5" are different uuids: neither is a replay of the other.
    let lines = capture_lines(IVR);
    let first = &lines[0];
    let a = first.replacen(r#""uuid":"4654793329359724763""#, r#""uuid":"5""#, 1);
    let b = first.replacen(r#""uuid":"4654793329359724763""#, r#""uuid":"05""#, 1);
    let c = first.replacen(r#""uuid":"4654793329359724763""#, r#""uuid":"5""#, 1);
    assert_ne!(a, *first);
    let (_, d) = load_text(&format!("{a}\n{b}\n{c}\n"));
    // `c` repeats `a` (a replay); `b` is the same state change under another uuid and the same
    // subscription, which is kept as a delivery of its own.
    assert_eq!(d.replays, 1, "{d:?}");
}

#[test]
fn a_first_line_longer_than_a_chunk_is_still_read_line_by_line() {
    // A notification with 1.5 MB in a field nothing reads, a damaged line, a good line: the file
    // is NDJSON (not one document that stops at the damage), so the last line loads too.
    let lines = capture_lines(IVR);
    let big = lines[0].replacen(
        r#""ownerId":"809646016","#,
        &format!(
            r#""ownerId":"809646016","padding":"{}","#,
            "x".repeat(1_500_000)
        ),
        1,
    );
    assert!(big.len() > 1_500_000);
    let text = format!("{big}\n{{\"uuid\": oops\n{}\n", lines[1]);
    let (_, d) = load_text(&text);
    assert_eq!((d.events, d.rejected_total), (2, 1), "{d:?}");
    assert_eq!(d.rejected[0].line, 2, "{d:?}");
}

/// The IVR capture's lines written to a file after `change`; returns its store and the events
/// of the capture without the lines `without` (1-based), loaded the same way.
fn changed_capture(
    change: impl Fn(&mut Vec<Vec<u8>>),
    without: &[usize],
) -> (Store, u64, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<Vec<u8>> = capture_lines(IVR)
        .into_iter()
        .map(String::into_bytes)
        .collect();
    let mut changed = lines.clone();
    change(&mut changed);
    let path = dir.path().join("changed.ndjson");
    std::fs::write(&path, changed.join(&b'\n')).unwrap();
    let kept: Vec<Vec<u8>> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !without.contains(&(i + 1)))
        .map(|(_, l)| l.clone())
        .collect();
    let rest = dir.path().join("rest.ndjson");
    std::fs::write(&rest, kept.join(&b'\n')).unwrap();
    let expected = load_files(&[rest]).diagnostics().events;
    (load_files(&[path]), expected, dir)
}

#[test]
fn garbage_after_the_first_notification_costs_that_line_only() {
    let (store, expected, _dir) = changed_capture(|l| l[0].push(b'x'), &[1]);
    let d = store.diagnostics();
    assert_eq!(d.events, expected, "every other line loads");
    assert!(expected >= 10);
    assert_eq!(d.rejected_total, 1, "{:?}", d.rejected);
    let r = &d.rejected[0];
    assert_eq!(r.line, 1);
    assert!(r.file.ends_with("changed.ndjson"));
    assert!(
        r.error.contains("trailing") && r.error.contains("column"),
        "{r}"
    );
}

#[test]
fn a_nul_byte_on_line_two_costs_that_line_only() {
    let (store, expected, _dir) = changed_capture(|l| l[1][40] = 0, &[2]);
    let d = store.diagnostics();
    assert_eq!(d.events, expected, "{:?}", d.rejected);
    assert_eq!(d.rejected_total, 1, "{:?}", d.rejected);
    let r = &d.rejected[0];
    assert_eq!(r.line, 2, "{r}");
    assert!(r.error.contains("column"), "{r}");
    assert!(!r.error.contains("binary"), "{r}");
}

#[test]
fn a_byte_order_mark_is_skipped_silently() {
    let (store, expected, _dir) =
        changed_capture(|l| l[0].splice(0..0, *b"\xEF\xBB\xBF").for_each(drop), &[]);
    let d = store.diagnostics();
    assert_eq!(d.rejected_total, 0, "{:?}", d.rejected);
    assert_eq!(d.events, expected);
    // Offsets still count it: each event's text reads back exactly.
    let lines = capture_lines(IVR);
    for (i, e) in store.events().iter().enumerate() {
        let raw = ingest::raw_text(&store, i as u32).unwrap();
        assert_eq!(raw, lines[e.pos.line as usize - 1]);
    }
    // In a document too.
    let doc = format!("\u{feff}[\n{}\n]\n", capture_lines(IVR).join(",\n"));
    let (mem, d) = load_text(&doc);
    assert_eq!((d.rejected_total, d.events), (0, expected));
    assert_eq!(ingest::raw_text(&mem, 0).unwrap(), lines[0]);
}

#[test]
fn a_line_over_the_cap_is_skipped_without_being_held_and_reported_once() {
    let opts = ingest::ReadOptions {
        max_line_bytes: 1 << 20,
    };
    let lines = capture_lines(IVR);
    let huge = format!("{{\"pad\":\"{}\"}}", "x".repeat(3 << 20));
    for at in [0, 1, lines.len()] {
        let mut changed = lines.clone();
        changed.insert(at, huge.clone());
        let mut store = Store::new();
        let text = changed.join("\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.ndjson");
        std::fs::write(&path, &text).unwrap();
        ingest::load_paths_with(&mut store, &[path], &opts, &mut |_| {});
        let d = store.diagnostics();
        assert_eq!(d.events, 11, "line {}: {:?}", at + 1, d.rejected);
        assert_eq!(d.rejected_total, 1, "{:?}", d.rejected);
        assert_eq!(d.rejected[0].line as usize, at + 1);
        assert!(
            d.rejected[0].error.contains("longer than 1 MiB"),
            "{}",
            d.rejected[0]
        );
        // The lines after it keep their numbers and offsets.
        for (i, e) in store.events().iter().enumerate() {
            let raw = ingest::raw_text(&store, i as u32).unwrap();
            assert_eq!(raw, changed[e.pos.line as usize - 1]);
        }
    }
}

#[test]
fn notifications_run_together_on_one_line_still_read_as_a_stream() {
    let lines = capture_lines(IVR);
    let (_, d) = load_text(&format!("{}{}\n{}", lines[0], lines[1], lines[2]));
    assert_eq!((d.events, d.rejected_total), (3, 0), "{:?}", d.rejected);
}
