//! A flat call log (`calls --csv`): one row per call, or with `--legs` one row per party, with
//! columns named like RingCentral's Call Log API fields where one exists. Every value comes from
//! the call's JSON form ([`crate::calls::json::CallJson`]), so the CSV never says what
//! `calls --json` does not. The csv crate does the quoting (commas, quotes, line breaks).
//!
//! Cells hold text from the capture, which is untrusted: characters that would act on a terminal
//! (escape sequences, bidirectional overrides) are written escaped (`\u{1b}`), and a cell that a
//! spreadsheet would run as a formula (starting `=`, `@`, or `+`/`-` followed by anything but a
//! phone number's digits) is prefixed with `'`.

use crate::calls::json::{CallJson, PartyJson, call_json};
use crate::calls::{Call, CallSet};
use crate::store::Store;
use std::borrow::Cow;
use std::io::Write;

/// The columns of a call row, in order (documented in the README).
pub const CALL_COLUMNS: [&str; 17] = [
    "id",
    "telephonySessionId",
    "startTime",
    "endTime",
    "duration",
    "lengthKnown",
    "direction",
    "from",
    "to",
    "answeredBy",
    "result",
    "answerEvidence",
    "legType",
    "badges",
    "sequenceGaps",
    "view",
    "summary",
];

/// The columns of a leg row (`--legs`), in order.
pub const LEG_COLUMNS: [&str; 15] = [
    "callId",
    "telephonySessionId",
    "sessionId",
    "partyId",
    "direction",
    "name",
    "phoneNumber",
    "extensionId",
    "label",
    "startTime",
    "endTime",
    "duration",
    "result",
    "reason",
    "seen",
];

/// Writes `calls` as CSV rows (a header first), one per call or, with `legs`, one per party.
pub fn write_csv(
    out: impl Write,
    store: &Store,
    set: &CallSet,
    calls: &[&Call],
    legs: bool,
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let header: &[&str] = if legs { &LEG_COLUMNS } else { &CALL_COLUMNS };
    w.write_record(header)?;
    for call in calls {
        let json = call_json(store, set, call);
        if legs {
            for row in leg_rows(&json) {
                w.write_record(row.iter().map(|c| cell(c).into_owned()))?;
            }
        } else {
            w.write_record(call_row(&json).iter().map(|c| cell(c).into_owned()))?;
        }
    }
    w.flush()
}

/// A call's row, as [`CALL_COLUMNS`] names them.
fn call_row(c: &CallJson<'_>) -> Vec<String> {
    let sessions: Vec<&str> = c
        .sessions
        .iter()
        .map(|s| s.telephony_session_id.as_ref())
        .collect();
    // The account's side: a call placed by a party with an extension is outbound.
    let caller_on_account = c
        .parties
        .iter()
        .find(|p| p.label == c.caller)
        .is_some_and(|p| p.extension_id.is_some());
    let direction = if caller_on_account {
        "Outbound"
    } else {
        "Inbound"
    };
    let voicemail = c.badges.contains(&"voicemail");
    let result = match c.answer_evidence.kind {
        "observed" | "inferred" => "Accepted",
        "not_answered" if voicemail => "Voicemail",
        "not_answered" => "Missed",
        _ => "Unknown",
    };
    // Each hand-over kind once, in the order of the links.
    let mut kinds: Vec<&str> = Vec::new();
    for link in &c.links {
        if !kinds.contains(&link.kind.as_ref()) {
            kinds.push(link.kind.as_ref());
        }
    }
    vec![
        c.id.to_string(),
        sessions.join(" "),
        c.start.as_str().to_owned(),
        c.end.as_str().to_owned(),
        (c.duration_ms / 1000).to_string(),
        c.length_known.to_string(),
        direction.to_owned(),
        c.caller.to_string(),
        c.path
            .first()
            .map(|h| h.label.to_string())
            .unwrap_or_default(),
        c.answered.as_deref().unwrap_or("").to_owned(),
        result.to_owned(),
        c.answer_evidence.kind.to_owned(),
        kinds.join(" "),
        c.badges.join(" "),
        c.sequence_gaps.to_string(),
        c.view.scope.to_owned(),
        c.summary.to_string(),
    ]
}

/// One row per party of a call, as [`LEG_COLUMNS`] names them.
fn leg_rows<'j>(c: &'j CallJson<'_>) -> impl Iterator<Item = Vec<String>> + 'j {
    let session_id = |p: &PartyJson<'_>| {
        c.sessions
            .iter()
            .find(|s| s.telephony_session_id == p.session)
            .and_then(|s| s.session_id.as_deref())
            .unwrap_or("")
            .to_owned()
    };
    c.parties.iter().map(move |p| {
        let first = p.states.first();
        let last = p.states.last();
        let at = |s: Option<&crate::calls::json::StateJson<'_>>| {
            s.map(|s| s.at.as_str().to_owned()).unwrap_or_default()
        };
        let duration = match (first, last) {
            (Some(a), Some(b)) => seconds_between(a.at.as_str(), b.at.as_str()),
            _ => String::new(),
        };
        vec![
            c.id.to_string(),
            p.session.to_string(),
            session_id(p),
            p.party.to_string(),
            p.direction.unwrap_or("").to_owned(),
            p.name.as_deref().unwrap_or("").to_owned(),
            p.number.as_deref().unwrap_or("").to_owned(),
            p.extension_id.as_deref().unwrap_or("").to_owned(),
            p.label.to_string(),
            at(first),
            at(last),
            duration,
            last.map(|s| s.code.to_string()).unwrap_or_default(),
            last.and_then(|s| s.reason.as_deref())
                .unwrap_or("")
                .to_owned(),
            p.seen.to_string(),
        ]
    })
}

/// Whole seconds from `a` to `b` (RFC 3339 times), empty when either does not read.
fn seconds_between(a: &str, b: &str) -> String {
    match (a.parse::<jiff::Timestamp>(), b.parse::<jiff::Timestamp>()) {
        (Ok(a), Ok(b)) => ((b.as_millisecond() - a.as_millisecond()) / 1000).to_string(),
        _ => String::new(),
    }
}

/// Whether a spreadsheet would take `text` for a formula: `=`, `@` at the start, or `+`/`-`
/// followed by anything but what a phone number is made of (`+1 650-555-0100` stays as it is).
fn formula(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b'=' | b'@') => true,
        Some(b'+' | b'-') => !text[1..]
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'(' | b')' | b'.')),
        _ => false,
    }
}

/// A cell's text, made safe for a terminal and a spreadsheet.
fn cell(text: &str) -> Cow<'_, str> {
    // A line break is kept: the csv crate quotes it.
    let mut out = crate::model::printable::escape_acting(text, true);
    if formula(&out) {
        out = Cow::Owned(format!("'{out}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_safe_for_terminals_and_spreadsheets() {
        assert_eq!(cell("Alice Park"), "Alice Park");
        assert_eq!(cell("+1 650-555-0100"), "+1 650-555-0100");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("red\u{1b}[31m"), "red\\u{1b}[31m");
        assert_eq!(cell("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(cell("two\nlines"), "two\nlines");
        // An escape sequence cannot hide a formula behind it.
        assert_eq!(cell("\u{1b}=1"), "\\u{1b}=1");
    }

    #[test]
    fn whole_seconds_between_times() {
        assert_eq!(
            seconds_between("2026-01-01T10:00:00.000Z", "2026-01-01T10:01:05.900Z"),
            "65"
        );
        assert_eq!(seconds_between("x", "2026-01-01T10:00:00.000Z"), "");
    }
}
