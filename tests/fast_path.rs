//! The fast reader agrees with serde_json: whatever line it accepts, serde_json reads into the
//! wire structs with the same fields; and it accepts the lines real captures are made of (a
//! reader that always gave up would agree too, and be slow).

use callflow::ingest::fast;
use callflow::model::notice::RawNotice;
use callflow::model::wire::WireEnvelope;
use callflow::synth::{SynthOptions, write_synth};
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

/// What the general reader makes of a line, when it is an envelope with a body.
fn general(line: &[u8]) -> Option<RawNotice<'static>> {
    let env: WireEnvelope = serde_json::from_slice(line).ok()?;
    if env.pn_apns.is_some() {
        return None;
    }
    let body = env.body.as_ref()?;
    Some(owned(RawNotice::from_wire(&env, body)))
}

/// The fast reader's fields, when it accepts the line.
fn quick(line: &[u8]) -> Option<RawNotice<'static>> {
    let mut out = RawNotice::default();
    fast::read(line, &mut out).then(|| owned(out))
}

/// A copy that outlives the line (test data only, so leaking is fine).
fn owned(n: RawNotice<'_>) -> RawNotice<'static> {
    let leak = |s: Option<&str>| s.map(|s| &*Box::leak(s.to_owned().into_boxed_str()));
    RawNotice {
        uuid: leak(n.uuid),
        event: leak(n.event),
        timestamp: leak(n.timestamp),
        sequence: n.sequence,
        session_id: leak(n.session_id),
        telephony_session_id: leak(n.telephony_session_id),
        event_time: leak(n.event_time),
        origin: leak(n.origin),
        parties: n
            .parties
            .iter()
            .map(|p| callflow::model::notice::RawParty {
                id: leak(p.id),
                extension_id: leak(p.extension_id),
                direction: leak(p.direction),
                to: endpoint(&p.to, leak),
                from: endpoint(&p.from, leak),
                code: leak(p.code),
                reason: leak(p.reason),
                park_data: leak(p.park_data),
                peer: p.peer.map(|x| callflow::model::notice::RawPeer {
                    session_id: leak(x.session_id),
                    telephony_session_id: leak(x.telephony_session_id),
                    party_id: leak(x.party_id),
                }),
                park_id: leak(p.park_id),
                queue_call: p.queue_call,
                missed_call: p.missed_call,
                stand_alone: p.stand_alone,
                muted: p.muted,
                conference_role: leak(p.conference_role),
                ring_out_role: leak(p.ring_out_role),
                queue_name: leak(p.queue_name),
                recordings: p.recordings.clone(),
            })
            .collect(),
    }
}

fn endpoint(
    e: &callflow::model::notice::RawEndpoint<'_>,
    leak: impl Fn(Option<&str>) -> Option<&'static str>,
) -> callflow::model::notice::RawEndpoint<'static> {
    callflow::model::notice::RawEndpoint {
        phone_number: leak(e.phone_number),
        name: leak(e.name),
        extension_id: leak(e.extension_id),
    }
}

/// Lines of the bundled samples, the real captures, one-line forms of the real payloads and a
/// synthetic capture with delivery noise.
fn corpus() -> &'static [Vec<u8>] {
    static LINES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    LINES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut lines = Vec::new();
        for dir in [
            root.join("sample_sessions"),
            root.join("tests/fixtures/unknowns"),
            root.join("../shared/reference/captures"),
        ] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "ndjson") {
                    add_lines(&mut lines, &std::fs::read(&path).unwrap());
                }
            }
        }
        for entry in std::fs::read_dir(root.join("../shared/reference/payloads")).unwrap() {
            let text = std::fs::read(entry.unwrap().path()).unwrap();
            let value: serde_json::Value = serde_json::from_slice(&text).unwrap();
            lines.push(serde_json::to_vec(&value).unwrap());
        }
        let mut synth = Vec::new();
        let opts = SynthOptions {
            calls: 40,
            seed: 3,
            ..SynthOptions::default()
        };
        write_synth(&opts, &mut synth).unwrap();
        add_lines(&mut lines, &synth);
        lines
    })
}

