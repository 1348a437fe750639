//! The swimlanes tab: turns the timeline layout into screen positions with the view transform,
//! handles zoom (Ctrl+wheel, pinch), pan (drag, wheel) and clicks, and hands painting to
//! `lanes_paint`. Lane labels and marks are real widgets, so they have accessible names.

use super::App;
use super::commands::{Command, NoteAsk};
use super::lanes_notes::{self, NoteHit};
use super::lanes_paint::{self, Geometry};
use super::state::Selection;
use super::theme::{AXIS_H, BAND_H, HEADER_H, LABEL_W, LANE_H, MAX_LANE_H};
use super::view::TimeView;
use super::{lanes_axis, lanes_links};
use crate::timeline::{LabelGeo, Rect as LabelRect, place_labels};
use egui::{Rect, Sense};

pub fn swimlanes_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(call) = app.view.call.take() else {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            let waiting = app.live.as_ref().is_some_and(|l| l.is_running())
                && app.data.as_ref().is_some_and(|d| d.set.calls.is_empty());
            let no_match = app.data.is_some()
                && !app.view.query.trim().is_empty()
                && app.view.filtered.is_empty();
            if no_match {
                ui.label(format!(
                    "No call matches “{}”. Esc clears the search.",
                    app.view.query.trim()
                ));
                return;
            }
            ui.label(if waiting {
                "Waiting for the first notification…"
            } else if app.data.is_some() {
                "Select a call in the list to see its swimlanes."
            } else {
                "Open a capture to see its calls."
            });
        });
        return;
    };
    swimlanes_of_call_ui(app, ui, &call);
    app.view.call = Some(call);
}

