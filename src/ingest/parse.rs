//! Turns one JSON value of a capture into notifications, skips or rejections. Pure and
//! thread-safe: chunks of a capture are parsed on all cores, then handed to the store in order.

use crate::model::wire::{Text, WireBody, WireEnvelope, WireFrameMeta, WireParty};
use jiff::Timestamp;
use serde_json::value::RawValue;

/// A telephony session notification, checked and ready to be interned by the store.
#[derive(Debug)]
pub struct Notice<'a> {
    pub line: u32,
    pub offset: u64,
    pub len: u32,
    pub uuid: Option<Text<'a>>,
    pub subscription: Option<Text<'a>>,
    pub event_path: Option<Text<'a>>,
    pub sent: Option<Timestamp>,
    pub at: Timestamp,
    pub sequence: Option<i64>,
    pub session: Text<'a>,
    pub legacy_session: Option<Text<'a>>,
    pub origin: Option<Text<'a>>,
    pub parties: Vec<WireParty<'a>>,
}

/// What one value (or one element of it) turned out to be.
#[derive(Debug)]
pub enum Outcome<'a> {
    Notice(Box<Notice<'a>>),
    Skip(&'static str),
    /// Frames are skipped by their own type name, which is open.
    SkipFrame(String),
    Reject {
        line: u32,
        error: String,
    },
}

/// Where a value sits in its source.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub line: u32,
    pub offset: u64,
}

/// Parses `text` (one JSON value, possibly surrounded by white space) found at `place`.
/// `at_eof` says the value is the last thing in the file, so a syntax error there is reported as
/// a line cut short.
pub fn parse_value<'a>(text: &'a [u8], place: Place, at_eof: bool, out: &mut Vec<Outcome<'a>>) {
    let first = text.iter().copied().find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'{') => parse_object(text, place, at_eof, out),
        Some(b'[') => parse_array(text, place, at_eof, out),
        Some(_) => out.push(Outcome::Reject {
            line: place.line,
            error: "not a notification: expected a JSON object or array".into(),
        }),
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

fn parse_array<'a>(text: &'a [u8], place: Place, at_eof: bool, out: &mut Vec<Outcome<'a>>) {
    let items: Vec<&'a RawValue> = match serde_json::from_slice(text) {
        Ok(items) => items,
        Err(e) => {
            out.push(Outcome::Reject {
                line: place.line,
                error: json_error(&e, at_eof),
            });
            return;
        }
    };
    // A WebSocket frame is `[meta, payload]` where meta has a `type`.
    if items.len() == 2
        && let Ok(meta) = serde_json::from_str::<WireFrameMeta>(items[0].get())
    {
        if meta.kind.eq_ignore_ascii_case("ServerNotification") {
            let payload = items[1].get().as_bytes();
            parse_value(payload, locate(text, payload, place), false, out);
        } else {
            out.push(Outcome::SkipFrame(meta.kind.0.into_owned()));
        }
        return;
    }
    for item in items {
        let bytes = item.get().as_bytes();
        parse_value(bytes, locate(text, bytes, place), false, out);
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

fn parse_object<'a>(text: &'a [u8], place: Place, at_eof: bool, out: &mut Vec<Outcome<'a>>) {
    let reject = |error: String| Outcome::Reject {
        line: place.line,
        error,
    };
    // One pass for the common case; a failure is looked at again to say what it was.
    let env: WireEnvelope<'a> = match serde_json::from_slice(text) {
        Ok(env) => env,
        Err(e) => {
            let outcome = match serde_json::from_slice::<Probe>(text) {
                Ok(Probe {
                    event: Some(path), ..
                }) if !path.contains("/telephony/sessions") => Outcome::Skip(kind_of_path(&path)),
                _ if e.classify() == serde_json::error::Category::Data => match field_path(text) {
                    Some(field) => {
                        reject(format!("wrong type for `{field}`: {}", plain_message(&e)))
                    }
                    None => reject(json_error(&e, at_eof)),
                },
                Ok(Probe { body: Some(_), .. }) => {
                    reject(format!("in `body`: {}", json_error(&e, false)))
                }
                _ => reject(json_error(&e, at_eof)),
            };
            return out.push(outcome);
        }
    };
    if let Some(inner) = env.pn_apns {
        // Mobile push: the envelope sits inside `pn_apns`.
        let bytes = inner.get().as_bytes();
        return parse_object(bytes, locate(text, bytes, place), false, out);
    }
    if let Some(path) = env.event.as_deref()
        && !path.contains("/telephony/sessions")
    {
        return out.push(Outcome::Skip(kind_of_path(path)));
    }
    let body = match env.body {
        Some(_) => None,
        None if env.telephony_session_id.is_some() => {
            // A bare body without its envelope.
            match serde_json::from_slice::<WireBody<'a>>(text) {
                Ok(b) => Some(b),
                Err(e) => return out.push(reject(json_error(&e, at_eof))),
            }
        }
        None if env.parties.is_some() || env.status.is_some() => {
            return out.push(Outcome::Skip("REST API response"));
        }
        None => {
            return out.push(reject(
                "not a notification: it has no `body` (and is not a bare body either)".into(),
            ));
        }
    };
    match notice(env, body, text, place) {
        Ok(n) => out.push(n),
        Err(e) => out.push(reject(e)),
    }
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

fn parse_time(field: &str, raw: &str) -> Result<Timestamp, String> {
    raw.parse::<Timestamp>()
        .map_err(|_| format!("`{field}` is not a valid time: {raw:?}"))
}

fn notice<'a>(
    mut env: WireEnvelope<'a>,
    bare: Option<WireBody<'a>>,
    text: &'a [u8],
    place: Place,
) -> Result<Outcome<'a>, String> {
    let Some(body) = bare.or_else(|| env.body.take()) else {
        return Err("not a notification: it has no `body`".into());
    };
    let Some(session) = body.telephony_session_id.filter(|s| !s.is_empty()) else {
        return Err("`body` has no `telephonySessionId`".into());
    };
    let sent = match env.timestamp.as_deref() {
        Some(t) => Some(parse_time("timestamp", t)?),
        None => None,
    };
    let at = match body.event_time.as_deref() {
        Some(t) => parse_time("eventTime", t)?,
        None => sent.ok_or("neither `eventTime` nor `timestamp` says when this happened")?,
    };
    let parties = body.parties.unwrap_or_default();
    if parties.is_empty() {
        return Ok(Outcome::Skip("no parties"));
    }
    for p in &parties {
        if p.id.as_deref().is_none_or(str::is_empty) {
            return Err("a party has no `id`".into());
        }
        if p.status.as_ref().and_then(|s| s.code.as_deref()).is_none() {
            return Err("a party has no `status.code`".into());
        }
    }
    let trimmed_len = text.len()
        - text
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    Ok(Outcome::Notice(Box::new(Notice {
        line: place.line,
        offset: place.offset,
        len: u32::try_from(trimmed_len).unwrap_or(u32::MAX),
        uuid: env.uuid,
        subscription: env.subscription_id,
        event_path: env.event,
        sent,
        at,
        sequence: body.sequence,
        session,
        legacy_session: body.session_id,
        origin: body.origin.and_then(|o| o.kind),
        parties,
    })))
}
