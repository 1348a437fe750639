//! A call under construction: its telephony sessions, their parties, a clock, and every notification emitted.
//!
//! Scripts move the clock forward and emit one notification per party state change; each
//! notification snapshots the party, so later edits (names filled in, park id) only show afterwards.

use super::directory::{self, Directory, Ext, Gen};
use super::json::{Endpoint, MobilePickup, Park, Party, PeerId, Status};
use rand::Rng;

pub(crate) struct Session {
    pub hex: String,
    pub legacy: String,
    pub server: String,
    pub origin: &'static str,
    next_sequence: u64,
    pub parties: Vec<Party>,
    /// `mobilePickupData` shown while this party rings (and on its first answer).
    pickup: Vec<Option<MobilePickup>>,
}

/// One notification as the platform produced it, before delivery.
pub(crate) struct Note {
    pub session: usize,
    pub sequence: u64,
    pub event_ms: i64,
    pub lag_ms: i64,
    pub uuid: String,
    pub party: Party,
}

/// A status change: code plus the optional detail fields.
#[derive(Default)]
pub(crate) struct St {
    pub code: &'static str,
    pub reason: Option<&'static str>,
    pub peer: Option<PeerId>,
    pub park_data: Option<String>,
}

impl St {
    pub fn code(code: &'static str) -> St {
        St {
            code,
            ..St::default()
        }
    }
    pub fn reason(mut self, reason: &'static str) -> St {
        self.reason = Some(reason);
        self
    }
    pub fn peer(mut self, peer: PeerId) -> St {
        self.peer = Some(peer);
        self
    }
}

pub(crate) struct Call<'a> {
    pub g: &'a mut Gen,
    pub dir: &'a Directory,
    /// The clock: eventTime of the next notification, unix ms.
    pub t: i64,
    pub sessions: Vec<Session>,
    pub notes: Vec<Note>,
}

