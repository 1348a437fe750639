//! The stable JSON form of calls (`calls --json`), documented in the README. Field order is fixed
//! by the structs and every list is sorted, so the same capture gives byte-identical output.
//! Strings borrow from the store and the call set (`into_owned` makes a copy that does not).

use super::{Call, CallSet};
use crate::ingest::Diagnostics;
use crate::store::Store;
use jiff::Timestamp;
use serde::Serialize;
use std::borrow::Cow;

pub use super::json_edges::{AnswerJson, GapJson, UnseenJson, ViewJson};
pub use super::time_text::TimeText;

/// RFC 3339 with milliseconds, `Z`.
pub fn time_text(t: Timestamp) -> String {
    TimeText::new(t).as_str().to_owned()
}

pub(super) type Text<'a> = Cow<'a, str>;

pub(super) fn owned(t: Text<'_>) -> Text<'static> {
    Cow::Owned(t.into_owned())
}

pub(super) fn owned_opt(t: Option<Text<'_>>) -> Option<Text<'static>> {
    t.map(owned)
}

#[derive(Debug, Serialize)]
pub struct CallsJson<'a> {
    pub calls: Vec<CallJson<'a>>,
    pub diagnostics: Diagnostics,
}

#[derive(Debug, Serialize)]
pub struct CallJson<'a> {
    pub id: Text<'a>,
    pub start: TimeText,
    pub end: TimeText,
    pub duration_ms: i64,
    /// The whole call in one line (`calls::summary`).
    pub summary: Text<'a>,
    pub caller: Text<'a>,
    /// Label of the first stop of the path that answered; null when nobody did.
    pub answered: Option<Text<'a>>,
    pub path: Vec<HopJson<'a>>,
    /// Who rang as one of a fan-out (queue, ring group, shared line, picked up elsewhere).
    pub rang: Vec<RangJson<'a>>,
    pub badges: Vec<&'static str>,
    pub sequence_gaps: u64,
    pub sessions: Vec<SessionJson<'a>>,
    pub parties: Vec<PartyJson<'a>>,
    pub links: Vec<LinkJson<'a>>,
    /// Whether `answered` was seen, inferred from later states, known not to have happened, or
    /// is not in the capture (see the README).
    pub answer_evidence: AnswerJson,
    /// The call's start and end are in the capture (otherwise `duration_ms` is only what the
    /// capture covers).
    pub length_known: bool,
    pub view: ViewJson<'a>,
    /// Sequence numbers missing inside the call's sessions, where they fall.
    pub gaps: Vec<GapJson<'a>>,
    /// Participants named by `from`/`to` or a `peerId` whose own legs are not in the capture.
    pub unseen: Vec<UnseenJson<'a>>,
    /// Who was connected to whom, from when to when ([`super::connections`]).
    pub connections: Vec<ConnectionJson<'a>>,
    /// Recordings of the parties' legs ([`super::recordings`]).
    pub recordings: Vec<RecordingJson<'a>>,
}

/// A recording of a party's leg; `party` is an index into the call's `parties`.
#[derive(Debug, Clone, Serialize)]
pub struct RecordingJson<'a> {
    pub party: u32,
    pub id: Text<'a>,
    pub start: TimeText,
    pub end: TimeText,
    pub open_end: bool,
    pub paused: Vec<PauseJson>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct PauseJson {
    pub start: TimeText,
    pub end: TimeText,
}

/// A conversation segment; parties are indexes into the call's `parties` (null: a far end not in
/// the capture, named by `far_end`), each with its role. Times are milliseconds since the call's
/// `start`.
#[derive(Debug, Serialize)]
pub struct ConnectionJson<'a> {
    pub kind: &'static str,
    pub start_ms: i64,
    pub end_ms: i64,
    pub evidence: &'static str,
    /// The capture ends while it lasts.
    pub open_end: bool,
    pub parties: Vec<Option<u32>>,
    pub roles: Vec<&'static str>,
    /// Only for a segment with a far end not in the capture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub far_end: Option<Text<'a>>,
}

#[derive(Debug, Serialize)]
pub struct HopJson<'a> {
    pub label: Text<'a>,
    pub session: Text<'a>,
    pub party: Option<Text<'a>>,
    pub via: Text<'a>,
}

