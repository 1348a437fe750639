//! The second, "inbound leg" session a RingOut can surface (§6.11, RingCentral's SDK
//! `ringOutInboundLegCheck`): a separate session whose legacy `sessionId` differs from the
//! RingOut's by 1000 to 4000, at the same time, between the same numbers with `from`/`to` the
//! other way round. Read on its own it says the target called the user. Whether such a session
//! shows in notifications at all is not documented, so it is not merged into the RingOut's
//! call: its summary says what it most likely is, marked as inferred.
//!
//! Costs nothing for a capture without a RingOut session.

use super::{Call, CallSet};
use crate::store::{Store, Sym};
use jiff::Timestamp;

/// A RingOut session's legacy id, time span and numbers.
struct RingOut {
    id: Sym,
    legacy: i64,
    start: Timestamp,
    end: Timestamp,
    numbers: Vec<Sym>,
}

/// The phone numbers named in a call's first session.
fn numbers(store: &Store, set: &CallSet, call: &Call) -> Vec<Sym> {
    let mut out = Vec::new();
    let Some(s) = call.sessions.first().and_then(|n| set.session(*n)) else {
        return out;
    };
    for &e in &s.events {
        let p = &store.event(e).party;
        for n in [p.from.number, p.to.number].into_iter().flatten() {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

fn legacy_of(store: &Store, set: &CallSet, call: &Call) -> Option<i64> {
    let s = set.session(*call.sessions.first()?)?;
    store.opt_text(s.legacy)?.parse().ok()
}

/// Says in the summary of each call that looks like a RingOut's inbound leg what it is.
pub fn mark(store: &Store, set: &CallSet, calls: &mut [Call]) {
    let Some(ringout) = store.lookup("RingOut") else {
        return;
    };
    let is_ringout = |call: &Call| {
        call.sessions
            .iter()
            .filter_map(|n| set.session(*n))
            .any(|s| s.origin == Some(ringout))
    };
    let ringouts: Vec<RingOut> = calls
        .iter()
        .filter(|c| is_ringout(c))
        .filter_map(|c| {
            Some(RingOut {
                id: c.id,
                legacy: legacy_of(store, set, c)?,
                start: c.start,
                end: c.end,
                numbers: numbers(store, set, c),
            })
        })
        .collect();
    if ringouts.is_empty() {
        return;
    }
    for call in calls.iter_mut() {
        if is_ringout(call) {
            continue;
        }
        let Some(legacy) = legacy_of(store, set, call) else {
            continue;
        };
        let near = |r: &&RingOut| {
            (1000..=4000).contains(&(legacy - r.legacy).abs())
                && call.start <= r.end
                && r.start <= call.end + jiff::SignedDuration::from_secs(60)
        };
        let Some(r) = ringouts.iter().find(|r| {
            near(r)
                && numbers(store, set, call)
                    .iter()
                    .any(|n| r.numbers.contains(n))
        }) else {
            continue;
        };
        call.summary = format!(
            "probably the inbound leg of the RingOut in session {} (inferred: its sessionId differs by {} and it joins the same numbers); read on its own: {}",
            store.text(r.id),
            (legacy - r.legacy).abs(),
            call.summary
        );
    }
}
