//! Seeded, deterministic synthetic captures: realistic telephony-session notification streams (NDJSON).
//!
//! Calls start every 1–6 s and overlap; each call is scripted by its [`Scenario`] into
//! notifications, which wait in a small heap until their delivery time is due, so memory stays
//! bounded however many calls are written. The same options always give the same bytes.

mod call;
mod delivery;
mod directory;
mod json;
mod linked;
mod patterns;
#[cfg(test)]
mod scenario_tests;
mod scenarios;
#[cfg(test)]
mod tests;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::{self, Write};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthOptions {
    pub calls: usize,
    pub seed: u64,
    /// Reordering, replays and double delivery on top of the clean stream.
    pub noise: bool,
    /// Scenarios to draw calls from; empty means all of them, mixed.
    pub scenarios: Vec<Scenario>,
    /// When the first call may start (unix ms).
    pub start_unix_ms: i64,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            calls: 100,
            seed: 1,
            noise: true,
            scenarios: Vec::new(),
            start_unix_ms: 1_780_000_000_000,
        }
    }
}

/// The kinds of call the generator can script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scenario {
    Inbound,
    Outbound,
    Internal,
    Ivr,
    Hold,
    WarmTransfer,
    BlindTransfer,
    Conference,
    Supervise,
    ParkPickup,
    BlfPickup,
    CallSwitch,
    CallFlip,
    Queue,
    Voicemail,
    Missed,
    RingOut,
    QueueFanout,
    QueueNobody,
    ChainedHandover,
    SwitchThenFlip,
    DirectedPickup,
    LostSetupBlindTransfer,
    Recording,
}

impl Scenario {
    /// The scenarios a mixed capture draws from (a day of calls keeps the same bytes whatever
    /// is added to [`Scenario::PATTERNS`]).
    pub const ALL: [Scenario; 16] = [
        Scenario::Inbound,
        Scenario::Outbound,
        Scenario::Internal,
        Scenario::Ivr,
        Scenario::Hold,
        Scenario::WarmTransfer,
        Scenario::BlindTransfer,
        Scenario::Conference,
        Scenario::Supervise,
        Scenario::ParkPickup,
        Scenario::BlfPickup,
        Scenario::CallSwitch,
        Scenario::CallFlip,
        Scenario::Queue,
        Scenario::Voicemail,
        Scenario::Missed,
    ];

    /// Call patterns asked for by name only (`--scenario NAME`), each one way the reference
    /// describes a call (§5, §6) that the mixed day does not draw.
    pub const PATTERNS: [Scenario; 8] = [
        Scenario::RingOut,
        Scenario::QueueFanout,
        Scenario::QueueNobody,
        Scenario::ChainedHandover,
        Scenario::SwitchThenFlip,
        Scenario::DirectedPickup,
        Scenario::LostSetupBlindTransfer,
        Scenario::Recording,
    ];

    /// Every scenario: the mixed ones, then the patterns.
    pub fn every() -> impl Iterator<Item = Scenario> {
        Scenario::ALL.into_iter().chain(Scenario::PATTERNS)
    }

