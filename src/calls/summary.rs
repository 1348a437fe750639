//! The whole call in one line, from the engine's reading of it: who called whom (or placed a
//! RingOut to whom), who rang and who answered after how long, where each hand-over took the
//! call, how many took part in a conference. The call list, `callflow calls`, `calls --json` and
//! the story's opening line all print this one.

use super::fanout::{Rang, RangOutcome, waves};
use super::{Call, CallSet, RingOutRole};
use crate::model::StatusCode;
use crate::store::Store;
use petgraph::graph::NodeIndex;

/// `a`, `a and b`, `a, b and c`.
fn push_list<'a>(out: &mut String, names: impl Iterator<Item = &'a str>) {
    let names: Vec<&str> = names.collect();
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == names.len() { " and " } else { ", " });
        }
        out.push_str(n);
    }
}

fn secs(ms: i64) -> i64 {
    (ms.max(0) + 500) / 1000
}

fn label(set: &CallSet, p: NodeIndex) -> &str {
    set.party(p)
        .map_or("someone", |x| x.identity.label.as_str())
}

/// `rang A, B and C; B answered after 12 s` (or who picked it up, or nobody).
fn push_wave(
    out: &mut String,
    set: &CallSet,
    call: &Call,
    wave: &[Rang],
    picker: Option<NodeIndex>,
) {
    out.push_str("rang ");
    push_list(out, wave.iter().map(|r| label(set, r.party)));
    if let Some(r) = wave.iter().find(|r| r.outcome == RangOutcome::Answered) {
        out.push_str("; ");
        out.push_str(label(set, r.party));
        out.push_str(" answered after ");
        out.push_str(&secs(r.ring_ms()).to_string());
        out.push_str(" s");
    } else if let Some(p) = picker {
        out.push_str("; ");
        out.push_str(label(set, p));
        out.push_str(" picked it up");
    } else if wave.iter().all(|r| r.outcome == RangOutcome::NotSeenToEnd) {
        out.push_str("; still ringing when the capture ends");
    } else {
        out.push_str("; nobody answered");
        let hung_up = call
            .caller
            .and_then(|c| set.party(c))
            .and_then(|c| c.last_state())
            .filter(|s| s.code == StatusCode::Disconnected);
        if let Some(s) = hung_up {
            out.push_str("; the caller hung up after ");
            out.push_str(
                &secs(i64::try_from((s.at - call.start).as_millis()).unwrap_or(0)).to_string(),
            );
            out.push_str(" s");
        }
    }
}

/// How a hand-over is said: `transferred (attended) to`, …
fn handover_words(via: &str) -> Option<&'static str> {
    Some(match via {
        "AttendedTransfer" => "transferred (attended) to",
        "BlindTransfer" => "transferred (blind) to",
        "CallSwitch" => "switched to",
        "CallFlip" => "flipped to",
        "Pickup" => "parked, then picked up by",
        "CallRedirected" | "CallerInputRedirect" | "DtmfTransfer" | "RccTransfer" => {
            "redirected to"
        }
        "Conference" => return None,
        _ => "handed to",
    })
}

/// How many people took part in the call's conference: everyone who was connected, once each.
fn conference_size(store: &Store, set: &CallSet, call: &Call) -> usize {
    let mut people: Vec<&str> = Vec::new();
    for p in call.parties.iter().filter_map(|p| set.party(*p)) {
        let leg = super::moves::is_conference_leg(&p.identity.label);
        let supervisor = p
            .states
            .iter()
            .any(|s| store.opt_text(s.reason) == Some("Supervising"));
        if leg || supervisor || !p.has_state(StatusCode::Answered) {
            continue;
        }
        let key = store
            .opt_text(p.identity.extension_id)
            .unwrap_or(p.identity.label.as_str());
        if !people.contains(&key) {
            people.push(key);
        }
    }
    people.len()
}

/// ` (inferred: …)` when the answer is not seen but implied by later events (issue 18).
fn inferred(call: &Call) -> String {
    if call.answer.kind == super::AnswerKind::Inferred {
        format!(" (inferred: {})", call.answer.why.text())
    } else {
        String::new()
    }
}

