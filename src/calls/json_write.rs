//! `calls --json` writes 20,000 calls in about 47 MB, and serde_json spends most of its time there
//! on the field names it escapes again for every call (a key is escaped like any string) and on
//! one-byte writes. This writes the same bytes as `serde_json::to_writer(&CallJson)` (checked by
//! the tests below for every bundled sample and a synthetic capture) with the field names as
//! constant text and a check of each value for characters to escape, eight bytes at a time.
//! `CallJson`'s serde form stays the definition (exports print it with serde_json); a field
//! added there and not here fails those tests.

use super::json::{CallJson, ConnectionJson, End, TimeText};

/// Writes `{"name":value,…}`: each name as constant text, then the expression that writes its
/// value (to the `out` it is given).
macro_rules! object {
    ($out:ident, { $first:literal => $value:expr $(, $name:literal => $more:expr)* $(,)? }) => {{
        $out.extend_from_slice(concat!("{\"", $first, "\":").as_bytes());
        $value;
        $(
            $out.extend_from_slice(concat!(",\"", $name, "\":").as_bytes());
            $more;
        )*
        $out.push(b'}');
    }};
}

/// Appends `call` as compact JSON.
pub fn write_call(out: &mut Vec<u8>, call: &CallJson) {
    object!(out, {
        "id" => string(out, &call.id),
        "start" => time(out, call.start),
        "end" => time(out, call.end),
        "duration_ms" => number(out, call.duration_ms),
        "summary" => string(out, &call.summary),
        "caller" => string(out, &call.caller),
        "answered" => opt_string(out, call.answered.as_deref()),
        "path" => list(out, &call.path, |out, h| object!(out, {
            "label" => string(out, &h.label),
            "session" => string(out, &h.session),
            "party" => opt_string(out, h.party.as_deref()),
            "via" => string(out, &h.via),
        })),
        "rang" => list(out, &call.rang, |out, r| object!(out, {
            "session" => string(out, &r.session),
            "party" => string(out, &r.party),
            "label" => string(out, &r.label),
            "from" => time(out, r.from),
            "to" => time(out, r.to),
            "ring_ms" => number(out, r.ring_ms),
            "outcome" => string(out, r.outcome),
        })),
        "badges" => list(out, &call.badges, |out, b| string(out, b)),
        "sequence_gaps" => number(out, call.sequence_gaps),
        "sessions" => list(out, &call.sessions, |out, s| object!(out, {
            "telephonySessionId" => string(out, &s.telephony_session_id),
            "sessionId" => opt_string(out, s.session_id.as_deref()),
            "origin" => opt_string(out, s.origin.as_deref()),
            "bridge" => boolean(out, s.bridge),
            "seen" => boolean(out, s.seen),
        })),
        "parties" => list(out, &call.parties, |out, p| object!(out, {
            "session" => string(out, &p.session),
            "party" => string(out, &p.party),
            "direction" => opt_string(out, p.direction),
            "label" => string(out, &p.label),
            "name" => opt_string(out, p.name.as_deref()),
            "number" => opt_string(out, p.number.as_deref()),
            "extensionId" => opt_string(out, p.extension_id.as_deref()),
            "seen" => boolean(out, p.seen),
            "states" => list(out, &p.states, |out, s| object!(out, {
                "at" => time(out, s.at),
                "code" => string(out, &s.code),
                "reason" => opt_string(out, s.reason.as_deref()),
            })),
        })),
        "links" => list(out, &call.links, |out, l| object!(out, {
            "kind" => string(out, &l.kind),
            "evidence" => string(out, l.evidence),
            "at" => time(out, l.at),
            "from" => end(out, &l.from),
            "to" => end(out, &l.to),
        })),
        "answer_evidence" => object!(out, {
            "kind" => string(out, call.answer_evidence.kind),
            "reason" => opt_string(out, call.answer_evidence.reason),
            "text" => opt_string(out, call.answer_evidence.text),
        }),
        "length_known" => boolean(out, call.length_known),
        "view" => object!(out, {
            "scope" => string(out, call.view.scope),
            "extension_id" => opt_string(out, call.view.extension_id.as_deref()),
            "label" => opt_string(out, call.view.label.as_deref()),
            "partial" => boolean(out, call.view.partial),
        }),
        "gaps" => list(out, &call.gaps, |out, g| object!(out, {
            "session" => string(out, &g.session),
            "first_missing" => number(out, g.first_missing),
            "last_missing" => number(out, g.last_missing),
            "from" => time(out, g.from),
            "to" => time(out, g.to),
        })),
        "unseen" => list(out, &call.unseen, |out, u| object!(out, {
            "label" => string(out, &u.label),
            "role" => string(out, u.role),
            "session" => string(out, &u.session),
            "named_by" => end(out, &u.named_by),
            "at" => time(out, u.at),
            "extensionId" => opt_string(out, u.extension_id.as_deref()),
            "number" => opt_string(out, u.number.as_deref()),
            "text" => string(out, &u.text),
        })),
        "connections" => list(out, &call.connections, connection),
        "recordings" => list(out, &call.recordings, |out, r| object!(out, {
            "party" => number(out, r.party),
            "id" => string(out, &r.id),
            "start" => time(out, r.start),
            "end" => time(out, r.end),
            "open_end" => boolean(out, r.open_end),
            "paused" => list(out, &r.paused, |out, x| object!(out, {
                "start" => time(out, x.start),
                "end" => time(out, x.end),
            })),
        })),
    });
}

