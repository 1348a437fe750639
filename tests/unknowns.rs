//! What a capture does not show is said as unknown, and what it implies is read: small captures
//! written from the documented shapes (`tests/fixtures/unknowns/`, see its README), each read
//! clean and after noisy delivery (reversed, replayed, doubled by a second subscription).

use callflow::calls::{AnswerKind, AnswerWhy, CallSet, Scope, UnseenRole, calls_json, story};
use callflow::ingest;
use callflow::store::Store;
use callflow::timeline::{BandKind, TimelineRequest, layout};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/unknowns")
        .join(name)
}

fn lines(name: &str) -> Vec<String> {
    std::fs::read_to_string(fixture(name))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// The same notification through another subscription: new uuid and subscription, same body.
fn doubled(line: &str, n: usize) -> String {
    let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
    v["uuid"] = format!("66{n:017}").into();
    v["subscriptionId"] = "0c0ffee0-0000-4000-8000-000000000002".into();
    v.to_string()
}

/// Clean, reversed, reversed with every line replayed and doubled.
fn deliveries(name: &str) -> Vec<Vec<String>> {
    let base = lines(name);
    let reversed: Vec<String> = base.iter().rev().cloned().collect();
    let mut noisy = reversed.clone();
    for (n, l) in base.iter().enumerate() {
        noisy.push(l.clone());
        noisy.insert(n % (noisy.len() + 1), doubled(l, n));
    }
    vec![base, reversed, noisy]
}

fn load(lines: &[String]) -> (Store, CallSet) {
    let mut store = Store::new();
    ingest::load_bytes(&mut store, "capture.ndjson", lines.join("\n").as_bytes());
    let set = CallSet::build(&store);
    (store, set)
}

fn calls_value(store: &Store, set: &CallSet) -> serde_json::Value {
    let json = serde_json::to_string(&calls_json(store, set, &set.calls).calls).unwrap();
    serde_json::from_str(&json).unwrap()
}

fn story_text(store: &Store, set: &CallSet, call: usize) -> Vec<String> {
    story(store, set, &set.calls[call])
        .into_iter()
        .map(|s| s.text)
        .collect()
}

/// Every delivery of `name` gives the same calls; `check` runs on each.
fn each_delivery(name: &str, check: impl Fn(&Store, &CallSet, &serde_json::Value)) {
    let mut first: Option<serde_json::Value> = None;
    for lines in deliveries(name) {
        let (store, set) = load(&lines);
        let json = calls_value(&store, &set);
        check(&store, &set, &json);
        match &first {
            None => first = Some(json),
            Some(f) => assert_eq!(f, &json, "{name}: noise changed the calls"),
        }
    }
}

#[test]
fn both_legs_gone_attended_transfer_is_an_inferred_answer_never_nobody_answered() {
    each_delivery("attended-logged-at-end.ndjson", |store, set, json| {
        let call = &set.calls[0];
        assert_eq!(call.answer.kind, AnswerKind::Inferred);
        assert_eq!(call.answer.why, AnswerWhy::AttendedTransfer);
        let c = &json[0];
        assert_eq!(c["answered"], "Mateo Silva");
        assert_eq!(c["answer_evidence"]["kind"], "inferred");
        assert_eq!(c["answer_evidence"]["reason"], "attended_transfer");
        let text = story_text(store, set, 0);
        assert!(
            text.iter().all(|s| !s.contains("nobody answered")),
            "{text:#?}"
        );
        assert!(text[0].contains("who answered (inferred:"), "{}", text[0]);
    });
}

#[test]
fn a_capture_that_stops_at_setup_or_proceeding_is_still_ringing_and_gives_no_length() {
    each_delivery("ends-ringing.ndjson", |store, set, json| {
        assert_eq!(set.calls.len(), 2);
        for (i, call) in set.calls.iter().enumerate() {
            assert_eq!(call.answer.kind, AnswerKind::NotSeen);
            assert_eq!(call.answer.why, AnswerWhy::CaptureEnds);
            assert!(!call.length_known);
            assert_eq!(json[i]["answered"], serde_json::Value::Null);
            assert_eq!(json[i]["answer_evidence"]["reason"], "capture_ends");
            assert_eq!(json[i]["length_known"], false);
            let text = story_text(store, set, i);
            assert!(
                text[0].contains("still ringing when the capture ends"),
                "{}",
                text[0]
            );
            assert!(!text[0].contains("The call lasted"), "{}", text[0]);
            assert!(
                text[0].contains("not known") || text[0].contains("not in it"),
                "{}",
                text[0]
            );
            assert!(
                text.iter().all(|s| !s.contains("nobody answered")),
                "{text:#?}"
            );
            // The last band of every lane is drawn as only the last state seen.
            let l = layout(
                store,
                set,
                TimelineRequest {
                    call: i,
                    generation: store.generation(),
                },
            )
            .unwrap();
            for lane in 0..l.lanes.len() {
                let last = l.bands.iter().rfind(|b| b.lane == lane).unwrap();
                assert!(last.uncertain, "{:?}", last);
            }
        }
        // The callee of the call that stopped at Setup is named, not dropped.
        let u = &set.calls[0].unseen;
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].role, UnseenRole::Callee);
        assert_eq!(u[0].label, "+1 212-555-0188");
    });
}

