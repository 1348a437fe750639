//! How wide text is in DejaVu Sans (the font every export embeds, and the window's fallback), from
//! the font's own advance widths, so the layout can place labels without a font engine. Widths
//! of printable ASCII are exact; other characters count as the font's widest (generous, so an
//! estimate never makes labels overlap).

/// Advance widths of `' '..='~'` in font units (2048 per em), read from
/// `assets/fonts/DejaVuSans.ttf` (its `hmtx` table through the `cmap`).
const ASCII: [u16; 95] = [
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048,
    1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235,
    1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024,
    1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253, 1300,
    1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
];
const UNITS_PER_EM: f64 = 2048.0;
/// `·` and the arrows are common in labels; everything else non-ASCII counts as one em.
fn units(c: char) -> u16 {
    match c {
        ' '..='~' => ASCII[c as usize - 32],
        '·' => 651,
        '→' | '←' | '↔' => 1716,
        '–' => 1024,
        _ => 2048,
    }
}

/// Width of `s` at `size` px in DejaVu Sans (no kerning, which only ever narrows it).
pub fn text_width(s: &str, size: f64) -> f64 {
    let u: u32 = s.chars().map(|c| u32::from(units(c))).sum();
    f64::from(u) / UNITS_PER_EM * size
}

/// `s` shortened with `…` at a character boundary so it is at most `max_w` wide at `size`;
/// `None` when not even one character and the ellipsis fit.
pub fn elide(s: &str, size: f64, max_w: f64) -> Option<String> {
    if text_width(s, size) <= max_w {
        return Some(s.to_owned());
    }
    let ell = text_width("…", size);
    let mut w = 0.0;
    let mut out = String::new();
    for c in s.chars() {
        let cw = f64::from(units(c)) / UNITS_PER_EM * size;
        if w + cw + ell > max_w {
            break;
        }
        w += cw;
        out.push(c);
    }
    let out = out.trim_end().to_owned();
    if out.is_empty() {
        return None;
    }
    Some(out + "…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font_and_elision_fits() {
        // "i" is narrow, "M" wide, at 2048 units per em.
        assert!(text_width("iiii", 11.0) < text_width("MM", 11.0));
        assert!((text_width("M", 2048.0) - 1767.0).abs() < 1e-9);
        let e = elide("Talking · AttendedTransfer", 11.0, 60.0).unwrap_or_default();
        assert!(e.ends_with('…') && text_width(&e, 11.0) <= 60.0, "{e}");
        assert_eq!(elide("Talking", 11.0, 200.0).as_deref(), Some("Talking"));
        assert_eq!(elide("Talking", 11.0, 5.0), None);
    }
}
