//! Link arrows between lanes (solid for a `peerId`, dashed and labelled for inferred links) and
//! the playback cursor.

use super::lanes_paint::Geometry;
use super::state::Selection;
use super::theme::Palette;
use crate::timeline::{CHIP_PAD, LABEL_FONT, Layout, link_label};
use egui::{Align2, FontId, Pos2, Rect, Role, Sense, Shape, Stroke, Vec2, WidgetInfo};

/// Points of a cubic curve from `a` to `b` that bulges `bulge` points to the right.
fn curve(a: Pos2, b: Pos2, bulge: f32) -> Vec<Pos2> {
    let c1 = Pos2::new(a.x + bulge, a.y);
    let c2 = Pos2::new(b.x + bulge, b.y);
    (0..=24)
        .map(|i| {
            let t = i as f32 / 24.0;
            let u = 1.0 - t;
            let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
            Pos2::new(
                w[0] * a.x + w[1] * c1.x + w[2] * c2.x + w[3] * b.x,
                w[0] * a.y + w[1] * c1.y + w[2] * c2.y + w[3] * b.y,
            )
        })
        .collect()
}

pub fn links(
    ui: &mut egui::Ui,
    layout: &Layout,
    g: &Geometry,
    p: &Palette,
    selected: Option<Selection>,
    out: &mut Vec<Selection>,
) {
    let painter = ui.painter_at(g.plot);
    for (i, l) in layout.links.iter().enumerate() {
        let a = Pos2::new(g.x(l.from_ms), g.y(l.from_lane));
        let b = Pos2::new(g.x(l.to_ms), g.y(l.to_lane));
        let span = Rect::from_two_pos(a, b).expand(60.0);
        if !span.intersects(g.plot) {
            continue;
        }
        let dir = if b.y >= a.y { 1.0 } else { -1.0 };
        // Leave the marker and the target lane's band visible (as the label plan assumes).
        let a = Pos2::new(a.x, a.y + 9.0 * dir);
        let b = Pos2::new(b.x, b.y - 10.0 * dir);
        let bulge = 34.0 + 14.0 * (i % 3) as f32;
        let pts = curve(a, b, bulge);
        let is_selected = selected == Some(Selection::Link(i));
        let color = p.link(l.inferred);
        let stroke = Stroke::new(if is_selected { 3.0 } else { 2.0 }, color);
        if l.inferred {
            painter.extend(Shape::dashed_line(&pts, stroke, 6.0, 4.0));
        } else {
            painter.add(Shape::line(pts.clone(), stroke));
        }
        // Arrowhead along the curve's last segment.
        let n = pts.len();
        let tip = pts[n - 1];
        let d = (tip - pts[n - 3]).normalized();
        let side = Vec2::new(-d.y, d.x);
        painter.add(Shape::convex_polygon(
            vec![tip, tip - d * 9.0 + side * 4.5, tip - d * 9.0 - side * 4.5],
            color,
            Stroke::NONE,
        ));
        let text = link_label(l);
        // The chip where the label plan put it; with no room for one, the curve's middle
        // still answers hover and clicks.
        let hit = match g.labels.links.get(i).and_then(Option::as_ref) {
            Some(t) => {
                let chip = g.label_rect(&t.rect);
                painter.rect_filled(chip, 6.0, p.header_bg);
                painter.rect_stroke(chip, 6.0, Stroke::new(1.0, color), egui::StrokeKind::Inside);
                painter.text(
                    chip.left_center() + Vec2::new(CHIP_PAD.0 as f32, 0.0),
                    Align2::LEFT_CENTER,
                    &t.text,
                    FontId::proportional(LABEL_FONT as f32),
                    p.text,
                );
                chip
            }
            None => Rect::from_center_size(pts[n / 2], Vec2::splat(14.0)),
        };
        let hit = hit.intersect(g.plot);
        if !hit.is_positive() {
            continue;
        }
        let from = &layout.lanes[l.from_lane].label;
        let to = &layout.lanes[l.to_lane].label;
        let response = ui.interact(hit, ui.scope_id().with(("link", i)), Sense::click());
        response.widget_info(|| {
            WidgetInfo::labeled(
                Role::Button,
                true,
                format!("{text} link from {from} to {to}"),
            )
        });
        let response = response.on_hover_ui(|ui| {
            ui.set_max_width(380.0);
            ui.strong(format!("{text}: {from} → {to}"));
            ui.add_space(4.0);
            ui.label(&l.explanation);
        });
        if response.clicked() {
            out.push(Selection::Link(i));
        }
    }
}

pub fn cursor(ui: &egui::Ui, g: &Geometry, t_ms: f64, p: &Palette) {
    let x = g.x(t_ms);
    if x < g.plot.left() || x > g.plot.right() {
        return;
    }
    let painter = ui.painter_at(g.rect);
    painter.line_segment(
        [Pos2::new(x, g.plot.top()), Pos2::new(x, g.plot.bottom())],
        Stroke::new(1.5, p.cursor),
    );
    painter.text(
        Pos2::new(x + 4.0, g.plot.top() + 2.0),
        Align2::LEFT_TOP,
        crate::timeline::format_since(t_ms, 100.0),
        FontId::proportional(10.5),
        p.cursor,
    );
}
