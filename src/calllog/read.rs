//! Reads call-log JSON as the API returns it: a page (`{"records": […], "paging": …}`), several
//! pages (several files, a JSON array of pages, or pages one after the other in a file), or a
//! `records` array saved on its own. Each record is read on its own, so a bad record costs only
//! itself: its error names the file, the line and column, and the field (`legs[1].startTime`).

use super::Entry;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::path::{Path, PathBuf};

/// Something in a call-log file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {}{message}", file.display(), field.as_ref().map(|f| format!("`{f}`: ")).unwrap_or_default())]
pub struct LogError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// Where in the record, when the error is about a field (`records[2].legs[0].result`).
    pub field: Option<String>,
    pub message: String,
}

/// A record and where it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub entry: Entry,
    pub file: PathBuf,
    pub line: usize,
}

/// Every record read from the files, and what could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallLog {
    pub records: Vec<Located>,
    pub errors: Vec<LogError>,
}

/// Reads each file; a file that cannot be opened is an error of its own.
pub fn read_files(paths: &[PathBuf]) -> CallLog {
    let mut log = CallLog::default();
    for path in paths {
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => read_text(&mut log, path, &text),
                Err(e) => log.errors.push(at_start(
                    path,
                    format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
                )),
            },
            Err(e) => log
                .errors
                .push(at_start(path, format!("cannot read it: {e}"))),
        }
    }
    log
}

fn at_start(path: &Path, message: String) -> LogError {
    LogError {
        file: path.to_owned(),
        line: 1,
        column: 1,
        field: None,
        message,
    }
}

/// Line and column (from 1) of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.len(), |nl| before.len() - nl - 1)
        + 1;
    (line, column)
}

/// Where `part` (a slice of `text`) starts in it.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

#[derive(Deserialize)]
struct Page<'a> {
    #[serde(borrow)]
    records: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct Keys<'a> {
    #[serde(borrow, default)]
    records: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "telephonySessionId")]
    tsid: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "sessionId")]
    session: Option<&'a RawValue>,
    #[serde(borrow, default)]
    legs: Option<&'a RawValue>,
}

/// Reads one file's text into `log`.
pub fn read_text(log: &mut CallLog, path: &Path, text: &str) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut found = false;
    let stream = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
    for value in stream {
        match value {
            Ok(raw) => {
                found = true;
                top(log, path, text, raw, "");
            }
            Err(e) => {
                log.errors.push(LogError {
                    file: path.to_owned(),
                    line: e.line().max(1),
                    column: e.column().max(1),
                    field: None,
                    message: format!("not valid JSON: {}", bare(&e)),
                });
                return;
            }
        }
    }
    if !found {
        log.errors.push(at_start(
            path,
            "empty: no call-log page or record in it".into(),
        ));
    }
}

/// A serde_json error without its " at line L column C" (the position is given apart).
fn bare(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// A top-level value (or an element of a top-level array): a page, a record, or an array.
fn top(log: &mut CallLog, path: &Path, text: &str, raw: &RawValue, field: &str) {
    let s = raw.get();
    let error = |message: String, field: String| {
        let (line, column) = position(text, offset_in(text, s));
        LogError {
            file: path.to_owned(),
            line,
            column,
            field: (!field.is_empty()).then_some(field),
            message,
        }
    };
    if s.starts_with('[') {
        if !field.is_empty() {
            log.errors.push(error(
                "an array inside an array: expected call-log pages or records".into(),
                field.into(),
            ));
            return;
        }
        match serde_json::from_str::<Vec<&RawValue>>(s) {
            Ok(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    top(log, path, text, item, &format!("[{i}]"));
                }
            }
            Err(e) => log.errors.push(error(bare(&e), field.into())),
        }
        return;
    }
    let keys = match serde_json::from_str::<Keys>(s) {
        Ok(k) => k,
        Err(_) => {
            log.errors.push(error(
                "expected a call-log page (an object with `records`) or a record".into(),
                field.into(),
            ));
            return;
        }
    };
    if keys.records.is_some() {
        let mut de = serde_json::Deserializer::from_str(s);
        match serde_path_to_error::deserialize::<_, Page>(&mut de) {
            Ok(page) => {
                for (i, r) in page.records.into_iter().enumerate() {
                    record(log, path, text, r, &format!("{field}records[{i}]"));
                }
            }
            Err(e) => {
                let at = format!("{field}{}", e.path());
                log.errors.push(error(
                    format!(
                        "`records` should be an array of records: {}",
                        bare(e.inner())
                    ),
                    at,
                ));
            }
        }
    } else if keys.tsid.is_some() || keys.session.is_some() || keys.legs.is_some() {
        record(log, path, text, raw, field);
    } else {
        log.errors.push(error(
            "neither a call-log page (no `records`) nor a record (no `telephonySessionId`, `sessionId` or `legs`)".into(),
            field.into(),
        ));
    }
}

