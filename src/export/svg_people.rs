//! The people view's session marks in the SVG export, as the window draws them: a thin strip
//! under each leg in its session's colour (its `<title>` names the session and the party), and
//! in the header a key of the sessions' colours. Nothing is written in the session view.

use super::style::{LANE_H, PALETTE};
use super::svg::Geo;
use super::xml::{esc, num, text_w};
use crate::timeline::{Layout, LayoutMode};
use std::fmt::{Result, Write};

/// Colours of sessions 1, 2, 3…, over again after six (the window's, `ui::lanes_people`).
pub const SESSION_COLORS: [&str; 6] = [
    "#3b82c4", "#e07b39", "#8e6cc8", "#2e9e7e", "#c94f8a", "#9a8a1c",
];

pub fn session_color(no: usize) -> &'static str {
    SESSION_COLORS[no % SESSION_COLORS.len()]
}

/// "s-dc8a0e36…": enough of an id to tell sessions apart.
pub fn short_id(id: &str) -> String {
    match id.char_indices().nth(10) {
        Some((i, _)) => format!("{}…", &id[..i]),
        None => id.to_owned(),
    }
}

/// The sessions of the legs, in order: (number, id, bridge).
pub fn sessions_of(l: &Layout) -> Vec<(usize, &str, bool)> {
    let mut out: Vec<(usize, &str, bool)> = l
        .legs
        .iter()
        .map(|g| (g.session_no, g.session_id.as_str(), g.bridge))
        .collect();
    out.sort_by_key(|x| x.0);
    out.dedup_by_key(|x| x.0);
    out
}

pub(super) fn legs(s: &mut String, l: &Layout, g: &Geo) -> Result {
    if l.mode != LayoutMode::People {
        return Ok(());
    }
    s.push_str("<g class=\"legs\">\n");
    for leg in &l.legs {
        let y = g.y(leg.lane) + LANE_H / 2.0 - 4.0;
        let (x0, x1) = (g.x(leg.t0_ms), g.x(leg.t1_ms));
        writeln!(
            s,
            r#"<rect class="leg" x="{}" y="{}" width="{}" height="2.5" rx="1" fill="{}"><title>{}</title></rect>"#,
            num(x0),
            num(y),
            num((x1 - x0).max(3.0)),
            session_color(leg.session_no),
            esc(&format!(
                "leg {} of session {}{}",
                leg.party_id,
                leg.session_id,
                if leg.bridge {
                    " (conference bridge)"
                } else {
                    ""
                }
            )),
        )?;
    }
    s.push_str("</g>\n");
    Ok(())
}

/// The header's key: a swatch and short id per session, from `x` on the header row at `y`.
pub(super) fn key(s: &mut String, l: &Layout, mut x: f64, y: f64) -> Result {
    for (no, id, bridge) in sessions_of(l) {
        let text = format!(
            "session {} {}{}",
            no + 1,
            short_id(id),
            if bridge { " (bridge)" } else { "" }
        );
        write!(
            s,
            r#"<rect x="{}" y="{}" width="16" height="4" rx="1" fill="{}"/><text x="{}" y="{}" font-size="10.5" fill="{}">{}</text>"#,
            num(x),
            num(y + 11.0),
            session_color(no),
            num(x + 21.0),
            num(y + 17.0),
            PALETTE.text_weak,
            esc(&text)
        )?;
        x += 36.0 + text_w(&text, 10.5);
    }
    Ok(())
}
