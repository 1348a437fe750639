//! What the window tests share: the window in a headless egui_kittest harness, run as eframe
//! runs it (`frame_logic` then `frame_ui`), at 1400×900 with the app's fonts.

use callflow::ui::App;
use egui_kittest::Harness;

#[allow(dead_code)] // Each test crate uses one of the two.
pub fn harness(app: App) -> Harness<'static, App> {
    harness_in(app, None)
}

/// [`harness`] with the egui theme eframe would set from the saved choice (`None`: kittest's).
#[allow(dead_code)]
pub fn harness_in(app: App, theme: Option<egui::Theme>) -> Harness<'static, App> {
    let mut builder = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        // A new window sizes itself over a few frames.
        .with_max_steps(12);
    if let Some(theme) = theme {
        builder = builder.with_theme(theme);
    }
    builder
        .with_context_setup(callflow::ui::fonts::install)
        .build_ui_state(
            |ui, app: &mut App| {
                app.frame_logic(ui.ctx());
                app.frame_ui(ui);
            },
            app,
        )
}