/// A segment: `far_end` is written only when there is one (as serde skips it).
fn connection(out: &mut Vec<u8>, c: &ConnectionJson) {
    object!(out, {
        "kind" => known(out, c.kind),
        "start_ms" => number(out, c.start_ms),
        "end_ms" => number(out, c.end_ms),
        "evidence" => known(out, c.evidence),
        "open_end" => boolean(out, c.open_end),
        "parties" => list(out, &c.parties, |out, p| match p {
            Some(i) => number(out, *i),
            None => out.extend_from_slice(b"null"),
        }),
        "roles" => list(out, &c.roles, |out, r| known(out, r)),
    });
    if let Some(far) = &c.far_end {
        // Reopen the object for the optional member.
        out.pop();
        out.extend_from_slice(b",\"far_end\":");
        string(out, far);
        out.push(b'}');
    }
}

fn end(out: &mut Vec<u8>, e: &End) {
    object!(out, {
        "session" => string(out, &e.session),
        "party" => string(out, &e.party),
    });
}

fn list<T>(out: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, x);
    }
    out.push(b']');
}

fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn number(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

fn time(out: &mut Vec<u8>, t: TimeText) {
    // Digits, `-`, `:`, `.`, `T`, `Z`: nothing to escape.
    out.push(b'"');
    out.extend_from_slice(t.as_str().as_bytes());
    out.push(b'"');
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// One of the engine's own words (`talk`, `waiting`, `peerId`, …): nothing to escape in them
/// (checked in debug builds), so they are copied as they are.
fn known(out: &mut Vec<u8>, s: &'static str) {
    debug_assert!(plain(s.as_bytes()), "{s}");
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// A JSON string, escaped exactly as serde_json escapes it.
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    if plain(bytes) {
        out.extend_from_slice(bytes);
    } else {
        escaped(out, bytes);
    }
    out.push(b'"');
}

/// No `"`, `\` or control character (checked eight bytes at a time).
fn plain(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has = |w: u64, b: u8| {
        let x = w ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    };
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let w = u64::from_le_bytes(w);
        // A byte below 0x20 has none of the bits of 0xE0 set.
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGHS != 0;
        if control || has(w, b'"') || has(w, b'\\') {
            return false;
        }
    }
    words
        .remainder()
        .iter()
        .all(|&b| b >= 0x20 && b != b'"' && b != b'\\')
}

/// The escaping of serde_json: `\"`, `\\`, the short forms of five control characters, and
/// `\u00XX` (lowercase) for the others.
fn escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x00..=0x1f => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
            _ => out.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::CallSet;
    use crate::calls::json::call_json;
    use crate::store::Store;
    use std::borrow::Cow;

    fn same_as_serde(store: &Store, set: &CallSet) -> usize {
        let mut n = 0;
        for call in &set.calls {
            let mut j = call_json(store, set, call);
            let mut ours = Vec::new();
            write_call(&mut ours, &j);
            assert_eq!(
                String::from_utf8_lossy(&ours),
                serde_json::to_string(&j).unwrap()
            );
            // Strings that need escaping, in every string field.
            let odd = "a\"b\\c\u{1}\u{8}\u{c}\n\r\t\u{1f}\u{7f}é😀";
            j.caller = Cow::Borrowed(odd);
            j.answered = Some(Cow::Borrowed(odd));
            for p in &mut j.parties {
                p.label = Cow::Borrowed(odd);
                p.name = Some(Cow::Borrowed(odd));
            }
            j.view.label = Some(Cow::Borrowed(odd));
            for u in &mut j.unseen {
                u.label = Cow::Borrowed(odd);
                u.text = Cow::Borrowed(odd);
            }
            for r in &mut j.recordings {
                r.id = Cow::Borrowed(odd);
            }
            // Every segment gets a far end, so the optional member is written too.
            for c in &mut j.connections {
                c.far_end = Some(Cow::Borrowed(odd));
            }
            let mut ours = Vec::new();
            write_call(&mut ours, &j);
            assert_eq!(
                String::from_utf8_lossy(&ours),
                serde_json::to_string(&j).unwrap()
            );
            n += 1;
        }
        n
    }

    #[test]
    fn writes_what_serde_json_writes_for_every_sample_call() {
        let mut calls = 0;
        for (name, text) in crate::samples::bundled() {
            let mut store = Store::new();
            crate::ingest::load_bytes(&mut store, name, text);
            let set = CallSet::build(&store);
            calls += same_as_serde(&store, &set);
        }
        // The captures of what a capture does not show: views, gaps, unseen participants.
        let unknowns =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unknowns");
        for entry in std::fs::read_dir(unknowns).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "ndjson") {
                continue;
            }
            let mut store = Store::new();
            crate::ingest::load_bytes(&mut store, "unknowns", &std::fs::read(&path).unwrap());
            let set = CallSet::build(&store);
            calls += same_as_serde(&store, &set);
        }
        let mut synth = Vec::new();
        let opts = crate::synth::SynthOptions {
            calls: 300,
            seed: 11,
            ..crate::synth::SynthOptions::default()
        };
        crate::synth::write_synth(&opts, &mut synth).unwrap();
        let mut store = Store::new();
        crate::ingest::load_bytes(&mut store, "synth", &synth);
        calls += same_as_serde(&store, &CallSet::build(&store));
        assert!(calls > 300, "{calls}");
    }

    #[test]
    fn plain_text_is_told_from_text_to_escape() {
        assert!(plain(b"DANA WHITFIELD (+1 971-555-0160)"));
        assert!(plain("Chloé Dubois — ext 112".as_bytes()));
        for bad in [b'"', b'\\', 0, 0x1f] {
            for at in 0..20 {
                let mut text = vec![b'x'; 20];
                text[at] = bad;
                assert!(!plain(&text), "{bad} at {at}");
            }
        }
        assert!(plain(&[0x7f; 12]));
        assert!(plain(&[0x20; 12]));
    }
}
