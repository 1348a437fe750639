//! Three answers where there are two: a call was answered (seen, or implied by later states and
//! then labelled inferred), not answered (its end is in the capture and nobody answered), or
//! whether anyone answered is not seen (the capture ends while it rings, events are missing, the
//! view is partial). Also whether the call's end is in the capture, so no length it cannot know
//! is given as fact.

use super::gaps::gap_after_state;
use super::{Call, CallSet, PartyNode};
use crate::model::{Reason, StatusCode};
use crate::store::Store;

/// What the capture says about whether the call was answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AnswerKind {
    /// An `Answered` state of the party that answered is in the capture.
    Observed,
    /// No `Answered` is in the capture, but a later state of that party implies one.
    Inferred,
    /// The call's end is in the capture and nobody on its path answered.
    NotAnswered,
    /// The capture cannot tell.
    #[default]
    NotSeen,
}

/// Why, for [`AnswerKind::Inferred`] and [`AnswerKind::NotSeen`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AnswerWhy {
    #[default]
    None,
    /// The leg left by an attended transfer, which only an answered leg can be.
    AttendedTransfer,
    /// The leg was merged into a conference.
    Conference,
    /// The leg was put on hold or parked.
    HoldOrPark,
    /// The capture ends while the call is still ringing (or being set up).
    CaptureEnds,
    /// Sequence numbers are missing where the answer would be.
    EventsMissing,
    /// The capture starts after the call did: a party's first state in it is not where a call
    /// starts (`Setup`, `Proceeding`).
    CaptureStartsLate,
    /// The capture comes from one extension's subscription.
    PartialView,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answer {
    pub kind: AnswerKind,
    pub why: AnswerWhy,
}

impl AnswerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerKind::Observed => "observed",
            AnswerKind::Inferred => "inferred",
            AnswerKind::NotAnswered => "not_answered",
            AnswerKind::NotSeen => "not_seen",
        }
    }
}

impl AnswerWhy {
    /// A stable code for the JSON; `None` when there is nothing to explain.
    pub fn code(self) -> Option<&'static str> {
        Some(match self {
            AnswerWhy::None => return None,
            AnswerWhy::AttendedTransfer => "attended_transfer",
            AnswerWhy::Conference => "conference",
            AnswerWhy::HoldOrPark => "hold_or_park",
            AnswerWhy::CaptureEnds => "capture_ends",
            AnswerWhy::EventsMissing => "events_missing",
            AnswerWhy::CaptureStartsLate => "capture_starts_late",
            AnswerWhy::PartialView => "partial_view",
        })
    }

    /// Why, in words that follow "inferred: " or "not seen: ".
    pub fn text(self) -> &'static str {
        match self {
            AnswerWhy::None => "",
            AnswerWhy::AttendedTransfer => {
                "the leg was later handed on by an attended transfer, which only an answered leg can be"
            }
            AnswerWhy::Conference => "the leg was later merged into a conference",
            AnswerWhy::HoldOrPark => "the leg was later put on hold or parked",
            AnswerWhy::CaptureEnds => "the capture ends while the call is still ringing",
            AnswerWhy::EventsMissing => {
                "events are missing from the capture where the answer would be"
            }
            AnswerWhy::CaptureStartsLate => {
                "the capture starts after the call did; its first events are not in it"
            }
            AnswerWhy::PartialView => {
                "the capture is one extension's view; others on the call are not in it"
            }
        }
    }
}

impl Answer {
    /// The answer in a few words, for the call list and `calls`: "Mateo Silva (inferred)",
    /// "not answered", "not seen: the capture ends while the call is still ringing".
    pub fn short(self, answered: Option<&str>) -> String {
        match (self.kind, answered) {
            (AnswerKind::Observed, Some(a)) => a.to_owned(),
            (AnswerKind::Inferred, Some(a)) => format!("{a} (answer inferred)"),
            (AnswerKind::NotSeen, _) => match self.why {
                AnswerWhy::CaptureEnds => "still ringing when the capture ends".to_owned(),
                AnswerWhy::EventsMissing => "answer not in the capture (events missing)".to_owned(),
                AnswerWhy::CaptureStartsLate => {
                    "answer not in the capture (it starts late)".to_owned()
                }
                _ => "answer not in this view".to_owned(),
            },
            _ => "not answered".to_owned(),
        }
    }
}

