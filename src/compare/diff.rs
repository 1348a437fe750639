//! What differs between two calls: legs one has and the other lacks, hand-overs of another kind
//! (attended or blind transfer, switch, flip, pickup, …), states that differ, a matched role
//! held by someone else, timings apart by more than a threshold, and a different outcome.
//! Pure reading of two built calls; both sides may come from different captures.

use super::legs::{Leg, LegRole, Side, Step, legs, ms_since, since_text, span_text};
use super::matching::{Pair, pair_legs, pair_sessions, session_kinds};
use crate::calls::AnswerKind;
use petgraph::graph::NodeIndex;
use std::collections::BTreeMap;

/// How two calls are compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiffOptions {
    /// Timings further apart than this are a difference.
    pub threshold_ms: f64,
    /// Compare who holds each role (numbers); off: legs are matched by role only.
    pub people: bool,
    /// Times are compared from the calls' starts, or from one matched step ([`CallDiff::anchors`]).
    pub align: Align,
}

/// What the two time axes are aligned on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Start,
    /// The anchor with this index.
    Step(usize),
}

/// Default timing threshold: a person answering or pressing a key varies by a few seconds.
pub const DEFAULT_THRESHOLD_MS: f64 = 5_000.0;

impl Default for DiffOptions {
    fn default() -> Self {
        Self {
            threshold_ms: DEFAULT_THRESHOLD_MS,
            people: true,
            align: Align::Start,
        }
    }
}

/// The kind of a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FindingKind {
    /// A session one call has and the other does not.
    Session,
    /// A leg of the first call that the second lacks.
    MissingLeg,
    /// A leg of the second call that the first lacks.
    ExtraLeg,
    /// A hand-over of another kind, or one only one call has.
    HandOver,
    /// A matched leg went through other states.
    States,
    /// A matched role is held by another number.
    Person,
    /// A step happened earlier or later by more than the threshold.
    Timing,
    /// The calls ended differently (answered or not, voicemail, missed, …).
    Outcome,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Session => "session",
            FindingKind::MissingLeg => "missing leg",
            FindingKind::ExtraLeg => "extra leg",
            FindingKind::HandOver => "hand-over",
            FindingKind::States => "states",
            FindingKind::Person => "person",
            FindingKind::Timing => "timing",
            FindingKind::Outcome => "outcome",
        }
    }

    /// Differences of the call's shape (not who or when).
    pub fn structural(self) -> bool {
        !matches!(self, FindingKind::Person | FindingKind::Timing)
    }
}

/// One difference, with the legs and times it is about on each side (ms since each call's
/// start), so a view can mark it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    pub text: String,
    pub a: Option<NodeIndex>,
    pub b: Option<NodeIndex>,
    pub a_ms: Option<f64>,
    pub b_ms: Option<f64>,
}

/// Two legs taken to play the same part.
#[derive(Debug, Clone, PartialEq)]
pub struct LegPair {
    pub a: Option<NodeIndex>,
    pub b: Option<NodeIndex>,
    pub role: LegRole,
    pub a_label: Option<String>,
    pub b_label: Option<String>,
}

/// A step both calls have, which the time axes can be aligned on.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    pub label: String,
    pub a_ms: f64,
    pub b_ms: f64,
}

/// The comparison of two calls.
#[derive(Debug, Clone, PartialEq)]
pub struct CallDiff {
    pub pairs: Vec<LegPair>,
    pub findings: Vec<Finding>,
    /// Steps of matched legs that both calls went through, by time in the first call.
    pub anchors: Vec<Anchor>,
    /// How much later the second call's aligned step is (ms): b time − shift lines up with a.
    pub shift_ms: f64,
}

