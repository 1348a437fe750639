//! The busy part of a call: the shortest stretch of time that holds most of its state changes
//! (a queue ringing three agents, a transfer), so the window can zoom to it when it is a small
//! part of a long call.

use super::Layout;

/// Share of a call's state changes the busy part holds.
const SHARE: f64 = 0.7;

/// The busy part `(from_ms, to_ms)`, padded a little on both sides, or `None` when the changes
/// are spread over most of the call (zooming would show nothing more).
pub fn busy_span(layout: &Layout) -> Option<(f64, f64)> {
    let mut t: Vec<f64> = layout.moments.iter().map(|m| m.t_ms).collect();
    t.sort_by(f64::total_cmp);
    t.dedup();
    let n = t.len();
    let k = ((n as f64 * SHARE).ceil() as usize).max(3);
    if n < 4 || k > n {
        return None;
    }
    let (mut best, mut at) = (f64::INFINITY, 0);
    for i in 0..=n - k {
        let w = t[i + k - 1] - t[i];
        if w < best {
            (best, at) = (w, i);
        }
    }
    let duration = layout.duration_ms.max(1.0);
    if best > duration * 0.4 {
        return None;
    }
    let pad = (best * 0.15).max(500.0);
    let from = (t[at] - pad).max(-pad);
    let to = (t[at + k - 1] + pad).min(duration + pad);
    Some((from, to))
}
