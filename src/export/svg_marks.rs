//! The marks of the SVG export, drawn as the window draws them: state bands (labelled when they
//! fit, a faded tail when the capture ends first), Gone diamonds and Disconnected crosses with
//! their reasons, link arrows (dashed and marked "inferred" without a `peerId`), and the legend
//! (what the capture does not show is drawn by `svg_unknowns`).
//! Each mark carries a `<title>` with the window's explanation, shown on hover by browsers.

use super::style::{BAND_H, MARGIN, PALETTE};
use super::svg::Geo;
use super::xml::{esc, num, text_w};
use crate::timeline::{
    BandKind, CHIP_PAD, LABEL_FONT, LabelPlan, Layout, MarkerKind, Placed, band_label, curve_at,
    link_label, marker_label,
};
use std::fmt::{Result, Write};

/// A placed label's text: left-aligned, its baseline a little under the rectangle's middle.
pub(super) fn label_text(s: &mut String, p: &Placed, inset: f64, color: &str) -> Result {
    write!(
        s,
        r#"<text x="{}" y="{}" font-size="{}" fill="{color}">{}</text>"#,
        num(p.rect.x0 + inset),
        num((p.rect.y0 + p.rect.y1) / 2.0 + LABEL_FONT * 0.36),
        num(LABEL_FONT),
        esc(&p.text)
    )
}

