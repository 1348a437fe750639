//! Expected flows in the engine: a saved flow matches the call it was saved from (every sample,
//! every way of naming people) and that call's noisy deliveries; a changed call fails at the
//! right step with the right words; `optional`, `count`, `within`, wildcards and `calls: N`;
//! bad flow files give file:line:column and the field.

use callflow::calls::CallSet;
use callflow::expect::{
    self, Action, CaptureCheck, Flow, NameBy, Outcome, SaveOptions, TransferKind, flow_of,
    parse_flow, write_flow,
};
use callflow::ingest;
use callflow::store::Store;
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name)
}

fn load(paths: &[PathBuf]) -> (Store, CallSet) {
    let mut store = Store::new();
    ingest::load_paths(&mut store, paths, &mut |_| {});
    let set = CallSet::build(&store);
    (store, set)
}

fn load_text(text: &str) -> (Store, CallSet) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("capture.ndjson");
    std::fs::write(&path, text).unwrap();
    load(&[path])
}

/// The flow of the capture's only call, written to YAML and read back (as a user saves one).
fn saved(file: &str, name_by: NameBy, timing: bool) -> Flow {
    let (store, set) = load(&[sample(file)]);
    assert_eq!(set.calls.len(), 1, "{file} holds one call");
    let facts = expect::facts(&store, &set, &set.calls[0]);
    let flow = flow_of(Some(file.into()), &facts, SaveOptions { name_by, timing });
    let text = write_flow(&flow, &["a comment".into()]);
    let back = parse_flow("saved.yaml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    // Lines are where the file has them; otherwise the same flow.
    let strip = |f: &Flow| {
        let mut f = f.clone();
        f.steps.iter_mut().for_each(|s| s.line = 0);
        f
    };
    assert_eq!(strip(&back), strip(&flow), "{text}");
    back
}

fn check(flow: &Flow, store: &Store, set: &CallSet) -> CaptureCheck {
    expect::check_capture(store, set, flow, &[])
}

fn check_files(flow: &Flow, files: &[&str]) -> CaptureCheck {
    let paths: Vec<PathBuf> = files.iter().map(|f| sample(f)).collect();
    let (store, set) = load(&paths);
    check(flow, &store, &set)
}

fn first_difference(c: &CaptureCheck) -> String {
    c.calls
        .iter()
        .find_map(|c| c.result.mismatch.as_ref().map(|m| m.message.clone()))
        .unwrap_or_default()
}

const ONE_CALL_SAMPLES: &[&str] = &[
    "inbound.ndjson",
    "outbound.ndjson",
    "internal.ndjson",
    "ivr.ndjson",
    "hold.ndjson",
    "warm-transfer.ndjson",
    "warm-transfer-noisy.ndjson",
    "blind-transfer.ndjson",
    "conference.ndjson",
    "conference-noisy.ndjson",
    "supervise.ndjson",
    "park-pickup.ndjson",
    "blf-pickup.ndjson",
    "call-switch.ndjson",
    "call-flip.ndjson",
    "queue.ndjson",
    "voicemail.ndjson",
    "missed.ndjson",
    "ringout.ndjson",
    "queue-fanout.ndjson",
    "chained-handover.ndjson",
    "switch-then-flip.ndjson",
    "directed-pickup.ndjson",
];

#[test]
fn a_saved_flow_matches_its_own_call_whichever_way_people_are_named() {
    for file in ONE_CALL_SAMPLES {
        for name_by in [NameBy::Role, NameBy::Number, NameBy::Name] {
            for timing in [false, true] {
                let flow = saved(file, name_by, timing);
                let c = check_files(&flow, &[file]);
                assert!(
                    c.passed(),
                    "{file} {name_by:?} timing {timing}: {}",
                    first_difference(&c)
                );
                assert!(
                    c.calls[0]
                        .result
                        .steps
                        .iter()
                        .all(|s| s.outcome == Outcome::Matched)
                );
            }
        }
    }
}

#[test]
fn the_warm_transfer_reads_as_its_steps() {
    let flow = saved("warm-transfer.ndjson", NameBy::Number, false);
    let text = write_flow(&flow, &[]);
    for step in [
        "  - call: \"+13035550162\"\n",
        "  - ring: ext 111\n",
        "  - answer: ext 111\n",
        "  - hold: ext 111\n",
        "  - ring: ext 112\n",
        "  - answer: ext 112\n",
        "  - transfer: attended\n    by: ext 111\n    to: ext 112\n",
    ] {
        assert!(text.contains(step), "{step:?} missing from\n{text}");
    }
    // Only who ended the call hangs up in the flow.
    assert_eq!(text.matches("hangup").count(), 1, "{text}");
    let actions: Vec<Action> = flow.steps.iter().map(|s| s.action).collect();
    let ring = actions.iter().position(|a| *a == Action::Ring).unwrap();
    let transfer = actions.iter().position(|a| *a == Action::Transfer).unwrap();
    assert!(ring < transfer);
}

#[test]
fn a_role_flow_matches_the_noisy_delivery_of_another_run() {
    // The noisy samples are other runs of the same scenario (other people), delivered with
    // reordering, replays and an extension-level double delivery.
    for (clean, noisy) in [
        ("warm-transfer.ndjson", "warm-transfer-noisy.ndjson"),
        ("conference.ndjson", "conference-noisy.ndjson"),
    ] {
        let flow = saved(clean, NameBy::Role, false);
        let c = check_files(&flow, &[noisy]);
        assert!(c.passed(), "{clean} on {noisy}: {}", first_difference(&c));
        // By number it names this run's people, so the other run does not match.
        let by_number = saved(clean, NameBy::Number, false);
        assert!(
            !check_files(&by_number, &[noisy]).passed(),
            "{clean} on {noisy}"
        );
    }
}

/// The capture's lines shuffled, some twice, as two subscriptions and a retry deliver them.
fn noisy_copy(file: &str) -> String {
    let text = std::fs::read_to_string(sample(file)).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.reverse();
    let again: Vec<&str> = lines.iter().step_by(3).copied().collect();
    lines.extend(again);
    lines.join("\n") + "\n"
}

#[test]
fn a_number_flow_matches_a_reordered_and_repeated_delivery_of_the_same_capture() {
    for file in ["warm-transfer.ndjson", "conference.ndjson", "queue.ndjson"] {
        let flow = saved(file, NameBy::Number, true);
        let (store, set) = load_text(&noisy_copy(file));
        assert!(store.diagnostics().duplicates > 0, "the copy repeats lines");
        let c = check(&flow, &store, &set);
        assert!(c.passed(), "{file}: {}", first_difference(&c));
    }
}

#[test]
fn a_blind_transfer_where_an_attended_one_was_expected_fails_at_the_transfer() {
    let flow = parse_flow(
        "warm.yaml",
        "steps:\n  - call: caller\n  - answer: agent\n  - transfer: attended\n    by: agent\n    to: \"*\"\n  - hangup: \"*\"\n",
    )
    .unwrap();
    assert!(check_files(&flow, &["warm-transfer.ndjson"]).passed());
    let c = check_files(&flow, &["blind-transfer.ndjson"]);
    assert!(!c.passed());
    let m = c.calls[0].result.mismatch.clone().unwrap();
    assert_eq!(m.step, 2);
    assert_eq!(
        m.message,
        "step 3: expected an attended transfer by agent, got a blind transfer by Sofia Rossi to Ethan Kim at 20:27:52 (agent is Sofia Rossi in this call; `by`)"
    );
    let steps = &c.calls[0].result.steps;
    assert_eq!(steps[0].outcome, Outcome::Matched);
    assert_eq!(steps[1].outcome, Outcome::Matched);
    assert_eq!(steps[2].outcome, Outcome::Failed);
    assert_eq!(steps[3].outcome, Outcome::NotReached);
}

#[test]
fn a_transfer_to_another_extension_fails_where_that_extension_first_shows() {
    // The warm transfer edited so that Chloe Dubois is ext 113 instead of 112.
    let text = std::fs::read_to_string(sample("warm-transfer.ndjson")).unwrap();
    let edited = text.replace("\"112\"", "\"113\"");
    assert_ne!(edited, text);
    let (store, set) = load_text(&edited);
    // The flow saved from the original, by number: ext 112 rings at step 5.
    let flow = saved("warm-transfer.ndjson", NameBy::Number, false);
    assert_eq!(flow.steps[4].who, expect::Who::Ext("112".into()));
    let c = check(&flow, &store, &set);
    let m = c.calls[0].result.mismatch.clone().unwrap();
    assert_eq!(m.step, 4);
    assert_eq!(
        m.message,
        "step 5: expected ext 112 to ring, got ext 113 (Chloe Dubois) rang at 20:28:35"
    );
    // A flow about the transfer alone fails at the transfer, naming both targets.
    let transfer = parse_flow(
        "t.yaml",
        "steps:\n  - transfer: attended\n    by: ext 111\n    to: ext 112\n",
    )
    .unwrap();
    let (clean_store, clean_set) = load(&[sample("warm-transfer.ndjson")]);
    assert!(check(&transfer, &clean_store, &clean_set).passed());
    assert_eq!(
        first_difference(&check(&transfer, &store, &set)),
        "step 1: expected an attended transfer by ext 111 to ext 112, got an attended transfer by ext 111 (Mateo Silva) to ext 113 (Chloe Dubois) at 20:29:28"
    );
}

#[test]
fn a_missing_answer_fails_at_the_answer() {
    let flow = saved("inbound.ndjson", NameBy::Role, false);
    let answer = flow
        .steps
        .iter()
        .position(|s| s.action == Action::Answer)
        .unwrap();
    let c = check_files(&flow, &["missed.ndjson"]);
    assert!(!c.passed());
    let m = c.calls[0].result.mismatch.clone().unwrap();
    assert_eq!(m.step, answer, "{}", m.message);
    assert!(
        m.message.starts_with(&format!(
            "step {}: expected callee to answer; the call has no such step",
            answer + 1
        )),
        "{}",
        m.message
    );
}

#[test]
fn a_step_later_than_its_bound_fails_with_both_times() {
    let (store, set) = load(&[sample("inbound.ndjson")]);
    let facts = expect::facts(&store, &set, &set.calls[0]);
    let ring = facts.iter().find(|f| f.action == Action::Ring).unwrap();
    let answer = facts.iter().find(|f| f.action == Action::Answer).unwrap();
    let took_ms = (answer.at - ring.at).as_millis();
    assert!(took_ms > 2000, "the callee rings {took_ms} ms");
    let flow = |within: &str| {
        parse_flow(
            "f.yaml",
            &format!("steps:\n  - ring: callee\n  - answer: callee\n    within: {within}\n"),
        )
        .unwrap()
    };
    assert!(check(&flow("1m"), &store, &set).passed());
    let c = check(&flow("1s"), &store, &set);
    let m = first_difference(&c);
    assert!(
        m.starts_with("step 2: expected callee to answer within 1s of the step before, got it "),
        "{m}"
    );
    assert!(
        m.contains(&format!(" after, at {}", answer.at.strftime("%H:%M:%S"))),
        "{m}"
    );
}

#[test]
fn optional_count_and_wildcards() {
    let flow_with = |before: &str, answer: &str, after: &str| {
        parse_flow(
            "q.yaml",
            &format!("steps:\n  - call: caller\n{before}  - answer: \"{answer}\"\n{after}  - hangup: \"*\"\n"),
        )
        .unwrap()
    };
    // A name with a wildcard: Lucas Martin answers the queue.
    let queue = |extra: &str| flow_with(extra, "*Martin", "");
    // Three agents ring at once.
    let three = queue("  - ring: \"*\"\n    count: 3\n");
    let c = check_files(&three, &["queue-fanout.ndjson"]);
    assert!(c.passed(), "{}", first_difference(&c));
    assert_eq!(c.calls[0].result.steps[1].facts.len(), 3);
    let four = queue("  - ring: \"*\"\n    count: 4\n");
    let m = first_difference(&check_files(&four, &["queue-fanout.ndjson"]));
    assert!(
        m.starts_with("step 2 (4 of 4): expected anyone to ring"),
        "{m}"
    );
    // A hold that may or may not happen, after the answer.
    let hold = flow_with("", "*", "  - hold: \"*\"\n    optional: true\n");
    let c = check_files(&hold, &["inbound.ndjson"]);
    assert!(c.passed(), "{}", first_difference(&c));
    assert_eq!(c.calls[0].result.steps[2].outcome, Outcome::Skipped);
    let c = check_files(&hold, &["hold.ndjson"]);
    assert!(c.passed(), "{}", first_difference(&c));
    assert_eq!(c.calls[0].result.steps[2].outcome, Outcome::Matched);
    // Not optional: the inbound call has no hold.
    let must = flow_with("", "*", "  - hold: \"*\"\n");
    assert!(!check_files(&must, &["inbound.ndjson"]).passed());
    assert!(check_files(&must, &["hold.ndjson"]).passed());
}

#[test]
fn two_role_words_are_two_people() {
    // The same person cannot be both `agent` and `colleague`.
    let flow = parse_flow("r.yaml", "steps:\n  - answer: agent\n  - hold: colleague\n").unwrap();
    let c = check_files(&flow, &["hold.ndjson"]);
    assert!(!c.passed());
    let same = parse_flow("r.yaml", "steps:\n  - answer: agent\n  - hold: agent\n").unwrap();
    assert!(check_files(&same, &["hold.ndjson"]).passed());
}

#[test]
fn a_capture_expected_to_hold_n_such_calls() {
    let mut flow = parse_flow(
        "n.yaml",
        "steps:\n  - answer: agent\n  - transfer: attended\n    by: agent\n",
    )
    .unwrap();
    let files = [
        "warm-transfer.ndjson",
        "warm-transfer-noisy.ndjson",
        "blind-transfer.ndjson",
    ];
    // Without `calls:` every call must follow: the blind transfer does not.
    let c = check_files(&flow, &files);
    assert_eq!(c.calls.len(), 3);
    assert_eq!(c.matching(), 2);
    assert!(!c.passed());
    flow.calls = Some(2);
    let c = check_files(&flow, &files);
    assert!(c.passed(), "{:?}", c.count_problem());
    flow.calls = Some(3);
    let c = check_files(&flow, &files);
    assert!(!c.passed());
    assert_eq!(
        c.count_problem().unwrap(),
        "expected 3 calls following the flow, found 2 (of 3 in the capture)"
    );
    assert_eq!(flow.steps[1].kind, Some(TransferKind::Attended));
}

fn error(text: &str) -> String {
    parse_flow("flow.yaml", text).unwrap_err().to_string()
}

#[test]
fn bad_flow_files_name_the_file_the_line_and_the_field() {
    let e = error("steps:\n  - call: caller\n  - answer: ext 111\n    withn: 30s\n");
    assert!(e.starts_with("flow.yaml:4:"), "{e}");
    assert!(e.contains("steps[2]"), "{e}");
    assert!(e.contains("withn"), "{e}");

    let e = error("steps:\n  - call: caller\n  - answer: ext 111\n    within: soon\n");
    assert!(
        e.starts_with("flow.yaml:4:13: steps[2].within: \"soon\" is not a length of time"),
        "{e}"
    );

    let e = error("steps:\n  - call: caller\n  - transfer: sideways\n");
    assert!(
        e.starts_with("flow.yaml:3:15: steps[2].transfer: \"sideways\" is not a kind of transfer"),
        "{e}"
    );

    let e = error("steps:\n  - answer: ext 111\n    hold: ext 111\n");
    assert!(e.starts_with("flow.yaml:2:"), "{e}");
    assert!(
        e.contains("steps[1]: two steps in one (`answer` and `hold`)"),
        "{e}"
    );

    let e = error("steps:\n  - optional: true\n");
    assert!(e.contains("steps[1]: no step given"), "{e}");

    let e = error("steps:\n  - answer: ext 111\n    to: ext 112\n");
    assert!(
        e.starts_with("flow.yaml:3:9: steps[1].to: only a transfer has `to`"),
        "{e}"
    );

    let e = error("steps:\n  - ring: \"*\"\n    count: 0\n");
    assert!(
        e.starts_with("flow.yaml:3:12: steps[1].count: must be 1 or more"),
        "{e}"
    );

    let e = error("steps:\n  - ring: \"*\"\n    count: many\n");
    assert!(e.starts_with("flow.yaml:3:"), "{e}");
    assert!(e.contains("steps[1].count"), "{e}");

    let e = error("flow: x\n");
    assert!(e.contains("steps"), "{e}");

    let e = error("steps: []\n");
    assert!(e.contains("steps: the flow has no steps"), "{e}");

    let e = error("steps:\n  - call: \"caller\n");
    assert!(e.starts_with("flow.yaml:"), "{e}");

    let e = error("calls: 0\nsteps:\n  - call: caller\n");
    assert!(
        e.starts_with("flow.yaml:1:8: calls: must be 1 or more"),
        "{e}"
    );

    // Control characters of a bad file never reach the message raw.
    let e = error("steps:\n  - call: caller\n  - \u{1b}[31mring: x\n");
    assert!(!e.contains('\u{1b}'), "{e:?}");
}

#[test]
fn numbers_and_names_are_who_values_too() {
    let flow = parse_flow(
        "w.yaml",
        "steps:\n  - call: +13035550162\n  - answer: 111\n  - hold: Mateo Silva\n",
    )
    .unwrap();
    // YAML reads an unquoted +1303… as a number (the `+` lost): it still names that number.
    let (store, set) = load(&[sample("warm-transfer.ndjson")]);
    let c = check(&flow, &store, &set);
    assert_eq!(
        c.calls[0].result.steps[0].outcome,
        Outcome::Matched,
        "{}",
        first_difference(&c)
    );
    // A bare 111 is a number to YAML; short numbers are extension numbers too.
    assert_eq!(
        c.calls[0].result.steps[1].outcome,
        Outcome::Matched,
        "{}",
        first_difference(&c)
    );
    assert!(c.passed(), "{}", first_difference(&c));
    assert_eq!(flow.steps[2].who, expect::Who::Name("Mateo Silva".into()));
}

proptest::proptest! {
    /// Whatever a flow file holds, reading it gives a flow or an error with a place, never a
    /// panic; cutting a good file anywhere is one of those inputs.
    #[test]
    fn no_flow_text_panics(text in "\\PC{0,200}", cut in 0usize..400) {
        let _ = parse_flow("f.yaml", &text);
        let good = "flow: x\ncalls: 2\nsteps:\n  - call: caller\n  - transfer: attended\n    by: \"ext 1*\"\n    to: agent\n    within: 1m30s\n  - hangup: \"*\"\n    optional: true\n    count: 2\n";
        let mut at = cut.min(good.len());
        while !good.is_char_boundary(at) {
            at -= 1;
        }
        let spliced = format!("{}{}{}", &good[..at], text, &good[at..]);
        if let Err(e) = parse_flow("f.yaml", &spliced) {
            proptest::prop_assert!(e.to_string().starts_with("f.yaml:"), "{}", e);
        }
    }
}
