//! The notes of one loaded capture as the window and the command line hold them: the sidecar,
//! where it is saved, and where each note landed in the current call set. Every change is saved
//! at once (atomically); a sidecar that could not be read is never overwritten.

use super::{Anchor, NotesError, Resolved, Sidecar, resolve, sidecar_path};
use crate::calls::CallSet;
use crate::calls::json::time_text;
use crate::store::Store;
use std::path::{Path, PathBuf};

/// The notes of a capture.
#[derive(Debug, Default)]
pub struct Notebook {
    /// Where they are saved; `None`: nowhere (they live until the window closes).
    pub path: Option<PathBuf>,
    pub sidecar: Sidecar,
    pub resolved: Resolved,
    /// Why the sidecar could not be read. Adding notes is refused meanwhile, so the damaged file
    /// is kept for the user to repair.
    pub unreadable: Option<String>,
}

impl Notebook {
    /// The notes of a capture given as `files`: they live beside the first file.
    pub fn for_files(files: &[PathBuf]) -> Self {
        Self::at(files.first().map(|f| sidecar_path(f)))
    }

    /// The notes saved at `path` (a missing file: none yet).
    pub fn at(path: Option<PathBuf>) -> Self {
        let (sidecar, unreadable) = match path.as_deref().map(Sidecar::load) {
            None => (Sidecar::default(), None),
            Some(Ok(s)) => (s, None),
            Some(Err(e)) => (Sidecar::default(), Some(e.to_string())),
        };
        Self {
            path,
            sidecar,
            resolved: Resolved::default(),
            unreadable,
        }
    }

    /// Places every note in a (re)built call set.
    pub fn resolve(&mut self, store: &Store, set: &CallSet) {
        self.resolved = resolve(store, set, &self.sidecar.notes);
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Adds a note, saves, and places it; returns its id.
    pub fn add(
        &mut self,
        store: &Store,
        set: &CallSet,
        text: &str,
        anchor: Anchor,
    ) -> Result<u32, NotesError> {
        self.writable()?;
        let created = time_text(jiff::Timestamp::now());
        let id = self.sidecar.add(text, anchor, Some(created));
        let saved = self.save();
        self.resolve(store, set);
        saved.map(|()| id)
    }

    /// Replaces a note's text and saves.
    pub fn edit(&mut self, id: u32, text: &str) -> Result<(), NotesError> {
        self.writable()?;
        self.sidecar.edit(id, text)?;
        self.save()
    }

    /// Deletes a note, saves, and places the others again.
    pub fn remove(&mut self, store: &Store, set: &CallSet, id: u32) -> Result<(), NotesError> {
        self.writable()?;
        self.sidecar.remove(id)?;
        let saved = self.save();
        self.resolve(store, set);
        saved
    }

    /// Saves to `path` (nothing to do without one).
    pub fn save(&self) -> Result<(), NotesError> {
        match &self.path {
            Some(p) => self.sidecar.save(p),
            None => Ok(()),
        }
    }

    /// Whether changes can be saved (not while the sidecar on disk could not be read).
    pub fn writable(&self) -> Result<(), NotesError> {
        match (&self.unreadable, &self.path) {
            (Some(why), Some(path)) => Err(NotesError::Unreadable {
                path: path.clone(),
                why: why.clone(),
            }),
            _ => Ok(()),
        }
    }
}
