//! The notes of one loaded capture as the window and the command line hold them: the sidecar,
//! where it is saved, and where each note landed in the current call set. Every change is made
//! to the file as it is on disk now, locked from reading to saving (so notes another program or a
//! `callflow notes` run added meanwhile are kept), saved at once (atomically), and only then
//! taken in memory: a change that could not be saved changes nothing. A sidecar that could not
//! be read is never overwritten.

use super::lock::lock;
use super::sidecar::is_notes_file;
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
    /// The notes of a capture given as `files`: they live beside the first capture file (a
    /// notes file caught by a glob is not a capture). Standard input (`-`) has no notes file:
    /// when it comes first, the notes are saved nowhere.
    pub fn for_files(files: &[PathBuf]) -> Self {
        let first = files.iter().find(|f| !is_notes_file(f));
        Self::at(
            first
                .filter(|f| *f != Path::new("-"))
                .map(|f| sidecar_path(f)),
        )
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
        let created = time_text(jiff::Timestamp::now());
        let mut id = 0;
        self.change(|s| {
            id = s.add(text, anchor, Some(created))?;
            Ok(())
        })?;
        self.resolve(store, set);
        Ok(id)
    }

    /// Replaces a note's text and saves.
    pub fn edit(
        &mut self,
        store: &Store,
        set: &CallSet,
        id: u32,
        text: &str,
    ) -> Result<(), NotesError> {
        self.change(|s| s.edit(id, text))?;
        self.resolve(store, set);
        Ok(())
    }

    /// Deletes a note, saves, and places the others again.
    pub fn remove(&mut self, store: &Store, set: &CallSet, id: u32) -> Result<(), NotesError> {
        self.change(|s| s.remove(id).map(|_| ()))?;
        self.resolve(store, set);
        Ok(())
    }

    /// Applies `f` to the sidecar as it is on disk now, saves, and only then keeps the result.
    /// The sidecar is locked from reading to saving, so changes made at the same time by other
    /// processes (the window, `callflow notes`) wait for each other and all are kept.
    fn change(
        &mut self,
        f: impl FnOnce(&mut Sidecar) -> Result<(), NotesError>,
    ) -> Result<(), NotesError> {
        self.writable()?;
        let Some(path) = self.path.clone() else {
            let mut fresh = self.sidecar.clone();
            f(&mut fresh)?;
            self.sidecar = fresh;
            return Ok(());
        };
        let locked = lock(&path).map_err(|source| NotesError::Lock {
            path: path.clone(),
            source,
        })?;
        let changed = Sidecar::load(&path).and_then(|mut fresh| {
            // Ids this window handed out stay used even if the file lost them.
            fresh.next_id = fresh.next_id.max(self.sidecar.next_id);
            f(&mut fresh)?;
            fresh.save(&path)?;
            Ok(fresh)
        });
        match changed {
            Ok(fresh) => {
                drop(locked);
                self.sidecar = fresh;
                Ok(())
            }
            Err(e) => {
                locked.undo_create(&path);
                Err(e)
            }
        }
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
