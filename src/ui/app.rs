//! The window's `App`: owns the persisted and runtime state, drains the loader and the live
//! source in `logic()`, lays out the panels in `ui()`, handles keys and dropped files, then
//! applies the commands the panels pushed.

use super::commands::{Command, Picking};
use super::live::Live;
use super::live_dialog::{self, ListenForm};
use super::loader::{Loading, Source};
use super::state::{Data, Persisted, Tab, View};
use super::theme::Palette;
use super::{
    call_list, detail, diagnostics, export_dialog, graph, notes_panel, story, swimlanes, toolbar,
};
use egui::{Key, Modifiers};
use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::time::Duration;

/// Key of the persisted state in eframe's storage.
pub const STORAGE_KEY: &str = "callflow";

/// What the window opens on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Startup {
    /// The samples embedded in the binary.
    Bundled,
    /// Captures, first call selected.
    Files(Vec<PathBuf>),
    /// A growing capture, followed from its start.
    Follow(PathBuf),
}

pub struct App {
    pub persisted: Persisted,
    pub data: Option<Data>,
    pub view: View,
    pub loading: Option<Loading>,
    /// A message for the status bar (e.g. a load that failed).
    pub notice: Option<String>,
    /// The live source, running or ended (its status stays in the status bar).
    pub live: Option<Live>,
    /// The listen dialog, while it is open.
    pub listen_form: Option<ListenForm>,
    /// The expected flow the capture is checked against (File → Check against expected flow…).
    pub expect: Option<super::expect_panel::ExpectState>,
    pub(super) commands: Vec<Command>,
    pub(super) dialog: Option<(Picking, Receiver<Option<Vec<PathBuf>>>)>,
    /// The Compare tab's reference and options.
    pub compare: super::compare::Compare,
    /// The Call Log cross-check, while its panel is open.
    pub call_log: Option<super::compare::CallLogCheck>,
}

impl App {
    pub fn new(persisted: Persisted) -> Self {
        Self {
            persisted,
            data: None,
            view: View::default(),
            loading: None,
            notice: None,
            live: None,
            listen_form: None,
            expect: None,
            commands: Vec::new(),
            dialog: None,
            compare: Default::default(),
            call_log: None,
        }
    }

    /// The app as eframe starts it: persisted state restored, the load or the follow started.
    pub fn start(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        let persisted: Persisted = cc
            .storage
            .and_then(|s| eframe::get_value(s, STORAGE_KEY))
            .unwrap_or_default();
        cc.egui_ctx.set_theme(persisted.theme.egui());
        super::fonts::install(&cc.egui_ctx);
        let mut app = Self::new(persisted);
        match startup {
            Startup::Bundled => app.start_load(&cc.egui_ctx, Source::Bundled),
            Startup::Files(files) => {
                app.persisted.remember(&files);
                app.start_load(&cc.egui_ctx, Source::Files(files));
            }
            Startup::Follow(path) => {
                if let Err(e) = app.start_following(&cc.egui_ctx, path) {
                    app.notice = Some(format!("Cannot follow the file: {e}"));
                }
            }
        }
        app
    }

    /// How the swimlanes group lanes (the toolbar's People/Sessions toggle, P).
    pub fn view_mode(&self) -> crate::timeline::LayoutMode {
        if self.persisted.people {
            crate::timeline::LayoutMode::People
        } else {
            crate::timeline::LayoutMode::Sessions
        }
    }

    pub fn palette(&self) -> &'static Palette {
        Palette::of(self.persisted.theme)
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Installs a loaded capture and selects its first call.
    pub fn set_data(&mut self, data: Data) {
        self.keep_reference();
        self.view = View::default();
        let first = (!data.set.calls.is_empty()).then_some(0);
        self.data = Some(data);
        if let Some(i) = first {
            self.select_call(i);
            self.view.scroll_list_to_selected = true;
        }
    }

