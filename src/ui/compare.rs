//! The window's comparison: a reference call (of the open capture, or of another capture loaded
//! for it) against the selected call, and the Call Log cross-check. Holds what the engine
//! computed (`compare::diff`, `calllog::crosscheck`) and recomputes it only when its inputs
//! change; drawing is in `compare_view` and `calllog_panel`.

use super::App;
use super::loader::{self, Loading, Source};
use super::state::{Data, Tab};
use super::view::TimeView;
use crate::calllog::{self, CallLog, Crosscheck};
use crate::compare::{Align, CallDiff, DiffOptions, Side, diff};
use crate::timeline::{Layout, TimelineRequest, layout};
use std::path::PathBuf;
use std::time::Duration;

/// The call the selected call is compared with.
pub struct Reference {
    /// Another capture loaded for the comparison; `None`: a call of the open capture.
    pub other: Option<Box<Data>>,
    pub call: usize,
    pub layout: Layout,
}

/// What the diff was computed for.
#[derive(Debug, Clone, Copy, PartialEq)]
struct DiffKey {
    reference: usize,
    selected: usize,
    generation: u64,
    opts: DiffOptions,
}

/// The Compare tab's state.
pub struct Compare {
    pub reference: Option<Reference>,
    /// A capture being loaded to become the reference.
    pub loading: Option<Loading>,
    pub align: Align,
    pub threshold_s: f64,
    pub people: bool,
    /// One time scale for both calls.
    pub time: TimeView,
    pub fit: bool,
    /// The aligned moment to bring into view (ms in the reference call).
    pub reveal_ms: Option<f64>,
    /// The shift of B the view was last fitted for (ms).
    pub shown_shift_ms: f64,
    diff: Option<(DiffKey, CallDiff)>,
}

impl Default for Compare {
    fn default() -> Self {
        Self {
            reference: None,
            loading: None,
            align: Align::Start,
            threshold_s: crate::compare::diff::DEFAULT_THRESHOLD_MS / 1000.0,
            people: true,
            time: TimeView::default(),
            fit: true,
            reveal_ms: None,
            shown_shift_ms: 0.0,
            diff: None,
        }
    }
}

impl Compare {
    pub fn options(&self) -> DiffOptions {
        DiffOptions {
            threshold_ms: self.threshold_s * 1000.0,
            people: self.people,
            align: self.align,
        }
    }

    /// The reference's capture: its own, or the open one.
    pub fn reference_data<'a>(&'a self, open: Option<&'a Data>) -> Option<&'a Data> {
        let r = self.reference.as_ref()?;
        r.other.as_deref().or(open)
    }
}

/// The open Call Log cross-check.
pub struct CallLogCheck {
    pub files: Vec<PathBuf>,
    pub log: CallLog,
    pub check: Crosscheck,
    /// The call set's generation it was made for (`u64::MAX`: redo).
    pub generation: u64,
}

fn reference_layout(data: &Data, call: usize) -> Option<Layout> {
    layout(
        &data.store,
        &data.set,
        TimelineRequest {
            call,
            generation: data.store.generation(),
        },
    )
}

impl App {
    /// C or the call list's menu: the selected call becomes the reference.
    pub fn pin_reference(&mut self, call: usize) {
        let Some(data) = &self.data else { return };
        let Some(layout) = reference_layout(data, call) else {
            return;
        };
        self.compare.reference = Some(Reference {
            other: None,
            call,
            layout,
        });
        self.compare.diff = None;
        self.compare.fit = true;
        self.compare.align = Align::Start;
        self.persisted.tab = Tab::Compare;
        self.notice = Some(
            "Reference set: select another call (or open another capture) to compare it with."
                .into(),
        );
    }

    /// Another call of the reference's capture.
    pub fn pick_reference_call(&mut self, call: usize) {
        let compare = &mut self.compare;
        let Some(r) = &compare.reference else { return };
        let data = match (&r.other, &self.data) {
            (Some(other), _) => other.as_ref(),
            (None, Some(open)) => open,
            (None, None) => return,
        };
        if let Some(layout) = reference_layout(data, call)
            && let Some(r) = &mut compare.reference
        {
            r.call = call;
            r.layout = layout;
            compare.diff = None;
            compare.fit = true;
            compare.align = Align::Start;
        }
    }

