//! The invariant the engine lives by: however the platform delivers a capture (shuffled,
//! replayed, doubled by a second subscription), the calls come out the same, byte for byte.

use callflow::calls::{CallSet, calls_json};
use callflow::ingest;
use callflow::store::Store;
use proptest::prelude::*;
use std::path::Path;

fn lines(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// The `calls` part of `calls --json` (diagnostics rightly differ with the noise).
fn calls_text(lines: &[String]) -> String {
    let mut store = Store::new();
    ingest::load_bytes(&mut store, "capture.ndjson", lines.join("\n").as_bytes());
    let set = CallSet::build(&store);
    serde_json::to_string(&calls_json(&store, &set, &set.calls).calls).unwrap()
}

/// The same notification through another subscription: new uuid and subscription, same body.
fn through_another_subscription(line: &str, n: usize) -> String {
    let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
    v["uuid"] = format!("77{n:017}").into();
    v["subscriptionId"] = "0c0ffee0-0000-4000-8000-000000000001".into();
    v.to_string()
}

fn noisy(base: &[String], order: &[usize], replays: &[usize], doubles: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = order.iter().map(|&i| base[i].clone()).collect();
    for &i in replays {
        out.push(base[i % base.len()].clone());
    }
    for (n, &i) in doubles.iter().enumerate() {
        let at = (i * 7) % (out.len() + 1);
        out.insert(at, through_another_subscription(&base[i % base.len()], n));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn shuffled_replayed_and_doubled_delivery_gives_the_same_calls(
        order in Just((0..618usize).collect::<Vec<_>>()).prop_shuffle(),
        replays in proptest::collection::vec(0..618usize, 0..40),
        doubles in proptest::collection::vec(0..618usize, 0..40),
    ) {
        let base = lines("mixed-50.ndjson");
        prop_assume!(base.len() == 618);
        let expected = calls_text(&base);
        let got = calls_text(&noisy(&base, &order, &replays, &doubles));
        prop_assert_eq!(expected, got);
    }
}

#[test]
fn every_single_scenario_survives_reversal_and_doubling() {
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_sessions")).unwrap()
    {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !name.ends_with(".ndjson") {
            continue;
        }
        let base = lines(&name);
        let mut reversed: Vec<String> = base.iter().rev().cloned().collect();
        reversed.extend(
            base.iter()
                .enumerate()
                .map(|(n, l)| through_another_subscription(l, n)),
        );
        assert_eq!(calls_text(&base), calls_text(&reversed), "{name}");
    }
}