#[derive(Debug, Serialize)]
pub struct RangJson<'a> {
    pub session: Text<'a>,
    pub party: Text<'a>,
    pub label: Text<'a>,
    pub from: TimeText,
    pub to: TimeText,
    pub ring_ms: i64,
    pub outcome: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SessionJson<'a> {
    #[serde(rename = "telephonySessionId")]
    pub telephony_session_id: Text<'a>,
    #[serde(rename = "sessionId")]
    pub session_id: Option<Text<'a>>,
    pub origin: Option<Text<'a>>,
    pub bridge: bool,
    /// False for a session known only from another session's `peerId`.
    pub seen: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct PartyJson<'a> {
    pub session: Text<'a>,
    pub party: Text<'a>,
    pub direction: Option<&'static str>,
    pub label: Text<'a>,
    pub name: Option<Text<'a>>,
    pub number: Option<Text<'a>>,
    #[serde(rename = "extensionId")]
    pub extension_id: Option<Text<'a>>,
    pub seen: bool,
    pub states: Vec<StateJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct StateJson<'a> {
    pub at: TimeText,
    pub code: Text<'a>,
    pub reason: Option<Text<'a>>,
}

#[derive(Debug, Serialize)]
pub struct End<'a> {
    pub session: Text<'a>,
    pub party: Text<'a>,
}

#[derive(Debug, Serialize)]
pub struct LinkJson<'a> {
    pub kind: Text<'a>,
    pub evidence: &'static str,
    pub at: TimeText,
    pub from: End<'a>,
    pub to: End<'a>,
}

impl CallJson<'_> {
    /// A copy that borrows nothing (for exports made on another thread, and redaction).
    pub fn into_owned(self) -> CallJson<'static> {
        let end = |e: End| End {
            session: owned(e.session),
            party: owned(e.party),
        };
        CallJson {
            id: owned(self.id),
            start: self.start,
            end: self.end,
            duration_ms: self.duration_ms,
            summary: owned(self.summary),
            caller: owned(self.caller),
            answered: owned_opt(self.answered),
            path: self
                .path
                .into_iter()
                .map(|h| HopJson {
                    label: owned(h.label),
                    session: owned(h.session),
                    party: owned_opt(h.party),
                    via: owned(h.via),
                })
                .collect(),
            rang: self
                .rang
                .into_iter()
                .map(|r| RangJson {
                    session: owned(r.session),
                    party: owned(r.party),
                    label: owned(r.label),
                    ..r
                })
                .collect(),
            badges: self.badges,
            sequence_gaps: self.sequence_gaps,
            sessions: self
                .sessions
                .into_iter()
                .map(|s| SessionJson {
                    telephony_session_id: owned(s.telephony_session_id),
                    session_id: owned_opt(s.session_id),
                    origin: owned_opt(s.origin),
                    bridge: s.bridge,
                    seen: s.seen,
                })
                .collect(),
            parties: self
                .parties
                .into_iter()
                .map(|p| PartyJson {
                    session: owned(p.session),
                    party: owned(p.party),
                    direction: p.direction,
                    label: owned(p.label),
                    name: owned_opt(p.name),
                    number: owned_opt(p.number),
                    extension_id: owned_opt(p.extension_id),
                    seen: p.seen,
                    states: p
                        .states
                        .into_iter()
                        .map(|s| StateJson {
                            at: s.at,
                            code: owned(s.code),
                            reason: owned_opt(s.reason),
                        })
                        .collect(),
                })
                .collect(),
            links: self
                .links
                .into_iter()
                .map(|l| LinkJson {
                    kind: owned(l.kind),
                    evidence: l.evidence,
                    at: l.at,
                    from: end(l.from),
                    to: end(l.to),
                })
                .collect(),
            answer_evidence: self.answer_evidence,
            length_known: self.length_known,
            view: self.view.into_owned(),
            gaps: self.gaps.into_iter().map(GapJson::into_owned).collect(),
            unseen: self
                .unseen
                .into_iter()
                .map(UnseenJson::into_owned)
                .collect(),
            connections: self
                .connections
                .into_iter()
                .map(|c| ConnectionJson {
                    kind: c.kind,
                    start_ms: c.start_ms,
                    end_ms: c.end_ms,
                    evidence: c.evidence,
                    open_end: c.open_end,
                    parties: c.parties,
                    roles: c.roles,
                    far_end: owned_opt(c.far_end),
                })
                .collect(),
            recordings: self
                .recordings
                .into_iter()
                .map(|r| RecordingJson {
                    party: r.party,
                    id: owned(r.id),
                    start: r.start,
                    end: r.end,
                    open_end: r.open_end,
                    paused: r.paused,
                })
                .collect(),
        }
    }
}

