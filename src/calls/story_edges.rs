//! The story's sentences about the edges of the capture: the opening line told by what the
//! capture shows of the answer (seen, inferred, not answered, not seen and why) and of the call's
//! length, whose view it is, who is named but unseen, where events are missing, and which
//! parties the capture leaves in a state that is not their last.

use super::gaps::{call_gaps, gap_after_state, gap_range, gap_text};
use super::{AnswerKind, AnswerWhy, Call, CallSet, Sentence, view_label};
use crate::model::StatusCode;
use crate::store::Store;
use jiff::Timestamp;

pub(super) fn duration_text(d: jiff::SignedDuration) -> String {
    let secs = d.as_secs().max(0);
    if secs >= 60 {
        format!("{} min {} s", secs / 60, secs % 60)
    } else {
        format!("{secs} s")
    }
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The opening line: the engine's summary of the call (who called whom, who rang, what the
/// capture says of the answer, each hand-over), then the length only where the capture shows
/// the call's end.
pub(super) fn opening(set: &CallSet, call: &Call) -> String {
    capitalised(&format!("{}. {}", call.summary, length_told(set, call)))
}

/// What the capture says of the answer, as the summary and the opening tell it: `who answered`,
/// `X answered (inferred: …)`, `nobody answered`, `still ringing when the capture ends`, …
pub(super) fn answer_told(set: &CallSet, call: &Call, first: Option<&str>) -> String {
    let answered = call
        .answered
        .and_then(|p| set.party(p))
        .map(|p| p.identity.label.as_str());
    let ringing = call
        .parties
        .iter()
        .filter_map(|&p| set.party(p))
        .any(|p| p.last_state().is_some_and(|s| s.code.is_ringing()));
    let why = call.answer.why;
    match (call.answer.kind, answered) {
        (AnswerKind::Observed, Some(a)) if Some(a) != first => format!("{a} answered"),
        (AnswerKind::Observed, Some(_)) => "who answered".to_owned(),
        (AnswerKind::Inferred, Some(a)) if Some(a) != first => {
            format!("{a} answered (inferred: {})", why.text())
        }
        (AnswerKind::Inferred, Some(_)) => format!("who answered (inferred: {})", why.text()),
        (AnswerKind::NotSeen, _) => match why {
            AnswerWhy::CaptureEnds if ringing => "still ringing when the capture ends".to_owned(),
            AnswerWhy::CaptureEnds => "the capture ends before anyone is seen answering".to_owned(),
            AnswerWhy::EventsMissing => {
                let missing: Vec<String> =
                    call_gaps(set, call).map(|(_, _, g)| gap_range(g)).collect();
                format!(
                    "whether anyone answered is not in the capture ({} missing)",
                    missing.join(", ")
                )
            }
            AnswerWhy::CaptureStartsLate => {
                "whether anyone answered is not in the capture, which starts after the call did"
                    .to_owned()
            }
            _ => {
                "nobody answered in this view; whether someone outside it did is not in the capture"
                    .to_owned()
            }
        },
        _ => "nobody answered".to_owned(),
    }
}

/// How long the call lasted, or why the capture cannot say.
fn length_told(set: &CallSet, call: &Call) -> String {
    let why = call.answer.why;
    let n = call.sessions.len();
    let sessions = format!("{n} session{}", if n == 1 { "" } else { "s" });
    let length = call.end - call.start;
    if call.length_known {
        format!("The call lasted {} over {sessions}.", duration_text(length))
    } else if why == AnswerWhy::CaptureStartsLate {
        format!(
            "The capture covers {} of it over {sessions}; how long it lasted is not known.",
            duration_text(length)
        )
    } else if !super::evidence::start_seen(set, call) {
        format!(
            "The capture starts after the call did and covers {} of it over {sessions}; how long it lasted is not known.",
            duration_text(length)
        )
    } else if call.view.partial() && length.as_secs() == 0 {
        format!(
            "This view shows a single moment of it ({sessions}); how long the call lasted is not in it."
        )
    } else if call.view.partial() {
        format!(
            "This view covers {} over {sessions}; how long the whole call lasted is not in it.",
            duration_text(length)
        )
    } else if length.as_secs() == 0 {
        format!("The capture ends there ({sessions}); how long the call lasted is not known.")
    } else {
        format!(
            "The capture covers {} over {sessions} and ends before the call does; how long it lasted is not known.",
            duration_text(length)
        )
    }
}

/// Whose view it is, when only part of the call can be in the capture; and that the capture
/// starts after the call did, when it does.
pub(super) fn view_sentence(store: &Store, set: &CallSet, call: &Call) -> Vec<Sentence> {
    let mut out = Vec::new();
    if call.view.partial() {
        out.push(Sentence {
            at: call.start,
            text: format!("{}.", capitalised(&view_label(store, set, call))),
            event: None,
            party: None,
        });
    }
    if !super::evidence::start_seen(set, call) {
        let first = call
            .sessions
            .first()
            .and_then(|&s| set.session(s))
            .and_then(|s| s.events.first())
            .and_then(|&e| store.event(e).sequence());
        let what = match first {
            Some(n) => format!(
                "The capture starts after the call did: the first event of this call in it is number {n} of its session, and what happened before {} is not in the capture.",
                call.start.strftime("%H:%M:%S")
            ),
            None => format!(
                "The capture starts after the call did: what happened before {} is not in it.",
                call.start.strftime("%H:%M:%S")
            ),
        };
        out.push(Sentence {
            at: call.start,
            text: what,
            event: None,
            party: None,
        });
    }
    out
}

/// What a party's last seen state is, in words.
fn state_words(code: StatusCode) -> &'static str {
    match code {
        StatusCode::Setup => "being set up",
        StatusCode::Proceeding => "ringing",
        StatusCode::Answered => "connected",
        StatusCode::Hold => "on hold",
        StatusCode::Parked => "parked",
        StatusCode::VoiceMail | StatusCode::VoiceMailScreening => "in voicemail",
        _ => "in a state that is not final",
    }
}