impl<'a> Call<'a> {
    pub fn new(g: &'a mut Gen, dir: &'a Directory, start: i64) -> Call<'a> {
        Call {
            g,
            dir,
            t: start,
            sessions: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.g.rng.random_bool(p)
    }

    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        self.g.rng.random_range(lo..=hi)
    }

    /// Advances the clock by `lo..=hi` ms.
    pub fn wait(&mut self, lo: i64, hi: i64) {
        self.t += self.range(lo, hi);
    }

    /// The short gap between two platform reactions (a few to ~100 ms).
    pub fn step(&mut self) {
        self.wait(4, 110);
    }

    /// `n` distinct users, drawn from `users[range]`.
    pub fn users_from(&mut self, range: std::ops::Range<usize>, n: usize) -> Vec<&'a Ext> {
        let dir: &'a Directory = self.dir;
        let mut idx: Vec<usize> = range.collect();
        let mut out = Vec::with_capacity(n);
        for _ in 0..n.min(idx.len()) {
            let i = self.g.rng.random_range(0..idx.len());
            out.push(&dir.users[idx.swap_remove(i)]);
        }
        out
    }

    pub fn users(&mut self, n: usize) -> Vec<&'a Ext> {
        let all = 0..self.dir.users.len();
        self.users_from(all, n)
    }

    /// Opens a telephony session; conference bridges carry the legacy id "0".
    pub fn session(&mut self, origin: &'static str) -> usize {
        let legacy = if origin == "Conference" {
            "0".to_string()
        } else {
            self.g.legacy_session()
        };
        let hex = self.g.hex32();
        let server = self.g.server_id();
        let parties = Vec::new();
        let s = Session {
            hex,
            legacy,
            server,
            origin,
            next_sequence: 2,
            parties,
            pickup: Vec::new(),
        };
        self.sessions.push(s);
        self.sessions.len() - 1
    }

    /// Adds a party to session `s` (numbering it), returning its index.
    pub fn add(&mut self, s: usize, mut party: Party) -> usize {
        let sess = &mut self.sessions[s];
        party.account_id = self.dir.account.clone();
        party.id = format!("p-{}-{}", sess.hex, sess.parties.len() + 1);
        sess.parties.push(party);
        sess.pickup.push(None);
        sess.parties.len() - 1
    }

    /// Lets party `p` be picked up from the user's apps while it rings (`mobilePickupData`).
    pub fn pickup(&mut self, s: usize, p: usize, mailboxes: Vec<String>) {
        let (to, sid) = self.g.pickup_target();
        let data = MobilePickup {
            cc_mailboxes: mailboxes,
            to,
            sid,
            srv_lvl: "-149699523",
            srv_lvl_ext: "406",
        };
        self.sessions[s].pickup[p] = Some(data);
    }

    pub fn party(&mut self, s: usize, p: usize) -> &mut Party {
        &mut self.sessions[s].parties[p]
    }

    /// The peer reference to party `p` of session `s`, as other sessions quote it.
    pub fn peer(&self, s: usize, p: usize) -> PeerId {
        let sess = &self.sessions[s];
        PeerId {
            session_id: sess.legacy.clone(),
            telephony_session_id: Some(format!("s-{}", sess.hex)),
            party_id: sess.parties[p].id.clone(),
        }
    }

    /// Records a status change of party `p` at the current time, then steps the clock.
    pub fn emit(&mut self, s: usize, p: usize, st: St) {
        let sess = &mut self.sessions[s];
        let party = &mut sess.parties[p];
        let ringing =
            st.code == "Proceeding" || (st.code == "Answered" && party.status.code == "Proceeding");
        let mobile_pickup_data = if ringing {
            sess.pickup[p].clone()
        } else {
            None
        };
        party.status = Status {
            code: st.code,
            reason: st.reason,
            peer_id: st.peer,
            park_data: st.park_data,
            mobile_pickup_data,
            rcc: false,
        };
        let party = party.clone();
        let sequence = sess.next_sequence;
        sess.next_sequence += 1;
        let lag_ms = directory::lag(&mut self.g.rng);
        let uuid = directory::uuid(&mut self.g.rng);
        self.notes.push(Note {
            session: s,
            sequence,
            event_ms: self.t,
            lag_ms,
            uuid,
            party,
        });
        self.step();
    }

    pub fn code(&mut self, s: usize, p: usize, code: &'static str) {
        self.emit(s, p, St::code(code));
    }

    /// Parks party `p` on `orbit` (e.g. "*801").
    pub fn park(&mut self, s: usize, p: usize, orbit: &str) {
        self.party(s, p).park = Park {
            id: Some(orbit.to_string()),
        };
        let st = St {
            park_data: Some(orbit.to_string()),
            ..St::code("Parked").reason("CallPark")
        };
        self.emit(s, p, st);
    }
}

/// The `to`/`from` form of an extension reached by its number.
pub(crate) fn ext_ep(e: &Ext, phone_number: &str) -> Endpoint {
    Endpoint {
        phone_number: phone_number.to_string(),
        name: Some(e.name.to_string()),
        extension_id: Some(e.id.clone()),
        device_id: None,
    }
}

/// The `from` of a leg placed by extension `e` from device `device`.
pub(crate) fn device_ep(e: &Ext, phone_number: &str, device: usize, named: bool) -> Endpoint {
    Endpoint {
        device_id: Some(e.devices[device % 2].clone()),
        name: named.then(|| e.name.to_string()),
        ..ext_ep(e, phone_number)
    }
}

/// A party leg; `owner` sets `extensionId`.
pub(crate) fn leg(
    owner: Option<&Ext>,
    direction: &'static str,
    from: Endpoint,
    to: Endpoint,
) -> Party {
    Party {
        extension_id: owner.map(|e| e.id.clone()),
        direction,
        from,
        to,
        ..Party::default()
    }
}
