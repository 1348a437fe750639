//! The compact, typed event the engine works on: one party's state change, with every string
//! interned so hundreds of thousands of events fit in little memory.

use crate::model::{Direction, StatusCode};
use jiff::Timestamp;
use std::num::NonZeroU32;

/// An interned string; resolve it with [`crate::store::Store::text`]. Its number is the order
/// the capture first had it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(NonZeroU32);

impl Sym {
    /// The symbol of string number `i` of a table (at most `u32::MAX - 1` strings).
    pub(crate) fn from_index(i: u32) -> Self {
        Self(NonZeroU32::MIN.saturating_add(i))
    }

    pub(crate) fn index(self) -> u32 {
        self.0.get() - 1
    }
}

/// Index of an event in the store's log.
pub type EventId = u32;

/// Where in its source an event's notification is: which line, which byte (the source itself is
/// [`Event::source`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourcePos {
    /// 1-based line of the start of the JSON value.
    pub line: u32,
    /// Byte offset of the start of the JSON value (in the decompressed text for `.gz`).
    pub offset: u64,
    /// Length of the JSON value in bytes.
    pub len: u32,
}

/// `from` / `to` of a party.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Endpoint {
    pub number: Option<Sym>,
    pub name: Option<Sym>,
    pub extension: Option<Sym>,
}

/// `status.peerId`, normalised: a `sessionId` that starts with `s-` is taken as the telephony
/// session id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Peer {
    pub session: Option<Sym>,
    pub legacy_session: Option<Sym>,
    pub party: Option<Sym>,
}

/// Boolean party flags, a bit each (an event is copied a quarter of a million times).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags(u8);

impl Flags {
    const QUEUE_CALL: u8 = 1;
    const MISSED_CALL: u8 = 2;
    const STAND_ALONE: u8 = 4;
    const MUTED: u8 = 8;
    /// The notification's `event` path is the account's (no `/extension/ID/`).
    const PATH_ACCOUNT: u8 = 16;
    /// The path names `/extension/ID/` with this party's own extension (or `~`).
    const PATH_OWN_EXTENSION: u8 = 32;
    /// The path names another extension than the party's, or the party has none.
    const PATH_OTHER_EXTENSION: u8 = 64;
    /// The event carried a `recordings` list.
    const RECORDINGS: u8 = 128;

    pub fn new(queue_call: bool, missed_call: bool, stand_alone: bool, muted: bool) -> Self {
        let bit = |on: bool, bit: u8| if on { bit } else { 0 };
        Self(
            bit(queue_call, Self::QUEUE_CALL)
                | bit(missed_call, Self::MISSED_CALL)
                | bit(stand_alone, Self::STAND_ALONE)
                | bit(muted, Self::MUTED),
        )
    }

    /// `queueCall`: the call came through a call queue.
    pub fn queue_call(self) -> bool {
        self.0 & Self::QUEUE_CALL != 0
    }

    /// `missedCall`.
    pub fn missed_call(self) -> bool {
        self.0 & Self::MISSED_CALL != 0
    }

    /// `standAlone`.
    pub fn stand_alone(self) -> bool {
        self.0 & Self::STAND_ALONE != 0
    }

    /// `muted`.
    pub fn muted(self) -> bool {
        self.0 & Self::MUTED != 0
    }

    /// The same flags, saying the event carried a `recordings` list (so the engine reads the
    /// recordings of only the parties that have any).
    pub fn with_recordings(self, on: bool) -> Self {
        Self(self.0 | if on { Self::RECORDINGS } else { 0 })
    }

    /// The event carried a `recordings` list (maybe empty).
    pub fn recordings(self) -> bool {
        self.0 & Self::RECORDINGS != 0
    }

