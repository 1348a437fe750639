//! The Compare tab: the reference call above the selected call on one time scale (both from
//! their starts, or shifted so a chosen step lines up), each drawn by the swimlane painters in
//! its own rectangle, the differences listed above and marked: lanes whose states or hand-over
//! differ outlined (filled when the other call lacks the leg), the moments of differences as `≠`
//! lines (paler for timings).

use super::App;
use super::lanes_paint::{self, Geometry};
use super::theme::{AXIS_H, BAND_H, HEADER_H, LABEL_W, LANE_H, Palette};
use super::view::TimeView;
use crate::compare::{Align, CallDiff, FindingKind};
use crate::timeline::{LabelGeo, Layout, Rect as LabelRect, place_labels};
use egui::{Align2, FontId, Pos2, Rect, RichText, Sense, Stroke, Vec2};
use petgraph::graph::NodeIndex;

/// Where the two calls' differences are, for one side.
struct Marks {
    /// Lanes of a leg the other call lacks.
    alone: Vec<NodeIndex>,
    /// Lanes whose states or hand-over differ.
    parties: Vec<NodeIndex>,
    /// Moments of shape differences, and of timing ones (drawn paler).
    times: Vec<(f64, bool)>,
}

pub fn compare_ui(app: &mut App, ui: &mut egui::Ui) {
    if app.compare.loading.is_some() {
        ui.label("Loading the capture to compare with…");
        return;
    }
    let Some(reference) = &app.compare.reference else {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            ui.label("Compare two calls one above the other.");
            ui.label(
                "Select a call and press C (or right-click it in the list → Use as reference), then select another call; or use File → Compare with another capture….",
            );
        });
        return;
    };
    let ref_call = reference.call;
    let calls_in_ref = app
        .compare
        .reference_data(app.data.as_ref())
        .map_or(0, |d| d.set.calls.len());
    let ref_title = app
        .compare
        .reference_data(app.data.as_ref())
        .map(|d| d.title.clone())
        .unwrap_or_default();
    let mut pick_ref = None;
    let mut clear = false;
    let ref_summary = app
        .compare
        .reference_data(app.data.as_ref())
        .and_then(|d| d.set.calls.get(ref_call))
        .map(|c| c.summary.clone())
        .unwrap_or_default();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("A (reference):").strong());
        ui.label(format!("{ref_title} · call {} of {calls_in_ref}", ref_call + 1))
            .on_hover_text(&ref_summary);
        if calls_in_ref > 1 {
            let prev = ui.add_enabled(ref_call > 0, egui::Button::new("◀"));
            if prev.on_hover_text("The reference capture's previous call").clicked() {
                pick_ref = Some(ref_call - 1);
            }
            let next = ui.add_enabled(ref_call + 1 < calls_in_ref, egui::Button::new("▶"));
            if next.on_hover_text("The reference capture's next call").clicked() {
                pick_ref = Some(ref_call + 1);
            }
        }
        ui.separator();
        let label = ui.label("Threshold");
        ui.add(
            egui::DragValue::new(&mut app.compare.threshold_s)
                .range(0.0..=3600.0)
                .speed(0.5)
                .suffix(" s"),
        )
        .labelled_by(label.id)
        .on_hover_text("Timings further apart than this are a difference");
        ui.checkbox(&mut app.compare.people, "Compare people")
            .on_hover_text("Off: parties are matched by role only; another number in a role is not a difference");
        if ui.button("Clear reference").clicked() {
            clear = true;
        }
    });
    if clear {
        app.clear_reference();
        return;
    }
    if let Some(i) = pick_ref {
        app.pick_reference_call(i);
    }
    if app.view.call.is_none() {
        ui.label("Select a call in the list to compare it with the reference.");
        return;
    }
    let same_call = app
        .compare
        .reference
        .as_ref()
        .is_some_and(|r| r.other.is_none())
        && app.view.selected == Some(ref_call);
    if same_call {
        ui.label(format!("A: {ref_summary}"));
        ui.label("This is the reference call itself: select another call in the list to compare it with.");
        return;
    }
    let Some(diff) = app.current_diff().cloned() else {
        ui.label("Select a call in the list to compare it with the reference.");
        return;
    };
    if app
        .notice
        .as_deref()
        .is_some_and(|n| n.starts_with("Reference set"))
    {
        app.notice = None;
    }
    ui.label(RichText::new(format!("A: {ref_summary}")).weak());
    if let Some(b) = app
        .view
        .selected
        .and_then(|i| app.data.as_ref()?.set.calls.get(i))
    {
        ui.label(RichText::new(format!("B: {}", b.summary)).weak());
    }
    align_ui(app, ui, &diff);
    findings_ui(app, ui, &diff);
    ui.separator();
    lanes_ui(app, ui, &diff);
}

