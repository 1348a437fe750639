//! Loading off the UI thread: a named thread reads the files, builds the call set and the call
//! list's rows, and reports progress then the result over a channel. The window drains the
//! channel in `logic()` and stays responsive meanwhile.

use super::samples;
use super::state::Data;
use crate::calls::CallSet;
use crate::ingest::{self, Progress};
use crate::notes::Notebook;
use crate::store::Store;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

/// What to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Files(Vec<PathBuf>),
    Bundled,
}

/// Messages from the loader thread; the last one is always `Done`.
pub enum Msg {
    Progress {
        file: usize,
        files: usize,
        done: u64,
        total: Option<u64>,
    },
    Building,
    Done(Result<Box<Data>, String>),
}

/// A load in progress, as the window sees it.
pub struct Loading {
    rx: Receiver<Msg>,
    pub source: Source,
    pub text: String,
    /// 0..=1, or `None` while the size is unknown.
    pub fraction: Option<f32>,
}

fn run(source: &Source, tx: &Sender<Msg>, wake: &(dyn Fn() + Send + Sync)) -> Box<Data> {
    let started = Instant::now();
    let mut store = Store::new();
    let mut last = Instant::now();
    let mut report = |file: usize, files: usize, p: Progress| {
        if last.elapsed() >= Duration::from_millis(50) {
            last = Instant::now();
            let _ = tx.send(Msg::Progress {
                file,
                files,
                done: p.done,
                total: p.total,
            });
            wake();
        }
    };
    let (title, notes) = match source {
        Source::Bundled => {
            samples::load_bundled(&mut store, &mut report);
            (
                "Bundled samples".to_owned(),
                Notebook::at(bundled_notes_path()),
            )
        }
        Source::Files(paths) => {
            let opts = ingest::ReadOptions::from_env();
            for (i, p) in paths.iter().enumerate() {
                ingest::load_path_with(&mut store, p, &opts, &mut |pr| report(i, paths.len(), pr));
            }
            let title = match paths.as_slice() {
                [one] => one.display().to_string(),
                many => format!("{} files", many.len()),
            };
            (title, Notebook::for_files(paths))
        }
    };
    let _ = tx.send(Msg::Building);
    wake();
    let set = CallSet::build(&store);
    let data = Data::new(store, set, title, started.elapsed().as_millis());
    Box::new(data.with_notes(notes))
}

/// Notes on the bundled samples live with the window's settings (the samples are in the
/// binary, there is no file beside which to keep them).
pub fn bundled_notes_path() -> Option<PathBuf> {
    eframe::storage_dir("callflow").map(|d| d.join("bundled-samples.callflow.json"))
}

/// Starts loading on the thread `callflow-loader`; `wake` asks the window to repaint.
pub fn spawn(source: Source, wake: impl Fn() + Send + Sync + 'static) -> Loading {
    let (tx, rx) = channel();
    let job = source.clone();
    let spawned = std::thread::Builder::new()
        .name("callflow-loader".into())
        .spawn(move || {
            let data = run(&job, &tx, &wake);
            let _ = tx.send(Msg::Done(Ok(data)));
            wake();
        });
    if let Err(e) = spawned {
        let (tx2, rx2) = channel();
        let _ = tx2.send(Msg::Done(Err(format!("cannot start the loader: {e}"))));
        return Loading {
            rx: rx2,
            source,
            text: "Loading…".into(),
            fraction: None,
        };
    }
    Loading {
        rx,
        source,
        text: "Loading…".into(),
        fraction: None,
    }
}

impl Loading {
    /// Drains messages for at most `budget`; returns the result once the thread is done.
    pub fn poll(&mut self, budget: Duration) -> Option<Result<Box<Data>, String>> {
        let started = Instant::now();
        while started.elapsed() < budget {
            match self.rx.try_recv() {
                Ok(Msg::Progress {
                    file,
                    files,
                    done,
                    total,
                }) => {
                    let mb = done as f64 / 1e6;
                    self.text = format!("Reading file {} of {} ({mb:.1} MB)…", file + 1, files);
                    self.fraction = total.filter(|t| *t > 0).map(|t| {
                        let within = done as f32 / t as f32;
                        ((file as f32 + within.min(1.0)) / files.max(1) as f32).min(1.0)
                    });
                }
                Ok(Msg::Building) => {
                    self.text = "Rebuilding calls…".into();
                    self.fraction = Some(1.0);
                }
                Ok(Msg::Done(result)) => return Some(result),
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => {
                    return Some(Err("the loader stopped without a result".into()));
                }
            }
        }
        None
    }
}
