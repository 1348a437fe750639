//! Fonts of the window: egui's defaults plus DejaVu Sans as a fallback (arrows, bullets and other
//! symbols the default font lacks), embedded so the window looks the same on every machine.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The font definitions the window uses.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "DejaVuSans".to_owned(),
        Arc::new(FontData::from_static(DEJAVU_SANS)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("DejaVuSans".to_owned());
    }
    fonts
}

/// Installs the window's fonts (effective from the next pass).
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
