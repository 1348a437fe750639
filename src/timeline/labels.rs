//! Where the swimlanes' words go, so none hides another: each band's text (shortened with `…` to
//! fit its band, never split), each marker's "Gone · AttendedTransfer" and each link's chip are
//! placed in free space — beside the mark, in the gap above or below its band, on its left, or
//! shortened — and left out (their hover text still says it all) when no place is free. The
//! window and the SVG export both paint from this plan, so they show the same picture.

use super::text::{elide, text_width};
use super::{Layout, LinkArrow};

/// Font size of band text, marker labels and link chips (px).
pub const LABEL_FONT: f64 = 11.0;
/// Padding inside a link chip, left/right and top/bottom.
pub const CHIP_PAD: (f64, f64) = (5.0, 2.0);
/// Height of a line of label text.
pub const LINE_H: f64 = LABEL_FONT * 1.25;
/// Half the size of a Gone or Disconnected shape.
const MARK_R: f64 = 8.0;

/// An axis-aligned rectangle, `x0 <= x1`, `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x0: f64, y0: f64, w: f64, h: f64) -> Self {
        Rect {
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + h,
        }
    }
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    /// Whether the two share some area (touching edges do not count).
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
    /// Whether `o` lies inside (edges included, with a hair of slack for rounding).
    pub fn contains(&self, o: &Rect) -> bool {
        const E: f64 = 1e-6;
        o.x0 >= self.x0 - E && o.x1 <= self.x1 + E && o.y0 >= self.y0 - E && o.y1 <= self.y1 + E
    }
}

/// Where the lanes are on the canvas the labels are placed on.
#[derive(Debug, Clone, Copy)]
pub struct LabelGeo<'a> {
    /// x of time `t0_ms`.
    pub x_origin: f64,
    pub t0_ms: f64,
    pub ms_per_px: f64,
    /// Centre line of each lane.
    pub lane_y: &'a [f64],
    pub band_h: f64,
    /// Where text may go: the plot (and, in exports, the pad right of it).
    pub area: Rect,
    /// The call's time range is drawn within these x (exports clamp times to the call).
    pub clamp_ms: Option<(f64, f64)>,
}

impl LabelGeo<'_> {
    pub fn x(&self, t_ms: f64) -> f64 {
        let t = match self.clamp_ms {
            Some((a, b)) => t_ms.clamp(a, b),
            None => t_ms,
        };
        self.x_origin + (t - self.t0_ms) / self.ms_per_px
    }
    pub(super) fn y(&self, lane: usize) -> f64 {
        self.lane_y.get(lane).copied().unwrap_or(self.area.y0)
    }
}

/// One placed piece of text: `text` drawn left-aligned and vertically centred in `rect` (a link's
/// `rect` is its chip, text inset by [`CHIP_PAD`]); `full` is what it says unshortened.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub rect: Rect,
    pub text: String,
    pub full: String,
}

/// Every label of a layout at one geometry, indexed like the layout's bands, markers and links;
/// `None` where the text is left out (too small a band, no free space).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelPlan {
    pub bands: Vec<Option<Placed>>,
    pub markers: Vec<Option<Placed>>,
    pub links: Vec<Option<Placed>>,
    /// The dashed "not in this capture" boxes of unseen participants (text inset by
    /// [`CHIP_PAD`]).
    pub unseen: Vec<Option<Placed>>,
    /// Where each of the layout's connections is drawn; `None` when it is out of view.
    pub connections: Vec<Option<ConnectionPlace>>,
}

/// Where a connection's bar goes (x, and y from its top member lane to its bottom one; a far
/// end's stub rises above its lane) and its chip (text inset by [`CHIP_PAD`]), if there was room.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionPlace {
    pub x: f64,
    pub y0: f64,
    pub y1: f64,
    pub label: Option<Placed>,
}

/// Half the width of a connection's bar, with its dots.
pub const CONNECTOR_R: f64 = 4.0;

impl LabelPlan {
    /// Every placed label and band text.
    pub fn all(&self) -> impl Iterator<Item = &Placed> {
        self.bands
            .iter()
            .chain(&self.markers)
            .chain(&self.links)
            .chain(&self.unseen)
            .flatten()
            .chain(
                self.connections
                    .iter()
                    .flatten()
                    .filter_map(|c| c.label.as_ref()),
            )
    }
}

