//! Reading a flow file from disk: size and encoding checked before the YAML is read.

use super::flow::{Flow, FlowError, parse_flow};

/// Reads a flow file (at most 1 MiB: a flow is a few hundred bytes).
pub fn load_flow(path: &std::path::Path) -> Result<Flow, FlowError> {
    let file = path.display().to_string();
    let fail = |message: String| FlowError {
        file: file.clone(),
        line: 0,
        column: 0,
        field: "file".into(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
    if meta.len() > 1 << 20 {
        return Err(fail(format!(
            "{} bytes is too big for a flow file (at most 1 MiB)",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        FlowError {
            file: file.clone(),
            line,
            column: 1,
            field: "flow file".into(),
            message: "not UTF-8 text".into(),
        }
    })?;
    parse_flow(&file, text.strip_prefix('\u{feff}').unwrap_or(&text))
}
