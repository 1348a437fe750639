//! The person-centred view: one lane per person or endpoint, their legs in different sessions
//! joined on it, and sessions kept visible as a thin coloured strip under each leg. Built from
//! the session layout by moving its marks onto the people's lanes, so both views show the same
//! marks and the same connections.
//!
//! Who is one person is decided here, never in a painter: the same extension id, else the same
//! phone number, else the same name; a conference bridge's leg belongs to the person whose call it
//! brings in (its name says who). A person whose legs overlap in time (an agent holding the
//! caller on one leg while consulting on another) gets a second lane, named so.

use super::{Layout, LayoutMode, NotePlace, SessionHeader};
use crate::calls::CallSet;
use crate::store::Store;

/// How much a person's next leg may overlap the last one on a lane (the steps of a hand-over
/// are a few hundred milliseconds apart).
const HANDOVER_MS: f64 = 1500.0;

/// A leg of a person in the people view: the stretch of a lane one party of one session holds.
#[derive(Debug, Clone, PartialEq)]
pub struct LegMark {
    pub lane: usize,
    pub t0_ms: f64,
    pub t1_ms: f64,
    /// Index of its session in the call (0, 1, …), for its colour.
    pub session_no: usize,
    /// telephonySessionId.
    pub session_id: String,
    pub bridge: bool,
    pub party_id: String,
}

/// Who a party is, as a key two legs of one person share.
fn person_key(
    store: &Store,
    set: &CallSet,
    label: &str,
    party: petgraph::graph::NodeIndex,
) -> String {
    let Some(p) = set.party(party) else {
        return format!("label:{label}");
    };
    if let Some(x) = store.opt_text(p.identity.extension_id) {
        return format!("ext:{x}");
    }
    if let Some(n) = store.opt_text(p.identity.number) {
        return format!("number:{n}");
    }
    if let Some(n) = store.opt_text(p.identity.name) {
        return format!("name:{}", n.to_lowercase());
    }
    format!("label:{label}")
}

/// The key of the person a conference leg stands for ("conference leg of LEE FONTAINE"): the
/// one party of the call whose name it carries, when there is exactly one.
fn leg_owner(l: &Layout, lane: usize, keys: &[String]) -> Option<String> {
    let who = l.lanes[lane].label.strip_prefix("conference leg of ")?;
    let mut found = l
        .lanes
        .iter()
        .enumerate()
        .filter(|(i, o)| *i != lane && !o.label.starts_with("conference leg"))
        .filter(|(_, o)| o.label == who || o.label.starts_with(&format!("{who} (")));
    let (first, _) = found.next()?;
    found.next().is_none().then(|| keys[first].clone())
}

/// The span of time each lane of the session layout holds marks in.
fn spans(l: &Layout) -> Vec<(f64, f64)> {
    let mut s = vec![(f64::INFINITY, f64::NEG_INFINITY); l.lanes.len()];
    let mut take = |lane: usize, a: f64, b: f64| {
        if let Some(x) = s.get_mut(lane) {
            *x = (x.0.min(a), x.1.max(b));
        }
    };
    for b in &l.bands {
        take(b.lane, b.t0_ms, b.t1_ms);
    }
    for m in &l.markers {
        take(m.lane, m.t_ms, m.t_ms);
    }
    s
}

/// The people view of a session layout (see the module's text).
pub fn people_view(store: &Store, set: &CallSet, l: Layout) -> Layout {
    let keys = person_keys(store, set, &l);
    people_view_of(&keys, l)
}

/// Who each lane of a session layout is, as a key the lanes of one person share (taken before
/// redaction changes the labels, then given to [`people_view_of`]).
pub fn person_keys(store: &Store, set: &CallSet, l: &Layout) -> Vec<String> {
    let keys: Vec<String> = l
        .lanes
        .iter()
        .map(|lane| person_key(store, set, &lane.label, lane.party))
        .collect();
    (0..l.lanes.len())
        .map(|i| leg_owner(l, i, &keys).unwrap_or_else(|| keys[i].clone()))
        .collect()
}

