//! Paints the layout's recordings: a thin strip under each lane's bands, solid while recording,
//! pale where paused, with the engine's sentence on hover. Computes nothing.

use super::lanes_paint::Geometry;
use super::theme::Palette;
use crate::timeline::Layout;
use egui::{Pos2, Rect, Role, Sense, WidgetInfo};

/// Height of the strip, and its gap below the bands.
const STRIP_H: f32 = 3.0;
const GAP: f32 = 2.0;

pub fn recordings(ui: &mut egui::Ui, layout: &Layout, g: &Geometry, p: &Palette) {
    let painter = ui.painter_at(g.plot);
    for (i, r) in layout.recordings.iter().enumerate() {
        let y = g.y(r.lane) + g.band_h / 2.0 + GAP;
        let (x0, x1) = (g.x(r.t0_ms), g.x(r.t1_ms).max(g.x(r.t0_ms) + 2.0));
        let visible = y > g.plot.top() - g.lane_h && y < g.plot.bottom() + g.lane_h;
        if !visible || x1 < g.plot.left() || x0 > g.plot.right() {
            continue;
        }
        let strip = |a: f32, b: f32| Rect::from_min_max(Pos2::new(a, y), Pos2::new(b, y + STRIP_H));
        painter.rect_filled(strip(x0, x1), 0.0, p.recording);
        for &(a, b) in &r.paused {
            let (a, b) = (g.x(a), g.x(b).max(g.x(a) + 1.0));
            painter.rect_filled(strip(a, b), 0.0, p.recording_paused);
        }
        // A taller hit area than the strip, so it can be hovered.
        let hit = strip(x0, x1)
            .expand2(egui::vec2(0.0, 2.0))
            .intersect(g.plot);
        let lane = &layout.lanes[r.lane].label;
        let response = ui.interact(hit, ui.scope_id().with(("recording", i)), Sense::hover());
        response
            .widget_info(|| WidgetInfo::labeled(Role::Image, true, format!("Recording of {lane}")));
        response.on_hover_ui(|ui| {
            ui.set_max_width(380.0);
            ui.strong(format!("{lane}: recording {}", r.id));
            ui.label(&r.explanation);
        });
    }
}
