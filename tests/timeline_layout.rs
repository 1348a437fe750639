//! The swimlane layout on real and synthetic captures, without any window: lane order, band
//! extents, marker reasons, link ends, the conference bridge header, playback helpers.

use callflow::calls::CallSet;
use callflow::ingest;
use callflow::store::Store;
use callflow::timeline::{
    BandKind, LaneState, Layout, MarkerKind, TimelineRequest, graph_layout, layout,
};
use std::path::PathBuf;

fn load(rel: &str) -> (Store, CallSet) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    let mut store = Store::new();
    ingest::load_paths(&mut store, &[path], &mut |_| {});
    let set = CallSet::build(&store);
    (store, set)
}

fn first_layout(store: &Store, set: &CallSet) -> Layout {
    let request = TimelineRequest {
        call: 0,
        generation: store.generation(),
    };
    layout(store, set, request).expect("the capture has a call")
}

/// Bands of each lane follow each other without overlap, inside the call.
fn assert_bands_well_formed(l: &Layout) {
    for lane in 0..l.lanes.len() {
        let bands: Vec<_> = l.bands.iter().filter(|b| b.lane == lane).collect();
        for b in &bands {
            assert!(b.t0_ms <= b.t1_ms, "{b:?}");
            assert!(b.t0_ms >= 0.0 && b.t1_ms <= l.duration_ms + 0.5, "{b:?}");
        }
        for pair in bands.windows(2) {
            assert!(pair[0].t1_ms <= pair[1].t0_ms + 0.5, "{pair:?}");
        }
    }
}

#[test]
fn real_hold_capture_has_caller_first_and_a_hold_band_between_its_state_changes() {
    let (store, set) = load("sample_sessions/csndata_rc_to_rc_internal_hold_acct_level.ndjson");
    assert_eq!(set.calls.len(), 1);
    let l = first_layout(&store, &set);
    assert_eq!(l.sessions.len(), 1);
    assert_eq!(l.lanes.len(), 2);
    assert!(
        l.lanes[0].caller,
        "the caller's lane comes first: {:?}",
        l.lanes
    );
    assert!(l.lanes[0].party_id.ends_with("-1"));
    assert_bands_well_formed(&l);
    let hold = l
        .bands
        .iter()
        .find(|b| b.kind == BandKind::Hold)
        .expect("a hold band");
    // The band runs from the Hold state to the next state of the same party.
    let party = set.party(l.lanes[hold.lane].party).expect("party");
    let state = &party.states[hold.state];
    let next = &party.states[hold.state + 1];
    assert_eq!(hold.t0_ms, l.ms_of(state.at));
    assert_eq!(hold.t1_ms, l.ms_of(next.at));
    // Both parties end with a Disconnected marker that ends the call.
    let ends: Vec<_> = l
        .markers
        .iter()
        .filter(|m| m.kind == MarkerKind::Disconnected)
        .collect();
    assert_eq!(ends.len(), 2);
    assert!(ends.iter().all(|m| m.ends_call));
    assert!(l.links.is_empty());
}

#[test]
fn warm_transfer_links_the_gone_operator_across_sessions() {
    let (store, set) = load("sample_sessions/warm-transfer.ndjson");
    let l = first_layout(&store, &set);
    assert_eq!(l.sessions.len(), 2, "{:?}", l.sessions);
    assert!(l.sessions.iter().all(|s| !s.bridge));
    // Session headers own consecutive lane ranges, in order.
    assert_eq!(l.sessions[0].lanes.start, 0);
    assert_eq!(l.sessions[0].lanes.end, l.sessions[1].lanes.start);
    assert_eq!(l.sessions[1].lanes.end, l.lanes.len());
    assert!(l.lanes[0].caller);
    assert_bands_well_formed(&l);
    let gone: Vec<_> = l
        .markers
        .iter()
        .filter(|m| m.kind == MarkerKind::Gone)
        .collect();
    assert_eq!(gone.len(), 2, "{:?}", l.markers);
    for m in &gone {
        assert_eq!(m.reason.as_deref(), Some("AttendedTransfer"));
        assert!(!m.ends_call);
        assert!(m.explanation.contains("not a hang-up"));
    }
    let link = l
        .links
        .iter()
        .find(|k| k.kind == "AttendedTransfer")
        .expect("an AttendedTransfer link");
    assert!(!link.inferred);
    // The arrow joins the two sessions and starts at a Gone marker.
    assert_ne!(
        l.lanes[link.from_lane].session,
        l.lanes[link.to_lane].session
    );
    assert!(
        gone.iter()
            .any(|m| m.lane == link.from_lane && m.t_ms == link.from_ms)
    );
    assert!(link.to_ms >= link.from_ms);
}

