//! The window's frame: menu bar (File, Live, View, Help), status bar with the loading progress
//! or the live source's state, the centre's tabs with playback controls and legend, and the
//! overlay shown while files are dragged over the window.

use super::App;
use super::commands::Command;
use super::count;
use super::live_status::live_status_ui;
use super::state::Tab;
use super::theme::ThemeChoice;
use crate::timeline::{BandKind, MarkerKind};
use egui::{Align2, Color32, FontId, RichText, Stroke, Vec2};

pub fn menu_ui(app: &mut App, ui: &mut egui::Ui) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("Open…").clicked() {
                app.push(Command::OpenDialog);
            }
            let recent = app.persisted.recent.clone();
            ui.add_enabled_ui(!recent.is_empty(), |ui| {
                ui.menu_button("Open recent", |ui| {
                    for p in recent {
                        if ui.button(p.display().to_string()).clicked() {
                            app.push(Command::Open(vec![p]));
                        }
                    }
                });
            });
            if ui.button("Open bundled samples").clicked() {
                app.push(Command::OpenBundled);
            }
            ui.separator();
            let call = app.view.call.is_some();
            if ui
                .add_enabled(
                    call,
                    egui::Button::new("Export call…").shortcut_text("Ctrl+E"),
                )
                .clicked()
            {
                app.push(Command::OpenExport);
            }
            if ui
                .add_enabled(call, egui::Button::new("Add note…").shortcut_text("N"))
                .clicked()
            {
                app.push(Command::AddNoteHere);
            }
            if ui
                .add_enabled(
                    app.data.is_some(),
                    egui::Button::new("Check against expected flow…"),
                )
                .on_hover_text(
                    "Check the calls against a flow file (`callflow expect save` writes one)",
                )
                .clicked()
            {
                app.push(Command::Expect(super::expect_panel::ExpectCommand::Dialog));
            }
            ui.separator();
            if ui
                .add(
                    egui::Button::new("Compare with another capture…")
                        .shortcut_text("Ctrl+Shift+O"),
                )
                .on_hover_text("Open a capture whose call becomes the reference of the Compare tab")
                .clicked()
            {
                app.push(Command::ReferenceDialog);
            }
            if ui
                .add_enabled(
                    call,
                    egui::Button::new("Use this call as reference").shortcut_text("C"),
                )
                .on_hover_text("Compare other calls with this one in the Compare tab")
                .clicked()
                && let Some(i) = app.view.selected
            {
                app.push(Command::PinReference(i));
            }
            if ui
                .add_enabled(
                    app.data.is_some(),
                    egui::Button::new("Compare with call log…").shortcut_text("Ctrl+L"),
                )
                .on_hover_text("Check a Call Log API export (Detailed view) against these calls")
                .clicked()
            {
                app.push(Command::CallLogDialog);
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button("Live", |ui| {
            if ui
                .button("Listen…")
                .on_hover_text("Receive RingCentral webhook deliveries, as `callflow receive` does")
                .clicked()
            {
                app.push(Command::ListenDialog);
            }
            if ui
                .button("Follow file…")
                .on_hover_text("Show a capture that another program keeps writing")
                .clicked()
            {
                app.push(Command::FollowDialog);
            }
            ui.separator();
            let running = app.live.as_ref().is_some_and(|l| l.is_running());
            if ui.add_enabled(running, egui::Button::new("Stop")).clicked() {
                app.push(Command::StopLive);
            }
        });
        ui.menu_button("View", |ui| {
            let mut theme = app.persisted.theme;
            ui.radio_value(&mut theme, ThemeChoice::Dark, "Dark theme");
            ui.radio_value(&mut theme, ThemeChoice::Light, "Light theme");
            if theme != app.persisted.theme {
                app.push(Command::SetTheme(theme));
            }
            ui.separator();
            ui.checkbox(&mut app.persisted.show_detail, "Detail panel");
            ui.checkbox(&mut app.persisted.show_diagnostics, "Diagnostics panel");
            ui.checkbox(&mut app.persisted.show_notes, "Notes panel");
            ui.checkbox(&mut app.persisted.show_legend, "Legend");
        });
        ui.menu_button("Help", |ui| {
            ui.label("Ctrl+O open · Ctrl+F search · Ctrl+E export · Esc clear");
            ui.label("F fit the whole call · Z zoom to its busy part · D details panel");
            ui.label("P people view (a lane per person) or session view");
            ui.label("N add a note (right-click a band, marker, lane or the timeline too)");
            ui.label("←/→ step through events · Space play or pause");
            ui.label("Ctrl+wheel or pinch to zoom, drag to pan");
            ui.label("C use the call as reference (Compare tab) · Ctrl+Shift+O compare with another capture · Ctrl+L compare with call log");
        });
        if let Some(data) = &app.data {
            ui.separator();
            ui.label(RichText::new(&data.title).weak());
        }
    });
}

