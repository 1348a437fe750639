//! Joins call-log records to the rebuilt calls (by `telephonySessionId`, else by the legacy
//! `sessionId`) and lists where they disagree: a leg the events never showed, a transfer the
//! events read differently (or not at all), a result (`Missed`, `Voicemail`, `Accepted`, …)
//! that contradicts how the call ended in the events. Records that join no call and calls no
//! record covers are listed, not counted as disagreements: a call log and a capture seldom cover
//! the same stretch of time.

use super::{CallLog, Entry, Party};
use crate::calls::{AnswerKind, Call, CallSet, PartyNode};
use crate::model::StatusCode;
use crate::store::Store;
use petgraph::graph::NodeIndex;
use rustc_hash::FxHashMap as HashMap;

/// How a record found its call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinedBy {
    TelephonySessionId,
    SessionId,
}

/// What kind of disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DisagreementKind {
    /// A leg of the record that no party of the events stands for.
    UnseenLeg,
    /// A transfer one side has and the other lacks, or reads another way.
    Transfer,
    /// A result that contradicts the events' ending.
    Result,
}

impl DisagreementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DisagreementKind::UnseenLeg => "leg not in the events",
            DisagreementKind::Transfer => "transfer",
            DisagreementKind::Result => "result",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    pub kind: DisagreementKind,
    pub text: String,
    /// The party of the call it is about, if any.
    pub party: Option<NodeIndex>,
    /// When in the call (ms since its start), if it is about a moment.
    pub at_ms: Option<f64>,
}

/// One record checked against its call.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordCheck {
    /// Index into the call log's records.
    pub record: usize,
    /// The call it joined (index into the call set's calls) and how.
    pub call: Option<(usize, JoinedBy)>,
    pub legs_checked: usize,
    pub disagreements: Vec<Disagreement>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Crosscheck {
    pub records: Vec<RecordCheck>,
    /// Calls of the capture that no record joined.
    pub uncovered: Vec<usize>,
}

impl Crosscheck {
    pub fn disagreements(&self) -> usize {
        self.records.iter().map(|r| r.disagreements.len()).sum()
    }

    /// The checks of the records that joined call `call`.
    pub fn of_call(&self, call: usize) -> impl Iterator<Item = &RecordCheck> {
        self.records
            .iter()
            .filter(move |r| r.call.is_some_and(|(c, _)| c == call))
    }
}

/// Checks every record of `log` against the calls of `set`.
pub fn crosscheck(store: &Store, set: &CallSet, log: &CallLog) -> Crosscheck {
    let mut legacy: HashMap<&str, usize> = HashMap::default();
    for (i, call) in set.calls.iter().enumerate() {
        for &s in &call.sessions {
            if let Some(id) = set.session(s).and_then(|s| store.opt_text(s.legacy)) {
                legacy.entry(id).or_insert(i);
            }
        }
    }
    let join = |e: &Entry| -> Option<(usize, JoinedBy)> {
        let by_tsid = e
            .telephony_session_id
            .as_deref()
            .and_then(|t| set.find_index(store, t))
            .map(|i| (i, JoinedBy::TelephonySessionId));
        by_tsid.or_else(|| {
            let id = e.session_id.as_deref()?;
            legacy.get(id).map(|&i| (i, JoinedBy::SessionId))
        })
    };
    let mut covered = vec![false; set.calls.len()];
    let mut records = Vec::with_capacity(log.records.len());
    for (i, located) in log.records.iter().enumerate() {
        let e = &located.entry;
        let call = join(e).or_else(|| e.legs.iter().find_map(&join));
        let mut check = RecordCheck {
            record: i,
            call,
            legs_checked: 0,
            disagreements: Vec::new(),
        };
        if let Some((c, _)) = call
            && let Some(the_call) = set.calls.get(c)
        {
            covered[c] = true;
            let ctx = Ctx {
                store,
                set,
                call: the_call,
            };
            check.legs_checked = legs(&ctx, e, &mut check.disagreements);
            transfer(&ctx, e, &mut check.disagreements);
            result(&ctx, e, &mut check.disagreements);
        }
        records.push(check);
    }
    Crosscheck {
        records,
        uncovered: (0..set.calls.len()).filter(|&c| !covered[c]).collect(),
    }
}

