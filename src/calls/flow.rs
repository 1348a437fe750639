//! A call as a flow between people, for sequence diagrams: one participant per person (their
//! legs in every session joined), a conference bridge as a participant of its own, and the steps
//! between them in time order — who dials whom, who answers, holds, resumes, parks, picks up,
//! transfers, joins the conference and hangs up — read from the conversation segments
//! ([`super::connections`]) and the links; every state change no step tells is a note on its
//! person's lane. Says nothing of drawing (Mermaid and PlantUML writers read it).

use super::{Call, CallSet};
use crate::store::{EventId, Store, Sym};
use jiff::Timestamp;
use petgraph::graph::NodeIndex;
use std::collections::BTreeMap;

/// What a participant is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonKind {
    /// A person, a phone number, a queue or menu: one or more legs of the call.
    Person,
    /// A conference bridge (its session's participant legs).
    Bridge,
    /// The far end of a leg whose other side is not in the capture.
    FarEnd,
}

/// One participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowPerson {
    /// As people read it (a person's first leg's label; "conference bridge" for a bridge).
    pub label: String,
    pub kind: PersonKind,
    /// The party that placed the call is one of its legs.
    pub caller: bool,
    /// Its legs (a bridge's: its conference legs), by first appearance.
    pub parties: Vec<NodeIndex>,
    /// The bridge's session node (a bridge only).
    pub session: Option<NodeIndex>,
}

/// What a step says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Dials,
    /// A queue rings one of its agents.
    Rings,
    Answers,
    /// Picks up a call ringing for someone else.
    PicksUp,
    PicksUpFromPark,
    Holds,
    Resumes,
    Parks,
    TransfersAttended,
    TransfersBlind,
    /// A menu or a queue passes the call on (no reason given: inferred from who came next).
    PassesOn,
    /// Another hand-over (its kind in the detail).
    HandsOn,
    OpensConference,
    JoinsConference,
    Supervises,
    Voicemail,
    HangsUp,
    /// A note over two people: they talk from now on (the writer names them).
    Talking,
    /// A note over the people of a conference and its bridge (the writer names them).
    Conference,
    /// A note on a lane: one of its state changes (the detail says which).
    State,
}

impl Action {
    /// The words of the step (its detail follows in parentheses).
    pub fn words(self) -> &'static str {
        match self {
            Action::Dials => "dials",
            Action::Rings => "rings",
            Action::Answers => "answers",
            Action::PicksUp => "picks up",
            Action::PicksUpFromPark => "picks up from park",
            Action::Holds => "puts on hold",
            Action::Resumes => "resumes (off hold)",
            Action::Parks => "parks the call",
            Action::TransfersAttended => "transfers the call (attended)",
            Action::TransfersBlind => "transfers the call (blind)",
            Action::PassesOn => "passes the call on",
            Action::HandsOn => "hands the call on",
            Action::OpensConference => "opens the conference",
            Action::JoinsConference => "joins the conference",
            Action::Supervises => "listens in (supervises)",
            Action::Voicemail => "voicemail takes the call",
            Action::HangsUp => "hangs up",
            Action::Talking => "talking",
            Action::Conference => "in the conference",
            Action::State => "",
        }
    }
}

/// Where a step is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// An arrow between two different participants.
    Arrow { from: usize, to: usize },
    /// A note over these participants (one for a state, several for who talks together).
    Note { over: Vec<usize> },
}

/// One step of the flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowStep {
    pub at: Timestamp,
    pub shape: Shape,
    pub action: Action,
    /// More words: the code and reason of a state, who was merged, which session, …
    pub detail: Option<String>,
    /// A reading the events do not state (an inferred link or segment).
    pub inferred: bool,
    /// The event behind it, when there is one.
    pub event: Option<EventId>,
    /// The leg it is about, when there is one (notes placed on a lane use it).
    pub party: Option<NodeIndex>,
}

/// The call as participants and steps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flow {
    /// Caller first, then by first step.
    pub people: Vec<FlowPerson>,
    /// By time.
    pub steps: Vec<FlowStep>,
}

