//! The window's state: what is persisted between runs (theme, recent files, open panels) apart
//! from runtime-only data (the loaded capture, the selected call and its cached layout, the
//! view's zoom and pan, playback).
//!
//! In live mode `Data` owns the `LiveView` itself (through [`Events`]), not a copy of its store:
//! the store cannot be cloned and is large, so the view appends in place and `Data` rebuilds the
//! call set, rows and diagnostics from it right after, keeping the three consistent.

use super::search::{self, CallRow};
use super::theme::ThemeChoice;
use super::view::TimeView;
use crate::calls::{CallSet, Sentence, story};
use crate::live::{Appended, LiveView};
use crate::notes::Notebook;
use crate::store::{EventId, Store};
use crate::timeline::{
    GraphLayout, Layout, LayoutMode, TimelineRequest, graph_layout, layout, people_view,
    place_notes,
};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// How many recent files are remembered.
pub const MAX_RECENT: usize = 10;

/// The centre tab.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Swimlanes,
    Story,
    Graph,
    /// Two calls one above the other (`compare_view`).
    Compare,
}

/// Kept between runs through eframe's storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    pub theme: ThemeChoice,
    pub recent: Vec<PathBuf>,
    pub show_detail: bool,
    pub show_diagnostics: bool,
    pub show_legend: bool,
    pub show_notes: bool,
    pub tab: Tab,
    /// Playback speed: 1, 4 or 16.
    pub speed: u32,
    /// The swimlanes in the people view (a lane per person); off: the session view.
    pub people: bool,
}

impl Default for Persisted {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::Dark,
            recent: Vec::new(),
            show_detail: true,
            show_diagnostics: false,
            show_legend: true,
            show_notes: true,
            tab: Tab::Swimlanes,
            speed: 1,
            people: true,
        }
    }
}

impl Persisted {
    /// Puts `paths` first among the recent files (standard input, `-`, is not a file to reopen).
    pub fn remember(&mut self, paths: &[PathBuf]) {
        for p in paths.iter().rev().filter(|p| p.as_os_str() != "-") {
            self.recent.retain(|r| r != p);
            self.recent.insert(0, p.clone());
        }
        self.recent.truncate(MAX_RECENT);
    }
}

/// Who owns a capture's events: a capture loaded once, or a live view that keeps appending and
/// lets its oldest batches go. Either way it reads as a [`Store`].
pub enum Events {
    Loaded(Store),
    Live(LiveView),
}

impl std::ops::Deref for Events {
    type Target = Store;

    fn deref(&self) -> &Store {
        match self {
            Self::Loaded(store) => store,
            Self::Live(view) => view.store(),
        }
    }
}

/// A capture with what the window derives from it (once when loaded, after each batch when live).
pub struct Data {
    pub store: Events,
    pub set: CallSet,
    pub rows: Vec<CallRow>,
    /// The store's diagnostics, computed once (they count gaps over every session).
    pub diagnostics: crate::ingest::Diagnostics,
    /// Where it came from, for the title bar.
    pub title: String,
    /// Load errors that are not diagnostics (e.g. the loader thread failed).
    pub errors: Vec<String>,
    pub load_ms: u128,
    /// The notes of the capture, placed in `set`.
    pub notes: Notebook,
}

impl Data {
    pub fn new(store: Store, set: CallSet, title: String, load_ms: u128) -> Self {
        Self::with_events(Events::Loaded(store), set, title, load_ms)
    }

    /// A live capture, empty or not; its calls are built here.
    pub fn live(view: LiveView, title: String) -> Self {
        let set = CallSet::build(view.store());
        Self::with_events(Events::Live(view), set, title, 0)
    }

    fn with_events(store: Events, set: CallSet, title: String, load_ms: u128) -> Self {
        let rows = search::rows(&store, &set);
        let diagnostics = store.diagnostics();
        Self {
            diagnostics,
            store,
            set,
            rows,
            title,
            errors: Vec::new(),
            load_ms,
            notes: Notebook::default(),
        }
    }

    /// The capture with its notes, placed in its calls.
    pub fn with_notes(mut self, mut notes: Notebook) -> Self {
        notes.resolve(&self.store, &self.set);
        self.notes = notes;
        self
    }

