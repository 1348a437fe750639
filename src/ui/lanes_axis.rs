//! The frame around the swimlanes: the time axis (since start and UTC wall clock) and the label
//! column with session headers (id, origin, bridge badge) and one accessible label per lane,
//! plus each lane's state at the playback cursor. Headers and labels offer "Add note…".

use super::commands::NoteAsk;
use super::lanes_paint::{Geometry, add_note_menu};
use super::theme::{HEADER_H, LABEL_W, Palette};
use crate::timeline::{LaneState, Layout, call_ticks};
use egui::{
    Align2, Color32, FontId, Label, Pos2, Rect, RichText, Role, Sense, Stroke, Vec2, WidgetInfo,
};

pub fn axis(ui: &egui::Ui, layout: &Layout, g: &Geometry, p: &Palette) {
    let bar = Rect::from_min_max(g.rect.min, Pos2::new(g.rect.right(), g.plot.top()));
    let painter = ui.painter_at(bar);
    painter.rect_filled(bar, 0.0, p.header_bg);
    painter.text(
        Pos2::new(bar.left() + 8.0, bar.top() + 4.0),
        Align2::LEFT_TOP,
        "Since start",
        FontId::proportional(11.0),
        p.text_weak,
    );
    painter.text(
        Pos2::new(bar.left() + 8.0, bar.top() + 21.0),
        Align2::LEFT_TOP,
        "Wall clock (UTC)",
        FontId::proportional(11.0),
        p.text_weak,
    );
    let plot_bar = Rect::from_min_max(Pos2::new(g.plot.left() - 30.0, bar.top()), bar.max);
    let painter = ui.painter_at(plot_bar);
    let max = (g.plot.width() / 110.0).max(2.0) as usize;
    // Ticks stop at the call's end, which is labelled; a label near either edge is moved in
    // so it is never cut.
    for t in call_ticks(
        layout.start,
        g.time.t_of(0.0),
        g.time.t_of(g.plot.width()),
        layout.duration_ms,
        max,
    ) {
        let x = g.x(t.ms);
        painter.line_segment(
            [Pos2::new(x, bar.bottom() - 5.0), Pos2::new(x, bar.bottom())],
            Stroke::new(1.0, p.text_weak),
        );
        for (text, font, color, y) in [
            (&t.since, FontId::proportional(11.5), p.text, 4.0),
            (&t.wall, FontId::monospace(10.5), p.text_weak, 21.0),
        ] {
            let galley = painter.layout_no_wrap(text.clone(), font, color);
            let half = galley.size().x / 2.0;
            let cx = x.clamp(
                plot_bar.left() + half,
                (plot_bar.right() - half - 2.0).max(plot_bar.left() + half),
            );
            painter.galley(Pos2::new(cx - half, bar.top() + y), galley, color);
        }
    }
}

fn state_chip(layout: &Layout, state: LaneState, p: &Palette) -> Option<(&'static str, Color32)> {
    match state {
        LaneState::NotYet => None,
        LaneState::Band(b) => {
            let kind = layout.bands[b].kind;
            Some((kind.name(), p.band(kind)))
        }
        LaneState::Ended(m) => {
            let m = &layout.markers[m];
            Some((m.kind.name(), p.marker(m.kind, m.ends_call)))
        }
    }
}

