//! A call told in plain sentences a support trainee can follow, one per state change or
//! hand-over, in time order. The window's Story tab and `callflow story` both print these.

use super::{Call, CallSet, PartyNode, StateChange};
use crate::model::{StatusCode, reason_explanation};
use crate::store::{EventId, Store};
use jiff::Timestamp;
use petgraph::graph::NodeIndex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub at: Timestamp,
    pub text: String,
    /// The event behind it, to select that moment.
    pub event: Option<EventId>,
    pub party: Option<NodeIndex>,
}

fn short_session(id: &str) -> String {
    if id.len() > 14 {
        format!("{}…", &id[..12])
    } else {
        id.to_owned()
    }
}

/// The call's story: an opening line, then one sentence per state change.
pub fn story(store: &Store, set: &CallSet, call: &Call) -> Vec<Sentence> {
    let mut out = Vec::new();
    out.push(Sentence {
        at: call.start,
        text: super::story_edges::opening(set, call),
        event: None,
        party: call.caller,
    });
    out.extend(super::story_edges::view_sentence(store, set, call));
    let mut lines: Vec<(Timestamp, u32, Sentence)> = Vec::new();
    for &p in &call.parties {
        let Some(party) = set.party(p) else { continue };
        let mut previous: Option<&StateChange> = None;
        for s in &party.states {
            let Some(text) = describe(store, set, call, p, party, s, previous) else {
                previous = Some(s);
                continue;
            };
            let seq = store.event(s.event).sequence().unwrap_or(0);
            lines.push((
                s.at,
                u32::try_from(seq).unwrap_or(0),
                Sentence {
                    at: s.at,
                    text,
                    event: Some(s.event),
                    party: Some(p),
                },
            ));

            previous = Some(s);
        }
    }
    lines.extend(super::story_edges::timed(store, set, call));
    // One sentence per conversation segment, after the state sentences of its moment.
    for (seg, members) in call.connections.iter() {
        if let Some(text) = super::connection_story::sentence(set, call, &seg, members) {
            let party = members.iter().find_map(|m| m.party);
            lines.push((
                seg.start,
                u32::MAX,
                Sentence {
                    at: seg.start,
                    text,
                    event: None,
                    party,
                },
            ));
        }
    }
    for r in &call.recordings {
        let text = super::connection_story::recording_sentence(store, set, r);
        let sentence = Sentence {
            at: r.start,
            text,
            event: None,
            party: Some(r.party),
        };
        lines.push((r.start, u32::MAX, sentence));
    }
    lines.sort_by(|a, b| (a.0, a.1, &a.2.text).cmp(&(b.0, b.1, &b.2.text)));
    // Each sentence starts with its time; the first one of a new day (a call across midnight)
    // with the date too.
    let mut day = call.start.strftime("%Y-%m-%d").to_string();
    out.extend(lines.into_iter().map(|(at, _, mut sentence)| {
        let today = at.strftime("%Y-%m-%d").to_string();
        let time = if today == day {
            at.strftime("%H:%M:%S").to_string()
        } else {
            at.strftime("%Y-%m-%d %H:%M:%S").to_string()
        };
        day = today;
        sentence.text.insert(0, ' ');
        sentence.text.insert_str(0, &time);
        sentence
    }));
    out
}

/// The people on the other end of a party's session (not the party itself, not legs of the
/// same extension, not conference legs), as one phrase.
fn others_in_session(
    set: &CallSet,
    call: &Call,
    session: NodeIndex,
    not: &PartyNode,
    at: jiff::Timestamp,
) -> Vec<String> {
    set.session(session)
        .map(|s| s.parties.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|q| call.parties.contains(q))
        .filter_map(|q| set.party(*q))
        .filter(|q| {
            q.seen() && q.id != not.id && !super::moves::is_conference_leg(&q.identity.label)
        })
        // Only who is still on the call at that moment: not those who already left.
        .filter(|q| q.first_at().is_some_and(|t| t <= at) && !left_before(q, at))
        .filter(|q| {
            not.identity.extension_id.is_none()
                || q.identity.extension_id != not.identity.extension_id
        })
        .map(|q| q.identity.label.clone())
        .collect()
}

fn phrase(names: Vec<String>) -> Option<String> {
    (!names.is_empty()).then(|| names.join(" and "))
}

