//! Making anchors from what a person points at (a call, a session, a party, an event, a moment)
//! and reading the times people type (`--at 14:03:40`, `+1:05`, RFC 3339). Resolving anchors
//! back to the graph is in `resolve`.

use super::Anchor;
use crate::calls::json::time_text;
use crate::calls::{Call, CallSet};
use crate::ingest::raw_text;
use crate::store::{EventId, Store, uuid_key};
use jiff::{SignedDuration, Timestamp};
use petgraph::graph::NodeIndex;
use serde::{Deserialize, Serialize};

/// What kind of thing a note is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorKind {
    Call,
    Session,
    Party,
    Event,
    Moment,
}

impl AnchorKind {
    pub fn name(self) -> &'static str {
        match self {
            AnchorKind::Call => "call",
            AnchorKind::Session => "session",
            AnchorKind::Party => "party",
            AnchorKind::Event => "event",
            AnchorKind::Moment => "moment",
        }
    }
}

impl Anchor {
    fn new(on: AnchorKind, session: &str) -> Self {
        Anchor {
            on,
            telephony_session_id: session.to_owned(),
            party_id: None,
            sequence: None,
            uuid: None,
            at: None,
        }
    }

    /// The whole call (anchored by its first session).
    pub fn call(store: &Store, call: &Call) -> Self {
        Self::new(AnchorKind::Call, store.text(call.id))
    }

    /// A session node.
    pub fn session(store: &Store, set: &CallSet, session: NodeIndex) -> Option<Self> {
        let s = set.session(session)?;
        Some(Self::new(AnchorKind::Session, store.text(s.id)))
    }

    /// A party node.
    pub fn party(store: &Store, set: &CallSet, party: NodeIndex) -> Option<Self> {
        let p = set.party(party)?;
        let mut a = Self::new(AnchorKind::Party, store.text(p.session_id));
        a.party_id = Some(store.text(p.id).to_owned());
        Some(a)
    }

    /// One event: its session, party, sequence, time and (read back from the capture) uuid.
    pub fn event(store: &Store, id: EventId) -> Self {
        let e = store.event(id);
        let mut a = Self::new(AnchorKind::Event, store.text(e.session));
        a.party_id = Some(store.text(e.party.id).to_owned());
        a.sequence = e.sequence();
        // Only if the capture still says what the store read (the file may have changed).
        a.uuid = uuid_of(store, id).filter(|u| e.uuid.is_some() && uuid_key(u) == e.uuid);
        a.at = Some(time_text(e.at));
        a
    }

    /// A moment of a session (on a party's lane when `party` is given).
    pub fn moment(
        store: &Store,
        set: &CallSet,
        session: NodeIndex,
        party: Option<NodeIndex>,
        at: Timestamp,
    ) -> Option<Self> {
        let s = set.session(session)?;
        let mut a = Self::new(AnchorKind::Moment, store.text(s.id));
        a.party_id = party
            .and_then(|p| set.party(p))
            .map(|p| store.text(p.id).to_owned());
        a.at = Some(time_text(at));
        Some(a)
    }

    /// The anchor's time, when it has one that parses.
    pub fn time(&self) -> Option<Timestamp> {
        self.at.as_deref().and_then(|t| t.parse().ok())
    }
}

/// The `uuid` of the notification behind an event, read from the capture's text (the store keeps
/// only a key of it). `None` when the text is not at hand or has no uuid.
fn uuid_of(store: &Store, id: EventId) -> Option<String> {
    let text = raw_text(store, id).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    let object = match &value {
        // A WebSocket frame: `[meta, payload]`.
        serde_json::Value::Array(items) => items.get(1)?,
        v => v,
    };
    object.get("uuid")?.as_str().map(str::to_owned)
}

/// Reads a time typed by a person, relative to a call that started at `start`:
/// RFC 3339 (`2026-05-28T20:26:42.044Z`), a UTC time of day on the call's first day
/// (`20:26:42`, `20:26:42.044`), or an offset from the start (`+42`, `+1:05`, `+1:05.5`).
pub fn parse_at(text: &str, start: Timestamp) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Some(offset) = text.strip_prefix('+') {
        let ms = clock_ms(offset).ok_or_else(|| bad_time(text))?;
        return start
            .checked_add(SignedDuration::from_millis(ms))
            .map_err(|e| e.to_string());
    }
    if let Ok(t) = text.parse::<Timestamp>() {
        return Ok(t);
    }
    // A time of day: `20:30` or `20:30:15.250`, hours under 24.
    let day_ms = 86_400_000;
    let of_day = clock_ms(text).filter(|ms| text.contains(':') && *ms < day_ms);
    let of_day = match text.matches(':').count() {
        // `20:30` is hours and minutes, not minutes and seconds.
        1 => of_day.map(|ms| ms * 60),
        _ => of_day,
    }
    .filter(|ms| *ms < day_ms)
    .ok_or_else(|| bad_time(text))?;
    let midnight_ms = start.as_millisecond() - start.as_millisecond().rem_euclid(day_ms);
    let mut at = midnight_ms + of_day;
    // A call that started late in the evening: an early time is on the next day.
    if at < start.as_millisecond() - day_ms / 2 {
        at += day_ms;
    }
    Timestamp::from_millisecond(at).map_err(|e| e.to_string())
}

fn bad_time(text: &str) -> String {
    format!(
        "cannot read the time {text:?}: write it as 20:26:42 or 20:26 (UTC, the call's day), +1:05 \
         (since the call started) or 2026-05-28T20:26:42Z"
    )
}

/// `[[h:]m:]s[.fff]` as milliseconds (minutes and seconds under 60 after a colon).
fn clock_ms(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.split(':').collect();
    let (last, whole) = parts.split_last()?;
    if whole.len() > 2 {
        return None;
    }
    let secs: f64 = last
        .parse()
        .ok()
        .filter(|s: &f64| s.is_finite() && *s >= 0.0 && (whole.is_empty() || *s < 60.0))?;
    let mut minutes = 0i64;
    for (i, p) in whole.iter().enumerate() {
        let n: i64 = p.parse().ok().filter(|n| *n >= 0)?;
        if i > 0 && n >= 60 {
            return None;
        }
        minutes = minutes.checked_mul(60)?.checked_add(n)?;
    }
    let ms = (secs * 1000.0).round();
    if ms > 1e15 {
        return None;
    }
    minutes.checked_mul(60_000)?.checked_add(ms as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> Timestamp {
        "2026-05-28T20:26:41.840Z".parse().expect("time")
    }

    #[test]
    fn times_people_type() {
        let at = |s| parse_at(s, start()).map(time_text);
        assert_eq!(at("+42").as_deref(), Ok("2026-05-28T20:27:23.840Z"));
        assert_eq!(at("+1:05.5").as_deref(), Ok("2026-05-28T20:27:47.340Z"));
        assert_eq!(at("20:30:00").as_deref(), Ok("2026-05-28T20:30:00.000Z"));
        assert_eq!(
            at("20:30:00.250").as_deref(),
            Ok("2026-05-28T20:30:00.250Z")
        );
        assert_eq!(
            at("2026-05-28T21:00:00Z").as_deref(),
            Ok("2026-05-28T21:00:00.000Z")
        );
        assert_eq!(at("20:30").as_deref(), Ok("2026-05-28T20:30:00.000Z"));
        for bad in ["", "soon", "25:00:00", "24:00", "+1:75", "+-3", "1:2:3:4"] {
            assert!(at(bad).is_err(), "{bad:?} should not parse");
        }
    }
}
