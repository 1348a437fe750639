//! A session's events in platform order: by `sequence`, then `eventTime`, then party id, so any
//! delivery order of the same events gives the same result.

use super::{EventId, Store};

pub struct SessionOrder {
    /// Event ids sorted into the order the platform produced them.
    pub events: Vec<EventId>,
    /// Places where the sequence numbers jump by more than one.
    pub gaps: u64,
}

impl SessionOrder {
    pub fn new(store: &Store, ids: &[EventId]) -> Self {
        let mut events = ids.to_vec();
        events.sort_by(|&a, &b| {
            let (ea, eb) = (store.event(a), store.event(b));
            (ea.sequence(), ea.at)
                .cmp(&(eb.sequence(), eb.at))
                .then_with(|| store.text(ea.party.id).cmp(store.text(eb.party.id)))
                .then_with(|| ea.party.code.cmp(&eb.party.code))
        });
        let mut gaps = 0;
        let mut last: Option<i64> = None;
        for &id in &events {
            if let Some(seq) = store.event(id).sequence() {
                if let Some(prev) = last
                    && seq > prev + 1
                {
                    gaps += 1;
                }
                last = Some(seq);
            }
        }
        Self { events, gaps }
    }
}