/// The linked party at the other end of `p`'s link, if any.
fn peer_of(set: &CallSet, p: NodeIndex) -> Option<(NodeIndex, &PartyNode, &super::Link)> {
    set.links_of(p)
        .find_map(|(_, q, link)| set.party(q).map(|peer| (q, peer, link)))
}

fn describe(
    store: &Store,
    set: &CallSet,
    call: &Call,
    p: NodeIndex,
    party: &PartyNode,
    s: &StateChange,
    previous: Option<&StateChange>,
) -> Option<String> {
    let who = &party.identity.label;
    let reason = store.opt_text(s.reason);
    let is = |r: &str| reason.is_some_and(|x| x.eq_ignore_ascii_case(r));
    let session_of = |q: NodeIndex| {
        set.party(q)
            .and_then(|x| set.session(x.session))
            .map(|x| short_session(store.text(x.id)))
            .unwrap_or_default()
    };
    let peer_session = || {
        set.links_of(p)
            .next()
            .map(|(_, q, _)| session_of(q))
            .unwrap_or_else(|| "another session".into())
    };
    // Read with its RingOut role, or the direction of the leg a switch replaced.
    let outbound =
        super::roles::direction(store, set, p, party) == crate::model::Direction::Outbound;
    let in_bridge = set.session(party.session).is_some_and(|x| x.bridge);
    let bridge_leg = super::moves::is_conference_leg(who);
    let caller = &call.caller_label;
    let pattern = (!bridge_leg)
        .then(|| super::story_patterns::describe(store, set, call, p, party, s, previous))
        .flatten();
    let body = match s.code {
        // A bridge's participant legs mirror the original legs, which tell the story.
        _ if bridge_leg => return None,
        _ if pattern.is_some() => pattern.unwrap_or_default(),
        StatusCode::Setup if in_bridge => {
            format!(
                "{who} opened a conference bridge (session {})",
                short_session(store.text(party.session_id))
            )
        }
        StatusCode::Answered
            if in_bridge && previous.is_some_and(|x| x.code == StatusCode::Setup) =>
        {
            format!("{who} is in the conference")
        }
        StatusCode::Setup if outbound => {
            let to = store.opt_text(store.event(s.event).party.to.number);
            match to.filter(|n| !n.eq_ignore_ascii_case("conference")) {
                Some(n) => format!("{who} dialled {}", super::format_number(n)),
                None => format!("{who} dialled"),
            }
        }
        StatusCode::Setup => format!("the call reached {who}"),
        StatusCode::Proceeding if outbound => format!("{who} hears ringing"),
        StatusCode::Proceeding => format!("{who} is ringing"),
        StatusCode::Answered if is("Supervising") => format!("{who} started supervising the call"),
        // A pickup from park is told once, by the parked party's Gone/Pickup.
        StatusCode::Answered
            if is("Pickup")
                && set.links_of(p).any(|(_, _, l)| {
                    l.evidence == super::Evidence::PeerId && l.kind.eq_ignore_ascii_case("Pickup")
                }) =>
        {
            return None;
        }
        StatusCode::Answered if is("Pickup") => format!("{who} picked the call up"),
        StatusCode::Answered if previous.is_some_and(|x| x.code == StatusCode::Hold) => {
            format!("{who} took the call off hold")
        }
        StatusCode::Answered if previous.is_some_and(|x| x.code == StatusCode::Parked) => {
            format!("{who} is back from park")
        }
        StatusCode::Answered if outbound && !someone_answered_before(set, call, p, s.at) => {
            format!("{who} is connected to the phone system (nobody has answered yet)")
        }
        StatusCode::Answered if outbound => format!("{who}'s leg is connected"),
        StatusCode::Answered => format!("{who} answered"),
        StatusCode::Hold => format!("{who} put the call on hold"),
        StatusCode::Parked => match store.opt_text(store.park_data(&store.event(s.event).party)) {
            Some(at) => format!("{who} parked the call at {at}"),
            None => format!("{who} parked the call"),
        },
        StatusCode::VoiceMail => format!("{who}'s voicemail took the call"),
        StatusCode::VoiceMailScreening => format!("{who} is listening to the voicemail being left"),
        StatusCode::FaxReceive => format!("{who} is receiving a fax"),
        StatusCode::Gone if is("AttendedTransfer") => {
            let (_, peer, link) = peer_of(set, p)?;
            if link.event != Some(s.event) {
                // Both of the transferring person's legs end; the first one told the story.
                format!(
                    "{who}'s other leg (session {}) was released by the transfer",
                    short_session(store.text(party.session_id))
                )
            } else {
                // The caller now talks to whoever is left in either of the two sessions.
                let found = [
                    (peer.session, peer.session_id),
                    (party.session, party.session_id),
                ]
                .into_iter()
                .find_map(|(n, id)| {
                    let mut with = others_in_session(set, call, n, party, s.at);
                    with.retain(|x| x != caller);
                    phrase(with).map(|w| (w, id))
                });
                match found {
                    Some((with, session)) => format!(
                        "{who} completed an attended transfer; the caller now talks to {with} in session {}",
                        store.text(session)
                    ),
                    None => format!("{who} completed an attended transfer"),
                }
            }
        }
        StatusCode::Gone if is("Conference") => {
            let others = phrase(others_in_session(set, call, party.session, party, s.at))
                .unwrap_or_else(|| "this leg".into());
            let bridge = peer_of(set, p).map_or("another session".into(), |(_, q, _)| {
                short_session(store.text(q.session_id))
            });
            format!(
                "{who} merged the call with {others} into the conference bridge (session {bridge})"
            )
        }
        StatusCode::Gone if is("Pickup") => {
            let by = peer_of(set, p).map_or("someone outside this capture".into(), |(_, q, _)| {
                q.identity.label.clone()
            });
            if party.has_state(StatusCode::Parked) {
                format!("{by} picked up the call from park; {who} is no longer on it")
            } else {
                format!("{by} picked up the call; {who} is no longer on it")
            }
        }
        StatusCode::Gone if is("Supervising") => {
            format!(
                "{who}'s leg became a supervising leg in session {}",
                peer_session()
            )
        }
        StatusCode::Gone => format!(
            "{who} moved to session {} ({})",
            peer_session(),
            reason.unwrap_or("no reason given")
        ),
        StatusCode::Disconnected => match reason {
            None if someone_came_after(set, p, party, s) => {
                format!("{who} passed the call on in the same session")
            }
            None if previous.is_some_and(|x| x.code == StatusCode::VoiceMail) => {
                format!("{who}'s voicemail finished")
            }
            None => format!("{who} hung up"),
            Some(r) if r.eq_ignore_ascii_case("Cancelled") && outbound => {
                format!("{who} hung up before anyone answered")
            }
            Some(r) if r.eq_ignore_ascii_case("Cancelled") => format!(
                "{who} stopped ringing: the caller hung up before anyone answered (a missed call)"
            ),
            Some(r) => match reason_explanation(r) {
                Some(text)
                    if !crate::model::reason_is_call_end(Some(r)) && !text.contains("goes on") =>
                {
                    format!("{who} left ({r}: {text}); the call goes on")
                }
                Some(text) => format!("{who} left ({r}: {text})"),
                None => format!("{who} left (reason {r}, not described by RingCentral)"),
            },
        },
        StatusCode::Tds | StatusCode::Other => {
            format!(
                "{who} is now in state {} (not documented)",
                store.text(s.code_raw)
            )
        }
    };
    let stop = if body.ends_with('…') || body.ends_with('.') {
        ""
    } else {
        "."
    };
    Some(format!("{body}{stop}"))
}

/// Whether a new party joined the session after `party` left (IVR routing, hand-overs).
fn someone_came_after(set: &CallSet, p: NodeIndex, party: &PartyNode, s: &StateChange) -> bool {
    set.session(party.session).is_some_and(|session| {
        session.parties.iter().any(|q| {
            *q != p
                && set
                    .party(*q)
                    .and_then(PartyNode::first_at)
                    .is_some_and(|t| t >= s.at)
        })
    })
}

/// Whether a party had already left (Disconnected or Gone) before `at`.
fn left_before(p: &PartyNode, at: jiff::Timestamp) -> bool {
    p.states.iter().any(|s| s.code.is_final() && s.at < at)
}

/// Whether another party of the call answered at or before `at`.
fn someone_answered_before(set: &CallSet, call: &Call, p: NodeIndex, at: jiff::Timestamp) -> bool {
    call.parties
        .iter()
        .filter(|q| **q != p)
        .filter_map(|q| set.party(*q))
        .any(|q| {
            q.states
                .iter()
                .any(|x| x.code == StatusCode::Answered && x.at <= at)
        })
}
