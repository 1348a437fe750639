//! PNG export: the SVG export rasterised by resvg at a chosen scale, sized to the whole drawing,
//! with DejaVu Sans embedded in the binary as the only font, so text renders the same on every
//! machine (no system fonts are looked up). Also parses SVG for the PDF writer.

use super::{ExportError, Prepared, svg};
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};
use std::sync::{Arc, OnceLock};

/// The font every export is drawn with.
const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Largest side of a PNG, in pixels (a 50-party call at scale 4 stays well inside).
const MAX_SIDE: f64 = 16_384.0;

/// The font database, built once.
fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(DEJAVU_SANS.to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        db.set_serif_family("DejaVu Sans");
        Arc::new(db)
    })
    .clone()
}

/// Parses SVG text as the rasteriser and the PDF writer read it, with the embedded font.
pub(super) fn parse_svg(svg_text: &str, call: &str) -> Result<usvg::Tree, ExportError> {
    let options = usvg::Options {
        font_family: "DejaVu Sans".to_owned(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg_text, &options).map_err(|e| ExportError::Rasterise {
        call: call.to_owned(),
        reason: e.to_string(),
    })
}

/// Rasterises any SVG text at `scale` (1.0: one pixel per SVG unit).
fn svg_to_pixmap(svg_text: &str, call: &str, scale: f32) -> Result<Pixmap, ExportError> {
    tree_to_pixmap(&parse_svg(svg_text, call)?, scale)
}

fn tree_to_pixmap(tree: &usvg::Tree, scale: f32) -> Result<Pixmap, ExportError> {
    let size = tree.size();
    let (w, h) = (
        (f64::from(size.width()) * f64::from(scale)).ceil(),
        (f64::from(size.height()) * f64::from(scale)).ceil(),
    );
    let too_big = !(scale.is_finite() && scale > 0.0) || w < 1.0 || h < 1.0;
    let too_big = too_big || w > MAX_SIDE || h > MAX_SIDE;
    let pixmap = if too_big {
        None
    } else {
        Pixmap::new(w as u32, h as u32)
    };
    let Some(mut pixmap) = pixmap else {
        return Err(ExportError::Size {
            width: w,
            height: h,
            scale,
        });
    };
    resvg::render(
        tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Renders any SVG text to PNG bytes at `scale` (1.0: one pixel per SVG unit).
pub fn svg_to_png(svg_text: &str, call: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    svg_to_pixmap(svg_text, call, scale)?
        .encode_png()
        .map_err(|e| ExportError::Encode(e.to_string()))
}

/// A raster image of the call's diagram for previews, at most `max_side` pixels wide and high
/// (scaled down to fit, never up): width, height and premultiplied RGBA.
pub fn raster(p: &Prepared, max_side: u32) -> Result<(u32, u32, Vec<u8>), ExportError> {
    let tree = parse_svg(&svg(p)?, &p.json.id)?;
    let size = tree.size();
    let longest = size.width().max(size.height()).max(1.0);
    // One pixel of slack: rounding up must not step over the limit.
    let scale = (max_side.saturating_sub(1).max(1) as f32 / longest).min(1.0);
    let pixmap = tree_to_pixmap(&tree, scale)?;
    Ok((pixmap.width(), pixmap.height(), pixmap.take()))
}

/// The call's SVG export as a PNG at `scale`.
pub fn png(p: &Prepared, scale: f32) -> Result<Vec<u8>, ExportError> {
    svg_to_png(&svg(p)?, &p.json.id, scale)
}