/// What a state implies about an earlier answer that is not in the capture.
fn implies_answer(p: &PartyNode) -> Option<AnswerWhy> {
    p.states.iter().find_map(|s| match (s.code, s.reason_kind) {
        (StatusCode::Gone, Reason::AttendedTransfer) => Some(AnswerWhy::AttendedTransfer),
        (StatusCode::Gone, Reason::Conference) => Some(AnswerWhy::Conference),
        (StatusCode::Hold | StatusCode::Parked, _) => Some(AnswerWhy::HoldOrPark),
        _ => None,
    })
}

/// Reads the answer of `call` (after its path is found): sets `call.answer`, and
/// `call.answered` when a later state implies who answered.
pub(super) fn read_answer(store: &Store, set: &CallSet, call: &mut Call) {
    call.length_known = length_known(set, call);
    if call.answered.is_some() {
        call.answer = Answer {
            kind: AnswerKind::Observed,
            why: AnswerWhy::None,
        };
        return;
    }
    let inferred = call.path.iter().filter_map(|h| h.party).find_map(|p| {
        let why = implies_answer(set.party(p)?)?;
        Some((p, why))
    });
    if let Some((p, why)) = inferred {
        call.answered = Some(p);
        call.answer = Answer {
            kind: AnswerKind::Inferred,
            why,
        };
        return;
    }
    call.answer = Answer {
        kind: AnswerKind::NotSeen,
        why: not_seen_why(store, set, call),
    };
    if call.answer.why == AnswerWhy::None {
        call.answer.kind = AnswerKind::NotAnswered;
    }
}

/// Why the answer cannot be seen; `None` when the capture shows the call end unanswered.
fn not_seen_why(store: &Store, set: &CallSet, call: &Call) -> AnswerWhy {
    let mut ends = false;
    for p in call.parties.iter().filter_map(|&p| set.party(p)) {
        let Some(last) = p.states.len().checked_sub(1) else {
            continue;
        };
        let open = !p.states[last].code.is_final();
        // Missing events inside the party's stretch (an answer may be among them), or after
        // its last state while it had not left.
        let missing = (0..p.states.len())
            .any(|i| (i < last || open) && gap_after_state(store, set, p, i).is_some());
        if missing {
            return AnswerWhy::EventsMissing;
        }
        ends |= open;
    }
    if ends {
        return AnswerWhy::CaptureEnds;
    }
    if call.view.partial() {
        return AnswerWhy::PartialView;
    }
    let late = call
        .parties
        .iter()
        .filter_map(|&p| set.party(p))
        .filter_map(|p| p.states.first())
        .any(|s| !s.code.is_ringing());
    if late {
        return AnswerWhy::CaptureStartsLate;
    }
    let gaps = call
        .sessions
        .iter()
        .filter_map(|&s| set.session(s))
        .any(|s| !s.gaps.is_empty());
    if gaps {
        AnswerWhy::EventsMissing
    } else {
        AnswerWhy::None
    }
}

/// The call's start and end are both in the capture: the view is not partial, the first event
/// is where a call starts (`Setup`, `Proceeding`), and every seen party left (or the caller did,
/// which ends the call).
fn length_known(set: &CallSet, call: &Call) -> bool {
    if call.view.partial() {
        return false;
    }
    if !start_seen(set, call) {
        return false;
    }
    let ended = |p: &PartyNode| p.last_state().is_some_and(|s| s.code.is_final());
    if call
        .caller
        .and_then(|c| set.party(c))
        .is_some_and(|c| ended(c) && c.last_state().is_some_and(|s| s.at == call.end))
    {
        return true;
    }
    call.parties
        .iter()
        .filter_map(|&p| set.party(p))
        .filter(|p| p.seen())
        .all(ended)
}

/// The call's first event is where a call starts (`Setup`, `Proceeding`), not the middle of one.
pub(super) fn start_seen(set: &CallSet, call: &Call) -> bool {
    call.parties
        .iter()
        .filter_map(|&p| set.party(p)?.states.first())
        .any(|s| s.at == call.start && s.code.is_ringing())
}
