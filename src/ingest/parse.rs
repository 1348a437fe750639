//! Turns one JSON value of a capture into notifications, skips or rejections, written to a
//! [`Batch`]. Pure and thread-safe: chunks of a capture are read on all cores, then handed to the
//! store in order. The common line takes the fast reader (`fast`); anything else, and every
//! problem, is read here with the wire structs, which say what is wrong.

use super::fast;
use super::time::TimeReader;
use crate::model::notice::RawNotice;
use crate::model::wire::{Text, WireBody, WireEnvelope, WireFrameMeta};
use crate::store::{Batch, SourcePos};
use jiff::Timestamp;
use memchr::memmem::Finder;
use serde_json::value::RawValue;
use std::sync::LazyLock;

/// A worker's output and its scratch space.
pub struct Reader<'a> {
    pub batch: Batch,
    /// The fast reader's fields, reused from line to line.
    scratch: RawNotice<'a>,
    times: TimeReader,
}

impl<'a> Reader<'a> {
    pub fn new() -> Self {
        Self {
            batch: Batch::new(),
            scratch: RawNotice::default(),
            times: TimeReader::new(),
        }
    }
}

impl Default for Reader<'_> {
    fn default() -> Self {
        Self::new()
    }
}

/// Where a value sits in its source.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub line: u32,
    pub offset: u64,
}

/// White space as JSON has it: space, tab, line feed, carriage return (not form feed or vertical
/// tab, which Rust's `is_ascii_whitespace` includes).
pub fn json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Parses `text` (one JSON value, possibly surrounded by white space) found at `place`.
/// `at_eof` says the value is the last thing in the file, so a syntax error there is reported as
/// a line cut short.
pub fn parse_value<'a>(text: &'a [u8], place: Place, at_eof: bool, out: &mut Reader<'a>) {
    value_at(text, place, at_eof, out, 0);
}

/// How many arrays and push wrappers a notification may sit in (a file's array of WebSocket
/// frames is two). Deeper nesting is rejected as that value's error: each level costs a pass
/// over the text and a stack frame, so 50,000 nested arrays would otherwise abort the process.
const MAX_NESTING: u8 = 8;

fn too_deep() -> String {
    format!(
        "nested too deeply: more than {MAX_NESTING} arrays or push wrappers around a notification"
    )
}

fn value_at<'a>(text: &'a [u8], place: Place, at_eof: bool, out: &mut Reader<'a>, depth: u8) {
    if depth > MAX_NESTING {
        return out.batch.reject(place.line, too_deep());
    }
    let first = text.iter().copied().find(|&b| !json_space(b));
    match first {
        Some(b'{') => parse_object(text, place, at_eof, out, depth),
        Some(b'[') => parse_array(text, place, at_eof, out, depth),
        Some(_) => out.batch.reject(
            place.line,
            "not a notification: expected a JSON object or array".into(),
        ),
        None => {}
    }
}

fn json_error(err: &serde_json::Error, at_eof: bool) -> String {
    if err.is_eof() && at_eof {
        return "cut short: the file ends in the middle of this notification".into();
    }
    let what = match err.classify() {
        serde_json::error::Category::Data => "wrong type for a field",
        serde_json::error::Category::Eof => "incomplete JSON",
        _ => "not valid JSON",
    };
    // serde's message ends with " at line L column C"; keep the column, drop the line (ours is
    // the file's).
    let msg = err.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
    format!("{what}: {msg} (column {})", err.column())
}

/// serde's message in plain words, with the column: "expected i64" becomes "expected a whole
/// number".
fn plain_message(err: &serde_json::Error) -> String {
    let msg = err.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg);
    let msg = msg.replace("expected i64", "expected a whole number");
    format!("{msg} (column {})", err.column())
}

/// Which field had the wrong type (`body.parties[0].status.code`), found by parsing again with
/// the path tracked; only done for rejected input.
fn field_path(text: &[u8]) -> Option<String> {
    let mut de = serde_json::Deserializer::from_slice(text);
    match serde_path_to_error::deserialize::<_, WireEnvelope>(&mut de) {
        Err(e) if e.inner().classify() == serde_json::error::Category::Data => {
            Some(e.path().to_string())
        }
        _ => None,
    }
}

/// Locates `inner`, a sub-slice of `outer`, in the source.
pub fn locate(outer: &[u8], inner: &[u8], place: Place) -> Place {
    let start = (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize);
    let start = start.min(outer.len());
    let newlines = memchr::memchr_iter(b'\n', &outer[..start]).count();
    Place {
        line: place.line + newlines as u32,
        offset: place.offset + start as u64,
    }
}

fn parse_array<'a>(text: &'a [u8], place: Place, at_eof: bool, out: &mut Reader<'a>, depth: u8) {
    let items: Vec<&'a RawValue> = match serde_json::from_slice(text) {
        Ok(items) => items,
        Err(e) => return out.batch.reject(place.line, json_error(&e, at_eof)),
    };
    // A WebSocket frame is `[meta, payload]` where meta has a `type`.
    if items.len() == 2
        && let Ok(meta) = serde_json::from_str::<WireFrameMeta>(items[0].get())
    {
        if meta.kind.eq_ignore_ascii_case("ServerNotification") {
            let payload = items[1].get().as_bytes();
            value_at(payload, locate(text, payload, place), false, out, depth + 1);
        } else {
            out.batch.skip_frame(meta.kind.0.into_owned());
        }
        return;
    }
    for item in items {
        let bytes = item.get().as_bytes();
        value_at(bytes, locate(text, bytes, place), false, out, depth + 1);
    }
}

