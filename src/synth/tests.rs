//! Tests of the synthetic capture writer: determinism, envelope shape, sequences, scenario content, noise, size.

use super::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn gen_bytes(opts: &SynthOptions) -> Vec<u8> {
    let mut out = Vec::new();
    let stats = write_synth(opts, &mut out).expect("write to a Vec");
    assert_eq!(stats.bytes, out.len() as u64);
    assert_eq!(
        stats.notifications,
        out.iter().filter(|&&b| b == b'\n').count()
    );
    out
}

pub(super) fn lines(bytes: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

pub(super) fn one(scenario: Scenario, seed: u64, noise: bool) -> Vec<u8> {
    gen_bytes(&SynthOptions {
        calls: 1,
        seed,
        noise,
        scenarios: vec![scenario],
        ..SynthOptions::default()
    })
}

pub(super) fn party(v: &Value) -> &Value {
    &v["body"]["parties"][0]
}

pub(super) fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}

fn fictional(number: &str) -> bool {
    let b = number.as_bytes();
    if !number.starts_with("+1") {
        return number.len() <= 4 || number == "conference";
    }
    number.len() == 12
        && b[2].is_ascii_digit()
        && b[2] >= b'2'
        && (&number[5..10] == "55501" || number.starts_with("+1650555010"))
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let opts = SynthOptions {
        calls: 60,
        seed: 11,
        ..SynthOptions::default()
    };
    let a = gen_bytes(&opts);
    assert_eq!(a, gen_bytes(&opts));
    assert_ne!(
        a,
        gen_bytes(&SynthOptions {
            seed: 12,
            ..opts.clone()
        })
    );
    let clean = SynthOptions {
        noise: false,
        ..opts
    };
    assert_eq!(gen_bytes(&clean), gen_bytes(&clean));
}

#[test]
fn every_line_is_an_envelope_like_the_real_captures() {
    let dir = directory::Directory::new();
    let vs = lines(&gen_bytes(&SynthOptions {
        calls: 80,
        seed: 3,
        ..SynthOptions::default()
    }));
    assert!(vs.len() > 500);
    for v in &vs {
        let uuid = s(v, "uuid");
        assert!(
            uuid.len() == 19 && uuid.bytes().all(|b| b.is_ascii_digit()),
            "{uuid}"
        );
        let b = &v["body"];
        let (tsid, p) = (s(b, "telephonySessionId"), party(v));
        assert!(tsid.len() == 34 && tsid.starts_with("s-"), "{tsid}");
        assert!(
            tsid[2..]
                .bytes()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
        );
        assert!(s(p, "id").starts_with(&format!("p-{}-", &tsid[2..])));
        assert!(b["sequence"].as_u64().is_some_and(|n| n >= 2));
        assert!(s(b, "serverId").ends_with(".TAM"));
        assert_eq!(b["parties"].as_array().map(Vec::len), Some(1));
        assert!(["Call", "Conference"].contains(&s(&b["origin"], "type")));
        let legacy = s(b, "sessionId");
        assert!(
            legacy == "0" || (legacy.len() == 12 && legacy.ends_with("016")),
            "{legacy}"
        );
        assert_eq!(legacy == "0", s(&b["origin"], "type") == "Conference");
        assert!(
            s(v, "timestamp") >= s(b, "eventTime"),
            "delivered before it happened: {v}"
        );
        assert_eq!(s(p, "accountId"), dir.account);
        let path = match p["extensionId"].as_str() {
            Some(e) => format!(
                "/restapi/v1.0/account/{}/extension/{e}/telephony/sessions",
                dir.account
            ),
            None => format!("/restapi/v1.0/account/{}/telephony/sessions", dir.account),
        };
        assert_eq!(s(v, "event"), path);
        assert!(!s(v, "subscriptionId").is_empty() && !s(v, "ownerId").is_empty());
        for end in ["to", "from"] {
            let n = s(&p[end], "phoneNumber");
            assert!(fictional(n), "not a fictional number: {n}");
        }
        assert!(["Inbound", "Outbound"].contains(&s(p, "direction")));
        assert_eq!(p["status"]["rcc"], Value::Bool(false));
        for flag in ["missedCall", "standAlone", "muted"] {
            assert!(p[flag].is_boolean());
        }
        assert!(p["park"].is_object());
        let len = serde_json::to_string(v).map(|t| t.len()).unwrap_or(0);
        assert!((600..1400).contains(&len), "odd size {len}: {v}");
    }
}

