//! The export dialog's work off the window's thread: previews (an image no larger than a
//! texture may be, or the text) and files (rendered, then written atomically), each on a
//! `callflow-export` thread that wakes the window with its answer.

use crate::atomic::{self, Inputs};
use crate::export::{Format, Prepared, raster, render};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// What a preview thread sends back.
pub enum Made {
    Image(u32, u32, Vec<u8>),
    Text(String),
    Failed(String),
}

/// Runs `job` on a `callflow-export` thread and wakes the window with its answer.
fn on_export_thread<T: Send + 'static>(
    ctx: &egui::Context,
    job: impl FnOnce() -> T + Send + 'static,
    cannot_start: impl FnOnce(String) -> T,
) -> Receiver<T> {
    let (tx, rx) = channel();
    let wake = ctx.clone();
    let answer = tx.clone();
    let spawned = std::thread::Builder::new()
        .name("callflow-export".into())
        .spawn(move || {
            let _ = answer.send(job());
            wake.request_repaint();
        });
    if let Err(e) = spawned {
        let _ = tx.send(cannot_start(e.to_string()));
    }
    rx
}

/// Makes a preview: an image at most `max_side` pixels on a side, or the text.
pub fn start_preview(
    ctx: &egui::Context,
    p: Prepared,
    format: Format,
    max_side: u32,
) -> Receiver<Made> {
    let job = move || match format {
        Format::Svg | Format::Png | Format::Pdf => match raster(&p, max_side) {
            Ok((w, h, rgba)) => Made::Image(w, h, rgba),
            Err(e) => Made::Failed(e.to_string()),
        },
        _ => match render(&p, format, 1.0) {
            Ok(bytes) => Made::Text(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) => Made::Failed(e.to_string()),
        },
    };
    on_export_thread(ctx, job, |e| {
        Made::Failed(format!("cannot start the preview: {e}"))
    })
}

/// Renders and writes the file, refused when it is one of the window's `inputs`.
pub fn start_save(
    ctx: &egui::Context,
    p: Prepared,
    format: Format,
    scale: f32,
    path: PathBuf,
    inputs: Inputs,
) -> Receiver<Result<PathBuf, String>> {
    let job = move || {
        render(&p, format, scale)
            .map_err(|e| e.to_string())
            .and_then(|bytes| write_atomically(&path, &inputs, &bytes).map(|()| path))
    };
    on_export_thread(ctx, job, |e| Err(format!("cannot start the export: {e}")))
}

fn write_atomically(path: &Path, inputs: &Inputs, bytes: &[u8]) -> Result<(), String> {
    atomic::write_file(path, inputs, bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