/// The alignment picker (the diff of a new alignment is computed on the next frame).
fn align_ui(app: &mut App, ui: &mut egui::Ui, diff: &CallDiff) {
    let before = app.compare.align;
    ui.horizontal(|ui| {
        let label = ui.label("Align on");
        let current = match app.compare.align {
            Align::Start => "the calls' starts".to_owned(),
            Align::Step(i) => diff
                .anchors
                .get(i)
                .map_or("the calls' starts".to_owned(), |a| a.label.clone()),
        };
        egui::ComboBox::from_id_salt("compare align")
            .selected_text(current)
            .width(420.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut app.compare.align, Align::Start, "the calls' starts");
                for (i, a) in diff.anchors.iter().enumerate() {
                    ui.selectable_value(&mut app.compare.align, Align::Step(i), &a.label);
                }
            })
            .response
            .labelled_by(label.id);
        ui.label(RichText::new("B (below) is the selected call; zoom and pan move both.").weak());
    });
    if app.compare.align != before {
        ui.ctx().request_repaint();
    }
}

fn findings_ui(app: &mut App, ui: &mut egui::Ui, diff: &CallDiff) {
    let p = app.palette();
    if diff.same() {
        ui.label(
            RichText::new("Same: no differences.")
                .color(p.talking)
                .strong(),
        );
        return;
    }
    ui.label(
        RichText::new(format!(
            "{} difference{}",
            diff.findings.len(),
            if diff.findings.len() == 1 { "" } else { "s" }
        ))
        .strong(),
    );
    egui::ScrollArea::vertical()
        .id_salt("compare findings")
        .max_height(110.0)
        .show(ui, |ui| {
            for f in &diff.findings {
                let color = if f.kind.structural() {
                    p.warning
                } else {
                    p.text
                };
                let text = RichText::new(format!("{}: {}", f.kind.as_str(), f.text)).color(color);
                let row = ui.add(egui::Label::new(text).sense(Sense::click()).wrap());
                if row.on_hover_text("Click to show this moment").clicked()
                    && let Some(t) = f.a_ms.or(f.b_ms.map(|b| b - diff.shift_ms))
                {
                    app.compare.reveal_ms = Some(t);
                }
            }
        });
}

fn marks(diff: &CallDiff, a: bool) -> Marks {
    let mut m = Marks {
        alone: Vec::new(),
        parties: Vec::new(),
        times: Vec::new(),
    };
    for f in &diff.findings {
        let (party, t) = if a { (f.a, f.a_ms) } else { (f.b, f.b_ms) };
        // Who holds a role, and when, are listed; the lanes mark the call's shape.
        if let Some(n) = party {
            match f.kind {
                FindingKind::MissingLeg | FindingKind::ExtraLeg => m.alone.push(n),
                k if k.structural() => m.parties.push(n),
                _ => {}
            }
        }
        if let Some(t) = t
            && f.kind != FindingKind::Person
        {
            m.times.push((t, f.kind.structural()));
        }
    }
    m
}

fn lanes_ui(app: &mut App, ui: &mut egui::Ui, diff: &CallDiff) {
    let p = app.palette();
    let App { view, compare, .. } = app;
    let Some(b_layout) = view.call.as_ref().map(|c| c.sessions()) else {
        return;
    };
    let Some(reference) = compare.reference.as_ref() else {
        return;
    };
    let a_layout = &reference.layout;
    let (rect, bg) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    let rect = rect.intersect(ui.clip_rect());
    let half = (rect.height() / 2.0).floor();
    let top = Rect::from_min_size(rect.min, Vec2::new(rect.width(), half - 4.0));
    let bottom = Rect::from_min_max(Pos2::new(rect.left(), rect.top() + half + 4.0), rect.max);
    let plot_w = rect.width() - LABEL_W - 16.0;
    let shift = diff.shift_ms;
    // A new alignment shifts B: fit both again once its diff is in.
    if compare.shown_shift_ms != shift {
        compare.shown_shift_ms = shift;
        compare.fit = true;
    }
    if compare.fit {
        let span = a_layout
            .duration_ms
            .max(b_layout.duration_ms - shift)
            .max(1000.0);
        let from = (-shift).min(0.0);
        compare.time = TimeView::fit(span - from, plot_w);
        compare.time.t0_ms += from;
        compare.fit = false;
    }
    if let Some(t) = compare.reveal_ms.take() {
        compare.time.reveal(t, plot_w);
    }
    if let Some(pointer) = ui.ctx().pointer_hover_pos().filter(|p| rect.contains(*p)) {
        let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
        if zoom != 1.0 {
            compare
                .time
                .zoom_at(pointer.x - rect.left() - LABEL_W, zoom);
        } else if scroll.x != 0.0 {
            compare.time.pan(scroll.x);
        }
    }
    if bg.dragged() {
        compare.time.pan(bg.drag_delta().x);
    }
    if bg.double_clicked() {
        compare.fit = true;
    }
    let time_a = compare.time;
    let time_b = TimeView {
        t0_ms: compare.time.t0_ms + shift,
        ..compare.time
    };
    let painter = ui.painter_at(rect);
    painter.line_segment(
        [
            Pos2::new(rect.left(), rect.top() + half),
            Pos2::new(rect.right(), rect.top() + half),
        ],
        Stroke::new(2.0, p.text_weak),
    );
    side_ui(ui, "A", a_layout, top, time_a, &marks(diff, true), p);
    side_ui(ui, "B", b_layout, bottom, time_b, &marks(diff, false), p);
}

