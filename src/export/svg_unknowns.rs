//! The SVG marks of what the capture does not show, drawn as the window draws them: hatching over
//! a band that is only the last state seen, a dashed box per participant named but not in the
//! capture, and a shaded stretch over a session's lanes where its events are missing.

use super::style::{BAND_H, LANE_H, PALETTE};
use super::svg::Geo;
use super::xml::{esc, num};
use crate::timeline::{CHIP_PAD, LABEL_FONT, LabelPlan, Layout};
use std::fmt::{Result, Write};

/// Diagonal stripes over a band from `x0` to `x1` centred on `y`: only the last state seen.
pub(super) fn hatch(s: &mut String, x0: f64, x1: f64, y: f64) -> Result {
    let bottom = y + BAND_H / 2.0;
    s.push_str("<path class=\"uncertain\" d=\"");
    let mut x = x0;
    while x < x1 {
        // Each stripe clipped to the band by hand (no clip paths: resvg and svg2pdf agree).
        let end = (x + BAND_H).min(x1);
        let rise = end - x;
        write!(
            s,
            "M{} {}L{} {}",
            num(x),
            num(bottom),
            num(end),
            num(bottom - rise)
        )?;
        x += 7.0;
    }
    write!(
        s,
        "\" stroke=\"{}\" stroke-opacity=\"0.7\" stroke-width=\"1.5\" fill=\"none\"/>",
        PALETTE.background
    )
}

/// A dashed box with its label per participant named but not in the capture, tied to the lane
/// of the party that names them.
pub(super) fn unseen(s: &mut String, l: &Layout, g: &Geo, plan: &LabelPlan) -> Result {
    if l.unseen.is_empty() {
        return Ok(());
    }
    s.push_str("<g class=\"unseen\">\n");
    for (i, u) in l.unseen.iter().enumerate() {
        let (x, y) = (g.x(u.t_ms), g.y(u.lane));
        // Where the label plan put the box (none when no place was free: the title says it).
        let Some(Some(p)) = plan.unseen.get(i) else {
            writeln!(
                s,
                r#"<g><title>{}</title><circle cx="{}" cy="{}" r="3" fill="{}"/></g>"#,
                esc(&format!("{}: {}", u.label, u.explanation)),
                num(x),
                num(y),
                PALETTE.text_weak
            )?;
            continue;
        };
        let (bx, by, w, bh) = (p.rect.x0, p.rect.y0, p.rect.width(), p.rect.height());
        let join_y = if by < y { by + bh } else { by };
        let join_x = if bx >= x { bx } else { bx + w };
        write!(
            s,
            r#"<g><title>{tip}</title><path d="M{x} {y}L{jx} {bb}" stroke="{c}" stroke-width="1.2" stroke-dasharray="3 3" fill="none"/><rect x="{bx}" y="{by}" width="{w}" height="{bh}" rx="3" fill="none" stroke="{c}" stroke-width="1.2" stroke-dasharray="4 3"/><text x="{tx}" y="{ty}" font-size="{fs}" fill="{c}">{label}</text></g>"#,
            tip = esc(&u.explanation),
            x = num(x),
            y = num(y),
            bx = num(bx),
            jx = num(join_x),
            bb = num(join_y),
            by = num(by),
            w = num(w),
            bh = num(bh),
            fs = num(LABEL_FONT),
            c = PALETTE.text_weak,
            tx = num(bx + CHIP_PAD.0),
            ty = num(by + bh / 2.0 + LABEL_FONT * 0.36),
            label = esc(&p.text),
        )?;
        s.push('\n');
    }
    s.push_str("</g>\n");
    Ok(())
}

/// A shaded stretch with dashed edges over a session's lanes where its events are missing.
pub(super) fn gaps(s: &mut String, l: &Layout, g: &Geo) -> Result {
    if l.gaps.is_empty() {
        return Ok(());
    }
    s.push_str("<g class=\"gaps\">\n");
    for gap in &l.gaps {
        let Some(lanes) = l.sessions.get(gap.session).map(|h| h.lanes.clone()) else {
            continue;
        };
        let (Some(first), Some(last)) = (lanes.clone().next(), lanes.last()) else {
            continue;
        };
        let x0 = g.x(gap.t0_ms);
        let x1 = g.x(gap.t1_ms).max(x0 + 4.0);
        let (y0, y1) = (g.y(first) - LANE_H / 2.0, g.y(last) + LANE_H / 2.0);
        writeln!(
            s,
            r#"<g><title>{tip}</title><rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}" fill-opacity="0.12" stroke="{c}" stroke-width="1" stroke-dasharray="4 3"/></g>"#,
            tip = esc(&format!("Events missing: {}", gap.text)),
            x = num(x0),
            y = num(y0),
            w = num(x1 - x0),
            h = num(y1 - y0),
            c = PALETTE.text_weak,
        )?;
    }
    s.push_str("</g>\n");
    Ok(())
}
