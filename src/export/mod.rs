//! Export of one call: SVG drawn from the same `timeline` layout the window paints, PNG by
//! rasterising that SVG with resvg and an embedded font, PDF by converting it with svg2pdf,
//! Mermaid and PlantUML sequence diagrams, and the call's JSON as `calls --json` gives it;
//! optionally with people redacted. Writers are pure (data in, bytes out) and deterministic;
//! writing files is the caller's business.

mod calllog_csv;
mod json;
mod pdf;
mod png;
mod prepare;
mod redact;
mod sequence;
mod sequence_steps;
mod sequence_text;
mod style;
mod svg;
mod svg_connections;
mod svg_marks;
mod svg_notes;
mod svg_people;
mod svg_recordings;
mod svg_unknowns;
/// XML escaping and number formatting, shared with the JUnit report of `expect check`.
pub mod xml;

pub use calllog_csv::{CALL_COLUMNS, LEG_COLUMNS, write_csv};
pub use json::json;
pub use pdf::pdf;
pub use png::{png, raster};
pub use prepare::{Prepared, prepare, prepare_view};
pub use redact::Redaction;
pub use sequence::{mermaid, plantuml};
pub use svg::svg;
pub use svg_people::{session_color, sessions_of, short_id};

use thiserror::Error;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Svg,
    Png,
    Pdf,
    Mermaid,
    PlantUml,
    Json,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Svg,
        Format::Png,
        Format::Pdf,
        Format::Mermaid,
        Format::PlantUml,
        Format::Json,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Mermaid => "mermaid",
            Format::PlantUml => "plantuml",
            Format::Json => "json",
        }
    }

    /// File name extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Mermaid => "mmd",
            Format::PlantUml => "puml",
            Format::Json => "json",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
    }
}

/// What can go wrong while exporting (writing the file is not part of it).
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("formatting the output failed")]
    Fmt(#[from] std::fmt::Error),
    #[error("writing the call's JSON failed: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the SVG drawn for call {call} could not be read back for rasterising: {reason}")]
    Rasterise { call: String, reason: String },
    #[error("a PNG of {width}×{height} pixels at scale {scale} is too large or empty")]
    Size { width: f64, height: f64, scale: f32 },
    #[error("encoding the PNG failed: {0}")]
    Encode(String),
    #[error("writing the PDF failed: {0}")]
    Pdf(String),
}

/// Renders a prepared call in one format. `scale` only matters for PNG (1.0: one pixel per SVG
/// unit); a PDF page is the drawing's size (an SVG unit is a CSS pixel, 1/96 inch).
pub fn render(p: &Prepared, format: Format, scale: f32) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Svg => svg(p)?.into_bytes(),
        Format::Png => png(p, scale)?,
        Format::Pdf => pdf(p)?,
        Format::Mermaid => mermaid(p)?.into_bytes(),
        Format::PlantUml => plantuml(p)?.into_bytes(),
        Format::Json => json(p)?.into_bytes(),
    })
}
