//! Mermaid and PlantUML read as a call flow: one participant per person, arrows between the
//! people connected (who dials, answers, holds, transfers, joins the conference, hangs up),
//! states as notes on the lanes, the same picture in both formats, on every sample.

use callflow::calls::CallSet;
use callflow::export::{Format, Prepared, prepare, render};
use callflow::ingest;
use callflow::store::Store;
use std::collections::BTreeMap;
use std::path::Path;

fn samples() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_sessions");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ndjson") && n != "mixed-50.ndjson")
        .collect();
    names.sort();
    names
}

fn prepared(name: &str, redact: bool) -> Prepared {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name);
    let mut store = Store::new();
    ingest::load_paths(&mut store, &[path], &mut |_| {});
    let set = CallSet::build(&store);
    assert_eq!(set.calls.len(), 1, "{name}");
    prepare(&store, &set, 0, redact, None).unwrap()
}

fn text(p: &Prepared, f: Format) -> String {
    String::from_utf8(render(p, f, 1.0).unwrap()).unwrap()
}

/// An arrow by the names of its ends: (from, to, words, dashed).
type Arrow = (String, String, String, bool);

/// Participants (`P3` → name) and arrows of a Mermaid diagram.
fn mermaid_arrows(m: &str) -> (BTreeMap<String, String>, Vec<Arrow>) {
    let mut names = BTreeMap::new();
    let mut arrows = Vec::new();
    for line in m.lines().map(str::trim) {
        for kind in ["participant ", "actor "] {
            if let Some(rest) = line.strip_prefix(kind)
                && let Some((id, name)) = rest.split_once(" as ")
            {
                names.insert(id.to_owned(), name.to_owned());
            }
        }
        if line.starts_with('P')
            && let Some((ends, words)) = line.split_once(": ")
        {
            let dashed = ends.contains("-->>");
            let (a, b) = ends
                .split_once(if dashed { "-->>" } else { "->>" })
                .unwrap();
            arrows.push((a.to_owned(), b.to_owned(), words.to_owned(), dashed));
        }
    }
    let named = arrows
        .into_iter()
        .map(|(a, b, w, d)| (names[&a].clone(), names[&b].clone(), w, d))
        .collect();
    (names, named)
}

/// The same from PlantUML (quoted names, ` -> ` and ` --> `).
fn plantuml_arrows(p: &str) -> Vec<Arrow> {
    let mut names = BTreeMap::new();
    let mut arrows = Vec::new();
    for line in p.lines() {
        for kind in ["participant \"", "actor \""] {
            if let Some(rest) = line.strip_prefix(kind)
                && let Some((name, id)) = rest.rsplit_once("\" as ")
            {
                names.insert(id.to_owned(), name.to_owned());
            }
        }
        if line.starts_with('P')
            && let Some((ends, words)) = line.split_once(" : ")
        {
            let dashed = ends.contains(" --> ");
            let (a, b) = ends
                .split_once(if dashed { " --> " } else { " -> " })
                .unwrap();
            arrows.push((a.to_owned(), b.to_owned(), words.to_owned(), dashed));
        }
    }
    arrows
        .into_iter()
        .map(|(a, b, w, d)| (names[&a].clone(), names[&b].clone(), w, d))
        .collect()
}

/// The arrows of a sample as `from → to: first words` (time stamps left out).
fn flow_of(name: &str) -> Vec<String> {
    let (_, arrows) = mermaid_arrows(&text(&prepared(name, false), Format::Mermaid));
    arrows
        .iter()
        .map(|(a, b, w, _)| format!("{a} → {b}: {}", w.split(" · ").next().unwrap()))
        .collect()
}

#[test]
fn no_self_arrows_one_participant_per_person_and_the_same_picture_in_both_formats() {
    for name in samples() {
        let p = prepared(&name, false);
        let m = text(&p, Format::Mermaid);
        let (names, arrows) = mermaid_arrows(&m);
        assert!(!arrows.is_empty(), "{name}: no arrows\n{m}");
        for (a, b, w, _) in &arrows {
            assert_ne!(a, b, "{name}: a self-arrow '{w}'\n{m}");
        }
        // One participant per person: no name twice.
        let mut labels: Vec<&String> = names.values().collect();
        labels.sort();
        let count = labels.len();
        labels.dedup();
        assert_eq!(labels.len(), count, "{name}: {names:?}");
        assert_eq!(
            plantuml_arrows(&text(&p, Format::PlantUml)),
            arrows,
            "{name}: PlantUML and Mermaid differ"
        );
    }
}

