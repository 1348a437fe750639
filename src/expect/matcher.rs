//! Matching a call's steps against a flow: the expected steps in order, other steps allowed in
//! between (the rule of Pipecat's YAML tests); `optional`, `count` and `within` per step; a role
//! word is the same person all through the call and two role words are two people. When the
//! call does not follow the flow, the first difference is the step the best attempt could not
//! get past, told with what the call did instead.

use super::facts::{Action, Fact};
use super::flow::{Flow, Step, duration_text};
use super::person::Who;
use super::say::{expected_text, fact_text, time_text};
use jiff::Timestamp;

/// How one expected step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Matched,
    /// Optional and not in the call.
    Skipped,
    /// The first difference.
    Failed,
    /// After the first difference.
    NotReached,
}

/// One expected step and the call's steps it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepResult {
    pub outcome: Outcome,
    /// Indices into the call's facts (one per `count`).
    pub facts: Vec<usize>,
}

/// The first difference between a call and a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Index into the flow's steps.
    pub step: usize,
    /// `step 4: expected an attended transfer to ext 106, got a blind transfer … at 14:03:16`.
    pub message: String,
    /// The call's step the message points at, if any.
    pub fact: Option<usize>,
}

/// A call checked against a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    pub steps: Vec<StepResult>,
    pub mismatch: Option<Mismatch>,
}

/// How many tries the search makes before settling for the best attempt (flows and calls are a
/// few dozen steps; this only bounds a pathological file).
const BUDGET: u32 = 200_000;

struct Search<'a> {
    units: Vec<(usize, &'a Step)>,
    facts: &'a [Fact],
    budget: u32,
    /// The deepest unit no attempt got past, with the attempt's choices and bindings.
    best: Option<(usize, Vec<Option<usize>>, Bindings, Timestamp)>,
}

type Bindings = Vec<(String, String)>;

/// Whether `who` fits `person`, with role words bound consistently; returns the new binding.
fn bind(
    who: &Who,
    key: Option<&str>,
    person_fits: bool,
    b: &Bindings,
) -> Option<Option<(String, String)>> {
    if !person_fits {
        return None;
    }
    let Who::Role(role) = who else {
        return Some(None);
    };
    let key = key?;
    match b.iter().find(|(r, _)| r == role) {
        Some((_, k)) => (k == key).then_some(None),
        None if b.iter().any(|(_, k)| k == key) => None,
        None => Some(Some((role.clone(), key.to_owned()))),
    }
}

/// The bindings a fact adds if it fits the step (kind, who, to), `None` if it does not.
fn fits(step: &Step, fact: &Fact, b: &Bindings) -> Option<Bindings> {
    if fact.action != step.action || (step.kind.is_some() && step.kind != fact.kind) {
        return None;
    }
    let mut added = Vec::new();
    let who = fact.who.as_ref();
    if let Some(n) = bind(
        &step.who,
        who.map(|p| p.key.as_str()),
        step.who.fits(who),
        b,
    )? {
        added.push(n);
    }
    if let Some(to) = &step.to {
        let target = fact.to.as_ref();
        let mut with = b.clone();
        with.extend(added.iter().cloned());
        if let Some(n) = bind(to, target.map(|p| p.key.as_str()), to.fits(target), &with)? {
            added.push(n);
        }
    }
    Some(added)
}

fn too_late(step: &Step, fact: &Fact, last_at: Timestamp) -> bool {
    step.within_ms
        .is_some_and(|w| i64::try_from((fact.at - last_at).as_millis()).unwrap_or(i64::MAX) > w)
}

impl Search<'_> {
    fn go(
        &mut self,
        u: usize,
        pos: usize,
        last_at: Timestamp,
        b: &mut Bindings,
        chosen: &mut Vec<Option<usize>>,
    ) -> bool {
        if u == self.units.len() {
            return true;
        }
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        let step = self.units[u].1;
        for j in pos..self.facts.len() {
            let fact = &self.facts[j];
            let Some(added) = fits(step, fact, b) else {
                continue;
            };
            if too_late(step, fact, last_at) {
                // Facts are in time order: every later one is later still.
                break;
            }
            let keep = b.len();
            b.extend(added);
            chosen.push(Some(j));
            if self.go(u + 1, j + 1, fact.at, b, chosen) {
                return true;
            }
            chosen.pop();
            b.truncate(keep);
        }
        if step.optional {
            chosen.push(None);
            if self.go(u + 1, pos, last_at, b, chosen) {
                return true;
            }
            chosen.pop();
        }
        if self.best.as_ref().is_none_or(|(d, ..)| u > *d) {
            self.best = Some((u, chosen.clone(), b.clone(), last_at));
        }
        false
    }
}

