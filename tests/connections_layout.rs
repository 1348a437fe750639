//! Who is talking to whom, as the diagram lays it out (window and exports share it): which lanes
//! each connector joins in the warm transfer, the conference, the queue and the park, with the
//! words its chip says; and that the SVG export draws them.

use callflow::calls::{CallSet, ConnectionKind};
use callflow::ingest;
use callflow::store::Store;
use callflow::timeline::{Layout, TimelineRequest, connection_label, layout};
use std::path::PathBuf;

fn sample(name: &str) -> (Store, CallSet) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample_sessions")
        .join(name);
    load(&path)
}

fn load(path: &std::path::Path) -> (Store, CallSet) {
    let mut store = Store::new();
    ingest::load_path(&mut store, path, &mut |_| {});
    let set = CallSet::build(&store);
    (store, set)
}

fn first_layout(name: &str) -> Layout {
    let (store, set) = sample(name);
    let request = TimelineRequest {
        call: 0,
        generation: store.generation(),
    };
    layout(&store, &set, request).expect("layout")
}

/// Each connector as `kind: lane label, lane label…` (its lanes top to bottom).
fn connectors(l: &Layout) -> Vec<String> {
    l.connections
        .iter()
        .map(|c| {
            let lanes: Vec<&str> = c
                .lanes()
                .into_iter()
                .map(|i| l.lanes[i].label.as_str())
                .collect();
            format!("{}: {}", c.kind.as_str(), lanes.join(", "))
        })
        .collect()
}

#[test]
fn warm_transfer_joins_the_caller_to_the_transfer_target_at_the_end() {
    let l = first_layout("warm-transfer.ndjson");
    let c = connectors(&l);
    assert_eq!(
        c,
        [
            "talk: JORDAN REYES (+1 303-555-0162), Mateo Silva (ext 111)",
            "hold: JORDAN REYES (+1 303-555-0162), Mateo Silva (ext 111)",
            "talk: Mateo Silva (ext 111), Chloe Dubois (ext 112)",
            "talk: JORDAN REYES (+1 303-555-0162), Chloe Dubois (ext 112)",
        ],
        "ringing is left to the bands"
    );
    let last = l.connections.last().expect("a last connection");
    // The caller's lane is in the first session, the target's in the second: across sessions.
    let lanes = last.lanes();
    assert_ne!(l.lanes[lanes[0]].session, l.lanes[lanes[1]].session);
    assert_eq!(
        connection_label(&l, last),
        "talking: JORDAN REYES ↔ Chloe Dubois"
    );
    assert!((last.t1_ms - l.duration_ms).abs() < 1.0 || last.t1_ms <= l.duration_ms);
    let hold = &l.connections[1];
    assert_eq!(
        connection_label(&l, hold),
        "on hold: Mateo Silva holds JORDAN REYES"
    );
    assert!(hold.dashed() && !last.dashed());
}

#[test]
fn conference_is_one_group_of_its_three_people() {
    let l = first_layout("conference.ndjson");
    let conf: Vec<_> = l
        .connections
        .iter()
        .filter(|c| c.kind == ConnectionKind::Conference)
        .collect();
    assert_eq!(conf.len(), 1, "{:?}", connectors(&l));
    let c = conf[0];
    assert_eq!(connection_label(&l, c), "conference: 3 people");
    let lanes = c.lanes();
    assert_eq!(lanes.len(), 3, "{:?}", connectors(&l));
    let names: Vec<&str> = lanes.iter().map(|&i| l.lanes[i].label.as_str()).collect();
    assert!(
        names.iter().any(|n| n.starts_with("LEE FONTAINE")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("Lucas Martin")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("Isla Murphy")),
        "{names:?}"
    );
    // The host takes part through the bridge session.
    assert!(lanes.iter().any(|&i| l.sessions[l.lanes[i].session].bridge));
    let hover = callflow::timeline::connection_explanation(&l, c);
    assert!(
        hover.contains("peerId") && hover.contains("talking"),
        "{hover}"
    );
}

#[test]
fn queue_shows_the_wait_in_the_queue_then_the_agent_who_answered() {
    let l = first_layout("queue.ndjson");
    let c = connectors(&l);
    assert!(
        c[0].starts_with("queue: CASEY MORGAN (+1 305-555-0183), Support Queue"),
        "{c:?}"
    );
    let talk = l
        .connections
        .iter()
        .find(|c| c.kind == ConnectionKind::Talk)
        .expect("a talk");
    assert_eq!(
        connection_label(&l, talk),
        "talking: CASEY MORGAN ↔ Isla Murphy"
    );
}

#[test]
fn park_shows_the_wait_and_who_picked_up() {
    let l = first_layout("park-pickup.ndjson");
    let kinds: Vec<&str> = l.connections.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(kinds, ["talk", "parked", "talk"]);
    let parked = connection_label(&l, &l.connections[1]);
    assert_eq!(parked, "parked: Hana Sato parked JAMIE LAURENT");
    let last = connection_label(&l, &l.connections[2]);
    assert!(last.starts_with("talking: JAMIE LAURENT ↔ "), "{last}");
    assert!(!last.contains("Hana Sato"), "{last}");
}