/// The text of a band: its state, and the reason when there is one.
pub fn band_label(b: &super::Band) -> String {
    match &b.reason {
        Some(r) => format!("{} · {r}", b.kind.name()),
        None => b.kind.name().to_owned(),
    }
}

/// The text of a marker: Gone or Disconnected, and the reason.
pub fn marker_label(m: &super::Marker) -> String {
    match &m.reason {
        Some(r) => format!("{} · {r}", m.kind.name()),
        None => m.kind.name().to_owned(),
    }
}

/// The text of a link's chip.
pub fn link_label(k: &LinkArrow) -> String {
    if k.inferred {
        format!("{} (inferred)", k.kind)
    } else {
        k.kind.clone()
    }
}

/// The ends and rightward bulge of link `i`'s curve (a cubic from `a` to `b` whose control points
/// sit `bulge` to the right of each end); the painters draw the same curve.
pub fn link_path(g: &LabelGeo, i: usize, k: &LinkArrow) -> ((f64, f64), (f64, f64), f64) {
    let (ya, yb) = (g.y(k.from_lane), g.y(k.to_lane));
    let dir = if yb >= ya { 1.0 } else { -1.0 };
    // Leave the marker and the target lane's band visible.
    let a = (g.x(k.from_ms), ya + 9.0 * dir);
    let b = (g.x(k.to_ms), yb - 10.0 * dir);
    (a, b, 34.0 + 14.0 * (i % 3) as f64)
}

/// A point of the cubic curve from `a` to `b` bulging `bulge` to the right, at `t` in 0..=1.
pub fn curve_at(a: (f64, f64), b: (f64, f64), bulge: f64, t: f64) -> (f64, f64) {
    let (c1, c2) = ((a.0 + bulge, a.1), (b.0 + bulge, b.1));
    let u = 1.0 - t;
    let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
    (
        w[0] * a.0 + w[1] * c1.0 + w[2] * c2.0 + w[3] * b.0,
        w[0] * a.1 + w[1] * c1.1 + w[2] * c2.1 + w[3] * b.1,
    )
}

/// What is already on the canvas: text that must stay readable, and bands best left uncovered.
pub(super) struct Board {
    pub(super) hard: Vec<Rect>,
    soft: Vec<Rect>,
    area: Rect,
}

impl Board {
    pub(super) fn free(&self, r: &Rect, strict: bool) -> bool {
        self.area.contains(r)
            && !self.hard.iter().any(|h| h.intersects(r))
            && !(strict && self.soft.iter().any(|s| s.intersects(r)))
    }

    /// `r` moved up or down by at most `reach` to the nearest free place, if there is one.
    fn slide(&self, r: Rect, reach: f64, strict: bool) -> Option<Rect> {
        let h = r.height();
        let (lo, hi) = (
            (r.y0 - reach).max(self.area.y0),
            (r.y0 + reach).min(self.area.y1 - h),
        );
        if lo > hi || r.x0 < self.area.x0 || r.x1 > self.area.x1 {
            return None;
        }
        // What is in the way in this column, as y ranges, in order.
        let soft = self.soft.iter().filter(|_| strict);
        let mut taken: Vec<(f64, f64)> = self
            .hard
            .iter()
            .chain(soft)
            .filter(|o| o.x0 < r.x1 && r.x0 < o.x1)
            .map(|o| (o.y0, o.y1))
            .collect();
        taken.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Free gaps [from, to) for the rectangle's top, nearest to where it wants to be.
        let mut best: Option<f64> = None;
        let mut from = f64::NEG_INFINITY;
        let mut consider = |a: f64, b: f64| {
            let (a, b) = (a.max(lo), (b - h).min(hi));
            if a <= b {
                let y = r.y0.clamp(a, b);
                if best.is_none_or(|v| (y - r.y0).abs() < (v - r.y0).abs()) {
                    best = Some(y);
                }
            }
        };
        for (y0, y1) in taken {
            consider(from, y0);
            from = from.max(y1);
        }
        consider(from, f64::INFINITY);
        best.map(|y| Rect::new(r.x0, y, r.width(), h))
    }
}