struct Ctx<'a> {
    store: &'a Store,
    set: &'a CallSet,
    call: &'a Call,
}

impl Ctx<'_> {
    fn parties(&self) -> impl Iterator<Item = (NodeIndex, &PartyNode)> {
        self.call
            .parties
            .iter()
            .filter_map(|&n| Some((n, self.set.party(n)?)))
            .filter(|(_, p)| p.seen())
    }

    fn ms(&self, t: jiff::Timestamp) -> f64 {
        (t.as_millisecond() - self.call.start.as_millisecond()) as f64
    }

    fn label(&self, n: NodeIndex) -> String {
        self.set
            .party(n)
            .map_or_else(|| "a party".into(), |p| p.identity.label.clone())
    }
}

/// Digits of a phone number (and a leading `+`), so `+1 650-555-0100` and `+16505550100` match.
fn digits(n: &str) -> String {
    n.chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

/// The party of the call a leg stands for: by its session and party id, else by the number or
/// extension of the side it reached (`to`), else of its `from`.
fn party_of(ctx: &Ctx, leg: &Entry) -> Option<NodeIndex> {
    if let (Some(s), Some(p)) = (&leg.telephony_session_id, &leg.party_id)
        && let (Some(s), Some(p)) = (ctx.store.lookup(s), ctx.store.lookup(p))
        && let Some(n) = ctx.set.party_node(s, p)
        && ctx.call.parties.contains(&n)
    {
        return Some(n);
    }
    let matches = |side: &Party, p: &PartyNode| {
        let number = ctx.store.opt_text(p.identity.number);
        let ext_id = ctx.store.opt_text(p.identity.extension_id);
        if let Some(id) = &side.extension_id
            && ext_id == Some(id.as_str())
        {
            return true;
        }
        if let Some(ext) = &side.extension_number {
            return number == Some(ext.as_str());
        }
        match (&side.phone_number, number) {
            (Some(a), Some(b)) => digits(a) == digits(b),
            _ => false,
        }
    };
    for side in [&leg.to, &leg.from].into_iter().flatten() {
        if side.extension_number.is_none()
            && side.extension_id.is_none()
            && side.phone_number.is_none()
        {
            continue;
        }
        return ctx
            .parties()
            .find(|(_, p)| matches(side, p))
            .map(|(n, _)| n);
    }
    None
}

/// Which leg, in words: "leg 2 (TransferCall, to Chloe Dubois (ext 112))".
fn leg_text(k: usize, leg: &Entry) -> String {
    let kind = leg.leg_type.as_deref().unwrap_or("no legType");
    let to = leg.to.as_ref().map(Party::text);
    match to {
        Some(to) => format!("leg {} ({kind}, to {to})", k + 1),
        None => format!("leg {} ({kind})", k + 1),
    }
}

fn legs(ctx: &Ctx, e: &Entry, out: &mut Vec<Disagreement>) -> usize {
    for (k, leg) in e.legs.iter().enumerate() {
        if party_of(ctx, leg).is_none() {
            out.push(Disagreement {
                kind: DisagreementKind::UnseenLeg,
                text: format!("{}: no party of the events stands for it", leg_text(k, leg)),
                party: None,
                at_ms: leg.start_time.map(|t| ctx.ms(t)),
            });
        }
    }
    e.legs.len()
}

fn is(s: &Option<String>, word: &str) -> bool {
    s.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(word))
}

