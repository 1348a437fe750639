//! The notes panel (the selected call's notes, numbered as on the timeline, and the notes of the
//! capture that lost their place) and the note editor (a modal: write, change or delete a note).
//! Saving and placing notes is the engine's (`notes::Notebook`); this only shows and asks.

use super::App;
use super::commands::Command;
use crate::notes::Anchor;
use egui::{Key, Modifiers, RichText};

/// What the editor is writing.
#[derive(Debug, Clone, PartialEq)]
pub enum EditTarget {
    New(Box<Anchor>),
    Existing(u32),
}

/// A note being written or changed.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteEditor {
    pub target: EditTarget,
    /// What it is attached to, in words.
    pub about: String,
    pub text: String,
    /// The text when the editor opened (closing with changes asks first).
    pub original: String,
    /// Delete was pressed once; the second press deletes.
    pub confirm_delete: bool,
    pub focus: bool,
}

impl NoteEditor {
    pub fn new(anchor: Anchor, about: String) -> Self {
        Self {
            target: EditTarget::New(Box::new(anchor)),
            about,
            text: String::new(),
            original: String::new(),
            confirm_delete: false,
            focus: true,
        }
    }

    pub fn existing(id: u32, about: String, text: String) -> Self {
        Self {
            target: EditTarget::Existing(id),
            about,
            original: text.clone(),
            text,
            confirm_delete: false,
            focus: true,
        }
    }

    fn changed(&self) -> bool {
        self.text != self.original
    }
}

/// Where the notes are saved, in words.
fn saved_where(app: &App) -> (String, bool) {
    let Some(data) = &app.data else {
        return (String::new(), false);
    };
    let book = &data.notes;
    match (&book.unreadable, book.path()) {
        (Some(why), _) => (format!("Notes cannot be saved: {why}"), true),
        (None, Some(p)) => (format!("Saved in {}", p.display()), false),
        (None, None) => ("Not saved: this capture has no file.".to_owned(), true),
    }
}

pub fn notes_panel_ui(app: &mut App, ui: &mut egui::Ui) {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        ui.strong("Notes");
        let count = app.view.call.as_ref().map_or(0, |c| c.layout.notes.len());
        ui.label(RichText::new(format!("{count} on this call")).weak());
        if ui
            .add_enabled(app.view.call.is_some(), egui::Button::new("Add note…"))
            .on_hover_text("A note on the selected event, or on the call (N)")
            .clicked()
        {
            commands.push(Command::AddNoteHere);
        }
        let (where_, warn) = saved_where(app);
        let text = RichText::new(where_).small();
        ui.label(if warn {
            text.color(app.palette().warning)
        } else {
            text.weak()
        });
    });
    ui.separator();
    let selected = app.view.note_selected;
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            if let Some(call) = &app.view.call {
                if call.layout.notes.is_empty() {
                    ui.label(
                        RichText::new(
                            "No notes on this call. Right-click a band, a marker, a lane or the \
                             timeline, or press N, to add one.",
                        )
                        .weak(),
                    );
                }
                for m in &call.layout.notes {
                    ui.horizontal_wrapped(|ui| {
                        let number = RichText::new(format!(" {} ", m.number))
                            .strong()
                            .color(app.palette().note_fg)
                            .background_color(app.palette().note_bg);
                        let picked = ui
                            .selectable_label(selected == Some(m.note_id), number)
                            .on_hover_text("Show it on the timeline");
                        if picked.clicked() {
                            commands.push(Command::SelectNote(m.note_id));
                        }
                        ui.label(RichText::new(&m.anchor).weak());
                        if ui.small_button("Edit…").clicked() {
                            commands.push(Command::EditNote(m.note_id));
                        }
                    });
                    ui.label(&m.text);
                    ui.add_space(6.0);
                }
            }
            lost_ui(app, ui, &mut commands);
        });
    app.commands.extend(commands);
}

/// Notes of the sidecar that match nothing in this capture: listed with the reason, kept; Edit…
/// changes or deletes them.
fn lost_ui(app: &App, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let Some(data) = &app.data else { return };
    let book = &data.notes;
    if book.resolved.lost.is_empty() {
        return;
    }
    ui.separator();
    ui.label(
        RichText::new(format!(
            "{} note{} lost {} place in this capture (kept in the file):",
            book.resolved.lost.len(),
            if book.resolved.lost.len() == 1 {
                ""
            } else {
                "s"
            },
            if book.resolved.lost.len() == 1 {
                "its"
            } else {
                "their"
            },
        ))
        .color(app.palette().warning),
    );
    for lost in &book.resolved.lost {
        if let Some(n) = book.sidecar.notes.get(lost.note) {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("• {} — {}", n.text.replace('\n', " "), lost.why));
                if ui.small_button("Edit…").clicked() {
                    commands.push(Command::EditNote(n.id));
                }
            });
        }
    }
}

/// The editor, when one is open. Ctrl+Enter saves; Esc closes it when nothing was typed.
pub fn note_editor_ui(app: &mut App, ctx: &egui::Context) {
    let Some(mut editor) = app.view.note_editor.take() else {
        return;
    };
    let (where_, warn) = saved_where(app);
    let mut close = false;
    let mut command = None;
    let title = match &editor.target {
        EditTarget::New(_) => "Add note".to_owned(),
        EditTarget::Existing(id) => format!("Edit note (id {id})"),
    };
    let response = egui::Modal::new(egui::Id::unique("note editor")).show(ctx, |ui| {
        ui.set_width(460.0);
        ui.heading(title);
        ui.label(RichText::new(format!("On {}", editor.about)).weak());
        ui.add_space(6.0);
        let label = ui.label("Note");
        let edit = egui::TextEdit::multiline(&mut editor.text)
            .hint_text("What should a reader notice here?")
            .desired_rows(5)
            .desired_width(f32::INFINITY);
        let response = ui.add(edit).labelled_by(label.id);
        if editor.focus {
            response.request_focus();
            editor.focus = false;
        }
        let text = RichText::new(&where_).small();
        ui.label(if warn { text.strong() } else { text.weak() });
        ui.add_space(6.0);
        let save_key = ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Enter));
        let can_save = !editor.text.trim().is_empty() && editor.changed();
        ui.horizontal(|ui| {
            let save = ui
                .add_enabled(can_save, egui::Button::new("Save"))
                .on_hover_text("Ctrl+Enter");
            if save.clicked() || (save_key && can_save) {
                command = Some(Command::SaveNote(Box::new(editor.clone())));
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
            if let EditTarget::Existing(id) = editor.target {
                let text = if editor.confirm_delete {
                    "Click again to delete"
                } else {
                    "Delete"
                };
                if ui.button(text).clicked() {
                    if editor.confirm_delete {
                        command = Some(Command::DeleteNote(id));
                        close = true;
                    } else {
                        editor.confirm_delete = true;
                    }
                }
            }
        });
        if editor.changed() {
            ui.label(
                RichText::new("Esc keeps typed text: Save or Cancel.")
                    .small()
                    .weak(),
            );
        }
    });
    if response.should_close() && !editor.changed() {
        close = true;
    }
    if !close {
        app.view.note_editor = Some(editor);
    }
    if let Some(c) = command {
        app.push(c);
    }
}
