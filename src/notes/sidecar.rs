//! The sidecar file: where it lives (`CAPTURE.callflow.json` beside the first capture file), how
//! it is read (a missing file is an empty one; a damaged one is an error naming line and column,
//! never silently replaced) and written (atomically, pretty printed, notes by id). No anchors are
//! resolved here.

use super::{Anchor, Note};
use crate::atomic::{AtomicFile, Inputs};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The `format` field of every sidecar.
pub const FORMAT: &str = "callflow-notes";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;

/// Errors reading or writing a sidecar.
#[derive(Debug, Error)]
pub enum NotesError {
    #[error("cannot read the notes file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the notes file {path} is damaged at line {line}, column {column}: {reason}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{path} is not a callflow notes file (its format is {found:?}, not {FORMAT:?})")]
    Format { path: PathBuf, found: String },
    #[error(
        "the notes file {path} was written by a newer callflow (version {found}; this one reads \
         version {VERSION}); it is left untouched"
    )]
    Version { path: PathBuf, found: u32 },
    #[error("cannot save the notes file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("there is no note {0}")]
    NoSuchNote(u32),
    #[error("notes are not saved while {path} cannot be read (repair or move it first): {why}")]
    Unreadable { path: PathBuf, why: String },
    #[error("cannot lock the notes file {path} against other writers: {source}")]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the notes file {path} gives id {id} to more than one note (repair it first)")]
    DuplicateId { path: PathBuf, id: u32 },
    #[error(
        "every note id has been used in this notes file (the last is {})",
        u32::MAX
    )]
    IdsExhausted,
}

/// A callflow notes sidecar (`….callflow.json`), not a capture.
pub fn is_notes_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".callflow.json"))
}

/// Where the notes of a capture live: its file name with `.callflow.json` appended
/// (`calls.ndjson` → `calls.ndjson.callflow.json`), so two captures never share one.
pub fn sidecar_path(capture: &Path) -> PathBuf {
    let mut name = capture.as_os_str().to_owned();
    name.push(".callflow.json");
    PathBuf::from(name)
}

/// The files reading `files` as a capture reads, which no output may replace: each capture
/// and the notes file beside it (beside the name given and, for a link, beside the file it
/// points to). `-` stands for standard input, protected when it is a file.
pub fn inputs_of(files: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    for f in files {
        inputs.add(f, "input capture");
        if f != Path::new("-") {
            inputs.add(&sidecar_path(f), "notes file");
            if let Some(real) = crate::atomic::follow_links(f).ok().filter(|r| r != f) {
                inputs.add(&sidecar_path(&real), "notes file");
            }
        }
    }
    inputs
}

/// The notes of one capture, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sidecar {
    pub format: String,
    pub version: u32,
    /// The id the next note gets: ids are never reused, even after a note is removed.
    #[serde(default, rename = "nextId")]
    pub next_id: u32,
    pub notes: Vec<Note>,
    /// Fields a newer callflow wrote, kept.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Default for Sidecar {
    fn default() -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            next_id: 1,
            notes: Vec::new(),
            extra: BTreeMap::new(),
        }
    }
}

impl Sidecar {
    /// Reads a sidecar; a file that does not exist gives an empty one.
    pub fn load(path: &Path) -> Result<Self, NotesError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => {
                return Err(NotesError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        Self::parse(path, &text)
    }

    /// Reads a sidecar's text; `path` only names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Self, NotesError> {
        if text.trim().is_empty() {
            // An empty file (created by hand, or by a tool that crashed before writing).
            return Ok(Self::default());
        }
        let sidecar: Sidecar = serde_json::from_str(text).map_err(|e| NotesError::Parse {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            reason: parse_reason(&e),
        })?;
        if sidecar.format != FORMAT {
            return Err(NotesError::Format {
                path: path.to_path_buf(),
                found: sidecar.format,
            });
        }
        if sidecar.version > VERSION {
            return Err(NotesError::Version {
                path: path.to_path_buf(),
                found: sidecar.version,
            });
        }
        let mut ids: Vec<u32> = sidecar.notes.iter().map(|n| n.id).collect();
        ids.sort_unstable();
        if let Some(pair) = ids.windows(2).find(|w| w[0] == w[1]) {
            return Err(NotesError::DuplicateId {
                path: path.to_path_buf(),
                id: pair[0],
            });
        }
        Ok(sidecar)
    }

    /// Writes the sidecar atomically: a crash leaves the old file or the new one, never half.
    pub fn save(&self, path: &Path) -> Result<(), NotesError> {
        let err = |source| NotesError::Write {
            path: path.to_path_buf(),
            source,
        };
        let mut sorted = self.clone();
        sorted.notes.sort_by_key(|n| n.id);
        let mut text = serde_json::to_string_pretty(&sorted).map_err(|e| err(e.into()))?;
        text.push('\n');
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let mut file = AtomicFile::create(path).map_err(err)?;
        file.write_all(text.as_bytes()).map_err(err)?;
        file.commit().map_err(err)
    }