/// Checks a call's facts against a flow; `caller` is the key of the call's caller, which the
/// role `caller` stands for.
pub fn match_flow(flow: &Flow, facts: &[Fact], caller: Option<&str>) -> Matched {
    let units: Vec<(usize, &Step)> = flow
        .steps
        .iter()
        .enumerate()
        .flat_map(|(i, s)| std::iter::repeat_n((i, s), s.count as usize))
        .collect();
    let mut search = Search {
        units,
        facts,
        budget: BUDGET,
        best: None,
    };
    let mut bindings: Bindings = caller
        .map(|k| vec![("caller".to_owned(), k.to_owned())])
        .unwrap_or_default();
    let start = facts.first().map_or(Timestamp::UNIX_EPOCH, |f| f.at);
    let mut chosen = Vec::new();
    let ok = search.go(0, 0, start, &mut bindings, &mut chosen);
    let (failed_unit, chosen, bindings, last_at) = if ok {
        (None, chosen, bindings, start)
    } else {
        match search.best.take() {
            Some((u, c, b, t)) => (Some(u), c, b, t),
            None => (Some(0), Vec::new(), bindings, start),
        }
    };
    let failed_step = failed_unit.and_then(|u| search.units.get(u).map(|(i, _)| *i));
    let mut steps: Vec<StepResult> = flow
        .steps
        .iter()
        .map(|_| StepResult {
            outcome: Outcome::NotReached,
            facts: Vec::new(),
        })
        .collect();
    for (unit, pick) in search.units.iter().zip(&chosen) {
        if let Some(j) = pick {
            steps[unit.0].facts.push(*j);
        }
    }
    for (i, s) in steps.iter_mut().enumerate() {
        s.outcome = match failed_step {
            Some(f) if i == f => Outcome::Failed,
            Some(f) if i > f => Outcome::NotReached,
            _ if s.facts.is_empty() => Outcome::Skipped,
            _ => Outcome::Matched,
        };
    }
    let mismatch = failed_unit.map(|u| {
        let pos = chosen.iter().rev().find_map(|c| *c).map_or(0, |j| j + 1);
        let used: Vec<usize> = chosen.iter().flatten().copied().collect();
        explain(&search.units, u, facts, (pos, &used), last_at, &bindings)
    });
    Matched { steps, mismatch }
}

/// Why unit `u` found nothing from `pos` on.
fn explain(
    units: &[(usize, &Step)],
    u: usize,
    facts: &[Fact],
    (pos, used): (usize, &[usize]),
    last_at: Timestamp,
    b: &Bindings,
) -> Mismatch {
    let (i, step) = units[u];
    let nth = units[..u].iter().filter(|(k, _)| *k == i).count();
    let mut head = format!("step {}", i + 1);
    if step.count > 1 {
        head.push_str(&format!(" ({} of {})", nth + 1, step.count));
    }
    let expected = expected_text(step);
    let after = facts.get(pos..).unwrap_or_default();
    let at = |j: usize| pos + j;
    let found = |msg: String, fact: Option<usize>| Mismatch {
        step: i,
        message: format!("{head}: {msg}"),
        fact,
    };
    // It happened, but too late.
    if let Some(j) = after.iter().position(|f| fits(step, f, b).is_some()) {
        let f = &after[j];
        let took = i64::try_from((f.at - last_at).as_millis()).unwrap_or(0);
        return found(
            format!(
                "expected {expected} within {} of the step before, got it {} after, at {}",
                duration_text(step.within_ms.unwrap_or(0)),
                duration_text(took),
                time_text(f.at)
            ),
            Some(at(j)),
        );
    }
    // Something of the same kind, done differently.
    if let Some(j) = after.iter().position(|f| f.action == step.action) {
        let f = &after[j];
        let mut msg = format!("expected {expected}, got {}", fact_text(f));
        for (who, role) in [(Some(&step.who), "by"), (step.to.as_ref(), "to")] {
            if let Some(Who::Role(r)) = who
                && let Some((_, key)) = b.iter().find(|(x, _)| x == r)
            {
                let named = facts
                    .iter()
                    .flat_map(|f| [f.who.as_ref(), f.to.as_ref()])
                    .flatten()
                    .find(|p| &p.key == key);
                if let Some(p) = named {
                    msg.push_str(&format!(" ({r} is {} in this call; `{role}`)", p.said()));
                }
            }
        }
        return found(msg, Some(at(j)));
    }
    // It happened, but before the step it should follow.
    if let Some(j) = facts[..pos.min(facts.len())]
        .iter()
        .enumerate()
        .position(|(k, f)| !used.contains(&k) && fits(step, f, b).is_some())
    {
        return found(
            format!(
                "expected {expected} after step {}, but it came before, at {}",
                i.max(1),
                time_text(facts[j].at)
            ),
            Some(j),
        );
    }
    let next = after.iter().position(|f| f.action != Action::Call);
    match next {
        Some(j) => found(
            format!(
                "expected {expected}; the call has no such step (it went on with {})",
                fact_text(&after[j])
            ),
            Some(at(j)),
        ),
        None => found(
            format!("expected {expected}; the call has no such step (nothing more happened)"),
            None,
        ),
    }
}
