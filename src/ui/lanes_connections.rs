//! Paints who is talking to whom, from the layout and its label plan (as the SVG export does): a
//! pale tint around each member's band for the segment's time, a connector bar joining the
//! members' lanes with a dot on each, its chip, and on hover the members, their roles, the times
//! and how it is known. Computes nothing.

use super::lanes_paint::Geometry;
use super::theme::Palette;
use crate::calls::ConnectionKind;
use crate::timeline::{
    CHIP_PAD, CONNECTOR_R, LABEL_FONT, Layout, connection_explanation, connection_label,
};
use egui::{Align2, Color32, FontId, Pos2, Rect, Role, Sense, Shape, Stroke, Vec2, WidgetInfo};

/// The colour of a segment's kind in this theme (the light one is the export's).
pub fn color(p: &Palette, k: ConnectionKind) -> Color32 {
    let hex: u32 = match (p.dark, k) {
        (false, ConnectionKind::Talk) => 0x16794C,
        (false, ConnectionKind::Conference) => 0x6A4FB3,
        (false, ConnectionKind::Supervise) => 0xA5580C,
        (false, ConnectionKind::Hold) => 0x5F50AD,
        (false, ConnectionKind::Parked) => 0x1F7298,
        (false, ConnectionKind::Ringing | ConnectionKind::Queue) => 0x946A0A,
        (false, ConnectionKind::VoiceMail) => 0xA53F70,
        (true, ConnectionKind::Talk) => 0x45C98A,
        (true, ConnectionKind::Conference) => 0xA48BEB,
        (true, ConnectionKind::Supervise) => 0xE39A4A,
        (true, ConnectionKind::Hold) => 0x9E90E6,
        (true, ConnectionKind::Parked) => 0x58B8E2,
        (true, ConnectionKind::Ringing | ConnectionKind::Queue) => 0xDDB25C,
        (true, ConnectionKind::VoiceMail) => 0xDB82AB,
    };
    Color32::from_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// The tints, under the bands.
pub fn tints(ui: &egui::Ui, layout: &Layout, g: &Geometry, p: &Palette) {
    let painter = ui.painter_at(g.plot);
    for c in &layout.connections {
        let (x0, x1) = (g.x(c.t0_ms), g.x(c.t1_ms).max(g.x(c.t0_ms) + 2.0));
        if x1 < g.plot.left() || x0 > g.plot.right() {
            continue;
        }
        let fill = color(p, c.kind).gamma_multiply(if c.dashed() { 0.16 } else { 0.3 });
        for lane in c.lanes() {
            let y = g.y(lane);
            if !g.row_visible(y) {
                continue;
            }
            let r = Rect::from_min_max(
                Pos2::new(x0, y - g.band_h / 2.0 - 3.0),
                Pos2::new(x1, y + g.band_h / 2.0 + 3.0),
            );
            painter.rect_filled(r, 5.0, fill);
        }
    }
}

/// The bars, dots and chips, over the links; each answers hover.
pub fn connectors(ui: &mut egui::Ui, layout: &Layout, g: &Geometry, p: &Palette) {
    let painter = ui.painter_at(g.plot);
    let r = CONNECTOR_R as f32;
    for (i, c) in layout.connections.iter().enumerate() {
        let Some(Some(place)) = g.labels.connections.get(i) else {
            continue;
        };
        let x = place.x as f32;
        let (y0, y1) = (g.top + place.y0 as f32, g.top + place.y1 as f32);
        if y1 < g.plot.top() - 20.0 || y0 > g.plot.bottom() + 20.0 {
            continue;
        }
        let col = color(p, c.kind);
        let stroke = Stroke::new(r, col);
        let (a, b) = (Pos2::new(x, y0), Pos2::new(x, y1));
        if c.dashed() {
            painter.extend(Shape::dashed_line(&[a, b], stroke, 5.0, 3.0));
        } else {
            painter.line_segment([a, b], stroke);
        }
        let bg = if p.dark { p.lane_odd } else { Color32::WHITE };
        for lane in c.lanes() {
            painter.circle(Pos2::new(x, g.y(lane)), r + 0.5, col, Stroke::new(1.5, bg));
        }
        if c.has_far_end() {
            painter.circle(a, r + 0.5, bg, Stroke::new(1.5, col));
        }
        let label = connection_label(layout, c);
        let chip = place.label.as_ref().map(|t| {
            let chip = g.label_rect(&t.rect);
            let (fill, text) = if c.dashed() { (bg, col) } else { (col, bg) };
            painter.rect_filled(chip, 7.0, fill);
            painter.rect_stroke(chip, 7.0, Stroke::new(1.0, col), egui::StrokeKind::Inside);
            painter.text(
                chip.left_center() + Vec2::new(CHIP_PAD.0 as f32, 0.0),
                Align2::LEFT_CENTER,
                &t.text,
                FontId::proportional(LABEL_FONT as f32),
                text,
            );
            chip
        });
        let bar = Rect::from_min_max(
            Pos2::new(x - r - 1.0, y0 - r),
            Pos2::new(x + r + 1.0, y1 + r),
        );
        let hit = chip.map_or(bar, |c| c.union(bar)).intersect(g.plot);
        if !hit.is_positive() {
            continue;
        }
        let response = ui.interact(hit, ui.scope_id().with(("connection", i)), Sense::hover());
        response.widget_info(|| WidgetInfo::labeled(Role::Image, true, &label));
        response.on_hover_ui(|ui| {
            ui.set_max_width(380.0);
            ui.strong(&label);
            ui.add_space(4.0);
            ui.label(connection_explanation(layout, c));
        });
    }
}

/// Legend entries: a connector of each kind people meet most, as the lanes draw it.
pub fn legend(ui: &mut egui::Ui, p: &Palette) {
    for (kind, dash, text) in [
        (ConnectionKind::Talk, false, "Talking together"),
        (ConnectionKind::Conference, false, "Conference"),
        (ConnectionKind::Hold, true, "Waiting (hold, park, queue)"),
    ] {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 5.0;
            let (r, _) = ui.allocate_exact_size(Vec2::new(10.0, 16.0), Sense::hover());
            let col = color(p, kind);
            let (a, b) = (
                r.center_top() + Vec2::new(0.0, 3.0),
                r.center_bottom() - Vec2::new(0.0, 3.0),
            );
            let stroke = Stroke::new(3.0, col);
            if dash {
                ui.painter()
                    .extend(Shape::dashed_line(&[a, b], stroke, 3.0, 2.0));
            } else {
                ui.painter().line_segment([a, b], stroke);
            }
            ui.painter().circle_filled(a, 3.0, col);
            ui.painter().circle_filled(b, 3.0, col);
            ui.label(egui::RichText::new(text).small());
        });
    }
}