    /// Adds a note and returns its id (one more than any id ever given in this sidecar). When
    /// every id has been given, nothing is added: ids never wrap round to used ones.
    pub fn add(
        &mut self,
        text: &str,
        anchor: Anchor,
        created: Option<String>,
    ) -> Result<u32, NotesError> {
        let highest = self.notes.iter().map(|n| n.id).max().unwrap_or(0);
        let next = highest.checked_add(1).ok_or(NotesError::IdsExhausted)?;
        let id = self.next_id.max(next);
        self.next_id = id.checked_add(1).ok_or(NotesError::IdsExhausted)?;
        self.notes.push(Note {
            id,
            text: text.trim().to_owned(),
            anchor,
            created,
            extra: BTreeMap::new(),
        });
        Ok(id)
    }

    pub fn get(&self, id: u32) -> Option<&Note> {
        self.notes.iter().find(|n| n.id == id)
    }

    /// Replaces a note's text.
    pub fn edit(&mut self, id: u32, text: &str) -> Result<(), NotesError> {
        let note = self
            .notes
            .iter_mut()
            .find(|n| n.id == id)
            .ok_or(NotesError::NoSuchNote(id))?;
        note.text = text.trim().to_owned();
        Ok(())
    }

    /// Removes a note and returns it.
    pub fn remove(&mut self, id: u32) -> Result<Note, NotesError> {
        let at = self
            .notes
            .iter()
            .position(|n| n.id == id)
            .ok_or(NotesError::NoSuchNote(id))?;
        Ok(self.notes.remove(at))
    }
}

fn parse_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde_json appends " at line L column C", which the message already says.
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::super::AnchorKind;
    use super::*;

    fn anchor() -> Anchor {
        Anchor {
            on: AnchorKind::Call,
            telephony_session_id: "s-1".into(),
            party_id: None,
            sequence: None,
            uuid: None,
            at: None,
        }
    }

    #[test]
    fn sidecar_path_appends_to_the_whole_name() {
        assert_eq!(
            sidecar_path(Path::new("/x/calls.ndjson.gz")),
            PathBuf::from("/x/calls.ndjson.gz.callflow.json")
        );
    }

    #[test]
    fn round_trip_keeps_unknown_fields_and_ids_are_never_reused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("c.ndjson.callflow.json");
        let mut s = Sidecar::parse(
            &path,
            r#"{"format":"callflow-notes","version":1,"owner":"ops","notes":[
                {"id":4,"text":"hi","anchor":{"on":"call","telephonySessionId":"s-1"},"colour":"red"}]}"#,
        )
        .expect("parses");
        assert_eq!(s.add("  next  ", anchor(), None).ok(), Some(5));
        s.remove(5).expect("removes");
        let again = s.add("again", anchor(), None).ok();
        assert_eq!(again, Some(6), "ids are never reused");
        s.save(&path).expect("saves");
        let back = Sidecar::load(&path).expect("loads");
        assert_eq!(back, s);
        assert_eq!(back.extra.get("owner"), Some(&serde_json::json!("ops")));
        assert_eq!(
            back.get(4).and_then(|n| n.extra.get("colour")),
            Some(&serde_json::json!("red"))
        );
        assert_eq!(back.get(6).map(|n| n.text.as_str()), Some("again"));
        assert_eq!(back.next_id, 7);
    }

    #[test]
    fn damaged_foreign_and_newer_files_are_errors_that_say_so() {
        let p = Path::new("n.callflow.json");
        let damaged = Sidecar::parse(p, "{\n  \"format\": \"callflow-notes\",\n  \"notes\": [,\n")
            .expect_err("damaged");
        assert!(
            matches!(damaged, NotesError::Parse { line: 3, .. }),
            "{damaged}"
        );
        let foreign =
            Sidecar::parse(p, r#"{"format":"other","version":1,"notes":[]}"#).expect_err("foreign");
        assert!(foreign.to_string().contains("not a callflow notes file"));
        let newer = Sidecar::parse(p, r#"{"format":"callflow-notes","version":9,"notes":[]}"#)
            .expect_err("newer");
        assert!(newer.to_string().contains("newer callflow"));
    }

    #[test]
    fn a_duplicate_id_is_reported() {
        let p = Path::new("n.callflow.json");
        let note = r#"{"id":3,"text":"x","anchor":{"on":"call","telephonySessionId":"s-1"}}"#;
        let text = format!(r#"{{"format":"callflow-notes","version":1,"notes":[{note},{note}]}}"#);
        let e = Sidecar::parse(p, &text).expect_err("duplicate");
        assert!(matches!(e, NotesError::DuplicateId { id: 3, .. }), "{e}");
    }

    #[test]
    fn next_id_never_wraps() {
        let mut s = Sidecar {
            next_id: u32::MAX,
            ..Sidecar::default()
        };
        let e = s.add("last", anchor(), None).expect_err("no id left");
        assert!(matches!(e, NotesError::IdsExhausted), "{e}");
        assert!(s.notes.is_empty(), "nothing was added");
        let mut s = Sidecar::default();
        s.notes.push(Note {
            id: u32::MAX,
            text: "x".into(),
            anchor: anchor(),
            created: None,
            extra: BTreeMap::new(),
        });
        assert!(s.add("next", anchor(), None).is_err());
        assert_eq!(s.notes.len(), 1);
    }

    #[test]
    fn a_missing_file_is_an_empty_sidecar() {
        let dir = tempfile::tempdir().expect("temp dir");
        let s = Sidecar::load(&dir.path().join("none.callflow.json")).expect("empty");
        assert!(s.notes.is_empty());
    }
}