#[test]
fn a_far_end_not_in_the_capture_is_named() {
    // Every sample and partial capture: a member without a party is named by the far end the
    // leg gives (an extension-level view sees only its own leg).
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut far = 0;
    let files = std::fs::read_dir(root.join("sample_sessions"))
        .expect("samples")
        .chain(std::fs::read_dir(root.join("tests/fixtures/unknowns")).expect("fixtures"));
    for e in files.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".ndjson") {
            continue;
        }
        let (store, set) = load(&e.path());
        for call in 0..set.calls.len() {
            let request = TimelineRequest {
                call,
                generation: store.generation(),
            };
            let l = layout(&store, &set, request).expect("layout");
            for c in l.connections.iter().filter(|c| c.has_far_end()) {
                far += 1;
                let text = connection_label(&l, c);
                assert!(text.contains("far end "), "{name}: {text}");
                assert!(!c.lanes().is_empty());
            }
        }
    }
    assert!(far > 0, "some sample has a far end outside the capture");
}

/// The SVG draws a connector per segment, with its kind, its chip text and its hover sentence,
/// in both views; the people view puts the caller's legs on one lane and keys the sessions.
#[test]
fn the_svg_export_draws_who_talks_to_whom_in_both_views() {
    use callflow::export::{prepare_view, svg};
    use callflow::timeline::LayoutMode;
    let (store, set) = sample("warm-transfer.ndjson");
    for view in [LayoutMode::Sessions, LayoutMode::People] {
        let p = prepare_view(&store, &set, 0, false, None, view).expect("prepared");
        let doc = svg(&p).expect("svg");
        let kinds: Vec<&str> = doc
            .split(r#"<g class="connection" data-kind=""#)
            .skip(1)
            .map(|s| s.split('"').next().unwrap_or(""))
            .collect();
        assert_eq!(kinds, ["talk", "hold", "talk", "talk"], "{view:?}");
        assert!(
            doc.contains(">talking: JORDAN REYES ↔ Chloe Dubois</text>"),
            "{view:?}"
        );
        assert!(doc.contains("joined by a peerId link"), "{view:?}");
        assert!(doc.contains("Talking together"), "legend: {view:?}");
        let legs = doc.matches(r#"<rect class="leg""#).count();
        match view {
            LayoutMode::People => {
                assert_eq!(legs, 4, "a strip per leg");
                assert!(doc.contains("3 people · 2 sessions"));
                assert_eq!(
                    p.diagram().lanes.len(),
                    4,
                    "Mateo's two legs overlap: two lanes"
                );
            }
            LayoutMode::Sessions => {
                assert_eq!(legs, 0);
                assert!(doc.contains("Session s-a14d3a0275ca818afc8b140819ce9067"));
            }
        }
    }
    // Redacted: the chips say the aliases, never the names.
    let p = prepare_view(&store, &set, 0, true, None, LayoutMode::People).expect("prepared");
    let doc = svg(&p).expect("svg");
    assert!(
        !doc.contains("JORDAN") && !doc.contains("Chloe"),
        "redacted"
    );
    assert!(doc.contains("talking: Caller A ↔ "), "{}", &doc[..200]);
}

/// The people view: one lane per person, legs of different sessions joined on it; a conference
/// bridge's leg joins the person whose call it brings in.
#[test]
fn people_view_gives_each_person_one_lane() {
    use callflow::timeline::people_view;
    let (store, set) = sample("conference.ndjson");
    let request = TimelineRequest {
        call: 0,
        generation: store.generation(),
    };
    let sessions = layout(&store, &set, request).expect("layout");
    let l = people_view(&store, &set, sessions.clone());
    let names: Vec<&str> = l.lanes.iter().map(|x| x.label.as_str()).collect();
    assert_eq!(
        names,
        [
            "LEE FONTAINE (+1 617-555-0160)",
            "Lucas Martin (ext 107)",
            "Lucas Martin (ext 107) · leg 2",
            "Isla Murphy (ext 110)",
        ]
    );
    assert_eq!(l.sessions.len(), 1);
    assert_eq!(l.bands.len(), sessions.bands.len());
    assert_eq!(l.markers.len(), sessions.markers.len());
    // Every leg is on its person's lane, and the sessions are still told apart.
    assert_eq!(l.legs.len(), sessions.lanes.len());
    let lee_legs = l.legs.iter().filter(|g| g.lane == 0).count();
    assert_eq!(
        lee_legs, 2,
        "Lee's call and the bridge's leg that brings it in"
    );
    let conf = l
        .connections
        .iter()
        .find(|c| c.kind == ConnectionKind::Conference)
        .expect("the conference");
    assert_eq!(conf.lanes().len(), 3);
    assert_eq!(connection_label(&l, conf), "conference: 3 people");
}
