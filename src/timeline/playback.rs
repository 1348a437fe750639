//! Playback helpers on a layout: each lane's state at a moment, and the next or previous state
//! change for stepping with the arrow keys.

use super::{Layout, Moment};

/// What a lane shows at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaneState {
    /// The party has not appeared yet.
    NotYet,
    /// In a band (index into `Layout::bands`).
    Band(usize),
    /// Left the session (index into `Layout::markers`).
    Ended(usize),
}

impl Layout {
    /// The state of `lane` at `t_ms` (a change at exactly `t_ms` counts as already happened).
    pub fn state_at(&self, lane: usize, t_ms: f64) -> LaneState {
        let marker = self
            .markers
            .iter()
            .enumerate()
            .filter(|(_, m)| m.lane == lane && m.t_ms <= t_ms)
            .max_by(|a, b| a.1.t_ms.total_cmp(&b.1.t_ms))
            .map(|(i, _)| i);
        let band = self
            .bands
            .iter()
            .enumerate()
            .filter(|(_, b)| b.lane == lane && b.t0_ms <= t_ms)
            .max_by(|a, b| a.1.t0_ms.total_cmp(&b.1.t0_ms).then(a.0.cmp(&b.0)))
            .map(|(i, _)| i);
        match (band, marker) {
            (Some(b), Some(m)) if self.bands[b].t0_ms > self.markers[m].t_ms => LaneState::Band(b),
            (_, Some(m)) => LaneState::Ended(m),
            (Some(b), None) => LaneState::Band(b),
            (None, None) => LaneState::NotYet,
        }
    }

    /// The first state change strictly after `t_ms`.
    pub fn next_moment(&self, t_ms: f64) -> Option<Moment> {
        self.moments.iter().copied().find(|m| m.t_ms > t_ms)
    }

    /// The last state change strictly before `t_ms`.
    pub fn prev_moment(&self, t_ms: f64) -> Option<Moment> {
        self.moments.iter().rev().copied().find(|m| m.t_ms < t_ms)
    }

    /// Steps one state change forward or back from the selected event (or from `t_ms` when no
    /// event of this call is selected). Changes at the same instant are visited one by one.
    pub fn step(
        &self,
        from: Option<crate::store::EventId>,
        t_ms: f64,
        forward: bool,
    ) -> Option<Moment> {
        let at = from.and_then(|e| self.moments.iter().position(|m| m.event == e));
        match (at, forward) {
            (Some(i), true) => self.moments.get(i + 1).copied(),
            (Some(i), false) => i.checked_sub(1).and_then(|j| self.moments.get(j).copied()),
            (None, true) => self.next_moment(t_ms),
            (None, false) => self.prev_moment(t_ms),
        }
    }
}