/// The whole JSON document for a set of calls.
pub fn calls_json<'a>(
    store: &'a Store,
    set: &'a CallSet,
    calls: impl IntoIterator<Item = &'a Call>,
) -> CallsJson<'a> {
    CallsJson {
        calls: calls
            .into_iter()
            .map(|c| call_json(store, set, c))
            .collect(),
        diagnostics: store.diagnostics(),
    }
}

pub fn badge_names(call: &Call) -> Vec<&'static str> {
    call.badges.names().collect()
}

pub fn call_json<'a>(store: &'a Store, set: &'a CallSet, call: &'a Call) -> CallJson<'a> {
    let mut json = CallJson::empty();
    json.fill(store, set, call);
    json
}

impl<'a> CallJson<'a> {
    /// A call with nothing in it, to [`CallJson::fill`].
    fn empty() -> Self {
        let zero = TimeText::new(Timestamp::UNIX_EPOCH);
        CallJson {
            id: Cow::Borrowed(""),
            start: zero,
            end: zero,
            duration_ms: 0,
            summary: Cow::Borrowed(""),
            caller: Cow::Borrowed(""),
            answered: None,
            path: Vec::new(),
            rang: Vec::new(),
            badges: Vec::new(),
            sequence_gaps: 0,
            sessions: Vec::new(),
            parties: Vec::new(),
            links: Vec::new(),
            answer_evidence: AnswerJson {
                kind: "not_seen",
                reason: None,
                text: None,
            },
            length_known: false,
            view: ViewJson {
                scope: "unknown",
                extension_id: None,
                label: None,
                partial: false,
            },
            gaps: Vec::new(),
            unseen: Vec::new(),
            connections: Vec::new(),
            recordings: Vec::new(),
        }
    }