#[test]
fn missing_sequence_numbers_are_said_where_they_fall_and_the_last_seen_state_is_not_final() {
    each_delivery("outbound-gap.ndjson", |store, set, json| {
        let call = &set.calls[0];
        assert_eq!(call.answer.kind, AnswerKind::NotSeen);
        assert_eq!(call.answer.why, AnswerWhy::EventsMissing);
        let gaps = json[0]["gaps"].as_array().unwrap();
        assert_eq!(gaps.len(), 1);
        assert_eq!(gaps[0]["first_missing"], 4);
        assert_eq!(gaps[0]["last_missing"], 7);
        assert_eq!(gaps[0]["from"], "2026-06-10T07:18:54.000Z");
        assert_eq!(gaps[0]["to"], "2026-06-10T07:46:05.000Z");
        let text = story_text(store, set, 0);
        assert!(text.iter().any(|s| s == "07:18:54 Events 4–7 of this session are not in the capture; what happened between 07:18:54 and 07:46:05 is unknown."), "{text:#?}");
        assert!(
            text.iter().all(|s| !s.contains("nobody answered")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|s| s.contains("+1 212-555-0188 was last seen ringing (Proceeding)")),
            "{text:#?}"
        );
        // The callee's Proceeding (and the caller's Setup, which spans the gap) are not drawn as
        // 27 minutes known.
        let l = layout(
            store,
            set,
            TimelineRequest {
                call: 0,
                generation: store.generation(),
            },
        )
        .unwrap();
        let ringing: Vec<_> = l
            .bands
            .iter()
            .filter(|b| b.kind == BandKind::Ringing)
            .collect();
        assert_eq!(ringing.len(), 2);
        assert!(ringing.iter().all(|b| b.uncertain), "{ringing:?}");
        assert!(
            ringing
                .iter()
                .all(|b| b.explanation.contains("only the last state seen"))
        );
    });
}

#[test]
fn a_consult_leg_seen_only_from_the_transferring_agent_keeps_its_far_end() {
    each_delivery("consult-seen-from-agent.ndjson", |store, set, json| {
        let call = &set.calls[0];
        assert_eq!(call.view, Scope::Account);
        let target: Vec<_> = call
            .unseen
            .iter()
            .filter(|u| u.role == UnseenRole::AttendedTransferTarget)
            .collect();
        assert_eq!(target.len(), 1, "{:?}", call.unseen);
        assert_eq!(target[0].label, "Agent 120 (ext 120)");
        let last = call.path.last().unwrap();
        assert_eq!(last.label, "Agent 120 (ext 120) (not in this capture)");
        assert_eq!(last.via, "AttendedTransfer");
        let u = &json[0]["unseen"][0];
        assert_eq!(u["role"], "attended_transfer_target");
        assert_eq!(u["extensionId"], "62257590120");
        let text = story_text(store, set, 0);
        assert!(
            text.iter().any(|s| s.contains("Transferred (attended) by Mateo Silva to Agent 120 (ext 120), not seen in this capture")),
            "{text:#?}"
        );
        let l = layout(
            store,
            set,
            TimelineRequest {
                call: 0,
                generation: store.generation(),
            },
        )
        .unwrap();
        assert_eq!(l.unseen.len(), 1);
        assert!(l.unseen[0].label.contains("Agent 120"));
    });
}