fn add_lines(lines: &mut Vec<Vec<u8>>, text: &[u8]) {
    lines.extend(
        text.split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(<[u8]>::to_vec),
    );
}

#[test]
fn every_accepted_line_reads_the_same_both_ways() {
    let mut accepted = 0;
    for line in corpus() {
        if let Some(fast) = quick(line) {
            accepted += 1;
            assert_eq!(
                Some(fast),
                general(line),
                "{}",
                String::from_utf8_lossy(line)
            );
        }
    }
    assert!(accepted > 500, "only {accepted} lines took the fast reader");
}

#[test]
fn white_space_around_a_line_is_what_json_allows() {
    // JSON's white space (space, tab, line feed, carriage return) around a line keeps it on the
    // fast reader; form feed and vertical tab, which serde_json rejects, send it to the general
    // reader (which says what is wrong).
    for line in corpus().iter().filter(|l| quick(l).is_some()).take(40) {
        for (space, json) in [
            (b' ', true),
            (b'\t', true),
            (b'\r', true),
            (b'\n', true),
            (0x0b, false),
            (0x0c, false),
        ] {
            for padded in [
                [&[space], &line[..]].concat(),
                [&line[..], &[space]].concat(),
            ] {
                let fast = quick(&padded);
                assert_eq!(fast.is_some(), json, "{space:#x}");
                assert_eq!(general(&padded).is_some(), json, "{space:#x}");
                if json {
                    assert_eq!(fast, general(&padded));
                }
            }
        }
    }
}

#[test]
fn the_lines_of_real_captures_take_the_fast_reader() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/captures");
    for entry in std::fs::read_dir(root).unwrap() {
        let text = std::fs::read(entry.unwrap().path()).unwrap();
        for line in text.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            assert!(quick(line).is_some(), "{}", String::from_utf8_lossy(line));
        }
    }
    let mut synth = Vec::new();
    write_synth(&SynthOptions::default(), &mut synth).unwrap();
    let lines: Vec<&[u8]> = synth
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let fast = lines.iter().filter(|l| quick(l).is_some()).count();
    assert_eq!(
        fast,
        lines.len(),
        "synthetic lines left to the general reader"
    );
}

