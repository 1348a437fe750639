//! The SVG export: title, time axis (time since start and UTC wall clock), sessions with their
//! headers and bridge badge, one lane per party, then the marks (see `svg_marks`), the note
//! callouts (see `svg_notes`), a legend and the notes listed.
//! Sized to the whole diagram; every number is written with one decimal, so the same layout
//! gives the same bytes.

use super::style::{
    AXIS_H, BAND_H, FONT, HEADER_H, LABEL_W, LANE_H, LEGEND_H, MARGIN, PALETTE, RIGHT_PAD, TITLE_H,
    WIDTH,
};
use super::svg_marks::{bands, legend, links, markers};
use super::svg_notes::{callouts, list, list_height};
use super::svg_unknowns::{gaps, unseen};
use super::xml::{clip, esc, num, text_w};
use super::{ExportError, Prepared};
use crate::timeline::{LabelGeo, Layout, Rect, call_ticks, place_labels};
use std::fmt::Write;

/// Where things go in the drawing.
pub(super) struct Geo {
    pub plot_x0: f64,
    pub plot_w: f64,
    pub duration_ms: f64,
    /// Centre line of each lane.
    pub lane_y: Vec<f64>,
    /// Top of each session header.
    pub header_y: Vec<f64>,
    pub lanes_top: f64,
    /// Where labels may start: below the people view's header, which holds the sessions' key.
    pub labels_top: f64,
    pub lanes_bottom: f64,
    /// Top of the notes list, under the legend.
    pub notes_top: f64,
    pub height: f64,
}

const SESSION_GAP: f64 = 8.0;

impl Geo {
    pub fn new(l: &Layout) -> Self {
        let plot_x0 = MARGIN + LABEL_W;
        let plot_w = WIDTH - plot_x0 - RIGHT_PAD - MARGIN;
        let lanes_top = TITLE_H + AXIS_H;
        let mut y = lanes_top;
        let (mut lane_y, mut header_y) = (vec![0.0; l.lanes.len()], Vec::new());
        for s in &l.sessions {
            header_y.push(y);
            y += HEADER_H;
            for lane in s.lanes.clone() {
                if let Some(slot) = lane_y.get_mut(lane) {
                    *slot = y + LANE_H / 2.0;
                }
                y += LANE_H;
            }
            y += SESSION_GAP;
        }
        Geo {
            plot_x0,
            plot_w,
            duration_ms: l.duration_ms.max(1.0),
            lane_y,
            header_y,
            lanes_top,
            labels_top: lanes_top
                + if l.mode == crate::timeline::LayoutMode::People {
                    HEADER_H
                } else {
                    0.0
                },
            lanes_bottom: y,
            notes_top: y + LEGEND_H,
            height: y + LEGEND_H + list_height(l) + MARGIN,
        }
    }

    pub fn x(&self, t_ms: f64) -> f64 {
        self.plot_x0 + t_ms.clamp(0.0, self.duration_ms) / self.duration_ms * self.plot_w
    }

    pub fn y(&self, lane: usize) -> f64 {
        self.lane_y.get(lane).copied().unwrap_or(self.lanes_top)
    }

    /// The canvas as the label placement sees it: the plot and the pad right of it.
    pub fn label_geo(&self) -> LabelGeo<'_> {
        LabelGeo {
            x_origin: self.plot_x0,
            t0_ms: 0.0,
            ms_per_px: self.duration_ms / self.plot_w,
            lane_y: &self.lane_y,
            band_h: BAND_H,
            area: Rect {
                x0: self.plot_x0,
                y0: self.labels_top,
                x1: WIDTH - MARGIN,
                y1: self.lanes_bottom,
            },
            clamp_ms: Some((0.0, self.duration_ms)),
        }
    }
}

