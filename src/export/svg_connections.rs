//! Who is talking to whom in the SVG export, as the window draws it: a pale tint around each
//! member's band for the segment's time (under the bands), then a connector bar joining the
//! members' lanes with a dot on each, a named chip ("talking: JORDAN REYES ↔ Chloe Dubois",
//! "conference: 3 people"), and the engine's sentence as its `<title>`. Waiting (hold, park,
//! queue) and inferred segments are dashed; a far end not in the capture is an open circle at the
//! top of a stub.

use super::style::{BAND_H, PALETTE};
use super::svg::Geo;
use super::svg_marks::label_text;
use super::xml::{esc, num, text_w};
use crate::calls::ConnectionKind;
use crate::timeline::{
    CHIP_PAD, CONNECTOR_R, LabelPlan, Layout, connection_explanation, connection_label,
};
use std::fmt::{Result, Write};

/// The colour of a segment's kind (the window's light theme, `ui::theme`).
pub fn connection_color(k: ConnectionKind) -> &'static str {
    match k {
        ConnectionKind::Talk => "#16794c",
        ConnectionKind::Conference => "#6a4fb3",
        ConnectionKind::Supervise => "#a5580c",
        ConnectionKind::Hold => "#5f50ad",
        ConnectionKind::Parked => "#1f7298",
        ConnectionKind::Ringing | ConnectionKind::Queue => "#946a0a",
        ConnectionKind::VoiceMail => "#a53f70",
    }
}

pub(super) fn tints(s: &mut String, l: &Layout, g: &Geo) -> Result {
    if l.connections.is_empty() {
        return Ok(());
    }
    s.push_str("<g class=\"connection-tints\">\n");
    for c in &l.connections {
        let (x0, x1) = (g.x(c.t0_ms), g.x(c.t1_ms));
        let opacity = if c.dashed() { "0.16" } else { "0.28" };
        for lane in c.lanes() {
            let y = g.y(lane);
            writeln!(
                s,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="5" fill="{}" fill-opacity="{opacity}"/>"#,
                num(x0),
                num(y - BAND_H / 2.0 - 3.0),
                num((x1 - x0).max(2.0)),
                num(BAND_H + 6.0),
                connection_color(c.kind),
            )?;
        }
    }
    s.push_str("</g>\n");
    Ok(())
}

pub(super) fn connectors(s: &mut String, l: &Layout, g: &Geo, plan: &LabelPlan) -> Result {
    if l.connections.is_empty() {
        return Ok(());
    }
    s.push_str("<g class=\"connections\">\n");
    for (i, c) in l.connections.iter().enumerate() {
        let Some(Some(p)) = plan.connections.get(i) else {
            continue;
        };
        let color = connection_color(c.kind);
        let dash = if c.dashed() {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let label = connection_label(l, c);
        write!(
            s,
            r#"<g class="connection" data-kind="{}" data-evidence="{}"><title>{}</title><path d="M{x} {y0}V{y1}" stroke="{color}" stroke-width="{w}" stroke-linecap="round"{dash}/>"#,
            c.kind.as_str(),
            c.evidence.as_str(),
            esc(&format!("{label}. {}", connection_explanation(l, c))),
            x = num(p.x),
            y0 = num(p.y0),
            y1 = num(p.y1),
            w = num(CONNECTOR_R),
        )?;
        let ys = c.lanes().into_iter().map(|lane| (g.y(lane), true));
        let far = c.has_far_end().then_some((p.y0, false));
        for (y, member) in ys.chain(far) {
            let fill = if member { color } else { PALETTE.background };
            write!(
                s,
                r#"<circle cx="{}" cy="{}" r="{}" fill="{fill}" stroke="{}" stroke-width="1.5"/>"#,
                num(p.x),
                num(y),
                num(CONNECTOR_R + 0.5),
                if member { PALETTE.background } else { color },
            )?;
        }
        if let Some(t) = &p.label {
            let (fill, text, stroke) = if c.dashed() {
                (PALETTE.background, color, color)
            } else {
                (color, PALETTE.background, color)
            };
            write!(
                s,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="7" fill="{fill}" stroke="{stroke}" stroke-width="1"{dash}/>"#,
                num(t.rect.x0),
                num(t.rect.y0),
                num(t.rect.width()),
                num(t.rect.height()),
            )?;
            label_text(s, t, CHIP_PAD.0, text)?;
        }
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
    Ok(())
}

/// Legend entries for the connectors, from `x` on the markers' row.
pub(super) fn legend(s: &mut String, mut x: f64, y: f64) -> Result {
    for (kind, name) in [
        (ConnectionKind::Talk, "Talking together"),
        (ConnectionKind::Conference, "Conference"),
        (ConnectionKind::Hold, "Waiting (hold, park, queue)"),
    ] {
        let dash = if kind == ConnectionKind::Hold {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        write!(
            s,
            r#"<path d="M{x} {a}V{b}" stroke="{c}" stroke-width="4" stroke-linecap="round"{dash}/><circle cx="{x}" cy="{a}" r="3.5" fill="{c}"/><circle cx="{x}" cy="{b}" r="3.5" fill="{c}"/><text x="{tx}" y="{ty}" font-size="11" fill="{t}">{name}</text>"#,
            x = num(x),
            a = num(y - 6.0),
            b = num(y + 6.0),
            c = connection_color(kind),
            tx = num(x + 9.0),
            ty = num(y + 4.0),
            t = PALETTE.text,
        )?;
        x += 28.0 + text_w(name, 11.0);
    }
    Ok(())
}