#[test]
fn warm_transfer_shows_the_caller_ending_up_with_the_target() {
    let caller = "JORDAN REYES (+1 303-555-0162)";
    let (mateo, chloe) = ("Mateo Silva (ext 111)", "Chloe Dubois (ext 112)");
    assert_eq!(
        flow_of("warm-transfer.ndjson"),
        [
            format!("{caller} → {mateo}: dials"),
            format!("{mateo} → {caller}: answers"),
            format!("{mateo} → {caller}: puts on hold"),
            format!("{mateo} → {chloe}: dials (session s-a14d3a0275ca818afc8b140819ce9067)"),
            format!("{chloe} → {mateo}: answers"),
            format!("{mateo} → {chloe}: transfers the call (attended)"),
            format!("{chloe} → {caller}: hangs up"),
        ]
    );
    let m = text(&prepared("warm-transfer.ndjson", false), Format::Mermaid);
    assert!(
        m.contains(&format!(
            "{caller} and {chloe} talk (across sessions joined by peerId)"
        )),
        "{m}"
    );
}

#[test]
fn blind_transfer_is_an_inferred_arrow_to_the_target() {
    let p = prepared("blind-transfer.ndjson", false);
    let (_, arrows) = mermaid_arrows(&text(&p, Format::Mermaid));
    let transfer = arrows
        .iter()
        .find(|(_, _, w, _)| w.starts_with("transfers the call (blind)"))
        .unwrap();
    assert_eq!(
        (transfer.0.as_str(), transfer.1.as_str()),
        ("Sofia Rossi", "Ethan Kim")
    );
    assert!(
        transfer.3 && transfer.2.contains("(inferred)"),
        "{transfer:?}"
    );
    let flow = flow_of("blind-transfer.ndjson");
    assert!(flow.contains(&"Ethan Kim → ROBIN HALE (+1 512-555-0151): answers".to_owned()));
}

#[test]
fn conference_members_join_the_bridge() {
    let flow = flow_of("conference.ndjson");
    let lee = "LEE FONTAINE (+1 617-555-0160)";
    let (lucas, isla) = ("Lucas Martin (ext 107)", "Isla Murphy (ext 110)");
    for want in [
        format!("{lucas} → conference bridge: opens the conference"),
        format!("{lee} → conference bridge: joins the conference (merged by {lucas})"),
        format!("{isla} → conference bridge: joins the conference (merged by {lucas})"),
        format!("{lucas} → conference bridge: hangs up"),
    ] {
        assert!(flow.contains(&want), "{want} not in {flow:#?}");
    }
    let m = text(&prepared("conference.ndjson", false), Format::Mermaid);
    assert!(
        m.contains(&format!(
            "{lee}, {lucas} and {isla} in the conference (3 people)"
        )),
        "{m}"
    );
    // The bridge is a participant of its own, in a box whose colour Mermaid can read.
    assert!(m.contains("    box rgb(214,205,240) Conference bridge s-e74d1b4531d810e7cce653bb51e579df #40;Conference#41;\n        participant"), "{m}");
}

#[test]
fn a_queue_rings_its_agents_and_the_one_who_answers_talks_to_the_caller() {
    let flow = flow_of("queue.ndjson");
    let caller = "CASEY MORGAN (+1 305-555-0183)";
    let mut want = vec![format!("{caller} → Support Queue: dials")];
    for agent in ["Emma Novak", "Chloe Dubois", "Isla Murphy"] {
        want.push(format!("Support Queue → {agent}: rings"));
    }
    want.push(format!("Isla Murphy → {caller}: answers"));
    assert_eq!(flow[..5], want[..]);
    assert!(flow.contains(&format!("Isla Murphy → {caller}: hangs up")));
    // The agents who only rang stop ringing on their own lanes.
    let m = text(&prepared("queue.ndjson", false), Format::Mermaid);
    assert_eq!(
        m.matches("Disconnected (AgentAnswered): stops ringing")
            .count(),
        2,
        "{m}"
    );
}

#[test]
fn park_pickup_and_hold_are_arrows_between_the_people() {
    let flow = flow_of("park-pickup.ndjson");
    let caller = "JAMIE LAURENT (+1 702-555-0161)";
    assert!(
        flow.contains(&format!("Hana Sato → {caller}: parks the call (at *801)")),
        "{flow:#?}"
    );
    assert!(
        flow.contains(&format!(
            "extension (id 62274138016) → {caller}: picks up from park"
        )),
        "{flow:#?}"
    );
    let flow = flow_of("hold.ndjson");
    let caller = "MORGAN ELLIS (+1 214-555-0169)";
    let holds = flow
        .iter()
        .filter(|a| **a == format!("Mateo Silva → {caller}: puts on hold"));
    let resumes = flow
        .iter()
        .filter(|a| **a == format!("Mateo Silva → {caller}: resumes (off hold)"));
    assert_eq!((holds.count(), resumes.count()), (2, 2), "{flow:#?}");
}