impl CallDiff {
    pub fn same(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Compares call `b` with call `a` (the reference).
pub fn diff(a: Side, b: Side, opts: &DiffOptions) -> CallDiff {
    let la = legs(a);
    let lb = legs(b);
    let sessions = pair_sessions(
        &session_kinds(&la, a.call.sessions.len()),
        &session_kinds(&lb, b.call.sessions.len()),
    );
    let pairs = pair_legs(&la, &lb, &sessions);
    let anchors = anchors(&la, &lb, &pairs);
    let (anchor_a, anchor_b) = match opts.align {
        Align::Step(i) => anchors.get(i).map_or((0.0, 0.0), |x| (x.a_ms, x.b_ms)),
        Align::Start => (0.0, 0.0),
    };
    let mut f = Vec::new();
    sessions_found(a, b, &sessions, &mut f);
    for p in &pairs {
        match (p.a.map(|i| &la[i]), p.b.map(|j| &lb[j])) {
            (Some(x), Some(y)) => {
                if opts.people {
                    person(x, y, &mut f);
                }
                if states(x, y, &mut f) {
                    timing(x, y, (anchor_a, anchor_b), opts.threshold_ms, &mut f);
                }
            }
            (Some(x), None) => f.push(alone(FindingKind::MissingLeg, x, true)),
            (None, Some(y)) => f.push(alone(FindingKind::ExtraLeg, y, false)),
            (None, None) => {}
        }
    }
    hand_overs(a, b, &mut f);
    outcome(a, b, &mut f);
    let dur_a = ms_since(a.call.start, a.call.end) - anchor_a;
    let dur_b = ms_since(b.call.start, b.call.end) - anchor_b;
    if (dur_a - dur_b).abs() > opts.threshold_ms {
        f.push(Finding {
            kind: FindingKind::Timing,
            text: format!(
                "the call ends at {} in A, at {} in B ({} {})",
                since_text(dur_a),
                since_text(dur_b),
                span_text(dur_b - dur_a),
                if dur_b > dur_a { "later" } else { "earlier" }
            ),
            a: None,
            b: None,
            a_ms: Some(dur_a + anchor_a),
            b_ms: Some(dur_b + anchor_b),
        });
    }
    // Shape first, then who and when; each kind in the order found.
    f.sort_by_key(|x| (!x.kind.structural(), x.kind));
    let pairs = pairs
        .iter()
        .map(|p| {
            let x = p.a.map(|i| &la[i]);
            let y = p.b.map(|j| &lb[j]);
            LegPair {
                a: x.map(|l| l.party),
                b: y.map(|l| l.party),
                role: x.or(y).map_or(LegRole::Other, |l| l.role),
                a_label: x.map(|l| l.label.clone()),
                b_label: y.map(|l| l.label.clone()),
            }
        })
        .collect();
    CallDiff {
        pairs,
        findings: f,
        anchors,
        shift_ms: anchor_b - anchor_a,
    }
}

fn anchors(la: &[Leg], lb: &[Leg], pairs: &[Pair]) -> Vec<Anchor> {
    let mut out = Vec::new();
    for p in pairs {
        let (Some(x), Some(y)) = (p.a.map(|i| &la[i]), p.b.map(|j| &lb[j])) else {
            continue;
        };
        for (sa, sb) in x.steps.iter().zip(&y.steps) {
            if !sa.same_state(sb) {
                break;
            }
            out.push(Anchor {
                label: format!("{} ({}): {}", x.label, x.role.text(), sa.text()),
                a_ms: sa.t_ms,
                b_ms: sb.t_ms,
            });
        }
    }
    out.sort_by(|x, y| x.a_ms.total_cmp(&y.a_ms));
    out
}

fn who(l: &Leg) -> String {
    format!("{} ({})", l.label, l.role.text())
}

fn alone(kind: FindingKind, l: &Leg, in_a: bool) -> Finding {
    let (has, lacks) = if in_a { ("A", "B") } else { ("B", "A") };
    let first = l.steps.first().map(|s| s.t_ms);
    Finding {
        kind,
        text: format!(
            "{has} has a leg {lacks} does not: {} in session {}, {}",
            who(l),
            l.session + 1,
            l.steps
                .iter()
                .map(Step::text)
                .collect::<Vec<_>>()
                .join(" → ")
        ),
        a: in_a.then_some(l.party),
        b: (!in_a).then_some(l.party),
        a_ms: if in_a { first } else { None },
        b_ms: if in_a { None } else { first },
    }
}

fn sessions_found(a: Side, b: Side, map: &[Option<usize>], f: &mut Vec<Finding>) {
    let (na, nb) = (a.call.sessions.len(), b.call.sessions.len());
    if na == nb {
        return;
    }
    let missing = map.iter().filter(|m| m.is_none()).count();
    f.push(Finding {
        kind: FindingKind::Session,
        text: format!(
            "A has {na} session{}, B has {nb}{}",
            if na == 1 { "" } else { "s" },
            if missing > 0 {
                format!(" ({missing} of A's without a counterpart)")
            } else {
                String::new()
            }
        ),
        a: None,
        b: None,
        a_ms: None,
        b_ms: None,
    });
}

fn person(x: &Leg, y: &Leg, f: &mut Vec<Finding>) {
    if let (Some(na), Some(nb)) = (&x.number, &y.number)
        && na != nb
    {
        f.push(Finding {
            kind: FindingKind::Person,
            text: format!(
                "{} is {} in A, {} in B",
                capital(&x.role.text()),
                x.label,
                y.label
            ),
            a: Some(x.party),
            b: Some(y.party),
            a_ms: x.steps.first().map(|s| s.t_ms),
            b_ms: y.steps.first().map(|s| s.t_ms),
        });
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Reports a difference of states; says whether the states are the same.
fn states(x: &Leg, y: &Leg, f: &mut Vec<Finding>) -> bool {
    let first_diff =
        (0..x.steps.len().max(y.steps.len())).find(|&k| match (x.steps.get(k), y.steps.get(k)) {
            (Some(s), Some(t)) => !s.same_state(t),
            _ => true,
        });
    let Some(k) = first_diff else { return true };
    let seq = |l: &Leg| {
        l.steps
            .iter()
            .map(Step::text)
            .collect::<Vec<_>>()
            .join(" → ")
    };
    let at = |l: &Leg| l.steps.get(k).or(l.steps.last()).map(|s| s.t_ms);
    let step = |l: &Leg| l.steps.get(k).map_or("nothing".to_owned(), Step::text);
    f.push(Finding {
        kind: FindingKind::States,
        text: format!(
            "{}: step {} is {} in A, {} in B (A: {}; B: {})",
            who(x),
            k + 1,
            step(x),
            step(y),
            seq(x),
            seq(y)
        ),
        a: Some(x.party),
        b: Some(y.party),
        a_ms: at(x),
        b_ms: at(y),
    });
    false
}

/// The first step of a leg apart by more than the threshold (later ones usually follow it).
fn timing(x: &Leg, y: &Leg, (aa, ab): (f64, f64), threshold: f64, f: &mut Vec<Finding>) {
    let late: Vec<(&Step, &Step)> = x
        .steps
        .iter()
        .zip(&y.steps)
        .filter(|(s, t)| ((t.t_ms - ab) - (s.t_ms - aa)).abs() > threshold)
        .collect();
    let Some((s, t)) = late.first() else { return };
    let d = (t.t_ms - ab) - (s.t_ms - aa);
    let more = late.len() - 1;
    f.push(Finding {
        kind: FindingKind::Timing,
        text: format!(
            "{}: {} at {} in A, at {} in B ({} {}){}",
            who(x),
            s.text(),
            since_text(s.t_ms - aa),
            since_text(t.t_ms - ab),
            span_text(d),
            if d > 0.0 { "later" } else { "earlier" },
            match more {
                0 => String::new(),
                1 => "; 1 later step of this leg too".into(),
                n => format!("; {n} later steps of this leg too"),
            }
        ),
        a: Some(x.party),
        b: Some(y.party),
        a_ms: Some(s.t_ms),
        b_ms: Some(t.t_ms),
    });
}

/// A hand-over kind as people say it.
pub fn hand_over_name(kind: &str) -> String {
    match kind {
        "call" => "the call itself".into(),
        "routed" => "routing inside the session".into(),
        "AttendedTransfer" => "an attended transfer".into(),
        "BlindTransfer" => "a blind transfer".into(),
        "CallSwitch" => "a call switch".into(),
        "CallFlip" => "a call flip".into(),
        "Pickup" => "a pickup".into(),
        "Conference" => "a conference merge".into(),
        "Supervising" => "a supervisor joining".into(),
        "AgentAnswered" => "another agent answering".into(),
        other => format!("a hand-over ({other})"),
    }
}

fn hand_overs(a: Side, b: Side, f: &mut Vec<Finding>) {
    let hops = |s: Side| -> Vec<(String, String, Option<NodeIndex>, Option<f64>)> {
        s.call
            .path
            .iter()
            .map(|h| {
                let at = h
                    .party
                    .and_then(|p| s.set.party(p))
                    .and_then(|p| p.first_at())
                    .map(|t| ms_since(s.call.start, t));
                (h.via.to_string(), h.label.clone(), h.party, at)
            })
            .collect()
    };
    let (ha, hb) = (hops(a), hops(b));
    let mut reported: Vec<(String, String)> = Vec::new();
    for k in 0..ha.len().max(hb.len()) {
        let (x, y) = (ha.get(k), hb.get(k));
        let text = match (x, y) {
            (Some(x), Some(y)) if x.0 == y.0 => continue,
            (Some(x), Some(y)) => format!(
                "stop {} of the caller's path is reached by {} in A ({}), by {} in B ({})",
                k + 1,
                hand_over_name(&x.0),
                x.1,
                hand_over_name(&y.0),
                y.1
            ),
            (Some(x), None) => format!(
                "A's path goes on by {} to {}; B's path ends before",
                hand_over_name(&x.0),
                x.1
            ),
            (None, Some(y)) => format!(
                "B's path goes on by {} to {}; A's path ends before",
                hand_over_name(&y.0),
                y.1
            ),
            (None, None) => continue,
        };
        reported.push((
            x.map_or(String::new(), |x| x.0.clone()),
            y.map_or(String::new(), |y| y.0.clone()),
        ));
        f.push(Finding {
            kind: FindingKind::HandOver,
            text,
            a: x.and_then(|x| x.2),
            b: y.and_then(|y| y.2),
            a_ms: x.and_then(|x| x.3),
            b_ms: y.and_then(|y| y.3),
        });
    }
    // Links off the path (conference merges, supervisors, fan-outs): counted by kind.
    let kinds = |s: Side| {
        let mut m: BTreeMap<String, (usize, Option<f64>)> = BTreeMap::new();
        for &e in &s.call.links {
            if let Some((_, _, l)) = s.set.link(e) {
                let entry = m.entry(l.kind.clone()).or_insert((0, None));
                entry.0 += 1;
                entry.1.get_or_insert(ms_since(s.call.start, l.at));
            }
        }
        m
    };
    let (ka, kb) = (kinds(a), kinds(b));
    let names: std::collections::BTreeSet<&String> = ka.keys().chain(kb.keys()).collect();
    for kind in names {
        let (ca, ta) = ka.get(kind).copied().unwrap_or((0, None));
        let (cb, tb) = kb.get(kind).copied().unwrap_or((0, None));
        let on_path = reported.iter().any(|(x, y)| x == kind || y == kind);
        if ca == cb || on_path {
            continue;
        }
        f.push(Finding {
            kind: FindingKind::HandOver,
            text: format!(
                "{} link{} in A, {cb} in B ({})",
                ca,
                if ca == 1 { "" } else { "s" },
                hand_over_name(kind)
            ),
            a: None,
            b: None,
            a_ms: ta,
            b_ms: tb,
        });
    }
}

fn outcome(a: Side, b: Side, f: &mut Vec<Finding>) {
    let answered = |s: Side| {
        matches!(
            s.call.answer.kind,
            AnswerKind::Observed | AnswerKind::Inferred
        )
    };
    let label = |s: Side| {
        s.call
            .answered
            .and_then(|p| s.set.party(p))
            .map(|p| p.identity.label.clone())
    };
    let say = |s: Side| match s.call.answer.kind {
        AnswerKind::Observed | AnswerKind::Inferred => {
            format!(
                "answered by {}",
                label(s).unwrap_or_else(|| "someone".into())
            )
        }
        AnswerKind::NotAnswered => "not answered".into(),
        AnswerKind::NotSeen => "whether anyone answered is not seen".into(),
    };
    if answered(a) != answered(b) || a.call.answer.kind != b.call.answer.kind {
        if answered(a) && answered(b) {
            // Observed and inferred: the same outcome.
        } else {
            f.push(Finding {
                kind: FindingKind::Outcome,
                text: format!("the call is {} in A, {} in B", say(a), say(b)),
                a: a.call.answered,
                b: b.call.answered,
                a_ms: None,
                b_ms: None,
            });
        }
    }
    let ba: Vec<&str> = a.call.badges.names().collect();
    let bb: Vec<&str> = b.call.badges.names().collect();
    for name in [
        "voicemail",
        "missed",
        "park",
        "conference",
        "supervise",
        "queue",
        "transfer",
    ] {
        let (x, y) = (ba.contains(&name), bb.contains(&name));
        if x != y {
            f.push(Finding {
                kind: FindingKind::Outcome,
                text: if x {
                    format!("A's call is marked {name}, B's is not")
                } else {
                    format!("B's call is marked {name}, A's is not")
                },
                a: None,
                b: None,
                a_ms: None,
                b_ms: None,
            });
        }
    }
}
