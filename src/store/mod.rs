//! The event log of a capture: interned, append-only, with replays and double deliveries dropped
//! on arrival and every session's events kept in delivery order. A change counter lets views
//! rebuild only when something new came in.

mod batch;
mod event;
mod intern;
mod order;
mod strings;

pub use batch::{Batch, uuid_key};
pub use event::{
    Delivery, Endpoint, Event, EventId, Flags, PartyExtra, PartyState, PathScope, Peer, SourcePos,
    Sym,
};
pub use intern::Interner;
pub use order::{SeqGap, SessionOrder};

use crate::ingest::{Diagnostics, SourceInfo};
use batch::{Header, Item};
use event::{ExtraId, NO_SEQUENCE};
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// A session's events in arrival order, and the highest sequence seen so far.
struct SessionLog {
    events: Vec<EventId>,
    /// The highest `sequence` so far (`NO_SEQUENCE` before any).
    max_sequence: i64,
}

impl Default for SessionLog {
    fn default() -> Self {
        Self {
            events: Vec::new(),
            max_sequence: NO_SEQUENCE,
        }
    }
}

#[derive(Default)]
pub struct Store {
    strings: Interner,
    events: Vec<Event>,
    sources: Vec<SourceInfo>,
    diagnostics: Diagnostics,
    by_session: HashMap<Sym, SessionLog>,
    /// The rarer fields of the parties that have them ([`PartyState::extra`]).
    extras: Vec<PartyExtra>,
    generation: u64,
    /// Sequence gaps over all sessions, once counted (cleared by every change).
    gaps: OnceLock<u64>,
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

    /// The rarer fields of a party (park, peer, roles, queue), when it has any.
    pub fn extra(&self, party: &PartyState) -> Option<&PartyExtra> {
        self.extras.get(party.extra?.get() as usize - 1)
    }

    /// The party named by `status.peerId`.
    pub fn peer(&self, party: &PartyState) -> Option<Peer> {
        self.extra(party)?.peer
    }

    /// `status.parkData`.
    pub fn park_data(&self, party: &PartyState) -> Option<Sym> {
        self.extra(party)?.park_data
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
        d.sequence_gaps = *self.gaps.get_or_init(|| {
            self.by_session
                .values()
                .map(|log| SessionOrder::new(self, &log.events).gaps)
                .sum()
        });
        d
    }

    /// Rejected input so far: how much in all, and the first items (see
    /// [`crate::ingest::MAX_LISTED_REJECTIONS`]). Cheaper than [`Store::diagnostics`].
    pub fn rejected(&self) -> (u64, &[crate::ingest::Rejected]) {
        (self.diagnostics.rejected_total, &self.diagnostics.rejected)
    }

    /// Records the sequence gaps of all sessions, counted by someone who ordered every session
    /// anyway (building calls does), so [`Store::diagnostics`] need not order them again.
    pub(crate) fn remember_sequence_gaps(&self, gaps: u64) {
        // Already set only when it was counted the same way from the same events.
        let _ = self.gaps.set(gaps);
    }

    /// Parties read without an `id` so far (cheaper than [`Store::diagnostics`]).
    pub fn parties_without_id(&self) -> u64 {
        self.diagnostics.parties_without_id
    }

    pub(crate) fn diagnostics_mut(&mut self) -> &mut Diagnostics {
        self.changed();
        &mut self.diagnostics
    }

    /// Something changed: views rebuild, counts are made again.
    fn changed(&mut self) {
        self.generation += 1;
        self.gaps = OnceLock::new();
    }

    /// Makes room for about `bytes` more of capture (a notification is 0.7 to 1.2 KB), so a big
    /// load does not copy the event log over and over as it grows.
    pub(crate) fn reserve_for_bytes(&mut self, bytes: u64) {
        // Overestimated on purpose: capacity that is never written costs no memory. (On the
        // 217 MB synthetic capture: 230,000 events, 116,000 strings of 2.9 MB, 26,000 sessions.)
        let per = |n: u64| usize::try_from(bytes / n).unwrap_or(0);
        self.events.reserve(per(600));
        self.by_session.reserve(per(8000));
        if self.strings.is_empty() {
            self.strings = Interner::with_capacity(per(1500), per(60));
        }
    }

