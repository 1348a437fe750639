//! Steps in words, for reports: an expected step (`an attended transfer to ext 106`), a step of
//! the call (`a blind transfer by ext 111 (Mateo Silva) to ext 107 at 14:03:16`) and times.

use super::facts::{Action, Fact};
use super::flow::Step;
use super::person::{Person, Who};
use jiff::Timestamp;

/// `14:03:16` (UTC, as the rest of callflow prints times).
pub fn time_text(at: Timestamp) -> String {
    at.strftime("%H:%M:%S").to_string()
}

/// What a step expects, as the object of "expected …".
pub fn expected_text(step: &Step) -> String {
    let who = step.who.said();
    match step.action {
        Action::Call => format!("a call placed by {who}"),
        Action::Ring => format!("{who} to ring"),
        Action::Answer => format!("{who} to answer"),
        Action::Hold => format!("{who} to put the call on hold"),
        Action::Resume => format!("{who} to take the call off hold"),
        Action::Transfer => {
            let mut s = step
                .kind
                .map_or("a transfer of any kind", |k| k.said())
                .to_owned();
            if step.who != Who::Any {
                s.push_str(&format!(" by {who}"));
            }
            if let Some(to) = step.to.as_ref().filter(|t| **t != Who::Any) {
                s.push_str(&format!(" to {}", to.said()));
            }
            s
        }
        Action::Conference => format!("{who} to join a conference"),
        Action::Park => format!("{who} to park the call"),
        Action::Pickup => format!("{who} to pick the call up"),
        Action::Voicemail => format!("the call to go to the voicemail of {who}"),
        Action::Hangup => format!("{who} to hang up"),
    }
}

/// A step as a short title, for lists: `answer: ext 111`, `transfer attended by … to …`.
pub fn step_title(step: &Step) -> String {
    let mut s = match step.action {
        Action::Transfer => format!(
            "{} transfer by {} to {}",
            step.kind.map_or("any", |k| k.key()),
            step.who.written(),
            step.to.as_ref().map_or("*".into(), |t| t.written())
        ),
        a => format!("{}: {}", a.key(), step.who.written()),
    };
    if step.count > 1 {
        s.push_str(&format!(" ×{}", step.count));
    }
    if let Some(ms) = step.within_ms {
        s.push_str(&format!(" (within {})", super::flow::duration_text(ms)));
    }
    if step.optional {
        s.push_str(" (optional)");
    }
    s
}

fn person(p: Option<&Person>) -> String {
    p.map_or_else(|| "someone not in the capture".into(), Person::said)
}

/// What the call did, with its time: `ext 111 (Mateo Silva) answered at 20:26:50`.
pub fn fact_text(f: &Fact) -> String {
    let who = person(f.who.as_ref());
    let what = match f.action {
        Action::Call => format!("{who} placed the call"),
        Action::Ring => format!("{who} rang"),
        Action::Answer => format!("{who} answered"),
        Action::Hold => format!("{who} put the call on hold"),
        Action::Resume => format!("{who} took the call off hold"),
        Action::Transfer => format!(
            "{} by {who} to {}",
            f.kind.map_or("a transfer", |k| k.said()),
            person(f.to.as_ref())
        ),
        Action::Conference => format!("{who} joined a conference"),
        Action::Park => format!("{who} parked the call"),
        Action::Pickup => format!("{who} picked the call up"),
        Action::Voicemail => format!("the call went to the voicemail of {who}"),
        Action::Hangup => format!("{who} hung up"),
    };
    format!("{what} at {}", time_text(f.at))
}
