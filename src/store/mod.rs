//! The event log of a capture: interned, append-only, with replays and double deliveries dropped
//! on arrival and every session's events kept in delivery order. A change counter lets views
//! rebuild only when something new came in.

mod event;
mod order;

pub use event::{
    Delivery, Endpoint, Event, EventId, Flags, PartyExtra, PartyState, Peer, Scope, SourcePos, Sym,
};
pub use order::SessionOrder;

use crate::ingest::parse::Notice;
use crate::ingest::{Diagnostics, SourceInfo};
use crate::model::wire::{WireEndpoint, WireParty};
use crate::model::{Direction, StatusCode};
use lasso::{Rodeo, Spur};
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};

/// A session's events in arrival order, and the highest sequence seen so far.
#[derive(Default)]
struct SessionLog {
    events: Vec<EventId>,
    max_sequence: Option<i64>,
}

pub struct Store {
    strings: Rodeo<Spur, FxBuildHasher>,
    events: Vec<Event>,
    sources: Vec<SourceInfo>,
    diagnostics: Diagnostics,
    by_session: HashMap<Sym, SessionLog>,
    generation: u64,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            strings: Rodeo::with_hasher(FxBuildHasher),
            events: Vec::new(),
            sources: Vec::new(),
            diagnostics: Diagnostics::default(),
            by_session: HashMap::default(),
            generation: 0,
        }
    }
}

impl Store {
    pub fn new() -> Self {
        Self::default()
    }

    /// Resolves an interned string.
    pub fn text(&self, sym: Sym) -> &str {
        self.strings.resolve(&sym)
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

    /// Diagnostics, with sequence gaps counted over everything loaded so far.
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

    fn intern(&mut self, text: Option<&str>) -> Option<Sym> {
        text.filter(|t| !t.is_empty())
            .map(|t| self.strings.get_or_intern(t))
    }

    fn endpoint(&mut self, e: Option<&WireEndpoint>) -> Endpoint {
        match e {
            None => Endpoint::default(),
            Some(e) => Endpoint {
                number: self.intern(e.phone_number.as_deref()),
                name: self.intern(e.name.as_deref()),
                extension: self.intern(e.extension_id.as_deref()),
            },
        }
    }

    fn party(&mut self, p: &WireParty) -> PartyState {
        let status = p.status.as_ref();
        let code_raw = status.and_then(|s| s.code.as_deref()).unwrap_or("");
        let peer = status.and_then(|s| s.peer_id.as_ref()).map(|peer| {
            let legacy = peer.session_id.as_deref();
            // REST snapshots sometimes put the telephony session id under `sessionId`.
            let (session, legacy) = match (peer.telephony_session_id.as_deref(), legacy) {
                (Some(t), l) => (Some(t), l),
                (None, Some(l)) if l.starts_with("s-") => (Some(l), None),
                (None, l) => (None, l),
            };
            Peer {
                session: self.intern(session),
                legacy_session: self.intern(legacy),
                party: self.intern(peer.party_id.as_deref()),
            }
        });
        let queue_name = p
            .ui_call_info
            .as_ref()
            .and_then(|u| u.primary.as_ref())
            .filter(|l| l.kind.as_deref() == Some("QueueName"))
            .and_then(|l| l.value.as_deref());
        let extra = PartyExtra {
            park_data: self.intern(status.and_then(|s| s.park_data.as_deref())),
            park_id: self.intern(p.park.as_ref().and_then(|k| k.id.as_deref())),
            peer,
            conference_role: self.intern(p.conference_role.as_deref()),
            ring_out_role: self.intern(p.ring_out_role.as_deref()),
            queue_name: self.intern(queue_name),
        };
        PartyState {
            id: self.strings.get_or_intern(p.id.as_deref().unwrap_or("")),
            account: self.intern(p.account_id.as_deref()),
            extension: self.intern(p.extension_id.as_deref()),
            direction: Direction::parse(p.direction.as_deref()),
            from: self.endpoint(p.from.as_ref()),
            to: self.endpoint(p.to.as_ref()),
            code: StatusCode::parse(code_raw),
            code_raw: self.strings.get_or_intern(code_raw),
            reason: self.intern(status.and_then(|s| s.reason.as_deref())),

            flags: Flags {
                queue_call: p.queue_call.unwrap_or(false),
                missed_call: p.missed_call.unwrap_or(false),
                stand_alone: p.stand_alone.unwrap_or(false),
                muted: p.muted.unwrap_or(false),
            },
            extra: (extra != PartyExtra::default()).then(|| Box::new(extra)),
        }
    }

    /// Adds a checked notification from source `source`: one event per party, minus the ones
    /// already delivered.
    pub(crate) fn push_notice(&mut self, source: u32, n: &Notice) {
        self.generation += 1;
        let session = self.strings.get_or_intern(&*n.session);
        let uuid = n.uuid.as_deref().and_then(uuid_key);
        let subscription = self.intern(n.subscription.as_deref());
        let legacy_session = self.intern(n.legacy_session.as_deref());
        let origin = self.intern(n.origin.as_deref());
        let scope = match n.event_path.as_deref() {
            Some(p) if p.contains("/extension/") => Scope::Extension,
            Some(_) => Scope::Account,
            None => Scope::Unknown,
        };
        for wire in &n.parties {
            let party = self.party(wire);
            let id = EventId::try_from(self.events.len()).unwrap_or(EventId::MAX);
            let log = self.by_session.entry(session).or_default();
            // Sessions hold a handful of events: a scan finds a second delivery of the same
            // change (same sequence or time, party, code and reason) without a global index.
            let events = &self.events;
            let same = log.events.iter().copied().find(|&k| {
                let e = &events[k as usize];
                e.party.id == party.id
                    && e.sequence == n.sequence
                    && (n.sequence.is_some() || e.at == n.at)
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
            if let Some(seq) = n.sequence {
                if log.max_sequence.is_some_and(|max| seq < max) {
                    self.diagnostics.out_of_order += 1;
                    delivery.late = true;
                }
                log.max_sequence = log.max_sequence.max(Some(seq));
            }
            log.events.push(id);
            self.events.push(Event {
                pos: SourcePos {
                    source,
                    line: n.line,
                    offset: n.offset,
                    len: n.len,
                },
                uuid,
                subscription,
                scope,
                sent_lag_ms: n.sent.map(|t| {
                    let ms = (t - n.at).as_millis();
                    i32::try_from(ms).unwrap_or(if ms < 0 { i32::MIN } else { i32::MAX })
                }),
                at: n.at,
                sequence: n.sequence,
                session,
                legacy_session,
                origin,
                party,
                delivery,
            });
            self.diagnostics.events += 1;
        }
    }
}

/// A uuid as a compact key: its value when it is a number, else a 64-bit hash of its text.
fn uuid_key(text: &str) -> Option<std::num::NonZeroU64> {
    let key = text.parse::<u64>().unwrap_or_else(|_| {
        use std::hash::BuildHasher;
        // A fixed-seed hash keeps keys stable between runs.
        FxBuildHasher.hash_one(text) | (1 << 63)
    });
    std::num::NonZeroU64::new(key)
}