#[test]
fn an_extension_level_capture_says_whose_view_it_is_and_gives_no_length_as_fact() {
    each_delivery("extension-view.ndjson", |store, set, json| {
        let call = &set.calls[0];
        assert!(call.view.partial());
        assert!(!call.length_known);
        let v = &json[0]["view"];
        assert_eq!(v["scope"], "extension");
        assert_eq!(v["extension_id"], "62243800016");
        assert_eq!(v["partial"], true);
        assert!(v["label"].as_str().unwrap().contains("Liam Chen"));
        let text = story_text(store, set, 0);
        assert!(!text[0].contains("The call lasted"), "{}", text[0]);
        assert!(
            text[0].contains("how long the whole call lasted is not in it"),
            "{}",
            text[0]
        );
        assert!(
            text[1].starts_with("Seen only from Liam Chen's extension-level subscription"),
            "{}",
            text[1]
        );
        assert!(
            text.iter()
                .any(|s| s.contains("normal for an extension-level subscription")),
            "{text:#?}"
        );
        assert_eq!(call.unseen.len(), 1);
        assert_eq!(call.unseen[0].role, UnseenRole::Caller);
        let l = layout(
            store,
            set,
            TimelineRequest {
                call: 0,
                generation: store.generation(),
            },
        )
        .unwrap();
        assert!(l.view_note.as_deref().unwrap().contains("Liam Chen's view"));
    });
}

#[test]
fn an_account_level_capture_is_not_taken_for_an_extension_view_by_its_extension_paths() {
    // Most of the warm transfer's notifications name /extension/ID/ (reference §1).
    let base: Vec<String> = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_sessions/warm-transfer.ndjson"),
    )
    .unwrap()
    .lines()
    .map(str::to_owned)
    .collect();
    let (_, set) = load(&base);
    assert_eq!(set.calls[0].view, Scope::Account);
    assert!(set.calls[0].length_known);
    assert_eq!(set.calls[0].answer.kind, AnswerKind::Observed);
}

#[test]
fn parties_without_id_are_kept_keyed_and_flagged_once() {
    each_delivery("metrics-no-id.ndjson", |store, set, json| {
        let d = store.diagnostics();
        assert_eq!(d.rejected_total, 0);
        assert!(d.parties_without_id >= 5, "{d:?}");
        assert!(d.has_warnings());
        assert_eq!(set.calls.len(), 1);
        let parties = json[0]["parties"].as_array().unwrap();
        assert_eq!(parties.len(), 1);
        assert_eq!(parties[0]["party"], "no-id");
        let codes: Vec<&str> = parties[0]["states"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            codes,
            ["Proceeding", "Answered", "Hold", "Answered", "Disconnected"]
        );
        assert_eq!(set.calls[0].answer.kind, AnswerKind::Observed);
        // Ring 2 s, talk, hold, talk.
        let l = layout(
            store,
            set,
            TimelineRequest {
                call: 0,
                generation: store.generation(),
            },
        )
        .unwrap();
        let kinds: Vec<BandKind> = l.bands.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BandKind::Ringing,
                BandKind::Talking,
                BandKind::Hold,
                BandKind::Talking
            ]
        );
        let ring = l.bands[0].t1_ms - l.bands[0].t0_ms;
        assert!((1900.0..2100.0).contains(&ring), "{ring}");
    });
    each_delivery("no-id-two-parties.ndjson", |_, _, json| {
        let ids: Vec<&str> = json[0]["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["party"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "no-id:Outbound:+13055550145",
                "no-id:Inbound:62243800016:+16505550100"
            ]
        );
        assert_eq!(json[0]["answered"], "Liam Chen");
    });
}

