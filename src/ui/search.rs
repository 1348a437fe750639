//! The call list's rows and search index, built once per store generation from the call set:
//! what each row shows, plus a lowercased haystack per call (labels, numbers, extension ids,
//! session ids, party ids, codes, reasons). View state, not engine knowledge.

use crate::calls::{Call, CallSet};
use crate::store::Store;
use std::fmt::Write as _;

/// What one row of the call list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRow {
    /// Wall-clock start, `2024-05-01 14:03:05`.
    pub start: String,
    pub duration: String,
    pub caller: String,
    /// Who answered the caller first, if anyone did.
    pub answered: Option<String>,
    /// The engine's answer in a few words: who (marked when inferred), "not answered", or why it
    /// is not seen.
    pub answer: String,
    /// The engine's note when only part of the call is in the capture ("partial: Liam Chen's view").
    pub view: Option<String>,
    /// The engine's one-line summary of the call.
    pub summary: String,
    pub sessions: usize,
    pub parties: usize,
    /// Short badge names, e.g. `transfer`.
    pub badges: Vec<&'static str>,
    /// Delivery noise inside the call (gaps, duplicates, late events).
    pub warnings: bool,
    /// Lowercased text the search box matches against.
    pub haystack: String,
}

impl CallRow {
    /// What hovering the row says: who, when, how long, how many sessions, its badges.
    pub fn hover(&self) -> String {
        let who = &self.summary;
        let mut out = format!(
            "{who}\n{} UTC · {} · {} session{} · {} part{}",
            self.start,
            self.duration,
            self.sessions,
            if self.sessions == 1 { "" } else { "s" },
            self.parties,
            if self.parties == 1 { "y" } else { "ies" },
        );
        if !self.badges.is_empty() {
            out.push('\n');
            out.push_str(&self.badges.join(" · "));
        }
        out
    }

    /// The row's accessible label.
    pub fn label(&self) -> String {
        let view = self
            .view
            .as_deref()
            .map(|v| format!(" ({v})"))
            .unwrap_or_default();
        match &self.answered {
            Some(_) => format!(
                "Call from {} answered by {} at {}{view}",
                self.caller, self.answer, self.start
            ),
            None => format!(
                "Call from {} at {}, {}{view}",
                self.caller, self.start, self.answer
            ),
        }
    }
}

pub fn duration_text(ms: i64) -> String {
    let secs = (ms.max(0) + 500) / 1000;
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

fn badges(call: &Call, warnings: bool) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = call.badges.names().collect();
    if warnings {
        out.push("warnings");
    }
    out
}

/// Builds one row per call.
pub fn rows(store: &Store, set: &CallSet) -> Vec<CallRow> {
    set.calls.iter().map(|c| row(store, set, c)).collect()
}

fn row(store: &Store, set: &CallSet, call: &Call) -> CallRow {
    let mut hay = String::new();
    let mut warnings = call.sequence_gaps > 0;
    let answered = call
        .answered
        .and_then(|p| set.party(p))
        .map(|p| p.identity.label.clone());
    for &p in &call.parties {
        let Some(party) = set.party(p) else { continue };
        let id = &party.identity;
        let _ = write!(hay, "{} {} ", id.label, store.text(party.id));
        for part in [id.name, id.number, id.extension_id].into_iter().flatten() {
            hay.push_str(store.text(part));
            hay.push(' ');
        }
        for s in &party.states {
            hay.push_str(store.text(s.code_raw));
            hay.push(' ');
            if let Some(r) = store.opt_text(s.reason) {
                hay.push_str(r);
                hay.push(' ');
            }
        }
        for &e in &party.events {
            let ev = store.event(e);
            let d = ev.delivery;
            warnings |= d.late || d.replays > 0 || d.double_deliveries > 0;
            for end in [&ev.party.from, &ev.party.to] {
                for sym in [end.number, end.name, end.extension].into_iter().flatten() {
                    hay.push_str(store.text(sym));
                    hay.push(' ');
                }
            }
        }
    }
    for &s in &call.sessions {
        if let Some(session) = set.session(s) {
            hay.push_str(store.text(session.id));
            hay.push(' ');
        }
    }
    let start = call.start.strftime("%Y-%m-%d %H:%M:%S").to_string();
    CallRow {
        start,
        duration: duration_text(call.end.as_millisecond() - call.start.as_millisecond()),
        caller: call.caller_label.clone(),
        answer: call.answer.short(answered.as_deref()),
        view: crate::calls::view_short(store, set, call),
        answered,
        summary: call.summary.clone(),
        sessions: call.sessions.len(),
        parties: call.parties.len(),
        badges: badges(call, warnings),
        warnings,
        haystack: hay.to_lowercase(),
    }
}

/// Indices of the rows matching `query` (all words must match; digits also match numbers written
/// with separators, so `404809` finds `+1 404-809-6345`).
pub fn filter(rows: &[CallRow], query: &str) -> Vec<usize> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return (0..rows.len()).collect();
    }
    rows.iter()
        .enumerate()
        .filter(|(_, r)| words.iter().all(|w| r.haystack.contains(w.as_str())))
        .map(|(i, _)| i)
        .collect()
}