/// The call in one line.
pub fn summary(store: &Store, set: &CallSet, call: &Call) -> String {
    let mut out = String::with_capacity(96);
    out.push_str(&call.caller_label);
    let waves = waves(&call.rang);
    let mut told = vec![false; waves.len()];
    // The wave whose answerer (or picker) is this hop's party.
    let wave_of = |p: Option<NodeIndex>, told: &[bool]| {
        let p = p?;
        waves.iter().enumerate().find_map(|(i, w)| {
            if told[i] {
                return None;
            }
            let answered = w
                .iter()
                .any(|r| r.party == p && r.outcome == RangOutcome::Answered);
            let picked = w.iter().any(|r| r.outcome == RangOutcome::PickedUp)
                && w.iter().all(|r| r.party != p);
            (answered || picked).then_some((i, !answered))
        })
    };
    let ringout = call
        .caller
        .and_then(|c| set.party(c))
        .is_some_and(|c| c.ring_out == RingOutRole::Initiator);
    let mut hops = call.path.iter().peekable();
    match hops.peek() {
        Some(first) if ringout => {
            out.push_str(" placed a RingOut to ");
            out.push_str(&first.label);
            if call
                .caller
                .and_then(|c| set.party(c))
                .is_some_and(|c| super::roles::roles_inferred(store, c))
            {
                out.push_str(" (RingOut roles inferred: the events name none)");
            }
        }
        Some(first) if wave_of(first.party, &told).is_some() => out.push_str(" called:"),
        Some(first) => {
            out.push_str(" called ");
            out.push_str(&first.label);
        }
        None => out.push_str(" called"),
    }
    let mut answered_told = false;
    let mut first = true;
    for hop in hops {
        let wave = wave_of(hop.party, &told);
        if let Some((i, picked)) = wave {
            told[i] = true;
            out.push_str(if first { " " } else { "; " });
            push_wave(
                &mut out,
                set,
                call,
                waves[i],
                picked.then_some(hop.party).flatten(),
            );
            answered_told |= hop.party == call.answered;
        } else if first {
            if hop.party.is_some() && hop.party == call.answered {
                // `who answered`, or `who answered (inferred: …)`.
                out.push_str(", ");
                out.push_str(&super::story_edges::answer_told(
                    set,
                    call,
                    Some(&hop.label),
                ));
                answered_told = true;
            }
        } else if hop.via == "routed" {
            if !answered_told && hop.party.is_some() && hop.party == call.answered {
                out.push_str("; answered by ");
                out.push_str(&hop.label);
                out.push_str(&inferred(call));
                answered_told = true;
            } else {
                out.push_str("; routed to ");
                out.push_str(&hop.label);
            }
        } else if let Some(words) = handover_words(&hop.via) {
            if !answered_told && let Some(a) = call.answered {
                out.push_str("; answered by ");
                out.push_str(label(set, a));
                out.push_str(&inferred(call));
                answered_told = true;
                out.push_str(", ");
            } else {
                out.push_str("; ");
            }
            out.push_str(words);
            out.push(' ');
            out.push_str(&hop.label);
        } else {
            let n = conference_size(store, set, call);
            out.push_str("; merged into a conference of ");
            out.push_str(&n.to_string());
            out.push_str(" people");
        }
        first = false;
    }
    for (i, w) in waves.iter().enumerate() {
        if !told[i] {
            out.push_str("; ");
            push_wave(&mut out, set, call, w, None);
            answered_told |= w.iter().any(|r| Some(r.party) == call.answered);
        }
    }
    if call.answered.is_none() && call.rang.is_empty() {
        if call.badges.voicemail {
            out.push_str("; went to voicemail");
        } else {
            // Nobody answered, or the capture cannot say (issue 18's reading of the answer).
            let first = call.path.first().map(|h| h.label.as_str());
            out.push_str("; ");
            out.push_str(&super::story_edges::answer_told(set, call, first));
        }
    } else if call.answered.is_some() && !answered_told {
        // `X answered`, or `X answered (inferred: …)`.
        out.push_str("; ");
        out.push_str(&super::story_edges::answer_told(set, call, Some("")));
    }
    if call.badges.supervise {
        out.push_str("; supervised");
        let supervisor = call.parties.iter().filter_map(|p| set.party(*p)).find(|p| {
            p.states.iter().any(|s| {
                s.code == StatusCode::Answered && store.opt_text(s.reason) == Some("Supervising")
            })
        });
        if let Some(p) = supervisor {
            out.push_str(" by ");
            out.push_str(&p.identity.label);
        }
    }
    out
}
