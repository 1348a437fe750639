//! What the panels ask for. Panels push commands while drawing; the app applies them after the
//! frame, so drawing never mutates the capture or the selection half-way.

use super::App;
use super::live::Origin;
use super::live_dialog::ListenForm;
use super::loader::{self, Source};
use super::notes_panel::NoteEditor;
use super::state::{CallView, Detail, Selection, Tab};
use super::theme::ThemeChoice;
use super::view::TimeView;
use crate::ingest;
use crate::live::ReceiverConfig;
use crate::store::EventId;
use crate::timeline::event_notes;
use std::path::PathBuf;

/// What a file dialog is picking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picking {
    Open,
    Follow,
    Capture,
    /// An expected flow to check the capture against.
    Flow,
    /// File → Compare with another capture….
    Reference,
    /// File → Compare with call log….
    CallLog,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    OpenDialog,
    Open(Vec<PathBuf>),
    OpenBundled,
    /// Live → Listen…: opens the listen dialog.
    ListenDialog,
    /// The listen dialog's "Choose…": where the capture is written.
    ChooseCapture,
    /// Starts the webhook receiver (the dialog closes once it listens).
    Listen(ReceiverConfig),
    /// Live → Follow file…: picks a file to follow.
    FollowDialog,
    Follow(PathBuf),
    /// Live → Stop.
    StopLive,
    SelectCall(usize),
    /// The search matches no call: nothing is shown.
    ShowNoCall,
    /// D or the collapsed detail strip: shows or hides the empty detail panel.
    ToggleDetail,
    SelectEvent(EventId),
    SelectLink(usize),
    /// Moves the playback cursor (ms since the call's start).
    SetCursor(f64),
    Fit,
    /// Z: zooms to the busy part of the call (a queue's fan-out, a transfer).
    ZoomBusy,
    /// P or the toolbar's toggle: the people view (a lane per person) or the session view.
    ToggleView,
    Step {
        forward: bool,
    },
    TogglePlay,
    SetTab(Tab),
    SetTheme(ThemeChoice),
    FocusSearch,
    /// Esc: clears the selection, then the search.
    Escape,
    /// Opens the note editor on something of the shown call.
    AskNote(NoteAsk),
    /// N or the panel's button: a note on the selected event, else on the call.
    AddNoteHere,
    EditNote(u32),
    SaveNote(Box<NoteEditor>),
    DeleteNote(u32),
    /// Shows a note: its moment on the timeline, its event in the detail panel.
    SelectNote(u32),
    /// Ctrl+E: the export dialog for the shown call.
    OpenExport,
    /// File → Check against expected flow… and its panel.
    Expect(super::expect_panel::ExpectCommand),
    /// C or the call list's menu: this call becomes the reference of the Compare tab.
    PinReference(usize),
    /// Ctrl+Shift+O: picks another capture to compare with.
    ReferenceDialog,
    CompareWith(Vec<PathBuf>),
    /// Ctrl+L: picks call-log files to check the open capture against.
    CallLogDialog,
    OpenCallLog(Vec<PathBuf>),
    /// Puts the playback cursor on a moment of the shown call and brings it into view.
    RevealMoment(f64),
}

/// What a note is asked for on, in the shown call's layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NoteAsk {
    Call,
    /// Index into `Layout::sessions`.
    Session(usize),
    /// Index into `Layout::lanes`.
    Lane(usize),
    Event(EventId),
    /// A time since the call's start, on a lane or on the call.
    Moment {
        t_ms: f64,
        lane: Option<usize>,
    },
}

