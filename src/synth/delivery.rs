//! Delivery: wraps each call's notifications in envelopes, adds lag and noise, and streams them in
//! delivery order through a bounded min-heap.
//!
//! Noise (when enabled) is drawn from its own generator, so a noisy capture holds the same calls,
//! uuids and bodies as the clean capture of the same seed, plus the noise.

use super::call::{Note, Session};
use super::directory::{self, Directory};
use super::json::{Body, Envelope, Origin};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::value::{RawValue, to_raw_value};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, Write};

/// Share of close in-session neighbour pairs delivered the wrong way round (about 5% of all pairs).
const REORDER: f64 = 0.1;
/// Neighbours further apart than this (ms) are never swapped.
const CLOSE: i64 = 2_000;
/// Share of notifications delivered a second time with the same uuid.
const REPLAY: f64 = 0.02;
/// Share of calls also seen by one participant's own extension-level subscription.
const DOUBLE: f64 = 0.15;

/// Notifications waiting for their delivery time; ties keep insertion order.
#[derive(Default)]
struct Pending {
    heap: BinaryHeap<Reverse<(i64, u64, Vec<u8>)>>,
    tie: u64,
}

impl Pending {
    fn push(&mut self, at: i64, line: Vec<u8>) {
        self.tie += 1;
        self.heap.push(Reverse((at, self.tie, line)));
    }
}

pub(crate) struct Delivery<W: Write> {
    out: W,
    pending: Pending,
    noise: Option<ChaCha8Rng>,
    pub notifications: usize,
    pub bytes: u64,
}

/// RFC 3339 with milliseconds, as the platform writes `eventTime` and `timestamp`.
pub(crate) fn iso(ms: i64) -> io::Result<String> {
    let t = jiff::Timestamp::from_millisecond(ms)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    Ok(format!("{t:.3}"))
}

/// The event-filter path as an account-level subscription reports it: parties owned by an
/// extension come with that extension's path (observed in real captures).
fn event_path(account: &str, ext: Option<&str>) -> String {
    match ext {
        Some(ext) => format!("/restapi/v1.0/account/{account}/extension/{ext}/telephony/sessions"),
        None => format!("/restapi/v1.0/account/{account}/telephony/sessions"),
    }
}

fn body(sessions: &[Session], n: &Note) -> io::Result<Box<RawValue>> {
    let s = &sessions[n.session];
    let tsid = format!("s-{}", s.hex);
    let body = Body {
        sequence: n.sequence,
        session_id: &s.legacy,
        telephony_session_id: &tsid,
        server_id: &s.server,
        event_time: &iso(n.event_ms)?,
        parties: [&n.party],
        origin: Origin { kind: s.origin },
    };
    Ok(to_raw_value(&body)?)
}

fn line(env: &Envelope) -> io::Result<Vec<u8>> {
    let mut v = serde_json::to_vec(env)?;
    v.push(b'\n');
    Ok(v)
}

/// The noise generator, when noise is on and a `p` chance comes up.
fn roll(noise: &mut Option<ChaCha8Rng>, p: f64) -> Option<&mut ChaCha8Rng> {
    noise.as_mut().and_then(|r| r.random_bool(p).then_some(r))
}

/// Delivery times of one subscription from (session, event time + lag): never before the previous
/// notification of the same session.
fn in_order(sessions: usize, items: impl Iterator<Item = (usize, i64)>) -> Vec<i64> {
    let mut last = vec![i64::MIN; sessions];
    items
        .map(|(s, at)| {
            let d = at.max(last[s].saturating_add(1));
            last[s] = d;
            d
        })
        .collect()
}

/// Delays some notifications until just after the next one of their session, when that one
/// follows closely (parallel webhook posts overtaking each other).
fn reorder(rng: &mut ChaCha8Rng, notes: &[Note], deliver: &mut [i64], sessions: usize) {
    for s in 0..sessions {
        let idx: Vec<usize> = (0..notes.len())
            .filter(|&i| notes[i].session == s)
            .collect();
        let mut k = 0;
        while k + 1 < idx.len() {
            let (a, b) = (idx[k], idx[k + 1]);
            if deliver[b] - deliver[a] <= CLOSE && rng.random_bool(REORDER) {
                deliver[a] = deliver[b] + rng.random_range(1..=40);
                k += 2;
            } else {
                k += 1;
            }
        }
    }
}

