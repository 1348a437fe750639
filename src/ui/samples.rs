//! The bundled sample sessions for the window: the captures embedded in the binary by
//! `crate::samples`, loaded one by one with progress.

use crate::ingest;
use crate::store::Store;

/// Loads every bundled sample into `store`; returns how many sources were loaded.
pub fn load_bundled(
    store: &mut Store,
    progress: &mut dyn FnMut(usize, usize, ingest::Progress),
) -> usize {
    let samples = crate::samples::bundled();
    for (i, (name, bytes)) in samples.iter().enumerate() {
        ingest::load_bytes(store, &format!("sample_sessions/{name}"), bytes);
        let len = bytes.len() as u64;
        progress(
            i,
            samples.len(),
            ingest::Progress {
                done: len,
                total: Some(len),
            },
        );
    }
    samples.len()
}
