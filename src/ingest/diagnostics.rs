//! What loading a capture found besides good events: rejected input with its place, skipped
//! notifications by kind, and delivery noise (replays, double deliveries, reordering, gaps).

use serde::Serialize;
use std::collections::BTreeMap;

/// At most this many rejected items are listed one by one; the rest are only counted.
pub const MAX_LISTED_REJECTIONS: usize = 1000;

/// One piece of input that could not be used, with where it was and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Rejected {
    pub file: String,
    /// 1-based line; 0 when the whole file is concerned (empty, binary, unreadable).
    pub line: u32,
    pub error: String,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.error)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.error)
        }
    }
}

/// Counters and lists kept while loading; `sequence_gaps` is filled in by the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diagnostics {
    /// Events kept (one per party per notification).
    pub events: u64,
    /// Notifications or frames that are fine but not telephony session events.
    pub skipped: u64,
    /// `skipped`, by what they were (e.g. `presence`, `Heartbeat`).
    pub skipped_kinds: BTreeMap<String, u64>,
    /// Events dropped as a second delivery of one already kept (`replays` + `double_deliveries`).
    pub duplicates: u64,
    /// The same notification (`uuid`) delivered again.
    pub replays: u64,
    /// The same state change delivered under another uuid (e.g. by an account-level and an
    /// extension-level subscription).
    pub double_deliveries: u64,
    /// Events that arrived after a later `sequence` of their session.
    pub out_of_order: u64,
    /// Places where a session's sequence numbers jump (normal on extension-level subscriptions).
    pub sequence_gaps: u64,
    /// Parties read without an `id` (kept, keyed by direction, extension and number in their
    /// session: a warning, not a rejection).
    pub parties_without_id: u64,
    /// Rejected input, counted in full.
    pub rejected_total: u64,
    /// Rejected input, listed (at most [`MAX_LISTED_REJECTIONS`]).
    pub rejected: Vec<Rejected>,
}

impl Diagnostics {
    pub fn skip(&mut self, kind: &str) {
        self.skipped += 1;
        *self.skipped_kinds.entry(kind.to_owned()).or_default() += 1;
    }

    pub fn reject(&mut self, file: &str, line: u32, error: impl Into<String>) {
        self.rejected_total += 1;
        if self.rejected.len() < MAX_LISTED_REJECTIONS {
            self.rejected.push(Rejected {
                file: file.to_owned(),
                line,
                error: error.into(),
            });
        }
    }

    /// Delivery noise worth a look (not an error: the calls are still right).
    pub fn has_warnings(&self) -> bool {
        self.duplicates > 0
            || self.out_of_order > 0
            || self.sequence_gaps > 0
            || self.parties_without_id > 0
    }

    pub fn has_rejections(&self) -> bool {
        self.rejected_total > 0
    }
}