pub(super) fn bands(s: &mut String, l: &Layout, g: &Geo, plan: &LabelPlan) -> Result {
    s.push_str("<g class=\"bands\">\n");
    for (i, b) in l.bands.iter().enumerate() {
        let y = g.y(b.lane);
        let x0 = g.x(b.t0_ms);
        let x1 = g.x(b.t1_ms).max(x0 + 3.0);
        let color = PALETTE.band(b.kind);
        let label = band_label(b);
        write!(
            s,
            r#"<g class="band" data-code="{code}"><title>{tip}</title><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="4" fill="{color}"/>"#,
            code = esc(&b.code),
            tip = esc(&format!("{label}: {}", b.explanation)),
            x = num(x0),
            y = num(y - BAND_H / 2.0),
            w = num(x1 - x0),
            h = num(BAND_H),
        )?;
        if b.open_end {
            write!(
                s,
                r#"<rect x="{}" y="{}" width="6.0" height="{}" fill="{}" fill-opacity="0.5"/>"#,
                num(x1 - 6.0),
                num(y - BAND_H / 2.0),
                num(BAND_H),
                PALETTE.background
            )?;
        }
        if b.uncertain {
            super::svg_unknowns::hatch(s, x0, x1, y)?;
        }
        if let Some(Some(p)) = plan.bands.get(i) {
            label_text(s, p, 0.0, PALETTE.band_text)?;
        }
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
    Ok(())
}

/// A Gone diamond or a Disconnected circle with a cross, centred on (x, y).
fn marker_shape(s: &mut String, kind: MarkerKind, x: f64, y: f64, color: &str) -> Result {
    match kind {
        MarkerKind::Gone => write!(
            s,
            r#"<path d="M{} {}L{} {}L{} {}L{} {}Z" fill="{color}" stroke="{}" stroke-width="1.5"/>"#,
            num(x),
            num(y - 7.0),
            num(x + 7.0),
            num(y),
            num(x),
            num(y + 7.0),
            num(x - 7.0),
            num(y),
            PALETTE.lane_even
        ),
        MarkerKind::Disconnected => write!(
            s,
            r#"<circle cx="{x}" cy="{y}" r="6.5" fill="{color}"/><path d="M{a} {b}L{c} {d}M{a} {d}L{c} {b}" stroke="{bg}" stroke-width="1.5"/>"#,
            x = num(x),
            y = num(y),
            a = num(x - 3.0),
            b = num(y - 3.0),
            c = num(x + 3.0),
            d = num(y + 3.0),
            bg = PALETTE.lane_even
        ),
    }
}

pub(super) fn markers(s: &mut String, l: &Layout, g: &Geo, plan: &LabelPlan) -> Result {
    s.push_str("<g class=\"markers\">\n");
    for (i, m) in l.markers.iter().enumerate() {
        let (x, y) = (g.x(m.t_ms), g.y(m.lane));
        let color = PALETTE.marker(m.kind, m.ends_call);
        let name = marker_label(m);
        write!(
            s,
            r#"<g class="marker" data-kind="{}"><title>{}</title>"#,
            m.kind.name(),
            esc(&format!("{name}: {}", m.explanation))
        )?;
        marker_shape(s, m.kind, x, y, color)?;
        if let Some(Some(p)) = plan.markers.get(i) {
            label_text(s, p, 0.0, color)?;
        }
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
    Ok(())
}

pub(super) fn links(s: &mut String, l: &Layout, g: &Geo, plan: &LabelPlan) -> Result {
    s.push_str("<g class=\"links\">\n");
    let lg = g.label_geo();
    for (i, k) in l.links.iter().enumerate() {
        let (a, b, bulge) = crate::timeline::link_path(&lg, i, k);
        let color = PALETTE.link(k.inferred);
        let text = link_label(k);
        let dash = if k.inferred {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        write!(
            s,
            r#"<g class="link" data-kind="{kind}"><title>{tip}</title><path d="M{ax} {ay}C{c1x} {ay} {c2x} {by} {bx} {by}" fill="none" stroke="{color}" stroke-width="2"{dash}/>"#,
            kind = esc(&k.kind),
            tip = esc(&format!("{text}: {}", k.explanation)),
            ax = num(a.0),
            ay = num(a.1),
            c1x = num(a.0 + bulge),
            c2x = num(b.0 + bulge),
            bx = num(b.0),
            by = num(b.1),
        )?;
        // Arrowhead along the curve's last stretch.
        let near = curve_at(a, b, bulge, 0.9);
        let (dx, dy) = (b.0 - near.0, b.1 - near.1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-6);
        let (ux, uy) = (dx / len, dy / len);
        let (sx, sy) = (-uy, ux);
        let base = (b.0 - ux * 9.0, b.1 - uy * 9.0);
        write!(
            s,
            r#"<path d="M{} {}L{} {}L{} {}Z" fill="{color}"/>"#,
            num(b.0),
            num(b.1),
            num(base.0 + sx * 4.5),
            num(base.1 + sy * 4.5),
            num(base.0 - sx * 4.5),
            num(base.1 - sy * 4.5),
        )?;
        if let Some(Some(p)) = plan.links.get(i) {
            write!(
                s,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{}" stroke="{color}" stroke-width="1"/>"#,
                num(p.rect.x0),
                num(p.rect.y0),
                num(p.rect.width()),
                num(p.rect.height()),
                PALETTE.header_bg,
            )?;
            label_text(s, p, CHIP_PAD.0, PALETTE.text)?;
        }
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
    Ok(())
}

/// What the colours and shapes mean: band colours and link styles on one row, markers below.
pub(super) fn legend(s: &mut String, g: &Geo) -> Result {
    let top = g.lanes_bottom + 4.0;
    s.push_str("<g class=\"legend\">\n");
    let mut x = MARGIN + 8.0;
    let y = top + 10.0;
    for kind in BandKind::ALL {
        write!(
            s,
            r#"<rect x="{}" y="{}" width="22" height="10" rx="3" fill="{}"/><text x="{}" y="{}" font-size="11" fill="{}">{}</text>"#,
            num(x),
            num(y - 5.0),
            PALETTE.band(kind),
            num(x + 28.0),
            num(y + 4.0),
            PALETTE.text,
            kind.name()
        )?;
        x += 36.0 + text_w(kind.name(), 11.0);
    }
    for (inferred, name) in [(false, "Link (peerId)"), (true, "Link (inferred)")] {
        let dash = if inferred {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        write!(
            s,
            r#"<path d="M{} {}H{}" stroke="{}" stroke-width="2"{dash}/><text x="{}" y="{}" font-size="11" fill="{}">{name}</text>"#,
            num(x),
            num(y),
            num(x + 24.0),
            PALETTE.link(inferred),
            num(x + 30.0),
            num(y + 4.0),
            PALETTE.text,
        )?;
        x += 40.0 + text_w(name, 11.0);
    }
    let mut x = MARGIN + 15.0;
    let y = top + 30.0;
    for (kind, ends, name) in [
        (MarkerKind::Gone, false, "Gone: moved to another session"),
        (
            MarkerKind::Disconnected,
            true,
            "Disconnected: left the call",
        ),
        (
            MarkerKind::Disconnected,
            false,
            "Disconnected, call goes on (switch, pickup, transfer)",
        ),
    ] {
        marker_shape(s, kind, x, y, PALETTE.marker(kind, ends))?;
        write!(
            s,
            r#"<text x="{}" y="{}" font-size="11" fill="{}">{}</text>"#,
            num(x + 12.0),
            num(y + 4.0),
            PALETTE.text,
            esc(name)
        )?;
        x += 36.0 + text_w(name, 11.0);
    }
    super::svg_connections::legend(s, x, y)?;
    s.push_str("\n</g>\n");
    Ok(())
}
