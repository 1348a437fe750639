//! Paints the people view's session marks (as the SVG export does): a thin strip under each leg
//! in its session's colour, naming the session and the party on hover, and a key of the
//! sessions' colours in the header row. Nothing in the session view. Computes nothing.

use super::lanes_paint::Geometry;
use super::theme::{HEADER_H, Palette};
use crate::export::{session_color, sessions_of, short_id};
use crate::timeline::{Layout, LayoutMode};
use egui::{Color32, FontId, Pos2, Rect, Role, Sense, Vec2, WidgetInfo};

fn color(no: usize) -> Color32 {
    let hex = u32::from_str_radix(session_color(no).trim_start_matches('#'), 16).unwrap_or(0);
    Color32::from_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

pub fn legs(ui: &mut egui::Ui, layout: &Layout, g: &Geometry) {
    if layout.mode != LayoutMode::People {
        return;
    }
    let painter = ui.painter_at(g.plot);
    for (i, leg) in layout.legs.iter().enumerate() {
        let y = g.y(leg.lane) + g.lane_h / 2.0 - 4.0;
        let (x0, x1) = (g.x(leg.t0_ms), g.x(leg.t1_ms).max(g.x(leg.t0_ms) + 3.0));
        if !g.row_visible(y) || x1 < g.plot.left() || x0 > g.plot.right() {
            continue;
        }
        let r = Rect::from_min_max(Pos2::new(x0, y), Pos2::new(x1, y + 2.5));
        painter.rect_filled(r, 1.0, color(leg.session_no));
        let hit = r.expand2(Vec2::new(0.0, 2.0)).intersect(g.plot);
        if !hit.is_positive() {
            continue;
        }
        let text = format!(
            "Leg {} of session {}{}",
            leg.party_id,
            leg.session_id,
            if leg.bridge {
                " (conference bridge)"
            } else {
                ""
            }
        );
        let response = ui.interact(hit, ui.scope_id().with(("leg", i)), Sense::hover());
        response.widget_info(|| WidgetInfo::labeled(Role::Image, true, &text));
        response.on_hover_text(text);
    }
}

/// The sessions' colours, in the plot part of the header row.
pub fn key(ui: &egui::Ui, layout: &Layout, g: &Geometry, p: &Palette) {
    if layout.mode != LayoutMode::People {
        return;
    }
    let Some(&y0) = g.header_y.first() else {
        return;
    };
    let y = g.top + y0 + HEADER_H / 2.0;
    let painter = ui.painter_at(g.plot.with_min_y(g.rect.top()));
    let mut x = g.plot.left() + 8.0;
    let font = FontId::proportional(11.0);
    for (no, id, bridge) in sessions_of(layout) {
        let text = format!(
            "session {} {}{}",
            no + 1,
            short_id(id),
            if bridge { " (bridge)" } else { "" }
        );
        let r = Rect::from_min_size(Pos2::new(x, y - 2.0), Vec2::new(16.0, 4.0));
        painter.rect_filled(r, 1.0, color(no));
        let galley = painter.layout_no_wrap(text, font.clone(), p.text_weak);
        let w = galley.size().x;
        painter.galley(
            Pos2::new(x + 21.0, y - galley.size().y / 2.0),
            galley,
            p.text_weak,
        );
        x += 36.0 + w;
    }
}