/// Session headers and lane labels (right-click either to add a note on it).
pub fn labels(
    ui: &mut egui::Ui,
    layout: &Layout,
    g: &Geometry,
    p: &Palette,
    cursor: Option<f64>,
    asks: &mut Vec<NoteAsk>,
) {
    let column = Rect::from_min_max(
        Pos2::new(g.rect.left(), g.plot.top()),
        Pos2::new(g.rect.left() + LABEL_W - 8.0, g.rect.bottom()),
    );
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(column));
    child.set_clip_rect(column);
    for (i, s) in layout.sessions.iter().enumerate() {
        let y0 = g.top + g.header_y[i];
        if y0 + HEADER_H > column.top() && y0 < column.bottom() {
            let mut text = format!("Session {}", s.id);
            if layout.mode == crate::timeline::LayoutMode::People {
                text = s.id.clone();
            } else if let Some(o) = &s.origin {
                text.push_str(&format!(" · {o}"));
            }
            let r = Rect::from_min_size(
                Pos2::new(column.left() + 8.0, y0),
                Vec2::new(LABEL_W - 20.0, HEADER_H),
            );
            let label = Label::new(RichText::new(text).size(12.0).strong())
                .truncate()
                .sense(Sense::click());
            let response = left_label(&mut child, r, label);
            if add_note_menu(&response, "Add note on this session…") {
                asks.push(NoteAsk::Session(i));
            }
            if s.bridge {
                bridge_badge(ui, g, y0, p, i);
            }
        }
        for l in s.lanes.clone() {
            let y = g.y(l);
            let lane_h = g.lane_h;
            if y + lane_h / 2.0 < column.top() || y - lane_h / 2.0 > column.bottom() {
                continue;
            }
            let lane = &layout.lanes[l];
            let mut text = RichText::new(&lane.label);
            if lane.caller {
                text = text.strong();
            }
            if !lane.seen {
                text = text.weak().italics();
            }
            // With the playback cursor set, the state sits on a line of its own under the name,
            // so the name keeps the label's whole width.
            let state = cursor.and_then(|t| state_chip(layout, layout.state_at(l, t), p));
            let (top, h) = if state.is_some() {
                (y - lane_h / 2.0, (lane_h / 2.0 + 2.0).max(18.0))
            } else {
                (y - lane_h / 2.0, lane_h)
            };
            let r = Rect::from_min_size(
                Pos2::new(column.left() + 16.0, top),
                Vec2::new(LABEL_W - 32.0, h),
            );
            let label = Label::new(text).truncate().sense(Sense::click());
            let response = left_label(&mut child, r, label).on_hover_text(format!(
                "{} · party {}\nRight-click to add a note on this party.",
                lane.label, lane.party_id
            ));
            if add_note_menu(&response, "Add note on this party…") {
                asks.push(NoteAsk::Lane(l));
            }
            if let Some((name, color)) = state {
                let painter = ui.painter_at(column);
                let galley = painter.layout_no_wrap(
                    name.to_owned(),
                    FontId::proportional(10.0),
                    p.band_text,
                );
                let chip_h = 14.0;
                let chip = Rect::from_min_size(
                    Pos2::new(
                        column.left() + 16.0,
                        (y + 3.0).min(y + lane_h / 2.0 - chip_h - 1.0),
                    ),
                    Vec2::new(galley.size().x + 12.0, chip_h),
                );
                painter.rect_filled(chip, 7.0, color);
                painter.galley(
                    chip.left_center() + Vec2::new(6.0, -galley.size().y / 2.0),
                    galley,
                    p.band_text,
                );
            }
        }
    }
}

/// A label left-aligned and vertically centred in `r`.
fn left_label(ui: &mut egui::Ui, r: Rect, label: Label) -> egui::Response {
    ui.scope_builder(
        egui::UiBuilder::new()
            .max_rect(r)
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
        |ui| ui.add(label),
    )
    .inner
}

fn bridge_badge(ui: &egui::Ui, g: &Geometry, y0: f32, p: &Palette, session: usize) {
    let painter = ui.painter_at(Rect::from_min_max(
        Pos2::new(g.plot.left(), g.plot.top()),
        g.rect.max,
    ));
    let text = "Conference bridge (sessionId 0)";
    let galley = painter.layout_no_wrap(text.to_owned(), FontId::proportional(11.0), p.bridge_fg);
    let r = Rect::from_min_size(
        Pos2::new(g.plot.left() + 6.0, y0 + (HEADER_H - 18.0) / 2.0),
        Vec2::new(galley.size().x + 14.0, 18.0),
    );
    painter.rect_filled(r, 9.0, p.bridge_bg);
    painter.galley(
        r.min + Vec2::new(7.0, (18.0 - galley.size().y) / 2.0),
        galley,
        p.bridge_fg,
    );
    let hit = r.intersect(g.plot);
    if hit.is_positive() {
        let response = ui.interact(hit, ui.scope_id().with(("bridge", session)), Sense::hover());
        response.widget_info(|| WidgetInfo::labeled(Role::Label, true, "Conference bridge"));
        response.on_hover_text(
            "A conference bridge is a session of its own (origin Conference, legacy sessionId \"0\"). \
             Each call merged into the conference leaves its own session as Gone (Conference) \
             and appears here as a participant leg.",
        );
    }
}
