//! The bundled sample sessions. A shim until the engine's `samples` module embeds them: reads
//! `sample_sessions/*.ndjson` beside the crate, or the reference captures when that folder is
//! empty. Switch `load_bundled` over to `crate::samples::load_bundled` when it lands.

use crate::ingest;
use crate::store::Store;
use std::path::{Path, PathBuf};

fn ndjson_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ndjson"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The sample files, in name order.
pub fn bundled_paths() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let samples = ndjson_in(&root.join("sample_sessions"));
    if samples.is_empty() {
        ndjson_in(&root.join("../shared/reference/captures"))
    } else {
        samples
    }
}

/// Loads every bundled sample into `store`; returns how many sources were loaded.
pub fn load_bundled(
    store: &mut Store,
    progress: &mut dyn FnMut(usize, usize, ingest::Progress),
) -> usize {
    let paths = bundled_paths();
    for (i, p) in paths.iter().enumerate() {
        ingest::load_path(store, p, &mut |pr| progress(i, paths.len(), pr));
    }
    paths.len()
}