#[test]
fn calls_json_of_a_capture_with_every_line_rejected_still_prints_its_diagnostics() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_callflow"))
        .args(["calls", "--json"])
        .arg(fixture("all-rejected.ndjson"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["calls"], serde_json::json!([]));
    assert_eq!(v["diagnostics"]["rejected_total"], 3);
}

#[test]
fn the_metrics_example_warns_once_on_the_command_line() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_callflow"))
        .args(["calls"])
        .arg(fixture("metrics-no-id.ndjson"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.matches("without `id`").count(), 1, "{err}");
}

#[test]
fn redacted_exports_hide_the_people_the_capture_names_but_does_not_show() {
    use callflow::export::{Format, prepare, render};
    for name in [
        "attended-logged-at-end.ndjson",
        "consult-seen-from-agent.ndjson",
    ] {
        let (store, set) = load(&lines(name));
        let plain = prepare(&store, &set, 0, false, None).unwrap();
        let plain = String::from_utf8(render(&plain, Format::Svg, 1.0).unwrap()).unwrap();
        assert!(
            plain.contains("Agent 120 (ext 120) (not in this capture)"),
            "{name}"
        );
        assert!(plain.contains("class=\"unseen\""), "{name}");
        let p = prepare(&store, &set, 0, true, None).unwrap();
        for f in [Format::Svg, Format::Json, Format::Mermaid] {
            let out = String::from_utf8(render(&p, f, 1.0).unwrap()).unwrap();
            for secret in [
                "JORDAN",
                "Reyes",
                "303-555-0162",
                "13035550162",
                "62257590120",
                "Mateo",
            ] {
                assert!(!out.contains(secret), "{name} {f:?} shows {secret}");
            }
        }
    }
}

#[test]
fn the_timeline_marks_where_events_are_missing() {
    let (store, set) = load(&lines("outbound-gap.ndjson"));
    let l = layout(
        &store,
        &set,
        TimelineRequest {
            call: 0,
            generation: store.generation(),
        },
    )
    .unwrap();
    assert_eq!(l.gaps.len(), 1);
    let g = &l.gaps[0];
    assert_eq!(g.t0_ms, 4000.0);
    assert_eq!(g.t1_ms, l.duration_ms);
    assert!(
        g.text.starts_with("events 4–7 of this session"),
        "{}",
        g.text
    );
}

#[test]
fn an_event_path_says_only_what_it_can_of_a_partys_scope() {
    use callflow::store::PathScope;
    let acct = "/restapi/v1.0/account/377512016/telephony/sessions";
    let ext = "/restapi/v1.0/account/377512016/extension/62243800016/telephony/sessions";
    let me = "/restapi/v1.0/account/~/extension/~/telephony/sessions";
    assert_eq!(PathScope::of(None, Some("62243800016")), PathScope::None);
    assert_eq!(PathScope::of(Some(acct), None), PathScope::Account);
    assert_eq!(
        PathScope::of(Some(ext), Some("62243800016")),
        PathScope::OwnExtension
    );
    assert_eq!(
        PathScope::of(Some(me), Some("62243800016")),
        PathScope::OwnExtension
    );
    assert_eq!(
        PathScope::of(Some(ext), Some("1")),
        PathScope::OtherExtension
    );
    assert_eq!(PathScope::of(Some(ext), None), PathScope::OtherExtension);
}

#[test]
fn a_capture_that_starts_after_the_call_did_does_not_say_nobody_answered() {
    each_delivery("starts-late.ndjson", |store, set, json| {
        let call = &set.calls[0];
        assert_eq!(call.answer.kind, AnswerKind::NotSeen);
        assert_eq!(call.answer.why, AnswerWhy::CaptureStartsLate);
        assert!(!call.length_known);
        assert_eq!(json[0]["answer_evidence"]["reason"], "capture_starts_late");
        let text = story_text(store, set, 0);
        assert!(
            text.iter().all(|s| !s.contains("nobody answered")),
            "{text:#?}"
        );
        assert!(!text[0].contains("The call lasted"), "{}", text[0]);
    });
}
