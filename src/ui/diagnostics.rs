//! The diagnostics panel: what loading found besides good events (rejected lines with file and
//! line, skipped notifications, duplicates, late events, sequence gaps) and load errors. Never a
//! crash: everything that went wrong ends up here.

use super::App;
use egui::RichText;

pub fn diagnostics_ui(app: &mut App, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        ui.heading("Diagnostics");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("Hide").clicked() {
                app.persisted.show_diagnostics = false;
            }
        });
    });
    let Some(data) = &app.data else {
        ui.label("Nothing loaded yet.");
        return;
    };
    let d = &data.diagnostics;
    let p = app.palette();
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            for e in &data.errors {
                ui.label(RichText::new(e).color(p.disconnected_end));
            }
            egui::Grid::new("diagnostic counts")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    let rows: [(&str, u64, &str); 8] = [
                        ("Events kept", d.events, "one per party per notification"),
                        (
                            "Skipped",
                            d.skipped,
                            "fine, but not telephony session events",
                        ),
                        (
                            "Replays dropped",
                            d.replays,
                            "the same notification (uuid) again",
                        ),
                        (
                            "Double deliveries dropped",
                            d.double_deliveries,
                            "the same change under another uuid",
                        ),
                        (
                            "Arrived out of order",
                            d.out_of_order,
                            "put back in place by sequence",
                        ),
                        (
                            "Sequence gaps",
                            d.sequence_gaps,
                            "normal on extension-level subscriptions",
                        ),
                        (
                            "Parties without id",
                            d.parties_without_id,
                            "kept, keyed by direction, extension and number",
                        ),
                        ("Rejected", d.rejected_total, "input that could not be used"),
                    ];
                    for (name, n, why) in rows {
                        ui.label(name);
                        ui.label(format!("{n}  ·  {why}"));
                        ui.end_row();
                    }
                });
            if !d.skipped_kinds.is_empty() {
                ui.add_space(6.0);
                let kinds: Vec<String> = d
                    .skipped_kinds
                    .iter()
                    .map(|(k, n)| format!("{k} ({n})"))
                    .collect();
                ui.label(format!("Skipped kinds: {}", kinds.join(", ")));
            }
            if !d.rejected.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new("Rejected input").strong());
                for r in &d.rejected {
                    ui.label(RichText::new(r.to_string()).monospace().color(p.warning));
                }
                if d.rejected_total > d.rejected.len() as u64 {
                    ui.label(format!(
                        "… and {} more",
                        d.rejected_total - d.rejected.len() as u64
                    ));
                }
            }
            ui.add_space(6.0);
            ui.label(RichText::new("Sources").strong());
            if let Some(view) = data.live_view() {
                // Live: one source per batch; a summary, not thousands of rows.
                let sources = data.store.sources();
                let bytes: u64 = sources.iter().map(|s| s.bytes).sum();
                ui.label(format!(
                    "{} · {} batches · {:.1} MB in view · {:.1} MB let go",
                    sources.first().map_or("live", |s| s.name.as_str()),
                    sources.len(),
                    bytes as f64 / 1e6,
                    view.let_go_bytes() as f64 / 1e6
                ));
            } else {
                for s in data.store.sources() {
                    ui.label(format!("{} · {:.1} MB", s.name, s.bytes as f64 / 1e6));
                }
            }
        });
}
