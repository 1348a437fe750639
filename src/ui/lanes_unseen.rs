//! Painters for what the capture does not show: hatching over a band that is only the last
//! state seen, a dashed marker with its label for each participant named but not in the
//! capture, and a shaded stretch over a session's lanes where its events are missing. The
//! decisions are the timeline's (`Band::uncertain`, `Layout::unseen`, `Layout::gaps`).

use super::lanes_paint::Geometry;
use super::theme::Palette;
use crate::timeline::{CHIP_PAD, LABEL_FONT, Layout};
use egui::{FontId, Pos2, Rect, Sense, Shape, Stroke, Vec2};

/// Diagonal stripes over `r`, drawn with `painter` (clipped to the band).
pub fn hatch(painter: &egui::Painter, r: Rect, p: &Palette) {
    let stroke = Stroke::new(1.5, p.lane_even.gamma_multiply(0.7));
    let mut x = r.left() - r.height();
    while x < r.right() {
        painter.line_segment(
            [Pos2::new(x, r.bottom()), Pos2::new(x + r.height(), r.top())],
            stroke,
        );
        x += 7.0;
    }
}

/// A dashed box and label per unseen participant, with its explanation on hover.
pub fn unseen(ui: &mut egui::Ui, layout: &Layout, g: &Geometry, p: &Palette) {
    let painter = ui.painter_at(g.plot);
    for (i, u) in layout.unseen.iter().enumerate() {
        let (x, y) = (g.x(u.t_ms), g.y(u.lane));
        if !g.row_visible(y) || x < g.plot.left() - 8.0 || x > g.plot.right() + 8.0 {
            continue;
        }
        // Where the label plan put the box; with no room for one, the moment still explains.
        let Some(placed) = g.labels.unseen.get(i).and_then(Option::as_ref) else {
            let hit = Rect::from_center_size(Pos2::new(x, y), Vec2::splat(14.0)).intersect(g.plot);
            if hit.is_positive() {
                let response = ui.interact(hit, ui.scope_id().with(("unseen", i)), Sense::hover());
                response.on_hover_text(format!("{}\n{}", u.label, u.explanation));
            }
            continue;
        };
        let r = g.label_rect(&placed.rect);
        let galley = painter.layout_no_wrap(
            placed.text.clone(),
            FontId::proportional(LABEL_FONT as f32),
            p.text_weak,
        );
        let stroke = Stroke::new(1.2, p.text_weak);
        let corners = [
            r.left_top(),
            r.right_top(),
            r.right_bottom(),
            r.left_bottom(),
            r.left_top(),
        ];
        painter.extend(Shape::dashed_line(&corners, stroke, 4.0, 3.0));
        let corner = if r.center().x >= x {
            if r.center().y < y {
                r.left_bottom()
            } else {
                r.left_top()
            }
        } else if r.center().y < y {
            r.right_bottom()
        } else {
            r.right_top()
        };
        painter.extend(Shape::dashed_line(
            &[Pos2::new(x, y), corner],
            stroke,
            3.0,
            3.0,
        ));
        painter.galley(
            Pos2::new(
                r.left() + CHIP_PAD.0 as f32,
                r.center().y - galley.size().y / 2.0,
            ),
            galley,
            p.text_weak,
        );
        let hit = r.intersect(g.plot);
        if !hit.is_positive() {
            continue;
        }
        let id = ui.scope_id().with(("unseen", i));
        let response = ui.interact(hit, id, Sense::hover());
        response.on_hover_ui(|ui| {
            ui.set_max_width(380.0);
            ui.strong(&u.label);
            ui.label(&u.explanation);
        });
    }
}

/// A shaded, dashed-edged stretch over the lanes of a session where its events are missing,
/// with the engine's sentence on hover.
pub fn gaps(ui: &mut egui::Ui, layout: &Layout, g: &Geometry, p: &Palette) {
    let painter = ui.painter_at(g.plot);
    for (i, gap) in layout.gaps.iter().enumerate() {
        let Some(lanes) = layout.sessions.get(gap.session).map(|s| s.lanes.clone()) else {
            continue;
        };
        let (Some(first), Some(last)) = (lanes.clone().next(), lanes.last()) else {
            continue;
        };
        let x0 = g.x(gap.t0_ms);
        let x1 = g.x(gap.t1_ms).max(x0 + 4.0);
        if x1 < g.plot.left() || x0 > g.plot.right() {
            continue;
        }
        let r = Rect::from_min_max(
            Pos2::new(x0, g.y(first) - g.lane_h / 2.0),
            Pos2::new(x1, g.y(last) + g.lane_h / 2.0),
        );
        painter.rect_filled(r, 0.0, p.text_weak.gamma_multiply(0.12));
        let stroke = Stroke::new(1.0, p.text_weak);
        for x in [r.left(), r.right()] {
            painter.extend(Shape::dashed_line(
                &[Pos2::new(x, r.top()), Pos2::new(x, r.bottom())],
                stroke,
                4.0,
                3.0,
            ));
        }
        let hit = r.intersect(g.plot);
        if !hit.is_positive() {
            continue;
        }
        let response = ui.interact(hit, ui.scope_id().with(("gap", i)), Sense::hover());
        response.on_hover_ui(|ui| {
            ui.set_max_width(380.0);
            ui.strong("Events missing");
            ui.label(&gap.text);
        });
    }
}