/// Places every label of `layout` on the canvas `g` describes.
pub fn place_labels(layout: &Layout, g: &LabelGeo) -> LabelPlan {
    let mut board = Board {
        hard: Vec::with_capacity(layout.bands.len() + 2 * layout.markers.len()),
        soft: Vec::with_capacity(layout.bands.len()),
        area: g.area,
    };
    let marks: Vec<(usize, f64, f64)> = layout
        .markers
        .iter()
        .map(|m| (m.lane, g.x(m.t_ms), g.y(m.lane)))
        .collect();
    for &(_, x, y) in &marks {
        board.hard.push(Rect::new(
            x - MARK_R,
            y - MARK_R,
            2.0 * MARK_R,
            2.0 * MARK_R,
        ));
    }
    // Recording strips run just under their lane's bands (2 px gap, 3 px high): keep them clear.
    for r in &layout.recordings {
        let (x0, x1) = (g.x(r.t0_ms), g.x(r.t1_ms).max(g.x(r.t0_ms) + 2.0));
        let y = g.y(r.lane) + g.band_h / 2.0 + 1.0;
        board.hard.push(Rect {
            x0,
            y0: y,
            x1,
            y1: y + 5.0,
        });
    }
    // Connector bars first: clear of markers and of where band text would go; text then gives
    // way to them as it does to markers.
    let wanted: Vec<Rect> = layout
        .bands
        .iter()
        .map(|b| {
            let x0 = g.x(b.t0_ms).max(g.area.x0) + 5.0;
            let w = text_width(b.kind.name(), LABEL_FONT).min(g.x(b.t1_ms) - x0);
            Rect::new(x0, g.y(b.lane) - LINE_H / 2.0, w.max(0.0), LINE_H)
        })
        .collect();
    let bars = super::labels_connections::choose_bars(layout, g, &board.hard, &wanted);
    for &(x, y0, y1) in bars.iter().flatten() {
        board
            .hard
            .push(super::labels_connections::bar_rect(x, y0, y1));
    }
    let bands = layout
        .bands
        .iter()
        .map(|b| {
            let y = g.y(b.lane);
            let (x0, x1) = (g.x(b.t0_ms), g.x(b.t1_ms).max(g.x(b.t0_ms) + 3.0));
            board.soft.push(Rect {
                x0,
                y0: y - g.band_h / 2.0,
                x1,
                y1: y + g.band_h / 2.0,
            });
            let left = x0.max(g.area.x0) + 5.0;
            // Stop short of a marker drawn on this band's end.
            let mut right = x1.min(g.area.x1) - 5.0;
            for &(lane, mx, _) in &marks {
                if lane == b.lane && mx > left && mx - MARK_R - 2.0 < right {
                    right = mx - MARK_R - 2.0;
                }
            }
            let mut left = left;
            for &(bx, by0, by1) in bars.iter().flatten() {
                if by0 - CONNECTOR_R > y || y > by1 + CONNECTOR_R {
                    continue;
                }
                let (before, after) = (bx - CONNECTOR_R - 2.0, bx + CONNECTOR_R + 2.0);
                if after <= left || before >= right {
                    continue;
                }
                // The text stays left of the bar when its state's name fits there, else takes
                // the larger side.
                let fits = before - left >= text_width(b.kind.name(), LABEL_FONT);
                if !fits && right - after > before - left {
                    left = after;
                } else {
                    right = before;
                }
            }
            let placed = band_text(b, left, right, y)?;
            board.hard.push(placed.rect);
            Some(placed)
        })
        .collect();
    let markers = layout
        .markers
        .iter()
        .zip(&marks)
        .map(|(m, &(_, x, y))| {
            let full = marker_label(m);
            let short = m.kind.name().to_owned();
            let spots = marker_spots(x, y, g.band_h);
            place(&mut board, &full, &short, (0.0, 0.0), 0.0, |w, h| {
                spots.iter().map(move |s| s(w, h)).collect()
            })
        })
        .collect();
    // Unseen participants' boxes: above the band, right of the moment, else around it.
    let unseen = layout
        .unseen
        .iter()
        .map(|u| {
            let (x, y) = (g.x(u.t_ms), g.y(u.lane));
            let bh = g.band_h;
            place(&mut board, &u.label, &u.label, CHIP_PAD, 1.0, |w, h| {
                vec![
                    Rect::new(x + 14.0, y - bh / 2.0 - h - 1.0, w, h),
                    Rect::new(x - 14.0 - w, y - bh / 2.0 - h - 1.0, w, h),
                    Rect::new(x + 14.0, y + bh / 2.0 + 1.0, w, h),
                    Rect::new(x - 14.0 - w, y + bh / 2.0 + 1.0, w, h),
                ]
            })
        })
        .collect();
    let links = layout
        .links
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let (a, b, bulge) = link_path(g, i, k);
            let full = link_label(k);
            place(&mut board, &full, &k.kind, CHIP_PAD, 2.5, |w, h| {
                // Along the curve from its middle out, right of it, then left of it.
                let mut out = Vec::with_capacity(14);
                for t in [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8] {
                    let p = curve_at(a, b, bulge, t);
                    out.push(Rect::new(p.0 + 4.0, p.1 - h / 2.0, w, h));
                    out.push(Rect::new(p.0 - 4.0 - w, p.1 - h / 2.0, w, h));
                }
                out
            })
        })
        .collect();
    let connections = super::labels_connections::place_chips(layout, g, &mut board, &bars);
    LabelPlan {
        bands,
        markers,
        links,
        unseen,
        connections,
    }
}

