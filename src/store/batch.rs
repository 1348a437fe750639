//! Notifications made ready on a worker thread: each becomes a header and its parties' states
//! with every string numbered within the batch (each distinct string kept once, copied, so the
//! batch does not hold on to the text it was read from), in the order they were read, between
//! the skips and rejections around them. The store's single-threaded part then interns only a
//! batch's distinct strings (about one string in fifteen on a big capture) and copies the
//! events in.

use super::event::ExtraId;
use super::strings::{StringTable, hash};
use super::{Endpoint, Flags, PartyExtra, PartyState, Peer, SourcePos, Sym};
use crate::model::notice::{RawEndpoint, RawNotice, RawParty};
use crate::model::{Direction, StatusCode};
use jiff::Timestamp;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;
use std::num::NonZeroU64;
use std::ops::Range;

/// The notification-level fields of one notification, strings numbered within its batch.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// Where it is in its source (the source itself is the batch's).
    pub pos: SourcePos,
    pub uuid: Option<NonZeroU64>,
    pub at: Timestamp,
    pub sequence: Option<i64>,
    pub session: Sym,
    pub legacy_session: Option<Sym>,
    pub origin: Option<Sym>,
    /// Its parties in [`Batch::parties`].
    pub parties: Range<usize>,
}

/// One thing read, in file order.
#[derive(Debug)]
pub(crate) enum Item {
    Notice(Header),
    Skip(&'static str),
    /// Frames are skipped by their own type name, which is open.
    SkipFrame(String),
    Reject {
        line: u32,
        error: String,
    },
}

/// What a worker read from its lines, ready for [`crate::store::Store::apply`].
pub struct Batch {
    /// The distinct strings, numbered in the order they were first seen.
    strings: StringTable,
    /// Their hashes, for the store.
    hashes: Vec<u64>,
    /// A string's number + 1 by a cheap hash of its ends: most strings were seen a few lines
    /// before, and this finds them without hashing all their bytes (0: nothing here).
    recent: Box<[u32; RECENT]>,
    pub(crate) items: Vec<Item>,
    /// Party states with batch-local symbols.
    pub(crate) parties: Vec<PartyState>,
    /// Their rarer fields, in the order of the parties that have them.
    pub(crate) extras: Vec<PartyExtra>,
    /// Parties read without an `id`, keyed by [`no_id_key`].
    pub(crate) parties_without_id: u64,
}

/// How many strings [`Batch::recent`] remembers (a power of two).
const RECENT: usize = 2048;
const _: () = assert!(RECENT.is_power_of_two());

impl Default for Batch {
    fn default() -> Self {
        Self::new()
    }
}

impl Batch {
    /// Room for what a worker's share of a chunk usually holds.
    pub fn new() -> Self {
        Self {
            strings: StringTable::with_capacity(1024, 32 << 10),
            hashes: Vec::with_capacity(1024),
            recent: Box::new([0; RECENT]),
            items: Vec::with_capacity(512),
            parties: Vec::with_capacity(512),
            extras: Vec::new(),
            parties_without_id: 0,
        }
    }

    /// The batch's distinct strings and their hashes, in the order they were first seen; a
    /// local symbol is a number among them.
    pub(crate) fn strings(&self) -> impl Iterator<Item = (&str, u64)> {
        self.strings.iter().zip(self.hashes.iter().copied())
    }

    pub fn skip(&mut self, kind: &'static str) {
        self.items.push(Item::Skip(kind));
    }

    pub fn skip_frame(&mut self, kind: String) {
        self.items.push(Item::SkipFrame(kind));
    }

    pub fn reject(&mut self, line: u32, error: String) {
        self.items.push(Item::Reject { line, error });
    }

    /// Adds a checked notification.
    pub fn notice(&mut self, raw: &RawNotice<'_>, pos: SourcePos, at: Timestamp) {
        let start = self.parties.len();
        let mut header = Header {
            pos,
            uuid: raw.uuid.and_then(uuid_key),
            at,
            sequence: raw.sequence,
            session: self.sym(raw.telephony_session_id.unwrap_or("")),
            legacy_session: self.opt(raw.session_id),
            origin: self.opt(raw.origin),
            parties: start..start,
        };
        let named = super::event::PathExtension::of(raw.event);
        for p in &raw.parties {
            let path = named.scope(p.extension_id);
            let party = self.party(p, path);
            self.parties.push(party);
        }
        header.parties.end = self.parties.len();
        self.items.push(Item::Notice(header));
    }

    /// The batch-local symbol of `text`.
    fn sym(&mut self, text: &str) -> Sym {
        let slot = recent_slot(text.as_bytes());
        if let Some(i) = self.recent[slot].checked_sub(1)
            && self.strings.get(i) == text
        {
            return Sym::from_index(i);
        }
        let hash = hash(text);
        let before = self.strings.len();
        let index = self.strings.intern(text, hash);
        if self.strings.len() > before {
            self.hashes.push(hash);
        }
        self.recent[slot] = index + 1;
        Sym::from_index(index)
    }