/// Reads the record as a transfer: its `action`, a leg's `legType` or `action`, or a
/// `transferTarget`/`transferee`.
fn log_transfer(e: &Entry) -> Option<String> {
    let named = |x: &Entry| x.transfer_target.is_some() || x.transferee.is_some();
    if is(&e.action, "Transfer") {
        return Some("its action is \"Transfer\"".into());
    }
    if named(e) {
        return Some("it names a transferTarget or transferee".into());
    }
    e.legs.iter().enumerate().find_map(|(k, l)| {
        (is(&l.leg_type, "TransferCall") || is(&l.action, "Transfer") || named(l))
            .then(|| leg_text(k, l))
    })
}

fn transfer(ctx: &Ctx, e: &Entry, out: &mut Vec<Disagreement>) {
    // The events' transfers: links of either transfer kind.
    let mut events: Vec<(String, NodeIndex, NodeIndex, f64)> = Vec::new();
    for &edge in &ctx.call.links {
        if let Some((a, b, l)) = ctx.set.link(edge)
            && matches!(l.kind.as_str(), "AttendedTransfer" | "BlindTransfer")
        {
            events.push((l.kind.clone(), a, b, ctx.ms(l.at)));
        }
    }
    let said = log_transfer(e);
    match (&said, events.first()) {
        (Some(why), None) => out.push(Disagreement {
            kind: DisagreementKind::Transfer,
            text: format!("the call log records a transfer ({why}); the events show none"),
            party: None,
            at_ms: None,
        }),
        (None, Some((kind, a, _, at))) => out.push(Disagreement {
            kind: DisagreementKind::Transfer,
            text: format!(
                "the events show {} by {}; the call log records no transfer",
                crate::compare::diff::hand_over_name(kind),
                ctx.label(*a)
            ),
            party: Some(*a),
            at_ms: Some(*at),
        }),
        _ => {}
    }
    // A transferTarget or transferee names the other call of the transfer.
    let own = e.telephony_session_id.as_deref();
    let mut named: Vec<&str> = Vec::new();
    for x in std::iter::once(e).chain(&e.legs) {
        for r in [&x.transfer_target, &x.transferee].into_iter().flatten() {
            if let Some(t) = r.telephony_session_id.as_deref()
                && !named.contains(&t)
            {
                named.push(t);
            }
        }
    }
    for t in named {
        let in_call = ctx
            .store
            .lookup(t)
            .and_then(|s| ctx.set.sessions.get(&s))
            .is_some_and(|n| ctx.call.sessions.contains(n));
        if !in_call {
            out.push(Disagreement {
                kind: DisagreementKind::Transfer,
                text: format!(
                    "the call log's transfer names session {t}, which the events do not join to this call"
                ),
                party: None,
                at_ms: None,
            });
        } else if Some(t) != own
            && !events.is_empty()
            && !events.iter().any(|x| x.0 == "AttendedTransfer")
        {
            let (kind, a, _, at) = &events[0];
            out.push(Disagreement {
                kind: DisagreementKind::Transfer,
                text: format!(
                    "the call log's transfer joins another session ({t}), as an attended transfer does; the events show {} by {}",
                    crate::compare::diff::hand_over_name(kind),
                    ctx.label(*a)
                ),
                party: Some(*a),
                at_ms: Some(*at),
            });
        }
    }
    // A TransferCall leg names whom the call went to: the events' transfer should reach them.
    for (k, leg) in e.legs.iter().enumerate() {
        if !is(&leg.leg_type, "TransferCall") || events.is_empty() {
            continue;
        }
        let Some(target) = party_of(ctx, leg) else {
            continue; // reported as a leg the events never showed
        };
        let reached = ctx.call.path.iter().any(|h| {
            h.party == Some(target)
                && matches!(h.via.as_ref(), "AttendedTransfer" | "BlindTransfer")
        });
        if !reached {
            out.push(Disagreement {
                kind: DisagreementKind::Transfer,
                text: format!(
                    "{}: the call log has the call transferred to {}; in the events the transfer reaches {}",
                    leg_text(k, leg),
                    ctx.label(target),
                    transfer_targets(ctx)
                ),
                party: Some(target),
                at_ms: leg.start_time.map(|t| ctx.ms(t)),
            });
        }
    }
}

