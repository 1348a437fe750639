//! Notes people attach to a call, a session, a party, an event or a moment, kept in a sidecar
//! file beside the capture (`CAPTURE.callflow.json`). A note is anchored by ids that survive
//! reloading, reordering and added files (telephonySessionId, party id, sequence, uuid, time),
//! never by positions in memory. This module reads, writes and resolves notes; drawing them is
//! `timeline`'s business.

mod anchor;
mod lock;
mod notebook;
mod resolve;
mod sidecar;

pub use anchor::{AnchorKind, parse_at};
pub use notebook::Notebook;
pub use resolve::{Lost, Placed, Resolved, Target, resolve};
pub use sidecar::{FORMAT, NotesError, Sidecar, VERSION, inputs_of, is_notes_file, sidecar_path};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    /// Unique within its sidecar, never reused.
    pub id: u32,
    pub text: String,
    pub anchor: Anchor,
    /// When it was written (RFC 3339), for people reading the sidecar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Fields a newer callflow wrote: kept as they are when the sidecar is saved again.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// What a note is attached to, by stable ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Anchor {
    pub on: AnchorKind,
    /// The session it is about; for a call note, any session of the call.
    pub telephony_session_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_id: Option<String>,
    /// The event's `body.sequence` (event notes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<i64>,
    /// The event's notification `uuid` (event notes), when it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// The event's `eventTime` (event notes) or the moment (moment notes), RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}