impl Flow {
    /// The participant a leg belongs to.
    pub fn person_of(&self, party: NodeIndex) -> Option<usize> {
        self.people.iter().position(|p| p.parties.contains(&party))
    }
}

/// Who a leg is, for "one participant per person".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Extension(Sym),
    Number(Sym),
    Label(String),
    Bridge(NodeIndex),
    FarEnd(String),
}

/// The people of a call while its steps are made.
#[derive(Debug, Default)]
pub(super) struct People {
    pub list: Vec<FlowPerson>,
    by_key: BTreeMap<Key, usize>,
    by_party: BTreeMap<NodeIndex, usize>,
}

impl People {
    /// Every leg of `call` placed with its person (a bridge's conference legs with the bridge).
    pub fn of(set: &CallSet, call: &Call) -> Self {
        let mut out = People::default();
        for &p in call.caller.iter().chain(&call.parties) {
            let Some(party) = set.party(p) else { continue };
            if out.by_party.contains_key(&p) {
                continue;
            }
            let bridge = set.session(party.session).is_some_and(|s| s.bridge);
            let id = &party.identity;
            let (key, kind, label) = if bridge && super::moves::is_conference_leg(&id.label) {
                let key = Key::Bridge(party.session);
                (key, PersonKind::Bridge, "conference bridge".to_owned())
            } else {
                let key = match (id.extension_id, id.number) {
                    (Some(e), _) => Key::Extension(e),
                    (None, Some(n)) => Key::Number(n),
                    (None, None) => Key::Label(id.label.clone()),
                };
                (key, PersonKind::Person, id.label.clone())
            };
            let i = out.add(key, kind, label);
            out.list[i].parties.push(p);
            out.list[i].caller |= call.caller == Some(p);
            if kind == PersonKind::Bridge {
                out.list[i].session = Some(party.session);
            }
            out.by_party.insert(p, i);
        }
        out
    }

    fn add(&mut self, key: Key, kind: PersonKind, label: String) -> usize {
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        self.list.push(FlowPerson {
            label,
            kind,
            caller: false,
            parties: Vec::new(),
            session: None,
        });
        self.by_key.insert(key, self.list.len() - 1);
        self.list.len() - 1
    }

    pub fn of_party(&self, p: NodeIndex) -> Option<usize> {
        self.by_party.get(&p).copied()
    }

    /// The participant of a segment's member: its party's person, or the far end it names.
    pub fn of_member(&mut self, party: Option<NodeIndex>, far_end: Option<&str>) -> Option<usize> {
        match party {
            Some(p) => self.of_party(p),
            None => {
                let label = far_end.unwrap_or("the other end (not in this capture)");
                Some(self.add(
                    Key::FarEnd(label.to_owned()),
                    PersonKind::FarEnd,
                    label.to_owned(),
                ))
            }
        }
    }

    /// The bridge participant of a bridge session, if the call has one.
    pub fn bridge(&self) -> Option<usize> {
        self.list.iter().position(|p| p.kind == PersonKind::Bridge)
    }
}

/// The call as a flow between people.
pub fn flow(store: &Store, set: &CallSet, call: &Call) -> Flow {
    let (people, mut steps) = super::flow_steps::steps(store, set, call);
    steps.sort_by_key(|s| s.at);
    order_people(people.list, steps)
}

/// The caller first, then people by their first step; people without a step are left out.
fn order_people(people: Vec<FlowPerson>, mut steps: Vec<FlowStep>) -> Flow {
    let mut order: Vec<usize> = people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.caller)
        .map(|(i, _)| i)
        .collect();
    for s in &steps {
        let touched = match &s.shape {
            Shape::Arrow { from, to } => vec![*from, *to],
            Shape::Note { over } => over.clone(),
        };
        for i in touched {
            if !order.contains(&i) {
                order.push(i);
            }
        }
    }
    let new_index = |old: usize| order.iter().position(|&o| o == old).unwrap_or(0);
    for s in &mut steps {
        match &mut s.shape {
            Shape::Arrow { from, to } => {
                *from = new_index(*from);
                *to = new_index(*to);
            }
            Shape::Note { over } => {
                for i in over.iter_mut() {
                    *i = new_index(*i);
                }
                over.sort_unstable();
                over.dedup();
            }
        }
    }
    let people = order
        .iter()
        .filter_map(|&i| people.get(i).cloned())
        .collect();
    Flow { people, steps }
}