fn swimlanes_of_call_ui(app: &mut App, ui: &mut egui::Ui, call: &super::state::CallView) {
    let layout = &call.layout;
    let (rect, bg) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    // Never draw past the panel, even if a wide row above stretched the ui.
    let rect = rect.intersect(ui.clip_rect());
    let plot = Rect::from_min_max(
        egui::pos2(rect.left() + LABEL_W, rect.top() + AXIS_H),
        egui::pos2(rect.right() - 16.0, rect.bottom()),
    );
    let view = &mut app.view;
    if view.fit_pending {
        view.fit_pending = false;
        view.auto_fit = true;
    }
    if view.auto_fit {
        view.time = TimeView::fit(layout.duration_ms, plot.width());
    }
    if let Some((from, to)) = view.zoom_to.take() {
        view.time = TimeView::span(from, to, plot.width());
        view.auto_fit = false;
    }
    if let Some(t) = view.reveal_ms.take()
        && view.time.reveal(t, plot.width())
    {
        view.auto_fit = false;
    }

    // Rows: a header per session, then its lanes, taller when the panel has room.
    let fixed = 6.0 + layout.sessions.len() as f32 * (HEADER_H + 8.0);
    let lane_h = ((plot.height() - fixed) / layout.lanes.len().max(1) as f32)
        .clamp(LANE_H, MAX_LANE_H)
        .floor();
    let band_h = (BAND_H + (lane_h - LANE_H) * 0.3).min(24.0).floor();
    let mut lane_y = vec![0.0f32; layout.lanes.len()];
    let mut header_y = Vec::with_capacity(layout.sessions.len());
    let mut y = 6.0;
    for s in &layout.sessions {
        header_y.push(y);
        y += HEADER_H;
        for l in s.lanes.clone() {
            lane_y[l] = y + lane_h / 2.0;
            y += lane_h;
        }
        y += 8.0;
    }
    let content_h = y;

    // Input: zoom about the pointer, pan by drag or wheel.
    if let Some(pointer) = ui.ctx().pointer_hover_pos().filter(|p| rect.contains(*p)) {
        let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta()));
        if zoom != 1.0 {
            view.time.zoom_at(pointer.x - plot.left(), zoom);
            view.auto_fit = false;
        } else {
            if scroll.x != 0.0 {
                view.time.pan(scroll.x);
                view.auto_fit = false;
            }
            view.scroll_y -= scroll.y;
        }
    }
    if bg.dragged() {
        let d = bg.drag_delta();
        if d.x != 0.0 {
            view.time.pan(d.x);
            view.auto_fit = false;
        }
        view.scroll_y -= d.y;
    }
    let max_scroll = (content_h - plot.height()).max(0.0);
    view.scroll_y = view.scroll_y.clamp(0.0, max_scroll);
    if bg.clicked()
        && let Some(p) = bg.interact_pointer_pos().filter(|p| plot.contains(*p))
    {
        app.commands
            .push(Command::SetCursor(view.time.t_of(p.x - plot.left())));
    }
    // Right-click on the timeline: a note at that moment, on the lane under the pointer.
    if bg.secondary_clicked()
        && let Some(p) = bg.interact_pointer_pos().filter(|p| plot.contains(*p))
    {
        let content_y = p.y - (plot.top() - view.scroll_y);
        let lane = lane_y
            .iter()
            .position(|y| (content_y - y).abs() <= lane_h / 2.0);
        view.context_at = Some((view.time.t_of(p.x - plot.left()).max(0.0), lane));
    }
    let mut asks = Vec::new();
    let context_at = view.context_at;
    bg.context_menu(|ui| {
        let Some((t, lane)) = context_at else {
            ui.close();
            return;
        };
        let on = lane
            .and_then(|l| layout.lanes.get(l))
            .map_or("this moment of the call".to_owned(), |l| {
                format!("{} at this moment", l.label)
            });
        if ui.button(format!("Add note on {on}…")).clicked() {
            asks.push(NoteAsk::Moment { t_ms: t, lane });
            ui.close();
        }
        if ui.button("Add note on the call…").clicked() {
            asks.push(NoteAsk::Call);
            ui.close();
        }
    });

    let labels = {
        let ys: Vec<f64> = lane_y.iter().map(|y| f64::from(*y)).collect();
        let g = LabelGeo {
            x_origin: f64::from(plot.left()),
            t0_ms: view.time.t0_ms,
            ms_per_px: view.time.ms_per_pt,
            lane_y: &ys,
            band_h: f64::from(band_h),
            area: LabelRect {
                x0: f64::from(plot.left()),
                // The people view's header holds the sessions' key: no labels on it.
                y0: match layout.mode {
                    crate::timeline::LayoutMode::People => f64::from(HEADER_H + 6.0),
                    crate::timeline::LayoutMode::Sessions => 0.0,
                },
                x1: f64::from(plot.right()),
                y1: f64::from(content_h),
            },
            clamp_ms: None,
        };
        place_labels(layout, &g)
    };
    let geo = Geometry {
        rect,
        plot,
        time: view.time,
        top: plot.top() - view.scroll_y,
        lane_y,
        header_y,
        lane_h,
        band_h,
        labels,
    };
    let selected = view.selection;
    let cursor = view.cursor_ms;
    let note_selected = view.note_selected;
    let palette = app.palette();
    let mut out = Vec::new();
    let mut notes = Vec::new();
    lanes_paint::backgrounds(ui, layout, &geo, palette);
    super::lanes_unseen::gaps(ui, layout, &geo, palette);
    super::lanes_connections::tints(ui, layout, &geo, palette);
    lanes_paint::bands(ui, layout, &geo, palette, selected, &mut out, &mut asks);
    lanes_paint::markers(ui, layout, &geo, palette, selected, &mut out, &mut asks);
    super::lanes_recordings::recordings(ui, layout, &geo, palette);
    super::lanes_people::legs(ui, layout, &geo);
    super::lanes_unseen::unseen(ui, layout, &geo, palette);
    lanes_links::links(ui, layout, &geo, palette, selected, &mut out);
    super::lanes_connections::connectors(ui, layout, &geo, palette);
    if let Some(t) = cursor {
        lanes_links::cursor(ui, &geo, t, palette);
    }
    lanes_axis::axis(ui, layout, &geo, palette);
    super::lanes_people::key(ui, layout, &geo, palette);
    lanes_axis::labels(ui, layout, &geo, palette, cursor, &mut asks);
    lanes_notes::callouts(ui, layout, &geo, palette, note_selected, &mut notes);
    for hit in out {
        app.commands.push(match hit {
            Selection::Event(e) => Command::SelectEvent(e),
            Selection::Link(i) => Command::SelectLink(i),
        });
    }
    for hit in notes {
        app.commands.push(match hit {
            NoteHit::Pick(id) => Command::SelectNote(id),
            NoteHit::Edit(id) => Command::EditNote(id),
        });
    }
    app.commands.extend(asks.into_iter().map(Command::AskNote));
}