/// One call in `rect`: the swimlane painters on a geometry of its own, then the marks.
fn side_ui(
    ui: &mut egui::Ui,
    name: &str,
    layout: &Layout,
    rect: Rect,
    time: TimeView,
    marks: &Marks,
    p: &'static Palette,
) {
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect)
            .id_salt(("compare", name)),
    );
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    let ui = &mut child;
    let g = geometry(layout, rect, time);
    let mut out = Vec::new();
    let mut asks = Vec::new();
    lanes_paint::backgrounds(ui, layout, &g, p);
    lanes_paint::bands(ui, layout, &g, p, None, &mut out, &mut asks);
    lanes_paint::markers(ui, layout, &g, p, None, &mut out, &mut asks);
    super::lanes_links::links(ui, layout, &g, p, None, &mut out);
    super::lanes_axis::axis(ui, layout, &g, p);
    super::lanes_axis::labels(ui, layout, &g, p, None, &mut asks);
    // The differences: the lanes they concern outlined, their moments as ticks.
    let painter = ui.painter_at(rect);
    let stroke = Stroke::new(2.0, p.warning);
    for (i, lane) in layout.lanes.iter().enumerate() {
        let alone = marks.alone.contains(&lane.party);
        if alone || marks.parties.contains(&lane.party) {
            let y = g.y(i);
            let r = Rect::from_min_max(
                Pos2::new(rect.left() + 2.0, y - g.lane_h / 2.0 + 1.0),
                Pos2::new(rect.right() - 2.0, y + g.lane_h / 2.0 - 1.0),
            );
            if alone {
                painter.rect_filled(r, 3.0, p.warning.gamma_multiply(0.12));
            }
            painter.rect_stroke(r, 3.0, stroke, egui::StrokeKind::Inside);
        }
    }
    let plot = ui.painter_at(g.plot);
    for &(t, shape) in &marks.times {
        let x = g.x(t);
        let color = if shape {
            p.warning
        } else {
            p.text_weak.gamma_multiply(0.7)
        };
        plot.line_segment(
            [Pos2::new(x, g.plot.top()), Pos2::new(x, g.plot.bottom())],
            Stroke::new(1.5, color),
        );
        plot.text(
            Pos2::new(x + 3.0, g.plot.top() + 2.0),
            Align2::LEFT_TOP,
            "≠",
            FontId::proportional(13.0),
            color,
        );
    }
    painter.text(
        Pos2::new(rect.right() - 8.0, rect.top() + 4.0),
        Align2::RIGHT_TOP,
        name,
        FontId::proportional(16.0),
        p.text_weak,
    );
}

/// Lanes sized to fill the rectangle (as the swimlanes tab does, in less room).
fn geometry(layout: &Layout, rect: Rect, time: TimeView) -> Geometry {
    let plot = Rect::from_min_max(
        Pos2::new(rect.left() + LABEL_W, rect.top() + AXIS_H),
        Pos2::new(rect.right() - 16.0, rect.bottom()),
    );
    let fixed = 4.0 + layout.sessions.len() as f32 * (HEADER_H + 4.0);
    let lane_h = ((plot.height() - fixed) / layout.lanes.len().max(1) as f32)
        .clamp(22.0, LANE_H + 10.0)
        .floor();
    let band_h = (BAND_H + (lane_h - LANE_H) * 0.3).clamp(10.0, 20.0).floor();
    let mut lane_y = vec![0.0f32; layout.lanes.len()];
    let mut header_y = Vec::with_capacity(layout.sessions.len());
    let mut y = 4.0;
    for s in &layout.sessions {
        header_y.push(y);
        y += HEADER_H;
        for l in s.lanes.clone() {
            if let Some(slot) = lane_y.get_mut(l) {
                *slot = y + lane_h / 2.0;
            }
            y += lane_h;
        }
        y += 4.0;
    }
    let ys: Vec<f64> = lane_y.iter().map(|y| f64::from(*y)).collect();
    let labels = place_labels(
        layout,
        &LabelGeo {
            x_origin: f64::from(plot.left()),
            t0_ms: time.t0_ms,
            ms_per_px: time.ms_per_pt,
            lane_y: &ys,
            band_h: f64::from(band_h),
            area: LabelRect {
                x0: f64::from(plot.left()),
                y0: 0.0,
                x1: f64::from(plot.right()),
                y1: f64::from(y),
            },
            clamp_ms: None,
        },
    );
    Geometry {
        rect,
        plot,
        time,
        top: plot.top(),
        lane_y,
        header_y,
        lane_h,
        band_h,
        labels,
    }
}
