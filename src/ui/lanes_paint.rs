//! Painters of the swimlanes: lane backgrounds and session headers, state bands, Gone and
//! Disconnected markers, link arrows, the time axis, the playback cursor and the lane labels.
//! Each paints only what is visible and registers hover text and clicks for its marks.

use super::commands::NoteAsk;
use super::state::Selection;
use super::theme::{HEADER_H, Palette};
use super::view::TimeView;
use crate::timeline::{
    LABEL_FONT, LabelPlan, Layout, MarkerKind, Rect as LabelRect, band_label, call_ticks,
    marker_label,
};
use egui::{Align2, FontId, Pos2, Rect, Role, Sense, Shape, Stroke, Vec2, WidgetInfo};

/// Where things are on screen this frame.
pub struct Geometry {
    pub rect: Rect,
    /// The area of bands and markers (right of the labels, below the axis).
    pub plot: Rect,
    pub time: TimeView,
    /// Screen y of content offset 0 (moves with vertical scrolling).
    pub top: f32,
    /// Content offset of each lane's centre line.
    pub lane_y: Vec<f32>,
    /// Content offset of each session header's top.
    pub header_y: Vec<f32>,
    /// Height of a lane and of a band this frame (lanes grow to fill the panel).
    pub lane_h: f32,
    pub band_h: f32,
    /// Where every band text, marker label and link chip goes (x on screen, y in content).
    pub labels: LabelPlan,
}

impl Geometry {
    pub fn x(&self, t_ms: f64) -> f32 {
        self.plot.left() + self.time.x_of(t_ms)
    }
    pub fn y(&self, lane: usize) -> f32 {
        self.top + self.lane_y[lane]
    }
    pub(super) fn row_visible(&self, y: f32) -> bool {
        y > self.plot.top() - self.lane_h && y < self.plot.bottom() + self.lane_h
    }
    /// A placed label's rectangle on screen.
    pub fn label_rect(&self, r: &LabelRect) -> Rect {
        Rect::from_min_max(
            Pos2::new(r.x0 as f32, self.top + r.y0 as f32),
            Pos2::new(r.x1 as f32, self.top + r.y1 as f32),
        )
    }
    fn lanes_area(&self) -> Rect {
        Rect::from_min_max(
            Pos2::new(self.rect.left(), self.plot.top()),
            self.rect.right_bottom(),
        )
    }
}

pub fn backgrounds(ui: &egui::Ui, layout: &Layout, g: &Geometry, p: &Palette) {
    let painter = ui.painter_at(g.lanes_area());
    let full = g.lanes_area();
    for (i, s) in layout.sessions.iter().enumerate() {
        let y0 = g.top + g.header_y[i];
        let header = Rect::from_min_size(
            Pos2::new(full.left(), y0),
            Vec2::new(full.width(), HEADER_H),
        );
        painter.rect_filled(header.shrink2(Vec2::new(0.0, 1.0)), 3.0, p.header_bg);
        for l in s.lanes.clone() {
            let y = g.y(l);
            let row = Rect::from_center_size(
                Pos2::new(full.center().x, y),
                Vec2::new(full.width(), g.lane_h),
            );
            painter.rect_filled(row, 0.0, if l % 2 == 0 { p.lane_even } else { p.lane_odd });
        }
    }
    // Grid lines under the marks.
    let plot_painter = ui.painter_at(g.plot);
    let max = (g.plot.width() / 110.0).max(2.0) as usize;
    for t in call_ticks(
        layout.start,
        g.time.t_of(0.0),
        g.time.t_of(g.plot.width()),
        layout.duration_ms,
        max,
    ) {
        let x = g.x(t.ms);
        plot_painter.line_segment(
            [Pos2::new(x, g.plot.top()), Pos2::new(x, g.plot.bottom())],
            Stroke::new(1.0, p.grid),
        );
    }
    let x0 = g.x(0.0);
    let x1 = g.x(layout.duration_ms);
    for x in [x0, x1] {
        plot_painter.line_segment(
            [Pos2::new(x, g.plot.top()), Pos2::new(x, g.plot.bottom())],
            Stroke::new(1.0, p.text_weak.gamma_multiply(0.5)),
        );
    }
}

fn hover_text(ui: &mut egui::Ui, title: &str, when: &str, body: &str) {
    ui.set_max_width(380.0);
    ui.strong(title);
    ui.label(egui::RichText::new(when).weak());
    ui.add_space(4.0);
    ui.label(body);
    ui.add_space(4.0);
    ui.label(
        egui::RichText::new("Click to see the notification; right-click to add a note.")
            .small()
            .weak(),
    );
}

fn when(layout: &Layout, t0: f64, t1: Option<f64>) -> String {
    let at = |t: f64| crate::timeline::format_since(t, 100.0);
    match t1 {
        Some(t1) => format!(
            "{} to {} ({:.1} s)",
            at(t0),
            at(t1),
            ((t1 - t0) / 1000.0).max(0.0)
        ),
        None => format!(
            "at {} after the call started (call {})",
            at(t0),
            layout.call_id
        ),
    }
}