    /// Makes this the JSON form of `call`, keeping the room its lists already have (writing
    /// 20,000 calls then allocates almost nothing).
    pub fn fill(&mut self, store: &'a Store, set: &'a CallSet, call: &'a Call) {
        let text = |sym| Cow::Borrowed(store.text(sym));
        let opt_text = |sym: Option<_>| sym.map(text);
        let end_of = |n| {
            let p = set.party(n);
            End {
                session: p.map(|p| text(p.session_id)).unwrap_or_default(),
                party: p.map(|p| text(p.id)).unwrap_or_default(),
            }
        };
        self.id = text(call.id);
        self.start = TimeText::new(call.start);
        self.end = TimeText::new(call.end);
        self.duration_ms = i64::try_from((call.end - call.start).as_millis()).unwrap_or(0);
        self.summary = Cow::Borrowed(&call.summary);
        self.caller = Cow::Borrowed(&call.caller_label);
        self.answered = call
            .answered
            .and_then(|p| set.party(p))
            .map(|p| Cow::Borrowed(p.identity.label.as_str()));
        self.path.clear();
        self.path.extend(call.path.iter().map(|h| {
            HopJson {
                label: Cow::Borrowed(&h.label),
                session: set
                    .session(h.session)
                    .map(|s| text(s.id))
                    .unwrap_or_default(),
                party: h.party.and_then(|p| set.party(p)).map(|p| text(p.id)),
                via: Cow::Borrowed(&h.via),
            }
        }));
        self.rang.clear();
        self.rang.extend(call.rang.iter().filter_map(|r| {
            let p = set.party(r.party)?;
            Some(RangJson {
                session: text(p.session_id),
                party: text(p.id),
                label: Cow::Borrowed(&p.identity.label),
                from: TimeText::new(r.from),
                to: TimeText::new(r.to),
                ring_ms: r.ring_ms(),
                outcome: r.outcome.as_str(),
            })
        }));
        self.badges.clear();
        self.badges.extend(call.badges.names());
        self.sequence_gaps = call.sequence_gaps;
        self.sessions.clear();
        self.sessions.extend(
            call.sessions
                .iter()
                .filter_map(|n| set.session(*n))
                .map(|s| SessionJson {
                    telephony_session_id: text(s.id),
                    session_id: opt_text(s.legacy),
                    origin: opt_text(s.origin),
                    bridge: s.bridge,
                    seen: s.seen(),
                }),
        );
        // Parties are refilled in place: each keeps the room of its states.
        let mut count = 0;
        for p in call.parties.iter().filter_map(|n| set.party(*n)) {
            if count == self.parties.len() {
                self.parties.push(PartyJson::default());
            }
            let j = &mut self.parties[count];
            count += 1;
            j.session = text(p.session_id);
            j.party = text(p.id);
            j.direction = p
                .events
                .first()
                .map(|&e| store.event(e).party.direction.as_str());
            j.label = Cow::Borrowed(&p.identity.label);
            j.name = opt_text(p.identity.name);
            j.number = opt_text(p.identity.number);
            j.extension_id = opt_text(p.identity.extension_id);
            j.seen = p.seen();
            j.states.clear();
            j.states.extend(p.states.iter().map(|s| StateJson {
                at: TimeText::new(s.at),
                code: text(s.code_raw),
                reason: opt_text(s.reason),
            }));
        }
        self.parties.truncate(count);
        self.links.clear();
        self.links.extend(
            call.links
                .iter()
                .filter_map(|e| set.link(*e))
                .map(|(a, b, l)| LinkJson {
                    kind: Cow::Borrowed(&l.kind),
                    evidence: l.evidence.as_str(),
                    at: TimeText::new(l.at),
                    from: end_of(a),
                    to: end_of(b),
                }),
        );
        self.fill_edges(store, set, call);
        // Refilled in place, like the parties.
        let index = |n: petgraph::graph::NodeIndex| {
            call.parties
                .iter()
                .position(|&x| x == n)
                .and_then(|i| u32::try_from(i).ok())
        };
        let mut count = 0;
        for (seg, members) in call.connections.iter() {
            if count == self.connections.len() {
                self.connections.push(ConnectionJson {
                    kind: "",
                    start_ms: 0,
                    end_ms: 0,
                    evidence: "",
                    open_end: false,
                    parties: Vec::new(),
                    roles: Vec::new(),
                    far_end: None,
                });
            }
            let j = &mut self.connections[count];
            count += 1;
            j.kind = seg.kind.as_str();
            // Milliseconds after the call's start, as the segments keep them.
            j.start_ms = seg.start_ms;
            j.end_ms = seg.end_ms;
            j.evidence = seg.evidence.as_str();
            j.open_end = seg.open_end;
            j.parties.clear();
            j.parties
                .extend(members.iter().map(|m| m.party.and_then(index)));
            j.roles.clear();
            j.roles.extend(members.iter().map(|m| m.role.as_str()));
            j.far_end = seg.far_end.map(Cow::Borrowed);
        }
        self.connections.truncate(count);
        self.recordings.clear();
        self.recordings
            .extend(call.recordings.iter().filter_map(|r| {
                Some(RecordingJson {
                    party: index(r.party)?,
                    id: text(r.id),
                    start: TimeText::new(r.start),
                    end: TimeText::new(r.end),
                    open_end: r.open_end,
                    paused: r
                        .paused
                        .iter()
                        .map(|&(a, b)| PauseJson {
                            start: TimeText::new(a),
                            end: TimeText::new(b),
                        })
                        .collect(),
                })
            }));
    }
}

/// Writes the JSON document with one call per line, serialising calls on all cores in batches
/// (each into one buffer) so memory stays small however many calls there are. The same calls
/// give the same bytes; each call's bytes are serde_json's (see `json_write`).
pub fn write_calls_json(
    out: &mut impl std::io::Write,
    store: &Store,
    set: &CallSet,
    calls: &[&Call],
) -> std::io::Result<()> {
    use rayon::prelude::*;
    // 64 calls of about 3.4 KB each fit the 256 KB a batch starts with (128 calls grew theirs
    // to 512 KB, copying half of it: 1 MB more at the end of the 20,000-call day).
    const BATCH: usize = 64;
    const ROUNDS: usize = 4;
    out.write_all(b"{\"calls\":[")?;
    let mut first = true;
    for round in calls.chunks(BATCH * ROUNDS) {
        let parts: Vec<Vec<u8>> = round
            .par_chunks(BATCH)
            .map(|batch| {
                let mut buf = Vec::with_capacity(batch.len() * 4096);
                let mut json = CallJson::empty();
                for c in batch {
                    buf.extend_from_slice(b",\n");
                    json.fill(store, set, c);
                    super::json_write::write_call(&mut buf, &json);
                }
                buf
            })
            .collect();
        for part in parts {
            // Every call is preceded by ",\n" but the first, by "\n" only.
            let skip = usize::from(std::mem::take(&mut first) && !part.is_empty());
            out.write_all(&part[skip..])?;
        }
    }
    out.write_all(b"\n],\n\"diagnostics\":")?;
    serde_json::to_writer(&mut *out, &store.diagnostics())?;
    out.write_all(b"}\n")?;
    Ok(())
}