pub fn status_ui(app: &mut App, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        if let Some(loading) = &app.loading {
            ui.spinner();
            let bar = egui::ProgressBar::new(loading.fraction.unwrap_or(0.0))
                .desired_width(260.0)
                .text(loading.text.clone())
                .animate(loading.fraction.is_none());
            ui.add(bar);
        }
        if let Some(live) = &app.live {
            live_status_ui(app, live, ui);
        }
        if let Some(data) = &app.data {
            let d = &data.diagnostics;
            if app.live.is_none() {
                ui.label(format!(
                    "{} · {} · loaded in {} ms",
                    count(data.set.calls.len() as u64, "call"),
                    count(d.events, "event"),
                    data.load_ms
                ));
            }
            let problems = d.rejected_total + d.duplicates + d.out_of_order + d.sequence_gaps;
            let text = if d.has_rejections() {
                RichText::new(format!("Diagnostics: {} rejected", d.rejected_total))
                    .color(app.palette().disconnected_end)
            } else if problems > 0 {
                RichText::new(format!("Diagnostics: {}", count(problems, "warning")))
                    .color(app.palette().warning)
            } else {
                RichText::new("Diagnostics: clean")
            };
            if ui
                .selectable_label(app.persisted.show_diagnostics, text)
                .clicked()
            {
                app.persisted.show_diagnostics = !app.persisted.show_diagnostics;
            }
        }
        if let Some(n) = &app.notice {
            ui.label(RichText::new(n).color(app.palette().warning));
        }
    });
}

pub fn tabs_ui(app: &mut App, ui: &mut egui::Ui) {
    // One line always: the cursor readout shortens rather than wrapping under the buttons.
    ui.horizontal(|ui| {
        for (tab, name) in [
            (Tab::Swimlanes, "Swimlanes"),
            (Tab::Story, "Story"),
            (Tab::Graph, "Graph"),
            (Tab::Compare, "Compare"),
        ] {
            if ui
                .selectable_label(app.persisted.tab == tab, name)
                .clicked()
            {
                app.push(Command::SetTab(tab));
            }
        }
        ui.separator();
        let playing = app.view.playing;
        if ui
            .button(if playing { "Pause" } else { "▶ Play" })
            .on_hover_text("Play the call with a time cursor (Space)")
            .clicked()
        {
            app.push(Command::TogglePlay);
        }
        for speed in [1, 4, 16] {
            ui.selectable_value(&mut app.persisted.speed, speed, format!("{speed}×"));
        }
        if ui
            .button("◀ Prev")
            .on_hover_text("Previous event (←)")
            .clicked()
        {
            app.push(Command::Step { forward: false });
        }
        if ui
            .button("Next ▶")
            .on_hover_text("Next event (→)")
            .clicked()
        {
            app.push(Command::Step { forward: true });
        }
        let people = app.persisted.people;
        if ui
            .selectable_label(people, "People")
            .on_hover_text("A lane per person or endpoint, their legs in different sessions joined (P)")
            .clicked()
            && !people
        {
            app.push(Command::ToggleView);
        }
        if ui
            .selectable_label(!people, "Sessions")
            .on_hover_text("A lane per party, grouped by telephony session, as the platform reports them (P)")
            .clicked()
            && people
        {
            app.push(Command::ToggleView);
        }
        if ui
            .button("Fit")
            .on_hover_text("Show the whole call (F)")
            .clicked()
        {
            app.push(Command::Fit);
        }
        let busy = app
            .view
            .call
            .as_ref()
            .and_then(|c| crate::timeline::busy_span(&c.layout));
        if ui
            .add_enabled(busy.is_some(), egui::Button::new("Busy part"))
            .on_hover_text(
                "Zoom to where most happens: a ringing fan-out, a transfer (Z). F shows the whole call again.",
            )
            .on_disabled_hover_text("Things happen all through this call: nothing to zoom to.")
            .clicked()
        {
            app.push(Command::ZoomBusy);
        }
        if let (Some(t), Some(call)) = (app.view.cursor_ms, &app.view.call) {
            let at = crate::timeline::format_since(t, 100.0);
            let wall = call
                .layout
                .start
                .saturating_add(jiff::SignedDuration::from_millis(t as i64))
                .map(|w| w.strftime("%H:%M:%S%.3f UTC").to_string())
                .unwrap_or_default();
            ui.add(
                egui::Label::new(RichText::new(format!("Cursor {at} · {wall}")).weak())
                    .truncate(),
            );
        }
    });
    if app.persisted.show_legend && app.persisted.tab == Tab::Swimlanes {
        legend_ui(app, ui);
    }
    ui.separator();
}