pub fn bands(
    ui: &mut egui::Ui,
    layout: &Layout,
    g: &Geometry,
    p: &Palette,
    selected: Option<Selection>,
    out: &mut Vec<Selection>,
    asks: &mut Vec<NoteAsk>,
) {
    for (i, b) in layout.bands.iter().enumerate() {
        let y = g.y(b.lane);
        let (x0, x1) = (g.x(b.t0_ms), g.x(b.t1_ms).max(g.x(b.t0_ms) + 3.0));
        if !g.row_visible(y) || x1 < g.plot.left() || x0 > g.plot.right() {
            continue;
        }
        let r = Rect::from_min_max(
            Pos2::new(x0, y - g.band_h / 2.0),
            Pos2::new(x1, y + g.band_h / 2.0),
        );
        let painter = ui.painter_at(g.plot);
        let color = p.band(b.kind);
        painter.rect_filled(r, 4.0, color);
        if b.open_end {
            // A fading right edge: the capture ends before the state changed.
            let tail = Rect::from_min_max(Pos2::new(r.right() - 6.0, r.top()), r.right_bottom());
            painter.rect_filled(tail, 0.0, color.gamma_multiply(0.5));
        }
        if b.uncertain {
            // Hatched: only the last state seen, not a known stretch.
            super::lanes_unseen::hatch(&ui.painter_at(r.intersect(g.plot)), r, p);
        }
        let is_selected = selected == Some(Selection::Event(b.event));
        if is_selected {
            painter.rect_stroke(
                r.expand(2.0),
                5.0,
                Stroke::new(2.0, p.selection),
                egui::StrokeKind::Outside,
            );
        }
        let label = band_label(b);
        if let Some(Some(t)) = g.labels.bands.get(i) {
            painter.text(
                g.label_rect(&t.rect).left_center(),
                Align2::LEFT_CENTER,
                &t.text,
                FontId::proportional(LABEL_FONT as f32),
                p.band_text,
            );
        }
        let hit = r.intersect(g.plot);
        let lane = &layout.lanes[b.lane].label;
        let mark = Mark {
            accessible: format!("{label} band of {lane}"),
            title: format!("{lane}: {label}"),
            when: when(layout, b.t0_ms, Some(b.t1_ms)),
            explanation: &b.explanation,
        };
        let (clicked, note) = clickable_mark(ui, hit, ui.scope_id().with(("band", i)), mark);
        if clicked {
            out.push(Selection::Event(b.event));
        }
        if note {
            asks.push(NoteAsk::Event(b.event));
        }
    }
}

pub fn markers(
    ui: &mut egui::Ui,
    layout: &Layout,
    g: &Geometry,
    p: &Palette,
    selected: Option<Selection>,
    out: &mut Vec<Selection>,
    asks: &mut Vec<NoteAsk>,
) {
    let painter = ui.painter_at(g.plot);
    for (i, m) in layout.markers.iter().enumerate() {
        let (x, y) = (g.x(m.t_ms), g.y(m.lane));
        if !g.row_visible(y) || x < g.plot.left() - 8.0 || x > g.plot.right() + 8.0 {
            continue;
        }
        let c = Pos2::new(x, y);
        let color = p.marker(m.kind, m.ends_call);
        match m.kind {
            MarkerKind::Gone => {
                let s = 7.0;
                let pts = vec![
                    Pos2::new(x, y - s),
                    Pos2::new(x + s, y),
                    Pos2::new(x, y + s),
                    Pos2::new(x - s, y),
                ];
                painter.add(Shape::convex_polygon(
                    pts,
                    color,
                    Stroke::new(1.5, p.lane_even),
                ));
            }
            MarkerKind::Disconnected => {
                painter.circle_filled(c, 6.5, color);
                painter.line_segment(
                    [Pos2::new(x - 3.0, y - 3.0), Pos2::new(x + 3.0, y + 3.0)],
                    Stroke::new(1.5, p.lane_even),
                );
                painter.line_segment(
                    [Pos2::new(x - 3.0, y + 3.0), Pos2::new(x + 3.0, y - 3.0)],
                    Stroke::new(1.5, p.lane_even),
                );
            }
        }
        if selected == Some(Selection::Event(m.event)) {
            painter.circle_stroke(c, 10.0, Stroke::new(2.0, p.selection));
        }
        let name = marker_label(m);
        if let Some(Some(t)) = g.labels.markers.get(i) {
            painter.text(
                g.label_rect(&t.rect).left_center(),
                Align2::LEFT_CENTER,
                &t.text,
                FontId::proportional(LABEL_FONT as f32),
                color,
            );
        }
        let hit = Rect::from_center_size(c, Vec2::splat(18.0)).intersect(g.plot);
        if !hit.is_positive() {
            continue;
        }
        let lane = &layout.lanes[m.lane].label;
        let mark = Mark {
            accessible: format!("{name} marker of {lane}"),
            title: format!("{lane}: {name}"),
            when: when(layout, m.t_ms, None),
            explanation: &m.explanation,
        };
        let (clicked, note) = clickable_mark(ui, hit, ui.scope_id().with(("marker", i)), mark);
        if clicked {
            out.push(Selection::Event(m.event));
        }
        if note {
            asks.push(NoteAsk::Event(m.event));
        }
    }
}

/// What a clickable mark (band or marker) says to screen readers and on hover.
struct Mark<'a> {
    accessible: String,
    title: String,
    when: String,
    explanation: &'a str,
}

/// Makes `hit` clickable, labelled for accessibility, with the plain explanation on hover and
/// "Add note…" on right-click; says whether it was clicked and whether a note was asked for.
fn clickable_mark(ui: &mut egui::Ui, hit: Rect, id: egui::Id, mark: Mark) -> (bool, bool) {
    let response = ui.interact(hit, id, Sense::click());
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &mark.accessible));
    let response = response.on_hover_ui(|ui| {
        hover_text(ui, &mark.title, &mark.when, mark.explanation);
    });
    let note = add_note_menu(&response, "Add note on this event…");
    (response.clicked(), note)
}

/// A right-click menu with one "Add note on …" item; true when it was chosen.
pub fn add_note_menu(response: &egui::Response, item: &str) -> bool {
    let mut chosen = false;
    response.context_menu(|ui| {
        if ui.button(item).clicked() {
            chosen = true;
            ui.close();
        }
    });
    chosen
}