    /// The flags either has.
    pub fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// These flags plus what the notification's `event` path says of the party's scope.
    pub fn with_path(self, path: PathScope) -> Self {
        Self(
            self.0
                | match path {
                    PathScope::None => 0,
                    PathScope::Account => Self::PATH_ACCOUNT,
                    PathScope::OwnExtension => Self::PATH_OWN_EXTENSION,
                    PathScope::OtherExtension => Self::PATH_OTHER_EXTENSION,
                },
        )
    }

    /// Only the path bits (see [`Flags::with_path`]).
    pub fn path_bits(self) -> Self {
        Self(self.0 & (Self::PATH_ACCOUNT | Self::PATH_OWN_EXTENSION | Self::PATH_OTHER_EXTENSION))
    }

    /// Some notification of the party came through the account's path.
    pub fn path_account(self) -> bool {
        self.0 & Self::PATH_ACCOUNT != 0
    }

    /// Some notification of the party came through its own `/extension/ID/` path.
    pub fn path_own_extension(self) -> bool {
        self.0 & Self::PATH_OWN_EXTENSION != 0
    }

    /// Some notification of the party came through another extension's path.
    pub fn path_other_extension(self) -> bool {
        self.0 & Self::PATH_OTHER_EXTENSION != 0
    }
}

/// What a notification's `event` path says about one of its parties (§1 of the reference: an
/// account-level subscription also uses `/extension/ID/` paths for parties with an extension, so
/// this alone never decides the scope of a capture; [`crate::calls`] weighs all of a call's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathScope {
    /// No `event` path.
    None,
    Account,
    OwnExtension,
    OtherExtension,
}

impl PathScope {
    /// Reads `event` (e.g. `/restapi/v1.0/account/1/extension/2/telephony/sessions`) for a party
    /// owned by `extension`.
    pub fn of(event: Option<&str>, extension: Option<&str>) -> Self {
        PathExtension::of(event).scope(extension)
    }
}

/// The extension an `event` path names, read once per notification and then weighed for each
/// of its parties ([`PathExtension::scope`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathExtension<'a> {
    /// No `event` path.
    None,
    /// A path without `/extension/`.
    Account,
    /// The text after `/extension/`, up to the next `/`.
    Named(&'a str),
}

impl<'a> PathExtension<'a> {
    pub fn of(event: Option<&'a str>) -> Self {
        let Some(path) = event else {
            return Self::None;
        };
        // `split_once`'s two-way search and `memmem::find` (which builds a searcher each time)
        // cost more than the rest of the path's reading: an account path has no `x` at all, so
        // memchr's SIMD scan for it, each hit checked in place, finds the first `/extension/`
        // in a few instructions.
        const MARK: &str = "/extension/";
        let bytes = path.as_bytes();
        let found = memchr::memchr_iter(b'x', bytes).find_map(|x| {
            let at = x.checked_sub(2)?;
            (bytes.get(at..at + MARK.len()) == Some(MARK.as_bytes())).then_some(at)
        });
        match found {
            None => Self::Account,
            Some(at) => {
                let rest = path.get(at + MARK.len()..).unwrap_or("");
                Self::Named(rest.split('/').next().unwrap_or(""))
            }
        }
    }

    /// What the path says about a party owned by `extension`.
    pub fn scope(self, extension: Option<&str>) -> PathScope {
        match self {
            Self::None => PathScope::None,
            Self::Account => PathScope::Account,
            Self::Named(named) => {
                if named == "~" || (Some(named) == extension && !named.is_empty()) {
                    PathScope::OwnExtension
                } else {
                    PathScope::OtherExtension
                }
            }
        }
    }
}

/// One notification's party, as it was at that moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyState {
    pub id: Sym,
    pub extension: Option<Sym>,
    pub direction: Direction,
    pub from: Endpoint,
    pub to: Endpoint,
    pub code: StatusCode,
    /// The code exactly as written.
    pub code_raw: Sym,
    pub reason: Option<Sym>,
    pub flags: Flags,
    /// Fields most events do not have, kept aside so the common event stays small:
    /// [`crate::store::Store::extra`] has them.
    pub(crate) extra: Option<ExtraId>,
}

