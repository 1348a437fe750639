//! Who is talking to whom, laid out: the engine's conversation segments
//! ([`crate::calls::Connections`]) as connector bars between the lanes of the parties connected,
//! with the words a trainee reads ("talking: JORDAN REYES ↔ Chloe Dubois", "conference: 3
//! people") and the hover sentence. The engine's segments are read here only, so a change of
//! their representation is fixed in one place. Ringing is left to the bands: they already say it.

use super::{ConnectionBand, ConnectionMember, Layout, format_since};
use crate::calls::{Call, CallSet, ConnectionEvidence, ConnectionKind};

/// Adds a [`ConnectionBand`] per segment of `call` worth drawing.
pub(super) fn add_connections(set: &CallSet, call: &Call, out: &mut Layout) {
    for (seg, members) in call.connections.iter() {
        if seg.kind == ConnectionKind::Ringing {
            continue;
        }
        let members: Vec<ConnectionMember> = members
            .iter()
            .map(|m| {
                let party = m.party.and_then(|p| set.party(p));
                ConnectionMember {
                    party: m.party,
                    lane: m.party.and_then(|p| out.lane_of(p)),
                    role: m.role,
                    name: match party {
                        Some(p) => p.identity.label.clone(),
                        None => seg.far_end.unwrap_or("far end").to_owned(),
                    },
                }
            })
            .collect();
        // Drawn only when some member has a lane to draw it on.
        if members.iter().all(|m| m.lane.is_none()) {
            continue;
        }
        out.connections.push(ConnectionBand {
            t0_ms: out.ms_of(seg.start),
            t1_ms: out.ms_of(seg.end),
            kind: seg.kind,
            evidence: seg.evidence,
            open_end: seg.open_end,
            far_end: seg.far_end.map(str::to_owned),
            members,
        });
    }
}

/// A lane label without its number in brackets: "Mateo Silva (ext 111)" → "Mateo Silva".
fn short(name: &str) -> &str {
    match name.rfind(" (") {
        Some(i) if i > 0 && name.ends_with(')') => &name[..i],
        _ => name,
    }
}

/// Who a member is, as the layout names it now (lane labels may be redacted).
pub fn member_name<'a>(l: &'a Layout, c: &'a ConnectionBand, i: usize) -> &'a str {
    let m = &c.members[i];
    match m.lane.and_then(|lane| l.lanes.get(lane)) {
        Some(lane) => &lane.label,
        None if m.party.is_none() => c.far_end.as_deref().unwrap_or("far end"),
        None => &m.name,
    }
}

/// Member `i` as a chip names it: shortened, a far end said so, a bridge leg by its person.
fn display(l: &Layout, c: &ConnectionBand, i: usize) -> String {
    let name = member_name(l, c, i);
    // A person's second lane in the people view says "· leg 2"; the person is the same.
    let name = short(name.split(" · leg ").next().unwrap_or(name));
    if c.members[i].party.is_none() {
        format!("far end {name}")
    } else {
        name.strip_prefix("conference leg of ")
            .unwrap_or(name)
            .to_owned()
    }
}

/// The distinct people of a segment, in member order, shortened.
fn people(l: &Layout, c: &ConnectionBand) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in 0..c.members.len() {
        let name = display(l, c, i);
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The verb of a segment's kind, as its label starts.
pub fn kind_word(k: ConnectionKind) -> &'static str {
    match k {
        ConnectionKind::Talk => "talking",
        ConnectionKind::Conference => "conference",
        ConnectionKind::Supervise => "listening in",
        ConnectionKind::Hold => "on hold",
        ConnectionKind::Parked => "parked",
        ConnectionKind::Ringing => "ringing",
        ConnectionKind::Queue => "in queue",
        ConnectionKind::VoiceMail => "voicemail",
    }
}

/// The label of a segment: "talking: JORDAN REYES ↔ Chloe Dubois", "conference: 3 people",
/// "on hold: Mateo Silva holds JORDAN REYES"; "(inferred)" added when the events do not say it.
pub fn connection_label(l: &Layout, c: &ConnectionBand) -> String {
    let who = people(l, c);
    let by_role = |role: crate::calls::Role| {
        c.members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.role == role)
            .map(|(i, _)| display(l, c, i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = match c.kind {
        ConnectionKind::Conference => format!("conference: {} people", who.len()),
        ConnectionKind::Hold | ConnectionKind::Parked => {
            let verb = if c.kind == ConnectionKind::Hold {
                (crate::calls::Role::Holding, "holds")
            } else {
                (crate::calls::Role::Parking, "parked")
            };
            let (a, b) = (by_role(verb.0), by_role(crate::calls::Role::Waiting));
            if a.is_empty() || b.is_empty() {
                format!("{}: {}", kind_word(c.kind), who.join(", "))
            } else {
                format!("{}: {a} {} {b}", kind_word(c.kind), verb.1)
            }
        }
        ConnectionKind::Supervise => {
            let sup = by_role(crate::calls::Role::Supervising);
            format!("listening in: {sup}")
        }
        _ => format!("{}: {}", kind_word(c.kind), who.join(" ↔ ")),
    };
    if c.evidence == ConnectionEvidence::Inferred {
        text.push_str(" (inferred)");
    }
    text
}

/// The short label when the long one has no room: "talking", "conference: 3".
pub fn connection_short(l: &Layout, c: &ConnectionBand) -> String {
    match c.kind {
        ConnectionKind::Conference => format!("conference: {}", people(l, c).len()),
        k => kind_word(k).to_owned(),
    }
}

/// The hover sentence: who, in which role, from when to when, and how it is known.
pub fn connection_explanation(l: &Layout, c: &ConnectionBand) -> String {
    let members: Vec<String> = (0..c.members.len())
        .map(|i| format!("{} ({})", member_name(l, c, i), c.members[i].role.as_str()))
        .collect();
    let until = if c.open_end {
        "until the capture ends".to_owned()
    } else {
        format!("to {}", format_since(c.t1_ms, 1000.0))
    };
    let how = match c.evidence {
        ConnectionEvidence::Observed => "The parties' states in one session say so.",
        ConnectionEvidence::PeerId => {
            "The parties are in different sessions, joined by a peerId link (a transfer, a pickup or a conference merge)."
        }
        ConnectionEvidence::Inferred => {
            "Inferred: the events do not state it (a far end not in the capture, a menu that never answers, a supervisor whose mute changed)."
        }
    };
    format!(
        "{}: {} from {} {until} ({:.0} s). {how}",
        kind_word(c.kind),
        members.join(", "),
        format_since(c.t0_ms, 1000.0),
        ((c.t1_ms - c.t0_ms) / 1000.0).max(0.0),
    )
}
