//! Where each connection of a layout goes: its bar in the part of the segment's time that is in
//! view (the middle first, else the nearest spot clear of markers, of band text and of other
//! bars; band text gives way to a bar that found no such spot), and its chip beside the bar,
//! clear of every other label (see [`super::labels`]).

use super::labels::{Board, CHIP_PAD, CONNECTOR_R, ConnectionPlace, LabelGeo, Rect, place};
use super::{Layout, connection_label, connection_short};

/// Where along the visible part of a segment its bar may go, best first.
const SPOTS: [f64; 11] = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9, 0.03, 0.97];

/// A bar at `x` from `y0` to `y1`, with its dots.
pub(super) fn bar_rect(x: f64, y0: f64, y1: f64) -> Rect {
    Rect {
        x0: x - CONNECTOR_R,
        y0: y0 - CONNECTOR_R,
        x1: x + CONNECTOR_R,
        y1: y1 + CONNECTOR_R,
    }
}

/// Each connection's bar `(x, y0, y1)`, clear of `hard` (markers) and `text` (where band text
/// would go) where it can be; `None` when out of view.
pub(super) fn choose_bars(
    layout: &Layout,
    g: &LabelGeo,
    hard: &[Rect],
    text: &[Rect],
) -> Vec<Option<(f64, f64, f64)>> {
    let mut taken: Vec<Rect> = Vec::with_capacity(layout.connections.len());
    layout
        .connections
        .iter()
        .map(|c| {
            let lanes = c.lanes();
            let (&first, &last) = (lanes.first()?, lanes.last()?);
            let (mut y0, y1) = (g.y(first), g.y(last));
            if c.has_far_end() {
                // The far end's stub rises above the top member's band.
                y0 -= g.band_h;
            }
            let a = g.x(c.t0_ms).max(g.area.x0 + CONNECTOR_R);
            let b = g.x(c.t1_ms).min(g.area.x1 - CONNECTOR_R);
            if a > b || y1 + CONNECTOR_R < g.area.y0 || y0 - CONNECTOR_R > g.area.y1 {
                return None;
            }
            let clear = |x: f64| {
                let r = bar_rect(x, y0, y1);
                !hard
                    .iter()
                    .chain(text)
                    .chain(&taken)
                    .any(|o| o.intersects(&r))
            };
            let clear_of_marks = |x: f64| {
                let r = bar_rect(x, y0, y1);
                !hard.iter().chain(&taken).any(|o| o.intersects(&r))
            };
            let spots = || SPOTS.iter().map(|f| a + f * (b - a));
            let x = spots()
                .find(|&x| clear(x))
                .or_else(|| spots().find(|&x| clear_of_marks(x)))
                .unwrap_or((a + b) / 2.0);
            taken.push(bar_rect(x, y0, y1));
            Some((x, y0, y1))
        })
        .collect()
}

/// Each connection's chip, beside its bar, once every other label is placed.
pub(super) fn place_chips(
    layout: &Layout,
    g: &LabelGeo,
    board: &mut Board,
    bars: &[Option<(f64, f64, f64)>],
) -> Vec<Option<ConnectionPlace>> {
    layout
        .connections
        .iter()
        .zip(bars)
        .map(|(c, bar)| {
            let (x, y0, y1) = (*bar)?;
            let full = connection_label(layout, c);
            let short = connection_short(layout, c);
            let ys: Vec<f64> = c.lanes().iter().map(|&l| g.y(l)).collect();
            let bh = g.band_h;
            let label = place(board, &full, &short, CHIP_PAD, 2.0, |w, h| {
                let mut out = Vec::with_capacity(6 * (ys.len() + 1));
                let mid = (y0 + y1) / 2.0;
                for &y in std::iter::once(&mid).chain(&ys) {
                    for top in [y - bh / 2.0 - h - 1.0, y + bh / 2.0 + 1.0, y - h / 2.0] {
                        out.push(Rect::new(x + CONNECTOR_R + 3.0, top, w, h));
                        out.push(Rect::new(x - CONNECTOR_R - 3.0 - w, top, w, h));
                    }
                }
                out
            });
            Some(ConnectionPlace { x, y0, y1, label })
        })
        .collect()
}