/// Where a party's [`PartyExtra`] is: its number among the store's, plus one (a batch's own
/// numbering until the store takes it).
pub(crate) type ExtraId = NonZeroU32;

/// The rarer party fields: park, peer link, conference and RingOut roles, queue name, recordings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyExtra {
    pub park_data: Option<Sym>,
    pub park_id: Option<Sym>,
    pub peer: Option<Peer>,
    pub conference_role: Option<Sym>,
    pub ring_out_role: Option<Sym>,
    pub queue_name: Option<Sym>,
    /// `recordings` as `(id, active)`; `None` when the event did not carry the key.
    pub recordings: Option<Box<[(Sym, bool)]>>,
}

impl Endpoint {
    fn map_syms(self, f: &impl Fn(Sym) -> Sym) -> Self {
        Self {
            number: self.number.map(f),
            name: self.name.map(f),
            extension: self.extension.map(f),
        }
    }
}

impl PartyState {
    /// The same state with every symbol mapped (from a batch's numbering to the store's), and
    /// its extra fields' number too.
    pub(crate) fn map_syms(self, f: impl Fn(Sym) -> Sym, extra: Option<ExtraId>) -> Self {
        let f = &f;
        Self {
            id: f(self.id),
            extension: self.extension.map(f),
            from: self.from.map_syms(f),
            to: self.to.map_syms(f),
            code_raw: f(self.code_raw),
            reason: self.reason.map(f),
            extra,
            ..self
        }
    }
}

impl PartyExtra {
    /// The same fields with every symbol mapped.
    pub(crate) fn map_syms(self, f: impl Fn(Sym) -> Sym) -> Self {
        let f = &f;
        PartyExtra {
            park_data: self.park_data.map(f),
            park_id: self.park_id.map(f),
            peer: self.peer.map(|p| Peer {
                session: p.session.map(f),
                legacy_session: p.legacy_session.map(f),
                party: p.party.map(f),
            }),
            conference_role: self.conference_role.map(f),
            ring_out_role: self.ring_out_role.map(f),
            queue_name: self.queue_name.map(f),
            recordings: self
                .recordings
                .map(|list| list.iter().map(|&(id, active)| (f(id), active)).collect()),
        }
    }
}

/// One party's state change in one telephony session (a notification with several parties
/// becomes several events sharing its sequence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Which source of the capture ([`crate::store::Store::sources`]) it came from.
    pub source: u32,
    pub pos: SourcePos,
    /// The notification's `uuid` as a number (they are numeric strings in practice; any other
    /// text is hashed to 64 bits). Its text is in the original notification.
    pub uuid: Option<std::num::NonZeroU64>,
    /// Body `eventTime`: when the state changed.
    pub at: Timestamp,
    /// See [`Event::sequence`]; `NO_SEQUENCE` when there is none.
    pub(crate) seq: i64,
    pub session: Sym,
    pub legacy_session: Option<Sym>,
    pub origin: Option<Sym>,
    pub party: PartyState,
    /// What delivery did to it: how many more copies were dropped, whether it came late.
    pub delivery: Delivery,
}

/// Stands for "no `sequence`" (keeps an event 8 bytes smaller than an `Option`; a notification
/// with this very sequence number is read as having none).
pub(crate) const NO_SEQUENCE: i64 = i64::MIN;

impl Event {
    /// Body `sequence`: the order of the session's notifications.
    pub fn sequence(&self) -> Option<i64> {
        (self.seq != NO_SEQUENCE).then_some(self.seq)
    }
}

/// What the engine noticed about an event's delivery (shown beside it in the window).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery {
    /// It arrived after a later `sequence` of its session.
    pub late: bool,
    /// Copies of it that were dropped as replays of its uuid.
    pub replays: u16,
    /// Copies of it that were dropped as the same change under another uuid.
    pub double_deliveries: u16,
}
