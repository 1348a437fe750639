//! The notes of a call's flow: every state change no arrow told, on its person's lane, as the
//! platform wrote it (code and reason) with a few words where the code misleads. A bridge's
//! conference legs get none: they mirror the legs whose people joined.

use super::flow::{Action, FlowStep, PersonKind, Shape};
use super::flow_steps::Builder;
use crate::model::{Direction, StatusCode};

pub(super) fn state_notes(b: &mut Builder) {
    let (store, set, call) = (b.store, b.set, b.call);
    for &p in &call.parties {
        let Some(party) = set.party(p) else { continue };
        let Some(who) = b.people.of_party(p) else {
            continue;
        };
        if b.people
            .list
            .get(who)
            .is_some_and(|x| x.kind == PersonKind::Bridge)
        {
            continue;
        }
        let outbound = super::roles::direction(store, set, p, party) == Direction::Outbound;
        for (i, s) in party.states.iter().enumerate() {
            if b.told.contains(&(p, i)) {
                continue;
            }
            let code = store.text(s.code_raw);
            let mut text = match store.opt_text(s.reason) {
                Some(r) => format!("{code} ({r})"),
                None => code.to_owned(),
            };
            let gloss = match s.code {
                StatusCode::Proceeding if outbound => Some("hears ringing"),
                StatusCode::Proceeding => Some("ringing"),
                StatusCode::Answered if outbound && !answered_before(b, p, s.at) => {
                    Some("connected to the phone system")
                }
                StatusCode::Disconnected
                    if i > 0 && party.states[i - 1].code == StatusCode::Proceeding && !outbound =>
                {
                    Some("stops ringing")
                }
                StatusCode::Disconnected if i + 1 == party.states.len() => Some("leaves the call"),
                _ => None,
            };
            if let Some(g) = gloss {
                text.push_str(": ");
                text.push_str(g);
            }
            b.out.push(FlowStep {
                at: s.at,
                shape: Shape::Note { over: vec![who] },
                action: Action::State,
                detail: Some(text),
                inferred: false,
                event: Some(s.event),
                party: Some(p),
            });
        }
    }
}

/// Whether someone else of the leg's session answered at or before `at` (an outbound leg
/// reported `Answered` before that is only connected to the phone system).
fn answered_before(b: &Builder, p: petgraph::graph::NodeIndex, at: jiff::Timestamp) -> bool {
    let session = b.set.party(p).map(|x| x.session);
    b.call
        .parties
        .iter()
        .filter(|&&q| q != p && b.people.of_party(q) != b.people.of_party(p))
        .filter_map(|&q| b.set.party(q))
        .filter(|q| Some(q.session) == session)
        .any(|q| {
            q.states
                .iter()
                .any(|s| s.code == StatusCode::Answered && s.at <= at)
        })
}