    pub fn live_view(&self) -> Option<&LiveView> {
        match &self.store {
            Events::Live(view) => Some(view),
            Events::Loaded(_) => None,
        }
    }

    /// Appends live lines as one batch, then rebuilds the calls, rows and diagnostics from the
    /// store (the engine's work; nothing is patched here). `None` for a loaded capture.
    pub fn append_live<L: AsRef<[u8]>>(&mut self, lines: &[L]) -> Option<Appended> {
        let Events::Live(view) = &mut self.store else {
            return None;
        };
        let appended = view.append(lines);
        self.set = CallSet::build(&self.store);
        self.rows = search::rows(&self.store, &self.set);
        self.diagnostics = self.store.diagnostics();
        self.notes.resolve(&self.store, &self.set);
        Some(appended)
    }
}

/// What is selected in the swimlanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    Event(EventId),
    Link(usize),
}

/// The selected event's notification, prepared once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub event: EventId,
    pub title: String,
    pub json: String,
    /// The notification as a foldable tree (`None` when its text is not JSON).
    pub tree: Option<super::json_tree::JsonNode>,
    pub notes: Vec<String>,
    pub explanation: String,
}

/// The selected call, its layout and everything drawn from it (rebuilt only when the request
/// changes).
pub struct CallView {
    /// As the swimlanes show it (the people or the session view).
    pub layout: Layout,
    /// The session view, when `layout` is the people view (see [`CallView::sessions`]).
    sessions: Option<Layout>,
    pub graph: GraphLayout,
    pub story: Vec<Sentence>,
}

impl CallView {
    /// The call in the session view (the compare tab's grouping).
    pub fn sessions(&self) -> &Layout {
        self.sessions.as_ref().unwrap_or(&self.layout)
    }

    pub fn build(data: &Data, call: usize, mode: LayoutMode) -> Option<Self> {
        let request = TimelineRequest {
            call,
            generation: data.store.generation(),
        };
        let mut layout = layout(&data.store, &data.set, request)?;
        let notes = &data.notes;
        place_notes(
            &mut layout,
            &data.store,
            &data.set,
            &notes.sidecar.notes,
            &notes.resolved,
        );
        let graph = graph_layout(&data.set, &layout);
        // The compare tab lines calls up session by session, whatever the swimlanes show.
        let sessions = (mode == LayoutMode::People).then(|| layout.clone());
        if mode == LayoutMode::People {
            layout = people_view(&data.store, &data.set, layout);
        }
        let story = story(&data.store, &data.set, data.set.calls.get(call)?);
        Some(Self {
            layout,
            sessions,
            graph,
            story,
        })
    }
}

/// Runtime-only view state.
#[derive(Default)]
pub struct View {
    pub query: String,
    pub filtered: Vec<usize>,
    /// The query `filtered` was computed for (`None`: recompute).
    pub filtered_for: Option<String>,
    pub selected: Option<usize>,
    pub call: Option<CallView>,
    pub time: TimeView,
    pub scroll_y: f32,
    pub selection: Option<Selection>,
    pub detail: Option<Detail>,
    pub cursor_ms: Option<f64>,
    pub playing: bool,
    pub fit_pending: bool,
    /// The view follows the plot's width (fitted, not zoomed or panned since).
    pub auto_fit: bool,
    /// A time to bring into view on the next frame.
    pub reveal_ms: Option<f64>,
    /// The detail panel is shown though nothing is selected (opened by hand).
    pub detail_open: bool,
    /// A stretch of time to zoom to on the next frame.
    pub zoom_to: Option<(f64, f64)>,
    pub scroll_list_to_selected: bool,
    pub focus_search: bool,
    pub graph_rect: Option<egui::Rect>,
    /// The note being written or changed.
    pub note_editor: Option<super::notes_panel::NoteEditor>,
    /// The note picked in the panel or on the timeline (its id).
    pub note_selected: Option<u32>,
    /// Where the swimlanes were right-clicked: the time and the lane under the pointer.
    pub context_at: Option<(f64, Option<usize>)>,
    pub export: Option<super::export_dialog::ExportDialog>,
}