    pub(crate) fn add_source(&mut self, info: SourceInfo) -> u32 {
        self.sources.push(info);
        self.changed();
        u32::try_from(self.sources.len() - 1).unwrap_or(u32::MAX)
    }

    pub(crate) fn source_mut(&mut self, index: u32) -> Option<&mut SourceInfo> {
        self.sources.get_mut(index as usize)
    }

    /// Adds what a worker read from source `source` (named `name` in diagnostics), in the order
    /// it was read: one event per party of each notification, minus the ones already delivered.
    pub(crate) fn apply(&mut self, source: u32, name: &str, batch: Batch) {
        self.changed();
        let syms: Vec<Sym> = batch
            .strings()
            .map(|(s, hash)| self.strings.intern(s, hash))
            .collect();
        let global = |local: Sym| syms[local.index() as usize];
        self.diagnostics.parties_without_id += batch.parties_without_id;
        let mut parties = batch.parties.into_iter();
        let mut extras = batch.extras.into_iter();
        for item in batch.items {
            match item {
                Item::Notice(header) => {
                    let header = header.map_syms(global);
                    for party in parties.by_ref().take(header.parties.len()) {
                        // The party's extra fields come next among the batch's; the store's
                        // number for them is only given if the event is kept.
                        let extra = party.extra.and_then(|_| extras.next());
                        self.push_event(source, &header, party, extra, global);
                    }
                }
                Item::Skip(kind) => self.diagnostics.skip(kind),
                Item::SkipFrame(kind) => self.diagnostics.skip(&kind),
                Item::Reject { line, error } => self.diagnostics.reject(name, line, error),
            }
        }
    }

    /// Adds one party's state change (its symbols still the batch's) unless it was already
    /// delivered.
    fn push_event(
        &mut self,
        source: u32,
        n: &Header,
        party: PartyState,
        extra: Option<PartyExtra>,
        global: impl Fn(Sym) -> Sym + Copy,
    ) {
        let party = party.map_syms(global, None);
        let (session, sequence, at, uuid) = (n.session, n.sequence, n.at, n.uuid);
        let seq = sequence.unwrap_or(NO_SEQUENCE);
        let id = EventId::try_from(self.events.len()).unwrap_or(EventId::MAX);
        let log = self.by_session.entry(session).or_default();
        // Sessions hold a handful of events: a scan finds a second delivery of the same
        // change (same sequence or time, party, code and reason) without a global index.
        let events = &self.events;
        let same = log.events.iter().copied().find(|&k| {
            let e = &events[k as usize];
            e.party.id == party.id
                && e.seq == seq
                && (sequence.is_some() || e.at == at)
                && e.party.code_raw == party.code_raw
                && e.party.reason == party.reason
        });
        if let Some(kept) = same {
            // The same change again: a replay of the same notification (same uuid), or the
            // same change under another uuid (a second subscription).
            self.diagnostics.duplicates += 1;
            let kept = &mut self.events[kept as usize];
            // Whichever subscription's copy came first, the paths of both are known.
            kept.party.flags = kept.party.flags.union(party.flags.path_bits());
            let d = &mut kept.delivery;
            if uuid.is_some() && kept.uuid == uuid {
                self.diagnostics.replays += 1;
                d.replays = d.replays.saturating_add(1);
            } else {
                self.diagnostics.double_deliveries += 1;
                d.double_deliveries = d.double_deliveries.saturating_add(1);
            }
            return;
        }
        let mut delivery = Delivery::default();
        if let Some(seq) = sequence {
            if log.max_sequence != NO_SEQUENCE && seq < log.max_sequence {
                self.diagnostics.out_of_order += 1;
                delivery.late = true;
            }
            log.max_sequence = log.max_sequence.max(seq);
        }
        log.events.push(id);
        let party = match extra {
            Some(x) => {
                self.extras.push(x.map_syms(global));
                let number = u32::try_from(self.extras.len() - 1).unwrap_or(u32::MAX);
                PartyState {
                    extra: Some(ExtraId::MIN.saturating_add(number)),
                    ..party
                }
            }
            None => party,
        };
        self.events.push(Event {
            source,
            pos: n.pos,
            uuid,
            at,
            seq,
            session,
            legacy_session: n.legacy_session,
            origin: n.origin,
            party,
            delivery,
        });
        self.diagnostics.events += 1;
    }
}