#[test]
fn clean_capture_is_in_sequence_and_time_order() {
    let vs = lines(&gen_bytes(&SynthOptions {
        calls: 120,
        seed: 5,
        noise: false,
        ..SynthOptions::default()
    }));
    let mut next: BTreeMap<String, u64> = BTreeMap::new();
    let mut uuids = BTreeSet::new();
    let mut last_ts = String::new();
    for v in &vs {
        let b = &v["body"];
        let want = next
            .entry(s(b, "telephonySessionId").to_string())
            .or_insert(2);
        assert_eq!(b["sequence"].as_u64(), Some(*want), "out of sequence: {v}");
        *want += 1;
        assert!(
            uuids.insert(s(v, "uuid").to_string()),
            "uuid delivered twice without noise"
        );
        assert!(
            s(v, "timestamp") >= last_ts.as_str(),
            "not in delivery order"
        );
        last_ts = s(v, "timestamp").to_string();
    }
}

/// (reordered, replayed, doubled) as found in a capture.
fn noise_kinds(vs: &[Value], account_sub: &str) -> (bool, bool, bool) {
    let mut max_seq: BTreeMap<(String, String), u64> = BTreeMap::new();
    let (mut reordered, mut replayed, mut doubled) = (false, false, false);
    let mut seen = BTreeSet::new();
    for v in vs {
        let first = seen.insert(s(v, "uuid").to_string());
        replayed |= !first;
        let sub = s(v, "subscriptionId").to_string();
        doubled |= sub != account_sub && s(v, "event").contains("/extension/");
        let seq = v["body"]["sequence"].as_u64().unwrap_or(0);
        let top = max_seq
            .entry((sub, s(&v["body"], "telephonySessionId").to_string()))
            .or_insert(0);
        reordered |= first && seq < *top;
        *top = (*top).max(seq);
    }
    (reordered, replayed, doubled)
}

#[test]
fn noise_reorders_replays_and_double_delivers() {
    let dir = directory::Directory::new();
    let opts = SynthOptions {
        calls: 50,
        seed: 42,
        ..SynthOptions::default()
    };
    let noisy = lines(&gen_bytes(&opts));
    assert_eq!(noise_kinds(&noisy, &dir.subscription), (true, true, true));
    let clean = lines(&gen_bytes(&SynthOptions {
        noise: false,
        ..opts
    }));
    assert_eq!(
        noise_kinds(&clean, &dir.subscription),
        (false, false, false)
    );
    // Noise never changes the calls: the same bodies, only delivered differently.
    let bodies = |vs: &[Value]| {
        vs.iter()
            .map(|v| v["body"].to_string())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(bodies(&noisy), bodies(&clean));
    assert!(noisy.len() > clean.len());
}

#[test]
fn size_per_call_is_realistic() {
    let stats = write_synth(
        &SynthOptions {
            calls: 200,
            seed: 9,
            ..SynthOptions::default()
        },
        std::io::sink(),
    )
    .expect("write to sink");
    let per_call = stats.bytes as f64 / stats.calls as f64;
    assert!(
        (9_000.0..15_000.0).contains(&per_call),
        "{per_call} bytes per call"
    );
}

#[test]
fn scenario_names_round_trip() {
    let names: BTreeSet<&str> = Scenario::every().map(|s| s.name()).collect();
    assert_eq!(names.len(), 24);
    for sc in Scenario::every() {
        assert_eq!(Scenario::parse(sc.name()), Some(sc));
        assert!(!sc.describe().is_empty());
    }
    assert_eq!(
        Scenario::parse("Warm_Transfer"),
        Some(Scenario::WarmTransfer)
    );
    assert_eq!(Scenario::parse("nope"), None);
}

/// Noisy samples: seeds whose single call shows reordering, a replay and double delivery.
const NOISY_SAMPLES: [(Scenario, u64); 2] =
    [(Scenario::WarmTransfer, 21), (Scenario::Conference, 113)];

#[test]
fn noisy_sample_seeds_show_every_kind_of_noise() {
    let dir = directory::Directory::new();
    for (sc, seed) in NOISY_SAMPLES {
        assert_eq!(
            noise_kinds(&lines(&one(sc, seed, true)), &dir.subscription),
            (true, true, true),
            "{sc:?}"
        );
    }
}

/// Rewrites `sample_sessions/*.ndjson` (run with `cargo test --lib synth -- --ignored regenerate_samples`).
#[test]
#[ignore]
fn regenerate_samples() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_sessions");
    std::fs::create_dir_all(&root).expect("sample_sessions/");
    let write = |name: String, bytes: Vec<u8>| {
        std::fs::write(root.join(name), bytes).expect("write sample")
    };
    for sc in Scenario::every() {
        write(format!("{}.ndjson", sc.name()), one(sc, 7, false));
    }
    for (sc, seed) in NOISY_SAMPLES {
        write(format!("{}-noisy.ndjson", sc.name()), one(sc, seed, true));
    }
    write(
        "mixed-50.ndjson".into(),
        gen_bytes(&SynthOptions {
            calls: 50,
            seed: 42,
            ..SynthOptions::default()
        }),
    );
}
