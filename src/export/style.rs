//! Every colour and size of the exported drawing, defined once. The colours are the window's
//! light theme (`ui::theme::LIGHT`), written as SVG hex strings so the export needs no egui; a
//! unit test keeps the two in step.

use crate::timeline::{BandKind, MarkerKind};

/// Sizes of the SVG, in SVG user units (pixels at scale 1).
pub const WIDTH: f64 = 1280.0;
pub const MARGIN: f64 = 16.0;
pub const LABEL_W: f64 = 250.0;
/// Room right of the plot for the last marker's text and link labels.
pub const RIGHT_PAD: f64 = 190.0;
pub const TITLE_H: f64 = 58.0;
pub const AXIS_H: f64 = 40.0;
pub const HEADER_H: f64 = 28.0;
pub const LANE_H: f64 = 34.0;
pub const BAND_H: f64 = 16.0;
pub const LEGEND_H: f64 = 46.0;
/// A note callout's radius, and the height of one line of the notes list.
pub const NOTE_R: f64 = 7.5;
pub const NOTE_LINE_H: f64 = 16.0;
pub const FONT: &str = "DejaVu Sans";

/// Box colour of a conference bridge in the sequence diagrams (RGB): the bridge badge's purple
/// lightened.
pub const BOX_BRIDGE: [u8; 3] = [0xd6, 0xcd, 0xf0];

/// Colours of the export (the window's light theme).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub ringing: &'static str,
    pub talking: &'static str,
    pub hold: &'static str,
    pub parked: &'static str,
    pub voicemail: &'static str,
    pub other: &'static str,
    pub gone: &'static str,
    pub disconnected_end: &'static str,
    pub disconnected_goes_on: &'static str,
    pub link: &'static str,
    pub link_inferred: &'static str,
    pub background: &'static str,
    pub lane_even: &'static str,
    pub lane_odd: &'static str,
    pub header_bg: &'static str,
    pub bridge_bg: &'static str,
    pub bridge_fg: &'static str,
    pub text: &'static str,
    pub text_weak: &'static str,
    pub band_text: &'static str,
    pub grid: &'static str,
    pub note_bg: &'static str,
    pub note_fg: &'static str,
    pub note_border: &'static str,
    pub recording: &'static str,
    pub recording_paused: &'static str,
}

pub const PALETTE: Palette = Palette {
    ringing: "#e2b65a",
    talking: "#5db788",
    hold: "#a497d8",
    parked: "#63b3d6",
    voicemail: "#d987aa",
    other: "#aab1ba",
    gone: "#d0701f",
    disconnected_end: "#c83e3e",
    disconnected_goes_on: "#66768a",
    link: "#2a7bc4",
    link_inferred: "#6f8397",
    background: "#ffffff",
    lane_even: "#fafbfc",
    lane_odd: "#f1f3f6",
    header_bg: "#e2e6ec",
    bridge_bg: "#6a4fb3",
    bridge_fg: "#ffffff",
    text: "#1f242b",
    text_weak: "#5e6773",
    band_text: "#111418",
    grid: "#d5dae1",
    note_bg: "#ffe58a",
    note_fg: "#3d2e00",
    note_border: "#b8860b",
    recording: "#d21f2a",
    recording_paused: "#9ca3af",
};

impl Palette {
    pub fn band(&self, kind: BandKind) -> &'static str {
        match kind {
            BandKind::Ringing => self.ringing,
            BandKind::Talking => self.talking,
            BandKind::Hold => self.hold,
            BandKind::Parked => self.parked,
            BandKind::VoiceMail => self.voicemail,
            BandKind::Other => self.other,
        }
    }

    pub fn marker(&self, kind: MarkerKind, ends_call: bool) -> &'static str {
        match (kind, ends_call) {
            (MarkerKind::Gone, _) => self.gone,
            (MarkerKind::Disconnected, true) => self.disconnected_end,
            (MarkerKind::Disconnected, false) => self.disconnected_goes_on,
        }
    }

    pub fn link(&self, inferred: bool) -> &'static str {
        if inferred {
            self.link_inferred
        } else {
            self.link
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::LIGHT;

    fn hex(c: egui::Color32) -> String {
        format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b())
    }

    /// The export draws with the window's light theme: same meaning, same colours.
    #[test]
    fn colours_match_the_windows_light_theme() {
        for kind in BandKind::ALL {
            assert_eq!(PALETTE.band(kind), hex(LIGHT.band(kind)), "{kind:?}");
        }
        for (kind, ends) in [
            (MarkerKind::Gone, false),
            (MarkerKind::Disconnected, true),
            (MarkerKind::Disconnected, false),
        ] {
            assert_eq!(PALETTE.marker(kind, ends), hex(LIGHT.marker(kind, ends)));
        }
        assert_eq!(PALETTE.link(false), hex(LIGHT.link(false)));
        assert_eq!(PALETTE.link(true), hex(LIGHT.link(true)));
        assert_eq!(PALETTE.bridge_bg, hex(LIGHT.bridge_bg));
        assert_eq!(PALETTE.header_bg, hex(LIGHT.header_bg));
        assert_eq!(PALETTE.text, hex(LIGHT.text));
        assert_eq!(PALETTE.note_bg, hex(LIGHT.note_bg));
        assert_eq!(PALETTE.note_fg, hex(LIGHT.note_fg));
        assert_eq!(PALETTE.note_border, hex(LIGHT.note_border));
        assert_eq!(PALETTE.recording, hex(LIGHT.recording));
        assert_eq!(PALETTE.recording_paused, hex(LIGHT.recording_paused));
    }
}
