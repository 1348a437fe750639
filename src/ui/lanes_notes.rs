//! Note callouts on the swimlanes: a numbered sticky-note circle where each note sits (call
//! notes side by side in the axis row's label column, a session note on its header, others on
//! their lane at their time with a stem down to the lane), the note on hover; a click picks it,
//! a double click edits it. The places come from `timeline::NoteMark`; this only turns them into
//! screen positions.

use super::lanes_paint::Geometry;
use super::theme::{AXIS_H, HEADER_H, Palette};
use crate::timeline::{Layout, NoteMark, NotePlace};
use egui::{Align2, FontId, Pos2, Rect, Role, Sense, Stroke, Vec2, WidgetInfo};

const R: f32 = 8.0;
const STEP: f32 = 2.0 * R + 3.0;

/// What a callout asks for.
pub enum NoteHit {
    Pick(u32),
    Edit(u32),
}

/// The callout's centre and, on a lane, where its stem ends.
fn spot(m: &NoteMark, g: &Geometry) -> Option<(Pos2, Option<f32>)> {
    let shift = m.stack as f32 * STEP;
    Some(match m.place {
        // Right of "Since start" / "Wall clock (UTC)", one after another.
        NotePlace::Call => (
            Pos2::new(g.rect.left() + 120.0 + shift, g.plot.top() - AXIS_H / 2.0),
            None,
        ),
        NotePlace::Session(i) => {
            let y = g.top + g.header_y.get(i)? + HEADER_H / 2.0;
            let x = if m.timed {
                g.x(m.t_ms) + shift
            } else {
                g.plot.right() - R - 4.0 - shift
            };
            (Pos2::new(x, y), None)
        }
        NotePlace::Lane(i) => {
            let centre = g.top + g.lane_y.get(i)?;
            let y = centre - g.lane_h / 2.0 + R + 1.0;
            (Pos2::new(g.x(m.t_ms) + shift, y), Some(centre))
        }
    })
}

pub fn callouts(
    ui: &mut egui::Ui,
    layout: &Layout,
    g: &Geometry,
    p: &Palette,
    selected: Option<u32>,
    out: &mut Vec<NoteHit>,
) {
    let area = Rect::from_min_max(
        Pos2::new(g.rect.left(), g.plot.top() - AXIS_H),
        g.plot.right_bottom() + Vec2::new(R + 2.0, 0.0),
    );
    let painter = ui.painter_at(area);
    for m in &layout.notes {
        let Some((c, stem)) = spot(m, g) else {
            continue;
        };
        let in_axis = m.place == NotePlace::Call;
        if !area.contains(c) || (!in_axis && c.y < g.plot.top()) {
            continue;
        }
        if let Some(to) = stem {
            painter.line_segment(
                [Pos2::new(c.x, c.y + R), Pos2::new(c.x, to)],
                Stroke::new(1.2, p.note_border),
            );
        }
        let picked = selected == Some(m.note_id);
        painter.circle(
            c,
            R,
            p.note_bg,
            Stroke::new(if picked { 2.5 } else { 1.0 }, p.note_border),
        );
        painter.text(
            c,
            Align2::CENTER_CENTER,
            m.number.to_string(),
            FontId::proportional(10.5),
            p.note_fg,
        );
        let hit = Rect::from_center_size(c, Vec2::splat(2.0 * R + 2.0));
        let id = ui.scope_id().with(("note", m.note_id));
        let response = ui.interact(hit, id, Sense::click());
        let label = format!("Note {}: {}", m.number, m.text);
        response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
        let response = response.on_hover_ui(|ui| {
            ui.set_max_width(380.0);
            ui.strong(format!("Note {}", m.number));
            ui.label(egui::RichText::new(format!("On {}", m.anchor)).weak());
            ui.add_space(4.0);
            ui.label(&m.text);
            ui.add_space(4.0);
            ui.label(
                egui::RichText::new("Click to pick it, double-click to edit.")
                    .small()
                    .weak(),
            );
        });
        if response.double_clicked() {
            out.push(NoteHit::Edit(m.note_id));
        } else if response.clicked() {
            out.push(NoteHit::Pick(m.note_id));
        }
    }
}