/// The people view of session layout `l`, whose lanes are the people `keys` says.
pub fn people_view_of(keys: &[String], mut l: Layout) -> Layout {
    if keys.len() != l.lanes.len() {
        return l;
    }
    // People in order of their first leg, the caller first.
    let mut order: Vec<String> = Vec::new();
    if let Some(c) = l.lanes.iter().position(|x| x.caller) {
        order.push(keys[c].clone());
    }
    for k in keys {
        if !order.contains(k) {
            order.push(k.clone());
        }
    }
    let spans = spans(&l);
    // Each person's legs by start, packed onto as few lanes as keep them apart in time.
    let mut new_lane = vec![0usize; l.lanes.len()];
    let mut lanes = Vec::new();
    for key in &order {
        let mut legs: Vec<usize> = (0..l.lanes.len()).filter(|&i| &keys[i] == key).collect();
        legs.sort_by(|&a, &b| spans[a].0.total_cmp(&spans[b].0).then(a.cmp(&b)));
        // The person's name: its first leg that is not a bridge's technical leg.
        let name_leg = legs
            .iter()
            .copied()
            .find(|&i| !l.lanes[i].label.starts_with("conference leg"))
            .unwrap_or(legs[0]);
        let mut rows: Vec<(usize, f64)> = Vec::new();
        for &leg in &legs {
            let (a, b) = spans[leg];
            // A leg of a moment (a bridge's leg that only goes Gone) joins the first lane; a leg
            // may start a moment before the last one on a lane ends (a hand-over's steps).
            let moment = b - a < HANDOVER_MS;
            let row = if moment && !rows.is_empty() {
                Some(0)
            } else {
                rows.iter().position(|&(_, end)| end <= a + HANDOVER_MS)
            };
            let row = match row {
                Some(r) => r,
                None => {
                    let mut lane = l.lanes[name_leg].clone();
                    lane.session = 0;
                    lane.caller = false;
                    lane.seen = false;
                    lane.parties.clear();
                    if !rows.is_empty() {
                        lane.label = format!("{} · leg {}", lane.label, rows.len() + 1);
                    }
                    lanes.push(lane);
                    rows.push((lanes.len() - 1, f64::NEG_INFINITY));
                    rows.len() - 1
                }
            };
            if b.is_finite() {
                rows[row].1 = rows[row].1.max(b);
            }
            let at = rows[row].0;
            new_lane[leg] = at;
            let old = &l.lanes[leg];
            let lane = &mut lanes[at];
            lane.caller |= old.caller;
            lane.seen |= old.seen;
            lane.parties.extend(old.parties.iter().copied());
        }
    }
    for lane in &mut lanes {
        let n = lane.parties.len();
        lane.party_id = if n == 1 {
            lane.party_id.clone()
        } else {
            format!("{n} legs")
        };
    }
    // Legs, for the session strips.
    let legs: Vec<LegMark> = (0..l.lanes.len())
        .filter(|&i| spans[i].0 <= spans[i].1)
        .map(|i| {
            let s = &l.sessions[l.lanes[i].session];
            LegMark {
                lane: new_lane[i],
                t0_ms: spans[i].0,
                t1_ms: spans[i].1,
                session_no: l.lanes[i].session,
                session_id: s.id.clone(),
                bridge: s.bridge,
                party_id: l.lanes[i].party_id.clone(),
            }
        })
        .collect();
    let map = |lane: &mut usize| *lane = new_lane.get(*lane).copied().unwrap_or(0);
    l.bands.iter_mut().for_each(|b| map(&mut b.lane));
    l.markers.iter_mut().for_each(|m| map(&mut m.lane));
    l.moments.iter_mut().for_each(|m| map(&mut m.lane));
    l.unseen.iter_mut().for_each(|u| map(&mut u.lane));
    l.recordings.iter_mut().for_each(|r| map(&mut r.lane));
    for c in &mut l.connections {
        for m in &mut c.members {
            if let Some(lane) = &mut m.lane {
                map(lane);
            }
        }
    }
    for k in &mut l.links {
        map(&mut k.from_lane);
        map(&mut k.to_lane);
    }
    // A link between two legs on one lane is what the lane already shows.
    l.links.retain(|k| k.from_lane != k.to_lane);
    for g in &mut l.gaps {
        g.session = 0;
    }
    for n in &mut l.notes {
        n.place = match n.place {
            NotePlace::Lane(i) => NotePlace::Lane(new_lane.get(i).copied().unwrap_or(0)),
            NotePlace::Session(_) => NotePlace::Session(0),
            NotePlace::Call => NotePlace::Call,
        };
    }
    let first = l.sessions.first().cloned();
    let sessions = l.sessions.len();
    l.sessions = first
        .map(|s| SessionHeader {
            id: format!(
                "{} {} · {} session{}",
                order.len(),
                if order.len() == 1 { "person" } else { "people" },
                sessions,
                if sessions == 1 { "" } else { "s" }
            ),
            origin: None,
            legacy: None,
            bridge: false,
            seen: true,
            lanes: 0..lanes.len(),
            ..s
        })
        .into_iter()
        .collect();
    l.lanes = lanes;
    l.legs = legs;
    l.mode = LayoutMode::People;
    l
}
