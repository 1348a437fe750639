//! The Call Log API's Detailed view (`GET …/call-log?view=Detailed`, reference §8): what
//! RingCentral writes after a call, read from the JSON the API returns (one page, several pages
//! in several files or in one JSON array, or a `records` array saved on its own), and checked
//! against the calls rebuilt from the events ([`crosscheck`]). Only the documented fields the
//! check needs are read; others are ignored.

mod check;
mod read;

pub use check::{Crosscheck, Disagreement, DisagreementKind, JoinedBy, RecordCheck, crosscheck};
pub use read::{CallLog, Located, LogError, read_files, read_text};

use serde::Deserialize;

/// A `from` or `to` of a record or leg.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Party {
    pub phone_number: Option<String>,
    pub extension_number: Option<String>,
    pub extension_id: Option<String>,
    pub name: Option<String>,
}

impl Party {
    /// `Chloe Dubois (ext 112)`, `+16505550100`: the party as the call log names it.
    pub fn text(&self) -> String {
        let number = match (&self.extension_number, &self.phone_number) {
            (Some(ext), _) => Some(format!("ext {ext}")),
            (None, Some(n)) => Some(n.clone()),
            (None, None) => None,
        };
        match (&self.name, number) {
            (Some(name), Some(n)) => format!("{name} ({n})"),
            (Some(name), None) => name.clone(),
            (None, Some(n)) => n,
            (None, None) => "an unnamed party".into(),
        }
    }
}

/// `transferTarget` / `transferee`: the other call of a transfer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionRef {
    pub telephony_session_id: Option<String>,
}

/// A call-log record, or one of its `legs` (a leg has `legType` and `master`, no `legs`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Entry {
    pub id: Option<String>,
    /// The legacy session id (the notifications' `sessionId`).
    pub session_id: Option<String>,
    pub telephony_session_id: Option<String>,
    pub party_id: Option<String>,
    pub start_time: Option<jiff::Timestamp>,
    /// Seconds.
    pub duration: Option<f64>,
    pub direction: Option<String>,
    pub action: Option<String>,
    pub result: Option<String>,
    pub reason: Option<String>,
    pub from: Option<Party>,
    pub to: Option<Party>,
    pub transfer_target: Option<SessionRef>,
    pub transferee: Option<SessionRef>,
    pub leg_type: Option<String>,
    pub master: Option<bool>,
    pub legs: Vec<Entry>,
}