fn record(log: &mut CallLog, path: &Path, text: &str, raw: &RawValue, field: &str) {
    let s = raw.get();
    let (line, column) = position(text, offset_in(text, s));
    let mut de = serde_json::Deserializer::from_str(s);
    match serde_path_to_error::deserialize::<_, Entry>(&mut de) {
        Ok(entry) => {
            if entry.telephony_session_id.is_none() && entry.session_id.is_none() {
                log.errors.push(LogError {
                    file: path.to_owned(),
                    line,
                    column,
                    field: (!field.is_empty()).then(|| field.to_owned()),
                    message: "the record has neither `telephonySessionId` nor `sessionId`, so it cannot be joined to a call".into(),
                });
                return;
            }
            log.records.push(Located {
                entry,
                file: path.to_owned(),
                line,
            });
        }
        Err(e) => {
            let inner = e.inner();
            // The inner position counts from the record's first byte.
            let (l, c) = (inner.line().max(1), inner.column().max(1));
            let (line, column) = if l == 1 {
                (line, column + c - 1)
            } else {
                (line + l - 1, c)
            };
            let path_in = e.path().to_string();
            let field = match (field.is_empty(), path_in.as_str()) {
                (true, p) => p.to_owned(),
                (false, ".") => field.to_owned(),
                (false, p) => format!("{field}.{p}"),
            };
            log.errors.push(LogError {
                file: path.to_owned(),
                line,
                column,
                field: Some(field),
                message: bare(inner),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> CallLog {
        let mut log = CallLog::default();
        read_text(&mut log, Path::new("log.json"), text);
        log
    }

    #[test]
    fn a_page_an_array_of_pages_and_bare_records_all_read() {
        let rec = r#"{"id":"1","telephonySessionId":"s-a","result":"Accepted"}"#;
        assert_eq!(
            read(&format!(r#"{{"records":[{rec}],"paging":{{}}}}"#))
                .records
                .len(),
            1
        );
        let pages = format!(r#"[{{"records":[{rec}]}},{{"records":[{rec},{rec}]}}]"#);
        assert_eq!(read(&pages).records.len(), 3);
        assert_eq!(read(&format!("[{rec},{rec}]")).records.len(), 2);
        let two = format!("{{\"records\":[{rec}]}}\n{{\"records\":[{rec}]}}\n");
        let log = read(&two);
        assert_eq!((log.records.len(), log.records[1].line), (2, 2));
    }

    #[test]
    fn a_bad_field_names_its_line_column_and_path_and_spares_the_others() {
        let text = "{\"records\": [\n  {\"telephonySessionId\": \"s-a\"},\n  {\"telephonySessionId\": \"s-b\",\n   \"legs\": [{\"startTime\": 5}]}\n]}";
        let log = read(text);
        assert_eq!(log.records.len(), 1, "the good record is kept");
        let e = &log.errors[0];
        assert_eq!(e.field.as_deref(), Some("records[1].legs[0].startTime"));
        assert_eq!(e.line, 4);
        assert!(e.to_string().starts_with("log.json:4:"), "{e}");
    }

    #[test]
    fn broken_json_and_records_without_keys_are_errors_not_panics() {
        let log = read("{\"records\": [ {\"telephonySessionId\": \"s-a\"}, ");
        assert!(
            log.errors[0].message.starts_with("not valid JSON"),
            "{:?}",
            log.errors
        );
        let log = read(r#"{"records": [{"id": "7"}]}"#);
        assert!(
            log.errors[0]
                .message
                .contains("neither `telephonySessionId`")
        );
        assert!(!read("").errors.is_empty());
        assert!(!read(r#"{"records": 3}"#).errors.is_empty());
        assert!(!read(r#"{"uri": "x"}"#).errors.is_empty());
    }
}
