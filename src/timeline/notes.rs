//! What the engine made of one event, in words for the detail panel: copies dropped as
//! duplicates, late arrival, a sequence gap before it. Reads the store and the call set only.

use crate::calls::CallSet;
use crate::store::{EventId, Store};

/// Notes on how event `id` was delivered and kept.
pub fn event_notes(store: &Store, set: &CallSet, id: EventId) -> Vec<String> {
    let Some(e) = store.events().get(id as usize) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let d = e.delivery;
    if d.replays > 0 {
        out.push(format!(
            "Duplicate dropped: the same notification (uuid) arrived {} more time{}; the copies were ignored.",
            d.replays,
            plural(u64::from(d.replays))
        ));
    }
    if d.double_deliveries > 0 {
        out.push(format!(
            "Duplicate dropped: the same change arrived {} more time{} under another uuid (for example through a second subscription); the copies were ignored.",
            d.double_deliveries,
            plural(u64::from(d.double_deliveries))
        ));
    }
    if d.late {
        out.push(
            "Arrived out of order: a later sequence number of this session came first; the engine put it back in place."
                .to_owned(),
        );
    }
    if let Some(seq) = e.sequence() {
        let before = set
            .sessions
            .get(&e.session)
            .and_then(|&n| set.session(n))
            .map(|s| {
                s.events
                    .iter()
                    .filter_map(|&x| store.events().get(x as usize)?.sequence())
                    .filter(|&q| q < seq)
                    .max()
            });
        match before {
            Some(Some(prev)) if prev + 1 < seq => out.push(format!(
                "Sequence gap before it: sequence {} to {} never arrived (normal on extension-level subscriptions, which do not see every party).",
                prev + 1,
                seq - 1
            )),
            _ => {}
        }
        if out.is_empty() {
            out.push("Delivered once, in order.".to_owned());
        }
        out.push(format!(
            "Sequence {seq} of session {}.",
            store.text(e.session)
        ));
    }
    if out.is_empty() {
        out.push("Delivered once.".to_owned());
    }
    out
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