/// One participant's own extension-level subscription sees its parties' notifications too: new
/// uuids, its own subscription and owner, the same bodies.
fn double_delivery(
    rng: &mut ChaCha8Rng,
    pending: &mut Pending,
    dir: &Directory,
    sessions: usize,
    notes: &[Note],
    bodies: &[Box<RawValue>],
) -> io::Result<()> {
    let mut owners: Vec<&str> = Vec::new();
    for id in notes.iter().filter_map(|n| n.party.extension_id.as_deref()) {
        if !owners.contains(&id) {
            owners.push(id);
        }
    }
    if owners.is_empty() {
        return Ok(());
    }
    let owner = owners[rng.random_range(0..owners.len())];
    let Some(ext) = dir.by_id(owner) else {
        return Ok(());
    };
    let mine: Vec<usize> = (0..notes.len())
        .filter(|&i| notes[i].party.extension_id.as_deref() == Some(owner))
        .collect();
    let times = in_order(
        sessions,
        mine.iter()
            .map(|&i| (notes[i].session, notes[i].event_ms + directory::lag(rng))),
    );
    let event = event_path(&dir.account, Some(owner));
    for (k, &i) in mine.iter().enumerate() {
        let uuid = directory::uuid(rng);
        let timestamp = iso(times[k])?;
        let env = Envelope {
            uuid: &uuid,
            event: &event,
            timestamp: &timestamp,
            subscription_id: &ext.subscription,
            owner_id: &ext.id,
            body: &bodies[i],
        };
        pending.push(times[k], line(&env)?);
    }
    Ok(())
}

impl<W: Write> Delivery<W> {
    pub fn new(out: W, noise: Option<ChaCha8Rng>) -> Self {
        Delivery {
            out,
            pending: Pending::default(),
            noise,
            notifications: 0,
            bytes: 0,
        }
    }

    /// Queues every delivery of one finished call.
    pub fn push_call(
        &mut self,
        dir: &Directory,
        sessions: &[Session],
        notes: &[Note],
    ) -> io::Result<()> {
        let mut deliver = in_order(
            sessions.len(),
            notes.iter().map(|n| (n.session, n.event_ms + n.lag_ms)),
        );
        if let Some(rng) = self.noise.as_mut() {
            reorder(rng, notes, &mut deliver, sessions.len());
        }
        let bodies = notes
            .iter()
            .map(|n| body(sessions, n))
            .collect::<io::Result<Vec<_>>>()?;
        for (i, n) in notes.iter().enumerate() {
            let event = event_path(&dir.account, n.party.extension_id.as_deref());
            let timestamp = iso(deliver[i])?;
            let env = Envelope {
                uuid: &n.uuid,
                event: &event,
                timestamp: &timestamp,
                subscription_id: &dir.subscription,
                owner_id: &dir.account,
                body: &bodies[i],
            };
            let bytes = line(&env)?;
            if let Some(rng) = roll(&mut self.noise, REPLAY) {
                // A WebSocket recovery re-sends the very same message later.
                self.pending
                    .push(deliver[i] + rng.random_range(2_000..90_000), bytes.clone());
            }
            self.pending.push(deliver[i], bytes);
        }
        if let Some(rng) = roll(&mut self.noise, DOUBLE) {
            double_delivery(rng, &mut self.pending, dir, sessions.len(), notes, &bodies)?;
        }
        Ok(())
    }

    /// Writes out everything due before `t`.
    pub fn flush_before(&mut self, t: i64) -> io::Result<()> {
        while self
            .pending
            .heap
            .peek()
            .is_some_and(|Reverse((at, _, _))| *at < t)
        {
            if let Some(Reverse((_, _, line))) = self.pending.heap.pop() {
                self.out.write_all(&line)?;
                self.notifications += 1;
                self.bytes += line.len() as u64;
            }
        }
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<(usize, u64)> {
        self.flush_before(i64::MAX)?;
        self.out.flush()?;
        Ok((self.notifications, self.bytes))
    }
}
