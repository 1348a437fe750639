//! Expected flows: the steps of a rebuilt call ([`facts`]), a flow file that says which steps a
//! call should go through ([`flow`]), and the check of calls against it ([`matcher`]) with the
//! first difference in words ([`say`]). Read by `callflow expect` and the window's check view;
//! reads only the engine's calls, never notifications.

mod duration;
pub mod facts;
pub mod flow;
mod load;
pub mod matcher;
pub mod person;
pub mod say;
pub mod write;

pub use facts::{Action, Fact, TransferKind, facts};
pub use flow::{Flow, FlowError, Step, parse_flow};
pub use load::load_flow;
pub use matcher::{Matched, Mismatch, Outcome, StepResult, match_flow};
pub use person::{Person, Who};
pub use write::{NameBy, SaveOptions, flow_of, write_flow};

use crate::calls::CallSet;
use crate::store::Store;

/// One call checked against a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallCheck {
    /// Index into the call set's calls.
    pub call: usize,
    /// The call's id (its first telephonySessionId).
    pub id: String,
    pub summary: String,
    /// The call's steps, in time order.
    pub facts: Vec<Fact>,
    pub result: Matched,
}

impl CallCheck {
    pub fn passed(&self) -> bool {
        self.result.mismatch.is_none()
    }
}

/// The calls of a capture checked against a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureCheck {
    pub calls: Vec<CallCheck>,
    /// The flow's `calls: N`.
    pub expected_calls: Option<u32>,
}

impl CaptureCheck {
    /// How many calls follow the flow.
    pub fn matching(&self) -> usize {
        self.calls.iter().filter(|c| c.passed()).count()
    }

    /// With `calls: N`, exactly N calls follow the flow; without, every call does (and there is
    /// at least one).
    pub fn passed(&self) -> bool {
        match self.expected_calls {
            Some(n) => self.matching() == n as usize,
            None => !self.calls.is_empty() && self.calls.iter().all(CallCheck::passed),
        }
    }

    /// What is wrong with the number of calls, if anything.
    pub fn count_problem(&self) -> Option<String> {
        let got = self.matching();
        match self.expected_calls {
            Some(n) if got != n as usize => Some(format!(
                "expected {n} call{} following the flow, found {got} (of {} in the capture)",
                if n == 1 { "" } else { "s" },
                self.calls.len()
            )),
            None if self.calls.is_empty() => Some("the capture holds no call".into()),
            _ => None,
        }
    }
}

/// Checks call `i` of the set against `flow`.
pub fn check_call(store: &Store, set: &CallSet, i: usize, flow: &Flow) -> Option<CallCheck> {
    let call = set.calls.get(i)?;
    let facts = facts::facts(store, set, call);
    let caller = call
        .caller
        .and_then(|c| Person::of(store, set, c))
        .map(|p| p.key);
    let result = match_flow(flow, &facts, caller.as_deref());
    Some(CallCheck {
        call: i,
        id: store.text(call.id).to_owned(),
        summary: call.summary.clone(),
        facts,
        result,
    })
}

/// Checks the chosen calls (all when `calls` is empty) against `flow`.
pub fn check_capture(store: &Store, set: &CallSet, flow: &Flow, calls: &[usize]) -> CaptureCheck {
    let all: Vec<usize> = if calls.is_empty() {
        (0..set.calls.len()).collect()
    } else {
        calls.to_vec()
    };
    CaptureCheck {
        calls: all
            .into_iter()
            .filter_map(|i| check_call(store, set, i, flow))
            .collect(),
        expected_calls: flow.calls,
    }
}
