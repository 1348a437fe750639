//! The story tab: the engine's narrative of the call, one sentence per line with its time.
//! Clicking a sentence selects that moment in the swimlanes.

use super::App;
use super::commands::Command;
use super::state::{Selection, Tab};
use egui::Sense;

pub fn story_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(call) = &app.view.call else {
        ui.label("Select a call to read its story.");
        return;
    };
    let selected = match app.view.selection {
        Some(Selection::Event(e)) => Some(e),
        _ => None,
    };
    let mut picked = None;
    // The engine's note when the capture shows only part of the call.
    if let Some(note) = &call.layout.view_note {
        ui.label(egui::RichText::new(note).color(app.palette().warning));
    }
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            for s in &call.story {
                let t = call.layout.ms_of(s.at);
                let time = crate::timeline::format_since(t, 100.0);
                let is_selected = s.event.is_some() && s.event == selected;
                let mut text = egui::text::LayoutJob::default();
                text.append(
                    &format!("{time:>9}   "),
                    0.0,
                    egui::TextFormat::simple(
                        egui::FontId::monospace(12.0),
                        ui.visuals().weak_text_color(),
                    ),
                );
                text.append(
                    &s.text,
                    0.0,
                    egui::TextFormat::simple(
                        egui::FontId::proportional(13.5),
                        ui.visuals().text_color(),
                    ),
                );
                let response = ui.add(
                    egui::Button::selectable(is_selected, text)
                        .wrap_mode(egui::TextWrapMode::Wrap)
                        .sense(Sense::click()),
                );
                if is_selected {
                    ui.painter().rect_stroke(
                        response.rect.expand(2.0),
                        4.0,
                        egui::Stroke::new(1.0, app.palette().link),
                        egui::StrokeKind::Outside,
                    );
                }
                if response.clicked() {
                    picked = s.event;
                }
                response.on_hover_text("Click to select this moment in the swimlanes.");
            }
        });
    if let Some(e) = picked {
        app.push(Command::SelectEvent(e));
        app.push(Command::SetTab(Tab::Swimlanes));
    }
}
