//! The graph tab: the call's petgraph (sessions and parties as nodes, links as labelled edges)
//! painted from `timeline::graph_layout` inside a pan-and-zoom scene.

use super::App;
use crate::timeline::GraphNodeKind;
use egui::{Align2, FontId, Pos2, Rect, Shape, Stroke, Vec2};

pub fn graph_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(call) = &app.view.call else {
        ui.label("Select a call to see its graph.");
        return;
    };
    let g = &call.graph;
    let p = app.palette();
    ui.label(
        egui::RichText::new(
            "Hand-overs are numbered in the order they happened, with the time since the call started. \
             Dashed edges are inferred. Drag to pan, Ctrl+wheel or pinch to zoom.",
        )
            .small()
            .weak(),
    );
    let bounds = Rect::from_min_size(
        Pos2::new(-40.0, -40.0),
        Vec2::new(g.width + 80.0, g.height + 80.0),
    );
    let mut rect = app.view.graph_rect.unwrap_or(bounds);
    egui::Scene::new()
        .zoom_range(0.1..=4.0)
        .show(ui, &mut rect, |ui| {
            let painter = ui.painter();
            let center = |i: usize| {
                let n = &g.nodes[i];
                Rect::from_min_size(Pos2::new(n.x, n.y), Vec2::new(n.w, n.h))
            };
            for e in &g.edges {
                if e.member {
                    let (a, b) = (center(e.from), center(e.to));
                    let from = Pos2::new(a.left() + 8.0, a.bottom());
                    let to = b.left_center();
                    painter.add(Shape::line(
                        vec![from, Pos2::new(from.x, to.y), to],
                        Stroke::new(1.0, p.node_border),
                    ));
                    continue;
                }
                // Routed through the gaps by the layout: never behind a box.
                let pts: Vec<Pos2> = e.route.iter().map(|&(x, y)| Pos2::new(x, y)).collect();
                let color = p.link(e.inferred);
                let stroke = Stroke::new(2.0, color);
                if e.inferred {
                    painter.extend(Shape::dashed_line(&pts, stroke, 6.0, 4.0));
                } else {
                    painter.add(Shape::line(pts.clone(), stroke));
                }
                if let (Some(&tip), Some(&before)) = (
                    pts.last(),
                    pts.len().checked_sub(2).and_then(|i| pts.get(i)),
                ) {
                    let d = (tip - before).normalized();
                    let side = Vec2::new(-d.y, d.x);
                    painter.add(Shape::convex_polygon(
                        vec![tip, tip - d * 9.0 + side * 4.5, tip - d * 9.0 - side * 4.5],
                        color,
                        Stroke::NONE,
                    ));
                }
                let galley =
                    painter.layout_no_wrap(e.label.clone(), FontId::proportional(12.0), p.text);
                let at = Pos2::new(e.label_at.0, e.label_at.1);
                let chip = Rect::from_min_size(
                    Pos2::new(at.x, at.y - galley.size().y / 2.0 - 2.0),
                    galley.size() + Vec2::new(10.0, 4.0),
                );
                painter.rect_filled(chip, 6.0, p.header_bg);
                painter.rect_stroke(chip, 6.0, Stroke::new(1.0, color), egui::StrokeKind::Inside);
                painter.galley(chip.min + Vec2::new(5.0, 2.0), galley, p.text);
            }
            for n in &g.nodes {
                let r = Rect::from_min_size(Pos2::new(n.x, n.y), Vec2::new(n.w, n.h));
                let (fill, border) = match n.kind {
                    GraphNodeKind::Session { bridge: true } => (p.bridge_bg, p.bridge_bg),
                    GraphNodeKind::Session { .. } => (p.header_bg, p.node_border),
                    GraphNodeKind::Party { caller: true } => (p.node_bg, p.link),
                    GraphNodeKind::Party { .. } => (p.node_bg, p.node_border),
                };
                let fg = if matches!(n.kind, GraphNodeKind::Session { bridge: true }) {
                    p.bridge_fg
                } else {
                    p.text
                };
                painter.rect(
                    r,
                    6.0,
                    fill,
                    Stroke::new(1.5, border),
                    egui::StrokeKind::Inside,
                );
                painter.text(
                    r.min + Vec2::new(8.0, 6.0),
                    Align2::LEFT_TOP,
                    &n.title,
                    FontId::proportional(13.0),
                    fg,
                );
                painter.text(
                    r.min + Vec2::new(8.0, 26.0),
                    Align2::LEFT_TOP,
                    &n.subtitle,
                    FontId::proportional(11.0),
                    fg.gamma_multiply(0.75),
                );
            }
            ui.allocate_rect(bounds, egui::Sense::hover());
        });
    app.view.graph_rect = Some(rect);
}