    /// Kebab-case name, as on the command line and in sample file names.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Inbound => "inbound",
            Scenario::Outbound => "outbound",
            Scenario::Internal => "internal",
            Scenario::Ivr => "ivr",
            Scenario::Hold => "hold",
            Scenario::WarmTransfer => "warm-transfer",
            Scenario::BlindTransfer => "blind-transfer",
            Scenario::Conference => "conference",
            Scenario::Supervise => "supervise",
            Scenario::ParkPickup => "park-pickup",
            Scenario::BlfPickup => "blf-pickup",
            Scenario::CallSwitch => "call-switch",
            Scenario::CallFlip => "call-flip",
            Scenario::Queue => "queue",
            Scenario::Voicemail => "voicemail",
            Scenario::Missed => "missed",
            Scenario::RingOut => "ringout",
            Scenario::QueueFanout => "queue-fanout",
            Scenario::QueueNobody => "queue-nobody",
            Scenario::ChainedHandover => "chained-handover",
            Scenario::SwitchThenFlip => "switch-then-flip",
            Scenario::DirectedPickup => "directed-pickup",
            Scenario::LostSetupBlindTransfer => "lost-setup-blind-transfer",
            Scenario::Recording => "recording",
        }
    }

    /// The scenario with this name (case-insensitive; `_` accepted for `-`).
    pub fn parse(s: &str) -> Option<Scenario> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        Scenario::every().find(|sc| sc.name() == wanted)
    }

    /// One line saying what happens in such a call.
    pub fn describe(self) -> &'static str {
        match self {
            Scenario::Inbound => "outside caller rings an extension, which answers; both hang up",
            Scenario::Outbound => "an extension dials an outside number, which answers",
            Scenario::Internal => "one extension calls another by extension number",
            Scenario::Ivr => {
                "outside caller goes through the IVR menu, then is routed to an extension"
            }
            Scenario::Hold => "inbound call where the extension holds and resumes once or twice",
            Scenario::WarmTransfer => {
                "operator holds the caller, consults a colleague in a second session, then bridges them (AttendedTransfer)"
            }
            Scenario::BlindTransfer => {
                "the answering extension blind-transfers the caller to a colleague"
            }
            Scenario::Conference => {
                "host merges the caller and a colleague into a conference session (sessionId \"0\")"
            }
            Scenario::Supervise => {
                "a supervisor starts monitoring an agent's call from a second session"
            }
            Scenario::ParkPickup => {
                "the call is parked on *80x and picked up by a colleague from a second session"
            }
            Scenario::BlfPickup => "a colleague picks up the ringing call (BLF pickup)",
            Scenario::CallSwitch => {
                "the extension switches the answered call to another of its devices"
            }
            Scenario::CallFlip => "the extension flips the answered call to its mobile",
            Scenario::Queue => "the caller waits in a call queue; three agents ring, one answers",
            Scenario::Voicemail => "nobody answers; the caller leaves a voicemail",
            Scenario::Missed => "the caller hangs up while the extension rings (missed call)",
            Scenario::RingOut => {
                "an extension places a RingOut: its own phone rings first (reported Inbound, from/to swapped), then the outside number"
            }
            Scenario::QueueFanout => {
                "a call queue rings three agents at once; one answers after about 12 s"
            }
            Scenario::QueueNobody => {
                "a call queue rings three agents; nobody answers and the caller hangs up after 40 s"
            }
            Scenario::ChainedHandover => {
                "queue → agent, who blind-transfers the caller to a second queue → another agent"
            }
            Scenario::SwitchThenFlip => {
                "the extension switches the call to its other device, then flips it to its mobile"
            }
            Scenario::DirectedPickup => {
                "a colleague picks up the ringing call by directed pickup (the new party shows before the drop)"
            }
            Scenario::LostSetupBlindTransfer => {
                "a blind transfer whose capture lost the caller's first notification"
            }
            Scenario::Recording => {
                "inbound call the extension records: recording started, paused, resumed, stopped"
            }
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SynthStats {
    pub calls: usize,
    pub notifications: usize,
    pub bytes: u64,
}

/// Salt of the noise generator's seed, so noise never changes the calls themselves.
const NOISE_SALT: u64 = 0x6e6f_6973_6521_u64;

/// Writes a synthetic capture: one notification envelope per line, in delivery order.
pub fn write_synth<W: Write>(opts: &SynthOptions, out: W) -> io::Result<SynthStats> {
    let dir = directory::Directory::new();
    // The plan (scenarios, start times, per-call seeds) comes from one stream; each call plays
    // from its own, so a call's content depends only on the seed, its position and its scenario.
    let mut plan = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut g = directory::Gen::new(plan.random());
    let noise = opts
        .noise
        .then(|| ChaCha8Rng::seed_from_u64(opts.seed ^ NOISE_SALT));
    let mut delivery = delivery::Delivery::new(out, noise);
    let pool: &[Scenario] = if opts.scenarios.is_empty() {
        &Scenario::ALL
    } else {
        &opts.scenarios
    };
    let mut start = opts.start_unix_ms + plan.random_range(1_000..=6_000);
    for _ in 0..opts.calls {
        let scenario = pool[plan.random_range(0..pool.len())];
        let salt = (scenario as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        g.reseed(plan.random::<u64>() ^ salt);
        let mut c = call::Call::new(&mut g, &dir, start);
        scenarios::play(scenario, &mut c);
        let (sessions, notes) = (c.sessions, c.notes);
        let next = start + plan.random_range(1_000..=6_000);
        delivery.push_call(&dir, &sessions, &notes)?;
        delivery.flush_before(next)?;
        start = next;
    }
    let (notifications, bytes) = delivery.finish()?;
    Ok(SynthStats {
        calls: opts.calls,
        notifications,
        bytes,
    })
}
