//! The JSON export: one call exactly as `calls --json` writes it (the same `CallJson`), pretty
//! printed for reading and diffing, redacted when the call was prepared with redaction.

use super::{ExportError, Prepared};

/// The call's JSON document, pretty printed, ending in a newline.
pub fn json(p: &Prepared) -> Result<String, ExportError> {
    let mut s = serde_json::to_string_pretty(&p.json)?;
    s.push('\n');
    Ok(s)
}