fn transfer_targets(ctx: &Ctx) -> String {
    let names: Vec<&str> = ctx
        .call
        .path
        .iter()
        .filter(|h| matches!(h.via.as_ref(), "AttendedTransfer" | "BlindTransfer"))
        .map(|h| h.label.as_str())
        .collect();
    if names.is_empty() {
        "no one on the caller's path".into()
    } else {
        names.join(", ")
    }
}

/// What a `result` says happened, in the events' terms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Said {
    Answered,
    NotAnswered,
    Voicemail,
    /// A result this check does not judge (`Hang Up`, `Stopped`, `Unknown`, …).
    Other,
}

fn said(result: &str) -> Said {
    match result.to_ascii_lowercase().as_str() {
        "accepted" | "call connected" | "answered elsewhere" => Said::Answered,
        "missed" | "no answer" | "busy" | "rejected" | "declined" => Said::NotAnswered,
        "voicemail" => Said::Voicemail,
        _ => Said::Other,
    }
}

fn answered(p: &PartyNode) -> bool {
    p.has_state(StatusCode::Answered) || p.has_state(StatusCode::Hold)
}

fn result(ctx: &Ctx, e: &Entry, out: &mut Vec<Disagreement>) {
    let call = ctx.call;
    if let Some(r) = e.result.as_deref() {
        let who = call.answered.map(|n| ctx.label(n));
        let when = call.answered.and_then(|n| ctx.set.party(n)).and_then(|p| {
            p.states
                .iter()
                .find(|s| s.code == StatusCode::Answered)
                .map(|s| s.at)
        });
        let voicemail = ctx
            .parties()
            .any(|(_, p)| p.has_state(StatusCode::VoiceMail));
        let was_answered = matches!(
            call.answer.kind,
            AnswerKind::Observed | AnswerKind::Inferred
        );
        let text = match said(r) {
            Said::Answered if call.answer.kind == AnswerKind::NotAnswered => Some(format!(
                "the call log's result is {r:?}; in the events nobody answered"
            )),
            Said::NotAnswered if was_answered => Some(format!(
                "the call log's result is {r:?}; the events show the call answered by {}",
                who.clone().unwrap_or_else(|| "someone".into())
            )),
            Said::Voicemail if !voicemail => Some(format!(
                "the call log's result is {r:?}; the events show no voicemail{}",
                who.as_ref()
                    .map(|w| format!(" (the call was answered by {w})"))
                    .unwrap_or_default()
            )),
            _ => None,
        };
        if let Some(text) = text {
            out.push(Disagreement {
                kind: DisagreementKind::Result,
                text,
                party: call.answered,
                at_ms: when.map(|t| ctx.ms(t)),
            });
        }
    }
    for (k, leg) in e.legs.iter().enumerate() {
        let (Some(r), Some(n)) = (leg.result.as_deref(), party_of(ctx, leg)) else {
            continue;
        };
        let Some(p) = ctx.set.party(n) else { continue };
        let text = match said(r) {
            Said::Answered if !answered(p) => Some(format!(
                "{}: result {r:?}, but {} never answered in the events",
                leg_text(k, leg),
                p.identity.label
            )),
            Said::NotAnswered if answered(p) => Some(format!(
                "{}: result {r:?}, but {} answered in the events",
                leg_text(k, leg),
                p.identity.label
            )),
            Said::Voicemail if !p.has_state(StatusCode::VoiceMail) => Some(format!(
                "{}: result {r:?}, but {} never went to voicemail in the events",
                leg_text(k, leg),
                p.identity.label
            )),
            _ => None,
        };
        if let Some(text) = text {
            out.push(Disagreement {
                kind: DisagreementKind::Result,
                text,
                party: Some(n),
                at_ms: p.first_at().map(|t| ctx.ms(t)),
            });
        }
    }
}
