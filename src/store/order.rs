//! A session's events in platform order: by `sequence`, then `eventTime`, then party id, so any
//! delivery order of the same events gives the same result.

use super::{EventId, Store, Sym};
use crate::model::StatusCode;
use jiff::Timestamp;

pub struct SessionOrder {
    /// Event ids sorted into the order the platform produced them.
    pub events: Vec<EventId>,
    /// Places where the sequence numbers jump by more than one.
    pub gaps: u64,
}

/// What an event is ordered by, read once (a session's events lie far apart in the store).
#[derive(Clone, Copy)]
struct Key {
    sequence: Option<i64>,
    at: Timestamp,
    party: Sym,
    code: StatusCode,
    id: EventId,
}

impl SessionOrder {
    pub fn new(store: &Store, ids: &[EventId]) -> Self {
        let mut keys: Vec<Key> = ids
            .iter()
            .map(|&id| {
                let e = store.event(id);
                Key {
                    sequence: e.sequence(),
                    at: e.at,
                    party: e.party.id,
                    code: e.party.code,
                    id,
                }
            })
            .collect();
        // Stable: events equal in all of this keep their arrival order.
        keys.sort_by(|a, b| {
            (a.sequence, a.at)
                .cmp(&(b.sequence, b.at))
                .then_with(|| {
                    if a.party == b.party {
                        std::cmp::Ordering::Equal
                    } else {
                        store.text(a.party).cmp(store.text(b.party))
                    }
                })
                .then_with(|| a.code.cmp(&b.code))
        });
        let mut gaps = 0;
        let mut last: Option<i64> = None;
        for seq in keys.iter().filter_map(|k| k.sequence) {
            if let Some(prev) = last
                && prev.checked_add(1).is_some_and(|next| seq > next)
            {
                gaps += 1;
            }
            last = Some(seq);
        }
        Self {
            events: keys.iter().map(|k| k.id).collect(),
            gaps,
        }
    }
}