#[test]
fn conference_bridge_header_is_flagged_and_joins_point_into_it() {
    let (store, set) = load("sample_sessions/conference.ndjson");
    let l = first_layout(&store, &set);
    assert_eq!(l.sessions.len(), 3);
    let bridges: Vec<_> = l.sessions.iter().filter(|s| s.bridge).collect();
    assert_eq!(bridges.len(), 1, "{:?}", l.sessions);
    let bridge = bridges[0];
    assert_eq!(bridge.legacy.as_deref(), Some("0"));
    assert_eq!(bridge.origin.as_deref(), Some("Conference"));
    let joins: Vec<_> = l.links.iter().filter(|k| k.kind == "Conference").collect();
    assert_eq!(joins.len(), 2, "{:?}", l.links);
    for j in joins {
        let ends = [l.lanes[j.from_lane].session, l.lanes[j.to_lane].session];
        let bridge_index = l.sessions.iter().position(|s| s.bridge);
        assert!(ends.iter().any(|e| Some(*e) == bridge_index), "{j:?}");
        assert!(j.explanation.starts_with("Conference join"));
    }
    let g = graph_layout(&set, &l);
    assert_eq!(g.nodes.len(), l.sessions.len() + l.lanes.len());
    assert_eq!(g.edges.iter().filter(|e| !e.member).count(), l.links.len());
}

#[test]
fn blind_transfer_link_is_inferred() {
    let (store, set) = load("sample_sessions/blind-transfer.ndjson");
    let l = first_layout(&store, &set);
    let link = l.links.first().expect("a link");
    assert_eq!(link.kind, "BlindTransfer");
    assert!(link.inferred);
    assert!(link.explanation.contains("Inferred"));
    // The new party appears after the transfer: the arrow ends where its lane starts.
    let target_first = l
        .bands
        .iter()
        .filter(|b| b.lane == link.to_lane)
        .map(|b| b.t0_ms)
        .fold(f64::INFINITY, f64::min);
    assert_eq!(link.to_ms, target_first.max(link.from_ms));
}

#[test]
fn call_switch_marker_says_the_call_goes_on() {
    let (store, set) = load("sample_sessions/call-switch.ndjson");
    let l = first_layout(&store, &set);
    let m = l
        .markers
        .iter()
        .find(|m| m.reason.as_deref() == Some("CallSwitch"))
        .expect("a CallSwitch marker");
    assert!(!m.ends_call);
    assert!(m.explanation.contains("not the end of the call"));
}

#[test]
fn playback_shows_each_lane_state_and_steps_through_every_change() {
    let (store, set) = load("sample_sessions/warm-transfer.ndjson");
    let l = first_layout(&store, &set);
    let first = l.moments[0];
    assert_eq!(l.state_at(first.lane, -1.0), LaneState::NotYet);
    assert!(matches!(
        l.state_at(first.lane, first.t_ms),
        LaneState::Band(_)
    ));
    for lane in 0..l.lanes.len() {
        if l.markers.iter().any(|m| m.lane == lane) {
            assert!(matches!(
                l.state_at(lane, l.duration_ms + 1.0),
                LaneState::Ended(_)
            ));
        }
    }
    let mut at = None;
    let mut seen = 0;
    let mut t = -1.0;
    while let Some(m) = l.step(at, t, true) {
        assert!(m.t_ms >= t);
        at = Some(m.event);
        t = m.t_ms;
        seen += 1;
    }
    assert_eq!(seen, l.moments.len());
    let back = l.step(at, t, false).expect("a previous moment");
    assert_eq!(back, l.moments[l.moments.len() - 2]);
}