    /// Non-UI work of a frame: loader messages, live lines, the file dialog's answer, dropped
    /// files, playback.
    pub fn frame_logic(&mut self, ctx: &egui::Context) {
        // A note being written belongs to the capture on screen: a finished load waits for it.
        let writing = self.view.note_editor.is_some();
        if let Some(loading) = self.loading.as_mut().filter(|_| !writing) {
            match loading.poll(Duration::from_millis(10)) {
                Some(Ok(data)) => {
                    self.loading = None;
                    self.set_data(*data);
                }
                Some(Err(e)) => {
                    self.loading = None;
                    self.notice = Some(format!("Loading failed: {e}"));
                }
                None => ctx.request_repaint_after(Duration::from_millis(100)),
            }
        }
        self.live_logic(ctx);
        self.compare_logic(ctx);
        if let Some((picking, rx)) = &self.dialog
            && let Ok(picked) = rx.try_recv()
        {
            let picking = *picking;
            self.dialog = None;
            self.picked(picking, picked);
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() && writing {
            self.notice = Some("Save or cancel the note first, then drop the files again.".into());
        } else if !dropped.is_empty() {
            self.push(Command::Open(dropped));
        }
        self.advance_playback(ctx);
        self.apply_commands(ctx);
    }

    fn advance_playback(&mut self, ctx: &egui::Context) {
        if !self.view.playing {
            return;
        }
        let Some(call) = &self.view.call else {
            self.view.playing = false;
            return;
        };
        let dt = f64::from(ctx.input(|i| i.stable_dt).min(0.1));
        let t = self.view.cursor_ms.unwrap_or(0.0) + dt * 1000.0 * f64::from(self.persisted.speed);
        if t >= call.layout.duration_ms {
            self.view.cursor_ms = Some(call.layout.duration_ms);
            self.view.playing = false;
        } else {
            self.view.cursor_ms = Some(t);
            self.view.reveal_ms = Some(t);
            ctx.request_repaint();
        }
    }

    fn keys(&mut self, ctx: &egui::Context) {
        if self.view.note_editor.is_some() || self.view.export.is_some() {
            // A dialog is open: its own keys only.
            return;
        }
        let typing = ctx.egui_wants_keyboard_input();
        let mut commands = Vec::new();
        ctx.input_mut(|i| {
            if i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::O) {
                commands.push(Command::ReferenceDialog);
            }
            if i.consume_key(Modifiers::COMMAND, Key::L) {
                commands.push(Command::CallLogDialog);
            }
            if i.consume_key(Modifiers::COMMAND, Key::O) {
                commands.push(Command::OpenDialog);
            }
            if i.consume_key(Modifiers::COMMAND, Key::E) {
                commands.push(Command::OpenExport);
            }
            if i.consume_key(Modifiers::COMMAND, Key::F) {
                commands.push(Command::FocusSearch);
            }
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                commands.push(Command::Escape);
            }
            if typing {
                return;
            }
            if i.consume_key(Modifiers::NONE, Key::F) {
                commands.push(Command::Fit);
            }
            if i.consume_key(Modifiers::NONE, Key::D) {
                commands.push(Command::ToggleDetail);
            }
            if i.consume_key(Modifiers::NONE, Key::Z) {
                commands.push(Command::ZoomBusy);
            }
            if i.consume_key(Modifiers::NONE, Key::P) {
                commands.push(Command::ToggleView);
            }
            if i.consume_key(Modifiers::NONE, Key::ArrowRight) {
                commands.push(Command::Step { forward: true });
            }
            if i.consume_key(Modifiers::NONE, Key::ArrowLeft) {
                commands.push(Command::Step { forward: false });
            }
            if i.consume_key(Modifiers::NONE, Key::Space) {
                commands.push(Command::TogglePlay);
            }
            if i.consume_key(Modifiers::NONE, Key::N) {
                commands.push(Command::AddNoteHere);
            }
            if i.consume_key(Modifiers::NONE, Key::C)
                && let Some(call) = self.view.selected
            {
                commands.push(Command::PinReference(call));
            }
        });
        self.commands.extend(commands);
    }

    /// Draws the whole window.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.keys(&ctx);
        egui::Panel::top("menu").show(ui, |ui| toolbar::menu_ui(self, ui));
        egui::Panel::bottom("status").show(ui, |ui| toolbar::status_ui(self, ui));
        if self.persisted.show_diagnostics {
            egui::Panel::bottom("diagnostics")
                .resizable(true)
                .default_size(200.0)
                .show(ui, |ui| diagnostics::diagnostics_ui(self, ui));
        }
        // The call list opens 420 wide every time: while the new window is still sizing itself
        // (its first second) the width is held, so a first tiny frame cannot shrink it for good.
        let mut list = egui::Panel::left("calls")
            .resizable(true)
            .default_size(420.0)
            .size_range(260.0..=700.0);
        if ctx.input(|i| i.time) < 1.0 {
            list = list.exact_size(420.0);
            ctx.request_repaint();
        }
        list.show(ui, |ui| call_list::call_list_ui(self, ui));
        if self.persisted.show_detail && self.view.call.is_some() {
            // Nothing selected: a thin strip that opens the panel, so the call gets the room.
            if self.view.detail.is_some() || self.view.detail_open {
                egui::Panel::right("detail")
                    .resizable(true)
                    .default_size(320.0)
                    .size_range(260.0..=800.0)
                    .show(ui, |ui| detail::detail_ui(self, ui));
            } else {
                egui::Panel::right("detail strip")
                    .resizable(false)
                    .exact_size(26.0)
                    .show(ui, |ui| detail::detail_strip_ui(self, ui));
            }
        }
        if self.expect.is_some() {
            egui::Panel::right("expect")
                .resizable(true)
                .default_size(300.0)
                .size_range(240.0..=700.0)
                .show(ui, |ui| super::expect_panel::expect_panel_ui(self, ui));
        }
        if self.call_log.is_some() {
            egui::Panel::bottom("call log")
                .resizable(true)
                .default_size(170.0)
                .show(ui, |ui| super::calllog_panel::calllog_panel_ui(self, ui));
        }
        if self.persisted.show_notes && self.view.call.is_some() {
            egui::Panel::bottom("notes")
                .resizable(true)
                .default_size(150.0)
                .show(ui, |ui| notes_panel::notes_panel_ui(self, ui));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            toolbar::tabs_ui(self, ui);
            match self.persisted.tab {
                Tab::Swimlanes => swimlanes::swimlanes_ui(self, ui),
                Tab::Story => story::story_ui(self, ui),
                Tab::Graph => graph::graph_ui(self, ui),
                Tab::Compare => super::compare_view::compare_ui(self, ui),
            }
        });
        live_dialog::listen_dialog_ui(self, &ctx);
        toolbar::drop_overlay_ui(self, &ctx);
        notes_panel::note_editor_ui(self, &ctx);
        export_dialog::export_dialog_ui(self, &ctx);
        self.apply_commands(&ctx);
    }
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.frame_logic(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    /// Panel widths are not carried over from the last run: the window opens with the same
    /// layout every time (the app's own settings are saved in `save`).
    fn persist_egui_memory(&self) -> bool {
        false
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.persisted);
    }

    /// The window closes: a live source stops and its capture is synced and closed.
    fn on_exit(&mut self) {
        self.close_live();
    }
}