/// A band's text shortened to fit between `left` and `right`: the state and reason, else the
/// state, else the state cut with `…`.
fn band_text(b: &super::Band, left: f64, right: f64, y: f64) -> Option<Placed> {
    let room = right - left;
    if room <= 0.0 {
        return None;
    }
    let full = band_label(b);
    let text = if text_width(&full, LABEL_FONT) <= room {
        full.clone()
    } else {
        elide(b.kind.name(), LABEL_FONT, room)?
    };
    let w = text_width(&text, LABEL_FONT);
    Some(Placed {
        rect: Rect::new(left, y - LINE_H / 2.0, w, LINE_H),
        text,
        full,
    })
}

type Spot = fn(f64, f64, f64, f64, f64) -> Rect;

/// Places beside a marker at (x, y): right of it, in the gaps above and below its band, left.
fn marker_spots(x: f64, y: f64, band_h: f64) -> Vec<impl Fn(f64, f64) -> Rect> {
    let spots: [Spot; 6] = [
        |x, y, _, w, h| Rect::new(x + MARK_R + 3.0, y - h / 2.0, w, h),
        |x, y, bh, w, h| Rect::new(x + MARK_R, y - bh / 2.0 - h - 1.0, w, h),
        |x, y, bh, w, h| Rect::new(x + MARK_R, y + bh / 2.0 + 1.0, w, h),
        |x, y, _, w, h| Rect::new(x - MARK_R - 3.0 - w, y - h / 2.0, w, h),
        |x, y, bh, w, h| Rect::new(x - MARK_R - w, y - bh / 2.0 - h - 1.0, w, h),
        |x, y, bh, w, h| Rect::new(x - MARK_R - w, y + bh / 2.0 + 1.0, w, h),
    ];
    spots
        .into_iter()
        .map(move |s| move |w, h| s(x, y, band_h, w, h))
        .collect()
}

/// The first free spot for `full` (clear of bands, then clear of text only), else for `short`,
/// else for `short` cut with `…`; spots may slide up or down by `reach` label heights to the
/// nearest free place. The chosen rectangle joins the board.
pub(super) fn place(
    board: &mut Board,
    full: &str,
    short: &str,
    pad: (f64, f64),
    reach: f64,
    spots: impl Fn(f64, f64) -> Vec<Rect>,
) -> Option<Placed> {
    let mut tries: Vec<(String, bool)> = vec![(full.to_owned(), true), (full.to_owned(), false)];
    if short != full {
        tries.push((short.to_owned(), true));
        tries.push((short.to_owned(), false));
    }
    if let Some(cut) = elide(short, LABEL_FONT, text_width(short, LABEL_FONT) * 0.5) {
        tries.push((cut, false));
    }
    for (text, strict) in tries {
        let w = text_width(&text, LABEL_FONT) + 2.0 * pad.0;
        let h = LINE_H + 2.0 * pad.1;
        let candidates = spots(w, h);
        let found = match candidates.iter().find(|r| board.free(r, strict)) {
            Some(r) => Some(*r),
            None if reach > 0.0 => candidates
                .iter()
                .find_map(|r| board.slide(*r, reach * h, strict)),
            None => None,
        };
        if let Some(rect) = found {
            board.hard.push(rect);
            return Some(Placed {
                rect,
                text,
                full: full.to_owned(),
            });
        }
    }
    None
}