    /// An optional string; empty text counts as absent.
    fn opt(&mut self, text: Option<&str>) -> Option<Sym> {
        text.filter(|t| !t.is_empty()).map(|t| self.sym(t))
    }

    fn endpoint(&mut self, e: &RawEndpoint) -> Endpoint {
        Endpoint {
            number: self.opt(e.phone_number),
            name: self.opt(e.name),
            extension: self.opt(e.extension_id),
        }
    }

    fn party(&mut self, p: &RawParty, path: super::event::PathScope) -> PartyState {
        let code_raw = p.code.unwrap_or("");
        let peer = p.peer.map(|peer| {
            // REST snapshots sometimes put the telephony session id under `sessionId`.
            let (session, legacy) = match (peer.telephony_session_id, peer.session_id) {
                (Some(t), l) => (Some(t), l),
                (None, Some(l)) if l.starts_with("s-") => (Some(l), None),
                (None, l) => (None, l),
            };
            Peer {
                session: self.opt(session),
                legacy_session: self.opt(legacy),
                party: self.opt(peer.party_id),
            }
        });
        let extra = PartyExtra {
            park_data: self.opt(p.park_data),
            park_id: self.opt(p.park_id),
            peer,
            conference_role: self.opt(p.conference_role),
            ring_out_role: self.opt(p.ring_out_role),
            queue_name: self.opt(p.queue_name),
            recordings: p.recordings.as_ref().map(|list| {
                list.iter()
                    .map(|(id, active)| (self.sym(id), *active))
                    .collect()
            }),
        };
        let id = match p.id.filter(|id| !id.is_empty()) {
            Some(id) => self.sym(id),
            None => {
                self.parties_without_id += 1;
                let key = no_id_key(p);
                self.sym(&key)
            }
        };
        PartyState {
            id,
            extension: self.opt(p.extension_id),
            direction: Direction::parse(p.direction),
            from: self.endpoint(&p.from),
            to: self.endpoint(&p.to),
            code: StatusCode::parse(code_raw),
            code_raw: self.sym(code_raw),
            reason: self.opt(p.reason),
            flags: Flags::new(
                p.queue_call.unwrap_or(false),
                p.missed_call.unwrap_or(false),
                p.stand_alone.unwrap_or(false),
                p.muted.unwrap_or(false),
            )
            .with_path(path)
            .with_recordings(p.recordings.is_some()),
            extra: (extra != PartyExtra::default()).then(|| {
                self.extras.push(extra);
                ExtraId::MIN.saturating_add(self.extras.len() as u32 - 1)
            }),
        }
    }
}

/// The key of a party that has no `id`: what identifies it in its session, its direction, its
/// extension and its own number (`to` for an inbound leg, `from` otherwise), e.g.
/// `no-id:Inbound:62243800016:+16505550100`; the parts it lacks are left out (`no-id` alone when
/// it has none, as in RingCentral's call-time metrics example).
pub fn no_id_key(p: &RawParty) -> String {
    let inbound = p
        .direction
        .is_some_and(|d| d.eq_ignore_ascii_case("Inbound"));
    let own = if inbound { &p.to } else { &p.from };
    let mut key = String::from("no-id");
    for part in [p.direction, p.extension_id, own.phone_number]
        .into_iter()
        .flatten()
        .filter(|x| !x.is_empty())
    {
        key.push(':');
        key.push_str(part);
    }
    key
}

/// Where a string goes in [`Batch::recent`]: a mix of its length and its first and last eight
/// bytes (ids of one call differ at their ends, ids of different calls everywhere).
fn recent_slot(b: &[u8]) -> usize {
    let word = |w: Option<&[u8; 8]>| w.map_or(0, |w| u64::from_le_bytes(*w));
    let (head, tail) = if b.len() >= 8 {
        (word(b.first_chunk()), word(b.last_chunk()))
    } else {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        (u64::from_le_bytes(w), 0)
    };
    let mixed = (head ^ tail.rotate_left(29) ^ b.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - RECENT.trailing_zeros())) as usize
}

/// A uuid as a compact key. A number written the usual way (no sign, no leading zero) below
/// 2^63 is its value plus one, so two different texts never share a key that way; any other text
/// is a 64-bit hash with the top bit set (the two kinds never meet).
pub fn uuid_key(text: &str) -> Option<NonZeroU64> {
    let canonical = !text.starts_with('+') && (text == "0" || !text.starts_with('0'));
    let number = text
        .parse::<u64>()
        .ok()
        .filter(|&n| canonical && n < (1 << 63) - 1);
    let key = match number {
        Some(n) => n + 1,
        // A fixed-seed hash keeps keys stable between runs.
        None => FxBuildHasher.hash_one(text) | (1 << 63),
    };
    NonZeroU64::new(key)
}

impl Header {
    /// The same header with its symbols mapped (batch-local to the store's).
    pub fn map_syms(self, f: impl Fn(Sym) -> Sym) -> Self {
        Self {
            session: f(self.session),
            legacy_session: self.legacy_session.map(&f),
            origin: self.origin.map(&f),
            ..self
        }
    }
}