fn legend_ui(app: &App, ui: &mut egui::Ui) {
    let p = app.palette();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 14.0;
        for kind in BandKind::ALL {
            swatch(ui, p.band(kind), kind.name());
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 14.0;
        marker_swatch(
            ui,
            p.marker(MarkerKind::Gone, false),
            "Gone: moved to another session",
        );
        marker_swatch(
            ui,
            p.marker(MarkerKind::Disconnected, true),
            "Disconnected: left the call",
        );
        marker_swatch(
            ui,
            p.marker(MarkerKind::Disconnected, false),
            "Disconnected, call goes on",
        );
        super::lanes_connections::legend(ui, p);
    });
    // Lines and strips on a row of their own: the window can be narrow with the details open.
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 14.0;
        line_swatch(ui, p.link(false), false, "Link (peerId)");
        line_swatch(ui, p.link(true), true, "Inferred link");
        strip_swatch(
            ui,
            p.recording,
            p.recording_paused,
            "Recording (grey: paused)",
        );
        hatched_swatch(ui, p, "Hatched: not seen to its end");
    });
}

/// A band as the lanes draw one whose end is not known (the capture stops or has a gap).
fn hatched_swatch(ui: &mut egui::Ui, p: &super::theme::Palette, text: &str) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 5.0;
        let (r, _) = ui.allocate_exact_size(Vec2::new(18.0, 10.0), egui::Sense::hover());
        ui.painter().rect_filled(r, 3.0, p.band(BandKind::Other));
        super::lanes_unseen::hatch(&ui.painter_at(r), r, p);
        ui.label(RichText::new(text).small());
    });
}

/// A recording's strip as the lanes draw it: a thin line, the paused part grey.
fn strip_swatch(ui: &mut egui::Ui, on: Color32, paused: Color32, text: &str) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 5.0;
        let (r, _) = ui.allocate_exact_size(Vec2::new(18.0, 10.0), egui::Sense::hover());
        let y = r.center().y;
        let mid = r.left() + r.width() * 0.6;
        ui.painter().line_segment(
            [egui::pos2(r.left(), y), egui::pos2(mid, y)],
            egui::Stroke::new(3.0, on),
        );
        ui.painter().line_segment(
            [egui::pos2(mid, y), egui::pos2(r.right(), y)],
            egui::Stroke::new(3.0, paused),
        );
        ui.label(RichText::new(text).small());
    });
}

fn swatch(ui: &mut egui::Ui, color: Color32, text: &str) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 5.0;
        let (r, _) = ui.allocate_exact_size(Vec2::new(18.0, 10.0), egui::Sense::hover());
        ui.painter().rect_filled(r, 3.0, color);
        ui.label(RichText::new(text).small());
    });
}

fn marker_swatch(ui: &mut egui::Ui, color: Color32, text: &str) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 5.0;
        let (r, _) = ui.allocate_exact_size(Vec2::new(12.0, 12.0), egui::Sense::hover());
        ui.painter().circle_filled(r.center(), 5.0, color);
        ui.label(RichText::new(text).small());
    });
}

fn line_swatch(ui: &mut egui::Ui, color: Color32, dashed: bool, text: &str) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 5.0;
        let (r, _) = ui.allocate_exact_size(Vec2::new(24.0, 10.0), egui::Sense::hover());
        let a = r.left_center();
        let b = r.right_center();
        let stroke = Stroke::new(2.0, color);
        if dashed {
            ui.painter()
                .extend(egui::Shape::dashed_line(&[a, b], stroke, 4.0, 3.0));
        } else {
            ui.painter().line_segment([a, b], stroke);
        }
        ui.label(RichText::new(text).small());
    });
}

pub fn drop_overlay_ui(app: &App, ctx: &egui::Context) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop overlay"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, Color32::from_black_alpha(170));
    painter.text(
        rect.center(),
        Align2::CENTER_CENTER,
        "Drop captures to open them",
        FontId::proportional(24.0),
        app.palette().text,
    );
}
