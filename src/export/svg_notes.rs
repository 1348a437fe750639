//! Notes in the SVG: a numbered callout where each note sits (a call note left of the time axis,
//! a session note at the right of its header or at its moment, others on their lane at their
//! time, with a stem down to the lane), and the notes listed under the legend with what each is
//! attached to.

use super::Prepared;
use super::style::{HEADER_H, LANE_H, MARGIN, NOTE_LINE_H, NOTE_R, PALETTE, TITLE_H, WIDTH};
use super::svg::Geo;
use super::xml::{esc, num, wrap};
use crate::timeline::{Layout, NoteMark, NotePlace};
use std::fmt::{Result, Write};

/// Room between two callouts at one spot.
const STEP: f64 = 2.0 * NOTE_R + 3.0;
/// Characters per line of the notes list.
const LIST_CHARS: usize = 170;

/// The lines each note takes in the list (`anchor: text`, wrapped).
pub(super) fn list_lines(m: &NoteMark) -> Vec<String> {
    wrap(&format!("{}: {}", m.anchor, m.text), LIST_CHARS)
}

/// Height of the notes list (nothing without notes).
pub(super) fn list_height(l: &Layout) -> f64 {
    if l.notes.is_empty() {
        return 0.0;
    }
    let lines: usize = l.notes.iter().map(|m| list_lines(m).len()).sum();
    24.0 + lines as f64 * NOTE_LINE_H + l.notes.len() as f64 * 4.0
}

/// Where a callout's circle goes, and where its stem ends (lanes only).
fn spot(m: &NoteMark, g: &Geo) -> (f64, f64, Option<f64>) {
    let shift = m.stack as f64 * STEP;
    match m.place {
        // Right of "time since start" / "wall clock (UTC)".
        NotePlace::Call => (MARGIN + 124.0 + shift, TITLE_H + 22.0, None),
        NotePlace::Session(i) => {
            let top = g.header_y.get(i).copied().unwrap_or(g.lanes_top);
            let x = if m.timed {
                g.x(m.t_ms) + shift
            } else {
                WIDTH - MARGIN - 14.0 - shift
            };
            (x, top + HEADER_H / 2.0, None)
        }
        NotePlace::Lane(i) => {
            let centre = g.y(i);
            let y = centre - LANE_H / 2.0 + NOTE_R + 1.0;
            (g.x(m.t_ms) + shift, y, Some(centre))
        }
    }
}

fn circle(s: &mut String, x: f64, y: f64, number: usize) -> Result {
    write!(
        s,
        r#"<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="1"/><text x="{}" y="{}" font-size="10" font-weight="bold" text-anchor="middle" fill="{}">{number}</text>"#,
        num(x),
        num(y),
        num(NOTE_R),
        PALETTE.note_bg,
        PALETTE.note_border,
        num(x),
        num(y + 3.5),
        PALETTE.note_fg,
    )
}

/// The numbered callouts, on top of everything else.
pub(super) fn callouts(s: &mut String, l: &Layout, g: &Geo) -> Result {
    if l.notes.is_empty() {
        return Ok(());
    }
    s.push_str("<g class=\"notes\">\n");
    for m in &l.notes {
        let (x, y, stem) = spot(m, g);
        write!(
            s,
            r#"<g class="note" data-note="{}"><title>{}</title>"#,
            m.note_id,
            esc(&format!("{}. {}: {}", m.number, m.anchor, m.text))
        )?;
        if let Some(to) = stem {
            write!(
                s,
                r#"<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{}" stroke-width="1.2"/>"#,
                PALETTE.note_border,
                x = num(x),
                y1 = num(y + NOTE_R),
                y2 = num(to),
            )?;
        }
        circle(s, x, y, m.number)?;
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
    Ok(())
}

/// The notes listed below the legend, starting at `top`.
pub(super) fn list(s: &mut String, p: &Prepared, top: f64) -> Result {
    let l = &p.layout;
    if l.notes.is_empty() {
        return Ok(());
    }
    writeln!(
        s,
        r#"<g class="notes-list"><text x="{}" y="{}" font-size="12" font-weight="bold" fill="{}">Notes</text>"#,
        num(MARGIN + 2.0),
        num(top + 14.0),
        PALETTE.text,
    )?;
    let mut y = top + 24.0;
    for m in &l.notes {
        circle(s, MARGIN + 10.0, y + NOTE_LINE_H / 2.0, m.number)?;
        for line in list_lines(m) {
            write!(
                s,
                r#"<text x="{}" y="{}" font-size="11" fill="{}">{}</text>"#,
                num(MARGIN + 24.0),
                num(y + 12.0),
                PALETTE.text,
                esc(&line)
            )?;
            y += NOTE_LINE_H;
        }
        s.push('\n');
        y += 4.0;
    }
    s.push_str("</g>\n");
    Ok(())
}
