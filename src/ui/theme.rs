//! Every colour, stroke width and size of the window, light and dark, defined once. Panels ask
//! the palette; nothing else names a colour.

use crate::timeline::{BandKind, MarkerKind};
use egui::Color32;
use serde::{Deserialize, Serialize};

/// The theme the user picked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    Dark,
    Light,
}

impl ThemeChoice {
    pub fn egui(self) -> egui::Theme {
        match self {
            ThemeChoice::Dark => egui::Theme::Dark,
            ThemeChoice::Light => egui::Theme::Light,
        }
    }
}

/// Sizes shared by the panels (points).
pub const ROW_H: f32 = 46.0;
pub const LANE_H: f32 = 34.0;
/// Lanes grow up to this height when the panel has room.
pub const MAX_LANE_H: f32 = 60.0;
pub const HEADER_H: f32 = 28.0;
pub const AXIS_H: f32 = 40.0;
pub const LABEL_W: f32 = 220.0;
pub const BAND_H: f32 = 16.0;

/// Colours of one theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub dark: bool,
    pub ringing: Color32,
    pub talking: Color32,
    pub hold: Color32,
    pub parked: Color32,
    pub voicemail: Color32,
    pub other: Color32,
    pub gone: Color32,
    pub disconnected_end: Color32,
    pub disconnected_goes_on: Color32,
    pub link: Color32,
    pub link_inferred: Color32,
    pub lane_even: Color32,
    pub lane_odd: Color32,
    pub header_bg: Color32,
    pub bridge_bg: Color32,
    pub bridge_fg: Color32,
    pub text: Color32,
    pub text_weak: Color32,
    pub band_text: Color32,
    pub grid: Color32,
    pub cursor: Color32,
    pub selection: Color32,
    pub badge_bg: Color32,
    pub warning: Color32,
    pub row_selected: Color32,
    pub row_hover: Color32,
    pub node_bg: Color32,
    pub node_border: Color32,
    /// Note callouts: a sticky-note yellow.
    pub note_bg: Color32,
    pub note_fg: Color32,
    pub note_border: Color32,
    /// A recording's strip under a lane's bands, and its paused stretches.
    pub recording: Color32,
    pub recording_paused: Color32,
}

const fn rgb(hex: u32) -> Color32 {
    Color32::from_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

pub const DARK: Palette = Palette {
    dark: true,
    ringing: rgb(0xD6A84E),
    talking: rgb(0x4FA97A),
    hold: rgb(0x9283C9),
    parked: rgb(0x4B9FC4),
    voicemail: rgb(0xC46C93),
    other: rgb(0x7D8590),
    gone: rgb(0xE8893B),
    disconnected_end: rgb(0xE06464),
    disconnected_goes_on: rgb(0x9AA7B8),
    link: rgb(0x6CB4EE),
    link_inferred: rgb(0x9DB3C9),
    lane_even: rgb(0x1E2127),
    lane_odd: rgb(0x23272E),
    header_bg: rgb(0x2B303A),
    bridge_bg: rgb(0x6A4FB3),
    bridge_fg: rgb(0xFFFFFF),
    text: rgb(0xE3E6EB),
    text_weak: rgb(0x9AA1AC),
    band_text: rgb(0x111418),
    grid: rgb(0x343A45),
    cursor: rgb(0xF2D15C),
    selection: rgb(0xFFFFFF),
    badge_bg: rgb(0x343A45),
    warning: rgb(0xE0A84E),
    row_selected: rgb(0x2F4A66),
    row_hover: rgb(0x2A2F38),
    node_bg: rgb(0x2A2F38),
    node_border: rgb(0x4A5260),
    note_bg: rgb(0xE8C547),
    note_fg: rgb(0x1A1400),
    note_border: rgb(0xF5DA7A),
    recording: rgb(0xE5484D),
    recording_paused: rgb(0x6B7280),
};

pub const LIGHT: Palette = Palette {
    dark: false,
    ringing: rgb(0xE2B65A),
    talking: rgb(0x5DB788),
    hold: rgb(0xA497D8),
    parked: rgb(0x63B3D6),
    voicemail: rgb(0xD987AA),
    other: rgb(0xAAB1BA),
    gone: rgb(0xD0701F),
    disconnected_end: rgb(0xC83E3E),
    disconnected_goes_on: rgb(0x66768A),
    link: rgb(0x2A7BC4),
    link_inferred: rgb(0x6F8397),
    lane_even: rgb(0xFAFBFC),
    lane_odd: rgb(0xF1F3F6),
    header_bg: rgb(0xE2E6EC),
    bridge_bg: rgb(0x6A4FB3),
    bridge_fg: rgb(0xFFFFFF),
    text: rgb(0x1F242B),
    text_weak: rgb(0x5E6773),
    band_text: rgb(0x111418),
    grid: rgb(0xD5DAE1),
    cursor: rgb(0xB8860B),
    selection: rgb(0x1F242B),
    badge_bg: rgb(0xE2E6EC),
    warning: rgb(0xB0701A),
    row_selected: rgb(0xCFE2F5),
    row_hover: rgb(0xE9EDF2),
    node_bg: rgb(0xFFFFFF),
    node_border: rgb(0xB5BDC8),
    note_bg: rgb(0xFFE58A),
    note_fg: rgb(0x3D2E00),
    note_border: rgb(0xB8860B),
    recording: rgb(0xD21F2A),
    recording_paused: rgb(0x9CA3AF),
};

impl Palette {
    pub fn of(choice: ThemeChoice) -> &'static Palette {
        match choice {
            ThemeChoice::Dark => &DARK,
            ThemeChoice::Light => &LIGHT,
        }
    }

    pub fn band(&self, kind: BandKind) -> Color32 {
        match kind {
            BandKind::Ringing => self.ringing,
            BandKind::Talking => self.talking,
            BandKind::Hold => self.hold,
            BandKind::Parked => self.parked,
            BandKind::VoiceMail => self.voicemail,
            BandKind::Other => self.other,
        }
    }

    pub fn marker(&self, kind: MarkerKind, ends_call: bool) -> Color32 {
        match (kind, ends_call) {
            (MarkerKind::Gone, _) => self.gone,
            (MarkerKind::Disconnected, true) => self.disconnected_end,
            (MarkerKind::Disconnected, false) => self.disconnected_goes_on,
        }
    }

    pub fn link(&self, inferred: bool) -> Color32 {
        if inferred {
            self.link_inferred
        } else {
            self.link
        }
    }
}
