//! Call recordings per party (`recordings: [{id, active}]`, §3 of the reference): when each one
//! started, was paused (`active: false`) and resumed, and stopped. Read from the party's events
//! in platform order; an event without the key says nothing, a listed recording missing from a
//! later list has stopped, and every recording stops when its party leaves.

use super::{Call, CallSet};
use crate::store::{Store, Sym};
use jiff::Timestamp;
use petgraph::graph::NodeIndex;

/// One recording of one party's leg.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    pub party: NodeIndex,
    /// The recording's id as written.
    pub id: Sym,
    pub start: Timestamp,
    pub end: Timestamp,
    /// The capture ends while it records (or is paused).
    pub open_end: bool,
    /// Paused stretches (start, end), in order; a pause still on at `end` ends there.
    pub paused: Vec<(Timestamp, Timestamp)>,
}

impl Recording {
    /// What happened to it, for the story and the diagram: "recording 123 started on Dan Ito's
    /// leg at 10:02:05; paused at …; resumed at …; stopped at …."
    pub fn summary(&self, store: &Store, who: &str) -> String {
        let clock = |t: Timestamp| t.strftime("%H:%M:%S").to_string();
        let mut text = format!(
            "recording {} started on {who}'s leg at {}",
            store.text(self.id),
            clock(self.start)
        );
        for &(a, b) in &self.paused {
            text.push_str("; paused at ");
            text.push_str(&clock(a));
            if b < self.end {
                text.push_str("; resumed at ");
                text.push_str(&clock(b));
            }
        }
        if self.open_end {
            text.push_str("; still recording when the capture ends.");
        } else {
            text.push_str("; stopped at ");
            text.push_str(&clock(self.end));
            text.push('.');
        }
        text
    }
}

/// The recordings of a call's parties, party by party, each party's by start.
pub(super) fn fill(store: &Store, set: &CallSet, call: &mut Call) {
    let mut out: Vec<Recording> = Vec::new();
    for &p in &call.parties {
        let Some(party) = set.party(p).filter(|x| x.flags.recordings()) else {
            continue;
        };
        let first = out.len();
        // Recordings of this party still going (index into `out`) and whether paused since.
        let mut going: Vec<(usize, Option<Timestamp>)> = Vec::new();
        for &e in &party.events {
            let event = store.event(e);
            let at = event.at;
            let listed = store
                .extra(&event.party)
                .and_then(|x| x.recordings.as_deref());
            if let Some(list) = listed {
                // Stopped: going but no longer listed.
                going.retain(|&(i, paused)| {
                    let still = list.iter().any(|(id, _)| *id == out[i].id);
                    if !still {
                        close(&mut out[i], paused, at);
                    }
                    still
                });
                for &(id, active) in list {
                    match going.iter_mut().find(|(i, _)| out[*i].id == id) {
                        Some((i, paused)) => match (*paused, active) {
                            (None, false) => *paused = Some(at),
                            (Some(since), true) => {
                                out[*i].paused.push((since, at));
                                *paused = None;
                            }
                            _ => {}
                        },
                        None => {
                            going.push((out.len(), (!active).then_some(at)));
                            out.push(Recording {
                                party: p,
                                id,
                                start: at,
                                end: at,
                                open_end: false,
                                paused: Vec::new(),
                            });
                        }
                    }
                }
            }
            if event.party.code.is_final() {
                for (i, paused) in going.drain(..) {
                    close(&mut out[i], paused, at);
                }
            }
        }
        // The capture ends while these record.
        for (i, paused) in going {
            close(&mut out[i], paused, call.end);
            out[i].open_end = true;
        }
        out[first..].sort_by_key(|r| (r.start, r.id));
    }
    out.shrink_to_fit();
    call.recordings = out;
}

fn close(r: &mut Recording, paused: Option<Timestamp>, at: Timestamp) {
    if let Some(since) = paused {
        r.paused.push((since, at));
    }
    r.end = at;
}

#[cfg(test)]
mod tests {
    use super::super::test_events::{Capture, clock};

    fn read(c: &Capture) -> Vec<String> {
        let (store, set) = c.build();
        set.calls[0]
            .recordings
            .iter()
            .map(|r| {
                let paused: Vec<String> = r
                    .paused
                    .iter()
                    .map(|(a, b)| format!("{}-{}", clock(*a), clock(*b)))
                    .collect();
                format!(
                    "{} {}-{} open={} paused=[{}]",
                    store.text(r.id),
                    clock(r.start),
                    clock(r.end),
                    r.open_end,
                    paused.join(",")
                )
            })
            .collect()
    }

    const ON: &str = r#","recordings":[{"id":"r1","active":true}]"#;
    const OFF: &str = r#","recordings":[{"id":"r1","active":false}]"#;

    #[test]
    fn a_recording_stops_when_its_party_leaves_and_events_without_the_key_change_nothing() {
        let mut c = Capture::default();
        c.ev("ee", 1, 0, "Outbound", "Answered", None, "")
            .ev("ee", 2, 0, "Inbound", "Answered", None, "")
            .ev("ee", 2, 10, "Inbound", "Answered", None, ON)
            .ev("ee", 2, 20, "Inbound", "Hold", None, "")
            .ev("ee", 2, 25, "Inbound", "Answered", None, OFF)
            .ev("ee", 2, 40, "Inbound", "Disconnected", None, "");
        assert_eq!(
            read(&c),
            ["r1 10:00:10-10:00:40 open=false paused=[10:00:25-10:00:40]"]
        );
    }

    #[test]
    fn two_recordings_and_a_capture_that_ends_while_recording() {
        let mut c = Capture::default();
        c.ev("ff", 1, 0, "Outbound", "Answered", None, "")
            .ev("ff", 2, 0, "Inbound", "Answered", None, ON)
            .ev(
                "ff",
                2,
                5,
                "Inbound",
                "Answered",
                None,
                r#","recordings":[{"id":"r1","active":true},{"id":"r2","active":true}]"#,
            )
            .ev(
                "ff",
                2,
                9,
                "Inbound",
                "Answered",
                None,
                r#","recordings":[{"id":"r2","active":true}]"#,
            )
            .ev("ff", 1, 30, "Outbound", "Hold", None, "");
        assert_eq!(
            read(&c),
            [
                "r1 10:00:00-10:00:09 open=false paused=[]",
                "r2 10:00:05-10:00:30 open=true paused=[]"
            ]
        );
    }
}
