//! What the diagram adds for the edges of a capture, from the engine's reading: a note for the
//! title when the call is seen only in part (whose view, no known length), a dashed marker per
//! participant the capture names but does not show, and a mark per stretch of missing events.

use super::{GapMark, Layout, UnseenMark};
use crate::calls::gaps::{call_gaps, gap_text};
use crate::calls::{Call, CallSet, view_short};
use crate::store::Store;

/// "partial: Liam Chen's view · length not known", or `None` when the capture shows the call
/// whole.
pub(super) fn view_note(store: &Store, set: &CallSet, call: &Call) -> Option<String> {
    let view = view_short(store, set, call);
    match (view, call.length_known) {
        (None, true) => None,
        (Some(v), _) => Some(format!("{v} · length not known")),
        (None, false) => Some("the capture ends before the call does · length not known".into()),
    }
}

/// One marker per unseen participant, on the lane of the party whose evidence names it.
pub(super) fn add_unseen(set: &CallSet, call: &Call, out: &mut Layout) {
    for u in &call.unseen {
        let Some(lane) = out.lane_of(u.named_by) else {
            continue;
        };
        let by = set
            .party(u.named_by)
            .map(|p| p.identity.label.as_str())
            .unwrap_or("a party");
        out.unseen.push(UnseenMark {
            lane,
            t_ms: out.ms_of(u.at).clamp(0.0, out.duration_ms),
            label: format!("{} (not in this capture)", u.label),
            explanation: format!(
                "Not in this capture: {}. Only the evidence of another party names them.",
                u.text(by)
            ),
        });
    }
}

/// One mark per sequence gap, over the lanes of its session.
pub(super) fn add_gaps(store: &Store, set: &CallSet, call: &Call, out: &mut Layout) {
    for (node, session, gap) in call_gaps(set, call) {
        let Some(index) = out.sessions.iter().position(|h| h.node == node) else {
            continue;
        };
        let t0_ms = out.ms_of(gap.from).clamp(0.0, out.duration_ms);
        let t1_ms = out.ms_of(gap.to).clamp(t0_ms, out.duration_ms);
        out.gaps.push(GapMark {
            session: index,
            t0_ms,
            t1_ms,
            text: gap_text(store, call, session, gap),
        });
    }
}