/// The whole SVG document of a prepared call.
pub fn svg(p: &Prepared) -> Result<String, ExportError> {
    let l = p.diagram();
    let g = Geo::new(l);
    let mut s = String::with_capacity(16 * 1024 + 600 * l.bands.len());
    writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT}" font-size="12">"#,
        w = num(WIDTH),
        h = num(g.height),
    )?;
    writeln!(s, "<title>{}</title>", esc(&p.title))?;
    writeln!(
        s,
        r#"<rect x="0" y="0" width="{}" height="{}" fill="{}"/>"#,
        num(WIDTH),
        num(g.height),
        PALETTE.background
    )?;
    title(&mut s, p)?;
    rows(&mut s, l, &g)?;
    axis(&mut s, l, &g)?;
    sessions(&mut s, l, &g)?;
    let plan = place_labels(l, &g.label_geo());
    gaps(&mut s, l, &g)?;
    super::svg_connections::tints(&mut s, l, &g)?;
    bands(&mut s, l, &g, &plan)?;
    markers(&mut s, l, &g, &plan)?;
    super::svg_recordings::recordings(&mut s, l, &g)?;
    super::svg_people::legs(&mut s, l, &g)?;
    unseen(&mut s, l, &g, &plan)?;
    links(&mut s, l, &g, &plan)?;
    super::svg_connections::connectors(&mut s, l, &g, &plan)?;
    callouts(&mut s, l, &g)?;
    legend(&mut s, &g)?;
    list(&mut s, p, g.notes_top)?;
    s.push_str("</svg>\n");
    Ok(s)
}

fn title(s: &mut String, p: &Prepared) -> std::fmt::Result {
    writeln!(
        s,
        r#"<text x="{}" y="26.0" font-size="17" fill="{}">{}</text>"#,
        num(MARGIN),
        PALETTE.text,
        esc(&clip(&p.title, 120))
    )?;
    writeln!(
        s,
        r#"<text x="{}" y="46.0" font-size="11.5" fill="{}">{}</text>"#,
        num(MARGIN),
        PALETTE.text_weak,
        esc(&p.subtitle)
    )
}

/// Ticks on top (time since start over wall clock) and grid lines through every lane.
fn axis(s: &mut String, l: &Layout, g: &Geo) -> std::fmt::Result {
    let top = TITLE_H;
    writeln!(
        s,
        r#"<text x="{x}" y="{y1}" font-size="10.5" fill="{c}">time since start</text><text x="{x}" y="{y2}" font-size="10.5" fill="{c}">wall clock (UTC)</text>"#,
        x = num(MARGIN),
        y1 = num(top + 14.0),
        y2 = num(top + 29.0),
        c = PALETTE.text_weak
    )?;
    let max = (g.plot_w / 110.0).max(2.0) as usize;
    s.push_str("<g class=\"axis\">\n");
    for t in call_ticks(l.start, 0.0, l.duration_ms.max(1.0), l.duration_ms, max) {
        let x = g.x(t.ms);
        writeln!(
            s,
            r#"<line x1="{x}" y1="{y0}" x2="{x}" y2="{y1}" stroke="{grid}" stroke-width="1"/><text x="{x}" y="{ty1}" font-size="11" text-anchor="middle" fill="{c}">{since}</text><text x="{x}" y="{ty2}" font-size="10" text-anchor="middle" fill="{weak}">{wall}</text>"#,
            x = num(x),
            y0 = num(top + AXIS_H - 4.0),
            y1 = num(g.lanes_bottom - 8.0),
            grid = PALETTE.grid,
            ty1 = num(top + 14.0),
            ty2 = num(top + 29.0),
            c = PALETTE.text,
            weak = PALETTE.text_weak,
            since = esc(&t.since),
            wall = esc(&t.wall),
        )?;
    }
    // The call's start and end.
    for x in [g.x(0.0), g.x(l.duration_ms)] {
        writeln!(
            s,
            r#"<line x1="{x}" y1="{y0}" x2="{x}" y2="{y1}" stroke="{c}" stroke-width="1" stroke-opacity="0.5"/>"#,
            x = num(x),
            y0 = num(top + AXIS_H - 4.0),
            y1 = num(g.lanes_bottom - 8.0),
            c = PALETTE.text_weak,
        )?;
    }
    s.push_str("</g>\n");
    Ok(())
}

