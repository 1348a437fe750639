//! PDF export: the SVG export converted by svg2pdf into a one-page vector PDF the size of the
//! drawing, text kept as selectable text in the embedded (subset) DejaVu Sans.

use super::png::parse_svg;
use super::{ExportError, Prepared, svg};
use svg2pdf::{ConversionOptions, PageOptions};

/// The call's SVG export as a PDF.
pub fn pdf(p: &Prepared) -> Result<Vec<u8>, ExportError> {
    let tree = parse_svg(&svg(p)?, &p.json.id)?;
    // SVG units are CSS pixels: 96 to the inch.
    let page = PageOptions { dpi: 96.0 };
    svg2pdf::to_pdf(&tree, ConversionOptions::default(), page)
        .map_err(|e| ExportError::Pdf(e.to_string()))
}
