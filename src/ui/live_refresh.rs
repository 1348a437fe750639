//! Live rebuilds in the window: when the next one may run (a throttle: at most every
//! [`MIN_INTERVAL`], less often when rebuilding is slow) and how the view follows a rebuilt
//! capture (the selected call stays selected by its id, a newcomer gets the newest call, a zoom
//! stays a zoom and a fitted view stays fitted). It neither reads the channel (`live`) nor builds
//! calls (`Data::append_live` hands that to the engine).

use super::App;
use super::state::{CallView, Selection};
use crate::calls::CallSet;
use crate::store::Store;
use crate::timeline::event_notes;
use std::time::{Duration, Instant};

/// The shortest time between two live rebuilds: a burst is shown in batches, not frame by frame.
pub const MIN_INTERVAL: Duration = Duration::from_millis(150);

/// The longest, however slow rebuilding gets.
pub const MAX_INTERVAL: Duration = Duration::from_secs(2);

/// Decides when the next rebuild may run.
#[derive(Debug, Clone, Default)]
pub struct Throttle {
    last: Option<Instant>,
    interval: Duration,
}

impl Throttle {
    /// How long to wait before the next rebuild; zero: now (the first rebuild never waits).
    pub fn wait(&self, now: Instant) -> Duration {
        match self.last {
            None => Duration::ZERO,
            Some(last) => (last + self.interval).saturating_duration_since(now),
        }
    }

    /// Records a rebuild that ended at `now` and took `cost`. The next one waits
    /// [`MIN_INTERVAL`], or four times the cost when that is longer (rebuilding then takes at
    /// most a fifth of the time), but never more than [`MAX_INTERVAL`].
    pub fn done(&mut self, now: Instant, cost: Duration) {
        self.last = Some(now);
        self.interval = (cost * 4).clamp(MIN_INTERVAL, MAX_INTERVAL);
    }
}

/// Which call to show after a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reselect {
    /// The call that was selected, at its new index (calls are ordered by start, and two calls
    /// may have merged into one).
    Keep(usize),
    /// Nothing was selected, or the selected call was let go: the newest call.
    Newest(usize),
    /// No call yet.
    Nothing,
}

/// Finds the call with id `previous` (any session or party id of it) in the rebuilt set.
pub fn reselect(previous: Option<&str>, store: &Store, set: &CallSet) -> Reselect {
    let kept = previous
        .and_then(|id| set.find(store, id))
        .and_then(|call| set.calls.iter().position(|c| std::ptr::eq(c, call)));
    match (kept, set.calls.len()) {
        (Some(i), _) => Reselect::Keep(i),
        (None, 0) => Reselect::Nothing,
        (None, n) => Reselect::Newest(n - 1),
    }
}

impl App {
    /// The id of the selected call, to find it again after a rebuild.
    pub(super) fn selected_call_id(&self) -> Option<String> {
        let data = self.data.as_ref()?;
        let call = data.set.calls.get(self.view.selected?)?;
        Some(data.store.text(call.id).to_owned())
    }

