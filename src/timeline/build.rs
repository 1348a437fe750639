//! Builds a [`Layout`] from the engine's call: sessions in the call's order, lanes in each
//! session's order of first appearance, one band per state, one marker per Gone/Disconnected,
//! one arrow per link. Reads only the engine's public types.

use super::{
    Band, BandKind, Lane, Layout, LinkArrow, Marker, MarkerKind, Moment, SessionHeader,
    TimelineRequest, explain, ms_between,
};
use crate::calls::{Call, CallSet, Evidence, PartyNode};
use crate::model::{StatusCode, reason_is_call_end};
use crate::store::Store;
use std::collections::HashMap;

/// The band kind of a status code; `None` for the codes drawn as markers.
pub fn band_kind(code: StatusCode) -> Option<BandKind> {
    Some(match code {
        StatusCode::Setup | StatusCode::Proceeding => BandKind::Ringing,
        StatusCode::Answered => BandKind::Talking,
        StatusCode::Hold => BandKind::Hold,
        StatusCode::Parked => BandKind::Parked,
        StatusCode::VoiceMail | StatusCode::VoiceMailScreening => BandKind::VoiceMail,
        StatusCode::FaxReceive | StatusCode::Tds | StatusCode::Other => BandKind::Other,
        StatusCode::Disconnected | StatusCode::Gone => return None,
    })
}

/// Lays out call `request.call` of `set` in `mode`; `None` when there is no such call.
pub fn layout_view(
    store: &Store,
    set: &CallSet,
    request: TimelineRequest,
    mode: super::LayoutMode,
) -> Option<Layout> {
    let l = layout(store, set, request)?;
    Some(match mode {
        super::LayoutMode::Sessions => l,
        super::LayoutMode::People => super::people_view(store, set, l),
    })
}

/// Lays out call `request.call` of `set` in the session view; `None` when there is no such call.
pub fn layout(store: &Store, set: &CallSet, request: TimelineRequest) -> Option<Layout> {
    let call = set.calls.get(request.call)?;
    let mut out = Layout {
        request,
        call_id: store.text(call.id).to_owned(),
        start: call.start,
        duration_ms: ms_between(call.start, call.end).max(0.0),
        sessions: Vec::new(),
        lanes: Vec::new(),
        bands: Vec::new(),
        markers: Vec::new(),
        links: Vec::new(),
        moments: Vec::new(),
        notes: Vec::new(),
        view_note: super::unknowns::view_note(store, set, call),
        unseen: Vec::new(),
        gaps: Vec::new(),
        recordings: Vec::new(),
        connections: Vec::new(),
        mode: super::LayoutMode::Sessions,
        legs: Vec::new(),
    };
    add_lanes(store, set, call, &mut out);
    for lane in 0..out.lanes.len() {
        if let Some(party) = set.party(out.lanes[lane].party) {
            add_states(store, set, party, lane, &mut out);
        }
    }
    add_links(set, call, &mut out);
    super::unknowns::add_unseen(set, call, &mut out);
    super::unknowns::add_gaps(store, set, call, &mut out);
    super::recordings::add_recordings(store, call, &mut out);
    super::connections::add_connections(set, call, &mut out);
    out.moments.sort_by(|a, b| {
        a.t_ms
            .total_cmp(&b.t_ms)
            .then(a.event.cmp(&b.event))
            .then(a.lane.cmp(&b.lane))
    });
    Some(out)
}

fn add_lanes(store: &Store, set: &CallSet, call: &Call, out: &mut Layout) {
    for &s in &call.sessions {
        let Some(session) = set.session(s) else {
            continue;
        };
        let first = out.lanes.len();
        let index = out.sessions.len();
        for &p in &session.parties {
            let Some(party) = set.party(p) else { continue };
            if !call.parties.contains(&p) {
                continue;
            }
            let mut label = party.identity.label.clone();
            if !party.seen() && !label.contains("not in") {
                label.push_str(" (not in this capture)");
            }
            out.lanes.push(Lane {
                session: index,
                party: p,
                party_id: store.text(party.id).to_owned(),
                label,
                caller: call.caller == Some(p),
                seen: party.seen(),
                parties: vec![p],
            });
        }
        out.sessions.push(SessionHeader {
            node: s,
            id: store.text(session.id).to_owned(),
            origin: store.opt_text(session.origin).map(str::to_owned),
            legacy: store.opt_text(session.legacy).map(str::to_owned),
            bridge: session.bridge,
            seen: session.seen(),
            lanes: first..out.lanes.len(),
        });
    }
}

fn add_states(store: &Store, set: &CallSet, party: &PartyNode, lane: usize, out: &mut Layout) {
    let end_ms = out.duration_ms;
    for (i, s) in party.states.iter().enumerate() {
        let t0 = out.ms_of(s.at);
        let code = store.text(s.code_raw).to_owned();
        let reason = store.opt_text(s.reason).map(str::to_owned);
        out.moments.push(Moment {
            t_ms: t0,
            lane,
            event: s.event,
        });
        match band_kind(s.code) {
            Some(kind) => {
                let next = party.states.get(i + 1).map(|n| out.ms_of(n.at));
                let t1 = next.unwrap_or(end_ms).max(t0);
                let uncertain = crate::calls::gaps::state_uncertain(store, set, party, i);
                let mut explanation = explain::band(kind, &code, reason.as_deref(), next.is_none());
                if uncertain {
                    explanation.push_str(explain::UNCERTAIN);
                }
                out.bands.push(Band {
                    lane,
                    t0_ms: t0,
                    t1_ms: t1,
                    kind,
                    state: i,
                    event: s.event,
                    code,
                    reason,
                    open_end: next.is_none(),
                    explanation,
                    uncertain,
                });
            }
            None => {
                let kind = if s.code == StatusCode::Gone {
                    MarkerKind::Gone
                } else {
                    MarkerKind::Disconnected
                };
                // Gone always hands the party over; Disconnected ends it unless the reason says
                // the call goes on.
                let ends_call =
                    kind == MarkerKind::Disconnected && reason_is_call_end(reason.as_deref());
                let explanation = explain::marker(kind, reason.as_deref(), ends_call);
                out.markers.push(Marker {
                    lane,
                    t_ms: t0,
                    kind,
                    reason,
                    event: s.event,
                    ends_call,
                    explanation,
                });
            }
        }
    }
}

fn add_links(set: &CallSet, call: &Call, out: &mut Layout) {
    let lanes: HashMap<_, usize> = out
        .lanes
        .iter()
        .enumerate()
        .map(|(i, l)| (l.party, i))
        .collect();
    for &e in &call.links {
        let Some((a, b, link)) = set.link(e) else {
            continue;
        };
        let (Some(&from_lane), Some(&to_lane)) = (lanes.get(&a), lanes.get(&b)) else {
            continue;
        };
        let from_ms = out.ms_of(link.at);
        // A party that appears only after the hand-over is reached when it appears.
        let to_first = set
            .party(b)
            .and_then(|p| p.first_at())
            .map(|t| out.ms_of(t));
        let to_ms = match to_first {
            Some(t) if t > from_ms => t,
            _ => from_ms,
        };
        let inferred = link.evidence == Evidence::Inferred;
        let explanation = explain::link(
            &link.kind,
            inferred,
            &out.lanes[from_lane].label,
            &out.lanes[to_lane].label,
            out.sessions[out.lanes[to_lane].session].bridge,
        );
        out.links.push(LinkArrow {
            edge: e,
            from_lane,
            to_lane,
            from_ms,
            to_ms,
            kind: link.kind.clone(),
            inferred,
            event: link.event,
            explanation,
        });
    }
}
