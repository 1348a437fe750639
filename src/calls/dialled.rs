//! The dialled target is who was dialled: a call queue, IVR or ring group named in `to` (its
//! name and extension id) or in the first callee's `uiCallInfo.primary` (type `QueueName`,
//! §3, §6.9) is the first stop of the path even when the capture has no party of its own for it
//! (an extension-level view, or a queue that rings agents directly); its agent is the one it
//! rang, not the one the caller called.

use super::{Call, CallSet, Hop};
use crate::model::Direction;
use crate::store::{Store, Sym};

/// Puts the dialled queue (or IVR, ring group) first in `hops` when the capture names it and
/// has no party for it.
pub fn first_stop(store: &Store, set: &CallSet, call: &Call, hops: &mut Vec<Hop>) {
    let Some(first) = hops.first() else { return };
    let (Some(p), session) = (first.party, first.session) else {
        return;
    };
    if first.via != "call" {
        return;
    }
    let Some(party) = set.party(p) else { return };
    let Some(session_node) = set.session(session) else {
        return;
    };
    let own_ext = party.identity.extension_id;
    // What the callee's own events say it was reached through.
    let mut queue_name: Option<Sym> = None;
    let mut to_ext: Option<Sym> = None;
    for &e in &party.events {
        let state = &store.event(e).party;
        if let Some(q) = store.extra(state).and_then(|x| x.queue_name) {
            queue_name = Some(q);
        }
        if state.direction == Direction::Inbound
            && let Some(x) = state.to.extension.filter(|x| Some(*x) != own_ext)
        {
            to_ext = Some(x);
        }
    }
    let queued = party.flags.queue_call() || queue_name.is_some();
    // The caller's `to` names whom it dialled (filled in as routing goes on).
    let caller_to = call.caller.and_then(|c| set.party(c)).and_then(|c| {
        c.events
            .iter()
            .find_map(|&e| store.event(e).party.to.extension)
    });
    let members = || {
        session_node
            .parties
            .iter()
            .filter_map(|q| set.party(*q))
            .filter(|q| q.seen())
    };
    let has_party = |ext: Sym| members().any(|q| q.identity.extension_id == Some(ext));
    let named = |name: &str| {
        members().any(|q| {
            q.identity
                .name
                .is_some_and(|n| store.text(n).eq_ignore_ascii_case(name))
        })
    };
    let person_label = |ext: Sym| {
        let person = set.directory.person(ext)?;
        let name = store.opt_text(person.name)?;
        Some(match store.opt_text(person.number) {
            Some(n) => format!("{name} (ext {n})"),
            None => name.to_owned(),
        })
    };
    let label = if queued {
        let ext = to_ext
            .or(caller_to.filter(|x| Some(*x) != own_ext))
            .filter(|x| !has_party(*x));
        match (ext, queue_name) {
            (_, Some(q)) if named(store.text(q)) => None,
            (Some(x), q) => person_label(x).or_else(|| store.opt_text(q).map(str::to_owned)),
            (None, Some(q)) => Some(store.text(q).to_owned()),
            (None, None) => None,
        }
    } else {
        // Without a queue's marks, only a named extension the caller dialled that never shows.
        caller_to
            .filter(|x| Some(*x) != own_ext && !has_party(*x))
            .and_then(person_label)
    };
    let Some(label) = label else { return };
    if label == first.label {
        return;
    }
    if let Some(h) = hops.first_mut() {
        h.via = "routed".into();
    }
    hops.insert(
        0,
        Hop {
            label,
            party: None,
            session,
            via: "call".into(),
        },
    );
}