    /// Puts the view back on the capture after a live rebuild. `rebuilt`: the store let older
    /// batches go, so event ids of the old store mean nothing any more.
    pub(super) fn follow_rebuild(&mut self, previous: Option<&str>, rebuilt: bool) {
        let Some(data) = &self.data else { return };
        self.view.filtered_for = None;
        match reselect(previous, &data.store, &data.set) {
            Reselect::Keep(i) => {
                let old_link = match self.view.selection {
                    Some(Selection::Link(l)) => self
                        .view
                        .call
                        .as_ref()
                        .and_then(|c| c.layout.links.get(l))
                        .and_then(|l| l.event),
                    _ => None,
                };
                self.view.selected = Some(i);
                self.view.call = CallView::build(data, i, self.view_mode());
                let selection = if rebuilt { None } else { self.view.selection };
                self.view.selection = match selection {
                    Some(Selection::Event(e)) => {
                        if let Some(detail) = &mut self.view.detail {
                            detail.notes = event_notes(&data.store, &data.set, e);
                        }
                        Some(Selection::Event(e))
                    }
                    Some(Selection::Link(_)) => self.view.call.as_ref().and_then(|c| {
                        let e = old_link?;
                        let l = c.layout.links.iter().position(|l| l.event == Some(e))?;
                        Some(Selection::Link(l))
                    }),
                    None => None,
                };
                if self.view.selection.is_none() {
                    self.view.detail = None;
                }
                if rebuilt {
                    self.view.cursor_ms = None;
                    self.view.playing = false;
                }
            }
            Reselect::Newest(i) => {
                self.select_call(i);
                self.view.scroll_list_to_selected = true;
            }
            Reselect::Nothing => {
                self.view.selected = None;
                self.view.call = None;
                self.view.selection = None;
                self.view.detail = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest;

    fn sample_lines(name: &str) -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_sessions")
            .join(name);
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    fn build(lines: &[String]) -> (Store, CallSet) {
        let mut store = Store::new();
        ingest::load_bytes(&mut store, "test", lines.join("\n").as_bytes());
        let set = CallSet::build(&store);
        (store, set)
    }

    #[test]
    fn the_throttle_waits_at_least_the_minimum_and_longer_when_rebuilds_are_slow() {
        let t0 = Instant::now();
        let mut throttle = Throttle::default();
        assert_eq!(
            throttle.wait(t0),
            Duration::ZERO,
            "the first batch shows at once"
        );
        throttle.done(t0, Duration::from_millis(2));
        assert_eq!(throttle.wait(t0), MIN_INTERVAL);
        assert!(throttle.wait(t0 + Duration::from_millis(100)) > Duration::ZERO);
        assert_eq!(throttle.wait(t0 + MIN_INTERVAL), Duration::ZERO);
        throttle.done(t0, Duration::from_millis(100));
        assert_eq!(throttle.wait(t0), Duration::from_millis(400));
        throttle.done(t0, Duration::from_secs(5));
        assert_eq!(throttle.wait(t0), MAX_INTERVAL);
    }

    #[test]
    fn the_selected_call_is_found_again_when_a_transfer_joins_two_calls() {
        let lines = sample_lines("warm-transfer.ndjson");
        // Everything but the Gone events that carry the peerId: two separate calls.
        let (apart, joined): (Vec<String>, Vec<String>) =
            lines.iter().cloned().partition(|l| !l.contains("\"Gone\""));
        let (store, set) = build(&apart);
        assert_eq!(set.calls.len(), 2, "the consultation call stands alone");
        // The user picked the consultation call (the later one).
        let consultation = store.text(set.calls[1].id).to_owned();
        assert_eq!(
            reselect(Some(&consultation), &store, &set),
            Reselect::Keep(1)
        );
        let all: Vec<String> = apart.iter().chain(&joined).cloned().collect();
        let (store, set) = build(&all);
        assert_eq!(set.calls.len(), 1, "the Gone events join them");
        assert_eq!(
            reselect(Some(&consultation), &store, &set),
            Reselect::Keep(0)
        );
        assert_ne!(store.text(set.calls[0].id), consultation);
    }

    #[test]
    fn a_call_that_starts_earlier_moves_the_selection_but_keeps_the_call() {
        let mut lines = sample_lines("hold.ndjson");
        let (store, set) = build(&lines);
        let hold = store.text(set.calls[0].id).to_owned();
        // Two real captures from 2020: both start before the hold call.
        lines.extend(sample_lines(
            "csndata_pstn_to_rc_ivr_then_ext_hold_acct_level.ndjson",
        ));
        lines.extend(sample_lines(
            "csndata_rc_to_pstn_outbound_acct_level.ndjson",
        ));
        let (store, set) = build(&lines);
        assert_eq!(set.calls.len(), 3);
        assert_eq!(reselect(Some(&hold), &store, &set), Reselect::Keep(2));
        assert_eq!(store.text(set.calls[2].id), hold);
        // Nothing selected, or a call no longer in view: the newest call.
        assert_eq!(reselect(None, &store, &set), Reselect::Newest(2));
        assert_eq!(
            reselect(Some("s-not-there"), &store, &set),
            Reselect::Newest(2)
        );
        let (store, set) = build(&[]);
        assert_eq!(reselect(Some(&hold), &store, &set), Reselect::Nothing);
    }
}
