//! The detail panel: what the selected band, marker or link means, what the engine made of its
//! notification (duplicates dropped, late arrival, sequence gap) and the notification itself as
//! pretty, copyable JSON.

use super::App;
use super::commands::Command;
use egui::RichText;

/// The collapsed panel while nothing is selected: one button that opens it (D).
pub fn detail_strip_ui(app: &mut App, ui: &mut egui::Ui) {
    ui.add_space(4.0);
    if ui
        .small_button("‹")
        .on_hover_text("Show the details panel (D). It opens by itself when you click a band, a marker or a link.")
        .clicked()
    {
        app.push(Command::ToggleDetail);
    }
}

pub fn detail_ui(app: &mut App, ui: &mut egui::Ui) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Details");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .small_button("Hide")
                .on_hover_text("Hide the details panel (D)")
                .clicked()
            {
                app.push(Command::ToggleDetail);
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
            let id = ui.scope_id().with(("json", detail.event));
            if let Some(tree) = &detail.tree {
                super::json_tree::tree_ui(ui, tree, id);
            }
            // The whole text too, to select from (folded when the tree shows it).
            egui::CollapsingHeader::new("As text")
                .id_salt(id.with("text"))
                .default_open(detail.tree.is_none())
                .show(ui, |ui| {
                    let mut text = detail.json.as_str();
                    let label = ui.label(
                        RichText::new(format!("Event {}", detail.event))
                            .small()
                            .weak(),
                    );
                    egui::ScrollArea::horizontal()
                        .id_salt(id.with("text scroll"))
                        .show(ui, |ui| {
                            ui.add(
                                egui::TextEdit::multiline(&mut text)
                                    .code_editor()
                                    .desired_width(f32::INFINITY),
                            )
                            .labelled_by(label.id);
                        });
                });
        });
}
