//! The stable JSON form of calls (`calls --json`), documented in the README. Field order is fixed
//! by the structs and every list is sorted, so the same capture gives byte-identical output.

use super::{Call, CallSet};
use crate::ingest::Diagnostics;
use crate::store::Store;
use jiff::Timestamp;
use serde::Serialize;

/// RFC 3339 with milliseconds, `Z`.
pub fn time_text(t: Timestamp) -> String {
    format!("{t:.3}")
}

#[derive(Debug, Serialize)]
pub struct CallsJson {
    pub calls: Vec<CallJson>,
    pub diagnostics: Diagnostics,
}

#[derive(Debug, Serialize)]
pub struct CallJson {
    pub id: String,
    pub start: String,
    pub end: String,
    pub duration_ms: i64,
    pub caller: String,
    /// Label of the first stop of the path that answered; null when nobody did.
    pub answered: Option<String>,
    pub path: Vec<HopJson>,
    pub badges: Vec<&'static str>,
    pub sequence_gaps: u64,
    pub sessions: Vec<SessionJson>,
    pub parties: Vec<PartyJson>,
    pub links: Vec<LinkJson>,
}

#[derive(Debug, Serialize)]
pub struct HopJson {
    pub label: String,
    pub session: String,
    pub party: Option<String>,
    pub via: String,
}

#[derive(Debug, Serialize)]
pub struct SessionJson {
    #[serde(rename = "telephonySessionId")]
    pub telephony_session_id: String,
    #[serde(rename = "sessionId")]
    pub session_id: Option<String>,
    pub origin: Option<String>,
    pub bridge: bool,
    /// False for a session known only from another session's `peerId`.
    pub seen: bool,
}

#[derive(Debug, Serialize)]
pub struct PartyJson {
    pub session: String,
    pub party: String,
    pub direction: Option<&'static str>,
    pub label: String,
    pub name: Option<String>,
    pub number: Option<String>,
    #[serde(rename = "extensionId")]
    pub extension_id: Option<String>,
    pub seen: bool,
    pub states: Vec<StateJson>,
}

#[derive(Debug, Serialize)]
pub struct StateJson {
    pub at: String,
    pub code: String,
    pub reason: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct End {
    pub session: String,
    pub party: String,
}

#[derive(Debug, Serialize)]
pub struct LinkJson {
    pub kind: String,
    pub evidence: &'static str,
    pub at: String,
    pub from: End,
    pub to: End,
}

/// The whole JSON document for a set of calls.
pub fn calls_json<'a>(
    store: &Store,
    set: &CallSet,
    calls: impl IntoIterator<Item = &'a Call>,
) -> CallsJson {
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

pub fn call_json(store: &Store, set: &CallSet, call: &Call) -> CallJson {
    let end_of = |n| {
        let p = set.party(n);
        End {
            session: p
                .map(|p| store.text(p.session_id).to_owned())
                .unwrap_or_default(),
            party: p.map(|p| store.text(p.id).to_owned()).unwrap_or_default(),
        }
    };
    CallJson {
        id: store.text(call.id).to_owned(),
        start: time_text(call.start),
        end: time_text(call.end),
        duration_ms: i64::try_from((call.end - call.start).as_millis()).unwrap_or(0),
        caller: call.caller_label.clone(),
        answered: call
            .answered
            .and_then(|p| set.party(p))
            .map(|p| p.identity.label.clone()),
        path: call
            .path
            .iter()
            .map(|h| HopJson {
                label: h.label.clone(),
                session: set
                    .session(h.session)
                    .map(|s| store.text(s.id).to_owned())
                    .unwrap_or_default(),
                party: h
                    .party
                    .and_then(|p| set.party(p))
                    .map(|p| store.text(p.id).to_owned()),
                via: h.via.to_string(),
            })
            .collect(),
        badges: badge_names(call),
        sequence_gaps: call.sequence_gaps,
        sessions: call
            .sessions
            .iter()
            .filter_map(|n| set.session(*n))
            .map(|s| SessionJson {
                telephony_session_id: store.text(s.id).to_owned(),
                session_id: store.opt_text(s.legacy).map(str::to_owned),
                origin: store.opt_text(s.origin).map(str::to_owned),
                bridge: s.bridge,
                seen: s.seen(),
            })
            .collect(),
        parties: call
            .parties
            .iter()
            .filter_map(|n| set.party(*n))
            .map(|p| PartyJson {
                session: store.text(p.session_id).to_owned(),
                party: store.text(p.id).to_owned(),
                direction: p
                    .events
                    .first()
                    .map(|&e| store.event(e).party.direction.as_str()),
                label: p.identity.label.clone(),
                name: store.opt_text(p.identity.name).map(str::to_owned),
                number: store.opt_text(p.identity.number).map(str::to_owned),
                extension_id: store.opt_text(p.identity.extension_id).map(str::to_owned),
                seen: p.seen(),
                states: p
                    .states
                    .iter()
                    .map(|s| StateJson {
                        at: time_text(s.at),
                        code: store.text(s.code_raw).to_owned(),
                        reason: store.opt_text(s.reason).map(str::to_owned),
                    })
                    .collect(),
            })
            .collect(),
        links: call
            .links
            .iter()
            .filter_map(|e| set.link(*e))
            .map(|(a, b, l)| LinkJson {
                kind: l.kind.clone(),
                evidence: l.evidence.as_str(),
                at: time_text(l.at),
                from: end_of(a),
                to: end_of(b),
            })
            .collect(),
    }
}

/// Writes the JSON document with one call per line, serialising calls on all cores in batches
/// so memory stays small however many calls there are. The same calls give the same bytes.
pub fn write_calls_json(
    out: &mut impl std::io::Write,
    store: &Store,
    set: &CallSet,
    calls: &[&Call],
) -> std::io::Result<()> {
    use rayon::prelude::*;
    const BATCH: usize = 512;
    out.write_all(b"{\"calls\":[")?;
    for (b, batch) in calls.chunks(BATCH).enumerate() {
        let lines: Vec<serde_json::Result<Vec<u8>>> = batch
            .par_iter()
            .map(|c| serde_json::to_vec(&call_json(store, set, c)))
            .collect();
        for (i, line) in lines.into_iter().enumerate() {
            out.write_all(if b == 0 && i == 0 { b"\n" } else { b",\n" })?;
            out.write_all(&line?)?;
        }
    }
    out.write_all(b"\n],\n\"diagnostics\":")?;
    serde_json::to_writer(&mut *out, &store.diagnostics())?;
    out.write_all(b"}\n")?;
    Ok(())
}