#[test]
fn unusual_lines_are_left_to_the_general_reader() {
    let base = r#"{"uuid":"1","body":{"telephonySessionId":"s-1","sequence":1,"eventTime":"2026-01-01T00:00:00Z","parties":[{"id":"p-1","status":{"code":"Setup"}}]}}"#;
    assert!(quick(base.as_bytes()).is_some());
    for line in [
        // An escape, a tab, a duplicate field, a float or negative sequence.
        base.replace("Setup", "Set\\u0075p"),
        base.replace(r#""uuid":"1","#, "\"uuid\":\"1\",\t"),
        base.replace(r#""uuid":"1","#, r#""uuid":"1","uuid":"2","#),
        // A repeated field where the reader expects it next (after one out of order).
        base.replace(
            r#""uuid":"1","#,
            r#""event":"/e/telephony/sessions","uuid":"1","event":"x","#,
        ),
        base.replace(
            r#""id":"p-1","#,
            r#""id":"p-1","accountId":"1","id":"p-2","#,
        ),
        base.replace(r#""sequence":1"#, r#""sequence":1.0"#),
        base.replace(r#""sequence":1"#, r#""sequence":-0"#),
        base.replace(r#""sequence":1"#, r#""sequence":99999999999999999999"#),
        // A wrong type, a push wrapper, no body, a null body, a trailing comma, trailing text.
        base.replace(r#""code":"Setup""#, r#""code":5"#),
        format!(r#"{{"pn_apns":{base}}}"#),
        r#"{"uuid":"1"}"#.to_owned(),
        r#"{"uuid":"1","body":null}"#.to_owned(),
        base.replace("}]}}", "},]}}"),
        format!("{base} x"),
        format!("{base}}}"),
    ] {
        assert_eq!(quick(line.as_bytes()), None, "{line}");
    }
}

/// One change to a line: replace, insert or delete a byte, or put in a piece of JSON.
#[derive(Debug, Clone)]
enum Change {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Splice(usize, &'static str),
    /// A member `"zz": value,` put first into the n-th object of the line.
    Member(usize, &'static str),
}

fn change() -> impl Strategy<Value = Change> {
    const BYTES: &[u8] = b"{}[],:\"\\ \t\r\n\x0b\x0c0123456789.-+eEtrufalsn\x01\xc3\xa9xyz";
    const PIECES: &[&str] = &[
        "null",
        "true",
        "1.5",
        "-3",
        "1e9",
        "\"x\"",
        "{}",
        "[]",
        "\"\\u00e9\"",
        ",\"id\":\"p\"",
        ",\"uuid\":\"9\"",
        "{\"a\":[1,{\"b\":null}]}",
        " ",
        "\"code\":\"Gone\",",
        "[[[[[[1]]]]]]",
    ];
    // Values well-formed and not, for the reader's checks of what it passes over.
    const VALUES: &[&str] = &[
        "0",
        "-0",
        "01",
        "1.",
        ".5",
        "-",
        "1e",
        "1e+",
        "-0.5e+3",
        "2E-2",
        "1.5.5",
        "--1",
        "+1",
        "tru",
        "nul",
        "falsey",
        "true",
        "null",
        "\"\"",
        "\"a",
        "[1,]",
        "[,1]",
        "[1 2]",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{,}",
        "[[]]",
        "[{}]",
        "{\"a\":[true,false,null,-1.5e3]}",
        "\"\\\"\"",
        "123456789012345678901234567890",
    ];
    let byte = proptest::sample::select(BYTES.to_vec());
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Change::Replace(i, b)),
        (any::<usize>(), byte).prop_map(|(i, b)| Change::Insert(i, b)),
        any::<usize>().prop_map(Change::Delete),
        (any::<usize>(), proptest::sample::select(PIECES.to_vec()))
            .prop_map(|(i, p)| Change::Splice(i, p)),
        (any::<usize>(), proptest::sample::select(VALUES.to_vec()))
            .prop_map(|(i, v)| Change::Member(i, v)),
    ]
}

fn apply(line: &[u8], changes: &[Change]) -> Vec<u8> {
    let mut out = line.to_vec();
    for c in changes {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % len };
        match *c {
            Change::Replace(i, b) if !out.is_empty() => {
                let i = at(i, out.len());
                out[i] = b;
            }
            Change::Insert(i, b) => {
                let i = at(i, out.len() + 1);
                out.insert(i, b);
            }
            Change::Delete(i) if !out.is_empty() => {
                let i = at(i, out.len());
                out.remove(i);
            }
            Change::Splice(i, piece) => {
                let i = at(i, out.len() + 1);
                out.splice(i..i, piece.bytes());
            }
            Change::Member(n, value) => {
                let opens: Vec<usize> = (0..out.len()).filter(|&i| out[i] == b'{').collect();
                if !opens.is_empty() {
                    let i = opens[n % opens.len()] + 1;
                    let member = format!("\"zz\":{value},");
                    out.splice(i..i, member.bytes());
                }
            }
            _ => {}
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn damaged_lines_read_the_same_both_ways_or_are_left_alone(
        pick in any::<usize>(),
        changes in proptest::collection::vec(change(), 1..4),
    ) {
        let lines = corpus();
        let line = apply(&lines[pick % lines.len()], &changes);
        if let Some(fast) = quick(&line) {
            prop_assert_eq!(Some(fast), general(&line), "{}", String::from_utf8_lossy(&line));
        }
    }
}
