//! What the note commands do: open the editor on an anchor the engine makes, save, change or
//! delete through the capture's `Notebook` (which writes the sidecar), then place the notes
//! again in the shown call. A note that could not be written is never lost: nothing changes, the
//! editor reopens with its text, and the status bar says why.

use super::App;
use super::commands::NoteAsk;
use super::notes_panel::{EditTarget, NoteEditor};
use super::state::{CallView, Selection};
use crate::notes::Anchor;
use crate::timeline::clock;
use jiff::SignedDuration;

impl App {
    /// Opens the editor for a new note on `ask`.
    pub(super) fn ask_note(&mut self, ask: NoteAsk) {
        let (Some(data), Some(view), Some(index)) =
            (&self.data, &self.view.call, self.view.selected)
        else {
            return;
        };
        let (store, set, layout) = (&data.store, &data.set, &view.layout);
        let Some(call) = set.calls.get(index) else {
            return;
        };
        let made = match ask {
            NoteAsk::Call => Some((Anchor::call(store, call), "the call".to_owned())),
            NoteAsk::Session(i) => layout.sessions.get(i).and_then(|h| {
                Some((
                    Anchor::session(store, set, h.node)?,
                    format!("session {}", h.id),
                ))
            }),
            NoteAsk::Lane(l) => layout.lanes.get(l).and_then(|lane| {
                Some((Anchor::party(store, set, lane.party)?, lane.label.clone()))
            }),
            NoteAsk::Event(e) => {
                let ev = store.event(e);
                let who = set
                    .party_node(ev.session, ev.party.id)
                    .and_then(|p| layout.lane_of(p))
                    .and_then(|l| layout.lanes.get(l))
                    .map_or("a party", |l| l.label.as_str());
                let what = store.text(ev.party.code_raw);
                let about = format!("{who} · {what} at {}", clock(ev.at));
                Some((Anchor::event(store, e), about))
            }
            NoteAsk::Moment { t_ms, lane } => {
                let at = layout
                    .start
                    .saturating_add(SignedDuration::from_millis(t_ms.round() as i64))
                    .ok();
                let lane = lane.and_then(|l| layout.lanes.get(l));
                let session = lane
                    .and_then(|l| layout.sessions.get(l.session))
                    .or(layout.sessions.first())
                    .map(|h| h.node);
                at.zip(session).and_then(|(at, session)| {
                    let who = lane.map_or("the call", |l| l.label.as_str());
                    let about = format!("{who} at {}", clock(at));
                    let party = lane.map(|l| l.party);
                    Some((Anchor::moment(store, set, session, party, at)?, about))
                })
            }
        };
        match made {
            Some((anchor, about)) => {
                self.view.note_editor = Some(NoteEditor::new(anchor, about));
            }
            None => self.notice = Some("Nothing there to attach a note to.".into()),
        }
    }

    pub(super) fn edit_note(&mut self, id: u32) {
        let Some(data) = &self.data else { return };
        let Some(note) = data.notes.sidecar.get(id) else {
            return;
        };
        let about = self
            .view
            .call
            .as_ref()
            .and_then(|c| c.layout.notes.iter().find(|m| m.note_id == id))
            .map_or_else(|| "its anchor".to_owned(), |m| m.anchor.clone());
        self.view.note_editor = Some(NoteEditor::existing(id, about, note.text.clone()));
        self.view.note_selected = Some(id);
    }

    pub(super) fn save_note(&mut self, editor: NoteEditor) {
        let Some(data) = &mut self.data else { return };
        let (store, set) = (&data.store, &data.set);
        let result = match &editor.target {
            EditTarget::New(anchor) => data
                .notes
                .add(store, set, &editor.text, (**anchor).clone())
                .map(Some),
            EditTarget::Existing(id) => data
                .notes
                .edit(store, set, *id, &editor.text)
                .map(|()| Some(*id)),
        };
        match result {
            Ok(id) => {
                self.notice = Some("Note saved.".into());
                self.view.note_selected = id;
                self.persisted.show_notes = true;
            }
            Err(e) => {
                // Nothing changed: the text stays in the editor.
                self.notice = Some(format!("The note was not saved: {e}"));
                self.view.note_editor = Some(editor);
            }
        }
        self.refresh_call_view();
    }

    pub(super) fn delete_note(&mut self, id: u32) {
        let Some(data) = &mut self.data else { return };
        match data.notes.remove(&data.store, &data.set, id) {
            Ok(()) => self.notice = Some("Note deleted.".into()),
            Err(e) => self.notice = Some(format!("The note was not deleted: {e}")),
        }
        if self.view.note_selected == Some(id) {
            self.view.note_selected = None;
        }
        self.refresh_call_view();
    }

    /// Brings a note into view: its event selected, or the cursor at its moment.
    pub(super) fn select_note(&mut self, id: u32) {
        let Some(call) = &self.view.call else { return };
        let Some(m) = call.layout.notes.iter().find(|m| m.note_id == id) else {
            return;
        };
        let (event, timed, t) = (m.event, m.timed, m.t_ms);
        self.view.note_selected = Some(id);
        self.persisted.show_notes = true;
        match event {
            Some(e) => self.select_event(e, None),
            None if timed => {
                self.view.cursor_ms = Some(t);
                self.view.reveal_ms = Some(t);
            }
            None => {}
        }
    }

    /// Lays the shown call out again (notes changed), keeping zoom, scroll and selection.
    pub(super) fn refresh_call_view(&mut self) {
        let (Some(data), Some(i)) = (&self.data, self.view.selected) else {
            return;
        };
        self.view.call = CallView::build(data, i, self.view_mode());
        if let Some(Selection::Link(l)) = self.view.selection {
            let still = self
                .view
                .call
                .as_ref()
                .is_some_and(|c| l < c.layout.links.len());
            if !still {
                self.view.selection = None;
            }
        }
    }
}