#[cfg(test)]
mod tests {
    use super::super::test_events::Capture;
    use super::*;

    /// Each step as `from > to: words (detail)` or `[over]: detail`, by participant label.
    fn read(c: &Capture) -> Vec<String> {
        let (store, set) = c.build();
        let f = flow(&store, &set, &set.calls[0]);
        let name = |i: usize| f.people[i].label.clone();
        f.steps
            .iter()
            .map(|s| {
                let what = match &s.detail {
                    Some(d) if s.action == Action::State => d.clone(),
                    Some(d) => format!("{} ({d})", s.action.words()),
                    None => s.action.words().to_owned(),
                };
                match &s.shape {
                    Shape::Arrow { from, to } => format!("{} > {}: {what}", name(*from), name(*to)),
                    Shape::Note { over } => {
                        let over: Vec<String> = over.iter().map(|&i| name(i)).collect();
                        format!("[{}]: {what}", over.join(", "))
                    }
                }
            })
            .collect()
    }

    #[test]
    fn a_far_end_outside_the_capture_is_a_participant_of_its_own() {
        // An extension-level view: only the callee's leg, which names its caller in `from`.
        let mut c = Capture::default();
        c.ev("aa", 2, 0, "Inbound", "Proceeding", None, "")
            .ev("aa", 2, 5, "Inbound", "Answered", None, "")
            .ev("aa", 2, 65, "Inbound", "Disconnected", None, "");
        let got = read(&c);
        let (store, set) = c.build();
        let f = flow(&store, &set, &set.calls[0]);
        assert_eq!(f.people.len(), 2, "{got:?}");
        let kind = |k: PersonKind| f.people.iter().find(|p| p.kind == k).map(|p| &p.label);
        let (Some(far), Some(me)) = (kind(PersonKind::FarEnd), kind(PersonKind::Person)) else {
            panic!("{:?}", f.people);
        };
        assert_eq!(
            got,
            [
                format!("{far} > {me}: dials"),
                format!("{me} > {far}: answers"),
                format!("{me} > {far}: hangs up"),
            ]
        );
        // Nobody's Setup is in the capture: the dial is read from the leg's direction; and who
        // is at the other end is read from the leg's `from`, so every arrow says inferred.
        assert!(f.steps.iter().all(|s| s.inferred), "{:?}", f.steps);
    }

    #[test]
    fn a_caller_who_gives_up_on_hold_hangs_up_on_the_holder() {
        let mut c = Capture::default();
        c.ev("bb", 1, 0, "Outbound", "Setup", None, "")
            .ev("bb", 2, 0, "Inbound", "Proceeding", None, "")
            .ev("bb", 2, 10, "Inbound", "Answered", None, "")
            .ev("bb", 1, 10, "Outbound", "Answered", None, "")
            .ev("bb", 2, 30, "Inbound", "Hold", None, "")
            .ev("bb", 1, 50, "Outbound", "Disconnected", None, "")
            .ev("bb", 2, 50, "Inbound", "Disconnected", None, "");
        let got = read(&c);
        assert_eq!(got.len(), 5, "{got:?}");
        let callee_hold = got[2].split_once(" > ").map(|(a, _)| a.to_owned()).unwrap();
        assert!(got[2].ends_with("puts on hold"), "{got:?}");
        assert!(
            got[3].ends_with(&format!("> {callee_hold}: hangs up")),
            "{got:?}"
        );
        assert!(
            got[4].starts_with(&format!("[{callee_hold}]: Disconnected")),
            "{got:?}"
        );
    }
}