#[test]
fn states_no_arrow_tells_are_notes_on_the_lane() {
    let m = text(&prepared("warm-transfer.ndjson", false), Format::Mermaid);
    let (names, _) = mermaid_arrows(&m);
    let caller = names
        .iter()
        .find(|(_, n)| n.starts_with("JORDAN"))
        .map(|(id, _)| id.clone())
        .unwrap();
    // The caller's leg is reported Answered before anyone answers, and it leaves last.
    assert!(
        m.contains(&format!(
            "Note over {caller}: Answered: connected to the phone system · +0:00.0"
        )),
        "{m}"
    );
    assert!(
        m.contains(&format!(
            "Note over {caller}: Disconnected: leaves the call · +3:22.3"
        )),
        "{m}"
    );
}

#[test]
fn redaction_reaches_the_participants_and_every_step() {
    let p = prepared("conference.ndjson", true);
    for f in [Format::Mermaid, Format::PlantUml] {
        let t = text(&p, f);
        for name in ["LEE", "FONTAINE", "Lucas", "Isla", "617-555"] {
            assert!(!t.contains(name), "{name} in {f:?}:\n{t}");
        }
    }
    let (names, arrows) = mermaid_arrows(&text(&p, Format::Mermaid));
    assert!(names.values().any(|n| n == "Caller A"), "{names:?}");
    assert!(
        arrows.iter().any(|(a, b, w, _)| a == "Caller A"
            && b == "conference bridge"
            && w.contains("merged by Agent 107")),
        "{arrows:?}"
    );
}

/// A caller whose name tries to end lines, start markup, arrows, directives and the diagram.
const HOSTILE: &str = "Eve\n@enduml\n%%{init: {\"theme\":\"dark\"}}%%; P1-->>P0: #x <b>: end";

/// The warm transfer with the caller renamed to `name`, prepared.
fn hostile(name: &str) -> Prepared {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_sessions/warm-transfer.ndjson"),
    )
    .unwrap();
    let path = dir.path().join("hostile.ndjson");
    let escaped = serde_json::to_string(name).unwrap();
    std::fs::write(&path, original.replace("\"JORDAN REYES\"", &escaped)).unwrap();
    let mut store = Store::new();
    ingest::load_paths(&mut store, &[path], &mut |_| {});
    let set = CallSet::build(&store);
    prepare(&store, &set, 0, false, None).unwrap()
}

#[test]
fn a_hostile_name_keeps_every_arrow_and_the_title_on_its_line() {
    let p = hostile(HOSTILE);
    let m = text(&p, Format::Mermaid);
    let lines: Vec<&str> = m.lines().collect();
    // The title: one quoted YAML line, whatever the name holds.
    assert!(
        lines[1].starts_with("title: \"Eve @enduml ") && lines[1].ends_with('"'),
        "{m}"
    );
    assert_eq!(lines[2], "---");
    assert!(!m.contains("%%"), "a directive survived:\n{m}");
    // The same arrows as with a plain name, from a participant named as typed.
    let (names, arrows) = mermaid_arrows(&m);
    let eve = names.values().find(|n| n.starts_with("Eve")).unwrap();
    assert!(
        eve.contains("P1--#gt;#gt;P0: #35;x #lt;b#gt;: end"),
        "{eve}"
    );
    let plain = flow_of("warm-transfer.ndjson");
    assert_eq!(arrows.len(), plain.len(), "{m}");
    assert!(
        arrows
            .iter()
            .any(|(a, b, w, _)| a == eve && b == "Mateo Silva (ext 111)" && w.starts_with("dials"))
    );
    let u = text(&p, Format::PlantUml);
    let starts = |what: &str| {
        u.lines()
            .filter(|l| l.trim_start().starts_with(what))
            .count()
    };
    assert_eq!((starts("@startuml"), starts("@enduml")), (1, 1), "{u}");
    // The same arrows (each format escapes the name its own way).
    let shape = |a: &[Arrow], eve: &str| -> Vec<(bool, bool, String, bool)> {
        a.iter()
            .map(|(f, t, w, d)| (f.starts_with(eve), t.starts_with(eve), w.clone(), *d))
            .collect()
    };
    assert_eq!(shape(&plantuml_arrows(&u), "Eve"), shape(&arrows, "Eve"));
    assert_eq!(
        shape(&arrows, "Eve").iter().filter(|s| s.0 || s.1).count(),
        4
    );
}