impl App {
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Applies the commands pushed during the frame.
    pub fn apply_commands(&mut self, ctx: &egui::Context) {
        for command in std::mem::take(&mut self.commands) {
            self.apply(ctx, command);
        }
    }

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::OpenDialog => self.file_dialog(ctx, Picking::Open),
            Command::Open(paths) => {
                self.persisted.remember(&paths);
                self.start_load(ctx, Source::Files(paths));
            }
            Command::OpenBundled => self.start_load(ctx, Source::Bundled),
            Command::ListenDialog => {
                self.listen_form = Some(ListenForm::new(&jiff::ZonedDateTime::now()));
            }
            Command::ChooseCapture => self.file_dialog(ctx, Picking::Capture),
            Command::Listen(config) => match self.start_listening(ctx, config) {
                Ok(()) => self.listen_form = None,
                Err(e) => match &mut self.listen_form {
                    Some(form) => form.error = Some(e.to_string()),
                    None => self.notice = Some(format!("Cannot listen: {e}")),
                },
            },
            Command::FollowDialog => self.file_dialog(ctx, Picking::Follow),
            Command::Follow(path) => {
                if let Err(e) = self.start_following(ctx, path) {
                    self.notice = Some(format!("Cannot follow the file: {e}"));
                }
            }
            Command::StopLive => self.stop_live(),
            Command::SelectCall(i) => self.select_call(i),
            Command::ShowNoCall => {
                self.view.selected = None;
                self.view.call = None;
                self.view.selection = None;
                self.view.detail = None;
                self.view.cursor_ms = None;
                self.view.playing = false;
            }
            Command::ToggleDetail => {
                let full = self.persisted.show_detail
                    && (self.view.detail.is_some() || self.view.detail_open);
                if full {
                    self.view.detail_open = false;
                    if self.view.detail.is_some() {
                        self.persisted.show_detail = false;
                    }
                } else {
                    self.persisted.show_detail = true;
                    self.view.detail_open = true;
                }
            }
            Command::SelectEvent(e) => self.select_event(e, None),
            Command::SelectLink(i) => {
                let link = self.view.call.as_ref().and_then(|c| c.layout.links.get(i));
                if let Some(l) = link.cloned() {
                    self.view.cursor_ms = Some(l.from_ms);
                    match l.event {
                        Some(e) => self.select_event(e, Some(l.explanation.clone())),
                        None => self.view.detail = None,
                    }
                    self.view.selection = Some(Selection::Link(i));
                }
            }
            Command::SetCursor(t) => self.view.cursor_ms = Some(t),
            Command::Fit => {
                self.view.fit_pending = true;
                self.view.graph_rect = None;
            }
            Command::ToggleView => {
                self.persisted.people = !self.persisted.people;
                if let Some(i) = self.view.selected {
                    let keep = self.view.selection;
                    self.select_call(i);
                    // Events keep their ids in either view; links are numbered per view.
                    self.view.selection = keep.filter(|s| matches!(s, Selection::Event(_)));
                }
            }
            Command::ZoomBusy => {
                self.view.zoom_to = self
                    .view
                    .call
                    .as_ref()
                    .and_then(|c| crate::timeline::busy_span(&c.layout));
            }
            Command::Step { forward } => self.step(forward),
            Command::TogglePlay => {
                self.view.playing = !self.view.playing;
                if self.view.playing {
                    let end = self
                        .view
                        .call
                        .as_ref()
                        .map_or(0.0, |c| c.layout.duration_ms);
                    if self.view.cursor_ms.is_none_or(|t| t >= end) {
                        self.view.cursor_ms = Some(0.0);
                    }
                }
            }
            Command::SetTab(t) => self.persisted.tab = t,
            Command::SetTheme(t) => {
                self.persisted.theme = t;
                ctx.set_theme(t.egui());
            }
            Command::FocusSearch => self.view.focus_search = true,
            Command::Escape => {
                if self.view.selection.is_some() || self.view.cursor_ms.is_some() {
                    self.view.selection = None;
                    self.view.detail = None;
                    self.view.cursor_ms = None;
                    self.view.playing = false;
                } else {
                    self.view.query.clear();
                }
            }
            Command::AskNote(ask) => self.ask_note(ask),
            Command::AddNoteHere => {
                let ask = match self.view.selection {
                    Some(Selection::Event(e)) => NoteAsk::Event(e),
                    _ => NoteAsk::Call,
                };
                self.ask_note(ask);
            }
            Command::EditNote(id) => self.edit_note(id),
            Command::SaveNote(editor) => self.save_note(*editor),
            Command::DeleteNote(id) => self.delete_note(id),
            Command::SelectNote(id) => self.select_note(id),
            Command::OpenExport => self.open_export(),
            Command::Expect(c) => self.apply_expect(ctx, c),
            Command::PinReference(i) => self.pin_reference(i),
            Command::ReferenceDialog => self.file_dialog(ctx, Picking::Reference),
            Command::CompareWith(paths) => self.load_reference(ctx, paths),
            Command::CallLogDialog => self.file_dialog(ctx, Picking::CallLog),
            Command::OpenCallLog(paths) => self.open_call_log(paths),
            Command::RevealMoment(t) => {
                self.view.cursor_ms = Some(t);
                self.view.reveal_ms = Some(t);
            }
        }
    }

    /// Starts loading `source` on the loader thread; the result replaces the open capture. A
    /// live source stops first (its file keeps everything), and the notice says so.
    pub fn start_load(&mut self, ctx: &egui::Context, source: Source) {
        self.notice = self.close_live().map(|origin| match origin {
            Origin::Listening { capture, .. } => format!(
                "Stopped listening to open this; the capture is in {}.",
                capture.display()
            ),
            Origin::Following(path) => format!("Stopped following {}.", path.display()),
            Origin::Channel(name) => format!("Stopped {name}."),
        });
        let wake = ctx.clone();
        self.loading = Some(loader::spawn(source, move || wake.request_repaint()));
    }

    /// Opens the system's file dialog on its own thread; the answer comes back in `logic()`.
    pub(super) fn file_dialog(&mut self, ctx: &egui::Context, picking: Picking) {
        let (tx, rx) = std::sync::mpsc::channel();
        let wake = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("callflow-file-dialog".into())
            .spawn(move || {
                let captures = ["ndjson", "jsonl", "json", "gz", "txt", "log"];
                let dialog = rfd::FileDialog::new();
                let picked = match picking {
                    Picking::Open => dialog
                        .set_title("Open captures")
                        .add_filter("Captures", &captures)
                        .add_filter("All files", &["*"])
                        .pick_files(),
                    Picking::Follow => dialog
                        .set_title("Follow a growing capture")
                        .add_filter("Captures", &captures)
                        .add_filter("All files", &["*"])
                        .pick_file()
                        .map(|p| vec![p]),
                    Picking::Flow => dialog
                        .set_title("Check against an expected flow")
                        .add_filter("Expected flows", &["yaml", "yml"])
                        .add_filter("All files", &["*"])
                        .pick_file()
                        .map(|p| vec![p]),
                    Picking::Reference => dialog
                        .set_title("Compare with another capture")
                        .add_filter("Captures", &captures)
                        .add_filter("All files", &["*"])
                        .pick_files(),
                    Picking::CallLog => dialog
                        .set_title("Compare with call log (Call Log API, Detailed view)")
                        .add_filter("JSON", &["json"])
                        .add_filter("All files", &["*"])
                        .pick_files(),
                    Picking::Capture => dialog
                        .set_title("Write the capture to")
                        .add_filter("NDJSON", &["ndjson"])
                        .set_file_name("callflow-live.ndjson")
                        .save_file()
                        .map(|p| vec![p]),
                };
                let _ = tx.send(picked);
                wake.request_repaint();
            });
        match spawned {
            Ok(_) => self.dialog = Some((picking, rx)),
            Err(e) => self.notice = Some(format!("Cannot open the file dialog: {e}")),
        }
    }

    /// What the file dialog answered.
    /// (Public so that tests can answer for the system's dialog, which is not there headless.)
    pub fn picked(&mut self, picking: Picking, paths: Option<Vec<PathBuf>>) {
        let paths = paths.unwrap_or_default();
        match (picking, paths.first()) {
            (Picking::Open, Some(_)) => self.push(Command::Open(paths)),
            (Picking::Follow, Some(path)) => self.push(Command::Follow(path.clone())),
            (Picking::Capture, Some(path)) => {
                if let Some(form) = &mut self.listen_form {
                    form.capture = path.display().to_string();
                }
            }
            (Picking::Flow, Some(path)) => self.push(Command::Expect(
                super::expect_panel::ExpectCommand::Load(path.clone()),
            )),
            (Picking::Reference, Some(_)) => self.push(Command::CompareWith(paths)),
            (Picking::CallLog, Some(_)) => self.push(Command::OpenCallLog(paths)),
            (Picking::Capture, None) => {}
            (Picking::Flow, None) => self.notice = Some("No flow file chosen.".into()),
            (Picking::Open | Picking::Follow | Picking::Reference | Picking::CallLog, None) => {
                self.notice = Some("No file chosen.".into())
            }
        }
    }

    pub fn select_call(&mut self, i: usize) {
        let Some(data) = &self.data else { return };
        self.view.selected = Some(i);
        self.view.call = CallView::build(data, i, self.view_mode());
        self.view.selection = None;
        self.view.detail = None;
        self.view.cursor_ms = None;
        self.view.playing = false;
        self.view.fit_pending = true;
        self.view.scroll_y = 0.0;
        self.view.graph_rect = None;
        self.view.time = TimeView::default();
    }

    /// Selects an event of the shown call: detail panel, playback cursor, keeps it in view.
    pub fn select_event(&mut self, event: EventId, explanation: Option<String>) {
        let (Some(data), Some(call)) = (&self.data, &self.view.call) else {
            return;
        };
        let layout = &call.layout;
        let band = layout.bands.iter().find(|b| b.event == event);
        let marker = layout.markers.iter().find(|m| m.event == event);
        let (title, explained) = match (band, marker) {
            (Some(b), _) => (
                format!("{} · {}", layout.lanes[b.lane].label, b.kind.name()),
                b.explanation.clone(),
            ),
            (None, Some(m)) => (
                format!("{} · {}", layout.lanes[m.lane].label, m.kind.name()),
                m.explanation.clone(),
            ),
            _ => ("Event".to_owned(), String::new()),
        };
        let json = match ingest::raw_text(&data.store, event) {
            Ok(raw) => super::json::pretty(&raw),
            Err(e) => format!("The original text cannot be read: {e}"),
        };
        let tree = super::json_tree::JsonNode::parse(&json);
        self.view.detail = Some(Detail {
            event,
            title,
            tree,
            json,
            notes: event_notes(&data.store, &data.set, event),
            explanation: explanation.unwrap_or(explained),
        });
        self.view.selection = Some(Selection::Event(event));
        if let Some(m) = layout.moment_of(event) {
            self.view.cursor_ms = Some(m.t_ms);
            self.view.reveal_ms = Some(m.t_ms);
        }
        self.persisted.show_detail = true;
    }

    fn step(&mut self, forward: bool) {
        let Some(call) = &self.view.call else { return };
        let from = match self.view.selection {
            Some(Selection::Event(e)) => Some(e),
            _ => None,
        };
        let t = self
            .view
            .cursor_ms
            .unwrap_or(if forward { -1.0 } else { f64::MAX });
        if let Some(m) = call.layout.step(from, t, forward) {
            self.view.playing = false;
            self.select_event(m.event, None);
        }
    }
}
