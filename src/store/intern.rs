//! Interning a parsed notification: every string becomes a [`Sym`]. A single-threaded `Rodeo`
//! (resolving is an index, not a hash lookup, and it is smaller than lasso's threaded one).

use super::{Endpoint, Flags, PartyExtra, PartyState, Peer, Scope, SourcePos, Sym};
use crate::ingest::parse::Notice;
use crate::model::wire::{WireEndpoint, WireParty};
use crate::model::{Direction, StatusCode};
use jiff::Timestamp;
use lasso::{Rodeo, Spur};
use rustc_hash::FxBuildHasher;
use std::num::NonZeroU64;

/// The capture's strings.
pub struct Interner(Rodeo<Spur, FxBuildHasher>);

impl Default for Interner {
    fn default() -> Self {
        Self(Rodeo::with_hasher(FxBuildHasher))
    }
}

/// A notification with its strings interned, ready for the store.
#[derive(Debug)]
pub struct Prepared {
    pub pos: SourcePos,
    pub uuid: Option<NonZeroU64>,
    pub subscription: Option<Sym>,
    pub scope: Scope,
    pub sent_lag_ms: Option<i32>,
    pub at: Timestamp,
    pub sequence: Option<i64>,
    pub session: Sym,
    pub legacy_session: Option<Sym>,
    pub origin: Option<Sym>,
    pub parties: Vec<PartyState>,
}

impl Prepared {
    /// The event of one of its parties.
    pub fn event(&self, party: PartyState, delivery: super::Delivery) -> super::Event {
        super::Event {
            pos: self.pos,
            uuid: self.uuid,
            subscription: self.subscription,
            scope: self.scope,
            sent_lag_ms: self.sent_lag_ms,
            at: self.at,
            sequence: self.sequence,
            session: self.session,
            legacy_session: self.legacy_session,
            origin: self.origin,
            party,
            delivery,
        }
    }
}

impl Interner {
    pub fn resolve(&self, sym: Sym) -> &str {
        self.0.resolve(&sym)
    }

    pub fn get(&self, text: &str) -> Option<Sym> {
        self.0.get(text)
    }

    pub fn prepare(&mut self, source: u32, n: &Notice) -> Prepared {
        Prepared {
            pos: SourcePos {
                source,
                line: n.line,
                offset: n.offset,
                len: n.len,
            },
            uuid: n.uuid.as_deref().and_then(uuid_key),
            subscription: self.intern(n.subscription.as_deref()),
            scope: match n.event_path.as_deref() {
                Some(p) if p.contains("/extension/") => Scope::Extension,
                Some(_) => Scope::Account,
                None => Scope::Unknown,
            },
            sent_lag_ms: n.sent.map(|t| {
                let ms = (t - n.at).as_millis();
                i32::try_from(ms).unwrap_or(if ms < 0 { i32::MIN } else { i32::MAX })
            }),
            at: n.at,
            sequence: n.sequence,
            session: self.0.get_or_intern(&*n.session),
            legacy_session: self.intern(n.legacy_session.as_deref()),
            origin: self.intern(n.origin.as_deref()),
            parties: n.parties.iter().map(|p| self.party(p)).collect(),
        }
    }

    fn intern(&mut self, text: Option<&str>) -> Option<Sym> {
        text.filter(|t| !t.is_empty())
            .map(|t| self.0.get_or_intern(t))
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
            id: self.0.get_or_intern(p.id.as_deref().unwrap_or("")),
            account: self.intern(p.account_id.as_deref()),
            extension: self.intern(p.extension_id.as_deref()),
            direction: Direction::parse(p.direction.as_deref()),
            from: self.endpoint(p.from.as_ref()),
            to: self.endpoint(p.to.as_ref()),
            code: StatusCode::parse(code_raw),
            code_raw: self.0.get_or_intern(code_raw),
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
}

/// A uuid as a compact key: its value when it is a number, else a 64-bit hash of its text.
pub fn uuid_key(text: &str) -> Option<std::num::NonZeroU64> {
    let key = text.parse::<u64>().unwrap_or_else(|_| {
        use std::hash::BuildHasher;
        // A fixed-seed hash keeps keys stable between runs.
        FxBuildHasher.hash_one(text) | (1 << 63)
    });
    std::num::NonZeroU64::new(key)
}
