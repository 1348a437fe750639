//! Recordings in the SVG export, as the window draws them: a thin strip under the lane's bands,
//! solid while recording, pale where paused, with the engine's sentence as its `<title>`.
//! Nothing is written for a call without recordings.

use super::style::{BAND_H, PALETTE};
use super::svg::Geo;
use super::xml::{esc, num};
use crate::timeline::Layout;
use std::fmt::{Result, Write};

/// Height of the strip, and its gap below the bands.
const STRIP_H: f64 = 3.0;
const GAP: f64 = 2.0;

pub(super) fn recordings(s: &mut String, l: &Layout, g: &Geo) -> Result {
    if l.recordings.is_empty() {
        return Ok(());
    }
    s.push_str("<g class=\"recordings\">\n");
    for r in &l.recordings {
        let y = g.y(r.lane) + BAND_H / 2.0 + GAP;
        let x0 = g.x(r.t0_ms);
        let x1 = g.x(r.t1_ms).max(x0 + 2.0);
        write!(
            s,
            r#"<g class="recording" data-id="{id}"><title>{tip}</title><rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}"/>"#,
            id = esc(&r.id),
            tip = esc(&r.explanation),
            x = num(x0),
            y = num(y),
            w = num(x1 - x0),
            h = num(STRIP_H),
            c = PALETTE.recording,
        )?;
        for &(a, b) in &r.paused {
            let (a, b) = (g.x(a), g.x(b));
            write!(
                s,
                r#"<rect class="paused" x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                num(a),
                num(y),
                num((b - a).max(1.0)),
                num(STRIP_H),
                PALETTE.recording_paused,
            )?;
        }
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
    Ok(())
}
