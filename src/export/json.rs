//! The JSON export: one call exactly as `calls --json` writes it (the same `CallJson`), with its
//! notes (when it has any) as a last `notes` field, pretty printed for reading and diffing,
//! redacted when the call was prepared with redaction.

use super::{ExportError, Prepared};
use crate::calls::json::CallJson;
use crate::timeline::{NoteMark, NotePlace};
use serde::Serialize;

#[derive(Serialize)]
struct WithNotes<'a> {
    #[serde(flatten)]
    call: &'a CallJson<'static>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<NoteJson<'a>>,
}

/// A note as exported: its number on the diagram, its id in the sidecar, what it is attached to.
#[derive(Serialize)]
struct NoteJson<'a> {
    number: usize,
    id: u32,
    /// `call`, `session` or `lane`: where the diagram shows it.
    on: &'static str,
    /// Milliseconds since the call's start (null for whole-call and whole-session notes).
    at_ms: Option<i64>,
    anchor: &'a str,
    text: &'a str,
}

impl<'a> NoteJson<'a> {
    fn new(m: &'a NoteMark) -> Self {
        let on = match m.place {
            NotePlace::Call => "call",
            NotePlace::Session(_) => "session",
            NotePlace::Lane(_) => "lane",
        };
        // Whole-call, -session and -party notes have no moment of their own.
        let timed = m.timed || matches!(m.place, NotePlace::Lane(_));
        let at_ms = timed.then(|| m.t_ms.round() as i64);
        NoteJson {
            number: m.number,
            id: m.note_id,
            on,
            at_ms,
            anchor: &m.anchor,
            text: &m.text,
        }
    }
}

/// The call's JSON document, pretty printed, ending in a newline.
pub fn json(p: &Prepared) -> Result<String, ExportError> {
    let doc = WithNotes {
        call: &p.json,
        notes: p.layout.notes.iter().map(NoteJson::new).collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc)?;
    s.push('\n');
    Ok(s)
}