/// Sentences placed in time among the others (with a sort key after that moment's events):
/// unseen participants, missing events, and parties the capture leaves in a state that is not
/// their last.
pub(super) fn timed(store: &Store, set: &CallSet, call: &Call) -> Vec<(Timestamp, u32, Sentence)> {
    let mut out = Vec::new();
    // Times are put in front by `story` (with the date when the day changes).
    for u in &call.unseen {
        let by = set
            .party(u.named_by)
            .map(|p| p.identity.label.as_str())
            .unwrap_or("a party");
        out.push((
            u.at,
            u32::MAX - 1,
            Sentence {
                at: u.at,
                text: format!("{}.", capitalised(&u.text(by))),
                event: None,
                party: Some(u.named_by),
            },
        ));
    }
    for (_, session, gap) in call_gaps(set, call) {
        out.push((
            gap.from,
            u32::try_from(gap.first_missing()).unwrap_or(u32::MAX),
            Sentence {
                at: gap.from,
                text: format!("{}.", capitalised(&gap_text(store, call, session, gap))),
                event: None,
                party: None,
            },
        ));
    }
    for &p in &call.parties {
        let Some(party) = set.party(p) else { continue };
        let Some(last) = party.last_state() else {
            continue;
        };
        if last.code.is_final() || super::moves::is_conference_leg(&party.identity.label) {
            continue;
        }
        let i = party.states.len() - 1;
        let who = &party.identity.label;
        let outbound = party
            .events
            .last()
            .is_some_and(|&e| store.event(e).party.direction == crate::model::Direction::Outbound);
        let words = match last.code {
            // The caller's own leg in Proceeding hears ringing; it does not ring.
            StatusCode::Proceeding if outbound => "hearing ringing",
            code => state_words(code),
        };
        let text = if gap_after_state(store, set, party, i).is_some() {
            format!(
                "{who} was last seen {words} ({}); what came after is not in the capture",
                store.text(last.code_raw)
            )
        } else {
            format!("The capture ends while {who} is still {words}")
        };
        out.push((
            call.end,
            u32::MAX,
            Sentence {
                at: call.end,
                text: format!("{text}."),
                event: None,
                party: Some(p),
            },
        ));
    }
    out
}
