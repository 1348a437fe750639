//! The event log of a capture: interned, append-only, with replays and double deliveries dropped
//! on arrival and every session's events kept in delivery order. A change counter lets views
//! rebuild only when something new came in.

mod event;
mod intern;
mod order;

pub use event::{
    Delivery, Endpoint, Event, EventId, Flags, PartyExtra, PartyState, Peer, Scope, SourcePos, Sym,
};
pub use intern::{Interner, Prepared, uuid_key};
pub use order::SessionOrder;

use crate::ingest::parse::Notice;
use crate::ingest::{Diagnostics, SourceInfo};
use rustc_hash::FxHashMap as HashMap;

/// A session's events in arrival order, and the highest sequence seen so far.
#[derive(Default)]
struct SessionLog {
    events: Vec<EventId>,
    max_sequence: Option<i64>,
}

#[derive(Default)]
pub struct Store {
    strings: Interner,
    events: Vec<Event>,
    sources: Vec<SourceInfo>,
    diagnostics: Diagnostics,
    by_session: HashMap<Sym, SessionLog>,
    generation: u64,
}

impl Store {
    pub fn new() -> Self {
        Self::default()
    }

    /// Resolves an interned string.
    pub fn text(&self, sym: Sym) -> &str {
        self.strings.resolve(sym)
    }

    /// Resolves an optional interned string.
    pub fn opt_text(&self, sym: Option<Sym>) -> Option<&str> {
        sym.map(|s| self.text(s))
    }

    /// Looks up a string without interning it.
    pub fn lookup(&self, text: &str) -> Option<Sym> {
        self.strings.get(text)
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn event(&self, id: EventId) -> &Event {
        &self.events[id as usize]
    }

    pub fn sources(&self) -> &[SourceInfo] {
        &self.sources
    }

    /// Increases whenever events or diagnostics change.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Events of each telephony session, in arrival order.
    pub fn sessions(&self) -> impl Iterator<Item = (Sym, &[EventId])> {
        self.by_session
            .iter()
            .map(|(s, log)| (*s, log.events.as_slice()))
    }

    /// Diagnostics, with sequence gaps counted over everything loaded so far. This sorts every
    /// session's events: call it once per change (see [`Store::generation`]), not every frame.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut d = self.diagnostics.clone();
        d.sequence_gaps = self
            .by_session
            .values()
            .map(|log| SessionOrder::new(self, &log.events).gaps)
            .sum();
        d
    }

    pub(crate) fn diagnostics_mut(&mut self) -> &mut Diagnostics {
        self.generation += 1;
        &mut self.diagnostics
    }

    /// Makes room for about `bytes` more of capture (a notification is 0.7 to 1.2 KB), so a big
    /// load does not copy the event log over and over as it grows.
    pub(crate) fn reserve_for_bytes(&mut self, bytes: u64) {
        // Overestimated on purpose: capacity that is never written costs no memory.
        let events = usize::try_from(bytes / 600).unwrap_or(0);
        self.events.reserve(events);
    }

    pub(crate) fn add_source(&mut self, info: SourceInfo) -> u32 {
        self.sources.push(info);
        self.generation += 1;
        u32::try_from(self.sources.len() - 1).unwrap_or(u32::MAX)
    }

    pub(crate) fn source_mut(&mut self, index: u32) -> Option<&mut SourceInfo> {
        self.sources.get_mut(index as usize)
    }

    /// Adds a checked notification from source `source`: one event per party, minus the ones
    /// already delivered.
    pub(crate) fn push_notice(&mut self, source: u32, n: &Notice) {
        let prepared = self.strings.prepare(source, n);
        self.push_prepared(prepared);
    }

    /// Adds a notification interned by [`Interner::prepare`]: one event per party, minus the
    /// ones already delivered.
    fn push_prepared(&mut self, mut n: Prepared) {
        self.generation += 1;
        let (session, sequence, at, uuid) = (n.session, n.sequence, n.at, n.uuid);
        for party in std::mem::take(&mut n.parties) {
            let id = EventId::try_from(self.events.len()).unwrap_or(EventId::MAX);
            let log = self.by_session.entry(session).or_default();
            // Sessions hold a handful of events: a scan finds a second delivery of the same
            // change (same sequence or time, party, code and reason) without a global index.
            let events = &self.events;
            let same = log.events.iter().copied().find(|&k| {
                let e = &events[k as usize];
                e.party.id == party.id
                    && e.sequence == sequence
                    && (sequence.is_some() || e.at == at)
                    && e.party.code_raw == party.code_raw
                    && e.party.reason == party.reason
            });
            if let Some(kept) = same {
                // The same change again: a replay of the same notification (same uuid), or the
                // same change under another uuid (a second subscription).
                self.diagnostics.duplicates += 1;
                let kept = &mut self.events[kept as usize];
                let d = &mut kept.delivery;
                if uuid.is_some() && kept.uuid == uuid {
                    self.diagnostics.replays += 1;
                    d.replays = d.replays.saturating_add(1);
                } else {
                    self.diagnostics.double_deliveries += 1;
                    d.double_deliveries = d.double_deliveries.saturating_add(1);
                }
                continue;
            }
            let mut delivery = Delivery::default();
            if let Some(seq) = sequence {
                if log.max_sequence.is_some_and(|max| seq < max) {
                    self.diagnostics.out_of_order += 1;
                    delivery.late = true;
                }
                log.max_sequence = log.max_sequence.max(Some(seq));
            }
            log.events.push(id);
            self.events.push(n.event(party, delivery));
            self.diagnostics.events += 1;
        }
    }
}
