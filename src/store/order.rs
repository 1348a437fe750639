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
    /// Those places, in sequence order (empty, and not allocated, when there are none).
    pub missing: Vec<SeqGap>,
}

/// Sequence numbers missing between two events of a session: `after + 1 ..= before - 1` are not
/// in the capture, and what happened between `from` and `to` (the eventTimes of the events on
/// either side) is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeqGap {
    /// The last sequence seen before the gap.
    pub after: i64,
    /// The first sequence seen after it.
    pub before: i64,
    pub from: Timestamp,
    pub to: Timestamp,
}

impl SeqGap {
    /// The first missing number.
    pub fn first_missing(&self) -> i64 {
        self.after.saturating_add(1)
    }

    /// The last missing number.
    pub fn last_missing(&self) -> i64 {
        self.before.saturating_sub(1)
    }
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
        let mut missing = Vec::new();
        let mut last: Option<(i64, Timestamp)> = None;
        for (seq, at) in keys.iter().filter_map(|k| Some((k.sequence?, k.at))) {
            if let Some((prev, prev_at)) = last
                && prev.checked_add(1).is_some_and(|next| seq > next)
            {
                gaps += 1;
                missing.push(SeqGap {
                    after: prev,
                    before: seq,
                    from: prev_at,
                    to: at,
                });
            }
            last = Some((seq, at));
        }
        Self {
            events: keys.iter().map(|k| k.id).collect(),
            gaps,
            missing,
        }
    }
}
