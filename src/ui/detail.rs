//! The detail panel: what the selected band, marker or link means, what the engine made of its
//! notification (duplicates dropped, late arrival, sequence gap) and the notification itself as
//! pretty, copyable JSON.

use super::App;
use egui::RichText;

pub fn detail_ui(app: &mut App, ui: &mut egui::Ui) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Details");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("Hide").clicked() {
                app.persisted.show_detail = false;
            }
        });
    });
    ui.separator();
    let Some(detail) = &app.view.detail else {
        ui.label("Click a band, a marker or a link to see the notification behind it.");
        ui.add_space(8.0);
        ui.label(RichText::new("Hover over any of them for a plain explanation.").weak());
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.label(RichText::new(&detail.title).strong());
            if !detail.explanation.is_empty() {
                ui.add_space(4.0);
                ui.label(&detail.explanation);
            }
            ui.add_space(8.0);
            ui.label(RichText::new("What the engine made of it").strong());
            for note in &detail.notes {
                ui.label(format!("• {note}"));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                ui.label(RichText::new("Notification").strong());
                if ui.small_button("Copy JSON").clicked() {
                    ui.ctx().copy_text(detail.json.clone());
                }
            });
            let mut text = detail.json.as_str();
            let label = ui.label(
                RichText::new(format!("Event {}", detail.event))
                    .small()
                    .weak(),
            );
            ui.add(
                egui::TextEdit::multiline(&mut text)
                    .code_editor()
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
}
