//! Lays out the engine's recordings ([`crate::calls::Recording`]) on their parties' lanes: one
//! strip per recording, its paused stretches, and a sentence saying what happened to it.

use super::{Layout, RecordingMark};
use crate::calls::Call;
use crate::store::Store;

pub(super) fn add_recordings(store: &Store, call: &Call, out: &mut Layout) {
    for r in &call.recordings {
        let Some(lane) = out.lane_of(r.party) else {
            continue;
        };
        let id = store.text(r.id).to_owned();
        let summary = r.summary(store, &out.lanes[lane].label);
        // Sentence case for a tooltip.
        let explanation = match summary.get(..1) {
            Some(first) => format!("{}{}", first.to_uppercase(), &summary[1..]),
            None => summary,
        };
        let paused = r
            .paused
            .iter()
            .map(|&(a, b)| (out.ms_of(a), out.ms_of(b)))
            .collect();
        out.recordings.push(RecordingMark {
            lane,
            t0_ms: out.ms_of(r.start),
            t1_ms: out.ms_of(r.end),
            paused,
            id,
            open_end: r.open_end,
            explanation,
        });
    }
}