/// Lane backgrounds, alternating, under the grid.
fn rows(s: &mut String, l: &Layout, g: &Geo) -> std::fmt::Result {
    s.push_str("<g class=\"rows\">\n");
    for lane in 0..l.lanes.len() {
        let fill = if lane % 2 == 0 {
            PALETTE.lane_even
        } else {
            PALETTE.lane_odd
        };
        writeln!(
            s,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"/>"#,
            num(MARGIN),
            num(g.y(lane) - LANE_H / 2.0),
            num(WIDTH - 2.0 * MARGIN),
            num(LANE_H),
        )?;
    }
    s.push_str("</g>\n");
    Ok(())
}

/// Session headers (id, origin, legacy id, bridge badge) over the grid, and lane labels.
fn sessions(s: &mut String, l: &Layout, g: &Geo) -> std::fmt::Result {
    let (x0, w) = (MARGIN, WIDTH - 2.0 * MARGIN);
    for (i, h) in l.sessions.iter().enumerate() {
        let y = g.header_y.get(i).copied().unwrap_or(g.lanes_top);
        writeln!(s, r#"<g class="session" data-session="{}">"#, esc(&h.id))?;
        writeln!(
            s,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"/>"#,
            num(x0),
            num(y + 1.0),
            num(w),
            num(HEADER_H - 2.0),
            PALETTE.header_bg
        )?;
        let mut text = format!("Session {}", h.id);
        if l.mode == crate::timeline::LayoutMode::People {
            text = format!("{} · the strip under each leg is its session:", h.id);
        } else if let Some(o) = &h.origin {
            text.push_str(&format!(" · origin {o}"));
        }
        if let Some(legacy) = &h.legacy {
            text.push_str(&format!(" · sessionId {legacy}"));
        }
        if !h.seen {
            text.push_str(" · not in this capture");
        }
        writeln!(
            s,
            r#"<text x="{}" y="{}" font-size="12" fill="{}">{}</text>"#,
            num(x0 + 8.0),
            num(y + 18.5),
            PALETTE.text,
            esc(&text)
        )?;
        if l.mode == crate::timeline::LayoutMode::People {
            super::svg_people::key(s, l, x0 + 20.0 + text_w(&text, 12.0), y)?;
        }
        if h.bridge {
            let badge = if h.legacy.as_deref() == Some("0") {
                "Conference bridge (sessionId 0)"
            } else {
                "Conference bridge"
            };
            let bw = text_w(badge, 11.0) + 16.0;
            let bx = (x0 + 16.0 + text_w(&text, 12.0)).min(x0 + w - bw - 6.0);
            writeln!(
                s,
                r#"<g class="bridge-badge"><rect x="{}" y="{}" width="{}" height="18" rx="9" fill="{}"/><text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text></g>"#,
                num(bx),
                num(y + 5.0),
                num(bw),
                PALETTE.bridge_bg,
                num(bx + bw / 2.0),
                num(y + 18.0),
                PALETTE.bridge_fg,
                badge
            )?;
        }
        for lane in h.lanes.clone() {
            lane_row(s, l, g, lane)?;
        }
        s.push_str("</g>\n");
    }
    Ok(())
}

/// A lane's label: who it is, and its party id (marked when it is the caller).
fn lane_row(s: &mut String, l: &Layout, g: &Geo, lane: usize) -> std::fmt::Result {
    let Some(info) = l.lanes.get(lane) else {
        return Ok(());
    };
    let y = g.y(lane);
    let detail = if info.caller {
        format!("caller · {}", info.party_id)
    } else {
        info.party_id.clone()
    };
    writeln!(
        s,
        r#"<g class="lane"><text class="lane-label" x="{tx}" y="{y1}" font-size="12" fill="{c}">{label}</text><text x="{tx}" y="{y2}" font-size="9.5" fill="{weak}">{detail}</text></g>"#,
        tx = num(MARGIN + 10.0),
        y1 = num(y - 1.5),
        y2 = num(y + 11.0),
        c = if info.seen {
            PALETTE.text
        } else {
            PALETTE.text_weak
        },
        weak = PALETTE.text_weak,
        label = esc(&clip(&info.label, 36)),
        detail = esc(&clip(&detail, 46)),
    )
}
