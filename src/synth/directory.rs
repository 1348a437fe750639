//! The fictional company behind every synthetic capture: one account, ~30 extensions, numbers and id makers.
//!
//! The directory is the same for every seed, so the same people recur across calls and captures.
//! Phone numbers are fictional by construction: US numbers use the reserved 555-0100..0199 block.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Area codes used for fictional +1NXX55501DD numbers.
const AREAS: [&str; 20] = [
    "202", "206", "212", "214", "303", "305", "312", "404", "408", "415", "503", "512", "615",
    "617", "646", "702", "720", "773", "919", "971",
];

const USERS: [&str; 24] = [
    "Ava Patel",
    "Liam Chen",
    "Noah Garcia",
    "Mia Johnson",
    "Ethan Kim",
    "Sofia Rossi",
    "Lucas Martin",
    "Emma Novak",
    "Oliver Brown",
    "Isla Murphy",
    "Mateo Silva",
    "Chloe Dubois",
    "Aiden Okafor",
    "Zoe Lindqvist",
    "Ravi Menon",
    "Hana Sato",
    "Jonas Weber",
    "Priya Nair",
    "Diego Alvarez",
    "Grace Kowalski",
    "Samuel Adeyemi",
    "Lena Fischer",
    "Marco Bianchi",
    "Nora Haddad",
];

/// Caller-ID names shown for outside callers (CNAM style, upper case).
const CALLER_NAMES: [&str; 16] = [
    "JORDAN REYES",
    "CASEY MORGAN",
    "RILEY BROOKS",
    "TAYLOR QUINN",
    "ALEX NGUYEN",
    "DANA WHITFIELD",
    "SAM OKONKWO",
    "JAMIE LAURENT",
    "WIRELESS CALLER",
    "MORGAN ELLIS",
    "PAT DELGADO",
    "ROBIN HALE",
    "KIM YAMADA",
    "LEE FONTAINE",
    "CHRIS BARANOV",
    "DREW CALLOWAY",
];

/// One extension of the company: a user, the IVR menu or a call queue.
#[derive(Debug, Clone)]
pub(crate) struct Ext {
    pub id: String,
    /// Short extension number, e.g. "104".
    pub number: String,
    pub name: &'static str,
    /// Company number shown as caller ID when this extension calls out.
    pub direct: String,
    /// The user's own mobile (target of call flip).
    pub mobile: String,
    /// Desk phone and softphone.
    pub devices: [String; 2],
    /// Subscription id of this extension's own (extension-level) subscription.
    pub subscription: String,
}

#[derive(Debug)]
pub(crate) struct Directory {
    pub account: String,
    pub main: String,
    /// Subscription id of the account-level subscription that records the capture.
    pub subscription: String,
    pub users: Vec<Ext>,
    pub ivr: Ext,
    /// "Support Queue" and "Sales Queue".
    pub queues: [Ext; 2],
    /// Which users answer each queue (indices into `users`).
    pub queue_members: [std::ops::Range<usize>; 2],
}

fn uuid_like(rng: &mut ChaCha8Rng) -> String {
    let v: u128 = rng.random();
    let h = format!("{v:032x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

impl Directory {
    pub fn new() -> Directory {
        // A fixed stream, independent of the capture's seed.
        let mut rng = ChaCha8Rng::seed_from_u64(0x0ca1_1f10_d1ec);
        let account = "377512016".to_string();
        let main = "+16505550100".to_string();
        let mut make = |i: usize, number: String, name: &'static str| {
            // The account's first extension carries the account id, as on real accounts.
            let id = if i == 0 {
                account.clone()
            } else {
                format!("{}016", 62_242_421 + i * 1_379)
            };
            Ext {
                id,
                number,
                name,
                direct: format!("+1650555010{}", i % 9 + 1),
                mobile: format!(
                    "+1{}55501{:02}",
                    AREAS[(i * 7) % AREAS.len()],
                    (i * 37 + 11) % 100
                ),
                devices: [
                    format!("{}016", 210_074_565 + i * 7_919),
                    format!("{}016", 210_759_647 + i * 6_007),
                ],
                subscription: uuid_like(&mut rng),
            }
        };
        let users: Vec<Ext> = USERS
            .iter()
            .enumerate()
            .map(|(i, n)| make(i, (101 + i).to_string(), n))
            .collect();
        let ivr = make(24, "190".into(), "IVR Menu 1001");
        let queues = [
            make(25, "150".into(), "Support Queue"),
            make(26, "151".into(), "Sales Queue"),
        ];
        let subscription = uuid_like(&mut rng);
        Directory {
            account,
            main,
            subscription,
            users,
            ivr,
            queues,
            queue_members: [4..12, 12..18],
        }
    }

    /// All extensions, for lookups by id.
    pub fn all(&self) -> impl Iterator<Item = &Ext> {
        self.users
            .iter()
            .chain(std::iter::once(&self.ivr))
            .chain(self.queues.iter())
    }

    pub fn by_id(&self, id: &str) -> Option<&Ext> {
        self.all().find(|e| e.id == id)
    }
}

/// The random half of id making: everything drawn from the capture's seeded generator.
pub(crate) struct Gen {
    pub rng: ChaCha8Rng,
    legacy: u64,
}

impl Gen {
    pub fn new(seed: u64) -> Gen {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let legacy = rng.random_range(300_000_000..700_000_000);
        Gen { rng, legacy }
    }

    /// Gives the next call a stream of its own (legacy session ids keep increasing).
    pub fn reseed(&mut self, seed: u64) {
        self.rng = ChaCha8Rng::seed_from_u64(seed);
    }

    /// Legacy numeric call-session id, increasing like the platform's.
    pub fn legacy_session(&mut self) -> String {
        self.legacy += self.rng.random_range(1..400);
        format!("{}016", self.legacy)
    }

    pub fn hex32(&mut self) -> String {
        format!("{:032x}", self.rng.random::<u128>())
    }

    pub fn server_id(&mut self) -> String {
        let a = self.rng.random_range(20..24);
        let b = self.rng.random_range(2..255);
        format!("10.13.{a}.{b}.TAM")
    }

    /// A fictional outside number, +1NXX55501DD.
    pub fn pstn(&mut self) -> String {
        let area = AREAS[self.rng.random_range(0..AREAS.len())];
        format!("+1{area}55501{:02}", self.rng.random_range(0..100))
    }

    /// Caller-ID name of an outside caller, when the carrier sends one.
    pub fn caller_name(&mut self) -> Option<String> {
        self.rng
            .random_bool(0.75)
            .then(|| CALLER_NAMES[self.rng.random_range(0..CALLER_NAMES.len())].to_string())
    }

    /// `mobilePickupData.to`, `.sid` for one ringing party.
    pub fn pickup_target(&mut self) -> (String, String) {
        let to = format!(
            "#{}016@sip.ringcentral.com:5060",
            self.rng.random_range(1000..10_000)
        );
        let sid = self
            .rng
            .random_range(10_000_000_000_000u64..100_000_000_000_000)
            .to_string();
        (to, sid)
    }
}

/// A notification uuid: a 19-digit numeric string.
pub(crate) fn uuid(rng: &mut ChaCha8Rng) -> String {
    rng.random_range(1_000_000_000_000_000_000u64..=9_223_372_036_854_775_807)
        .to_string()
}

/// Delivery lag of one notification in ms: mostly tens of ms, sometimes up to ~250.
pub(crate) fn lag(rng: &mut ChaCha8Rng) -> i64 {
    if rng.random_bool(0.1) {
        rng.random_range(120..250)
    } else {
        rng.random_range(8..120)
    }
}