/// Only what is needed to classify an object that did not parse as a notification.
#[derive(serde::Deserialize)]
struct Probe<'a> {
    #[serde(borrow, default)]
    event: Option<Text<'a>>,
    #[serde(borrow, default)]
    body: Option<&'a RawValue>,
}

fn parse_object<'a>(text: &'a [u8], place: Place, at_eof: bool, out: &mut Reader<'a>, depth: u8) {
    if fast::read(text, &mut out.scratch) {
        let raw = &out.scratch;
        return match raw.event {
            Some(path) if !is_telephony(path) => out.batch.skip(kind_of_path(path)),
            _ => add(raw, text, place, &mut out.times, &mut out.batch),
        };
    }
    let reject = |out: &mut Reader<'a>, error: String| out.batch.reject(place.line, error);
    // One pass for the common case; a failure is looked at again to say what it was.
    let env: WireEnvelope<'a> = match serde_json::from_slice(text) {
        Ok(env) => env,
        Err(e) => {
            return match serde_json::from_slice::<Probe>(text) {
                Ok(Probe {
                    event: Some(path), ..
                }) if !is_telephony(&path) => out.batch.skip(kind_of_path(&path)),
                _ if e.classify() == serde_json::error::Category::Data => match field_path(text) {
                    Some(field) => reject(
                        out,
                        format!("wrong type for `{field}`: {}", plain_message(&e)),
                    ),
                    None => reject(out, json_error(&e, at_eof)),
                },
                Ok(Probe { body: Some(_), .. }) => {
                    reject(out, format!("in `body`: {}", json_error(&e, false)))
                }
                _ => reject(out, json_error(&e, at_eof)),
            };
        }
    };
    if let Some(inner) = env.pn_apns {
        // Mobile push: the envelope sits inside `pn_apns`.
        let bytes = inner.get().as_bytes();
        if depth >= MAX_NESTING {
            return reject(out, too_deep());
        }
        return parse_object(bytes, locate(text, bytes, place), false, out, depth + 1);
    }
    if let Some(path) = env.event.as_deref()
        && !is_telephony(path)
    {
        return out.batch.skip(kind_of_path(path));
    }
    let bare;
    let body = match &env.body {
        Some(body) => body,
        None if env.telephony_session_id.is_some() => {
            // A bare body without its envelope.
            match serde_json::from_slice::<WireBody<'a>>(text) {
                Ok(b) => {
                    bare = b;
                    &bare
                }
                Err(e) => return reject(out, json_error(&e, at_eof)),
            }
        }
        None if env.parties.is_some() || env.status.is_some() => {
            return out.batch.skip("REST API response");
        }
        None => {
            return reject(
                out,
                "not a notification: it has no `body` (and is not a bare body either)".into(),
            );
        }
    };
    let raw = RawNotice::from_wire(&env, body);
    add(&raw, text, place, &mut out.times, &mut out.batch);
}

/// Adds a telephony session notification read from `text` (either reader's): checked, then kept,
/// skipped for having no parties, or rejected.
fn add(raw: &RawNotice, text: &[u8], place: Place, times: &mut TimeReader, batch: &mut Batch) {
    match check(raw, times) {
        Ok(Some(at)) => batch.notice(raw, spot(text, place), at),
        Ok(None) => batch.skip("no parties"),
        Err(e) => batch.reject(place.line, e),
    }
}

/// Whether an event filter is a telephony session one (a prepared search: this runs for every
/// notification).
fn is_telephony(path: &str) -> bool {
    static FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("/telephony/sessions"));
    FINDER.find(path.as_bytes()).is_some()
}

fn kind_of_path(path: &str) -> &'static str {
    if path.contains("/presence") {
        "presence"
    } else if path.contains("/message-store") {
        "message-store"
    } else {
        "other notification"
    }
}

/// Where a notification is: its line, first byte and length without trailing white space.
fn spot(text: &[u8], place: Place) -> SourcePos {
    let trimmed_len = text.len() - text.iter().rev().take_while(|&&b| json_space(b)).count();
    SourcePos {
        line: place.line,
        offset: place.offset,
        len: u32::try_from(trimmed_len).unwrap_or(u32::MAX),
    }
}

/// What makes a body a telephony session event the engine can use: a session, a time, parties
/// with a status code (an `id` is not needed, see [`crate::store::Batch`]). `Ok(None)` for an event without parties (skipped, not wrong);
/// otherwise when it happened. A `timestamp` must be a time too.
fn check(raw: &RawNotice, times: &mut TimeReader) -> Result<Option<Timestamp>, String> {
    let mut parse_time = |field: &str, raw: &str| {
        times
            .parse(raw)
            .ok_or_else(|| format!("`{field}` is not a valid time: {raw:?}"))
    };
    if raw.telephony_session_id.is_none_or(str::is_empty) {
        return Err("`body` has no `telephonySessionId`".into());
    }
    let sent = match raw.timestamp {
        Some(t) => Some(parse_time("timestamp", t)?),
        None => None,
    };
    let at = match raw.event_time {
        Some(t) => parse_time("eventTime", t)?,
        None => sent.ok_or("neither `eventTime` nor `timestamp` says when this happened")?,
    };
    if raw.parties.is_empty() {
        return Ok(None);
    }
    // A party without `id` (RingCentral's own call-time metrics example has them) is kept:
    // the batch keys it by what identifies it in its session and counts it as a warning.
    for p in &raw.parties {
        if p.code.is_none() {
            return Err("a party has no `status.code`".into());
        }
    }
    Ok(Some(at))
}
