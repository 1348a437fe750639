//! How a call's two-party segments begin and how its segments end, for its flow
//! ([`super::flow`]): an answer, a resume, a dial to a menu, who now talks with whom, a
//! conference's members joining, and who hung up on whom.

use super::connections::{Connection, ConnectionEvidence, ConnectionKind, Member, Role};
use super::flow::Action;
use super::flow_steps::{Builder, dial, near};
use crate::model::{Direction, StatusCode};

/// The segment before `seg` with the same two people that ends when it starts.
fn previous_of<'a>(
    b: &mut Builder,
    before: &[(&'a Connection<'a>, &'a [Member])],
    seg: &Connection,
    pair: (usize, usize),
) -> Option<(&'a Connection<'a>, &'a [Member])> {
    before.iter().rev().copied().find(|(s, members)| {
        let people: Vec<usize> = members
            .iter()
            .filter_map(|m| b.people.of_member(m.party, s.far_end))
            .collect();
        near(s.end, seg.start) && people.contains(&pair.0) && people.contains(&pair.1)
    })
}

/// Two people talk (or one is with the other's voicemail): an answer, a resume, a dial to a
/// menu, or a note that they are connected now.
pub(super) fn talk(
    b: &mut Builder,
    before: &[(&Connection, &[Member])],
    seg: &Connection,
    members: &[Member],
    (x, y): (usize, usize),
    inferred: bool,
) {
    let party_of = |who: usize, b: &Builder| {
        members
            .iter()
            .filter_map(|m| m.party)
            .find(|&p| b.people.of_party(p) == Some(who))
    };
    let start = seg.start;
    if seg.kind == ConnectionKind::VoiceMail {
        let vm = members.iter().find(|m| m.role == Role::Voicemail);
        let Some(v) = vm.and_then(|m| b.member_person(seg, m)) else {
            return;
        };
        let other = if v == x { y } else { x };
        let p = vm.and_then(|m| m.party);
        let event = p.and_then(|p| b.tell(p, |s| s.code == StatusCode::VoiceMail));
        b.arrow(
            (v, other),
            Action::Voicemail,
            start,
            None,
            inferred,
            (p, event.map(|e| e.1)),
        );
        return;
    }
    match previous_of(b, before, seg, (x, y)) {
        Some((prev, pm)) if prev.kind == ConnectionKind::Ringing => {
            let far = prev.far_end;
            let ringer = pm.iter().find(|m| {
                m.role == Role::Ringing
                    && matches!(b.people.of_member(m.party, far), Some(r) if r == x || r == y)
            });
            let Some(r) = ringer.and_then(|m| b.people.of_member(m.party, far)) else {
                return;
            };
            let w = if r == x { y } else { x };
            let rp = ringer.and_then(|m| m.party);
            let told =
                rp.and_then(|p| b.tell(p, |s| s.code == StatusCode::Answered && near(s.at, start)));
            let answered = told.map_or(start, |(t, _)| t);
            if let Some(wp) = party_of(w, b) {
                b.tell(wp, |s| {
                    s.code == StatusCode::Answered && s.at >= answered && near(s.at, start)
                });
            }
            b.arrow(
                (r, w),
                Action::Answers,
                answered,
                None,
                inferred,
                (rp, told.map(|e| e.1)),
            );
        }
        Some((prev, pm)) if matches!(prev.kind, ConnectionKind::Hold | ConnectionKind::Parked) => {
            let holder = pm
                .iter()
                .find(|m| matches!(m.role, Role::Holding | Role::Parking));
            let Some(h) = holder.and_then(|m| b.people.of_member(m.party, prev.far_end)) else {
                return;
            };
            let w = if h == x { y } else { x };
            let hp = holder.and_then(|m| m.party);
            let told =
                hp.and_then(|p| b.tell(p, |s| s.code == StatusCode::Answered && near(s.at, start)));
            let at = told.map_or(start, |(t, _)| t);
            b.arrow(
                (h, w),
                Action::Resumes,
                at,
                None,
                inferred,
                (hp, told.map(|e| e.1)),
            );
        }
        Some(_) => {}
        None => {
            // A first segment with a leg just set up: the dial (a menu that never answers).
            let fresh = |who: usize, b: &Builder| {
                party_of(who, b).filter(|&p| {
                    b.set
                        .party(p)
                        .and_then(|q| q.states.first())
                        .is_some_and(|s| {
                            s.code == StatusCode::Setup
                                && near(s.at, start)
                                && !b.told.contains(&(p, 0))
                        })
                })
            };
            let outbound = |who: usize, b: &Builder| {
                party_of(who, b).is_some_and(|p| {
                    b.set.party(p).is_some_and(|q| {
                        super::roles::direction(b.store, b.set, p, q) == Direction::Outbound
                    })
                })
            };
            if let (Some(_), Some(_)) = (fresh(x, b), fresh(y, b)) {
                let (d, t) = if outbound(y, b) && !outbound(x, b) {
                    (y, x)
                } else {
                    (x, y)
                };
                let (dp, tp) = (party_of(d, b), party_of(t, b));
                dial(b, seg, (dp, d), (tp, t));
            }
            let joined = b
                .joined
                .iter()
                .any(|&(a, c, t)| ((a, c) == (x, y) || (c, a) == (x, y)) && near(t, start));
            if !joined {
                talking_note(b, seg, vec![x, y], inferred);
            }
        }
    }
}

/// "A and B talk": a note over both, from the segment's start (the writer names them).
fn talking_note(b: &mut Builder, seg: &Connection, over: Vec<usize>, inferred: bool) {
    let detail = (seg.evidence == ConnectionEvidence::PeerId)
        .then(|| "across sessions joined by peerId".to_owned());
    b.note(over, Action::Talking, seg.start, detail);
    if let Some(s) = b.out.last_mut() {
        s.inferred = inferred;
    }
}

/// A conference: everyone in it not yet seen joining joins; a note names them all.
pub(super) fn conference(b: &mut Builder, seg: &Connection, members: &[Member]) {
    let bridge = b.people.bridge();
    let mut all = Vec::new();
    for m in members {
        let Some(who) = b.member_person(seg, m) else {
            continue;
        };
        all.push(who);
        if let Some(br) = bridge
            && who != br
            && b.in_conference.insert(who)
        {
            b.arrow(
                (who, br),
                Action::JoinsConference,
                seg.start,
                None,
                false,
                (m.party, None),
            );
        }
    }
    all.extend(bridge);
    b.note(all, Action::Conference, seg.start, None);
}

/// The first of a segment's people to leave it `Disconnected` (not handing the call on) hangs
/// up on the others.
pub(super) fn hang_ups(b: &mut Builder, segments: &[(&Connection, &[Member])]) {
    let bridge = b.people.bridge();
    for &(seg, members) in segments {
        let leaver = members.iter().find(|m| {
            m.party
                .and_then(|p| b.set.party(p))
                .and_then(|x| x.last_state())
                .is_some_and(|s| {
                    s.code == StatusCode::Disconnected
                        && s.at == seg.end
                        && !super::links::hands_over(s)
                        && !matches!(m.role, Role::Ringing | Role::Queue | Role::Voicemail)
                })
        });
        let Some(m) = leaver else { continue };
        let (Some(p), Some(who)) = (m.party, m.party.and_then(|p| b.people.of_party(p))) else {
            continue;
        };
        // A supervisor leaves the agent it listened to, not the caller.
        let caller = b.call.caller.and_then(|c| b.people.of_party(c));
        let others: Vec<usize> = members
            .iter()
            .filter_map(|o| b.people.of_member(o.party, seg.far_end))
            .filter(|&o| o != who)
            .collect();
        let other = match bridge {
            Some(br) if seg.kind == ConnectionKind::Conference => Some(br),
            _ if seg.kind == ConnectionKind::Supervise => others
                .iter()
                .copied()
                .find(|&o| Some(o) != caller)
                .or(others.first().copied()),
            _ => others.first().copied(),
        };
        let Some(other) = other else { continue };
        let Some((at, event)) = b.tell(p, |s| s.code == StatusCode::Disconnected) else {
            continue;
        };
        let reason = b
            .set
            .party(p)
            .and_then(|x| x.last_state())
            .and_then(|s| b.store.opt_text(s.reason))
            .map(str::to_owned);
        let detail = match (seg.kind, reason) {
            (ConnectionKind::Ringing | ConnectionKind::Queue, _) => {
                Some("before anyone answered".to_owned())
            }
            (_, r) => r,
        };
        let inferred = seg.evidence == ConnectionEvidence::Inferred;
        b.arrow(
            (who, other),
            Action::HangsUp,
            at,
            detail,
            inferred,
            (Some(p), Some(event)),
        );
    }
}
