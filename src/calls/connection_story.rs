//! One story sentence per conversation segment ([`super::connections`]): who talked to whom,
//! who waited on hold or in a queue, who listened in, from when to when. Ringing is left to the
//! state sentences ("… is ringing", "… answered"), which already say it.

use super::connections::{Connection, ConnectionEvidence, ConnectionKind, Member, Role};
use super::{Call, CallSet};
use jiff::Timestamp;

/// The sentence of a segment (the story puts its time before it), or `None` for those the state
/// sentences already tell.
pub(super) fn sentence(
    set: &CallSet,
    call: &Call,
    seg: &Connection<'_>,
    members: &[Member],
) -> Option<String> {
    let name = |m: &Member| -> String {
        match m.party.and_then(|p| set.party(p)) {
            Some(_) if m.party == call.caller => call.caller_label.clone(),
            Some(p) => p.identity.label.clone(),
            None => seg.far_end.unwrap_or("the other end").to_owned(),
        }
    };
    let with = |role: Role| -> Vec<String> {
        members
            .iter()
            .filter(|m| m.role == role)
            .map(name)
            .collect()
    };
    // "from 10:02:05 to 10:04:40 (2 min 35 s; a note)".
    let span = |note: &str| {
        let open = if seg.open_end {
            "; the capture ends before it does"
        } else {
            ""
        };
        format!(
            "from {} to {} ({}{note}{open})",
            clock(seg.start),
            clock(seg.end),
            super::story_edges::duration_text(seg.end - seg.start)
        )
    };
    let joined = match seg.evidence {
        ConnectionEvidence::PeerId => "; across sessions joined by peerId",
        _ => "",
    };
    let text = match seg.kind {
        ConnectionKind::Ringing => return None,
        ConnectionKind::Talk => {
            let all: Vec<String> = members.iter().map(name).collect();
            let note = match seg.evidence {
                ConnectionEvidence::Inferred if seg.far_end.is_some() => {
                    "; inferred: the other end is not in this capture".to_owned()
                }
                ConnectionEvidence::Inferred => {
                    let machines: Vec<String> = members
                        .iter()
                        .filter(|m| m.party != call.caller)
                        .map(name)
                        .collect();
                    format!(
                        "; inferred: {} never answered, so it played a menu or greeting",
                        list(&machines)
                    )
                }
                _ => format!("{joined}{}", consult_note(set, call, seg, members, &name)),
            };
            format!("{} talked {}", list(&all), span(&note))
        }
        ConnectionKind::Conference => {
            let all: Vec<String> = members.iter().map(name).collect();
            let note = format!(", {} people{joined}", all.len());
            format!("{} were in the conference {}", list(&all), span(&note))
        }
        ConnectionKind::Supervise => {
            let sup = list(&with(Role::Supervising));
            let on = list(&with(Role::Supervised));
            match seg.evidence {
                ConnectionEvidence::Inferred => format!(
                    "{sup} supervised {on} {} ",
                    span(
                        "; listening, or barge/whisper: the supervisor's mute state changed, \
                         which the platform does not explain; inferred"
                    )
                ),
                _ => format!("{sup} listened in (supervising) on {on} {}", span("")),
            }
        }
        ConnectionKind::Hold => {
            let waiting = with(Role::Waiting);
            if waiting.is_empty() {
                format!(
                    "{} had the call on hold {}",
                    list(&with(Role::Holding)),
                    span("")
                )
            } else {
                format!("{} waited on hold {}", list(&waiting), span(joined))
            }
        }
        ConnectionKind::Parked => {
            format!("{} waited parked {}", list(&with(Role::Waiting)), span(""))
        }
        ConnectionKind::Queue => format!(
            "{} waited in {} {}",
            list(&with(Role::Waiting)),
            list(&with(Role::Queue)),
            span("")
        ),
        ConnectionKind::VoiceMail => format!(
            "{} left a message with {}'s voicemail {}",
            list(&with(Role::Talking)),
            list(&with(Role::Voicemail)),
            span("")
        ),
    };
    Some(format!("{}.", text.trim_end()))
}

/// The sentence of a recording (the story puts its start time before it).
pub(super) fn recording_sentence(
    store: &crate::store::Store,
    set: &CallSet,
    r: &super::Recording,
) -> String {
    let who = set
        .party(r.party)
        .map_or("a party", |p| p.identity.label.as_str());
    r.summary(store, who)
}

/// "; a consultation while X waited on hold": a talk of someone who has the caller on hold (or
/// parked) in another of their legs at the same time.
fn consult_note(
    set: &CallSet,
    call: &Call,
    seg: &Connection<'_>,
    members: &[Member],
    name: &dyn Fn(&Member) -> String,
) -> String {
    let person = |m: &Member| {
        m.party
            .and_then(|p| set.party(p))
            .and_then(|p| p.identity.extension_id)
    };
    let talkers: Vec<_> = members.iter().filter_map(person).collect();
    for (other, others) in call.connections.iter() {
        let overlaps = other.start < seg.end && seg.start < other.end;
        if !overlaps || !matches!(other.kind, ConnectionKind::Hold | ConnectionKind::Parked) {
            continue;
        }
        let holder = others
            .iter()
            .filter(|m| matches!(m.role, Role::Holding | Role::Parking))
            .filter_map(person)
            .any(|x| talkers.contains(&x));
        let waiting: Vec<String> = others
            .iter()
            .filter(|m| m.role == Role::Waiting)
            .map(name)
            .collect();
        if holder && !waiting.is_empty() {
            return format!("; a consultation while {} waited", list(&waiting));
        }
    }
    String::new()
}

fn clock(t: Timestamp) -> String {
    t.strftime("%H:%M:%S").to_string()
}

/// "A", "A and B", "A, B and C".
fn list(names: &[String]) -> String {
    match names {
        [] => "nobody".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::list;

    #[test]
    fn names_are_listed_as_people_write_them() {
        let n = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(list(&n(&["A"])), "A");
        assert_eq!(list(&n(&["A", "B"])), "A and B");
        assert_eq!(list(&n(&["A", "B", "C"])), "A, B and C");
    }
}