    /// File → Compare with another capture…: loads it on the loader thread.
    pub fn load_reference(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        let wake = ctx.clone();
        self.compare.loading = Some(loader::spawn(Source::Files(paths), move || {
            wake.request_repaint()
        }));
    }

    /// Drains the reference's loader (from `logic()`).
    pub fn compare_logic(&mut self, ctx: &egui::Context) {
        let Some(loading) = &mut self.compare.loading else {
            return;
        };
        match loading.poll(Duration::from_millis(5)) {
            Some(Ok(data)) => {
                self.compare.loading = None;
                if data.set.calls.is_empty() {
                    self.notice = Some(format!("{} holds no call to compare with.", data.title));
                    return;
                }
                let Some(layout) = reference_layout(&data, 0) else {
                    return;
                };
                self.notice = Some(format!(
                    "Comparing with {} (its first call; pick another above the diagram).",
                    data.title
                ));
                self.compare.reference = Some(Reference {
                    other: Some(data),
                    call: 0,
                    layout,
                });
                self.compare.diff = None;
                self.compare.fit = true;
                self.compare.align = Align::Start;
                self.persisted.tab = Tab::Compare;
            }
            Some(Err(e)) => {
                self.compare.loading = None;
                self.notice = Some(format!("Cannot load the capture to compare with: {e}"));
            }
            None => ctx.request_repaint_after(Duration::from_millis(100)),
        }
    }

    /// Before a new capture replaces the open one: a reference in it keeps its capture.
    pub fn keep_reference(&mut self) {
        if let Some(r) = &mut self.compare.reference
            && r.other.is_none()
        {
            match self.data.take() {
                Some(old) => r.other = Some(Box::new(old)),
                None => self.compare.reference = None,
            }
        }
        self.compare.diff = None;
        if let Some(c) = &mut self.call_log {
            c.generation = u64::MAX;
        }
    }

    pub fn clear_reference(&mut self) {
        self.compare.reference = None;
        self.compare.diff = None;
    }

    /// The diff of the reference and the selected call, computed when they or the options
    /// changed.
    pub fn current_diff(&mut self) -> Option<&CallDiff> {
        let open = self.data.as_ref()?;
        let selected = self.view.selected?;
        let r = self.compare.reference.as_ref()?;
        let ref_data = r.other.as_deref().unwrap_or(open);
        let key = DiffKey {
            reference: r.call,
            selected,
            generation: open.set.generation,
            opts: self.compare.options(),
        };
        if self.compare.diff.as_ref().map(|(k, _)| *k) != Some(key) {
            let a = Side {
                store: &ref_data.store,
                set: &ref_data.set,
                call: ref_data.set.calls.get(r.call)?,
            };
            let b = Side {
                store: &open.store,
                set: &open.set,
                call: open.set.calls.get(selected)?,
            };
            let d = diff(a, b, &key.opts);
            self.compare.diff = Some((key, d));
        }
        self.compare.diff.as_ref().map(|(_, d)| d)
    }

    /// File → Compare with call log…: reads the files and checks the open capture's calls.
    pub fn open_call_log(&mut self, files: Vec<PathBuf>) {
        let log = calllog::read_files(&files);
        let mut c = CallLogCheck {
            files,
            log,
            check: Crosscheck::default(),
            generation: u64::MAX,
        };
        if c.log.records.is_empty() && c.log.errors.is_empty() {
            self.notice = Some("The call log holds no record.".into());
        }
        self.recheck(&mut c);
        self.call_log = Some(c);
    }

    /// Checks again when the calls changed (a new capture, live events).
    pub fn refresh_call_log(&mut self) {
        if let Some(mut c) = self.call_log.take() {
            let stale = self
                .data
                .as_ref()
                .is_some_and(|d| d.set.generation != c.generation);
            if stale {
                self.recheck(&mut c);
            }
            self.call_log = Some(c);
        }
    }

    fn recheck(&self, c: &mut CallLogCheck) {
        if let Some(d) = &self.data {
            c.check = calllog::crosscheck(&d.store, &d.set, &c.log);
            c.generation = d.set.generation;
        }
    }
}
